#pragma once

#include <compare>
#include <type_traits>
#include <cstddef>
#include <cstdint>
#include <functional>

namespace heapline {

// Strong index types: a FrameId can never be passed where a StringId is expected, and the
// defaulted comparison cannot compare the wrong field (see hotspot's hand-written comparator).
template <typename Tag>
struct Index {
    uint32_t value = 0;

    constexpr Index() = default;
    template <typename T, typename = std::enable_if_t<std::is_integral_v<T>>>
    constexpr explicit Index(T v)
        : value(static_cast<uint32_t>(v))
    {
    }

    friend constexpr auto operator<=>(Index, Index) = default;
};

// Id 0 is the empty string.
using StringId = Index<struct StringTag>;
// Id 0 is "no frame" (the root of the stack tree has it).
using FrameId = Index<struct FrameTag>;
// Node 0 is the root of the stack tree.
using NodeId = Index<struct NodeTag>;
// Callsites are numbered densely from 0 so that per-callsite state can live in plain vectors.
using CallsiteId = Index<struct CallsiteTag>;

} // namespace heapline

template <typename Tag>
struct std::hash<heapline::Index<Tag>> {
    size_t operator()(heapline::Index<Tag> id) const noexcept { return std::hash<uint32_t> {}(id.value); }
};
