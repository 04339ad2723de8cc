#include "HeaptrackReader.h"

#include "HeaptrackEvents.h"

#include "LineReader.h"
#include "model/PodVector.h"
#include "model/Demangle.h"
#include "model/ProfileBuilder.h"
#include "model/Suppressions.h"

#include <absl/container/flat_hash_map.h>
#include <algorithm>
#include <array>
#include <cstdio>

namespace heapline {

namespace {

// Sizes beyond this are not a real allocation but a corrupt line; summing them would overflow.
constexpr uint64_t MaxAllocationSize = uint64_t(1) << 48;
constexpr unsigned LatestFileVersion = 3;

// Hex number at p (heaptrack writes lowercase), then at most one space. False when there are no
// digits, more than 16, or something else follows.
inline bool readHex(const char*& p, const char* end, uint64_t& out)
{
    const char* start = p;
    uint64_t value = 0;
    while (p < end) {
        const unsigned c = static_cast<unsigned char>(*p);
        unsigned digit;
        if (c - '0' < 10u)
            digit = c - '0';
        else if ((c | 0x20u) - 'a' < 6u)
            digit = (c | 0x20u) - 'a' + 10;
        else
            break;
        value = (value << 4) | digit;
        ++p;
    }
    if (p == start || p - start > 16)
        return false;
    if (p < end) {
        if (*p != ' ')
            return false;
        ++p;
    }
    out = value;
    return true;
}


class Parser {
public:
    Parser(ReadContext& context)
        : m_context(context)
        , m_lines(context.lines)
        , m_builder(builderOptions(context.options))
        , m_countSizes(context.options.sizes)
    {
        m_strings.push_back(StringId {}); // index 0: no string
        m_isOperatorNew.push_back(false);
        m_ipFrameBegin.push_back(0); // ip index 0: no frames
        m_ipFrameBegin.push_back(0);
        m_ipIsOperatorNew.push_back(false);
        m_unknownFunction = m_builder.strings().intern("??");
        m_builder.info().format = "heaptrack";
        m_builder.info().sourcePath = context.path;
        m_builder.info().timeUnit = TimeUnit::Milliseconds;
        m_builder.setCountsEvents(true);
        if (m_countSizes)
            m_builder.setSizeSource([this](std::vector<SizeCount>& sizes, std::vector<SizeCount>* atPeak) { handOverSizes(sizes, atPeak); });
    }

    ImportResult run();

private:
    static BuilderOptions builderOptions(const ImportOptions& options)
    {
        BuilderOptions b;
        b.maxCheckpoints = options.maxCheckpoints;
        b.maxEntries = options.maxEntries;
        b.checkpointStep = 10; // heaptrack's own timer ticks every 10 ms
        b.peakCheckpoint = true;
        return b;
    }

    bool parseLine(std::string_view line);
    void scanEvents();
    bool applyRun(const PrescannedEvents::Run& run);
    bool allocate(uint64_t index)
    {
        if (index >= m_infos.size())
            return false;
        countSize(static_cast<uint32_t>(index)); // before allocate(): a peak it makes includes it
        const Info& info = m_infos[index];
        m_builder.allocate(info.callsite, info.size);
        m_lastAllocated = index;
        m_previousWasAllocation = true;
        return true;
    }
    bool release(uint64_t index)
    {
        if (index >= m_infos.size())
            return false;
        const Info& info = m_infos[index];
        if (m_previousWasAllocation && m_lastAllocated == index)
            m_builder.countTemporary(info.callsite);
        m_builder.release(info.callsite, info.size);
        m_previousWasAllocation = false;
        return true;
    }
    void badLine(const char* what);
    ImportResult fatal(std::string message) { return { nullptr, m_context.errorAtLine(std::move(message)) }; }

    void onVersion(const char* p, const char* end);
    void onString(std::string_view line, const char* p, const char* end);
    void onInstructionPointer(const char* p, const char* end);
    void onTrace(const char* p, const char* end);
    void onAllocationInfo(const char* p, const char* end);
    void onAllocationV0(const char* p, const char* end);
    void onFreeV0(const char* p, const char* end);
    void onTimestamp(const char* p, const char* end);

    StringId string(uint64_t index) const { return index < m_strings.size() ? m_strings[index] : StringId {}; }
    StringId functionName(uint64_t index);
    NodeId nodeForTrace(uint64_t trace) const { return trace == 0 ? NodeId {} : NodeId { m_traceNodes[trace - 1] }; }
    uint32_t infoFor(uint64_t size, uint64_t trace);
    void finishWarnings();

    ReadContext& m_context;
    LineReader& m_lines;
    PrescannedEvents m_prescanned;
    ProfileBuilder m_builder;

    unsigned m_fileVersion = 0;
    bool m_sawVersion = false;
    bool m_sawCommand = false;
    uint64_t m_pageSize = 4096;
    bool m_sawPageSize = false;

    std::vector<StringId> m_strings; // heaptrack string index -> interned
    std::vector<uint32_t> m_demangled; // heaptrack string index -> demangled StringId + 1 (0: not yet)
    std::vector<bool> m_isOperatorNew; // per heaptrack string
    StringId m_unknownFunction;

    // Per instruction pointer: its frames, outermost first (inlined frames expanded).
    PodVector<FrameId> m_ipFrames;
    std::vector<uint32_t> m_ipFrameBegin; // ip i: m_ipFrames[begin[i], begin[i+1])
    std::vector<bool> m_ipIsOperatorNew;

    PodVector<uint32_t> m_traceNodes; // trace i (1-based): its stack node, at i-1

    // An allocation info (a size and a trace) with its allocations in the open interval: counted
    // here, where every event reads its info anyway, and handed to the builder's size columns.
    struct Info {
        int64_t size = 0;
        CallsiteId callsite;
        uint32_t count = 0; // in the open interval; zeroed as the interval is handed over
        uint32_t peakStamp = 0; // the builder's peak generation when atPeak was taken
        uint32_t atPeak = 0;
    };
    PodVector<Info> m_infos;
    std::vector<uint32_t> m_countedInfos; // infos with a count in the open interval
    const bool m_countSizes;
    void countSize(uint32_t index)
    {
        if (!m_countSizes)
            return;
        Info& info = m_infos[index];
        if (info.count == 0)
            m_countedInfos.push_back(index);
        // Branch-free: while the heap climbs, every allocation is a new peak, and a branch on it
        // is a coin toss for the predictor.
        const uint32_t generation = m_builder.peakGeneration();
        info.atPeak = info.peakStamp != generation ? info.count : info.atPeak;
        info.peakStamp = generation;
        ++info.count;
    }
    void handOverSizes(std::vector<SizeCount>& sizes, std::vector<SizeCount>* atPeak);
    struct KeyedSize {
        uint64_t key; // callsite << 8 | size class
        int64_t count;
    };
    std::vector<KeyedSize> m_keyedSizes, m_keyedPeakSizes; // reused from interval to interval

    // Temporary: a free that immediately follows the allocation it frees (no +/- in between).
    uint64_t m_lastAllocated = 0;
    bool m_previousWasAllocation = false;

    // Version 0 files carry pointers; allocation infos are formed here as heaptrack did.
    absl::flat_hash_map<uint64_t, uint32_t> m_v0Infos; // (size, trace) -> info
    absl::flat_hash_map<uint64_t, uint32_t> m_v0Pointers; // pointer -> info
    uint64_t m_v0UnknownFrees = 0;

    uint64_t m_badLines = 0;
    std::vector<std::string> m_badLineExamples;
    uint64_t m_backwardTimestamps = 0;
    std::string m_firstBackwardTimestamp;
    uint64_t m_eventLines = 0;
    char m_lastDataMode = 0;
    bool m_sawTrailer = false;
};

void Parser::badLine(const char* what)
{
    ++m_badLines;
    if (m_badLineExamples.size() < 3)
        m_badLineExamples.push_back("line " + std::to_string(m_lines.lineNumber()) + ": " + what);
}

ImportResult Parser::run()
{
    // heaptrack_print parses a cut last line as it stands; so do we, and say so.
    m_lines.setAcceptUnterminatedLastLine(true);
    std::string_view line;
    for (;;) {
        if (m_fileVersion >= 1)
            scanEvents();
        if (!m_lines.next(line))
            break;
        if (line.empty())
            continue;
        const char mode = line[0];
        if (mode == 'x' || mode == 'm') {
            return fatal("this is raw heaptrack data (recorded with heaptrack -r), not yet interpreted; interpret it "
                         "first: zstd -dc < FILE | /usr/lib/heaptrack/libexec/heaptrack_interpret | zstd -c > "
                         "FILE.interpreted.zst");
        }
        if (mode == 'v') {
            onVersion(line.data() + std::min<size_t>(2, line.size()), line.data() + line.size());
            if (m_fileVersion > LatestFileVersion)
                return fatal("written by a newer heaptrack (file format version " + std::to_string(m_fileVersion)
                             + "); Heapline reads file format versions 0 to " + std::to_string(LatestFileVersion));
            continue;
        }
        parseLine(line);
    }
    if (m_lines.end() == LineReader::End::Cancelled) {
        ImportResult result;
        result.error = ImportError { m_context.path, "loading was cancelled", std::nullopt, std::nullopt, true };
        return result;
    }
    if (m_eventLines == 0 && m_strings.size() == 1 && m_traceNodes.empty()) {
        if (m_lines.end() != LineReader::End::Complete)
            return fatal(m_lines.describeEarlyEnd() + "; no heaptrack data could be read");
        if (!m_sawVersion)
            return fatal("no heaptrack data found: expected lines such as \"v 10400 3\", \"s …\", \"+ …\"");
    }
    finishWarnings();
    return { m_builder.finish(), std::nullopt };
}

// Most lines of a recording are "+ <hex>" and "- <hex>". They are handled here straight from the
// decompressed buffer, without splitting lines first; anything else, or a line that runs past
// the buffer, is left to the general path.
void Parser::scanEvents()
{
    // First what the decompression thread already read (HeaptrackEvents.h); the text loop below
    // takes the lines it left (cut by a chunk's end, or not events).
    for (PrescannedEvents::Run run; (run = m_prescanned.at(m_lines)).count > 0;) {
        if (!applyRun(run))
            return;
    }
    const char* p = m_lines.cursor();
    const char* const end = m_lines.bufferEnd();
    const char* lineStart = p;
    uint64_t lines = 0;
    while (end - p > 2 && (p[0] == '+' || p[0] == '-') && p[1] == ' ') {
        const char* q = p + 2;
        uint64_t value = 0;
        int digits = 0;
        int8_t digit;
        while (q < end && (digit = hexDigits[static_cast<unsigned char>(*q)]) >= 0) {
            value = (value << 4) | static_cast<uint64_t>(digit);
            ++q;
            ++digits;
        }
        if (q == end || *q != '\n' || digits == 0 || digits > 16)
            break;
        if (!(p[0] == '+' ? allocate(value) : release(value)))
            break; // let the general path report it
        m_lastDataMode = p[0];
        ++m_eventLines;
        lineStart = p;
        p = q + 1;
        ++lines;
    }
    if (lines > 0)
        m_lines.consume(p, lineStart, lines);
}

// The run's events in order, up to one whose allocation info is not defined (yet): that line is
// left for the text path, which reports it. True when the whole run was applied.
bool Parser::applyRun(const PrescannedEvents::Run& run)
{
    const uint64_t infoCount = m_infos.size();
    uint32_t applied = 0;
    for (; applied < run.count; ++applied) {
        const uint32_t value = run.values[applied];
        if ((value >> 1) >= infoCount)
            break;
        if (value & 1)
            release(value >> 1);
        else
            allocate(value >> 1);
    }
    if (applied == 0)
        return false;
    m_lastDataMode = (run.values[applied - 1] & 1) ? '-' : '+';
    m_eventLines += applied;
    const char* stop = applied == run.count ? run.end : PrescannedEvents::skipLines(run.begin, run.end, applied);
    m_lines.consume(stop, PrescannedEvents::startOfLastLine(run.begin, stop), applied);
    return applied == run.count;
}

bool Parser::parseLine(std::string_view line)
{
    const char* p = line.data() + std::min<size_t>(2, line.size());
    const char* end = line.data() + line.size();
    if (line.size() >= 2 && line[1] != ' ') {
        badLine("expected a space after the line's type");
        return false;
    }
    uint64_t value = 0;
    switch (line[0]) {
    case '+':
        ++m_eventLines;
        m_lastDataMode = '+';
        if (m_fileVersion == 0) {
            onAllocationV0(p, end);
            return true;
        }
        if (!readHex(p, end, value) || !allocate(value)) {
            badLine(value >= m_infos.size() ? "allocation refers to an undefined allocation info" : "malformed allocation");
            return false;
        }
        return true;
    case '-':
        ++m_eventLines;
        m_lastDataMode = '-';
        if (m_fileVersion == 0) {
            onFreeV0(p, end);
            return true;
        }
        if (!readHex(p, end, value) || !release(value)) {
            badLine(value >= m_infos.size() ? "free refers to an undefined allocation info" : "malformed free");
            return false;
        }
        return true;
    case 'a':
        m_lastDataMode = 'a';
        onAllocationInfo(p, end);
        return true;
    case 't':
        m_lastDataMode = 't';
        onTrace(p, end);
        return true;
    case 'i':
        m_lastDataMode = 'i';
        onInstructionPointer(p, end);
        return true;
    case 's':
        m_lastDataMode = 's';
        onString(line, p, end);
        return true;
    case 'c':
        m_lastDataMode = 'c';
        onTimestamp(p, end);
        return true;
    case 'R':
        m_lastDataMode = 'R';
        if (!readHex(p, end, value) || value > (uint64_t(1) << 40)) {
            badLine("malformed RSS");
            return false;
        }
        m_builder.timeline().rss.append(m_builder.currentTime(), static_cast<int64_t>(value * m_pageSize));
        return true;
    case 'X':
        if (m_sawCommand) {
            badLine("a second command line (X)");
            return false;
        }
        m_sawCommand = true;
        m_builder.info().command = std::string(p, end);
        return true;
    case 'I':
        if (!readHex(p, end, value) || value == 0 || value > (uint64_t(1) << 30)) {
            badLine("malformed system information (I)");
            return false;
        }
        m_pageSize = value;
        m_sawPageSize = true;
        return true;
    case 'A':
        m_builder.resetTotals();
        m_builder.warn("heaptrack attached to an already running process: allocations made before the attach are "
                       "not seen, so frees of them can make totals smaller than the real heap");
        return true;
    case 'S': {
        const auto pattern = parseSuppressionLine(std::string_view(p, end));
        if (!pattern)
            badLine("malformed suppression (expected 'S leak:PATTERN')");
        else if (!pattern->empty())
            m_builder.info().embeddedSuppressions.push_back(*pattern);
        return true;
    }
    case '#':
        if (line.starts_with("# strings:") || line.starts_with("# ips:"))
            m_sawTrailer = true;
        return true;
    default:
        badLine("unknown line type");
        return false;
    }
}

void Parser::onVersion(const char* p, const char* end)
{
    uint64_t heaptrackVersion = 0, fileVersion = 0;
    m_sawVersion = true;
    if (!readHex(p, end, heaptrackVersion)) {
        badLine("malformed version line");
        return;
    }
    if (!readHex(p, end, fileVersion)) {
        // heaptrack 1.0.0 bumped the version to 0x010200 and wrote no file version: that is v1.
        fileVersion = heaptrackVersion == 0x010200 ? 1 : 0;
    }
    m_fileVersion = static_cast<unsigned>(std::min<uint64_t>(fileVersion, 1000));
    char producer[64];
    std::snprintf(producer, sizeof producer, "heaptrack %u.%u.%u", static_cast<unsigned>((heaptrackVersion >> 16) & 0xff),
                  static_cast<unsigned>((heaptrackVersion >> 8) & 0xff), static_cast<unsigned>(heaptrackVersion & 0xff));
    m_builder.info().producer = producer;
    m_builder.info().formatVersion = std::to_string(m_fileVersion);
    // From version 1 on, "+"/"-" lines name allocation infos by index: the decompression thread
    // reads them ahead. (Version 0 lines carry pointers and sizes.)
    m_lines.pipeline().setPrescan(m_fileVersion >= 1 ? &prescanHeaptrackEvents : nullptr);
}

void Parser::onString(std::string_view line, const char* p, const char* end)
{
    std::string_view text;
    if (m_fileVersion >= 3) {
        uint64_t length = 0;
        if (!readHex(p, end, length) || length > static_cast<uint64_t>(end - p)) {
            badLine("malformed sized string");
            // Keep the numbering of later strings intact.
            m_strings.push_back(StringId {});
            m_isOperatorNew.push_back(false);
            return;
        }
        text = { p, static_cast<size_t>(length) };
    } else {
        text = line.size() > 2 ? line.substr(2) : std::string_view {};
    }
    m_strings.push_back(m_builder.strings().intern(text));
    // heaptrack's own list, plus the aligned and nothrow forms that newer compilers emit.
    static constexpr std::array<std::string_view, 12> operatorNew = {
        "operator new(unsigned long)",
        "operator new[](unsigned long)",
        "operator new(unsigned int)",
        "operator new[](unsigned int)",
        "operator new(unsigned long, std::align_val_t)",
        "operator new[](unsigned long, std::align_val_t)",
        "operator new(unsigned long, std::nothrow_t const&)",
        "operator new[](unsigned long, std::nothrow_t const&)",
        "operator new(unsigned long, std::align_val_t, std::nothrow_t const&)",
        "operator new[](unsigned long, std::align_val_t, std::nothrow_t const&)",
        "operator new(unsigned int, std::align_val_t)",
        "operator new[](unsigned int, std::align_val_t)",
    };
    bool isNew = false;
    if (text.starts_with("operator new"))
        for (auto name : operatorNew)
            isNew = isNew || text == name;
    m_isOperatorNew.push_back(isNew);
}

StringId Parser::functionName(uint64_t index)
{
    if (index == 0 || index >= m_strings.size())
        return m_unknownFunction;
    if (m_demangled.size() < m_strings.size())
        m_demangled.resize(m_strings.size(), 0);
    uint32_t& cached = m_demangled[index];
    if (cached == 0) {
        const auto name = m_builder.strings().view(m_strings[index]);
        StringId id = m_strings[index];
        if (looksMangled(name))
            id = m_builder.strings().intern(demangle(name));
        if (name.empty())
            id = m_unknownFunction;
        cached = id.value + 1;
    }
    return StringId { cached - 1 };
}

void Parser::onInstructionPointer(const char* p, const char* end)
{
    uint64_t address = 0, module = 0;
    bool isNew = false;
    if (!readHex(p, end, address) || !readHex(p, end, module) || module >= m_strings.size()) {
        badLine("malformed instruction pointer");
    } else {
        // First frame: the function the address lies in; further triples are the frames inlined
        // into it, innermost first. A frame may lack file and line (no debug information).
        std::array<uint64_t, 3> triple {};
        Frame frames[64];
        size_t count = 0;
        bool first = true;
        while (p < end) {
            size_t fields = 0;
            while (fields < 3 && p < end && readHex(p, end, triple[fields]))
                ++fields;
            if (fields == 0 || (!first && fields < 3) || triple[0] >= m_strings.size() || triple[1] >= m_strings.size()) {
                badLine("malformed frame in an instruction pointer");
                break;
            }
            if (fields < 3)
                triple[2] = 0;
            if (fields < 2)
                triple[1] = 0;
            if (first)
                isNew = m_isOperatorNew[triple[0]];
            if (count < std::size(frames)) {
                frames[count++] = Frame { functionName(triple[0]), string(triple[1]), string(module),
                                          static_cast<uint32_t>(std::min<uint64_t>(triple[2], UINT32_MAX)) };
            }
            first = false;
        }
        if (count == 0)
            frames[count++] = Frame { m_unknownFunction, StringId {}, string(module), 0 };
        for (size_t i = count; i-- > 0;)
            m_ipFrames.push_back(m_builder.frames().intern(frames[i]));
    }
    m_ipFrameBegin.push_back(static_cast<uint32_t>(m_ipFrames.size()));
    m_ipIsOperatorNew.push_back(isNew);
}

void Parser::onTrace(const char* p, const char* end)
{
    uint64_t ip = 0, parent = 0;
    if (!readHex(p, end, ip) || !readHex(p, end, parent)) {
        badLine("malformed trace");
        ip = parent = 0;
    } else if (ip + 1 >= m_ipFrameBegin.size() || parent > m_traceNodes.size()) {
        badLine(parent > m_traceNodes.size() ? "trace refers to a parent that is not defined before it"
                                          : "trace refers to an undefined instruction pointer");
        ip = parent = 0;
    }
    // heaptrack writes a trace only when an allocation needs it, parents first: its stack node
    // is made right away, one child per frame of its instruction pointer.
    NodeId node = parent == 0 ? NodeId {} : NodeId { m_traceNodes[parent - 1] };
    // operator new is the allocator, not the callsite: its trace stands for its parent.
    if (!m_ipIsOperatorNew[ip]) {
        auto& stacks = m_builder.stacks();
        for (uint32_t f = m_ipFrameBegin[ip]; f < m_ipFrameBegin[ip + 1]; ++f)
            node = stacks.child(node, m_ipFrames[f]);
    }
    m_traceNodes.push_back(node.value);
}

void Parser::onAllocationInfo(const char* p, const char* end)
{
    uint64_t size = 0, trace = 0;
    if (!readHex(p, end, size) || !readHex(p, end, trace) || size > MaxAllocationSize || trace > m_traceNodes.size()) {
        badLine(trace > m_traceNodes.size() ? "allocation info refers to an undefined trace" : "malformed allocation info");
        // A placeholder keeps the numbering of later infos intact.
        m_infos.push_back({ 0, m_builder.callsite(NodeId {}), 0, 0, 0 });
        return;
    }
    m_infos.push_back({ static_cast<int64_t>(size), m_builder.callsite(nodeForTrace(trace)), 0, 0, 0 });
}

void Parser::handOverSizes(std::vector<SizeCount>& sizes, std::vector<SizeCount>* atPeak)
{
    // Several infos of a callsite can share a size class: sorted by (callsite, class) as one
    // integer, then summed.
    const auto hand = [](std::vector<KeyedSize>& keyed, std::vector<SizeCount>& out) {
        std::sort(keyed.begin(), keyed.end(), [](const KeyedSize& l, const KeyedSize& r) { return l.key < r.key; });
        for (size_t i = 0; i < keyed.size(); ++i) {
            if (i > 0 && keyed[i].key == keyed[i - 1].key)
                out.back().count += keyed[i].count;
            else
                out.push_back({ CallsiteId { static_cast<uint32_t>(keyed[i].key >> 8) }, static_cast<uint8_t>(keyed[i].key & 0xff), keyed[i].count });
        }
    };
    const uint32_t generation = m_builder.peakGeneration();
    m_keyedSizes.clear();
    m_keyedPeakSizes.clear();
    for (uint32_t index : m_countedInfos) {
        const Info& info = m_infos[index];
        const uint64_t key = (uint64_t(info.callsite.value) << 8) | sizeClassOf(info.size);
        m_keyedSizes.push_back({ key, info.count });
        const uint32_t countAtPeak = info.peakStamp == generation ? info.atPeak : info.count;
        if (atPeak && countAtPeak)
            m_keyedPeakSizes.push_back({ key, countAtPeak });
        m_infos[index].count = m_infos[index].atPeak = m_infos[index].peakStamp = 0;
    }
    m_countedInfos.clear();
    hand(m_keyedSizes, sizes);
    if (atPeak)
        hand(m_keyedPeakSizes, *atPeak);
}

uint32_t Parser::infoFor(uint64_t size, uint64_t trace)
{
    const uint64_t key = (size << 24) ^ trace ^ (size >> 40) * 0x9E3779B97F4A7C15ull;
    auto [it, inserted] = m_v0Infos.try_emplace(key, static_cast<uint32_t>(m_infos.size()));
    if (inserted || m_infos[it->second].size != static_cast<int64_t>(size)) {
        if (!inserted) {
            // Hash key collision of two different infos: give this one its own slot.
            it->second = static_cast<uint32_t>(m_infos.size());
        }
        m_infos.push_back({ static_cast<int64_t>(size), m_builder.callsite(nodeForTrace(trace)), 0, 0, 0 });
    }
    return it->second;
}

void Parser::onAllocationV0(const char* p, const char* end)
{
    uint64_t size = 0, trace = 0, pointer = 0;
    if (!readHex(p, end, size) || !readHex(p, end, trace) || !readHex(p, end, pointer) || size > MaxAllocationSize
        || trace > m_traceNodes.size()) {
        badLine("malformed allocation (file format 0)");
        return;
    }
    const uint32_t info = infoFor(size, trace);
    m_v0Pointers[pointer] = info;
    countSize(info);
    m_builder.allocate(m_infos[info].callsite, m_infos[info].size);
    m_lastAllocated = pointer;
    m_previousWasAllocation = true;
}

void Parser::onFreeV0(const char* p, const char* end)
{
    uint64_t pointer = 0;
    if (!readHex(p, end, pointer)) {
        badLine("malformed free (file format 0)");
        return;
    }
    auto it = m_v0Pointers.find(pointer);
    if (it == m_v0Pointers.end()) {
        // A pointer allocated before heaptrack attached.
        ++m_v0UnknownFrees;
        m_previousWasAllocation = false;
        return;
    }
    const Info& info = m_infos[it->second];
    if (m_previousWasAllocation && m_lastAllocated == pointer)
        m_builder.countTemporary(info.callsite);
    m_builder.release(info.callsite, info.size);
    m_v0Pointers.erase(it);
    m_previousWasAllocation = false;
}

void Parser::onTimestamp(const char* p, const char* end)
{
    uint64_t time = 0;
    if (!readHex(p, end, time) || time > (uint64_t(1) << 52)) {
        badLine("malformed timestamp");
        return;
    }
    const double previous = m_builder.currentTime();
    if (static_cast<double>(time) < previous) {
        if (m_backwardTimestamps++ == 0) {
            m_firstBackwardTimestamp = "line " + std::to_string(m_lines.lineNumber()) + ": "
                + std::to_string(time) + " ms after " + std::to_string(static_cast<uint64_t>(previous)) + " ms";
        }
        return;
    }
    if (static_cast<double>(time) == previous)
        return;
    // heaptrack's timer writes "c" every 10 ms: the heap as it stands here is the heap at that
    // instant (heaptrack_print -M samples it the same way).
    m_builder.advanceTime(static_cast<double>(time));
    m_builder.sampleTimeline();
}

void Parser::finishWarnings()
{
    const auto early = m_lines.describeEarlyEnd();
    const auto endTime = std::to_string(static_cast<uint64_t>(m_builder.currentTime()));
    if (!early.empty()) {
        m_builder.warn(early + "; the data up to line " + std::to_string(m_lines.lineNumber()) + " (" + endTime
                       + " ms) is shown");
        m_builder.setTruncated();
    } else if (m_eventLines > 0 && m_lastDataMode != 'c' && m_lastDataMode != 'R') {
        // heaptrack's shutdown writes a last timestamp and RSS line; without them the profiled
        // process ended abnormally.
        m_builder.warn("the recording ends at " + endTime
                       + " ms without heaptrack's closing timestamp: the profiled process was probably killed (for "
                         "example by the OOM killer); everything recorded up to then is shown");
        m_builder.setTruncated();
    }
    if (m_badLines > 0) {
        std::string text = std::to_string(m_badLines) + " malformed line" + (m_badLines == 1 ? " was" : "s were")
            + " skipped (";
        for (size_t i = 0; i < m_badLineExamples.size(); ++i)
            text += (i ? "; " : "") + m_badLineExamples[i];
        text += m_badLines > m_badLineExamples.size() ? "; …)" : ")";
        m_builder.warn(text);
    }
    if (m_backwardTimestamps > 0) {
        m_builder.warn(std::to_string(m_backwardTimestamps) + " timestamp" + (m_backwardTimestamps == 1 ? "" : "s")
                       + " going backwards ignored (first at " + m_firstBackwardTimestamp + ")");
    }
    if (m_v0UnknownFrees > 0) {
        m_builder.warn(std::to_string(m_v0UnknownFrees)
                       + " frees of pointers that were never allocated in the recording were ignored");
    }
    if (!m_sawPageSize && !m_builder.timeline().rss.empty())
        m_builder.warn("no page size (I line) in the file: RSS assumes pages of 4096 bytes");
    if (!m_sawVersion)
        m_builder.warn("no version line: read as heaptrack file format 0");
}

} // namespace

ImportResult HeaptrackReader::read(ReadContext& context)
{
    Parser parser(context);
    return parser.run();
}

} // namespace heapline
