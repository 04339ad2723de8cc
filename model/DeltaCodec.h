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

// The varint at `out` (at most 10 bytes); just past it.
inline uint8_t* writeVarint(uint8_t* out, uint64_t v)
{
    while (v >= 0x80) {
        *out++ = static_cast<uint8_t>(v | 0x80);
        v >>= 7;
    }
    *out++ = static_cast<uint8_t>(v);
    return out;
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

// The most bytes an entry takes: eight varints.
inline constexpr size_t MaxEntryBytes = 8 * 10;

// One entry at `out`, after the one for callsite `previous` (updated); just past it.
inline uint8_t* writeEntry(uint8_t* out, const CallsiteDelta& e, uint32_t& previous)
{
    uint8_t* p = writeVarint(out, e.callsite.value - previous);
    previous = e.callsite.value;
    p = writeVarint(p, zigzag(e.bytes));
    p = writeVarint(p, zigzag(e.blocks));
    p = writeVarint(p, zigzag(e.allocations));
    p = writeVarint(p, zigzag(e.allocatedBytes));
    p = writeVarint(p, zigzag(e.frees));
    p = writeVarint(p, zigzag(e.temporary));
    return writeVarint(p, static_cast<uint64_t>(e.peakRise));
}

// One entry, after the one for callsite `previous` (updated). A PodVector is written in place
// (room for the longest entry made first); anything else through a small buffer, appended at once
// (appended byte by byte, every byte checked the capacity).
template <typename Bytes>
inline void encodeEntry(const CallsiteDelta& e, uint32_t& previous, Bytes& out)
{
    if constexpr (requires { out.reserveMore(MaxEntryBytes); }) {
        // Appending a buffer called memmove and memcpy for every entry (3.5% of the samples of a
        // converted cc1plus-40M's load; the varints' own work took their place, the wall time
        // within the noise).
        out.reserveMore(MaxEntryBytes);
        uint8_t* end = writeEntry(out.end(), e, previous);
        out.resizeUninitialized(static_cast<size_t>(end - out.begin()));
    } else {
        uint8_t buffer[MaxEntryBytes];
        uint8_t* end = writeEntry(buffer, e, previous);
        out.insert(out.end(), buffer, end);
    }
}

// Appends the entries (sorted by callsite, strictly increasing) to `out`.
template <typename Bytes>
inline void encodeColumn(std::span<const CallsiteDelta> entries, Bytes& out)
{
    uint32_t previous = 0;
    for (const auto& e : entries)
        encodeEntry(e, previous, out);
}

// The entry at p (after the one for `callsite`, updated) into `e`, p moved past it.
inline void decodeEntry(const uint8_t*& p, uint32_t& callsite, CallsiteDelta& e)
{
    callsite += static_cast<uint32_t>(getVarint(p));
    e.callsite = CallsiteId { callsite };
    e.bytes = unzigzag(getVarint(p));
    e.blocks = unzigzag(getVarint(p));
    e.allocations = unzigzag(getVarint(p));
    e.allocatedBytes = unzigzag(getVarint(p));
    e.frees = unzigzag(getVarint(p));
    e.temporary = unzigzag(getVarint(p));
    e.peakRise = static_cast<int64_t>(getVarint(p));
}
inline CallsiteDelta decodeEntry(const uint8_t*& p, uint32_t& callsite)
{
    CallsiteDelta e;
    decodeEntry(p, callsite, e);
    return e;
}

template <typename F>
void decodeColumn(const uint8_t* begin, const uint8_t* end, F&& f)
{
    uint32_t callsite = 0;
    for (const uint8_t* p = begin; p < end;)
        f(decodeEntry(p, callsite));
}

// Live columns (keyframes): the live state of callsites, each after the one before (sorted by
// callsite, strictly increasing), as callsite gap, bytes and blocks.
template <typename Bytes>
inline void encodeLive(CallsiteId callsite, int64_t bytes, int64_t blocks, uint32_t& previous, Bytes& out)
{
    uint8_t buffer[3 * 10];
    uint8_t* p = writeVarint(buffer, callsite.value - previous);
    previous = callsite.value;
    p = writeVarint(p, zigzag(bytes));
    p = writeVarint(p, zigzag(blocks));
    out.insert(out.end(), buffer, p);
}

// f(CallsiteId, bytes, blocks) for each entry of the live column [begin, end).
template <typename F>
void decodeLive(const uint8_t* begin, const uint8_t* end, F&& f)
{
    uint32_t callsite = 0;
    for (const uint8_t* p = begin; p < end;) {
        callsite += static_cast<uint32_t>(getVarint(p));
        const int64_t bytes = unzigzag(getVarint(p));
        const int64_t blocks = unzigzag(getVarint(p));
        f(CallsiteId { callsite }, bytes, blocks);
    }
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
