#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTest>
#include <zlib.h>
#include <zstd.h>

namespace heapline::test {

ProcessRun runProcess(const QString& program, const QStringList& args, int timeoutMs)
{
    QProcess process;
    process.start(program, args);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return { -2, process.readAllStandardOutput(), "timed out" };
    }
    return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
             process.readAllStandardError() };
}

ProcessRun runCli(const QStringList& args)
{
    return runProcess(QStringLiteral(HEAPLINE_CLI), args);
}


QString corpusDir()
{
    return QDir::cleanPath(QStringLiteral(HEAPLINE_CORPUS_DIR));
}

bool isBigCorpusFile(const QString& relative)
{
    return relative.contains(QLatin1String("cc1plus"));
}

QString corpusFile(const QString& relative)
{
    const QString shared = corpusDir() + QLatin1Char('/') + relative;
    if (QFile::exists(shared))
        return shared;
    const QString copy = testData(QStringLiteral("corpus/") + relative);
    if (QFile::exists(copy))
        return copy;
    if (!isBigCorpusFile(relative))
        qFatal("%s is in neither %s nor tests/data/corpus", qPrintable(relative), qPrintable(corpusDir()));
    return shared;
}

QString missingCorpusFile(const QString& relative)
{
    if (QFile::exists(corpusFile(relative)))
        return {};
    return QStringLiteral("%1 is not here: it is in ../shared/corpus only (clone the project with ../shared beside it)").arg(relative);
}

QString testData(const QString& name)
{
    return QStringLiteral(HEAPLINE_TEST_DATA "/") + name;
}

std::vector<HeaptrackOracle> heaptrackOracle()
{
    QFile manifest(corpusFile(QStringLiteral("MANIFEST.md")));
    if (!manifest.open(QIODevice::ReadOnly))
        qFatal("cannot read MANIFEST.md");
    std::vector<HeaptrackOracle> rows;
    bool inTable = false;
    for (const QByteArray& raw : manifest.readAll().split('\n')) {
        const QString line = QString::fromUtf8(raw).trimmed();
        if (line.startsWith(QLatin1String("## Oracle: heaptrack files"))) {
            inTable = true;
            continue;
        }
        if (inTable && line.startsWith(QLatin1String("## ")))
            break;
        if (!inTable || !line.startsWith(QLatin1String("| `")))
            continue;
        QStringList cells = line.split(QLatin1Char('|'), Qt::SkipEmptyParts);
        for (auto& cell : cells)
            cell = cell.trimmed();
        if (cells.size() < 8)
            continue;
        HeaptrackOracle row;
        row.file = cells[0].remove(QLatin1Char('`'));
        row.formatVersion = cells[1].toInt();
        row.allocations = cells[2].toLongLong();
        row.temporary = cells[3].toLongLong();
        row.peakHeap = cells[4].toLongLong();
        row.leaked = cells[5].toLongLong();
        row.peakRss = cells[6].toLongLong();
        row.durationMs = cells[7].toLongLong();
        rows.push_back(row);
    }
    return rows;
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

QByteArray decompress(const QByteArray& bytes)
{
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.constData());
    if (bytes.size() >= 4 && data[0] == 0x28 && data[1] == 0xB5 && data[2] == 0x2F && data[3] == 0xFD) {
        QByteArray out;
        ZSTD_DStream* stream = ZSTD_createDStream();
        ZSTD_initDStream(stream);
        ZSTD_inBuffer in { bytes.constData(), static_cast<size_t>(bytes.size()), 0 };
        std::vector<char> buffer(1 << 20);
        while (in.pos < in.size) {
            ZSTD_outBuffer o { buffer.data(), buffer.size(), 0 };
            const size_t rc = ZSTD_decompressStream(stream, &o, &in);
            out.append(buffer.data(), static_cast<qsizetype>(o.pos));
            if (ZSTD_isError(rc))
                break;
        }
        for (;;) { // flush what the decoder still holds
            ZSTD_outBuffer o { buffer.data(), buffer.size(), 0 };
            ZSTD_decompressStream(stream, &o, &in);
            if (o.pos == 0)
                break;
            out.append(buffer.data(), static_cast<qsizetype>(o.pos));
        }
        ZSTD_freeDStream(stream);
        return out;
    }
    if (bytes.size() >= 2 && data[0] == 0x1F && data[1] == 0x8B) {
        QByteArray out;
        z_stream z {};
        inflateInit2(&z, 15 + 32);
        z.next_in = const_cast<Bytef*>(data);
        z.avail_in = static_cast<uInt>(bytes.size());
        std::vector<char> buffer(1 << 20);
        int rc = Z_OK;
        while (rc == Z_OK) {
            z.next_out = reinterpret_cast<Bytef*>(buffer.data());
            z.avail_out = static_cast<uInt>(buffer.size());
            rc = inflate(&z, Z_NO_FLUSH);
            out.append(buffer.data(), static_cast<qsizetype>(buffer.size() - z.avail_out));
        }
        inflateEnd(&z);
        return out;
    }
    return bytes;
}

QByteArray zstdCompress(const QByteArray& bytes)
{
    QByteArray out(static_cast<qsizetype>(ZSTD_compressBound(static_cast<size_t>(bytes.size()))), Qt::Uninitialized);
    const size_t n = ZSTD_compress(out.data(), static_cast<size_t>(out.size()), bytes.constData(),
                                   static_cast<size_t>(bytes.size()), 3);
    out.resize(ZSTD_isError(n) ? 0 : static_cast<qsizetype>(n));
    return out;
}

QByteArray gzipCompress(const QByteArray& bytes)
{
    z_stream z {};
    deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(static_cast<qsizetype>(deflateBound(&z, static_cast<uLong>(bytes.size()))) + 64, Qt::Uninitialized);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.constData()));
    z.avail_in = static_cast<uInt>(bytes.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(static_cast<qsizetype>(z.total_out));
    deflateEnd(&z);
    return out;
}

void verifyPrescanReadsLineAlike(ChunkPipeline::Prescan prescan, uint32_t (*recordLength)(uint32_t),
    const QByteArray& line, bool read, int otherLength)
{
    const QByteArray lines = line + "\n" + line + "\n" + line + "\n";
    const QByteArray other = "# " + QByteArray(otherLength, 'x') + "\n";
    const auto prescanned = [&](const QByteArray& text) {
        ChunkPipeline::Chunk chunk;
        chunk.data = text.constData();
        chunk.size = static_cast<size_t>(text.size());
        prescan(chunk, true);
        return chunk;
    };
    const QByteArray atStart = lines + other;
    const QByteArray atEnd = other + lines;
    const auto first = prescanned(atStart);
    const auto last = prescanned(atEnd);
    QCOMPARE(first.runs.size(), size_t(read));
    QCOMPARE(last.runs.size(), size_t(read));
    QCOMPARE(first.values, last.values);
    if (read) {
        QCOMPARE(first.runs[0].count, 3u);
        QCOMPARE(atStart.mid(first.runs[0].begin, first.runs[0].end - first.runs[0].begin), lines);
        QCOMPARE(atEnd.mid(last.runs[0].begin, last.runs[0].end - last.runs[0].begin), lines);
        QCOMPARE(size_t(recordLength(first.values[0])) * 3, first.values.size());
    }
}

} // namespace heapline::test
