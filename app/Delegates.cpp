#include "Delegates.h"

#include "DiffTableModel.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace heapline {

QColor classColor(GrowthClass cls)
{
    switch (cls) {
    case GrowthClass::Linear:
        return QColor(0xd3, 0x2f, 0x2f);
    case GrowthClass::Stepwise:
        return QColor(0xe6, 0x6a, 0x00);
    case GrowthClass::Spiky:
        return QColor(0x8e, 0x44, 0xad);
    case GrowthClass::Plateau:
        return QColor(0x1e, 0x6f, 0xc8);
    case GrowthClass::Shrinking:
        return QColor(0x2e, 0x8b, 0x3e);
    case GrowthClass::Native:
        return QColor(0x8d, 0x6e, 0x63);
    case GrowthClass::Flat:
        break;
    }
    return QColor(0x80, 0x80, 0x80);
}

void ClassBadgeDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    QApplication::style()->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
    const auto cls = static_cast<GrowthClass>(index.data(DiffTableModel::ClassRole).toInt());
    const bool leakLike = index.data(DiffTableModel::LeakLikeRole).toBool();
    // The CLI's marks: "!" leak-like, "?" a shape it cannot vouch for (its tooltip says why).
    const QString mark = leakLike                            ? QStringLiteral(" !")
        : index.data(DiffTableModel::UncertainRole).toBool() ? QStringLiteral(" ?")
                                                             : QString();
    const QString text = QString::fromLatin1(growthClassName(cls)) + mark;
    const QColor color = classColor(cls);
    const QFontMetrics metrics(opt.font);
    const int width = metrics.horizontalAdvance(text) + 14;
    const int height = metrics.height() + 2;
    const QRect pill(opt.rect.left() + 4, opt.rect.center().y() - height / 2, std::min(width, opt.rect.width() - 8), height);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QColor fill = color;
    fill.setAlpha(opt.state & QStyle::State_Selected ? 200 : 45);
    painter->setPen(QPen(color, 1));
    painter->setBrush(fill);
    painter->drawRoundedRect(pill, height / 2.0, height / 2.0);
    const bool dark = opt.palette.color(QPalette::Base).lightness() < 128;
    painter->setPen(opt.state & QStyle::State_Selected ? opt.palette.color(QPalette::HighlightedText)
                                                       : (dark ? color.lighter(160) : color.darker(130)));
    painter->drawText(pill, Qt::AlignCenter, text);
    painter->restore();
}

QSize ClassBadgeDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setWidth(QFontMetrics(option.font).horizontalAdvance(QStringLiteral("stepwise !")) + 24);
    return size;
}

void SparklineDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    QApplication::style()->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
    const QVariantList values = index.data(DiffTableModel::SeriesRole).toList();
    const QVariantList highs = index.data(DiffTableModel::HighsRole).toList();
    const QVariantList times = index.data(DiffTableModel::SampleTimesRole).toList();
    if (values.size() < 2)
        return;
    // Along time, not sample by sample: samples need not be even (massif's snapshots, the
    // recorder's first ones), and a trend drawn by index bends where they crowd.
    const bool timed = times.size() == values.size() && times.back().toDouble() > times.front().toDouble();
    const double t0 = timed ? times.front().toDouble() : 0, duration = timed ? times.back().toDouble() - t0 : 1;
    qint64 low = values[0].toLongLong(), high = low;
    for (int i = 0; i < values.size(); ++i) {
        low = std::min(low, values[i].toLongLong());
        high = std::max({ high, values[i].toLongLong(), i < highs.size() ? highs[i].toLongLong() : 0 });
    }
    const QRectF area = QRectF(opt.rect).adjusted(4, 4, -4, -4);
    const double span = high > low ? static_cast<double>(high - low) : 1.0;
    const auto point = [&](int i, qint64 v) {
        const double along
            = timed ? (times[i].toDouble() - t0) / duration : static_cast<double>(i) / (values.size() - 1);
        return QPointF(
            area.left() + area.width() * along, area.bottom() - area.height() * static_cast<double>(v - low) / span);
    };
    const auto cls = static_cast<GrowthClass>(index.data(DiffTableModel::ClassRole).toInt());
    const QColor color = opt.state & QStyle::State_Selected ? opt.palette.color(QPalette::HighlightedText) : classColor(cls);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    // The highs inside intervals, as a faint band over the line.
    QPainterPath band;
    band.moveTo(point(0, values[0].toLongLong()));
    for (int i = 1; i < values.size(); ++i)
        band.lineTo(point(i, i < highs.size() ? std::max(highs[i].toLongLong(), values[i].toLongLong()) : values[i].toLongLong()));
    for (int i = values.size() - 1; i >= 0; --i)
        band.lineTo(point(i, values[i].toLongLong()));
    // Strong enough to see a batch that rose and fell between two samples over a flat line.
    QColor faint = color;
    faint.setAlpha(90);
    painter->fillPath(band, faint);
    QPolygonF line;
    for (int i = 0; i < values.size(); ++i)
        line << point(i, values[i].toLongLong());
    painter->setPen(QPen(color, 1.5));
    painter->drawPolyline(line);
    painter->restore();
}

QSize SparklineDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setWidth(110);
    return size;
}

} // namespace heapline
