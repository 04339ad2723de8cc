#include "RatePlot.h"

#include "ChartAxes.h"
#include "QtText.h"

#include <QAreaSeries>
#include <QChart>
#include <QCoreApplication>
#include <QLineSeries>
#include <QValueAxis>

namespace heapline {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("RatePlot", text);
}

} // namespace

QString rateMetricTitle(RateMetric metric)
{
    switch (metric) {
    case RateMetric::Allocations:
        return tr("allocations per second");
    case RateMetric::Temporary:
        return tr("temporary allocations per second");
    case RateMetric::AllocatedBytes:
        return tr("bytes allocated per second");
    }
    return {};
}

double plotRates(QChart* chart, QValueAxis* x, QValueAxis* y, const RateSeries& r, double timeScale, const QPalette& palette)
{
    const bool perSecond = r.secondsPerUnit > 0;
    double highest = 1;
    for (size_t i = 0; i < r.total.size(); ++i)
        highest = std::max(highest, r.rate(r.total[i], i));
    double scale = 1;
    QString unit;
    if (r.metric == RateMetric::AllocatedBytes) {
        byteAxisUnit(highest, scale, unit);
        unit += perSecond ? tr("/s") : tr(" per unit");
    } else {
        // Counts in thousands or millions: "1.5e+06" is not how anyone reads a rate.
        scale = highest >= 2e6 ? 1e6 : highest >= 2e3 ? 1e3 : 1;
        const QString count = scale == 1e6 ? tr("million ") : scale == 1e3 ? tr("thousand ") : QString();
        unit = count + (perSecond ? tr("per second") : tr("per unit of time"));
    }
    y->setTitleText(unit);
    y->setRange(0, highest * 1.08 / scale);
    y->applyNiceNumbers();
    const auto step = [&](QLineSeries* line, const std::vector<double>& values) {
        for (size_t i = 0; i < values.size(); ++i) {
            line->append(r.times[i] / timeScale, values[i] / scale);
            line->append(r.times[i + 1] / timeScale, values[i] / scale);
        }
    };
    const auto attach = [&](QAbstractSeries* series) {
        chart->addSeries(series);
        series->attachAxis(x);
        series->attachAxis(y);
    };
    std::vector<double> cumulative(r.total.size(), 0.0);
    static const QColor colors[] = { QColor(0xd6, 0x4f, 0x3c), QColor(0x8e, 0x5b, 0xc4), QColor(0x2a, 0x9d, 0x8f),
                                     QColor(0xe9, 0xa2, 0x27), QColor(0x4a, 0x7f, 0xc1) };
    for (size_t row = 0; row < r.rows.size(); ++row) {
        auto* lower = new QLineSeries(chart);
        auto* upper = new QLineSeries(chart);
        step(lower, cumulative);
        for (size_t i = 0; i < cumulative.size(); ++i)
            cumulative[i] += r.rate(r.rows[row][i], i);
        step(upper, cumulative);
        auto* area = new QAreaSeries(upper, lower);
        area->setName(elide(q(r.keys[row]), 32).toHtmlEscaped());
        QColor color = colors[row % std::size(colors)];
        area->setBorderColor(color);
        color.setAlpha(120);
        area->setColor(color);
        attach(area);
    }
    auto* total = new QLineSeries(chart);
    total->setName(tr("All: %1").arg(rateMetricTitle(r.metric)));
    std::vector<double> totals(r.total.size());
    for (size_t i = 0; i < totals.size(); ++i)
        totals[i] = r.rate(r.total[i], i);
    step(total, totals);
    total->setPen(QPen(palette.color(QPalette::Text), 1.5));
    attach(total);
    return scale;
}

} // namespace heapline
