#pragma once

#include "CallTree.h"
#include "Diff.h"
#include "HandOver.h"
#include "IdleTail.h"
#include "RowFilter.h"
#include "TimeSpec.h"

#include <absl/container/flat_hash_map.h>
#include <absl/hash/hash.h>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace heapline {

// One frame of a stack as every view and report shows it.
struct StackFrame {
    std::string function;
    std::string file; // empty when unknown
    int line = 0; // 0 when unknown
    std::string module; // empty when unknown
    FrameRole role = FrameRole::User;
};

// A callsite's frames, allocation first.
std::vector<StackFrame> stackFrames(const Analysis& analysis, CallsiteId callsite);

// What a user compares: A in one profile (the base, when there is one) and B in the profile,
// the grouping, and the rows to show.
struct ComparisonRequest {
    std::shared_ptr<const Analysis> analysis; // the profile (the "after" one with a base)
    std::shared_ptr<const Analysis> base; // the "before" profile, or null
    TimeSpec from; // in base when there is one
    TimeSpec to;
    Grouping grouping = Grouping::Function;
    RowFilter filter;
    SuppressionSettings suppressions;
};

// "What grew between A and B", worked out once: the diff in the chosen grouping, the same by
// callsite with its top-down tree, the whole "after" run in the grouping (the timeline draws its
// growers over it), and the lookups every view, the CLI and the reports need. Immutable: the GUI
// hands it from its worker to every view; `heapline-cli diff` and `report` read the same object.
class Comparison {
public:
    // `previous`: an earlier comparison of the same profiles; its whole-run rows are reused
    // when the grouping is the same (they do not depend on A and B).
    // `cancel`: once set, the diffs still being made throw DiffCancelled (DiffOptions::cancel).
    static std::shared_ptr<const Comparison> compute(ComparisonRequest request, const Comparison* previous = nullptr,
                                                     std::shared_ptr<const std::atomic<bool>> cancel = nullptr);
    // The same comparison with other rows shown: nothing is computed again.
    std::shared_ptr<const Comparison> withFilter(RowFilter filter) const;
    // The same A and B (and base) in another grouping: this diff when it is the same.
    std::shared_ptr<const DiffResult> diffBy(Grouping grouping) const;

    const ComparisonRequest& request() const { return m_request; }
    const Analysis& analysis() const { return *m_request.analysis; }
    const std::shared_ptr<const Analysis>& analysisPtr() const { return m_request.analysis; }
    const Analysis* base() const { return m_request.base.get(); }
    bool twoFiles() const { return m_request.base != nullptr; }
    // Whether the rows' blocks are counted, in the profile and the base (massif counts none).
    bool countsBlocks() const
    {
        return analysis().profile().countsBlocks() && (!base() || base()->profile().countsBlocks());
    }
    // Whether allocations, frees and allocated bytes are counted: they are the profile's own
    // between A and B, never the base's.
    bool countsAllocations() const { return analysis().profile().countsAllocations(); }
    Grouping grouping() const { return m_request.grouping; }
    const TimeSpec& from() const { return m_request.from; }
    const TimeSpec& to() const { return m_request.to; }
    const RowFilter& filter() const { return m_request.filter; }
    // The callsites the leak suppressions cover in the profile (and the base); never null.
    const SuppressedCallsites& suppressed() const { return *m_suppressed; }
    const SuppressedCallsites* suppressedInBase() const { return m_suppressedBase.get(); }

    const DiffResult& diff() const { return *m_diff; }
    // By callsite: with another grouping its series are A and B only (no class worth showing);
    // diffBy(Grouping::Callsite) is the full one.
    const DiffResult& byCallsite() const { return *m_byCallsite; }
    // By type (the census's), made on first use and kept: the Summary, the diff and the report
    // each ask it of every census finding (kept exceptions, tasks, loggers …).
    const DiffResult& byType() const;
    // The call trees, each shape and direction made on first use and kept (the CLI's diff needs
    // none; the GUI's worker makes the one on screen). cachedTree: null when not made yet.
    std::shared_ptr<const CallTree> tree(CallTree::Direction direction, CallTree::Shape shape) const;
    std::shared_ptr<const CallTree> cachedTree(CallTree::Direction direction, CallTree::Shape shape) const;
    // Each direction and shape's place among the trees (8 in all).
    static size_t treeSlot(CallTree::Direction direction, CallTree::Shape shape);
    const CallTree& topDown() const { return *topDownPtr(); }
    std::shared_ptr<const CallTree> topDownPtr() const { return tree(CallTree::Direction::TopDown, {}); }
    const DiffResult& wholeRun() const { return *wholeRunPtr(); }
    std::shared_ptr<const DiffResult> wholeRunPtr() const;
    // Where the program idled at the end (findIdleTail), found on first use and kept: the Summary,
    // the reports and the Diff's details at every row picked ask it, and it lists the first
    // screen's rows.
    const std::optional<IdleTail>& idleTail() const;
    // The hand-overs of the first growers (handOversOfGrowers), found on first use and kept: the
    // Diff's details ask them at every row picked, of a giver for each grower.
    const std::vector<GrowerHandOver>& handOvers() const;

    // The index of the row with this key in diff().rows.
    std::optional<size_t> rowOfKey(std::string_view key) const;
    // Whether the row passes the filter, and the indices in diff().rows of those that do, ranked.
    bool accepts(const DiffRow& row) const;
    std::vector<size_t> shownRows() const;
    // The callsite whose stack stands for the row: its own by callsite; otherwise the group's
    // first callsite in the ranking (the largest grower, or the one that rose most when none
    // grew). None for a row only the base run had.
    std::optional<CallsiteId> representativeCallsite(const DiffRow& row) const;
    std::vector<StackFrame> stack(const DiffRow& row) const;
    // The row's name in a line of prose: by callsite, its stack short (Analysis::shortStackKey);
    // otherwise its key. The key stays what a row is found by.
    std::string shortKey(const DiffRow& row, size_t callers = 2, bool plumbing = true) const;
    // shortKey() to read in a list: a long C++ function's template arguments and parameters
    // folded (compactCxxName), by function; the full key goes in the tooltip.
    std::string displayKey(const DiffRow& row) const;
    // How many callsites of the "after" run the row gathers.
    size_t callsiteCount(const DiffRow& row) const;
    // The same group over the whole "after" run, or null when that run has no such row.
    const DiffRow* wholeRunRow(const DiffRow& row) const;

private:
    Comparison() = default;
    void indexRepresentatives();
    DiffOptions diffOptions() const;
    std::shared_ptr<const DiffResult> computeBy(Grouping grouping, const DiffOptions& options) const;

    ComparisonRequest m_request;
    std::shared_ptr<const std::atomic<bool>> m_cancel;
    std::shared_ptr<const DiffResult> m_diff;
    std::shared_ptr<const DiffResult> m_byCallsite;
    std::shared_ptr<const SuppressedCallsites> m_suppressed;
    std::shared_ptr<const SuppressedCallsites> m_suppressedBase;
    // By group of the "after" analysis in the grouping.
    static constexpr uint32_t None = UINT32_MAX;
    std::vector<uint32_t> m_representative; // callsite
    std::vector<uint32_t> m_callsiteCount;
    // Made on first use: 100 000 stack keys are not free, and most comparisons never need them.
    mutable std::mutex m_treesMutex;
    mutable std::shared_ptr<const CallTree> m_trees[8]; // by direction and shape (treeSlot)
    mutable std::once_flag m_byTypeMade;
    mutable std::shared_ptr<const DiffResult> m_byType;
    mutable std::once_flag m_wholeRunMade;
    mutable std::shared_ptr<const DiffResult> m_wholeRun; // set beforehand when reused
    mutable std::vector<uint32_t> m_wholeRunRow; // index in m_wholeRun->rows
    mutable std::once_flag m_idleTailMade;
    mutable std::optional<IdleTail> m_idleTail;
    mutable std::once_flag m_handOversMade;
    mutable std::vector<GrowerHandOver> m_handOvers;
    mutable std::once_flag m_keysMade;
    static constexpr uint32_t Collision = UINT32_MAX;
    mutable absl::flat_hash_map<uint64_t, uint32_t> m_rowOfKey; // by the key's hash
};

using ComparisonPtr = std::shared_ptr<const Comparison>;

} // namespace heapline
