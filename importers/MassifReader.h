#pragma once

#include "Importer.h"

#include <cstdint>
#include <string_view>

namespace heapline {

// valgrind massif's output files as valgrind writes them (coregrind/m_xtree.c) and ms_print reads
// them (massif/ms_print.in):
//   desc: …  (one or more)   cmd: …   time_unit: i | ms | B
//   #-----------  snapshot=N  time=T  mem_heap_B=  mem_heap_extra_B=  mem_stacks_B=
//   heap_tree=empty | detailed | peak, then for detailed and peak the tree, pre-order, one space
//   of indent per depth: "nK: BYTES LABEL" with K children.
// heaptrack_print -M writes the header at the end and times as decimal seconds; that is read too.
// Every snapshot is a timeline sample; detailed and peak snapshots are the checkpoints.
class MassifReader final : public FormatReader {
public:
    ImportResult read(ReadContext& context) override;
};

// One tree node's label, split as massif writes it:
//   0xADDR: fn (file:line) | 0xADDR: fn (in /lib/x.so) | 0xADDR: ??? (in …) | 0xADDR: ???
// C++ names hold spaces, parentheses and colons, so the address is taken from the left and the
// location is the balanced "(…)" at the very end, and only when it reads as a location.
struct MassifLabel {
    enum class Kind { Code, BelowThreshold, Other };
    Kind kind = Kind::Other;
    uint64_t address = 0;
    std::string_view function;
    std::string_view file;
    uint32_t line = 0;
    std::string_view module;
};
MassifLabel parseMassifLabel(std::string_view label);

} // namespace heapline
