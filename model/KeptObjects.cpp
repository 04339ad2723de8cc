#include "KeptObjects.h"

#include "KeptCensus.h"
#include "Units.h"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <string_view>
#include <unordered_set>

namespace heapline {

namespace {

bool endsWith(std::string_view text, std::string_view end)
{
    return text.size() >= end.size() && text.substr(text.size() - end.size()) == end;
}

// A census type an exception is, by the names Python's own and PEP 8's conventions give them
// (the census counts types by name; it does not know their bases).
bool namedAsException(std::string_view type)
{
    const size_t dot = type.rfind('.');
    const std::string_view name = dot == std::string_view::npos ? type : type.substr(dot + 1);
    static constexpr std::array Exact { "StopIteration", "StopAsyncIteration", "KeyboardInterrupt", "SystemExit",
        "GeneratorExit", "BaseException" };
    for (const char* exact : Exact)
        if (name == exact)
            return true;
    return endsWith(name, "Error") || endsWith(name, "Exception") || endsWith(name, "Warning");
}

} // namespace

namespace kept {

void tally(NamedCounts& counts, const std::string& name, int64_t count)
{
    const auto known = std::find_if(counts.begin(), counts.end(), [&](const auto& c) { return c.first == name; });
    if (known == counts.end())
        counts.emplace_back(name, count);
    else
        known->second += count;
}

void keepMost(NamedCounts& counts, size_t most)
{
    std::stable_sort(counts.begin(), counts.end(), [](const auto& l, const auto& r) { return l.second > r.second; });
    counts.resize(std::min(counts.size(), most));
}

namespace {

// A count that fell back between censuses and climbed unevenly is work in flight, not a set that
// keeps what it is given (mapall-fixed.py: a pool fed a thousand items at a time had 499, 468,
// 761 and 874 futures alive at its censuses, R² 0.72, and read "kept futures: +874"); a kept set
// only grows, and evenly (futures.heapline's job registry, R² 0.998).
bool churnedInFlight(const Comparison& comparison, const DiffRow& row)
{
    constexpr double EvenClimb = 0.9;
    const GrowthEvidence ev = comparison.byType().growth(row).evidence;
    return ev.dropRatio > 0 && ev.rSquared < EvenClimb;
}

} // namespace

int64_t keptOfTypes(const Comparison& comparison, std::initializer_list<std::string_view> names, int64_t least)
{
    int64_t objects = 0;
    bool leakLike = false;
    visitGrownTypes(comparison, [&](const std::string& key, const DiffRow& row) {
        if (std::find(names.begin(), names.end(), key) != names.end()) {
            objects += row.deltaBlocks();
            leakLike = leakLike || (isLeakLike(row.cls) && !churnedInFlight(comparison, row));
        }
    });
    return objects >= least && leakLike ? objects : 0;
}

std::string countedFinding(int64_t objects, std::string_view noun, std::string_view meaning)
{
    return formatSignedCount(objects) + " " + std::string(noun) + " between A and B. " + std::string(meaning);
}

} // namespace kept

using kept::countedFinding;
using kept::keptOfTypes;
using kept::threadsGrown;
using kept::visitGrownTypes;
using kept::visitKeptCallsites;

std::optional<KeptExceptions> findKeptExceptions(const Comparison& comparison)
{
    KeptExceptions kept;
    bool leakLike = false;
    const bool counted = visitGrownTypes(comparison, [&](const std::string& key, const DiffRow& row) {
        if (key == "traceback") {
            kept.tracebacks = row.deltaBlocks();
            leakLike = isLeakLike(row.cls);
        } else if (key == "frame") {
            kept.frames = row.deltaBlocks();
        } else if (namedAsException(key) && row.deltaBlocks() > kept.exceptions) {
            kept.exceptionType = key;
            kept.exceptions = row.deltaBlocks();
        }
    });
    if (!counted || kept.tracebacks < MinKeptTracebacks || !leakLike)
        return std::nullopt;
    return kept;
}

std::optional<KeptTasks> findKeptTasks(const Comparison& comparison)
{
    KeptTasks kept;
    // CPython's C task, or the pure-Python one where the accelerator is missing.
    kept.tasks = keptOfTypes(comparison, { "_asyncio.Task", "asyncio.tasks.Task" }, MinKeptTasks);
    if (!kept.tasks)
        return std::nullopt;
    visitGrownTypes(comparison, [&](const std::string& key, const DiffRow& row) {
        if (key == "coroutine")
            kept.coroutines = row.deltaBlocks();
    });
    return kept;
}

std::string keptTasksFinding(const KeptTasks& kept)
{
    std::string text = formatSignedCount(kept.tasks) + " asyncio tasks";
    if (kept.coroutines > 0)
        text += " and " + formatSignedCount(kept.coroutines) + " coroutines";
    return text
        + " between A and B. A task that is kept (in a set or list that is never pruned) keeps its coroutine, "
          "its result and what its frame held, done or not; a backlog of tasks that never finish grows the same "
          "way. Discard each task as it completes (task.add_done_callback(tasks.discard)), or bound how many run";
}

// Modules of the interpreter and its standard library whose objects hold only what tracemalloc
// traces (their memory comes through Python's allocators): a type of theirs that grew in number is
// no holder of native memory. An import made 143 weakref.ReferenceType (type caches), linear, beside
// an in-memory SQLite database that grew RSS by 23 MB: the first screen named the weakrefs. Not
// here, for they allocate outside them: sqlite3, _hashlib, _ssl, mmap, _lzma, _bz2, dbm, _curses.
bool kept::tracedStandardModule(std::string_view key)
{
    static constexpr std::string_view Modules[]
        = { "_abc", "_asyncio", "_collections", "_contextvars", "_csv", "_datetime", "_decimal", "_frozen_importlib",
              "_frozen_importlib_external", "_functools", "_io", "_pickle", "_queue", "_random", "_sre", "_struct",
              "_thread", "_weakref", "_weakrefset", "abc", "argparse", "array", "ast", "asyncio", "builtins", "codecs",
              "collections", "concurrent", "contextlib", "contextvars", "copy", "csv", "dataclasses", "datetime",
              "decimal", "email", "enum", "fractions", "functools", "http", "importlib", "inspect", "io", "itertools",
              "json", "logging", "operator", "os", "pathlib", "pickle", "queue", "random", "re", "selectors", "socket",
              "string", "sys", "threading", "traceback", "types", "typing", "urllib", "uuid", "warnings", "weakref" };
    const std::string_view module = key.substr(0, key.find('.'));
    return std::find(std::begin(Modules), std::end(Modules), module) != std::end(Modules);
}

namespace {

// What a holder of a known type keeps outside the traced heap, and what to do: the count alone
// sent the reader of sqlconns.py (1,500 sqlite3 connections kept, RSS +143 MB) to heaptrack, where
// the answer is a line of sqlite's C; the fix is a close() in the program's Python.
std::string_view nativeHolderWhy(std::string_view type, bool grown = true)
{
    if (type == "sqlite3.Connection" && !grown)
        return "An sqlite3 connection keeps its page cache in SQLite's memory (up to about 2 MB, the default "
               "cache_size) and, opened on \":memory:\", its whole database, which grows with every row it keeps: "
               "delete the rows whose time is over, or keep the database in a file";
    if (type == "sqlite3.Connection")
        return "Each sqlite3 connection keeps its own page cache in SQLite's memory (up to about 2 MB, the default "
               "cache_size) and, opened on \":memory:\", its whole database: close each connection when its work is "
               "done (with contextlib.closing(sqlite3.connect(...))), or keep one per thread and reuse it";
    if (type == "ssl.SSLContext" || type == "_ssl._SSLContext")
        return "Each SSLContext holds OpenSSL's copy of the certificates it loaded (ssl.create_default_context() "
               "loads the system's: up to about 1 MB each): make one context and reuse it for every connection";
    if (type == "PIL.Image.Image" || type == "ImagingCore")
        return "Each PIL image keeps its pixels in Pillow's memory (width × height × bands bytes): close() images "
               "once used (with Image.open(...) as im:), or keep thumbnails rather than the images";
    return {};
}

} // namespace

std::vector<NativeHolder> findNativeHolders(const Comparison& comparison, size_t top)
{
    std::vector<NativeHolder> holders;
    if (!comparison.diff().native)
        return holders;
    visitGrownTypes(comparison, [&](const std::string& key, const DiffRow& row) {
        const bool undotted = key.find('.') == std::string::npos;
        const bool pythonsOwn = (undotted && !key.empty() && key.front() >= 'a' && key.front() <= 'z')
            || (!undotted && kept::tracedStandardModule(key));
        if (!pythonsOwn && isLeakLike(row.cls) && row.deltaBlocks() >= MinNativeHolders)
            holders.push_back({ key, row.deltaBlocks() });
    });
    std::stable_sort(holders.begin(), holders.end(),
        [](const NativeHolder& l, const NativeHolder& r) { return l.objects > r.objects; });
    if (holders.size() > top)
        holders.resize(top);
    // A connection alive at B, though not grown in number, can hold the growth alone: one sqlite3
    // connection on ":memory:" whose database grew by 36 MB (pysql.py) read "RSS grows while the
    // traced heap does not ... run the same command under heaptrack", where the census had counted
    // the connection. (One SSL context or image cannot grow so: not named.)
    if (std::none_of(
            holders.begin(), holders.end(), [](const NativeHolder& h) { return !nativeHolderWhy(h.type).empty(); })
        && comparison.analysis().profile().hasCensus()) {
        const DiffResult& types = comparison.byType();
        for (const DiffRow& row : types.rows)
            if (row.census && row.atB.blocks > 0 && types.key(row) == "sqlite3.Connection")
                holders.push_back({ types.key(row), row.atB.blocks, false });
    }
    return holders;
}

std::string nativeHoldersText(const std::vector<NativeHolder>& holders)
{
    if (holders.empty())
        return {};
    std::string text;
    std::string alive;
    for (const NativeHolder& holder : holders) {
        if (holder.grown)
            text += (text.empty() ? "" : ", ") + holder.type + " " + formatSignedCount(holder.objects);
        else
            alive += (alive.empty() ? "" : ", ") + holder.type + " " + formatCount(holder.objects);
    }
    if (!text.empty())
        text = "Objects that grew in number beside it, by the type census (a C extension's objects hold memory "
               "the recorder does not see): "
            + text;
    if (!alive.empty())
        text += (text.empty() ? "" : ". ")
            + std::string("Alive at B, by the type census, and holding memory the recorder does not see: ") + alive;
    for (const NativeHolder& holder : holders)
        if (const std::string_view why = nativeHolderWhy(holder.type, holder.grown); !why.empty()) {
            text += ". ";
            text += why;
            break;
        }
    return text;
}

KeptObjects findKeptObjects(const Comparison& comparison)
{
    KeptObjects kept { findKeptHolders(comparison), findKeptExceptions(comparison), findKeptTasks(comparison),
        findKeptGenerators(comparison), findKeptFutures(comparison), findKeptXmlElements(comparison),
        findKeptFrames(comparison), findKeptMockCalls(comparison), findKeptMatches(comparison),
        findKeptLoggers(comparison), findKeptLogRecords(comparison), findKeptMemoCaches(comparison),
        findKeptPicklerMemos(comparison), findKeptUnpicklerMemos(comparison), findKeptWarnings(comparison),
        findKeptUncollected(comparison), findKeptModules(comparison), findKeptThreads(comparison),
        findKeptTimerHandles(comparison), findKeptDescriptors(comparison), findKeptTeeBuffers(comparison),
        findKeptCompressors(comparison), findKeptDeques(comparison), findKeptClosures(comparison),
        findKeptCode(comparison), findKeptViews(comparison), findKeptInstances(comparison), findKeptShared(comparison),
        findKeptThrown(comparison), findKeptClasses(comparison), findKeptCallbacks(comparison) };
    return kept;
}

std::vector<KeptFinding> keptFindings(const KeptObjects& kept)
{
    std::vector<KeptFinding> findings;
    if (kept.holders)
        findings.push_back({ "Kept in", keptHoldersFinding(*kept.holders) });
    if (kept.exceptions)
        findings.push_back({ "Kept exceptions", keptExceptionsFinding(*kept.exceptions) });
    if (kept.tasks)
        findings.push_back({ "Kept asyncio tasks", keptTasksFinding(*kept.tasks) });
    if (kept.generators)
        findings.push_back({ "Kept generators", keptGeneratorsFinding(*kept.generators) });
    if (kept.futures)
        findings.push_back({ "Kept futures", keptFuturesFinding(*kept.futures) });
    if (kept.xmlElements)
        findings.push_back({ "Kept XML elements", keptXmlElementsFinding(*kept.xmlElements) });
    if (kept.frames)
        findings.push_back({ "Kept frames", keptFramesFinding(*kept.frames) });
    if (kept.mockCalls)
        findings.push_back({ "Kept mock calls", keptMockCallsFinding(*kept.mockCalls) });
    if (kept.matches)
        findings.push_back({ "Kept matches", keptMatchesFinding(*kept.matches) });
    if (kept.loggers)
        findings.push_back({ "Kept loggers", keptLoggersFinding(*kept.loggers) });
    if (kept.logRecords)
        findings.push_back({ "Kept log records", keptLogRecordsFinding(*kept.logRecords) });
    if (kept.memoCaches)
        findings.push_back({ "Kept memoised results", keptMemoCachesFinding(*kept.memoCaches) });
    if (kept.picklerMemos)
        findings.push_back({ "Kept by a pickler's memo", keptPicklerMemosFinding(*kept.picklerMemos) });
    if (kept.unpicklerMemos)
        findings.push_back({ "Kept by an unpickler's memo", keptUnpicklerMemosFinding(*kept.unpicklerMemos) });
    if (kept.warnings)
        findings.push_back({ "Kept warnings", keptWarningsFinding(*kept.warnings) });
    if (kept.uncollected)
        findings.push_back({ "Kept with the collector off", keptUncollectedFinding(*kept.uncollected) });
    if (kept.classes)
        findings.push_back({ "Kept classes", keptClassesFinding(*kept.classes) });
    if (kept.modules)
        findings.push_back({ "Kept modules", keptModulesFinding(*kept.modules) });
    if (kept.threads)
        findings.push_back({ "Kept threads", keptThreadsFinding(*kept.threads) });
    if (kept.timerHandles)
        findings.push_back({ "Kept asyncio timers", keptTimerHandlesFinding(*kept.timerHandles) });
    if (kept.descriptors)
        findings.push_back({ kept.descriptors->processes > 0 ? "Kept child processes" : "Kept sockets and files",
            keptDescriptorsFinding(*kept.descriptors) });
    if (kept.teeBuffers)
        findings.push_back({ "Kept tee buffers", keptTeeBuffersFinding(*kept.teeBuffers) });
    if (kept.compressors)
        findings.push_back({ "Kept compressors", keptCompressorsFinding(*kept.compressors) });
    if (kept.deques)
        findings.push_back({ "Kept deques", keptDequesFinding(*kept.deques) });
    if (kept.closures)
        findings.push_back({ "Kept closures", keptClosuresFinding(*kept.closures) });
    if (kept.code)
        findings.push_back({ "Kept compiled code", keptCodeFinding(*kept.code) });
    if (kept.views)
        findings.push_back({ kept.views->type == "memoryview" ? "Kept memoryviews" : "Kept numpy views",
            keptViewsFinding(*kept.views) });
    // Objects each of a class of its own: the classes' finding tells them, and what keeps the
    // objects (a list of rows) is no news.
    if (kept.instances
        && !(kept.classes && !kept.instances->types.empty()
            && kept.instances->types.front().first == kept.classes->perObjectType))
        findings.push_back({ "Kept instances", keptInstancesFinding(*kept.instances) });
    if (kept.shared)
        findings.push_back({ "Kept shared objects", keptSharedFinding(*kept.shared) });
    if (kept.callbacks)
        findings.push_back({ "Kept callbacks", keptCallbacksFinding(*kept.callbacks) });
    if (kept.thrown)
        findings.push_back({ "Kept exceptions", keptThrownFinding(*kept.thrown) });
    return findings;
}

std::vector<KeptFinding> keptFindings(const Comparison& comparison)
{
    return keptFindings(findKeptObjects(comparison));
}

namespace {

// The modules of the program's own code: those some frame of the user's own runs in (the
// script's is __main__; a package beside it, app.models). The census names a class by its
// module and qualified name, and a library's module has no frame of the user's own (its files
// are the system's: site-packages, the standard library).
std::unordered_set<std::string_view> programModules(const Analysis& analysis)
{
    std::unordered_set<std::string_view> modules { "__main__" };
    const Profile& profile = analysis.profile();
    for (uint32_t i = 1; i < profile.frames().size(); ++i) {
        const Frame& frame = profile.frames()[FrameId { i }];
        // Frozen and built-in modules (<frozen importlib._bootstrap>) are the interpreter's own.
        if (analysis.role(FrameId { i }) == FrameRole::User && !profile.string(frame.file).starts_with('<'))
            modules.insert(profile.string(frame.module));
    }
    return modules;
}

// The module a census class name begins with, where it is one of `modules`: the longest, for a
// package's module and a class nested in a class ("app.models.Cart.Line").
std::optional<std::string_view> moduleOf(std::string_view key, const std::unordered_set<std::string_view>& modules)
{
    for (size_t dot = key.rfind('.'); dot != std::string_view::npos && dot > 0; dot = key.rfind('.', dot - 1))
        if (modules.contains(key.substr(0, dot)))
            return key.substr(0, dot);
    return std::nullopt;
}

} // namespace

std::optional<KeptInstances> findKeptInstances(const Comparison& comparison)
{
    KeptInstances kept;
    int64_t methods = 0;
    std::optional<std::unordered_set<std::string_view>> modules;
    int64_t classes = 0;
    visitGrownTypes(comparison, [&](const std::string& key, const DiffRow& row) {
        if (key == "type" || key == "abc.ABCMeta" || key == "enum.EnumType" || key == "enum.EnumMeta")
            classes += row.deltaBlocks();
        if (namedAsException(key) || !isLeakLike(row.cls) || row.deltaBlocks() < MinKeptInstances)
            return;
        if (key == "method") {
            methods = row.deltaBlocks();
            return;
        }
        if (key == "weakref.ReferenceType") {
            kept.weakReferences = row.deltaBlocks();
            return;
        }
        if (!modules)
            modules = programModules(comparison.analysis());
        // The script's classes go by their own names; another module's keep it (app.models.Cart).
        if (const auto module = moduleOf(key, *modules))
            kept.types.emplace_back(*module == "__main__" ? key.substr(module->size() + 1) : key, row.deltaBlocks());
    });
    if (kept.types.empty())
        return std::nullopt;
    kept::keepMost(kept.types, 2);
    // A thread keeps two bound methods of its own (workers.py: 1,500 Thread subclasses, +3,001
    // methods): kept threads tell those.
    methods -= 2 * threadsGrown(comparison);
    if (methods >= MinKeptInstances && methods * 2 >= kept.types.front().second)
        kept.boundMethods = methods;
    // A class made at run time gets a weak reference in its base's list of subclasses (rowtypes.py:
    // 16,837 classes, 16,838 weak references), a thread two, in threading's own WeakSets
    // (workers.py: 1,500 threads, 3,005): those are not entries of the program's.
    kept.weakReferences -= std::max<int64_t>(classes, 0) + 2 * threadsGrown(comparison);
    if (kept.weakReferences * 2 < kept.types.front().second)
        kept.weakReferences = 0;
    return kept;
}

std::optional<KeptViews> findKeptViews(const Comparison& comparison)
{
    struct Grown {
        int64_t objects = 0;
        int64_t bytes = 0;
        bool leakLike = false;
    };
    Grown arrays;
    Grown memoryviews;
    visitGrownTypes(comparison, [&](const std::string& key, const DiffRow& row) {
        if (key == "numpy.ndarray" || key == "memoryview")
            (key == "memoryview" ? memoryviews : arrays) = { row.deltaBlocks(), row.deltaBytes(), isLeakLike(row.cls) };
    });
    const int64_t heapBytes = comparison.diff().total.deltaBytes();
    const auto views = [&](const Grown& grown) {
        return grown.objects >= MinKeptViews && grown.leakLike && grown.bytes <= grown.objects * MaxViewBytes
            && heapBytes >= grown.objects * MinHeldPerView;
    };
    // Arrays first: a numpy view's buffer export is a memoryview too.
    const Grown* kept = views(arrays) ? &arrays : views(memoryviews) ? &memoryviews : nullptr;
    if (!kept)
        return std::nullopt;
    return KeptViews { kept == &arrays ? "numpy.ndarray" : "memoryview", kept->objects,
        std::max<int64_t>(kept->bytes, 0) / kept->objects, heapBytes };
}

std::string keptInstancesFinding(const KeptInstances& kept)
{
    std::string text;
    for (size_t i = 0; i < kept.types.size(); ++i)
        text += std::string(i ? " and " : "") + formatSignedCount(kept.types[i].second) + " " + kept.types[i].first;
    if (kept.boundMethods > 0)
        return text + " objects between A and B, instances of the program's own classes, and beside them "
            + formatSignedCount(kept.boundMethods)
            + " bound methods. A bound method (self.on_event) keeps its object, and with it all the object holds: "
              "registered as a callback and never removed (an event bus's or a signal's subscribers, "
              "atexit.register, a scheduler's jobs), it keeps the object for as long as the registry lives. "
              "Unsubscribe when the object's work is done, or register weakref.WeakMethod(self.on_event)";
    text
        += " objects between A and B, instances of the program's own classes. What each holds (its attributes, what "
           "its __init__ built) stays with it: look for what keeps them, rather than where they are built. A list or "
           "dict they are added to, a cache keyed by them (functools.lru_cache or functools.cache on a method keeps "
           "self in every key), callbacks or handlers registered with them, or reference cycles the collector does not "
           "free (gc.disable, gc.freeze)";
    if (kept.weakReferences > 0)
        text += ". Beside them grew " + formatSignedCount(kept.weakReferences)
            + " weak references: where those are a weakref.WeakKeyDictionary's keys (or a WeakSet's), an entry goes "
              "only when nothing else refers to its object, and a value that refers back to its key (meta.request = "
              "request) keeps both for good. Make that back reference a weakref.ref, or keep the data on the object "
              "itself";
    return text;
}

std::string keptViewsFinding(const KeptViews& kept)
{
    if (kept.type == "memoryview")
        return countedFinding(kept.views, "memoryviews",
            "By the census each owns " + formatBytes(kept.bytesEach) + " of its own, while the heap kept "
                + formatBytes(kept.heapBytes)
                + ". A memoryview, and every slice of one, keeps the whole object it was taken from (a bytes, a "
                  "bytearray, an mmap, an array) alive: keep a copy of the part you need (bytes(view[:16])), and the "
                  "object it came from is freed");
    return countedFinding(kept.views, "numpy arrays",
        "By the census each owns " + formatBytes(kept.bytesEach)
            + " of its own: no data, so they are views (a row, a slice, a transpose, a reshape) of other arrays, "
              "while the heap kept "
            + formatBytes(kept.heapBytes)
            + ". A view keeps the whole array it was taken from (its .base) alive: keep a copy of the part you need "
              "(frame[0].copy()), and the array it came from is freed");
}

std::optional<KeptShared> findKeptShared(const Comparison& comparison)
{
    static constexpr std::string_view Shared = " (shared)";
    const Analysis& analysis = comparison.analysis();
    KeptShared kept;
    visitKeptCallsites(comparison, [&](const DiffRow& row, CallsiteId callsite) {
        const std::string& type = analysis.type(callsite);
        // Rust's: "Rc" where the symbols name no type (legacy mangling), "Rc<Session>" where they do.
        const bool rust = type == "Rc" || type == "Arc" || type.starts_with("Rc<") || type.starts_with("Arc<");
        if (!rust && !endsWith(type, Shared))
            return;
        kept.rust = kept.rust || rust;
        kept.objects += row.deltaBlocks();
        kept.bytes += row.deltaBytes();
        kept::tally(kept.types, rust ? type : type.substr(0, type.size() - Shared.size()), row.deltaBlocks());
    });
    if (kept.objects < MinKeptShared)
        return std::nullopt;
    kept::keepMost(kept.types, 2);
    return kept;
}

std::string keptSharedFinding(const KeptShared& kept)
{
    std::string text = formatSignedCount(kept.objects) + " objects made by "
        + (kept.rust ? "Rc::new or Arc::new" : "std::make_shared") + " between A and B, their blocks live at B (";
    for (size_t i = 0; i < kept.types.size(); ++i)
        text += (i ? ", " : "") + kept.types[i].first + " " + formatSignedCount(kept.types[i].second);
    text += "; " + formatBytes(kept.bytes) + " in their own blocks, not counting what they hold). ";
    // The weak references' case: the object is destroyed with its last strong reference, its block
    // (where make_shared and Rc put it) only with the last weak one, so a cache of weak references
    // that is never pruned shows here just as a container of strong ones does.
    if (kept.rust)
        return text
            + "An Rc or Arc's value and its counts are one allocation, freed when the last strong reference and the "
              "last Weak are gone. A collection that keeps a clone keeps it; values that point at each other "
              "through Rc or Arc form a cycle that counting never frees (a child's link back to its parent, a "
              "callback that captures its owner): make such a back link a Weak (Rc::downgrade, Arc::downgrade). "
              "And a collection of Weaks never pruned of dead ones keeps each allocation, the value dropped but "
              "not its memory: remove a Weak once upgrade() returns None";
    return text
        + "std::make_shared puts an object and its counts in one block, freed when the last std::shared_ptr and the "
          "last std::weak_ptr to it are gone. A container that keeps a shared_ptr to each keeps them; objects that "
          "hold shared_ptrs to each other form a cycle no owner can free (a child's link back to its parent, a "
          "callback that captures its owner): make such a back link a std::weak_ptr. And a container of weak_ptrs "
          "never pruned of expired ones keeps each block, the object destroyed but not its memory: erase expired "
          "entries, or make such objects with std::shared_ptr<T>(new T), whose object is freed apart from its "
          "counts";
}

std::string keptExceptionsFinding(const KeptExceptions& kept)
{
    std::string text = formatSignedCount(kept.tracebacks) + " tracebacks";
    if (kept.frames > 0)
        text += " and " + formatSignedCount(kept.frames) + " frames";
    text += " between A and B";
    if (!kept.exceptionType.empty())
        text += " (the exception that grew most: " + kept.exceptionType + ", " + formatSignedCount(kept.exceptions)
            + ")";
    return text
        + ". A caught exception that is kept (in a list, on an object, through sys.exc_info()) keeps its traceback, "
          "the traceback every frame it passed through, and each frame its locals: what those functions allocated "
          "stays at the lines that allocated it, though they returned. Keep str(error), or "
          "error.with_traceback(None), rather than the exception as it was caught";
}

std::optional<KeptThrown> findKeptThrown(const Comparison& comparison)
{
    const Analysis& analysis = comparison.analysis();
    const Profile& profile = analysis.profile();
    KeptThrown kept;
    int64_t mostThrown = 0;
    visitKeptCallsites(comparison, [&](const DiffRow& row, CallsiteId callsite) {
        const auto stack = profile.stackOf(callsite);
        // The exception object: __cxa_allocate_exception allocates it, and the frames after it
        // are the throw's; its first frame of the program's own is where it was thrown.
        const auto allocator = std::find_if(stack.begin(), stack.end(), [&](FrameId f) {
            return profile.string(profile.frames()[f].function).starts_with("__cxa_allocate_exception");
        });
        if (allocator == stack.end())
            return;
        kept.exceptions += row.deltaBlocks();
        kept.bytes += row.deltaBytes();
        if (row.deltaBlocks() > mostThrown) {
            mostThrown = row.deltaBlocks();
            const auto user
                = std::find_if(allocator, stack.end(), [&](FrameId f) { return analysis.role(f) == FrameRole::User; });
            kept.thrower = user == stack.end() ? std::string() : analysis.frameLabel(*user, true);
        }
    });
    if (kept.exceptions < MinKeptThrown)
        return std::nullopt;
    return kept;
}

std::string keptThrownFinding(const KeptThrown& kept)
{
    return formatSignedCount(kept.exceptions) + " C++ exception objects thrown between A and B are alive at B ("
        + formatBytes(kept.bytes) + ", not counting what they hold, such as a std::runtime_error's message"
        + (kept.thrower.empty() ? std::string() : "; thrown most at " + kept.thrower)
        + "). An exception outlives its catch block only while a std::exception_ptr holds it "
          "(std::current_exception(), std::make_exception_ptr, a std::promise or std::future that carries it): find "
          "where the program keeps those, and keep what it needs of each (its message) instead";
}

} // namespace heapline
