#include "KeptCensus.h"
#include "KeptObjects.h"
#include "Units.h"

#include <algorithm>
#include <string_view>

// C++ callbacks kept: the blocks std::function makes for a callable too large to keep inside it
// (a lambda with captures), or Qt makes for a signal's connection, found by the frame that makes
// them.

namespace heapline {

namespace {

// libstdc++'s _Base_manager<F>::_M_create (a std::function made or copied: at -O1 its inlined
// frame reads "_M_create<handleRequest(int)::<lambda(int)> >", in std_function.h), and libc++'s
// __value_func constructor.
bool makesCallable(std::string_view function, std::string_view file)
{
    if (function.find("_M_create") != std::string_view::npos
        && (function.find("_Function_base") != std::string_view::npos || file.ends_with("std_function.h")))
        return true;
    return function.find("__function::__value_func") != std::string_view::npos;
}

// The Connection a QObject::connect makes (Qt 5 and 6), one per connect(), until disconnected or
// its sender or receiver goes.
bool makesConnection(std::string_view function)
{
    return function.starts_with("QObjectPrivate::connectImpl");
}

void add(KeptCallbacks& kept, const DiffRow& row, const std::string& maker)
{
    kept.callbacks += row.deltaBlocks();
    kept.bytes += row.deltaBytes();
    kept::tally(kept.makers, maker, row.deltaBlocks());
}

} // namespace

std::optional<KeptCallbacks> findKeptCallbacks(const Comparison& comparison)
{
    const Analysis& analysis = comparison.analysis();
    const Profile& profile = analysis.profile();
    KeptCallbacks functions, connections;
    connections.qtConnections = true;
    // The callsites counted, for their blocks together at each sample below.
    std::vector<char> functionSites(profile.callsiteCount(), 0), connectionSites(profile.callsiteCount(), 0);
    kept::visitKeptCallsites(comparison, [&](const DiffRow& row, CallsiteId callsite) {
        const auto stack = profile.stackOf(callsite);
        // The block's maker is the first frame past the allocator's own (operator new): a block
        // that a capture's copy made inside _M_create (a std::string) is what the callable holds.
        const auto maker = std::find_if(
            stack.begin(), stack.end(), [&](FrameId f) { return analysis.role(f) != FrameRole::Plumbing; });
        if (maker == stack.end())
            return;
        const Frame& frame = profile.frames()[*maker];
        const std::string_view function = profile.string(frame.function);
        const bool callable = makesCallable(function, profile.string(frame.file));
        if (!callable && !makesConnection(function))
            return;
        const auto user
            = std::find_if(maker, stack.end(), [&](FrameId f) { return analysis.role(f) == FrameRole::User; });
        add(callable ? functions : connections, row,
            user == stack.end() ? std::string("?") : analysis.frameLabel(*user, true));
        (callable ? functionSites : connectionSites)[callsite.value] = 1;
    });
    const bool qt = connections.callbacks > functions.callbacks;
    KeptCallbacks& kept = qt ? connections : functions;
    if (kept.callbacks < MinKeptCallbacks)
        return std::nullopt;
    // Together in a leak's shape: a program's callbacks and connections made as it sets up (a
    // GUI's widgets: heaptrack_gui's 322 connections for its style's animations, each callsite's
    // few "linear" between A and B alone) rise and hold for its life; those made per request climb
    // with the work. Their blocks at each of the comparison's samples, from the checkpoints (the
    // rows by callsite keep A and B alone).
    const std::vector<char>& counted = qt ? connectionSites : functionSites;
    const auto& times = comparison.diff().sampleTimes;
    const CheckpointStore& store = profile.checkpoints();
    std::vector<int64_t> held;
    held.reserve(times.size());
    for (const double time : times) {
        int64_t blocks = 0;
        store.addLiveAt(store.nearest(time), [&](CallsiteId c, int64_t, int64_t b) {
            if (c.value < counted.size() && counted[c.value])
                blocks += b;
        });
        held.push_back(blocks);
    }
    if (held.size() < 2 || !isLeakLike(classifyGrowth(times, held, held, secondsPerUnit(profile.info().timeUnit)).cls))
        return std::nullopt;
    kept::keepMost(kept.makers, 2);
    return std::move(kept);
}

std::string keptCallbacksFinding(const KeptCallbacks& kept)
{
    std::string text = formatSignedCount(kept.callbacks)
        + (kept.qtConnections ? " Qt signal connections" : " std::function callbacks")
        + " made between A and B are alive at B (made at ";
    for (size_t i = 0; i < kept.makers.size(); ++i)
        text += (i ? "; " : "") + kept.makers[i].first + " " + formatSignedCount(kept.makers[i].second);
    text += "; " + formatBytes(kept.bytes) + " in their own blocks, not counting what they hold). ";
    if (kept.qtConnections)
        return text
            + "A connection lives as long as its sender and its receiver: a lambda connected with no context object "
              "lives as long as the sender, and keeps all it captured. Connected per request or per object to a "
              "long-lived sender and never disconnected, every one stays. Give connect() a context object that goes "
              "when the work is done (connect(sender, signal, context, lambda)), keep the QMetaObject::Connection "
              "and disconnect it, or connect with Qt::SingleShotConnection";
    return text
        + "A std::function keeps its callable, and a lambda all it captured: kept in a list of subscribers, a "
          "signal's slots or a map of handlers that is never pruned, each callback keeps its captures for good, and "
          "a payload captured by value is a copy that lives as long as the callback. Remove a callback once its work "
          "is done (have subscribe() return a token to unsubscribe with), capture only what it needs, or capture a "
          "std::weak_ptr to what it uses";
}

} // namespace heapline
