#pragma once

#include "Importer.h"

namespace heapline {

// Heapline's own format (HEAPLINE_FORMAT.md): the Python recorder's files and converted
// heaptrack and massif profiles. Snapshots are the checkpoints; a snapshot counts only once its
// closing "E" line is read, so a cut file opens up to its last complete snapshot.
class HeaplineReader final : public FormatReader {
public:
    ImportResult read(ReadContext& context) override;
};

constexpr int HeaplineFormatVersion = 1;

} // namespace heapline
