#pragma once

#include "DiffController.h"
#include "model/Report.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

namespace heapline {

class Selection;

// File › Export Leak Report: the report of what the window shows (A, B, grouping, filter),
// gathered and written off the GUI thread, atomically; and File › Save as Heapline Profile.
class ReportExporter : public QObject {
    Q_OBJECT

public:
    explicit ReportExporter(QObject* parent = nullptr);
    ~ReportExporter() override;

    // Starts writing the report of `comparison` (the one on screen, filtered as shown); finished()
    // follows. `options` name the profiles. Refuses (with failed()) to overwrite a profile.
    void start(ComparisonPtr comparison, ReportOptions options, ReportFormat format, const QString& path);
    // File › Save as Heapline Profile: the profile in Heapline's own format (.zst compresses).
    void saveProfile(ProfilePtr profile, const QString& source, const QString& path);
    // File › Print Leak Report and a PDF export: the Markdown report of `comparison`, made off the
    // GUI thread; markdownReady follows, with `path` (empty to print), for the GUI thread to lay out.
    void startMarkdown(ComparisonPtr comparison, ReportOptions options, const QString& path);
    // Until the finished handler has run, not only while the worker runs: a worker done whose
    // signal is still queued would have its result dropped by the next setFuture().
    bool busy() const { return m_writing || m_preparingMarkdown; }

signals:
    void finished(const QString& path);
    void failed(const QString& path, const QString& message);
    void markdownReady(const QString& path, const QString& markdown);

private:
    QFutureWatcher<QString> m_watcher; // the error, empty on success
    QFutureWatcher<QString> m_markdownWatcher;
    QString m_path;
    QString m_markdownPath;
    bool m_writing = false;
    bool m_preparingMarkdown = false;
};

} // namespace heapline
