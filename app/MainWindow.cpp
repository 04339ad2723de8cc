#include "MainWindow.h"

#include "LoadProgress.h"
#include "MessageBanner.h"
#include "RecentFiles.h"
#include "StartPage.h"
#include "SummaryPage.h"
#include "model/Units.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>

namespace heapline {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_loader(new ProfileLoader(this))
    , m_recent(new RecentFiles(this))
    , m_banner(new MessageBanner(this))
    , m_stack(new QStackedWidget(this))
    , m_start(new StartPage(m_recent, this))
    , m_summary(new SummaryPage(this))
    , m_progress(new LoadProgress(this))
    , m_fileInfo(new QLabel(this))
{
    setWindowTitle(tr("Heapline"));
    setAcceptDrops(true);
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(m_banner);
    layout->addWidget(m_stack, 1);
    m_stack->addWidget(m_start);
    m_stack->addWidget(m_summary);
    setCentralWidget(central);

    statusBar()->addWidget(m_progress, 1);
    statusBar()->addPermanentWidget(m_fileInfo);
    m_progress->hide();

    createActions();

    connect(m_start, &StartPage::openRequested, this, &MainWindow::chooseFile);
    connect(m_start, &StartPage::sampleRequested, this, [this] { openFile(samplePath()); });
    connect(m_start, &StartPage::fileRequested, this, &MainWindow::openFile);
    connect(m_progress, &LoadProgress::cancelRequested, m_loader, &ProfileLoader::cancel);
    connect(m_loader, &ProfileLoader::started, this, [this](const QString& path) {
        m_progress->start(path);
        setLoading(true);
    });
    connect(m_loader, &ProfileLoader::progress, m_progress, &LoadProgress::update);
    connect(m_loader, &ProfileLoader::loaded, this, &MainWindow::onLoaded);
    connect(m_loader, &ProfileLoader::failed, this, &MainWindow::onFailed);
    connect(m_loader, &ProfileLoader::cancelled, this, [this](const QString& path) {
        setLoading(false);
        statusBar()->showMessage(tr("Loading %1 was cancelled").arg(QFileInfo(path).fileName()), 5000);
    });

    const QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1180, 780);
}

MainWindow::~MainWindow() = default;

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
    m_closeAction = file->addAction(tr("&Close Profile"), this, &MainWindow::closeProfile);
    m_closeAction->setShortcut(QKeySequence::Close);
    m_closeAction->setEnabled(false);
    m_cancelAction = file->addAction(tr("Cancel &Loading"), m_loader, &ProfileLoader::cancel);
    m_cancelAction->setShortcut(Qt::Key_Escape);
    m_cancelAction->setEnabled(false);
    file->addSeparator();
    auto* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    auto* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Heapline"), this, [this] {
        QMessageBox::about(this, tr("About Heapline"),
                           tr("<h3>Heapline %1</h3><p>What grew between here and there, and why.</p>"
                              "<p>Reads heaptrack, valgrind massif and Heapline profiles.</p>")
                               .arg(QStringLiteral(HEAPLINE_VERSION)));
    });
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const auto files = m_recent->files();
    for (int i = 0; i < files.size(); ++i) {
        const QString path = files[i];
        auto* action = m_recentMenu->addAction(QStringLiteral("&%1  %2").arg(i + 1 < 10 ? QString::number(i + 1) : QStringLiteral("1&0"), QFileInfo(path).fileName()),
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

QString MainWindow::samplePath()
{
    const QString name = QStringLiteral("heaptrack.growth_demo.zst");
    const QStringList candidates = {
        QCoreApplication::applicationDirPath() + QStringLiteral("/../share/heapline/samples/") + name,
        QStringLiteral(HEAPLINE_SAMPLES_DIR "/") + name,
    };
    for (const auto& candidate : candidates)
        if (QFileInfo::exists(candidate))
            return QDir::cleanPath(candidate);
    return {};
}

bool MainWindow::showsStartPage() const
{
    return m_stack->currentWidget() == m_start;
}

void MainWindow::chooseFile()
{
    QSettings settings;
    const QString directory = settings.value(QStringLiteral("lastDirectory"), QDir::homePath()).toString();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Profile"), directory,
        tr("Heap profiles (heaptrack.* massif.out.* *.heapline *.heapline.zst *.zst *.gz);;"
           "heaptrack files (heaptrack.* *.zst *.gz);;massif files (massif.out.*);;"
           "Heapline profiles (*.heapline *.heapline.zst);;All files (*)"));
    if (path.isEmpty())
        return;
    settings.setValue(QStringLiteral("lastDirectory"), QFileInfo(path).absolutePath());
    openFile(path);
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

void MainWindow::onLoaded(const QString& path, ProfilePtr profile)
{
    setLoading(false);
    m_profile = std::move(profile);
    m_summary->setProfile(m_profile);
    m_stack->setCurrentWidget(m_summary);
    m_recent->add(path);
    m_closeAction->setEnabled(true);
    setWindowTitle(tr("%1 — Heapline").arg(QFileInfo(path).fileName()));
    setWindowFilePath(path);
    m_fileInfo->setText(tr("%1 · %2 callsites · %3 checkpoints")
                            .arg(QString::fromStdString(m_profile->info().format))
                            .arg(m_profile->callsiteCount())
                            .arg(m_profile->checkpointCount() - 1));
    QStringList warnings;
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
    m_summary->setProfile(nullptr);
    m_stack->setCurrentWidget(m_start);
    m_banner->hide();
    m_closeAction->setEnabled(false);
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
    QSettings().setValue(QStringLiteral("window/geometry"), saveGeometry());
    QMainWindow::closeEvent(event);
}

} // namespace heapline
