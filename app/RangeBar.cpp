#include "RangeBar.h"

#include "QtText.h"
#include "Selection.h"
#include "model/TimeSpec.h"
#include "model/Units.h"
#include "model/Wording.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QToolTip>

namespace heapline {

RangeBar::RangeBar(Selection* selection, QWidget* parent)
    : QWidget(parent)
    , m_selection(selection)
    , m_a(new QLineEdit(this))
    , m_b(new QLineEdit(this))
    , m_presets(new QComboBox(this))
    , m_delta(new QLabel(this))
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    const QString help = tr("A time: 12.5s, 800ms, 12.5 (the profile's unit), start, end, auto (before a teardown, else the end), peak, 40%, #7 (checkpoint), mark:NAME. "
                            "It snaps to the nearest checkpoint. Enter applies.");
    for (auto* field : { m_a, m_b }) {
        field->installEventFilter(this);
        field->setToolTip(help);
        field->setMaximumWidth(140);
        // A long line beside them (B's teardown reason) wraps rather than squeezes them.
        field->setMinimumWidth(field->fontMetrics().horizontalAdvance(QStringLiteral("mark:phase-22")));
    }
    m_presets->addItem(tr("Presets"));
    m_presets->addItem(tr("Start → end"));
    m_presets->addItem(tr("Start → peak"));
    m_presets->addItem(tr("Peak → end"));
    m_presets->setToolTip(tr("Common choices of A and B"));
    auto* labelA = new QLabel(tr("&A"), this);
    labelA->setBuddy(m_a);
    auto* labelB = new QLabel(tr("&B"), this);
    labelB->setBuddy(m_b);
    layout->addWidget(labelA);
    layout->addWidget(m_a);
    layout->addWidget(labelB);
    layout->addWidget(m_b);
    layout->addWidget(m_presets);
    layout->addWidget(m_delta, 1);
    m_delta->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_delta->setWordWrap(true);

    connect(m_a, &QLineEdit::returnPressed, this, [this] { apply(m_a, true); });
    connect(m_b, &QLineEdit::returnPressed, this, [this] { apply(m_b, false); });
    connect(m_presets, &QComboBox::activated, this, [this](int index) {
        applyPreset(index);
        m_presets->setCurrentIndex(0);
    });
    connect(m_selection, &Selection::rangeChanged, this, &RangeBar::refresh);
}

bool RangeBar::eventFilter(QObject* watched, QEvent* event)
{
    // Ctrl+Z in a field that holds what was applied undoes the range, as everywhere else: the
    // field's own undo had reverted its text only ("2.5s" back to "end", with B still at 2.35 s).
    // While the text is being edited, the field undoes its edits.
    auto* field = qobject_cast<QLineEdit*>(watched);
    if (field && event->type() == QEvent::ShortcutOverride && !field->isModified()) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->matches(QKeySequence::Undo) || key->matches(QKeySequence::Redo)) {
            event->ignore(); // left to the shortcut: Edit › Undo
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void RangeBar::setProfile(ProfilePtr profile)
{
    m_profile = std::move(profile);
    refresh();
}

void RangeBar::setBase(ProfilePtr base, const QString& name)
{
    m_base = std::move(base);
    m_baseName = name;
    m_a->setEnabled(!m_base);
    m_a->setToolTip(
        m_base ? tr("A is the base run, %1, before its teardown (its end if it has none)").arg(name) : m_b->toolTip());
    refresh();
}

void RangeBar::applyPreset(int index)
{
    if (!m_profile || index <= 0)
        return;
    // The same names the fields and the CLI take.
    static const char* const presets[][2] = { { "start", "end" }, { "start", "peak" }, { "peak", "end" } };
    if (index > static_cast<int>(std::size(presets)))
        return;
    TimeSpec from, to;
    std::string error;
    if (resolveTimeSpec(*m_profile, presets[index - 1][0], from, error) && resolveTimeSpec(*m_profile, presets[index - 1][1], to, error))
        m_selection->setRange(from.checkpoint, to.checkpoint);
}

void RangeBar::apply(QLineEdit* field, bool isA)
{
    if (!m_profile)
        return;
    TimeSpec spec;
    std::string error;
    if (!resolveTimeSpec(*m_profile, field->text().trimmed().toStdString(), spec, error)) {
        field->setStyleSheet(QStringLiteral("QLineEdit { border: 1px solid #d32f2f; }"));
        QToolTip::showText(field->mapToGlobal(QPoint(0, field->height())), q(error), field);
        return;
    }
    field->setStyleSheet(QString());
    if (isA)
        m_selection->setA(spec.checkpoint);
    else
        m_selection->setB(spec.checkpoint);
    refresh();
    // Applied (the field keeps the text as typed): an undo now undoes the range (eventFilter).
    field->setModified(false);
}

QString RangeBar::deltaText() const
{
    return m_delta->text();
}

void RangeBar::refresh()
{
    if (!m_profile) {
        m_a->clear();
        m_b->clear();
        m_delta->clear();
        return;
    }
    const auto& store = m_profile->checkpoints();
    const auto unit = m_profile->info().timeUnit;
    const size_t a = std::min(m_selection->a(), store.size() - 1), b = std::min(m_selection->b(), store.size() - 1);
    const auto asText = [&](size_t k) { return q(checkpointName(*m_profile, k)); };
    // A in the base: its working state before its teardown, as B's default here; else its end.
    const auto baseTeardown = m_base ? findTeardown(*m_base) : std::nullopt;
    const QString baseA = baseTeardown ? tr("before teardown of %1").arg(m_baseName) : tr("end of %1").arg(m_baseName);
    if (m_base) {
        m_a->setText(baseA);
        m_a->setCursorPosition(0); // its beginning, where it says which state of the base run
    } else if (!m_a->hasFocus() || !m_a->isModified())
        m_a->setText(asText(a));
    // (Not a field being typed in; one that holds what was applied follows an undo.)
    if (!m_b->hasFocus() || !m_b->isModified())
        m_b->setText(asText(b));
    const int64_t heapB = store.totalAt(b).bytes;
    if (m_base) {
        const auto& baseStore = m_base->checkpoints();
        const int64_t heapA = baseStore.totalAt(baseTeardown ? baseTeardown->checkpoint : baseStore.size() - 1).bytes;
        m_delta->setText(
            tr("A %1 · B %2 · Δ heap <b>%3</b>")
                .arg(baseA.toHtmlEscaped(), q(formatTime(store.time(b), unit)), q(formatSignedBytes(heapB - heapA))));
        return;
    }
    const int64_t heapA = store.totalAt(a).bytes;
    QString text = tr("A %1 · B %2 · Δ heap <b>%3</b>")
                       .arg(q(formatTime(store.time(a), unit)), q(formatTime(store.time(b), unit)), q(formatSignedBytes(heapB - heapA)));
    const auto& rss = m_profile->timeline().rss;
    if (!rss.empty())
        text += tr(" · Δ RSS %1").arg(q(formatSignedBytes(rss.levelAt(store.time(b)) - rss.levelAt(store.time(a)))));
    if (const auto teardown = findTeardown(*m_profile); teardown && teardown->checkpoint == b)
        text += tr(" · B %1").arg(q(teardownReason(*teardown, unit)).toHtmlEscaped());
    m_delta->setText(text);
}

} // namespace heapline
