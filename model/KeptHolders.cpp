#include "IdleTail.h"
#include "KeptCensus.h"
#include "KeptObjects.h"
#include "Units.h"

#include <algorithm>
#include <limits>

// Where the program keeps what grew, from a Python recording's `o` records: its largest
// containers by the name it reaches each through.

namespace heapline {

namespace {

// What such a name means, and what to do about it.
std::string whatToDo(const std::string& name)
{
    if (name.find("() default argument ") != std::string::npos)
        return "A default value is made once, when the def statement runs, and every call that does not pass its own "
               "shares it: what one call adds, every later call still holds. Default to None and make a new one in "
               "the call (if seen is None: seen = [])";
    if (name.find("() closure variable ") != std::string::npos)
        return "A closure variable lives as long as the function made with it, and every call of that function adds "
               "to the same one: bound it, or make it anew for each use";
    if (name.find("() local ") != std::string::npos)
        return "The frame of that call is still referenced after it returned (by a traceback of an exception kept, "
               "or a frame object stored), and with it its locals: keep what is needed from it, not the frame";
    return "What a container holds lives as long as the name the program keeps it under: bound it "
           "(collections.deque(maxlen=…), an LRU cache), drop entries once they are handled, or clear it when what it "
           "holds goes stale";
}

// A name of the standard library's: one of its modules' globals, an attribute of one of its
// classes, or of a module private to the interpreter (_ssl); the script's own globals have no
// module before them.
bool libraryName(const std::string& name)
{
    return name.find('.') != std::string::npos && (name.starts_with('_') || kept::tracedStandardModule(name));
}

int risesBetween(const Series& series, const std::vector<double>& times)
{
    int rises = 0;
    for (size_t i = 1; i < times.size(); ++i)
        rises += series.valueAt(times[i]) > series.valueAt(times[i - 1]);
    return rises;
}

std::string described(const KeptHolder& holder)
{
    if (holder.containers <= 1)
        return holder.name + " (a " + holder.kind + ")";
    // "2 dicts of lists of that name"
    std::string kinds = holder.kind;
    kinds.insert(std::min(kinds.find(" of "), kinds.size()), "s");
    // slots.py: 50 tracks, each with its list of points; the census named the 16 largest, and
    // the finding read "16 lists of that name" and a third of the entries.
    if (holder.atCensusCap)
        return holder.name + " (the " + formatCount(holder.containers) + " largest " + kinds
            + " of that name, one per object: a census names " + std::to_string(CensusNamedContainers)
            + " containers at most, so there may be more)";
    return holder.name + " (" + formatCount(holder.containers) + " " + kinds + " of that name, one per object)";
}

} // namespace

std::optional<KeptHolders> findKeptHolders(const Comparison& comparison)
{
    const DiffResult& diff = comparison.diff();
    const auto& held = comparison.analysis().profile().timeline().heldContainers;
    // Told where the heap grew as a leak grows: a program that keeps the return code of each job
    // it ran (popens-fixed.py, 1,500 ints, a heap that went up and down) keeps a list that grows,
    // but not what grew.
    // Or where it held a level only as the program idled (idlepy.py: its journal, 150,000 records
    // kept through a load test, then 2 s of sleep).
    if (held.empty() || diff.sampleTimes.size() < 2)
        return std::nullopt;
    const auto idle = isLeakLike(diff.total.cls) ? std::nullopt : comparison.idleTail();
    // Or where a sampled heap read "plateau": its estimate swings by its noise, and a small leak
    // beside a cache that turns over can read level (a 3.1 MB list of records beside a 10 MB
    // cache, sampled every 512 KiB: "plateau" in one recording of four, nothing told), while the
    // census counts exactly; a container is told there as anywhere, where its count grew in a
    // leak's shape (not a cache that filled, then held).
    const bool sampledLevel = !idle && diff.total.cls == GrowthClass::Plateau
        && comparison.analysis().profile().info().sampleIntervalBytes > 0;
    if (!isLeakLike(diff.total.cls) && !idle && !sampledLevel)
        return std::nullopt;
    const double until = idle ? idle->at : std::numeric_limits<double>::infinity();
    const double from = diff.sampleTimes.front(), to = diff.sampleTimes.back();
    // The censuses between A and B at which any container changed: where there were three or more,
    // one that came in at a single census is no leak (a module's tables as it is imported half-way
    // through a run; _ssl's error names). A run killed after two censuses has only one to show.
    int changes = 0;
    for (size_t i = 1; i < diff.sampleTimes.size(); ++i)
        changes += std::any_of(held.begin(), held.end(), [&](const HeldContainer& c) {
            return c.items.valueAt(diff.sampleTimes[i]) != c.items.valueAt(diff.sampleTimes[i - 1]);
        });
    const int leastRises = changes >= 3 ? 2 : 1;
    KeptHolders kept;
    int64_t named = 0; // by the census at B, of every name
    for (const HeldContainer& container : held)
        named += container.containers.valueAt(to);
    for (const HeldContainer& container : held) {
        // In a leak's shape, not filled once: a table loaded at start-up is no finding.
        const int64_t grown = kept::seriesGrown(comparison, container.items, kept::CounterBefore::Zero, until);
        if (grown >= MinKeptHeldItems && risesBetween(container.items, diff.sampleTimes) >= leastRises)
            kept.holders.push_back({ container.name, container.kind, container.containers.valueAt(to),
                container.entries.valueAt(to), container.entries.valueAt(to) - container.entries.valueAt(from),
                container.items.valueAt(to), grown, named >= CensusNamedContainers });
    }
    if (kept.holders.empty())
        return std::nullopt;
    kept.besideSampledLevel = sampledLevel;
    // The program's own names first: threading's registry of the threads alive grew by one more
    // than the list of workers.py's watchers that started them.
    std::stable_sort(kept.holders.begin(), kept.holders.end(), [](const KeptHolder& l, const KeptHolder& r) {
        const bool lLibrary = libraryName(l.name), rLibrary = libraryName(r.name);
        return lLibrary != rLibrary ? rLibrary : l.itemsGrown > r.itemsGrown;
    });
    kept.holders.resize(std::min<size_t>(kept.holders.size(), 3));
    return kept;
}

std::string keptHoldersFinding(const KeptHolders& kept)
{
    const KeptHolder& top = kept.holders.front();
    std::string text = described(top) + ": ";
    // "dict of lists": what the lists hold, beside the dict's own entries (a dict of lists by user
    // grows in its lists; a dict of responses by id in its entries, each a dict of two keys).
    const size_t of = top.kind.find(" of ");
    const std::string inner = of == std::string::npos ? "containers" : top.kind.substr(of + 4);
    const int64_t nestedGrown = top.itemsGrown - top.entriesGrown;
    if (top.entriesGrown >= MinKeptHeldItems || nestedGrown <= 0) {
        text += formatSignedCount(top.entriesGrown) + " entries between A and B, " + formatCount(top.entries) + " at B";
        if (nestedGrown > 0)
            text += ", and " + formatSignedCount(nestedGrown) + " items in the " + inner + " among them";
    } else if (top.entries == 1) {
        // ("lists" -> "list": the recorder names a holder's inner kind as a plural of one word.)
        const bool plural = inner.size() > 1 && inner.back() == 's';
        text += formatSignedCount(nestedGrown) + " items between A and B in the "
            + (plural ? inner.substr(0, inner.size() - 1) : inner) + " under its one entry";
    } else {
        text += formatSignedCount(nestedGrown) + " items between A and B in the " + inner + " among its "
            + formatCount(top.entries) + " entries";
    }
    if (kept.besideSampledLevel)
        text += ", growing as a leak grows, where the heap's sampled estimate reads level within its noise "
                "(the census counts exactly: a small leak beside memory that turns over)";
    text += ". ";
    for (size_t i = 1; i < kept.holders.size(); ++i)
        text += (i == 1 ? "Also " : "and ") + described(kept.holders[i]) + ", "
            + formatSignedCount(kept.holders[i].itemsGrown) + " items" + (i + 1 < kept.holders.size() ? "; " : ". ");
    return text + whatToDo(top.name);
}

} // namespace heapline
