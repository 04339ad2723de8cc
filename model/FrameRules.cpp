#include "FrameRules.h"

#include <fnmatch.h>
#include <fstream>
#include <sstream>

namespace heapline {

FrameRules FrameRules::defaults()
{
    FrameRules rules;
    rules.addRules(defaultRuleText());
    return rules;
}

bool FrameRules::addRule(std::string_view rule, std::string* error)
{
    const auto fail = [&](const std::string& why) {
        if (error)
            *error = "frame rule \"" + std::string(rule) + "\": " + why;
        return false;
    };
    std::istringstream in { std::string(rule) };
    std::string role, field;
    in >> role >> field;
    std::string pattern;
    std::getline(in >> std::ws, pattern);
    while (!pattern.empty() && (pattern.back() == ' ' || pattern.back() == '\r'))
        pattern.pop_back();
    Rule parsed;
    if (role == "plumbing")
        parsed.role = FrameRole::Plumbing;
    else if (role == "system")
        parsed.role = FrameRole::System;
    else if (role == "user")
        parsed.role = FrameRole::User;
    else
        return fail("expected plumbing, system or user first");
    if (field == "function")
        parsed.field = Field::Function;
    else if (field == "file")
        parsed.field = Field::File;
    else if (field == "module")
        parsed.field = Field::Module;
    else
        return fail("expected function, file or module second");
    if (pattern.empty())
        return fail("no pattern");
    parsed.pattern = pattern;
    // A user's "user" rule overrides the defaults: it is tried before them.
    if (parsed.role == FrameRole::User)
        m_rules.insert(m_rules.begin(), std::move(parsed));
    else
        m_rules.push_back(std::move(parsed));
    return true;
}

bool FrameRules::addRules(std::string_view text, std::string* error)
{
    size_t start = 0;
    while (start <= text.size()) {
        const auto end = text.find('\n', start);
        auto line = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t'))
            line.remove_prefix(1);
        if (!line.empty() && line.front() != '#' && line.find_first_not_of(" \t\r") != std::string_view::npos) {
            if (!addRule(line, error))
                return false;
        }
        if (end == std::string_view::npos)
            break;
        start = end + 1;
    }
    return true;
}

bool FrameRules::loadFile(const std::string& path, std::string* error)
{
    std::ifstream in(path);
    if (!in) {
        if (error)
            *error = path + ": cannot be read";
        return false;
    }
    std::stringstream text;
    text << in.rdbuf();
    std::string why;
    if (!addRules(text.str(), &why)) {
        if (error)
            *error = path + ": " + why;
        return false;
    }
    return true;
}

FrameRole FrameRules::classify(std::string_view function, std::string_view file, std::string_view module) const
{
    return roleOf(rolesMatching(Field::Function, function), rolesMatching(Field::File, file),
        rolesMatching(Field::Module, module));
}

unsigned FrameRules::rolesMatching(Field field, std::string_view text) const
{
    unsigned roles = 0;
    if (text.empty())
        return roles;
    const std::string terminated(text);
    for (const auto& rule : m_rules) {
        const unsigned bit = 1u << static_cast<unsigned>(rule.role);
        if (rule.field == field && !(roles & bit) && ::fnmatch(rule.pattern.c_str(), terminated.c_str(), 0) == 0)
            roles |= bit;
    }
    return roles;
}

FrameRole FrameRules::roleOf(unsigned functionRoles, unsigned fileRoles, unsigned moduleRoles)
{
    // User rules come first; then plumbing wins over system (operator new is both).
    const unsigned roles = functionRoles | fileRoles | moduleRoles;
    for (const FrameRole role : { FrameRole::User, FrameRole::Plumbing, FrameRole::System })
        if (roles & (1u << static_cast<unsigned>(role)))
            return role;
    return FrameRole::User;
}

} // namespace heapline
