// The heaptrack reader's definition records: strings, instruction pointers, traces, allocation
// infos (and version 0's pointer events), timestamps, and the warnings at the end.
#include "HeaptrackParser.h"
#include "HeaptrackProgram.h"
#include "model/Demangle.h"
#include "model/RadixSort.h"
#include "model/Suppressions.h"

#include <algorithm>
#include <cstdio>

namespace heapline::heaptrack_detail {

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

namespace {

// Libraries that replace malloc, operator new and free for the whole process. Seen in the module
// list of cachesvc.cpp linked against each (-ltcmalloc, -ljemalloc, -lmimalloc, or LD_PRELOAD):
// heaptrack recorded 2 allocations of 77 kB beside an RSS of 110 MB.
bool isReplacementAllocator(std::string_view path)
{
    const std::string_view name = path.substr(path.find_last_of('/') + 1);
    for (const std::string_view library : { "libtcmalloc", "libjemalloc.so", "libmimalloc.so", "libtbbmalloc_proxy",
             "libhoard.so", "libsnmallocshim", "librpmalloc.so" })
        if (name.starts_with(library))
            return true;
    return false;
}

} // namespace

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
    // Module paths are strings too; only a path can name a loaded library.
    if (!text.empty() && text.front() == '/' && m_builder.info().replacementAllocator.empty()
        && isReplacementAllocator(text))
        m_builder.info().replacementAllocator = std::string(text);
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
        // Each frame's function, file and line, made into Frames outermost first below (arrays of
        // Frame were zeroed whole for every line, 1 KB).
        constexpr size_t MaxFrames = 64;
        uint32_t functions[MaxFrames], files[MaxFrames], lines[MaxFrames];
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
            if (count < MaxFrames) {
                functions[count] = functionName(triple[0]).value;
                files[count] = string(triple[1]).value;
                lines[count++] = static_cast<uint32_t>(std::min<uint64_t>(triple[2], UINT32_MAX));
            }
            first = false;
        }
        if (count == 0) {
            functions[0] = m_unknownFunction.value;
            files[0] = lines[0] = 0;
            count = 1;
        }
        // operator new is the allocator, not the callsite: a trace of it stands for its parent
        // (defineTrace), so it keeps no frames for the traces. They are interned all the same.
        const StringId moduleName = string(module);
        for (size_t i = count; i-- > 0;) {
            const FrameId frame = m_builder.frames().intern(
                Frame { StringId { functions[i] }, StringId { files[i] }, moduleName, lines[i] });
            if (!isNew)
                m_ipFrames.push_back(frame);
        }
    }
    m_ipFrameBegin.push_back(static_cast<uint32_t>(m_ipFrames.size()));
}

void Parser::onTrace(const char* p, const char* end)
{
    uint64_t ip = 0, parent = 0;
    if (!readHex(p, end, ip) || !readHex(p, end, parent)) {
        badLine("malformed trace");
        ip = parent = 0;
    } else if (!traceDefinable(ip, parent)) {
        badLine(parent > m_traceNodes.size() ? "trace refers to a parent that is not defined before it"
                                          : "trace refers to an undefined instruction pointer");
        ip = parent = 0;
    }
    defineTrace(ip, parent);
}

void Parser::defineTrace(uint64_t ip, uint64_t parent)
{
    // heaptrack writes a trace only when an allocation needs it, parents first: its stack node
    // is made right away, one child per frame of its instruction pointer.
    NodeId node = parent == 0 ? NodeId {} : NodeId { m_traceNodes[parent - 1] };
    // (operator new's instruction pointers have no frames here: its trace is its parent's node.)
    auto& stacks = m_builder.stacks();
    for (uint32_t f = m_ipFrameBegin[ip], end = m_ipFrameBegin[ip + 1]; f < end; ++f)
        node = stacks.child(node, m_ipFrames[f]);
    m_traceNodes.push_back(node.value);
}

void Parser::onAllocationInfo(const char* p, const char* end)
{
    uint64_t size = 0, trace = 0;
    if (!readHex(p, end, size) || !readHex(p, end, trace) || !infoDefinable(size, trace)) {
        badLine(trace > m_traceNodes.size() ? "allocation info refers to an undefined trace" : "malformed allocation info");
        // A placeholder keeps the numbering of later infos intact.
        addInfo(0, m_builder.callsite(NodeId {}));
        return;
    }
    defineInfo(size, trace);
}

void Parser::handOverSizes(std::vector<SizeCount>& sizes, std::vector<SizeCount>* atPeak)
{
    // Several infos of a callsite can share a size class: sorted by (callsite, class) as one
    // integer, then summed.
    const auto hand = [this](std::vector<KeyedSize>& keyed, std::vector<SizeCount>& out) {
        radixSort(keyed, m_keyedScratch, [](const KeyedSize& k) { return k.key; });
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
        InfoCount& counts = m_infoCounts[index];
        const uint64_t key = (uint64_t(info.callsite.value) << 8) | sizeClassOf(info.size);
        m_keyedSizes.push_back({ key, counts.count });
        const uint32_t countAtPeak = counts.peakStamp == generation ? counts.atPeak : counts.count;
        if (atPeak && countAtPeak)
            m_keyedPeakSizes.push_back({ key, countAtPeak });
        counts = {};
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
        addInfo(static_cast<int64_t>(size), m_builder.callsite(nodeForTrace(trace)));
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
    Events(*this).allocateInfo(info, pointer);
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
        m_lastAllocated = None;
        return;
    }
    Events(*this).releaseInfo(it->second, pointer);
    m_v0Pointers.erase(it);
}

void Parser::onTimestamp(const char* p, const char* end)
{
    uint64_t time = 0;
    if (!readHex(p, end, time) || time > (uint64_t(1) << 52)) {
        badLine("malformed timestamp");
        return;
    }
    m_sawTimestamp = true;
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
    m_builder.doneParsing();
    const auto early = m_lines.describeEarlyEnd();
    const auto endTime = std::to_string(static_cast<uint64_t>(m_builder.currentTime()));
    describeHeaptrackProgram(m_builder, m_context.path);
    if (!early.empty()) {
        m_builder.warn(early + "; the data up to line " + std::to_string(m_lines.lineNumber()) + " (" + endTime
                       + " ms) is shown");
        m_builder.setTruncated();
    } else if (m_eventLines > 0 && m_lastDataMode != 'c' && m_lastDataMode != 'R') {
        // heaptrack's shutdown writes a last timestamp and RSS line; without them the profiled
        // process ended abnormally.
        if (!m_sawTimestamp) {
            // Ended before heaptrack's first 10 ms tick: most often not a kill but an exec (a
            // wrapper script, /usr/bin/env, pyenv's shims), which heaptrack does not follow.
            m_builder.warn(
                "the recording ends before heaptrack's first timestamp, without its closing one: the profiled "
                "process ("
                + (m_sawCommand ? m_builder.info().command : std::string("its command is not recorded"))
                + ") most likely replaced itself with another program (exec, as a wrapper script or "
                  "/usr/bin/env does), which heaptrack does not follow, or was killed at once; record the "
                  "program itself (heaptrack /path/to/program ARGS)");
            m_builder.setTruncated();
        } else if (m_builder.info().goRuntime) {
            // Every Go program's recording ends so (gocgo2.go ran to its end): no cut to tell.
            m_builder.warn("the recording ends at " + endTime
                + " ms without heaptrack's closing timestamp, as every recording of a Go program does: Go's "
                  "runtime ends the process without the C library's exit handlers, where heaptrack writes it. "
                  "Whether the program ended or was killed is not in the file");
        } else {
            m_builder.warn("the recording ends at " + endTime
                + " ms without heaptrack's closing timestamp: the profiled process was probably killed (for "
                  "example by the OOM killer); everything recorded up to then is shown");
            m_builder.setTruncated();
        }
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

} // namespace heapline::heaptrack_detail
