#include "TimelineChart.h"

// The chart's events: A and B picked by a click or dragged, or from the context menu, a span
// zoomed by ctrl+drag or the wheel, the values under the pointer in a tooltip.

#include "QtText.h"
#include "Selection.h"
#include "model/Units.h"

#include <QChart>
#include <QContextMenuEvent>
#include <QGraphicsLineItem>
#include <QMenu>
#include <QMouseEvent>
#include <QRubberBand>
#include <QToolTip>
#include <cmath>

namespace heapline {

namespace {

// How near a marker, in pixels, a press takes hold of it.
constexpr int MarkerGrab = 6;

} // namespace

void TimelineChart::changeEvent(QEvent* event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        rebuild();
}

void TimelineChart::resizeEvent(QResizeEvent* event)
{
    QChartView::resizeEvent(event);
    placeMarkers();
    const size_t buckets = bucketCount();
    if (m_profile && !m_metric && (buckets > m_builtBuckets * 11 / 10 || buckets < m_builtBuckets * 9 / 10))
        m_detailTimer.start();
}

void TimelineChart::mousePressEvent(QMouseEvent* event)
{
    if (!m_selection || !m_profile || event->button() != Qt::LeftButton)
        return QChartView::mousePressEvent(event);
    m_pressPos = event->pos();
    m_moved = false;
    if (event->modifiers() & Qt::ControlModifier) {
        m_drag = Drag::Zoom;
        if (!m_rubber)
            m_rubber = new QRubberBand(QRubberBand::Rectangle, this);
        m_rubber->setGeometry(QRect(m_pressPos, QSize(1, height())));
        m_rubber->show();
        return;
    }
    const double x = event->position().x();
    const auto near
        = [&](QGraphicsLineItem* marker) { return std::fabs(mapFromScene(marker->line().p1()).x() - x) <= MarkerGrab; };
    m_drag = near(m_markerB) ? Drag::B : near(m_markerA) ? Drag::A : Drag::None;
    if (m_drag != Drag::None)
        m_dragTime = timeAt(event->position());
}

void TimelineChart::mouseMoveEvent(QMouseEvent* event)
{
    if ((event->pos() - m_pressPos).manhattanLength() > 3)
        m_moved = true;
    if (m_drag == Drag::A || m_drag == Drag::B) {
        m_dragTime = std::clamp(timeAt(event->position()), m_t0, m_t1);
        placeMarkers();
        return;
    }
    if (m_drag == Drag::Zoom) {
        m_rubber->setGeometry(QRect(QPoint(std::min(m_pressPos.x(), event->pos().x()), 0),
            QPoint(std::max(m_pressPos.x(), event->pos().x()), height())));
        return;
    }
    if (m_profile && chart()->plotArea().contains(mapToScene(event->pos())))
        showValuesAt(event->position(), event->globalPosition().toPoint());
    QChartView::mouseMoveEvent(event);
}

void TimelineChart::mouseReleaseEvent(QMouseEvent* event)
{
    if (!m_selection || !m_profile || event->button() != Qt::LeftButton)
        return QChartView::mouseReleaseEvent(event);
    const Drag drag = m_drag;
    m_drag = Drag::None;
    const auto& store = m_profile->checkpoints();
    const size_t at = store.nearest(std::clamp(timeAt(event->position()), m_t0, m_t1));
    if (drag == Drag::Zoom) {
        m_rubber->hide();
        if (m_moved)
            zoomTime(timeAt(m_pressPos), timeAt(event->position()));
        return;
    }
    if (drag == Drag::A && m_moved)
        m_selection->setA(at);
    else if (drag == Drag::B && m_moved)
        m_selection->setB(at);
    else if (!m_moved && chart()->plotArea().contains(mapToScene(event->pos())))
        (event->modifiers() & Qt::ShiftModifier) || !aOnThisTimeline() ? m_selection->setB(at) : m_selection->setA(at);
    placeMarkers();
}

void TimelineChart::mouseDoubleClickEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton && m_zoom)
        resetZoom();
}

void TimelineChart::contextMenuEvent(QContextMenuEvent* event)
{
    if (!m_selection || !m_profile || !chart()->plotArea().contains(mapToScene(event->pos())))
        return QChartView::contextMenuEvent(event);
    const auto& store = m_profile->checkpoints();
    const size_t at = store.nearest(std::clamp(timeAt(event->pos()), m_t0, m_t1));
    const QString when = q(formatTime(store.time(at), m_profile->info().timeUnit));
    QMenu menu(this);
    // Either end may come first: the selection orders them, and undo takes either back. Compared
    // with a base run, A is that run's, on no checkpoint of this timeline.
    if (aOnThisTimeline())
        menu.addAction(tr("Set &A Here (#%1, %2)").arg(at).arg(when), this, [this, at] {
            m_selection->setA(at);
            placeMarkers();
        });
    menu.addAction(tr("Set &B Here (#%1, %2)").arg(at).arg(when), this, [this, at] {
        m_selection->setB(at);
        placeMarkers();
    });
    menu.addSeparator();
    if (aOnThisTimeline()) {
        const double timeA = store.time(m_selection->a()), timeB = store.time(m_selection->b());
        auto* zoomToRange = menu.addAction(tr("&Zoom to A–B"), this,
            [this, timeA, timeB] { zoomTime(std::min(timeA, timeB), std::max(timeA, timeB)); });
        zoomToRange->setEnabled(timeA != timeB);
    }
    auto* reset = menu.addAction(tr("&Reset Zoom"), this, [this] { resetZoom(); });
    reset->setEnabled(m_zoom.has_value());
    menu.exec(event->globalPos());
}

void TimelineChart::wheelEvent(QWheelEvent* event)
{
    if (!m_profile || !m_selection)
        return QChartView::wheelEvent(event);
    const double center = timeAt(event->position());
    const auto [from, to] = visibleTimes();
    const double factor = event->angleDelta().y() > 0 ? 1 / 1.25 : 1.25;
    zoomTime(center - (center - from) * factor, center + (to - center) * factor);
    if (m_zoom && m_zoom->first <= m_t0 && m_zoom->second >= m_t1)
        resetZoom();
    event->accept();
}

void TimelineChart::showValuesAt(QPointF viewPoint, QPoint globalPos)
{
    const double time = timeAt(viewPoint);
    const auto& timeline = m_profile->timeline();
    const auto unit = m_profile->info().timeUnit;
    const size_t checkpoint = m_profile->checkpoints().nearest(time);
    QString text
        = tr("<b>%1</b><br>heap %2").arg(q(formatTime(time, unit)), q(formatBytes(timeline.heap.valueAt(time))));
    if (!timeline.rss.empty())
        text += tr("<br>RSS %1").arg(q(formatBytes(timeline.rss.levelAt(time))));
    text += tr("<br>nearest checkpoint #%1 at %2")
                .arg(checkpoint)
                .arg(q(formatTime(m_profile->checkpoints().time(checkpoint), unit)));
    if (m_selection)
        text += aOnThisTimeline() ? tr("<br><i>click: A here · shift+click: B here · right-click: A, B or zoom</i>")
                                  : tr("<br><i>click: B here (A is the base run's) · right-click: B or zoom</i>");
    QToolTip::showText(globalPos, text, this);
}

} // namespace heapline
