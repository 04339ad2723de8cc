#pragma once

#include "StackedRows.h"
#include "model/Series.h"

#include <QColor>
#include <QStringList>
#include <vector>

class QChart;
class QLineSeries;
class QObject;
class QValueAxis;

namespace heapline {

// The timeline's series, made from the model's for TimelineChart: data per axis unit.
struct ChartScale {
    double time = 1;
    double bytes = 1;
};

// The heap up to the highest value in each bucket: a spike narrower than a pixel still reaches
// its height. A high that a sparse format knows only as "somewhere since the last sample" (a
// batch between two snapshots) is drawn as a spike inside the interval, not as a ramp up to the
// sample; so is a dip (a batch freed and built again) inside such an interval. `pixel`: the
// time one bucket spans.
QLineSeries* heapEnvelope(const std::vector<SeriesPoint>& points, double pixel, ChartScale scale, QObject* parent);

// Rows stacked as areas (one hue per row, so that the stack reads apart), named in the legend.
void addStackedAreas(QChart* chart, QValueAxis* x, QValueAxis* y, const StackedRows& stacked, const QStringList& names,
    ChartScale scale);

// RSS as a line on the byte axis `y`, or, where `ownAxisHighest` is not 0 (RSS far above the
// heap, which would flatten onto the time axis), on an axis of its own on the right up to it.
void addRssLine(QChart* chart, QValueAxis* x, QValueAxis* y, const std::vector<SeriesPoint>& points,
    int64_t ownAxisHighest, ChartScale scale);

// Counters (queue depth, items …) as dashed lines on an axis of their own, on the right.
struct CounterLine {
    QString name;
    std::vector<SeriesPoint> points;
};
void addCounterLines(
    QChart* chart, QValueAxis* x, const std::vector<CounterLine>& counters, double timeScale, QColor color);

} // namespace heapline
