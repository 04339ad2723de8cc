#include "KeptCallsites.h"
#include "SummaryLists.h"
#include "Units.h"
#include "Wording.h"

#include <algorithm>
#include <cctype>

namespace heapline {

namespace {

// The name a program calls (glibc's internal aliases undone: __fopen_internal is fopen,
// _IO_new_popen popen, __pthread_create_2_1 pthread_create).
std::string publicName(const StackFrame& called)
{
    if (!moduleName(called).starts_with("libc.so"))
        return called.function;
    std::string_view name = called.function;
    for (const std::string_view prefix : { "__GI_", "_IO_new_", "_IO_" })
        if (name.starts_with(prefix))
            name.remove_prefix(prefix.size());
    while (name.starts_with('_'))
        name.remove_prefix(1);
    if (name.ends_with("_internal"))
        name.remove_suffix(std::string_view("_internal").size());
    // setenv's work, under glibc's own name.
    if (name == "add_to_environ")
        return "setenv";
    // opendir's tail call, in its place on the stack (dirleak.c).
    if (name.ends_with("_tail"))
        name.remove_suffix(std::string_view("_tail").size());
    // A symbol version: pthread_create_2_1.
    while (name.size() > 2 && name.back() >= '0' && name.back() <= '9' && name[name.size() - 2] == '_')
        name.remove_suffix(2);
    return name.empty() ? called.function : std::string(name);
}

// The call the program makes, as it calls it, then the frame's own name where that differs.
std::string calledName(const StackFrame& called)
{
    const std::string name = publicName(called);
    return name == called.function ? name : name + " (" + called.function + ")";
}

// What ends what a well-known maker made; empty for one not listed (the note then says it in
// general).
std::string_view releaseOf(std::string_view maker)
{
    struct Pair {
        std::string_view maker; // a prefix of the public name (deflateInit_, deflateInit2_)
        std::string_view release;
    };
    static constexpr Pair Pairs[] = { { "fopen", "fclose" }, { "fdopen", "fclose" }, { "freopen", "fclose" },
        { "open_memstream", "fclose" }, { "fmemopen", "fclose" }, { "popen", "pclose" }, { "opendir", "closedir" },
        { "fdopendir", "closedir" }, { "iconv_open", "iconv_close" }, { "newlocale", "freelocale" },
        { "pthread_create", "pthread_join or pthread_detach" }, { "dlopen", "dlclose" },
        { "timer_create", "timer_delete" }, { "deflateInit", "deflateEnd" }, { "inflateInit", "inflateEnd" },
        { "BZ2_bzCompressInit", "BZ2_bzCompressEnd" }, { "BZ2_bzDecompressInit", "BZ2_bzDecompressEnd" },
        { "ZSTD_createCCtx", "ZSTD_freeCCtx" }, { "ZSTD_createDCtx", "ZSTD_freeDCtx" },
        { "sqlite3_prepare", "sqlite3_finalize" }, { "sqlite3_open", "sqlite3_close" },
        { "curl_easy_init", "curl_easy_cleanup" }, { "XML_ParserCreate", "XML_ParserFree" },
        { "g_hash_table_new", "g_hash_table_unref" }, { "SSL_new", "SSL_free" }, { "SSL_CTX_new", "SSL_CTX_free" },
        { "BIO_new", "BIO_free" }, { "EVP_CIPHER_CTX_new", "EVP_CIPHER_CTX_free" },
        { "EVP_MD_CTX_new", "EVP_MD_CTX_free" },
        // Makers named otherwise. regexec caches its matching states in the regex_t that regcomp
        // filled, freed with it (rx.c: 92 MB of the 100 MB its filter kept were regexec's).
        { "regcomp", "regfree" }, { "regexec", "regfree" }, { "getaddrinfo", "freeaddrinfo" },
        { "getifaddrs", "freeifaddrs" }, { "glob", "globfree" }, { "tmpfile", "fclose" }, { "setmntent", "endmntent" },
        { "hcreate", "hdestroy" }, { "xmlReadFile", "xmlFreeDoc" }, { "xmlReadMemory", "xmlFreeDoc" },
        { "xmlParseFile", "xmlFreeDoc" }, { "xmlParseMemory", "xmlFreeDoc" }, { "pcre2_compile", "pcre2_code_free" },
        { "pcre_compile", "pcre_free" }, { "cJSON_Parse", "cJSON_Delete" }, { "json_loads", "json_decref" },
        { "PQexec", "PQclear" }, { "mysql_store_result", "mysql_free_result" }, { "XOpenDisplay", "XCloseDisplay" },
        { "archive_read_new", "archive_read_free" },
        // An array made to be printed and freed (cfree.c: an error logger's backtraces, never freed,
        // read "logError +4.13 MB, linear: bound the list or cache").
        { "backtrace_symbols", "free (one call frees the whole array)" } };
    // A variant goes on with a digit, a capital or an underscore (deflateInit2_, glob64,
    // sqlite3_prepare_v2, PQexecParams); another word does not (fdopendir is not fdopen's).
    for (const Pair& pair : Pairs)
        if (maker.starts_with(pair.maker)
            && (maker.size() == pair.maker.size()
                || !std::islower(static_cast<unsigned char>(maker[pair.maker.size()]))))
            return pair.release;
    return {};
}

// Why what a library call made is never ended, for the calls whose blocks no call ends; empty for
// the others. glibc's setenv keeps every "NAME=value" it has made, as another part of the
// program may still point at an old one (envreq.c: a request id set per request, 25.5 MB of
// 300 000 requests, read "handle: keeps every item it is given: bound the list or cache").
std::string_view keptForGood(std::string_view call)
{
    if (call == "setenv")
        return "glibc keeps every \"NAME=value\" string setenv has made, until the program ends (a getenv "
               "made earlier may still point at an old one), so a variable set to a new value per request, "
               "connection or item grows without end. Set it once; pass a value that changes to a child in the "
               "child's own environment (execve's envp, posix_spawn's, subprocess's env=), or to the code that "
               "needs it as an argument.";
    // An obstack grows by chunks (obstack_newchunk, under obstack_copy, obstack_grow and the
    // other macros) and keeps each object until it is freed back to it (obs.c, a symbol table
    // interning every name: "made by obstack_newchunk … until its matching end, free, destroy or
    // close call. Check that every path makes that call", for a call that has none of its own).
    if (call == "obstack_newchunk" || call == "_obstack_newchunk")
        return "an obstack keeps every object made in it until obstack_free frees back to it (obstack_free(&ob, "
               "object) frees that object and every one made after it; NULL frees them all, and the obstack with "
               "them), so one that is only "
               "ever added to grows without end. Free back to a mark once a request or batch is done, or give each "
               "its own obstack.";
    return {};
}

// The library function the program's own frame called, where the blocks were made inside a
// library other than the C and C++ runtimes: a log shipper that returned on its error path without
// deflateEnd() kept zlib's streams, and the culprit read "ship_batch +21.4 MB, linear: keeps every
// item it is given", with zlib named nowhere on the first screen. Null for none.
const StackFrame* libraryCalled(const std::vector<StackFrame>& frames)
{
    const auto user
        = std::find_if(frames.begin(), frames.end(), [](const StackFrame& f) { return f.role == FrameRole::User; });
    if (user == frames.end() || user == frames.begin())
        return nullptr;
    const StackFrame& called = *(user - 1);
    const std::string_view module = moduleName(called);
    // libc is no exception: what its fopen, opendir or iconv_open makes waits for fclose, closedir
    // or iconv_close; its strdup, getline and asprintf, which make the program's data, are no
    // such call (the names below).
    static constexpr std::string_view Runtimes[] = { "libstdc++.so", "libm.so", "libgcc_s.so", "ld-linux",
        "libpthread.so", "libc++.so", "libc++abi.so", "libasan.so", "libheaptrack" };
    // massif names no module: there, only the well-known calls below, by name (a program that
    // leaked its compiled regexes read "compile_filter +6.50 MB, linear: keeps every item it is
    // given", regcomp named nowhere).
    if (module.empty())
        return called.role == FrameRole::System
                && (!releaseOf(called.function).empty() || !keptForGood(called.function).empty())
            ? &called
            : nullptr;
    if (called.role != FrameRole::System || called.function.empty() || called.function.starts_with("??")
        || !module.starts_with("lib") || module.find(".so") == std::string_view::npos
        || std::any_of(std::begin(Runtimes), std::end(Runtimes),
            [&](std::string_view runtime) { return module.starts_with(runtime); }))
        return nullptr;
    // Only a C library's call that makes an object of its own for the program to end, free or
    // close (deflateInit_, g_hash_table_new, sqlite3_prepare_v2, fopen): a Qt constructor's or
    // g_strnfill's blocks are the program's data, kept where it keeps them (a cache, a map), and
    // "check every path ends it" would send a reader the wrong way.
    if (called.function.find("::") != std::string::npos || called.function.find('(') != std::string::npos)
        return nullptr;
    std::string lower = called.function;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    static constexpr std::string_view Makers[] = { "init", "new", "create", "open", "prepare", "connect" };
    if (std::none_of(std::begin(Makers), std::end(Makers),
            [&](std::string_view maker) { return lower.find(maker) != std::string::npos; })
        && releaseOf(publicName(called)).empty() && keptForGood(publicName(called)).empty())
        return nullptr;
    return &called;
}

} // namespace

namespace {

// The stdio call whose blocks are a stream's buffer, allocated by its first read or write and
// freed by fclose with the FILE (fopenleak.c: 3.7 MB of buffers under fgets beside 425 kB of the
// FILEs fopen made); null for other stacks.
const StackFrame* streamBufferCall(const std::vector<StackFrame>& frames)
{
    const auto user
        = std::find_if(frames.begin(), frames.end(), [](const StackFrame& f) { return f.role == FrameRole::User; });
    if (user == frames.end() || user == frames.begin() || !moduleName(*(user - 1)).starts_with("libc.so"))
        return nullptr;
    const bool buffer = std::any_of(frames.begin(), user,
        [](const StackFrame& f) { return std::string_view(f.function).ends_with("_IO_file_doallocate"); });
    return buffer ? &*(user - 1) : nullptr;
}

// One call of a library's, from one line of the program's, and what it kept.
struct MadeBy {
    std::string name; // as the program calls it (regcomp)
    std::string call; // with the frame's own name (regcomp (__GI___regcomp))
    std::string where;
    int64_t bytes = 0;
    int64_t blocks = 0;
};

std::string madeByText(const std::vector<MadeBy>& makers)
{
    constexpr size_t Told = 3;
    std::string text;
    for (size_t i = 0; i < std::min(makers.size(), Told); ++i)
        text += (i ? ", and by " : " by ") + makers[i].call + ", called from " + makers[i].where;
    if (makers.size() > Told)
        text += ", and by " + std::to_string(makers.size() - Told) + " other calls";
    return text;
}

} // namespace

std::string libraryMadeNote(const Comparison& comparison, const DiffRow& grower)
{
    // Any of the grower's callsites, the largest first, that kept a twentieth of what it grew by:
    // a FILE that fopen made and no fclose ended keeps the buffer its first write allocates,
    // which is the larger callsite (libleak.c: 2.46 MB of buffers beside 283 kB of FILEs).
    const Analysis& analysis = comparison.analysis();
    const DiffResult& byCallsite = comparison.byCallsite();
    const auto kept = keptCallsitesOf(comparison, grower,
        [&](const DiffRow& row) { return row.leakLike && row.deltaBytes() * 20 >= grower.deltaBytes(); });
    for (const DiffRow* row : kept) {
        const auto frames = stackFrames(analysis, *byCallsite.callsite(*row));
        const StackFrame* called = libraryCalled(frames);
        if (!called)
            continue;
        const std::string name = publicName(*called);
        const std::string where = frameWhere(*(called + 1));
        const std::string_view release = releaseOf(name);
        // What the same release ends, made from the same function: setenv keeps its string and,
        // apart, the node of its search tree; regcomp's pattern and regexec's states (regleak.c:
        // 98 MB of 118 MB were regexec's, the rest regcomp's in callsites of a few MB each); a
        // FILE and its buffer. Any kept callsite, however small.
        std::vector<MadeBy> makers;
        int64_t bytes = 0;
        int64_t blocks = 0;
        for (const DiffRow* other : keptCallsitesOf(comparison, grower, [](const DiffRow& r) { return r.leakLike; })) {
            const auto otherFrames = stackFrames(analysis, *byCallsite.callsite(*other));
            const StackFrame* otherCalled = libraryCalled(otherFrames);
            const StackFrame* buffer = otherCalled ? nullptr : streamBufferCall(otherFrames);
            const StackFrame* maker = otherCalled ? otherCalled : buffer;
            if (!maker || (maker + 1)->function != (called + 1)->function)
                continue;
            const std::string otherName = publicName(*maker);
            const bool same = otherCalled ? (otherName == name && frameWhere(*(maker + 1)) == where)
                    || (!release.empty() && releaseOf(otherName) == release)
                                          : release == "fclose";
            if (!same)
                continue;
            const std::string call = buffer ? otherName + " (the stream's buffer)" : calledName(*maker);
            const std::string otherWhere = frameWhere(*(maker + 1));
            auto entry = std::find_if(
                makers.begin(), makers.end(), [&](const MadeBy& m) { return m.call == call && m.where == otherWhere; });
            if (entry == makers.end())
                entry = makers.insert(makers.end(), MadeBy { otherName, call, otherWhere });
            entry->bytes += other->deltaBytes();
            entry->blocks += other->deltaBlocks();
            bytes += other->deltaBytes();
            blocks += other->deltaBlocks();
        }
        std::stable_sort(makers.begin(), makers.end(), [&](const MadeBy& l, const MadeBy& r) {
            // The call the note is about first, then the largest.
            const bool lFirst = l.call == calledName(*called) && l.where == where;
            const bool rFirst = r.call == calledName(*called) && r.where == where;
            return lFirst != rFirst ? lFirst : l.bytes > r.bytes;
        });
        // massif counts no blocks.
        const std::string what = blocks > 0 ? formatSignedCountOf(blocks, "block", "blocks") + " (" + formatBytes(bytes)
                + (blocks == 1 ? ") was" : ") were")
                                            : formatBytes(bytes) + " was";
        const std::string_view module = moduleName(*called);
        const std::string made = "Of what " + comparison.shortKey(grower) + " kept, " + what + " made"
            + (module.empty() ? std::string() : " inside " + std::string(module)) + madeByText(makers);
        if (const std::string_view why = keptForGood(name); !why.empty())
            return made + ": " + std::string(why);
        return made + [&] {
            if (release.empty())
                return std::string(": what a library's init, new, create or open call makes stays, with all that "
                                   "hangs off it, until its matching end, free, destroy or close call.");
            // Each call that made some, once (regcomp's pattern and regexec's states).
            std::vector<std::string> calls;
            for (const MadeBy& m : makers)
                if (!m.call.ends_with("(the stream's buffer)")
                    && std::find(calls.begin(), calls.end(), m.name) == calls.end())
                    calls.push_back(m.name);
            const std::string makes = calls.size() == 2 ? calls[0] + " and " + calls[1] + " make"
                : calls.size() > 2                      ? calls[0] + " and the calls beside it make"
                                                        : name + " makes";
            return ": what " + makes + " stays, with all that hangs off it, until " + std::string(release) + ".";
        }() + " Check that every path makes that call, errors and early returns included.";
    }
    return {};
}

} // namespace heapline
