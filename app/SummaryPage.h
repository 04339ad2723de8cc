#pragma once

#include "ProfileLoader.h"

#include <QMap>
#include <QWidget>

class QGridLayout;
class QLabel;

namespace heapline {

class TimelineChart;

// The first thing shown for an open profile: its facts and its memory over time.
class SummaryPage : public QWidget {
    Q_OBJECT

public:
    explicit SummaryPage(QWidget* parent = nullptr);

    void setProfile(ProfilePtr profile);
    // The value shown for a fact ("Peak heap", "Allocations" …), for tests and accessibility.
    QString fact(const QString& caption) const;
    TimelineChart* timeline() const { return m_timeline; }

private:
    void setFact(int index, const QString& caption, const QString& value, const QString& detail = {},
                 const QString& tooltip = {});

    QLabel* m_title;
    QLabel* m_subtitle;
    QGridLayout* m_facts;
    QMap<QString, QLabel*> m_values;
    TimelineChart* m_timeline;
    ProfilePtr m_profile;
};

} // namespace heapline
