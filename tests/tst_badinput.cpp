// Hostile and broken input, for every reader: each case gives the data up to the fault with a
// warning, or an error that names the file and the place — never a crash, a hang, or an
// allocation sized by the file. Run under .ci/build.sh sanitize too, where ASan and UBSan watch.

#include "TestSupport.h"
#include "importers/Importer.h"
#include "model/Diff.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace heapline;
using namespace heapline::test;

namespace {

QByteArray heaptrackText()
{
    return decompress(readFile(corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")))).left(150000);
}

QByteArray massifText()
{
    return readFile(corpusFile(QStringLiteral("recorded/massif.out.phases")));
}

QByteArray heaplineText()
{
    return readFile(testData(QStringLiteral("heapline.tiny.heapline")));
}

QByteArray sample(const QString& format)
{
    if (format == QLatin1String("heaptrack"))
        return heaptrackText();
    if (format == QLatin1String("massif"))
        return massifText();
    return heaplineText();
}

} // namespace

class TestBadInput : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_files = 0;

    // Imports `bytes` and checks the outcome is one of the two allowed ones; returns the profile.
    std::shared_ptr<const Profile> handled(const QByteArray& bytes)
    {
        const QString path = m_dir.filePath(QStringLiteral("case-%1").arg(m_files++ % 8));
        if (!writeFile(path, bytes))
            qFatal("cannot write %s", qPrintable(path));
        const auto result = importProfile(path.toStdString());
        if (!result) {
            const std::string text = result.error->toString();
            if (result.error->message.empty() || text.find(path.toStdString()) == std::string::npos)
                qFatal("an error that does not say what or where: %s", text.c_str());
            return nullptr;
        }
        // The profile answers queries over the whole run.
        const auto analysis = std::make_shared<const Analysis>(result.profile);
        const auto diff = computeDiff(analysis, 0, result.profile->checkpointCount() - 1, Grouping::Function);
        for (const auto& row : diff.rows)
            (void)diff.key(row);
        return result.profile;
    }

private slots:
    void matrix_data()
    {
        QTest::addColumn<QString>("format");
        QTest::newRow("heaptrack") << "heaptrack";
        QTest::newRow("massif") << "massif";
        QTest::newRow("heapline") << "heapline";
    }

    void matrix()
    {
        QFETCH(QString, format);
        const QByteArray text = sample(format);
        QVERIFY(text.size() > 300);
        QVERIFY(handled(text));

        // Empty, and wrong magic.
        QVERIFY(!handled(QByteArray()));
        QVERIFY(!handled(QByteArray("\x7f" "ELF\x02\x01\x01", 7) + QByteArray(3000, '\0')));
        QVERIFY(!handled(QByteArray("PK\x03\x04") + text));

        // Compressed streams cut mid-frame: the part before the cut, marked as cut.
        for (const QByteArray& packed : { zstdCompress(text), gzipCompress(text) }) {
            for (double fraction : { 0.1, 0.5, 0.9 }) {
                const auto profile = handled(packed.left(int(packed.size() * fraction)));
                if (profile)
                    QVERIFY(profile->truncated() || !profile->warnings().empty());
            }
        }

        // Cut at every line boundary (heaptrack: the first 300 lines' worth).
        int boundaries = 0;
        for (int at = text.indexOf('\n'); at >= 0 && boundaries < 300; at = text.indexOf('\n', at + 1), ++boundaries)
            handled(text.left(at + 1));

        // Bit flips.
        QRandomGenerator random(20261124);
        for (int i = 0; i < 150; ++i) {
            QByteArray flipped = text;
            for (int k = 0; k < 1 + i % 4; ++k) {
                const int at = random.bounded(int(flipped.size()));
                flipped[at] = char(flipped[at] ^ (1 << random.bounded(8)));
            }
            handled(flipped);
        }

        // A 1 MB symbol, invalid UTF-8, negative and overflowing numbers, absurd counts, time
        // running backwards: inserted where the format has such fields.
        const QByteArray huge(1 << 20, 'S');
        QList<QByteArray> variants;
        if (format == QLatin1String("heaptrack")) {
            const int firstString = text.indexOf("\ns ") + 1;
            variants << text.left(firstString) + "s " + QByteArray::number(huge.size(), 16) + ' ' + huge + '\n' + text.mid(firstString)
                     << QByteArray(text).replace("\ns ", "\ns \xff\xfe\xc0\x80 ")
                     << QByteArray(text).replace("\n+ ", "\n+ -")
                     << QByteArray(text).replace("\na ", "\na ffffffffffffffffffff ")
                     << QByteArray(text).replace("\nc ", "\nc 0")
                     << text + "i ffffffffffff 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1\n"
                     << text + "t ffffffff 7fffffff\n+ ffffffffff\n- 7fffffffffffffff\n"
                     << text + "c 1\n";
        } else if (format == QLatin1String("massif")) {
            variants << QByteArray(text).replace("(heap allocation functions)", huge)
                     << QByteArray(text).replace("??? ", "\xff\xfe\xc0\x80 ")
                     << QByteArray(text).replace("mem_heap_B=", "mem_heap_B=-")
                     << QByteArray(text).replace("mem_heap_B=", "mem_heap_B=99999999999999999999999")
                     << QByteArray(text).replace("time=", "time=-")
                     << QByteArray(text).replace("n1:", "n4000000000:")
                     << QByteArray(text).replace("snapshot=", "snapshot=99999999999999999999");
        } else {
            variants << QByteArray(text).replace("s 1 handle", "s 1 " + huge)
                     << QByteArray(text).replace("s 1 handle", "s 1 \xff\xfe\xc0\x80")
                     << QByteArray(text).replace("d 2 2000 20", "d 2 -99999999999999999999 20")
                     << QByteArray(text).replace("S 1.0", "S -1.0")
                     << QByteArray(text).replace("n 2 1 2", "n 4000000000 1 2")
                     << QByteArray(text).replace("c 4 80 6400", "c 4 4000000000000 6400");
        }
        for (const QByteArray& variant : variants)
            handled(variant);
    }

    // A massif tree 100 000 levels deep (5 GB of indentation, streamed to disk): no recursion to
    // overflow the stack, stacks capped, memory flat.
    void deepMassifTree()
    {
        const QString path = m_dir.filePath(QStringLiteral("massif.out.deep"));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("desc: (none)\ncmd: ./deep\ntime_unit: i\n#-----------\nsnapshot=0\n#-----------\n"
                       "time=0\nmem_heap_B=100\nmem_heap_extra_B=0\nmem_stacks_B=0\nheap_tree=detailed\n"
                       "n1: 100 (heap allocation functions) malloc/new/new[], --alloc-fns, etc.\n");
            constexpr int Depth = 100000;
            const QByteArray spaces(Depth, ' ');
            QByteArray chunk;
            for (int depth = 1; depth <= Depth; ++depth) {
                chunk += QByteArrayView(spaces.constData(), depth);
                chunk += depth == Depth ? "n0: 100 0x" : "n1: 100 0x";
                chunk += QByteArray::number(0x400000 + depth, 16) + ": f" + QByteArray::number(depth) + " (deep.c:1)\n";
                if (chunk.size() > (8 << 20) || depth == Depth) {
                    QCOMPARE(file.write(chunk), chunk.size());
                    chunk.clear();
                }
            }
        }
        const auto result = importProfile(path.toStdString());
        QFile::remove(path);
        QVERIFY(result);
        QCOMPARE(result.profile->totals().peakHeapBytes, int64_t(100));
        QVERIFY(result.profile->stackOf(CallsiteId { 0 }).size() <= 1024);
        QVERIFY(result.profile->memoryBytes() < (64u << 20));
    }

    // Inputs the fuzzers once found a fault with (tests/data/fuzz/FORMAT-what): fed as the fuzz
    // target feeds them, so that the sanitizer suite keeps them fixed.
    void fuzzFindingsStayFixed()
    {
        const QDir folder(testData(QStringLiteral("fuzz")));
        const auto files = folder.entryList(QDir::Files);
        QVERIFY(!files.isEmpty());
        for (const QString& name : files) {
            const QByteArray prefix = name.startsWith(QLatin1String("heaptrack")) ? "v 10400 3\n"
                : name.startsWith(QLatin1String("massif"))                        ? "desc: (none)\n"
                                                                                  : "heapline 1\n";
            const QByteArray input = readFile(folder.filePath(name));
            handled(input.startsWith(prefix) ? input : prefix + input);
        }
    }

    // Mutated corpus files through the CLI: exit 0 or 2, never a signal.
    void mutatedCorpusFilesThroughTheCli()
    {
        QRandomGenerator random(7);
        const QStringList files{ QStringLiteral("recorded/heaptrack.phases.zst"), QStringLiteral("external/massif.out.kate"),
                                 QStringLiteral("external/heaptrack.david.18594.gz"), QStringLiteral("recorded/massif.out.phases-stacks") };
        for (const QString& name : files) {
            const QByteArray original = readFile(corpusFile(name));
            for (int i = 0; i < 6; ++i) {
                QByteArray mutated = original;
                for (int k = 0; k < 1 + i * 3; ++k) {
                    const int at = random.bounded(int(mutated.size()));
                    mutated[at] = char(random.bounded(256));
                }
                if (i == 5)
                    mutated.truncate(random.bounded(int(mutated.size())));
                const QString path = m_dir.filePath(QStringLiteral("mutated"));
                QVERIFY(writeFile(path, mutated));
                QProcess cli;
                cli.start(QStringLiteral(HEAPLINE_CLI), { QStringLiteral("summary"), QStringLiteral("--json"), path });
                QVERIFY2(cli.waitForFinished(60000), qPrintable(name));
                QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
                QVERIFY2(cli.exitCode() == 0 || cli.exitCode() == 2, qPrintable(name + QStringLiteral(" exit %1").arg(cli.exitCode())));
                if (cli.exitCode() == 2)
                    QCOMPARE(cli.readAllStandardError().count('\n'), 1);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_badinput.moc"
