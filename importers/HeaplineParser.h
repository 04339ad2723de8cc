#pragma once

// The Heapline reader's parser, shared by HeaplineReader.cpp (the main loop and the text records)
// and HeaplineSnapshots.cpp (a snapshot's changes, applied when it closes, and the prescanned runs
// of node and change records). Not a public interface: only the reader includes it.

#include "HeaplineRecords.h"
#include "Importer.h"
#include "LineReader.h"
#include "PrescannedRuns.h"
#include "SnapshotBuilderOptions.h"
#include "model/PodVector.h"
#include "model/ProfileBuilder.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace heapline::heapline_detail {

class Parser {
public:
    explicit Parser(ReadContext& context)
        : m_context(context)
        , m_lines(context.lines)
        , m_builder(snapshotBuilderOptions(context.options))
    {
        m_builder.info().format = "heapline";
        m_builder.info().sourcePath = context.path;
        m_builder.info().timeUnit = TimeUnit::Seconds;
        m_censusModule = m_builder.strings().intern("[type census]");
        m_nodes.readAtRandom(); // every node line's parent, every change's node, once it is not the identity
    }

    ImportResult run();

private:
    struct Delta {
        NodeId node;
        CallsiteDelta delta;
    };
    struct Census {
        StringId type;
        int64_t objects;
        int64_t bytes;
    };

    void problem(const std::string& message)
    {
        if (++m_problems <= 3)
            m_firstProblems.push_back("line " + std::to_string(m_lines.lineNumber()) + ": " + message);
    }
    bool string(std::string_view id, StringId& out, bool zeroAllowed);
    void record(std::string_view line);
    // Lines the decompression thread read into records (HeaplineRecords.h), up to one the text
    // path must see because it reports it; true when the whole run was applied.
    bool applyRun(const PrescannedRuns::Run& run);
    bool nodeDefinable(uint64_t id, uint64_t parent, uint64_t frame) const
    {
        return id == m_nodeCount && parent < m_nodeCount && frame != 0 && frame < m_frames.size();
    }
    NodeId node(uint64_t id) const { return m_nodesAreIdentity ? NodeId { static_cast<uint32_t>(id) } : m_nodes[id]; }
    void defineNode(uint64_t parent, uint64_t frame)
    {
        const NodeId defined = m_builder.stacks().child(node(parent), m_frames[frame]);
        if (m_nodesAreIdentity && defined.value != m_nodeCount) {
            m_nodesAreIdentity = false;
            m_nodes.resizeUninitialized(m_nodeCount);
            for (uint32_t id = 0; id < m_nodeCount; ++id)
                m_nodes[id] = NodeId { id };
        }
        if (!m_nodesAreIdentity)
            m_nodes.push_back(defined);
        ++m_nodeCount;
    }
    // Node 0, the root, is the callsite of bytes whose stack is not known (a massif tree's root
    // beyond its children).
    bool changeApplicable(uint64_t node) const { return node < m_nodeCount && m_inSnapshot; }
    // `count` numbers: BYTES and BLOCKS, then (count 5 to 7) ALLOCATIONS, ALLOCATED_BYTES, FREES,
    // RISE, TEMPORARY.
    void addChange(uint64_t node, const int64_t* numbers, size_t count);
    void closeSnapshot();
    void timelinePoint(std::string_view rest);
    // A snapshot's "h" or "b": its one figure in bytes, or nothing after telling why.
    std::optional<int64_t> intervalBytes(char tag, std::string_view rest, const std::string& what);
    CallsiteId censusCallsite(StringId type);

    ReadContext& m_context;
    LineReader& m_lines;
    PrescannedRuns m_prescanned { &heaplineRecordLength };
    ProfileBuilder m_builder;
    // File id → the builder's; 0 is "none". PodVectors: as std::vectors, the node map's
    // doublings (866 000 nodes in a converted cc1plus) copied it and faulted in fresh pages each
    // time, 60% of the load's page faults.
    PodVector<StringId> m_strings = PodVector<StringId>(1);
    PodVector<FrameId> m_frames = PodVector<FrameId>(1);
    // Files Heapline writes (convert) number their nodes as the model does: the map from their
    // IDs to the builder's is the identity until a node says otherwise (a recording's census
    // adds nodes of its own), and is only then written out (3.5 MB for a converted cc1plus).
    PodVector<NodeId> m_nodes;
    uint32_t m_nodeCount = 1; // with the root
    bool m_nodesAreIdentity = true;
    std::vector<std::pair<StringId, CallsiteId>> m_censusCallsites;
    StringId m_censusModule;

    bool m_inSnapshot = false;
    bool m_snapshotIsPeak = false;
    bool m_snapshotUnsampled = false; // "S TIME … unsampled": no point of the timeline there
    double m_snapshotTime = 0;
    uint64_t m_snapshotLine = 0;
    PodVector<Delta> m_deltas;
    PodVector<Census> m_census;
    std::optional<int64_t> m_rss;
    std::optional<int64_t> m_heapHigh; // "h": the most the heap stood at since the previous snapshot
    std::optional<int64_t> m_heapLow; // "b": the least, where below both snapshots' totals
    bool m_sawHighs = false; // any "h", or a "d" with its RISE
    std::vector<std::pair<StringId, double>> m_counters;
    std::vector<std::pair<StringId, int64_t>> m_memory; // `u` records: massif's extra heap, stacks
    std::vector<std::pair<StringId, std::array<int64_t, 5>>> m_memoCaches; // `l` records
    struct Held {
        StringId name, kind;
        int64_t containers = 0, entries = 0, items = 0;
    };
    std::vector<Held> m_held; // `o` records

    int64_t m_snapshots = 0;
    double m_lastSnapshotTime = 0;
    // "t" records: how many, the highest heap among them and when, the last one's time and heap.
    int64_t m_points = 0;
    std::pair<int64_t, double> m_pointsHigh;
    std::pair<double, int64_t> m_lastPoint;
    double m_lastTime = 0;
    bool m_ended = false;
    std::optional<std::pair<int64_t, int64_t>> m_eventCounts;
    uint64_t m_problems = 0;
    std::vector<std::string> m_firstProblems;
    uint64_t m_unknownRecords = 0;
};

} // namespace heapline::heapline_detail
