/* numpy's array data, sampled as Python's allocations are.
 *
 * numpy (1.22 and later, NEP 49) allocates an array's data through a handler of its own, with the
 * C library's malloc: outside Python's allocators, which the sampler hooks. A program's arrays
 * were not seen at all (a pipeline keeping 7.7 MB of frames read as its numpy import, a plateau;
 * the type census saw numpy.ndarray grow). tracemalloc sees them only because numpy reports each
 * block to it (PyTraceMalloc_Track), which does nothing while tracemalloc is off.
 *
 * The handler in force is wrapped by one that counts and forgets blocks as the Python hooks do.
 * numpy keeps the handler in a context variable: it is set for the context that calls
 * hook_numpy() (the recorder does so where numpy is imported), and threads started with a fresh
 * context allocate through numpy's default, unseen. An array keeps the handler it was made with,
 * so its data is freed through the same one. The layouts and the API slots are numpy's ABI. */
#include "heapline_numpy.h"

#include "heapline_sampled.h"

#include <stdint.h>

typedef struct {
    void* ctx;
    void* (*malloc)(void* ctx, size_t size);
    void* (*calloc)(void* ctx, size_t elements, size_t element_size);
    void* (*realloc)(void* ctx, void* pointer, size_t size);
    void (*free)(void* ctx, void* pointer, size_t size);
} DataAllocator;

typedef struct {
    char name[127];
    uint8_t version;
    DataAllocator allocator;
} DataHandler;

/* Slots of numpy's C API table (numpy/__multiarray_api.h, the same in numpy 1.22 to 2.x). */
enum { FEATURE_VERSION_SLOT = 211, SET_HANDLER_SLOT = 304, GET_HANDLER_SLOT = 305 };
/* The C API version that brought the handlers (NPY_1_22_API_VERSION). */
#define HANDLERS_API_VERSION 0x0000000fu

static DataHandler wrapped; /* the handler in force when hooked */

static void* data_malloc(void* ctx, size_t size)
{
    (void)ctx;
    sampler_hooks_enter();
    void* pointer = wrapped.allocator.malloc(wrapped.allocator.ctx, size);
    if (sampler_hooks_leave())
        sampler_count_block(pointer, size);
    return pointer;
}

static void* data_calloc(void* ctx, size_t elements, size_t element_size)
{
    (void)ctx;
    sampler_hooks_enter();
    void* pointer = wrapped.allocator.calloc(wrapped.allocator.ctx, elements, element_size);
    if (sampler_hooks_leave())
        sampler_count_block(pointer, elements * element_size);
    return pointer;
}

static void* data_realloc(void* ctx, void* old, size_t size)
{
    (void)ctx;
    /* Forgotten before the block is given back, as the Python hooks do. */
    const int outermost = sampler_hooks_outermost();
    if (outermost)
        sampler_forget_block(old);
    sampler_hooks_enter();
    void* pointer = wrapped.allocator.realloc(wrapped.allocator.ctx, old, size);
    sampler_hooks_leave();
    if (outermost)
        sampler_count_block(pointer, size);
    return pointer;
}

static void data_free(void* ctx, void* pointer, size_t size)
{
    (void)ctx;
    if (sampler_hooks_outermost())
        sampler_forget_block(pointer);
    sampler_hooks_enter();
    wrapped.allocator.free(wrapped.allocator.ctx, pointer, size);
    sampler_hooks_leave();
}

static DataHandler hooks = { "heapline_sampler", 1, { NULL, data_malloc, data_calloc, data_realloc, data_free } };

PyObject* sampler_hook_numpy(PyObject* self, PyObject* api_capsule)
{
    (void)self;
    void** api = PyCapsule_GetPointer(api_capsule, NULL);
    if (!api)
        return NULL;
    unsigned int (*feature_version)(void) = (unsigned int (*)(void))api[FEATURE_VERSION_SLOT];
    if (!feature_version || feature_version() < HANDLERS_API_VERSION)
        Py_RETURN_FALSE; /* numpy before 1.22: no handlers */
    PyObject* (*set_handler)(PyObject*) = (PyObject * (*)(PyObject*)) api[SET_HANDLER_SLOT];
    PyObject* (*get_handler)(void) = (PyObject * (*)(void)) api[GET_HANDLER_SLOT];
    PyObject* current = get_handler();
    if (!current)
        return NULL;
    DataHandler* handler = PyCapsule_GetPointer(current, "mem_handler");
    if (!handler) {
        Py_DECREF(current);
        return NULL;
    }
    /* Hooked already in this context, or a handler of another layout: left alone. */
    if (handler == &hooks || handler->version != 1) {
        Py_DECREF(current);
        Py_RETURN_FALSE;
    }
    /* One wrapped handler for every context: a second, different one is not wrapped. */
    if (wrapped.version && (wrapped.allocator.malloc != handler->allocator.malloc || wrapped.allocator.ctx != handler->allocator.ctx)) {
        Py_DECREF(current);
        Py_RETURN_FALSE;
    }
    wrapped = *handler;
    Py_DECREF(current);
    PyObject* ours = PyCapsule_New(&hooks, "mem_handler", NULL);
    if (!ours)
        return NULL;
    PyObject* previous = set_handler(ours);
    Py_DECREF(ours);
    if (!previous)
        return NULL;
    Py_DECREF(previous);
    Py_RETURN_TRUE;
}
