#include "MassifReader.h"

#include "LineReader.h"
#include "SnapshotBuilderOptions.h"
#include "model/Demangle.h"
#include "model/ProfileBuilder.h"

#include <algorithm>
#include <charconv>
#include <limits>

namespace heapline {

namespace {

// Values beyond this are not memory but a corrupt line (and would overflow sums).
constexpr uint64_t MaxBytes = uint64_t(1) << 60;
// Deeper stacks keep their innermost frames: a callsite's cost is its depth, and a hostile file
// could otherwise make every leaf of a 100 000-level tree cost 100 000 steps.
constexpr size_t MaxStackFrames = 1024;

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

bool parseUnsigned(std::string_view text, uint64_t& value)
{
    text = trim(text);
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size();
}

bool parseTime(std::string_view text, double& value)
{
    text = trim(text);
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size() && value >= 0 && value < 1e300;
}

bool isLocation(std::string_view inside, std::string_view& file, uint32_t& line, std::string_view& module)
{
    if (inside.starts_with("in ")) {
        module = trim(inside.substr(3));
        return !module.empty();
    }
    const auto colon = inside.rfind(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == inside.size())
        return false;
    uint64_t number = 0;
    const auto digits = inside.substr(colon + 1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    if (ec != std::errc() || end != digits.data() + digits.size() || number > std::numeric_limits<uint32_t>::max())
        return false;
    file = inside.substr(0, colon);
    line = static_cast<uint32_t>(number);
    return true;
}

} // namespace

MassifLabel parseMassifLabel(std::string_view label)
{
    MassifLabel result;
    label = trim(label);
    if (label.starts_with("in ") && label.find("threshold") != std::string_view::npos) {
        result.kind = MassifLabel::Kind::BelowThreshold;
        return result;
    }
    if (!label.starts_with("0x")) {
        result.function = label;
        return result;
    }
    const auto colon = label.find(": ");
    uint64_t address = 0;
    if (colon == std::string_view::npos
        || std::from_chars(label.data() + 2, label.data() + colon, address, 16).ptr != label.data() + colon) {
        result.function = label;
        return result;
    }
    result.kind = MassifLabel::Kind::Code;
    result.address = address;
    std::string_view rest = trim(label.substr(colon + 2));
    // The location is the balanced group that ends the label.
    if (rest.ends_with(')')) {
        int depth = 0;
        size_t open = std::string_view::npos;
        for (size_t i = rest.size(); i-- > 0;) {
            if (rest[i] == ')')
                ++depth;
            else if (rest[i] == '(' && --depth == 0) {
                open = i;
                break;
            }
        }
        if (open != std::string_view::npos && open > 0 && rest[open - 1] == ' '
            && isLocation(rest.substr(open + 1, rest.size() - open - 2), result.file, result.line, result.module)) {
            rest = trim(rest.substr(0, open));
        }
    }
    result.function = rest;
    return result;
}

namespace {

class Parser {
public:
    explicit Parser(ReadContext& context)
        : m_context(context)
        , m_lines(context.lines)
        , m_builder(snapshotBuilderOptions(context.options))
    {
        m_builder.info().format = "massif";
        m_builder.info().blocksCounted = false;
        m_builder.info().sourcePath = context.path;
        m_builder.info().timeUnit = TimeUnit::Instructions;
        m_builder.info().intervalHighs = false; // snapshots only
        m_belowThreshold = m_builder.frames().intern({ m_builder.strings().intern("below massif's threshold"), {}, {}, 0 });
        m_unknownFunction = m_builder.strings().intern("???");
    }

    ImportResult run();

private:
    struct Snapshot {
        bool active = false;
        uint64_t number = 0;
        uint64_t line = 0;
        std::optional<double> time;
        std::optional<uint64_t> heap, extra, stacks;
        std::string_view missingField() const
        {
            if (!time)
                return "time=";
            if (!heap)
                return "mem_heap_B=";
            if (!extra)
                return "mem_heap_extra_B=";
            if (!stacks)
                return "mem_stacks_B=";
            return {};
        }
    };
    struct Level {
        FrameId frame; // none for the root
        int64_t bytes;
        int64_t childBytes;
        uint64_t announcedChildren;
        uint64_t seenChildren;
        uint64_t line;
    };

    void warnAt(uint64_t line, const std::string& message);
    bool headerLine(std::string_view line);
    void snapshotField(std::string_view line);
    void startTree(bool peak);
    void treeLine(std::string_view line);
    void closeLevel();
    void finishTree(bool complete);
    void commitHeader();
    FrameId frameFor(const MassifLabel& label, std::string_view raw);
    CallsiteId callsiteForPath();

    ReadContext& m_context;
    LineReader& m_lines;
    ProfileBuilder m_builder;
    FrameId m_belowThreshold;
    // The share of a snapshot's total (heap, extra heap, stacks) under which its tree lists no
    // entry: valgrind's --threshold (a percentage, 1.0 by default), which the desc: line carries
    // where it was given; heaptrack_print -M's --massif-threshold is 1 by default too, and its
    // desc: says only "heaptrack".
    static double listingThreshold(const std::string& description)
    {
        constexpr std::string_view option = "--threshold=";
        const size_t at = description.rfind(option);
        if (at == std::string::npos)
            return 0.01;
        const char* begin = description.data() + at + option.size();
        double percent = 0;
        const auto parsed = std::from_chars(begin, description.data() + description.size(), percent);
        return parsed.ec == std::errc() && percent >= 0 && percent <= 100 ? percent / 100 : 0.01;
    }
    StringId m_unknownFunction;

    std::string m_description;
    bool m_sawCommand = false;
    bool m_sawTimeUnit = false;
    Snapshot m_snapshot;
    bool m_inTree = false;
    bool m_treeIsPeak = false;
    std::vector<Level> m_levels;
    std::vector<std::pair<CallsiteId, int64_t>> m_treeCallsites;

    int64_t m_snapshots = 0;
    int64_t m_detailedSnapshots = 0; // with the heap's tree: the checkpoints
    double m_lastTime = 0;
    uint64_t m_lastHeap = 0;
    uint64_t m_maxHeap = 0;
    uint64_t m_maxBesideHeap = 0; // the most of heap extra and stacks (--stacks=yes) in a snapshot
    double m_maxHeapTime = 0;
    bool m_sawTruncatedStack = false;
    uint64_t m_countMismatches = 0;
    uint64_t m_badLines = 0;
    std::vector<std::string> m_firstProblems;
};

void Parser::warnAt(uint64_t line, const std::string& message)
{
    ++m_badLines;
    if (m_firstProblems.size() < 3)
        m_firstProblems.push_back("line " + std::to_string(line) + ": " + message);
}

ImportResult Parser::run()
{
    // ms_print reads a last line without a newline; so do we.
    m_lines.setAcceptUnterminatedLastLine(true);
    std::string_view line;
    while (m_lines.next(line)) {
        if (m_inTree) {
            const auto content = trim(line);
            if (content.empty())
                continue; // blank lines are nothing, as in ms_print
            if (content.size() > 1 && content[0] == 'n' && content[1] >= '0' && content[1] <= '9') {
                treeLine(line);
                continue;
            }
            finishTree(true);
        }
        if (line.empty() || line[0] == '#' || trim(line).empty())
            continue;
        if (headerLine(line))
            continue;
        snapshotField(line);
    }
    if (m_lines.end() == LineReader::End::Cancelled) {
        ImportResult result;
        result.error = ImportError { m_context.path, "loading was cancelled", std::nullopt, std::nullopt, true };
        return result;
    }
    // At the end of the file, the child counts tell a complete last tree from a cut one.
    bool cutInTree = false;
    if (m_inTree) {
        cutInTree = m_levels.empty();
        for (const auto& level : m_levels)
            cutInTree = cutInTree || level.seenChildren < level.announcedChildren;
        finishTree(!cutInTree);
    }
    if (m_snapshot.active && !m_snapshot.missingField().empty())
        warnAt(m_snapshot.line, "snapshot " + std::to_string(m_snapshot.number) + " ends before its " + std::string(m_snapshot.missingField()) + " line");

    if (m_snapshots == 0) {
        const auto early = m_lines.describeEarlyEnd();
        return { nullptr, m_context.errorAtLine(early.empty() ? "no complete massif snapshot in the file (expected \"snapshot=N\" followed by time=, mem_heap_B=, mem_heap_extra_B=, mem_stacks_B= and heap_tree= lines)"
                                                             : early + "; no complete massif snapshot could be read") };
    }

    const auto early = m_lines.describeEarlyEnd();
    if (!early.empty() || cutInTree || (m_snapshot.active && !m_snapshot.missingField().empty())) {
        std::string text = early.empty() ? std::string("the file ends in the middle of a snapshot") : early;
        text += "; the " + std::to_string(m_snapshots) + " complete snapshots up to line " + std::to_string(m_lines.lineNumber())
            + " are shown (the profiled program was probably killed)";
        m_builder.warn(text);
        m_builder.setTruncated();
    }
    if (m_badLines > 0) {
        std::string text = std::to_string(m_badLines) + " problem" + (m_badLines == 1 ? "" : "s") + " in the file (";
        for (size_t i = 0; i < m_firstProblems.size(); ++i)
            text += (i ? "; " : "") + m_firstProblems[i];
        text += m_badLines > m_firstProblems.size() ? "; …)" : ")";
        m_builder.warn(text);
    }
    if (m_countMismatches > 0)
        m_builder.warn(std::to_string(m_countMismatches) + " tree node(s) announce a different number of children than follow them; the indentation was followed");
    if (m_sawTruncatedStack)
        m_builder.warn("stacks deeper than " + std::to_string(MaxStackFrames) + " frames keep their innermost " + std::to_string(MaxStackFrames));
    // Without a tree, a snapshot is the heap's total only: the timeline, and nothing to compare.
    // Where the heap stood at 0 B throughout, massif saw no allocation at all, and a tree would
    // not have helped: a Go program (statically linked, its heap mapped by its runtime) left one
    // snapshot of 0 B, and was told to record again with --detailed-freq=1.
    // (A profile of stacks alone, --stacks=yes, has a heap of 0 B and is what was asked for.)
    if (m_maxHeap == 0 && m_maxBesideHeap == 0)
        m_builder.warn("massif saw no allocation: the heap is 0 B in every snapshot. massif counts what malloc, new "
                       "and their kin allocate, and a program that takes its memory otherwise is not seen: a "
                       "statically linked one, whose malloc massif cannot replace, or a Go program, whose runtime "
                       "maps its heap with mmap. valgrind --tool=massif --pages-as-heap=yes counts every page "
                       "mapped instead; "
            + std::string(GoHeapProfileAdvice) + " records a Go program's heap");
    else if (m_detailedSnapshots == 0)
        m_builder.warn(
            (m_snapshots == 1 ? std::string("the file's one snapshot is not detailed (its heap_tree is empty)")
                              : "none of the " + std::to_string(m_snapshots)
                        + " snapshots is detailed (every heap_tree is empty)")
            + ": the heap's totals are shown, not where it was allocated; record again with valgrind --tool=massif "
              "--detailed-freq=1 for every snapshot's tree");
    if (!m_sawCommand)
        m_builder.warn("no \"cmd:\" line in the file");
    if (!m_sawTimeUnit)
        m_builder.warn("no \"time_unit:\" line in the file: times are read as instructions");

    m_builder.info().description = m_description;
    m_builder.info().listingThreshold = listingThreshold(m_description);
    m_builder.setPeak(static_cast<int64_t>(m_maxHeap), m_maxHeapTime);
    m_builder.setLeakedBytes(static_cast<int64_t>(m_lastHeap));
    m_builder.setDuration(m_lastTime);
    m_builder.setSnapshotCount(m_snapshots);
    return { m_builder.finish(), std::nullopt };
}

bool Parser::headerLine(std::string_view line)
{
    if (line.starts_with("desc:")) {
        if (!m_description.empty())
            m_description += ' ';
        m_description += trim(line.substr(5));
        return true;
    }
    if (line.starts_with("cmd:")) {
        m_builder.info().command = std::string(trim(line.substr(4)));
        m_sawCommand = true;
        return true;
    }
    if (line.starts_with("time_unit:")) {
        const auto unit = trim(line.substr(10));
        m_sawTimeUnit = true;
        if (unit == "i")
            m_builder.info().timeUnit = TimeUnit::Instructions;
        else if (unit == "ms")
            m_builder.info().timeUnit = TimeUnit::Milliseconds;
        else if (unit == "B")
            m_builder.info().timeUnit = TimeUnit::Bytes;
        else if (unit == "s")
            m_builder.info().timeUnit = TimeUnit::Seconds;
        else
            warnAt(m_lines.lineNumber(), "unknown time unit \"" + std::string(unit) + "\" (expected i, ms or B); read as instructions");
        return true;
    }
    return false;
}

void Parser::snapshotField(std::string_view line)
{
    const auto equals = line.find('=');
    if (equals == std::string_view::npos) {
        warnAt(m_lines.lineNumber(), "unexpected line \"" + std::string(line.substr(0, 60)) + "\"");
        return;
    }
    const auto key = trim(line.substr(0, equals));
    const auto value = line.substr(equals + 1);
    const uint64_t lineNumber = m_lines.lineNumber();
    if (key == "snapshot") {
        if (m_snapshot.active && !m_snapshot.missingField().empty())
            warnAt(m_snapshot.line, "snapshot " + std::to_string(m_snapshot.number) + " lacks its " + std::string(m_snapshot.missingField()) + " line");
        m_snapshot = {};
        m_snapshot.active = true;
        m_snapshot.line = lineNumber;
        if (!parseUnsigned(value, m_snapshot.number))
            warnAt(lineNumber, "malformed snapshot number");
        return;
    }
    if (!m_snapshot.active) {
        warnAt(lineNumber, "\"" + std::string(key) + "=\" outside a snapshot");
        return;
    }
    uint64_t number = 0;
    if (key == "time") {
        double time = 0;
        if (parseTime(value, time))
            m_snapshot.time = time;
        else
            warnAt(lineNumber, "malformed time");
    } else if (key == "mem_heap_B" || key == "mem_heap_extra_B" || key == "mem_stacks_B") {
        if (!parseUnsigned(value, number) || number > MaxBytes) {
            warnAt(lineNumber, "malformed or absurd " + std::string(key));
            return;
        }
        (key == "mem_heap_B" ? m_snapshot.heap : key == "mem_heap_extra_B" ? m_snapshot.extra : m_snapshot.stacks) = number;
    } else if (key == "heap_tree") {
        const auto kind = trim(value);
        if (!m_snapshot.missingField().empty()) {
            warnAt(lineNumber, "snapshot " + std::to_string(m_snapshot.number) + " lacks its " + std::string(m_snapshot.missingField()) + " line");
            // Its tree is read past, but an incomplete snapshot is no checkpoint.
            m_snapshot.active = false;
            if (kind != "empty")
                startTree(false);
            return;
        }
        commitHeader();
        if (kind == "detailed" || kind == "peak")
            startTree(kind == "peak");
        else if (kind != "empty")
            warnAt(lineNumber, "expected heap_tree=empty, detailed or peak");
        if (!m_inTree)
            m_snapshot.active = false;
    } else {
        warnAt(lineNumber, "unknown field \"" + std::string(key) + "\"");
    }
}

void Parser::commitHeader()
{
    double time = *m_snapshot.time;
    if (m_snapshots > 0 && time < m_lastTime) {
        warnAt(m_snapshot.line, "snapshot " + std::to_string(m_snapshot.number) + " goes back in time; shown at the previous time");
        time = m_lastTime;
    }
    m_snapshot.time = time;
    ++m_snapshots;
    m_lastTime = time;
    m_lastHeap = *m_snapshot.heap;
    m_maxBesideHeap = std::max<uint64_t>(m_maxBesideHeap, *m_snapshot.extra + *m_snapshot.stacks);
    if (m_snapshots == 1 || *m_snapshot.heap > m_maxHeap) {
        m_maxHeap = *m_snapshot.heap;
        m_maxHeapTime = time;
    }
    auto& timeline = m_builder.timeline();
    if (m_snapshots == 1) {
        // Their names in the profile's strings: a converted file names them by string ID.
        m_builder.strings().intern("heap extra");
        m_builder.strings().intern("stacks");
    }
    timeline.heap.append(time, static_cast<int64_t>(*m_snapshot.heap));
    timeline.memorySeries("heap extra").append(time, static_cast<int64_t>(*m_snapshot.extra));
    timeline.memorySeries("stacks").append(time, static_cast<int64_t>(*m_snapshot.stacks));
}

void Parser::startTree(bool peak)
{
    m_inTree = true;
    m_treeIsPeak = peak;
    m_levels.clear();
    m_treeCallsites.clear();
}

void Parser::treeLine(std::string_view line)
{
    const uint64_t lineNumber = m_lines.lineNumber();
    size_t depth = 0;
    while (depth < line.size() && line[depth] == ' ')
        ++depth;
    std::string_view rest = line.substr(depth + 1); // after 'n'
    const auto colon = rest.find(':');
    uint64_t children = 0, bytes = 0;
    if (colon == std::string_view::npos || !parseUnsigned(rest.substr(0, colon), children)) {
        warnAt(lineNumber, "malformed tree line");
        return;
    }
    rest = rest.substr(colon + 1);
    while (!rest.empty() && rest.front() == ' ')
        rest.remove_prefix(1);
    const auto space = rest.find(' ');
    if (!parseUnsigned(rest.substr(0, space), bytes) || bytes > MaxBytes) {
        warnAt(lineNumber, "malformed or absurd byte count in a tree line");
        return;
    }
    const std::string_view label = space == std::string_view::npos ? std::string_view {} : rest.substr(space + 1);

    if (m_levels.empty()) {
        if (depth != 0)
            ++m_countMismatches;
        m_levels.push_back({ FrameId {}, static_cast<int64_t>(bytes), 0, children, 0, lineNumber });
        return;
    }
    depth = std::max<size_t>(depth, 1);
    while (m_levels.size() > depth)
        closeLevel();
    // A line indented deeper than a child of the deepest open node hangs from that node.
    Level& parent = m_levels.back();
    if (++parent.seenChildren > parent.announcedChildren && parent.seenChildren == parent.announcedChildren + 1)
        ++m_countMismatches;
    parent.childBytes += static_cast<int64_t>(bytes);
    const auto parsed = parseMassifLabel(label);
    const FrameId frame = parsed.kind == MassifLabel::Kind::BelowThreshold ? m_belowThreshold : frameFor(parsed, label);
    m_levels.push_back({ frame, static_cast<int64_t>(bytes), 0, children, 0, lineNumber });
}

FrameId Parser::frameFor(const MassifLabel& label, std::string_view raw)
{
    auto& strings = m_builder.strings();
    Frame frame;
    std::string_view function = label.function.empty() ? raw : label.function;
    if (function == "???" || function.empty())
        frame.function = m_unknownFunction;
    else if (looksMangled(function))
        frame.function = strings.intern(demangle(function));
    else
        frame.function = strings.intern(function);
    frame.file = strings.intern(label.file);
    frame.module = strings.intern(label.module);
    frame.line = label.line;
    return m_builder.frames().intern(frame);
}

// The callsite of the innermost open level: massif's tree runs from the allocation outward, the
// stack tree from the outermost caller in, so the path is walked backwards.
CallsiteId Parser::callsiteForPath()
{
    auto& stacks = m_builder.stacks();
    NodeId node;
    // m_levels[1] is the frame nearest the allocation; deeper levels are its callers.
    const size_t outermostKept = std::min(m_levels.size() - 1, MaxStackFrames);
    if (m_levels.size() - 1 > MaxStackFrames)
        m_sawTruncatedStack = true;
    for (size_t i = outermostKept; i >= 1; --i)
        node = stacks.child(node, m_levels[i].frame);
    return m_builder.callsite(node);
}

void Parser::closeLevel()
{
    const Level& level = m_levels.back();
    if (level.seenChildren < level.announcedChildren)
        ++m_countMismatches;
    // What the node holds beyond its children is allocated right there: a leaf's bytes, a
    // below-threshold entry's bytes, or the part of an inner node its listed children miss.
    const int64_t own = level.bytes - level.childBytes;
    if (own > 0)
        m_treeCallsites.emplace_back(callsiteForPath(), own);
    m_levels.pop_back();
}

void Parser::finishTree(bool complete)
{
    while (!m_levels.empty())
        closeLevel();
    m_inTree = false;
    const bool wasPeak = m_treeIsPeak;
    if (!complete || !m_snapshot.active) {
        m_snapshot.active = false;
        return;
    }
    std::sort(m_treeCallsites.begin(), m_treeCallsites.end());
    for (size_t i = 0; i < m_treeCallsites.size();) {
        const CallsiteId c = m_treeCallsites[i].first;
        int64_t bytes = 0;
        for (; i < m_treeCallsites.size() && m_treeCallsites[i].first == c; ++i)
            bytes += m_treeCallsites[i].second;
        m_builder.setLive(c, { bytes, 0 });
    }
    m_builder.clearUnsetCallsites();
    m_builder.checkpoint(*m_snapshot.time, false, wasPeak);
    ++m_detailedSnapshots;
    m_snapshot.active = false;
}

} // namespace

ImportResult MassifReader::read(ReadContext& context)
{
    Parser parser(context);
    return parser.run();
}

} // namespace heapline
