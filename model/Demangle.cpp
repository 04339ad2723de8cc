#include "Demangle.h"

#include <cstdlib>
#include <cxxabi.h>
#include <libiberty/demangle.h>
#include <memory>
#include <utility>

namespace heapline {

namespace {

using Demangled = std::unique_ptr<char, decltype(&std::free)>;

constexpr std::string_view LegacyHashMark = "::h";
constexpr size_t LegacyHashDigits = 16;

bool isLegacyHash(std::string_view digits)
{
    if (digits.size() != LegacyHashDigits)
        return false;
    for (const char c : digits)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}

// heaptrack writes a legacy Rust symbol as abi::__cxa_demangle leaves it, say
// "alloc::vec::Vec$LT$T$C$A$GT$::push::hf376ef9209451111": still escaped, still hashed. Its parts
// are the symbol's, so it is mangled again ("_ZN5alloc3vec…17hf376ef9209451111E") for libiberty.
std::string remangledLegacyRust(std::string_view name)
{
    if (name.size() <= LegacyHashDigits + LegacyHashMark.size())
        return {};
    const size_t mark = name.size() - LegacyHashDigits - LegacyHashMark.size(); // where "::h" begins
    if (name.substr(mark, LegacyHashMark.size()) != LegacyHashMark || !isLegacyHash(name.substr(mark + LegacyHashMark.size())))
        return {};
    std::string mangled = "_ZN";
    for (size_t start = 0; start <= mark;) {
        size_t end = name.find("::", start);
        if (end == std::string_view::npos || end > mark)
            end = name.size();
        const auto part = name.substr(start, end - start);
        if (part.empty())
            return {};
        // What a legacy symbol's part may hold: anything else was escaped ("$LT$", "..").
        for (const char c : part)
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$'
                    || c == '.'))
                return {};
        mangled += std::to_string(part.size());
        mangled += part;
        start = end + 2;
    }
    mangled += "17h";
    mangled += name.substr(mark + LegacyHashMark.size());
    mangled += 'E';
    return mangled;
}

// A legacy Rust symbol is an Itanium nested name whose last part is its hash, "17h" and 16 hex
// digits. abi::__cxa_demangle reads it as C++ and leaves "::h0123456789abcdef" and escapes such
// as "$u7b$" ('{') and "$LT$" ('<') in the name; libiberty knows the scheme and drops the hash.
bool looksLegacyRust(std::string_view name)
{
    constexpr size_t tail = 3 + LegacyHashDigits + 1; // "17h", the digits, the nested name's 'E'
    return name.starts_with("_ZN") && name.size() > 3 + tail && name.substr(name.size() - tail, 3) == "17h"
        && name.back() == 'E' && isLegacyHash(name.substr(name.size() - 1 - LegacyHashDigits, LegacyHashDigits));
}

constexpr std::string_view FortranPrefix = "__";
constexpr std::string_view FortranModuleMark = "_MOD_";

bool isFortranIdentifier(std::string_view part)
{
    if (part.empty() || !((part[0] >= 'a' && part[0] <= 'z') || (part[0] >= 'A' && part[0] <= 'Z')))
        return false;
    for (const char c : part)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    return true;
}

// gfortran names a module's procedure "__<module>_MOD_<procedure>" ("__store_MOD_keep"), which
// gdb shows as store::keep; the module's name comes back empty where the name is not one.
std::pair<std::string_view, std::string_view> fortranModuleProcedure(std::string_view name)
{
    if (!name.starts_with(FortranPrefix))
        return {};
    const size_t mark = name.find(FortranModuleMark, FortranPrefix.size());
    if (mark == std::string_view::npos)
        return {};
    const auto module = name.substr(FortranPrefix.size(), mark - FortranPrefix.size());
    const auto procedure = name.substr(mark + FortranModuleMark.size());
    if (!isFortranIdentifier(module) || !isFortranIdentifier(procedure))
        return {};
    return { module, procedure };
}

} // namespace

bool looksMangled(std::string_view name)
{
    if (name.size() > 2 && name[0] == '_' && (name[1] == 'Z' || name[1] == 'R'))
        return true;
    if (!fortranModuleProcedure(name).first.empty())
        return true;
    const size_t tail = LegacyHashMark.size() + LegacyHashDigits;
    return name.size() > tail && name.substr(name.size() - tail, LegacyHashMark.size()) == LegacyHashMark
        && isLegacyHash(name.substr(name.size() - LegacyHashDigits));
}

std::string demangle(std::string_view name)
{
    if (!looksMangled(name))
        return std::string(name);
    if (const auto [module, procedure] = fortranModuleProcedure(name); !module.empty())
        return std::string(module) + "::" + std::string(procedure);
    if (name[0] != '_' || (name[1] != 'Z' && name[1] != 'R')) {
        const std::string mangled = remangledLegacyRust(name);
        Demangled rust(mangled.empty() ? nullptr : rust_demangle(mangled.c_str(), DMGL_PARAMS | DMGL_ANSI), &std::free);
        return rust ? std::string(rust.get()) : std::string(name);
    }
    const std::string terminated(name);
    if (name[1] == 'R' || looksLegacyRust(name)) {
        Demangled rust(rust_demangle(terminated.c_str(), DMGL_PARAMS | DMGL_ANSI), &std::free);
        if (rust)
            return rust.get();
        if (name[1] == 'R')
            return terminated;
    }
    int status = 0;
    Demangled demangled(abi::__cxa_demangle(terminated.c_str(), nullptr, nullptr, &status), &std::free);
    if (status != 0 || !demangled)
        return terminated;
    return demangled.get();
}

std::string compactCxxName(std::string_view name, size_t longest)
{
    if (name.size() <= longest)
        return std::string(name);
    static constexpr std::string_view Anonymous = "(anonymous namespace)";
    static constexpr std::string_view OperatorSymbols = "<>=!+-*/%^&|~,";
    std::string out;
    out.reserve(longest);
    int angle = 0, paren = 0;
    for (size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        const bool top = angle == 0 && paren == 0;
        if (top && name.substr(i).starts_with("operator")) {
            // The operator's own symbols are no brackets: operator<<, operator(), operator->.
            size_t end = i + 8;
            if (name.substr(end).starts_with("()") || name.substr(end).starts_with("[]"))
                end += 2;
            else
                while (end < name.size() && end < i + 11 && OperatorSymbols.find(name[end]) != std::string_view::npos)
                    ++end;
            out += name.substr(i, end - i);
            i = end - 1;
            continue;
        }
        if (top && name.substr(i).starts_with(Anonymous)) {
            out += Anonymous;
            i += Anonymous.size() - 1;
            continue;
        }
        if (c == '<' && paren == 0) {
            if (angle++ == 0)
                out += "<…";
        } else if (c == '>' && paren == 0 && angle > 0) {
            if (--angle == 0)
                out += '>';
        } else if (c == '(' && angle == 0) {
            if (paren == 0 && i + 1 < name.size() && name[i + 1] == ')') {
                out += "()";
                ++i;
            } else if (paren++ == 0) {
                out += "(…";
            }
        } else if (c == ')' && angle == 0 && paren > 0) {
            if (--paren == 0)
                out += ')';
        } else if (top) {
            out += c;
        }
    }
    if (angle != 0 || paren != 0)
        return std::string(name);
    return out;
}

} // namespace heapline
