#pragma once

#include "PodVector.h"
#include "Profile.h"
#include "SuppressionSettings.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace heapline {

bool matchesSuppression(std::string_view pattern, std::string_view text);
// The pattern of a "leak:PATTERN" line; empty for a blank line or a comment; nullopt when the line
// is neither.
std::optional<std::string> parseSuppressionLine(std::string_view line);
// Reads a suppression file. False with "FILE:LINE: what was expected" in `error`.
bool readSuppressionFile(const std::string& path, std::vector<Suppression>& out, std::string& error);
std::vector<Suppression> builtinSuppressions();
// Every rule that applies to `profile` under `settings`, files first (the first match names the rule).
std::vector<Suppression> suppressionRules(const Profile& profile, const SuppressionSettings& settings);

class SuppressedCallsites;
// The callsites `settings` suppress in `profile`: the ones made while it loaded where they were
// asked for the same settings (BuilderOptions::suppressions), else made now.
std::shared_ptr<const SuppressedCallsites> suppressedCallsites(
    const Profile& profile, const SuppressionSettings& settings);

// Which callsites of a profile a list of suppressions covers: the first rule matching any frame
// of the callsite's stack.
class SuppressedCallsites {
public:
    SuppressedCallsites(const Profile& profile, std::vector<Suppression> rules);

    const std::vector<Suppression>& rules() const { return m_rules; }
    bool any() const { return m_count > 0; }
    size_t count() const { return m_count; }
    bool contains(CallsiteId c) const { return c.value < m_rule.size() && m_rule[c.value] != None; }
    std::optional<size_t> rule(CallsiteId c) const
    {
        return contains(c) ? std::optional<size_t>(m_rule[c.value]) : std::nullopt;
    }

    // What each rule covers at checkpoint k: callsites and live bytes (heaptrack_print's
    // "matches" and "leaked" at the end of the run).
    struct Use {
        size_t callsites = 0;
        int64_t bytes = 0;
    };
    std::vector<Use> usesAt(const Profile& profile, size_t k) const;
    // Live bytes of the suppressed callsites at checkpoint k.
    int64_t bytesAt(const Profile& profile, size_t k) const;

private:
    static constexpr uint32_t None = UINT32_MAX;
    template <typename Index>
    void assignByNode(const Profile& profile, const std::vector<uint32_t>& byFrame);
    std::vector<Suppression> m_rules;
    PodVector<uint32_t> m_rule; // by callsite
    size_t m_count = 0;
};

} // namespace heapline
