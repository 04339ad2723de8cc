#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace heapline {

class Comparison;
struct DiffRow;

// A row whose growth is one block another row grew and let go of in the same interval. heaptrack,
// massif and tracemalloc give a block to the stack that last allocated or resized it: a buffer
// grown by append_row() and trimmed to its length by finish_report() (realloc), or a BytesIO
// written by respond() and read out by getvalue() at the end, is the trimmer's at B, one step,
// while the function that grew it reads "rose, then fell back to 0".
struct HandOver {
    const DiffRow* giver = nullptr;
    size_t sample = 0; // the diff's sample at the end of the interval it changed hands in
    int64_t taken = 0; // what the taker rose by in that interval
    int64_t given = 0; // what the giver fell by in it
    int64_t giverLevel = 0; // where the giver stood before it
};
std::optional<HandOver> findHandOver(const Comparison& comparison, const DiffRow& taker);

// The rows that grew most, in the diff's order, each with its hand-over where it has one: a
// taker holds a tenth of the heap's rise or more, so it is among them. Comparison::handOvers()
// keeps them.
struct GrowerHandOver {
    const DiffRow* taker = nullptr;
    std::optional<HandOver> handOver;
};
std::vector<GrowerHandOver> handOversOfGrowers(const Comparison& comparison);

// "its +23.1 MB came in one step at 320 ms, as append_row, which had grown to 30.6 MB, let go of
// 30.6 MB: … What grew it is append_row." Empty where there is no hand-over.
std::string handOverText(const Comparison& comparison, const DiffRow& taker);

// The other side, for the row that grew the block: "handed what it grew to finish_report at
// 320 ms, which resized or copied it whole: …". Asked of the rows that grew most, the givers of
// the first growers' hand-overs; empty otherwise.
std::string handedOverToText(const Comparison& comparison, const DiffRow& giver);

} // namespace heapline
