#include "GrowerStackNote.h"

#include "KeptCallsites.h"
#include "Units.h"
#include "Wording.h"

#include <algorithm>
#include <initializer_list>

namespace heapline {

namespace {

// An interpreter's frames on the stack (`inInterpreter`), and not one frame of the program's own
// to name instead.
template <typename InInterpreter>
bool insideInterpreter(const std::vector<StackFrame>& frames, InInterpreter inInterpreter)
{
    return std::none_of(frames.begin(), frames.end(), [](const StackFrame& f) { return f.role == FrameRole::User; })
        && std::any_of(frames.begin(), frames.end(), inInterpreter);
}

// CPython's evaluation loop on the stack, or the interpreter's binary where it is stripped
// (Debian's python3.11: every frame "?? in /usr/bin/python3.11"): Python code was running (the
// culprit reads PyUnicode_New).
bool insidePython(const std::vector<StackFrame>& frames)
{
    return insideInterpreter(frames, [](const StackFrame& f) {
        const std::string_view module = moduleName(f);
        return f.function == "_PyEval_EvalFrameDefault" || module.starts_with("python3")
            || module.starts_with("libpython3");
    });
}

// The same for Perl's: its run loop or its binary (Debian's perl: "Perl_sv_grow in /usr/bin/perl").
bool insidePerl(const std::vector<StackFrame>& frames)
{
    return insideInterpreter(frames, [](const StackFrame& f) {
        const std::string_view module = moduleName(f);
        return f.function == "Perl_runops_standard" || module.starts_with("perl") || module.starts_with("libperl.so");
    });
}

// The same for other interpreters, by their binaries or libraries (Debian's tclsh8.6 runs
// libtcl8.6.so; lua5.4 is the interpreter itself; ruby3.1 runs libruby-3.1.so; php8.2, bash
// and mawk are each one binary).
bool insideModuleOf(const std::vector<StackFrame>& frames, std::initializer_list<std::string_view> prefixes)
{
    return insideInterpreter(frames, [&](const StackFrame& f) {
        const std::string_view module = moduleName(f);
        return std::any_of(prefixes.begin(), prefixes.end(), [&](std::string_view p) { return module.starts_with(p); });
    });
}

// The first frame of "the program's own" is V8's or Node's, in the node binary (the culprit
// reads v8::internal::Heap::AllocateExternalBackingStore, a Buffer's memory).
bool insideNode(const std::vector<StackFrame>& frames)
{
    for (const StackFrame& frame : frames) {
        if (frame.role != FrameRole::User)
            continue;
        const std::string_view module = moduleName(frame);
        return (frame.function.starts_with("v8::") || frame.function.starts_with("node::")
                   || frame.function.starts_with("void v8::") || frame.function.starts_with("void node::"))
            && (module == "node" || module.starts_with("libnode.so"));
    }
    return false;
}

// A frame in the Java virtual machine (libjvm.so).
bool insideJvm(const std::vector<StackFrame>& frames)
{
    return std::any_of(frames.begin(), frames.end(), [](const StackFrame& f) { return moduleName(f) == "libjvm.so"; });
}

// Python code of the standard library's own, on a thread it started itself, with no frame of the
// program's: a multiprocessing pool's result handler unpickles every result there, and the
// culprit read "_ConnectionBase.recv +73.5 MB linear (leak-like)" for results the program kept.
// The allocating frame (the first), or null.
const StackFrame* librarysOwnThread(const std::vector<StackFrame>& frames)
{
    if (frames.empty() || std::any_of(frames.begin(), frames.end(), [](const StackFrame& f) {
            return f.role == FrameRole::User || f.file.empty();
        }))
        return nullptr;
    const StackFrame& root = frames.back();
    return root.function == "Thread._bootstrap" && root.file.ends_with("threading.py") ? &frames.front() : nullptr;
}

// The program's own module whose frames have no names (its first frame of the user's own is
// "??"): a stripped binary, or one built without symbols, names every suspect "?? in
// /srv/app/daemon", and nothing said why. Empty when the frame is named.
std::string unnamedUserModule(const std::vector<StackFrame>& frames)
{
    for (const StackFrame& frame : frames)
        if (frame.role == FrameRole::User)
            return frame.function == "??" ? frame.module : std::string();
    return {};
}

} // namespace

std::string growerStackNote(const Comparison& comparison, const DiffRow& grower)
{
    const auto callsite = comparison.representativeCallsite(grower);
    if (!callsite)
        return {};
    const auto frames = stackFrames(comparison.analysis(), *callsite);
    if (insidePython(frames))
        return insidePythonNote;
    if (insidePerl(frames))
        return insidePerlNote;
    if (insideModuleOf(frames, { "tclsh", "wish", "libtcl", "libtk" }))
        return insideTclNote;
    if (insideModuleOf(frames, { "lua", "liblua" }))
        return insideLuaNote;
    if (insideModuleOf(frames, { "ruby", "libruby" }))
        return insideRubyNote;
    if (insideModuleOf(frames, { "php", "libphp" }))
        return insidePhpNote;
    if (insideModuleOf(frames, { "bash", "dash", "zsh" }))
        return insideShellNote;
    if (insideModuleOf(frames, { "mawk", "gawk", "original-awk" }))
        return insideAwkNote;
    if (insideNode(frames))
        return insideNodeNote;
    if (insideJvm(frames))
        return insideJvmNote;
    if (const StackFrame* leaf = librarysOwnThread(frames))
        return librarysThreadNote(*leaf, std::any_of(frames.begin(), frames.end(), [](const StackFrame& f) {
            return f.function == "_WorkItem.run" && f.file.ends_with("concurrent/futures/thread.py");
        }));
    if (const std::string module = unnamedUserModule(frames); !module.empty())
        return unnamedModuleNote(module);
    if (grower.leakLike) {
        if (std::string made = libraryMadeNote(comparison, grower); !made.empty())
            return made;
        if (std::string queued = queueBacklogNote(comparison, grower); !queued.empty())
            return queued;
        return channelBacklogNote(comparison, grower);
    }
    return {};
}

std::string librarysThreadNote(const StackFrame& leaf, bool executorTask)
{
    const size_t lib = leaf.file.rfind("/lib/python3");
    const size_t slash = lib == std::string::npos ? std::string::npos : leaf.file.find('/', lib + 5);
    const std::string file = slash == std::string::npos ? leaf.file : leaf.file.substr(slash + 1);
    // Installed packages live beside the standard library (site-packages, dist-packages).
    const bool standard = file.find("-packages/") == std::string::npos;
    // Thread.run alone above the blocks: the thread is the program's, its target C code.
    if (file == "threading.py" && (leaf.function == "Thread.run" || leaf.function == "Timer.run"))
        return "No frame of the program's own is on this stack: a thread of the program's whose target is not "
               "Python code (a built-in or an extension's function, as Thread(target=items.extend)) made these; "
               "threading's "
            + leaf.function
            + " calls it. The rows by type say what they are; look for the threads the program starts with such a "
              "target, and what keeps the objects they make.";
    // A pool's worker running what the program submitted (executor.map(json.loads, lines)): the
    // thread and the task are the program's, the task's code is not.
    if (executorTask)
        return "No frame of the program's own is on this stack: a task the program gave a ThreadPoolExecutor, a "
               "function not of its own code (as executor.map(json.loads, lines)), made these on the pool's worker ("
            + leaf.function + " in " + file
            + "). They live as long as the program keeps what it is handed, which no stack shows: the rows by type "
              "say what they are; look for where the program keeps the results (a list it extends, a cache).";
    return std::string("No frame of the program's own is on this stack: ")
        + (standard ? "the standard library" : "a library it uses") + " made these on a thread it runs itself ("
        + leaf.function + " in " + file + ")"
        + (file.starts_with("multiprocessing/") ? ", as a pool's results come back from its workers" : "")
        + ". They live as long as the program keeps what it is handed, which no stack shows: the rows by type say "
          "what they are; look for where the program keeps them (a list it extends, a cache).";
}

std::string queueBacklogNote(const Comparison& comparison, const DiffRow& grower)
{
    // Python's queues keep what is put on them in a deque, appended to by their _put (asyncio's,
    // queue's) or put (multiprocessing's buffer). Any callsite, however few its samples: which
    // queue holds the items is the stack's to tell, not the bytes'.
    const Analysis& analysis = comparison.analysis();
    const DiffResult& byCallsite = comparison.byCallsite();
    for (const DiffRow* row : keptCallsitesOf(comparison, grower, [](const DiffRow&) { return true; })) {
        const auto frames = stackFrames(analysis, *byCallsite.callsite(*row));
        for (auto frame = frames.begin(); frame != frames.end(); ++frame) {
            const std::string_view file = frame->file;
            const char* kind = file.ends_with("asyncio/queues.py") ? "an asyncio.Queue"
                : file.ends_with("multiprocessing/queues.py")      ? "a multiprocessing.Queue"
                : file.ends_with("/queue.py")                      ? "a queue.Queue"
                                                                   : nullptr;
            if (!kind || frame->function.find("put") == std::string::npos)
                continue;
            const auto caller
                = std::find_if(frame, frames.end(), [](const StackFrame& f) { return f.role == FrameRole::User; });
            if (caller == frames.end())
                break;
            return "Of what " + comparison.shortKey(grower) + " kept, some waits in a queue: " + frameWhere(*caller)
                + " puts items on " + kind
                + " faster than they are taken off, and an unbounded queue keeps them "
                  "all for as long as its consumer is the slower. Give it a maxsize, so that put() waits for room "
                  "(backpressure), or take items off faster (more consumers, larger batches).";
        }
    }
    return {};
}

std::string channelBacklogNote(const Comparison& comparison, const DiffRow& grower)
{
    // A channel's items are made by the sender's code (chan.rs: parse's records), so no stack of
    // theirs passes through the channel: its own blocks, made as it is sent on, do. Any callsite
    // of the comparison that kept bytes through one, leak-like.
    struct Channel {
        std::string_view frame; // a prefix of the function that makes the channel's blocks
        const char* kind;
        const char* bound;
    };
    static constexpr Channel channels[] = {
        { "std::sync::mpmc::list::Channel<", "an unbounded std::sync::mpsc channel",
            "Make it std::sync::mpsc::sync_channel(N), whose send() waits for room (backpressure)" },
        { "std::sync::mpsc::shared::Packet<", "an unbounded std::sync::mpsc channel",
            "Make it std::sync::mpsc::sync_channel(N), whose send() waits for room (backpressure)" },
        { "std::sync::mpsc::stream::Packet<", "an unbounded std::sync::mpsc channel",
            "Make it std::sync::mpsc::sync_channel(N), whose send() waits for room (backpressure)" },
        { "crossbeam_channel::flavors::list::Channel<", "an unbounded crossbeam channel",
            "Make it crossbeam_channel::bounded(N), whose send() waits for room (backpressure)" },
        { "tokio::sync::mpsc::list::Tx<", "a tokio mpsc channel",
            "Give it a bound (tokio::sync::mpsc::channel(N), whose send().await waits for room)" },
    };
    const Analysis& analysis = comparison.analysis();
    // Most profiles have no such frame: one pass over the frames' names, not a stack per row.
    const Profile& profile = analysis.profile();
    bool anyChannel = false;
    for (uint32_t i = 1; i < profile.frames().size() && !anyChannel; ++i) {
        const std::string_view function = profile.string(profile.frames()[FrameId { i }].function);
        anyChannel = std::any_of(
            std::begin(channels), std::end(channels), [&](const Channel& c) { return function.starts_with(c.frame); });
    }
    if (!anyChannel)
        return {};
    const DiffResult& byCallsite = comparison.byCallsite();
    for (const DiffRow& row : byCallsite.rows) {
        if (!row.leakLike || row.deltaBytes() <= 0)
            continue;
        const auto frames = stackFrames(analysis, *byCallsite.callsite(row));
        for (auto frame = frames.begin(); frame != frames.end(); ++frame) {
            const auto channel = std::find_if(std::begin(channels), std::end(channels),
                [&](const Channel& c) { return frame->function.starts_with(c.frame); });
            if (channel == std::end(channels))
                continue;
            const auto sender
                = std::find_if(frame, frames.end(), [](const StackFrame& f) { return f.role == FrameRole::User; });
            if (sender == frames.end())
                break;
            return "Items wait in a channel: " + frameWhere(*sender) + " sends on " + channel->kind
                + " faster than its receiver takes them off, and the channel keeps every item not yet received, "
                  "with all each owns (its own blocks grew by "
                + formatSignedBytes(row.deltaBytes()).substr(1) + "; what " + comparison.shortKey(grower)
                + " kept may be those items). " + channel->bound + ", or receive faster.";
        }
    }
    return {};
}

std::string unnamedModuleNote(const std::string& module)
{
    return "The recording names none of " + module
        + "'s functions: it is stripped, or was built without symbols. Install its debug symbols (or build it with "
          "-g) and record again to see which of its functions grew.";
}

} // namespace heapline
