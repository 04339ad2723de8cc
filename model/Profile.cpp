#include "Profile.h"

#include <algorithm>

namespace heapline {

double secondsPerUnit(TimeUnit unit)
{
    return unit == TimeUnit::Milliseconds ? 0.001 : unit == TimeUnit::Seconds ? 1.0 : 0.0;
}

const char* timeUnitName(TimeUnit unit)
{
    switch (unit) {
    case TimeUnit::Milliseconds:
        return "ms";
    case TimeUnit::Seconds:
        return "s";
    case TimeUnit::Instructions:
        return "i";
    case TimeUnit::Bytes:
        return "B";
    }
    return "?";
}

std::vector<FrameId> Profile::stackOf(CallsiteId c) const
{
    std::vector<FrameId> frames;
    for (NodeId node = callsiteNode(c); node.value != 0; node = m_stacks[node].parent)
        frames.push_back(m_stacks[node].frame);
    return frames;
}

std::vector<CallsiteDiff> Profile::diff(size_t a, size_t b) const
{
    const size_t last = m_checkpoints.size() - 1;
    a = std::min(a, last);
    b = std::min(b, last);
    if (b < a)
        std::swap(a, b);
    const auto liveA = liveAt(a);
    std::vector<CallsiteDelta> between(callsiteCount());
    m_checkpoints.accumulate(a, b, between);

    std::vector<CallsiteDiff> rows;
    for (size_t i = 0; i < between.size(); ++i) {
        const auto& atA = liveA[i];
        const auto& delta = between[i];
        if (delta.isZero() && atA.bytes == 0 && atA.blocks == 0)
            continue;
        CallsiteDiff row;
        row.callsite = CallsiteId { i };
        row.atA = atA;
        row.atB = { atA.bytes + delta.bytes, atA.blocks + delta.blocks };
        row.activity = delta;
        row.activity.callsite = row.callsite;
        rows.push_back(row);
    }
    return rows;
}

size_t Profile::memoryBytes() const
{
    return m_strings.memoryBytes() + m_frames.memoryBytes() + m_stacks.memoryBytes()
        + m_callsiteNodes.capacity() * sizeof(NodeId) + m_callsiteTypes.capacity() * sizeof(StringId)
        + m_checkpoints.memoryBytes();
}

} // namespace heapline
