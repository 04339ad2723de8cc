#pragma once

#include "ImportControl.h"
#include "model/Profile.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace heapline {

enum class Format {
    Unknown,
    Heaptrack,
    Massif,
    Heapline,
};

const char* formatName(Format format);
// By the first text line of the (decompressed) stream.
Format detectFormat(std::string_view head);

struct ImportOptions {
    size_t maxCheckpoints = 512;
    size_t maxEntries = 24'000'000;
    // Count allocations by size in every interval (the Sizes view, heaptrack files): a few
    // nanoseconds an event, which a whole-run summary does without.
    bool sizes = true;
    // The callsites these settings suppress, made beside the load's last step (see
    // BuilderOptions::suppressions; read with suppressedCallsites()).
    std::optional<SuppressionSettings> suppressions;
};

struct ImportError {
    std::string path;
    std::string message;
    std::optional<uint64_t> line; // 1-based line of the decompressed text
    std::optional<uint64_t> offset; // byte offset (of the decompressed text where a line is given)
    bool cancelled = false;

    // "PATH: line N (byte B): message" — one line, for stderr and the GUI banner.
    std::string toString() const;
};

struct ImportResult {
    std::shared_ptr<const Profile> profile;
    std::optional<ImportError> error;

    explicit operator bool() const { return profile != nullptr; }
};

class LineReader;

// What every format reader gets: the lines, the options, and where to put errors.
struct ReadContext {
    const std::string& path;
    LineReader& lines;
    const ImportOptions& options;

    ImportError errorAtLine(std::string message) const;
};

class FormatReader {
public:
    virtual ~FormatReader() = default;
    virtual ImportResult read(ReadContext& context) = 0;
};

// Opens any supported file (format and compression detected by content), reads it on the
// calling thread — decompression runs on a second one — and returns the profile or an error.
ImportResult importProfile(const std::string& path, const ImportOptions& options = {},
                           const ImportControl* control = nullptr);

} // namespace heapline
