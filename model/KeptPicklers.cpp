#include "Comparison.h"
#include "KeptObjects.h"
#include "Units.h"

#include <string_view>

// Objects a pickle.Pickler's or Unpickler's memo keeps, from a Python recording's census: the C
// Pickler's size (its __sizeof__) counts its memo table, one entry per object pickled since the
// last clear_memo(); the C Unpickler's counts its memo array, a slot per object it memoised, up
// to the highest it has filled (doubled as it grows). The Python fallbacks' memos are
// dicts the holders' census names instead.

namespace heapline {

namespace {

// The census's rows of the C class and of the program's subclasses of it (class
// EventPickler(pickle.Pickler) is counted by its own name, and its size is the C class's, memo and
// all: "__main__.EventPickler +16.8 MB, 1 object" was not told), by a class name ending in
// `suffix`; `unless`: a longer name that ends the same and is another thing (Unpickler beside
// Pickler). The Python fallback (_Pickler, _Unpickler) is left to the holders' census.
struct MemoRows {
    int64_t bytes = 0;
    int64_t objects = 0;
    std::string subclasses;
};
std::optional<MemoRows> memoRows(const Comparison& comparison, std::string_view cClass, std::string_view suffix,
    std::string_view unless, int64_t least)
{
    const DiffResult& diff = comparison.diff();
    // The memo is one block that grows by doubling: its row steps, or holds between steps, and
    // is no leak-like shape of its own; what it keeps is, and the heap's is.
    if (!comparison.analysis().profile().hasCensus() || !isLeakLike(diff.total.cls))
        return std::nullopt;
    const DiffResult& types = comparison.byType();
    MemoRows rows;
    for (const DiffRow& row : types.rows) {
        if (!row.census || row.deltaBytes() <= 0)
            continue;
        const std::string type = types.key(row); // by value: a view of it would dangle
        const std::string_view name = std::string_view(type).substr(type.find_last_of('.') + 1);
        if (type != cClass
            && (!name.ends_with(suffix) || (!unless.empty() && name.ends_with(unless))
                || name == "_" + std::string(suffix)))
            continue;
        rows.bytes += row.deltaBytes();
        rows.objects += row.atB.blocks;
        if (type != cClass)
            rows.subclasses += (rows.subclasses.empty() ? "" : ", ") + type;
    }
    if (rows.bytes < least)
        return std::nullopt;
    return rows;
}

std::string subclassesText(const std::string& subclasses)
{
    return subclasses.empty() ? std::string() : "; subclasses of it: " + subclasses;
}

} // namespace

std::optional<KeptPicklerMemos> findKeptPicklerMemos(const Comparison& comparison)
{
    const auto rows = memoRows(comparison, "_pickle.Pickler", "Pickler", "Unpickler", MinKeptPicklerMemoBytes);
    if (!rows)
        return std::nullopt;
    return KeptPicklerMemos { rows->bytes, rows->objects, rows->subclasses };
}

std::string keptPicklerMemosFinding(const KeptPicklerMemos& kept)
{
    return "pickle.Pickler memos grew by " + formatSignedBytes(kept.bytes) + " (" + formatCount(kept.picklers)
        + (kept.picklers == 1 ? " pickler" : " picklers") + " at B" + subclassesText(kept.subclasses)
        + "). A Pickler remembers every object it has pickled, by id, so that a later dump() can "
          "refer back to it instead of writing it again, and keeps each of them alive for as long as the Pickler "
          "lives: one kept for a stream of messages (a log, a socket, a queue) keeps every message it wrote. Call "
          "pickler.clear_memo() after each dump(), or pickle each message on its own with pickle.dumps(); and "
          "read them with pickle.load(stream), a new Unpickler per message: a kept Unpickler misreads a stream "
          "whose writer clears its memo, under protocol 4, the default";
}

std::optional<KeptUnpicklerMemos> findKeptUnpicklerMemos(const Comparison& comparison)
{
    const auto rows = memoRows(comparison, "_pickle.Unpickler", "Unpickler", {}, MinKeptUnpicklerMemoBytes);
    if (!rows)
        return std::nullopt;
    return KeptUnpicklerMemos { rows->bytes, rows->objects, rows->subclasses };
}

std::string keptUnpicklerMemosFinding(const KeptUnpicklerMemos& kept)
{
    return "pickle.Unpickler memos grew by " + formatSignedBytes(kept.bytes) + " (" + formatCount(kept.unpicklers)
        + (kept.unpicklers == 1 ? " unpickler" : " unpicklers") + " at B" + subclassesText(kept.subclasses)
        + "), and with them what they hold: the objects under the other types. An Unpickler remembers every object "
          "it has loaded, so that a later message can refer back to it, and keeps "
          "each of them alive for as long as the Unpickler lives: one kept to read a stream that one Pickler wrote "
          "without clearing its memo (a log, a socket, a pipe) keeps every message it read, though the program "
          "drops them. They can be let go of only where each message stands alone: have the writer call "
          "clear_memo() after each dump(), and read each message with pickle.load(stream), a new Unpickler each "
          "time (a kept Unpickler misreads such a stream under protocol 4, the default, even with memo.clear())";
}

} // namespace heapline
