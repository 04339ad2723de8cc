#include "FrameRules.h"

// The default rules, apart from the code that reads them: they grow with every allocator, runtime
// and system library met in a fresh recording.

namespace heapline {

namespace {

// The default rules. Plumbing is the allocator and what merely forwards to it; system is code
// the user did not write and cannot change where an allocation comes from.
constexpr std::string_view DefaultRules = R"(# C and POSIX allocators
plumbing function malloc
plumbing function calloc
plumbing function realloc
plumbing function reallocarray
plumbing function free
plumbing function aligned_alloc
plumbing function posix_memalign
plumbing function memalign
plumbing function valloc
plumbing function pvalloc
plumbing function strdup
plumbing function strndup
plumbing function __strdup
plumbing function __libc_*alloc*
# C++ allocation
plumbing function operator new*
plumbing function operator delete*
# A class's own operator new only allocates (V8's Malloced, HotSpot's CHeapObj …)
plumbing function *::operator new*
plumbing function *::operator delete*
plumbing function *new_allocator<*>::allocate*
plumbing function std::allocator<*>::allocate*
plumbing function std::allocator_traits<*>::allocate*
plumbing function __gnu_cxx::__alloc_traits<*>::allocate*
plumbing function std::__allocate_guarded*
# CPython's allocators
plumbing function _PyMem_*
plumbing function PyMem_*
plumbing function PyObject_Malloc
plumbing function PyObject_Calloc
plumbing function PyObject_Realloc
plumbing function _PyObject_Malloc
plumbing function _PyObject_Calloc
plumbing function _PyObject_Realloc
plumbing function pymalloc_*
plumbing function _PyObject_GC_*
plumbing function PyObject_GC_*
plumbing function gc_alloc
plumbing function _PyObject_New*
plumbing function PyType_GenericAlloc
plumbing function _PyType_AllocNoTrack
plumbing function PyObject_Init*
plumbing function _PyObject_Init*
# The Perl interpreter's wrappers around malloc
plumbing function Perl_safesys*
# Rust's global allocator: its entry points, and the alloc crate's functions and Global's
# methods that only call them (Vec, String, Box and HashMap all allocate through these)
plumbing function __rust_alloc
plumbing function __rust_alloc_zeroed
plumbing function __rust_realloc
plumbing function __rust_dealloc
plumbing function __rustc::__rust_*
plumbing function __rdl_*
plumbing function __rg_*
plumbing function alloc::alloc::*
plumbing function <alloc::alloc::Global*
# A program's own global allocator (#[global_allocator]: a wrapper that counts what it hands out, as
# stats_alloc does, or one that forwards to jemalloc or mimalloc) and an Allocator of its own: the
# methods that take memory are plumbing ("<galloc::Counting as GlobalAlloc>::alloc +19.2 MB" had
# been told as the leak of a service that kept every request's record)
plumbing function <* as core::alloc::global::GlobalAlloc>::alloc*
plumbing function <* as core::alloc::global::GlobalAlloc>::realloc
plumbing function <* as core::alloc::global::GlobalAlloc>::dealloc
plumbing function <* as core::alloc::Allocator>::allocate*
plumbing function <* as core::alloc::Allocator>::grow*
plumbing function <* as core::alloc::Allocator>::shrink
# Beneath malloc: its internals and the system calls that give it pages, which massif's
# --pages-as-heap counts (the caller of malloc, of mmap, or the loader mapping a library asked)
plumbing function sysmalloc*
plumbing function _int_malloc*
plumbing function _int_realloc*
plumbing function _int_memalign*
plumbing function tcache_init*
plumbing function new_heap*
plumbing function alloc_new_heap*
plumbing function grow_heap*
plumbing function __default_morecore*
plumbing function __glibc_morecore*
plumbing function brk
plumbing function __brk
plumbing function sbrk
plumbing function __sbrk
plumbing function mmap
plumbing function mmap64
plumbing function __mmap
plumbing function __mmap64
plumbing function mremap
plumbing function __mremap
# A program's own wrappers, as C code bases name them (safe_malloc, my_calloc, str_strdup …):
# where every allocation goes through one, the wrapper is no culprit, its caller is
plumbing function *_malloc
plumbing function *_mallocz
plumbing function *_calloc
plumbing function *_realloc
plumbing function *_strdup
plumbing function *_strndup
plumbing function *_zalloc
plumbing function *_memdup
plumbing function zmalloc
plumbing function zcalloc
plumbing function zrealloc
plumbing function zstrdup
# OpenSSL, also where a program builds it in (Node): its wrappers above, and its internals
system function ossl_*
# libiberty's wrappers (GCC, binutils, GDB): they only add "abort when out of memory"
plumbing function xmalloc
plumbing function xcalloc
plumbing function xrealloc
plumbing function xstrdup
plumbing function xstrndup
plumbing function xmemdup
plumbing function xmalloc_failed
# gnulib's (coreutils, grep, sed, tar, gawk: the same "abort when out of memory", for arrays and
# growing buffers too)
plumbing function xnmalloc
plumbing function xzalloc
plumbing function xnrealloc
plumbing function x2realloc
plumbing function x2nrealloc
plumbing function xpalloc
plumbing function xcharalloc
plumbing function xreallocarray
plumbing function xi[mcz]alloc
plumbing function xirealloc*
plumbing function ximemdup*
# The "e" wrappers: NetBSD's libutil and PHP's Zend engine (emalloc, _emalloc_56 …)
plumbing function emalloc
plumbing function ecalloc
plumbing function erealloc
plumbing function estrdup
plumbing function _emalloc*
plumbing function _ecalloc
plumbing function _erealloc*
plumbing function _estrdup
# A program's own arenas, pools and allocators, as C++ code bases name them (Arena::allocate,
# Arena::grow, protobuf's Arena, LLVM's BumpPtrAllocator, a counting_allocator<T> given to the
# standard containers): a class that hands out memory is no culprit, what took the memory from it
# is (a parser's tokens read "Arena::grow() +38.5 MB" as the leak, a map's sessions
# "counting_allocator<char>::allocate(unsigned long) +25.6 MB"). By
# the methods that take memory, not every method: the patterns see the arguments too, and
# parse(Arena::Token*) is the user's.
plumbing function *Arena::[Aa]lloc*
plumbing function *Arena::[Gg]row*
plumbing function *Arena::[Nn]ew*
plumbing function *Arena::Create*
plumbing function *Arena<*>::[Aa]lloc*
plumbing function *Arena<*>::[Gg]row*
plumbing function *Pool::[Aa]lloc*
plumbing function *Pool::[Gg]row*
plumbing function *Pool<*>::[Aa]lloc*
plumbing function *Pool<*>::[Gg]row*
plumbing function *MemoryPool::acquire*
plumbing function *MemoryPool<*>::acquire*
plumbing function *[Aa]llocator::[Aa]llocate*
plumbing function *[Aa]llocator<*>::[Aa]llocate*
plumbing function *AllocatorImpl<*>::[Aa]llocate*
# A std::pmr::memory_resource of the program's own: do_allocate is the protocol's one way to take
# memory (pmrtrack.cpp, a resource that counts: "tracking_resource::do_allocate +24.6 MB" had been
# the leak of a log kept in pmr strings)
plumbing function *::do_allocate(*
# The same in C, by the names C code bases give them (arena_alloc, str_arena_alloc, pool_alloc,
# mem_pool_alloc, arena_push): a parser's tokens from an arena never reset read "arena_alloc
# +69.2 MB" as the leak. And the pools of well-known C servers: PostgreSQL's memory contexts,
# APR's pools (Apache httpd, Subversion), nginx's pools, Samba's talloc
plumbing function arena_alloc*
plumbing function *_arena_alloc*
plumbing function arena_push*
plumbing function *_arena_push*
plumbing function pool_alloc*
plumbing function *_pool_alloc*
plumbing function palloc
plumbing function palloc0
plumbing function palloc_extended
plumbing function repalloc*
plumbing function MemoryContextAlloc*
plumbing function AllocSetAlloc*
plumbing function GenerationAlloc*
plumbing function SlabAlloc*
plumbing function apr_palloc
plumbing function apr_pcalloc
plumbing function apr_pstrdup
plumbing function apr_pstrndup
plumbing function apr_pmemdup
plumbing function ngx_palloc*
plumbing function ngx_pnalloc
plumbing function ngx_pcalloc
plumbing function ngx_pmemalign
plumbing function _talloc*
plumbing function talloc_named_const
# The Java virtual machine's own allocator (HotSpot's wrappers of malloc)
plumbing function os::malloc*
plumbing function os::realloc*
plumbing function os::strdup*
plumbing function AllocateHeap*
plumbing function ReallocateHeap*
plumbing function CHeapObj<*>::operator new*
# GCC's garbage-collected heap and obstacks (arenas): the caller is what allocated
plumbing function ggc_internal_alloc*
plumbing function ggc_internal_cleared_alloc*
plumbing function ggc_realloc*
plumbing function ggc_alloc*
plumbing function _obstack_newchunk
plumbing function _obstack_begin*
# GLib and Qt allocators
plumbing function g_malloc*
plumbing function g_try_malloc*
plumbing function g_realloc*
plumbing function g_try_realloc*
plumbing function g_new*
plumbing function g_strdup*
plumbing function g_strndup
plumbing function g_memdup*
plumbing function g_slice_alloc*
plumbing function QArrayData::allocate*
plumbing function QArrayData::reallocate*
plumbing function QListData::realloc*
plumbing function QListData::detach*
# The C++ standard library and the C runtime
system function std::*
system function __gnu_cxx::*
system function __cxxabiv1::*
system function __cxa_*
system function _dl_*
system function __libc_*
system function _IO_*
system function __GI_*
system function _start
system function call_init
system function (below main)
# C++ libraries a program builds into itself (Bazel and CMake builds vendor them, so neither their
# module nor their files say so: "external/com_google_absl/absl/container/internal/raw_hash_set.h"):
# a hash map's rehash or a JSON value's copy is not what grew, the code that filled it is
system function absl::*
system function boost::*
system function folly::*
system function fmt::*
system function nlohmann::*
system function tbb::*
system function google::protobuf::*
system file external/com_google_*
system file */external/com_google_*
system file */_deps/*-src/*
# Rust's standard library (core, alloc, std and hashbrown, which std vendors) and crates from
# crates.io: a Vec's growth or a HashMap's rehash is not what grew, the code that pushed is. By
# function for alloc and hashbrown, by file for core (a C++ code base may well have a namespace
# core), and by a method's type: "<alloc::vec::Vec<u8>>::push", "<[u8]>::to_vec_in",
# "<u8 as core::clone::Clone>::clone" (a type of the user's, "<svc::Cache as …>", stays the user's)
system function alloc::*
system function hashbrown::*
system function <alloc::*
system function <core::*
system function <std::*
system function <hashbrown::*
system function <[[]*]>::*
system function <[[]* as *
system function <str>::*
system function <str as *
system function <&dyn *
system function <&mut dyn *
system function <dyn *
system function <[iu]8 as *
system function <[iu]16 as *
system function <[iu]32 as *
system function <[iu]64 as *
system function <[iu]128 as *
system function <[iu]size as *
system function <f32 as *
system function <f64 as *
system function <bool as *
system function <char as *
system file /rustc/*/library/*
system file library/core/src/*
system file library/alloc/src/*
system file library/std/src/*
system file /rust/deps/*
system file */.cargo/registry/src/*
system file */.cargo/git/checkouts/*
# Rust under massif, which names an inlined function without its path (grow_impl_runtime in
# alloc.rs, push<u8, alloc::alloc::Global>) and one it cannot name UnknownInlinedFun: a function
# with the global allocator among its generic arguments is a container's own (a function of the
# user's instantiated with a Vec then reads as its caller)
system file alloc.rs
system function *<alloc::alloc::Global>
system function *, alloc::alloc::Global>
system function *, alloc::alloc::Global, *
system function UnknownInlinedFun
# glibc's own functions by name, for massif, which names no module: with libc's debug information
# it shows fgets with iofgets.c as its file, and the caller of fopen or asprintf is what kept the
# memory. Exact names: a user's fopen_logged is the user's.
system function __*_internal
system function fopen
system function fopen64
system function fdopen
system function freopen
system function freopen64
system function fgets
system function fgetc
system function getc
system function fread
system function fwrite
system function fputs
system function fputc
system function putc
system function puts
system function printf
system function fprintf
system function vprintf
system function vfprintf
system function dprintf
system function scanf
system function fscanf
system function sscanf
system function getline
system function getdelim
system function asprintf
system function vasprintf
system function open_memstream
system function fmemopen
system function setvbuf
system function tmpfile
system function tmpfile64
system function opendir
system function fdopendir
system function scandir
system function scandir64
system function glob
system function glob64
system function qsort
system function qsort_r
system function msort_with_tmp*
system function tzset
system function localtime
system function localtime_r
system function setenv
system function putenv
system function setlocale
system function newlocale
system function getpwnam
system function getpwuid
system function getaddrinfo
system function regcomp
system function realpath
system function strerror
system function dlopen
system function dlerror
system function pthread_create
system function backtrace_symbols
# Go's runtime, in every Go program's executable: built with cgo, heaptrack sees what it asks of
# C (a new thread's TLS under _cgo_try_pthread_create read as gocgo2.go's one suspect), and the
# cgo wrappers around the program's own C calls (_cgo_<hash>_Cfunc_…)
system function runtime.*
system function x_cgo_*
system function _cgo_*
system file /_/runtime/*
system file */go/src/runtime/*
system file */go-1.*/src/runtime/*
# The CPython interpreter
system function _Py*
system function Py[A-Z][a-z]*_*
system file *Objects/*.c
system file *Objects/*.h
system file *Python/*.c
system file *Python/*.h
system file *Modules/*.c
system file *Parser/*.c
system file *Include/*.h
system module */libpython3*
system module */bin/python3*
# The Perl interpreter: its binary, or libperl where it is built shared
system module */bin/perl*
system module */libperl.so*
# Tcl, Lua, Ruby and PHP: their binaries and libraries, and their allocators' entry points where their
# symbols are seen (Debian's tclsh, lua5.4 and ruby read "?? in /usr/bin/lua5.4 +53.6 MB" and
# "it is stripped: install its debug symbols", of a script's table)
system module */bin/tclsh*
system module */bin/wish*
system module */libtcl[0-9]*.so*
system module */libtk[0-9]*.so*
system module */bin/lua*
system module */liblua*.so*
system module */bin/ruby*
system module */libruby*.so*
system module */bin/php*
system module */libphp*.so*
# Shells and awk, which run scripts too (bash read "assoc_insert +2.21 MB" with nothing to say it
# was the script's array; mawk "?? in /usr/bin/mawk: it is stripped")
system module */bin/bash
system module */bin/dash
system module */bin/zsh
system module */bin/mawk
system module */bin/gawk
system module */bin/original-awk
plumbing function TclpAlloc
plumbing function TclpRealloc
plumbing function Tcl_Alloc
plumbing function Tcl_Realloc
plumbing function Tcl_AttemptAlloc
plumbing function Tcl_AttemptRealloc
plumbing function TclThreadAlloc
plumbing function l_alloc
plumbing function luaM_malloc_
plumbing function luaM_realloc_
plumbing function luaM_saferealloc_
plumbing function ruby_xmalloc*
plumbing function ruby_xcalloc
plumbing function ruby_xrealloc*
plumbing function objspace_x*alloc*
# Python's standard library and installed packages, wherever the interpreter lives (a
# distribution's, pyenv's, conda's, a virtual environment's): json.dumps is not what grew, its
# caller is
system file */lib/python3*/*
system file */lib/pypy3*/*
system file */site-packages/*
system file */dist-packages/*
system file <frozen *>
# Code a library makes at run time under a name of its own: numpy's dispatchers (every
# np.concatenate, np.where … that pandas calls), the decorator package's wrappers
system file <__array_function__ internals>
system file <decorator-gen-*>
# Code compiled from a string, which names no file to open: the methods dataclasses and
# namedtuple generate (dataclasses' __init__ as __create_fn__.__init__ in "<string>"), attrs'
# (in "<attrs generated init …>"), and what the program runs through exec or eval. Its caller, the
# line that made the object or ran the string, is what grew
system file <string>
system file <attrs generated *>
# System headers and libraries
system file /usr/include/*
system file /usr/local/include/*
system file /usr/lib/*
system file */bits/*
system file */c++/[0-9]*/*
system file ../sysdeps/*
system file ./elf/*
system file ../csu/*
system file ./malloc/*
system file ./libio/*
system file ./string/*
system file ../nptl/*
system module /usr/lib/*
system module /usr/lib64/*
system module /lib/*
system module /lib64/*
system module /usr/local/lib/*
system module */libc.so*
system module */libc-*.so
system module */libstdc++.so*
system module */libm.so*
system module */libgcc_s.so*
system module */ld-linux*
system module */libpthread*
system module */libdl.so*
system module */librt.so*
system module */libunwind*
system module */libheaptrack_*
system module linux-vdso.so*
# libstdc++ and glibc headers as massif names them (file names without their folder)
system file new_allocator.h
system file allocator.h
system file alloc_traits.h
system file stl_*.h
system file *.tcc
system file basic_string.h
system file char_traits.h
system file hashtable*.h
system file unordered_map.h
system file unordered_set.h
system file shared_ptr*.h
system file unique_ptr.h
system file std_function.h
system file move.h
system file invoke.h
system file ptr_traits.h
system file functional_hash.h
system file allocated_ptr.h
system file uses_allocator*.h
system file node_handle.h
system file cow_string.h
system file std_thread.h
system file std_mutex.h
system file regex_*.h
system file locale_facets*.h
system file locale_classes*.h
system file fs_path.h
system file fs_dir.h
system file forward_list.h
system file basic_ios.h
system file ios_base.h
system file ostream_insert.h
system file streambuf_iterator.h
system file memory_resource.h
system file aligned_buffer.h
system file atomic_base.h
system file refwrap.h
system file predefined_ops.h
system file ranges_*.h
# the standard headers without an extension, as massif names the frames inlined from them
# (std::pmr's allocate from memory_resource:107)
system file memory_resource
system file memory
system file vector
system file string
system file string_view
system file deque
system file list
system file map
system file set
system file unordered_map
system file unordered_set
system file functional
system file optional
system file variant
system file any
system file tuple
system file utility
system file algorithm
system file numeric
system file sstream
system file istream
system file ostream
system file fstream
system file streambuf
system file regex
system file thread
system file future
system file mutex
system file shared_mutex
system file condition_variable
system file format
system file queue
system file stack
system file array
system file span
system file bitset
system file charconv
system file locale
system file new
system file stdexcept
system file system_error
system file filedoalloc.c
system file iofopen.c
system file iofdopen.c
system file strdup.c
system file vasprintf.c
system file getdelim.c
system file genops.c
system file fileops.c
# glibc's sources of what allocates inside a call (massif, which names no module, shows libc's
# files by their base names): regcomp's analyze and create_cd_newstate read as the culprits of a
# program that leaked its compiled regexes
system file regcomp.c
system file regexec.c
system file regex_internal.c
system file regex_internal.h
system file strndup.c
system file wcsdup.c
system file iogetdelim.c
system file vfprintf-internal.c
system file vfscanf-internal.c
system file getaddrinfo.c
system file tzfile.c
system file tzset.c
system file findlocale.c
system file loadlocale.c
system file iconv_open.c
system file gconv_*.c
system file nss_*.c
system file nsswitch.c
system file msort.c
system file scandir-tail-common.c
system file opendir.c
system file tsearch.c
system file backtracesyms.c
system file dl-*.c
system file libc-start.c
system file libc_start_call_main.h
system file rtld.c
)";

} // namespace

std::string_view FrameRules::defaultRuleText()
{
    return DefaultRules;
}

} // namespace heapline
