#pragma once

#include "DiffController.h"
#include "model/SizeHistogram.h"

#include <QAbstractTableModel>
#include <QFutureWatcher>
#include <QWidget>

class QChartView;
class QLabel;
class QRadioButton;
class QSplitter;
class QTableView;

namespace heapline {

class Selection;

// A size histogram as a table: one row per size class that has allocations.
class SizeHistogramModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { SizeColumn, AllocationsColumn, ShareColumn, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1 };
    using QAbstractTableModel::QAbstractTableModel;

    void setHistogram(const SizeHistogram& histogram);
    const SizeHistogram& histogram() const { return m_histogram; }
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    SizeHistogram m_histogram;
    std::vector<size_t> m_classes; // the classes shown, smallest first
};

// heaptrack's Sizes view between A and B: allocations by size, for every allocation or for the
// row picked in any view; says so where the format records no sizes.
class SizesView : public QWidget {
    Q_OBJECT

public:
    SizesView(Selection* selection, QWidget* parent = nullptr);

    void setComparison(ComparisonPtr comparison);
    SizeHistogramModel* model() const { return m_model; }
    QChartView* chartView() const { return m_chart; }
    QTableView* table() const { return m_table; }
    QRadioButton* pickedRowButton() const { return m_pickedRow; }
    QString statusText() const;

signals:
    void updated();

private:
    void recompute();
    void show(const SizeHistogram& histogram, const QString& what);

    Selection* m_selection;
    ComparisonPtr m_comparison;
    QRadioButton* m_everything;
    QRadioButton* m_pickedRow;
    QLabel* m_status;
    QWidget* m_choice; // which allocations: every one, or the picked row's
    QChartView* m_chart;
    QTableView* m_table;
    QSplitter* m_split;
    SizeHistogramModel* m_model;
    QFutureWatcher<std::pair<SizeHistogram, QString>> m_watcher;
    bool m_pending = false;
};

} // namespace heapline
