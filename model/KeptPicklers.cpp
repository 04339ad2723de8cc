#include "Comparison.h"
#include "KeptObjects.h"
#include "Units.h"

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
    const DiffResult& types = comparison.byType();
    for (const DiffRow& row : types.rows)
        if (row.census && types.key(row) == "_pickle.Pickler" && row.deltaBytes() >= MinKeptPicklerMemoBytes)
            return KeptPicklerMemos { row.deltaBytes(), row.atB.blocks };
    return std::nullopt;
}

std::string keptPicklerMemosFinding(const KeptPicklerMemos& kept)
{
    return "pickle.Pickler memos grew by " + formatSignedBytes(kept.bytes) + " (" + formatCount(kept.picklers)
        + (kept.picklers == 1 ? " pickler" : " picklers")
        + " at B). A Pickler remembers every object it has pickled, by id, so that a later dump() can "
          "refer back to it instead of writing it again, and keeps each of them alive for as long as the Pickler "
          "lives: one kept for a stream of messages (a log, a socket, a queue) keeps every message it wrote. Call "
          "pickler.clear_memo() after each dump(), or pickle each message on its own with pickle.dumps()";
}

} // namespace heapline
