#include "HeaplineWriter.h"

#include "HeaplineReader.h"
#include "TextSink.h"
#include "model/AtomicFile.h"

#include <absl/container/flat_hash_map.h>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <span>

namespace heapline {

namespace {

std::string escape(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            out += c;
        }
    }
    return out;
}

const char* unitName(TimeUnit unit)
{
    switch (unit) {
    case TimeUnit::Seconds:
        return "s";
    case TimeUnit::Milliseconds:
        return "ms";
    case TimeUnit::Instructions:
        return "i";
    case TimeUnit::Bytes:
        return "B";
    }
    return "ms";
}

// The points of the timeline between checkpoints, where the source knew more than the model's
// checkpoints: massif's snapshots without a tree (a converted massif file lost its last
// snapshot's heap, and every peak between its detailed ones), heaptrack's timestamps and their
// RSS. Written as "t" records in time order among the snapshots.
class TimelinePoints {
public:
    TimelinePoints(const Timeline& timeline, const std::vector<uint32_t>& memoryNames)
        : m_heap { timeline.heap.points() }
        , m_blocks { timeline.blocks.points() }
        , m_allocations { timeline.allocations.points() }
        , m_rss { timeline.rss.points() }
        , m_memoryNames(memoryNames)
    {
        for (const auto& memory : timeline.memory)
            m_memory.push_back({ memory.series.points() });
        // As many records at an instant as the series with the most points there has (massif
        // takes several snapshots at one instant: 16 at the start of libleak-pages; heaptrack's
        // closing RSS shares its last timestamp's instant).
        std::map<double, size_t> counts;
        const auto count = [&](const Cursor& cursor) {
            for (size_t i = 0; i < cursor.points.size();) {
                size_t same = 1;
                while (i + same < cursor.points.size() && cursor.points[i + same].time == cursor.points[i].time)
                    ++same;
                size_t& most = counts[cursor.points[i].time];
                most = std::max(most, same);
                i += same;
            }
        };
        for (const auto* cursor : { &m_heap, &m_blocks, &m_allocations, &m_rss })
            count(*cursor);
        for (const auto& cursor : m_memory)
            count(cursor);
        for (const auto& [time, most] : counts)
            m_times.insert(m_times.end(), most, time);
    }

    // The points after the last one written up to `time`, a checkpoint's, but the one its
    // snapshot stands for (the heap there at the checkpoint's `total`: heaptrack's timestamp can
    // read a heap other than the checkpoint of the same instant). Sets `level` to the heap at the
    // last point with a heap written, where it wrote any, and `sampled` to whether the snapshot
    // has a point of its own.
    void writeBefore(TextSink& out, double time, int64_t total, int64_t& level, bool& sampled)
    {
        sampled = false;
        m_ownRss.reset();
        for (; m_next < m_times.size() && m_times[m_next] < time; ++m_next)
            if (const auto heap = writePoint(out, m_times[m_next]))
                level = *heap;
        // Points of the same instant after the snapshot's own are left to the next snapshot, where
        // it is of that instant too (massif takes several at once: 16 at libleak-pages' start).
        for (; m_next < m_times.size() && m_times[m_next] == time; ++m_next) {
            const SeriesPoint* heap = m_heap.peek(time);
            if (!heap || heap->value == total) {
                sampled = heap != nullptr;
                if (heap)
                    m_ownRange = { heap->min, heap->max };
                const SeriesPoint* rss = m_rss.take(time);
                m_ownRss = rss ? std::optional<int64_t>(rss->value) : std::nullopt;
                for (auto* cursor : { &m_heap, &m_blocks, &m_allocations })
                    cursor->take(time);
                for (auto& cursor : m_memory)
                    cursor.take(time);
                ++m_next;
                break;
            }
            if (const auto written = writePoint(out, time))
                level = *written;
        }
    }

    // The source's RSS at the snapshot writeBefore() last stopped at, where it read one there.
    std::optional<int64_t> ownRss() const { return m_ownRss; }
    // The heap's lowest and highest since the point before that snapshot, where it is sampled.
    std::pair<int64_t, int64_t> ownRange() const { return m_ownRange; }

private:
    struct Cursor {
        std::span<const SeriesPoint> points;
        size_t at = 0;
        // The next point, where it is at `time`.
        const SeriesPoint* peek(double time)
        {
            while (at < points.size() && points[at].time < time)
                ++at;
            return at < points.size() && points[at].time == time ? &points[at] : nullptr;
        }
        const SeriesPoint* take(double time)
        {
            const SeriesPoint* point = peek(time);
            at += point != nullptr;
            return point;
        }
    };
    // The heap at the point written, where it has one (a point of RSS alone has none).
    std::optional<int64_t> writePoint(TextSink& out, double time)
    {
        const SeriesPoint* heap = m_heap.take(time);
        out.put("t ");
        out.real(time);
        if (heap) {
            for (const int64_t v : { heap->value, heap->min, heap->max }) {
                out.put(' ');
                out.number(v);
            }
        } else {
            out.put(" - - -");
        }
        for (auto* cursor : { &m_blocks, &m_allocations, &m_rss }) {
            out.put(' ');
            if (const SeriesPoint* point = cursor->take(time))
                out.number(point->value);
            else
                out.put('-');
        }
        for (size_t i = 0; i < m_memory.size(); ++i)
            if (const SeriesPoint* point = m_memory[i].take(time)) {
                out.put(' ');
                out.number(m_memoryNames[i]);
                out.put(' ');
                out.number(point->value);
            }
        out.put('\n');
        return heap ? std::optional<int64_t>(heap->value) : std::nullopt;
    }

    Cursor m_heap, m_blocks, m_allocations, m_rss;
    std::vector<Cursor> m_memory;
    const std::vector<uint32_t>& m_memoryNames;
    std::vector<double> m_times;
    size_t m_next = 0;
    std::optional<int64_t> m_ownRss;
    std::pair<int64_t, int64_t> m_ownRange;
};

void writeBody(const Profile& p, TextSink& out, const std::string& producer,
    const std::function<bool(double)>& progress, bool& cancelled)
{
    const auto& info = p.info();
    out.put("heapline ");
    out.number(HeaplineFormatVersion);
    out.put("\nproducer ");
    // A Heapline file keeps its producer: the recorder's version says what its figures mean (a
    // converted recording's RSS had read as counting the recorder's own tables).
    out.put(escape(info.format == "heapline" && !info.producer.empty() ? info.producer : producer));
    if (!info.command.empty()) {
        out.put("\ncommand ");
        out.put(escape(info.command));
    }
    out.put("\nunit ");
    out.put(unitName(info.timeUnit));
    out.put('\n');
    if (info.sampleIntervalBytes > 0) {
        out.put("sampling ");
        out.number(info.sampleIntervalBytes);
        out.put('\n');
    }
    if (!info.blocksCounted)
        out.put("blocks uncounted\n"); // a reader older than the keyword skips it as a later version's record
    if (info.listingThreshold > 0) {
        char percent[48];
        std::snprintf(percent, sizeof percent, "listing %.17g\n", info.listingThreshold * 100);
        out.put(percent);
    }

    // What the first screen says of a recording is said of it converted too (a converted massif
    // file had read "Leaked" for massif's last snapshot, a converted Go program as mmap's).
    const auto keyword = [&](std::string_view name, const std::string& text) {
        if (text.empty())
            return;
        out.put(name);
        out.put(' ');
        out.put(escape(text));
        out.put('\n');
    };
    if (info.recordedFormat() != "heapline")
        keyword("origin", info.recordedFormat());
    keyword("description", info.description);
    keyword("allocator", info.replacementAllocator);
    for (const auto& pattern : info.embeddedSuppressions)
        keyword("suppression", pattern);
    absl::flat_hash_map<uint32_t, uint32_t> stringIds; // model id → file id
    const auto stringId = [&](StringId id) -> uint32_t {
        if (id.value == 0)
            return 0;
        auto [it, inserted] = stringIds.try_emplace(id.value, static_cast<uint32_t>(stringIds.size() + 1));
        if (inserted) {
            out.put("s ");
            out.number(it->second);
            out.put(' ');
            out.put(escape(p.string(id)));
            out.put('\n');
        }
        return it->second;
    };
    absl::flat_hash_map<uint32_t, uint32_t> frameIds;
    const auto frameId = [&](FrameId id) -> uint32_t {
        if (const auto it = frameIds.find(id.value); it != frameIds.end())
            return it->second;
        const Frame& f = p.frames()[id];
        const uint32_t function = stringId(f.function), file = stringId(f.file), module = stringId(f.module);
        const auto fileId = static_cast<uint32_t>(frameIds.size() + 1);
        frameIds.emplace(id.value, fileId);
        out.put("f ");
        out.number(fileId);
        out.put(' ');
        out.number(function);
        out.put(' ');
        out.number(file);
        out.put(' ');
        out.number(f.line);
        out.put(' ');
        out.number(module);
        out.put('\n');
        return fileId;
    };
    // Nodes keep their model numbers: a parent always comes before its children.
    const auto& stacks = p.stacks();
    for (uint32_t n = 1; n < stacks.size(); ++n) {
        const auto& node = stacks[NodeId { n }];
        const uint32_t frame = frameId(node.frame);
        out.put("n ");
        out.number(n);
        out.put(' ');
        out.number(node.parent.value);
        out.put(' ');
        out.number(frame);
        out.put('\n');
    }
    for (uint32_t c = 0; c < p.callsiteCount(); ++c) {
        const CallsiteId id { c };
        if (!p.isCensus(id) && p.callsiteType(id).value) {
            const uint32_t type = stringId(p.callsiteType(id));
            out.put("y ");
            out.number(p.callsiteNode(id).value);
            out.put(' ');
            out.number(type);
            out.put('\n');
        }
    }
    std::vector<std::pair<uint32_t, uint32_t>> counterNames;
    for (const auto& counter : p.timeline().counters)
        counterNames.emplace_back(stringId(p.strings().find(counter.name)), 0);
    std::vector<uint32_t> memoryNames;
    for (const auto& memory : p.timeline().memory)
        memoryNames.push_back(stringId(p.strings().find(memory.name)));
    // Memoising caches: written where their figures changed, as the recorder writes them.
    std::vector<uint32_t> memoNames;
    for (const auto& cache : p.timeline().memoCaches)
        memoNames.push_back(stringId(p.strings().find(cache.name)));
    std::vector<std::array<int64_t, 5>> memoWritten(memoNames.size(), { 0, 0, 0, 0, 0 });
    // Held containers: the same.
    std::vector<std::pair<uint32_t, uint32_t>> heldNames;
    for (const auto& held : p.timeline().heldContainers)
        heldNames.emplace_back(stringId(p.strings().find(held.name)), stringId(p.strings().find(held.kind)));
    std::vector<std::array<int64_t, 3>> heldWritten(heldNames.size(), { 0, 0, 0 });

    const auto& store = p.checkpoints();
    const auto& timeline = p.timeline();
    TimelinePoints between(timeline, memoryNames);
    std::vector<LiveState> census(p.hasCensus() ? p.callsiteCount() : 0);
    std::vector<uint32_t> censusTouched;
    const bool temporaries = p.totals().temporaryAllocations.has_value();
    // The heap at the timeline's last point written (a "t", or a snapshot with a point of its
    // own): where a reader's next snapshot starts its interval from.
    int64_t levelSince = store.totalAt(0).bytes;
    for (size_t k = 1; k < store.size(); ++k) {
        if (progress && k % 16 == 0 && !progress(static_cast<double>(k) / static_cast<double>(store.size()))) {
            cancelled = true;
            return;
        }
        const double time = store.time(k);
        bool sampled = false;
        between.writeBefore(out, time, store.totalAt(k).bytes, levelSince, sampled);
        out.put("S ");
        out.real(time);
        if (p.peakCheckpoint() == k)
            out.put(" peak");
        // heaptrack's checkpoints fall between its timestamps: a point there that the source's
        // timeline did not have had split an interval's high (7 spikes of compile.zst read 11).
        if (!sampled && !timeline.heap.empty())
            out.put(" unsampled");
        out.put('\n');
        censusTouched.clear();
        store.forEachDelta(k, [&](const CallsiteDelta& e) {
            if (p.isCensus(e.callsite)) {
                census[e.callsite.value].bytes += e.bytes;
                census[e.callsite.value].blocks += e.blocks;
                censusTouched.push_back(e.callsite.value);
                return;
            }
            out.put("d ");
            out.number(p.callsiteNode(e.callsite).value);
            for (int64_t v : { e.bytes, e.blocks, e.allocations, e.allocatedBytes, e.frees }) {
                out.put(' ');
                out.number(v);
            }
            // RISE only where the source knew the highs: a converted massif file's read as if it
            // had, and the classes of its rows and its heap changed.
            if (info.intervalHighs) {
                out.put(' ');
                out.number(e.peakRise);
                // Whose temporaries they were, where the source counted them (heaptrack's events):
                // a converted file's Summary had listed none.
                if (temporaries) {
                    out.put(' ');
                    out.number(e.temporary);
                }
            }
            out.put('\n');
        });
        for (uint32_t c : censusTouched) {
            // The name's definition, the first time, goes before the line, not inside it.
            const uint32_t type = stringId(p.callsiteType(CallsiteId { c }));
            out.put("c ");
            out.number(type);
            out.put(' ');
            out.number(census[c].blocks);
            out.put(' ');
            out.number(census[c].bytes);
            out.put('\n');
        }
        // The heap's high and low since the previous point, where the source saw more than the
        // two ends (a batch built and freed in between; memory freed and taken again).
        if (const auto [low, high] = between.ownRange(); sampled) {
            if (high > std::max(levelSince, store.totalAt(k).bytes)) {
                out.put("h ");
                out.number(high);
                out.put('\n');
            }
            if (low < std::min(levelSince, store.totalAt(k).bytes)) {
                out.put("b ");
                out.number(low);
                out.put('\n');
            }
            levelSince = store.totalAt(k).bytes;
        }
        if (const auto rss = between.ownRss()) {
            out.put("r ");
            out.number(*rss);
            out.put('\n');
        }
        for (size_t i = 0; i < timeline.counters.size(); ++i) {
            out.put("k ");
            out.number(counterNames[i].first);
            out.put(' ');
            out.number(timeline.counters[i].series.valueAt(time));
            out.put('\n');
        }
        for (size_t i = 0; sampled && i < timeline.memory.size(); ++i) {
            out.put("u ");
            out.number(memoryNames[i]);
            out.put(' ');
            out.number(timeline.memory[i].series.valueAt(time));
            out.put('\n');
        }
        for (size_t i = 0; i < memoNames.size(); ++i) {
            const MemoCache& cache = timeline.memoCaches[i];
            const std::array<int64_t, 5> figures { cache.caches.valueAt(time), cache.entries.valueAt(time),
                cache.maxsize.valueAt(time), cache.hits.valueAt(time), cache.misses.valueAt(time) };
            if (figures == memoWritten[i])
                continue;
            memoWritten[i] = figures;
            out.put("l ");
            out.number(memoNames[i]);
            for (const int64_t v : figures) {
                out.put(' ');
                out.number(v);
            }
            out.put('\n');
        }
        for (size_t i = 0; i < heldNames.size(); ++i) {
            const HeldContainer& held = timeline.heldContainers[i];
            const std::array<int64_t, 3> figures { held.containers.valueAt(time), held.entries.valueAt(time),
                held.items.valueAt(time) };
            if (figures == heldWritten[i])
                continue;
            heldWritten[i] = figures;
            out.put("o ");
            out.number(heldNames[i].first);
            out.put(' ');
            out.number(heldNames[i].second);
            for (const int64_t v : figures) {
                out.put(' ');
                out.number(v);
            }
            out.put('\n');
        }
        out.put("E\n");
    }
    int64_t levelAtEnd = 0;
    bool sampledAtEnd = false;
    between.writeBefore(out, std::numeric_limits<double>::infinity(), 0, levelAtEnd, sampledAtEnd);
    for (const auto& mark : timeline.marks) {
        // A name no other line used is defined here, before the mark's line: written inside it,
        // the definition broke the line (a converted recording lost its marks, MemoryError's).
        const uint32_t name = stringId(p.strings().find(mark.name));
        out.put("m ");
        out.real(mark.time);
        out.put(' ');
        out.number(name);
        out.put('\n');
    }
    const auto& totals = p.totals();
    if (totals.allocations) {
        out.put("a ");
        out.number(*totals.allocations);
        out.put(' ');
        out.number(totals.temporaryAllocations.value_or(0));
        out.put('\n');
    }
    for (const auto& warning : p.warnings()) {
        out.put("w ");
        out.put(escape(warning));
        out.put('\n');
    }
    out.put("x ");
    out.real(std::max(totals.duration, store.time(store.size() - 1)));
    out.put(p.truncated() ? " cut\n" : "\n");
}

} // namespace

bool writeHeaplineProfile(const Profile& profile, const std::string& path, const std::string& producer, std::string& error,
                          const std::function<bool(double)>& progress)
{
    AtomicFile file(path);
    if (!file.open(error))
        return false;
    bool cancelled = false;
    TextSink sink(file, path.ends_with(".zst"));
    writeBody(profile, sink, producer, progress, cancelled);
    if (cancelled) {
        error = path + ": cancelled";
        return false;
    }
    return sink.commit(error);
}

bool compressFile(const std::string& in, const std::string& out, std::string& error)
{
    std::ifstream input(in, std::ios::binary);
    if (!input) {
        error = in + ": " + std::strerror(errno);
        return false;
    }
    AtomicFile file(out);
    if (!file.open(error))
        return false;
    TextSink sink(file, true);
    std::string chunk(1 << 20, '\0');
    while (input) {
        input.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        sink.put(std::string_view(chunk.data(), static_cast<size_t>(input.gcount())));
    }
    if (input.bad()) {
        error = in + ": read error";
        return false;
    }
    return sink.commit(error);
}

} // namespace heapline
