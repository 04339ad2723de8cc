#include "KeptCensus.h"
#include "KeptObjects.h"
#include "Units.h"

#include <algorithm>
#include <string_view>

// C++ callbacks kept: the blocks std::function makes for a callable too large to keep inside it
// (a lambda with captures), found by the frame that makes them.

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

} // namespace

std::optional<KeptCallbacks> findKeptCallbacks(const Comparison& comparison)
{
    const Analysis& analysis = comparison.analysis();
    const Profile& profile = analysis.profile();
    KeptCallbacks kept;
    kept::visitKeptCallsites(comparison, [&](const DiffRow& row, CallsiteId callsite) {
        const auto stack = profile.stackOf(callsite);
        // The block's maker is the first frame past the allocator's own (operator new): a block
        // that a capture's copy made inside _M_create (a std::string) is what the callable holds.
        const auto maker = std::find_if(
            stack.begin(), stack.end(), [&](FrameId f) { return analysis.role(f) != FrameRole::Plumbing; });
        if (maker == stack.end())
            return;
        const Frame& frame = profile.frames()[*maker];
        if (!makesCallable(profile.string(frame.function), profile.string(frame.file)))
            return;
        kept.callbacks += row.deltaBlocks();
        kept.bytes += row.deltaBytes();
        const auto user
            = std::find_if(maker, stack.end(), [&](FrameId f) { return analysis.role(f) == FrameRole::User; });
        const std::string name = user == stack.end() ? std::string("?") : analysis.frameLabel(*user, true);
        const auto known
            = std::find_if(kept.makers.begin(), kept.makers.end(), [&](const auto& m) { return m.first == name; });
        if (known == kept.makers.end())
            kept.makers.emplace_back(name, row.deltaBlocks());
        else
            known->second += row.deltaBlocks();
    });
    if (kept.callbacks < MinKeptCallbacks)
        return std::nullopt;
    std::stable_sort(
        kept.makers.begin(), kept.makers.end(), [](const auto& l, const auto& r) { return l.second > r.second; });
    kept.makers.resize(std::min<size_t>(kept.makers.size(), 2));
    return kept;
}

std::string keptCallbacksFinding(const KeptCallbacks& kept)
{
    std::string text
        = formatSignedCount(kept.callbacks) + " std::function callbacks made between A and B are alive at B (made at ";
    for (size_t i = 0; i < kept.makers.size(); ++i)
        text += (i ? "; " : "") + kept.makers[i].first + " " + formatSignedCount(kept.makers[i].second);
    return text + "; " + formatBytes(kept.bytes)
        + " in their own blocks, not counting what they hold). A std::function keeps its callable, and a lambda "
          "all it captured: kept in a list of subscribers, a signal's slots or a map of handlers that is never "
          "pruned, each callback keeps its captures for good, and a payload captured by value is a copy that lives "
          "as long as the callback. Remove a callback once its work is done (have subscribe() return a token to "
          "unsubscribe with), capture only what it needs, or capture a std::weak_ptr to what it uses";
}

} // namespace heapline
