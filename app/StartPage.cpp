#include "StartPage.h"

#include "RecentFiles.h"

#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace heapline {

StartPage::StartPage(RecentFiles* recent, QWidget* parent)
    : QWidget(parent)
    , m_recent(recent)
    , m_list(new QListWidget(this))
{
    auto* outer = new QVBoxLayout(this);
    auto* column = new QVBoxLayout;
    outer->addStretch(1);
    auto* row = new QHBoxLayout;
    row->addStretch(1);
    row->addLayout(column, 0);
    row->addStretch(1);
    outer->addLayout(row);
    outer->addStretch(2);

    auto* title = new QLabel(tr("Heapline"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 2.2);
    titleFont.setBold(true);
    title->setFont(titleFont);
    auto* subtitle = new QLabel(tr("What grew between here and there, and why."), this);
    auto* formats = new QLabel(tr("Opens heaptrack files (.zst, .gz or plain), valgrind massif files (massif.out.*) "
                                  "and Heapline profiles. Drop a file anywhere on this window."),
                               this);
    formats->setWordWrap(true);
    formats->setMaximumWidth(520);
    QPalette dim = formats->palette();
    dim.setColor(QPalette::WindowText, dim.color(QPalette::PlaceholderText));
    formats->setPalette(dim);
    subtitle->setPalette(dim);

    auto* open = new QPushButton(tr("Open Profile…"), this);
    open->setDefault(true);
    open->setToolTip(tr("Open a heaptrack, massif or Heapline file (Ctrl+O)"));
    auto* sample = new QPushButton(tr("Open the Sample Profile"), this);
    sample->setToolTip(tr("A heaptrack recording of a small program that leaks, copies, batches and caches"));
    auto* pythonSample = new QPushButton(tr("Open the Python Sample"), this);
    pythonSample->setToolTip(tr("A Heapline recording of a Python program whose event list only grows"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(open);
    buttons->addWidget(sample);
    buttons->addWidget(pythonSample);
    buttons->addStretch(1);

    auto* recentTitle = new QLabel(tr("Recent profiles"), this);
    QFont bold = recentTitle->font();
    bold.setBold(true);
    recentTitle->setFont(bold);
    m_list->setObjectName(QStringLiteral("recentList"));
    m_list->setMinimumWidth(520);
    m_list->setMaximumHeight(220);
    m_list->setToolTip(tr("Double-click or press Enter to open"));

    column->addWidget(title);
    column->addWidget(subtitle);
    column->addSpacing(18);
    column->addLayout(buttons);
    column->addSpacing(6);
    column->addWidget(formats);
    column->addSpacing(18);
    column->addWidget(recentTitle);
    column->addWidget(m_list);

    connect(open, &QPushButton::clicked, this, &StartPage::openRequested);
    connect(sample, &QPushButton::clicked, this, &StartPage::sampleRequested);
    connect(pythonSample, &QPushButton::clicked, this, &StartPage::pythonSampleRequested);
    connect(m_list, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { emit fileRequested(item->data(Qt::UserRole).toString()); });
    connect(m_recent, &RecentFiles::changed, this, &StartPage::refresh);
    refresh();
}

void StartPage::refresh()
{
    m_list->clear();
    for (const auto& path : m_recent->files()) {
        const QFileInfo info(path);
        auto* item = new QListWidgetItem(info.fileName() + QStringLiteral("   —   ") + info.absolutePath(), m_list);
        item->setData(Qt::UserRole, path);
        item->setToolTip(path);
        if (!info.exists())
            item->setForeground(m_list->palette().color(QPalette::PlaceholderText));
    }
    if (m_recent->files().isEmpty()) {
        auto* item = new QListWidgetItem(tr("No recent profiles yet"), m_list);
        item->setFlags(Qt::NoItemFlags);
    }
}

} // namespace heapline
