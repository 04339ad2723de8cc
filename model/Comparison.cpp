#include "Comparison.h"

#include "Demangle.h"
#include "ThreadPlacement.h"

namespace heapline {

std::vector<StackFrame> stackFrames(const Analysis& analysis, CallsiteId callsite)
{
    const Profile& p = analysis.profile();
    std::vector<StackFrame> frames;
    for (FrameId f : p.stackOf(callsite)) {
        const auto& frame = p.frames()[f];
        StackFrame out;
        out.function = std::string(p.string(frame.function));
        if (frame.file.value)
            out.file = std::string(p.string(frame.file));
        out.line = static_cast<int>(frame.line);
        if (frame.module.value)
            out.module = std::string(p.string(frame.module));
        out.role = analysis.role(f);
        frames.push_back(std::move(out));
    }
    return frames;
}

std::shared_ptr<const DiffResult> Comparison::diffBy(Grouping grouping) const
{
    if (m_diff && grouping == m_request.grouping)
        return m_diff;
    return computeBy(grouping, diffOptions());
}

const DiffResult& Comparison::byType() const
{
    std::call_once(m_byTypeMade, [this] { m_byType = diffBy(Grouping::Type); });
    return *m_byType;
}

const std::optional<IdleTail>& Comparison::idleTail() const
{
    std::call_once(m_idleTailMade, [this] { m_idleTail = findIdleTail(*this); });
    return m_idleTail;
}

const std::vector<GrowerHandOver>& Comparison::handOvers() const
{
    std::call_once(m_handOversMade, [this] { m_handOvers = handOversOfGrowers(*this); });
    return m_handOvers;
}

std::shared_ptr<const DiffResult> Comparison::computeBy(Grouping grouping, const DiffOptions& options) const
{
    const auto& r = m_request;
    // The one place that decides between one file and two.
    return std::make_shared<const DiffResult>(r.base ? computeDiffBetween(r.base, r.from.checkpoint, r.analysis, r.to.checkpoint, grouping, options)
                                                     : computeDiff(r.analysis, r.from.checkpoint, r.to.checkpoint, grouping, options));
}

DiffOptions Comparison::diffOptions() const
{
    DiffOptions options;
    options.suppressed = m_suppressed;
    options.suppressedBase = m_suppressedBase;
    options.cancel = m_cancel;
    return options;
}

std::shared_ptr<const Comparison> Comparison::compute(ComparisonRequest request, const Comparison* previous,
                                                     std::shared_ptr<const std::atomic<bool>> cancel)
{
    std::shared_ptr<Comparison> c(new Comparison);
    c->m_request = std::move(request);
    c->m_cancel = std::move(cancel);
    const auto& r = c->m_request;
    const auto suppressedIn = [&](const std::shared_ptr<const Analysis>& analysis, bool base) {
        if (previous && previous->m_request.suppressions == r.suppressions) {
            if (!base && previous->m_request.analysis == analysis)
                return previous->m_suppressed;
            if (base && previous->m_request.base == analysis)
                return previous->m_suppressedBase;
        }
        return suppressedCallsites(analysis->profile(), r.suppressions);
    };
    c->m_suppressed = suppressedIn(r.analysis, false);
    if (r.base)
        c->m_suppressedBase = suppressedIn(r.base, true);
    // The diff in the grouping and the one by callsite are independent: on two cores they are
    // made side by side (a first screen waits for both).
    if (r.grouping == Grouping::Callsite) {
        c->m_diff = c->diffBy(r.grouping);
        c->m_byCallsite = c->m_diff;
    } else {
        // Beside another grouping, the rows by callsite feed the trees, the representative
        // stacks and Caller / Callee: figures at A and B and what happened between, not shapes.
        // Their series are A and B alone (the highs in between still count), which keeps 100 000
        // callsites from costing tens of MB. diffBy(Callsite) makes a full one when asked.
        DiffOptions light = c->diffOptions();
        light.maxSeriesPoints = 2;
        auto byCallsite = asyncElsewhere([&c, light] { return c->computeBy(Grouping::Callsite, light); });
        c->m_diff = c->diffBy(r.grouping);
        c->m_byCallsite = byCallsite.get();
    }
    if (previous && previous->m_request.analysis == r.analysis && previous->grouping() == r.grouping)
        c->m_wholeRun = previous->wholeRunPtr();
    c->indexRepresentatives();
    return c;
}

std::shared_ptr<const Comparison> Comparison::withFilter(RowFilter filter) const
{
    std::shared_ptr<Comparison> c(new Comparison);
    c->m_request = m_request;
    c->m_request.filter = std::move(filter);
    c->m_diff = m_diff;
    c->m_byCallsite = m_byCallsite;
    c->m_suppressed = m_suppressed;
    c->m_suppressedBase = m_suppressedBase;
    c->m_representative = m_representative;
    c->m_callsiteCount = m_callsiteCount;
    {
        std::lock_guard lock(m_treesMutex);
        std::copy(std::begin(m_trees), std::end(m_trees), std::begin(c->m_trees));
    }
    c->m_wholeRun = wholeRunPtr();
    return c;
}

void Comparison::indexRepresentatives()
{
    const auto& groups = analysis().groups(grouping());
    // Rows of the callsite diff are ranked: the first of a group is its representative.
    m_representative.assign(groups.count, None);
    m_callsiteCount.assign(groups.count, 0);
    for (const auto& row : m_byCallsite->rows) {
        const auto callsite = m_byCallsite->callsite(row);
        if (!callsite)
            continue;
        const uint32_t group = groups.of(*callsite);
        if (m_representative[group] == None)
            m_representative[group] = callsite->value;
        ++m_callsiteCount[group];
    }
}

size_t Comparison::treeSlot(CallTree::Direction direction, CallTree::Shape shape)
{
    return (direction == CallTree::Direction::BottomUp ? 4 : 0) + (shape.splitLines ? 2 : 0) + (shape.everyFrame ? 1 : 0);
}

std::shared_ptr<const CallTree> Comparison::cachedTree(CallTree::Direction direction, CallTree::Shape shape) const
{
    std::lock_guard lock(m_treesMutex);
    return m_trees[treeSlot(direction, shape)];
}

std::shared_ptr<const CallTree> Comparison::tree(CallTree::Direction direction, CallTree::Shape shape) const
{
    if (auto made = cachedTree(direction, shape))
        return made;
    // Built outside the lock: two threads asking at once build it twice, and the first one stays.
    auto built = std::make_shared<const CallTree>(CallTree::build(*m_byCallsite, direction, shape));
    std::lock_guard lock(m_treesMutex);
    auto& slot = m_trees[treeSlot(direction, shape)];
    if (!slot)
        slot = std::move(built);
    return slot;
}

std::shared_ptr<const DiffResult> Comparison::wholeRunPtr() const
{
    std::call_once(m_wholeRunMade, [this] {
        const auto& r = m_request;
        const size_t last = r.analysis->profile().checkpointCount() - 1;
        if (!m_wholeRun)
            m_wholeRun = !r.base && r.from.checkpoint == 0 && r.to.checkpoint == last
                ? m_diff
                : std::make_shared<const DiffResult>(computeDiff(r.analysis, 0, last, r.grouping, diffOptions()));
        const auto& groups = analysis().groups(grouping());
        m_wholeRunRow.assign(groups.count, None);
        for (size_t i = 0; i < m_wholeRun->rows.size(); ++i)
            if (const auto group = m_wholeRun->analysisGroup(m_wholeRun->rows[i]); group && *group < groups.count)
                m_wholeRunRow[*group] = static_cast<uint32_t>(i);
    });
    return m_wholeRun;
}

std::optional<size_t> Comparison::rowOfKey(std::string_view key) const
{
    // Indexed by the key's hash, not the key: a stack's key is long, and keeping 100 000 of them
    // costs hundreds of MB. A hash shared by two keys is told apart by the key itself.
    std::call_once(m_keysMade, [this] {
        m_rowOfKey.reserve(m_diff->rows.size());
        for (size_t i = 0; i < m_diff->rows.size(); ++i) {
            const auto [it, inserted] = m_rowOfKey.try_emplace(absl::Hash<std::string_view>()(m_diff->key(m_diff->rows[i])), static_cast<uint32_t>(i));
            if (!inserted)
                it->second = Collision;
        }
    });
    const auto it = m_rowOfKey.find(absl::Hash<std::string_view>()(key));
    if (it == m_rowOfKey.end())
        return std::nullopt;
    if (it->second != Collision)
        return m_diff->key(m_diff->rows[it->second]) == key ? std::optional<size_t>(it->second) : std::nullopt;
    for (size_t i = 0; i < m_diff->rows.size(); ++i)
        if (m_diff->key(m_diff->rows[i]) == key)
            return i;
    return std::nullopt;
}

bool Comparison::accepts(const DiffRow& row) const
{
    const RowFilter& f = m_request.filter;
    if (f.empty())
        return true;
    if (f.growthClass() && row.cls != *f.growthClass())
        return false;
    return f.acceptsKey(m_diff->key(row));
}

std::vector<size_t> Comparison::shownRows() const
{
    std::vector<size_t> shown;
    for (size_t i = 0; i < m_diff->rows.size(); ++i)
        if (accepts(m_diff->rows[i]))
            shown.push_back(i);
    return shown;
}

std::optional<CallsiteId> Comparison::representativeCallsite(const DiffRow& row) const
{
    if (grouping() == Grouping::Callsite)
        return m_diff->callsite(row);
    const auto group = m_diff->analysisGroup(row);
    if (!group || *group >= m_representative.size() || m_representative[*group] == None)
        return std::nullopt;
    return CallsiteId { m_representative[*group] };
}

std::vector<StackFrame> Comparison::stack(const DiffRow& row) const
{
    if (const auto callsite = representativeCallsite(row))
        return stackFrames(analysis(), *callsite);
    // Two files, a row only the base run had (the leak fixed away): its largest callsite's stack
    // there (its details showed none).
    if (const auto callsite = m_diff->baseCallsite(row))
        return stackFrames(*base(), *callsite);
    const auto group = m_diff->baseGroup(row);
    if (!group)
        return {};
    const auto& groups = base()->groups(grouping());
    std::optional<CallsiteId> largest;
    int64_t most = -1;
    for (const DiffRow& r : m_byCallsite->rows) {
        const auto callsite = m_byCallsite->baseCallsite(r);
        if (callsite && groups.of(*callsite) == *group && std::llabs(r.deltaBytes()) > most) {
            most = std::llabs(r.deltaBytes());
            largest = callsite;
        }
    }
    return largest ? stackFrames(*base(), *largest) : std::vector<StackFrame> {};
}

std::string Comparison::shortKey(const DiffRow& row, size_t callers, bool plumbing) const
{
    if (grouping() == Grouping::Callsite)
        if (const auto callsite = m_diff->callsite(row))
            return analysis().shortStackKey(*callsite, callers, plumbing);
    return m_diff->key(row);
}

std::string Comparison::displayKey(const DiffRow& row) const
{
    return grouping() == Grouping::Function ? compactCxxName(shortKey(row)) : shortKey(row);
}

size_t Comparison::callsiteCount(const DiffRow& row) const
{
    if (grouping() == Grouping::Callsite)
        return m_diff->callsite(row) ? 1 : 0;
    const auto group = m_diff->analysisGroup(row);
    return group && *group < m_callsiteCount.size() ? m_callsiteCount[*group] : 0;
}

const DiffRow* Comparison::wholeRunRow(const DiffRow& row) const
{
    wholeRunPtr();
    const auto group = m_diff->analysisGroup(row);
    if (!group || *group >= m_wholeRunRow.size() || m_wholeRunRow[*group] == None)
        return nullptr;
    return &m_wholeRun->rows[m_wholeRunRow[*group]];
}

} // namespace heapline
