#pragma once

#include "model/Profile.h"

#include <QByteArray>

namespace heapline::test {

// A recording of a loop: its events are a few lines' period over and over, now and then
// interrupted by another line, then an outer loop of such loops (heaptrack's text format,
// version 3). `padded`: the same events,
// but an index is written with a leading zero now and then, so that the text does not repeat
// where the events do.
QByteArray loopRecording(bool padded);
// Everything a load keeps: totals, every checkpoint (its entries, its sizes), the timeline.
QByteArray fingerprint(const Profile& profile);
// Prescans `text` in chunks of `chunkSize` bytes: true when the runs are in order and every run's
// records, a repeat's period as many times as it repeats, are those of the lines it covers;
// `repeats` counts the repeats, `longRepeats` those of more than 32 lines.
bool prescanMatchesLines(const QByteArray& text, size_t chunkSize, size_t& repeats, size_t* longRepeats = nullptr);

} // namespace heapline::test
