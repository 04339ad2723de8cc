#pragma once

#include "DiffController.h"
#include "model/RateSeries.h"

#include <QFutureWatcher>
#include <QTimer>
#include <functional>

#include <QChartView>
#include <optional>

class QGraphicsLineItem;
class QGraphicsSimpleTextItem;
class QGraphicsRectItem;
class QRubberBand;
class QValueAxis;
class QAbstractSeries;

namespace heapline {

class Selection;

// The profile's memory over time: the traced heap (with its min/max envelope kept through any
// downsampling), RSS, further byte series, the top growers of the current diff stacked, marks,
// counters on a second axis, and the peak. Interactive, it carries the A and B markers: click to
// set A, shift+click to set B, drag either; they snap to checkpoints. The wheel zooms time,
// Ctrl+drag zooms to a span, double-click (or Ctrl+0) shows the whole run again.
class TimelineChart : public QChartView {
    Q_OBJECT

public:
    explicit TimelineChart(QWidget* parent = nullptr);

    void setProfile(ProfilePtr profile);
    void setSelection(Selection* selection); // makes the chart interactive
    void setComparison(ComparisonPtr comparison);
    // What the chart shows: memory (nullopt: heap, RSS, the top growers) or a rate per second
    // (heaptrack's Allocations, Temporary Allocations and Consumed charts) with the comparison's
    // top rows by that rate stacked.
    void setMetric(std::optional<RateMetric> metric);
    std::optional<RateMetric> metric() const { return m_metric; }
    // The rates on screen, once worked out (null while computing or for memory).
    const std::shared_ptr<const RateSeries>& rates() const { return m_rates; }
    double yScaleOfRates() const { return m_rateScale; } // data per axis unit
    void resetZoom();
    void zoomTime(double from, double to);
    // Redraws now what a zoom or a resize would redraw once it settles (before a picture is taken).
    void finishPendingRedraw();

    // For tests: the points of a named series ("Heap", "RSS", a grower's key).
    QList<QPointF> seriesPoints(const QString& name) const;
    QStringList seriesNames() const;
    // Divisors from data to axis units.
    double timeScale() const { return m_timeScale; }
    double byteScale() const { return m_byteScale; }
    // Where a time is drawn, in widget coordinates (for tests that click).
    QPoint pointForTime(double time) const;
    std::pair<double, double> visibleTimes() const;

signals:
    void ratesReady();

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void rebuild();
    // About one bucket per pixel of the plot: each keeps its bucket's highest value (and a spike
    // or dip inside a sparse bucket), so nothing narrower than a pixel disappears.
    size_t bucketCount() const;
    // A series' points over the visible times, one beyond each edge so that the line reaches them.
    std::vector<SeriesPoint> visiblePoints(const Series& series, size_t buckets) const;
    void addGrowers(QValueAxis* x, QValueAxis* y);
    void addRates(QValueAxis* x, QValueAxis* y);
    // Where the peak's dot goes: its time, or where the heap's line draws an interval's high.
    double peakDrawnAt() const;
    void addMarks(QValueAxis* y, const std::function<void(QAbstractSeries*)>& attach);
    void addMarkers();
    void computeRates();
    void placeMarkers();
    // Compared with a base run, A lies on that run's timeline, not on this one.
    bool aOnThisTimeline() const { return !(m_comparison && m_comparison->twoFiles()); }
    double timeAt(QPointF viewPoint) const;
    void showValuesAt(QPointF viewPoint, QPoint globalPos);

    ProfilePtr m_profile;
    Selection* m_selection = nullptr;
    ComparisonPtr m_comparison;
    double m_timeScale = 1;
    double m_byteScale = 1;
    QString m_timeUnit;
    QString m_byteUnit;
    double m_t0 = 0;
    double m_t1 = 1;
    std::optional<std::pair<double, double>> m_zoom;
    // Zooming and resizing redraw the series for the new range and width once they settle.
    QTimer m_detailTimer;
    size_t m_builtBuckets = 0;
    QValueAxis* m_x = nullptr;
    std::optional<RateMetric> m_metric;
    std::shared_ptr<const RateSeries> m_rates;
    QFutureWatcher<std::shared_ptr<const RateSeries>> m_ratesWatcher;
    bool m_ratesPending = false;
    double m_rateScale = 1;

    QGraphicsLineItem* m_markerA = nullptr;
    QGraphicsLineItem* m_markerB = nullptr;
    QGraphicsSimpleTextItem* m_labelA = nullptr;
    QGraphicsSimpleTextItem* m_labelB = nullptr;
    QGraphicsRectItem* m_span = nullptr;
    // Marks' names, inside the plot beside their line: Qt Charts' point labels are centred on the
    // point, and a mark at the run's end (a MemoryError) had its name cut by the plot's edge.
    struct MarkLabel {
        double time;
        QGraphicsSimpleTextItem* item;
    };
    std::vector<MarkLabel> m_markLabels;
    void placeMarkLabels();
    enum class Drag { None, A, B, Zoom };
    Drag m_drag = Drag::None;
    QPoint m_pressPos;
    bool m_moved = false;
    double m_dragTime = 0;
    QRubberBand* m_rubber = nullptr;
};

} // namespace heapline
