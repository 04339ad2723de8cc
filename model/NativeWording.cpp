#include "Units.h"
#include "Wording.h"

// What the reader is told of RSS that grew beside a traced heap that did not: what a profiler of
// malloc cannot see, by runtime and allocator.

namespace heapline {

std::string nativeFinding(const Growth& native)
{
    // The heap's highest rise, not its change from A to B (the line above the finding): the RSS
    // could have been the heap's at its high.
    std::string text = "RSS grew by " + formatBytes(native.evidence.rssGrowth) + " while the traced heap rose at most "
        + formatBytes(native.evidence.heapGrowth) + " above A";
    if (native.evidence.rssAfterHeapHigh > 0)
        text += ", " + formatBytes(native.evidence.rssAfterHeapHigh) + " of it after the heap stood at its highest";
    return text;
}

namespace {

// The runtime a recorded command ran, where it keeps its objects in memory it maps itself: the
// first word past env, a shell and VAR=value settings ("/usr/bin/env bash python3 app.py").
enum class ManagedRuntime { None, Python, Node, Jvm, Php };
ManagedRuntime managedRuntime(std::string_view command)
{
    size_t at = 0;
    while (at < command.size()) {
        const size_t start = command.find_first_not_of(' ', at);
        if (start == std::string_view::npos)
            break;
        const size_t end = std::min(command.find(' ', start), command.size());
        const std::string_view word = command.substr(start, end - start);
        const std::string_view name = word.substr(word.find_last_of('/') + 1);
        at = end;
        if (name == "env" || name == "bash" || name == "sh" || word.starts_with('-')
            || word.find('=') != std::string_view::npos)
            continue;
        if (name.starts_with("python"))
            return ManagedRuntime::Python;
        if (name == "node" || name == "nodejs")
            return ManagedRuntime::Node;
        if (name == "java")
            return ManagedRuntime::Jvm;
        if (name.starts_with("php"))
            return ManagedRuntime::Php;
        break;
    }
    return ManagedRuntime::None;
}

// A program linked against tcmalloc, jemalloc or mimalloc (cachesvc.cpp: 100 MB cached) reads to
// heaptrack 1.4 as two allocations of 77 kB: the blocks never pass through glibc's malloc, which
// is what it hooks. The mmap hint would send the reader to the wrong place.
std::string replacementAllocatorHint(const std::string& path)
{
    const std::string name = path.substr(path.find_last_of('/') + 1);
    std::string ownProfiler;
    if (name.starts_with("libtcmalloc"))
        ownProfiler = "tcmalloc's own heap profiler (HEAPPROFILE=/tmp/prof ./PROGRAM, read with google-pprof)";
    else if (name.starts_with("libjemalloc"))
        ownProfiler = "jemalloc's own heap profiler (MALLOC_CONF=prof:true,prof_final:true, read with jeprof)";
    else if (name.starts_with("libmimalloc"))
        ownProfiler = "mimalloc's own statistics (MIMALLOC_SHOW_STATS=1 prints them at exit), which tell how much it "
                      "holds though not who took it";
    else
        ownProfiler = "the allocator's own statistics";
    return "RSS grows while the traced heap does not. The program loaded " + name
        + ", an allocator that takes the place of malloc, operator new and free: heaptrack traces glibc's malloc, so "
          "the blocks it hands out are not in this recording, and what grew is most likely the program's own heap. "
          "Record again with the program built or started without it (without -l"
        + name.substr(3, name.find('.') - 3) + " or its LD_PRELOAD), or use " + ownProfiler + ".";
}

// heaptrack's RSS is VmRSS: the pages of the program's code count in it as the program first runs
// them. A short run of a program with large libraries read "native: RSS grew by 31.9 MB" beside a
// 3 MB heap (clang-format, 50 MB of its 62 MB RssFile: libLLVM-14 and libclang-cpp, 169 MB on
// disk), and the hint sent the reader to mmap. Told where the modules of 8 MB or more its stacks
// run in come to half of what RSS grew by or more; empty otherwise.
std::string moduleCodeText(const ProfileInfo& info, int64_t rssGrowth)
{
    constexpr int64_t LargeModule = 8 << 20;
    constexpr size_t MostNamed = 3;
    int64_t large = 0;
    std::string named;
    size_t count = 0;
    for (const auto& module : info.moduleFiles) {
        if (module.bytes < LargeModule)
            break; // largest first
        large += module.bytes;
        if (++count <= MostNamed)
            named += (named.empty() ? "" : ", ") + module.path.substr(module.path.find_last_of('/') + 1) + " ("
                + formatBytes(module.bytes) + ")";
    }
    if (large == 0 || 2 * large < rssGrowth)
        return {};
    if (count > MostNamed)
        named += " and " + std::to_string(count - MostNamed) + " more";
    return "heaptrack's RSS counts the pages of the program's own code as it first runs it, and its modules are "
           "large: "
        + named + " on this machine, against the " + formatBytes(rssGrowth)
        + " RSS grew by. Much of that may be their code paged in, which the kernel drops when memory runs short, not "
          "memory kept: where RssFile in /proc/PID/status holds most of the growth, it is that.";
}

} // namespace

std::string nativeHintText(const ProfileInfo& info, const Growth& native)
{
    // A managed runtime's objects live in pages it maps itself (jvm.zst: "RSS grew by 40.9 MB"
    // beside a flat malloc heap, with mmap, a JIT and strace as the places to look).
    if (info.recordedFormat() == "heaptrack" && !info.replacementAllocator.empty())
        return replacementAllocatorHint(info.replacementAllocator);
    if (info.recordedFormat() == "heaptrack") {
        const std::string traced = "heaptrack traces malloc and its kin; ";
        switch (managedRuntime(info.command)) {
        case ManagedRuntime::Python:
            return "RSS grows while the traced heap does not. " + traced
                + "Python keeps its objects of 512 bytes or less in arenas it maps itself, unseen: what grew is most "
                  "likely Python objects kept. Record with heapline-cli record -o FILE -- python3 SCRIPT for the "
                  "Python lines and types that grew (or set PYTHONMALLOC=malloc to hand the arenas to malloc).";
        case ManagedRuntime::Node:
            return "RSS grows while the traced heap does not. " + traced
                + "V8 keeps JavaScript's objects, strings, arrays and closures in a heap it maps itself, unseen: what "
                  "grew is most likely JavaScript objects kept. Two heap snapshots (node "
                  "--heapsnapshot-signal=SIGUSR2, or the inspector's Memory tab), compared, tell which.";
        case ManagedRuntime::Jvm:
            return "RSS grows while the traced heap does not. " + traced
                + "the JVM keeps Java's objects in a heap it maps itself (up to -Xmx), unseen: what grew is most "
                  "likely Java objects kept, or the heap grown toward -Xmx as its collector chose. A heap dump (jcmd "
                  "PID GC.heap_dump FILE) tells which objects; Native Memory Tracking "
                  "(-XX:NativeMemoryTracking=summary), which of the JVM's own parts.";
        // php.zst: RSS +62.1 MB beside a traced heap that held at 2.25 MB, and "stripped".
        case ManagedRuntime::Php:
            return "RSS grows while the traced heap does not. " + traced
                + "PHP's memory manager keeps the script's values in 2 MB chunks it maps itself, unseen: what grew is "
                  "most likely PHP values kept (a static or global array, a cache). Record again with "
                  "USE_ZEND_ALLOC=0, which hands them to malloc, to see them; memory_get_usage() tells how much the "
                  "script holds.";
        case ManagedRuntime::None:
            break;
        }
        // gocgo2.go: a session map of 80 MB in Go's heap read as mmap, strace and perf to look at.
        if (info.goRuntime)
            return "RSS grows while the traced heap does not. " + traced
                + "Go's runtime keeps the program's values in a heap it maps itself, unseen: heaptrack sees only what "
                  "C code (cgo) allocates. What grew is most likely Go values kept; "
                + GoHeapProfileAdvice + " tells which.";
    }
    if (info.recordedFormat() == "heaptrack") {
        const std::string mmapHint
            = "heaptrack traces malloc and its kin, not the pages a program maps itself: look at mmap (a pool or "
              "allocator of its own, a database's or a JIT's pages, a mapped file read or written), thread stacks, "
              "or memory the allocator holds for reuse (fragmentation). strace -f -e trace=mmap,munmap, or perf "
              "record -g -e syscalls:sys_enter_mmap, tells who maps it.";
        if (const std::string code = moduleCodeText(info, native.evidence.rssGrowth); !code.empty())
            return "RSS grows while the traced heap does not. " + code + " Beyond that, " + mmapHint;
        return "RSS grows while the traced heap does not. " + mmapHint
            + " heaptrack's RSS counts the pages of mapped files too, which the kernel drops when memory runs short: "
              "where RssFile in /proc/PID/status holds most of the growth, it is a file read, not memory kept.";
    }
    // The Python recorder traces Python's allocations only: what a C extension or a library it
    // calls takes from malloc (ctypes into libc: RSS +97 MB beside a flat traced heap) is heaptrack's
    // to see, under the same command.
    if (info.format == "heapline" && info.producer.starts_with("heapline-recorder"))
        return "RSS grows while the traced heap does not. The recorder traces what Python allocates, not what C "
               "extensions and the libraries they call take from malloc or map themselves: run the same command under "
               "heaptrack (heaptrack "
            + (info.command.empty() ? std::string("python3 SCRIPT") : info.command)
            + ") to see which native functions hold it; fragmentation of the allocator's pages reads the same way.";
    return growthHint(GrowthClass::Native);
}

} // namespace heapline
