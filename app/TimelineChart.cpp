#include "TimelineChart.h"

#include "ChartAxes.h"
#include "Delegates.h"
#include "QtText.h"
#include "RatePlot.h"
#include "Selection.h"
#include "StackedRows.h"
#include "Theme.h"
#include "TimelineSeries.h"
#include "model/IdleTail.h"
#include "model/KeptObjects.h"
#include "model/SummaryLists.h"
#include "model/Units.h"
#include "model/Wording.h"

#include <QAreaSeries>
#include <QChart>
#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>
#include <QtConcurrent>
#include <cmath>
#include <unordered_map>

namespace heapline {

namespace {

constexpr int TopGrowers = 5;
// RSS above this many times the heap's highest is drawn on an axis of its own.
constexpr int64_t RssOwnAxisRatio = 8;

} // namespace

TimelineChart::TimelineChart(QWidget* parent)
    : QChartView(parent)
{
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(220);
    chart()->legend()->setAlignment(Qt::AlignTop);
    chart()->setMargins(QMargins(4, 4, 4, 4));
    setMouseTracking(true);
    connect(chart(), &QChart::plotAreaChanged, this, &TimelineChart::placeMarkers);
    m_detailTimer.setSingleShot(true);
    m_detailTimer.setInterval(80);
    connect(&m_detailTimer, &QTimer::timeout, this, &TimelineChart::rebuild);
    connect(&m_ratesWatcher, &QFutureWatcherBase::finished, this, [this] {
        auto rates = m_ratesWatcher.result();
        if (m_ratesPending) {
            m_ratesPending = false;
            computeRates();
            return;
        }
        if (!m_metric || rates->metric != *m_metric)
            return;
        m_rates = std::move(rates);
        rebuild();
        emit ratesReady();
    });
}

void TimelineChart::setProfile(ProfilePtr profile)
{
    m_profile = std::move(profile);
    m_comparison.reset();
    m_rates.reset();
    m_zoom.reset();
    rebuild();
}

void TimelineChart::setSelection(Selection* selection)
{
    m_selection = selection;
    connect(selection, &Selection::rangeChanged, this, &TimelineChart::placeMarkers);
    connect(selection, &Selection::selectedRowChanged, this, &TimelineChart::rebuild);
}

void TimelineChart::setComparison(ComparisonPtr comparison)
{
    m_comparison = std::move(comparison);
    if (m_metric)
        computeRates();
    rebuild();
}

void TimelineChart::setMetric(std::optional<RateMetric> metric)
{
    if (metric == m_metric)
        return;
    m_metric = metric;
    m_rates.reset();
    if (m_metric)
        computeRates();
    rebuild();
}

// One pass over the checkpoint columns, off the GUI thread; a request made while one runs is
// served once it ends, with the latest comparison and metric.
void TimelineChart::computeRates()
{
    if (!m_comparison || !m_metric)
        return;
    if (m_ratesWatcher.isRunning()) {
        m_ratesPending = true;
        return;
    }
    m_ratesWatcher.setFuture(QtConcurrent::run([comparison = m_comparison, metric = *m_metric] {
        return std::make_shared<const RateSeries>(rateSeries(*comparison, metric));
    }));
}

void TimelineChart::addRates(QValueAxis* x, QValueAxis* y)
{
    const QString title = rateMetricTitle(*m_metric);
    if (!m_rates || m_rates->metric != *m_metric) {
        chart()->setTitle(tr("Working out %1 …").arg(title));
        return;
    }
    if (!m_rates->recorded) {
        chart()->setTitle(tr("This format records snapshots, not single allocations: there is no %1 to show").arg(title));
        return;
    }
    m_rateScale = plotRates(chart(), x, y, *m_rates, m_timeScale, palette());
}

void TimelineChart::resetZoom()
{
    m_zoom.reset();
    if (m_x)
        m_x->setRange(m_t0 / m_timeScale, m_t1 / m_timeScale);
    placeMarkers();
    m_detailTimer.start();
}

void TimelineChart::zoomTime(double from, double to)
{
    if (to < from)
        std::swap(from, to);
    from = std::max(from, m_t0);
    to = std::min(to, m_t1);
    if (to - from <= (m_t1 - m_t0) * 1e-6)
        return;
    m_zoom = std::make_pair(from, to);
    if (m_x) {
        m_x->setRange(from / m_timeScale, to / m_timeScale);
        m_x->setTickInterval(niceStep((to - from) / m_timeScale, 8));
    }
    placeMarkers();
    m_detailTimer.start(); // the axis moves now; the finer points follow
}

void TimelineChart::finishPendingRedraw()
{
    if (m_detailTimer.isActive()) {
        m_detailTimer.stop();
        rebuild();
    }
}

size_t TimelineChart::bucketCount() const
{
    const qreal plotWidth = chart()->plotArea().width();
    return static_cast<size_t>(std::clamp<qreal>(plotWidth > 1 ? plotWidth : width(), 100, 4000));
}

std::vector<SeriesPoint> TimelineChart::visiblePoints(const Series& series, size_t buckets) const
{
    auto [from, to] = visibleTimes();
    const auto points = series.points();
    const auto first = std::lower_bound(points.begin(), points.end(), from, [](const SeriesPoint& p, double t) { return p.time < t; });
    if (first != points.begin())
        from = std::prev(first)->time;
    const auto last = std::upper_bound(points.begin(), points.end(), to, [](double t, const SeriesPoint& p) { return t < p.time; });
    if (last != points.end())
        to = last->time;
    return series.downsample(from, to, buckets + 2);
}

std::pair<double, double> TimelineChart::visibleTimes() const
{
    return m_zoom.value_or(std::make_pair(m_t0, m_t1));
}

void TimelineChart::rebuild()
{
    auto* chart = this->chart();
    chart->removeAllSeries();
    applyChartTheme(chart, palette());
    for (auto* axis : chart->axes()) {
        chart->removeAxis(axis); // hands the axis back to us: removeAxis does not delete it
        delete axis;
    }
    m_x = nullptr;
    delete m_markerA;
    delete m_markerB;
    delete m_labelA;
    delete m_labelB;
    delete m_span;
    for (const auto& mark : m_markLabels)
        delete mark.item;
    m_markLabels.clear();
    m_markerA = m_markerB = nullptr;
    m_labelA = m_labelB = nullptr;
    m_span = nullptr;
    if (!m_profile)
        return;

    const auto& timeline = m_profile->timeline();
    const auto& store = m_profile->checkpoints();
    m_t0 = store.time(0);
    m_t1 = std::max(store.time(store.size() - 1), timeline.heap.empty() ? m_t0 : timeline.heap.points().back().time);
    if (m_t1 <= m_t0)
        m_t1 = m_t0 + 1; // one checkpoint: an axis of one unit, not of none
    int64_t highest = timeline.heap.maxValue();
    for (const auto& named : timeline.memory)
        highest = std::max(highest, named.series.maxValue());
    // RSS far above the heap (memory the profiler does not trace: heaptrack's own, an
    // interpreter's arenas, a compiler's mmap'd pools) would flatten the heap onto the time axis:
    // RSS then gets an axis of its own, on the right.
    const int64_t rssHighest = timeline.rss.maxValue();
    const bool rssOwnAxis = rssHighest > RssOwnAxisRatio * std::max<int64_t>(highest, 1);
    if (!rssOwnAxis)
        highest = std::max(highest, rssHighest);
    timeAxisUnit(m_profile->info().timeUnit, m_t1, m_timeScale, m_timeUnit);
    byteAxisUnit(static_cast<double>(std::max<int64_t>(highest, 1)), m_byteScale, m_byteUnit);

    auto* x = new QValueAxis(chart);
    x->setTitleText(tr("time (%1)").arg(m_timeUnit));
    x->setLabelFormat(QStringLiteral("%g"));
    x->setTickType(QValueAxis::TicksDynamic);
    x->setTickAnchor(0);
    const auto [from, to] = visibleTimes();
    x->setRange(from / m_timeScale, to / m_timeScale);
    x->setTickInterval(niceStep((to - from) / m_timeScale, 8));
    auto* y = new QValueAxis(chart);
    y->setTitleText(m_byteUnit);
    y->setLabelFormat(QStringLiteral("%g"));
    y->setRange(0, static_cast<double>(std::max<int64_t>(highest, 1)) * 1.08 / m_byteScale);
    y->applyNiceNumbers();
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    m_x = x;
    const auto attach = [&](QAbstractSeries* series) {
        chart->addSeries(series);
        series->attachAxis(x);
        series->attachAxis(y);
    };
    chart->setTitle(QString());
    if (m_metric) {
        addRates(x, y);
        addMarks(y, attach);
        addMarkers();
        return;
    }

    // The heap up to the highest value in each bucket, spikes and dips inside wide intervals.
    const size_t buckets = bucketCount();
    m_builtBuckets = buckets;
    const auto [visibleFrom, visibleTo] = visibleTimes();
    const double pixel = (visibleTo - visibleFrom) / static_cast<double>(buckets);
    auto* heap = heapEnvelope(visiblePoints(timeline.heap, buckets), pixel, { m_timeScale, m_byteScale }, chart);
    heap->setName(tr("Heap"));
    auto* area = new QAreaSeries(heap);
    area->setName(tr("Heap (traced)"));
    area->setColor(QColor(0x3b, 0x7d, 0xd8, 70));
    area->setBorderColor(QColor(0x1f, 0x5f, 0xbf));
    attach(area);

    addGrowers(x, y);

    if (!timeline.rss.empty())
        addRssLine(chart, x, y, visiblePoints(timeline.rss, buckets), rssOwnAxis ? rssHighest : 0,
            { m_timeScale, m_byteScale });
    const QColor extraColors[] = { QColor(0x6a, 0x9f, 0x3a), QColor(0x8e, 0x5b, 0xb5), QColor(0x99, 0x99, 0x99) };
    size_t colorIndex = 0;
    for (const auto& named : timeline.memory) {
        if (named.series.maxValue() <= 0)
            continue;
        auto* line = new QLineSeries(chart);
        QString name = q(named.name);
        name[0] = name[0].toUpper();
        line->setName(name);
        for (const auto& p : visiblePoints(named.series, buckets))
            line->append(p.time / m_timeScale, static_cast<double>(p.max) / m_byteScale);
        line->setColor(extraColors[std::min(colorIndex++, std::size(extraColors) - 1)]);
        attach(line);
    }

    // Counters (queue depth, items …) on an axis of their own.
    std::vector<CounterLine> counters;
    for (const auto& named : timeline.counters) {
        // The recorder counts threads alive in every recording: a program that never started one
        // drew a flat line at 1 on an axis of its own, a legend entry and a scale that say nothing.
        if (named.name == ThreadsAliveCounter && named.series.maxValue() <= 1)
            continue;
        // The program's CPU time only climbs: it tells idling from work to the model, not on a chart.
        if (named.name == ProgramCpuCounter)
            continue;
        counters.push_back({ q(named.name), visiblePoints(named.series, buckets) });
    }
    QColor counterColor = palette().color(QPalette::Text);
    counterColor.setAlpha(170);
    addCounterLines(chart, x, counters, m_timeScale, counterColor);

    addMarks(y, attach);

    const auto& totals = m_profile->totals();
    auto* peak = new QScatterSeries(chart);
    peak->setName(tr("Peak %1").arg(q(formatBytes(totals.peakHeapBytes))));
    peak->setMarkerSize(9);
    peak->setColor(QColor(0xc6, 0x28, 0x28));
    peak->append(peakDrawnAt() / m_timeScale, static_cast<double>(totals.peakHeapBytes) / m_byteScale);
    attach(peak);
    addMarkers();
}

double TimelineChart::peakDrawnAt() const
{
    // A peak known only as the high of an interval is drawn inside it, where the heap's line
    // draws that high (heapEnvelope), or at its end where the heap still stood there: the dot
    // sits on the line.
    if (const auto interval = peakInterval(*m_profile))
        return interval->heldAtEnd ? interval->to
                                   : interval->from + (interval->to - interval->from) * (interval->dipped ? 0.33 : 0.5);
    return m_profile->totals().peakTime;
}

// Marks: named instants, as labelled vertical lines.
void TimelineChart::addMarks(QValueAxis* y, const std::function<void(QAbstractSeries*)>& attach)
{
    for (const auto& mark : m_profile->timeline().marks) {
        auto* line = new QLineSeries(chart());
        line->setName(tr("mark: %1").arg(q(mark.name).toHtmlEscaped()));
        line->append(mark.time / m_timeScale, 0);
        line->append(mark.time / m_timeScale, y->max());
        QPen pen(palette().color(QPalette::Text));
        pen.setStyle(Qt::DotLine);
        line->setPen(pen);
        attach(line);
        auto* label = chart()->scene()->addSimpleText(q(mark.name));
        label->setBrush(pen.color());
        label->setZValue(20);
        m_markLabels.push_back({ mark.time, label });
    }
}

void TimelineChart::placeMarkLabels()
{
    const QRectF plot = chart()->plotArea();
    for (const auto& mark : m_markLabels) {
        const double x = chart()->mapToPosition(QPointF(mark.time / m_timeScale, 0)).x();
        const double width = mark.item->boundingRect().width();
        mark.item->setVisible(x >= plot.left() && x <= plot.right());
        // Right of its line, or left of it where the plot ends first.
        mark.item->setPos(x + 3 + width <= plot.right() ? x + 3 : x - 3 - width, plot.top() + 2);
    }
}

// The A and B markers and the span between them, over the chart.
void TimelineChart::addMarkers()
{
    auto* chart = this->chart();
    if (m_selection) {
        auto* scene = chart->scene();
        m_span = scene->addRect(QRectF(), Qt::NoPen, QColor(0xff, 0xc1, 0x07, 22));
        QPen a(QColor(0xe6, 0x9b, 0x00), 2);
        QPen b(QColor(0xe6, 0x4a, 0x19), 2);
        m_markerA = scene->addLine(QLineF(), a);
        m_markerB = scene->addLine(QLineF(), b);
        m_labelA = scene->addSimpleText(QStringLiteral("A"));
        m_labelB = scene->addSimpleText(QStringLiteral("B"));
        for (auto* label : { m_labelA, m_labelB }) {
            QFont font = label->font();
            font.setBold(true);
            label->setFont(font);
        }
        m_labelA->setBrush(a.color());
        m_labelB->setBrush(b.color());
        for (QGraphicsItem* item : { static_cast<QGraphicsItem*>(m_span), static_cast<QGraphicsItem*>(m_markerA),
                                     static_cast<QGraphicsItem*>(m_markerB), static_cast<QGraphicsItem*>(m_labelA),
                                     static_cast<QGraphicsItem*>(m_labelB) })
            item->setZValue(20);
    }
    placeMarkers();
}

// The top growers between A and B, stacked, each drawn over the whole run; and the picked row.
void TimelineChart::addGrowers(QValueAxis* x, QValueAxis* y)
{
    if (!m_comparison || m_comparison->wholeRun().sampleTimes.size() < 2)
        return;
    const auto& whole = m_comparison->wholeRun();
    const auto& heap = m_profile->timeline().heap;
    // The rows from the sample nearest to where the heap's own line begins: a heaptrack file's first timestamp can come
    // late (git blame: 467 ms, heaptrack.leakpy: 529 ms), and drawn from the start, the rows rose straight to their
    // level and to a high in the middle (230 ms) of a stretch where nothing was recorded.
    size_t skipped = 0;
    const auto& at = whole.sampleTimes;
    while (!heap.empty() && skipped + 2 < at.size() && (at[skipped] + at[skipped + 1]) / 2 < heap.points().front().time)
        ++skipped;
    const auto fromHeapStart = [skipped](auto values) {
        values.erase(values.begin(), values.begin() + static_cast<ptrdiff_t>(std::min(skipped, values.size())));
        return values;
    };
    const std::vector<double> times = fromHeapStart(at);
    // The Summary's suspects; where nothing grew, the batches that rose and fell back.
    const FirstScreenRows named = firstScreenRows(*m_comparison, TopGrowers, TopGrowers);
    std::vector<const DiffRow*> rows;
    std::vector<std::vector<int64_t>> series, highs; // each row's over the whole run
    const bool intervalHighs = m_profile->info().intervalHighs;
    for (const DiffRow* row : named.growers.empty() ? named.risers : named.growers) {
        if (const DiffRow* wholeRow = m_comparison->wholeRunRow(*row)) {
            rows.push_back(row);
            series.push_back(fromHeapStart(whole.series(*wholeRow)));
            if (intervalHighs)
                highs.push_back(fromHeapStart(whole.highs(*wholeRow)));
        }
    }
    // Capped by the heap where the format knows the rows at fewer instants than the heap.
    const bool capped = !intervalHighs && heap.size() <= 4096;
    const std::vector<int64_t> heapHighs
        = intervalHighs ? fromHeapStart(whole.highs(whole.total)) : std::vector<int64_t> {};
    const StackedRows stacked = stackRows(times, series, capped ? &heap : nullptr, highs, heapHighs);
    // Legend labels are rich text: a key like "<module>" must be escaped to show. The class is in
    // the legend and the table.
    QStringList names;
    for (const DiffRow* row : rows) {
        const std::string name = m_comparison->shortKey(*row, 0, false); // the leading frame
        names << QStringLiteral("%1 (%2)").arg(
            elide(q(name), 32).toHtmlEscaped(), QLatin1String(growthClassName(row->cls)));
    }
    addStackedAreas(chart(), x, y, stacked, names, { m_timeScale, m_byteScale });
    // The picked row, as a bold line over its whole run: at the same instants as the stack, its
    // highs inside intervals and the heap's cap included (under massif a row drawn straight
    // between detailed snapshots stood above the heap where a batch had been freed).
    if (!m_selection || m_selection->selectedKey().isEmpty())
        return;
    const auto picked = m_comparison->rowOfKey(m_selection->selectedKey().toStdString());
    if (const DiffRow* row = picked ? m_comparison->wholeRunRow(m_comparison->diff().rows[*picked]) : nullptr) {
        auto* line = new QLineSeries(chart());
        line->setName(tr("picked: %1").arg(elide(m_selection->selectedKey(), 30).toHtmlEscaped()));
        const StackedRows one = stackRows(times, { fromHeapStart(whole.series(*row)) }, capped ? &heap : nullptr,
            intervalHighs ? std::vector<std::vector<int64_t>> { fromHeapStart(whole.highs(*row)) }
                          : std::vector<std::vector<int64_t>> {},
            heapHighs);
        for (size_t j = 0; j < one.times.size(); ++j)
            line->append(one.times[j] / m_timeScale, one.values[0][j] / m_byteScale);
        line->setPen(QPen(palette().color(QPalette::Highlight), 3));
        chart()->addSeries(line);
        line->attachAxis(x);
        line->attachAxis(y);
    }
}

QPoint TimelineChart::pointForTime(double time) const
{
    const QPointF scenePoint = chart()->mapToPosition(QPointF(time / m_timeScale, 0));
    return mapFromScene(scenePoint);
}

double TimelineChart::timeAt(QPointF viewPoint) const
{
    return chart()->mapToValue(mapToScene(viewPoint.toPoint())).x() * m_timeScale;
}

void TimelineChart::placeMarkers()
{
    placeMarkLabels();
    if (!m_selection || !m_markerA || !m_profile)
        return;
    const QRectF plot = chart()->plotArea();
    const auto& store = m_profile->checkpoints();
    const auto xOf = [&](double time) { return chart()->mapToPosition(QPointF(time / m_timeScale, 0)).x(); };
    const double ta = m_drag == Drag::A ? m_dragTime : store.time(std::min(m_selection->a(), store.size() - 1));
    const double tb = m_drag == Drag::B ? m_dragTime : store.time(std::min(m_selection->b(), store.size() - 1));
    const double xa = std::clamp(xOf(ta), plot.left(), plot.right());
    const double xb = std::clamp(xOf(tb), plot.left(), plot.right());
    m_markerA->setLine(QLineF(xa, plot.top(), xa, plot.bottom()));
    m_markerB->setLine(QLineF(xb, plot.top(), xb, plot.bottom()));
    // Labels sit just above the plot, centred on their marker and kept inside the chart, so that a marker
    // at either edge of the run still shows its letter; when A and B nearly meet they move apart.
    const double width = m_labelA->boundingRect().width();
    const double top = plot.top() - m_labelA->boundingRect().height() - 1;
    double labelA = xa - width / 2, labelB = xb - width / 2;
    if (std::abs(labelB - labelA) < width + 2) {
        const double middle = (labelA + labelB) / 2;
        labelA = middle - width / 2 - 1 - (xa <= xb ? width / 2 : -width / 2);
        labelB = middle - width / 2 + 1 + (xa <= xb ? width / 2 : -width / 2);
    }
    const double minX = 0, maxX = scene()->sceneRect().width() - width;
    m_labelA->setPos(std::clamp(labelA, minX, maxX), top);
    m_labelB->setPos(std::clamp(labelB, minX, maxX), top);
    m_span->setRect(QRectF(QPointF(std::min(xa, xb), plot.top()), QPointF(std::max(xa, xb), plot.bottom())));
    const bool aHere = aOnThisTimeline();
    for (QGraphicsItem* item : { static_cast<QGraphicsItem*>(m_markerA), static_cast<QGraphicsItem*>(m_labelA),
             static_cast<QGraphicsItem*>(m_span) })
        item->setVisible(aHere);
}

QStringList TimelineChart::seriesNames() const
{
    QStringList names;
    for (auto* series : chart()->series())
        names << series->name();
    return names;
}

QList<QPointF> TimelineChart::seriesPoints(const QString& name) const
{
    for (auto* series : chart()->series()) {
        if (auto* area = qobject_cast<QAreaSeries*>(series)) {
            if ((name == tr("Heap") && area->name() == tr("Heap (traced)")) || area->name() == name)
                return area->upperSeries()->points();
        } else if (auto* line = qobject_cast<QXYSeries*>(series); line && line->name() == name) {
            return line->points();
        }
    }
    return {};
}

} // namespace heapline
