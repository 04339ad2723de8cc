// MainWindow's menus, actions and shortcuts: kept apart from the window's file handling, which
// is the rest of MainWindow.cpp.
#include "CallTreeView.h"
#include "DiffController.h"
#include "DiffView.h"
#include "FlameGraph.h"
#include "FlameView.h"
#include "LoadProgress.h"
#include "MainWindow.h"
#include "MessageBanner.h"
#include "PictureExport.h"
#include "ProfilePage.h"
#include "RangeBar.h"
#include "RecentFiles.h"
#include "ReportExporter.h"
#include "Selection.h"
#include "StartPage.h"
#include "Theme.h"
#include "TimelineChart.h"
#include "model/TimeSpec.h"
#include "model/Units.h"
#include "model/Wording.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QUndoStack>
#include <QVBoxLayout>

namespace heapline {

void MainWindow::createActions()
{
    auto* file = menuBar()->addMenu(tr("&File"));
    auto* open = file->addAction(tr("&Open…"), this, &MainWindow::chooseFile);
    open->setShortcut(QKeySequence::Open);
    open->setToolTip(tr("Open a heaptrack, massif or Heapline profile"));
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    connect(m_recent, &RecentFiles::changed, this, &MainWindow::updateRecentMenu);
    updateRecentMenu();
    file->addAction(tr("Open &Sample Profile"), this, [this] { openFile(samplePath()); });
    file->addSeparator();
    m_compareAction = file->addAction(tr("Compare &With…"), this, &MainWindow::chooseBase);
    m_compareAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_compareAction->setToolTip(tr("Open an earlier recording of the same program as the base: A becomes its end"));
    m_compareAction->setEnabled(false);
    m_clearBaseAction = file->addAction(tr("Clear Co&mparison"), this, &MainWindow::clearComparison);
    m_clearBaseAction->setEnabled(false);
    file->addSeparator();
    m_exportAction = file->addAction(tr("&Export Leak Report…"), this, &MainWindow::chooseReportFile);
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportAction->setToolTip(
        tr("Write what the views show (A, B, grouping, filter) as HTML, Markdown, PDF, JSON or CSV"));
    m_exportAction->setEnabled(false);
    m_printAction = file->addAction(tr("&Print Leak Report…"), this, &MainWindow::printReport);
    m_printAction->setShortcut(QKeySequence::Print);
    m_printAction->setToolTip(tr("Print what the views show (A, B, grouping, filter), with the timeline"));
    m_printAction->setEnabled(false);
    m_exportViewAction = file->addAction(tr("Export &View…"), this, &MainWindow::chooseViewFile);
    m_exportViewAction->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_E));
    m_exportViewAction->setToolTip(tr("Save the timeline, or the flame graph when it is on screen, as SVG or PNG"));
    m_exportViewAction->setEnabled(false);
    m_saveAction = file->addAction(tr("Save as &Heapline Profile…"), this, &MainWindow::chooseSaveFile);
    m_saveAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    m_saveAction->setToolTip(
        tr("Save this profile in Heapline's own format: it opens again in a fraction of the time"));
    m_saveAction->setEnabled(false);
    file->addSeparator();
    m_closeAction = file->addAction(tr("&Close Profile"), this, &MainWindow::closeProfile);
    m_closeAction->setShortcut(QKeySequence::Close);
    m_closeAction->setEnabled(false);
    m_cancelAction = file->addAction(tr("Cancel &Loading"), m_loader, &ProfileLoader::cancel);
    m_cancelAction->setShortcut(Qt::Key_Escape);
    m_cancelAction->setEnabled(false);
    file->addSeparator();
    auto* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    auto* edit = menuBar()->addMenu(tr("&Edit"));
    auto* undo = m_selection->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    undo->setToolTip(tr("Put back the previous A and B"));
    auto* redo = m_selection->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    auto* preferences = edit->addAction(tr("&Preferences…"), this, &MainWindow::editPreferences);
    preferences->setShortcut(QKeySequence::Preferences);
    preferences->setMenuRole(QAction::PreferencesRole);
    preferences->setToolTip(tr("Leak suppressions, the editor that opens source files, path remaps"));
    edit->addSeparator();
    auto* find = edit->addAction(tr("&Find"), this, [this] {
        if (m_page->tabs()->currentIndex() == ProfilePage::FlameTab) {
            m_page->flameView()->focusSearch();
        } else {
            m_page->showTab(ProfilePage::DiffTab);
            m_page->diffView()->focusFilter();
        }
    });
    find->setShortcut(QKeySequence::Find);
    auto* view = menuBar()->addMenu(tr("&View"));
    createViewActions(view);

    auto* help = menuBar()->addMenu(tr("&Help"));
    auto* shortcuts = help->addAction(tr("&Keyboard Shortcuts"), this, &MainWindow::showShortcuts);
    shortcuts->setShortcut(QKeySequence::HelpContents);
    help->addAction(tr("&About Heapline"), this, [this] {
        QMessageBox::about(this, tr("About Heapline"),
            tr("<h3>Heapline %1</h3><p>What grew between here and there, and why.</p>"
               "<p>Reads heaptrack, valgrind massif and Heapline profiles.</p>")
                .arg(QStringLiteral(HEAPLINE_VERSION)));
    });
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::createViewActions(QMenu* view)
{
    const std::pair<const char*, ProfilePage::Tab> tabs[] = {
        { QT_TR_NOOP("&Summary"), ProfilePage::SummaryTab },
        { QT_TR_NOOP("&Diff Table"), ProfilePage::DiffTab },
        { QT_TR_NOOP("&Flame Graph"), ProfilePage::FlameTab },
        { QT_TR_NOOP("&Top-Down Tree"), ProfilePage::TopDownTab },
        { QT_TR_NOOP("&Bottom-Up Tree"), ProfilePage::BottomUpTab },
        { QT_TR_NOOP("&Caller / Callee"), ProfilePage::CallerCalleeTab },
        { QT_TR_NOOP("Si&zes"), ProfilePage::SizesTab },
    };
    int key = Qt::Key_1;
    for (const auto& [title, tab] : tabs) {
        const ProfilePage::Tab target = tab;
        auto* action = view->addAction(tr(title), this, [this, target] { m_page->showTab(target); });
        action->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(key++)));
    }
    view->addSeparator();
    auto* grouping = view->addMenu(tr("&Group By"));
    key = Qt::Key_1;
    for (auto g : AllGroupings) {
        const Grouping target = g;
        auto* action = grouping->addAction(
            QString::fromLatin1(groupingName(g)), this, [this, target] { m_selection->setGrouping(target); });
        action->setShortcut(QKeySequence(Qt::ALT | static_cast<Qt::Key>(key++)));
    }
    view->addSeparator();
    const std::pair<const char*, int> presets[] = { { QT_TR_NOOP("A, B: Start → &End"), 1 },
        { QT_TR_NOOP("A, B: Start → &Peak"), 2 }, { QT_TR_NOOP("A, B: P&eak → End"), 3 } };
    const QKeySequence presetKeys[] = { QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E),
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K) };
    for (int i = 0; i < 3; ++i) {
        const int preset = presets[i].second;
        auto* action
            = view->addAction(tr(presets[i].first), this, [this, preset] { m_page->rangeBar()->applyPreset(preset); });
        action->setShortcut(presetKeys[i]);
    }
    auto* nextB = view->addAction(tr("Move B to the Next Checkpoint"), this, [this] { moveMarker(true, 1); });
    nextB->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Right));
    auto* previousB = view->addAction(tr("Move B to the Previous Checkpoint"), this, [this] { moveMarker(true, -1); });
    previousB->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Left));
    auto* nextA = view->addAction(tr("Move A to the Next Checkpoint"), this, [this] { moveMarker(false, 1); });
    nextA->setShortcut(QKeySequence(Qt::ALT | Qt::SHIFT | Qt::Key_Right));
    auto* previousA = view->addAction(tr("Move A to the Previous Checkpoint"), this, [this] { moveMarker(false, -1); });
    previousA->setShortcut(QKeySequence(Qt::ALT | Qt::SHIFT | Qt::Key_Left));
    view->addSeparator();
    auto* reset = view->addAction(tr("&Reset Timeline Zoom"), this, [this] { m_page->timeline()->resetZoom(); });
    reset->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    auto* metric = view->addMenu(tr("Timeline &Shows"));
    const char* const metrics[] = { QT_TR_NOOP("&Memory"), QT_TR_NOOP("&Allocations per Second"),
        QT_TR_NOOP("&Temporary Allocations per Second"), QT_TR_NOOP("&Bytes Allocated per Second") };
    for (int i = 0; i < 4; ++i) {
        auto* action = metric->addAction(tr(metrics[i]), this, [this, i] { m_page->metricBox()->setCurrentIndex(i); });
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | static_cast<Qt::Key>(Qt::Key_1 + i)));
    }
    view->addSeparator();
    auto* schemes = view->addMenu(tr("&Color Scheme"));
    auto* group = new QActionGroup(this);
    const ColorScheme current = parseColorScheme(QSettings().value(QStringLiteral("view/colorScheme")).toString());
    const std::pair<const char*, ColorScheme> choices[] = { { QT_TR_NOOP("&System"), ColorScheme::System },
        { QT_TR_NOOP("&Light"), ColorScheme::Light }, { QT_TR_NOOP("&Dark"), ColorScheme::Dark } };
    for (const auto& [title, scheme] : choices) {
        const ColorScheme chosen = scheme;
        auto* action = schemes->addAction(tr(title), this, [chosen] {
            applyColorScheme(chosen);
            QSettings().setValue(QStringLiteral("view/colorScheme"), colorSchemeName(chosen));
        });
        action->setCheckable(true);
        action->setChecked(scheme == current);
        group->addAction(action);
    }
    if (current != ColorScheme::System)
        applyColorScheme(current);
}

void MainWindow::moveMarker(bool moveB, int step)
{
    if (!m_profile)
        return;
    const auto last = static_cast<long>(m_profile->checkpointCount() - 1);
    const long current = static_cast<long>(moveB ? m_selection->b() : m_selection->a());
    const auto next = static_cast<size_t>(std::clamp(current + step, 0L, last));
    if (moveB)
        m_selection->setB(std::max(next, m_selection->a()));
    else
        m_selection->setA(std::min(next, m_selection->b()));
}

void MainWindow::showShortcuts()
{
    QString html = tr("<h3>Keyboard shortcuts</h3><table cellspacing='4'>");
    const auto list = [&](QMenu* menu, const auto& self) -> void {
        for (QAction* action : menu->actions()) {
            if (action->menu()) {
                self(action->menu(), self);
                continue;
            }
            if (action->shortcut().isEmpty())
                continue;
            html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                        .arg(action->shortcut().toString(QKeySequence::NativeText).toHtmlEscaped(),
                            action->text().remove(QLatin1Char('&')).toHtmlEscaped());
        }
    };
    for (QAction* top : menuBar()->actions())
        if (top->menu())
            list(top->menu(), list);
    html += tr("<tr><td><b>Click / Shift+Click</b></td><td>On the timeline: set A / set B</td></tr>"
               "<tr><td><b>Drag a marker</b></td><td>Move A or B (snaps to a checkpoint)</td></tr>"
               "<tr><td><b>Wheel, Ctrl+Drag</b></td><td>Zoom the timeline</td></tr>"
               "<tr><td><b>Click a frame</b></td><td>Zoom the flame graph into it</td></tr>"
               "<tr><td><b>Ctrl+C</b></td><td>In the diff table: copy the selected rows</td></tr></table>");
    QMessageBox box(this);
    box.setWindowTitle(tr("Keyboard Shortcuts"));
    box.setTextFormat(Qt::RichText);
    box.setText(html);
    box.exec();
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const auto files = m_recent->files();
    for (int i = 0; i < files.size(); ++i) {
        const QString path = files[i];
        auto* action = m_recentMenu->addAction(
            QStringLiteral("&%1  %2").arg(
                i + 1 < 10 ? QString::number(i + 1) : QStringLiteral("1&0"), QFileInfo(path).fileName()),
            this, [this, path] { openFile(path); });
        action->setToolTip(path);
        action->setStatusTip(path);
    }
    if (!files.isEmpty()) {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("Clear List"), m_recent, &RecentFiles::clear);
    }
    m_recentMenu->setEnabled(!files.isEmpty());
}

} // namespace heapline
