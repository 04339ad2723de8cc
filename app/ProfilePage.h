#pragma once

#include "DiffController.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QSplitter;
class QTabWidget;

namespace heapline {

class CallTreeView;
class CallerCalleeView;
class SizesView;
class DiffView;
class FlameView;
class RangeBar;
class Selection;
class SummaryPage;
class TimelineChart;

// An open profile: A and B on top, the timeline, and the views of the diff below it. Every view
// follows the one Selection and shows the controller's latest comparison.
class ProfilePage : public QWidget {
    Q_OBJECT

public:
    enum Tab { SummaryTab, DiffTab, FlameTab, TopDownTab, BottomUpTab, CallerCalleeTab, SizesTab };

    ProfilePage(Selection* selection, DiffController* controller, QWidget* parent = nullptr);

    void setProfile(ProfilePtr profile);
    void showTab(Tab tab);

    RangeBar* rangeBar() const { return m_range; }
    TimelineChart* timeline() const { return m_timeline; }
    QComboBox* metricBox() const { return m_metric; }
    QTabWidget* tabs() const { return m_tabs; }
    QSplitter* splitter() const { return m_splitter; }
    SummaryPage* summary() const { return m_summary; }
    DiffView* diffView() const { return m_diff; }
    FlameView* flameView() const { return m_flame; }
    CallTreeView* topDown() const { return m_topDown; }
    CallTreeView* bottomUp() const { return m_bottomUp; }
    CallerCalleeView* callerCallee() const { return m_callerCallee; }
    SizesView* sizes() const { return m_sizes; }

private:
    void showComparison(ComparisonPtr comparison);

    Selection* m_selection;
    DiffController* m_controller;
    RangeBar* m_range;
    QLabel* m_busy;
    QComboBox* m_metric;
    TimelineChart* m_timeline;
    QSplitter* m_splitter;
    QTabWidget* m_tabs;
    SummaryPage* m_summary;
    DiffView* m_diff;
    FlameView* m_flame;
    CallTreeView* m_topDown;
    CallTreeView* m_bottomUp;
    CallerCalleeView* m_callerCallee;
    SizesView* m_sizes;
};

} // namespace heapline
