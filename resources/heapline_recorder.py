"""Heapline's recorder for Python programs: heap snapshots, a gc type census, RSS, counters and
marks, written as a Heapline profile (importers/HEAPLINE_FORMAT.md).

The heap comes from one of two sources. Where the native module `_heapline_sampler` imports (built
beside heapline-cli; HEAPLINE_SAMPLER_PATH names its directory), allocations are sampled: each byte
allocated has the same chance to be sampled (one per --sample-interval bytes on average), a sampled
block keeps its Python stack until it is freed, and the figures are estimates scaled back from the
samples; cheap enough to stay on in production. A sampled block CPython takes back from one of its
free lists for a new object gets that object's stack under CPython 3.13; before 3.13 it is counted
apart, under "<recycled by CPython: owner unknown>", from the moment it went into the free list
(recorder/heapline_freelists.c). With --exact, or where the module is missing,
tracemalloc traces every block (exact figures, tens of times slower on allocation-heavy code).

Run a script under it:

    python3 -m heapline_recorder -o out.heapline [--interval 0.5] [--frames N] [--census-every 5]
        [--exact | --sample-interval BYTES] script.py ARGS

or a module, as python3 -m runs it (python3 -m heapline_recorder -o out.heapline -m json.tool IN OUT).

or use it from the program itself:

    import heapline_recorder as hr
    hr.start("out.heapline")       # sampled where the native module imports; exact=True: tracemalloc
    hr.mark("warm")            # a named instant (and a snapshot there)
    hr.counter("queue", 42)    # a value drawn next to the heap
    hr.snapshot()              # one now, besides the periodic ones
    hr.stop()

Standard library only, Python 3.8 or later. Each snapshot is flushed as it is taken, so a process
that is killed leaves a file that opens up to its last snapshot; SIGTERM and normal exit end the
file cleanly.
"""

if __name__ == "__main__" and globals().get("__file__"):
    # Run as a script or with -m, this module's frame is under every allocation's stack, and
    # tracemalloc (--exact) finds a frame's line by reading its code's line table up to it: from
    # the call at the end of this 1 000-line module, a shallow script's recording took 1.6 times
    # as long (python3 -m: 22.4 s, 13.7 s so; _run_script). The module runs again as
    # heapline_recorder, called from here, where the table is read a few entries; "import
    # heapline_recorder" in the script reaches it. (Given as "python3 -c SOURCE", it has no file
    # to read again: it runs as __main__, below.)
    import sys as _sys
    import types as _types

    _recorder = _types.ModuleType("heapline_recorder")
    _recorder.__file__ = __file__
    _sys.modules["heapline_recorder"] = _recorder
    with open(__file__, encoding="utf-8") as _source:
        exec(compile(_source.read(), __file__, "exec"), _recorder.__dict__)
    _recorder.main()
    raise SystemExit(0)

import argparse
import atexit
import contextlib
import dis
import gc
import importlib.abc
import mmap
import os
import runpy
import signal
import sys
import threading
import time
import tracemalloc
import types

__all__ = ["start", "stop", "mark", "counter", "snapshot", "Recorder"]
__version__ = "1.6"
# The counter each snapshot writes of the threads alive (threading's own count of them).
THREADS_ALIVE = "threads alive"
# functools.lru_cache's wrapper type, C's (None where only the pure-Python fallback is there: its
# wrappers are plain functions), and the entries from which a census writes a cache (l records).
try:
    import functools as _functools
    _LRU_WRAPPER = type(_functools.lru_cache(maxsize=None)(lambda: None))
    if _LRU_WRAPPER is types.FunctionType:  # the pure-Python fallback: every function would match
        _LRU_WRAPPER = None
except Exception:  # an interpreter without it
    _LRU_WRAPPER = None
MIN_CACHE_ENTRIES = 100
# The counter of the warnings Python's registries remember, written once it reaches
# MIN_WARNINGS_REGISTERED (and from then on): most programs never warn that often.
WARNINGS_REGISTERED = "warnings registered"
MIN_WARNINGS_REGISTERED = 100
# The counter of the objects the cyclic collector tracks that were made since it last ran
# (gc.get_count()'s first), written while the program has turned the collector off
# (gc.disable()), then 0 once it is on again: objects that refer to each other are freed only by
# the collector, and a program that turned it off for speed keeps every such group it drops.
COLLECTOR_OFF = "collector off"
# The counter each snapshot writes of the CPU time the program has used, in milliseconds, less
# the recorder's own thread's: whether the program worked or idled while its heap held a level
# (a service that leaked through a load test and then idled reads like a full cache).
PROGRAM_CPU = "program cpu ms"


# The script's globals once it has ended (_run_script): no longer in sys.modules, still alive.
_script_globals = None


def _warnings_registered():
    """Entries of every module's __warningregistry__ (less its version key): each warning shown
    under the "default" action is remembered there, a message with a value in it every time."""
    count = 0
    seen = set()
    namespaces = [_script_globals] if _script_globals is not None else []
    for module in list(sys.modules.values()):
        try:
            namespaces.append(vars(module))
        except Exception:  # an object in sys.modules that is no module
            continue
    for namespace in namespaces:
        registry = namespace.get("__warningregistry__")
        if type(registry) is dict and id(registry) not in seen:
            seen.add(id(registry))
            count += len(registry) - ("version" in registry)
    return count

FORMAT_VERSION = 1
# The recorder's own frames, by the file its code was compiled from: heapline-cli record compiles
# it as "<heapline recorder>". Not "<string>": exec and eval name the code they run so (dataclasses'
# __init__, namedtuple's __new__, a template compiled to a function), and every block made under it
# was left out as the recorder's (a script that kept 20 MB through exec recorded a heap of 0 B).
_OWN_FILE = sys._getframe().f_code.co_filename
# runpy is frozen in Python 3.11 and later: its frames carry "<frozen runpy>".
_RUNPY_FILES = {runpy.__file__, "<frozen runpy>"}
# Allocations with a frame in these files are the recorder's own, or the interpreter's bookkeeping.
_LEFT_OUT = {_OWN_FILE, tracemalloc.__file__, "<unknown>"}
# The script runpy runs (main()), as its frames may name it: the code's frames after runpy's are its.
_SCRIPT_FILES = set()
_THREADING_FILE = threading.__file__
# The lines of threading's that call the program's target. A thread whose target is a C callable
# (Thread(target=cache.extend, args=(map(str, rows),))) has threading's frames alone above what it
# makes, and its 80 MB were left out with the threads' own bookkeeping: "Leaked 0 B".
_THREAD_TARGET_CALLS = frozenset(
    (_THREADING_FILE, line) for run in (threading.Thread.run, threading.Timer.run)
    for _, line in dis.findlinestarts(run.__code__) if line is not None)
# Interval highs: tracemalloc.reset_peak came with Python 3.9; without it no "h" records are written.
_HAS_RESET_PEAK = hasattr(tracemalloc, "reset_peak")
# gc.freeze came with Python 3.7.
_HAS_FREEZE_COUNT = hasattr(gc, "get_freeze_count")
# A light snapshot between two snapshots when the traced heap stands this much above the last
# level seen (a factor, and at least these bytes), checked every _POLL_SECONDS.
_LIGHT_JUMP = 1.25
_LIGHT_MIN_BYTES = 1 << 20
_POLL_SECONDS = 0.005
# What the recorder's snapshots may leave resident (see _Recorder._count_own_rss): this much, and
# this much per record a snapshot copies.
_OWN_RSS_BASE = 1 << 20
_OWN_RSS_PER_RECORD = 256
_OWN_RSS_PER_EXACT_RECORD = 1024
# What tracemalloc's own count (get_tracemalloc_memory) leaves out (CPython 3.8 to 3.12): it
# counts its tables' entries, not the records they point at. Per live block, its trace (16 B, a
# 32 B chunk of malloc's) and its entry's chunk overhead; per distinct traceback, its header and
# 16 B a frame, with the same overheads. An --exact recording of a program whose heap held 66 000
# blocks of 9 900 tracebacks 16 frames deep read 6.4 MB from tracemalloc, against 19 MB more RSS
# than the program alone: its RSS grew beside a flat heap, "native".
_TRACE_RECORD_BYTES = 48
_TRACEBACK_BYTES = 56
_TRACEBACK_FRAME_BYTES = 16
# The first snapshots come faster than --interval: every tenth of the run so far, never more often
# than this share of --interval (0.05 s by default). A program that dies a second after it starts
# (MemoryError, a failing test) was seen at two or three snapshots, too few to tell a leak from a
# cache that filled up; past ten times --interval the cadence is --interval's. Sampled recordings
# only: an exact snapshot (every trace tracemalloc holds) holds the GIL long enough to stall the
# program, and its stalls, counted in the program's time, made a steady climb hold still.
_FIRST_SNAPSHOTS_SHARE = 0.1
# Snapshots (periodic and light) take at most a fifth of the run: after one, the next of its kind
# waits at least this many times what it took. What it took is the CPU time of the thread that
# took it (_cost): a busy program holds the interpreter's lock, so a snapshot's lines that let go
# of it (reading /proc, writing the file) wait to get it back while the program runs. Counted in
# wall time, an asyncio service's snapshots of 2 ms "took" 50-300 ms and the next came 0.2-1.2 s
# later; CPU-bound threads' came 0.35-0.6 s apart at --interval 0.5 s.
_WAIT_PER_SNAPSHOT_SECOND = 4
_RESERVE_BYTES = 4 << 20
# The watchdog (heapline_watchdog.c) has the main thread take a periodic snapshot once the
# recorder's thread is this late (at least; half the wait where that is longer); while that thread
# is in the middle of one, the main thread lets go of the interpreter's lock for this long.
_WATCHDOG_GRACE = 0.05
_WATCHDOG_HANDOVER = 0.001
_CO_NEWLOCALS = 0x0002  # inspect.CO_NEWLOCALS: set on a function's code, not a module's or a class body's
DEFAULT_SAMPLE_INTERVAL = 512 * 1024
# How many of an allocation's innermost frames are kept. A framework's request (a WSGI server, the
# app, its dispatch, the view) or an import (importlib's frames between each module's) is deeper
# than 16: where no frame of the program's own was among them, the leaf, importlib's
# _compile_bytecode, stood first among the suspects for the 7 MB a Flask app's imports take,
# instead of the line that imports Flask. Sampled, only a sample pays for its depth; tracemalloc
# pays on every allocation, and keeps its 16.
DEFAULT_FRAMES_SAMPLED = 64
DEFAULT_FRAMES_EXACT = 16
# The stack of a block sampled without the GIL (a C extension allocating with it released).
_NO_STACK = [("<no Python stack>", 0, "<GIL released or no Python code>")]
# The stack of sampled blocks that went into one of CPython's free lists, and may hold an object
# the sampler cannot name since (before CPython 3.13: heapline_freelists.c).
_REUSED_STACK = [("<CPython free list>", 0, "<recycled by CPython: owner unknown>")]


def _escape(text):
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


# The native module's rss(), once it loaded: read without letting go of the interpreter's lock.
_native_rss = None
# And its census(): the census's loops in C, with the same figures, four times as fast (a list of
# 100 000 floats took 35-45 ms a census in Python, a tenth of a short program's run).
_native_census = None
# And its frozen(): the objects gc.freeze() put where gc.get_objects() does not look.
_native_frozen = None


def _rss_bytes():
    """The resident set size less the pages that map files, as the native module's rss() reads it:
    the kernel drops those when memory runs short, and they are the files' (a 200 MB file read
    through numpy.memmap read "native: RSS grew by 229 MB")."""
    if _native_rss is not None:
        return _native_rss()
    try:
        with open("/proc/self/status", "rb") as status:
            fields = dict(line.split(b":", 1) for line in status.read().splitlines() if b":" in line)
        return (int(fields[b"RssAnon"].split()[0]) + int(fields[b"RssShmem"].split()[0])) * 1024
    except (OSError, ValueError, IndexError, KeyError):
        pass
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _traceback_groups(snapshot):
    """(frames oldest first as (filename, lineno) pairs, bytes, blocks) per distinct traceback.

    Snapshot.statistics() builds a Traceback object per trace in Python; grouping the raw
    traces by their frame tuples is several times faster on a large heap. Where the raw traces
    are not there (another Python implementation), statistics() does it."""
    raw = getattr(getattr(snapshot, "traces", None), "_traces", None)
    if raw is None:
        for stat in snapshot.statistics("traceback"):
            yield [(frame.filename, frame.lineno, None) for frame in stat.traceback], stat.size, stat.count
        return
    # Each trace's size is appended to its traceback's list and summed at the end: a running sum
    # made a new int per trace, and tracemalloc traced each one with its traceback (179 000
    # traces of five tracebacks: 0.37 s; 0.05 s so).
    groups = {}
    for trace in raw:
        sizes = groups.get(trace[2])
        if sizes is None:
            groups[trace[2]] = [trace[1]]
        else:
            sizes.append(trace[1])
    for frames, sizes in groups.items():
        # Raw frames run from the most recent call outward.
        yield [(filename, lineno, None) for filename, lineno in reversed(frames)], sum(sizes), len(sizes)


# tracemalloc's own stop and clear_traces. While an exact recording runs, the program's calls to
# them are ignored: a program that took a tracemalloc snapshot of its own and stopped it after
# (tm.py, a diagnostic at start-up) stopped the recording's tracing with it, and its every
# snapshot since read a heap of 0 B, then the recorder failed ("must be tracing memory").
_TRACEMALLOC_STOP = tracemalloc.stop
_TRACEMALLOC_CLEAR = tracemalloc.clear_traces


def _guard_tracemalloc():
    told = []

    def ignored(name):
        def call():
            if not told:
                told.append(name)
                sys.stderr.write("heapline-recorder: the program called tracemalloc.%s(), ignored: the recording "
                                 "traces with it until the program ends\n" % name)
        return call

    tracemalloc.stop = ignored("stop")
    tracemalloc.clear_traces = ignored("clear_traces")


class _ExactSource:
    """Every block, from tracemalloc."""

    mode = "exact"
    has_peak = _HAS_RESET_PEAK

    def __init__(self, frames):
        self.frames = max(1, int(frames if frames is not None else DEFAULT_FRAMES_EXACT))
        self._uncounted = 0  # tracemalloc's memory its own count leaves out, the most seen
        if tracemalloc.is_tracing() and tracemalloc.get_traceback_limit() < self.frames:
            # Tracing already (-X tracemalloc, PYTHONTRACEMALLOC, the program's own start()),
            # tracemalloc keeps its depth, one frame by default: every stack was its leaf alone
            # and the recorder's own blocks could not be told from the program's (an -X
            # tracemalloc recording read dis.findlinestarts +379 kB, the recorder's reading of
            # the source). Restarted at the recording's depth; the blocks traced so far are not.
            sys.stderr.write("heapline-recorder: tracemalloc was tracing %d frame(s) per block; restarted with %d "
                             "for the recording (blocks allocated before are not in it)\n"
                             % (tracemalloc.get_traceback_limit(), self.frames))
            _TRACEMALLOC_STOP()
        if not tracemalloc.is_tracing():
            tracemalloc.start(self.frames)
        _guard_tracemalloc()

    @staticmethod
    def traced():
        return tracemalloc.get_traced_memory()

    @staticmethod
    def reset_peak():
        if _HAS_RESET_PEAK:
            tracemalloc.reset_peak()

    @staticmethod
    def groups():
        return [(frames, size, count, False) for frames, size, count in _traceback_groups(tracemalloc.take_snapshot())]

    def own_memory(self):
        return tracemalloc.get_tracemalloc_memory() + self._uncounted

    def copied(self, groups):
        """How many records a snapshot copied: one per trace. Also what tracemalloc's own count
        leaves out, from these traces and their tracebacks (see _TRACE_RECORD_BYTES)."""
        traces = sum(count for _, _, count, _ in groups)
        uncounted = _TRACE_RECORD_BYTES * traces + sum(
            _TRACEBACK_BYTES + _TRACEBACK_FRAME_BYTES * len(frames) for frames, _, _, _ in groups)
        # Freed, a trace's record stays resident among the live ones, and a traceback is never freed.
        self._uncounted = max(self._uncounted, uncounted)
        return traces

    @staticmethod
    def stop():
        tracemalloc.stop = _TRACEMALLOC_STOP
        tracemalloc.clear_traces = _TRACEMALLOC_CLEAR
        _TRACEMALLOC_STOP()


class _SampledSource:
    """Sampled blocks, from the native allocator hook, scaled back to estimates."""

    mode = "sampled"
    has_peak = True

    def __init__(self, sampler, interval, frames):
        self._sampler = self.sampler = sampler
        self.interval = int(interval)
        self.frames = max(1, int(frames if frames is not None else DEFAULT_FRAMES_SAMPLED))
        self._stacks = {0: _NO_STACK}
        self._reused_bit = getattr(sampler, "REUSED_BIT", 0)
        sampler.start(self.interval, self.frames)
        self._numpy = _NumpyHook(sampler)

    def traced(self):
        return self._sampler.traced()

    def reset_peak(self):
        self._sampler.reset_peak()

    def groups(self):
        _, rows = self._sampler.snapshot()
        groups = []
        for stack, size, count in rows:
            # Blocks that went into one of CPython's free lists (heapline_freelists.c) come apart.
            reused = bool(stack & self._reused_bit)
            stack &= ~self._reused_bit
            frames = self._stacks.get(stack)
            if frames is None:
                frames = self._stacks[stack] = _inline_comprehensions(self._sampler.stack(stack))
            groups.append((frames, size, count, reused))
        return groups

    def own_memory(self):
        return self._sampler.memory()

    def copied(self, groups):
        """How many records a snapshot copied: one per live sample."""
        return max(len(groups), self._sampler.samples()[0])

    def stop(self):
        self._numpy.remove()
        self._sampler.stop()


# numpy's core, where its C API (the _ARRAY_API capsule) lives: numpy 2.x, 1.x (in numpy 2 the
# second is a shim that warns when read).
_NUMPY_CORES = ("numpy._core._multiarray_umath", "numpy.core._multiarray_umath")


class _NumpyHook(importlib.abc.MetaPathFinder):
    """numpy allocates an array's data through a handler of its own, outside Python's
    allocators: the sampler wraps numpy's default handler (heapline_numpy.c) as soon as numpy's
    core has loaded. Without this a program's arrays were not in the heap at all."""

    def __init__(self, sampler):
        self._sampler = sampler
        self.hooked = False
        if not hasattr(sampler, "hook_numpy"):
            return
        for name in _NUMPY_CORES:  # imported before the recording started
            if name in sys.modules and not self.hooked:
                self._hook(sys.modules[name])
        if not self.hooked:
            sys.meta_path.insert(0, self)

    def _hook(self, module):
        api = getattr(module, "_ARRAY_API", None)
        if api is None:
            return
        try:
            self.hooked = bool(self._sampler.hook_numpy(api)) or self.hooked
        except Exception:  # a numpy whose handler is not as NEP 49 has it: its arrays go unseen
            pass
        if self.hooked:
            self.remove()

    def find_spec(self, name, path, target=None):
        if name not in _NUMPY_CORES or self.hooked:
            return None
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None) if finder is not self else None
            spec = find(name, path, target) if find else None
            if spec is not None and spec.loader is not None:
                break
        else:
            return None
        spec.loader = _AfterLoad(spec.loader, self._hook)
        return spec

    def remove(self):
        if self in sys.meta_path:
            sys.meta_path.remove(self)


class _AfterLoad(importlib.abc.Loader):
    """A module's loader, and a call once the module is loaded."""

    def __init__(self, loader, then):
        self._loader, self._then = loader, then

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        self._then(module)


_COMPREHENSIONS = ("<listcomp>", "<dictcomp>", "<setcomp>", "<genexpr>")


def _function_name(qualname):
    """A code object's qualified name as the exact mode names functions (by the source's nesting):
    "outer.inner" without "<locals>", and a comprehension by the function it is written in (as
    Python 3.12 runs it, inline)."""
    parts = [part for part in qualname.split(".") if part != "<locals>"]
    while len(parts) > 1 and parts[-1] in _COMPREHENSIONS:
        parts.pop()
    if parts and parts[-1] in _COMPREHENSIONS:
        return "<module>"
    return ".".join(parts)


def _inline_comprehensions(frames):
    """A sampled stack's frames (filename, line, qualified name), oldest first, named as
    _function_name names them, with each comprehension's frame in place of the frame of the
    function that runs it, as Python 3.12 runs a comprehension: inline, one frame. Under 3.11 a
    comprehension has a frame of its own, named after its function too, so its stack read the
    function twice at one line ("rebuild rebuild.py:14" above itself), as if it called itself."""
    named = []
    for filename, line, qualname in frames:
        function = _function_name(qualname)
        if (named and qualname.rsplit(".", 1)[-1] in _COMPREHENSIONS and named[-1][0] == filename
                and named[-1][2] == function):
            named.pop()
        named.append((filename, line, function))
    return named


def _load_sampler():
    """The native module, or None and why not."""
    extra = os.environ.get("HEAPLINE_SAMPLER_PATH")
    if extra:
        sys.path.insert(0, extra)
    try:
        import _heapline_sampler

        global _native_rss, _native_census, _native_frozen
        _native_rss = getattr(_heapline_sampler, "rss", None)
        _native_census = getattr(_heapline_sampler, "census", None)
        _native_frozen = getattr(_heapline_sampler, "frozen", None)
        return _heapline_sampler, None
    except ImportError as error:
        return None, str(error)
    finally:
        if extra and sys.path and sys.path[0] == extra:
            del sys.path[0]


def _heap_source(exact, sample_interval, frames):
    if not exact:
        sampler, why = _load_sampler()
        if sampler is not None:
            return _SampledSource(sampler, sample_interval, frames)
        sys.stderr.write("heapline-recorder: the native sampler is not available (%s); recording every block with tracemalloc\n" % why)
    return _ExactSource(frames)


def _cost():
    """The recorder's work is timed by this: its thread's CPU time, not the clock (see
    _WAIT_PER_SNAPSHOT_SECOND)."""
    return time.thread_time()


def _source_bytes(filename):
    """A source file's bytes, also of a module inside a zip archive (a zipapp, an egg), which its
    frames name as "/srv/app.pyz/__main__.py": read with open() alone, every function of a
    zipapp recorded exactly was "<module>". None where there is none ("<string>")."""
    try:
        with open(filename, "rb") as source:
            return source.read()
    except OSError:
        pass
    archive, member = filename, []
    while archive and os.path.dirname(archive) != archive:
        archive, part = os.path.dirname(archive), os.path.basename(archive)
        member.insert(0, part)
        if os.path.isfile(archive):
            import zipfile

            try:
                with zipfile.ZipFile(archive) as zipped:
                    return zipped.read("/".join(member))
            except (OSError, KeyError, zipfile.BadZipFile):
                return None
    return None


class _FunctionIndex:
    """The function that holds a line: tracemalloc keeps file and line, not the function."""

    def __init__(self):
        self._files = {}
        self.seconds = 0.0  # spent reading sources, once per file

    def _file(self, filename):
        spans = self._files.get(filename)
        if spans is None:
            started = _cost()
            spans = self._files[filename] = self._spans(filename)
            self.seconds += _cost() - started
        return spans

    def function(self, filename, lineno):
        """(Where the sampler names the function itself, this is not asked.)"""
        best = None
        for first, last, name in self._file(filename)[0]:
            if first <= lineno <= last and (best is None or first >= best[0]):
                best = (first, name)
        return best[1] if best else "<module>"

    def comprehension(self, filename, lineno):
        """The lines (first, last) of the outermost comprehension that holds a line, or None.
        tracemalloc names no function, and under Python 3.11 a comprehension runs in a frame of
        its own at a line of the comprehension, below its function's frame at the comprehension's
        first line: both lie in this one span (see Recording._node)."""
        best = None
        for first, last in self._file(filename)[1]:
            if first <= lineno <= last and (best is None or first < best[0] or last > best[1]):
                best = (first, last)
        return best

    @staticmethod
    def _spans(filename):
        """(first line, last line, name) per function of the file, from the code objects that
        compile() makes: ast.parse makes a Python object of every node of the syntax tree, each
        one traced by tracemalloc (0.2 s for collections/__init__.py, 0.5 s beside a program that
        computes, where this takes a third). Lambdas and comprehensions belong to the function that
        holds them, as in the source."""
        text = _source_bytes(filename)
        if text is None:
            return [], []
        try:
            module = compile(text, filename, "exec", dont_inherit=True)
        except (SyntaxError, ValueError):
            return [], []
        spans = []
        comprehensions = []

        def visit(code, prefix):
            # The last line of the code and of all it holds (a nested function's body can end the
            # function that holds it).
            last = code.co_firstlineno
            for _, line in dis.findlinestarts(code):
                if line is not None and line > last:
                    last = line
            named = not code.co_name.startswith("<")  # not <module>, <lambda>, <listcomp> …
            inner = prefix + code.co_name + "." if named else prefix
            for constant in code.co_consts:
                if isinstance(constant, types.CodeType):
                    last = max(last, visit(constant, inner))
            if named and code.co_flags & _CO_NEWLOCALS:  # a function's code, not a class body
                spans.append((code.co_firstlineno, last, prefix + code.co_name))
            elif code.co_name in _COMPREHENSIONS:  # a code object of its own up to Python 3.11
                comprehensions.append((code.co_firstlineno, last))
            return last

        visit(module, "")
        return spans, comprehensions


class _Output:
    """The recording's file, written with os.write as each snapshot is complete: nothing is
    buffered where a flush could happen behind the recorder's back. A program may close every
    descriptor it inherited (a daemon does) and open files of its own, which then get the same
    numbers: before each write the descriptor is checked to be the recording's still (device and
    inode). Where it is not, or a write fails, nothing more is written and `failed` says why."""

    def __init__(self, path):
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)  # not inherited (PEP 446)
        status = os.fstat(self._fd)
        self._identity = (status.st_dev, status.st_ino)
        self._pending = []
        self.failed = None
        self.closed = False

    def write(self, text):
        self._pending.append(text)

    def flush(self):
        pending, self._pending = self._pending, []
        if self.failed is not None or self.closed or not pending:
            return
        if not self._ours():
            self.failed = "the program closed its descriptor"
            return
        data = memoryview("".join(pending).encode("utf-8", "backslashreplace"))
        try:
            while data:
                data = data[os.write(self._fd, data) :]
        except OSError as error:
            self.failed = error.strerror or str(error)

    def close(self):
        self.flush()
        self.abandon()

    def abandon(self):
        """Writes nothing more; the descriptor is closed where it is still the recording's."""
        if self._fd >= 0 and self._ours():
            os.close(self._fd)
        self._fd = -1
        self._pending = []
        self.closed = True

    def _ours(self):
        try:
            status = os.fstat(self._fd)
        except OSError:
            return False
        return (status.st_dev, status.st_ino) == self._identity


class Recorder:
    def __init__(self, path, interval=0.5, frames=None, census_every=5, command=None, exact=False, sample_interval=DEFAULT_SAMPLE_INTERVAL):
        self.path = path
        self.interval = float(interval)
        self.census_every = max(0, int(census_every))
        self._lock = threading.RLock()
        self._out = _Output(path)
        self._t0 = time.monotonic()
        self._paused = 0.0  # seconds the program waited for the recorder
        self._waiting_since = None  # when the program's thread began waiting for the lock (_locked)
        self._last_time = 0.0
        self._strings = {}
        self._frames = {}
        # Per frame id (exact recordings): where its line lies in a comprehension, what marks a
        # comprehension's frame and the frame that runs it (see _node); None elsewhere.
        self._frame_comprehensions = [None]
        self._nodes = {}
        self._live = {}  # node -> (bytes, blocks) at the previous snapshot
        self._census = {}  # type name -> (objects, bytes)
        self._caches = {}  # memoising cache's name -> (caches, entries, maxsize, hits, misses)
        self._cache_rows = None  # what the last census found of them
        self._held = {}  # name -> (kind, containers, entries, items): the containers written (o records)
        self._held_rows = None  # what the last census found of them (_containers_held)
        self._census_seconds_per_object = 0.0  # the last census's cost (_take_census)
        self._frozen_unseen = False  # said once: gc.freeze hid objects from a census without the native module
        self._counters = {}
        self._warnings_written = False  # the warnings registered are written from then on
        self._collector_written = False  # the collector was seen off: its counter written from then on
        self._own_cpu_elsewhere = 0.0  # the CPU time of snapshots taken on the program's threads
        self._take_started = None
        self._snapshots = 0
        self._functions = _FunctionIndex()
        self._modules = {}
        self._stopped = False
        self._gave_up = False  # the recording could not be written (_check_output)
        self._wake = threading.Event()
        # Address space put by for the end: a program that dies of MemoryError has none left, and
        # the last snapshot — the heap as it died, the one that matters most — needs some. A
        # mapping of its own, never touched: neither the heap nor RSS counts it (a bytearray's
        # zeroed bytes would be resident).
        self._reserve = mmap.mmap(-1, _RESERVE_BYTES)
        if command is None:
            command = " ".join([os.path.basename(sys.executable)] + sys.argv)
        if int(sample_interval) < 1:
            raise ValueError("the sample interval must be at least 1 byte")
        self._source = _heap_source(exact, sample_interval, frames)
        self.frames = self._source.frames
        sampled = self._source.mode == "sampled"
        self._write(
            "heapline %d\nproducer heapline-recorder %s (%s %s, %s)\ncommand %s\nstart %.6f\nunit s\n"
            % (FORMAT_VERSION, __version__, sys.implementation.name, sys.version.split()[0], self._source.mode, _escape(command), time.time())
        )
        if sampled:
            # The heap's figures are estimates from the samples (HEAPLINE_FORMAT.md, "Sampling").
            self._write("sampling %d\n" % self._source.interval)
        self._live_total = 0
        self._own_rss = 0  # resident memory the recorder's snapshots added (see _count_own_rss)
        self._own_rss_cap = _OWN_RSS_BASE  # the most that can be (see _live_by_node)
        self._rss_start = _rss_bytes()  # before the program ran (see _rss_figure)
        self._light_due = 0.0  # no light snapshot before then (time.monotonic(); see _poll)
        self._start_interval()
        self._due = 0.0  # when the next periodic snapshot is due (time.monotonic())
        self._watchdog = self._source.sampler if sampled else _load_sampler()[0]
        if self._watchdog is not None and not hasattr(self._watchdog, "watch"):
            self._watchdog = None  # a sampler module of an older build
        if self._watchdog is not None:
            self._watchdog.watch(self._overdue)
        self._thread = threading.Thread(target=self._run, name="heapline-recorder", daemon=True)
        self._thread.start()

    # -- the public API ---------------------------------------------------------------------

    def snapshot(self):
        with self._locked():
            if self._stopped:
                return
            with self._pausing():
                self._take(census=self.census_every > 0 and self._snapshots % self.census_every == 0)

    def mark(self, name):
        with self._locked():
            if self._stopped:
                return
            # A snapshot at the mark, so that "diff --from mark:NAME" lands exactly on it.
            with self._pausing():
                self._take(census=self.census_every > 0)
            self._write("m %s %d\n" % (self._time_text(self._last_time), self._string(str(name))))
            self._out.flush()
            self._check_output()

    def counter(self, name, value):
        with self._lock:
            self._counters[str(name)] = float(value)

    def stop(self, died_of=None):
        """The last snapshot and the end record. `died_of`: the exception that ended the program
        (MemoryError), marked where it ended it."""
        with self._locked():
            if self._stopped and not self._gave_up:
                return
            if not self._gave_up:  # else the file can no longer be written: nothing more goes into it
                self._reserve.close()
                try:
                    try:
                        with self._pausing():
                            self._take(census=self.census_every > 0)
                    except MemoryError:
                        # The census lists every object: on a heap that filled memory, the snapshot
                        # without it.
                        if self.census_every == 0:
                            raise
                        with self._pausing():
                            self._take(census=False)
                    if died_of is not None:
                        self._write("m %s %d\n" % (self._time_text(self._last_time), self._string(type(died_of).__name__)))
                except MemoryError:
                    # Not even the reserve was enough: the snapshots taken so far, and a clean end.
                    sys.stderr.write("heapline-recorder: out of memory; the last snapshot was not taken\n")
                self._stopped = True
                self._write("x %s\n" % self._time_text(self._now()))
                self._out.close()
                self._check_output()
        if self._watchdog is not None:
            self._watchdog.unwatch()
        self._wake.set()
        # The snapshot thread ends here, not at the interpreter's exit: a daemon thread stopped
        # there unwinds through libgcc_s, which a process out of address space cannot load (it
        # aborted, and the program's exit status was lost).
        if self._thread is not threading.current_thread():
            self._thread.join(timeout=5)
        self._source.stop()
        self._gave_up = False  # stopped: a second stop() has nothing to do

    def forget(self):
        """In a child forked from the recorded process: records nothing, writes nothing, and
        stops tracing (the child runs at full speed). The file stays the parent's."""
        self._stopped = True
        self._lock = threading.RLock()  # the recorder's thread may have held it; it is not here
        self._watchdog = None  # nor is the watchdog's thread
        self._out.abandon()
        self._source.stop()

    def _check_output(self):
        """Where the recording can no longer be written, says so once and stops recording: the
        file holds the snapshots written so far. The program goes on as if nothing happened."""
        if self._out.failed is None or self._gave_up:
            return
        self._gave_up = True
        self._stopped = True
        sys.stderr.write(
            "heapline-recorder: cannot write %s any more (%s); recording stopped, the file holds the snapshots up to %s s\n"
            % (self.path, self._out.failed, self._time_text(self._last_time))
        )
        self._wake.set()
        if self._watchdog is not None:
            self._watchdog.unwatch()
        self._source.stop()

    # -- inside -----------------------------------------------------------------------------

    def _run(self):
        # The periodic snapshots take at most a fifth of the time: on a large heap, where one
        # snapshot takes longer, the next waits longer than --interval.
        self._schedule(self._cadence())
        while not self._wake.wait(_POLL_SECONDS):
            try:
                if time.monotonic() < self._due:
                    self._poll()
                    continue
                self._periodic()
            except Exception as error:  # never take the program down with the recorder
                sys.stderr.write("heapline-recorder: snapshot failed: %r\n" % (error,))

    def _periodic(self):
        """The periodic snapshot that is due, on the recorder's thread, or on the main thread when
        the watchdog finds the recorder's thread late (_overdue)."""
        with self._locked():
            if self._stopped or time.monotonic() < self._due:
                return  # taken meanwhile on the other thread
            started = _cost()
            parsing = self._functions.seconds
            with self._pausing():
                self._take(census=self.census_every > 0 and self._snapshots % self.census_every == 0)
            # Reading a source file the first time its code allocates is paid once, not by
            # every snapshot: it does not push the next one back.
            spent = max(0.0, _cost() - started - (self._functions.seconds - parsing))
            self._schedule(max(self._cadence(), _WAIT_PER_SNAPSHOT_SECOND * spent))

    def _schedule(self, wait):
        self._due = time.monotonic() + wait
        if self._watchdog is not None:
            self._watchdog.watch_due(self._due + max(_WATCHDOG_GRACE, wait / 2))

    def _overdue(self):
        """Called by the watchdog on the main thread: the recorder's thread is late for the periodic
        snapshot, starved of the interpreter's lock by a main thread that drops it and takes it
        back without pause (an asyncio loop; see heapline_watchdog.c). The main thread takes the
        snapshot itself, as if the program had asked for it; where the recorder's thread is in the
        middle of one, it lets go of the interpreter's lock for a moment, so that it goes on."""
        try:
            owned = getattr(self._lock, "_is_owned", None)
            if self._stopped or self._waiting_since is not None or (owned is not None and owned()):
                return  # in the recorder already, or about to be (a mark, the exit): it comes back to it
            if not self._lock.acquire(blocking=False):
                time.sleep(_WATCHDOG_HANDOVER)
                return
            try:
                self._periodic()
            finally:
                self._lock.release()
        except Exception as error:  # never take the program down with the recorder
            sys.stderr.write("heapline-recorder: snapshot failed: %r\n" % (error,))

    def _cadence(self):
        if not isinstance(self._source, _SampledSource):
            return self.interval
        elapsed = time.monotonic() - self._t0
        return min(self.interval, max(_FIRST_SNAPSHOTS_SHARE * self.interval, elapsed / 10))

    def _now(self):
        # The program's own time: the pauses the recorder imposed on it (a snapshot or mark the
        # program asked for, its exit, a wait for the recorder's lock — also one still going on)
        # are left out, so that a slow census at a mark does not read as a stretch in which the
        # program held still.
        now = time.monotonic()
        waiting = self._waiting_since
        waited = now - waiting if waiting is not None else 0.0
        return max(now - self._t0 - self._paused - waited, self._last_time)

    @staticmethod
    def _time_text(seconds):
        return ("%.6f" % seconds).rstrip("0").rstrip(".") or "0"

    def _write(self, text):
        self._out.write(text)

    def _string(self, text):
        sid = self._strings.get(text)
        if sid is None:
            sid = self._strings[text] = len(self._strings) + 1
            self._write("s %d %s\n" % (sid, _escape(text)))
        return sid

    def _module(self, filename):
        name = self._modules.get(filename)
        if name is None:
            for module_name, module in list(sys.modules.items()):
                if getattr(module, "__file__", None) == filename:
                    name = module_name
                    break
            else:
                name = os.path.splitext(os.path.basename(filename))[0]
            self._modules[filename] = name
        return name

    def _frame(self, filename, lineno, function=None):
        key = (filename, lineno, function)
        fid = self._frames.get(key)
        if fid is None:
            comprehension = None
            if function is None:
                function = self._functions.function(filename, lineno)
                span = self._functions.comprehension(filename, lineno)
                if span is not None:
                    comprehension = (filename, function) + span
            function_id = self._string(function)
            file_id = self._string(filename)
            module = self._string(self._module(filename))
            fid = self._frames[key] = len(self._frames) + 1
            self._frame_comprehensions.append(comprehension)
            self._write("f %d %d %d %d %d\n" % (fid, function_id, file_id, lineno, module))
        return fid

    def _node(self, traceback):
        node = parent = 0
        outer = None
        comprehensions = self._frame_comprehensions
        for filename, lineno, function in traceback:  # oldest first: from the root down to the allocation
            fid = self._frame(filename, lineno, function)
            # A comprehension's frame takes the place of its function's, as Python 3.12 runs it
            # (inline); sampled stacks come so from _inline_comprehensions. Under 3.11 both frames
            # named one function at one line, as if it called itself.
            comprehension = comprehensions[fid]
            if comprehension is not None and comprehension == outer:
                node = parent
            outer = comprehension
            key = (node, fid)
            child = self._nodes.get(key)
            if child is None:
                child = self._nodes[key] = len(self._nodes) + 1
                self._write("n %d %d %d\n" % (child, node, fid))
            parent, node = node, child
        return node

    def _take(self, census):
        # A snapshot the program asks for (a mark, its exit) is of the instant it asked: the
        # census and the copy of the traces that follow are its pause, not its time (a mark's
        # census would otherwise move the mark, and open a flat stretch before it that the program
        # never had). A periodic snapshot runs beside the program, which goes on meanwhile: it is
        # of the instant the traces are copied, after the census (seconds, on a large heap).
        asked = threading.current_thread() is threading.main_thread()
        now = self._now() if asked else None
        # A snapshot on the program's thread is the recorder's CPU time, not the program's.
        self._take_started = _cost() if threading.current_thread() is not getattr(self, "_thread", None) else None
        # How high the traced heap stood since the last snapshot (tracemalloc's peak), read
        # before the census and the copy of the traces raise it themselves.
        traced = self._source.traced()
        rss_before = _rss_bytes()
        tracer_before = self._source.own_memory()
        # The census first: the snapshot's own objects would otherwise be counted in it.
        census_rows = self._take_census(None if asked else self.interval) if census else None
        if not asked:
            now = self._now()
        # Filtering is done per traceback group below: Snapshot.filter_traces runs Python code
        # for every trace, seconds for a large heap.
        live, left_out = self._live_by_node()
        total = sum(size for size, _ in live.values())
        # Written at once, and the state moved on only then: a snapshot that runs out of memory
        # half-way leaves no half snapshot in the file, nor deltas that the next one would miss.
        lines = ["S %s\n" % self._time_text(now)]
        rises = self._interval_rises(live, total, left_out, traced[1], lines)
        for node in set(live) | set(self._live) | set(rises):
            size, count = live.get(node, (0, 0))
            old_size, old_count = self._live.get(node, (0, 0))
            rise = rises.get(node, 0)
            if rise > max(size - old_size, 0):
                lines.append("d %d %d %d 0 0 0 %d\n" % (node, size - old_size, count - old_count, rise))
            elif size != old_size or count != old_count:
                lines.append("d %d %d %d\n" % (node, size - old_size, count - old_count))
        if census_rows is not None:
            for name in set(self._census) | set(census_rows):
                figures = census_rows.get(name, (0, 0))
                if figures != self._census.get(name, (0, 0)):
                    lines.append("c %d %d %d\n" % (self._string(name), figures[0], figures[1]))
            caches = self._cache_rows or {}
            for name in set(self._caches) | set(caches):
                figures = caches.get(name, (0, 0, 0, 0, 0))
                if figures != self._caches.get(name):
                    lines.append("l %d %d %d %d %d %d\n" % ((self._string(name),) + figures))
            held = self._held_rows
            if held is not None:
                for name in set(self._held) | set(held):
                    kind, containers, entries, items = held.get(name, (self._held.get(name, ("list",))[0], 0, 0, 0))
                    if (containers, entries, items) != self._held.get(name, (None, 0, 0, 0))[1:]:
                        lines.append("o %d %d %d %d %d\n" % (self._string(name), self._string(kind), containers, entries, items))
        rss = self._count_own_rss(rss_before, self._program_rise(traced[0], total), tracer_before)
        if rss is not None:
            lines.append("r %d\n" % self._rss_figure(rss, total))
        for name, value in self._counters.items():
            lines.append("k %d %r\n" % (self._string(name), value))
        # Threads alive: the census knows threading.Thread, not a program's own subclass of it
        # (workers.py: 1 500 SessionWatcher threads read "kept instances", their closures "kept
        # closures").
        # Read without threading's lock: a snapshot may run in a signal handler (SIGTERM) on a
        # thread that holds it.
        if THREADS_ALIVE not in self._counters:
            alive = getattr(threading, "_active", None)
            count = len(alive) if alive is not None else threading.active_count()
            own = getattr(self, "_thread", None)  # the recorder's own thread is not the program's
            count -= 1 if own is not None and alive is not None and own.ident in alive else 0
            lines.append("k %d %d\n" % (self._string(THREADS_ALIVE), count))
        if WARNINGS_REGISTERED not in self._counters:
            registered = _warnings_registered()
            if registered >= MIN_WARNINGS_REGISTERED or self._warnings_written:
                self._warnings_written = True
                lines.append("k %d %d\n" % (self._string(WARNINGS_REGISTERED), registered))
        if COLLECTOR_OFF not in self._counters:
            off = not gc.isenabled()
            if off or self._collector_written:
                self._collector_written = True
                lines.append("k %d %d\n" % (self._string(COLLECTOR_OFF), max(gc.get_count()[0], 1) if off else 0))
        if PROGRAM_CPU not in self._counters:
            cpu = self._program_cpu_ms()
            if cpu is not None:
                lines.append("k %d %d\n" % (self._string(PROGRAM_CPU), cpu))
        lines.append("E\n")
        if self._take_started is not None:
            self._own_cpu_elsewhere += _cost() - self._take_started
            self._take_started = None
        self._write("".join(lines))
        self._out.flush()
        self._check_output()
        self._live = live
        self._live_total = total
        if census_rows is not None:
            self._census = census_rows
            self._caches = {name: figures for name, figures in (self._cache_rows or {}).items() if any(figures)}
            if self._held_rows is not None:
                self._held = {name: figures for name, figures in self._held_rows.items() if figures[1]}
        self._start_interval()
        self._last_time = now
        self._snapshots += 1

    def _live_by_node(self):
        """The program's live bytes and blocks per stack node, from the traces as they are now,
        and the bytes of the traces left out (the recorder's own, the interpreter's bookkeeping)."""
        live = {}
        left_out = 0
        # The copy is of one instant without holding the program (tracemalloc and the sampler copy
        # their tables in one call). Holding it with a long switch interval did not: a thread of
        # the program already waiting for the interpreter's lock took it over within one old
        # interval and then kept it until it blocked, which for a program that computes means
        # no snapshot for seconds, counted as the program's pause.
        groups = self._source.groups()
        # The most the recorder's own work can have left resident: its copy of the records (a
        # tuple and its share of a list each), the census, its thread.
        copied = self._source.copied(groups)
        if self._source.mode == "exact":
            # tracemalloc keeps a record of its own for each object the copy makes, in malloc's
            # heaps, where the program's blocks then sit between the holes they leave when freed:
            # the next copy takes new pages. An --exact recording of a program whose heap held
            # 500 kB took 8 MB more RSS at one snapshot of 10 000 records; a program that compiles
            # regular expressions, 1 to 4 MB at each of five snapshots of 3 000 to 6 000. So each
            # copy may add to what the recorder holds.
            self._own_rss_cap += _OWN_RSS_PER_EXACT_RECORD * copied
        else:
            self._own_rss_cap = max(self._own_rss_cap, _OWN_RSS_BASE + _OWN_RSS_PER_RECORD * copied)
        for frames, size, count, reused in groups:
            # Frames up to runpy's exec are how the script was started, not the script: up to the
            # end of the last run of runpy's frames that the recorder called (python3 -m
            # heapline_recorder adds a run of its own at the root), or that begins a stack cut
            # above it. Not the script's own use of runpy further up (a runner that runs a job
            # with runpy.run_path: its job's 10 MB were left out as runpy's work).
            start = 0
            i = 0
            while i < len(frames):
                if frames[i][0] not in _RUNPY_FILES:
                    i += 1
                    continue
                end = i + 1
                while end < len(frames) and frames[end][0] in _RUNPY_FILES:
                    end += 1
                if i == 0 or frames[i - 1][0] == _OWN_FILE:
                    start = end
                i = end
            frames = frames[start:]
            # Runpy's own work before it runs the script (finding it: importlib lists its folder,
            # compiles code), which otherwise stood as rows of importlib's, "linear" and leak-like.
            if (start and _SCRIPT_FILES and frames and frames[0][0] not in _SCRIPT_FILES
                    and os.path.normpath(frames[0][0]) not in _SCRIPT_FILES):
                left_out += size
                continue
            # What the recorder allocates itself (snapshots, the census, its thread) is not the program's.
            if not frames or any(frame[0] in _LEFT_OUT for frame in frames):
                left_out += size
                continue
            # Thread bookkeeping with no code of the program's own (the recorder's thread starting),
            # but not what a target of the program's that is not Python code made.
            if all(frame[0] == _THREADING_FILE for frame in frames) and not any(
                    frame[:2] in _THREAD_TARGET_CALLS for frame in frames):
                left_out += size
                continue
            # A block of the program's that went into a free list may hold another object since:
            # not its first owner's any more.
            if reused:
                frames = _REUSED_STACK
            node = self._node(frames)
            old_size, old_count = live.get(node, (0, 0))
            live[node] = (old_size + size, old_count + count)
        return live, left_out

    # -- between snapshots: how high the heap rose (HEAPLINE_FORMAT.md, "Interval highs") --------

    def _start_interval(self):
        self._source.reset_peak()
        self._light = None  # the light snapshot that stood highest in this interval: (total, live)
        self._floor = self._source.traced()[0]  # the lowest the traced heap stood since
        self._light_level = 0  # the traced heap at the last light snapshot

    def _poll(self):
        """Called every few milliseconds by the recorder's thread: when the traced heap stands well
        above the lowest it stood in this interval, a light snapshot (not written) records who holds
        the rise; another when it rose by half again (the peak, known exactly, scales the best)."""
        current = self._source.traced()[0]
        self._floor = min(self._floor, current)
        if current < max(self._floor * _LIGHT_JUMP, self._floor + _LIGHT_MIN_BYTES, self._light_level * 1.5):
            return
        # Light snapshots take at most a fifth of the time, as the periodic ones do: an exact one
        # copies every trace, and a job runner whose every job built and dropped 3 000 dicts took
        # one or two per job, a quarter of its run.
        if time.monotonic() < self._light_due:
            return
        with self._lock:
            if self._stopped:
                return
            started = _cost()
            rss_before = _rss_bytes()
            tracer_before = self._source.own_memory()
            traced_before = self._source.traced()[0]
            live = self._live_by_node()[0]
            total = sum(size for size, _ in live.values())
            if self._light is None or total > self._light[0]:
                self._light = (total, live)
            self._light_level = self._source.traced()[0]
            self._count_own_rss(rss_before, self._program_rise(traced_before, total), tracer_before)
            self._light_due = time.monotonic() + _WAIT_PER_SNAPSHOT_SECOND * (_cost() - started)

    @contextlib.contextmanager
    def _locked(self):
        """The recorder's lock. The program's thread may wait for it while a periodic snapshot
        (a census of a large heap can take seconds) ends: that wait is the program's pause too,
        counted before the snapshot that follows reads the time (a 4 s program whose exit waited
        6 s for a census was recorded as running 8.8 s)."""
        if threading.current_thread() is not threading.main_thread():
            with self._lock:
                yield
            return
        self._waiting_since = time.monotonic()  # read by _now() on the recorder's thread meanwhile
        with self._lock:
            self._paused += time.monotonic() - self._waiting_since
            self._waiting_since = None
            yield

    @contextlib.contextmanager
    def _pausing(self):
        """Called by the program's own thread, the recorder's work is time the program waited."""
        started = time.monotonic()
        try:
            yield
        finally:
            if threading.current_thread() is threading.main_thread():
                self._paused += time.monotonic() - started

    @staticmethod
    def _program_rise(traced_before, total):
        """What the program's heap rose by while a snapshot ran beside it: from the traced heap
        as the snapshot began to the program's total in its copy. (Not to the traced peak: with
        tracemalloc that counts the snapshot's own objects, 1.9 million traces copied as tuples,
        and a flat heap's RSS read 110 MB above it, "retained by the allocator".)"""
        return total - traced_before

    def _rss_figure(self, rss, program_total):
        """The program's resident memory: `rss` without what the recorder itself made resident,
        tracemalloc's tables (a trace and its traceback per live block) and what copying the traces
        took. Both are the recorder's cost, and would read as native growth of the program."""
        tables = self._source.own_memory()
        figure = rss - self._own_rss - tables
        if self._rss_start is not None:
            # Never below the process's start and the program's traced heap, where the RSS less
            # the tables holds them. The count of what the copies left runs high where the program
            # grows into pages a copy took and freed (the next copy takes new ones, each counted):
            # on a busy machine an --exact recording of comprehensions.py ended at 7.4 MB of RSS
            # beside its 20.9 MB heap, and one of a report generator read 0 B for minutes. Not the
            # heap alone: pages a program allocated and never touched are not resident (zlib's
            # buffers in zobjs.py: a 420 MB heap beside 150 MB of RSS).
            figure = max(figure, min(self._rss_start + program_total, rss - tables))
        return max(figure, 0)

    def _count_own_rss(self, before, program_rise, tracer_before):
        """What resident memory grew by since `before` (read as the recorder's own work began)
        is the recorder's, less what the program's traced heap rose by meanwhile
        (`program_rise`) and what the tracer's own tables did (from `tracer_before`: they are
        taken off every RSS figure apart); returns the RSS now."""
        after = _rss_bytes()
        if before is not None and after is not None and after > before:
            # The program runs on beside a periodic snapshot. npgrow.py copies its numpy array
            # larger at each append: the copies made during snapshots, counted as the recorder's
            # for good, took its RSS to 12 MB beside a 40 MB heap by the end.
            # Nor can it be more than the largest copy the recorder made: a copy reuses what the
            # last one freed, and the program's arrays fill their pages after they were counted.
            # The tracer's tables grew too, for the blocks the program and the copy made meanwhile:
            # 80 B or more a block with --exact, counted apart already (flatbig.py's 2.1 million
            # dicts took its RSS below its heap, the tables' growth taken off twice).
            tracer_grew = max(self._source.own_memory() - tracer_before, 0)
            grown = max(after - before - max(program_rise, 0) - tracer_grew, 0)
            self._own_rss = min(self._own_rss + grown, self._own_rss_cap)
        return after

    def _interval_rises(self, live, total, left_out, peak, lines):
        """Per node, the most it rose above its level at the last snapshot in between, where a
        light snapshot saw it; scaled so that the rise of the whole matches tracemalloc's peak.
        Also appends the whole heap's high (an "h" record) to `lines` where tracemalloc keeps a peak."""
        rises = {}
        previous = self._live_total
        high = None
        if self._source.has_peak:
            # The peak counts what the totals leave out (the recorder's own memory, from the same
            # copy of the traces as the total); that is taken to hold steady through the interval.
            high = peak - left_out
            if high > max(previous, total):
                lines.append("h %d\n" % high)
        if self._light is None:
            return rises
        light_total, light_live = self._light
        # What each node held above its floor (the lower of its two snapshots) at the light
        # snapshot, scaled by the whole heap's rise above its floor at the peak over the same.
        floor = min(previous, total)
        scale = 1.0
        if high is not None and light_total > floor:
            scale = min(max((high - floor) / float(light_total - floor), 1.0), 8.0)
        for node, (size, _) in light_live.items():
            before = self._live.get(node, (0, 0))[0]
            base = min(before, live.get(node, (0, 0))[0])
            node_high = base + (size - base) * scale if size > base else size
            if node_high > before:
                rises[node] = int(node_high - before)
        return rises

    def _take_census(self, budget=None):
        """objgraph-style counts per type, with sys.getsizeof bytes: the objects the collector
        tracks, and the untracked ones they hold (str, bytes, int … are never tracked).

        With a budget in seconds (a periodic snapshot's: its interval), None instead when the
        census would take longer at the last one's rate per object. On a heap of millions of
        objects it takes seconds on the recorder's thread, with no snapshot meanwhile while the
        program runs on: a climb then showed as a gap and two snapshots together at its end, a
        plateau. The types keep their last figures until a census fits (a mark's always runs)."""
        started = _cost()
        self._held_rows = None
        tracked = gc.get_objects()
        # Objects frozen by gc.freeze() (a service's state, before it forks workers) are alive, and
        # not in that list: counted apart, they read as gone at the freeze.
        if _HAS_FREEZE_COUNT and gc.get_freeze_count():
            if _native_frozen is not None:
                tracked += _native_frozen()
            elif not self._frozen_unseen:
                self._frozen_unseen = True
                sys.stderr.write("heapline-recorder: the program froze objects (gc.freeze); without the native "
                                 "module the census cannot see them, and counts them as gone from then on\n")
        count = len(tracked)
        if budget is not None and self._census_seconds_per_object * count > budget:
            return None
        wrappers = []  # functools.lru_cache's, found in the same pass
        large = []  # the largest containers, found in the same pass where the native census runs
        if _native_census is not None:
            try:
                by_type = _native_census(tracked, sys.getsizeof, _LRU_WRAPPER, wrappers, tuple(_HOLDER_KINDS), large,
                                         MIN_HELD_ITEMS, _MIN_DICT_KEYS)
            except TypeError:  # the module of an older build
                large = None
                by_type = _native_census(tracked, sys.getsizeof, _LRU_WRAPPER, wrappers)
        else:
            large = []  # the untracked dicts among them; the tracked ones are found by _containers_held
            by_type = self._census_in_python(tracked, wrappers, large)
            large += self._large_tracked(tracked)
        self._held_rows = self._containers_held(tracked, large)
        del tracked
        self._cache_rows = self._memo_caches(wrappers)
        rows = {}
        for kind, (objects, size) in by_type.items():
            name = _type_name(kind)
            old = rows.get(name, (0, 0))
            rows[name] = (old[0] + objects, old[1] + size)
        self._census_seconds_per_object = (_cost() - started) / max(count, 1)
        return rows

    def _program_cpu_ms(self):
        """The process's CPU time less the recorder's thread's, in milliseconds; None where the
        platform cannot tell a thread's (the recorder's own work would read as the program's)."""
        try:
            own = self._own_cpu_elsewhere
            if self._take_started is not None:
                own += _cost() - self._take_started
            thread = getattr(self, "_thread", None)
            if thread is not None and thread.ident is not None and thread.is_alive():
                own += time.clock_gettime(time.pthread_getcpuclockid(thread.ident))
            return max(int((time.process_time() - own) * 1000), 0)
        except (AttributeError, OSError, ValueError):
            return None

    @staticmethod
    def _large_tracked(tracked):
        """The containers the native census finds for _containers_held, where it did not."""
        return [obj for obj in tracked if isinstance(obj, _HOLDER_BASES) and (
            len(obj) >= MIN_HELD_ITEMS or len(obj) >= _MIN_DICT_KEYS and isinstance(obj, dict))]

    def _containers_held(self, tracked, candidates=None):
        """{name: (kind, containers, entries, items)}: the largest lists, dicts, sets and deques of
        MIN_HELD_ITEMS items or more, by the name the program reaches each through (_HolderNamer),
        those of one name added up. `candidates`: the large containers, where the native census
        found them. None where naming failed: the last figures stand."""
        try:
            if candidates is None:
                candidates = self._large_tracked(tracked)
            namer = _HolderNamer({id(value) for holder in (self, self._functions, self._source, self._out)
                                  for value in (_dict_of(holder) or {}).values()})
            own = namer.own
            own.update(id(value) for value in globals().values() if value is not _script_globals)
            # A dict of 100 keys or more counts what its lists, sets and dicts hold too (a dict of
            # lists by user, each list short).
            # Ranked by their own items; a dict too small for that by what its values hold too,
            # walked up to _HELD_WALK_BUDGET items in all (a heap of rows as dicts of 100 columns).
            budget = _HELD_WALK_BUDGET
            sized = []
            for obj in candidates:
                if id(obj) not in own and id(obj) not in namer.modules:
                    items = len(obj)
                    if items < MIN_HELD_ITEMS and budget > 0:
                        budget -= items
                        items = _held(obj)[1]
                    if items >= MIN_HELD_ITEMS:
                        sized.append((items, id(obj), obj))
            sized.sort(key=lambda entry: entry[0], reverse=True)
            large = [obj for _, _, obj in sized[:_MAX_HOLDERS]]
            del sized
            if not large:
                return {}
            # Lists of the recorder's that hold them: no referrers of the program's.
            own.update((id(tracked), id(candidates), id(large)))
            names, parent_of = namer.name_all(large)
            # A container named as an item of another is counted in it: the other is the holder.
            holders = {}
            for obj in large:
                for _ in range(3):  # at most as many steps as were taken up (a cycle goes no further)
                    obj = parent_of.get(id(obj), obj)
                if id(obj) in names:
                    holders[id(obj)] = obj
            rows = {}
            for key, obj in holders.items():
                # Its entries as they were counted: the program adds to it meanwhile, on its own
                # thread (a list read longer than its items had been, a record no reader took).
                entries, items, inner = _held(obj)
                kind = _holder_kind(obj) + (" of %ss" % inner if inner else "")
                name = names[key]
                _, containers, entries_before, total = rows.get(name, (kind, 0, 0, 0))
                rows[name] = (kind, containers + 1, entries_before + entries, total + items)
            return rows
        except Exception:
            return None

    def _memo_caches(self, wrappers):
        """{name: (caches, entries, maxsize, hits, misses)} of functools.lru_cache's and cache's
        wrappers, by the function they wrap; maxsize -1 where one of them is unbounded. A cache
        appears from MIN_CACHE_ENTRIES entries and is written from then on (0 0 0 0 0 once gone).
        A memoised function keyed by something new at every call never hits and keeps every
        result: the census sees one dict, and the heap the results at the function's lines."""
        rows = {}
        for obj in wrappers:
            try:
                hits, misses, maxsize, entries = obj.cache_info()
            except Exception:
                continue
            name = "%s.%s" % (getattr(obj, "__module__", None) or "?", getattr(obj, "__qualname__", None) or "?")
            old = rows.get(name, (0, 0, 0, 0, 0))
            unbounded = maxsize is None or old[2] < 0
            rows[name] = (old[0] + 1, old[1] + entries, -1 if unbounded else max(old[2], maxsize),
                          old[3] + hits, old[4] + misses)
        return {name: figures for name, figures in rows.items()
                if figures[1] >= MIN_CACHE_ENTRIES or name in self._caches}

    @staticmethod
    def _census_in_python(tracked, wrappers=None, large=None):
        """{type: [objects, bytes]}: what the native module's census() counts, where it did not load
        (and functools.lru_cache's wrappers appended to `wrappers`)."""
        count = len(tracked)
        by_type = {}
        getsizeof = sys.getsizeof
        for obj in tracked:
            entry = by_type.get(type(obj))
            if entry is None:
                entry = by_type[type(obj)] = [0, 0]
            entry[0] += 1
            entry[1] += getsizeof(obj)
        if wrappers is not None and _LRU_WRAPPER in by_type:
            wrappers.extend(obj for obj in tracked if type(obj) is _LRU_WRAPPER)
        # Untracked objects (str, bytes, int …) are reached through the containers that hold them,
        # once per holder: those with more than one reference are remembered so as to count them
        # once. Most have one (the strings a leaking list keeps), and neither a list of every
        # referent nor a set of every id is made: the census at a MemoryError must fit in the
        # reserve (a heap of 65 000 strings took 10 MB, 1 MB now). A probe held once tells how
        # many references the loop itself adds (the interpreter's version may change that).
        seen = set()
        is_tracked = gc.is_tracked
        get_referents = gc.get_referents
        getrefcount = sys.getrefcount
        single = 0
        for obj in ([float(count) + 0.5],):
            for ref in get_referents(obj):
                single = getrefcount(ref)
        # The collector untracks a dict or a tuple that holds only untracked objects (a cache of
        # strings by key): it is counted, and what it holds is reached through it.
        containers = []
        for obj in tracked:
            holder = obj
            while holder is not None:
                for ref in get_referents(holder):
                    if is_tracked(ref):
                        continue
                    if getrefcount(ref) > single:
                        if id(ref) in seen:
                            continue
                        seen.add(id(ref))
                    entry = by_type.get(type(ref))
                    if entry is None:
                        entry = by_type[type(ref)] = [0, 0]
                    entry[0] += 1
                    entry[1] += getsizeof(ref)
                    if isinstance(ref, (dict, tuple)):
                        containers.append(ref)
                        if large is not None and isinstance(ref, dict) and len(ref) >= _MIN_DICT_KEYS:
                            large.append(ref)  # an untracked dict of strings or numbers
                holder = containers.pop() if containers else None
        return by_type


# -- where the program keeps what grew ---------------------------------------------------------
# A census names the containers that hold the most (a list, dict, set or deque of at least
# MIN_HELD_ITEMS items), by the name the program reaches each through: a module's global, an
# attribute of its objects or classes, a function's default argument or closure variable, or an
# item of one of those. The heap tells the line that made what grew, the type census what it is;
# neither tells what keeps it ("look for what keeps them"), and a leak is a name that keeps it.
MIN_HELD_ITEMS = 1000
_MAX_HOLDERS = 16  # the largest containers named at a census (each step up costs a pass over the heap)
_MIN_DICT_KEYS = 100
_HELD_WALKED = 10000
_HELD_WALK_BUDGET = 1000000
try:
    import _collections
    _HOLDER_KINDS = {list: "list", dict: "dict", set: "set", _collections.deque: "collections.deque",
                     _collections.OrderedDict: "collections.OrderedDict",
                     _collections.defaultdict: "collections.defaultdict"}
except Exception:  # an interpreter without the C module
    _HOLDER_KINDS = {list: "list", dict: "dict", set: "set"}
_HOLDER_BASES = tuple(_HOLDER_KINDS)


def _holder_kind(obj):
    """What container `obj` is, as a holder's kind ("list", "collections.Counter"), or None: one of
    _HOLDER_KINDS or a subclass of one (a Counter of request paths, a program's dict subclass)."""
    kind = _HOLDER_KINDS.get(type(obj))
    if kind is None and isinstance(obj, _HOLDER_BASES):
        kind = _type_name(type(obj))
    return kind


def _type_name(kind):
    """A type's name as the census writes it: module.qualname, a builtin's bare."""
    name = kind.__qualname__
    if kind.__module__ not in ("builtins", None):
        name = kind.__module__ + "." + name
    return name


_NAMED_FROM = (dict, tuple, list, set, types.CellType) if hasattr(types, "CellType") else (dict, tuple, list, set)


def _held(container):
    """(entries, items, kind of the containers among its values or None): its length, and with it
    the items of the lists, sets, dicts and deques among its values one level down (a dict of lists
    by user grows in its lists, not in its keys). Past _HELD_WALKED entries, those down are told
    from the first _HELD_WALKED: a census stays short on a large container, and the figure does not
    jump there."""
    items = len(container)
    inner = None
    nested = walked = 0
    try:
        values = container.values() if isinstance(container, dict) else container
        for value in values:
            # _holder_kind inlined: up to _HELD_WALK_BUDGET values a census, mostly not containers.
            kind = _HOLDER_KINDS.get(type(value))
            if kind is None and isinstance(value, _HOLDER_BASES):
                kind = _type_name(type(value))
            if kind is not None:
                inner = inner or kind
                nested += len(value)
            walked += 1
            if walked == _HELD_WALKED:
                break
    except RuntimeError:  # changed size meanwhile, on another thread: what was walked
        pass
    if walked and walked < items:
        nested = nested * items // walked
    return items, items + nested, inner


def _key_of(mapping, target):
    """The string key under which `mapping` holds `target`, or None."""
    for key, value in list(mapping.items()):
        if value is target and isinstance(key, str):
            return key
    return None


class _HolderNamer:
    """Names containers by what refers to them: gc.get_referrers, one pass over the heap per step
    up (at most three), for all of them at once."""

    def __init__(self, own):
        self.own = own  # ids of the recorder's own objects: what refers from them is not the program
        self.modules = {}
        for name, module in list(sys.modules.items()):
            try:
                self.modules[id(vars(module))] = name
            except TypeError:
                continue
        if _script_globals is not None:
            self.modules.setdefault(id(_script_globals), "__main__")

    def name_all(self, targets):
        """{id(target): name} of those it could name, and {id(target): parent}: the container a
        target is an item of, where that was named (a dict of lists by user is the holder of
        what its lists hold)."""
        names = {}
        self.parent_of = {}
        # parent id -> [(child id, child)]: a container reached from a container not yet named (a
        # dict on an object, a tuple of defaults, a closure cell, a dict of lists) is named once
        # its parent is, or by the function or object that owns the parent.
        waiting = {}
        parents = {}  # id -> every object `waiting` is keyed by
        pending = {id(obj): obj for obj in targets}
        for _ in range(3):
            if not pending:
                break
            found = {}
            self.own.update((id(pending), id(found), id(waiting), id(parents), id(self.parent_of)))
            referrers = gc.get_referrers(*pending.values())
            self.own.add(id(referrers))
            for referrer in referrers:
                if (id(referrer) in self.own or type(referrer).__module__ == __name__
                        or type(referrer) is types.FrameType and referrer.f_code.co_filename == _OWN_FILE):
                    continue
                for child_id in self._children_of(referrer, pending):
                    child = pending[child_id]
                    owned = False
                    for grandchild_id, grandchild in waiting.get(child_id, ()):
                        name = _owned_name(referrer, child, grandchild)
                        if name is not None:
                            owned = True
                            names.setdefault(grandchild_id, name)
                    if owned:
                        continue
                    name = self._direct_name(referrer, child)
                    if name is not None:
                        names.setdefault(child_id, name)
                    elif isinstance(referrer, _NAMED_FROM):
                        waiting.setdefault(id(referrer), []).append((child_id, child))
                        found[id(referrer)] = parents[id(referrer)] = referrer
            del referrers
            self._resolve(names, waiting, parents)
            self.own.update(pending)  # a parent's referrers are looked up next, not the child's again
            pending = {key: obj for key, obj in found.items() if key not in names and key not in self.modules}
        return names, self.parent_of

    @staticmethod
    def _children_of(referrer, pending):
        try:
            return {id(ref) for ref in gc.get_referents(referrer) if id(ref) in pending}
        except Exception:
            return ()

    def _resolve(self, names, waiting, parents):
        """A parent named meanwhile names the children waiting on it: NAME[…] (a closure's cell,
        its own name)."""
        changed = True
        while changed:
            changed = False
            for parent_id in [key for key in waiting if key in names]:
                cell = type(parents[parent_id]) is types.CellType
                for child_id, _ in waiting.pop(parent_id):
                    if child_id not in names:
                        names[child_id] = names[parent_id] if cell else names[parent_id] + "[…]"
                        if not cell and _holder_kind(parents[parent_id]) is not None:
                            self.parent_of[child_id] = parents[parent_id]
                        changed = True

    def _direct_name(self, referrer, target):
        """The name `target` has in `referrer` where that alone tells it, else None."""
        module = self.modules.get(id(referrer))
        if module is not None:
            key = _key_of(referrer, target)
            return None if key is None else key if module == "__main__" else module + "." + key
        kind = type(referrer)
        if kind is types.FrameType:
            # The collector sees the locals only of a frame whose call has returned (one a traceback
            # keeps): a running call's are its thread's.
            key = _key_of(referrer.f_locals, target)
            return None if key is None else "%s() local %s" % (referrer.f_code.co_name, key)
        if isinstance(referrer, type):
            return _owned_name(referrer, None, target)
        if isinstance(referrer, _NAMED_FROM) or kind in (types.FunctionType, types.ModuleType):
            return None
        if kind.__module__ in ("weakref", "_weakrefset"):
            return None  # a WeakSet's or a WeakValueDictionary's data: weak references keep nothing
        # An object with the container as an attribute: in its slots, or in its dict's values kept
        # inline in the object (CPython 3.11 and later).
        for key, value in _attributes(referrer):
            if value is target:
                return _qualified(kind) + "." + key
        return None


def _owned_name(owner, container, target):
    """The name of `target`, held in `container` (a function's defaults, keyword defaults or
    closure cell, an object's __dict__; None: in a class's own dict), where `owner` owns it."""
    if type(owner) is types.FunctionType:
        code = owner.__code__
        if owner.__defaults__ is container:
            names = code.co_varnames[code.co_argcount - len(container):code.co_argcount]
            for key, value in zip(names, container):
                if value is target:
                    return "%s() default argument %s" % (_qualified(owner), key)
        elif owner.__kwdefaults__ is container:
            key = _key_of(container, target)
            if key is not None:
                return "%s() default argument %s" % (_qualified(owner), key)
        elif owner.__closure__ is container:
            for key, cell in zip(code.co_freevars, container):
                if cell is target:
                    return "%s() closure variable %s" % (_qualified(owner), key)
        return None
    if isinstance(owner, type):
        key = _key_of(vars(owner), target)
        return None if key is None else _qualified(owner) + "." + key
    if container is None or type(container) is not dict or isinstance(owner, _NAMED_FROM) or _dict_of(owner) is not container:
        return None
    key = _key_of(container, target)
    if key is None:
        return None
    if isinstance(owner, types.ModuleType):
        # A module no longer in sys.modules (the script's, as runpy ends it on an exception).
        name = getattr(owner, "__name__", None)
        return key if name in (None, "__main__") else name + "." + key
    return _qualified(type(owner)) + "." + key


def _attributes(obj):
    """(name, value) of an object's attributes in its slots and its __dict__, read without running
    any of its code (a property, __getattr__)."""
    pairs = []
    for klass in type(obj).__mro__:
        slots = klass.__dict__.get("__slots__", ())
        for key in [slots] if isinstance(slots, str) else slots:
            descriptor = klass.__dict__.get(key)
            if type(descriptor) is types.MemberDescriptorType:
                try:
                    pairs.append((key, descriptor.__get__(obj, type(obj))))
                except AttributeError:  # not set
                    continue
    try:
        pairs.extend(vars(obj).items())
    except TypeError:  # no __dict__
        pass
    return pairs


def _dict_of(obj):
    try:
        return vars(obj)
    except TypeError:
        return None


def _qualified(obj):
    """module.qualname, without the script's "__main__."."""
    name = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", "?")
    module = getattr(obj, "__module__", None)
    return name if module in (None, "__main__", "builtins") else module + "." + name


_recorder = None
_terminating = False  # _on_sigterm is at work


def start(path, interval=0.5, frames=None, census_every=5, command=None, exact=False, sample_interval=DEFAULT_SAMPLE_INTERVAL):
    """Starts recording into `path`; stops by itself when the program exits or gets SIGTERM.
    Sampled where the native module imports, unless `exact`."""
    global _recorder
    if _recorder is not None:
        raise RuntimeError("heapline_recorder is already recording into " + _recorder.path)
    _recorder = Recorder(path, interval, frames, census_every, command, exact, sample_interval)
    _recorder.snapshot()
    atexit.register(stop)
    os._exit = _os_exit
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=_after_fork_in_child)
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):
        signal.signal(signal.SIGTERM, _on_sigterm)
    return _recorder


def _on_sigterm(signum, frame):
    global _terminating
    # A SIGTERM sent to the process group reaches the program twice: from the sender, and from
    # heapline-cli record, which passes on what it gets. The second, handled inside the first's
    # stop(), killed the program before its last snapshot was written.
    if _terminating:
        return
    _terminating = True
    stop()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGTERM)


_real_os_exit = os._exit  # as the module found it


def _os_exit(status):
    # A program that ends with os._exit (a server's worker, one that skips its cleanup) runs no
    # atexit handler: its recording had no last snapshot nor end record, and opened as if the
    # recorder had been killed. A forked child's exit records nothing (the recording is the
    # parent's, and the child's recorder is gone).
    try:
        stop()
    except BaseException as error:  # the program's exit comes first
        sys.stderr.write("heapline-recorder: the last snapshot failed: %r\n" % (error,))
    _real_os_exit(status)


def _after_fork_in_child():
    # The recording is the parent's: a child that exits normally (os.fork, then sys.exit) wrote its
    # own last snapshot and end record into the parent's file, then the parent went on writing.
    global _recorder
    recorder, _recorder = _recorder, None
    if recorder is not None:
        recorder.forget()


def stop(died_of=None):
    global _recorder
    if _recorder is not None:
        recorder, _recorder = _recorder, None
        recorder.stop(died_of)


def mark(name):
    if _recorder is not None:
        _recorder.mark(name)


def counter(name, value):
    if _recorder is not None:
        _recorder.counter(name, value)


def snapshot():
    if _recorder is not None:
        _recorder.snapshot()


def main(argv=None):
    _run_script(_start_from_arguments(argv))


# The recorder's options that take a value, to find where its own arguments end.
_VALUE_OPTIONS = {"-o", "--output", "--interval", "--frames", "--census-every", "--sample-interval"}


def _split_module(argv):
    """The recorder's own arguments, and the module given with -m and its arguments (None, [] for a
    script): what follows "-m MODULE" is the module's, as with python3 -m, options included
    (json.tool --indent 2 …), which argparse would otherwise take for the recorder's."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "-m":
            if i + 1 >= len(argv):
                return argv[:i] + ["-m"], None, []
            return argv[:i], argv[i + 1], argv[i + 2:]
        if arg.startswith("-m") and len(arg) > 2:  # -mjson.tool, as python3 takes it
            return argv[:i], arg[2:], argv[i + 1:]
        if arg in _VALUE_OPTIONS:
            i += 2
        elif arg.startswith("-"):
            i += 1
        else:
            break  # the script: the rest is its
    return argv, None, []


def _module_file(module):
    """The file python3 -m MODULE runs (a package's __main__), or None where there is none."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(module)
        if spec is not None and spec.submodule_search_locations is not None:
            spec = importlib.util.find_spec(module + ".__main__")
    except (ImportError, ValueError):
        return None
    return spec.origin if spec is not None and spec.origin and spec.has_location else None


# The command its errors name: heapline-cli record runs it as a module of its own and says so.
_PROG = "python3 -m heapline_recorder"
_USAGE = None  # argparse's own, from the options


def _script_file(parser, script):
    """The script's path: as given where it is there, else a command on PATH that is a Python
    script (heapline-cli record -- pytest -x: python3 runs pytest's script). A clear error
    otherwise, before anything is recorded: it was runpy's traceback, and an empty recording."""
    if os.path.exists(script):
        return script
    import shutil

    found = shutil.which(script) if os.sep not in script else None
    if found is None:
        parser.error("can't open file %r: no such file (the script to run, or a command on PATH)" % script)
    try:
        with open(found, "rb") as f:
            first = f.readline(200)
    except OSError as error:
        parser.error("can't open %s: %s" % (found, error.strerror))
    if not (first.startswith(b"#!") and b"python" in first):
        parser.error("%s (%s) is not a Python script: this records Python programs; record a native program "
                     "with heaptrack (heaptrack %s ...)" % (script, found, script))
    return found


def _start_from_arguments(argv):
    """Starts the recorder as the command line says; the script to run."""
    parser = argparse.ArgumentParser(
        prog=_PROG,
        usage=_USAGE,
        description="Run a Python script and record its memory as a Heapline profile.",
    )
    parser.add_argument("-o", "--output", required=True, help="the recording to write (.heapline)")
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between snapshots (default 0.5; sampled, the first come faster, every tenth of the run so far, from a tenth of this)")
    parser.add_argument(
        "--frames",
        type=int,
        default=None,
        help="traceback depth kept per allocation (default %d sampled, %d with --exact)" % (DEFAULT_FRAMES_SAMPLED, DEFAULT_FRAMES_EXACT),
    )
    parser.add_argument("--census-every", type=int, default=5, help="a gc type census every N snapshots (default 5; 0: none; skipped while it would take longer than --interval, "
        "as on a heap of millions of objects; marks and the end always have one)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--exact", action="store_true", help="trace every block with tracemalloc (exact, much slower)")
    mode.add_argument(
        "--sample-interval",
        type=int,
        default=DEFAULT_SAMPLE_INTERVAL,
        metavar="BYTES",
        help="sample one allocation per BYTES allocated on average (default %d)" % DEFAULT_SAMPLE_INTERVAL,
    )
    parser.add_argument("script", nargs="?", help="the Python script to run (or -m MODULE ARGS, last)")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="its arguments")
    own, module, module_args = _split_module(list(sys.argv[1:] if argv is None else argv))
    options = parser.parse_args(own)
    if module is None and options.script is None:
        parser.error("give the script to run, or -m MODULE")
    if module is not None and options.script is not None:
        parser.error("give a script or -m MODULE, not both")
    if options.interval <= 0:
        parser.error("--interval must be positive")
    if options.sample_interval < 1:
        parser.error("--sample-interval must be at least 1 byte")
    if module is not None:
        # As python3 -m: the current folder first on the path, the module found before it runs.
        sys.path.insert(0, os.getcwd())
        path = _module_file(module)
        if path is None:
            parser.error("no module named %s (or it has no file to run)" % module)
        _SCRIPT_FILES.update({os.path.normpath(path)})
        sys.argv = [path] + module_args
        command = " ".join(["python3", "-m", module] + module_args)
        target = ("module", module)
    else:
        script = _script_file(parser, options.script)
        files = {script, os.path.abspath(script)}
        # A directory or a zip archive (python3 app.pyz) runs the __main__.py in it: its frames
        # name that file ("/srv/app.pyz/__main__.py"), and every block was left out as runpy's
        # work before the script ran (a heap of 0 B).
        if not script.endswith(".py"):
            files |= {os.path.join(f, "__main__.py") for f in files}
        _SCRIPT_FILES.update(os.path.normpath(f) for f in files)
        sys.argv = [script] + options.args
        sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
        command = " ".join(["python3", script] + options.args)
        target = ("script", script)
    if options.exact and tracemalloc.is_tracing():
        # Started with the interpreter (-X tracemalloc=N, PYTHONTRACEMALLOC): its traces of the
        # interpreter's start and of the recorder's own imports stood as the program's rows
        # (stdlib <module> +4.45 MB), whatever the depth. The recording traces from here, as
        # without the option.
        sys.stderr.write("heapline-recorder: tracemalloc was started with the interpreter; restarted for the recording\n")
        _TRACEMALLOC_STOP()
    try:
        start(options.output, options.interval, options.frames, options.census_every, command, options.exact,
              options.sample_interval)
    except OSError as error:
        parser.error("cannot write the recording %s: %s" % (options.output, error.strerror or error))
    return target


def _run_script(target):
    """Runs the script under the recorder started.

    A function of its own, called first thing: tracemalloc reads the line of every frame of every
    allocation's stack, and CPython 3.11 finds a frame's line by reading its code's line table
    from the start up to the frame's instruction. The frames below the script's are on every
    stack; called from the end of a long function or module (main(), the 1 000-line module
    under "python3 -c"), they made a shallow script's recording take 22.6 s where tracemalloc
    alone took 5.8 (bench_recorder.py's heavy workload; 9.5 s so)."""
    # What the script holds when it ends is in its globals, which run_path hands back: kept until
    # the last snapshot, it is the heap as the script ended. Dropped at once, it was freed before
    # the last snapshot, and a program that kept everything to the end read as one that gave it
    # all back ("spiky"), unless a periodic snapshot happened to come just before.
    script_globals = None
    try:
        kind, name = target
        if kind == "module":
            script_globals = runpy.run_module(name, run_name="__main__", alter_sys=True)
        else:
            script_globals = runpy.run_path(name, run_name="__main__")
    except MemoryError as error:
        # The program's own traceback follows, and its exit status; the recording ends with a
        # snapshot of the heap as it died, marked "MemoryError".
        stop(error)
        raise
    finally:
        # Its warnings registry is in them, and counted at the last snapshot.
        global _script_globals
        _script_globals = script_globals
        stop()
        _script_globals = None
        del script_globals


if __name__ == "__main__":
    # Given as "python3 -c SOURCE" (heapline-cli record runs it as heapline_recorder instead):
    # make "import heapline_recorder" inside the script reach this module.
    sys.modules.setdefault("heapline_recorder", sys.modules[__name__])
    main()
