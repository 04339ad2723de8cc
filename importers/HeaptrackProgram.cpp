#include "HeaptrackProgram.h"

#include <algorithm>
#include <filesystem>
#include <vector>

namespace heapline {

namespace {

std::vector<ProfileInfo::ModuleFile> moduleFiles(ProfileBuilder& builder, const std::string& recordingPath)
{
    // Read where the profile is opened: a file that is gone or was replaced since (a library
    // upgraded, newer than the recording) is left out.
    std::error_code error;
    const auto recorded = std::filesystem::last_write_time(recordingPath, error);
    const bool recordedKnown = !error;
    std::vector<bool> seen;
    std::vector<ProfileInfo::ModuleFile> files;
    FrameTable& frames = builder.frames();
    for (size_t i = 0; i < frames.size(); ++i) {
        const StringId module = frames[FrameId { static_cast<uint32_t>(i) }].module;
        if (module.value >= seen.size())
            seen.resize(module.value + 1, false);
        if (seen[module.value])
            continue;
        seen[module.value] = true;
        const std::string_view path = builder.strings().view(module);
        if (!path.starts_with('/') || path.find("libheaptrack") != std::string_view::npos)
            continue;
        const std::filesystem::path file(path);
        if (!std::filesystem::is_regular_file(file, error) || error)
            continue;
        const auto size = std::filesystem::file_size(file, error);
        if (error)
            continue;
        if (recordedKnown) {
            const auto written = std::filesystem::last_write_time(file, error);
            if (error || written > recorded)
                continue;
        }
        files.push_back({ std::string(path), static_cast<int64_t>(size) });
    }
    std::sort(files.begin(), files.end(), [](const auto& l, const auto& r) { return l.bytes > r.bytes; });
    return files;
}

} // namespace

void describeHeaptrackProgram(ProfileBuilder& builder, const std::string& recordingPath)
{
    // Found once, by name: a Go program's first stacks run through its runtime's start.
    builder.info().goRuntime
        = builder.strings().find("runtime.rt0_go").value != 0 || builder.strings().find("x_cgo_init").value != 0;
    builder.info().moduleFiles = moduleFiles(builder, recordingPath);
}

} // namespace heapline
