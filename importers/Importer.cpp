#include "Importer.h"

#include "ChunkPipeline.h"
#include "HeaplineReader.h"
#include "HeaptrackReader.h"
#include "MassifReader.h"
#include "LineReader.h"

#include <algorithm>

namespace heapline {

const char* formatName(Format format)
{
    switch (format) {
    case Format::Unknown:
        return "unknown";
    case Format::Heaptrack:
        return "heaptrack";
    case Format::Massif:
        return "massif";
    case Format::Heapline:
        return "heapline";
    }
    return "unknown";
}

namespace {

bool isHex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

std::string_view firstNonEmptyLine(std::string_view head)
{
    while (!head.empty()) {
        const auto newline = head.find('\n');
        auto line = head.substr(0, newline);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (!line.empty())
            return line;
        if (newline == std::string_view::npos)
            break;
        head.remove_prefix(newline + 1);
    }
    return {};
}

// What a file that is no profile Heapline reads is, where its start tells: a user who holds a
// memray capture, valgrind's xtree report or a reference tool's printed report beside the
// recording gets told which, and what reads it. Empty when nothing is recognised.
std::string otherFormatHint(std::string_view head)
{
    const auto line = firstNonEmptyLine(head);
    if (head.starts_with(std::string_view("memray\0", 7)))
        return "a memray capture, which memray's own commands read (memray flamegraph, memray stats); Heapline reads "
               "heaptrack and massif files and its own recordings (heapline-cli record for a Python program)";
    if (head.starts_with("\x04\x22\x4d\x18"))
        return "LZ4-compressed data (memray compresses its captures so), which Heapline does not decompress: it reads "
               "files compressed with zstd or gzip";
    if (head.starts_with("PERFILE2"))
        return "a perf recording (perf record), which perf report reads: it samples the CPU, not the heap";
    if (line.starts_with("# callgrind format")
        || (line.starts_with("version: ") && head.find("\ncreator: ") != std::string_view::npos)) {
        if (head.find("\ncreator: xtree") != std::string_view::npos)
            return "valgrind's xtree memory report (--xtree-memory), the run's allocations summed by stack, which "
                   "kcachegrind reads; open the massif.out.PID file massif wrote beside it for the heap over time";
        return "a callgrind profile, which kcachegrind reads: it counts instructions, not heap memory";
    }
    if (line.starts_with("heap profile: "))
        return "a gperftools heap profile (HEAPPROFILE), which pprof reads; heaptrack or massif record a program "
               "for Heapline";
    if (line.starts_with("heap_v2/"))
        return "a jemalloc heap profile (prof:true), which jeprof reads; heaptrack or massif record a program for "
               "Heapline";
    if (line.starts_with("reading file \""))
        return "heaptrack_print's report, not a recording: open the heaptrack file it read";
    if (line.starts_with("----") && head.find("\nCommand:") != std::string_view::npos
        && head.find("ms_print arguments:") != std::string_view::npos)
        return "ms_print's report, not massif's file: open the massif.out.PID file it read";
    return {};
}

} // namespace

Format detectFormat(std::string_view head)
{
    const auto line = firstNonEmptyLine(head);
    if (line.starts_with("heapline "))
        return Format::Heapline;
    if (line.starts_with("desc:") || line.starts_with("cmd:") || line.starts_with("time_unit:")
        || line.starts_with("snapshot=") || line.starts_with("#-----------"))
        return Format::Massif;
    // heaptrack: "v <hex> <hex>" first; files older than the version line start with the
    // command line, strings or traces.
    if (line.size() >= 3 && line[1] == ' ') {
        const char mode = line[0];
        if (mode == 'v' && isHex(line[2]))
            return Format::Heaptrack;
        if (mode == 'X' || mode == 'x')
            return Format::Heaptrack;
        if ((mode == 's' || mode == 'i' || mode == 't' || mode == 'm') && line.size() > 2)
            return Format::Heaptrack;
    }
    return Format::Unknown;
}

std::string ImportError::toString() const
{
    std::string text = path;
    if (line) {
        text += ": line " + std::to_string(*line);
        if (offset)
            text += " (byte " + std::to_string(*offset) + " of the decompressed data)";
    } else if (offset) {
        text += ": byte " + std::to_string(*offset);
    }
    text += ": " + message;
    return text;
}

ImportError ReadContext::errorAtLine(std::string message) const
{
    ImportError error;
    error.path = path;
    error.message = std::move(message);
    error.line = lines.lineNumber();
    error.offset = lines.lineOffset();
    return error;
}

namespace {

// heaptrack records a program from inside it, through a library the dynamic loader preloads: a
// statically linked program never loads it, and heaptrack leaves a file with nothing in it (and
// waits for the program until it is interrupted). A Go program is the common case.
std::string nothingRecordedHint(const std::string& path)
{
    const size_t slash = path.find_last_of('/');
    if (path.compare(slash == std::string::npos ? 0 : slash + 1, 10, "heaptrack.") != 0)
        return {};
    return std::string("; heaptrack writes its first line once the program has loaded heaptrack's library, which a "
                       "statically linked program (a Go binary, for one) never does: heaptrack cannot record it. Go's "
                       "runtime takes its heap with mmap, outside malloc: ")
        + GoHeapProfileAdvice + " records it";
}

} // namespace

ImportResult importProfile(const std::string& path, const ImportOptions& options, const ImportControl* control)
{
    const auto fail = [&](std::string message) {
        ImportResult result;
        result.error = ImportError { path, std::move(message), std::nullopt, std::nullopt, false };
        return result;
    };
    std::string openError;
    auto decoder = Decoder::open(path, openError);
    if (!decoder)
        return fail("cannot open: " + openError);
    if (decoder->fileSize() == 0)
        return fail("the file is empty (0 bytes): nothing was recorded — the profiler was probably stopped or killed "
                    "before it wrote anything"
            + nothingRecordedHint(path));
    const auto compression = decoder->compression();
    // Small files get small buffers: a 50 kB massif file needs no 2 MiB of them. Eight 256 KiB
    // buffers, each with the numbers prescanned from it beside it (HeaptrackEvents.h), take the
    // memory four 512 KiB ones did; the deeper ring evens out stretches of a file where one
    // thread is the slower and then the other (leakpy 4% faster, cc1plus unchanged). A compressed
    // file's text is 10 to 200 times its size (heaptrack's zstd files), which its size cannot
    // tell: its chunks grow to 256 KiB. Sized from its compressed 0.78 MB, leakpy's 143 MB went
    // through 1 471 chunks of 97 KiB, and each chunk's prescan finds a long repeat
    // (HeaptrackEvents.cpp) only from a loop's second round on (44.4 -> 36.5 ms).
    constexpr size_t MaxChunkSize = 256 << 10;
    const size_t chunkSize = std::clamp<uint64_t>(decoder->fileSize() / 8, 32 << 10, MaxChunkSize);
    ChunkPipeline pipeline(
        std::move(decoder), chunkSize, 8, compression == Compression::None ? chunkSize : MaxChunkSize);
    LineReader lines(pipeline, control);
    const auto head = lines.peek();
    if (head.empty()) {
        if (lines.end() == LineReader::End::Cancelled)
            return fail("loading was cancelled");
        if (lines.end() == LineReader::End::Corrupt)
            return fail(lines.endMessage());
        return fail(std::string("the ") + compressionName(compression)
            + " stream holds no data (it is cut off before its first block): nothing was recorded"
            + nothingRecordedHint(path));
    }
    const auto format = detectFormat(head);
    std::unique_ptr<FormatReader> reader;
    switch (format) {
    case Format::Heaptrack:
        reader = std::make_unique<HeaptrackReader>();
        break;
    case Format::Massif:
        reader = std::make_unique<MassifReader>();
        break;
    case Format::Heapline:
        reader = std::make_unique<HeaplineReader>();
        break;
    case Format::Unknown: {
        // heaptrack's interpreter ends every file with its counts; where the program never
        // allocated through malloc they are all there is (a Go program: its runtime maps its heap).
        const std::string_view line = firstNonEmptyLine(head);
        if (line.starts_with("# strings: "))
            return fail("a heaptrack recording with nothing in it: heaptrack saw no allocation (the file holds only "
                        "its closing counts, \""
                + std::string(line.substr(0, 40)) + "\"). heaptrack sees what the program allocates "
                + "through malloc, new and their kin; a Go program's runtime maps its own heap with mmap: "
                + GoHeapProfileAdvice + " records it");
        const auto first = line.substr(0, 60);
        bool printable = true;
        for (unsigned char c : first)
            printable = printable && (c >= 0x20 && c < 0x7f);
        // "(plain text)" said of a PNG read as if it were: what is known is only that it was not
        // compressed, or what it was decompressed from.
        const std::string read = compression == Compression::None
            ? std::string("not compressed")
            : std::string(compressionName(compression)) + ", decompressed";
        return fail(std::string("not a heap profile that Heapline knows (") + read
            + "): expected a heaptrack file (first line \"v <version> <file version>\"), a massif file "
              "(\"desc: …\") or a Heapline profile (\"heapline …\"); the file starts with "
            + (printable ? "\"" + std::string(first) + "\"" : std::string("binary data")) + [&] {
                  const std::string other = otherFormatHint(head);
                  return other.empty() ? std::string() : ". It looks like " + other;
              }());
    }
    }
    ReadContext context { path, lines, options };
    auto result = reader->read(context);
    if (result.error && result.error->path.empty())
        result.error->path = path;
    return result;
}

} // namespace heapline
