#include "KeptCensus.h"
#include "KeptObjects.h"
#include "Units.h"

#include <algorithm>

// Memoised results kept, from a Python recording's `l` records: the census's figures of each
// functools.lru_cache and functools.cache by the function it wraps.

namespace heapline {

namespace {

// "render" for the script's own function, the module's name kept for any other.
std::string shownName(const std::string& function)
{
    constexpr std::string_view Main = "__main__.";
    return function.starts_with(Main) ? function.substr(Main.size()) : function;
}

} // namespace

std::optional<KeptMemoCaches> findKeptMemoCaches(const Comparison& comparison)
{
    const DiffResult& diff = comparison.diff();
    const auto& caches = comparison.analysis().profile().timeline().memoCaches;
    if (caches.empty() || diff.sampleTimes.size() < 2)
        return std::nullopt;
    const double from = diff.sampleTimes.front(), to = diff.sampleTimes.back();
    KeptMemoCaches kept;
    for (const MemoCache& cache : caches) {
        const int64_t grown = kept::seriesGrown(comparison, cache.entries, kept::CounterBefore::Zero);
        if (grown < MinKeptMemoEntries)
            continue;
        // A bounded cache that can grow by less than it just did is near its bound: no leak (a
        // program's distinct patterns filling re's or fnmatch's caches of 512).
        const int64_t entries = cache.entries.valueAt(to);
        const int64_t maxsize = cache.maxsize.valueAt(to);
        if (maxsize >= 0 && maxsize - entries < grown)
            continue;
        kept.caches.push_back({ cache.name, cache.caches.valueAt(to), entries, grown, maxsize,
            cache.hits.valueAt(to) - cache.hits.valueAt(from), cache.misses.valueAt(to) - cache.misses.valueAt(from) });
    }
    if (kept.caches.empty())
        return std::nullopt;
    std::stable_sort(kept.caches.begin(), kept.caches.end(),
        [](const KeptMemoCache& l, const KeptMemoCache& r) { return l.entriesGrown > r.entriesGrown; });
    kept.caches.resize(std::min<size_t>(kept.caches.size(), 2));
    return kept;
}

std::string keptMemoCachesFinding(const KeptMemoCaches& kept)
{
    const KeptMemoCache& top = kept.caches.front();
    const std::string name = shownName(top.function);
    std::string text = name + "'s "
        + (top.maxsize < 0 ? "functools cache (unbounded: functools.cache, or lru_cache(maxsize=None))"
                           : "functools.lru_cache (maxsize " + formatCount(top.maxsize) + ", room for as many again)");
    if (top.caches > 1)
        text += ", " + formatCount(top.caches) + " caches of that name (one per object)";
    text += ": " + formatSignedCount(top.entriesGrown) + " entries between A and B, " + formatCount(top.entries)
        + " at B";
    const int64_t calls = top.hits + top.misses;
    if (calls > 0)
        text += "; " + formatCount(top.hits) + " hits in " + formatCount(calls) + " calls in that time";
    text += ". ";
    if (kept.caches.size() > 1)
        text += "Also " + shownName(kept.caches[1].function) + "'s, " + formatSignedCount(kept.caches[1].entriesGrown)
            + " entries. ";
    text += "A memoising cache keeps each result, and the arguments of its key, until it is cleared: keyed by "
            "something new at every call (a timestamp, a request id, an object), it ";
    text += calls > 0 && top.hits * 10 < calls ? "hardly ever hits and keeps them all" : "keeps them all";
    const size_t dot = name.find_last_of('.');
    return text
        + ". On a method, every key holds self, and with it the object. Key it only by what repeats, give it a "
          "maxsize it reaches (functools.lru_cache(maxsize=1024)), or call "
        + name.substr(dot == std::string::npos ? 0 : dot + 1) + ".cache_clear() when what it holds goes stale";
}

} // namespace heapline
