#pragma once

#include <QWidget>

class QListWidget;
class QPushButton;

namespace heapline {

class RecentFiles;

// What an empty window offers: Open, the recent files, the bundled sample.
class StartPage : public QWidget {
    Q_OBJECT

public:
    StartPage(RecentFiles* recent, QWidget* parent = nullptr);

signals:
    void openRequested();
    void sampleRequested();
    void pythonSampleRequested();
    void fileRequested(const QString& path);

private:
    void refresh();

    RecentFiles* m_recent;
    QListWidget* m_list;
};

} // namespace heapline
