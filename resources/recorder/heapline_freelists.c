/* Sampled blocks CPython takes back from its free lists.
 *
 * CPython makes floats, lists, dicts, tuples and a few more from free lists of its own, and a small
 * dict's key table from a free list of tables, without an allocation. A sampled block taken back
 * that way kept the stack of the object it first held: a program that builds a temporary dict in
 * one function and keeps dicts in another had the first blamed for the second's (a fresh service
 * that logged each request through a small dict: the logger "+55.6 MB linear", the function that
 * kept the dicts +21.5 MB). tracemalloc gives such an object the stack of its new owner when it is
 * made (not a key table).
 *
 * CPython 3.13's reference tracer says when an object is made: the sampler does what tracemalloc
 * does, and follows key tables too. Before 3.13 nothing says when a block is taken back; what can
 * be seen is a sampled block going into a free list (its type's tp_dealloc returns and the block
 * is still allocated), and from then on it is marked reused (REUSED_BIT in the snapshot), not
 * counted under a stack that is no longer its owner's.
 */
#include "heapline_freelists.h"

#include "heapline_sampled.h"

#if PY_VERSION_HEX >= 0x030B0000 && PY_VERSION_HEX < 0x030E0000
#define HEAPLINE_FREELISTS_SUPPORTED 1
/* sizeof(PyGC_Head), the collector's header before every object of a GC type: two words (its
 * internal header does not build on its own in every version). */
#ifdef Py_GIL_DISABLED
#define GC_HEAD_SIZE 0
#else
#define GC_HEAD_SIZE (2 * sizeof(uintptr_t))
#endif
#else
#define HEAPLINE_FREELISTS_SUPPORTED 0
#endif

static inline Py_ssize_t table_references(const PyDictKeysObject* table)
{
    return *(const Py_ssize_t*)table; /* dk_refcnt, the first field of struct _dictkeysobject */
}

/* A dict's own key table (its dict the only one that holds it), where it may be sampled. */
static uintptr_t sampled_table_of(PyObject* dict)
{
    PyDictKeysObject* table = ((PyDictObject*)dict)->ma_keys;
    if (!table || !sampled_maybe((uintptr_t)table) || table_references(table) != 1)
        return 0; /* unsampled, or shared (an instance's split table) */
    return (uintptr_t)table;
}

#if HEAPLINE_FREELISTS_SUPPORTED && PY_VERSION_HEX >= 0x030D0000

/* A table has no object to be made: a sampled table whose dict is destroyed waits here until it is
 * in use again (its reference count, 0 while it sits in the free list, is 1), which the next
 * object made finds out. A small dict is made empty and takes its table at its first insertion,
 * after it was made: the table gets the stack of the last dict made while tables waited, where that
 * dict holds it, and the stack of the object that found it out otherwise. Under the GIL, as the
 * tracer is. */
#define PENDING_TABLES 64
static uintptr_t pending_tables[PENDING_TABLES];
static int pending_table_count;
static PyObject* last_dict; /* made while tables waited, and not destroyed since */
static Frame last_dict_frames[MAX_FRAMES];
static uint32_t last_dict_depth;

static void restamp_tables_taken_back(void)
{
    Frame captured[MAX_FRAMES];
    uint32_t depth = 0;
    int captured_yet = 0;
    sampled_lock();
    for (int i = 0; i < pending_table_count;) {
        const uintptr_t table = pending_tables[i];
        const int live_table = sampled_is_live(table);
        if (live_table && table_references((const PyDictKeysObject*)table) == 0) {
            ++i; /* still in the free list */
            continue;
        }
        if (live_table && last_dict && (uintptr_t)((PyDictObject*)last_dict)->ma_keys == table) {
            sampled_set_stack(table, sampled_intern(last_dict_frames, last_dict_depth));
        } else if (live_table) {
            if (!captured_yet) {
                depth = capture_python_stack(captured); /* reads frames only */
                captured_yet = 1;
            }
            sampled_set_stack(table, sampled_intern(captured, depth));
        }
        pending_tables[i] = pending_tables[--pending_table_count];
    }
    if (!pending_table_count)
        last_dict = NULL;
    sampled_unlock();
}

static void watch_destroyed_dict(PyObject* dict)
{
    if (dict == last_dict)
        last_dict = NULL;
    const uintptr_t table = sampled_table_of(dict);
    if (!table)
        return;
    sampled_lock();
    if (sampled_is_live(table)) {
        if (pending_table_count == PENDING_TABLES)
            pending_table_count = 0; /* a burst of sampled tables: the oldest keep their stacks */
        pending_tables[pending_table_count++] = table;
    }
    sampled_unlock();
}

static int trace_reference(PyObject* object, PyRefTracerEvent event, void* data)
{
    (void)data;
    if (sampler_inside() || !sampling_active())
        return 0;
    if (event == PyRefTracer_DESTROY) {
        if (PyDict_Check(object))
            watch_destroyed_dict(object);
        return 0;
    }
    if (pending_table_count) {
        sampler_set_inside(1);
        restamp_tables_taken_back();
        if (pending_table_count && PyDict_Check(object)) {
            last_dict = object;
            last_dict_depth = capture_python_stack(last_dict_frames);
        }
        sampler_set_inside(0);
    }
    /* The block begins before the object by its type's pre-header (_PyType_PreHeaderSize). */
    PyTypeObject* type = Py_TYPE(object);
    size_t header = 0;
    if (PyType_IS_GC(type))
        header += GC_HEAD_SIZE;
    if (type->tp_flags & (Py_TPFLAGS_MANAGED_DICT | Py_TPFLAGS_MANAGED_WEAKREF))
        header += 2 * sizeof(PyObject*);
    const uintptr_t address = (uintptr_t)object - header;
    if (!sampled_maybe(address))
        return 0;
    sampler_set_inside(1);
    Frame captured[MAX_FRAMES];
    const uint32_t depth = capture_python_stack(captured);
    sampled_lock();
    sampled_set_stack(address, sampled_intern(captured, depth));
    sampled_unlock();
    sampler_set_inside(0);
    return 0;
}

void freelists_watch(void)
{
    /* Only where no other tool traces references: there is one tracer. */
    void* data = NULL;
    if (!PyRefTracer_GetTracer(&data))
        PyRefTracer_SetTracer(trace_reference, NULL);
}

void freelists_unwatch(void)
{
    void* data = NULL;
    if (PyRefTracer_GetTracer(&data) == trace_reference)
        PyRefTracer_SetTracer(NULL, NULL);
    pending_table_count = 0;
    last_dict = NULL;
}

int freelists_restamp(void)
{
    return 1;
}

#elif HEAPLINE_FREELISTS_SUPPORTED

/* The types with free lists a program keeps objects of; each type's tp_dealloc is wrapped while
 * sampling. The wrappers keep the trashcan (deeply nested containers freed without recursing):
 * CPython's own deallocs use it only when they are their type's tp_dealloc. A float the
 * interpreter's float arithmetic frees (3.11's specialised instructions) skips tp_dealloc and
 * keeps its stack. */
enum { WATCHED_FLOAT, WATCHED_LIST, WATCHED_TUPLE, WATCHED_DICT, WATCHED_TYPES };
typedef struct {
    PyTypeObject* type;
    destructor original;
    destructor wrapper;
} Watched;
static Watched watched[WATCHED_TYPES];

static void after_dealloc(uintptr_t block, uintptr_t table)
{
    /* Still allocated once its object is gone: it went into a free list. */
    sampled_lock();
    if (block && sampled_is_live(block))
        sampled_mark_reused(block);
    if (table && sampled_is_live(table))
        sampled_mark_reused(table);
    sampled_unlock();
}

static void dealloc_watched(PyObject* object, int which)
{
    const Watched* type = &watched[which];
    const uintptr_t block = (uintptr_t)object - (PyType_IS_GC(type->type) ? GC_HEAD_SIZE : 0);
    const int maybe = sampled_maybe(block);
    const uintptr_t table = which == WATCHED_DICT ? sampled_table_of(object) : 0;
    type->original(object);
    if ((maybe || table) && sampling_active())
        after_dealloc(maybe ? block : 0, table);
}

static void dealloc_float(PyObject* object)
{
    dealloc_watched(object, WATCHED_FLOAT);
}

#define CONTAINER_DEALLOC(name, which)                                                                                 \
    static void name(PyObject* object)                                                                                 \
    {                                                                                                                  \
        PyObject_GC_UnTrack(object);                                                                                   \
        Py_TRASHCAN_BEGIN(object, name) dealloc_watched(object, which);                                                \
        Py_TRASHCAN_END                                                                                                \
    }
CONTAINER_DEALLOC(dealloc_list, WATCHED_LIST)
CONTAINER_DEALLOC(dealloc_tuple, WATCHED_TUPLE)
CONTAINER_DEALLOC(dealloc_dict, WATCHED_DICT)

void freelists_watch(void)
{
    const Watched types[WATCHED_TYPES] = {
        { &PyFloat_Type, NULL, dealloc_float },
        { &PyList_Type, NULL, dealloc_list },
        { &PyTuple_Type, NULL, dealloc_tuple },
        { &PyDict_Type, NULL, dealloc_dict },
    };
    for (int i = 0; i < WATCHED_TYPES; ++i) {
        if (types[i].type->tp_dealloc == types[i].wrapper)
            continue; /* still wrapped from a run before */
        watched[i] = types[i];
        watched[i].original = types[i].type->tp_dealloc;
        types[i].type->tp_dealloc = types[i].wrapper;
    }
}

void freelists_unwatch(void)
{
    for (int i = 0; i < WATCHED_TYPES; ++i)
        if (watched[i].type && watched[i].type->tp_dealloc == watched[i].wrapper)
            watched[i].type->tp_dealloc = watched[i].original;
}

int freelists_restamp(void)
{
    return 0;
}

#else

void freelists_watch(void)
{
}

void freelists_unwatch(void)
{
}

int freelists_restamp(void)
{
    return 0;
}

#endif
