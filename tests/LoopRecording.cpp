// A synthetic heaptrack recording whose events repeat, and what the tests compare of its loads.
#include "LoopRecording.h"

#include "importers/HeaptrackEvents.h"
#include "importers/PrescannedRuns.h"

#include <QList>
#include <cstring>
#include <utility>
#include <vector>

namespace heapline::test {

// A recording of a loop: its events are a few lines' period over and over, now and then
// interrupted by another line, through timestamps, new peaks in every round (a round that
// leaks), frees that lower the heap round by round, temporaries below the peak and bursts of one
// line. `padded`: the same events, but an index is written with a leading zero now and then, so
// that the text does not repeat where the events do.
QByteArray loopRecording(bool padded)
{
    QByteArray text = "v 10400 3\nX /tmp/loop\nI 1000 5e2919\n"
                      "s 4 main\ns 4 work\ns 4 make\ns 4 keep\ns 6 /tmp/l\n"
                      "i 1000 5 1\ni 2000 5 2\ni 3000 5 3\ni 4000 5 4\n"
                      "t 1 0\nt 2 1\nt 3 1\nt 4 2\n"
                      "a 10 2\na 40 3\na 1000 4\na 18000 2\na 100000 3\na 7 4\na 30 1\n";
    // Two sequences: the events are the same, padded or not.
    uint32_t seeds[2] = { 1, 2 };
    const auto random = [&seeds](int which) {
        seeds[which] = seeds[which] * 1103515245u + 12345u;
        return (seeds[which] >> 16) & 0x7fff;
    };
    int64_t events = 0, ms = 0;
    const auto event = [&](char kind, int info) {
        text += kind;
        text += ' ';
        if (padded && random(1) % 2)
            text += '0';
        text += QByteArray::number(info, 16);
        text += '\n';
        if (++events % 997 == 0) {
            ms += 10;
            text += "c " + QByteArray::number(ms, 16) + "\n";
        }
    };
    // `count` rounds of the period, another line now and then where `glitch` names one.
    // `count` rounds of the period, another line now and then where `glitch` names one: between
    // two rounds or inside one, so that the loop takes up again from any of its lines.
    const auto rounds
        = [&](std::initializer_list<std::pair<char, int>> period, int count, std::pair<char, int> glitch) {
              int untilGlitch = 20;
              size_t glitchAfter = 0; // events of the round before it
              for (int round = 0; round < count; ++round) {
                  const bool glitches = glitch.first && --untilGlitch == 0;
                  size_t done = 0;
                  for (const auto& [kind, info] : period) {
                      if (glitches && done++ == glitchAfter)
                          event(glitch.first, glitch.second);
                      event(kind, info);
                  }
                  if (glitches && glitchAfter >= period.size())
                      event(glitch.first, glitch.second);
                  if (glitches) {
                      untilGlitch = 10 + static_cast<int>(random(0) % 60);
                      glitchAfter = random(0) % (period.size() + 1);
                  }
              }
          };
    rounds({ { '+', 0 }, { '+', 1 }, { '-', 0 }, { '+', 2 }, { '-', 1 } }, 8000, { '+', 5 }); // leaks: a peak a round
    rounds({ { '-', 2 } }, 6000, { '-', 5 }); // the heap falls
    // Up past that peak in one stretch, then down in one: the stretch up makes the highest peak,
    // the one down the lowest point of its interval.
    rounds({ { '+', 3 }, { '+', 1 }, { '-', 1 } }, 400, {});
    rounds({ { '-', 3 } }, 400, {});
    event('+', 6); // the heap does not come back as low
    rounds({ { '+', 4 }, { '-', 4 } }, 20000, { '+', 6 }); // temporaries below the peak
    rounds({ { '+', 0 }, { '+', 1 }, { '+', 5 }, { '-', 1 }, { '-', 0 }, { '+', 6 }, { '-', 5 } }, 6000, { '-', 6 });
    rounds({ { '+', 1 } }, 3000, { '-', 1 }); // bursts of one line
    rounds({ { '-', 1 }, { '-', 6 } }, 1500, { '-', 2 });
    // An outer loop: short loops and the lines between them, the same round after round, byte
    // for byte (a program's main loop, LongRepeatFinder), through the timestamps: one that gives
    // back all it takes, then one that keeps a block a round (a peak a round).
    const auto outerLoop = [&](int count, bool keeps) {
        for (int round = 0; round < count; ++round) {
            for (int k = 0; k < 12; ++k)
                for (const auto& [kind, info] :
                    { std::pair { '+', 0 }, { '+', 1 }, { '-', 0 }, { '+', 2 }, { '-', 1 } })
                    event(kind, info);
            event('+', 5);
            event('-', 5);
            if (keeps)
                event('+', 3); // the round's highest point: the frees after it lower the heap
            for (int k = 0; k < 12; ++k)
                event('-', 2);
            for (int k = 0; k < 8; ++k) {
                event('+', 4);
                event('-', 4);
            }
        }
    };
    // An outer loop whose round holds no short repeat: 40 allocations of infos in no order, then
    // their frees in another (a std::map filled and cleared), found at the lines its content
    // picks (LongRepeatFinder::isAnchor).
    std::vector<int> allocated(40);
    for (int& info : allocated)
        info = static_cast<int>(random(0) % 7);
    std::vector<int> freed = allocated;
    for (size_t k = freed.size(); k > 1; --k)
        std::swap(freed[k - 1], freed[random(0) % k]);
    for (int round = 0; round < 400; ++round) {
        for (int info : allocated)
            event('+', info);
        for (int info : freed)
            event('-', info);
    }
    outerLoop(300, false);
    outerLoop(300, true);
    for (int k = 0; k < 300; ++k) // what it kept, freed
        event('-', 3);
    // A loop that keeps a block a round, highest in the middle of each round, up past every
    // peak before, then freed: the highest peak is made in the middle of its last round.
    for (int k = 0; k < 400; ++k) {
        event('+', 3);
        event('+', 4);
        event('-', 4);
    }
    event('+', 3); // (the repeat found begins with the 1 MiB block: its last round ends here)
    for (int k = 0; k < 401; ++k)
        event('-', 3);
    text += "c " + QByteArray::number(ms + 10, 16) + "\n# strings: 5\n# ips: 4\n";
    return text;
}

// Everything a load keeps: totals, every checkpoint (its column's bytes, its sizes), the timeline.
QByteArray fingerprint(const Profile& profile)
{
    QByteArray out;
    const auto add
        = [&out](auto... values) { ((out += QByteArray::number(static_cast<qlonglong>(values)) + ' '), ...); };
    const auto& totals = profile.totals();
    add(totals.allocations.value_or(-1), totals.temporaryAllocations.value_or(-1), totals.frees.value_or(-1),
        totals.peakHeapBytes, totals.peakTime * 1000, totals.leakedBytes, totals.duration * 1000,
        profile.peakCheckpoint().value_or(9999), profile.callsiteCount());
    const auto& store = profile.checkpoints();
    for (size_t k = 0; k < store.size(); ++k) {
        out += '\n';
        add(store.time(k) * 1000, store.pinned(k), store.totalAt(k).bytes, store.totalAt(k).blocks,
            store.cumulativeAllocations(k));
        if (k == 0)
            continue;
        store.forEachDelta(k, [&](const CallsiteDelta& d) {
            add(d.callsite.value, d.bytes, d.blocks, d.allocations, d.allocatedBytes, d.frees, d.temporary, d.peakRise);
        });
        if (store.hasSizes())
            store.forEachSize(k, [&](const SizeCount& size) { add(size.callsite.value, size.sizeClass, size.count); });
    }
    for (const Series* series :
        { &profile.timeline().heap, &profile.timeline().blocks, &profile.timeline().allocations })
        for (const auto& point : series->points()) {
            out += '\n';
            add(point.time * 1000, point.value, point.min, point.max);
        }
    return out;
}

// The records a prescan should have made of the `lines` lines from `begin` on, read the plain way.
static std::vector<uint32_t> recordsOfLines(const char* begin, uint32_t lines)
{
    std::vector<uint32_t> records;
    for (uint32_t l = 0; l < lines; ++l) {
        const char* end = static_cast<const char*>(std::memchr(begin, '\n', 64));
        const QList<QByteArray> fields = QByteArray(begin, end - begin).split(' ');
        bool ok = true;
        const auto field = [&](int i) { return fields.value(i).toULongLong(&ok, 16); };
        switch (begin[0]) {
        case '+':
            records.push_back(static_cast<uint32_t>(field(1) << 2));
            break;
        case '-':
            records.push_back(static_cast<uint32_t>(field(1) << 2) | 1);
            break;
        case 't':
            records.push_back(static_cast<uint32_t>(field(1) << 2) | 2);
            records.push_back(static_cast<uint32_t>(field(2)));
            break;
        case 'a':
            records.push_back(static_cast<uint32_t>(field(2) << 2) | 3);
            records.push_back(static_cast<uint32_t>(field(1)));
            records.push_back(static_cast<uint32_t>(field(1) >> 32));
            break;
        default:
            records.push_back(UINT32_MAX);
        }
        begin = end + 1;
    }
    return records;
}

// Prescans `text` in chunks of `chunkSize` bytes: true when the runs are in order and every run's
// records, a repeat's period as many times as it repeats, are those of the lines it covers;
// `repeats` counts the repeats, `longRepeats` those of more than 32 lines.
bool prescanMatchesLines(const QByteArray& text, size_t chunkSize, size_t& repeats, size_t* longRepeats)
{
    repeats = 0;
    if (longRepeats)
        *longRepeats = 0;
    for (size_t offset = 0; offset < static_cast<size_t>(text.size()); offset += chunkSize) {
        ChunkPipeline::Chunk chunk;
        chunk.data = text.constData() + offset;
        chunk.size = std::min(chunkSize, static_cast<size_t>(text.size()) - offset);
        prescanHeaptrackEvents(chunk, offset == 0 || text[offset - 1] == '\n');
        uint32_t previousEnd = 0;
        for (const auto& run : chunk.runs) {
            // The parser meets the runs in order.
            if (run.begin < previousEnd || run.end <= run.begin) {
                qWarning("the run at byte %zu is out of order", offset + run.begin);
                return false;
            }
            previousEnd = run.end;
            std::vector<uint32_t> records;
            const uint32_t* value = chunk.values.data() + run.first;
            for (uint32_t round = 0; round < run.repeats; ++round) {
                const uint32_t* record = value;
                for (uint32_t line = 0; line < run.count; ++line) {
                    const uint32_t length = prescannedRecordLength(*record);
                    records.insert(records.end(), record, record + length);
                    record += length;
                }
            }
            repeats += run.repeats > 1;
            if (longRepeats)
                *longRepeats += run.repeats > 1 && run.count > 32;
            const char* const end
                = PrescannedRuns::skipLines(chunk.data + run.begin, chunk.data + chunk.size, run.count * run.repeats);
            if (end != chunk.data + run.end
                || records != recordsOfLines(chunk.data + run.begin, run.count * run.repeats)) {
                qWarning("the run at byte %zu does not match its text", offset + run.begin);
                return false;
            }
        }
    }
    return true;
}
} // namespace heapline::test
