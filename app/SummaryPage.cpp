#include "SummaryPage.h"

#include "Delegates.h"
#include "QtText.h"
#include "model/HandOver.h"
#include "model/IdleTail.h"
#include "model/Report.h"
#include "model/SummaryLists.h"
#include "model/Units.h"
#include "model/Wording.h"

#include <QFileInfo>
#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QUrl>
#include <QVBoxLayout>
#include <algorithm>

namespace heapline {

SummaryPage::SummaryPage(QWidget* parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_subtitle(new QLabel(this))
    , m_facts(new QGridLayout)
    , m_growth(new QLabel(this))
    , m_suspects(new QLabel(this))
    , m_lists(new QLabel(this))
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
    m_growth->setTextInteractionFlags(Qt::TextBrowserInteraction);
    layout->addWidget(m_growth);
    m_suspects->setTextFormat(Qt::RichText);
    m_suspects->setWordWrap(true);
    m_suspects->setTextInteractionFlags(Qt::TextBrowserInteraction);
    layout->addWidget(m_suspects);
    m_lists->setTextFormat(Qt::RichText);
    m_lists->setWordWrap(true);
    m_lists->setTextInteractionFlags(Qt::TextBrowserInteraction);
    layout->addWidget(m_lists);
    layout->addStretch(1);
    for (QLabel* links : { m_growth, m_suspects, m_lists })
        connect(links, &QLabel::linkActivated, this, [this](const QString& link) {
            if (link.startsWith(QLatin1String("setb:")))
                emit checkpointForBRequested(link.mid(5).toULongLong());
            else if (link.startsWith(QLatin1String("line:")))
                emit lineActivated(Grouping::Line, QUrl::fromPercentEncoding(link.mid(5).toUtf8()));
            else if (link.startsWith(QLatin1String("callsite:")))
                emit lineActivated(Grouping::Callsite, QUrl::fromPercentEncoding(link.mid(9).toUtf8()));
            else
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
    m_lists->clear();
    // Each format has its own facts: the cards are made afresh.
    for (QLabel* value : std::as_const(m_values))
        delete value->parentWidget();
    m_values.clear();
    if (!m_profile)
        return;
    const auto& info = m_profile->info();
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
    for (const auto& fact : summaryFacts(*m_profile))
        setFact(index++, q(fact.caption), q(fact.value), q(fact.detail), q(fact.tooltip));
}

void SummaryPage::setComparison(ComparisonPtr comparison)
{
    if (!comparison || !m_profile) {
        m_growth->clear();
        m_suspects->clear();
        m_lists->clear();
        return;
    }
    const auto& diff = comparison->diff();
    const auto unit = m_profile->info().timeUnit;
    const Growth total = diff.growth(diff.total);
    // With a base run, A's time is on that run's clock (in its own unit).
    const QString timeA = comparison->twoFiles()
        ? tr("%1 in the base run").arg(q(formatTime(diff.timeA, comparison->base()->profile().info().timeUnit)))
        : q(formatTime(diff.timeA, unit));
    QString growth = tr("<h3>Between A (%1) and B (%2)</h3>").arg(timeA, q(formatTime(diff.timeB, unit)));
    if (const std::string nothing = noBreakdownNote(*m_profile); !nothing.empty()) {
        m_growth->setText(growth + QStringLiteral("<p>%1</p>").arg(q(nothing).toHtmlEscaped()));
        m_suspects->clear();
        m_lists->clear();
        return;
    }
    // A sampled heap that grew by a sample or two has no shape to tell, nor a hint or a rate.
    const bool fewSamples = !fewSamplesText(diff.shapedTotal(), m_profile->info()).empty();
    // With a base run the class is this run's shape from its start to B, not the change from the
    // base: a run compared with the one before its fix fell by 78 MB and read "spiky".
    const QString change = comparison->twoFiles()
        ? q(heapChangeText(diff.total)).toHtmlEscaped() + tr(". This run, from its start to B")
        : q(heapChangeText(diff.total)).toHtmlEscaped();
    const FirstScreenRows rows = firstScreenRows(*comparison);
    // All of it at load: the class has no advice to give, nor its rate a leak's (the at-load
    // sentence below says what it is).
    const bool allAtLoad = grewAllAtLoad(*comparison, rows);
    growth += tr("<p>%1: <b style='color:%2'>%3</b>. %4")
                  .arg(change, classColor(diff.total.cls).name(), QString::fromLatin1(growthClassName(diff.total.cls)),
                      allAtLoad ? QString()
                                : q(classHintText(diff.shapedTotal(), m_profile->info(), &total)).toHtmlEscaped());
    if (const std::string rate = growthRateText(diff.shapedTotal(), total); !rate.empty() && !fewSamples && !allAtLoad)
        growth += QLatin1Char(' ') + q(rate).toHtmlEscaped();
    const std::string atLoad = grewOnlyAtLoadText(*comparison, rows);
    if (!atLoad.empty())
        growth += QLatin1Char(' ') + q(atLoad).toHtmlEscaped() + QLatin1Char('.');
    if (const std::string climbing = climbingUnderLevelText(*comparison, rows); !climbing.empty())
        growth += QLatin1Char(' ') + q(climbing).toHtmlEscaped() + QLatin1Char('.');
    if (const auto& idle = comparison->idleTail()) {
        growth
            += QLatin1Char(' ') + q(idleTailText(*idle, m_profile->info().timeUnit)).toHtmlEscaped() + QLatin1Char('.');
        // Where the work stopped is a checkpoint: one click puts B there (undone by Ctrl+Z).
        const auto& store = m_profile->checkpoints();
        size_t k = 0;
        while (k + 1 < store.size() && store.time(k) < idle->at)
            ++k;
        growth += tr(" <a href='setb:%1'>Set B to %2</a>.")
                      .arg(k)
                      .arg(q(formatTime(store.time(k), m_profile->info().timeUnit)));
    }
    // A leak under batches: the heap's class is spiky, and its lows tell what stayed. Not where
    // what stayed was the libraries' loading (a script that imports pandas, then runs batches:
    // "its lows rose by 28.8 MB: what its batches left behind", beside "+28.8 MB was allocated as
    // the program's libraries were loaded").
    if (const std::string floor = floorRiseText(total, diff.total.riseBytes(), m_profile->info().timeUnit);
        !floor.empty() && !fewSamples && atLoad.empty())
        growth += QLatin1Char(' ') + q(capitalized(floor)).toHtmlEscaped() + QLatin1Char('.');
    if (const std::string finer = finerSamplingText(diff.total, m_profile->info(), diff.native); !finer.empty())
        growth += QLatin1Char(' ') + q(finer).toHtmlEscaped();
    if (const std::string few = fewTreesNote(*comparison); !few.empty())
        growth += QLatin1Char(' ') + q(few).toHtmlEscaped();
    if (const std::string fall = finalFallText(total); !fall.empty())
        growth += QLatin1Char(' ') + q(fall).toHtmlEscaped();
    if (const std::string aside = setAsideAtLoadText(total); !aside.empty())
        growth += QLatin1Char(' ') + q(aside).toHtmlEscaped();
    growth += QStringLiteral("</p>");
    if (diff.native) {
        growth += tr("<p><b style='color:%1'>native</b>: %2. %3</p>")
                      .arg(classColor(GrowthClass::Native).name(), q(nativeFinding(*diff.native)).toHtmlEscaped(),
                          q(nativeHintText(m_profile->info(), *diff.native)).toHtmlEscaped());
        if (const std::string holders = nativeHoldersText(findNativeHolders(*comparison)); !holders.empty())
            growth += QStringLiteral("<p>%1.</p>").arg(q(holders).toHtmlEscaped());
    }
    if (diff.retained)
        growth += tr("<p>%1.</p>").arg(q(capitalized(retainedFinding(*diff.retained))).toHtmlEscaped());
    if (diff.untouched)
        growth += tr("<p>%1.</p>").arg(q(untouchedFinding(*diff.untouched)).toHtmlEscaped());
    if (const std::string stacks = stacksText(m_profile->timeline(), diff.timeA, diff.timeB, unit);
        !stacks.empty() && !comparison->twoFiles())
        growth += tr("<p>%1.</p>").arg(q(stacks).toHtmlEscaped());
    for (const auto& kept : keptFindings(*comparison))
        growth += tr("<p><b>%1</b>: %2.</p>").arg(q(kept.label).toHtmlEscaped(), q(kept.text).toHtmlEscaped());
    // B named "auto" is the checkpoint before a teardown, and carries the model's reason; B at the
    // end, where the recording goes on past it in totals only, says so.
    const TimeSpec& to = comparison->to();
    if (!comparison->twoFiles() && to.requested == "auto" && to.checkpoint + 1 < m_profile->checkpointCount())
        growth += tr("<p>B: %1. The end is one click away (Ctrl+Shift+E, or B = end).</p>")
                      .arg(q(to.reason).toHtmlEscaped());
    else if (!comparison->twoFiles() && !to.reason.empty() && (to.requested == "auto" || to.requested == "end"))
        growth += tr("<p>B: %1.</p>").arg(q(to.reason).toHtmlEscaped());
    // Suppressed leaks beside the leaked bytes, as heaptrack_print shows them.
    if (const auto suppressed = summarizeSuppressions(*comparison); suppressed.callsites) {
        const int64_t delta = suppressed.betweenAandB ? suppressed.betweenAandB->deltaBytes() : 0;
        growth
            += tr("<p>%1: %2; %3. Between A and B the suppressed callsites changed by %4, "
                  "left out of the rows (Edit › Preferences).</p>")
                   .arg(
                       q(endStateWords(m_profile->info(), m_profile->totals().duration, m_profile->truncated()).caption)
                           .toHtmlEscaped(),
                       q(formatBytes(m_profile->totals().leakedBytes)), q(suppressed.sentence).toHtmlEscaped(),
                       q(formatSignedBytes(delta)));
    }
    m_growth->setText(growth);

    const auto item = [&](const DiffRow& row, bool linesTold) {
        const QString key = q(diff.key(row));
        const QString label = q(comparison->displayKey(row));
        // A row that rose and fell back is told by how far it rose: "0 B" alone hides a batch.
        QString delta = q(formatSignedBytes(row.deltaBytes()));
        if (row.riseBytes() > 2 * std::max<int64_t>(row.deltaBytes(), 0))
            delta += tr(" (rose by %1)").arg(q(formatBytes(row.riseBytes())));
        // A leak under batches: the lows the batches fall back to rose. (Where the lines that kept
        // it are told, they say it: the lows, read at the samples, can stand above the troughs.)
        QString more = row.leakLike ? tr(" (leak-like)") : QString();
        const std::string few = fewSamplesText(row, m_profile->info());
        if (!few.empty())
            more += QStringLiteral(" (") + q(few).toHtmlEscaped() + QLatin1Char(')');
        // A row whose blocks another replaces fell for that, not for its batches' end.
        const Replacement* replaced = diff.replacedBy(row);
        if (replaced)
            more += QStringLiteral("; ") + q(replacedText(*replaced)).toHtmlEscaped();
        // A load given back a little at a time is no batch: its class alone says batches.
        else if (const Growth growth = diff.growth(row); few.empty() && drainedSinceHighest(row, &growth))
            more += QStringLiteral("; ") + q(drainedShortText(growth)).toHtmlEscaped();
        // Nor what its batches left behind, where it is too few samples to tell a shape.
        else if (row.cls == GrowthClass::Spiky && !linesTold && few.empty())
            if (const std::string floor = floorRiseText(diff.growth(row), row.riseBytes(), m_profile->info().timeUnit);
                !floor.empty())
                more += QStringLiteral("; ") + q(floor).toHtmlEscaped();
        return tr("<li><a href='suspect:%1' title='%2'>%3</a> — <b>%4</b>, <span style='color:%5'>%6</span>%7</li>")
            .arg(QString::fromUtf8(QUrl::toPercentEncoding(key)), key.toHtmlEscaped(), label.toHtmlEscaped(), delta,
                classColor(row.cls).name(), QString::fromLatin1(growthClassName(row.cls)), more);
    };
    QString suspects = tr("<h3>Top suspects by %1</h3>").arg(QString::fromLatin1(groupingName(comparison->grouping())));
    if (rows.growers.empty()) {
        suspects += tr("<p>None: the heap rose by up to %1 between A and B and stands %2 against A at B.</p>")
                        .arg(q(formatBytes(diff.total.riseBytes())), q(formatSignedBytes(diff.total.deltaBytes())));
    } else {
        suspects += QStringLiteral("<ol>");
        for (const DiffRow* row : rows.growers) {
            // A function whose batches give it their shape can hold a leak on one of its lines.
            const auto lines = keptWithin(*comparison, *row);
            suspects += item(*row, !lines.empty());
            for (const auto& line : lines) {
                suspects.insert(suspects.size() - 5, // inside the row's </li>
                    tr("<br>within it, <b>%1</b> stayed at <a href='%2:%3'>%4</a>: %5")
                        .arg(q(formatSignedBytes(line.bytes)),
                            line.grouping == Grouping::Callsite ? QStringLiteral("callsite") : QStringLiteral("line"),
                            QString::fromUtf8(QUrl::toPercentEncoding(q(line.key))), q(line.label).toHtmlEscaped(),
                            q(keptWithinNote(line)).toHtmlEscaped()));
            }
        }
        suspects += QStringLiteral("</ol>");
    }
    const auto leftOut = [&](const std::vector<const DiffRow*>& rowsLeftOut, const QString& note) {
        if (rowsLeftOut.empty())
            return;
        // The largest few: an --exact recording of a script that imports numpy listed 2,000 rows.
        constexpr size_t MostNamed = 8;
        QStringList named;
        int64_t restBytes = 0;
        for (size_t i = 0; i < rowsLeftOut.size(); ++i) {
            const DiffRow* row = rowsLeftOut[i];
            if (i >= MostNamed) {
                restBytes += row->deltaBytes();
                continue;
            }
            const QString key = q(diff.key(*row));
            named << tr("<a href='suspect:%1' title='%2'>%3</a> %4")
                         .arg(QString::fromUtf8(QUrl::toPercentEncoding(key)), key.toHtmlEscaped(),
                             q(comparison->displayKey(*row)).toHtmlEscaped(), q(formatSignedBytes(row->deltaBytes())));
        }
        if (rowsLeftOut.size() > MostNamed)
            named << tr("and %1 more rows, %2 between them")
                         .arg(q(formatCount(static_cast<int64_t>(rowsLeftOut.size() - MostNamed))),
                             q(formatSignedBytes(restBytes)));
        suspects += tr("<p>Left out, %1: %2.</p>").arg(note.toHtmlEscaped(), named.join(QStringLiteral(", ")));
    };
    leftOut(rows.atLoad, tr(madeAtLoadNote));
    leftOut(rows.threads, tr(heldByThreadsNote));
    leftOut(rows.reused, tr(reusedByCPythonNote) + tr(": the rows above hold less than they keep"));
    leftOut(rows.replacing, tr(replacingNote));
    if (!rows.growers.empty())
        if (const std::string note = growerStackNote(*comparison, *rows.growers.front()); !note.empty())
            suspects += QStringLiteral("<p>%1</p>").arg(q(note).toHtmlEscaped());
    if (!rows.growers.empty()) {
        const DiffRow& top = *rows.growers.front();
        if (const std::string grown = topGrownByCopiesText(*comparison, top); !grown.empty())
            suspects += QStringLiteral("<p><b>%1</b>: %2</p>")
                            .arg(q(comparison->shortKey(top)).toHtmlEscaped(), q(grown).toHtmlEscaped());
        if (const std::string handedOver = handOverText(*comparison, top); !handedOver.empty())
            suspects += QStringLiteral("<p><b>%1</b>: %2</p>")
                            .arg(q(comparison->shortKey(top)).toHtmlEscaped(), q(handedOver).toHtmlEscaped());
    }
    // Rows that rose far and fell back (batches) rank after every row that grew, however little:
    // where they dwarf the growth, they are the story of the window and are listed too.
    if (!rows.risers.empty()) {
        suspects += tr("<h3>Rose and fell back between A and B</h3><ol>");
        for (const DiffRow* row : rows.risers)
            suspects += item(*row, false);
        suspects += QStringLiteral("</ol>");
    }
    const bool told = !rows.growers.empty() || !rows.risers.empty() || diff.total.riseBytes() > 0;
    m_suspects->setText(told ? suspects : tr("<p>Nothing grew between A and B.</p>"));
    m_lists->setText(listsHtml(*comparison));
}

QString SummaryPage::listsHtml(const Comparison& comparison) const
{
    // heaptrack's three lists, side by side, in the A/B frame and the grouping on screen.
    const SummaryLists lists = summaryLists(comparison);
    const auto unit = m_profile->info().timeUnit;
    const auto column = [](const QString& title, const QString& tooltip,
                            const std::vector<SummaryLists::Entry>& entries, const auto& figure, const QString& none,
                            const QString& note = QString()) {
        QString html
            = QStringLiteral("<td valign='top' width='33%'><b title='%1'>%2</b>").arg(tooltip.toHtmlEscaped(), title);
        if (!note.isEmpty())
            html += QStringLiteral("<br><small>%1</small>").arg(note.toHtmlEscaped());
        html += QStringLiteral("<ol>");
        for (const auto& e : entries) {
            const QString key = q(e.key);
            const QString label = q(e.label);
            QString shortKey = label.size() > 60 ? label.left(57) + QStringLiteral("…") : label;
            html += QStringLiteral("<li><a href='suspect:%1' title='%2'>%3</a> — %4</li>")
                        .arg(QString::fromUtf8(QUrl::toPercentEncoding(key)), key.toHtmlEscaped(), shortKey.toHtmlEscaped(), figure(e));
        }
        if (entries.empty())
            html += QStringLiteral("<li style='list-style:none'>%1</li>").arg(none.toHtmlEscaped());
        return html + QStringLiteral("</ol></td>");
    };
    const QString noEvents = tr("this format records snapshots, not single allocations");
    QString html = QStringLiteral("<table width='100%' cellspacing='6'><tr>");
    // Beside "Peak heap 4.73 MB", a list titled "2.62 MB at 0.144 s" read as a contradiction: the
    // peak came between snapshots, where who held it is not recorded.
    const QString between = lists.peakBetweenCheckpoints
        ? tr("The peak, %1, came between snapshots, where who held it is not recorded: this is the highest snapshot.")
              .arg(q(formatBytes(*lists.peakBetweenCheckpoints)))
        : QString();
    html += column(
        tr("Peak contributors (%1 at %2)").arg(q(formatBytes(lists.peakBytes)), q(formatTime(lists.peakTime, unit))),
        tr("Bytes live at the heap's highest checkpoint between A and B"), lists.peak,
        [](const SummaryLists::Entry& e) { return q(formatBytes(e.value)); }, tr("nothing was live"), between);
    // Two runs: a row's counts are this run's up to B less the base run's up to A (signed), and
    // "none" means that no row made more than in the base run, not that none were made.
    const bool runs = comparison.twoFiles();
    const auto count = [runs](int64_t n) { return q(runs ? formatSignedCount(n) : formatCount(n)); };
    const auto bytes = [runs](int64_t n) { return q(runs ? formatSignedBytes(n) : formatBytes(n)); };
    const QString than = tr("This run's up to B less the base run's up to A");
    html += column(
        runs ? tr("Most allocations beyond the base run") : tr("Most allocations"),
        runs ? than : tr("Allocation calls between A and B"), lists.allocations,
        [&](const SummaryLists::Entry& e) { return tr("%1 (%2)").arg(count(e.value), bytes(e.bytes)); },
        !lists.countsEvents ? noEvents
            : runs          ? tr("no row made more allocations than in the base run")
                            : tr("no allocations between A and B"));
    html += column(
        runs ? tr("Most temporary allocations beyond the base run") : tr("Most temporary allocations"),
        runs ? than : tr("Allocations between A and B freed by the very next event"), lists.temporary,
        [&](const SummaryLists::Entry& e) { return count(e.value); },
        !lists.countsEvents ? noEvents
            : !lists.temporaryByCallsite
            ? tr("this file keeps the number of temporary allocations, not whose they were")
            : runs ? tr("no row made more temporary allocations than in the base run")
                   : tr("no temporary allocations between A and B"));
    return html + QStringLiteral("</tr></table>");
}

QString SummaryPage::growthText() const
{
    return m_growth->text();
}

QString SummaryPage::listsText() const
{
    return m_lists->text();
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
