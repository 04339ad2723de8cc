#include "Comparison.h"
#include "KeptObjects.h"
#include "Units.h"

#include <string_view>

// Objects a pickle.Pickler's memo keeps, from a Python recording's census: the C Pickler's size
// (its __sizeof__) counts its memo table, one entry per object pickled since the last
// clear_memo(). The Python fallback's memo is a dict the holders' census names instead.

namespace heapline {

std::optional<KeptPicklerMemos> findKeptPicklerMemos(const Comparison& comparison)
{
    const DiffResult& diff = comparison.diff();
    if (!comparison.analysis().profile().hasCensus() || !isLeakLike(diff.total.cls))
        return std::nullopt;
    // The memo is one block that grows by doubling: its row steps, or holds between steps, and
    // is no leak-like shape of its own; what it keeps is, and the heap's is.
    // A subclass (class EventPickler(pickle.Pickler)) is counted by its own name, and its size is
    // the C Pickler's, memo and all: "__main__.EventPickler +16.8 MB, 1 object" was not told. Its
    // name ends in Pickler; an Unpickler's memo is another matter (what it loaded).
    const auto isPickler = [](std::string_view type) {
        if (type == "_pickle.Pickler")
            return true;
        const std::string_view name = type.substr(type.find_last_of('.') + 1);
        return name.ends_with("Pickler") && !name.ends_with("Unpickler") && name != "_Pickler";
    };
    const DiffResult& types = comparison.byType();
    KeptPicklerMemos kept;
    for (const DiffRow& row : types.rows) {
        const std::string type = types.key(row); // by value: a view of it would dangle
        if (!row.census || row.deltaBytes() <= 0 || !isPickler(type))
            continue;
        kept.bytes += row.deltaBytes();
        kept.picklers += row.atB.blocks;
        if (type != "_pickle.Pickler")
            kept.subclasses += (kept.subclasses.empty() ? "" : ", ") + type;
    }
    if (kept.bytes < MinKeptPicklerMemoBytes)
        return std::nullopt;
    return kept;
}

std::string keptPicklerMemosFinding(const KeptPicklerMemos& kept)
{
    return "pickle.Pickler memos grew by " + formatSignedBytes(kept.bytes) + " (" + formatCount(kept.picklers)
        + (kept.picklers == 1 ? " pickler" : " picklers") + " at B"
        + (kept.subclasses.empty() ? std::string() : "; subclasses of it: " + kept.subclasses)
        + "). A Pickler remembers every object it has pickled, by id, so that a later dump() can "
          "refer back to it instead of writing it again, and keeps each of them alive for as long as the Pickler "
          "lives: one kept for a stream of messages (a log, a socket, a queue) keeps every message it wrote. Call "
          "pickler.clear_memo() after each dump(), or pickle each message on its own with pickle.dumps()";
}

} // namespace heapline
