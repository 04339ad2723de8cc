#include "TimelineChart.h"

#include "model/Units.h"

#include <QAreaSeries>
#include <QChart>
#include <QLineSeries>
#include <QScatterSeries>
#include <QToolTip>
#include <QValueAxis>
#include <cmath>

namespace heapline {

namespace {

constexpr size_t ChartPoints = 800;

// Axis unit for a time axis in the profile's unit.
void timeAxisUnit(TimeUnit unit, double maxTime, double& scale, QString& name)
{
    switch (unit) {
    case TimeUnit::Milliseconds:
        scale = maxTime >= 2000 ? 1000 : 1;
        name = scale == 1000 ? QStringLiteral("s") : QStringLiteral("ms");
        return;
    case TimeUnit::Seconds:
        scale = 1;
        name = QStringLiteral("s");
        return;
    case TimeUnit::Instructions:
        scale = maxTime >= 2e9 ? 1e9 : maxTime >= 2e6 ? 1e6 : 1;
        name = scale == 1e9 ? QStringLiteral("G instructions") : scale == 1e6 ? QStringLiteral("M instructions") : QStringLiteral("instructions");
        return;
    case TimeUnit::Bytes:
        scale = maxTime >= 2e9 ? 1e9 : maxTime >= 2e6 ? 1e6 : maxTime >= 2e3 ? 1e3 : 1;
        name = scale == 1e9 ? QStringLiteral("GB allocated") : scale == 1e6 ? QStringLiteral("MB allocated") : scale == 1e3 ? QStringLiteral("kB allocated") : QStringLiteral("B allocated");
        return;
    }
}

// 1, 2 or 5 times a power of ten, so that `range` holds at most about `ticks` steps.
double niceStep(double range, int ticks)
{
    if (!(range > 0))
        return 1;
    const double raw = range / ticks;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (double factor : { 1.0, 2.0, 5.0, 10.0 })
        if (raw <= factor * power)
            return factor * power;
    return 10 * power;
}

void byteAxisUnit(double maxBytes, double& scale, QString& name)
{
    scale = maxBytes >= 2e9 ? 1e9 : maxBytes >= 2e6 ? 1e6 : maxBytes >= 2e3 ? 1e3 : 1;
    name = scale == 1e9 ? QStringLiteral("GB") : scale == 1e6 ? QStringLiteral("MB") : scale == 1e3 ? QStringLiteral("kB") : QStringLiteral("B");
}

} // namespace

TimelineChart::TimelineChart(QWidget* parent)
    : QChartView(parent)
{
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(260);
    chart()->legend()->setAlignment(Qt::AlignTop);
    chart()->setMargins(QMargins(4, 4, 4, 4));
}

void TimelineChart::setProfile(ProfilePtr profile)
{
    m_profile = std::move(profile);
    auto* chart = this->chart();
    chart->removeAllSeries();
    for (auto* axis : chart->axes())
        chart->removeAxis(axis);
    if (!m_profile)
        return;

    const auto& timeline = m_profile->timeline();
    const auto& store = m_profile->checkpoints();
    const double t0 = store.time(0);
    const double t1 = std::max(store.time(store.size() - 1), timeline.heap.empty() ? t0 : timeline.heap.points().back().time);
    int64_t highest = std::max(timeline.heap.maxValue(), timeline.rss.maxValue());
    for (const auto& named : timeline.memory)
        highest = std::max(highest, named.series.maxValue());
    const double maxBytes = static_cast<double>(highest);
    timeAxisUnit(m_profile->info().timeUnit, t1, m_timeScale, m_timeUnit);
    byteAxisUnit(std::max(maxBytes, 1.0), m_byteScale, m_byteUnit);

    auto* xAxis = new QValueAxis(chart);
    xAxis->setTitleText(tr("time (%1)").arg(m_timeUnit));
    xAxis->setRange(t0 / m_timeScale, std::max(t1, t0 + 1) / m_timeScale);
    xAxis->setLabelFormat(QStringLiteral("%g"));
    auto* yAxis = new QValueAxis(chart);
    yAxis->setTitleText(m_byteUnit);
    yAxis->setRange(0, std::max(maxBytes, 1.0) * 1.08 / m_byteScale);
    yAxis->setLabelFormat(QStringLiteral("%g"));
    // Time keeps its exact range (a nice-numbers range would pad it with empty time); the
    // ticks fall on round values instead.
    xAxis->setTickType(QValueAxis::TicksDynamic);
    xAxis->setTickAnchor(0);
    xAxis->setTickInterval(niceStep((std::max(t1, t0 + 1) - t0) / m_timeScale, 8));
    yAxis->applyNiceNumbers();
    chart->addAxis(xAxis, Qt::AlignBottom);
    chart->addAxis(yAxis, Qt::AlignLeft);

    // The heap as an area up to the highest value in each bucket: a spike narrower than a
    // pixel still reaches its height.
    const auto heapPoints = timeline.heap.downsample(t0, t1, ChartPoints);
    auto* upper = new QLineSeries(chart);
    upper->setName(tr("Heap"));
    for (const auto& p : heapPoints)
        upper->append(p.time / m_timeScale, static_cast<double>(p.max) / m_byteScale);
    auto* area = new QAreaSeries(upper);
    area->setName(tr("Heap (traced)"));
    area->setColor(QColor(0x3b, 0x7d, 0xd8, 90));
    area->setBorderColor(QColor(0x1f, 0x5f, 0xbf));
    chart->addSeries(area);
    area->attachAxis(xAxis);
    area->attachAxis(yAxis);
    connect(area, &QAreaSeries::hovered, this,
            [this](const QPointF& point, bool state) { showTooltip(tr("Heap"), point, state); });

    if (!timeline.rss.empty()) {
        auto* rss = new QLineSeries(chart);
        rss->setName(tr("RSS"));
        for (const auto& p : timeline.rss.downsample(t0, t1, ChartPoints))
            rss->append(p.time / m_timeScale, static_cast<double>(p.max) / m_byteScale);
        rss->setColor(QColor(0xd8, 0x7a, 0x1f));
        chart->addSeries(rss);
        rss->attachAxis(xAxis);
        rss->attachAxis(yAxis);
        connect(rss, &QLineSeries::hovered, this, [this](const QPointF& point, bool state) { showTooltip(tr("RSS"), point, state); });
    }

    // Further byte series (massif's extra heap and stacks) where they hold anything.
    const QColor extraColors[] = { QColor(0x6a, 0x9f, 0x3a), QColor(0x8e, 0x5b, 0xb5), QColor(0x99, 0x99, 0x99) };
    size_t colorIndex = 0;
    for (const auto& named : timeline.memory) {
        if (named.series.maxValue() <= 0)
            continue;
        auto* line = new QLineSeries(chart);
        line->setName(QString::fromStdString(named.name).replace(0, 1, QString::fromStdString(named.name).left(1).toUpper()));
        for (const auto& p : named.series.downsample(t0, t1, ChartPoints))
            line->append(p.time / m_timeScale, static_cast<double>(p.max) / m_byteScale);
        line->setColor(extraColors[std::min(colorIndex++, std::size(extraColors) - 1)]);
        chart->addSeries(line);
        line->attachAxis(xAxis);
        line->attachAxis(yAxis);
        const QString name = line->name();
        connect(line, &QLineSeries::hovered, this, [this, name](const QPointF& point, bool state) { showTooltip(name, point, state); });
    }

    const auto& totals = m_profile->totals();
    auto* peak = new QScatterSeries(chart);
    peak->setName(tr("Peak %1").arg(QString::fromStdString(formatBytes(totals.peakHeapBytes))));
    peak->setMarkerSize(9);
    peak->setColor(QColor(0xc6, 0x28, 0x28));
    peak->append(totals.peakTime / m_timeScale, static_cast<double>(totals.peakHeapBytes) / m_byteScale);
    chart->addSeries(peak);
    peak->attachAxis(xAxis);
    peak->attachAxis(yAxis);
    connect(peak, &QScatterSeries::hovered, this, [this](const QPointF& point, bool state) { showTooltip(tr("Peak"), point, state); });
}

void TimelineChart::showTooltip(const QString& seriesName, const QPointF& point, bool state)
{
    if (!state || !m_profile) {
        QToolTip::hideText();
        return;
    }
    const double time = point.x() * m_timeScale;
    const auto bytes = static_cast<int64_t>(std::llround(point.y() * m_byteScale));
    QToolTip::showText(QCursor::pos(), tr("%1 at %2: %3")
                                           .arg(seriesName, QString::fromStdString(formatTime(time, m_profile->info().timeUnit)),
                                                QString::fromStdString(formatBytes(bytes))));
}

QList<QPointF> TimelineChart::seriesPoints(const QString& name) const
{
    for (auto* series : chart()->series()) {
        if (auto* area = qobject_cast<QAreaSeries*>(series); area && name == tr("Heap"))
            return area->upperSeries()->points();
        if (auto* line = qobject_cast<QLineSeries*>(series); line && line->name() == name)
            return line->points();
    }
    return {};
}

} // namespace heapline
