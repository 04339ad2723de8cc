#include "ProfilePage.h"

#include "CallTreeView.h"
#include "CallerCalleeView.h"
#include "DiffView.h"
#include "FlameView.h"
#include "RangeBar.h"
#include "SizesView.h"
#include "Selection.h"
#include "SummaryPage.h"
#include "TimelineChart.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

namespace heapline {

ProfilePage::ProfilePage(Selection* selection, DiffController* controller, QWidget* parent)
    : QWidget(parent)
    , m_selection(selection)
    , m_controller(controller)
    , m_range(new RangeBar(selection, this))
    , m_busy(new QLabel(this))
    , m_metric(new QComboBox(this))
    , m_timeline(new TimelineChart(this))
    , m_splitter(new QSplitter(Qt::Vertical, this))
    , m_tabs(new QTabWidget(this))
    , m_summary(new SummaryPage(this))
    , m_diff(new DiffView(selection, this))
    , m_flame(new FlameView(selection, controller, this))
    , m_topDown(new CallTreeView(CallTree::Direction::TopDown, selection, controller, this))
    , m_bottomUp(new CallTreeView(CallTree::Direction::BottomUp, selection, controller, this))
    , m_callerCallee(new CallerCalleeView(this))
    , m_sizes(new SizesView(selection, this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* top = new QHBoxLayout;
    top->addWidget(m_range, 1);
    m_metric->addItem(tr("Memory"));
    m_metric->addItem(tr("Allocations/s"), static_cast<int>(RateMetric::Allocations));
    m_metric->addItem(tr("Temporary/s"), static_cast<int>(RateMetric::Temporary));
    m_metric->addItem(tr("Allocated bytes/s"), static_cast<int>(RateMetric::AllocatedBytes));
    m_metric->setToolTip(tr("What the timeline shows: the heap and RSS with the top growers stacked, or allocations, temporary "
                            "allocations or bytes allocated per second with the top rows between A and B stacked"));
    m_metric->setAccessibleName(tr("Timeline metric"));
    top->addWidget(m_metric);
    connect(m_metric, &QComboBox::currentIndexChanged, this, [this](int index) {
        const QVariant data = m_metric->itemData(index);
        m_timeline->setMetric(data.isValid() ? std::optional<RateMetric>(static_cast<RateMetric>(data.toInt())) : std::nullopt);
    });
    m_busy->setToolTip(tr("The views update once the diff for the new A and B is ready"));
    top->addWidget(m_busy);
    layout->addLayout(top);
    m_timeline->setSelection(selection);
    // The summary grows with its lists: it scrolls rather than being cut off in a short window.
    auto* summaryScroll = new QScrollArea(this);
    summaryScroll->setWidget(m_summary);
    summaryScroll->setWidgetResizable(true);
    summaryScroll->setFrameShape(QFrame::NoFrame);
    m_tabs->addTab(summaryScroll, tr("&Summary"));
    m_tabs->addTab(m_diff, tr("&Diff"));
    m_tabs->addTab(m_flame, tr("&Flame Graph"));
    m_tabs->addTab(m_topDown, tr("&Top-Down"));
    m_tabs->addTab(m_bottomUp, tr("B&ottom-Up"));
    m_tabs->addTab(m_callerCallee, tr("&Caller / Callee"));
    m_tabs->addTab(m_sizes, tr("Si&zes"));
    m_tabs->setTabToolTip(SummaryTab, tr("The profile's facts and the top suspects (Ctrl+1)"));
    m_tabs->setTabToolTip(DiffTab, tr("What grew between A and B, row by row (Ctrl+2)"));
    m_tabs->setTabToolTip(FlameTab, tr("Stacks as a flame graph (Ctrl+3)"));
    m_tabs->setTabToolTip(TopDownTab, tr("From main in (Ctrl+4)"));
    m_tabs->setTabToolTip(BottomUpTab, tr("From the allocation out (Ctrl+5)"));
    m_tabs->setTabToolTip(CallerCalleeTab, tr("One function's callers and callees between A and B (Ctrl+6)"));
    m_tabs->setTabToolTip(SizesTab, tr("Allocations between A and B by size (Ctrl+7)"));
    m_splitter->addWidget(m_timeline);
    m_splitter->addWidget(m_tabs);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);
    layout->addWidget(m_splitter, 1);

    connect(controller, &DiffController::comparisonReady, this, &ProfilePage::showComparison);
    connect(selection, &Selection::rangeChanged, this, [this] { m_busy->setText(tr("updating …")); });
    connect(selection, &Selection::groupingChanged, this, [this] { m_busy->setText(tr("updating …")); });
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (index == CallerCalleeTab)
            m_callerCallee->setComparison(m_controller->comparison());
        if (index == SizesTab)
            m_sizes->setComparison(m_controller->comparison());
    });
    connect(m_summary, &SummaryPage::lineActivated, this, [this](Grouping grouping, const QString& key) {
        m_selection->setGrouping(grouping);
        m_selection->setSelectedRow(key, std::nullopt);
        showTab(DiffTab);
    });
    connect(m_summary, &SummaryPage::checkpointForBRequested, this,
        [this](size_t checkpoint) { m_selection->setB(checkpoint); });
    connect(m_summary, &SummaryPage::suspectActivated, this, [this](const QString& key) {
        m_selection->setSelectedRow(key, std::nullopt);
        showTab(DiffTab);
        m_diff->setComparison(m_controller->comparison()); // re-selects the row by its key
    });
}

void ProfilePage::setProfile(ProfilePtr profile)
{
    m_range->setProfile(profile);
    m_timeline->setProfile(profile);
    m_summary->setProfile(profile);
    m_diff->setComparison(nullptr);
    m_flame->setComparison(nullptr);
    m_topDown->setComparison(nullptr);
    m_bottomUp->setComparison(nullptr);
    m_callerCallee->setComparison(nullptr);
    m_sizes->setComparison(nullptr);
    m_busy->setText(profile ? tr("analysing …") : QString());
}

void ProfilePage::showTab(Tab tab)
{
    m_tabs->setCurrentIndex(tab);
}

void ProfilePage::showComparison(ComparisonPtr comparison)
{
    m_busy->clear();
    m_timeline->setComparison(comparison);
    m_summary->setComparison(comparison);
    m_diff->setComparison(comparison);
    m_flame->setComparison(comparison);
    m_topDown->setComparison(comparison);
    m_bottomUp->setComparison(comparison);
    // Worked out only when someone looks: a walk over every stack.
    if (m_tabs->currentIndex() == CallerCalleeTab)
        m_callerCallee->setComparison(comparison);
    if (m_tabs->currentIndex() == SizesTab)
        m_sizes->setComparison(comparison);
}

} // namespace heapline
