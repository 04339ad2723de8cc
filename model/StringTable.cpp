#include "StringTable.h"

#include <cstring>

namespace heapline {

StringTable::StringTable()
{
    m_views.emplace_back();
    m_index.emplace(std::string_view {}, 0);
}

StringId StringTable::intern(std::string_view text)
{
    if (auto it = m_index.find(text); it != m_index.end())
        return StringId { it->second };
    const auto stored = store(text);
    const auto id = static_cast<uint32_t>(m_views.size());
    m_views.push_back(stored);
    m_index.emplace(stored, id);
    return StringId { id };
}

StringId StringTable::find(std::string_view text) const
{
    auto it = m_index.find(text);
    return it == m_index.end() ? StringId {} : StringId { it->second };
}

std::string_view StringTable::store(std::string_view text)
{
    if (text.empty())
        return {};
    if (text.size() > BlockSize / 4) {
        // Large strings get a block of their own so that they do not waste the tail of a shared one.
        auto block = std::make_unique<char[]>(text.size());
        m_allocatedBytes += text.size();
        std::memcpy(block.get(), text.data(), text.size());
        std::string_view stored(block.get(), text.size());
        m_blocks.insert(m_blocks.end() - (m_blocks.empty() ? 0 : 1), std::move(block));
        return stored;
    }
    if (m_blockUsed + text.size() > BlockSize) {
        m_blocks.push_back(std::make_unique<char[]>(BlockSize));
        m_allocatedBytes += BlockSize;
        m_blockUsed = 0;
    }
    char* dest = m_blocks.back().get() + m_blockUsed;
    std::memcpy(dest, text.data(), text.size());
    m_blockUsed += text.size();
    return { dest, text.size() };
}

size_t StringTable::memoryBytes() const
{
    return m_allocatedBytes + m_views.capacity() * sizeof(std::string_view)
        + m_index.capacity() * (sizeof(std::string_view) + sizeof(uint32_t) + 1);
}

} // namespace heapline
