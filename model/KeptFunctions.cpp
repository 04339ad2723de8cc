#include "KeptCallsites.h"
#include "KeptCensus.h"
#include "KeptObjects.h"
#include "Units.h"

#include <algorithm>
#include <string_view>

// The kept-object findings of functions and code made as a Python program ran: closures and
// functools.partial objects, and code compiled at run time.

namespace heapline {

using kept::countedFinding;
using kept::keptOfTypes;
using kept::threadsGrown;
using kept::visitGrownTypes;

namespace {

// A frame of code compiled at run time: compile(), exec() and eval() name its file as they were
// given it, "<string>" by default ("<template 7>"); not the interpreter's frozen modules, nor the
// recorder's own entries ("<CPython free list>").
bool isCompiledCode(const StackFrame& frame)
{
    const std::string_view file = frame.file;
    return file.size() > 2 && file.front() == '<' && file.back() == '>' && !file.starts_with("<frozen ")
        && !file.starts_with("<CPython");
}

} // namespace

std::optional<KeptClosures> findKeptClosures(const Comparison& comparison)
{
    KeptClosures kept;
    int64_t codes = 0;
    int64_t lruWrappers = 0;
    bool functionsLeakLike = false, partialsLeakLike = false;
    visitGrownTypes(comparison, [&](const std::string& key, const DiffRow& row) {
        if (key == "function") {
            kept.functions = row.deltaBlocks();
            functionsLeakLike = isLeakLike(row.cls);
        } else if (key == "cell") {
            kept.cells = row.deltaBlocks();
        } else if (key == "code") {
            codes = row.deltaBlocks();
        } else if (key == "functools.partial") {
            kept.partials = row.deltaBlocks();
            partialsLeakLike = isLeakLike(row.cls);
        } else if (key == "functools._lru_cache_wrapper") {
            lruWrappers = row.deltaBlocks();
        }
    });
    // Functions defined by code imported or compiled meanwhile come with their code objects
    // (plugins.py's modules: code +63,501 beside function +63,538): those are kept modules.
    // The threads' own closures are the threads' (kept threads tell them).
    kept.functions -= threadsGrown(comparison);
    // Each functools.lru_cache wrapper keeps a lambda of its own (cache_parameters) over two cells:
    // sqlite3 makes one per connection for its statements (sqlconns.py: 1,500 connections kept
    // read "kept closures: +1,549 functions"). Those are the wrappers' holders', not closures kept.
    if (lruWrappers > 0) {
        kept.functions -= lruWrappers;
        kept.cells = std::max<int64_t>(kept.cells - 2 * lruWrappers, 0);
    }
    if (kept.functions < MinKeptClosures || !functionsLeakLike || codes * 10 > kept.functions)
        kept.functions = kept.cells = 0;
    // A functools.partial binds its arguments as a closure its variables (partials.py: a request's
    // context bound to a listener per request read "handle +17.3 MB, linear" alone).
    if (kept.partials < MinKeptClosures || !partialsLeakLike)
        kept.partials = 0;
    if (kept.functions == 0 && kept.partials == 0)
        return std::nullopt;
    return kept;
}

std::optional<KeptCode> findKeptCode(const Comparison& comparison)
{
    KeptCode kept;
    kept.codes = keptOfTypes(comparison, { "code" }, MinKeptCode);
    // Modules imported and classes made at run time bring their code with them: those findings
    // tell it (plugins.py: code +63,501 beside module +2,000).
    if (!kept.codes || findKeptModules(comparison) || findKeptClasses(comparison))
        return std::nullopt;
    int64_t modules = 0;
    visitGrownTypes(comparison, [&](const std::string& key, const DiffRow& row) {
        if (key == "function")
            kept.functions = row.deltaBlocks();
        else if (key == "module")
            modules = row.deltaBlocks();
    });
    // Fewer modules imported meanwhile bring code too, a few dozen objects each, under the kept
    // modules' threshold (backlog.py: asyncio's 59 modules, code +1,635).
    constexpr int64_t CodesPerModule = 100;
    if (kept.codes <= modules * CodesPerModule)
        return std::nullopt;
    // The functions are made where the compiled code runs: its frames' caller is the exec or eval.
    // Not only the callsites that kept blocks leak-like: each text compiled is a file of its own
    // ("<template 7>"), so each of its callsites kept a block or two, once.
    const DiffResult& byCallsite = comparison.byCallsite();
    for (const DiffRow& row : byCallsite.rows) {
        const auto callsite = byCallsite.callsite(row);
        if (!callsite || row.deltaBlocks() <= 0)
            continue;
        const auto frames = stackFrames(comparison.analysis(), *callsite);
        const auto at = std::find_if(frames.begin(), frames.end(), isCompiledCode);
        const auto caller = std::find_if(
            at, frames.end(), [](const StackFrame& f) { return f.role == FrameRole::User && !isCompiledCode(f); });
        if (at != frames.end() && caller != frames.end()) {
            kept.compileCall = frameWhere(*caller);
            break;
        }
    }
    return kept;
}

std::string keptClosuresFinding(const KeptClosures& kept)
{
    std::string text;
    if (kept.functions > 0) {
        text = formatSignedCount(kept.functions) + " functions between A and B, made as the program ran "
            + "(closures, lambdas, nested functions: the code they run did not grow with them)";
        if (kept.cells > 0)
            text += ", with " + formatSignedCount(kept.cells) + " cells, the variables they close over";
    }
    if (kept.partials > 0)
        text += (text.empty() ? "" : "; and ") + formatSignedCount(kept.partials) + " functools.partial objects"
            + (kept.functions > 0 ? "" : " between A and B") + ", each binding its arguments to a function";
    return text
        + ". Each keeps what it closes over or binds, and with it what the call that made it had built: the usual "
          "holder is "
          "a callback registered and never removed (an event bus's or a signal's listeners, add_done_callback, "
          "atexit.register, a dict of handlers by id), or a cycle through the closure (an object whose attribute "
          "is a lambda over self) while the collector is off (gc.disable, gc.freeze). Remove it when its work is "
          "done, or register a weakref.WeakMethod or a function that closes over no more than it needs";
}

std::string keptCodeFinding(const KeptCode& kept)
{
    std::string text = formatSignedCount(kept.codes) + " code objects between A and B";
    if (kept.functions > 0)
        text += ", with " + formatSignedCount(kept.functions) + " functions";
    text += ", compiled as the program ran (compile, exec, eval)";
    if (!kept.compileCall.empty())
        text += " and run at " + kept.compileCall;
    return text
        + ". Each compile makes new code objects, about half a kilobyte each and more with their constants and "
          "names, and a function defined by the code keeps them: a cache of compiled code keyed by a text that "
          "differs per call (a template or expression with a request's values written into it, a lambda built per "
          "call with eval) never hits and keeps every entry. Compile once per distinct text and pass the values as "
          "data (a context, parameters), or bound the cache (functools.lru_cache(maxsize=N))";
}

} // namespace heapline
