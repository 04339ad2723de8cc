#include "TimeSpec.h"

#include "Wording.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace heapline {

namespace {

bool parseNumber(std::string_view text, double& value)
{
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size() && std::isfinite(value);
}

} // namespace

namespace {

// At most this many checkpoints may stand level at the run's end after its final fall.
constexpr int TeardownFlatCheckpoints = 3;
// A fall may pause for at most this many checkpoints (level, between two of its steps).
constexpr size_t TeardownPauseCheckpoints = 2;

struct FinalFall {
    size_t checkpoint; // the last before the fall
    int64_t before;
    int64_t atEnd;
};

// The fall of `level` (a value per checkpoint) that ends the run, when it is a teardown: begun in
// the run's last teardownStretch, down to teardownRemains of where it stood and of the lowest it
// stood in that stretch before (the free of a last batch falls to that floor, and is none).
// `intervalHigh(k)`: the most it stood at in the interval that ends at checkpoint k, where that
// is known (else the level at k).
//
// `beyondLast`: where the level stood at the run's end, past the last checkpoint, where the format
// records that (massif's last snapshots are often totals only: a teardown that its last detailed
// snapshot caught half-way, 12.2 MB falling to 2.6 MB, ended at 0.5 MB).
template <typename Level, typename High>
std::optional<FinalFall> finalFall(const CheckpointStore& store, Level level, High intervalHigh, int64_t minBytes,
    const GrowthThresholds& th, std::optional<SeriesPoint> beyondLast = std::nullopt)
{
    const size_t last = store.size() - 1;
    if (beyondLast && (beyondLast->time <= store.time(last) || beyondLast->value >= level(last)))
        beyondLast.reset();
    const double endTime = beyondLast ? beyondLast->time : store.time(last);
    const double stretchStart = endTime - th.teardownStretch * (endTime - store.time(0));
    // From the end, back up the descent to where it began: past the checkpoints that stood where
    // the run ended, after the fall, first (futs.cpp: 60 000 futures freed at exit over three
    // checkpoints, then two more at 4 kB; B went to the end, "the run does not tear down").
    size_t k = beyondLast ? last : last - 1;
    for (int flat = 0; flat < TeardownFlatCheckpoints && k > 1 && store.time(k - 1) >= stretchStart
         && std::llabs(level(k - 1) - level(last)) <= minBytes / 8
         && std::llabs(level(k) - level(last)) <= minBytes / 8;
         ++flat)
        --k;
    while (k > 1 && store.time(k - 1) >= stretchStart) {
        if (level(k - 1) > level(k)) {
            --k;
            continue;
        }
        // A pause in the fall: the level held for a checkpoint or two, stood well above it before,
        // and had stood nowhere as low in the stretch before that (node's exit, V8 freeing 156 MB
        // of buffers over 0.2 s, held at 71.5 MB for one interval: B went there, "the program
        // freed 70.7 MB as it exited"). Not a level the run stood at for longer, nor a last
        // batch's free back to where the batches start, then a pause (frag.c's last round, then
        // its sleep: B stays after that round).
        size_t j = k - 1;
        while (j > 1 && k - j <= TeardownPauseCheckpoints && level(j) == level(k) && store.time(j - 1) >= stretchStart)
            --j;
        if (level(j) <= level(k) + minBytes || store.time(j) < stretchStart)
            break;
        bool stoodAsLow = false;
        for (size_t i = j; i > 0 && store.time(i - 1) >= stretchStart && !stoodAsLow; --i)
            stoodAsLow = level(i - 1) <= level(k);
        if (stoodAsLow)
            break;
        k = j;
    }
    const int64_t before = level(k), atEnd = beyondLast ? beyondLast->value : level(last);
    const auto small = [&](int64_t reference) { return static_cast<double>(atEnd) <= th.teardownRemains * static_cast<double>(reference); };
    // Where the level rose past `before` in the last interval, the fall began inside it, later
    // than checkpoint k, however early k was. (An asyncio ingest service that freed its backlog
    // as it ended: snapshots at 0.45 s, 44.8 MB, and at its end, 0.85 s, 6.6 MB, the heap at
    // 56 MB between. B went to the end: "nothing of the program's own grew".)
    const bool fellInLastInterval = !beyondLast && k == last - 1 && intervalHigh(last) > before;
    if ((store.time(k) < stretchStart && !fellInLastInterval) || before < minBytes || !small(before))
        return std::nullopt;
    // The floor: over the stretch, and, where the heap rose above where the fall began inside
    // the intervals before it (batches that came and went between checkpoints), over their last
    // few checkpoints too. A sampled recording's snapshots come every tenth of the run so far,
    // each catching a loop of batches with one in flight (a fresh Python collector: 3.2-5.8 MB,
    // its highs 6.7-7.3 MB, the stretch holding one checkpoint); the loop's end freed the last
    // batch, 5.8 -> 1.2 MB, which read as a teardown, B before it, the batch a stepwise leak. A
    // climb's highs stay below where it ends: its floor stays the stretch's.
    // Above by a tenth: a climb's high, read a moment before its checkpoint's level, can stand a
    // little above it (the backlog's: 45.4 MB, then 44.8 at the checkpoint).
    // From the checkpoint before the first such interval, not further back: the climb before it
    // is no batch's floor (an --exact recording of an asyncio backlog, snapshots seconds apart:
    // 20.0 MB, a high of 65.4 MB, 56.2 MB before its exit freed it; its floor had come from the
    // climb's start, 0 B, and B went to the end, "linear +3.50 MB").
    const size_t window = std::min(k, size_t(th.teardownFloorCheckpoints)); // checkpoints k - window + 1 .. k
    size_t floorFrom = k + 1; // none before the stretch
    for (size_t j = k; j + window > k; --j)
        if (static_cast<double>(intervalHigh(j)) > 1.1 * static_cast<double>(before))
            floorFrom = std::max(j - 1, k + 1 - window);
    int64_t floor = before;
    for (size_t j = k; j > 0 && (store.time(j) >= stretchStart || j >= floorFrom); --j)
        floor = std::min(floor, level(j));
    if (!small(floor))
        return std::nullopt;
    // A program that builds batches and frees them falls like this at the end of every batch: a
    // fall that the run already made teardownRepeats times before, from as high, is the last
    // batch's end. (Its floor between batches, caught at checkpoints taken while the next batch
    // was being built, can stand well above where the run ends.) The batches go on to the end:
    // the last of those falls came in the run's later part. Batches at the start, before a climb
    // that the exit freed, made a program that keeps a log and runs a batch now and then read
    // "the run does not tear down", B at the end, where nothing had grown.
    const double tall = th.teardownRepeatHeight * static_cast<double>(before);
    const double recentStart = endTime - th.teardownRepeatRecent * (endTime - store.time(0));
    int repeats = 0;
    bool recent = false;
    int64_t high = 0; // since the last repeat; 0: not as high yet
    for (size_t j = 0; j < k; ++j) {
        const int64_t value = level(j);
        if (static_cast<double>(value) >= tall) {
            high = std::max(high, value);
        } else if (high > 0 && static_cast<double>(value) <= th.teardownRemains * static_cast<double>(high)) {
            ++repeats;
            recent = store.time(j) >= recentStart;
            high = 0;
        }
    }
    if (repeats >= th.teardownRepeats && recent)
        return std::nullopt;
    return FinalFall { k, before, atEnd };
}

} // namespace

std::optional<Teardown> findTeardown(const Profile& profile, const GrowthThresholds& th)
{
    const auto& store = profile.checkpoints();
    if (store.size() < 3)
        return std::nullopt;
    Teardown teardown;
    const auto heap = [&](size_t k) { return store.totalAt(k).bytes; };
    const auto heapHigh = [&](size_t k) {
        return std::max(heap(k), profile.timeline().heapHighBetween(store.time(k - 1), store.time(k)).value_or(0));
    };
    const auto& heapSeries = profile.timeline().heap;
    const auto heapAtEnd = heapSeries.empty() ? std::nullopt : std::optional(heapSeries.points().back());
    if (const auto fall = finalFall(store, heap, heapHigh, th.teardownMinBytes, th, heapAtEnd)) {
        teardown.checkpoint = fall->checkpoint;
        teardown.heapBefore = fall->before;
        teardown.heapAtEnd = fall->atEnd;
    } else {
        // A process whose memory the tracer does not see (mmap'd pools, a C extension's own)
        // tears down too: its resident memory, above where it started, falls as it exits, and
        // up to the end RSS would show no growth at all.
        const auto& rss = profile.timeline().rss;
        if (rss.empty())
            return std::nullopt;
        const int64_t startRss = rss.levelAt(store.time(0));
        const auto grownRss = [&](size_t k) { return rss.levelAt(store.time(k)) - startRss; };
        const auto rssFall = finalFall(store, grownRss, grownRss, th.nativeMinBytes, th);
        if (!rssFall)
            return std::nullopt;
        teardown.checkpoint = rssFall->checkpoint;
        teardown.heapBefore = heap(rssFall->checkpoint);
        teardown.heapAtEnd = heap(store.size() - 1);
        // Not where the traced heap rose past where RSS began to fall: an exit frees, it does not
        // grow the heap. An --exact recording of a busy machine read RSS 16.1 -> 7.4 MB at its
        // exit beside a heap that rose 15.2 -> 20.9 MB (the recorder's own memory, taken off RSS,
        // read high), and B before the fall left out the run's last growth.
        if (teardown.heapAtEnd - teardown.heapBefore > th.teardownMinBytes)
            return std::nullopt;
        teardown.rssReleased = rssFall->before - rssFall->atEnd;
    }
    teardown.time = store.time(teardown.checkpoint);
    return teardown;
}

namespace {

// Where the recording goes on past its last checkpoint in totals only (massif's snapshots after
// its last detailed one: kate's heap fell from 28.2 to 9.69 MB in three of them), B at the end
// is that checkpoint, and says so: else "the end" names a point the chart shows B short of.
std::string beyondLastCheckpoint(const Profile& profile, TimeUnit unit)
{
    const auto& store = profile.checkpoints();
    const double lastTime = store.time(store.size() - 1);
    const auto& heap = profile.timeline().heap;
    const auto points = heap.points();
    const auto after
        = std::count_if(points.begin(), points.end(), [&](const SeriesPoint& p) { return p.time > lastTime; });
    // (Not where they only repeat its level: a --stacks=yes run's last snapshots, the heap at 0 B.)
    const int64_t atLast = heap.valueAt(lastTime);
    if (after == 0 || std::all_of(points.end() - after, points.end(), [&](const SeriesPoint& p) {
            return p.value == atLast && p.min == atLast && p.max == atLast;
        }))
        return {};
    return beyondLastCheckpointReason(lastTime, static_cast<size_t>(after), points.back(), unit);
}

} // namespace

bool resolveTimeSpec(const Profile& profile, std::string_view spec, TimeSpec& result, std::string& error)
{
    const auto& store = profile.checkpoints();
    const size_t last = store.size() - 1;
    const double start = store.time(0);
    const double end = std::max(store.time(last), profile.totals().duration);
    const TimeUnit unit = profile.info().timeUnit;
    result = {};
    result.requested = std::string(spec);
    const auto snap = [&](double time) {
        result.requestedTime = time;
        result.checkpoint = store.nearest(time);
        result.time = store.time(result.checkpoint);
        return true;
    };
    const auto fail = [&](std::string why) {
        error = "time \"" + std::string(spec) + "\": " + why;
        return false;
    };

    if (spec.empty())
        return fail("empty (expected e.g. 12.5s, 800ms, start, end, peak, 40%, #7 or mark:NAME)");
    if (spec == "start" || spec == "begin") {
        result.checkpoint = 0;
        result.time = result.requestedTime = start;
        return true;
    }
    if (spec == "end") {
        result.checkpoint = last;
        result.time = result.requestedTime = store.time(last);
        result.reason = beyondLastCheckpoint(profile, unit);
        return true;
    }
    if (spec == "auto") {
        if (const auto teardown = findTeardown(profile)) {
            result.checkpoint = teardown->checkpoint;
            result.time = result.requestedTime = teardown->time;
            result.reason = teardownReason(*teardown, unit);
        } else {
            result.checkpoint = last;
            result.time = result.requestedTime = store.time(last);
            result.reason = beyondLastCheckpoint(profile, unit);
            if (result.reason.empty())
                result.reason = "the end: the run does not tear down";
        }
        return true;
    }
    if (spec == "peak") {
        if (const auto peak = profile.peakCheckpoint()) {
            result.checkpoint = *peak;
            result.time = store.time(*peak);
            result.requestedTime = profile.totals().peakTime;
            return true;
        }
        return snap(profile.totals().peakTime);
    }
    if (spec.starts_with("mark:")) {
        const auto name = spec.substr(5);
        for (const auto& mark : profile.timeline().marks)
            if (mark.name == name)
                return snap(mark.time);
        std::string known;
        for (const auto& mark : profile.timeline().marks)
            known += (known.empty() ? "" : ", ") + mark.name;
        return fail(known.empty() ? "this profile has no marks" : "no mark with that name (marks: " + known + ")");
    }
    if (spec.front() == '#') {
        double index = 0;
        if (!parseNumber(spec.substr(1), index) || index < 0 || index != std::floor(index))
            return fail("expected a checkpoint number after #");
        if (index > static_cast<double>(last))
            return fail("there are checkpoints #0 to #" + std::to_string(last));
        result.checkpoint = static_cast<size_t>(index);
        result.time = result.requestedTime = store.time(result.checkpoint);
        return true;
    }
    if (spec.back() == '%') {
        double percent = 0;
        if (!parseNumber(spec.substr(0, spec.size() - 1), percent) || percent < 0 || percent > 100)
            return fail("expected a percentage from 0% to 100%");
        return snap(start + (end - start) * percent / 100.0);
    }

    // A number with a unit (s, ms) or a multiplier (k, M, G) in the profile's own unit.
    std::string_view number = spec;
    double scale = 1;
    bool isTime = false;
    if (number.ends_with("ms")) {
        number.remove_suffix(2);
        isTime = true;
        scale = 0.001;
    } else if (number.ends_with('s')) {
        number.remove_suffix(1);
        isTime = true;
    } else if (number.ends_with('k') || number.ends_with('K')) {
        number.remove_suffix(1);
        scale = 1e3;
    } else if (number.ends_with('M')) {
        number.remove_suffix(1);
        scale = 1e6;
    } else if (number.ends_with('G')) {
        number.remove_suffix(1);
        scale = 1e9;
    }
    double value = 0;
    if (!parseNumber(number, value) || value < 0)
        return fail("expected a time such as 12.5s, 800ms, 12.5 (in the profile's unit), start, end, peak, 40%, #7 or mark:NAME");
    if (isTime) {
        const double seconds = value * scale;
        if (unit == TimeUnit::Milliseconds)
            return snap(seconds * 1000.0);
        if (unit == TimeUnit::Seconds)
            return snap(seconds);
        return fail(std::string("this profile measures time in ") + (unit == TimeUnit::Instructions ? "instructions" : "bytes allocated")
                    + ", not seconds; give a number in that unit (e.g. 2.5G), a percentage or a checkpoint");
    }
    return snap(value * scale);
}

std::string checkpointName(const Profile& profile, size_t k)
{
    const auto& store = profile.checkpoints();
    const size_t last = store.size() - 1;
    k = std::min(k, last);
    if (k == 0)
        return "start";
    if (k == last)
        return "end";
    if (const auto teardown = findTeardown(profile); teardown && teardown->checkpoint == k)
        return "auto";
    if (profile.peakCheckpoint() == k)
        return "peak";
    // A mark at this very checkpoint reads better than its number.
    const auto& marks = profile.timeline().marks;
    for (const auto& mark : marks) {
        if (mark.time != store.time(k) || store.nearest(mark.time) != k || mark.name.find_first_of(" \t") != std::string::npos)
            continue;
        // "mark:NAME" means the first mark of that name.
        const auto first = std::find_if(marks.begin(), marks.end(), [&](const Mark& m) { return m.name == mark.name; });
        if (first->time == mark.time)
            return "mark:" + mark.name;
    }
    return "#" + std::to_string(k);
}

TimeSpec timeSpecAt(const Profile& profile, size_t checkpoint)
{
    TimeSpec spec;
    std::string error;
    if (!resolveTimeSpec(profile, checkpointName(profile, checkpoint), spec, error)) { // never: every name resolves
        spec.checkpoint = std::min(checkpoint, profile.checkpointCount() - 1);
        spec.time = spec.requestedTime = profile.checkpoints().time(spec.checkpoint);
        spec.requested = "#" + std::to_string(spec.checkpoint);
    }
    return spec;
}

} // namespace heapline
