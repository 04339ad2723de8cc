#pragma once

#include <string>
#include <string_view>

namespace heapline {

// Itanium C++ ABI names (`_Z…`) demangled with abi::__cxa_demangle, and Rust's (v0 `_R…`, and
// the legacy `_ZN…17h<hash>E`) with libiberty's demangler; anything else, or a name neither can
// demangle, comes back unchanged. A legacy Rust name that has been through abi::__cxa_demangle
// already (as heaptrack writes them: "svc::main::h14579a3a277124ac") is finished.
std::string demangle(std::string_view name);
// Whether demangle() may change `name`.
bool looksMangled(std::string_view name);

} // namespace heapline
