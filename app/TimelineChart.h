#pragma once

#include "DiffController.h"

#include <QChartView>
#include <optional>

class QGraphicsLineItem;
class QGraphicsSimpleTextItem;
class QGraphicsRectItem;
class QRubberBand;
class QValueAxis;

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
    void resetZoom();
    void zoomTime(double from, double to);

    // For tests: the points of a named series ("Heap", "RSS", a grower's key).
    QList<QPointF> seriesPoints(const QString& name) const;
    QStringList seriesNames() const;
    // Divisors from data to axis units.
    double timeScale() const { return m_timeScale; }
    double byteScale() const { return m_byteScale; }
    // Where a time is drawn, in widget coordinates (for tests that click).
    QPoint pointForTime(double time) const;
    std::pair<double, double> visibleTimes() const;

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void rebuild();
    void addGrowers(QValueAxis* x, QValueAxis* y);
    void placeMarkers();
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
    QValueAxis* m_x = nullptr;

    QGraphicsLineItem* m_markerA = nullptr;
    QGraphicsLineItem* m_markerB = nullptr;
    QGraphicsSimpleTextItem* m_labelA = nullptr;
    QGraphicsSimpleTextItem* m_labelB = nullptr;
    QGraphicsRectItem* m_span = nullptr;
    enum class Drag { None, A, B, Zoom };
    Drag m_drag = Drag::None;
    QPoint m_pressPos;
    bool m_moved = false;
    double m_dragTime = 0;
    QRubberBand* m_rubber = nullptr;
};

} // namespace heapline
