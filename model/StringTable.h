#pragma once

#include "Ids.h"

#include <absl/container/flat_hash_map.h>
#include <memory>
#include <string_view>
#include <vector>

namespace heapline {

// Interns strings once; everything else refers to them by StringId. Storage is an arena of
// large blocks, so a million symbols cost their bytes plus a view each, not a std::string each.
class StringTable {
public:
    StringTable();
    StringTable(const StringTable&) = delete;
    StringTable& operator=(const StringTable&) = delete;
    StringTable(StringTable&&) noexcept = default;
    StringTable& operator=(StringTable&&) noexcept = default;

    StringId intern(std::string_view text);
    // Returns StringId{} (the empty string) when the text was never interned.
    StringId find(std::string_view text) const;

    std::string_view view(StringId id) const { return id.value < m_views.size() ? m_views[id.value] : std::string_view {}; }
    size_t size() const { return m_views.size(); }
    size_t memoryBytes() const;

private:
    std::string_view store(std::string_view text);

    static constexpr size_t BlockSize = 64 * 1024;
    std::vector<std::unique_ptr<char[]>> m_blocks;
    size_t m_blockUsed = BlockSize;
    size_t m_allocatedBytes = 0;
    std::vector<std::string_view> m_views;
    absl::flat_hash_map<std::string_view, uint32_t> m_index;
};

} // namespace heapline
