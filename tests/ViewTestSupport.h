#pragma once

// What the view tests share: the CLI's diff as JSON, a comparison made in-process, a walk over a
// model's items (so that QAbstractItemModelTester checks each), and a main window driven to a
// file and a range.

#include "TestSupport.h"
#include "app/DiffController.h"
#include "app/MainWindow.h"
#include "app/QtText.h"
#include "app/Selection.h"
#include "importers/Importer.h"
#include "model/Comparison.h"

#include <QAbstractItemModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStringList>
#include <QTest>

namespace heapline::test {


inline QJsonObject cliDiff(const QStringList& args)
{
    const auto run = runCli(QStringList{ QStringLiteral("diff"), QStringLiteral("--json") } + args);
    if (run.exitCode != 0)
        qWarning("heapline-cli diff failed: %s", run.err.constData());
    return QJsonDocument::fromJson(run.out).object();
}

inline ComparisonPtr comparisonOf(const QString& path, size_t a, size_t b, Grouping grouping)
{
    auto profile = importProfile(path.toStdString(), {}).profile;
    auto analysis = std::make_shared<const Analysis>(profile);
    return Comparison::compute({ analysis, nullptr, timeSpecAt(*profile, a), timeSpecAt(*profile, b), grouping, RowFilter(), {} });
}

// A stack as the CLI's JSON writes it: "function|file|line|module" per frame, allocation first.
inline QStringList stackOf(const QJsonArray& frames)
{
    QStringList out;
    for (const auto& f : frames) {
        const auto frame = f.toObject();
        out << QStringLiteral("%1|%2|%3|%4")
                   .arg(frame.value(QStringLiteral("function")).toString(), frame.value(QStringLiteral("file")).toString())
                   .arg(frame.value(QStringLiteral("line")).toInt())
                   .arg(frame.value(QStringLiteral("module")).toString());
    }
    return out;
}

inline QStringList stackOf(const std::vector<StackFrame>& frames)
{
    QStringList out;
    for (const auto& frame : frames)
        out << QStringLiteral("%1|%2|%3|%4").arg(q(frame.function), q(frame.file)).arg(frame.line).arg(q(frame.module));
    return out;
}

// Visits every index of a tree model, so that the tester checks each one.
inline int walk(const QAbstractItemModel& model, const QModelIndex& parent = {})
{
    int count = 0;
    for (int row = 0; row < model.rowCount(parent); ++row) {
        for (int column = 0; column < model.columnCount(parent); ++column)
            (void)model.data(model.index(row, column, parent), Qt::DisplayRole);
        count += 1 + walk(model, model.index(row, 0, parent));
    }
    return count;
}

struct OpenWindow {
    MainWindow window;
    bool open(const QString& path, const QString& from, const QString& to)
    {
        window.resize(1200, 800);
        window.show();
        window.selection()->setGrouping(Grouping::Function); // the last session's grouping is remembered
        QSignalSpy shown(&window, &MainWindow::profileShown);
        window.setInitialRange(from, to);
        window.openFile(path);
        if (!shown.wait(30000))
            return false;
        return settle();
    }
    // File › Compare With…, then waits until the comparison with that base is on screen.
    bool compareWith(const QString& base)
    {
        window.compareWith(base);
        for (int i = 0; i < 600; ++i) {
            const auto& c = window.controller()->comparison();
            if (c && c->twoFiles() && settle())
                return true;
            QTest::qWait(50);
        }
        return false;
    }
    // Waits until the controller's comparison matches the selection.
    bool settle()
    {
        auto* controller = window.controller();
        auto* selection = window.selection();
        for (int i = 0; i < 600; ++i) {
            const auto& c = controller->comparison();
            const size_t a = c && c->twoFiles() ? selection->a() : c ? c->from().checkpoint : 0;
            if (!controller->busy() && c && a == selection->a() && c->to().checkpoint == selection->b()
                && c->grouping() == selection->grouping())
                return true;
            QTest::qWait(50);
        }
        return false;
    }
};


} // namespace heapline::test
