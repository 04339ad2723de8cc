#include "Suppressions.h"

#include <algorithm>
#include <fstream>
#include <functional>
#include <limits>
#include <memory>

namespace heapline {

bool operator==(const Suppression& a, const Suppression& b)
{
    return a.pattern == b.pattern && a.origin == b.origin;
}

namespace {

std::string_view trimmed(std::string_view s)
{
    const auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; };
    while (!s.empty() && isSpace(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back()))
        s.remove_suffix(1);
    return s;
}

// LeakSanitizer's template match (sanitizer_common's TemplateMatch), which heaptrack uses: the
// template's pieces between '*' must appear in order; '^' anchors the first at the start, '$'
// the last at the end.
bool templateMatch(std::string_view templ, std::string_view text)
{
    if (text.empty())
        return false;
    bool anchored = false;
    if (!templ.empty() && templ.front() == '^') {
        anchored = true;
        templ.remove_prefix(1);
    }
    bool afterAsterisk = false;
    size_t at = 0;
    while (!templ.empty()) {
        if (templ.front() == '*') {
            templ.remove_prefix(1);
            anchored = false;
            afterAsterisk = true;
            continue;
        }
        if (templ.front() == '$')
            return at == text.size() || afterAsterisk;
        if (at == text.size())
            return false;
        const size_t pieceEnd = std::min(templ.find('*'), templ.find('$'));
        const std::string_view piece = templ.substr(0, pieceEnd);
        const size_t found = text.find(piece, at);
        if (found == std::string_view::npos)
            return false;
        if (anchored && found != at)
            return false;
        at = found + piece.size();
        templ.remove_prefix(std::min(pieceEnd, templ.size()));
        anchored = false;
        afterAsterisk = false;
    }
    return true;
}

// A rule's pattern, to be matched against every string of a profile. One with no '*', '^' or '$'
// (heaptrack's built-in ones) is a substring, looked for with Boyer-Moore-Horspool: with
// string_view::find, each '_' of a C++ name began a compare with "__nss_module_allocate" (the
// string pass of heaptrack_gui.99529: 3 441 strings, 7 rules, 0.7 ms after the load).
class PatternMatcher {
public:
    explicit PatternMatcher(std::string_view pattern)
        : m_pattern(pattern)
        , m_substring(!pattern.empty() && pattern.find_first_of("*^$") == std::string_view::npos)
        , m_searcher(pattern.begin(), pattern.end())
    {
    }
    bool matches(std::string_view text) const
    {
        if (!m_substring)
            return matchesSuppression(m_pattern, text);
        return std::search(text.begin(), text.end(), m_searcher) != text.end();
    }

private:
    std::string_view m_pattern;
    bool m_substring;
    std::boyer_moore_horspool_searcher<std::string_view::const_iterator> m_searcher;
};

} // namespace

bool matchesSuppression(std::string_view pattern, std::string_view text)
{
    return pattern == text || templateMatch(pattern, text);
}

std::optional<std::string> parseSuppressionLine(std::string_view line)
{
    line = trimmed(line);
    if (line.empty() || line.front() == '#')
        return std::string();
    if (!line.starts_with("leak:"))
        return std::nullopt;
    return std::string(trimmed(line.substr(5)));
}

bool readSuppressionFile(const std::string& path, std::vector<Suppression>& out, std::string& error)
{
    std::ifstream in(path);
    if (!in) {
        error = path + ": cannot open the suppression file";
        return false;
    }
    std::string line;
    for (size_t number = 1; std::getline(in, line); ++number) {
        const auto pattern = parseSuppressionLine(line);
        if (!pattern) {
            error = path + ":" + std::to_string(number) + ": expected 'leak:PATTERN' or a '#' comment, found '"
                + std::string(trimmed(line).substr(0, 60)) + "'";
            return false;
        }
        if (!pattern->empty())
            out.push_back({ *pattern, path + ":" + std::to_string(number) });
    }
    return true;
}

std::vector<Suppression> builtinSuppressions()
{
    // heaptrack's list: allocations that system libraries make once and keep for the process's
    // life, which every program would otherwise "leak".
    std::vector<Suppression> rules;
    for (const char* pattern : { "__nss_module_allocate", "__gconv_read_conf", "__new_exitfn", "tzset_internal",
                                 "dl_open_worker", "g_main_context_new", "g_thread_self" })
        rules.push_back({ pattern, "built-in" });
    return rules;
}

std::vector<Suppression> suppressionRules(const Profile& profile, const SuppressionSettings& settings)
{
    std::vector<Suppression> rules = settings.fromFiles;
    if (settings.embedded)
        for (const auto& pattern : profile.info().embeddedSuppressions)
            rules.push_back({ pattern, "embedded in the recording" });
    if (settings.builtin)
        for (auto& rule : builtinSuppressions())
            rules.push_back(std::move(rule));
    return rules;
}

std::shared_ptr<const SuppressedCallsites> suppressedCallsites(
    const Profile& profile, const SuppressionSettings& settings)
{
    if (profile.m_suppressedAtLoad.valid() && profile.m_suppressedAtLoadFor == settings)
        return profile.m_suppressedAtLoad.get();
    return std::make_shared<const SuppressedCallsites>(profile, suppressionRules(profile, settings));
}

SuppressedCallsites::SuppressedCallsites(const Profile& profile, std::vector<Suppression> rules)
    : m_rules(std::move(rules))
{
    if (m_rules.empty())
        return;
    // Each string once against every rule, then each frame, then each stack node from its
    // parent (parents come first): one pass over each table, whatever the number of callsites.
    const StringTable& strings = profile.strings();
    std::vector<PatternMatcher> matchers;
    matchers.reserve(m_rules.size());
    for (const Suppression& rule : m_rules)
        matchers.emplace_back(rule.pattern);
    std::vector<uint32_t> byString(strings.size(), None);
    bool anyString = false;
    for (size_t s = 1; s < strings.size(); ++s) {
        const std::string_view text = strings.view(StringId { static_cast<uint32_t>(s) });
        for (size_t r = 0; r < matchers.size(); ++r) {
            if (matchers[r].matches(text)) {
                byString[s] = static_cast<uint32_t>(r);
                anyString = true;
                break;
            }
        }
    }
    if (!anyString)
        return;
    const auto ofString = [&](StringId id) { return id.value < byString.size() ? byString[id.value] : None; };
    const FrameTable& frames = profile.frames();
    std::vector<uint32_t> byFrame(frames.size(), None);
    for (size_t f = 0; f < frames.size(); ++f) {
        const Frame& frame = frames[FrameId { static_cast<uint32_t>(f) }];
        // heaptrack's order: the module, then the function, then the file.
        for (StringId id : { frame.module, frame.function, frame.file }) {
            if (const uint32_t r = ofString(id); r != None) {
                byFrame[f] = r;
                break;
            }
        }
    }
    if (m_rules.size() < UINT8_MAX)
        assignByNode<uint8_t>(profile, byFrame);
    else
        assignByNode<uint32_t>(profile, byFrame);
}

// The rule of each callsite from the rule of each stack node: a node's parent's, else its
// frame's. The node table (a byte per node where the rules are few: a million nodes' table is
// then 1 MB, not 4) is written in full, so not zeroed first; both tables are faulted in at once
// (PodVector), not a page at a time as they are written.
template <typename Index>
void SuppressedCallsites::assignByNode(const Profile& profile, const std::vector<uint32_t>& byFrame)
{
    constexpr Index NoRule = std::numeric_limits<Index>::max();
    // Every table through a local pointer: a byte written through byNode may alias anything, and
    // the loops had reloaded each table's address from its owner after every write. cc1plus: 1.5
    // -> 1.15 ms (perf samples, median of 8), run after the load while the other core is idle.
    const uint32_t* const frameRule = byFrame.data();
    const size_t frameCount = byFrame.size();
    const auto ofFrame = [frameRule, frameCount](FrameId f) {
        return f.value < frameCount && frameRule[f.value] != None ? static_cast<Index>(frameRule[f.value]) : NoRule;
    };
    const StackTree& stacks = profile.stacks();
    const size_t nodeCount = stacks.size();
    PodVector<Index> byNode;
    byNode.resizeUninitialized(nodeCount);
    Index* const nodeRule = byNode.data();
    nodeRule[0] = NoRule;
    const StackTree::Node* const nodes = &stacks[NodeId { 0 }];
    for (size_t n = 1; n < nodeCount; ++n) {
        const StackTree::Node& node = nodes[n];
        const Index inherited = nodeRule[node.parent.value];
        nodeRule[n] = inherited != NoRule ? inherited : ofFrame(node.frame);
    }
    const size_t callsiteCount = profile.callsiteCount();
    m_rule.clear();
    m_rule.resize(callsiteCount, None);
    uint32_t* const callsiteRule = m_rule.data();
    size_t count = 0;
    for (size_t c = 0; c < callsiteCount; ++c) {
        const Index rule = nodeRule[profile.callsiteNode(CallsiteId { static_cast<uint32_t>(c) }).value];
        if (rule != NoRule) {
            callsiteRule[c] = rule;
            ++count;
        }
    }
    m_count = count;
}

std::vector<SuppressedCallsites::Use> SuppressedCallsites::usesAt(const Profile& profile, size_t k) const
{
    std::vector<Use> uses(m_rules.size());
    if (!any())
        return uses;
    for (size_t c = 0; c < m_rule.size(); ++c)
        if (m_rule[c] != None)
            ++uses[m_rule[c]].callsites;
    profile.checkpoints().addLiveAt(k, [&](CallsiteId c, int64_t bytes, int64_t) {
        if (contains(c))
            uses[m_rule[c.value]].bytes += bytes;
    });
    return uses;
}

int64_t SuppressedCallsites::bytesAt(const Profile& profile, size_t k) const
{
    int64_t total = 0;
    for (const Use& use : usesAt(profile, k))
        total += use.bytes;
    return total;
}

} // namespace heapline
