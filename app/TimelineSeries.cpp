#include "TimelineSeries.h"

#include "ChartAxes.h"

#include <QAreaSeries>
#include <QChart>
#include <QLineSeries>
#include <QPen>
#include <QValueAxis>
#include <algorithm>
#include <iterator>
#include <optional>

namespace heapline {

QLineSeries* heapEnvelope(const std::vector<SeriesPoint>& points, double pixel, ChartScale scale, QObject* parent)
{
    auto* heap = new QLineSeries(parent);
    for (const auto& [time, bytes] : envelopeLine(points, pixel))
        heap->append(time / scale.time, static_cast<double>(bytes) / scale.bytes);
    return heap;
}

void addStackedAreas(
    QChart* chart, QValueAxis* x, QValueAxis* y, const StackedRows& stacked, const QStringList& names, ChartScale scale)
{
    static const QColor growerColors[] = { QColor(0xd6, 0x4f, 0x3c), QColor(0x8e, 0x5b, 0xc4), QColor(0x2a, 0x9d, 0x8f),
        QColor(0xe9, 0xa2, 0x27), QColor(0x4a, 0x7f, 0xc1) };
    const auto& at = stacked.times;
    std::vector<double> cumulative(at.size(), 0.0);
    for (size_t r = 0; r < stacked.values.size() && r < static_cast<size_t>(names.size()); ++r) {
        auto* lower = new QLineSeries(chart);
        auto* upper = new QLineSeries(chart);
        for (size_t j = 0; j < at.size(); ++j) {
            lower->append(at[j] / scale.time, cumulative[j] / scale.bytes);
            cumulative[j] += stacked.values[r][j];
            upper->append(at[j] / scale.time, cumulative[j] / scale.bytes);
        }
        auto* area = new QAreaSeries(upper, lower);
        area->setName(names[static_cast<qsizetype>(r)]);
        QColor color = growerColors[r % std::size(growerColors)];
        area->setBorderColor(color);
        color.setAlpha(120);
        area->setColor(color);
        chart->addSeries(area);
        area->attachAxis(x);
        area->attachAxis(y);
    }
}

void addRssLine(QChart* chart, QValueAxis* x, QValueAxis* y, const std::vector<SeriesPoint>& points,
    int64_t ownAxisHighest, ChartScale scale)
{
    const QColor rssColor(0xd8, 0x7a, 0x1f);
    auto* rss = new QLineSeries(chart);
    rss->setName(QObject::tr("RSS"));
    QValueAxis* axis = y;
    if (ownAxisHighest > 0) {
        QString rssUnit;
        byteAxisUnit(static_cast<double>(ownAxisHighest), scale.bytes, rssUnit);
        axis = new QValueAxis(chart);
        axis->setTitleText(QObject::tr("RSS (%1)").arg(rssUnit));
        axis->setTitleBrush(rssColor);
        axis->setLabelsColor(rssColor);
        axis->setLabelFormat(QStringLiteral("%g"));
        axis->setRange(0, static_cast<double>(ownAxisHighest) * 1.08 / scale.bytes);
        axis->applyNiceNumbers();
        chart->addAxis(axis, Qt::AlignRight);
        rss->setName(QObject::tr("RSS (right axis)"));
    }
    for (const auto& p : points)
        rss->append(p.time / scale.time, static_cast<double>(p.max) / scale.bytes);
    rss->setColor(rssColor);
    chart->addSeries(rss);
    rss->attachAxis(x);
    rss->attachAxis(axis);
}

void addCounterLines(
    QChart* chart, QValueAxis* x, const std::vector<CounterLine>& counters, double timeScale, QColor color)
{
    if (counters.empty())
        return;
    double top = 1;
    for (const auto& counter : counters)
        for (const auto& p : counter.points)
            top = std::max(top, static_cast<double>(p.max));
    // In thousands or millions past them: "%g" wrote a count of 1.3 million as "1.5e+06" ticks
    // (the objects made with the collector off).
    const double scale = top >= 2e6 ? 1e6 : top >= 2e4 ? 1e3 : 1;
    auto* counterAxis = new QValueAxis(chart);
    counterAxis->setTitleText(scale == 1e6 ? QObject::tr("count (millions)")
            : scale == 1e3                 ? QObject::tr("count (thousands)")
                                           : QObject::tr("count"));
    counterAxis->setLabelFormat(QStringLiteral("%g"));
    chart->addAxis(counterAxis, Qt::AlignRight);
    // Counters are drawn dashed, apart from the memory series; each after the first in a muted
    // colour and a dash of its own, so that two (threads alive, warnings registered) read apart
    // in the legend and on the chart.
    static const QColor Muted[] = { QColor(0x4f, 0x79, 0xa8), QColor(0x8c, 0x6a, 0x3c), QColor(0x5f, 0x8a, 0x4a) };
    static const Qt::PenStyle Dashes[] = { Qt::DashLine, Qt::DotLine, Qt::DashDotLine, Qt::DashDotDotLine };
    for (size_t i = 0; i < counters.size(); ++i) {
        const auto& counter = counters[i];
        auto* line = new QLineSeries(chart);
        line->setName(counter.name.toHtmlEscaped());
        QColor shade = i == 0 ? color : Muted[(i - 1) % std::size(Muted)];
        shade.setAlpha(color.alpha());
        QPen pen(shade);
        pen.setStyle(Dashes[i % std::size(Dashes)]);
        line->setPen(pen);
        for (const auto& p : counter.points)
            line->append(p.time / timeScale, static_cast<double>(p.max) / scale);
        chart->addSeries(line);
        line->attachAxis(x);
        line->attachAxis(counterAxis);
    }
    counterAxis->setRange(0, top / scale * 1.08);
    counterAxis->applyNiceNumbers();
}

} // namespace heapline
