#include "HeaplineReader.h"

#include "HeaplineParser.h"
#include "HeaptrackProgram.h"

#include <charconv>
#include <cmath>

namespace heapline {

namespace {

bool parseInt(std::string_view text, int64_t& value)
{
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size() && value > -HeaplineMaxMagnitude
        && value < HeaplineMaxMagnitude;
}

bool parseId(std::string_view text, uint64_t& value)
{
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size();
}

// Times and counters, bounded as the whole numbers are: a counter of 1e308 rounded to a whole
// number was undefined (read as -2^63), and a snapshot at 1e308 s made a growth's slope NaN.
bool parseNumber(std::string_view text, double& value)
{
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size() && std::isfinite(value)
        && std::abs(value) < static_cast<double>(HeaplineMaxMagnitude);
}

// Splits at single spaces into at most `max` fields; the last takes the rest of the line.
size_t split(std::string_view line, std::string_view* fields, size_t max)
{
    size_t n = 0;
    while (n + 1 < max) {
        const auto space = line.find(' ');
        if (space == std::string_view::npos)
            break;
        fields[n++] = line.substr(0, space);
        line.remove_prefix(space + 1);
    }
    fields[n++] = line;
    return n;
}

std::string unescape(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\' || i + 1 == text.size()) {
            out += text[i];
            continue;
        }
        const char c = text[++i];
        out += c == 'n' ? '\n' : c == 'r' ? '\r' : c == 't' ? '\t' : c;
    }
    return out;
}

} // namespace

namespace heapline_detail {

bool Parser::string(std::string_view id, StringId& out, bool zeroAllowed)
{
    uint64_t value = 0;
    if (!parseId(id, value) || value >= m_strings.size() || (!zeroAllowed && value == 0)) {
        problem("string " + std::string(id.substr(0, 20)) + " is not defined");
        return false;
    }
    out = m_strings[value];
    return true;
}

CallsiteId Parser::censusCallsite(StringId type)
{
    for (const auto& [t, c] : m_censusCallsites)
        if (t == type)
            return c;
    // One frame per type, under the root: "dict" in [type census].
    const FrameId frame = m_builder.frames().intern({ type, {}, m_censusModule, 0 });
    const CallsiteId c = m_builder.callsite(m_builder.stacks().child(NodeId {}, frame));
    m_builder.markCensus(c);
    m_builder.setCallsiteType(c, type);
    m_censusCallsites.emplace_back(type, c);
    return c;
}

std::optional<int64_t> Parser::intervalBytes(char tag, std::string_view rest, const std::string& what)
{
    int64_t bytes = 0;
    if (!parseInt(rest, bytes) || bytes < 0)
        problem("malformed " + what + " (expected \"" + tag + " BYTES\")");
    else if (!m_inSnapshot)
        problem(what + " outside a snapshot");
    else
        return bytes;
    return std::nullopt;
}

void Parser::timelinePoint(std::string_view rest)
{
    // t TIME HEAP LOW HIGH BLOCKS ALLOCATIONS RSS [NAME BYTES]…; "-" where the source had no figure.
    constexpr size_t MaxFields = 7 + 2 * 8;
    std::string_view f[MaxFields];
    const size_t n = split(rest, f, MaxFields);
    double time = 0;
    int64_t figures[6] = {};
    bool known[6] = {};
    bool ok = n >= 7 && n % 2 == 1 && parseNumber(f[0], time);
    for (size_t i = 0; ok && i < 6; ++i) {
        known[i] = f[i + 1] != "-";
        ok = !known[i] || (parseInt(f[i + 1], figures[i]) && figures[i] >= 0);
    }
    // The heap's three figures together: a point of another series alone has none of them.
    ok = ok && known[0] == known[1] && known[0] == known[2] && figures[1] <= figures[0] && figures[0] <= figures[2];
    if (!ok) {
        problem("malformed timeline point (expected \"t TIME HEAP LOW HIGH BLOCKS ALLOCATIONS RSS [NAME BYTES]…\", "
                "LOW <= HEAP <= HIGH, \"-\" for a figure not recorded)");
        return;
    }
    if (m_inSnapshot) {
        problem("timeline point inside a snapshot");
        return;
    }
    if (time < m_lastTime) {
        problem("timeline point goes back in time");
        return;
    }
    std::vector<std::pair<StringId, int64_t>> memory;
    for (size_t i = 7; i + 1 < n; i += 2) {
        StringId name;
        int64_t bytes = 0;
        if (!parseInt(f[i + 1], bytes) || bytes < 0) {
            problem("malformed memory figure in a timeline point (expected NAME BYTES pairs)");
            return;
        }
        if (!string(f[i], name, false))
            return;
        memory.emplace_back(name, bytes);
    }
    auto& timeline = m_builder.timeline();
    if (known[3])
        timeline.blocks.append(time, figures[3]);
    if (known[4])
        timeline.allocations.append(time, figures[4]);
    if (known[5])
        timeline.rss.append(time, figures[5]);
    for (const auto& [name, bytes] : memory)
        timeline.memorySeries(std::string(m_builder.strings().view(name))).append(time, bytes);
    m_lastTime = time;
    if (!known[0])
        return;
    m_builder.sampleBetween(time, figures[0], figures[1], figures[2]);
    if (m_points == 0 || figures[2] > m_pointsHigh.first)
        m_pointsHigh = { figures[2], time };
    ++m_points;
    m_lastPoint = { time, figures[0] };
}

void Parser::record(std::string_view line)
{
    std::string_view f[HeaplineMaxChangeFields];
    const char tag = line[0];
    const bool single = line.size() == 1;
    if (!single && line[1] != ' ') {
        problem("expected a tag and a space");
        return;
    }
    const std::string_view rest = single ? std::string_view() : line.substr(2);
    switch (tag) {
    case 's': {
        const size_t n = split(rest, f, 2);
        uint64_t id = 0;
        if (n < 2 || !parseId(f[0], id) || id != m_strings.size()) {
            problem("string " + std::string(f[0].substr(0, 20)) + " out of order (expected " + std::to_string(m_strings.size()) + ")");
            return;
        }
        m_strings.push_back(m_builder.strings().intern(unescape(f[1])));
        return;
    }
    case 'f': {
        uint64_t id = 0;
        Frame frame;
        int64_t lineNumber = 0;
        if (split(rest, f, 6) != 5 || !parseId(f[0], id) || id != m_frames.size() || !parseInt(f[3], lineNumber) || lineNumber < 0
            || lineNumber > UINT32_MAX) {
            problem("malformed frame (expected \"f ID FUNCTION FILE LINE MODULE\" with IDs in order)");
            return;
        }
        if (!string(f[1], frame.function, true) || !string(f[2], frame.file, true) || !string(f[4], frame.module, true))
            return;
        frame.line = static_cast<uint32_t>(lineNumber);
        m_frames.push_back(m_builder.frames().intern(frame));
        return;
    }
    case 'n': {
        uint64_t id = 0, parent = 0, frame = 0;
        int64_t fast[3];
        if (fastFields(rest, fast, 3, false) == 3) {
            id = static_cast<uint64_t>(fast[0]);
            parent = static_cast<uint64_t>(fast[1]);
            frame = static_cast<uint64_t>(fast[2]);
        } else if (split(rest, f, 4) != 3 || !parseId(f[0], id) || !parseId(f[1], parent) || !parseId(f[2], frame))
            id = UINT64_MAX;
        if (id != m_nodeCount) {
            problem("malformed stack node (expected \"n ID PARENT FRAME\" with IDs in order)");
            return;
        }
        if (!nodeDefinable(id, parent, frame)) {
            problem("stack node " + std::to_string(id) + " refers to an undefined "
                + (parent >= m_nodeCount ? "parent" : "frame"));
            return;
        }
        defineNode(parent, frame);
        return;
    }
    case 'y': {
        uint64_t node = 0;
        StringId type;
        if (split(rest, f, 3) != 2 || !parseId(f[0], node) || node == 0 || node >= m_nodeCount) {
            problem("type of an undefined stack node");
            return;
        }
        if (string(f[1], type, false))
            m_builder.setCallsiteType(m_builder.callsite(this->node(node)), type);
        return;
    }
    case 'S': {
        if (m_inSnapshot)
            problem("snapshot at line " + std::to_string(m_snapshotLine) + " has no closing E line; it was dropped");
        const size_t n = split(rest, f, 4);
        double time = 0;
        m_inSnapshot = false;
        const bool peak = n >= 2 && f[1] == "peak";
        const bool unsampled = n >= 2 && f[n - 1] == "unsampled";
        if (!parseNumber(f[0], time) || n > 3 || static_cast<size_t>(1 + peak + unsampled) != n
            || (n == 3 && !(peak && unsampled))) {
            problem("malformed snapshot (expected \"S TIME [peak] [unsampled]\")");
            return;
        }
        if (time < m_lastTime) {
            problem("snapshot goes back in time (" + std::string(f[0]) + "); dropped");
            return;
        }
        m_inSnapshot = true;
        m_snapshotIsPeak = peak;
        m_snapshotUnsampled = unsampled;
        m_snapshotTime = time;
        m_snapshotLine = m_lines.lineNumber();
        m_deltas.clear();
        m_census.clear();
        m_counters.clear();
        m_memory.clear();
        m_memoCaches.clear();
        m_held.clear();
        m_rss.reset();
        m_heapHigh.reset();
        m_heapLow.reset();
        return;
    }
    case 'd': {
        int64_t v[HeaplineMaxChangeFields - 1] = {};
        uint64_t node = 0;
        int64_t fast[HeaplineMaxChangeFields];
        size_t n = fastFields(rest, fast, HeaplineMaxChangeFields, true);
        bool ok = heaplineChangeFieldCount(n);
        if (ok) {
            node = static_cast<uint64_t>(fast[0]);
            std::copy(fast + 1, fast + n, v);
        } else {
            n = split(rest, f, HeaplineMaxChangeFields);
            ok = heaplineChangeFieldCount(n) && parseId(f[0], node);
            for (size_t i = 1; ok && i < n; ++i)
                ok = parseInt(f[i], v[i - 1]);
        }
        if (!ok) {
            problem("malformed change (expected \"d NODE BYTES BLOCKS [ALLOCATIONS ALLOCATED_BYTES FREES [RISE "
                    "[TEMPORARY]]]\")");
            return;
        }
        if (node >= m_nodeCount) {
            problem("change of an undefined stack node " + std::to_string(node));
            return;
        }
        if (!m_inSnapshot) {
            problem("change outside a snapshot");
            return;
        }
        addChange(node, v, n - 1);
        return;
    }
    case 'c': {
        Census c {};
        if (split(rest, f, 4) != 3 || !parseInt(f[1], c.objects) || !parseInt(f[2], c.bytes) || c.objects < 0 || c.bytes < 0) {
            problem("malformed census (expected \"c TYPE OBJECTS BYTES\")");
            return;
        }
        if (!string(f[0], c.type, false))
            return;
        if (m_inSnapshot)
            m_census.push_back(c);
        else
            problem("census outside a snapshot");
        return;
    }
    case 'r': {
        int64_t rss = 0;
        if (!parseInt(rest, rss) || rss < 0)
            problem("malformed RSS (expected \"r BYTES\")");
        else if (m_inSnapshot)
            m_rss = rss;
        return;
    }
    case 'h':
        if (const auto high = intervalBytes(tag, rest, "interval high"))
            m_heapHigh = *high, m_sawHighs = true;
        return;
    case 'b':
        if (const auto low = intervalBytes(tag, rest, "interval low"))
            m_heapLow = *low;
        return;
    case 'k': {
        StringId name;
        double value = 0;
        if (split(rest, f, 3) != 2 || !parseNumber(f[1], value)) {
            problem("malformed counter (expected \"k NAME VALUE\")");
            return;
        }
        if (string(f[0], name, false) && m_inSnapshot)
            m_counters.emplace_back(name, value);
        return;
    }
    case 'u': {
        StringId name;
        int64_t bytes = 0;
        if (split(rest, f, 3) != 2 || !parseInt(f[1], bytes) || bytes < 0) {
            problem("malformed memory figure (expected \"u NAME BYTES\")");
            return;
        }
        if (string(f[0], name, false) && m_inSnapshot)
            m_memory.emplace_back(name, bytes);
        return;
    }
    case 'l': {
        // A memoising cache: its caches, entries, maxsize (-1: unbounded), hits and misses.
        StringId name;
        std::array<int64_t, 5> figures {};
        bool ok = split(rest, f, 7) == 6;
        for (size_t i = 0; ok && i < figures.size(); ++i)
            ok = parseInt(f[i + 1], figures[i]) && (figures[i] >= 0 || (i == 2 && figures[i] == -1));
        if (!ok) {
            problem("malformed memoising cache (expected \"l NAME CACHES ENTRIES MAXSIZE HITS MISSES\")");
            return;
        }
        if (string(f[0], name, false) && m_inSnapshot)
            m_memoCaches.emplace_back(name, figures);
        return;
    }
    case 'o': {
        // A container the program keeps, by the name it reaches it through: its kind, how many
        // of that name, the items they hold.
        Held held;
        if (split(rest, f, 6) != 5 || !parseInt(f[2], held.containers) || held.containers < 0
            || !parseInt(f[3], held.entries) || held.entries < 0 || !parseInt(f[4], held.items)
            || held.items < held.entries) {
            problem("malformed held container (expected \"o NAME KIND CONTAINERS ENTRIES ITEMS\")");
            return;
        }
        if (string(f[0], held.name, false) && string(f[1], held.kind, false) && m_inSnapshot)
            m_held.push_back(held);
        return;
    }
    case 't':
        timelinePoint(rest);
        return;
    case 'E':
        if (!m_inSnapshot)
            problem("E without a snapshot");
        else
            closeSnapshot();
        return;
    case 'm': {
        double time = 0;
        StringId name;
        if (split(rest, f, 3) != 2 || !parseNumber(f[0], time)) {
            problem("malformed mark (expected \"m TIME NAME\")");
            return;
        }
        if (string(f[1], name, false))
            m_builder.timeline().marks.push_back({ time, std::string(m_builder.strings().view(name)) });
        return;
    }
    case 'a': {
        int64_t allocations = 0, temporary = 0;
        if (split(rest, f, 3) != 2 || !parseInt(f[0], allocations) || !parseInt(f[1], temporary))
            problem("malformed counts (expected \"a ALLOCATIONS TEMPORARY\")");
        else
            m_eventCounts = { allocations, temporary };
        return;
    }
    case 'w':
        m_builder.warn(unescape(rest));
        return;
    case 'x': {
        double time = 0;
        const size_t n = split(rest, f, 3);
        if (!parseNumber(f[0], time) || (n == 2 && f[1] != "cut"))
            problem("malformed end (expected \"x TIME [cut]\")");
        if (n == 2 && f[1] == "cut")
            m_builder.setTruncated();
        m_ended = true;
        m_lastTime = std::max(m_lastTime, time);
        return;
    }
    default:
        break;
    }
    if (std::islower(static_cast<unsigned char>(tag))) {
        ++m_unknownRecords; // a later minor version's record
        return;
    }
    problem("unknown record \"" + std::string(line.substr(0, 12)) + "\"");
}

ImportResult Parser::run()
{
    std::string_view line;
    if (!m_lines.next(line) || !line.starts_with("heapline ")) {
        return { nullptr, m_context.errorAtLine("not a Heapline profile: the first line must be \"heapline <version>\"") };
    }
    int64_t version = 0;
    if (!parseInt(line.substr(9), version) || version < 1)
        return { nullptr, m_context.errorAtLine("malformed format line \"" + std::string(line.substr(0, 40)) + "\" (expected \"heapline 1\")") };
    if (version > HeaplineFormatVersion)
        return { nullptr, m_context.errorAtLine("Heapline format version " + std::to_string(version) + " is newer than this Heapline reads (version "
                                                + std::to_string(HeaplineFormatVersion) + "); update Heapline") };
    m_builder.info().formatVersion = std::to_string(version);
    m_lines.pipeline().setPrescan(&prescanHeaplineRecords);
    for (;;) {
        for (;;) { // each run made in place (see heaptrack's Parser::scanEvents)
            const PrescannedRuns::Run run = m_prescanned.at(m_lines);
            if (run.count == 0 || !applyRun(run))
                break;
        }
        if (!m_lines.next(line))
            break;
        if (line.empty() || line[0] == '#')
            continue;
        // Records are a tag and a space (or a tag alone); the header's keywords are words.
        if (line.size() < 2 || line[1] == ' ') {
            record(line);
        } else if (line.starts_with("producer ")) {
            m_builder.info().producer = line.substr(9);
        } else if (line.starts_with("command ")) {
            m_builder.info().command = unescape(line.substr(8));
        } else if (line.starts_with("sampling ")) {
            int64_t interval = 0;
            if (!parseInt(line.substr(9), interval) || interval < 1)
                problem("malformed sampling line (expected \"sampling BYTES\", the mean sample interval)");
            else
                m_builder.info().sampleIntervalBytes = interval;
        } else if (line.starts_with("listing ")) {
            double percent = 0;
            const auto text = line.substr(8);
            const auto parsed = std::from_chars(text.data(), text.data() + text.size(), percent);
            if (parsed.ec != std::errc() || parsed.ptr != text.data() + text.size() || percent <= 0 || percent > 100)
                problem("malformed listing line (expected \"listing PERCENT\", the share of a snapshot's total under "
                        "which its entries were not listed)");
            else
                m_builder.info().listingThreshold = percent / 100;
        } else if (line.starts_with("origin ")) {
            m_builder.info().origin = unescape(line.substr(7));
        } else if (line.starts_with("description ")) {
            m_builder.info().description = unescape(line.substr(12));
        } else if (line.starts_with("allocator ")) {
            m_builder.info().replacementAllocator = unescape(line.substr(10));
        } else if (line.starts_with("suppression ")) {
            m_builder.info().embeddedSuppressions.push_back(unescape(line.substr(12)));
        } else if (line == "blocks uncounted") {
            m_builder.info().blocksCounted = false; // converted from massif
        } else if (line.starts_with("start ")) {
            // Informative only: times in the file are relative.
        } else if (line.starts_with("unit ")) {
            const auto unit = line.substr(5);
            if (unit == "s")
                m_builder.info().timeUnit = TimeUnit::Seconds;
            else if (unit == "ms")
                m_builder.info().timeUnit = TimeUnit::Milliseconds;
            else if (unit == "i")
                m_builder.info().timeUnit = TimeUnit::Instructions;
            else if (unit == "B")
                m_builder.info().timeUnit = TimeUnit::Bytes;
            else
                problem("unknown time unit \"" + std::string(unit.substr(0, 10)) + "\" (expected s, ms, i or B)");
        } else {
            record(line);
        }
    }
    if (m_lines.end() == LineReader::End::Cancelled) {
        ImportResult result;
        result.error = ImportError { m_context.path, "loading was cancelled", std::nullopt, std::nullopt, true };
        return result;
    }
    const auto early = m_lines.describeEarlyEnd();
    if (m_snapshots == 0 && m_points == 0) {
        return { nullptr, m_context.errorAtLine(early.empty() ? "no complete snapshot in the file (a snapshot is \"S TIME\" … \"E\")"
                                                             : early + "; no complete snapshot could be read") };
    }
    m_builder.doneParsing();
    if (!early.empty() || !m_ended || m_inSnapshot) {
        std::string text = early.empty() ? std::string("the recording has no end record (the recorder was killed)") : early;
        text += "; the " + std::to_string(m_snapshots) + " complete snapshots are shown";
        if (m_inSnapshot)
            text += " (the last one, from line " + std::to_string(m_snapshotLine) + ", is incomplete)";
        m_builder.warn(text);
        m_builder.setTruncated();
    }
    if (m_problems > 0) {
        std::string text = std::to_string(m_problems) + " problem" + (m_problems == 1 ? "" : "s") + " in the file, skipped (";
        for (size_t i = 0; i < m_firstProblems.size(); ++i)
            text += (i ? "; " : "") + m_firstProblems[i];
        text += m_problems > m_firstProblems.size() ? "; …)" : ")";
        m_builder.warn(text);
    }
    if (m_unknownRecords > 0)
        m_builder.warn(std::to_string(m_unknownRecords) + " record(s) of a newer minor version were skipped");
    if (m_eventCounts) {
        m_builder.setCountsEvents(true);
        m_builder.setTemporaryCount(m_eventCounts->second);
    }
    m_builder.setDuration(m_lastTime);
    // heaptrack takes no snapshots: its timestamps, kept as timeline points, are none either.
    if (m_builder.info().recordedFormat() != "heaptrack")
        m_builder.setSnapshotCount(m_snapshots + m_points);
    m_builder.info().intervalHighs = m_sawHighs;
    if (m_points > 0) {
        // A converted massif file: its peak and its last heap may be snapshots without a tree.
        if (m_pointsHigh.first > m_builder.peakHeapBytes()
            || (m_pointsHigh.first == m_builder.peakHeapBytes() && m_pointsHigh.second < m_builder.peakTime()))
            m_builder.setPeak(m_pointsHigh.first, m_pointsHigh.second);
        if (m_lastPoint.first > m_lastSnapshotTime)
            m_builder.setLeakedBytes(m_lastPoint.second);
    }
    if (m_builder.info().recordedFormat() == "heaptrack")
        describeHeaptrackProgram(m_builder, m_context.path);
    return { m_builder.finish(), std::nullopt };
}

} // namespace heapline_detail

ImportResult HeaplineReader::read(ReadContext& context)
{
    heapline_detail::Parser parser(context);
    return parser.run();
}

} // namespace heapline
