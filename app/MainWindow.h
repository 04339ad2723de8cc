#pragma once

#include "Preferences.h"
#include "ProfileLoader.h"

#include <QImage>
#include <QMainWindow>

class QAction;
class QMenu;
class QStackedWidget;
class QLabel;

namespace heapline {

class DiffController;
class LoadProgress;
class MessageBanner;
class ProfilePage;
class RecentFiles;
class Selection;
class StartPage;
struct ReportOptions;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    void openFile(const QString& path);
    // Loads another recording as the base of a two-file comparison (File › Compare With…).
    void compareWith(const QString& path);
    void clearComparison();
    // Writes the leak report of the current view; the format follows the suffix (.pdf: the
    // Markdown report laid out as pages, with the timeline). False when there is nothing to
    // report or a report is still being written.
    bool exportReport(const QString& path);
    // File › Print Leak Report: the report as the PDF has it, through the print dialog.
    bool printReport();
    // Saves the profile in Heapline's own format; reportWritten() follows as for a report.
    bool saveProfile(const QString& path);
    // A and B to apply once the file is open (heapline FILE --from T --to T).
    void setInitialRange(const QString& from, const QString& to);
    ProfilePtr profile() const { return m_profile; }
    // The bundled sample profile, or an empty string when it cannot be found.
    static QString samplePath();
    // A bundled file by name (resources/samples, or share/heapline/samples when installed).
    static QString samplePath(const QString& name);

    // For tests.
    MessageBanner* banner() const { return m_banner; }
    // The status bar's line about the open file (format, callsites, checkpoints, sampling).
    QString fileInfoText() const;
    ProfilePage* profilePage() const { return m_page; }
    Selection* selection() const { return m_selection; }
    DiffController* controller() const { return m_controller; }
    ProfileLoader* loader() const { return m_loader; }
    LoadProgress* loadProgress() const { return m_progress; }
    bool showsStartPage() const;
    // Edit › Preferences, applied: suppressions reach the comparison, the editor the views.
    void applyPreferences(const Preferences& preferences);
    const Preferences& preferences() const { return m_preferences; }
    // File › Export View: the timeline, or the flame graph when it is the tab on screen, as SVG
    // (by the suffix .svg) or PNG. False with the reason in `error`.
    bool exportView(const QString& path, QString* error = nullptr);
    // The timeline as the printed report and the PDF show it: light, whatever the scheme.
    QImage timelinePicture() const;

signals:
    void profileShown(const QString& path);
    // After exportReport: the path written, or empty when it failed (the banner says why).
    void reportWritten(const QString& path);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void createViewActions(QMenu* view);
    void showShortcuts();
    void moveMarker(bool moveB, int step);
    void chooseFile();
    void chooseBase();
    void chooseReportFile();
    void chooseSaveFile();
    void chooseViewFile();
    void editPreferences();
    QString askForProfile(const QString& title);
    void closeProfile();
    void updateRecentMenu();
    void onLoaded(const QString& path, ProfilePtr profile);
    void onBaseLoaded(const QString& path, ProfilePtr profile);
    void onFailed(const QString& path, const QString& message);
    void setLoading(bool loading);
    void layOutReport(const QString& path, const QString& markdown);
    bool refusedWhileWriting();
    ReportOptions reportOptions() const; // the report names the profile and the base

    ProfileLoader* m_loader;
    RecentFiles* m_recent;
    Selection* m_selection;
    DiffController* m_controller;
    MessageBanner* m_banner;
    QStackedWidget* m_stack;
    StartPage* m_start;
    ProfilePage* m_page;
    QString m_initialFrom;
    QString m_initialTo;
    LoadProgress* m_progress;
    QLabel* m_fileInfo;
    QMenu* m_recentMenu = nullptr;
    QAction* m_closeAction = nullptr;
    QAction* m_cancelAction = nullptr;
    QAction* m_compareAction = nullptr;
    QAction* m_exportAction = nullptr;
    QAction* m_printAction = nullptr;
    QAction* m_saveAction = nullptr;
    class ReportExporter* m_exporter;
    QAction* m_clearBaseAction = nullptr;
    QString m_basePath;
    ProfilePtr m_profile;
    Preferences m_preferences;
    QAction* m_exportViewAction = nullptr;
};

} // namespace heapline
