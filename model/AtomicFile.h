#pragma once

#include <string>
#include <string_view>

namespace heapline {

// Writes `content` to `path` as a whole or not at all: into a temporary file beside it, flushed
// to disk, then renamed over the target. A reader never sees half a report. On failure returns
// false with the reason (naming the file) in `error`, and leaves any earlier file untouched.
bool writeFileAtomically(const std::string& path, std::string_view content, std::string& error);

// Whether two paths name the same existing file (a report must never overwrite its input).
bool sameFile(const std::string& a, const std::string& b);

} // namespace heapline
