#include "ReportExporter.h"

#include "importers/HeaplineWriter.h"
#include "model/AtomicFile.h"
#include "model/ReportWriters.h"

#include <QtConcurrent>

namespace heapline {

ReportExporter::ReportExporter(QObject* parent)
    : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcherBase::finished, this, [this] {
        m_writing = false;
        const QString error = m_watcher.result();
        if (error.isEmpty())
            emit finished(m_path);
        else
            emit failed(m_path, error);
    });
    connect(&m_markdownWatcher, &QFutureWatcherBase::finished, this, [this] {
        m_preparingMarkdown = false;
        emit markdownReady(m_markdownPath, m_markdownWatcher.result());
    });
}

ReportExporter::~ReportExporter()
{
    m_watcher.waitForFinished();
    m_markdownWatcher.waitForFinished();
}

void ReportExporter::start(ComparisonPtr comparison, ReportOptions options, ReportFormat format, const QString& path)
{
    m_path = path;
    for (const std::string* input : { &options.file, &options.baseFile }) {
        if (!input->empty() && sameFile(*input, path.toStdString())) {
            emit failed(path, tr("%1 is the profile itself; choose another file for the report.").arg(path));
            return;
        }
    }
    m_writing = true;
    m_watcher.setFuture(QtConcurrent::run([comparison = std::move(comparison), options = std::move(options), format,
                                              target = path.toStdString()]() -> QString {
        std::string error;
        return writeReportFile(buildReport(comparison, options), format, target, error) ? QString()
                                                                                        : QString::fromStdString(error);
    }));
}

void ReportExporter::startMarkdown(ComparisonPtr comparison, ReportOptions options, const QString& path)
{
    m_markdownPath = path;
    m_preparingMarkdown = true;
    m_markdownWatcher.setFuture(
        QtConcurrent::run([comparison = std::move(comparison), options = std::move(options)]() -> QString {
            return QString::fromStdString(reportMarkdown(buildReport(comparison, options)));
        }));
}

void ReportExporter::saveProfile(ProfilePtr profile, const QString& source, const QString& path)
{
    m_path = path;
    if (sameFile(source.toStdString(), path.toStdString())) {
        emit failed(path, tr("%1 is the profile itself; choose another file.").arg(path));
        return;
    }
    m_writing = true;
    m_watcher.setFuture(QtConcurrent::run([profile = std::move(profile), source = source.toStdString(), target = path.toStdString()]() -> QString {
        std::string error;
        const std::string producer = "Heapline " HEAPLINE_VERSION " (from " + profile->info().format + " " + source + ")";
        return writeHeaplineProfile(*profile, target, producer, error) ? QString() : QString::fromStdString(error);
    }));
}

} // namespace heapline
