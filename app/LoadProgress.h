#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace heapline {

// The status bar's loading indicator: bytes read, elapsed, an estimate of the rest, Cancel.
class LoadProgress : public QWidget {
    Q_OBJECT

public:
    explicit LoadProgress(QWidget* parent = nullptr);

    void start(const QString& path);
    void update(qint64 done, qint64 total, qint64 elapsedMs);
    QString text() const;

signals:
    void cancelRequested();

private:
    QLabel* m_label;
    QProgressBar* m_bar;
    QToolButton* m_cancel;
    QString m_name;
};

} // namespace heapline
