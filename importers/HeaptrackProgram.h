#pragma once

#include "model/ProfileBuilder.h"

#include <string>

namespace heapline {

// What a heaptrack recording's frames tell of the program, for the first screen's native
// findings: whether it is Go's (ProfileInfo::goRuntime) and the files of the modules it ran
// (ProfileInfo::moduleFiles). Read by the heaptrack reader, and by the Heapline reader for a
// file converted from heaptrack's format; `recordingPath` is the file being read.
void describeHeaptrackProgram(ProfileBuilder& builder, const std::string& recordingPath);

} // namespace heapline
