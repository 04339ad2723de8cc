// libFuzzer target for the time-spec parser (what users type into the A and B fields and
// --from/--to), against a small real profile.

#include "importers/Importer.h"
#include "model/TimeSpec.h"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const auto profile = heapline::importProfile(HEAPLINE_FUZZ_PROFILE).profile;
    if (!profile)
        return 0;
    heapline::TimeSpec spec;
    std::string error;
    if (heapline::resolveTimeSpec(*profile, std::string_view(reinterpret_cast<const char*>(data), size), spec, error)) {
        if (spec.checkpoint >= profile->checkpointCount())
            __builtin_trap();
    } else if (error.empty()) {
        __builtin_trap(); // a refusal always says why
    }
    return 0;
}
