#include "ReportExporter.h"

#include "Selection.h"
#include "importers/HeaplineWriter.h"
#include "model/AtomicFile.h"
#include "model/ReportWriters.h"

#include <QtConcurrent>

namespace heapline {

ReportExporter::ReportExporter(QObject* parent)
    : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcherBase::finished, this, [this] {
        const QString error = m_watcher.result();
        if (error.isEmpty())
            emit finished(m_path);
        else
            emit failed(m_path, error);
    });
}

ReportExporter::~ReportExporter()
{
    m_watcher.waitForFinished();
}

ReportOptions ReportExporter::optionsFor(const DiffSnapshot& snapshot, const Selection& selection, const QString& file,
                                         const QString& baseFile)
{
    ReportOptions options;
    options.analysis = snapshot.analysis;
    options.base = snapshot.base;
    options.file = file.toStdString();
    options.baseFile = baseFile.toStdString();
    const auto spec = [](const Profile& profile, size_t checkpoint) {
        TimeSpec s;
        const size_t last = profile.checkpointCount() - 1;
        s.checkpoint = std::min(checkpoint, last);
        s.time = s.requestedTime = profile.checkpoints().time(s.checkpoint);
        s.requested = s.checkpoint == 0 ? "start" : s.checkpoint == last ? "end" : "#" + std::to_string(s.checkpoint);
        return s;
    };
    options.from = snapshot.base ? spec(snapshot.base->profile(), snapshot.base->profile().checkpointCount() - 1)
                                 : spec(snapshot.analysis->profile(), snapshot.a);
    options.to = spec(snapshot.analysis->profile(), snapshot.b);
    options.grouping = snapshot.grouping;
    options.filter = selection.filter().trimmed().toStdString();
    options.classFilter = selection.classFilter();
    return options;
}

void ReportExporter::start(ReportOptions options, ReportFormat format, const QString& path)
{
    m_path = path;
    for (const std::string* input : { &options.file, &options.baseFile }) {
        if (!input->empty() && sameFile(*input, path.toStdString())) {
            emit failed(path, tr("%1 is the profile itself; choose another file for the report.").arg(path));
            return;
        }
    }
    m_watcher.setFuture(QtConcurrent::run([options = std::move(options), format, target = path.toStdString()]() -> QString {
        const std::string text = writeReport(buildReport(options), format);
        std::string error;
        return writeFileAtomically(target, text, error) ? QString() : QString::fromStdString(error);
    }));
}

void ReportExporter::saveProfile(ProfilePtr profile, const QString& source, const QString& path)
{
    m_path = path;
    if (sameFile(source.toStdString(), path.toStdString())) {
        emit failed(path, tr("%1 is the profile itself; choose another file.").arg(path));
        return;
    }
    m_watcher.setFuture(QtConcurrent::run([profile = std::move(profile), source = source.toStdString(), target = path.toStdString()]() -> QString {
        std::string error;
        const std::string producer = "Heapline " HEAPLINE_VERSION " (from " + profile->info().format + " " + source + ")";
        return writeHeaplineProfile(*profile, target, producer, error) ? QString() : QString::fromStdString(error);
    }));
}

} // namespace heapline
