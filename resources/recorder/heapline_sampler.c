/* _heapline_sampler: the Heapline recorder's sampling allocator hook for CPython.
 *
 * Installed with PyMem_SetAllocator over the raw, mem and object domains, it wraps the allocators
 * already there. Every byte allocated has the same chance to be sampled (a Poisson process with a
 * mean interval, as tcmalloc samples): each thread counts down the bytes until its next sample, so
 * an allocation that is not sampled costs one subtraction and a free one table lookup that is
 * almost always a miss. A sampled block keeps its Python stack (read from the interpreter's frames,
 * as tracemalloc does, without making frame objects) until it is freed. snapshot() scales the
 * sampled blocks back to estimated bytes and blocks per stack.
 *
 * The raw domain may be called without the GIL (zlib and friends release it around their work):
 * such a block is sampled with no Python stack, and nothing Python-side is touched.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#if PY_VERSION_HEX >= 0x030B0000 && PY_VERSION_HEX < 0x030E0000
#define HEAPLINE_SAMPLER_SUPPORTED 1
/* The interpreter's own frames: what tracemalloc reads. Frame objects would have to be made
 * (allocations, and a possible garbage collection) inside the allocator. Their layout is each
 * minor version's own: 3.11 to 3.13 here (tst_recorder runs on 3.11; 3.12 and 3.13 were tried by hand). */
#define Py_BUILD_CORE 1
#include <internal/pycore_frame.h>
#undef Py_BUILD_CORE
#else
#define HEAPLINE_SAMPLER_SUPPORTED 0
#endif

#include "heapline_census.h"
#include "heapline_frozen.h"
#include "heapline_freelists.h"
#include "heapline_numpy.h"
#include "heapline_sampled.h"
#include "heapline_watchdog.h"

#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define FILTER_BITS 16

typedef struct {
    PyMemAllocatorDomain domain;
    PyMemAllocatorEx original;
} Domain;

static Domain domains[3] = { { PYMEM_DOMAIN_RAW, { 0 } }, { PYMEM_DOMAIN_MEM, { 0 } }, { PYMEM_DOMAIN_OBJ, { 0 } } };

/* Settings, fixed while sampling. */
static atomic_int active;
static int installed;
static double mean_interval = 512.0 * 1024.0;
static int max_frames = 16;

/* Per thread, in one block of initial-exec TLS: every allocation reads it, and the general model
 * would cost a __tls_get_addr call each time (a module is dlopen'd). */
typedef struct {
    int64_t until_sample; /* bytes still to allocate before the next sample */
    uint64_t random_state;
    int counting; /* the countdown has started in this thread */
    int inside; /* in the sampler: its own allocations are never sampled */
    /* How many hooks the thread is in: pymalloc hands large blocks to PyMem_RawMalloc, and that
     * nested call is the same block, counted once by the outermost hook. */
    int depth_of_hooks;
} ThreadState;
static __thread ThreadState thread_state __attribute__((tls_model("initial-exec")));
#define until_sample (thread_state.until_sample)
#define random_state (thread_state.random_state)
#define counting (thread_state.counting)
#define inside (thread_state.inside)
#define depth_of_hooks (thread_state.depth_of_hooks)

/* Everything below is guarded by `lock`; nothing under it allocates through Python. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

typedef struct {
    uint64_t hash;
    uint32_t first; /* index in frames */
    uint32_t depth;
} Stack;

static Frame* frames;
static size_t frame_count, frame_capacity;
static Stack* stacks; /* STACK_NONE first (heapline_sampled.h) */
static size_t stack_count, stack_capacity;
static uint32_t* stack_index; /* open addressing: stack id + 1, 0 empty */
static size_t stack_index_capacity;

typedef struct {
    uintptr_t address; /* 0: empty */
    size_t size;
    uint32_t stack;
    uint32_t reused; /* went into a free list of CPython's (heapline_freelists.c) */
} Sampled;

static Sampled* live;
static size_t live_count, live_capacity;
static double live_estimate, peak_estimate; /* bytes, scaled back */
static uint64_t samples_taken;

/* How many live samples hash to each slot: a free looks here first, without the lock. */
static _Atomic uint16_t filter[1u << FILTER_BITS];

static inline uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

static inline size_t filter_slot(uintptr_t address)
{
    return (size_t)(mix(address) >> (64 - FILTER_BITS));
}

static double scale_of(size_t size)
{
    /* A block of `size` bytes is sampled with probability 1 - exp(-size / interval). */
    const double p = -expm1(-(double)size / mean_interval);
    return p > 0 ? 1.0 / p : 1.0;
}

/* -- the live table: linear probing, deletion by backward shift ----------------------------- */

static int live_grow(void)
{
    const size_t capacity = live_capacity ? live_capacity * 2 : 1024;
    Sampled* table = calloc(capacity, sizeof(Sampled));
    if (!table)
        return 0;
    for (size_t i = 0; i < live_capacity; ++i) {
        if (!live[i].address)
            continue;
        size_t j = mix(live[i].address) & (capacity - 1);
        while (table[j].address)
            j = (j + 1) & (capacity - 1);
        table[j] = live[i];
    }
    free(live);
    live = table;
    live_capacity = capacity;
    return 1;
}

static void live_insert(uintptr_t address, size_t size, uint32_t stack)
{
    if ((live_count + 1) * 2 > live_capacity && !live_grow())
        return; /* out of memory: this sample is dropped */
    size_t j = mix(address) & (live_capacity - 1);
    while (live[j].address && live[j].address != address)
        j = (j + 1) & (live_capacity - 1);
    if (live[j].address == address) {
        live_estimate -= (double)live[j].size * scale_of(live[j].size);
    } else {
        ++live_count;
        atomic_fetch_add_explicit(&filter[filter_slot(address)], 1, memory_order_relaxed);
    }
    live[j].address = address;
    live[j].size = size;
    live[j].stack = stack;
    live[j].reused = 0;
    live_estimate += (double)size * scale_of(size);
    if (live_estimate > peak_estimate)
        peak_estimate = live_estimate;
    ++samples_taken;
}

static Sampled* live_find(uintptr_t address)
{
    if (!live_capacity)
        return NULL;
    const size_t mask = live_capacity - 1;
    size_t j = mix(address) & mask;
    while (live[j].address && live[j].address != address)
        j = (j + 1) & mask;
    return live[j].address ? &live[j] : NULL;
}

static void live_remove(uintptr_t address)
{
    const Sampled* entry = live_find(address);
    if (!entry)
        return;
    const size_t mask = live_capacity - 1;
    const size_t j = (size_t)(entry - live);
    live_estimate -= (double)live[j].size * scale_of(live[j].size);
    if (live_estimate < 0)
        live_estimate = 0;
    atomic_fetch_sub_explicit(&filter[filter_slot(address)], 1, memory_order_relaxed);
    --live_count;
    /* Backward shift: move later entries of the run into the hole when their home allows it. */
    size_t hole = j;
    for (size_t k = (j + 1) & mask; live[k].address; k = (k + 1) & mask) {
        const size_t home = mix(live[k].address) & mask;
        const int between = hole <= k ? (hole < home && home <= k) : (hole < home || home <= k);
        if (between)
            continue;
        live[hole] = live[k];
        hole = k;
    }
    live[hole].address = 0;
}

static inline void forget(void* pointer)
{
    if (!pointer)
        return;
    const uintptr_t address = (uintptr_t)pointer;
    if (!atomic_load_explicit(&filter[filter_slot(address)], memory_order_relaxed))
        return;
    pthread_mutex_lock(&lock);
    live_remove(address);
    pthread_mutex_unlock(&lock);
}

/* -- stacks ------------------------------------------------------------------------------------ */

static uint32_t intern_stack(const Frame* captured, uint32_t depth)
{
    uint64_t hash = 0x9e3779b97f4a7c15ULL ^ depth;
    for (uint32_t i = 0; i < depth; ++i)
        hash = mix(hash ^ (uintptr_t)captured[i].code ^ ((uint64_t)(uint32_t)captured[i].line << 40));
    if ((stack_count + 1) * 2 > stack_index_capacity) {
        const size_t capacity = stack_index_capacity ? stack_index_capacity * 2 : 1024;
        uint32_t* index = calloc(capacity, sizeof(uint32_t));
        if (!index)
            return 0;
        for (size_t s = 1; s < stack_count; ++s) {
            size_t j = stacks[s].hash & (capacity - 1);
            while (index[j])
                j = (j + 1) & (capacity - 1);
            index[j] = (uint32_t)s + 1;
        }
        free(stack_index);
        stack_index = index;
        stack_index_capacity = capacity;
    }
    const size_t mask = stack_index_capacity - 1;
    size_t j = hash & mask;
    for (; stack_index[j]; j = (j + 1) & mask) {
        const Stack* s = &stacks[stack_index[j] - 1];
        if (s->hash != hash || s->depth != depth)
            continue;
        uint32_t same = 0;
        while (same < depth && frames[s->first + same].code == captured[same].code && frames[s->first + same].line == captured[same].line)
            ++same;
        if (same == depth)
            return stack_index[j] - 1;
    }
    if (stack_count == stack_capacity) {
        const size_t capacity = stack_capacity * 2;
        Stack* grown = realloc(stacks, capacity * sizeof(Stack));
        if (!grown)
            return 0;
        stacks = grown;
        stack_capacity = capacity;
    }
    if (frame_count + depth > frame_capacity) {
        size_t capacity = frame_capacity ? frame_capacity * 2 : 4096;
        while (capacity < frame_count + depth)
            capacity *= 2;
        Frame* grown = realloc(frames, capacity * sizeof(Frame));
        if (!grown)
            return 0;
        frames = grown;
        frame_capacity = capacity;
    }
    for (uint32_t i = 0; i < depth; ++i)
        Py_INCREF(captured[i].code); /* the GIL is held: the frames were read under it */
    memcpy(&frames[frame_count], captured, depth * sizeof(Frame));
    stacks[stack_count] = (Stack) { hash, (uint32_t)frame_count, depth };
    frame_count += depth;
    stack_index[j] = (uint32_t)stack_count + 1;
    return (uint32_t)stack_count++;
}

/* The Python stack of the calling thread, most recent call first; 0 frames without the GIL. */
static uint32_t capture(const Domain* domain, Frame* out)
{
#if HEAPLINE_SAMPLER_SUPPORTED
    if (domain->domain == PYMEM_DOMAIN_RAW && !PyGILState_Check())
        return 0;
    PyThreadState* thread = PyGILState_GetThisThreadState();
    if (!thread)
        return 0;
#if PY_VERSION_HEX >= 0x030D0000
    _PyInterpreterFrame* top = thread->current_frame;
#else
    _PyInterpreterFrame* top = thread->cframe ? thread->cframe->current_frame : NULL;
#endif
    uint32_t depth = 0;
    for (_PyInterpreterFrame* frame = top; frame && depth < (uint32_t)max_frames; frame = frame->previous) {
#if PY_VERSION_HEX >= 0x030C0000
        /* The entry frames of calls from C are the interpreter's, not code of the program. */
        if (frame->owner == FRAME_OWNED_BY_CSTACK)
            continue;
#endif
#if PY_VERSION_HEX >= 0x030D0000
        if (!PyCode_Check(frame->f_executable))
            continue;
#endif
        if (_PyFrame_IsIncomplete(frame))
            continue;
#if PY_VERSION_HEX >= 0x030D0000
        PyCodeObject* code = _PyFrame_GetCode(frame);
#else
        PyCodeObject* code = frame->f_code;
#endif
        int line = PyCode_Addr2Line(code, _PyInterpreterFrame_LASTI(frame) * (int)sizeof(_Py_CODEUNIT));
        out[depth].code = code;
        out[depth].line = line < 0 ? 0 : line;
        ++depth;
    }
    return depth;
#else
    (void)domain;
    (void)out;
    return 0;
#endif
}

/* -- for heapline_freelists.c (heapline_sampled.h) ------------------------------------------------ */

int sampling_active(void)
{
    return atomic_load_explicit(&active, memory_order_relaxed);
}

int sampler_inside(void)
{
    return inside;
}

void sampler_set_inside(int value)
{
    inside = value;
}

int sampled_maybe(uintptr_t address)
{
    return atomic_load_explicit(&filter[filter_slot(address)], memory_order_relaxed) != 0;
}

void sampled_lock(void)
{
    pthread_mutex_lock(&lock);
}

void sampled_unlock(void)
{
    pthread_mutex_unlock(&lock);
}

int sampled_is_live(uintptr_t address)
{
    return live_find(address) != NULL;
}

void sampled_set_stack(uintptr_t address, uint32_t stack)
{
    Sampled* entry = live_find(address);
    if (entry) {
        entry->stack = stack;
        entry->reused = 0;
    }
}

void sampled_mark_reused(uintptr_t address)
{
    Sampled* entry = live_find(address);
    if (entry)
        entry->reused = 1;
}

uint32_t sampled_intern(const Frame* captured, uint32_t depth)
{
    return depth ? intern_stack(captured, depth) : STACK_NONE;
}

uint32_t capture_python_stack(Frame* out)
{
    return capture(&domains[2], out);
}

/* -- the hooks --------------------------------------------------------------------------------- */

static inline uint64_t next_random(void)
{
    if (!random_state) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        random_state = mix((uint64_t)(uintptr_t)&random_state ^ (uint64_t)now.tv_nsec ^ ((uint64_t)now.tv_sec << 32)) | 1;
    }
    /* xorshift64* */
    random_state ^= random_state >> 12;
    random_state ^= random_state << 25;
    random_state ^= random_state >> 27;
    return random_state * 0x2545f4914f6cdd1dULL;
}

static inline int64_t next_interval(void)
{
    /* Exponentially distributed, of the mean interval: the gaps of a Poisson process. */
    const double uniform = ((double)(next_random() >> 11) + 0.5) / 9007199254740992.0;
    const double gap = -log(uniform) * mean_interval;
    return gap < 1.0 ? 1 : (int64_t)gap;
}

static void sample(const Domain* domain, void* pointer, size_t size)
{
    /* Passed the next sample point: this block is sampled, the countdown starts again. */
    int64_t remaining = until_sample;
    if (!counting) {
        /* A thread's first allocation: its countdown starts here, with a gap of its own. */
        counting = 1;
        remaining += next_interval();
        if (remaining >= 0) {
            until_sample = remaining;
            return;
        }
    }
    while (remaining < 0 && !(remaining += next_interval(), remaining >= 0))
        ; /* a block larger than several gaps is still one sample (its scale accounts for it) */
    until_sample = remaining;
    if (inside || !atomic_load_explicit(&active, memory_order_relaxed))
        return;
    inside = 1;
    Frame captured[MAX_FRAMES];
    const uint32_t depth = capture(domain, captured);
    pthread_mutex_lock(&lock);
    const uint32_t stack = depth ? intern_stack(captured, depth) : 0;
    live_insert((uintptr_t)pointer, size, stack);
    pthread_mutex_unlock(&lock);
    inside = 0;
}

static inline void count(const Domain* domain, void* pointer, size_t size)
{
    if (pointer && (until_sample -= (int64_t)size) < 0)
        sample(domain, pointer, size);
}

static void* hook_malloc(void* context, size_t size)
{
    const Domain* domain = context;
    ++depth_of_hooks;
    void* pointer = domain->original.malloc(domain->original.ctx, size);
    if (--depth_of_hooks == 0)
        count(domain, pointer, size);
    return pointer;
}

static void* hook_calloc(void* context, size_t elements, size_t element_size)
{
    const Domain* domain = context;
    ++depth_of_hooks;
    void* pointer = domain->original.calloc(domain->original.ctx, elements, element_size);
    if (--depth_of_hooks == 0)
        count(domain, pointer, elements * element_size);
    return pointer;
}

static void* hook_realloc(void* context, void* old, size_t size)
{
    const Domain* domain = context;
    /* Forgotten before the block is given back: another thread may get the address at once. A
     * failed realloc keeps the old block, unsampled from then on (rare, and it only lowers the
     * estimate). */
    const int outermost = depth_of_hooks == 0;
    if (outermost)
        forget(old);
    ++depth_of_hooks;
    void* pointer = domain->original.realloc(domain->original.ctx, old, size);
    --depth_of_hooks;
    if (outermost)
        count(domain, pointer, size);
    return pointer;
}

static void hook_free(void* context, void* pointer)
{
    const Domain* domain = context;
    if (depth_of_hooks == 0)
        forget(pointer);
    ++depth_of_hooks;
    domain->original.free(domain->original.ctx, pointer);
    --depth_of_hooks;
}

/* -- for heapline_numpy.c (heapline_sampled.h) ------------------------------------------------ */

/* numpy may allocate without the GIL: its blocks are taken as the raw domain's, whose stack is
 * read only with it. */
static Domain beside_python = { PYMEM_DOMAIN_RAW, { 0 } };

void sampler_hooks_enter(void)
{
    ++depth_of_hooks;
}

int sampler_hooks_leave(void)
{
    return --depth_of_hooks == 0;
}

int sampler_hooks_outermost(void)
{
    return depth_of_hooks == 0;
}

void sampler_count_block(void* pointer, size_t size)
{
    count(&beside_python, pointer, size);
}

void sampler_forget_block(void* pointer)
{
    forget(pointer);
}

/* -- fork: the child must not inherit the lock held by a thread that is not there ------------- */

static void before_fork(void)
{
    pthread_mutex_lock(&lock);
}

static void after_fork(void)
{
    pthread_mutex_unlock(&lock);
}

static void after_fork_in_child(void)
{
    pthread_mutex_unlock(&lock);
    watchdog_after_fork();
}

/* -- the module -------------------------------------------------------------------------------- */

static PyObject* sampler_start(PyObject* self, PyObject* args, PyObject* keywords)
{
    (void)self;
    static char* names[] = { "interval", "frames", NULL };
    double interval = 512.0 * 1024.0;
    int frames_wanted = 16;
    if (!PyArg_ParseTupleAndKeywords(args, keywords, "|di", names, &interval, &frames_wanted))
        return NULL;
    if (!(interval >= 1.0)) {
        PyErr_SetString(PyExc_ValueError, "the sample interval must be at least 1 byte");
        return NULL;
    }
    if (installed) {
        PyErr_SetString(PyExc_RuntimeError, "the sampler is already running");
        return NULL;
    }
    mean_interval = interval;
    max_frames = frames_wanted < 1 ? 1 : frames_wanted > MAX_FRAMES ? MAX_FRAMES : frames_wanted;
    pthread_mutex_lock(&lock);
    live_estimate = peak_estimate = 0;
    pthread_mutex_unlock(&lock);
    /* Each thread starts a fresh countdown from its first allocation on. */
    PyMemAllocatorEx hooks = { NULL, hook_malloc, hook_calloc, hook_realloc, hook_free };
    for (int i = 0; i < 3; ++i) {
        PyMem_GetAllocator(domains[i].domain, &domains[i].original);
        hooks.ctx = &domains[i];
        PyMem_SetAllocator(domains[i].domain, &hooks);
    }
    installed = 1;
    freelists_watch();
    atomic_store(&active, 1);
    Py_RETURN_NONE;
}

static PyObject* sampler_stop(PyObject* self, PyObject* unused)
{
    (void)self;
    (void)unused;
    if (!installed)
        Py_RETURN_NONE;
    atomic_store(&active, 0);
    freelists_unwatch();
    /* Taken off only where nobody hooked in above it since (tracemalloc started later, say);
     * otherwise the hooks stay, inactive: frees of sampled blocks still find the table. */
    int on_top = 1;
    for (int i = 0; i < 3; ++i) {
        PyMemAllocatorEx current;
        PyMem_GetAllocator(domains[i].domain, &current);
        on_top = on_top && current.malloc == hook_malloc && current.ctx == &domains[i];
    }
    if (on_top) {
        for (int i = 0; i < 3; ++i)
            PyMem_SetAllocator(domains[i].domain, &domains[i].original);
        installed = 0;
        pthread_mutex_lock(&lock);
        free(live);
        live = NULL;
        live_count = live_capacity = 0;
        memset((void*)filter, 0, sizeof filter);
        live_estimate = 0;
        pthread_mutex_unlock(&lock);
    }
    Py_RETURN_NONE;
}

typedef struct {
    double bytes;
    double blocks;
} Estimate;

static PyObject* sampler_snapshot(PyObject* self, PyObject* unused)
{
    (void)self;
    (void)unused;
    /* Added up under the lock into a plain array; Python objects are made after it. */
    pthread_mutex_lock(&lock);
    /* Two sums a stack: its blocks, and those of its blocks marked reused. */
    const size_t count_of_sums = 2 * stack_count;
    Estimate* sums = calloc(count_of_sums, sizeof(Estimate));
    double total = live_estimate;
    if (sums) {
        for (size_t i = 0; i < live_capacity; ++i) {
            if (!live[i].address)
                continue;
            const double scale = scale_of(live[i].size);
            Estimate* sum = &sums[2 * (size_t)live[i].stack + (live[i].reused ? 1 : 0)];
            sum->bytes += (double)live[i].size * scale;
            sum->blocks += scale;
        }
    }
    pthread_mutex_unlock(&lock);
    if (!sums)
        return PyErr_NoMemory();
    PyObject* rows = PyList_New(0);
    for (size_t s = 0; rows && s < count_of_sums; ++s) {
        if (sums[s].blocks <= 0)
            continue;
        const size_t id = (s / 2) | (s % 2 ? REUSED_BIT : 0);
        PyObject* row = Py_BuildValue(
            "(nLL)", (Py_ssize_t)id, (long long)llround(sums[s].bytes), (long long)llround(sums[s].blocks));
        if (!row || PyList_Append(rows, row) < 0) {
            Py_XDECREF(row);
            Py_CLEAR(rows);
            break;
        }
        Py_DECREF(row);
    }
    free(sums);
    if (!rows)
        return NULL;
    PyObject* result = Py_BuildValue("(LN)", (long long)llround(total), rows);
    return result;
}

static PyObject* sampler_traced(PyObject* self, PyObject* unused)
{
    (void)self;
    (void)unused;
    pthread_mutex_lock(&lock);
    const double current = live_estimate, peak = peak_estimate;
    pthread_mutex_unlock(&lock);
    return Py_BuildValue("(LL)", (long long)llround(current), (long long)llround(peak));
}

static PyObject* sampler_reset_peak(PyObject* self, PyObject* unused)
{
    (void)self;
    (void)unused;
    pthread_mutex_lock(&lock);
    peak_estimate = live_estimate;
    pthread_mutex_unlock(&lock);
    Py_RETURN_NONE;
}

static PyObject* sampler_stack(PyObject* self, PyObject* argument)
{
    (void)self;
    const Py_ssize_t id = PyLong_AsSsize_t(argument);
    if (id == -1 && PyErr_Occurred())
        return NULL;
    pthread_mutex_lock(&lock);
    if (id < 0 || (size_t)id >= stack_count) {
        pthread_mutex_unlock(&lock);
        PyErr_Format(PyExc_IndexError, "no stack %zd", id);
        return NULL;
    }
    const Stack stack = stacks[id];
    Frame copy[MAX_FRAMES];
    memcpy(copy, &frames[stack.first], stack.depth * sizeof(Frame));
    pthread_mutex_unlock(&lock);
    /* Oldest call first, as the recorder writes stack nodes from the root down. */
    PyObject* result = PyTuple_New(stack.depth);
    for (uint32_t i = 0; result && i < stack.depth; ++i) {
        const Frame* frame = &copy[stack.depth - 1 - i];
#if PY_VERSION_HEX >= 0x030B0000
        PyObject* name = frame->code->co_qualname;
#else
        PyObject* name = frame->code->co_name;
#endif
        PyObject* item = Py_BuildValue("(OiO)", frame->code->co_filename, frame->line, name);
        if (!item) {
            Py_CLEAR(result);
            break;
        }
        PyTuple_SET_ITEM(result, i, item);
    }
    return result;
}

static PyObject* sampler_memory(PyObject* self, PyObject* unused)
{
    (void)self;
    (void)unused;
    pthread_mutex_lock(&lock);
    const size_t bytes = live_capacity * sizeof(Sampled) + frame_capacity * sizeof(Frame) + stack_capacity * sizeof(Stack)
                         + stack_index_capacity * sizeof(uint32_t) + sizeof filter;
    pthread_mutex_unlock(&lock);
    return PyLong_FromSize_t(bytes);
}

static PyObject* sampler_samples(PyObject* self, PyObject* unused)
{
    (void)self;
    (void)unused;
    pthread_mutex_lock(&lock);
    const size_t now = live_count;
    const uint64_t taken = samples_taken;
    pthread_mutex_unlock(&lock);
    return Py_BuildValue("(nK)", (Py_ssize_t)now, (unsigned long long)taken);
}

/* The resident set size in bytes, read from /proc with the GIL held: the recorder reads it twice a
 * snapshot, and Python's open() and read() let go of the GIL around each call. Under a program whose
 * threads compute, getting it back took 5-15 ms a time (CPython hands it over only after a switch
 * interval, and to any waiting thread): a snapshot of 1 ms CPU took 55-190 ms, and the watchdog,
 * finding it late, had the main thread let go of the GIL too. These calls take microseconds. The
 * file is opened each time: a program may close descriptors it did not open (a daemon does) and
 * reuse their numbers.
 *
 * Pages that map files are left out (RssFile): the kernel drops them when memory runs short, and
 * they are the files' (a 200 MB file read through numpy.memmap read "native: RSS grew by 229 MB").
 * What is left is anonymous memory and shared memory (RssAnon + RssShmem, in /proc/self/status
 * since Linux 4.5); statm's resident where those are not given. */
static int status_kb(const char* text, const char* field, unsigned long long* kb)
{
    const char* at = strstr(text, field);
    return at && sscanf(at + strlen(field), " %llu", kb) == 1;
}

static PyObject* sampler_rss(PyObject* self, PyObject* unused)
{
    (void)self;
    (void)unused;
    char text[4096];
    int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        const ssize_t length = read(fd, text, sizeof text - 1);
        close(fd);
        unsigned long long anon = 0, shmem = 0;
        if (length > 0) {
            text[length] = '\0';
            if (status_kb(text, "\nRssAnon:", &anon) && status_kb(text, "\nRssShmem:", &shmem))
                return PyLong_FromUnsignedLongLong((anon + shmem) * 1024ULL);
        }
    }
    fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        Py_RETURN_NONE;
    const ssize_t length = read(fd, text, 127);
    close(fd);
    unsigned long long pages = 0, resident = 0;
    if (length <= 0)
        Py_RETURN_NONE;
    text[length] = '\0';
    const long page = sysconf(_SC_PAGESIZE);
    if (sscanf(text, "%llu %llu", &pages, &resident) != 2 || page <= 0)
        Py_RETURN_NONE;
    return PyLong_FromUnsignedLongLong(resident * (unsigned long long)page);
}

static PyMethodDef methods[] = {
#if HEAPLINE_FROZEN_SUPPORTED
    { "frozen", heapline_frozen, METH_NOARGS, "the objects gc.freeze() moved out of gc.get_objects()'s sight" },
#endif
    { "start", (PyCFunction)(void (*)(void))sampler_start, METH_VARARGS | METH_KEYWORDS,
        "start(interval=524288, frames=16): sample one allocation per `interval` bytes on average" },
    { "stop", sampler_stop, METH_NOARGS, "stop sampling; the hooks come off where nothing hooked in above them" },
    { "snapshot", sampler_snapshot, METH_NOARGS,
        "(estimated live bytes, [(stack, estimated bytes, estimated blocks), ...])" },
    { "traced", sampler_traced, METH_NOARGS, "(estimated live bytes, the most since reset_peak())" },
    { "reset_peak", sampler_reset_peak, METH_NOARGS, "the peak starts again from the live bytes" },
    { "stack", sampler_stack, METH_O, "stack(id): ((filename, line, function), ...), the outermost call first" },
    { "memory", sampler_memory, METH_NOARGS, "bytes the sampler's own tables take" },
    { "samples", sampler_samples, METH_NOARGS, "(live samples, samples taken since the module was loaded)" },
    { "rss", sampler_rss, METH_NOARGS,
        "the resident set size in bytes less the pages that map files (/proc/self/status), read without letting "
        "go of the GIL; None where unknown" },
    { "watch", watchdog_start, METH_O,
        "watch(callback): callback() is called on the main thread once the time set by watch_due() has passed" },
    { "watch_due", watchdog_due, METH_O, "watch_due(seconds): a time.monotonic() time, or 0 for none" },
    { "unwatch", watchdog_stop, METH_NOARGS, "stop watching; the callback is let go" },
    { "hook_numpy", sampler_hook_numpy, METH_O,
        "hook_numpy(numpy's _ARRAY_API capsule): numpy's array data sampled too; True where hooked" },
    { "census", heapline_census, METH_VARARGS,
        "census(tracked, getsizeof[, collect, into]): {type: [objects, bytes]} of the objects in `tracked` and the untracked ones they "
        "hold" },
    { NULL, NULL, 0, NULL },
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_heapline_sampler", "Sampling allocator hook of the Heapline recorder.", -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__heapline_sampler(void)
{
#if !HEAPLINE_SAMPLER_SUPPORTED
    (void)module;
    (void)before_fork;
    (void)after_fork;
    (void)after_fork_in_child;
    PyErr_Format(PyExc_ImportError, "the Heapline sampler reads the frames of CPython 3.11 to 3.13; this is %s", Py_GetVersion());
    return NULL;
#else
    if (!stacks) {
        stack_capacity = 1024;
        stacks = calloc(stack_capacity, sizeof(Stack));
        if (!stacks)
            return PyErr_NoMemory();
        stacks[STACK_NONE] = (Stack) { 0, 0, 0 };
        stack_count = 1;
        pthread_atfork(before_fork, after_fork, after_fork_in_child);
    }
    PyObject* created = PyModule_Create(&module);
    /* The bit snapshot() marks reused blocks with; where blocks taken back are given their new
     * owner's stack (3.13 on), none are. */
    if (created && PyModule_AddIntConstant(created, "REUSED_BIT", freelists_restamp() ? 0 : (long)REUSED_BIT) < 0)
        Py_CLEAR(created);
    return created;
#endif
}
