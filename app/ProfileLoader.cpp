#include "ProfileLoader.h"

#include <QFileInfo>
#include <QPromise>
#include <QtConcurrent>

namespace heapline {

namespace {
constexpr int ProgressScale = 10000;
}

ProfileLoader::ProfileLoader(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<ProfilePtr>();
}

ProfileLoader::~ProfileLoader()
{
    // The worker stops at its next buffer; its result is dropped with the watcher.
    if (m_watcher)
        m_watcher->cancel();
}

void ProfileLoader::load(const QString& path, Purpose purpose)
{
    cancel();
    m_path = path;
    m_total = QFileInfo(path).size();
    m_clock.start();
    auto* watcher = new QFutureWatcher<ImportResult>(this);
    m_watcher = watcher;
    connect(watcher, &QFutureWatcherBase::progressValueChanged, this, [this, watcher](int value) {
        if (watcher == m_watcher)
            emit progress(m_total * value / ProgressScale, m_total, m_clock.elapsed());
    });
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, path, purpose] {
        watcher->deleteLater();
        if (watcher != m_watcher)
            return; // superseded by a newer request
        m_watcher = nullptr;
        if (watcher->isCanceled() || watcher->future().resultCount() == 0) {
            emit cancelled(path);
            return;
        }
        const ImportResult result = watcher->result();
        if (result.profile && purpose == Purpose::Base)
            emit baseLoaded(path, result.profile);
        else if (result.profile)
            emit loaded(path, result.profile);
        else if (result.error && result.error->cancelled)
            emit cancelled(path);
        else
            emit failed(path, result.error ? QString::fromStdString(result.error->toString()) : path);
    });
    emit started(path);
    const std::string file = path.toStdString();
    watcher->setFuture(QtConcurrent::run([file, options = m_options](QPromise<ImportResult>& promise) {
        ImportControl control;
        promise.setProgressRange(0, ProgressScale);
        control.onProgress = [&](uint64_t done, uint64_t total) {
            if (promise.isCanceled())
                control.cancel();
            promise.setProgressValue(total ? static_cast<int>(done * ProgressScale / total) : 0);
        };
        ImportResult result = importProfile(file, options, &control);
        // The live queries' keyframes made here, not by the first view that asks (a summary
        // never needs them, so the import leaves them).
        if (result.profile)
            result.profile->checkpoints().makeKeyframesNow();
        promise.addResult(std::move(result));
    }));
}

void ProfileLoader::cancel()
{
    if (!m_watcher)
        return;
    auto* watcher = m_watcher.data();
    m_watcher = nullptr;
    watcher->cancel();
    emit cancelled(m_path);
}

} // namespace heapline
