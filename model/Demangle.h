#pragma once

#include <string>
#include <string_view>

namespace heapline {

// Itanium C++ ABI names (`_Z…`) demangled with abi::__cxa_demangle; anything else, or a name
// the runtime cannot demangle, comes back unchanged.
std::string demangle(std::string_view name);
bool looksMangled(std::string_view name);

} // namespace heapline
