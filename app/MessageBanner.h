#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

namespace heapline {

// A dismissible strip above the views for errors and warnings about the open file, so that
// nothing important is only printed on stderr.
class MessageBanner : public QFrame {
    Q_OBJECT

public:
    enum class Kind { Error, Warning, Information };

    explicit MessageBanner(QWidget* parent = nullptr);

    void show(Kind kind, const QString& title, const QStringList& details = {});
    Kind kind() const { return m_kind; }
    QString text() const;

private:
    QLabel* m_icon;
    QLabel* m_text;
    QToolButton* m_close;
    Kind m_kind = Kind::Information;
};

} // namespace heapline
