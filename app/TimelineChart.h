#pragma once

#include "ProfileLoader.h"

#include <QChartView>

class QLineSeries;
class QValueAxis;

namespace heapline {

// The profile's memory over time: the traced heap, RSS where the format records it, and the
// peak. Values are downsampled in the model (min/max envelopes) before they reach the chart.
class TimelineChart : public QChartView {
    Q_OBJECT

public:
    explicit TimelineChart(QWidget* parent = nullptr);

    void setProfile(ProfilePtr profile);
    // For tests: the points of a named series ("Heap", "RSS").
    QList<QPointF> seriesPoints(const QString& name) const;
    // Divisors from data to axis units.
    double timeScale() const { return m_timeScale; }
    double byteScale() const { return m_byteScale; }

private:
    void showTooltip(const QString& seriesName, const QPointF& point, bool state);

    ProfilePtr m_profile;
    double m_timeScale = 1;
    double m_byteScale = 1;
    QString m_timeUnit;
    QString m_byteUnit;
};

} // namespace heapline
