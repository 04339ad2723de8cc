#include "MessageBanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

namespace heapline {

MessageBanner::MessageBanner(QWidget* parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
    , m_close(new QToolButton(this))
{
    setObjectName(QStringLiteral("messageBanner"));
    setFrameShape(QFrame::StyledPanel);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setTextFormat(Qt::PlainText);
    m_close->setAutoRaise(true);
    m_close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_close->setToolTip(tr("Dismiss"));
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    connect(m_close, &QToolButton::clicked, this, &QWidget::hide);
    hide();
}

void MessageBanner::show(Kind kind, const QString& title, const QStringList& details)
{
    m_kind = kind;
    QStyle::StandardPixmap pixmap = QStyle::SP_MessageBoxInformation;
    QString colors = QStringLiteral("background: #e8f0fb; border: 1px solid #9bb8e0;");
    if (kind == Kind::Error) {
        pixmap = QStyle::SP_MessageBoxCritical;
        colors = QStringLiteral("background: #fbe9e7; border: 1px solid #e0a39b;");
    } else if (kind == Kind::Warning) {
        pixmap = QStyle::SP_MessageBoxWarning;
        colors = QStringLiteral("background: #fff6d9; border: 1px solid #e5cf85;");
    }
    setStyleSheet(QStringLiteral("#messageBanner { %1 border-radius: 4px; } QLabel { background: transparent; border: none; color: #222; }")
                      .arg(colors));
    m_icon->setPixmap(style()->standardIcon(pixmap).pixmap(20, 20));
    QString text = title;
    for (const auto& detail : details)
        text += QStringLiteral("\n• ") + detail;
    m_text->setText(text);
    QFrame::show();
}

QString MessageBanner::text() const
{
    return m_text->text();
}

} // namespace heapline
