// The call trees (top-down, bottom-up) and their views: made as they are explored, folded as
// heaptrack_gui and hotspot draw them, filtered and searched without making every node.

#include "TestSupport.h"
#include "ViewTestSupport.h"
#include "app/CallTreeModel.h"
#include "app/CallTreeView.h"
#include "app/DiffController.h"
#include "app/FlameGraph.h"
#include "app/FlameView.h"
#include "app/MainWindow.h"
#include "app/ProfilePage.h"
#include "app/Selection.h"
#include "model/CallerCallee.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QLineEdit>
#include <QStandardPaths>
#include <QTest>
#include <QTreeView>
#include <functional>
#include <map>
#include <set>
#include <tuple>

using namespace heapline;
using namespace heapline::test;

class TestTrees : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setOrganizationName(QStringLiteral("HeaplineTests"));
    }

    // A tree is made as it is explored: built, it has its root and the root's children; a node's
    // children are made when first asked for, and what was handed out stays valid. Made in full,
    // every node's Δ is its children's and its own, and its callsites are its children's and its own.
    void treesAreMadeAsTheyAreExplored()
    {
        const auto comparison
            = comparisonOf(corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")), 0, 400, Grouping::Callsite);
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
        const auto comparison
            = comparisonOf(corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")), 0, 400, Grouping::Callsite);
        int filtered = 0;
        for (auto direction : { CallTree::Direction::TopDown, CallTree::Direction::BottomUp }) {
            for (const QString& text :
                { QStringLiteral("vector"), QStringLiteral("main"), QStringLiteral("no such frame") }) {
                const auto tree = comparison->tree(direction, CallTree::EveryFrameByLine);
                // Expected, from every node: kept when it, an ancestor or a descendant matches.
                std::set<uint32_t> expected;
                const auto matches = [&](uint32_t n) {
                    return n != 0 && QString::fromStdString(tree->label(n)).contains(text, Qt::CaseInsensitive);
                };
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
        QVERIFY(open.open(corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")), QStringLiteral("start"),
            QStringLiteral("8s")));
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
                    visibleMatches
                        += index.data().toString().contains(QStringLiteral("libc_start"), Qt::CaseInsensitive);
                    if (visibleMatches == 0)
                        visit(index);
                }
            }
        };
        visit({});
        QVERIFY(visibleMatches > 0);
        // Cleared: every top-level row back, opened as a new tree is.
        const int unfiltered = static_cast<int>(page->bottomUp()->model()->tree()->children(0).size());
        page->bottomUp()->filterEdit()->clear();
        QCOMPARE(view->model()->rowCount(), unfiltered);
        QVERIFY(view->isExpanded(view->model()->index(0, 0)));
    }

    // The differential flame graph where everything grew (A at the start): every box red, and
    // boxes told apart by their shade (one red throughout drew a wall of it); a run compared with
    // the one before its fix, blue where it shrank.
    void differentialBoxesStandApart()
    {
        const auto shades = [](FlameGraph* graph) {
            graph->resize(900, 600);
            const QImage image = graph->grab().toImage();
            std::map<uint32_t, QColor> colours; // by node: the colour at its left end
            for (int y = 2; y < image.height(); y += 4)
                if (const auto node = graph->nodeAt(QPoint(4, y)); node && *node != 0 && !colours.count(*node))
                    colours[*node] = image.pixelColor(4, y);
            return colours;
        };
        OpenWindow open;
        QVERIFY(open.open(testData(QStringLiteral("fresh/heaptrack.thrleak.zst")), QString(), QString()));
        open.window.profilePage()->showTab(ProfilePage::FlameTab);
        auto* graph = open.window.profilePage()->flameView()->graph();
        graph->setWeight(FlameGraph::Weight::Delta);
        QTRY_VERIFY(graph->tree());
        const auto grew = shades(graph);
        QVERIFY2(grew.size() >= 6, qPrintable(QString::number(grew.size())));
        std::set<QRgb> distinct;
        for (const auto& [node, colour] : grew) {
            QVERIFY2(colour.hue() <= 10 && colour.saturation() > 60, qPrintable(colour.name()));
            distinct.insert(colour.rgb());
        }
        QVERIFY2(distinct.size() * 2 >= grew.size(), qPrintable(QString::number(distinct.size())));

        OpenWindow fixed;
        QVERIFY(fixed.open(testData(QStringLiteral("fresh/heaptrack.bus-fixed.zst")), QString(), QString()));
        QVERIFY(fixed.compareWith(testData(QStringLiteral("fresh/heaptrack.bus.zst"))));
        fixed.window.profilePage()->showTab(ProfilePage::FlameTab);
        auto* fixedGraph = fixed.window.profilePage()->flameView()->graph();
        fixedGraph->setWeight(FlameGraph::Weight::Delta);
        QTRY_VERIFY(fixedGraph->tree() && fixedGraph->tree()->root().deltaBytes() < 0);
        // The leak fixed away is a callsite only the base run had: placed by its frames' names (its
        // main is bus.cpp's there, bus-fixed.cpp's here), not left at the root, the only box drawn.
        const auto shrank = shades(fixedGraph);
        bool handler = false;
        for (const auto& [node, colour] : shrank) {
            QVERIFY2(colour.hue() >= 200 && colour.hue() <= 230, qPrintable(colour.name()));
            handler = handler || fixedGraph->tree()->label(node).starts_with("handleRequest(int)");
        }
        QVERIFY2(handler && shrank.size() >= 5, qPrintable(QString::number(shrank.size())));
    }

    // Caller / Callee against a base run: what a callsite only the base had (the leak fixed away)
    // did counts under its functions too, matched by name (bus-fixed.cpp against bus.cpp); it
    // counted nowhere, and handleRequest read as if nothing had changed under it. Its row's
    // details show its stack in the base run (they showed none).
    void whatOnlyTheBaseHadIsShown()
    {
        const auto analysisOf = [](const QString& file) {
            return std::make_shared<const Analysis>(importProfile(testData(file).toStdString(), {}).profile);
        };
        const auto before = analysisOf(QStringLiteral("fresh/heaptrack.bus.zst"));
        const auto after = analysisOf(QStringLiteral("fresh/heaptrack.bus-fixed.zst"));
        // A before the base run's teardown, B before this run's (as "auto" takes them).
        const auto comparison = Comparison::compute({ after, before, timeSpecAt(before->profile(), 28),
            timeSpecAt(after->profile(), 11), Grouping::Function, RowFilter(), {} });
        QVERIFY(comparison);
        const CallerCallee handler = callerCallee(*comparison, "handleRequest(int)");
        QVERIFY2(
            handler.inclusive.deltaBytes() < -39'000'000, qPrintable(QString::number(handler.inclusive.deltaBytes())));
        QVERIFY(!handler.callers.empty());
        QCOMPARE(handler.callers.front().function, std::string("main"));
        QVERIFY(handler.callers.front().inclusive.deltaBytes() < -39'000'000);
        const auto functions = functionsOf(*comparison);
        const auto main
            = std::find_if(functions.begin(), functions.end(), [](const auto& f) { return f.function == "main"; });
        QVERIFY(main != functions.end() && main->inclusive.deltaBytes() < -41'000'000);

        const auto byCallsite = Comparison::compute({ after, before, timeSpecAt(before->profile(), 28),
            timeSpecAt(after->profile(), 11), Grouping::Callsite, RowFilter(), {} });
        int baseOnly = 0;
        for (const DiffRow& row : byCallsite->diff().rows) {
            if (!byCallsite->diff().baseCallsite(row))
                continue;
            ++baseOnly;
            const auto stack = byCallsite->stack(row);
            QVERIFY(!stack.empty());
            QVERIFY(std::any_of(
                stack.begin(), stack.end(), [](const StackFrame& f) { return f.file == "/tmp/f3/bus.cpp"; }));
        }
        QVERIFY(baseOnly >= 2);
        // Python pairs whose fixed run has the script's functions, under another file name: the
        // script's <module> among each imported module's (listeners-fixed.py's for listeners.py's).
        // reqlog left 79 of its 78 MB at the root (what rose there beside), calllater 4.2 MB.
        for (const char* pair : { "calllater", "reqlog", "gcoff", "zobjs" }) {
            const auto was = analysisOf(QStringLiteral("fresh/%1.heapline").arg(QLatin1String(pair)));
            const auto now = analysisOf(QStringLiteral("fresh/%1-fixed.heapline").arg(QLatin1String(pair)));
            const auto python
                = Comparison::compute({ now, was, timeSpecAt(was->profile(), was->profile().checkpointCount() - 1),
                    timeSpecAt(now->profile(), now->profile().checkpointCount() - 1), Grouping::Function, RowFilter(),
                    {} });
            const auto tree = python->tree(CallTree::Direction::TopDown, {});
            int64_t atRoot = tree->root().deltaBytes();
            for (const uint32_t child : tree->children(0))
                atRoot -= tree->node(child).deltaBytes();
            QVERIFY2(tree->root().deltaBytes() < 0 && std::llabs(atRoot) * 5 < std::llabs(tree->root().deltaBytes()),
                qPrintable(QStringLiteral("%1: %2 of %3 at the root")
                               .arg(QLatin1String(pair))
                               .arg(atRoot)
                               .arg(tree->root().deltaBytes())));
        }
    }

    // Searching the flame graph: the share it reports is that of the top-most matching boxes below
    // the shown root, as a walk over the whole tree counts it, for each weight and zoomed in.
    void flameSearchSharesAsTheWholeTreeCountsThem()
    {
        OpenWindow open;
        QVERIFY(open.open(corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")), QStringLiteral("start"),
            QStringLiteral("8s")));
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
            for (const QString& text : { QStringLiteral("main"), QStringLiteral("phases"), QStringLiteral("vector"),
                     QStringLiteral("no such frame") }) {
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
            QVERIFY(raw->label(n).find(file.substr(file.rfind('/') + 1) + ":" + std::to_string(frame.line))
                != std::string::npos);
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
        QCOMPARE(everyNode(*graph->tree()),
            everyNode(CallTree::build(open.window.controller()->comparison()->byCallsite(),
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
            // Every node but the (hidden) root is an item (walking the model makes every node).
            const int items = walk(model);
            QCOMPARE(items, static_cast<int>(tree->size()) - 1);
            // Children add up to their parent, and the top level to the total.
            int64_t topLevel = 0;
            for (int row = 0; row < model.rowCount(); ++row)
                topLevel
                    += model.data(model.index(row, CallTreeModel::DeltaColumn), CallTreeModel::SortRole).toLongLong();
            QCOMPARE(topLevel, comparison->byCallsite().total.deltaBytes());
        }
    }
};

QTEST_MAIN(TestTrees)
#include "tst_trees.moc"
