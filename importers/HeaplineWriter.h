#pragma once

#include "model/Profile.h"

#include <functional>
#include <string>

namespace heapline {

// Writes any profile in Heapline's own format (HEAPLINE_FORMAT.md): its strings, frames and
// stacks, then one snapshot per checkpoint with the changes since the previous one — the model
// as it stands, so that a multi-GB heaptrack file opens again in a fraction of the time.
// A path ending in .zst is compressed. Written atomically (model/AtomicFile.h). `progress` gets
// the fraction done and returns false to cancel. `producer` names what converted a profile of
// another format; a Heapline profile keeps its own producer line.
bool writeHeaplineProfile(const Profile& profile, const std::string& path, const std::string& producer, std::string& error,
                          const std::function<bool(double)>& progress = {});

// The file `in`, byte for byte, compressed with zstd into `out` (atomically): a recording the
// recorder wrote as text, kept as it was written.
bool compressFile(const std::string& in, const std::string& out, std::string& error);

} // namespace heapline
