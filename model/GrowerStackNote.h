#pragma once

#include "Comparison.h"

#include <string>

// What the top grower's stack says of where it was made, where its frames alone cannot tell a
// reader: an interpreter's or a runtime's own functions, a library's own thread, a stripped
// module, a library's object or a queue the program does not end or drain.

namespace heapline {

// Under the suspects, where the top grower's stack (the first of FirstScreenRows) comes from,
// where the stack itself cannot say it: the Python interpreter's, with no frame of the program's
// own (heaptrack and massif see its C stack only), or Perl's, Tcl's, Lua's, Ruby's or PHP's, a shell's or awk's; Node's
// and V8's; the JVM's; or a module of the program's own without names (stripped). Empty for none.
std::string growerStackNote(const Comparison& comparison, const DiffRow& grower);
inline constexpr const char* insidePythonNote
    = "These are the Python interpreter's own functions: heaptrack and massif see its C stack, not the Python code "
      "it runs, and count only the blocks it takes from malloc, not the arenas in which it keeps its small objects "
      "(it maps them itself; PYTHONMALLOC=malloc hands them to malloc). Record the program with heapline-cli record -o "
      "FILE -- python3 SCRIPT for the Python functions, lines and types that grew.";
inline constexpr const char* insidePerlNote
    = "These are the Perl interpreter's own functions: heaptrack and massif see its C stack, not the Perl code it "
      "runs (Perl_sv_grow makes a string longer, Perl_hv_common adds to a hash, Perl_av_extend to an array). A dump "
      "of the Perl heap with Devel::MAT (perl -MDevel::MAT::Dumper=-dump_at_END SCRIPT, then pmat on the .pmat file) "
      "tells which variables hold what grew; Devel::Size's total_size measures one.";
inline constexpr const char* insideTclNote
    = "These are the Tcl interpreter's own functions: heaptrack and massif see its C stack, not the Tcl procs it "
      "runs (Tcl_AppendObjToObj makes a string longer, Tcl_DictObjPut adds to a dict, Tcl_ListObjAppendElement to a "
      "list), and its allocator takes memory from malloc in blocks of its own. Look for what the script keeps in its "
      "global and namespace variables (info globals, array size, dict size, llength); a Tcl built with "
      "TCL_MEM_DEBUG counts its own allocations (memory info).";
inline constexpr const char* insideLuaNote
    = "These are the Lua interpreter's own functions: heaptrack and massif see its C stack, not the Lua functions "
      "it runs (luaH_resize grows a table, luaS_newlstr makes a string, luaF_newLclosure a closure). "
      "collectgarbage(\"count\") tells how much the Lua heap holds; walk the tables the program keeps (its globals, "
      "its modules' upvalues) to find the one that grew.";
inline constexpr const char* insideRubyNote
    = "These are the Ruby interpreter's own functions: heaptrack and massif see its C stack, not the Ruby code it "
      "runs (rb_ary_push grows an array, rb_hash_aset adds to a hash, rb_str_plus makes a string). "
      "ObjectSpace.trace_object_allocations_start, then ObjectSpace.dump_all (require \"objspace\"), writes every "
      "live object with the file and line that made it; the memory_profiler gem reports the same by line.";
inline constexpr const char* insidePhpNote
    = "These are the PHP interpreter's own functions: heaptrack and massif see its C stack, not the PHP code it "
      "runs (concat_function joins strings, zend_hash_* adds to an array), and only where USE_ZEND_ALLOC=0 hands "
      "its values to malloc. memory_get_usage() tells how much the script holds; the memprof extension "
      "(memprof_enable(), then memprof_dump_callgrind()) tells which PHP functions allocated what is still held.";
inline constexpr const char* insideShellNote
    = "These are the shell's own functions: heaptrack and massif see its C stack, not the script's lines "
      "(assoc_insert adds to an associative array, array_insert to an indexed one, make_variable_value makes a "
      "variable's value). What a script keeps is in its variables and arrays: ${#name[@]} counts an array's "
      "elements; unset an element (unset 'name[key]') or the array once it is done with.";
inline constexpr const char* insideAwkNote
    = "These are the awk interpreter's own functions: heaptrack and massif see its C stack, not the awk program's "
      "rules. What an awk program keeps is in its arrays (seen[$0]++ over a whole input keeps every distinct line): "
      "delete an entry once it is used (delete seen[key]), or the array at the end of each group (delete seen).";
inline constexpr const char* insideNodeNote
    = "These are Node's and its JavaScript engine's (V8's) own functions: heaptrack sees their C++ stack, not the "
      "JavaScript that runs, and counts what V8 takes from malloc (the memory of Buffers and ArrayBuffers among it), "
      "not its heap of JavaScript objects. A heap snapshot (node --heapsnapshot-signal=SIGUSR2, or the inspector) "
      "tells which JavaScript keeps them.";
inline constexpr const char* insideJvmNote
    = "These are the Java virtual machine's own functions: heaptrack sees what it takes from malloc for itself "
      "(its classes, code, threads and native buffers), not the Java heap, which it maps itself. A heap dump (jcmd "
      "PID GC.heap_dump FILE) or Java Flight Recorder tells which Java objects grew; Native Memory Tracking "
      "(-XX:NativeMemoryTracking=summary) which of the JVM's own parts did.";
// Objects the standard library made on a thread of its own (a pool's result handler): the
// allocating frame's function and file, and where to look instead.
std::string librarysThreadNote(const StackFrame& leaf, bool executorTask = false);
// Where a leak-like grower's items wait in one of Python's queues (asyncio's, queue's,
// multiprocessing's): a callsite of its that passes through the queue's put. An ingest service
// whose reader outran its writer read "reader +47.7 MB, linear: keeps every item it is given:
// bound the list or cache", with no word of the queue. Empty otherwise.
std::string queueBacklogNote(const Comparison& comparison, const DiffRow& grower);
// The same for a Rust program's channels (std's, crossbeam's, tokio's): a leak-like callsite whose
// stack passes through an unbounded channel's send, which makes its blocks (chan.rs: a reader
// faster than its writer read "parse +8.46 MB, linear: keeps every item it is given: bound the
// list or cache"). Empty otherwise.
std::string channelBacklogNote(const Comparison& comparison, const DiffRow& grower);
// A leak-like grower's blocks made inside a library's call that makes an object for the program to
// end (zlib's deflateInit_, libc's fopen), and what frees them; empty for none.
std::string libraryMadeNote(const Comparison& comparison, const DiffRow& grower);
// What to do about a module without names.
std::string unnamedModuleNote(const std::string& module);

} // namespace heapline
