#pragma once

#include <string>
#include <vector>

namespace heapline {

// One leak suppression in LeakSanitizer's form ("leak:PATTERN"), as heaptrack reads them: the
// pattern is matched against every frame's function, file and module of a callsite's stack; "*"
// matches anything, "^" and "$" anchor, otherwise it is a substring.
struct Suppression {
    std::string pattern;
    std::string origin; // "built-in", "embedded in the recording", or "FILE:LINE"
};
bool operator==(const Suppression& a, const Suppression& b);

// Where suppressions come from: a user's files, the ones the recording carries (a program's
// __lsan_default_suppressions, copied by heaptrack), and heaptrack's built-in list of known
// system-library leaks. heaptrack_print applies the last two unless told not to; so do we.
struct SuppressionSettings {
    std::vector<Suppression> fromFiles;
    bool embedded = true;
    bool builtin = true;
    friend bool operator==(const SuppressionSettings&, const SuppressionSettings&) = default;
};

} // namespace heapline
