#include "SummaryPage.h"

#include "Delegates.h"
#include "model/Units.h"

#include <QFileInfo>
#include <QUrl>
#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace heapline {

namespace {

QString q(const std::string& text)
{
    return QString::fromStdString(text);
}

} // namespace

SummaryPage::SummaryPage(QWidget* parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_subtitle(new QLabel(this))
    , m_facts(new QGridLayout)
    , m_growth(new QLabel(this))
    , m_suspects(new QLabel(this))
{
    auto* layout = new QVBoxLayout(this);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.5);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setTextFormat(Qt::PlainText);
    m_subtitle->setTextFormat(Qt::PlainText);
    m_subtitle->setWordWrap(true);
    m_subtitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_title);
    layout->addWidget(m_subtitle);
    layout->addSpacing(6);
    m_facts->setHorizontalSpacing(10);
    m_facts->setVerticalSpacing(10);
    layout->addLayout(m_facts);
    layout->addSpacing(10);
    m_growth->setWordWrap(true);
    m_growth->setTextFormat(Qt::RichText);
    layout->addWidget(m_growth);
    m_suspects->setTextFormat(Qt::RichText);
    m_suspects->setWordWrap(true);
    m_suspects->setTextInteractionFlags(Qt::TextBrowserInteraction);
    layout->addWidget(m_suspects);
    layout->addStretch(1);
    connect(m_suspects, &QLabel::linkActivated, this, [this](const QString& link) {
        emit suspectActivated(QUrl::fromPercentEncoding(link.mid(8).toUtf8()));
    });
}

void SummaryPage::setFact(int index, const QString& caption, const QString& value, const QString& detail,
                          const QString& tooltip)
{
    constexpr int Columns = 3;
    auto* card = new QFrame(this);
    card->setFrameShape(QFrame::StyledPanel);
    card->setToolTip(tooltip);
    auto* cardLayout = new QVBoxLayout(card);
    auto* captionLabel = new QLabel(caption, card);
    QPalette dim = captionLabel->palette();
    dim.setColor(QPalette::WindowText, dim.color(QPalette::PlaceholderText));
    captionLabel->setPalette(dim);
    auto* valueLabel = new QLabel(value, card);
    QFont big = valueLabel->font();
    big.setPointSizeF(big.pointSizeF() * 1.35);
    big.setBold(true);
    valueLabel->setFont(big);
    valueLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A blank detail keeps the cards' values aligned.
    auto* detailLabel = new QLabel(detail.isEmpty() ? QStringLiteral(" ") : detail, card);
    detailLabel->setPalette(dim);
    detailLabel->setWordWrap(true);
    cardLayout->addWidget(captionLabel);
    cardLayout->addWidget(valueLabel);
    cardLayout->addWidget(detailLabel);
    m_facts->addWidget(card, index / Columns, index % Columns);
    m_values.insert(caption, valueLabel);
}

void SummaryPage::setProfile(ProfilePtr profile)
{
    m_profile = std::move(profile);
    m_growth->clear();
    m_suspects->clear();
    // Each format has its own facts: the cards are made afresh.
    for (QLabel* value : std::as_const(m_values))
        delete value->parentWidget();
    m_values.clear();
    if (!m_profile)
        return;
    const auto& info = m_profile->info();
    const auto& totals = m_profile->totals();
    const auto unit = info.timeUnit;
    m_title->setText(QFileInfo(q(info.sourcePath)).fileName());
    QString subtitle = q(info.format);
    if (!info.formatVersion.empty())
        subtitle += tr(" file format %1").arg(q(info.formatVersion));
    if (!info.producer.empty())
        subtitle += tr(", written by %1").arg(q(info.producer));
    if (!info.description.empty() && info.description != "(none)")
        subtitle += tr(" (%1)").arg(q(info.description));
    if (!info.command.empty())
        subtitle += tr(" — command: %1").arg(q(info.command));
    m_subtitle->setText(subtitle);

    int index = 0;
    setFact(index++, tr("Duration"), q(formatTime(totals.duration, unit)),
            m_profile->truncated() ? tr("the recording ends early") : QString());
    setFact(index++, tr("Peak heap"), q(formatBytes(totals.peakHeapBytes)),
            tr("at %1").arg(q(formatTime(totals.peakTime, unit))),
            tr("%1 bytes live at the highest point").arg(q(formatCount(totals.peakHeapBytes))));
    setFact(index++, tr("Peak RSS"), totals.peakRssBytes ? q(formatBytes(*totals.peakRssBytes)) : tr("not recorded"),
            !totals.peakRssBytes                      ? tr("this format has no RSS")
                : m_profile->info().format == "heaptrack" ? tr("resident memory, heaptrack's own included")
                                                          : tr("resident memory, the recorder's own included"));
    const size_t comparable = m_profile->checkpointCount() - 1;
    if (totals.allocations || !totals.snapshots) {
        setFact(index++, tr("Allocations"), totals.allocations ? q(formatCount(*totals.allocations)) : tr("not recorded"),
                totals.temporaryAllocations
                    ? tr("%1 temporary (freed right away)").arg(q(formatCount(*totals.temporaryAllocations)))
                    : QString());
    } else {
        setFact(index++, tr("Snapshots"), q(formatCount(*totals.snapshots)),
                m_profile->info().format == "massif" ? tr("%1 with the whole heap tree").arg(comparable)
                                                     : tr("each with every stack's live bytes"));
    }
    setFact(index++, tr("Leaked at end"), q(formatBytes(totals.leakedBytes)),
            tr("still live when the recording ended"),
            tr("%1 bytes").arg(q(formatCount(totals.leakedBytes))));
    setFact(index++, tr("Callsites"), q(formatCount(static_cast<int64_t>(m_profile->callsiteCount()))),
            tr("%1 checkpoints to compare").arg(comparable));
}

void SummaryPage::setSnapshot(DiffSnapshotPtr snapshot)
{
    if (!snapshot || !m_profile) {
        m_growth->clear();
        m_suspects->clear();
        return;
    }
    const auto& diff = *snapshot->diff;
    const auto unit = m_profile->info().timeUnit;
    const Growth total = diff.growth(diff.total);
    QString growth = tr("<h3>Between A (%1) and B (%2)</h3>")
                         .arg(q(formatTime(diff.timeA, unit)), q(formatTime(diff.timeB, unit)));
    growth += tr("<p>The heap went from %1 to %2 (<b>%3</b>): <b style='color:%4'>%5</b>. %6")
                  .arg(q(formatBytes(diff.total.atA.bytes)), q(formatBytes(diff.total.atB.bytes)), q(formatSignedBytes(diff.total.deltaBytes())),
                       classColor(diff.total.cls).name(), QString::fromLatin1(growthClassName(diff.total.cls)),
                       QString::fromLatin1(growthHint(diff.total.cls)).toHtmlEscaped());
    if (total.evidence.slopeIsPerSecond && diff.total.cls == GrowthClass::Linear)
        growth += tr(" It grows by %1 a second (R² %2).").arg(q(formatBytes(static_cast<int64_t>(total.evidence.slopePerSecond)))).arg(total.evidence.rSquared, 0, 'f', 2);
    growth += QStringLiteral("</p>");
    if (diff.native) {
        growth += tr("<p><b style='color:%1'>native</b>: RSS grew by %2 while the traced heap grew by %3. %4</p>")
                      .arg(classColor(GrowthClass::Native).name(), q(formatBytes(diff.native->evidence.rssGrowth)),
                           q(formatSignedBytes(diff.native->evidence.heapGrowth)), QString::fromLatin1(growthHint(GrowthClass::Native)).toHtmlEscaped());
    }
    m_growth->setText(growth);

    QString suspects = tr("<h3>Top suspects by %1</h3><ol>").arg(QString::fromLatin1(groupingName(snapshot->grouping)));
    int shown = 0;
    for (const auto& row : diff.rows) {
        if (shown == 5 || row.riseBytes() <= 0)
            break;
        const QString key = q(diff.key(row));
        suspects += tr("<li><a href='suspect:%1'>%2</a> — <b>%3</b>, <span style='color:%4'>%5</span>%6</li>")
                        .arg(QString::fromUtf8(QUrl::toPercentEncoding(key)), key.toHtmlEscaped(), q(formatSignedBytes(row.deltaBytes())),
                             classColor(row.cls).name(), QString::fromLatin1(growthClassName(row.cls)),
                             isLeakLike(row.cls) ? tr(" (leak-like)") : QString());
        ++shown;
    }
    suspects += QStringLiteral("</ol>");
    m_suspects->setText(shown ? suspects : tr("<p>Nothing grew between A and B.</p>"));
}

QString SummaryPage::suspectsText() const
{
    return m_suspects->text();
}

QString SummaryPage::fact(const QString& caption) const
{
    const QLabel* label = m_values.value(caption);
    return label ? label->text() : QString();
}

} // namespace heapline
