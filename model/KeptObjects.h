#pragma once

#include "Comparison.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace heapline {

// Caught exceptions kept alive, told from a Python recording's census: tracebacks that grew
// between A and B. A kept exception keeps its traceback, the traceback every frame it passed
// through, and each frame its locals: what a function allocated stays, at the line that allocated
// it, long after the function returned. The suspects alone then mislead: a worker that kept every
// ParseError "for a report" read "parse +78 MB, linear: keeps every item it is given" for a
// function whose 20 kB buffer was a local; with error.with_traceback(None) kept instead, 0.5 MB.
struct KeptExceptions {
    int64_t tracebacks = 0; // Δ traceback objects between A and B
    int64_t frames = 0; // Δ frame objects (0 where they did not grow)
    // The exception type that grew by the most objects, by its name (…Error, …Exception,
    // …Warning, StopIteration …); empty where no type so named grew.
    std::string exceptionType;
    int64_t exceptions = 0;
};

// Fewer kept tracebacks than this are no finding: a program may keep its last few errors.
inline constexpr int64_t MinKeptTracebacks = 100;

// None without a census, or where tracebacks grew by fewer than MinKeptTracebacks or not in a
// leak-like shape (a batch of failures handled and dropped is no kept exception).
std::optional<KeptExceptions> findKeptExceptions(const Comparison& comparison);
// What it means and what to do ("+8,000 tracebacks and … rather than the exception as it was
// caught"), without a label (kept exceptions) or its full stop.
std::string keptExceptionsFinding(const KeptExceptions& kept);

// asyncio tasks kept alive, told the same way: Task objects (_asyncio.Task) that grew between A
// and B, in a leak-like shape. A service that adds each background task to a set and never
// discards it keeps every finished task, its coroutine and its result; its suspect read
// "handle +7.34 MB, linear" — the request handler, with nothing said of the 14 000 tasks.
struct KeptTasks {
    int64_t tasks = 0; // Δ Task objects between A and B
    int64_t coroutines = 0; // Δ coroutine objects (0 where they did not grow)
};
inline constexpr int64_t MinKeptTasks = 100;
std::optional<KeptTasks> findKeptTasks(const Comparison& comparison);
std::string keptTasksFinding(const KeptTasks& kept);

// Suspended generators kept alive, told the same way: generator (and async_generator) objects
// that grew between A and B in a leak-like shape. A generator that was neither run to its end nor
// closed keeps its frame and every local in it: a streaming API that kept the generator of every
// client that disconnected read "page_rows +172 MB, linear: keeps every item it is given" for a
// page buffer that was a local.
struct KeptGenerators {
    int64_t generators = 0; // Δ generator and async_generator objects between A and B
};
inline constexpr int64_t MinKeptGenerators = 100;
std::optional<KeptGenerators> findKeptGenerators(const Comparison& comparison);
std::string keptGeneratorsFinding(const KeptGenerators& kept);

// Futures kept alive (concurrent.futures', asyncio's), told the same way. A job service that kept
// every submitted job's Future in a dict for clients to poll read "<module> +3.15 MB, linear" at
// the line that submits: each finished Future keeps its result, and about 1 kB of its own
// (a Condition, its lock, a deque of waiters).
struct KeptFutures {
    int64_t futures = 0; // Δ Future objects between A and B
    // Where the program called concurrent.futures' Executor.map, whose submissions the futures'
    // stacks pass through (tlocal.py: map over 100,000 items kept 80,670 futures at once, and the
    // advice was to drop futures from a registry the program did not have); empty for none.
    std::string mapCall;
};
inline constexpr int64_t MinKeptFutures = 100;
std::optional<KeptFutures> findKeptFutures(const Comparison& comparison);
std::string keptFuturesFinding(const KeptFutures& kept);

// XML elements kept: ElementTree's (or lxml's) elements that grew between A and B in a leak-like
// shape. iterparse builds the whole tree as it reads: iterp.py, reading each <order> at its end
// event and never clearing it, read "total_quantity +128 MB, linear: keeps every item it is given:
// bound the list or cache", of a loop that kept nothing itself.
struct KeptXmlElements {
    int64_t elements = 0; // Δ elements between A and B
    // Where the program called iterparse (or read an XMLPullParser's events), through which the
    // kept blocks were made; empty for none.
    std::string iterparseCall;
};
inline constexpr int64_t MinKeptXmlElements = 1000;
std::optional<KeptXmlElements> findKeptXmlElements(const Comparison& comparison);
std::string keptXmlElementsFinding(const KeptXmlElements& kept);

// Frames kept after their calls returned, apart from those kept exceptions' tracebacks hold:
// frame objects that grew between A and B in a leak-like shape. An audit log that kept
// sys._getframe(1) for each request read "handle +100 MB, linear: keeps every item it is given",
// of a function that kept nothing: its frame, kept, held its locals (frames.py).
struct KeptFrames {
    int64_t frames = 0; // Δ frames between A and B, less the tracebacks that grew
};
inline constexpr int64_t MinKeptFrames = 1000;
std::optional<KeptFrames> findKeptFrames(const Comparison& comparison);
std::string keptFramesFinding(const KeptFrames& kept);

// Calls a unittest.mock Mock recorded: its _Call objects grown between A and B in a leak-like
// shape. A service run with its metrics client replaced by a MagicMock read "handle +48.6 MB,
// linear" under "<recycled by CPython> +80.7 MB", with nothing of the mock (mocked.py).
struct KeptMockCalls {
    int64_t calls = 0; // Δ _Call objects between A and B
};
inline constexpr int64_t MinKeptMockCalls = 1000;
std::optional<KeptMockCalls> findKeptMockCalls(const Comparison& comparison);
std::string keptMockCallsFinding(const KeptMockCalls& kept);

// re.Match objects kept: each keeps the whole string it searched. A log scanner keeping the match
// of each request id read "fetch_page +101 MB, linear: keeps every item it is given", of the
// function that made the pages the matches kept (matches.py).
struct KeptMatches {
    int64_t matches = 0; // Δ re.Match objects between A and B
    int64_t stringBytes = 0; // what str objects grew by beside them (0 where they did not)
};
inline constexpr int64_t MinKeptMatches = 1000;
std::optional<KeptMatches> findKeptMatches(const Comparison& comparison);
std::string keptMatchesFinding(const KeptMatches& kept);

// Loggers made by name, told the same way: logging.Logger objects that grew between A and B in a
// leak-like shape. logging keeps every logger it is asked for by name until the program ends; a
// handler that asked for getLogger(f"app.request.{id}") per request read "handle +69.9 MB, linear:
// keeps every item it is given: bound the list or cache" for a function that kept no list.
struct KeptLoggers {
    int64_t loggers = 0; // Δ logging.Logger objects between A and B
};
inline constexpr int64_t MinKeptLoggers = 100;
std::optional<KeptLoggers> findKeptLoggers(const Comparison& comparison);
std::string keptLoggersFinding(const KeptLoggers& kept);

// Log records kept by a handler, told the same way: logging.LogRecord objects that grew between A
// and B in a leak-like shape. A MemoryHandler whose capacity is never reached keeps every record
// and, in each, the arguments it was logged with (memhandler.py: "handle +90.8 MB, linear: keeps
// every item it is given" for a function that kept nothing but log.debug(..., payload)).
struct KeptLogRecords {
    int64_t records = 0; // Δ logging.LogRecord objects between A and B
};
inline constexpr int64_t MinKeptLogRecords = 100;
std::optional<KeptLogRecords> findKeptLogRecords(const Comparison& comparison);
std::string keptLogRecordsFinding(const KeptLogRecords& kept);

// Warnings remembered: the recorder's counter of entries in Python's warnings registries (from
// recorder 1.4, written once it reaches MinKeptWarnings) grown in a leak-like shape. A warning
// shown under the "default" action is remembered so as to be shown once; a message that carries
// a value is new every time (warns.py: "parse +156 MB, linear: keeps every item it is given").
struct KeptWarnings {
    int64_t warnings = 0; // Δ registry entries between A and B
};
inline constexpr std::string_view WarningsRegisteredCounter = "warnings registered";
inline constexpr int64_t MinKeptWarnings = 100;
std::optional<KeptWarnings> findKeptWarnings(const Comparison& comparison);
std::string keptWarningsFinding(const KeptWarnings& kept);

// Kept with the collector off: the recorder's counter of the objects Python's cyclic collector
// tracks, made since it last ran, written while the program has it off (gc.disable(); recorder
// 1.4), grown in a leak-like shape. Objects in reference cycles are freed only by the collector
// (gcoff.py: a request's tree of nodes, each referring to its parent, "handle +73.4 MB linear" and
// "kept instances … look for what keeps them", where nothing did).
struct KeptUncollected {
    int64_t objects = 0; // Δ objects tracked since the collector last ran, between A and B
};
inline constexpr std::string_view CollectorOffCounter = "collector off";
inline constexpr int64_t MinKeptUncollected = 1000;
std::optional<KeptUncollected> findKeptUncollected(const Comparison& comparison);
std::string keptUncollectedFinding(const KeptUncollected& kept);

// Classes made at run time and kept: the census's classes (type and the metaclasses of abc and
// enum) grown linearly between A and B by at least MinKeptClasses. A namedtuple made per row
// (rowtypes.py: +16,837 classes, 98 MB beside 16,834 rows of 1.2 MB) read "kept instances … look
// for what keeps them", of rows kept on purpose. Imports make classes in steps: not these.
struct KeptClasses {
    int64_t classes = 0; // Δ class objects between A and B
    int64_t bytes = 0; // in the type objects alone
    // The program's own class whose objects grew about as many (within a tenth): one class each.
    std::string perObjectType;
    int64_t perObjectCount = 0;
};
inline constexpr int64_t MinKeptClasses = 100;
// More than imports make: modules bring a few classes each (numpy's 122 modules, 257 classes).
inline constexpr int64_t ClassesPerImportedModule = 10;
std::optional<KeptClasses> findKeptClasses(const Comparison& comparison);
std::string keptClassesFinding(const KeptClasses& kept);

// Memoised results kept: a Python recording's functools.lru_cache or functools.cache whose entries
// grew between A and B by at least MinKeptMemoEntries in a leak-like shape (recorder 1.4's `l`
// records). A cache keyed by something new at every call never hits and keeps every result:
// memo.py's render, keyed by a timestamp, read "render +213 MB, linear: keeps every item it is
// given: bound the list or cache", and nothing named the cache.
struct KeptMemoCache {
    std::string function; // as the recorder named it: module.qualname
    int64_t caches = 0; // at B: wrappers of that name (one per object where each has its own)
    int64_t entries = 0; // at B
    int64_t entriesGrown = 0; // from A to B
    int64_t maxsize = -1; // -1: unbounded (functools.cache, lru_cache(maxsize=None))
    int64_t hits = 0, misses = 0; // between A and B
};
struct KeptMemoCaches {
    std::vector<KeptMemoCache> caches; // the most grown first, at most two
};
inline constexpr int64_t MinKeptMemoEntries = 100;
std::optional<KeptMemoCaches> findKeptMemoCaches(const Comparison& comparison);
std::string keptMemoCachesFinding(const KeptMemoCaches& kept);

// Objects a pickle.Pickler's memo keeps: a Pickler remembers every object it pickled, by id, and
// keeps it alive so that a later dump() can refer back to it, until clear_memo(). One Pickler
// kept for an event log read "emit +88.1 MB, linear: keeps every item it is given" of the
// events, with nothing of the Pickler (picklerlog.py); the census counts its memo in its size.
struct KeptPicklerMemos {
    int64_t bytes = 0; // Δ bytes of the census's _pickle.Pickler objects and its subclasses': their memos
    int64_t picklers = 0; // at B
    std::string subclasses; // the program's classes among them, as the census names them
};
inline constexpr int64_t MinKeptPicklerMemoBytes = 1 << 20;
std::optional<KeptPicklerMemos> findKeptPicklerMemos(const Comparison& comparison);
std::string keptPicklerMemosFinding(const KeptPicklerMemos& kept);

// The other end: an Unpickler remembers every object it loaded, so that a later message can
// refer back to it. One kept to read a stream a single Pickler wrote keeps every message it read
// (unpicklerlog.py: "consume +18.4 MB, linear: keeps every item it is given", for a loop that kept
// nothing); the census counts its memo array in its size, 8 bytes a slot, and the objects under
// their own types.
struct KeptUnpicklerMemos {
    int64_t bytes = 0; // Δ bytes of the census's _pickle.Unpickler objects and its subclasses': their memo arrays
    int64_t unpicklers = 0; // at B
    std::string subclasses;
};
inline constexpr int64_t MinKeptUnpicklerMemoBytes = 1 << 18; // some 16 000 objects
std::optional<KeptUnpicklerMemos> findKeptUnpicklerMemos(const Comparison& comparison);
std::string keptUnpicklerMemosFinding(const KeptUnpicklerMemos& kept);

// Where the program keeps what grew, from a Python recording's `o` records (recorder 1.5): its
// largest containers by the name it reaches each through (a global, an attribute, a default
// argument, a closure variable), whose items grew between A and B in a leak-like shape. The
// suspects tell the line that made what grew and the census what it is; neither says what keeps
// it. A function that appends to its mutable default argument read "collect +46.5 MB, linear:
// bound the list or cache", and nothing named the list, made once with the def.
struct KeptHolder {
    std::string name; // as the recorder named it: "history", "Service.sessions", "collect() default argument seen"
    std::string kind; // list, dict, set, collections.deque …
    int64_t containers = 0; // at B: containers of that name (one per object where each has its own)
    int64_t entries = 0, entriesGrown = 0; // their lengths: at B, and from A to B
    int64_t items = 0, itemsGrown = 0; // with those of the containers among them ("dict of lists")
    // The census at B named as many containers as it names at most (CensusNamedContainers): where
    // a name has several, there may be more of that name than it counted.
    bool atCensusCap = false;
};
// The most containers a census names (the recorder's _MAX_HOLDERS; HEAPLINE_FORMAT.md, `o`).
inline constexpr int64_t CensusNamedContainers = 16;
struct KeptHolders {
    std::vector<KeptHolder> holders; // the most grown first, at most three
    bool besideSampledLevel = false; // told where a sampled heap read "plateau" (findKeptHolders)
};
inline constexpr int64_t MinKeptHeldItems = 1000;
std::optional<KeptHolders> findKeptHolders(const Comparison& comparison);
std::string keptHoldersFinding(const KeptHolders& kept);

// Modules imported under a name of their own per reload or per request, told the same way:
// module objects that grew between A and B in a leak-like shape. sys.modules keeps every module
// imported until it is removed, with its code, functions and globals: a rules engine that
// imported each reload as rules_v{n} read "reload_rules +17.8 MB, linear" (plugins.py).
struct KeptModules {
    int64_t modules = 0; // Δ module objects between A and B
};
inline constexpr int64_t MinKeptModules = 100;
std::optional<KeptModules> findKeptModules(const Comparison& comparison);
std::string keptModulesFinding(const KeptModules& kept);

// Threads alive, told the same way: threading.Thread and threading.Timer objects that grew
// between A and B in a leak-like shape. A timeout per request made with a threading.Timer that
// nobody cancels keeps a thread and the request's context for the timer's whole interval: timers.py
// read "handle +24.7 MB, linear", and its threads' closures (one per thread, Python's own) were
// told as closures kept by callbacks.
struct KeptThreads {
    int64_t threads = 0; // Δ threading.Thread and threading.Timer objects between A and B
    int64_t timers = 0; // of which threading.Timer
};
inline constexpr int64_t MinKeptThreads = 100;
// The Python recorder's counter of the threads alive at each snapshot (recorder 1.3 on).
inline constexpr std::string_view ThreadsAliveCounter = "threads alive";
std::optional<KeptThreads> findKeptThreads(const Comparison& comparison);
std::string keptThreadsFinding(const KeptThreads& kept);

// itertools.tee's buffers kept, told the same way: _tee_dataobject objects (57 items each) that
// grew between A and B in a leak-like shape. tee keeps every item one branch has passed until
// every other branch has read it: a stream split for a branch read only at the end read
// "events +118 MB, linear" at the generator that made the items (teebuf.py).
struct KeptTeeBuffers {
    int64_t buffers = 0; // Δ itertools._tee_dataobject objects between A and B
};
inline constexpr int64_t MinKeptTeeBuffers = 100;
inline constexpr int64_t TeeBufferItems = 57; // CPython's LINKCELLS
std::optional<KeptTeeBuffers> findKeptTeeBuffers(const Comparison& comparison);
std::string keptTeeBuffersFinding(const KeptTeeBuffers& kept);

// Compressors and decompressors kept, told the same way: zlib's, bz2's and lzma's objects that grew
// between A and B in a leak-like shape. Each holds its library's window and tables, a few hundred
// kB: a compressor per session kept "to reuse it" read "open_session +390 MB, linear: keeps every
// item it is given", the library named nowhere (zobjs.py).
struct KeptCompressors {
    int64_t compressors = 0; // Δ zlib.Compress, _bz2.BZ2Compressor, _lzma.LZMACompressor objects
    int64_t decompressors = 0; // Δ their decompressors
};
inline constexpr int64_t MinKeptCompressors = 100;
std::optional<KeptCompressors> findKeptCompressors(const Comparison& comparison);
std::string keptCompressorsFinding(const KeptCompressors& kept);

// Deques kept, told the same way: collections.deque objects that grew in number in a leak-like
// shape, less those of threading's Conditions (one each: a thread, a future, a queue.Queue's
// three) and asyncio's queues and events. A bounded deque per user in a dict never pruned
// (userdeques.py: 50,000 deques of maxlen 20, 38 MB) read "keeps every item it is given: bound
// the list or cache", where every deque was bounded and their number was not.
struct KeptDeques {
    int64_t deques = 0;
    int64_t bytes = 0; // the census's bytes of the deques themselves (their blocks of 64 slots)
};
inline constexpr int64_t MinKeptDeques = 100;
std::optional<KeptDeques> findKeptDeques(const Comparison& comparison);
std::string keptDequesFinding(const KeptDeques& kept);

// Sockets and files kept, told the same way: socket.socket, ssl.SSLSocket and _io.FileIO
// objects (one per open(), under its buffer and text layers) that grew between A and B in a
// leak-like shape. Each that is still open holds a file descriptor and the kernel's buffers,
// outside the heap: a client that kept every failed request's socket on a retry list read "All of
// that growth was allocated as the libraries were loaded" (sockets.py), its 750 sockets 66 kB of
// heap, each one of the process's 1 024 descriptors.
// With them, subprocess.Popen objects: a child never waited for stays in the process table, a
// zombie, once it exits, and its pipes are FileIO objects (popens.py: 1 500 children kept on a
// list to check later read "+3,000 files kept", the children untold).
struct KeptDescriptors {
    int64_t sockets = 0; // Δ socket.socket and ssl.SSLSocket objects between A and B
    int64_t files = 0; // Δ _io.FileIO objects
    int64_t processes = 0; // Δ subprocess.Popen objects
};
inline constexpr int64_t MinKeptDescriptors = 100;
std::optional<KeptDescriptors> findKeptDescriptors(const Comparison& comparison);
std::string keptDescriptorsFinding(const KeptDescriptors& kept);

// asyncio's scheduled callbacks pending, told the same way: asyncio.events.TimerHandle objects
// that grew between A and B in a leak-like shape. loop.call_later keeps each callback and its
// arguments until it fires or is cancelled: a 60 s timeout per request never cancelled read
// "handle +158 MB, linear" (calllater.py).
struct KeptTimerHandles {
    int64_t handles = 0; // Δ asyncio.events.TimerHandle objects between A and B
};
inline constexpr int64_t MinKeptTimerHandles = 100;
std::optional<KeptTimerHandles> findKeptTimerHandles(const Comparison& comparison);
std::string keptTimerHandlesFinding(const KeptTimerHandles& kept);

// Closures kept, told the same way: function objects that grew between A and B in a leak-like
// shape while code objects did not grow with them (functions made at run time, not defined by
// imported code). Each keeps what it closes over: a request's context captured by a listener
// subscribed to an event bus and never removed read "handle +238 MB, linear" (listeners.py).
struct KeptClosures {
    int64_t functions = 0; // Δ function objects between A and B (0 where they are not told)
    int64_t cells = 0; // Δ cell objects: the variables they close over
    int64_t partials = 0; // Δ functools.partial objects (0 where they are not told)
};
inline constexpr int64_t MinKeptClosures = 100;
std::optional<KeptClosures> findKeptClosures(const Comparison& comparison);
std::string keptClosuresFinding(const KeptClosures& kept);

// Code compiled as the program ran and kept, told the same way: code objects that grew between A
// and B in a leak-like shape, where neither modules nor classes grew to hold them. A template
// engine that compiled each template to a function and cached it by its text, the user's name in
// the text, read "compile_template +44.7 MB, linear: bound the list or cache" (tmpl.py), of a cache
// that never hit.
struct KeptCode {
    int64_t codes = 0; // Δ code objects between A and B
    int64_t functions = 0; // Δ function objects beside them
    // Where the program ran the compiled code (the exec or eval whose frames are compiled code's:
    // "<string>", "<template 7>"), through which the kept functions were made; empty for none.
    std::string compileCall;
};
inline constexpr int64_t MinKeptCode = 100;
std::optional<KeptCode> findKeptCode(const Comparison& comparison);
std::string keptCodeFinding(const KeptCode& kept);

// numpy views kept alive, told the same way: numpy.ndarray objects that grew between A and B in
// a leak-like shape, each so small by the census (its own size: a view owns no data) beside a
// heap that kept far more than they own. A view (a row, a slice, a transpose) keeps the whole
// array it was taken from: a service that kept each request's frame[0] "for stats" read
// "load_frame +324 MB, linear: keeps every item it is given" for a function that keeps nothing,
// the census counting numpy.ndarray +375 of 113 B each.
// The same for memoryviews: a memoryview, and every slice of one, keeps the whole object it was
// taken from (mviews.py kept a 16-byte id of each 256 kB payload, "handle +412 MB, linear").
struct KeptViews {
    std::string type; // the census's: numpy.ndarray or memoryview
    int64_t views = 0; // Δ objects of that type between A and B
    int64_t bytesEach = 0; // their Δ census bytes, per object
    int64_t heapBytes = 0; // what the heap kept meanwhile (its Δ)
};
inline constexpr int64_t MinKeptViews = 100;
// At most this much of its own per array, by the census: an array that owns its data counts it.
inline constexpr int64_t MaxViewBytes = 256;
// What the heap must have kept per array, at least, for the arrays to be holding more than they own.
inline constexpr int64_t MinHeldPerView = 16 * 1024;
std::optional<KeptViews> findKeptViews(const Comparison& comparison);
std::string keptViewsFinding(const KeptViews& kept);

// Objects of the program's own classes kept alive, told the same way: census types of the script's
// module (__main__.…) that grew between A and B in a leak-like shape, exceptions aside (kept
// exceptions tell those). A pricing service memoised Quote.price with functools.lru_cache, whose
// keys hold self: its suspect read "Quote.__init__ +97.5 MB, linear: keeps every item it is given"
// at the line that builds a quote's order lines, and nothing said that 30 000 Quotes were kept.
// An observer list of bound methods (observers.py: bus.subscribe(self.on_config_changed) per
// request) read "look for what keeps them … callbacks or handlers registered with them" among five
// guesses, while the census had counted a bound method per object: `boundMethods` is that growth,
// told where it grew leak-like in step with the instances (at least half as many), else 0.
struct KeptInstances {
    std::vector<std::pair<std::string, int64_t>> types; // by objects, most first (at most 2); the class's name
    int64_t boundMethods = 0;
    // Plain weak references (weakref.ref) that grew beside them, leak-like, at least half as many
    // as the first class's objects: a WeakKeyDictionary's or WeakSet's entries, which go only with
    // their objects (weakkey.py: a value that referred back to its key kept both); 0 otherwise.
    int64_t weakReferences = 0;
};
inline constexpr int64_t MinKeptInstances = 100;
std::optional<KeptInstances> findKeptInstances(const Comparison& comparison);
std::string keptInstancesFinding(const KeptInstances& kept);

// C++ callbacks kept: blocks a std::function made for its callable (a lambda and its captures),
// in leak-like callsites, 100 or more. An event bus whose subscribers were never removed
// (bus.cpp: a lambda per request capturing its payload) read "handleRequest +39.4 MB, linear:
// keeps every item it is given: bound the list or cache", for a function that keeps no list.
// Qt's signal connections the same way (the Connection each QObject::connect makes, in
// QObjectPrivate::connectImpl): a lambda connected per request to a long-lived object, never
// disconnected (qconn.cpp: "handleRequest +57.7 MB, linear").
struct KeptCallbacks {
    bool qtConnections = false; // what is counted: Qt's connections, or std::function's callables
    int64_t callbacks = 0; // blocks made for a callable (or a connection), kept
    int64_t bytes = 0; // in those blocks alone
    std::vector<std::pair<std::string, int64_t>> makers; // the user frame that made them, most first (at most 2)
};
inline constexpr int64_t MinKeptCallbacks = 100;
std::optional<KeptCallbacks> findKeptCallbacks(const Comparison& comparison);
std::string keptCallbacksFinding(const KeptCallbacks& kept);

// C++ exception objects still alive at B (blocks made by __cxa_allocate_exception, in leak-like
// callsites): an exception outlives its catch block only while a std::exception_ptr holds it. An
// importer that kept std::current_exception() of every failure "for the report" read
// "parseRecord +4.96 MB, linear: keeps every item it is given" at its throw.
struct KeptThrown {
    int64_t exceptions = 0; // Δ blocks of __cxa_allocate_exception's callsites
    int64_t bytes = 0; // their Δ bytes: the exception objects, not what they hold (a message)
    std::string thrower; // where the most were thrown: "function (file:line)"
};
inline constexpr int64_t MinKeptThrown = 100;
std::optional<KeptThrown> findKeptThrown(const Comparison& comparison);
std::string keptThrownFinding(const KeptThrown& kept);

// Objects made by std::make_shared (or allocate_shared) that stayed live between A and B, told
// from the callsites' types (the control block's _Sp_counted_ptr_inplace<T> names T). A request's
// tree whose children link back to their parent by shared_ptr is a cycle no owner frees: its
// suspect read "buildTree +16.7 MB, linear: keeps every item it is given: bound the list or
// cache" for a function that kept no list. What keeps a shared object is a shared_ptr somewhere,
// which no stack shows; the finding says so, and names the cycle among the places to look.
// The same for Rust's Rc::new and Arc::new (the callsites' type Rc or Arc): sessions and their
// connections that point at each other through Rc read "open_session +248 MB, linear" (rccycle.rs).
struct KeptShared {
    bool rust = false; // made by Rc::new or Arc::new, not std::make_shared
    int64_t objects = 0; // Δ blocks of such callsites, in a leak-like shape
    int64_t bytes = 0; // their Δ bytes: the objects and their control blocks, not what they hold
    std::vector<std::pair<std::string, int64_t>> types; // the types that grew most, by objects (at most 2)
};
inline constexpr int64_t MinKeptShared = 100;
std::optional<KeptShared> findKeptShared(const Comparison& comparison);
std::string keptSharedFinding(const KeptShared& kept);

// Beside native growth (RSS up, the traced heap not), the census's types that grew in number in
// a leak-like shape, most first: a C extension's objects hold memory the recorder does not see.
// A thumbnail service keeping 600 PIL images read only "native: RSS grew by 52.5 MB while the
// traced heap rose at most 2.69 MB", nothing said of what held it; the census had counted
// PIL.Image.Image +600 and ImagingCore +600. Python's own types (str, dict, tuple …: undotted,
// lower-case names), whose memory the recorder does see, are left out, and so are types that
// grew by fewer than MinNativeHolders objects. At most `top`.
struct NativeHolder {
    std::string type;
    int64_t objects = 0; // grown: Δ objects; else alive at B
    bool grown = true; // else a type known to hold native memory, alive at B though not grown
};
inline constexpr int64_t MinNativeHolders = 100;
std::vector<NativeHolder> findNativeHolders(const Comparison& comparison, size_t top = 3);
// "Objects that grew in number beside it, by the type census (a C extension's objects hold memory
// the recorder does not see): PIL.Image.Image +600, ImagingCore +600"; empty for none.
std::string nativeHoldersText(const std::vector<NativeHolder>& holders);

// Each finding there is, as a label ("Kept exceptions") and its text (the finding's), for the
// Summary, the diff and the reports alike.
struct KeptFinding {
    std::string label;
    std::string text;
};
// Every finding above, each where the comparison shows it.
struct KeptObjects {
    std::optional<KeptHolders> holders; // the program's containers that grew, by name
    std::optional<KeptExceptions> exceptions; // a Python recording's census: tracebacks kept
    std::optional<KeptTasks> tasks; // the same: asyncio tasks kept
    std::optional<KeptGenerators> generators; // suspended generators kept
    std::optional<KeptFutures> futures; // futures kept
    std::optional<KeptXmlElements> xmlElements; // ElementTree's or lxml's elements kept
    std::optional<KeptFrames> frames; // frames kept after their calls returned
    std::optional<KeptMockCalls> mockCalls; // calls recorded by unittest.mock's mocks
    std::optional<KeptMatches> matches; // re.Match objects kept, with the strings they searched
    std::optional<KeptLoggers> loggers; // loggers made by name, kept
    std::optional<KeptLogRecords> logRecords; // log records a handler keeps
    std::optional<KeptMemoCaches> memoCaches; // functools.lru_cache / cache entries kept
    std::optional<KeptPicklerMemos> picklerMemos; // objects a pickle.Pickler's memo keeps
    std::optional<KeptUnpicklerMemos> unpicklerMemos; // objects a pickle.Unpickler's memo keeps
    std::optional<KeptWarnings> warnings; // warnings remembered by Python's registries
    std::optional<KeptUncollected> uncollected; // objects made with the cyclic collector off
    std::optional<KeptModules> modules; // modules imported per reload, kept
    std::optional<KeptThreads> threads; // threads (timers among them) alive
    std::optional<KeptTimerHandles> timerHandles; // asyncio's scheduled callbacks pending
    std::optional<KeptDescriptors> descriptors; // sockets and files kept
    std::optional<KeptTeeBuffers> teeBuffers; // itertools.tee's buffers kept
    std::optional<KeptCompressors> compressors; // zlib's, bz2's and lzma's (de)compressors kept
    std::optional<KeptDeques> deques; // collections.deque objects kept, by the number
    std::optional<KeptClosures> closures; // functions made at run time, kept
    std::optional<KeptCode> code; // code compiled at run time, kept
    std::optional<KeptViews> views; // numpy views or memoryviews kept, with what they were taken from
    std::optional<KeptInstances> instances; // objects of the program's own classes kept
    std::optional<KeptShared> shared; // std::make_shared (or Rc, Arc) objects kept
    std::optional<KeptThrown> thrown; // C++ exception objects kept
    std::optional<KeptClasses> classes; // classes made at run time, kept
    std::optional<KeptCallbacks> callbacks; // std::function callables kept
};
KeptObjects findKeptObjects(const Comparison& comparison);
std::vector<KeptFinding> keptFindings(const KeptObjects& kept);
// All of them, found.
std::vector<KeptFinding> keptFindings(const Comparison& comparison);

} // namespace heapline
