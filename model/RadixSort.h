#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <utility>
#include <vector>

namespace heapline {

// Sorts `items` by the unsigned integer keyOf(item), 11 bits per stable counting pass, as many
// passes as the largest key needs; `scratch` is reused from call to call. For the per-interval
// sorts of a load (touched callsites, allocation sizes): about a thousand small keys at a time,
// thousands of times, where a comparison sort's branches are coin tosses (they were 6% of a
// 40 M-allocation load). Short inputs go to std::sort.
template <typename T, typename KeyOf>
void radixSort(std::vector<T>& items, std::vector<T>& scratch, KeyOf keyOf)
{
    if (items.size() < 256) {
        std::sort(items.begin(), items.end(), [&](const T& l, const T& r) { return keyOf(l) < keyOf(r); });
        return;
    }
    uint64_t highest = 0;
    for (const auto& item : items)
        highest |= keyOf(item);
    constexpr unsigned Bits = 11;
    constexpr uint64_t Mask = (uint64_t(1) << Bits) - 1;
    scratch.resize(items.size());
    for (unsigned shift = 0; shift < static_cast<unsigned>(std::bit_width(highest)); shift += Bits) {
        uint32_t starts[Mask + 1] = {};
        for (const auto& item : items)
            ++starts[(keyOf(item) >> shift) & Mask];
        uint32_t sum = 0;
        for (auto& start : starts)
            sum += std::exchange(start, sum);
        for (const auto& item : items)
            scratch[starts[(keyOf(item) >> shift) & Mask]++] = item;
        items.swap(scratch);
    }
}

} // namespace heapline
