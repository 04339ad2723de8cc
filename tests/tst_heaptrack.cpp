// The heaptrack reader against the reference figures in ../shared/corpus/MANIFEST.md, older file
// formats, compression variants, cut and broken files.

#include "LoopRecording.h"
#include "TestSupport.h"
#include "importers/ChunkPipeline.h"
#include "importers/HeaptrackEvents.h"
#include "importers/Importer.h"
#include "importers/LineReader.h"
#include "importers/PrescannedRuns.h"
#include "model/Suppressions.h"
#include "model/Units.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <chrono>
#include <functional>
#include <linux/perf_event.h>
#include <optional>
#include <pthread.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <thread>
#include <unistd.h>

using namespace heapline;
using namespace heapline::test;

Q_DECLARE_METATYPE(heapline::test::HeaptrackOracle)

namespace {

std::shared_ptr<const Profile> load(const QString& path)
{
    const auto result = importProfile(path.toStdString());
    if (!result.profile)
        qWarning("%s", result.error ? result.error->toString().c_str() : "no profile");
    return result.profile;
}

QString joinedWarnings(const Profile& profile)
{
    QStringList list;
    for (const auto& w : profile.warnings())
        list << QString::fromStdString(w);
    return list.join(QLatin1String(" | "));
}

std::string frameText(const Profile& profile, FrameId id)
{
    const auto& frame = profile.frames()[id];
    std::string text(profile.string(frame.function));
    if (frame.file.value)
        text += " @" + std::string(profile.string(frame.file)) + ":" + std::to_string(frame.line);
    return text;
}

} // namespace

namespace {

// The page faults `work` takes on this process's threads (those it starts too, counted as they
// exit): not getrusage's, which counts the pages madvise faults in as well. None where there is no
// counter, or under AddressSanitizer, whose shadow memory faults too.
std::optional<uint64_t> pageFaultsOf(const std::function<void()>& work)
{
#if defined(__SANITIZE_ADDRESS__)
    work();
    return std::nullopt;
#else
    perf_event_attr attr {};
    attr.type = PERF_TYPE_SOFTWARE;
    attr.size = sizeof attr;
    attr.config = PERF_COUNT_SW_PAGE_FAULTS;
    attr.disabled = 1;
    attr.inherit = 1;
    attr.exclude_kernel = 1;
    const int counter = static_cast<int>(syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0));
    if (counter < 0) {
        work();
        return std::nullopt;
    }
    ioctl(counter, PERF_EVENT_IOC_ENABLE, 0);
    work();
    ioctl(counter, PERF_EVENT_IOC_DISABLE, 0);
    uint64_t faults = 0;
    const bool read = ::read(counter, &faults, sizeof faults) == ssize_t(sizeof faults);
    close(counter);
    return read ? std::optional(faults) : std::nullopt;
#endif
}

// Two recordings of the same events load alike, sizes counted and not: the first loads with no
// warning and passes `check`, and the two loads' fingerprints are the same. A failure returns from
// here and fails the test that called.
template <typename Check>
void loadAlike(const QByteArray& first, const QByteArray& second, Check check)
{
    QTemporaryDir dir;
    const QString firstPath = dir.filePath(QStringLiteral("heaptrack.first.txt"));
    const QString secondPath = dir.filePath(QStringLiteral("heaptrack.second.txt"));
    QVERIFY(writeFile(firstPath, first));
    QVERIFY(writeFile(secondPath, second));
    for (bool sizes : { true, false }) {
        ImportOptions options;
        options.sizes = sizes;
        const auto a = importProfile(firstPath.toStdString(), options).profile;
        const auto b = importProfile(secondPath.toStdString(), options).profile;
        QVERIFY(a && b);
        QVERIFY2(a->warnings().empty(), qPrintable(joinedWarnings(*a)));
        QVERIFY(check(*a));
        QCOMPARE(fingerprint(*a), fingerprint(*b));
    }
}

} // namespace

class TestHeaptrack : public QObject {
    Q_OBJECT

private slots:
    // The decompression thread's share of a load: runs of "+ HEX", "- HEX", "t IP PARENT" and
    // "a SIZE TRACE" lines become records of numbers (the first index << 2 | the kind, then the
    // other fields); anything else, runs of fewer than three lines and lines cut by the chunk's
    // ends stay text.
    void prescanFindsRunsOfEvents()
    {
        const QByteArray text = "ne of the previous chunk\n"
                                "+ 1\n+ a\n- 1\nt 5 3\na 10 2\n"
                                "+ 40000000\n" // 2^30: too large for 30 bits, text
                                "- 1f\n" // a run of one: text
                                "+ 123456789\n" // nine digits: text
                                "t 1 2 \n" // a space at the end: text
                                "a 1000000000001 1\n" // a size above 2^48: text
                                "+ 2\r\n" // not heaptrack's own: text
                                "+ 3\n- 3\n+ 4\n"
                                "+ 5"; // cut by the chunk's end
        ChunkPipeline::Chunk chunk;
        chunk.data = text.constData();
        chunk.size = static_cast<size_t>(text.size());
        prescanHeaptrackEvents(chunk, false);
        QCOMPARE(chunk.runs.size(), size_t(2));
        const std::vector<uint32_t> values { 1 << 2, 10 << 2, (1 << 2) | 1, (5 << 2) | 2, 3, (2 << 2) | 3, 0x10, 0,
            3 << 2, (3 << 2) | 1, 4 << 2 };
        QCOMPARE(chunk.values, values);
        const auto runText = [&](const ChunkPipeline::Run& run) { return text.mid(run.begin, run.end - run.begin); };
        QCOMPARE(runText(chunk.runs[0]), QByteArray("+ 1\n+ a\n- 1\nt 5 3\na 10 2\n"));
        QCOMPARE(chunk.runs[0].count, 5u);
        QCOMPARE(runText(chunk.runs[1]), QByteArray("+ 3\n- 3\n+ 4\n"));
        QCOMPARE(chunk.runs[1].first, 8u);
        QCOMPARE(
            PrescannedRuns::skipLines(text.constData() + chunk.runs[0].begin, text.constData() + chunk.runs[0].end, 2),
            text.constData() + chunk.runs[0].begin + 8);
        // At the start of a line, the first line counts too.
        ChunkPipeline::Chunk whole;
        whole.data = text.constData() + 25;
        whole.size = chunk.size - 25;
        prescanHeaptrackEvents(whole, true);
        QCOMPARE(whole.values, values);
    }

    // An event line's index: every number of digits, both cases, and what is not an index (no
    // digits, another byte among them, 2^30 and above), in a run and as the chunk's last line.
    void prescanReadsIndicesOfEveryLength()
    {
        const std::vector<std::pair<QByteArray, int64_t>> cases { { "0", 0 }, { "f", 15 }, { "F", 15 }, { "a9", 0xa9 },
            { "7fff", 0x7fff }, { "AbCdE", 0xabcde }, { "123456", 0x123456 }, { "fffffff", 0xfffffff },
            { "1000000", 0x1000000 }, { "3fffffff", 0x3fffffff }, { "40000000", -1 }, { "123456789", -1 },
            { "1234567890", -1 }, { "00000000001", -1 }, { "", -1 }, { "1g", -1 }, { "g1", -1 }, { "1 ", -1 },
            { "1\r", -1 }, { "@", -1 }, { "`", -1 }, { "/", -1 }, { ":", -1 }, { "G", -1 }, { "1\xb1", -1 },
            { "\xe1", -1 } };
        for (const auto& [digits, expected] : cases) {
            // In a run of its own between two runs of three; then as the chunk's last line, with
            // fewer than eight bytes after it.
            for (const QByteArray& tail : { QByteArray("+ 1\n+ 2\n+ 3\n"), QByteArray() }) {
                const QByteArray text = "+ 1\n+ 2\n+ 3\n- " + digits + "\n" + tail;
                ChunkPipeline::Chunk chunk;
                chunk.data = text.constData();
                chunk.size = static_cast<size_t>(text.size());
                prescanHeaptrackEvents(chunk, true);
                const QByteArray what = "'- " + digits + "' before '" + tail + "'";
                if (expected < 0) {
                    QVERIFY2(chunk.values.size() == 3 + (tail.isEmpty() ? 0 : 3), what.constData());
                    continue;
                }
                QVERIFY2(chunk.values.size() >= 4, what.constData());
                QCOMPARE(chunk.values[3], (static_cast<uint32_t>(expected) << 2) | PrescannedFree);
                QCOMPARE(chunk.runs.size(), size_t(1));
                QCOMPARE(chunk.runs[0].end, static_cast<uint32_t>(text.size()));
            }
        }
    }

    // Away from a chunk's end a line is read without checking for the end at every digit: every
    // line reads alike there and as the chunk's last lines (edge lines of each kind, three in a
    // row so that they make a run where they are read).
    void prescanReadsLinesAlikeAnywhereInAChunk_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<bool>("read"); // into records, not left as text
        QTest::newRow("event") << QByteArray("+ 1") << true;
        QTest::newRow("event, 8 digits") << QByteArray("- 3fffffff") << true;
        QTest::newRow("event, 8 with zeros") << QByteArray("+ 0000000a") << true;
        QTest::newRow("event, 9 digits") << QByteArray("+ 00000000a") << false;
        QTest::newRow("event, 10 digits") << QByteArray("+ 000000000a") << false;
        QTest::newRow("event, 2^30") << QByteArray("- 40000000") << false;
        QTest::newRow("event, upper case") << QByteArray("+ AbC") << true;
        QTest::newRow("event, no digit") << QByteArray("+ ") << false;
        QTest::newRow("event, a space after") << QByteArray("+ 1 ") << false;
        QTest::newRow("trace") << QByteArray("t 1 0") << true;
        QTest::newRow("trace, 8 and 8 digits") << QByteArray("t 3fffffff ffffffff") << true;
        QTest::newRow("trace, ip 2^30") << QByteArray("t 40000000 1") << false;
        QTest::newRow("trace, ip 9 digits") << QByteArray("t 000000001 1") << false;
        QTest::newRow("trace, parent 9 digits") << QByteArray("t 1 000000001") << false;
        QTest::newRow("trace, one field") << QByteArray("t 1") << false;
        QTest::newRow("trace, three fields") << QByteArray("t 1 2 3") << false;
        QTest::newRow("trace, two spaces") << QByteArray("t 1  2") << false;
        QTest::newRow("trace, carriage return") << QByteArray("t 1 2\r") << false;
        QTest::newRow("info") << QByteArray("a 10 2") << true;
        QTest::newRow("info, 12-digit size") << QByteArray("a ffffffffffff 3fffffff") << true;
        QTest::newRow("info, 13-digit size") << QByteArray("a 0000000000001 1") << false;
        QTest::newRow("info, 14-digit size") << QByteArray("a 00000000000001 1") << false;
        QTest::newRow("info, odd digits, a letter") << QByteArray("a fFfFf 1aB") << true;
        QTest::newRow("info, trace 2^30") << QByteArray("a 1 40000000") << false;
        QTest::newRow("info, trace 9 digits") << QByteArray("a 1 000000001") << false;
        QTest::newRow("info, a letter") << QByteArray("a 1 2g") << false;
    }
    void prescanReadsLinesAlikeAnywhereInAChunk()
    {
        QFETCH(QByteArray, line);
        QFETCH(bool, read);
        test::verifyPrescanReadsLineAlike(&prescanHeaptrackEvents, &prescannedRecordLength, line, read, 60);
    }

    // The decompression thread starts away from the CPU of the thread that made the pipeline, and
    // once it has handed over its first chunk it may run on every CPU the process may.
    void pipelineWorkerMayGoAnywhereAfterItsFirstChunk()
    {
        cpu_set_t allowed;
        QCOMPARE(sched_getaffinity(0, sizeof allowed, &allowed), 0);
        std::string error;
        ChunkPipeline pipeline(
            Decoder::open(testData(QStringLiteral("heaptrack.phases.v1.zst")).toStdString(), error), 4096);
        QVERIFY(pipeline.next() != nullptr);
        cpu_set_t worker;
        // The worker widens its set just after it hands the chunk over: give it a moment.
        for (int tries = 0; tries < 1000; ++tries) {
            QCOMPARE(pthread_getaffinity_np(pipeline.workerThread(), sizeof worker, &worker), 0);
            if (CPU_EQUAL(&worker, &allowed))
                break;
            QThread::msleep(1);
        }
        QVERIFY2(CPU_EQUAL(&worker, &allowed),
            qPrintable(QStringLiteral("the worker may run on %1 of the process's %2 CPUs")
                           .arg(CPU_COUNT(&worker))
                           .arg(CPU_COUNT(&allowed))));
        while (pipeline.next()) { }
    }

    // Until the worker starts, next() decodes each chunk on the caller's thread; the worker goes on
    // from the chunk after: the text is the file's, in order, with each chunk's sequence number
    // and whether it starts a line.
    void pipelineDecodesOnTheCallersThreadUntilTheWorkerStarts()
    {
        const std::string path = testData(QStringLiteral("heaptrack.phases.v1.zst")).toStdString();
        std::string error;
        std::string expected;
        {
            ChunkPipeline whole(Decoder::open(path, error), 4096);
            while (const ChunkPipeline::Chunk* chunk = whole.next())
                expected.append(chunk->data, chunk->size);
        }
        QCOMPARE(expected.size(), size_t(1229670)); // zstd -dc | wc -c
        ChunkPipeline pipeline(Decoder::open(path, error), 4096, 4, 0, false);
        std::string text;
        uint64_t sequence = 0;
        const auto take = [&](const ChunkPipeline::Chunk* chunk) {
            QCOMPARE(chunk->sequence, sequence++);
            QCOMPARE(chunk->startsLine, text.empty() || text.back() == '\n');
            text.append(chunk->data, chunk->size);
        };
        // Were next() to wait for the worker instead, this starts it after 10 s: the test then
        // fails on the count below, where it would have hung until ctest's timeout.
        std::jthread rescue([&pipeline](std::stop_token taken) {
            for (int i = 0; i < 1000 && !taken.stop_requested(); ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            if (!taken.stop_requested())
                pipeline.startWorker();
        });
        for (int i = 0; i < 5; ++i) {
            const ChunkPipeline::Chunk* chunk = pipeline.next();
            QVERIFY(chunk && !chunk->last);
            take(chunk);
        }
        rescue.request_stop();
        rescue.join();
        QCOMPARE(pipeline.decodedByCaller(), uint64_t(5));
        pipeline.startWorker();
        while (const ChunkPipeline::Chunk* chunk = pipeline.next())
            take(chunk);
        QVERIFY(text == expected);
    }

    // The ring's pages are faulted in as the worker first decodes into each buffer, not all at
    // the start: a file that fills five of eight buffers leaves the other three untouched.
    void pipelineRingFaultedInAsItIsDecodedInto()
    {
        constexpr size_t ChunkSize = 256 << 10, ChunkCount = 8;
        const QString path = testData(QStringLiteral("heaptrack.phases.v1.zst"));
        std::string error;
        ChunkPipeline pipeline(Decoder::open(path.toStdString(), error), ChunkSize, ChunkCount);
        const char* ring = nullptr;
        size_t decoded = 0;
        while (const ChunkPipeline::Chunk* chunk = pipeline.next()) {
            ring = ring ? std::min(ring, chunk->data) : chunk->data;
            decoded += chunk->size;
        }
        QCOMPARE(decoded, size_t(1229670)); // zstd -dc | wc -c
        const size_t used = (decoded + ChunkSize - 1) / ChunkSize;
        const auto residentPages = [&](size_t fromChunk, size_t toChunk) {
            const long page = sysconf(_SC_PAGESIZE);
            std::vector<unsigned char> resident((toChunk - fromChunk) * ChunkSize / page);
            void* from = const_cast<char*>(ring + fromChunk * ChunkSize);
            if (mincore(from, (toChunk - fromChunk) * ChunkSize, resident.data()) != 0)
                return size_t(SIZE_MAX);
            return static_cast<size_t>(
                std::count_if(resident.begin(), resident.end(), [](unsigned char r) { return r & 1; }));
        };
        QVERIFY(residentPages(0, used) > 0);
        QCOMPARE(residentPages(used, ChunkCount), size_t(0));
    }

    // A ring of chunks sized from the file (an eighth of its text as estimated from its size:
    // not always a whole number of pages) is faulted in as whole as one of pages: madvise refused
    // its unaligned buffers, and their pages were faulted in one at a time as they were decoded
    // into (heaptrack_gui's chunks were 260 268 bytes, before a compressed file's text was taken
    // to be 8 times its size; 2 MB of ring: 508 pages).
    void pipelineRingOfUnalignedChunksFaultedInWhole()
    {
        constexpr size_t ChunkSize = 260268, ChunkCount = 8;
        const QString path = testData(QStringLiteral("corpus/external/heaptrack.heaptrack_gui.99454.zst"));
        size_t decoded = 0;
        const auto faults = pageFaultsOf([&] {
            std::string error;
            ChunkPipeline pipeline(Decoder::open(path.toStdString(), error), ChunkSize, ChunkCount);
            while (const ChunkPipeline::Chunk* chunk = pipeline.next())
                decoded += chunk->size;
        });
        if (!faults)
            QSKIP("no page-fault counter here (AddressSanitizer's shadow faults too, or no perf events)");
        QCOMPARE(decoded, size_t(8969729)); // zstd -dc | wc -c
        // The ring and zstd's window faulted in by madvise, a few faults remain (the prescan's
        // records, the decoder's context and its input's staging block).
        QVERIFY2(*faults < 250, qPrintable(QString::number(*faults)));
    }

    // zstd's window is faulted in a step ahead of the output (one call, not a page fault a page)
    // where the file is large enough for its output to fill it; a small file's is left to fault in
    // as it is written, no more resident than its output reaches.
    void zstdWindowFaultedInAheadOfTheOutput()
    {
        constexpr size_t ChunkSize = 256 << 10, Block = 128 << 10;
        std::vector<char> chunk(ChunkSize);
        const auto decodeAll = [&](Decoder& decoder) {
            size_t produced = 0;
            for (;;) {
                const auto status = decoder.decode(chunk);
                produced += status.produced;
                if (status.end)
                    return produced;
            }
        };
        std::string error;
        const auto large = Decoder::open(
            testData(QStringLiteral("corpus/external/heaptrack.heaptrack_gui.99454.zst")).toStdString(), error);
        QVERIFY2(large, error.c_str());
        size_t produced = 0;
        const auto faults = pageFaultsOf([&] { produced = decodeAll(*large); });
        QCOMPARE(produced, size_t(8969729));
        QVERIFY(!large->window().empty());
        if (faults) // 2.1 MB of window: 530 pages, a fault each, before (587 faults in all; 107 after)
            QVERIFY2(*faults < 250, qPrintable(QString::number(*faults)));
        large->releaseBuffers();
        QVERIFY(large->window().empty());

        const auto small = Decoder::open(testData(QStringLiteral("heaptrack.phases.v1.zst")).toStdString(), error);
        QVERIFY2(small, error.c_str());
        QCOMPARE(decodeAll(*small), size_t(1229670));
        const auto window = small->window();
        const long page = sysconf(_SC_PAGESIZE);
        std::vector<unsigned char> resident((window.size() + page - 1) / page);
        QCOMPARE(mincore(const_cast<char*>(window.data()), window.size(), resident.data()), 0);
        const size_t residentBytes = static_cast<size_t>(std::count_if(
                                         resident.begin(), resident.end(), [](unsigned char r) { return r & 1; }))
            * page;
        // Its output, its input's staging block and the last block's remains: not a chunk ahead.
        QVERIFY2(residentBytes <= 1229670 + 2 * Block, qPrintable(QString::number(residentBytes)));
    }

    // A loop's events repeat: a stretch of lines that repeats the lines before it is one run of
    // a period's records and how many times it repeats, with the records of every line it
    // covers, whatever the period, and where a chunk cuts it.
    void prescanFindsRepeats()
    {
        const QByteArray text = loopRecording(false);
        for (size_t chunkSize : { size_t(256 * 1024), size_t(4099), size_t(333) }) {
            size_t repeats = 0, longRepeats = 0;
            QVERIFY(prescanMatchesLines(text, chunkSize, repeats, &longRepeats));
            QVERIFY2(repeats > (chunkSize > 1000 ? 1000u : 10u), qPrintable(QString::number(repeats)));
            // The outer loops' rounds (80, 90 and 91 lines, about 300 to 640 bytes), between
            // timestamps every 997 events: long repeats of up to ten rounds, where a chunk holds
            // three rounds or more. In chunks of 256 KiB, 28 after a short repeat and 61 more at
            // the lines the content of a round without one picks (4 KiB: 16 and 112).
            if (chunkSize > 4000)
                QVERIFY2(longRepeats >= (chunkSize > 100000 ? 80u : 100u), qPrintable(QString::number(longRepeats)));
        }
        // A leading zero now and then: no stretch repeats as text, and nothing is a repeat.
        size_t repeats = 0;
        QVERIFY(prescanMatchesLines(loopRecording(true), 256 * 1024, repeats));
        QCOMPARE(repeats, size_t(0));
    }

    // The prescan's loop (readRecordLines) stops where a look for a repeat is due, at an
    // anchor, where its buffer is full, at a line of another kind and near the chunk's end, and
    // the prescan takes up again from there: stretches of distinct events (no repeat to find) of
    // every length up to past the looks' spacing, between traces and allocation infos, cut by
    // chunks of every size, are read into runs that match their text, line for line and to the
    // byte.
    void prescanReadsEveryStretchIntoRuns()
    {
        QByteArray text;
        uint32_t index = 1;
        for (int stretch = 0; stretch < 400; ++stretch) {
            const int events = stretch < 300 ? stretch % 47 : (stretch * 37) % 300;
            for (int i = 0; i < events; ++i, ++index)
                text += (index % 3 ? "+ " : "- ") + QByteArray::number((index * 2654435761u) >> 6, 16) + '\n';
            text += stretch % 5 == 4 ? "a " + QByteArray::number(index, 16) + " 1\n"
                                     : "t " + QByteArray::number(index, 16) + " 0\n";
            if (stretch % 50 == 49)
                text += "i 1 2\n"; // a line of another kind
        }
        for (size_t chunkSize : { size_t(1) << 20, size_t(4099), size_t(333), size_t(64) }) {
            size_t repeats = 0;
            QVERIFY2(prescanMatchesLines(text, chunkSize, repeats), qPrintable(QString::number(chunkSize)));
            QCOMPARE(repeats, size_t(0));
        }
        // Every line of the text in one chunk is in a run but the lines of another kind.
        ChunkPipeline::Chunk chunk;
        chunk.data = text.constData();
        chunk.size = static_cast<size_t>(text.size());
        prescanHeaptrackEvents(chunk, true);
        uint32_t lines = 0;
        for (const auto& run : chunk.runs)
            lines += run.count * run.repeats;
        QCOMPARE(lines, static_cast<uint32_t>(text.count('\n') - text.count("i 1 2")));
    }

    // A repeat applied in one step gives what its events give one by one: the same recording
    // with and without repeats in its text loads to the same figures, sizes counted or not.
    void repeatsLoadAsTheirEvents()
    {
        loadAlike(loopRecording(false), loopRecording(true),
            [](const Profile& profile) { return profile.totals().allocations.value() > 50000; });
    }

    // A temporary allocation (an allocation and, on the next line, its free) applied in one step
    // gives what its two events give one by one: the same recording with a comment line inside
    // each pair (which parts them) loads to the same figures, sizes counted or not. Pairs that
    // make a new peak at the heap's top, pairs at a callsite not yet listed in the interval, of
    // zero bytes, and pairs at a chunk's end.
    void temporaryPairsLoadAsTheirEvents()
    {
        const auto recording = [](bool parted) {
            QByteArray text = "v 10400 3\nX /tmp/pairs\nI 1000 5e2919\n"
                              "s 4 main\ns 4 work\ns 4 make\ns 4 keep\ns 6 /tmp/p\n"
                              "i 1000 5 1\ni 2000 5 2\ni 3000 5 3\ni 4000 5 4\ni 5000 5 3\n"
                              "t 1 0\nt 2 1\nt 3 1\nt 4 2\nt 5 3\n";
            const int infos = 24;
            for (int k = 0; k < infos; ++k) // sizes 0 to 48 KiB, at five callsites
                text += "a " + QByteArray::number(k % 6 == 5 ? 0 : (k * 2039) % 49152, 16) + ' '
                    + QByteArray::number(k % 5 + 1, 16) + '\n';
            text += "a 100000 2\na 4000000 3\n"; // 1 MiB (infos), 64 MiB (infos + 1)
            uint32_t seed = 7;
            const auto random = [&seed](uint32_t below) {
                seed = seed * 1103515245u + 12345u;
                return ((seed >> 16) & 0x7fff) % below;
            };
            const auto pair = [&text, parted](int info) {
                const QByteArray index = QByteArray::number(info, 16);
                text += "+ " + index + (parted ? "\n# parted\n- " : "\n- ") + index + '\n';
            };
            std::vector<int> live;
            int64_t ms = 0;
            for (int event = 0; event < 300000; ++event) {
                if (event % 733 == 0)
                    text += "c " + QByteArray::number(ms += 7, 16) + '\n';
                // The heap climbs for the first half, where pairs at its top make new peaks; then
                // the highest peak, a pair of 64 MiB; then the heap keeps its level, and now and
                // then a pair of 1 MiB is an interval's highest point.
                const bool climbing = event < 150000;
                if (event == 150000) {
                    text += "- " + QByteArray::number(live.back(), 16) + '\n';
                    live.pop_back();
                    pair(infos + 1);
                }
                const uint32_t what = random(1000);
                if (!climbing && what < 3)
                    pair(infos);
                else if (what < 500)
                    pair(static_cast<int>(random(infos)));
                else if (what < (climbing ? 900 : 750) || live.empty()) {
                    live.push_back(static_cast<int>(random(infos)));
                    text += "+ " + QByteArray::number(live.back(), 16) + '\n';
                } else {
                    const size_t k = random(static_cast<uint32_t>(live.size()));
                    text += "- " + QByteArray::number(live[k], 16) + '\n';
                    live[k] = live.back();
                    live.pop_back();
                }
            }
            text += "c " + QByteArray::number(ms + 7, 16) + "\n# strings: 5\n# ips: 4\n";
            return text;
        };
        loadAlike(recording(false), recording(true),
            [](const Profile& profile) { return profile.totals().temporaryAllocations.value() > 140000; });
    }

    // A long recording goes through the prescanned path (the chunks after the first few): every
    // event is counted as the text says, and an event naming an undefined allocation info in the
    // middle of a run is still skipped and reported on its own line.
    void prescannedEventsMatchTheText()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("heaptrack.long.txt"));
        QCOMPARE(QProcess::execute(QStringLiteral(HEAPLINE_BUILD_DIR "/tests/heapline-gen-heaptrack"),
                                   { QStringLiteral("--callsites"), QStringLiteral("50"), QStringLiteral("--seconds"), QStringLiteral("40"),
                                     QStringLiteral("--events-per-ms"), QStringLiteral("20"), path }),
                 0);
        QList<QByteArray> lines = readFile(path).split('\n');
        QVERIFY(lines.size() > 500000);
        int64_t allocations = 0, frees = 0;
        for (const auto& line : lines) {
            allocations += line.startsWith("+ ");
            frees += line.startsWith("- ");
        }
        // Well inside the file, between two events: in prescanned runs. An event, a trace and an
        // allocation info that refer to what is not defined; a trace whose instruction pointer is
        // the largest number (one past it wrapped to 0, and the trace was defined and read its
        // frames from before the table: found by mutating corpus files under ASan).
        const QList<QByteArray> badLines { "+ 7ffffff0", "t fffff 0", "a 10 fffffff", "t ffffffffffffffff 0" };
        const QStringList reasons { QStringLiteral("allocation refers to an undefined allocation info"),
            QStringLiteral("trace refers to an undefined instruction pointer"),
            QStringLiteral("allocation info refers to an undefined trace"),
            QStringLiteral("trace refers to an undefined instruction pointer") };
        QList<qsizetype> at;
        for (int k = 0; k < badLines.size(); ++k) {
            qsizetype bad = lines.size() * (6 + k) / 10;
            while (
                !(lines[bad - 1].startsWith("- ") || lines[bad - 1].startsWith("+ ")) || !lines[bad].startsWith("+ "))
                ++bad;
            at << bad;
        }
        for (int k = static_cast<int>(badLines.size()) - 1; k >= 0; --k)
            lines.insert(at[k], badLines[k]);
        QVERIFY(writeFile(path, lines.join('\n')));
        const auto result = importProfile(path.toStdString());
        QVERIFY(result.profile);
        QCOMPARE(*result.profile->totals().allocations, allocations);
        QCOMPARE(*result.profile->totals().frees, frees);
        const QString warnings = joinedWarnings(*result.profile);
        const QString skipped = QStringLiteral("%1 malformed lines were skipped").arg(badLines.size());
        QVERIFY2(warnings.contains(skipped), qPrintable(warnings));
        for (int k = 0; k < 3; ++k) { // the warning names the first three
            const QString expected = QStringLiteral("line %1: %2").arg(at[k] + 1 + k).arg(reasons[k]);
            QVERIFY2(warnings.contains(expected), qPrintable(expected + QStringLiteral(" in ") + warnings));
        }
    }

    void corpusMatchesOracle_data()
    {
        QTest::addColumn<HeaptrackOracle>("oracle");
        const auto rows = heaptrackOracle();
        QVERIFY2(rows.size() >= 10, "MANIFEST.md lists the heaptrack files");
        for (const auto& row : rows)
            QTest::newRow(qPrintable(row.file)) << row;
    }

    void corpusMatchesOracle()
    {
        QFETCH(HeaptrackOracle, oracle);
        HEAPLINE_SKIP_WITHOUT(oracle.file);
        const auto profile = load(corpusFile(oracle.file));
        QVERIFY(profile);
        const auto& totals = profile->totals();
        QCOMPARE(profile->info().format, std::string("heaptrack"));
        QCOMPARE(profile->info().formatVersion, std::to_string(oracle.formatVersion));
        QCOMPARE(totals.allocations.value(), oracle.allocations);
        QCOMPARE(totals.temporaryAllocations.value(), oracle.temporary);
        QCOMPARE(totals.peakHeapBytes, oracle.peakHeap);
        QCOMPARE(totals.leakedBytes, oracle.leaked);
        QCOMPARE(totals.peakRssBytes.value(), oracle.peakRss);
        QCOMPARE(static_cast<int64_t>(totals.duration), oracle.durationMs);
        // The model agrees with the totals: the end state is the leak, the peak checkpoint the peak.
        const auto& store = profile->checkpoints();
        QCOMPARE(store.totalAt(store.size() - 1).bytes, oracle.leaked);
        QVERIFY(profile->peakCheckpoint().has_value());
        QCOMPARE(store.totalAt(*profile->peakCheckpoint()).bytes, oracle.peakHeap);
        QCOMPARE(store.time(*profile->peakCheckpoint()), totals.peakTime);
        QCOMPARE(store.cumulativeAllocations(store.size() - 1), oracle.allocations);
        QVERIFY(profile->checkpointCount() <= 513);
        QCOMPARE(profile->timeline().heap.maxValue(), oracle.peakHeap);
    }

    void cutAndKilledRecordingsWarn_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<bool>("truncated");
        QTest::newRow("complete") << "recorded/heaptrack.phases.zst" << "" << false;
        QTest::newRow("process killed") << "recorded/heaptrack.phases-killed.zst" << "probably killed" << true;
        QTest::newRow("zstd cut mid-frame") << "recorded/heaptrack.phases-cut.zst" << "cut off in the middle of a frame" << true;
        QTest::newRow("heaptrack_gui") << "external/heaptrack.heaptrack_gui.99454.zst" << "" << false;
    }

    void cutAndKilledRecordingsWarn()
    {
        QFETCH(QString, file);
        QFETCH(QString, expected);
        QFETCH(bool, truncated);
        const auto profile = load(corpusFile(file));
        QVERIFY(profile);
        QCOMPARE(profile->truncated(), truncated);
        if (expected.isEmpty())
            QVERIFY2(profile->warnings().empty(), qPrintable(joinedWarnings(*profile)));
        else
            QVERIFY2(joinedWarnings(*profile).contains(expected), qPrintable(joinedWarnings(*profile)));
    }

    // heaptrack run on a wrapper (pyenv's python3 shim, through /usr/bin/env) records the
    // wrapper until it execs the real program, which heaptrack does not follow: no timestamp at
    // all. That is no OOM kill, and the warning had said so.
    void execIsToldFromAKill()
    {
        const auto profile = load(testData(QStringLiteral("fresh/heaptrack.env-exec.zst")));
        QVERIFY(profile);
        QVERIFY(profile->truncated());
        const QString warnings = joinedWarnings(*profile);
        QVERIFY2(warnings.contains(QLatin1String("before heaptrack's first timestamp"))
                && warnings.contains(QLatin1String("(/usr/bin/env bash /root/.pyenv/shims/python3 pyleak.py)"))
                && warnings.contains(QLatin1String("exec")) && !warnings.contains(QLatin1String("OOM")),
            qPrintable(warnings));
    }

    // heaptrack -p attached to a running service (tests/data/fresh/daemon.c) that had built a
    // 4 MB table and refreshes it entry by entry: the file has no free of a block made before the
    // attach. Totals as heaptrack_print's (31936 calls, 12.37M leaked), and the warning says that
    // a replacement reads as growth; it had said frees of such blocks could make totals smaller.
    void attachedRecordingIsTold()
    {
        const auto profile = load(testData(QStringLiteral("fresh/heaptrack.daemon.zst")));
        QVERIFY(profile);
        QVERIFY(!profile->truncated());
        QCOMPARE(profile->totals().allocations.value(), 31936);
        QCOMPARE(profile->totals().frees.value(), 31936 - 4096 - 15968); // the table's first 4096 and every session
        QCOMPARE(profile->totals().leakedBytes, 12369920);
        const QString warnings = joinedWarnings(*profile);
        QVERIFY2(warnings.contains(QLatin1String("attached to an already running process"))
                && warnings.contains(QLatin1String("reads as growth the real heap did not have")),
            qPrintable(warnings));
    }

    // The suppressed callsites a load was asked for are made beside its last step, on another
    // thread: they are the ones made afterwards, callsite for callsite, and are handed out for
    // those settings only.
    void suppressionsMadeWhileTheLoadEnds_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("embedded rules") << QStringLiteral("external/heaptrack.embedded_lsan_suppressions.84207.zst");
        QTest::newRow("heaptrack_gui") << QStringLiteral("external/heaptrack.heaptrack_gui.99529.zst");
    }
    void suppressionsMadeWhileTheLoadEnds()
    {
        QFETCH(QString, file);
        HEAPLINE_SKIP_WITHOUT(file);
        SuppressionSettings settings;
        settings.fromFiles.push_back({ "QString*", "test" });
        ImportOptions options;
        options.suppressions = settings;
        const auto profile = importProfile(corpusFile(file).toStdString(), options).profile;
        QVERIFY(profile);
        const auto atLoad = suppressedCallsites(*profile, settings);
        QCOMPARE(suppressedCallsites(*profile, settings), atLoad); // the same, not made again
        const SuppressedCallsites afterwards(*profile, suppressionRules(*profile, settings));
        QVERIFY(afterwards.count() > 0);
        QCOMPARE(atLoad->count(), afterwards.count());
        QCOMPARE(atLoad->rules().size(), afterwards.rules().size());
        for (uint32_t c = 0; c < profile->callsiteCount(); ++c)
            QCOMPARE(atLoad->rule(CallsiteId { c }), afterwards.rule(CallsiteId { c }));
        // Other settings: made for them.
        SuppressionSettings builtinOnly;
        builtinOnly.embedded = false;
        const auto other = suppressedCallsites(*profile, builtinOnly);
        QVERIFY(other != atLoad);
        QCOMPARE(other->rules().size(), builtinSuppressions().size());
        // A load asked for none makes none.
        const auto plain = importProfile(corpusFile(file).toStdString()).profile;
        QVERIFY(plain);
        QCOMPARE(suppressedCallsites(*plain, settings)->count(), afterwards.count());
    }

    void olderFileFormats_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("original");
        QTest::addColumn<QString>("version");
        // Rewritten from the real recordings by tests/data/make_legacy_heaptrack.py.
        QTest::newRow("phases v1") << "heaptrack.phases.v1.zst" << "recorded/heaptrack.phases.zst" << "1";
        QTest::newRow("phases v0") << "heaptrack.phases.v0.zst" << "recorded/heaptrack.phases.zst" << "0";
        QTest::newRow("david v1") << "heaptrack.david.v1.zst" << "external/heaptrack.david.18594.gz" << "1";
        QTest::newRow("david v0") << "heaptrack.david.v0.zst" << "external/heaptrack.david.18594.gz" << "0";
    }

    void olderFileFormats()
    {
        QFETCH(QString, file);
        QFETCH(QString, original);
        QFETCH(QString, version);
        HeaptrackOracle oracle;
        for (const auto& row : heaptrackOracle())
            if (row.file == original)
                oracle = row;
        QVERIFY(oracle.allocations > 0);
        const auto profile = load(testData(file));
        QVERIFY(profile);
        QCOMPARE(profile->info().formatVersion, version.toStdString());
        const auto& totals = profile->totals();
        QCOMPARE(totals.allocations.value(), oracle.allocations);
        QCOMPARE(totals.temporaryAllocations.value(), oracle.temporary);
        QCOMPARE(totals.peakHeapBytes, oracle.peakHeap);
        QCOMPARE(totals.leakedBytes, oracle.leaked);
        QCOMPARE(totals.peakRssBytes.value(), oracle.peakRss);
        QCOMPARE(static_cast<int64_t>(totals.duration), oracle.durationMs);
    }

    // A hand-written file whose every figure is known (heaptrack_print agrees with them).
    void inlinedFramesOperatorNewAndDemangling()
    {
        const auto profile = load(testData(QStringLiteral("heaptrack.tiny.txt")));
        QVERIFY(profile);
        QCOMPARE(profile->info().command, std::string("./tiny --flag"));
        QCOMPARE(profile->info().producer, std::string("heaptrack 1.4.0"));
        const auto& totals = profile->totals();
        QCOMPARE(totals.allocations.value(), int64_t(5));
        QCOMPARE(totals.temporaryAllocations.value(), int64_t(2));
        QCOMPARE(totals.frees.value(), int64_t(3));
        QCOMPARE(totals.peakHeapBytes, int64_t(144));
        QCOMPARE(totals.leakedBytes, int64_t(80));
        QCOMPARE(totals.peakRssBytes.value(), int64_t(0x20 * 0x1000));
        QCOMPARE(totals.duration, 20.0);
        // operator new is not a callsite; the inlined frame is a frame of its own, innermost
        // first; the mangled name arrives demangled.
        QCOMPARE(profile->callsiteCount(), size_t(2));
        std::vector<std::string> stack;
        for (FrameId f : profile->stackOf(CallsiteId { 0u }))
            stack.push_back(frameText(*profile, f));
        QCOMPARE(stack, (std::vector<std::string> { "inlined_fn @util.h:3", "helper(int) @main.cc:20", "main @main.cc:10" }));
        const auto& leaf = profile->frames()[profile->stackOf(CallsiteId { 0u }).front()];
        QCOMPARE(profile->string(leaf.module), std::string_view("./tiny"));
        const size_t last = profile->checkpointCount() - 1;
        QCOMPARE(profile->live(CallsiteId { 0u }, last), (LiveState { 64, 1 }));
        QCOMPARE(profile->live(CallsiteId { 1u }, last), (LiveState { 16, 1 }));
        QCOMPARE(profile->live(CallsiteId { 0u }, *profile->peakCheckpoint()), (LiveState { 128, 2 }));
        QCOMPARE(profile->timeline().rss.points().size(), size_t(2));
    }

    // A climb of events that need no call (callsites listed, each a new peak) leaves the peak's
    // copy pending until the heap turns (ProfileBuilder::markPeak). A zero-byte allocation then
    // comes after the peak: not in its blocks, nor in its sizes, which are counted after the copy.
    void peakCopiedOnceTheHeapTurns()
    {
        const QByteArray text = "v 10400 3\nX ./peaks\nI 1000 100\n"
                                "s 7 ./peaks\ns 1 f\ns 1 g\ns 7 main.cc\n"
                                "i 1000 1 2 4 a\ni 2000 1 3 4 14\nt 1 0\nt 2 0\n"
                                "a 40 1\na 20 2\na 0 1\n"
                                "c 5\n"
                                "+ 0\n+ 1\n- 0\n- 1\n" // f and g listed, a first peak of 96 bytes
                                "+ 0\n+ 1\n+ 0\n+ 1\n+ 0\n+ 1\n" // the climb: 288 bytes
                                "+ 2\n- 1\n- 0\n" // a zero-byte allocation of f, after the peak
                                "c a\n+ 1\nc 14\n";
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("peaks.txt"));
        QVERIFY(writeFile(path, text));
        const auto profile = load(path);
        QVERIFY(profile);
        QVERIFY2(profile->warnings().empty(), qPrintable(joinedWarnings(*profile)));
        QCOMPARE(profile->callsiteCount(), size_t(2));
        QCOMPARE(profile->totals().peakHeapBytes, int64_t(288));
        QCOMPARE(profile->totals().peakTime, 5.0);
        const size_t peak = profile->peakCheckpoint().value();
        const auto f = CallsiteId { 0u }, g = CallsiteId { 1u };
        QCOMPARE(profile->live(f, peak), (LiveState { 192, 3 }));
        QCOMPARE(profile->live(g, peak), (LiveState { 96, 3 }));
        const size_t last = profile->checkpointCount() - 1;
        QCOMPARE(profile->live(f, last), (LiveState { 128, 3 }));
        QCOMPARE(profile->live(g, last), (LiveState { 96, 3 }));
        // The sizes allocated up to the peak: f's 64-byte blocks and g's 32-byte ones, no zero.
        const auto& store = profile->checkpoints();
        QVERIFY(store.hasSizes());
        std::map<std::pair<uint32_t, int>, int64_t> sizes;
        for (size_t k = 1; k <= peak; ++k)
            store.forEachSize(k, [&](const SizeCount& s) { sizes[{ s.callsite.value, s.sizeClass }] += s.count; });
        const std::map<std::pair<uint32_t, int>, int64_t> expected {
            { { 0u, sizeClassOf(64) }, 4 },
            { { 1u, sizeClassOf(32) }, 4 },
        };
        QCOMPARE(sizes, expected);
    }

    void compressionVariantsAgree()
    {
        const QByteArray text = decompress(readFile(corpusFile(QStringLiteral("recorded/heaptrack.phases-killed.zst"))));
        QVERIFY(text.size() > 1000);
        QTemporaryDir dir;
        const auto plain = dir.filePath(QStringLiteral("plain"));
        const auto gz = dir.filePath(QStringLiteral("data.zst")); // extension deliberately wrong
        const auto zst = dir.filePath(QStringLiteral("data.gz"));
        const auto multi = dir.filePath(QStringLiteral("multi"));
        QVERIFY(writeFile(plain, text));
        QVERIFY(writeFile(gz, gzipCompress(text)));
        QVERIFY(writeFile(zst, zstdCompress(text)));
        // Two gzip members, split at a line boundary, as `cat a.gz b.gz` makes.
        const auto split = text.indexOf('\n', text.size() / 2) + 1;
        QVERIFY(writeFile(multi, gzipCompress(text.left(split)) + gzipCompress(text.mid(split))));
        const auto reference = load(corpusFile(QStringLiteral("recorded/heaptrack.phases-killed.zst")));
        for (const auto& path : { plain, gz, zst, multi }) {
            const auto profile = load(path);
            QVERIFY(profile);
            QCOMPARE(profile->totals().allocations, reference->totals().allocations);
            QCOMPARE(profile->totals().peakHeapBytes, reference->totals().peakHeapBytes);
            QCOMPARE(profile->totals().leakedBytes, reference->totals().leakedBytes);
            QCOMPARE(profile->callsiteCount(), reference->callsiteCount());
            QCOMPARE(profile->checkpointCount(), reference->checkpointCount());
        }
    }

    void cutGzipLoadsUpToTheCut()
    {
        const QByteArray text = decompress(readFile(corpusFile(QStringLiteral("recorded/heaptrack.phases.zst"))));
        const QByteArray gz = gzipCompress(text);
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("cut.gz"));
        QVERIFY(writeFile(path, gz.left(gz.size() / 2)));
        const auto profile = load(path);
        QVERIFY(profile);
        QVERIFY(profile->truncated());
        QVERIFY2(joinedWarnings(*profile).contains(QLatin1String("gzip stream is cut off")), qPrintable(joinedWarnings(*profile)));
        QVERIFY(profile->totals().allocations.value() > 1000);
        QVERIFY(profile->totals().allocations.value() < 124296);
    }

    void brokenFilesGiveClearErrors_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty") << QByteArray() << "empty (0 bytes)";
        QTest::newRow("raw") << QByteArray("v 10400 3\nx d /usr/bin/true\nX /bin/true\nm 1 -\n") << "heaptrack_interpret";
        QTest::newRow("newer format") << QByteArray("v 10900 7\nX ./a\n") << "file format version 7";
        QTest::newRow("binary") << QByteArray("\x7f"
                                              "ELF\x02\x01\x01\0\0\0",
            10) << "not a heap profile that Heapline knows (not compressed): expected a heaptrack file";
        QTest::newRow("binary, after zstd") << zstdCompress(QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16))
                                            << "(zstd, decompressed): expected a heaptrack file";
        QTest::newRow("text") << QByteArray("hello world\n") << "not a heap profile";
        QTest::newRow("zstd header only") << zstdCompress(QByteArray(5000, 'a')).left(6) << "holds no data";
        // heaptrack of a program that never called malloc (fresh/heaptrack.gocgo.zst, Go with cgo).
        QTest::newRow("closing counts only") << zstdCompress(QByteArray("\n# strings: 0\n# ips: 0\n"))
                                             << "a heaptrack recording with nothing in it: heaptrack saw no allocation";
        // What a user may hold beside a recording, told by name with what reads it.
        QTest::newRow("memray") << QByteArray("memray\0\x0b\0\0\0\x01", 12) << "It looks like a memray capture";
        QTest::newRow("lz4") << QByteArray("\x04\x22\x4d\x18\x64\x40\xa7", 7) << "It looks like LZ4-compressed data";
        QTest::newRow("xtree") << QByteArray(
            "# callgrind format\nversion: 1\ncreator: xtree-1\npid: 8311\ncmd: ./trimbuf\n")
                               << "It looks like valgrind's xtree memory report (--xtree-memory)";
        QTest::newRow("callgrind") << QByteArray("# callgrind format\nversion: 1\ncreator: callgrind-3.19.0\n")
                                   << "It looks like a callgrind profile";
        QTest::newRow("ms_print") << QByteArray(
            "--------------------------------------------------------------------------------\nCommand:            "
            "./trimbuf\nMassif arguments:   (none)\nms_print arguments: massif.out.8311\n")
                                  << "It looks like ms_print's report, not massif's file";
        QTest::newRow("heaptrack_print") << QByteArray("reading file \"heaptrack.a.zst\" - please wait, this might "
                                                       "take some time...\nDebuggee command was: ./a\n")
                                         << "It looks like heaptrack_print's report, not a recording";
        QTest::newRow("gperftools") << QByteArray("heap profile:    1:   100 [     1:   100] @ heapprofile\n")
                                    << "It looks like a gperftools heap profile";
        QTest::newRow("jemalloc") << QByteArray("heap_v2/524288\n  t*: 1: 100 [0: 0]\n") << "It looks like a jemalloc";
        QTest::newRow("perf") << QByteArray("PERFILE2\x68\0\0\0", 12) << "It looks like a perf recording";
    }

    // heaptrack run on a Go program (tests/data/fresh/gosvc.go, statically linked, as Go links):
    // its library is never loaded, heaptrack waits until interrupted and leaves a zstd stream of
    // 13 bytes. The message says why, and what records a Go program's heap; a file of another name
    // is told only that it holds nothing.
    void aStaticProgramsEmptyRecordingIsToldWhy()
    {
        const auto result = importProfile(testData(QStringLiteral("fresh/heaptrack.gosvc.zst")).toStdString());
        QVERIFY(result.error.has_value());
        const auto message = QString::fromStdString(result.error->toString());
        QVERIFY2(message.contains(QStringLiteral("holds no data")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("a statically linked program (a Go binary, for one) never does")),
            qPrintable(message));
        // Worded as every message that sends a reader to Go's heap profile is.
        QVERIFY2(message.contains(QString::fromLatin1(GoHeapProfileAdvice) + QStringLiteral(" records it")),
            qPrintable(message));
        QTemporaryDir dir;
        const QString renamed = dir.filePath(QStringLiteral("recording.zst"));
        QVERIFY(QFile::copy(testData(QStringLiteral("fresh/heaptrack.gosvc.zst")), renamed));
        const auto other = QString::fromStdString(importProfile(renamed.toStdString()).error->toString());
        QVERIFY2(other.contains(QStringLiteral("holds no data")) && !other.contains(QStringLiteral("Go")),
            qPrintable(other));
    }

    void brokenFilesGiveClearErrors()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("broken.profile"));
        QVERIFY(writeFile(path, content));
        const auto result = importProfile(path.toStdString());
        QVERIFY(!result.profile);
        QVERIFY(result.error.has_value());
        const auto message = QString::fromStdString(result.error->toString());
        QVERIFY2(message.startsWith(path), qPrintable(message));
        QVERIFY2(message.contains(expected), qPrintable(message));
        QVERIFY(!message.contains(QLatin1Char('\n')));
    }

    void missingFile()
    {
        const auto result = importProfile("/nonexistent/heaptrack.x.zst");
        QVERIFY(!result.profile);
        QVERIFY(QString::fromStdString(result.error->toString()).contains(QLatin1String("No such file")));
    }

    void malformedLinesAreSkippedWithAWarning()
    {
        QByteArray text = readFile(testData(QStringLiteral("heaptrack.tiny.txt")));
        text.replace("+ 1\n- 0\n", "+ 1\n+ zz\n- 0\n"); // line 23 is broken
        text.replace("c 14\n", "c 14\nc 3\n"); // time going backwards
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("bad.txt"));
        QVERIFY(writeFile(path, text));
        const auto profile = load(path);
        QVERIFY(profile);
        const auto warnings = joinedWarnings(*profile);
        QVERIFY2(warnings.contains(QLatin1String("1 malformed line was skipped (line 23")), qPrintable(warnings));
        QVERIFY2(warnings.contains(QLatin1String("going backwards ignored (first at line 32: 3 ms after 20 ms)")), qPrintable(warnings));
        QCOMPARE(profile->totals().allocations.value(), int64_t(5));
        QCOMPARE(profile->totals().leakedBytes, int64_t(80));
        QCOMPARE(profile->totals().duration, 20.0);
    }

    void progressAndCancel()
    {
        const auto path = corpusFile(QStringLiteral("recorded/heaptrack.leakpy.zst")).toStdString();
        ImportControl control;
        std::vector<uint64_t> seen;
        uint64_t total = 0;
        control.onProgress = [&](uint64_t done, uint64_t size) {
            seen.push_back(done);
            total = size;
        };
        const auto complete = importProfile(path, {}, &control);
        QVERIFY(complete.profile);
        QVERIFY(seen.size() >= 2);
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
        QCOMPARE(seen.back(), total);

        ImportControl cancelling;
        int calls = 0;
        cancelling.onProgress = [&](uint64_t, uint64_t) {
            if (++calls == 3)
                cancelling.cancel();
        };
        const auto cancelled = importProfile(path, {}, &cancelling);
        QVERIFY(!cancelled.profile);
        QVERIFY(cancelled.error->cancelled);
    }

    // Lines that straddle buffer boundaries come out whole, whatever the buffer size.
    void lineReaderAcrossTinyBuffers_data()
    {
        QTest::addColumn<int>("chunkSize");
        for (int size : { 1, 2, 3, 7, 64, 4096 })
            QTest::addRow("%d bytes", size) << size;
    }

    void lineReaderAcrossTinyBuffers()
    {
        QFETCH(int, chunkSize);
        const QByteArray text = readFile(testData(QStringLiteral("heaptrack.tiny.txt"))) + "last line without newline";
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("lines.txt"));
        QVERIFY(writeFile(path, text));
        std::string error;
        ChunkPipeline pipeline(Decoder::open(path.toStdString(), error), static_cast<size_t>(chunkSize), 2);
        LineReader reader(pipeline, nullptr);
        reader.setAcceptUnterminatedLastLine(true);
        QList<QByteArray> lines;
        std::string_view line;
        while (reader.next(line))
            lines.append(QByteArray(line.data(), static_cast<qsizetype>(line.size())));
        QCOMPARE(lines, text.split('\n'));
        QCOMPARE(reader.end(), LineReader::End::Complete);
        QCOMPARE(reader.unterminatedTailBytes(), size_t(25));
    }

    void unitsFormatting()
    {
        QCOMPARE(formatBytes(999), std::string("999 B"));
        QCOMPARE(formatBytes(17640666), std::string("17.6 MB"));
        QCOMPARE(formatSignedBytes(-2048), std::string("\u22122.05 kB"));
        QCOMPARE(formatCount(1234567), std::string("1,234,567"));
        QCOMPARE(formatTime(8854, TimeUnit::Milliseconds), std::string("8.854 s"));
    }
};

QTEST_APPLESS_MAIN(TestHeaptrack)
#include "tst_heaptrack.moc"
