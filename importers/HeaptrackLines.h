#pragma once

// The heaptrack prescan's reading of one line into its record (prescanHeaptrackEvents): internal to
// HeaptrackEvents.cpp and HeaptrackRepeats.h.

#include "HeaptrackEvents.h"

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <vector>

namespace heapline::heaptrack_prescan {

constexpr uint64_t MaxIndex = uint64_t(1) << 30;
constexpr uint64_t MaxSize = uint64_t(1) << 48; // heaptrack_detail::MaxAllocationSize

// Two bytes' hex value, by the bytes read as one little-endian 16-bit word: both digits, their
// value (0-255); the first a digit and the second not, OneDigit and the first's value; the first
// not a digit, NoDigit. 128 KiB, of which a line's digits touch a few dozen cache lines.
constexpr uint16_t OneDigit = 0x100, NoDigit = 0x200;
constexpr std::array<uint16_t, 65536> hexPairs = [] {
    std::array<uint16_t, 65536> table {};
    for (unsigned word = 0; word < table.size(); ++word) {
        const int8_t first = hexDigits[word & 0xff], second = hexDigits[word >> 8];
        table[word] = first < 0 ? NoDigit
            : second < 0        ? static_cast<uint16_t>(OneDigit | first)
                                : static_cast<uint16_t>(first << 4 | second);
    }
    return table;
}();
static_assert(std::endian::native == std::endian::little, "hexPairs is indexed by little-endian words");

// Hex digits at q (at most MaxDigits of them), then `stop`: the value, with q just past `stop`.
// Unchecked (Checked false): the caller knows that the chunk holds MaxDigits + 2 bytes from q on
// (the digits, one more looked at only to refuse the line, and `stop`), and no end is checked;
// the digits are read two at a time (hexPairs), one table lookup and one branch for both: the
// prescan of cc1plus's event lines took 14 instructions for two digits one at a time, 6 this way.
// Checked, a digit at a time. The loops are unrolled: each step's exit a branch of its own, which
// the CPU predicts from the lines before. (Checking the end at every digit, the prescan of
// cc1plus-40M took 227-235 ms, 211-216 without; a loop not unrolled, one branch for every
// digit's exit, 295.)
template <int MaxDigits, bool Checked>
inline bool readField(const char*& q, const char* end, char stop, uint64_t& value)
{
    uint64_t parsed = 0;
    int digits = 0;
    if constexpr (Checked) {
#pragma GCC unroll 16
        for (; digits <= MaxDigits; ++digits) {
            if (q + digits == end)
                break;
            const int8_t digit = hexDigits[static_cast<unsigned char>(q[digits])];
            if (digit < 0)
                break;
            parsed = (parsed << 4) | static_cast<uint64_t>(digit);
        }
        q += digits;
        if (q == end)
            return false;
    } else {
        // Up to MaxDigits + 2 bytes: a field that fills every pair is refused as too long.
        digits = MaxDigits + 2;
#pragma GCC unroll 8
        for (int pair = 0; pair < (MaxDigits + 2) / 2; ++pair) {
            uint16_t word;
            std::memcpy(&word, q + 2 * pair, 2);
            const uint16_t two = hexPairs[word];
            if (two > 0xff) {
                if (two & OneDigit) {
                    parsed = (parsed << 4) | (two & 0xf);
                    digits = 2 * pair + 1;
                } else {
                    digits = 2 * pair;
                }
                break;
            }
            parsed = (parsed << 8) | two;
        }
        q += digits;
    }
    if (digits == 0 || digits > MaxDigits || *q != stop)
        return false;
    ++q;
    value = parsed;
    return true;
}
// The longest lines the prescan reads, and so the bytes a chunk must hold from a line's start for
// it to be read unchecked: "+ " and 8 digits, "a " and 12 then 8 (each with a digit more to refuse).
constexpr ptrdiff_t MaxUncheckedEvent = 2 + 9 + 1;
constexpr ptrdiff_t MaxUncheckedLine = 2 + 13 + 1 + 9 + 1;

// The record of the event line at p ("+ HEX" or "- HEX", whose first two bytes are there), in
// `record`; the start of the next line, or nullptr (and `record` not written).
template <bool Checked>
[[gnu::always_inline]] inline const char* eventRecord(const char* p, const char* end, uint32_t& record)
{
    const char* q = p + 2;
    uint64_t index = 0;
    if (!readField<8, Checked>(q, end, '\n', index) || index >= MaxIndex)
        return nullptr;
    record = static_cast<uint32_t>(index << 2) | (p[0] == '-' ? PrescannedFree : PrescannedAllocation);
    return q;
}
// The same, the record appended to `values`.
template <bool Checked>
inline const char* prescanEvent(const char* p, const char* end, std::vector<uint32_t>& values)
{
    uint32_t record;
    const char* next = eventRecord<Checked>(p, end, record);
    if (next)
        values.push_back(record);
    return next;
}
// The record of the "t" or "a" line at p (whose first two bytes are there), written from `out` on
// (`out` past it); the start of the next line, or nullptr (and nothing written).
template <bool Checked>
[[gnu::always_inline]] inline const char* definitionRecord(const char* p, const char* end, uint32_t*& out)
{
    const char* q = p + 2;
    uint64_t first = 0, second = 0;
    if (p[0] == 't') {
        if (!readField<8, Checked>(q, end, ' ', first) || first >= MaxIndex
            || !readField<8, Checked>(q, end, '\n', second))
            return nullptr;
        out[0] = static_cast<uint32_t>(first << 2) | PrescannedTrace;
        out[1] = static_cast<uint32_t>(second);
        out += 2;
        return q;
    }
    if (!readField<12, Checked>(q, end, ' ', first) || first > MaxSize || !readField<8, Checked>(q, end, '\n', second)
        || second >= MaxIndex)
        return nullptr;
    out[0] = static_cast<uint32_t>(second << 2) | PrescannedInfo;
    out[1] = static_cast<uint32_t>(first);
    out[2] = static_cast<uint32_t>(first >> 32);
    out += 3;
    return q;
}

// The record of the line at p (whose first two bytes are there), appended to `values`, each field
// read with the chunk's end checked (a chunk's last lines: the rest go through readRecordLines);
// the start of the next line, or nullptr (and nothing appended) when the line stays text.
inline const char* prescanLine(const char* p, const char* end, std::vector<uint32_t>& values)
{
    switch (p[0]) {
    case '+':
    case '-':
        return prescanEvent<true>(p, end, values);
    case 't':
    case 'a': {
        uint32_t record[3];
        uint32_t* out = record;
        const char* next = definitionRecord<true>(p, end, out);
        if (next)
            values.insert(values.end(), record, out);
        return next;
    }
    default:
        return nullptr;
    }
}

} // namespace heapline::heaptrack_prescan
