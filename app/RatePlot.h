#pragma once

#include "model/RateSeries.h"

#include <QPalette>
#include <QString>

class QChart;
class QValueAxis;

namespace heapline {

// "allocations per second" …: what a rate chart shows.
QString rateMetricTitle(RateMetric metric);
// Draws the rates on the chart as steps (one value per interval): the comparison's top rows
// stacked as areas, the whole program as a line over them. Sets the y axis's range and title;
// returns its scale (data per axis unit). `timeScale`: data time per x axis unit.
double plotRates(QChart* chart, QValueAxis* x, QValueAxis* y, const RateSeries& rates, double timeScale, const QPalette& palette);

} // namespace heapline
