#pragma once

#include "model/Growth.h"

#include <QColor>
#include <QStyledItemDelegate>

namespace heapline {

// One colour per growth class, readable on light and dark palettes.
QColor classColor(GrowthClass cls);

// The class as a coloured pill; leak-like classes marked with "!".
class ClassBadgeDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

// A row's bytes over the checkpoints from A to B, with the highs inside intervals shaded.
class SparklineDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

} // namespace heapline
