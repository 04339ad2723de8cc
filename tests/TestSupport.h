#pragma once

#include "importers/ChunkPipeline.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <map>
#include <optional>
#include <vector>

namespace heapline::test {

QString corpusDir(); // ../shared/corpus: real recordings, MANIFEST.md holds the reference figures
// A corpus file: from ../shared/corpus, else from the copy of its small files in tests/data/corpus
// (a lone clone). Stops the test run when neither has it, unless it is one of the big recordings
// only ../shared holds (isBigCorpusFile): then the path is returned as it is, and the test that
// needs it skips with HEAPLINE_SKIP_WITHOUT.
QString corpusFile(const QString& relative);
// The recordings too big to copy into the repository (the cc1plus ones).
bool isBigCorpusFile(const QString& relative);
// Empty when the corpus file is there; otherwise the one line a skipped test says.
QString missingCorpusFile(const QString& relative);
QString testData(const QString& name); // tests/data

// One row of MANIFEST.md's "Oracle: heaptrack files" table.
struct HeaptrackOracle {
    QString file;
    int formatVersion = 0;
    int64_t allocations = 0;
    int64_t temporary = 0;
    int64_t peakHeap = 0;
    int64_t leaked = 0;
    int64_t peakRss = 0;
    int64_t durationMs = 0;
};
std::vector<HeaptrackOracle> heaptrackOracle();

// A finished child process. A run that outlives its time is killed: exitCode -2, err "timed out";
// one that dies of a signal has exitCode -1.
struct ProcessRun {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};
ProcessRun runProcess(const QString& program, const QStringList& args, int timeoutMs = 180000);
ProcessRun runCli(const QStringList& args); // heapline-cli ARGS

// Whole-file helpers for building variants of real recordings.
QByteArray readFile(const QString& path);
bool writeFile(const QString& path, const QByteArray& bytes);
QByteArray decompress(const QByteArray& bytes); // zstd, gzip or plain, by content
QByteArray zstdCompress(const QByteArray& bytes);
QByteArray gzipCompress(const QByteArray& bytes);

// A prescan that reads lines away from a chunk's end without checking for it must read every line
// alike there and as the chunk's last lines: `line` three times in a row (a run where they are
// read; `read` says whether they are), first at a chunk's start with a line of another kind of
// `otherLength` bytes after them (longer than the prescan's longest line), then at its end. Fails
// the current test otherwise. `recordLength`: the format's values per record, from its head.
void verifyPrescanReadsLineAlike(ChunkPipeline::Prescan prescan, uint32_t (*recordLength)(uint32_t),
    const QByteArray& line, bool read, int otherLength);

} // namespace heapline::test

// Skips the current test (or data row) when a big corpus recording is not beside the clone.
#define HEAPLINE_SKIP_WITHOUT(relative)                                                                    \
    do {                                                                                                  \
        const QString heaplineMissing_ = heapline::test::missingCorpusFile(relative);                    \
        if (!heaplineMissing_.isEmpty())                                                                  \
            QSKIP(qPrintable(heaplineMissing_));                                                          \
    } while (false)

// Fails the current test unless `text` (a QString) contains `phrase`, and shows the text.
#define HEAPLINE_VERIFY_CONTAINS(text, phrase) QVERIFY2((text).contains(QString::fromUtf8(phrase)), qPrintable(text))
