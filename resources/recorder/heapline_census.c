/* The recorder's type census counted in C: what heapline_recorder.py's _take_census does in its
 * Python loops, with the same figures. On a list of 100 000 floats (a workload that allocates
 * little) the Python loops took 35-45 ms per census, a tenth of a 0.4 s program's time.
 *
 * census(tracked, getsizeof) -> {type: [objects, bytes]}: every object of `tracked` (what
 * gc.get_objects() returned), then the untracked objects they hold (str, int, float, ... are never
 * tracked), and those the untracked dicts and tuples among them hold, once per holder, except
 * those with more than one reference, counted once. Bytes are getsizeof()'s.
 *
 * census(tracked, getsizeof, collect, into) also appends to the list `into` the objects of
 * `tracked` whose type is `collect` (functools.lru_cache's wrappers, which the recorder reads the
 * figures of), in the same pass: a loop of its own in Python took 55 ns an object.
 *
 * census(tracked, getsizeof, collect, into, kinds, large, min_items, min_keys) also appends to the
 * list `large` the containers of `tracked` whose type is one of the tuple `kinds` (list, dict, set,
 * deque …) and that hold at least min_items items, or are dicts of at least min_keys keys: the
 * recorder names the largest by what refers to them. In Python, that loop took 90 ns an object,
 * as long as the census itself. */
#define PY_SSIZE_T_CLEAN
#include "heapline_census.h"

#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    PyTypeObject** types; /* held: a type cannot go and another come at its address meanwhile */
    Py_ssize_t* objects;
    long long* bytes;
    size_t capacity; /* a power of two */
    size_t count;
} TypeTable;

typedef struct {
    uintptr_t* slots; /* 0: empty */
    size_t capacity;
    size_t count;
} PointerSet;

typedef struct {
    PyObject** items; /* each held */
    size_t count;
    size_t capacity;
} Referents;

static size_t hash_pointer(uintptr_t p)
{
    p ^= p >> 33;
    p *= 0xff51afd7ed558ccdULL;
    p ^= p >> 33;
    return (size_t)p;
}

static int types_grow(TypeTable* table)
{
    const size_t capacity = table->capacity ? table->capacity * 2 : 256;
    PyTypeObject** types = calloc(capacity, sizeof *types);
    Py_ssize_t* objects = calloc(capacity, sizeof *objects);
    long long* bytes = calloc(capacity, sizeof *bytes);
    if (!types || !objects || !bytes) {
        free(types);
        free(objects);
        free(bytes);
        PyErr_NoMemory();
        return -1;
    }
    for (size_t i = 0; i < table->capacity; ++i) {
        if (!table->types[i])
            continue;
        size_t j = hash_pointer((uintptr_t)table->types[i]) & (capacity - 1);
        while (types[j])
            j = (j + 1) & (capacity - 1);
        types[j] = table->types[i];
        objects[j] = table->objects[i];
        bytes[j] = table->bytes[i];
    }
    free(table->types);
    free(table->objects);
    free(table->bytes);
    table->types = types;
    table->objects = objects;
    table->bytes = bytes;
    table->capacity = capacity;
    return 0;
}

static int types_add(TypeTable* table, PyTypeObject* type, long long size)
{
    if (2 * (table->count + 1) > table->capacity && types_grow(table) < 0)
        return -1;
    size_t i = hash_pointer((uintptr_t)type) & (table->capacity - 1);
    while (table->types[i] && table->types[i] != type)
        i = (i + 1) & (table->capacity - 1);
    if (!table->types[i]) {
        Py_INCREF(type);
        table->types[i] = type;
        ++table->count;
    }
    ++table->objects[i];
    table->bytes[i] += size;
    return 0;
}

static void types_free(TypeTable* table)
{
    for (size_t i = 0; i < table->capacity; ++i)
        Py_XDECREF(table->types[i]);
    free(table->types);
    free(table->objects);
    free(table->bytes);
}

/* 1 if p was in the set, 0 if it was added, -1 on error. */
static int set_add(PointerSet* set, uintptr_t p)
{
    if (2 * (set->count + 1) > set->capacity) {
        const size_t capacity = set->capacity ? set->capacity * 2 : 1024;
        uintptr_t* slots = calloc(capacity, sizeof *slots);
        if (!slots) {
            PyErr_NoMemory();
            return -1;
        }
        for (size_t i = 0; i < set->capacity; ++i) {
            if (!set->slots[i])
                continue;
            size_t j = hash_pointer(set->slots[i]) & (capacity - 1);
            while (slots[j])
                j = (j + 1) & (capacity - 1);
            slots[j] = set->slots[i];
        }
        free(set->slots);
        set->slots = slots;
        set->capacity = capacity;
    }
    size_t i = hash_pointer(p) & (set->capacity - 1);
    while (set->slots[i]) {
        if (set->slots[i] == p)
            return 1;
        i = (i + 1) & (set->capacity - 1);
    }
    set->slots[i] = p;
    ++set->count;
    return 0;
}

/* Appends `object`, held. */
static int referents_push(Referents* referents, PyObject* object)
{
    if (referents->count == referents->capacity) {
        const size_t capacity = referents->capacity ? referents->capacity * 2 : 256;
        PyObject** items = realloc(referents->items, capacity * sizeof *items);
        if (!items) {
            PyErr_NoMemory();
            return -1;
        }
        referents->items = items;
        referents->capacity = capacity;
    }
    Py_INCREF(object);
    referents->items[referents->count++] = object;
    return 0;
}

/* tp_traverse's visitor: the untracked referents, held until they are counted (counting calls
 * getsizeof, which may run Python code and let another thread change the holder meanwhile). */
static int collect_untracked(PyObject* referent, void* arg)
{
    if (PyObject_GC_IsTracked(referent))
        return 0;
    return referents_push(arg, referent);
}

static void referents_clear(Referents* referents)
{
    for (size_t i = 0; i < referents->count; ++i)
        Py_DECREF(referents->items[i]);
    referents->count = 0;
}

static int traverse_untracked(PyObject* holder, Referents* referents)
{
    if (!PyObject_IS_GC(holder))
        return 0; /* as gc.get_referents */
    traverseproc traverse = Py_TYPE(holder)->tp_traverse;
    if (!traverse)
        return 0;
    return traverse(holder, collect_untracked, referents);
}

typedef struct {
    PyObject* getsizeof;
    long long float_size; /* getsizeof() of an exact float, once asked; -1 before */
} Sizer;

static int size_of(Sizer* sizer, PyObject* object, long long* size)
{
    if (PyFloat_CheckExact(object) && sizer->float_size >= 0) {
        *size = sizer->float_size;
        return 0;
    }
    PyObject* result = PyObject_CallOneArg(sizer->getsizeof, object);
    if (!result)
        return -1;
    *size = PyLong_AsLongLong(result);
    Py_DECREF(result);
    if (*size == -1 && PyErr_Occurred())
        return -1;
    if (PyFloat_CheckExact(object))
        sizer->float_size = *size;
    return 0;
}

/* Of one of the types `kinds` or a subclass of one (a collections.Counter, a program's dict
 * subclass), with min_items items or more, or a dict of min_keys keys or more. Lengths are read
 * from the objects (sq_length for a deque): no Python code runs. */
static int is_large_container(PyObject* object, PyObject* kinds, Py_ssize_t min_items, Py_ssize_t min_keys)
{
    PyTypeObject* type = Py_TYPE(object);
    int found = 0;
    for (Py_ssize_t k = 0; !found && k < PyTuple_GET_SIZE(kinds); ++k)
        found = PyTuple_GET_ITEM(kinds, k) == (PyObject*)type;
    /* Only a class made at run time can subclass them, and one with a length: the builtins of
     * the heap (str, int, tuple …) and a program's plain classes are not walked up their bases
     * (a heap of a million instances: a census 8% longer when they were, 0.071 -> 0.078 s; now
     * as long as before the subclasses, within the noise). */
    const int sized = (type->tp_as_sequence && type->tp_as_sequence->sq_length)
        || (type->tp_as_mapping && type->tp_as_mapping->mp_length);
    for (Py_ssize_t k = 0; !found && (type->tp_flags & Py_TPFLAGS_HEAPTYPE) && sized && k < PyTuple_GET_SIZE(kinds);
         ++k)
        found = PyType_IsSubtype(type, (PyTypeObject*)PyTuple_GET_ITEM(kinds, k));
    if (!found)
        return 0;
    if (PyDict_Check(object))
        return PyDict_GET_SIZE(object) >= min_items || PyDict_GET_SIZE(object) >= min_keys;
    if (PyList_Check(object))
        return PyList_GET_SIZE(object) >= min_items;
    if (PyAnySet_Check(object))
        return PySet_GET_SIZE(object) >= min_items;
    PySequenceMethods* sequence = Py_TYPE(object)->tp_as_sequence;
    if (!sequence || !sequence->sq_length)
        return 0;
    const Py_ssize_t length = sequence->sq_length(object);
    if (length < 0) {
        PyErr_Clear();
        return 0;
    }
    return length >= min_items;
}

PyObject* heapline_census(PyObject* self, PyObject* args)
{
    (void)self;
    PyObject* tracked;
    PyObject* getsizeof;
    PyObject* collect = NULL; /* a type whose objects in `tracked` are appended to `into` */
    PyObject* into = NULL;
    PyObject* kinds = NULL; /* container types whose large objects are appended to `large` */
    PyObject* large = NULL;
    Py_ssize_t min_items = 0, min_keys = 0;
    if (!PyArg_ParseTuple(args, "O!O|OO!O!O!nn:census", &PyList_Type, &tracked, &getsizeof, &collect, &PyList_Type,
            &into, &PyTuple_Type, &kinds, &PyList_Type, &large, &min_items, &min_keys))
        return NULL;
    if (!into)
        collect = NULL;
    if (!large)
        kinds = NULL;
    Py_INCREF(tracked); /* the list is walked while getsizeof may run Python code */
    TypeTable types = { 0 };
    PointerSet seen = { 0 };
    Referents referents = { 0 };
    Referents containers = { 0 }; /* untracked dicts and tuples counted, to be walked */
    Sizer sizer = { getsizeof, -1 };
    PyObject* result = NULL;
    long long size;

    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(tracked); ++i) {
        PyObject* object = PyList_GET_ITEM(tracked, i);
        Py_INCREF(object);
        int failed = size_of(&sizer, object, &size) < 0 || types_add(&types, Py_TYPE(object), size) < 0;
        if (!failed && collect && (PyObject*)Py_TYPE(object) == collect)
            failed = PyList_Append(into, object) < 0;
        if (!failed && kinds && is_large_container(object, kinds, min_items, min_keys))
            failed = PyList_Append(large, object) < 0;
        Py_DECREF(object);
        if (failed)
            goto done;
    }
    /* How many references a referent held once by its holder has here: a probe's (the
     * interpreter's version may change what the collecting adds). */
    Py_ssize_t single;
    {
        PyObject* probe = Py_BuildValue("[d]", (double)PyList_GET_SIZE(tracked) + 0.5);
        if (!probe)
            goto done;
        const int failed = traverse_untracked(probe, &referents) < 0 || referents.count != 1;
        single = failed ? 0 : Py_REFCNT(referents.items[0]);
        referents_clear(&referents);
        Py_DECREF(probe);
        if (failed) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_RuntimeError, "census: the probe's referent was not seen");
            goto done;
        }
    }
    /* The collector untracks a dict or a tuple that holds only untracked objects (a cache of
     * strings by key, of floats by id): it is counted as its holder's referent, and what it holds
     * is reached through it, however deep such containers nest. Without that, a dict of 50 000
     * strings added its table to "dict" and none of its strings to "str". */
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(tracked); ++i) {
        PyObject* holder = PyList_GET_ITEM(tracked, i);
        Py_INCREF(holder);
        int failed = 0;
        while (holder && !failed) {
            failed = traverse_untracked(holder, &referents) < 0;
            Py_DECREF(holder);
            holder = NULL;
            for (size_t r = 0; !failed && r < referents.count; ++r) {
                PyObject* referent = referents.items[r];
                if (Py_REFCNT(referent) > single) {
                    const int known = set_add(&seen, (uintptr_t)referent);
                    if (known != 0) {
                        failed = known < 0;
                        continue;
                    }
                }
                failed = size_of(&sizer, referent, &size) < 0 || types_add(&types, Py_TYPE(referent), size) < 0;
                if (!failed && (PyDict_Check(referent) || PyTuple_Check(referent)))
                    failed = referents_push(&containers, referent) < 0;
                /* An untracked dict of strings or numbers (a cache of responses by key) is a
                 * container the program keeps as much as a tracked one. */
                if (!failed && kinds && is_large_container(referent, kinds, min_items, min_keys))
                    failed = PyList_Append(large, referent) < 0;
            }
            referents_clear(&referents);
            if (!failed && containers.count > 0)
                holder = containers.items[--containers.count]; /* its hold passes to `holder` */
        }
        Py_XDECREF(holder);
        if (failed)
            goto done;
    }

    result = PyDict_New();
    for (size_t i = 0; result && i < types.capacity; ++i) {
        if (!types.types[i])
            continue;
        PyObject* figures = Py_BuildValue("[nL]", types.objects[i], types.bytes[i]);
        if (!figures || PyDict_SetItem(result, (PyObject*)types.types[i], figures) < 0)
            Py_CLEAR(result);
        Py_XDECREF(figures);
    }
done:
    referents_clear(&referents);
    free(referents.items);
    referents_clear(&containers);
    free(containers.items);
    free(seen.slots);
    types_free(&types);
    Py_DECREF(tracked);
    return result;
}
