#include "Demangle.h"

#include <cstdlib>
#include <cxxabi.h>
#include <memory>

namespace heapline {

bool looksMangled(std::string_view name)
{
    return name.size() > 2 && name[0] == '_' && name[1] == 'Z';
}

std::string demangle(std::string_view name)
{
    if (!looksMangled(name))
        return std::string(name);
    const std::string terminated(name);
    int status = 0;
    std::unique_ptr<char, decltype(&std::free)> demangled(
        abi::__cxa_demangle(terminated.c_str(), nullptr, nullptr, &status), &std::free);
    if (status != 0 || !demangled)
        return terminated;
    return demangled.get();
}

} // namespace heapline
