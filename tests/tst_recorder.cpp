// The Python recorder's sampled mode (resources/recorder/heapline_sampler.c): the same culprits
// and classes as an exact recording, estimates within 20% for every callsite that matters,
// threads with stacks of their own, C extensions allocating with the GIL released (under
// AddressSanitizer in the sanitize build), the file and every report saying "sampled", and the
// fallback to tracemalloc where the module does not load.

#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>

using namespace heapline::test;

namespace {

QJsonObject diffJson(const QString& path, const QString& by)
{
    const auto run = runCli({ QStringLiteral("diff"), QStringLiteral("--json"), path, QStringLiteral("--from"),
        QStringLiteral("mark:warm"), QStringLiteral("--to"), QStringLiteral("mark:done"), QStringLiteral("--by"), by,
        QStringLiteral("--top"), QStringLiteral("0") });
    if (run.exitCode != 0)
        qWarning("%s", run.err.constData());
    return QJsonDocument::fromJson(run.out).object();
}

// `summary --json` of a recording.
QJsonObject summaryJson(const QString& path)
{
    return QJsonDocument::fromJson(runCli({ QStringLiteral("summary"), QStringLiteral("--json"), path }).out).object();
}

// A callsite by its places (file:line from the allocation outward). The two modes name some
// functions differently — the sampler reads the code object's name, the exact mode parses the
// source, which frozen modules do not have — but the places are the same.
QString places(const QString& key)
{
    static const QRegularExpression place(QStringLiteral("\\(([^()]*:\\d+)\\)"));
    QStringList found;
    for (auto it = place.globalMatch(key); it.hasNext();)
        found << it.next().captured(1);
    return found.join(QLatin1String(" <- "));
}

QStringList recordArgs(const QString& out, const QStringList& mode, const QString& script, const QString& rounds)
{
    // The scripts take their own snapshots; no census (these tests read no types, and the census
    // is what makes an exact recording's marks slow).
    return QStringList { QStringLiteral("record"), QStringLiteral("-o"), out, QStringLiteral("--interval"),
        QStringLiteral("60"), QStringLiteral("--census-every"), QStringLiteral("0") }
    + mode + QStringList { QStringLiteral("--"), QStringLiteral("python3"), script, rounds };
}

// The figures `code` prints, run by a python3 that imports the recorder from the source tree;
// none, and `error` said, where it fails.
QList<QByteArray> recorderFigures(const QString& code, QString& error)
{
    QProcess python;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PYTHONPATH"), QStringLiteral(HEAPLINE_SOURCE_DIR "/resources"));
    python.setProcessEnvironment(env);
    python.start(QStringLiteral("python3"), { QStringLiteral("-c"), code });
    if (!python.waitForFinished(60000)) {
        error = QStringLiteral("python3 did not finish");
        return {};
    }
    if (python.exitCode() != 0) {
        error = QString::fromLocal8Bit(python.readAllStandardError());
        return {};
    }
    return python.readAllStandardOutput().trimmed().split(' ');
}

bool samplerBuilt()
{
#ifdef HEAPLINE_SAMPLER_BUILT
    return true;
#else
    return false;
#endif
}

} // namespace

class TestRecorder : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        if (!samplerBuilt())
            QSKIP("the native sampler was not built (no Python headers: python3-dev); the recorder falls back to "
                  "tracemalloc");
    }

    // numpy allocates an array's data through its own handler, with malloc, outside Python's
    // allocators: a pipeline that keeps 400 feature maps of 19.2 kB (7.7 MB) read as nothing but
    // its numpy import, a plateau. Sampled now, also those made in a thread pool (a python3 with numpy:
    // Debian's python3-numpy, which .ci/build.sh installs for the tests).
    void numpyArraysAreSampled()
    {
        QString python;
        for (const QString& candidate : { QStringLiteral("python3"), QStringLiteral("/usr/bin/python3") }) {
            QProcess probe;
            probe.start(candidate, { QStringLiteral("-c"), QStringLiteral("import numpy") });
            if (probe.waitForFinished(60000) && probe.exitStatus() == QProcess::NormalExit && probe.exitCode() == 0) {
                python = candidate;
                break;
            }
        }
        if (python.isEmpty())
            QSKIP("no python3 with numpy (python3-numpy)");
        const QString out = m_dir.filePath(QStringLiteral("numpy_frames.heapline"));
        auto args = recordArgs(out, { QStringLiteral("--sample-interval"), QStringLiteral("65536") },
            testData(QStringLiteral("python/numpy_frames.py")), QStringLiteral("400"));
        args[args.indexOf(QStringLiteral("python3"))] = python;
        const auto run = runCli(args);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const auto rows = diffJson(out, QStringLiteral("function")).value(QStringLiteral("rows")).toArray();
        QVERIFY(!rows.isEmpty());
        const auto top = rows.first().toObject();
        QCOMPARE(top.value(QStringLiteral("key")).toString(), QStringLiteral("features"));
        QVERIFY2(
            top.value(QStringLiteral("leak_like")).toBool(), qPrintable(top.value(QStringLiteral("class")).toString()));
        // 7.68 MB kept, estimated from about a hundred samples of 64 KiB.
        const qint64 delta = top.value(QStringLiteral("delta_bytes")).toInteger();
        QVERIFY2(delta > 5'000'000 && delta < 11'000'000, qPrintable(QString::number(delta)));
    }

    // The five leaky programs of tst_heapline, recorded exactly and sampled. The interval is
    // scaled to each program's heap as production scales it: 512 KiB on a 4 GiB service keeps
    // about 8 000 samples of its heap, and so does heap / 8000 here (these heaps are 60 kB to
    // 2 MB). The same culprit on top with the same class; every callsite holding 5% of the live
    // heap at B estimated within 20%.
    void sampledMatchesExact_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QString>("rounds");
        const auto python = [](const char* name) { return testData(QStringLiteral("python/") + QLatin1String(name)); };
        QTest::newRow("unbounded list") << QStringLiteral(HEAPLINE_SOURCE_DIR "/resources/samples/leak_events.py")
                                        << "14";
        QTest::newRow("unbounded lru_cache") << python("lru_unbounded.py") << "14";
        QTest::newRow("string concatenation") << python("string_concat.py") << "14";
        QTest::newRow("bounded deque") << python("bounded_deque.py") << "16";
        QTest::newRow("cleared batches") << python("batches.py") << "8";
    }

    void sampledMatchesExact()
    {
        QFETCH(QString, script);
        QFETCH(QString, rounds);
        const QString name = QFileInfo(script).completeBaseName();
        const QString exact = m_dir.filePath(name + QStringLiteral(".exact.heapline"));
        const QString sampled = m_dir.filePath(name + QStringLiteral(".sampled.heapline"));
        auto run = runCli(recordArgs(exact, { QStringLiteral("--exact") }, script, rounds));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(!readFile(exact).contains("\nsampling "));
        const auto exactByFunction = diffJson(exact, QStringLiteral("function"));
        // The most each row held at a snapshot between the marks: at B where it grew, a full batch
        // where it was built and cleared (at B, the cleared batches hold nothing).
        const auto most = [](const QJsonObject& row) {
            qint64 highest = 0;
            for (const auto& value : row.value(QStringLiteral("series")).toArray())
                highest = std::max<qint64>(highest, value.toInteger());
            return highest;
        };
        const qint64 live = most(exactByFunction.value(QStringLiteral("total")).toObject());
        QVERIFY(live > 10000);
        const QString interval = QString::number(std::max<qint64>(16, live / 8000));
        run = runCli(recordArgs(sampled, { QStringLiteral("--sample-interval"), interval }, script, rounds));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(readFile(sampled).contains("\nsampling " + interval.toUtf8() + "\n"));

        const auto sampledByFunction = diffJson(sampled, QStringLiteral("function"));
        const auto exactTop = exactByFunction.value(QStringLiteral("rows")).toArray().first().toObject();
        const auto sampledTop = sampledByFunction.value(QStringLiteral("rows")).toArray().first().toObject();
        QCOMPARE(sampledTop.value(QStringLiteral("key")).toString(), exactTop.value(QStringLiteral("key")).toString());
        QCOMPARE(
            sampledTop.value(QStringLiteral("class")).toString(), exactTop.value(QStringLiteral("class")).toString());

        QHash<QString, qint64> estimates;
        for (const auto& r : diffJson(sampled, QStringLiteral("callsite")).value(QStringLiteral("rows")).toArray())
            estimates[places(r.toObject().value(QStringLiteral("key")).toString())] += most(r.toObject());
        int checked = 0;
        for (const auto& r : diffJson(exact, QStringLiteral("callsite")).value(QStringLiteral("rows")).toArray()) {
            const auto row = r.toObject();
            const qint64 bytes = most(row);
            if (bytes < live / 20)
                continue;
            const QString key = places(row.value(QStringLiteral("key")).toString());
            const qint64 estimate = estimates.value(key);
            QVERIFY2(std::abs(estimate - bytes) <= bytes / 5,
                qPrintable(QStringLiteral("%1: %2 B estimated, %3 B exactly (interval %4 B)")
                               .arg(key)
                               .arg(estimate)
                               .arg(bytes)
                               .arg(interval)));
            ++checked;
        }
        QVERIFY(checked > 0);
    }

    // Two threads leak into lists of their own: each thread's stack is its own, and both
    // functions' growth is there, about what they kept.
    void threadsHaveTheirOwnStacks()
    {
        const QString out = m_dir.filePath(QStringLiteral("threads.heapline"));
        const auto run = runCli(recordArgs(out, { QStringLiteral("--sample-interval"), QStringLiteral("1024") },
            testData(QStringLiteral("python/threads_leak.py")), QStringLiteral("20")));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QHash<QString, qint64> byFunction;
        for (const auto& r : diffJson(out, QStringLiteral("function")).value(QStringLiteral("rows")).toArray())
            byFunction[r.toObject().value(QStringLiteral("key")).toString()]
                = r.toObject().value(QStringLiteral("delta_bytes")).toInteger();
        // 20 rounds of 100 bytearrays: 2000 and 1000 bytes each, and the object's own header.
        const qint64 orders = 20 * 100 * 2057, events = 20 * 100 * 1057;
        QVERIFY2(std::abs(byFunction.value(QStringLiteral("keep_orders")) - orders) <= orders / 5,
            qPrintable(QString::number(byFunction.value(QStringLiteral("keep_orders")))));
        QVERIFY2(std::abs(byFunction.value(QStringLiteral("keep_events")) - events) <= events / 5,
            qPrintable(QString::number(byFunction.value(QStringLiteral("keep_events")))));
    }

    // zlib allocates with the GIL released (PyMem_RawMalloc), json with it held, three threads at
    // once, nearly every block sampled: no crash, every inflate window kept at the end is there, under a
    // row that says it has no Python stack. In the sanitize build the module is the one built with
    // AddressSanitizer, its runtime preloaded into python3.
    void gilReleasedAllocationsAreSafe()
    {
        const QString out = m_dir.filePath(QStringLiteral("gil.heapline"));
        QProcess python;
        QStringList args { QStringLiteral("-c"),
            QString::fromUtf8(readFile(QStringLiteral(HEAPLINE_SOURCE_DIR "/resources/heapline_recorder.py"))),
            QStringLiteral("-o"), out, QStringLiteral("--census-every"), QStringLiteral("0"),
            QStringLiteral("--sample-interval"), QStringLiteral("64"),
            testData(QStringLiteral("python/gil_released.py")), QStringLiteral("15") };
        python.setProcessEnvironment(samplerEnvironment());
        python.start(QStringLiteral("python3"), args);
        QVERIFY(python.waitForFinished(300000));
        const QByteArray err = python.readAllStandardError();
        QVERIFY2(python.exitStatus() == QProcess::NormalExit && python.exitCode() == 0, err.constData());
        QVERIFY2(!err.contains("not available"), err.constData());
        QCOMPARE(python.readAllStandardOutput().trimmed(), QByteArray("ok 3"));
        const auto rows = diffJson(out, QStringLiteral("function")).value(QStringLiteral("rows")).toArray();
        qint64 withoutStack = -1;
        for (const auto& r : rows)
            if (r.toObject().value(QStringLiteral("key")).toString().startsWith(QLatin1String("<GIL released")))
                withoutStack = r.toObject().value(QStringLiteral("delta_bytes")).toInteger();
        // Three inflaters kept, each with its 32 kB window allocated inside inflate().
        QVERIFY2(withoutStack >= 3 * 32768, qPrintable(QString::number(withoutStack)));
    }

    // The native module's rss() (read without letting go of the GIL, twice a snapshot) is what
    // /proc/self/status says of anonymous and shared memory, with 64 MB just made resident, and
    // leaves out the pages of a 32 MB file just read through mmap, which statm's resident counts
    // (the kernel drops them when memory runs short: numpy.memmap over a 200 MB file read "native:
    // RSS grew by 229 MB"). The recorder's own reading, where the module is missing, says the same.
    void nativeRssIsTheResidentSetSize()
    {
        QProcess python;
        python.setProcessEnvironment(samplerEnvironment());
        python.start(QStringLiteral("python3"),
            { QStringLiteral("-c"),
                QStringLiteral("import mmap, os, sys, tempfile\n"
                               "sys.path.insert(0, os.environ['HEAPLINE_SAMPLER_PATH'])\n"
                               "sys.path.insert(0, '" HEAPLINE_SOURCE_DIR "/resources')\n"
                               "import _heapline_sampler, heapline_recorder as h\n"
                               "block = bytearray(64 << 20)\n"
                               "for i in range(0, len(block), 4096): block[i] = 1\n"
                               "f = tempfile.TemporaryFile()\n"
                               "f.write(b'x' * (32 << 20)); f.flush()\n"
                               "m = mmap.mmap(f.fileno(), 32 << 20, prot=mmap.PROT_READ)\n"
                               "read = sum(m[i] for i in range(0, len(m), 4096))\n"
                               "native, python = _heapline_sampler.rss(), h._rss_bytes()\n"
                               "with open('/proc/self/status') as s:\n"
                               "    kb = {l.split(':')[0]: int(l.split()[1]) for l in s if l.startswith(('RssAnon', "
                               "'RssShmem'))}\n"
                               "with open('/proc/self/statm') as s: resident = int(s.read().split()[1]) * "
                               "os.sysconf('SC_PAGE_SIZE')\n"
                               "print(native, (kb['RssAnon'] + kb['RssShmem']) * 1024, resident, python)\n") });
        QVERIFY(python.waitForFinished(60000));
        QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
        const auto figures = python.readAllStandardOutput().trimmed().split(' ');
        QCOMPARE(figures.size(), 4);
        const qint64 native = figures[0].toLongLong(), status = figures[1].toLongLong(),
                     resident = figures[2].toLongLong(), recorder = figures[3].toLongLong();
        const QString told = QStringLiteral("rss() %1, status %2, statm %3, _rss_bytes() %4")
                                 .arg(native)
                                 .arg(status)
                                 .arg(resident)
                                 .arg(recorder);
        QVERIFY2(native >= (64 << 20) && std::abs(native - status) < (1 << 20), qPrintable(told));
        QVERIFY2(resident - native >= (32 << 20), qPrintable(told));
        QVERIFY2(std::abs(recorder - native) < (1 << 20), qPrintable(told));
    }

    // What resident memory grew by during a snapshot is the recorder's only past what the
    // program's own traced heap rose meanwhile, and never more than the recorder's largest copy:
    // npgrow.py's numpy array, copied larger at each append as snapshots ran beside it, had been
    // counted as the recorder's for good, and its RSS read 12 MB beside a 40 MB heap by the end.
    // Nor past what the tracer's own tables grew by meanwhile, which every RSS figure leaves out
    // apart (flatbig.py, --exact: 2.1 million dicts took RSS below the heap, taken off twice).
    // With --exact each copy may add to the most the recorder holds (its copies' records, left
    // among the program's blocks in malloc's heaps: reqlog-fixed.py read 7 MB of "native" growth).
    void theProgramsGrowthDuringASnapshotIsNotTheRecorders()
    {
        QString error;
        const auto figures = recorderFigures(
            QStringLiteral("import heapline_recorder as h\n"
                           "class Source:\n"
                           "    mode, tables, records = 'sampled', 0, 1000\n"
                           "    def own_memory(self): return self.tables\n"
                           "    def groups(self): return []\n"
                           "    def copied(self, groups): return self.records\n"
                           "r = h.Recorder.__new__(h.Recorder)\n"
                           "r._source = Source()\n"
                           "r._own_rss, r._own_rss_cap = 0, h._OWN_RSS_BASE\n"
                           "r._live_by_node()\n"
                           "rss = iter([116 << 20, 150 << 20, 151 << 20, 300 << 20, 168 << 20])\n"
                           "h._rss_bytes = lambda: next(rss)\n"
                           "r._count_own_rss(100 << 20, 16 << 20, 0)\n" // the program's array: not the recorder's
                           "a = r._own_rss\n"
                           "r._count_own_rss(140 << 20, 0, 0)\n" // 10 MB: more than any copy of 1 000 records
                           "b = r._own_rss\n"
                           "r._count_own_rss(150 << 20, 0, 0)\n" // at the cap already
                           "r._count_own_rss(310 << 20, 0, 0)\n" // fell: nothing
                           "c = r._own_rss\n"
                           "r._own_rss, r._source.tables = 0, 8 << 20\n"
                           "r._count_own_rss(160 << 20, 0, 0)\n" // the tracer's tables: not the copy's
                           "d, cap = r._own_rss, r._own_rss_cap\n"
                           "r._source.mode = 'exact'\n"
                           "r._live_by_node()\n"
                           "r._live_by_node()\n"
                           "e = h._ExactSource(16)\n" // tracemalloc's records its own count leaves out
                           "e.copied([([('a.py', 1)] * 4, 100, 10, False)])\n"
                           "print(a, b, c, d, cap, r._own_rss_cap, e._uncounted)\n"),
            error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(figures.size(), 7);
        QCOMPARE(figures[0].toLongLong(), 0);
        const qint64 cap = figures[4].toLongLong();
        QCOMPARE(cap, (1 << 20) + 256'000);
        QCOMPARE(figures[1].toLongLong(), cap);
        QCOMPARE(figures[2].toLongLong(), cap);
        QCOMPARE(figures[3].toLongLong(), 0);
        QCOMPARE(figures[5].toLongLong(), cap + 2 * 1000 * 1024);
        QCOMPARE(figures[6].toLongLong(), 10 * 48 + 56 + 4 * 16);
    }

    // The RSS figure is never below the process's start and the program's traced heap, where the
    // RSS less the tracer's tables holds them: on a busy machine the count of what the copies left
    // had run so high that an --exact recording of comprehensions.py read 7.4 MB of RSS beside a
    // 20.9 MB heap (fresh/comprehensions-busy.heapline), and a report generator's read 0 B. Not the
    // heap alone: zobjs.py's 420 MB of zlib buffers, mostly untouched, stand beside 150 MB of RSS.
    void theRssFigureHoldsTheProgramsHeap()
    {
        QString error;
        const auto figures = recorderFigures(
            QStringLiteral("import heapline_recorder as h\n"
                           "class Source:\n"
                           "    tables = 30 << 20\n"
                           "    def own_memory(self): return self.tables\n"
                           "r = h.Recorder.__new__(h.Recorder)\n"
                           "r._source, r._rss_start = Source(), 16 << 20\n"
                           "r._own_rss = 75 << 20\n"
                           "a = r._rss_figure(122 << 20, 21 << 20)\n" // counted too much: start + heap
                           "r._own_rss = 5 << 20\n"
                           "b = r._rss_figure(122 << 20, 21 << 20)\n" // a count that leaves more: as it is
                           "r._source.tables = 5 << 20\n"
                           "c = r._rss_figure(160 << 20, 420 << 20)\n" // a heap not resident: RSS less tables
                           "r._rss_start = None\n"
                           "r._own_rss = 200 << 20\n"
                           "d = r._rss_figure(160 << 20, 21 << 20)\n" // no start read: never below 0
                           "print(a, b, c, d)\n"),
            error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(figures.size(), 4);
        QCOMPARE(figures[0].toLongLong(), qint64(37) << 20);
        QCOMPARE(figures[1].toLongLong(), qint64(87) << 20);
        QCOMPARE(figures[2].toLongLong(), qint64(155) << 20);
        QCOMPARE(figures[3].toLongLong(), 0);
    }

    // The native module's census() counts what the recorder's Python loops count, type by type,
    // on one list of tracked objects: floats held once (a list of them), strings held many times
    // (counted once), untracked tuples, large ints, bytes, a class with __slots__; and what the
    // dicts and tuples the collector untracked hold (a cache of 30 000 strings by key had added
    // none of them to "str"; tuples of tuples of a string and a float), counted by both.
    void nativeCensusCountsWhatThePythonOneCounts()
    {
        QProcess python;
        QProcessEnvironment env = samplerEnvironment();
        env.insert(QStringLiteral("PYTHONPATH"), QStringLiteral(HEAPLINE_SOURCE_DIR "/resources"));
        python.setProcessEnvironment(env);
        python.start(QStringLiteral("python3"),
            { QStringLiteral("-c"),
                QStringLiteral(
                    "import gc, os, random, sys\n"
                    "sys.path.insert(0, os.environ['HEAPLINE_SAMPLER_PATH'])\n"
                    "import _heapline_sampler, heapline_recorder\n"
                    "random.seed(2)\n"
                    "floats = [random.random() for _ in range(20000)]\n"
                    "shared = 'shared-' * 3\n"
                    "strings = [shared] * 1000 + ['s%d' % i for i in range(3000)]\n"
                    "class Thing:\n"
                    "    __slots__ = ('a', 'b')\n"
                    "    def __init__(self, a): self.a, self.b = a, (a, str(a))\n"
                    "things = [Thing(i) for i in range(2000)]\n"
                    "maps = [{i: str(i) * 3, 'k': b'x' * i} for i in range(1000)]\n"
                    "tuples = [(1, 2, 'x')] * 5 + [tuple(range(i % 7)) for i in range(1000)]\n"
                    "big = [10 ** 30 + i for i in range(1000)]\n"
                    "cache = {i: 'body-%d' % i * 5 for i in range(30000)}\n"
                    "deep = [(('d%d' % i, i + 0.5),) for i in range(1000)]\n"
                    "gc.collect()\n"
                    "assert not gc.is_tracked(cache) and not gc.is_tracked(deep[0][0])\n"
                    "gc.disable()\n"
                    "tracked = gc.get_objects()\n"
                    "ours = {k: tuple(v) for k, v in heapline_recorder.Recorder._census_in_python(tracked).items()}\n"
                    "native = {k: tuple(v) for k, v in _heapline_sampler.census(tracked, sys.getsizeof).items()}\n"
                    "print(len(ours), ours == native, native[float][0] >= 21000 and native[str][0] >= 34000, "
                    "native[Thing][0])\n"
                    "print({k.__name__: (ours.get(k), native.get(k)) for k in set(ours) | set(native) if ours.get(k) "
                    "!= native.get(k)})\n") });
        QVERIFY(python.waitForFinished(60000));
        QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
        const QByteArray out = python.readAllStandardOutput();
        const auto first = out.split('\n').first().split(' ');
        QVERIFY2(first.size() == 4 && first[0].toInt() > 20, out.constData());
        QVERIFY2(first[1] == "True", out.constData());
        QCOMPARE(first[2], QByteArray("True"));
        QCOMPARE(first[3], QByteArray("2000"));
    }

    // The file says it was sampled, and so do the summary (text and JSON) and the reports.
    void sampledFilesSaySo()
    {
        const QString out = m_dir.filePath(QStringLiteral("said.heapline"));
        auto run = runCli(recordArgs(out, { QStringLiteral("--sample-interval"), QStringLiteral("4096") },
            testData(QStringLiteral("python/lru_unbounded.py")), QStringLiteral("4")));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(readFile(out).contains("(cpython "));
        run = runCli({ QStringLiteral("summary"), out });
        QVERIFY(run.out.contains("Heap figures sampled, estimates (one allocation per 4.10 kB allocated on average)"));
        run = runCli({ QStringLiteral("summary"), QStringLiteral("--json"), out });
        QCOMPARE(
            QJsonDocument::fromJson(run.out).object().value(QStringLiteral("sample_interval_bytes")).toInteger(), 4096);
        const QString markdown = m_dir.filePath(QStringLiteral("said.md"));
        const QString json = m_dir.filePath(QStringLiteral("said.json"));
        QCOMPARE(runCli({ QStringLiteral("report"), out, QStringLiteral("-o"), markdown }).exitCode, 0);
        QVERIFY(readFile(markdown).contains("| Heap figures | Sampled, estimates"));
        QCOMPARE(runCli({ QStringLiteral("report"), out, QStringLiteral("-o"), json }).exitCode, 0);
        QCOMPARE(
            QJsonDocument::fromJson(readFile(json)).object().value(QStringLiteral("sample_interval_bytes")).toInteger(),
            4096);
        // Converted, it stays sampled.
        const QString converted = m_dir.filePath(QStringLiteral("said-again.heapline"));
        QCOMPARE(runCli({ QStringLiteral("convert"), out, converted }).exitCode, 0);
        QVERIFY(readFile(converted).contains("\nsampling 4096\n"));
        // --exact and --sample-interval together, or a bad interval, are refused by name.
        run = runCli({ QStringLiteral("record"), QStringLiteral("-o"), out, QStringLiteral("--exact"),
            QStringLiteral("--sample-interval"), QStringLiteral("10"), QStringLiteral("--"), QStringLiteral("python3"),
            QStringLiteral("x.py") });
        QVERIFY(run.exitCode != 0 && run.err.contains("--exact"));
        run = runCli({ QStringLiteral("record"), QStringLiteral("-o"), out, QStringLiteral("--sample-interval"),
            QStringLiteral("0"), QStringLiteral("--"), QStringLiteral("python3"), QStringLiteral("x.py") });
        QVERIFY(run.exitCode != 0 && run.err.contains("--sample-interval"));
    }

    // CPython makes floats and dicts from the memory of ones dropped before, without an
    // allocation, and a dict's key table from a dropped table (tests/data/python/recycled.py:
    // scratch() drops eight floats and a dict a call, keep() keeps a float and a dict). The
    // sampler kept such a block's first stack: all that keep() kept read as scratch()'s. Under
    // 3.13 a block taken back gets the stack of the object that took it; under 3.11 and 3.12 it is
    // counted apart from the moment it goes into a free list, and the recording says so.
    void recycledObjectsAreNotTheirFirstOwners()
    {
        const auto byFunction = [](const QString& path) {
            QHash<QString, qint64> bytes;
            for (const auto& r : diffJson(path, QStringLiteral("function")).value(QStringLiteral("rows")).toArray())
                bytes[r.toObject().value(QStringLiteral("key")).toString()]
                    = r.toObject().value(QStringLiteral("delta_bytes")).toInteger();
            return bytes;
        };
        // 20 000 floats (24 bytes), dicts (64) and their key tables (120), and the list that
        // holds them (two pointers a round, and its slack).
        const qint64 kept = 20000 * (24 + 64 + 120 + 16), listed = 20000 * 16;
        const QString script = testData(QStringLiteral("python/recycled.py"));
        const auto record = [&](const QString& python, const QString& name) {
            const QString path = m_dir.filePath(name);
            const auto run = runCli({ QStringLiteral("record"), QStringLiteral("-o"), path,
                QStringLiteral("--interval"), QStringLiteral("60"), QStringLiteral("--census-every"),
                QStringLiteral("0"), QStringLiteral("--sample-interval"), QStringLiteral("64"), QStringLiteral("--"),
                python, script, QStringLiteral("20000") });
            return run.exitCode == 0 && !run.err.contains("not available") ? path : QString();
        };
        // Before 3.13: what keep() kept went into free lists first, and is counted apart.
        QStringList before { QStringLiteral("python3") };
#ifdef HEAPLINE_PYTHON312
        before << QStringLiteral(HEAPLINE_PYTHON312);
#endif
        for (const QString& python : before) {
            const QString path = record(python, QFileInfo(python).fileName() + QStringLiteral("-recycled.heapline"));
            QVERIFY2(!path.isEmpty(), qPrintable(python));
            if (!readFile(path).contains("(cpython 3.11") && !readFile(path).contains("(cpython 3.12"))
                continue;
            const auto bytes = byFunction(path);
            const qint64 apart = bytes.value(QStringLiteral("<recycled by CPython: owner unknown>"));
            QVERIFY2(std::abs(apart - (kept - listed)) <= kept / 5, qPrintable(python + QString::number(apart)));
            QVERIFY2(bytes.value(QStringLiteral("scratch")) < kept / 20,
                qPrintable(python + QString::number(bytes.value(QStringLiteral("scratch")))));
            const auto run = runCli({ QStringLiteral("summary"), path });
            QVERIFY2(
                run.out.contains("is counted apart, under <recycled by CPython: owner unknown>"), run.out.constData());
        }
#ifdef HEAPLINE_PYTHON313
        // Under 3.13: keep()'s.
        const QString out = record(QStringLiteral(HEAPLINE_PYTHON313), QStringLiteral("313-recycled.heapline"));
        QVERIFY(!out.isEmpty());
        const auto bytes = byFunction(out);
        QVERIFY2(std::abs(bytes.value(QStringLiteral("keep")) - kept) <= kept / 5,
            qPrintable(QString::number(bytes.value(QStringLiteral("keep")))));
        QVERIFY2(bytes.value(QStringLiteral("scratch")) < kept / 20,
            qPrintable(QString::number(bytes.value(QStringLiteral("scratch")))));
        const auto run = runCli({ QStringLiteral("summary"), out });
        QVERIFY2(run.out.contains("Heap figures sampled") && !run.out.contains("dropped object's memory"),
            run.out.constData());
#else
        QSKIP("no CPython 3.13 was found beside to build the sampler for (resources/recorder/CMakeLists.txt)");
#endif
    }

    // A program that runs for a second (tests/data/python/job_cycles.py: every job kept alive by a
    // cycle, the collector switched off) was seen at three snapshots, every 0.5 s, the last two
    // close together as it exited: its steady leak read "plateau: a bounded cache or warm-up". The
    // first snapshots come every tenth of the run so far (from a tenth of --interval, 0.05 s by
    // default) until --interval's cadence.
    void aShortRunIsSeenOften()
    {
        const QString out = m_dir.filePath(QStringLiteral("cycles.heapline"));
        const auto run = runCli({ QStringLiteral("record"), QStringLiteral("-o"), out,
            QStringLiteral("--sample-interval"), QStringLiteral("65536"), QStringLiteral("--"),
            QStringLiteral("python3"), testData(QStringLiteral("python/job_cycles.py")) });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const qsizetype snapshots = readFile(out).count("\nS ");
        QVERIFY2(snapshots >= 10, qPrintable(QString::number(snapshots)));
        const auto diff
            = QJsonDocument::fromJson(runCli({ QStringLiteral("diff"), QStringLiteral("--json"), out }).out).object();
        QCOMPARE(diff.value(QStringLiteral("total")).toObject().value(QStringLiteral("class")).toString(),
            QStringLiteral("linear"));
        const auto top = diff.value(QStringLiteral("rows")).toArray().first().toObject();
        QCOMPARE(top.value(QStringLiteral("key")).toString(), QStringLiteral("Job.__init__"));
        QCOMPARE(top.value(QStringLiteral("class")).toString(), QStringLiteral("linear"));
    }

    // Every census writes the memoising caches of 100 entries or more (`l` records), by the function
    // each wraps: an unbounded cache, one bounded, and one per object (their entries summed); a
    // small one is not written. And the warnings the registries remember, from 100 on, the last
    // snapshot's (after runpy took the script's module out of sys.modules) among them.
    void memoisingCachesAreCounted()
    {
        const QString out = m_dir.filePath(QStringLiteral("memo.heapline"));
        const auto run = recordScript(out,
            "import functools\n"
            "import heapline_recorder\n"
            "@functools.cache\n"
            "def square(n):\n"
            "    return n * n\n"
            "@functools.lru_cache(maxsize=300)\n"
            "def cube(n):\n"
            "    return n ** 3\n"
            "@functools.lru_cache\n"
            "def small(n):\n"
            "    return n\n"
            "class Box:\n"
            "    def __init__(self):\n"
            "        self.get = functools.lru_cache(maxsize=None)(self._get)\n"
            "    def _get(self, n):\n"
            "        return [n]\n"
            "boxes = [Box() for _ in range(3)]\n"
            "for i in range(500):\n"
            "    square(i); cube(i); small(i % 10)\n"
            "    boxes[i % 3].get(i)\n"
            "square(1)\n"
            "import warnings\n"
            "warnings.simplefilter('default')\n"
            "warnings.showwarning = lambda *args, **kwargs: None\n"
            "for i in range(150):\n"
            "    warnings.warn('odd value %d' % i)\n"
            "heapline_recorder.mark('done')\n");
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QByteArray text = readFile(out);
        const auto idOf = [&](const QByteArray& name) {
            const auto at = text.indexOf(" " + name + "\n");
            const auto start = text.lastIndexOf("\ns ", at) + 3;
            return at < 0 ? QByteArray() : text.mid(start, at - start);
        };
        QVERIFY2(text.contains("\nl " + idOf("__main__.square") + " 1 500 -1 1 500\n"), text.constData());
        QVERIFY(text.contains("\nl " + idOf("__main__.cube") + " 1 300 300 0 500\n"));
        QVERIFY(text.contains("\nl " + idOf("__main__.Box._get") + " 3 500 -1 0 500\n"));
        QVERIFY(idOf("__main__.small").isEmpty());
        const QByteArray registered = "\nk " + idOf("warnings registered") + " ";
        QVERIFY(registered.size() > 4);
        const auto last = text.lastIndexOf(registered);
        QCOMPARE(text.mid(last + registered.size(), 4), QByteArray("150\n"));
        QCOMPARE(text.count(registered), 2); // the mark's snapshot and the last
    }

    // A module run as python3 -m runs it (json.tool on a 3 MB file), its options its own: the
    // command says -m, the rows are the module's functions (what runpy does to find it is not);
    // a module that is not there is named.
    void aModuleIsRunAsPythonRunsIt()
    {
        const QString in = m_dir.filePath(QStringLiteral("in.json"));
        const QString out = m_dir.filePath(QStringLiteral("out.json"));
        QByteArray text = "[";
        for (int i = 0; i < 40000; ++i)
            text += (i ? "," : "") + QByteArray("{\"id\": ") + QByteArray::number(i) + ", \"name\": \"user-"
                + QByteArray::number(i) + "\", \"tags\": [\"a\", \"b\"]}";
        text += "]";
        QVERIFY(writeFile(in, text));
        const QString recording = m_dir.filePath(QStringLiteral("module.heapline"));
        auto run
            = runCli({ QStringLiteral("record"), QStringLiteral("-o"), recording, QStringLiteral("--sample-interval"),
                QStringLiteral("16384"), QStringLiteral("--"), QStringLiteral("python3"), QStringLiteral("-m"),
                QStringLiteral("json.tool"), QStringLiteral("--indent"), QStringLiteral("1"), in, out });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(readFile(out).startsWith("[\n {\n  \"id\": 0,"));
        QVERIFY(readFile(recording).contains(("\ncommand python3 -m json.tool --indent 1 " + in).toUtf8()));
        const auto diff = QJsonDocument::fromJson(runCli({ QStringLiteral("diff"), QStringLiteral("--json"), recording,
                                                             QStringLiteral("--top"), QStringLiteral("0") })
                                                      .out)
                              .object();
        QStringList keys;
        for (const auto& row : diff.value(QStringLiteral("rows")).toArray())
            keys << row.toObject().value(QStringLiteral("key")).toString();
        QVERIFY2(keys.contains(QStringLiteral("JSONDecoder.raw_decode")), qPrintable(keys.join(QLatin1String(", "))));
        for (const QString& key : keys)
            QVERIFY2(
                !key.contains(QLatin1String("importlib")) && !key.contains(QLatin1String("runpy")), qPrintable(key));

        run = runCli({ QStringLiteral("record"), QStringLiteral("-o"), recording, QStringLiteral("--"),
            QStringLiteral("python3"), QStringLiteral("-m"), QStringLiteral("no_such_module_here") });
        QVERIFY(run.exitCode != 0);
        QVERIFY2(run.err.contains("no module named no_such_module_here"), run.err.constData());
    }

    // The interpreter's own options before the script are the interpreter's (python3 -u -X dev
    // app.py: the recorder had taken them for its own and refused them); -c is refused by name.
    void interpreterOptionsAreTheInterpreters()
    {
        const QString script = m_dir.filePath(QStringLiteral("flags.py"));
        QVERIFY(writeFile(script,
            "import sys\nprint(sys.flags.optimize, sys.flags.dev_mode, sys.warnoptions)\n"
            "kept = [bytes(1000) for _ in range(5000)]\n"));
        const QString recording = m_dir.filePath(QStringLiteral("flags.heapline"));
        auto run = runCli({ QStringLiteral("record"), QStringLiteral("-o"), recording, QStringLiteral("--exact"),
            QStringLiteral("--"), QStringLiteral("python3"), QStringLiteral("-u"), QStringLiteral("-O"),
            QStringLiteral("-X"), QStringLiteral("dev"), QStringLiteral("-W"), QStringLiteral("ignore"), script });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(run.out.contains("1 True ['default', 'ignore']"), run.out.constData());
        const auto summary = summaryJson(recording);
        QVERIFY(summary.value(QStringLiteral("leaked_bytes")).toInteger() > 5'000'000);
        run = runCli({ QStringLiteral("record"), QStringLiteral("-o"), recording, QStringLiteral("--"),
            QStringLiteral("python3"), QStringLiteral("-c"), QStringLiteral("print(1)") });
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("python3 -c is not supported: save the code to a file"), run.err.constData());
    }

    // Under --exact, tracemalloc traces the heap and the native module still takes the census
    // and RSS: heapline-cli gave it no path there, the census ran in Python at 2.4 s a snapshot
    // against 0.4, and tst_heapline's recordings took three times as long.
    void anExactRecordingTakesTheNativeCensus()
    {
        if (!samplerBuilt())
            QSKIP("the native module was not built");
        const QString script = m_dir.filePath(QStringLiteral("native.py"));
        QVERIFY(writeFile(script, "import sys\nprint('native census:', '_heapline_sampler' in sys.modules)\n"));
        const QString recording = m_dir.filePath(QStringLiteral("native.heapline"));
        const auto run = runCli({ QStringLiteral("record"), QStringLiteral("-o"), recording, QStringLiteral("--exact"),
            QStringLiteral("--"), QStringLiteral("python3"), script });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(run.out.contains("native census: True"), run.out.constData());
        QVERIFY(readFile(recording).contains("(cpython 3."));
        QVERIFY(readFile(recording).contains(", exact)"));
    }

    // A script that is not there is named, before anything is recorded (it was runpy's traceback
    // and an empty recording); a command on PATH runs where it is a Python script (pytest, a
    // console script), and is refused by name where it is not.
    void theScriptIsFoundOrNamed()
    {
        const QString recording = m_dir.filePath(QStringLiteral("missing.heapline"));
        auto run = runCli({ QStringLiteral("record"), QStringLiteral("-o"), recording, QStringLiteral("--"),
            QStringLiteral("python3"), QStringLiteral("no_such_script_here.py") });
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("heapline-cli record: error: can't open file 'no_such_script_here.py'"),
            run.err.constData());
        QVERIFY(!QFile::exists(recording));
        // So is a recording that cannot be written, before the program runs (it was the
        // recorder's FileNotFoundError traceback).
        run = runCli(
            { QStringLiteral("record"), QStringLiteral("-o"), m_dir.filePath(QStringLiteral("no/such/dir/r.heapline")),
                QStringLiteral("--"), QStringLiteral("python3"), QStringLiteral("no_such_script_here.py") });
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("record: cannot write ") && run.err.contains("does not exist"), run.err.constData());
        run = runCli(
            { QStringLiteral("record"), QStringLiteral("-o"), recording, QStringLiteral("--"), QStringLiteral("ls") });
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("is not a Python script"), run.err.constData());
        QVERIFY(!QFile::exists(recording));

        const QString bin = m_dir.filePath(QStringLiteral("bin"));
        QVERIFY(QDir().mkpath(bin));
        const QString tool = bin + QStringLiteral("/heapline-test-tool");
        QVERIFY(writeFile(tool,
            "#!/usr/bin/env python3\nimport sys\nkept = [bytes(1000) for _ in range(5000)]\n"
            "print('tool ran with', sys.argv[1:])\n"));
        QVERIFY(QFile::setPermissions(tool, QFile::permissions(tool) | QFileDevice::ExeOwner));
        const QByteArray path = qgetenv("PATH");
        qputenv("PATH", bin.toUtf8() + ':' + path);
        run = runCli({ QStringLiteral("record"), QStringLiteral("-o"), recording, QStringLiteral("--exact"),
            QStringLiteral("--"), QStringLiteral("heapline-test-tool"), QStringLiteral("--flag") });
        qputenv("PATH", path);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(run.out.contains("tool ran with ['--flag']"), run.out.constData());
        const auto summary = summaryJson(recording);
        QVERIFY(summary.value(QStringLiteral("leaked_bytes")).toInteger() > 5'000'000);
    }

    // A program that takes a tracemalloc snapshot of its own and stops tracemalloc after: recorded
    // exactly, its stop had stopped the recording's tracing, every snapshot since read 0 B and the
    // recorder failed. Its stop is ignored, and said to be.
    void aProgramsOwnTracemallocStopIsIgnored()
    {
        const QString recording = m_dir.filePath(QStringLiteral("own_tracemalloc.heapline"));
        const auto run = recordScript(recording,
            "import tracemalloc\nkept = [bytes(1000) for _ in range(3000)]\n"
            "tracemalloc.start(5)\nsnapshot = tracemalloc.take_snapshot()\ntracemalloc.stop()\n"
            "tracemalloc.clear_traces()\nkept += [bytes(1000) for _ in range(3000)]\n",
            { QStringLiteral("--exact") });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(run.err.contains("the program called tracemalloc.stop(), ignored"), run.err.constData());
        const auto summary = summaryJson(recording);
        QVERIFY(summary.value(QStringLiteral("warnings")).toArray().isEmpty());
        const qint64 leaked = summary.value(QStringLiteral("leaked_bytes")).toInteger();
        QVERIFY2(leaked > 6'000'000, qPrintable(QString::number(leaked)));
    }

    // An interpreter started tracing (-X tracemalloc, PYTHONTRACEMALLOC) kept tracemalloc's depth of
    // one frame and its traces from before the recording: 1,885 rows by function, the interpreter's
    // imports a <module> row of 4.45 MB and the recorder's own reading of the source the program's.
    void aTracingInterpreterIsRestarted()
    {
        const QString script = m_dir.filePath(QStringLiteral("traced_from_start.py"));
        QVERIFY(writeFile(script,
            "kept = []\ndef make():\n    return [bytes(1000) for _ in range(3000)]\n"
            "def outer():\n    kept.append(make())\nouter()\n"));
        for (const char* option : { "tracemalloc=1", "tracemalloc=40" }) {
            const QString recording = m_dir.filePath(QStringLiteral("traced_from_start.heapline"));
            const auto run = runCli({ QStringLiteral("record"), QStringLiteral("-o"), recording,
                QStringLiteral("--exact"), QStringLiteral("--"), QStringLiteral("python3"), QStringLiteral("-X"),
                QLatin1String(option), script });
            QVERIFY2(run.exitCode == 0, run.err.constData());
            QVERIFY2(run.err.contains("tracemalloc was started with the interpreter; restarted"), run.err.constData());
            const auto diff = QJsonDocument::fromJson(
                runCli({ QStringLiteral("diff"), QStringLiteral("--json"), recording, QStringLiteral("--by"),
                           QStringLiteral("callsite"), QStringLiteral("--to"), QStringLiteral("end"),
                           QStringLiteral("--top"), QStringLiteral("0") })
                    .out)
                                  .object();
            qint64 made = 0;
            qint64 elsewhere = 0;
            for (const auto& value : diff.value(QStringLiteral("rows")).toArray()) {
                const auto row = value.toObject();
                const qint64 bytes = row.value(QStringLiteral("delta_bytes")).toInteger();
                // The whole stack, not the leaf alone: outer above make.
                if (row.value(QStringLiteral("key")).toString().contains(QLatin1String("outer")))
                    made += bytes;
                else
                    elsewhere += bytes;
            }
            QVERIFY2(made > 3'000'000, qPrintable(QString::number(made)));
            QVERIFY2(elsewhere < 100'000, qPrintable(QString::number(elsewhere)));
        }
    }

    // A thread whose target is C code has threading's frames alone above what it makes, and they
    // were left out with the threads' own bookkeeping (tests/data/fresh/thrtarget.py: "Leaked 0 B"
    // of 70 MB kept).
    void aThreadsBuiltInTargetIsRecorded()
    {
        const QString recording = m_dir.filePath(QStringLiteral("builtin_target.heapline"));
        const auto run = recordScript(recording,
            "import threading\nkept = []\nfor batch in range(3):\n"
            "    t = threading.Thread(target=kept.extend, args=(map(str, range(batch * 30000, (batch + 1) * "
            "30000)),))\n"
            "    t.start()\n    t.join()\n",
            { QStringLiteral("--exact") });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const auto summary = summaryJson(recording);
        const qint64 leaked = summary.value(QStringLiteral("leaked_bytes")).toInteger();
        QVERIFY2(leaked > 5'000'000, qPrintable(QString::number(leaked)));
    }

    // A program that turns the cyclic collector off: the recorder writes the objects made since it
    // last ran while it is off (tests/data/fresh/gcoff.py), and 0 once it is on again.
    void theCollectorOffIsCounted()
    {
        const QString recording = m_dir.filePath(QStringLiteral("collector_off.heapline"));
        const auto run = recordScript(recording,
            "import gc, heapline_recorder as recorder\ngc.disable()\nclass Node:\n    def __init__(self):\n"
            "        self.me = self\nfor _ in range(5000):\n    Node()\nrecorder.mark('off')\ngc.enable()\n"
            "gc.collect()\nrecorder.mark('on')\n");
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QList<QByteArray> lines = readFile(recording).split('\n');
        QByteArray id;
        for (const QByteArray& line : lines)
            if (line.startsWith("s ") && line.endsWith(" collector off"))
                id = line.split(' ').at(1);
        QVERIFY(!id.isEmpty());
        QList<qint64> values;
        for (const QByteArray& line : lines)
            if (line.startsWith("k " + id + ' '))
                values.append(line.split(' ').at(2).toLongLong());
        QVERIFY2(values.size() >= 2, qPrintable(QString::number(values.size())));
        QVERIFY2(*std::max_element(values.begin(), values.end()) >= 5000, qPrintable(QString::number(values.first())));
        QCOMPARE(values.last(), 0);
    }

    // The program's CPU time (recorder 1.6's `program cpu ms` counter), less the recorder's: a
    // script that works 0.4 s of CPU time on its own thread (the process's time counts the
    // recorder's too: under load its snapshots took a quarter of it), keeping a record per
    // round, then idles. The snapshots
    // and censuses of a heap of some 200 000 objects, on the recorder's thread and at the marks on the
    // program's, are not the program's. The heap's level, held while it idled, is said to be.
    void theProgramsCpuTimeIsCounted()
    {
        const QString recording = m_dir.filePath(QStringLiteral("cpu.heapline"));
        const auto run = recordScript(recording,
            "import time, heapline_recorder as recorder\njournal = []\nstart = time.thread_time()\ni = 0\n"
            "while time.thread_time() - start < 0.4:\n"
            "    journal.append({'id': i, 'body': bytes(200)})\n    i += 1\n"
            "recorder.mark('worked')\ntime.sleep(1.2)\nrecorder.mark('idled')\n");
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QByteArray id;
        qint64 cpu = -1;
        QHash<QByteArray, QByteArray> names; // string ID -> string
        QHash<QByteArray, qint64> atMark;
        QList<qint64> values;
        for (const QByteArray& line : readFile(recording).split('\n')) {
            if (line.startsWith("s ") && line.endsWith(" program cpu ms"))
                id = line.split(' ').at(1);
            else if (!id.isEmpty() && line.startsWith("k " + id + ' '))
                values.append(cpu = line.split(' ').at(2).toLongLong());
            else if (line.startsWith("m "))
                atMark.insert(names.value(line.split(' ').at(2)), cpu);
            if (line.startsWith("s "))
                names.insert(line.split(' ').at(1), line.mid(line.indexOf(' ', 2) + 1));
        }
        QVERIFY(!id.isEmpty());
        QVERIFY2(std::is_sorted(values.begin(), values.end()), qPrintable(QString::number(values.size())));
        QCOMPARE(atMark.size(), 2);
        const qint64 worked = atMark.value("worked"), idled = atMark.value("idled");
        // At least the 0.4 s of work; then a few ms, where the censuses took far more.
        QVERIFY2(worked >= 400 && idled - worked < 60, qPrintable(QStringLiteral("%1 then %2").arg(worked).arg(idled)));
        const auto diff = runCli({ QStringLiteral("diff"), recording });
        QCOMPARE(diff.exitCode, 0);
        QVERIFY2(diff.out.contains("plateau") && diff.out.contains("It held while the program was nearly idle: from "),
            diff.out.constData());
    }

    // What keeps what grew, named (recorder 1.5's `o` records): globals of the script, an
    // attribute of an object (a dict of lists, counted with what its lists hold) and of a class, a
    // function's default argument and a closure's variable, each by the name the program reaches
    // it through, with its items at the census of the mark; subclasses of those kinds too.
    void aContainerIsNamedByWhatKeepsIt()
    {
        const QString recording = m_dir.filePath(QStringLiteral("holders.heapline"));
        const auto run = recordScript(recording,
            "import collections, heapline_recorder as recorder\n"
            "class Registry:\n    entries = []\n"
            "class Table(dict):\n    pass\n"
            "hits = collections.Counter()\ntable = Table()\n"
            "class Service:\n    def __init__(self):\n        self.sessions = {}\n"
            "def make_counter():\n    seen = set()\n    def count(x):\n        seen.add(x)\n    return count\n"
            "def collect(x, acc=[]):\n    acc.append(x)\n"
            "service = Service()\ncounter = make_counter()\nhistory = {}\nsmall = list(range(999))\nbodies = {}\n"
            "for i in range(3000):\n    Registry.entries.append(i)\n    bodies[i] = 'body %d' % i\n"
            "    service.sessions.setdefault(i % 2, []).append(i)\n    counter(i)\n    collect(i)\n"
            "    history.setdefault(i % 200, []).append(i)\n"
            "    hits['/orders/%d' % i] += 1\n    table[i] = i\n"
            "recorder.mark('grown')\n");
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QHash<QByteArray, QByteArray> strings;
        QHash<QByteArray, QList<QByteArray>> held; // name -> the last o record's fields
        for (const QByteArray& line : readFile(recording).split('\n')) {
            if (line.startsWith("s ")) {
                const qsizetype space = line.indexOf(' ', 2);
                strings.insert(line.mid(2, space - 2), line.mid(space + 1));
            } else if (line.startsWith("o ")) {
                const QList<QByteArray> fields = line.split(' ');
                QCOMPARE(fields.size(), 6);
                held.insert(strings.value(fields[1]), fields);
            }
        }
        const QList<QPair<QByteArray, QByteArray>> expected {
            { "history", "dict of lists 1 200 3200" },
            // A dict of strings, which the collector does not track.
            { "bodies", "dict 1 3000 3000" },
            { "Service.sessions", "dict of lists 1 2 3002" },
            { "Registry.entries", "list 1 3000 3000" },
            { "collect() default argument acc", "list 1 3000 3000" },
            { "make_counter.<locals>.count() closure variable seen", "set 1 3000 3000" },
            // Subclasses: a Counter of request paths, a program's own dict.
            { "hits", "collections.Counter 1 3000 3000" },
            { "table", "__main__.Table 1 3000 3000" },
        };
        for (const auto& [name, figures] : expected) {
            QVERIFY2(held.contains(name), QList<QByteArray>(held.keys()).join(", ").constData());
            const QList<QByteArray> fields = held.value(name);
            QCOMPARE(strings.value(fields[2]) + ' ' + fields[3] + ' ' + fields[4] + ' ' + fields[5], figures);
        }
        // Under 1 000 items: no holder. The recorder's own tables are none of the program's.
        QVERIFY(!held.contains("small"));
        for (const QByteArray& name : held.keys())
            QVERIFY2(!name.contains("Recorder") && !name.contains("heapline"), name.constData());
    }

    // GNU's "--option=value": every option of every command had been refused ("unknown option
    // --interval=0.2"); the program's own arguments after -- are its own, "=" and all.
    void optionsTakeAValueAfterAnEqualsSign()
    {
        const QString script = m_dir.filePath(QStringLiteral("argv.py"));
        const QString seen = m_dir.filePath(QStringLiteral("argv.txt"));
        QVERIFY(writeFile(script, "import sys\nopen(sys.argv[1], 'w').write(' '.join(sys.argv[2:]))\n"));
        const QString recording = m_dir.filePath(QStringLiteral("argv.heapline"));
        const auto run = runCli({ QStringLiteral("record"), QStringLiteral("--output=") + recording,
            QStringLiteral("--interval=0.2"), QStringLiteral("--"), QStringLiteral("python3"), script, seen,
            QStringLiteral("--name=value"), QStringLiteral("-x") });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QFile file(seen);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("--name=value -x"));
        const auto spaced = runCli({ QStringLiteral("diff"), recording, QStringLiteral("--to"), QStringLiteral("end"),
            QStringLiteral("--by"), QStringLiteral("type") });
        const auto joined
            = runCli({ QStringLiteral("diff"), recording, QStringLiteral("--to=end"), QStringLiteral("--by=type") });
        QCOMPARE(joined.exitCode, 0);
        QCOMPARE(joined.out, spaced.out);
    }

    // Objects gc.freeze() moved to the permanent generation are alive and counted: gc.get_objects()
    // does not list them, and the census had read a catalogue frozen before forking as gone
    // ("Item: 0 B at B, spiky" of 100,000 items alive).
    void frozenObjectsAreCounted()
    {
        if (!samplerBuilt())
            QSKIP("the native module was not built");
        const QString recording = m_dir.filePath(QStringLiteral("frozen.heapline"));
        const auto run = recordScript(recording,
            "import gc\nimport heapline_recorder as recorder\n"
            "class Item:\n    def __init__(self, i):\n        self.i = i\n"
            "catalogue = [Item(i) for i in range(20000)]\nrecorder.mark('warm')\n"
            "gc.freeze()\nkept = [bytes(100) for _ in range(1000)]\nrecorder.mark('done')\n");
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const auto diff = QJsonDocument::fromJson(
            runCli(
                { QStringLiteral("diff"), QStringLiteral("--json"), recording, QStringLiteral("--by"),
                    QStringLiteral("type"), QStringLiteral("--from"), QStringLiteral("mark:warm"),
                    QStringLiteral("--to"), QStringLiteral("mark:done"), QStringLiteral("--top"), QStringLiteral("0") })
                .out)
                              .object();
        bool found = false;
        for (const auto& value : diff.value(QStringLiteral("rows")).toArray()) {
            const auto row = value.toObject();
            if (row.value(QStringLiteral("key")).toString() != QLatin1String("__main__.Item"))
                continue;
            found = true;
            QCOMPARE(row.value(QStringLiteral("blocks_a")).toInteger(), 20000);
            QCOMPARE(row.value(QStringLiteral("blocks_b")).toInteger(), 20000);
        }
        QVERIFY(found);
    }

    // Where the module does not load, the recorder records exactly and says so in one line.
    void fallsBackToTracemalloc()
    {
        const QString out = m_dir.filePath(QStringLiteral("fallback.heapline"));
        QProcess python;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PYTHONPATH"), QStringLiteral(HEAPLINE_SOURCE_DIR "/resources"));
        env.insert(QStringLiteral("HEAPLINE_SAMPLER_PATH"), m_dir.filePath(QStringLiteral("nowhere")));
        python.setProcessEnvironment(env);
        python.start(QStringLiteral("python3"),
            { QStringLiteral("-m"), QStringLiteral("heapline_recorder"), QStringLiteral("-o"), out,
                QStringLiteral("--census-every"), QStringLiteral("0"),
                testData(QStringLiteral("python/lru_unbounded.py")), QStringLiteral("2") });
        QVERIFY(python.waitForFinished(120000));
        QCOMPARE(python.exitCode(), 0);
        const QByteArray err = python.readAllStandardError();
        QCOMPARE(err.count('\n'), 1);
        QVERIFY2(err.contains("the native sampler is not available") && err.contains("tracemalloc"), err.constData());
        QVERIFY(!readFile(out).contains("\nsampling "));
        QVERIFY(readFile(out).contains(", exact)\n"));
    }

private:
    // Writes SOURCE beside RECORDING (as NAME.py for NAME.heapline) and records it with OPTIONS.
    ProcessRun recordScript(const QString& recording, const QByteArray& source, const QStringList& options = {})
    {
        QString script = recording;
        script.replace(QLatin1String(".heapline"), QLatin1String(".py"));
        if (!writeFile(script, source))
            return { -1, {}, "cannot write " + script.toUtf8() };
        return runCli(QStringList { QStringLiteral("record"), QStringLiteral("-o"), recording } + options
            + QStringList { QStringLiteral("--"), QStringLiteral("python3"), script });
    }

    // python3 with the native module on its path: in the sanitize build the one built with
    // AddressSanitizer, its runtime preloaded.
    static QProcessEnvironment samplerEnvironment()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
#ifdef HEAPLINE_SAMPLER_ASAN_DIR
        env.insert(QStringLiteral("HEAPLINE_SAMPLER_PATH"), QStringLiteral(HEAPLINE_SAMPLER_ASAN_DIR));
        env.insert(QStringLiteral("LD_PRELOAD"), QStringLiteral(HEAPLINE_ASAN_RUNTIME));
        // CPython keeps its interned objects to the end by design: leaks are not these tests' finding.
        env.insert(QStringLiteral("ASAN_OPTIONS"), QStringLiteral("detect_leaks=0:abort_on_error=1"));
#else
        env.insert(QStringLiteral("HEAPLINE_SAMPLER_PATH"), QStringLiteral(HEAPLINE_BUILD_DIR "/app/cli"));
#endif
        return env;
    }

    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestRecorder)
#include "tst_recorder.moc"
