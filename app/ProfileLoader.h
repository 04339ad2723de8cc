#pragma once

#include "importers/Importer.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QString>
#include <memory>

namespace heapline {

using ProfilePtr = std::shared_ptr<const Profile>;

// Loads one profile at a time on the thread pool. Progress comes back as signals; cancel() or a
// new load() make the previous request's result disappear, so only the latest one lands.
class ProfileLoader : public QObject {
    Q_OBJECT

public:
    explicit ProfileLoader(QObject* parent = nullptr);
    ~ProfileLoader() override;

    // What the file is for: the profile to show, or the base of a two-file comparison.
    enum class Purpose { Open, Base };
    void load(const QString& path, Purpose purpose = Purpose::Open);
    // The suppressions the views will apply: the callsites they cover are found on another core
    // while a load's last step runs, not after it (ImportOptions::suppressions).
    void setSuppressions(SuppressionSettings settings) { m_options.suppressions = std::move(settings); }
    void cancel();
    bool isLoading() const { return !m_watcher.isNull(); }
    QString currentPath() const { return m_path; }

signals:
    void started(const QString& path);
    // Bytes of the file read so far, of `total`, and milliseconds since the start.
    void progress(qint64 done, qint64 total, qint64 elapsedMs);
    void loaded(const QString& path, heapline::ProfilePtr profile); // Purpose::Open
    void baseLoaded(const QString& path, heapline::ProfilePtr profile); // Purpose::Base
    void failed(const QString& path, const QString& message);
    void cancelled(const QString& path);

private:
    ImportOptions m_options;
    QPointer<QFutureWatcher<ImportResult>> m_watcher;
    QString m_path;
    qint64 m_total = 0;
    QElapsedTimer m_clock;
};

} // namespace heapline

Q_DECLARE_METATYPE(heapline::ProfilePtr)
