#include "KeptCallsites.h"
#include "KeptCensus.h"
#include "KeptObjects.h"
#include "Units.h"

#include <algorithm>
#include <string_view>

// The kept-object findings of Python's runtime and standard library, told from the census: what
// the interpreter or a library keeps for the program (generators, futures, loggers, modules,
// threads, tee buffers, sockets and files, closures).

namespace heapline {

using kept::countedFinding;
using kept::CounterBefore;
using kept::counterGrown;
using kept::keptOfTypes;
using kept::threadsGrown;
using kept::visitGrownTypes;
using kept::visitKeptCallsites;

namespace {

// Where the program called into the frame `through` picks, on the stack of a callsite that kept
// blocks leak-like: the first frame of the program's own past it (Executor.map's caller, for
// the futures it submitted), as frameWhere says it; empty for none.
template <typename Through>
std::string callerThrough(const Comparison& comparison, Through through)
{
    std::string where;
    visitKeptCallsites(comparison, [&](const DiffRow&, CallsiteId callsite) {
        if (!where.empty())
            return;
        const auto frames = stackFrames(comparison.analysis(), callsite);
        const auto at = std::find_if(frames.begin(), frames.end(), through);
        const auto caller
            = std::find_if(at, frames.end(), [](const StackFrame& f) { return f.role == FrameRole::User; });
        if (at != frames.end() && caller != frames.end())
            where = frameWhere(*caller);
    });
    return where;
}

} // namespace

std::optional<KeptGenerators> findKeptGenerators(const Comparison& comparison)
{
    const int64_t generators = keptOfTypes(comparison, { "generator", "async_generator" }, MinKeptGenerators);
    return generators ? std::optional(KeptGenerators { generators }) : std::nullopt;
}

std::optional<KeptFutures> findKeptFutures(const Comparison& comparison)
{
    // concurrent.futures', asyncio's in C, and asyncio's in Python where the accelerator is missing.
    const int64_t futures = keptOfTypes(
        comparison, { "concurrent.futures._base.Future", "_asyncio.Future", "asyncio.futures.Future" }, MinKeptFutures);
    if (!futures)
        return std::nullopt;
    // Executor.map submits its whole input at once: the futures it keeps were made through it.
    return KeptFutures { futures, callerThrough(comparison, [](const StackFrame& f) {
                            return f.function == "Executor.map" && f.file.ends_with("concurrent/futures/_base.py");
                        }) };
}

std::optional<KeptXmlElements> findKeptXmlElements(const Comparison& comparison)
{
    // ElementTree's (its C accelerator's and its Python fallback's share the name), and lxml's.
    const int64_t elements
        = keptOfTypes(comparison, { "xml.etree.ElementTree.Element", "lxml.etree._Element" }, MinKeptXmlElements);
    if (!elements)
        return std::nullopt;
    // The blocks iterparse's events made (its generator, or an XMLPullParser fed and read).
    return KeptXmlElements { elements,
        callerThrough(comparison, [](const StackFrame& f) {
            return f.file.ends_with("xml/etree/ElementTree.py")
                && (f.function.starts_with("iterparse") || f.function.starts_with("XMLPullParser."));
        }) };
}

std::optional<KeptFrames> findKeptFrames(const Comparison& comparison)
{
    // A traceback holds the frame it was raised through: kept exceptions tell those.
    int64_t frames = keptOfTypes(comparison, { "frame" }, MinKeptFrames);
    visitGrownTypes(comparison, [&](const std::string& key, const DiffRow& row) {
        if (key == "traceback")
            frames -= row.deltaBlocks();
    });
    return frames >= MinKeptFrames ? std::optional(KeptFrames { frames }) : std::nullopt;
}

std::optional<KeptMockCalls> findKeptMockCalls(const Comparison& comparison)
{
    const int64_t calls = keptOfTypes(comparison, { "unittest.mock._Call" }, MinKeptMockCalls);
    return calls ? std::optional(KeptMockCalls { calls }) : std::nullopt;
}

std::optional<KeptMatches> findKeptMatches(const Comparison& comparison)
{
    KeptMatches kept;
    kept.matches = keptOfTypes(comparison, { "re.Match" }, MinKeptMatches);
    if (!kept.matches)
        return std::nullopt;
    visitGrownTypes(comparison, [&](const std::string& key, const DiffRow& row) {
        if (key == "str" && isLeakLike(row.cls))
            kept.stringBytes = row.deltaBytes();
    });
    return kept;
}

std::optional<KeptLoggers> findKeptLoggers(const Comparison& comparison)
{
    // RootLogger is made once, at import; PlaceHolders are the dotted names' parents, which
    // grow beside the loggers and would be counted twice.
    const int64_t loggers = keptOfTypes(comparison, { "logging.Logger" }, MinKeptLoggers);
    return loggers ? std::optional(KeptLoggers { loggers }) : std::nullopt;
}

std::optional<KeptLogRecords> findKeptLogRecords(const Comparison& comparison)
{
    const int64_t records = keptOfTypes(comparison, { "logging.LogRecord" }, MinKeptLogRecords);
    return records ? std::optional(KeptLogRecords { records }) : std::nullopt;
}

std::optional<KeptWarnings> findKeptWarnings(const Comparison& comparison)
{
    const int64_t warnings = counterGrown(comparison, WarningsRegisteredCounter, CounterBefore::Zero);
    return warnings >= MinKeptWarnings ? std::optional(KeptWarnings { warnings }) : std::nullopt;
}

std::optional<KeptUncollected> findKeptUncollected(const Comparison& comparison)
{
    const int64_t objects = counterGrown(comparison, CollectorOffCounter, CounterBefore::Zero);
    return objects >= MinKeptUncollected ? std::optional(KeptUncollected { objects }) : std::nullopt;
}

std::optional<KeptClasses> findKeptClasses(const Comparison& comparison)
{
    KeptClasses kept;
    bool linear = false;
    int64_t modules = 0;
    visitGrownTypes(comparison, [&](const std::string& key, const DiffRow& row) {
        if (key == "type" || key == "abc.ABCMeta" || key == "enum.EnumType" || key == "enum.EnumMeta") {
            kept.classes += row.deltaBlocks();
            kept.bytes += row.deltaBytes();
            linear = linear || row.cls == GrowthClass::Linear;
        }
        if (key == "module")
            modules += row.deltaBlocks();
    });
    // Classes that came with modules imported are the imports' (a script that imports numpy:
    // +257 classes beside +122 modules, caught at one census, read "made at run time … make the
    // class once"); a class made per row comes with no module (rowtypes.py: +16,837 beside +1).
    if (kept.classes < MinKeptClasses || !linear || kept.classes < ClassesPerImportedModule * modules)
        return std::nullopt;
    // A class of the script's own (Row, not __main__.Row) with about as many objects grown.
    visitGrownTypes(comparison, [&](const std::string& key, const DiffRow& row) {
        constexpr std::string_view Main = "__main__.";
        const int64_t objects = row.deltaBlocks();
        if (key.starts_with(Main) && objects > kept.perObjectCount
            && 10 * std::llabs(objects - kept.classes) <= kept.classes) {
            kept.perObjectType = key.substr(Main.size());
            kept.perObjectCount = objects;
        }
    });
    return kept;
}

std::optional<KeptModules> findKeptModules(const Comparison& comparison)
{
    // Imports at start-up hold a level once done (pandas' 466 modules read "plateau"). One import
    // caught at one census is no shape at all (a script that imports numpy, recorded with --exact:
    // +122 modules in the last of four censuses read "linear"): modules made per reload or per
    // request come in at more than one.
    const int64_t modules = keptOfTypes(comparison, { "module" }, MinKeptModules);
    if (!modules)
        return std::nullopt;
    int steps = 0;
    visitGrownTypes(comparison, [&](const std::string& key, const DiffRow& row) {
        if (key == "module")
            steps = comparison.byType().growth(row).evidence.steps;
    });
    return steps >= 2 ? std::optional(KeptModules { modules }) : std::nullopt;
}

namespace {

// The census's thread classes: each thread Python starts also makes one closure of its own
// (threading's _make_invoke_excepthook), and a Timer is a thread.
bool isThreadType(std::string_view key)
{
    return key == "threading.Thread" || key == "threading.Timer";
}

} // namespace

int64_t kept::seriesGrown(const Comparison& comparison, const Series& series, CounterBefore before, double until)
{
    const DiffResult& diff = comparison.diff();
    const auto end = std::upper_bound(diff.sampleTimes.begin(), diff.sampleTimes.end(), until);
    const std::vector<double> times(diff.sampleTimes.begin(), end);
    if (times.size() < 2 || comparison.twoFiles())
        return 0;
    std::vector<int64_t> values;
    values.reserve(times.size());
    for (const double time : times)
        values.push_back(before == CounterBefore::Zero ? series.valueAt(time) : series.levelAt(time));
    const Growth growth
        = classifyGrowth(times, values, values, secondsPerUnit(comparison.analysis().profile().info().timeUnit));
    return isLeakLike(growth.cls) ? std::max<int64_t>(values.back() - values.front(), 0) : 0;
}

int64_t kept::counterGrown(const Comparison& comparison, std::string_view name, CounterBefore before)
{
    const auto& counters = comparison.analysis().profile().timeline().counters;
    const auto counter
        = std::find_if(counters.begin(), counters.end(), [&](const NamedSeries& c) { return c.name == name; });
    return counter == counters.end() ? 0 : seriesGrown(comparison, counter->series, before);
}

int64_t kept::threadsGrown(const Comparison& comparison)
{
    int64_t named = 0;
    visitGrownTypes(comparison, [&](const std::string& key, const DiffRow& row) {
        if (isThreadType(key))
            named += row.deltaBlocks();
    });
    // The recorder's count of threads alive (from recorder 1.3 on): a program's own subclass of
    // threading.Thread is no threading.Thread to the census (workers.py: 1 500 SessionWatcher
    // threads read "kept instances", and their threads' own closures "kept closures").
    return std::max<int64_t>(
        std::max(named, counterGrown(comparison, ThreadsAliveCounter, CounterBefore::FirstValue)), 0);
}

std::optional<KeptThreads> findKeptThreads(const Comparison& comparison)
{
    KeptThreads kept;
    bool leakLike = false;
    visitGrownTypes(comparison, [&](const std::string& key, const DiffRow& row) {
        if (isThreadType(key)) {
            kept.threads += row.deltaBlocks();
            kept.timers += key == "threading.Timer" ? row.deltaBlocks() : 0;
            leakLike = leakLike || isLeakLike(row.cls);
        }
    });
    // Threads alive the census did not name (a subclass's): counted from the recorder's count.
    if (const int64_t alive = counterGrown(comparison, ThreadsAliveCounter, CounterBefore::FirstValue);
        alive > kept.threads) {
        kept.threads = alive;
        leakLike = true;
    }
    return kept.threads >= MinKeptThreads && leakLike ? std::optional(kept) : std::nullopt;
}

std::optional<KeptTimerHandles> findKeptTimerHandles(const Comparison& comparison)
{
    const int64_t handles = keptOfTypes(comparison, { "asyncio.events.TimerHandle" }, MinKeptTimerHandles);
    return handles ? std::optional(KeptTimerHandles { handles }) : std::nullopt;
}

std::optional<KeptTeeBuffers> findKeptTeeBuffers(const Comparison& comparison)
{
    const int64_t buffers = keptOfTypes(comparison, { "itertools._tee_dataobject" }, MinKeptTeeBuffers);
    return buffers ? std::optional(KeptTeeBuffers { buffers }) : std::nullopt;
}

std::optional<KeptCompressors> findKeptCompressors(const Comparison& comparison)
{
    KeptCompressors kept;
    bool leakLike = false;
    visitGrownTypes(comparison, [&](const std::string& key, const DiffRow& row) {
        const bool compressor = key == "zlib.Compress" || key == "_bz2.BZ2Compressor" || key == "_lzma.LZMACompressor";
        const bool decompressor
            = key == "zlib.Decompress" || key == "_bz2.BZ2Decompressor" || key == "_lzma.LZMADecompressor";
        if (compressor || decompressor) {
            (compressor ? kept.compressors : kept.decompressors) += row.deltaBlocks();
            leakLike = leakLike || isLeakLike(row.cls);
        }
    });
    return kept.compressors + kept.decompressors >= MinKeptCompressors && leakLike ? std::optional(kept) : std::nullopt;
}

std::optional<KeptDescriptors> findKeptDescriptors(const Comparison& comparison)
{
    KeptDescriptors kept;
    bool leakLike = false;
    visitGrownTypes(comparison, [&](const std::string& key, const DiffRow& row) {
        const bool socket = key == "socket.socket" || key == "ssl.SSLSocket";
        const bool process = key == "subprocess.Popen";
        if (socket || process || key == "_io.FileIO") {
            (socket ? kept.sockets : process ? kept.processes : kept.files) += row.deltaBlocks();
            leakLike = leakLike || isLeakLike(row.cls);
        }
    });
    return kept.sockets + kept.files + kept.processes >= MinKeptDescriptors && leakLike ? std::optional(kept)
                                                                                        : std::nullopt;
}

std::string keptFuturesFinding(const KeptFutures& kept)
{
    if (!kept.mapCall.empty())
        return countedFinding(kept.futures, "futures",
            "They were submitted by concurrent.futures' Executor.map, called at " + kept.mapCall
                + ": it submits every item of its input at once (it collects the input immediately, not lazily) "
                  "and keeps each item's Future, with its result once done, until the loop over map's results "
                  "reaches it. For a long input, feed map in bounded batches (itertools.islice), or keep a bounded "
                  "number of futures in flight (submit, then concurrent.futures.wait with "
                  "return_when=FIRST_COMPLETED); from Python 3.14, map(..., buffersize=N) does so");
    return countedFinding(kept.futures, "futures",
        "A Future that is kept (in a dict of jobs, a list of pending work) keeps its result, or its exception and "
        "traceback, once done, and about 1 kB of its own (a condition, its lock, a queue of waiters): what the job "
        "returned stays at the lines that made it. Drop each future once its result is read "
        "(future.add_done_callback can remove it from the registry), or keep the result alone");
}

std::string keptXmlElementsFinding(const KeptXmlElements& kept)
{
    if (!kept.iterparseCall.empty())
        return countedFinding(kept.elements, "XML elements",
            "They were read by ElementTree.iterparse, called at " + kept.iterparseCall
                + ", which builds the whole tree as it reads: an element handled at its end event stays in the "
                  "tree, a child of its parent with its attributes, text and children, until the tree goes. Take the "
                  "root from the first event (events=(\"start\", \"end\"), then event, root = next(context)) and "
                  "call root.clear() as each record ends, or at least elem.clear() once an element is handled");
    return countedFinding(kept.elements, "XML elements",
        "Each parsed element keeps its attributes, text and children for as long as it or its tree is kept: a tree, "
        "or one element of it, kept after it was read keeps the whole document. Keep the values needed (elem.get(), "
        "elem.text) rather than the elements, or clear what is handled (elem.clear())");
}

std::string keptFramesFinding(const KeptFrames& kept)
{
    return countedFinding(kept.frames, "frames",
        "A frame kept after its call returned keeps every local variable of that call, and with them all the call "
        "built. What keeps one: sys._getframe() or inspect.currentframe() stored, inspect.stack() or inspect.trace() "
        "kept (each FrameInfo keeps its frame), a frame passed to a callback that keeps it. Keep what is needed of "
        "it instead (frame.f_code.co_name and frame.f_lineno, or traceback.extract_stack(), which keeps no frame), "
        "or del it (frame.clear() drops its locals) once done");
}

std::string keptMockCallsFinding(const KeptMockCalls& kept)
{
    return countedFinding(kept.calls, "calls recorded by unittest.mock",
        "A Mock or MagicMock records every call made on it and on its attributes, with the arguments, in "
        "mock_calls, method_calls and each attribute's call_args_list, for as long as it lives: a mock left in "
        "place of a real object (a metrics or HTTP client in a long run, a soak test) keeps all of them. Put a real "
        "object or a no-op stand-in in its place, or call reset_mock() between rounds");
}

std::string keptMatchesFinding(const KeptMatches& kept)
{
    return countedFinding(kept.matches, "re.Match objects",
        "A match keeps the whole string it searched (match.string), however short the part it matched, so a match "
        "kept keeps its input"
            + (kept.stringBytes > 0 ? " (str grew by " + formatBytes(kept.stringBytes) + " beside them)"
                                    : std::string())
            + ". Keep what it matched instead: match.group(1) is a string of its own, and match.span() two numbers");
}

std::string keptLoggersFinding(const KeptLoggers& kept)
{
    return countedFinding(kept.loggers, "loggers",
        "The logging module keeps every logger it is asked for by name until the program ends "
        "(logging.Logger.manager.loggerDict), each with its own dict, cache and list of handlers: a name made per "
        "request, per connection or per object (getLogger(f\"app.request.{id}\")) makes a new logger each time. "
        "Log through one logger per module (getLogger(__name__)) and put the id in the message, in extra= or in a "
        "LoggerAdapter");
}

std::string keptLogRecordsFinding(const KeptLogRecords& kept)
{
    return countedFinding(kept.records, "log records",
        "Each logging.LogRecord keeps the arguments it was logged with (the objects passed to log.debug(\"%r\", "
        "payload), formatted only when a handler writes it), and its exception and traceback where there was one. A "
        "handler that holds records keeps all of them: a logging.handlers.MemoryHandler (or BufferingHandler) until "
        "its capacity is reached or a record at its flushLevel comes, a QueueHandler's queue that no QueueListener "
        "drains, a handler that appends every record to a list. Give the buffer a capacity it reaches, drain the "
        "queue, or keep the formatted message (record.getMessage()) rather than the record");
}

std::string keptWarningsFinding(const KeptWarnings& kept)
{
    return countedFinding(kept.warnings, "warnings remembered by Python's warnings registry",
        "Under the \"default\" action, each warning shown is remembered, its text, category and line in the "
        "__warningregistry__ of the module that warned, so as to be shown once: a message that carries a value (an "
        "id, a price, a path) is new every time, and every one stays, with its text. Keep the value out of the "
        "message (log it beside the warning), or filter the warning: warnings.simplefilter(\"ignore\", "
        "RuntimeWarning) or \"always\" remember nothing");
}

std::string keptUncollectedFinding(const KeptUncollected& kept)
{
    return countedFinding(kept.objects,
        "objects the cyclic garbage collector tracks, made while the program had turned it off (gc.disable())",
        "Objects that refer to each other (a parent and its children, an object and a bound method of its own "
        "stored on it, an exception and the frames of its traceback) are freed only when the collector runs: while "
        "it is off, every such group the program drops stays. Turn it back on (gc.enable(); gc.set_threshold makes "
        "it run less often, gc.freeze() keeps long-lived objects out of its passes), run gc.collect() between "
        "requests, or break the cycles (a weakref for the back reference)");
}

std::string keptClassesFinding(const KeptClasses& kept)
{
    std::string text = formatSignedCount(kept.classes) + " classes between A and B (" + formatBytes(kept.bytes)
        + " in their type objects alone, more in their dicts, methods and code)";
    if (!kept.perObjectType.empty())
        text += ", and beside them " + formatSignedCount(kept.perObjectCount) + " " + kept.perObjectType
            + " objects: a class of its own for each";
    return text
        + ". A class made at run time (collections.namedtuple, typing.NamedTuple, dataclasses.make_dataclass, "
          "Enum(\"Name\", ...), type(name, bases, namespace), a class statement inside a function) is a heavy object, "
          "and every object keeps its class: made per call and kept with its objects, or in a registry or cache, each "
          "stays. Make the class once, outside the function or loop, or cache it by its fields";
}

std::string keptModulesFinding(const KeptModules& kept)
{
    return countedFinding(kept.modules, "modules",
        "Python keeps every module it imports in sys.modules until the program ends, with its code, functions and "
        "globals: a module imported under a new name per reload, per tenant or per request "
        "(importlib.import_module(f\"rules_v{n}\")) makes a new one each time, and so does loading code from a "
        "file as a module of its own (importlib.util.module_from_spec put in sys.modules). Reload one module in "
        "place (importlib.reload), or del sys.modules[name] and every other reference to the old one; for code "
        "that is only data, compile() and exec() into a dict of your own");
}

std::string keptThreadsFinding(const KeptThreads& kept)
{
    std::string text = formatSignedCount(kept.threads) + " threads between A and B, alive at B";
    if (kept.timers > 0)
        text += " (threading.Timer " + formatSignedCount(kept.timers) + ")";
    text += ". A thread keeps its stack (mapped outside the heap) and all its function was given until the function "
            "returns";
    if (kept.timers > 0)
        text += "; a threading.Timer waits out its whole interval in a thread of its own, so a timeout per request "
                "made with a Timer that nobody cancels keeps a thread and the request's context for that long. "
                "Cancel it once the request is done (timer.cancel()), or keep the deadlines in one scheduler "
                "(asyncio's loop.call_later, sched, one thread over a heap of deadlines), cancelled the same way";
    else
        text += ": a thread per request or per connection that waits for something that does not come keeps "
                "them all. Give each wait a timeout, or hand the work to a bounded pool "
                "(concurrent.futures.ThreadPoolExecutor)";
    return text;
}

std::string keptTimerHandlesFinding(const KeptTimerHandles& kept)
{
    return countedFinding(kept.handles, "asyncio timer handles",
        "The event loop keeps each callback that loop.call_later or call_at scheduled, with its arguments, until it "
        "runs or is cancelled: a timeout per request scheduled far ahead and never cancelled keeps every request's "
        "context that long. Cancel the handle once the request is done (handle.cancel()), or use asyncio.timeout() "
        "or asyncio.wait_for(), which cancel their own");
}

std::optional<KeptDeques> findKeptDeques(const Comparison& comparison)
{
    KeptDeques kept;
    int64_t others = 0; // deques of threading's and asyncio's own objects
    bool leakLike = false;
    visitGrownTypes(comparison, [&](const std::string& key, const DiffRow& row) {
        if (key == "collections.deque") {
            kept.deques = row.deltaBlocks();
            kept.bytes = row.deltaBytes();
            leakLike = isLeakLike(row.cls);
        } else if (key == "threading.Condition" || key == "queue.Queue" || key == "asyncio.locks.Event"
            || key == "asyncio.locks.Condition") {
            others += row.deltaBlocks();
        } else if (key == "asyncio.queues.Queue") {
            others += 3 * row.deltaBlocks(); // its items, its getters and its putters
        } else if (key == "asyncio.queues.PriorityQueue" || key == "asyncio.queues.LifoQueue") {
            others += 2 * row.deltaBlocks();
        }
    });
    kept.deques -= std::max<int64_t>(others, 0);
    return kept.deques >= MinKeptDeques && leakLike ? std::optional(kept) : std::nullopt;
}

std::string keptCompressorsFinding(const KeptCompressors& kept)
{
    std::string text;
    if (kept.compressors > 0)
        text = formatSignedCount(kept.compressors) + " compressors";
    if (kept.decompressors > 0)
        text += (text.empty() ? "" : " and ") + formatSignedCount(kept.decompressors) + " decompressors";
    return text
        + " (zlib, bz2 or lzma) between A and B, kept. Each holds its library's window and tables (a zlib "
          "decompressor about 40 kB, zlib.compressobj() about 260 kB, an lzma compressor tens of MB), allocated at "
          "the line that made it and kept as long as it is: one per session, request or file kept \"to reuse it\" "
          "keeps them all. Finish each (flush()) and drop it when its stream is done, or use zlib.compress() and "
          "zlib.decompress() for a whole buffer at once";
}

std::string keptDequesFinding(const KeptDeques& kept)
{
    return formatSignedCount(kept.deques) + " deques between A and B (" + formatSignedBytes(kept.bytes)
        + " of their own, by the census, beside what they hold). Each deque may be bounded (maxlen), their "
          "number is not: a deque per key (per user, session, connection or symbol) in a dict that is never "
          "pruned grows with its keys. Drop a key's deque when its user or session ends, or bound the dict itself "
          "(an LRU of deques, a TTL)";
}

std::string keptTeeBuffersFinding(const KeptTeeBuffers& kept)
{
    return countedFinding(kept.buffers, "itertools.tee buffers",
        "Each holds " + std::to_string(TeeBufferItems) + " items, up to " + formatCount(kept.buffers * TeeBufferItems)
            + " in all: tee keeps every item one of its iterators has passed until every other one has read it, so "
              "a branch read late, or never, keeps the whole stream (what the items hold stays at the lines that "
              "made them). Advance the branches in step, collect what the late branch needs as you go, or make two "
              "passes over the source");
}

std::string keptDescriptorsFinding(const KeptDescriptors& kept)
{
    std::vector<std::string> counts;
    if (kept.processes > 0)
        counts.push_back(formatSignedCount(kept.processes) + " child processes (subprocess.Popen)");
    if (kept.sockets > 0)
        counts.push_back(formatSignedCount(kept.sockets) + " sockets");
    if (kept.files > 0)
        counts.push_back(
            formatSignedCount(kept.files) + (kept.processes > 0 ? " files (their pipes among them)" : " files"));
    std::string text;
    for (size_t i = 0; i < counts.size(); ++i)
        text += (i == 0 ? "" : i + 1 == counts.size() ? " and " : ", ") + counts[i];
    text += " between A and B, kept.";
    if (kept.processes > 0)
        text += " A child that has exited and was never waited for stays in the process table, a zombie, until "
                "wait() reaps it: the system allows only so many processes (ulimit -u) before fork() fails with "
                "\"Resource temporarily unavailable\". Wait for each (wait() or communicate(), or a with block), or "
                "poll() the ones kept and drop those done.";
    if (kept.sockets + kept.files > 0)
        text += " Each that is still open holds a file descriptor, and a socket the kernel's buffers, outside the "
                "heap and its figures: the process may hold only so many (ulimit -n, often 1 024) before open() and "
                "connect() fail with \"Too many open files\". Close each on every path (a with block, or close() "
                "in a finally), and drop closed ones from where they are kept.";
    return text.substr(0, text.size() - 1);
}

std::string keptGeneratorsFinding(const KeptGenerators& kept)
{
    return countedFinding(kept.generators, "generators",
        "A generator that is neither run to its end nor closed keeps its frame, and every local in it, for as long "
        "as something holds it (a dict of streams, a list of pending work): what its function allocated stays at "
        "the lines that allocated it. Close it (generator.close()) or drop it when its consumer goes away");
}

} // namespace heapline
