#pragma once

#include "model/Profile.h"
#include "model/Units.h" // niceStep

#include <QString>

namespace heapline {

// Axis units and steps the charts share (timeline, rates, sizes).

// The time axis's divisor and name: ms or s, instructions in M or G, bytes allocated in kB … GB.
void timeAxisUnit(TimeUnit unit, double maxTime, double& scale, QString& name);
// Bytes in B, kB, MB or GB (decimal, as the table's figures).
void byteAxisUnit(double maxBytes, double& scale, QString& name);
// The text, cut to `length` characters with an ellipsis (legend labels).
QString elide(const QString& text, int length);

} // namespace heapline
