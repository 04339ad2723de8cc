#pragma once

#include "Frame.h"

#include <absl/container/flat_hash_map.h>
#include <vector>

namespace heapline {

// Interned frames. FrameId 0 is the empty frame that the stack tree's root carries.
class FrameTable {
public:
    FrameTable() { m_frames.emplace_back(); }

    FrameId intern(const Frame& frame)
    {
        auto [it, inserted] = m_index.try_emplace(frame, static_cast<uint32_t>(m_frames.size()));
        if (inserted)
            m_frames.push_back(frame);
        return FrameId { it->second };
    }

    const Frame& operator[](FrameId id) const { return m_frames[id.value < m_frames.size() ? id.value : 0]; }
    size_t size() const { return m_frames.size(); }
    size_t memoryBytes() const
    {
        return m_frames.capacity() * sizeof(Frame) + m_index.capacity() * (sizeof(Frame) + sizeof(uint32_t) + 1);
    }

private:
    std::vector<Frame> m_frames;
    absl::flat_hash_map<Frame, uint32_t> m_index;
};

} // namespace heapline
