#include "MainWindow.h"

#include "CallTreeView.h"
#include "DiffController.h"
#include "DiffView.h"
#include "FlameGraph.h"
#include "FlameView.h"
#include "LoadProgress.h"
#include "MessageBanner.h"
#include "PictureExport.h"
#include "ProfilePage.h"
#include "RangeBar.h"
#include "RecentFiles.h"
#include "ReportDocument.h"
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
#include <QPrintDialog>
#include <QPrinter>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTextDocument>
#include <QUndoStack>
#include <QVBoxLayout>

// The icons live in heapline_gui, a static library: its resources are registered only when asked
// (Q_INIT_RESOURCE must be called from the global namespace).
static void registerResources()
{
    Q_INIT_RESOURCE(heapline);
}

namespace heapline {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow((registerResources(), parent))
    , m_loader(new ProfileLoader(this))
    , m_recent(new RecentFiles(this))
    , m_selection(new Selection(this))
    , m_controller(new DiffController(m_selection, this))
    , m_banner(new MessageBanner(this))
    , m_stack(new QStackedWidget(this))
    , m_start(new StartPage(m_recent, this))
    , m_page(new ProfilePage(m_selection, m_controller, this))
    , m_progress(new LoadProgress(this))
    , m_fileInfo(new QLabel(this))
    , m_exporter(new ReportExporter(this))
{
    setWindowTitle(tr("Heapline"));
    setAcceptDrops(true);
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(m_banner);
    layout->addWidget(m_stack, 1);
    m_stack->addWidget(m_start);
    m_stack->addWidget(m_page);
    setCentralWidget(central);

    statusBar()->addWidget(m_progress, 1);
    statusBar()->addPermanentWidget(m_fileInfo);
    m_progress->hide();

    createActions();
    applyPreferences(Preferences::load());

    connect(m_start, &StartPage::openRequested, this, &MainWindow::chooseFile);
    connect(m_start, &StartPage::sampleRequested, this, [this] { openFile(samplePath()); });
    connect(m_start, &StartPage::pythonSampleRequested, this, [this] {
        // Between its two marks: from after the warm-up to the end of the work.
        setInitialRange(QStringLiteral("mark:warm"), QStringLiteral("mark:done"));
        openFile(samplePath(QStringLiteral("python.leak_events.heapline")));
    });
    connect(m_start, &StartPage::fileRequested, this, &MainWindow::openFile);
    connect(m_progress, &LoadProgress::cancelRequested, m_loader, &ProfileLoader::cancel);
    connect(m_loader, &ProfileLoader::started, this, [this](const QString& path) {
        m_progress->start(path);
        setLoading(true);
    });
    connect(m_loader, &ProfileLoader::progress, m_progress, &LoadProgress::update);
    connect(m_loader, &ProfileLoader::loaded, this, &MainWindow::onLoaded);
    connect(m_loader, &ProfileLoader::baseLoaded, this, &MainWindow::onBaseLoaded);
    connect(m_loader, &ProfileLoader::failed, this, &MainWindow::onFailed);
    connect(m_exporter, &ReportExporter::finished, this, [this](const QString& path) {
        statusBar()->showMessage(tr("Wrote %1").arg(QDir::toNativeSeparators(path)), 10000);
        emit reportWritten(path);
    });
    connect(m_exporter, &ReportExporter::failed, this, [this](const QString& path, const QString& message) {
        statusBar()->clearMessage();
        m_banner->show(MessageBanner::Kind::Error, tr("Cannot write %1").arg(QFileInfo(path).fileName()), { message });
        emit reportWritten(QString());
    });
    connect(m_exporter, &ReportExporter::markdownReady, this, &MainWindow::layOutReport);
    connect(m_loader, &ProfileLoader::cancelled, this, [this](const QString& path) {
        setLoading(false);
        statusBar()->showMessage(tr("Loading %1 was cancelled").arg(QFileInfo(path).fileName()), 5000);
    });

    const QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1280, 860);
    m_page->splitter()->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
    if (const auto grouping = parseGrouping(settings.value(QStringLiteral("view/grouping")).toString().toStdString()))
        m_selection->setGrouping(*grouping);
    m_page->flameView()->setBottomUp(settings.value(QStringLiteral("view/flameBottomUp"), false).toBool());
    // Differential by default: the question is what grew between A and B (bytes at B answer it
    // only while A stands at the start, and never against a base run).
    m_page->flameView()->setWeight(static_cast<FlameGraph::Weight>(
        settings.value(QStringLiteral("view/flameWeight"), static_cast<int>(FlameGraph::Weight::Delta)).toInt()));
    connect(m_selection, &Selection::groupingChanged, this,
            [](Grouping g) { QSettings().setValue(QStringLiteral("view/grouping"), QString::fromLatin1(groupingName(g))); });
}

MainWindow::~MainWindow() = default;

QString MainWindow::samplePath()
{
    return samplePath(QStringLiteral("heaptrack.growth_demo.zst"));
}

QString MainWindow::samplePath(const QString& name)
{
    const QStringList candidates = {
        QCoreApplication::applicationDirPath() + QStringLiteral("/../share/heapline/samples/") + name,
        QStringLiteral(HEAPLINE_SAMPLES_DIR "/") + name,
    };
    for (const auto& candidate : candidates)
        if (QFileInfo::exists(candidate))
            return QDir::cleanPath(candidate);
    return {};
}

QString MainWindow::fileInfoText() const
{
    return m_fileInfo->text();
}

bool MainWindow::showsStartPage() const
{
    return m_stack->currentWidget() == m_start;
}

void MainWindow::chooseFile()
{
    const QString path = askForProfile(tr("Open Profile"));
    if (!path.isEmpty())
        openFile(path);
}

void MainWindow::chooseBase()
{
    const QString path = askForProfile(tr("Compare With Base Profile"));
    if (!path.isEmpty())
        compareWith(path);
}

void MainWindow::chooseReportFile()
{
    if (!m_profile)
        return;
    QSettings settings;
    const QString directory = settings.value(QStringLiteral("reportDirectory"), QFileInfo(windowFilePath()).absolutePath()).toString();
    const QString suggested = QDir(directory).filePath(QFileInfo(windowFilePath()).completeBaseName() + QStringLiteral("-report.html"));
    QString filter;
    QString path = QFileDialog::getSaveFileName(this, tr("Export Leak Report"), suggested,
        tr("HTML page (*.html);;Markdown (*.md);;PDF document (*.pdf);;JSON (*.json);;CSV table (*.csv)"), &filter);
    if (path.isEmpty())
        return;
    // The chosen filter decides the format when the name has no known suffix.
    if (!reportFormatForPath(path.toStdString()) && !isPdfPath(path)) {
        const QString suffix = filter.section(QStringLiteral("*."), 1).section(QLatin1Char(')'), 0, 0);
        path += QLatin1Char('.') + (suffix.isEmpty() ? QStringLiteral("html") : suffix);
    }
    settings.setValue(QStringLiteral("reportDirectory"), QFileInfo(path).absolutePath());
    exportReport(path);
}

void MainWindow::editPreferences()
{
    PreferencesDialog dialog(m_preferences, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const Preferences chosen = dialog.preferences();
    chosen.save();
    applyPreferences(chosen);
}

void MainWindow::applyPreferences(const Preferences& preferences)
{
    m_preferences = preferences;
    SuppressionSettings settings;
    QString error;
    if (!preferences.suppressionSettings(settings, error))
        m_banner->show(MessageBanner::Kind::Error, tr("A suppression file cannot be used"), { error });
    m_loader->setSuppressions(settings);
    m_controller->setSuppressions(std::move(settings));
}

void MainWindow::chooseViewFile()
{
    const bool flame = m_page->tabs()->currentIndex() == ProfilePage::FlameTab;
    const QFileInfo source(windowFilePath());
    const QString suggested = source.absoluteDir().filePath(source.fileName().section(QLatin1Char('.'), 0, 0)
                                                            + (flame ? QStringLiteral("-flamegraph.svg") : QStringLiteral("-timeline.svg")));
    const QString path = QFileDialog::getSaveFileName(this, flame ? tr("Export Flame Graph") : tr("Export Timeline"), suggested,
                                                      tr("SVG pictures (*.svg);;PNG pictures (*.png)"));
    if (path.isEmpty())
        return;
    QString error;
    if (exportView(path, &error))
        statusBar()->showMessage(tr("Wrote %1").arg(QFileInfo(path).fileName()), 5000);
    else
        m_banner->show(MessageBanner::Kind::Error, tr("Cannot write %1").arg(QFileInfo(path).fileName()), { error });
}

bool MainWindow::exportView(const QString& path, QString* error)
{
    QWidget* view = m_page->tabs()->currentIndex() == ProfilePage::FlameTab ? static_cast<QWidget*>(m_page->flameView()->graph())
                                                                            : static_cast<QWidget*>(m_page->timeline());
    if (!m_profile) {
        if (error)
            *error = tr("there is no view to export");
        return false;
    }
    m_page->timeline()->finishPendingRedraw();
    return exportPicture(view, path, QFileInfo(windowFilePath()).fileName(), error);
}

void MainWindow::chooseSaveFile()
{
    if (!m_profile)
        return;
    const QFileInfo source(windowFilePath());
    const QString suggested = source.absoluteDir().filePath(source.fileName().section(QLatin1Char('.'), 0, 0) + QStringLiteral(".heapline.zst"));
    const QString path = QFileDialog::getSaveFileName(this, tr("Save as Heapline Profile"), suggested,
                                                      tr("Heapline profiles (*.heapline.zst *.heapline)"));
    if (!path.isEmpty())
        saveProfile(path);
}

bool MainWindow::saveProfile(const QString& path)
{
    if (!m_profile || refusedWhileWriting())
        return false;
    statusBar()->showMessage(tr("Saving %1…").arg(QFileInfo(path).fileName()));
    m_exporter->saveProfile(m_profile, windowFilePath(), path);
    return true;
}

bool MainWindow::exportReport(const QString& path)
{
    const auto comparison = m_controller->filteredComparison();
    const auto format = reportFormatForPath(path.toStdString());
    if (!comparison || !(format || isPdfPath(path)) || refusedWhileWriting())
        return false;
    statusBar()->showMessage(tr("Writing the report to %1…").arg(QFileInfo(path).fileName()));
    if (format)
        m_exporter->start(comparison, reportOptions(), *format, path);
    else
        m_exporter->startMarkdown(comparison, reportOptions(), path);
    return true;
}

ReportOptions MainWindow::reportOptions() const
{
    ReportOptions options;
    options.file = windowFilePath().toStdString();
    options.baseFile = m_basePath.toStdString();
    return options;
}

bool MainWindow::refusedWhileWriting()
{
    if (!m_exporter->busy())
        return false;
    // One report or profile is written at a time; a second asked for meanwhile had no answer.
    statusBar()->showMessage(tr("A report or profile is still being written: try again when it is done"), 5000);
    return true;
}

bool MainWindow::printReport()
{
    const auto comparison = m_controller->filteredComparison();
    if (!comparison || refusedWhileWriting())
        return false;
    statusBar()->showMessage(tr("Preparing the report to print…"));
    m_exporter->startMarkdown(comparison, reportOptions(), QString());
    return true;
}

QImage MainWindow::timelinePicture() const
{
    TimelineChart* timeline = m_page->timeline();
    timeline->finishPendingRedraw();
    if (timeline->size().isEmpty())
        return {};
    // Paper is white: under a dark scheme the chart is drawn light for the page (a palette change
    // rebuilds it at once), then given its palette back.
    const bool dark = isDark(timeline->palette());
    const bool ownPalette = timeline->testAttribute(Qt::WA_SetPalette);
    const QPalette before = timeline->palette();
    if (dark) {
        const std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
        timeline->setPalette(fusion ? fusion->standardPalette() : QPalette(Qt::black, Qt::white));
    }
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    // The view's own pixels: a window's width on a page's is finer than print needs (a chart
    // rendered through a scaled painter was drawn at that scale and cut).
    const QImage picture = timeline->grab().toImage();
    if (dark) {
        timeline->setPalette(before);
        timeline->setAttribute(Qt::WA_SetPalette, ownPalette);
    }
    return picture;
}

void MainWindow::layOutReport(const QString& path, const QString& markdown)
{
    const auto document = reportDocument(markdown, timelinePicture());
    const QString title = tr("Leak report: %1").arg(QFileInfo(windowFilePath()).fileName());
    if (path.isEmpty()) {
        statusBar()->clearMessage();
        QPrinter printer(QPrinter::HighResolution);
        // Also the name "Print to File" suggests: Export Leak Report's.
        printer.setDocName(QFileInfo(windowFilePath()).completeBaseName() + QStringLiteral("-report"));
        QPrintDialog dialog(&printer, this);
        dialog.setWindowTitle(tr("Print Leak Report"));
        if (dialog.exec() != QDialog::Accepted)
            return;
        document->print(&printer);
        statusBar()->showMessage(
            tr("Sent the report to %1")
                .arg(printer.printerName().isEmpty() ? printer.outputFileName() : printer.printerName()),
            10000);
        return;
    }
    QString error;
    if (writeReportPdf(*document, path, title, &error)) {
        statusBar()->showMessage(tr("Wrote %1").arg(QDir::toNativeSeparators(path)), 10000);
        emit reportWritten(path);
    } else {
        statusBar()->clearMessage();
        m_banner->show(MessageBanner::Kind::Error, tr("Cannot write %1").arg(QFileInfo(path).fileName()), { error });
        emit reportWritten(QString());
    }
}

void MainWindow::compareWith(const QString& path)
{
    if (!m_profile)
        return;
    m_loader->load(path, ProfileLoader::Purpose::Base);
}

void MainWindow::clearComparison()
{
    m_basePath.clear();
    m_controller->setBase(nullptr);
    m_clearBaseAction->setEnabled(false);
    m_page->rangeBar()->setBase(nullptr, {});
    m_banner->hide();
}

QString MainWindow::askForProfile(const QString& title)
{
    QSettings settings;
    const QString directory = settings.value(QStringLiteral("lastDirectory"), QDir::homePath()).toString();
    const QString path = QFileDialog::getOpenFileName(
        this, title, directory,
        tr("Heap profiles (heaptrack.* massif.out.* *.heapline *.heapline.zst *.zst *.gz);;"
           "heaptrack files (heaptrack.* *.zst *.gz);;massif files (massif.out.*);;"
           "Heapline profiles (*.heapline *.heapline.zst);;All files (*)"));
    if (!path.isEmpty())
        settings.setValue(QStringLiteral("lastDirectory"), QFileInfo(path).absolutePath());
    return path;
}

void MainWindow::setInitialRange(const QString& from, const QString& to)
{
    m_initialFrom = from;
    m_initialTo = to;
}

void MainWindow::openFile(const QString& path)
{
    if (path.isEmpty()) {
        m_banner->show(MessageBanner::Kind::Error, tr("The sample profile is not installed next to Heapline."));
        return;
    }
    m_banner->hide();
    m_loader->load(path);
}

void MainWindow::setLoading(bool loading)
{
    m_progress->setVisible(loading);
    m_cancelAction->setEnabled(loading);
    if (loading)
        QApplication::setOverrideCursor(Qt::BusyCursor);
    else
        QApplication::restoreOverrideCursor();
}

void MainWindow::onBaseLoaded(const QString& path, ProfilePtr profile)
{
    setLoading(false);
    m_basePath = path;
    m_page->rangeBar()->setBase(profile, QFileInfo(path).fileName());
    m_controller->setBase(std::move(profile));
    m_clearBaseAction->setEnabled(true);
    m_banner->show(MessageBanner::Kind::Information,
        tr("Comparing with %1: A is that run before its teardown (its end if it has none), B is on this timeline.")
            .arg(QFileInfo(path).fileName()),
        { tr("Rows are matched by their symbolized stacks. File › Clear Comparison goes back to one file.") });
}

void MainWindow::onLoaded(const QString& path, ProfilePtr profile)
{
    setLoading(false);
    m_basePath.clear();
    if (m_clearBaseAction)
        m_clearBaseAction->setEnabled(false);
    m_page->rangeBar()->setBase(nullptr, {});
    m_profile = std::move(profile);
    m_selection->undoStack()->clear();
    m_selection->setSelectedRow({}, std::nullopt);
    // B's default is the CLI's: before the teardown when the run ends with one, else the end.
    size_t a = 0, b = m_profile->checkpointCount() - 1;
    if (const auto teardown = findTeardown(*m_profile))
        b = teardown->checkpoint;
    QStringList rangeErrors;
    for (auto [spec, target] : { std::make_pair(m_initialFrom, &a), std::make_pair(m_initialTo, &b) }) {
        if (spec.isEmpty())
            continue;
        TimeSpec resolved;
        std::string error;
        if (resolveTimeSpec(*m_profile, spec.toStdString(), resolved, error))
            *target = resolved.checkpoint;
        else
            rangeErrors << QString::fromStdString(error);
    }
    m_initialFrom.clear();
    m_initialTo.clear();
    m_selection->resetRange(a, b);
    m_page->setProfile(m_profile);
    m_controller->setProfile(m_profile);
    m_stack->setCurrentWidget(m_page);
    // Focus on the views, not in A's field, the first in the chain: there the line edit takes
    // Ctrl+E (its end of line under X11's key bindings) from Export Leak Report, and Ctrl+Z from
    // the window's undo.
    m_page->tabs()->setFocus(Qt::OtherFocusReason);
    m_recent->add(path);
    m_closeAction->setEnabled(true);
    m_compareAction->setEnabled(true);
    m_exportAction->setEnabled(true);
    m_printAction->setEnabled(true);
    m_exportViewAction->setEnabled(true);
    m_saveAction->setEnabled(true);
    setWindowTitle(tr("%1 — Heapline").arg(QFileInfo(path).fileName()));
    setWindowFilePath(path);
    m_fileInfo->setText(tr("%1 · %2 callsites · %3 checkpoints")
                            .arg(QString::fromStdString(m_profile->info().format))
                            .arg(m_profile->callsiteCount())
                            .arg(m_profile->comparableCheckpoints()));
    // Every view's figures of a sampled recording are estimates: said once where every view shows it.
    if (const std::string sampling = samplingText(m_profile->info()); !sampling.empty()) {
        m_fileInfo->setText(m_fileInfo->text() + tr(" · sampled, estimates"));
        m_fileInfo->setToolTip(QString::fromStdString(capitalized(sampling)));
    } else {
        m_fileInfo->setToolTip(QString());
    }
    QStringList warnings = rangeErrors;
    for (const auto& warning : m_profile->warnings())
        warnings << QString::fromStdString(warning);
    if (!warnings.isEmpty()) {
        m_banner->show(MessageBanner::Kind::Warning,
                       m_profile->truncated() ? tr("%1 ends early: only part of the run is shown.").arg(QFileInfo(path).fileName())
                                              : tr("%1 was read with warnings.").arg(QFileInfo(path).fileName()),
                       warnings);
    }
    emit profileShown(path);
}

void MainWindow::onFailed(const QString& path, const QString& message)
{
    setLoading(false);
    m_banner->show(MessageBanner::Kind::Error, tr("Cannot open %1").arg(QFileInfo(path).fileName()), { message });
    if (!QFileInfo::exists(path))
        m_recent->remove(path);
}

void MainWindow::closeProfile()
{
    m_profile.reset();
    m_basePath.clear();
    m_clearBaseAction->setEnabled(false);
    m_page->rangeBar()->setBase(nullptr, {});
    m_controller->setProfile(nullptr);
    m_page->setProfile(nullptr);
    m_stack->setCurrentWidget(m_start);
    m_banner->hide();
    m_closeAction->setEnabled(false);
    m_compareAction->setEnabled(false);
    m_exportAction->setEnabled(false);
    m_printAction->setEnabled(false);
    m_exportViewAction->setEnabled(false);
    m_saveAction->setEnabled(false);
    m_fileInfo->clear();
    setWindowTitle(tr("Heapline"));
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    const auto urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const auto urls = event->mimeData()->urls();
    if (urls.isEmpty() || !urls.first().isLocalFile())
        return;
    event->acceptProposedAction();
    openFile(urls.first().toLocalFile());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    m_loader->cancel();
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/splitter"), m_page->splitter()->saveState());
    settings.setValue(QStringLiteral("view/flameBottomUp"), m_page->flameView()->bottomUp());
    settings.setValue(QStringLiteral("view/flameWeight"), static_cast<int>(m_page->flameView()->graph()->weight()));
    QMainWindow::closeEvent(event);
}

} // namespace heapline
