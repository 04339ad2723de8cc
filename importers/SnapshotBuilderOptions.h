#pragma once

// The builder's options for a format whose producer chose its snapshots (massif's detailed
// snapshots, a Heapline recording's), shared by MassifReader.cpp and HeaplineParser.h: every
// snapshot is kept as a checkpoint, up to the entry cap. Not a public interface (ProfileBuilder.h
// is not for Qt code: its members are named slot and slots).

#include "Importer.h"
#include "model/ProfileBuilder.h"

#include <algorithm>

namespace heapline {

inline BuilderOptions snapshotBuilderOptions(const ImportOptions& options)
{
    BuilderOptions b;
    b.maxCheckpoints = std::max<size_t>(options.maxCheckpoints, 1 << 20);
    b.maxEntries = options.maxEntries;
    b.suppressions = options.suppressions;
    return b;
}

} // namespace heapline
