#include "LoadProgress.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QToolButton>

namespace heapline {

LoadProgress::LoadProgress(QWidget* parent)
    : QWidget(parent)
    , m_label(new QLabel(this))
    , m_bar(new QProgressBar(this))
    , m_cancel(new QToolButton(this))
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_bar->setRange(0, 1000);
    m_bar->setTextVisible(false);
    m_bar->setMaximumWidth(220);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop loading (Esc)"));
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);
    connect(m_cancel, &QToolButton::clicked, this, &LoadProgress::cancelRequested);
}

void LoadProgress::start(const QString& path)
{
    m_name = QFileInfo(path).fileName();
    m_bar->setValue(0);
    m_label->setText(tr("Reading %1 …").arg(m_name));
}

void LoadProgress::update(qint64 done, qint64 total, qint64 elapsedMs)
{
    const QLocale locale;
    m_bar->setValue(total > 0 ? static_cast<int>(done * 1000 / total) : 0);
    QString text = tr("Reading %1: %2 of %3, %4 s")
                       .arg(m_name, locale.formattedDataSize(done), locale.formattedDataSize(total))
                       .arg(static_cast<double>(elapsedMs) / 1000.0, 0, 'f', 1);
    if (done > 0 && total > done && elapsedMs > 500) {
        const double remaining = static_cast<double>(elapsedMs) * static_cast<double>(total - done) / static_cast<double>(done);
        text += tr(", about %1 s left").arg(remaining / 1000.0, 0, 'f', remaining < 10000 ? 1 : 0);
    }
    m_label->setText(text);
}

QString LoadProgress::text() const
{
    return m_label->text();
}

} // namespace heapline
