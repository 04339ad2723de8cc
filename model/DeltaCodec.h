#pragma once

#include "CallsiteDelta.h"

#include <cstring>
#include <span>
#include <vector>

namespace heapline::codec {

// Sparse delta columns are stored as LEB128 varints: callsite gaps (columns are sorted by
// callsite) and zigzag-coded values. Typical entries take 7-10 bytes instead of 48, which is
// what lets a multi-GB recording keep hundreds of checkpoints in a few tens of MB.

inline uint64_t zigzag(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }
inline int64_t unzigzag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

template <typename Bytes>
inline void putVarint(Bytes& out, uint64_t v)
{
    while (v >= 0x80) {
        out.push_back(static_cast<uint8_t>(v | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<uint8_t>(v));
}

inline uint64_t getVarint(const uint8_t*& p)
{
    uint64_t v = 0;
    for (unsigned shift = 0;; shift += 7) {
        const uint8_t byte = *p++;
        v |= static_cast<uint64_t>(byte & 0x7f) << shift;
        if (!(byte & 0x80) || shift >= 63)
            return v;
    }
}

// One entry, after the one for callsite `previous` (updated).
template <typename Bytes>
inline void encodeEntry(const CallsiteDelta& e, uint32_t& previous, Bytes& out)
{
    putVarint(out, e.callsite.value - previous);
    previous = e.callsite.value;
    putVarint(out, zigzag(e.bytes));
    putVarint(out, zigzag(e.blocks));
    putVarint(out, zigzag(e.allocations));
    putVarint(out, zigzag(e.allocatedBytes));
    putVarint(out, zigzag(e.frees));
    putVarint(out, zigzag(e.temporary));
    putVarint(out, static_cast<uint64_t>(e.peakRise));
}

// Appends the entries (sorted by callsite, strictly increasing) to `out`.
template <typename Bytes>
inline void encodeColumn(std::span<const CallsiteDelta> entries, Bytes& out)
{
    uint32_t previous = 0;
    for (const auto& e : entries)
        encodeEntry(e, previous, out);
}

// The entry at p (after the one for `callsite`, updated), p moved past it.
inline CallsiteDelta decodeEntry(const uint8_t*& p, uint32_t& callsite)
{
    CallsiteDelta e;
    callsite += static_cast<uint32_t>(getVarint(p));
    e.callsite = CallsiteId { callsite };
    e.bytes = unzigzag(getVarint(p));
    e.blocks = unzigzag(getVarint(p));
    e.allocations = unzigzag(getVarint(p));
    e.allocatedBytes = unzigzag(getVarint(p));
    e.frees = unzigzag(getVarint(p));
    e.temporary = unzigzag(getVarint(p));
    e.peakRise = static_cast<int64_t>(getVarint(p));
    return e;
}

template <typename F>
void decodeColumn(const uint8_t* begin, const uint8_t* end, F&& f)
{
    uint32_t callsite = 0;
    for (const uint8_t* p = begin; p < end;)
        f(decodeEntry(p, callsite));
}

template <typename Bytes>
inline void encodeSize(const SizeCount& s, uint32_t& previous, Bytes& out)
{
    putVarint(out, s.callsite.value - previous);
    previous = s.callsite.value;
    out.push_back(s.sizeClass);
    putVarint(out, static_cast<uint64_t>(s.count));
}

template <typename Bytes>
inline void encodeSizes(std::span<const SizeCount> sizes, Bytes& out)
{
    uint32_t previous = 0;
    for (const auto& s : sizes)
        encodeSize(s, previous, out);
}

inline SizeCount decodeSize(const uint8_t*& p, uint32_t& callsite)
{
    SizeCount s;
    callsite += static_cast<uint32_t>(getVarint(p));
    s.callsite = CallsiteId { callsite };
    s.sizeClass = *p++;
    s.count = static_cast<int64_t>(getVarint(p));
    return s;
}

template <typename F>
void decodeSizes(const uint8_t* begin, const uint8_t* end, F&& f)
{
    uint32_t callsite = 0;
    for (const uint8_t* p = begin; p < end;)
        f(decodeSize(p, callsite));
}

} // namespace heapline::codec
