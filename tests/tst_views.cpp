// The views of one diff: their Qt models pass QAbstractItemModelTester, and every view tells the
// same story as `heapline-cli diff` for the same file, A, B and grouping.

#include "ViewTestSupport.h"
#include "TestSupport.h"
#include "app/CallTreeModel.h"
#include "app/CallTreeView.h"
#include "app/CallerCalleeModel.h"
#include "app/CallerCalleeView.h"
#include "app/DiffController.h"
#include "app/DiffTableModel.h"
#include "app/DiffView.h"
#include "app/FlameGraph.h"
#include "app/FlameView.h"
#include "app/MainWindow.h"
#include "app/MessageBanner.h"
#include "app/ProfilePage.h"
#include "app/TimelineChart.h"
#include "app/RangeBar.h"
#include "app/Preferences.h"
#include "app/Selection.h"
#include "app/Theme.h"
#include "app/SourceOpener.h"
#include "app/FrameActions.h"
#include "app/SizesView.h"
#include "app/SummaryPage.h"
#include "importers/Importer.h"
#include "app/QtText.h"
#include "model/SizeHistogram.h"
#include "model/SummaryLists.h"
#include "model/Units.h"

#include <QAbstractItemModelTester>
#include <functional>
#include <map>
#include <set>
#include <tuple>
#include <QApplication>
#include <QProcess>
#include <QImage>
#include <QXmlStreamReader>
#include <QRadioButton>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextDocumentFragment>
#include <QTest>
#include <QTreeView>
#include <QUndoStack>

using namespace heapline;
using namespace heapline::test;

class TestViews : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setOrganizationName(QStringLiteral("HeaplineTests"));
    }

    void diffTableModelPassesTheTester()
    {
        const QString path = corpusFile(QStringLiteral("recorded/heaptrack.phases.zst"));
        DiffTableModel model;
        DiffFilterModel proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (auto grouping : { Grouping::Function, Grouping::Callsite, Grouping::Type, Grouping::Module }) {
            auto comparison = comparisonOf(path, 0, 200, grouping);
            model.setComparison(comparison);
            QCOMPARE(model.rowCount(), static_cast<int>(comparison->diff().rows.size()));
            QVERIFY(walk(model) > 0);
            proxy.sort(DiffTableModel::DeltaColumn, Qt::DescendingOrder);
            proxy.setText(QStringLiteral("leak"));
            walk(proxy);
            proxy.setClass(GrowthClass::Linear);
            walk(proxy);
            proxy.setText({});
            proxy.setClass(std::nullopt);
            QCOMPARE(proxy.rowCount(), model.rowCount());
        }
        model.setComparison({});
        QCOMPARE(model.rowCount(), 0);
    }

    // A tree is made as it is explored: built, it has its root and the root's children; a node's
    // children are made when first asked for, and what was handed out stays valid. Made in full,
    // every node's Δ is its children's and its own, and its callsites are its children's and its own.
    void treesAreMadeAsTheyAreExplored()
    {
        const auto comparison = comparisonOf(corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")), 0, 400, Grouping::Callsite);
        for (auto direction : { CallTree::Direction::TopDown, CallTree::Direction::BottomUp }) {
            const auto tree = comparison->tree(direction, CallTree::EveryFrameByLine);
            const auto rootChildren = tree->children(0);
            const std::vector<uint32_t> firstLevel(rootChildren.begin(), rootChildren.end());
            QCOMPARE(tree->size(), 1 + firstLevel.size());
            const CallTree::Node& first = tree->node(firstLevel[0]);
            const auto grandchildren = tree->children(firstLevel[0]);
            QCOMPARE(tree->size(), 1 + firstLevel.size() + grandchildren.size());
            size_t callsites = 0;
            tree->forEachCallsiteBelow(0, [&](const auto&, std::span<const uint32_t>) { ++callsites; });
            QCOMPARE(callsites, comparison->byCallsite().rows.size());
            for (uint32_t n = 0; n < tree->size(); ++n) {
                const CallTree::Node& node = tree->node(n);
                int64_t delta = node.selfDeltaBytes, abs = 0;
                size_t below = 0, ending = 0;
                for (uint32_t c : tree->children(n)) {
                    delta += tree->node(c).deltaBytes();
                    abs += tree->node(c).absDeltaBytes;
                    tree->forEachCallsiteBelow(c, [&](const auto&, std::span<const uint32_t>) { ++below; });
                }
                tree->forEachCallsiteBelow(n, [&](const auto& f, std::span<const uint32_t> boxes) {
                    ending += boxes.empty();
                    abs += boxes.empty() ? std::llabs(f.atB.bytes - f.atA.bytes) : 0;
                });
                QCOMPARE(delta, node.deltaBytes());
                QCOMPARE(abs, node.absDeltaBytes);
                size_t all = 0;
                tree->forEachCallsiteBelow(n, [&](const auto&, std::span<const uint32_t>) { ++all; });
                QCOMPARE(below + ending, all);
            }
            QVERIFY(tree->size() > 100);
            // Still what was handed out before the tree grew.
            QVERIFY(std::equal(firstLevel.begin(), firstLevel.end(), rootChildren.begin(), rootChildren.end()));
            QCOMPARE(&tree->node(firstLevel[0]), &first);
            QCOMPARE(tree->children(firstLevel[0]).data(), grandchildren.data());
        }
    }

    // The trees' filter keeps the frames that match, their callers and their callees: the model's
    // rows are exactly the nodes a walk over the whole tree keeps, and it passes the model tester.
    void treeFilterKeepsMatchesCallersAndCallees()
    {
        const auto comparison = comparisonOf(corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")), 0, 400, Grouping::Callsite);
        int filtered = 0;
        for (auto direction : { CallTree::Direction::TopDown, CallTree::Direction::BottomUp }) {
            for (const QString& text : { QStringLiteral("vector"), QStringLiteral("main"), QStringLiteral("no such frame") }) {
                const auto tree = comparison->tree(direction, CallTree::EveryFrameByLine);
                // Expected, from every node: kept when it, an ancestor or a descendant matches.
                std::set<uint32_t> expected;
                const auto matches = [&](uint32_t n) { return n != 0 && QString::fromStdString(tree->label(n)).contains(text, Qt::CaseInsensitive); };
                std::function<bool(uint32_t, bool)> walk = [&](uint32_t n, bool underMatch) {
                    const bool self = matches(n);
                    bool below = false;
                    for (uint32_t c : tree->children(n))
                        below = walk(c, underMatch || self) || below;
                    if (n != 0 && (underMatch || self || below))
                        expected.insert(n);
                    return self || below;
                };
                walk(0, false);
                CallTreeModel model;
                QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
                model.setTree(tree);
                model.setFilter(text);
                std::set<uint32_t> shown;
                std::function<void(const QModelIndex&)> visit = [&](const QModelIndex& parent) {
                    for (int r = 0; r < model.rowCount(parent); ++r) {
                        const QModelIndex index = model.index(r, 0, parent);
                        QCOMPARE(model.parent(index), parent);
                        shown.insert(index.data(CallTreeModel::NodeRole).toUInt());
                        visit(index);
                    }
                };
                visit({});
                QCOMPARE(shown, expected);
                filtered += !shown.empty() && shown.size() < tree->size() - 1;
                model.setFilter({});
                QCOMPARE(model.rowCount(), static_cast<int>(tree->children(0).size()));
            }
        }
        QVERIFY(filtered >= 2); // the texts do keep some rows and drop others

        // Typed into the view: the rows kept open down to the first match, which is on screen.
        OpenWindow open;
        QVERIFY(open.open(corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")), QStringLiteral("start"), QStringLiteral("8s")));
        auto* page = open.window.profilePage();
        page->showTab(ProfilePage::BottomUpTab);
        QTRY_VERIFY(page->bottomUp()->model()->tree());
        // The outermost frames: deepest in the bottom-up tree, never on its first levels.
        QTest::keyClicks(page->bottomUp()->filterEdit(), QStringLiteral("libc_start"));
        QCOMPARE(page->bottomUp()->model()->filter(), QStringLiteral("libc_start"));
        auto* view = page->bottomUp()->view();
        int visibleMatches = 0;
        std::function<void(const QModelIndex&)> visit = [&](const QModelIndex& parent) {
            for (int r = 0; r < view->model()->rowCount(parent); ++r) {
                const QModelIndex index = view->model()->index(r, 0, parent);
                if (!parent.isValid() || view->isExpanded(parent)) {
                    visibleMatches += index.data().toString().contains(QStringLiteral("libc_start"), Qt::CaseInsensitive);
                    if (visibleMatches == 0)
                        visit(index);
                }
            }
        };
        visit({});
        QVERIFY(visibleMatches > 0);
    }

    // Searching the flame graph: the share it reports is that of the top-most matching boxes below
    // the shown root, as a walk over the whole tree counts it, for each weight and zoomed in.
    void flameSearchSharesAsTheWholeTreeCountsThem()
    {
        OpenWindow open;
        QVERIFY(open.open(corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")), QStringLiteral("start"), QStringLiteral("8s")));
        open.window.profilePage()->showTab(ProfilePage::FlameTab);
        auto* graph = open.window.profilePage()->flameView()->graph();
        QTRY_VERIFY(graph->tree());
        const auto& tree = graph->tree();
        const auto expected = [&](const QString& text, uint32_t zoom) {
            int64_t matched = 0;
            std::vector<uint32_t> stack { zoom };
            while (!stack.empty()) {
                const uint32_t n = stack.back();
                stack.pop_back();
                if (n != zoom && QString::fromStdString(tree->label(n)).contains(text, Qt::CaseInsensitive)) {
                    matched += graph->weightOf(n);
                    continue;
                }
                for (uint32_t c : tree->children(n))
                    stack.push_back(c);
            }
            return static_cast<double>(matched) / static_cast<double>(std::max<int64_t>(graph->weightOf(zoom), 1));
        };
        int searched = 0;
        for (auto weight : { FlameGraph::Weight::BytesB, FlameGraph::Weight::Delta, FlameGraph::Weight::Allocations }) {
            graph->setWeight(weight);
            for (const QString& text : { QStringLiteral("main"), QStringLiteral("phases"), QStringLiteral("vector"), QStringLiteral("no such frame") }) {
                graph->zoomTo(0);
                const double share = graph->setSearch(text);
                QVERIFY2(std::abs(share - expected(text, 0)) < 1e-12, qPrintable(text));
                searched += share > 0;
                const auto children = tree->children(0);
                graph->zoomTo(children[0]);
                QVERIFY2(std::abs(graph->setSearch(text) - expected(text, children[0])) < 1e-12, qPrintable(text));
            }
        }
        QVERIFY(searched >= 3); // the texts do match something
        graph->setSearch({});
    }

    // Flame graph and trees, as heaptrack_gui and hotspot draw them: one box per function, the
    // allocator and standard library folded into the user's frame above them; the toggles give
    // back every frame of every stack, one box per line.
    void treesAreDrawnByFunctionAndFolded()
    {
        const QString path = corpusFile(QStringLiteral("recorded/heaptrack.phases.zst"));
        const auto comparison = comparisonOf(path, 0, 400, Grouping::Function);
        const Analysis& analysis = comparison->analysis();
        const Profile& profile = analysis.profile();
        const auto functionOf = [&](const CallTree& tree, uint32_t n) {
            const auto& frame = profile.frames()[tree.node(n).frame];
            return std::make_tuple(frame.function.value, frame.file.value, frame.module.value);
        };
        for (auto direction : { CallTree::Direction::TopDown, CallTree::Direction::BottomUp }) {
            const auto tree = comparison->tree(direction, {});
            QCOMPARE(tree->root().deltaBytes(), comparison->byCallsite().total.deltaBytes());
            bool folded = false;
            for (uint32_t n = 0; n < tree->size(); ++n) {
                // One box per function among siblings.
                std::set<std::tuple<uint32_t, uint32_t, uint32_t>> seen;
                for (uint32_t child : tree->children(n))
                    QVERIFY2(seen.insert(functionOf(*tree, child)).second, tree->label(child).c_str());
                if (direction != CallTree::Direction::TopDown || n == 0)
                    continue;
                // No allocator or library box under a user's frame.
                bool underUser = false;
                for (uint32_t up = tree->node(n).parent; up != 0; up = tree->node(up).parent)
                    underUser = underUser || analysis.role(tree->node(up).frame) == FrameRole::User;
                if (underUser)
                    QVERIFY2(analysis.role(tree->node(n).frame) == FrameRole::User, tree->label(n).c_str());
                folded = folded || underUser;
            }
            QVERIFY(direction != CallTree::Direction::TopDown || folded);
        }
        // main is one box by default, several by line (main:54, main:58 …).
        const auto countMain = [&](const CallTree& tree) {
            int boxes = 0;
            for (uint32_t n = 1; n < tree.size(); ++n)
                boxes += profile.string(profile.frames()[tree.node(n).frame].function) == "main";
            return boxes;
        };
        const auto merged = comparison->tree(CallTree::Direction::TopDown, {});
        const auto raw = comparison->tree(CallTree::Direction::TopDown, CallTree::EveryFrameByLine);
        for (uint32_t n = 0; n < raw->size(); ++n)
            raw->children(n); // every node made (the tree is made as it is explored)
        QCOMPARE(countMain(*merged), 1);
        QVERIFY(countMain(*raw) > 1);
        // Every frame by line is the stack tree itself: one node per distinct stack prefix.
        std::set<std::vector<uint32_t>> prefixes;
        for (const auto& row : comparison->byCallsite().rows) {
            auto stack = profile.stackOf(*comparison->byCallsite().callsite(row));
            std::vector<uint32_t> prefix;
            for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
                prefix.push_back(it->value);
                prefixes.insert(prefix);
            }
        }
        QCOMPARE(raw->size() - 1, prefixes.size());
        // Locations: the file's name and line in the label, the full path in the location.
        for (uint32_t n = 1; n < raw->size(); ++n) {
            const auto& frame = profile.frames()[raw->node(n).frame];
            if (!frame.file.value || !frame.line)
                continue;
            const std::string file(profile.string(frame.file));
            QVERIFY(raw->label(n).find(file.substr(file.rfind('/') + 1) + ":" + std::to_string(frame.line)) != std::string::npos);
            QVERIFY(raw->location(n).starts_with(file));
        }

        // The GUI's toggles.
        OpenWindow open;
        QVERIFY(open.open(path, QStringLiteral("start"), QStringLiteral("8s")));
        open.window.profilePage()->showTab(ProfilePage::FlameTab);
        auto* graph = open.window.profilePage()->flameView()->graph();
        QTRY_VERIFY(graph->tree()); // made when the tab is on screen
        QCOMPARE(graph->tree()->shape(), CallTree::Shape {});
        open.window.selection()->setTreeShape(CallTree::EveryFrameByLine);
        for (int i = 0; i < 200 && !(graph->tree()->shape() == CallTree::EveryFrameByLine); ++i)
            QTest::qWait(20);
        QCOMPARE(graph->tree()->shape(), CallTree::EveryFrameByLine);
        const auto everyNode = [](const CallTree& tree) {
            for (uint32_t n = 0; n < tree.size(); ++n)
                tree.children(n);
            return tree.size();
        };
        QCOMPARE(everyNode(*graph->tree()), everyNode(CallTree::build(open.window.controller()->comparison()->byCallsite(),
                                                                      CallTree::Direction::TopDown, CallTree::EveryFrameByLine)));
    }

    void callTreeModelPassesTheTester()
    {
        const QString path = corpusFile(QStringLiteral("recorded/heaptrack.phases.zst"));
        auto comparison = comparisonOf(path, 0, 200, Grouping::Callsite);
        CallTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (auto direction : { CallTree::Direction::TopDown, CallTree::Direction::BottomUp }) {
            auto tree = std::make_shared<const CallTree>(CallTree::build(comparison->byCallsite(), direction));
            model.setTree(tree);
            // Every node but the (hidden) root is an item.
            QCOMPARE(walk(model), static_cast<int>(tree->size()) - 1);
            // Children add up to their parent, and the top level to the total.
            int64_t topLevel = 0;
            for (int row = 0; row < model.rowCount(); ++row)
                topLevel += model.data(model.index(row, CallTreeModel::DeltaColumn), CallTreeModel::SortRole).toLongLong();
            QCOMPARE(topLevel, comparison->byCallsite().total.deltaBytes());
        }
    }

    // The diff table's top row, the flame graph's root and the range bar's Δ say what the CLI says.
    void everyViewAgreesWithTheCli_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::newRow("phases 0-2.5s") << "recorded/heaptrack.phases.zst" << "0s" << "2.5s";
        QTest::newRow("phases start-peak") << "recorded/heaptrack.phases.zst" << "start" << "peak";
        QTest::newRow("kate 20%-80%") << "external/massif.out.kate" << "20%" << "80%";
    }

    void everyViewAgreesWithTheCli()
    {
        QFETCH(QString, file);
        QFETCH(QString, from);
        QFETCH(QString, to);
        const QString path = corpusFile(file);
        const auto cli = cliDiff({ path, QStringLiteral("--from"), from, QStringLiteral("--to"), to, QStringLiteral("--by"),
                                   QStringLiteral("function"), QStringLiteral("--top"), QStringLiteral("3") });
        const auto rows = cli.value(QStringLiteral("rows")).toArray();
        QVERIFY(!rows.isEmpty());
        const auto top = rows.first().toObject();
        const qint64 totalDelta = cli.value(QStringLiteral("total")).toObject().value(QStringLiteral("delta_bytes")).toInteger();

        OpenWindow open;
        QVERIFY(open.open(path, from, to));
        auto* page = open.window.profilePage();

        // Diff table, in the model's own ranking.
        auto* table = page->diffView()->table();
        const QModelIndex first = table->model()->index(0, DiffTableModel::KeyColumn);
        QCOMPARE(first.data(DiffTableModel::KeyRole).toString(), top.value(QStringLiteral("key")).toString());
        QCOMPARE(table->model()->index(0, DiffTableModel::DeltaColumn).data(DiffTableModel::SortRole).toLongLong(),
                 top.value(QStringLiteral("delta_bytes")).toInteger());
        QCOMPARE(table->model()->index(0, DiffTableModel::ClassColumn).data(Qt::DisplayRole).toString(),
                 top.value(QStringLiteral("class")).toString());

        // Flame graph root: the whole heap's Δ.
        page->showTab(ProfilePage::FlameTab);
        auto* graph = page->flameView()->graph();
        QTRY_VERIFY(graph->tree());
        QCOMPARE(graph->tree()->root().deltaBytes(), totalDelta);

        // The range bar's Δ heap is the same total, as formatted.
        QVERIFY2(page->rangeBar()->deltaText().contains(QString::fromStdString(formatSignedBytes(totalDelta))),
                 qPrintable(page->rangeBar()->deltaText()));
    }

    void pickingARowHighlightsItEverywhere()
    {
        OpenWindow open;
        QVERIFY(open.open(corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")), QStringLiteral("0s"), QStringLiteral("2.5s")));
        auto* page = open.window.profilePage();
        auto* table = page->diffView()->table();
        table->selectRow(0);
        const QString key = table->model()->index(0, DiffTableModel::KeyColumn).data(DiffTableModel::KeyRole).toString();
        QCOMPARE(open.window.selection()->selectedKey(), key);
        QVERIFY(page->diffView()->selectedRowsText().contains(key));
    }

    void aMistakenClickIsUndone()
    {
        OpenWindow open;
        QVERIFY(open.open(corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")), QString(), QString()));
        auto* selection = open.window.selection();
        const size_t a = selection->a(), b = selection->b();
        QVERIFY(b > 10);
        selection->setA(b / 2);
        QCOMPARE(selection->a(), b / 2);
        QVERIFY(open.settle());
        selection->undoStack()->undo();
        QCOMPARE(selection->a(), a);
        QCOMPARE(selection->b(), b);
        selection->undoStack()->redo();
        QCOMPARE(selection->a(), b / 2);
        // A typed spec moves A too, and reads back as what it snapped to.
        auto* field = open.window.profilePage()->rangeBar()->fieldA();
        field->setText(QStringLiteral("start"));
        QTest::keyClick(field, Qt::Key_Return);
        QCOMPARE(selection->a(), size_t(0));
    }

    void groupingChangesEveryTable()
    {
        OpenWindow open;
        QVERIFY(open.open(corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")), QStringLiteral("start"), QStringLiteral("peak")));
        auto* selection = open.window.selection();
        selection->setGrouping(Grouping::Type);
        QVERIFY(open.settle());
        const auto cli = cliDiff({ corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")), QStringLiteral("--from"),
                                   QStringLiteral("start"), QStringLiteral("--to"), QStringLiteral("peak"), QStringLiteral("--by"),
                                   QStringLiteral("type"), QStringLiteral("--top"), QStringLiteral("1") });
        auto* table = open.window.profilePage()->diffView()->table();
        QCOMPARE(table->model()->index(0, DiffTableModel::KeyColumn).data(DiffTableModel::KeyRole).toString(),
                 cli.value(QStringLiteral("rows")).toArray().first().toObject().value(QStringLiteral("key")).toString());
    }

    // File › Compare With…: A is the end of the base run, and the table is the CLI's --base diff.
    void comparingWithABaseFile()
    {
        const QString before = corpusFile(QStringLiteral("recorded/heaptrack.phases.zst"));
        const QString after = MainWindow::samplePath();
        OpenWindow open;
        QVERIFY(open.open(after, QString(), QString()));
        QVERIFY(open.compareWith(before));
        const auto comparison = open.window.controller()->comparison();
        QVERIFY(comparison->twoFiles());
        const auto cli = cliDiff({ after, QStringLiteral("--base"), before, QStringLiteral("--by"), QStringLiteral("function"),
                                   QStringLiteral("--top"), QStringLiteral("1") });
        auto* table = open.window.profilePage()->diffView()->table();
        const auto top = cli.value(QStringLiteral("rows")).toArray().first().toObject();
        QCOMPARE(table->model()->index(0, DiffTableModel::KeyColumn).data(DiffTableModel::KeyRole).toString(),
                 top.value(QStringLiteral("key")).toString());
        QCOMPARE(comparison->diff().total.deltaBytes(),
                 cli.value(QStringLiteral("total")).toObject().value(QStringLiteral("delta_bytes")).toInteger());
        QVERIFY(open.window.profilePage()->rangeBar()->deltaText().contains(QLatin1String("end of heaptrack.phases.zst")));
        open.window.clearComparison();
        QVERIFY(open.settle());
        QVERIFY(!open.window.controller()->comparison()->twoFiles());
    }

    // Compare With…: the details pane shows, for each top row, the stack the CLI's --base diff
    // gives the same key by callsite; grouped by function, the stack the report gives the row.
    void comparedRowsShowTheCliStack()
    {
        const QString before = corpusFile(QStringLiteral("recorded/heaptrack.phases-killed.zst"));
        const QString after = corpusFile(QStringLiteral("recorded/heaptrack.phases.zst"));
        OpenWindow open;
        QVERIFY(open.open(after, QString(), QString()));
        open.window.selection()->setGrouping(Grouping::Callsite);
        QVERIFY(open.compareWith(before));
        auto* view = open.window.profilePage()->diffView();
        const auto cli = cliDiff({ after, QStringLiteral("--base"), before, QStringLiteral("--by"), QStringLiteral("callsite"),
                                   QStringLiteral("--top"), QStringLiteral("8") });
        const auto rows = cli.value(QStringLiteral("rows")).toArray();
        QCOMPARE(rows.size(), 8);
        for (const auto& r : rows) {
            const auto row = r.toObject();
            open.window.selection()->setSelectedRow(row.value(QStringLiteral("key")).toString(), std::nullopt);
            QCOMPARE(stackOf(view->shownStack()), stackOf(row.value(QStringLiteral("stack")).toArray()));
        }

        // By function, rows are renumbered into the merged keys: the stack is still the group's own.
        open.window.selection()->setGrouping(Grouping::Function);
        QVERIFY(open.settle());
        QTemporaryDir dir;
        const QString json = dir.filePath(QStringLiteral("report.json"));
        const auto run = runCli({ QStringLiteral("report"), after, QStringLiteral("--base"), before, QStringLiteral("--by"),
                                  QStringLiteral("function"), QStringLiteral("-o"), json });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const auto suspects = QJsonDocument::fromJson(readFile(json)).object().value(QStringLiteral("suspects")).toArray();
        QVERIFY(suspects.size() >= 3);
        int withStack = 0;
        for (const auto& s : suspects) {
            const auto suspect = s.toObject();
            open.window.selection()->setSelectedRow(suspect.value(QStringLiteral("key")).toString(), std::nullopt);
            QCOMPARE(stackOf(view->shownStack()), stackOf(suspect.value(QStringLiteral("stack")).toArray()));
            // And it is the row's: the function the row is named after is on it.
            const std::string key = suspect.value(QStringLiteral("key")).toString().toStdString();
            const auto& shown = view->shownStack();
            if (!shown.empty())
                QVERIFY2(std::any_of(shown.begin(), shown.end(), [&](const StackFrame& f) {
                    return f.function == key || key.starts_with(f.function + " in "); // "?? in libstdc++.so.6"
                }), key.c_str());
            withStack += !shown.empty();
        }
        QVERIFY(withStack >= 3);
    }

    // The report exported from the window is the CLI's for the same A, B, grouping and filter,
    // byte for byte: one file, and compared with a base.
    void exportedReportIsTheClis()
    {
        const QString before = corpusFile(QStringLiteral("recorded/heaptrack.phases-killed.zst"));
        const QString after = corpusFile(QStringLiteral("recorded/heaptrack.phases.zst"));
        QTemporaryDir dir;
        OpenWindow open;
        QVERIFY(open.open(after, QStringLiteral("1s"), QStringLiteral("6s")));
        // Upper case: the filter ignores case in the table, the report and the CLI alike.
        open.window.selection()->setFilter(QStringLiteral("EVENTS"));
        QSignalSpy written(&open.window, &MainWindow::reportWritten);
        for (const bool withBase : { false, true }) {
            if (withBase)
                QVERIFY(open.compareWith(before));
            const auto comparison = open.window.controller()->comparison();
            const QString gui = dir.filePath(QStringLiteral("gui-%1.json").arg(withBase));
            QVERIFY(open.window.exportReport(gui));
            QVERIFY(written.wait(30000));
            const QString cli = dir.filePath(QStringLiteral("cli-%1.json").arg(withBase));
            QStringList args { QStringLiteral("report"), after, QStringLiteral("--from"), q(comparison->from().requested),
                               QStringLiteral("--to"), q(comparison->to().requested), QStringLiteral("--by"), QStringLiteral("function"),
                               QStringLiteral("--filter"), QStringLiteral("EVENTS"), QStringLiteral("-o"), cli };
            if (withBase)
                args << QStringLiteral("--base") << before;
            const auto run = runCli(args);
            QVERIFY2(run.exitCode == 0, run.err.constData());
            const QByteArray fromGui = readFile(gui), fromCli = readFile(cli);
            QVERIFY(fromGui.contains("leakEvents"));
            QCOMPARE(fromGui, fromCli);
        }
    }

    // The first screen of programs that free everything as they exit: B is the working state, and
    // the Summary tells the working phase's story, as the CLI does with no --from/--to.
    void firstScreenOfATeardown_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("C++") << QStringLiteral("teardown/heaptrack.ingest.zst");
        QTest::newRow("Python") << QStringLiteral("teardown/heaptrack.teardown_py.zst");
    }

    void firstScreenOfATeardown()
    {
        QFETCH(QString, file);
        OpenWindow open;
        QVERIFY(open.open(testData(file), QString(), QString()));
        const auto cli = cliDiff({ testData(file), QStringLiteral("--top"), QStringLiteral("1") });
        const auto to = cli.value(QStringLiteral("to")).toObject();
        QCOMPARE(static_cast<qint64>(open.window.selection()->b()), to.value(QStringLiteral("checkpoint")).toInteger());
        QVERIFY(open.window.selection()->b() < open.window.profile()->checkpointCount() - 1);
        auto* summary = open.window.profilePage()->summary();
        const QString growth = QTextDocumentFragment::fromHtml(summary->growthText()).toPlainText();
        QVERIFY2(growth.contains(QLatin1String("B: before teardown at ")), qPrintable(growth));
        QVERIFY2(growth.contains(cli.value(QStringLiteral("total")).toObject().value(QStringLiteral("class")).toString()), qPrintable(growth));
        QVERIFY2(!growth.contains(QLatin1String("native")), qPrintable(growth));
        const QString top = cli.value(QStringLiteral("rows")).toArray().first().toObject().value(QStringLiteral("key")).toString();
        QVERIFY(summary->suspectsText().contains(top.toHtmlEscaped()));
        QVERIFY(open.window.profilePage()->rangeBar()->deltaText().contains(QLatin1String("before teardown")));
    }

    // File › Export Leak Report writes what the window shows: its A, B, grouping and filter.
    void exportsTheReportOfTheCurrentView()
    {
        QTemporaryDir dir;
        OpenWindow open;
        QVERIFY(open.open(corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")), QStringLiteral("start"), QStringLiteral("8s")));
        open.window.selection()->setFilter(QStringLiteral("leak"));
        QSignalSpy written(&open.window, &MainWindow::reportWritten);
        const QString json = dir.filePath(QStringLiteral("view.json"));
        QVERIFY(open.window.exportReport(json));
        QVERIFY(written.wait(30000));
        QCOMPARE(written.first().first().toString(), json);
        const auto doc = QJsonDocument::fromJson(readFile(json)).object();
        QCOMPARE(doc.value(QStringLiteral("grouping")).toString(), QStringLiteral("function"));
        QCOMPARE(doc.value(QStringLiteral("filter")).toObject().value(QStringLiteral("text")).toString(), QStringLiteral("leak"));
        QCOMPARE(doc.value(QStringLiteral("to")).toObject().value(QStringLiteral("checkpoint")).toInteger(),
                 qint64(open.window.selection()->b()));
        const auto suspects = doc.value(QStringLiteral("suspects")).toArray();
        QCOMPARE(suspects.size(), 1);
        QCOMPARE(suspects.first().toObject().value(QStringLiteral("key")).toString(), QStringLiteral("leakEvents(int, long)"));
        // The HTML too; and a failure shows in the banner.
        QVERIFY(open.window.exportReport(dir.filePath(QStringLiteral("view.html"))));
        QVERIFY(written.wait(30000));
        QVERIFY(readFile(dir.filePath(QStringLiteral("view.html"))).contains("leakEvents(int, long)"));
        QVERIFY(open.window.exportReport(dir.filePath(QStringLiteral("missing/folder/view.md"))));
        QVERIFY(written.wait(30000));
        QVERIFY(written.last().first().toString().isEmpty());
        QVERIFY(open.window.banner()->isVisible());
    }

    // File › Save as Heapline Profile, then open what was saved: the same diff.
    void savesAndReopensAsHeaplineProfile()
    {
        QTemporaryDir dir;
        const QString saved = dir.filePath(QStringLiteral("phases.heapline.zst"));
        QString topKey;
        qint64 topDelta = 0;
        {
            OpenWindow open;
            QVERIFY(open.open(corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")), QStringLiteral("start"), QStringLiteral("8s")));
            auto* table = open.window.profilePage()->diffView()->table();
            topKey = table->model()->index(0, DiffTableModel::KeyColumn).data(DiffTableModel::KeyRole).toString();
            topDelta = table->model()->index(0, DiffTableModel::DeltaColumn).data(DiffTableModel::SortRole).toLongLong();
            QSignalSpy written(&open.window, &MainWindow::reportWritten);
            QVERIFY(open.window.saveProfile(saved));
            QVERIFY(written.wait(30000));
            QCOMPARE(written.first().first().toString(), saved);
        }
        OpenWindow reopened;
        QVERIFY(reopened.open(saved, QStringLiteral("start"), QStringLiteral("8s")));
        QCOMPARE(reopened.window.profile()->info().format, std::string("heapline"));
        auto* table = reopened.window.profilePage()->diffView()->table();
        QCOMPARE(table->model()->index(0, DiffTableModel::KeyColumn).data(DiffTableModel::KeyRole).toString(), topKey);
        QCOMPARE(table->model()->index(0, DiffTableModel::DeltaColumn).data(DiffTableModel::SortRole).toLongLong(), topDelta);
    }

    // The bundled Python recording, between its marks: the leaking function on top, and the
    // fields say which marks A and B stand on.
    void pythonSampleShowsItsLeak()
    {
        const QString sample = MainWindow::samplePath(QStringLiteral("python.leak_events.heapline"));
        QVERIFY(!sample.isEmpty());
        OpenWindow open;
        QVERIFY(open.open(sample, QStringLiteral("mark:warm"), QStringLiteral("mark:done")));
        auto* page = open.window.profilePage();
        QCOMPARE(page->rangeBar()->fieldA()->text(), QStringLiteral("mark:warm"));
        QCOMPARE(page->rangeBar()->fieldB()->text(), QStringLiteral("mark:done"));
        auto* table = page->diffView()->table();
        QCOMPARE(table->model()->index(0, DiffTableModel::KeyColumn).data(DiffTableModel::KeyRole).toString(), QStringLiteral("handle"));
        QCOMPARE(table->model()->index(0, DiffTableModel::ClassColumn).data(Qt::DisplayRole).toString(), QStringLiteral("linear"));
        QVERIFY(table->isColumnHidden(DiffTableModel::AllocationsColumn)); // tracemalloc counts no single allocations
    }
};

QTEST_MAIN(TestViews)
#include "tst_views.moc"
