#pragma once

#include "DiffController.h"

#include <QMap>
#include <QWidget>

class QGridLayout;
class QLabel;

namespace heapline {

// The first thing shown for an open profile: its facts, the shape of the growth between A and
// B, and the top suspects, each a link into the diff.
class SummaryPage : public QWidget {
    Q_OBJECT

public:
    explicit SummaryPage(QWidget* parent = nullptr);

    void setProfile(ProfilePtr profile);
    void setComparison(ComparisonPtr comparison);
    // The value shown for a fact ("Peak heap", "Allocations" …), for tests and accessibility.
    QString fact(const QString& caption) const;
    QString suspectsText() const;
    // Peak contributors, most allocations, most temporary allocations (HTML).
    QString listsText() const;
    QString growthText() const; // the paragraphs about the heap between A and B

signals:
    void suspectActivated(const QString& key);
    // A line within a suspect (keptWithin): its row by line.
    // A line (or, where the build names none, a callsite) told within a suspect: its row in that grouping.
    void lineActivated(Grouping grouping, const QString& key);
    // A checkpoint the Summary names for B (where an idle program's work stopped).
    void checkpointForBRequested(size_t checkpoint);

private:
    void setFact(int index, const QString& caption, const QString& value, const QString& detail = {},
                 const QString& tooltip = {});
    QString listsHtml(const Comparison& comparison) const;

    QLabel* m_title;
    QLabel* m_subtitle;
    QGridLayout* m_facts;
    QMap<QString, QLabel*> m_values;
    QLabel* m_growth;
    QLabel* m_suspects;
    QLabel* m_lists;
    ProfilePtr m_profile;
};

} // namespace heapline
