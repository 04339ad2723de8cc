#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace heapline {

// What a frame is to the question "where did this grow?".
enum class FrameRole {
    Plumbing, // the allocator itself: malloc, operator new, std::allocator<T>::allocate, PyObject_Malloc …
    System, // standard library, libc, the Python interpreter's own C code, system headers and libraries
    User, // everything else: the code a user can change
};

// The rules that tell plumbing and system frames from the user's own, as data: a list of glob
// patterns (fnmatch, '*' matches anything) on a frame's function, file or module. The defaults
// cover C, C++ (libstdc++), glibc and CPython; users add their own rules from a file or the
// command line, in the same syntax as `defaultRuleText()`:
//
//   plumbing function operator new*
//   system   file     /usr/include/*
//   system   module   */libpython3*
class FrameRules {
public:
    static FrameRules defaults();
    static std::string_view defaultRuleText();

    // One rule, "ROLE FIELD PATTERN". Returns false (and says why) on a malformed rule.
    bool addRule(std::string_view rule, std::string* error = nullptr);
    // Rules from text, one per line; blank lines and lines starting with '#' are skipped.
    bool addRules(std::string_view text, std::string* error = nullptr);
    bool loadFile(const std::string& path, std::string* error = nullptr);

    FrameRole classify(std::string_view function, std::string_view file, std::string_view module) const;
    size_t size() const { return m_rules.size(); }

    // classify() taken apart, so that a caller with many frames matches each distinct string
    // once: the roles (a bit per FrameRole) with a rule on `field` that matches `text`, and the
    // role those of a frame's three fields give.
    enum class Field { Function, File, Module };
    unsigned rolesMatching(Field field, std::string_view text) const;
    static FrameRole roleOf(unsigned functionRoles, unsigned fileRoles, unsigned moduleRoles);

private:
    struct Rule {
        FrameRole role;
        Field field;
        std::string pattern;
    };

    std::vector<Rule> m_rules;
};

} // namespace heapline
