// libFuzzer target for one format reader (HEAPLINE_FUZZ_PREFIX picks it): the input, after the
// reader's own first line, is written to a file and imported, and the profile — when there is
// one — is queried the way the views query it, then compared from "start" to "auto" (B's default)
// and written as a Markdown and an HTML report. Any crash, hang, leak or undefined behaviour is a
// finding; errors and warnings are the expected outcome of most inputs.

#include "importers/Importer.h"
#include "model/Comparison.h"
#include "model/Diff.h"
#include "model/Report.h"
#include "model/ReportWriters.h"
#include "model/TimeSpec.h"

#include <cstdint>
#include <cstdio>
#include <string>
#include <unistd.h>

namespace {

const std::string& scratchFile()
{
    static const std::string path = "/tmp/heapline-fuzz-" + std::to_string(getpid());
    return path;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    // Inputs that start like the format already (corpus seeds, and what grows from them) are
    // taken as they are; anything else gets the format's first line, so that the reader under
    // test is the one that runs.
    static const std::string prefix = HEAPLINE_FUZZ_PREFIX;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const bool compressed = size >= 2 && ((data[0] == 0x28 && data[1] == 0xB5) || (data[0] == 0x1F && data[1] == 0x8B));
    FILE* file = std::fopen(scratchFile().c_str(), "wb");
    if (!file)
        return 0;
    if (!compressed && input.substr(0, prefix.size()) != prefix)
        std::fwrite(prefix.data(), 1, prefix.size(), file);
    std::fwrite(data, 1, size, file);
    std::fclose(file);

    heapline::ImportOptions options;
    options.maxCheckpoints = 64;
    options.maxEntries = 1 << 20;
    const auto result = heapline::importProfile(scratchFile(), options);
    if (!result)
        return 0;
    const auto analysis = std::make_shared<const heapline::Analysis>(result.profile);
    const size_t last = result.profile->checkpointCount() - 1;
    for (auto grouping : { heapline::Grouping::Function, heapline::Grouping::Callsite, heapline::Grouping::Type }) {
        const auto diff = heapline::computeDiff(analysis, 0, last, grouping);
        for (size_t i = 0; i < diff.rows.size() && i < 8; ++i)
            (void)diff.key(diff.rows[i]);
    }
    // The first screen's question and the report of it: what the CLI's `report` and the GUI's
    // Summary ask of every profile (a report's chart once looped for ever on a profile of one
    // instant, which the diffs above did not reach).
    heapline::ComparisonRequest request;
    request.analysis = analysis;
    std::string error;
    if (!heapline::resolveTimeSpec(*result.profile, "start", request.from, error)
        || !heapline::resolveTimeSpec(*result.profile, "auto", request.to, error))
        return 0;
    const heapline::Report report = heapline::buildReport(heapline::Comparison::compute(std::move(request)), {});
    for (auto format : { heapline::ReportFormat::Markdown, heapline::ReportFormat::Html })
        (void)heapline::writeReport(report, format);
    return 0;
}
