#pragma once

#include <string>
#include <string_view>

namespace heapline {

// Itanium C++ ABI names (`_Z…`) demangled with abi::__cxa_demangle, and Rust's (v0 `_R…`, and
// the legacy `_ZN…17h<hash>E`) with libiberty's demangler; anything else, or a name neither can
// demangle, comes back unchanged. A legacy Rust name that has been through abi::__cxa_demangle
// already (as heaptrack writes them: "svc::main::h14579a3a277124ac") is finished. A gfortran
// module procedure ("__store_MOD_keep") reads as gdb shows it: "store::keep".
std::string demangle(std::string_view name);
// Whether demangle() may change `name`.
bool looksMangled(std::string_view name);
// A demangled C++ name longer than `longest`, its template arguments and parameters folded:
// "std::_Rb_tree_iterator<…> std::_Rb_tree<…>::_M_insert_unique<…>(…)" for 400 characters of
// std::pair and std::allocator that wrapped the Summary's list over five lines. Operators
// (operator<<, operator()), "(anonymous namespace)" and empty parameter lists stay as they are;
// a name whose brackets do not balance, or no longer than `longest`, comes back unchanged.
std::string compactCxxName(std::string_view name, size_t longest = 60);

} // namespace heapline
