#include "HeaplineParser.h"

#include <cmath>

namespace heapline::heapline_detail {

void Parser::addChange(uint64_t node, const int64_t* numbers, size_t count)
{
    // Filled in place. Made on the stack and then copied, the change was read back in 16-byte
    // halves of the 8-byte fields just written there: each read waited for its two stores (a
    // failed store-to-load forwarding, three per change), a fifth of the parser's time in a
    // converted cc1plus-40M's changes.
    Delta& d = m_deltas.emplace_back();
    d.node = this->node(node);
    CallsiteDelta& delta = d.delta;
    delta.bytes = numbers[0];
    delta.blocks = numbers[1];
    if (count >= 5) {
        delta.allocations = std::max<int64_t>(numbers[2], 0);
        delta.allocatedBytes = std::max<int64_t>(numbers[3], 0);
        delta.frees = std::max<int64_t>(numbers[4], 0);
    }
    if (count >= 6) {
        delta.peakRise = std::max<int64_t>(numbers[5], 0);
        m_sawHighs = true;
    }
    if (count == 7)
        delta.temporary = std::max<int64_t>(numbers[6], 0);
}

bool Parser::applyRun(const PrescannedRuns::Run& run)
{
    const uint32_t* value = run.values;
    uint32_t applied = 0;
    for (; applied < run.count; ++applied) {
        const uint32_t head = *value;
        if ((head & 1) == HeaplineNodeRecord) {
            if (!nodeDefinable(head >> 1, value[1], value[2]))
                break;
            defineNode(value[1], value[2]);
            value += 3;
            continue;
        }
        if (!changeApplicable(value[1]))
            break;
        const uint32_t fields = heaplineChangeFields(head);
        const uint32_t wide = heaplineChangeWide(head);
        const uint32_t* number = value + 2;
        int64_t numbers[HeaplineMaxChangeFields - 1];
        for (uint32_t i = 0; i + 1 < fields; ++i) {
            if (wide & (1u << i)) {
                numbers[i] = static_cast<int64_t>(number[0] | static_cast<uint64_t>(number[1]) << 32);
                number += 2;
            } else {
                numbers[i] = static_cast<int32_t>(*number++);
            }
        }
        addChange(value[1], numbers, fields - 1);
        value = number;
    }
    if (applied > 0)
        PrescannedRuns::consume(m_lines, run, applied);
    return applied == run.count;
}

void Parser::closeSnapshot()
{
    m_inSnapshot = false;
    m_builder.advanceTime(m_snapshotTime);
    // A snapshot's changes land all over the builder's tables (a converted cc1plus: 238 000
    // changes to 95 000 callsites): their lines are fetched a few changes ahead, the callsites
    // first, then their state.
    constexpr size_t Ahead = 8;
    const size_t count = m_deltas.size();
    for (size_t i = 0; i < count; ++i) {
        if (i + Ahead < count)
            m_builder.prefetchCallsite(m_deltas[i + Ahead].node);
        m_deltas[i].delta.callsite = m_builder.callsite(m_deltas[i].node);
    }
    for (size_t i = 0; i < count; ++i) {
        if (i + Ahead < count)
            m_builder.prefetchChange(m_deltas[i + Ahead].delta.callsite);
        m_builder.applyDelta(m_deltas[i].delta);
    }
    for (const auto& c : m_census)
        m_builder.setLive(censusCallsite(c.type), { c.bytes, c.objects });
    auto& timeline = m_builder.timeline();
    if (m_rss)
        timeline.rss.append(m_snapshotTime, *m_rss);
    for (const auto& [name, value] : m_counters)
        timeline.counter(std::string(m_builder.strings().view(name)))
            .append(m_snapshotTime, static_cast<int64_t>(std::llround(value)));
    for (const auto& [name, bytes] : m_memory)
        timeline.memorySeries(std::string(m_builder.strings().view(name))).append(m_snapshotTime, bytes);
    for (const auto& [name, figures] : m_memoCaches) {
        MemoCache& cache = timeline.memoCache(std::string(m_builder.strings().view(name)));
        Series* series[] = { &cache.caches, &cache.entries, &cache.maxsize, &cache.hits, &cache.misses };
        for (size_t i = 0; i < figures.size(); ++i)
            series[i]->append(m_snapshotTime, figures[i]);
    }
    for (const Held& held : m_held) {
        HeldContainer& container = timeline.heldContainer(std::string(m_builder.strings().view(held.name)));
        container.kind = m_builder.strings().view(held.kind);
        container.containers.append(m_snapshotTime, held.containers);
        container.entries.append(m_snapshotTime, held.entries);
        container.items.append(m_snapshotTime, held.items);
    }
    // A converted massif file's snapshots are massif's: instants, as its reader shows them (the
    // range from the previous one had made the heap's class read linear where massif's is spiky).
    m_builder.settleSnapshot(m_builder.info().recordedFormat() == "massif");
    if (m_heapHigh)
        m_builder.noteHeapHigh(*m_heapHigh);
    if (m_heapLow)
        m_builder.noteHeapLow(*m_heapLow);
    if (!m_snapshotUnsampled)
        m_builder.sampleTimeline();
    m_builder.checkpoint(m_snapshotTime, false, m_snapshotIsPeak);
    m_lastTime = m_lastSnapshotTime = m_snapshotTime;
    ++m_snapshots;
}

} // namespace heapline::heapline_detail
