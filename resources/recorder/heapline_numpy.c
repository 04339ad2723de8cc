/* numpy's array data, sampled as Python's allocations are.
 *
 * numpy (1.22 and later, NEP 49) allocates an array's data through a handler of its own, with the
 * C library's malloc: outside Python's allocators, which the sampler hooks. A program's arrays
 * were not seen at all (a pipeline keeping 7.7 MB of frames read as its numpy import, a plateau;
 * the type census saw numpy.ndarray grow). tracemalloc sees them only because numpy reports each
 * block to it (PyTraceMalloc_Track), which does nothing while tracemalloc is off.
 *
 * numpy's default handler is wrapped in place: its functions become hooks that count and forget
 * blocks as the Python hooks do, around the functions that were there. In place, because numpy
 * keeps the handler in force in a context variable whose default is that one handler: setting a
 * handler of our own would reach only the context that set it, not the threads a pool starts.
 * An array keeps the handler it was made with, so its data is freed through the same functions
 * it was made by, or by the hooks around them. A handler a program set itself is left alone. The
 * layouts and the API slots are numpy's ABI (numpy/_core/code_generators/numpy_api.py). */
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

/* Slots of numpy's C API table, the same from numpy 1.22 to 2.x. */
enum { FEATURE_VERSION_SLOT = 211, DEFAULT_HANDLER_SLOT = 306 };
/* The C API version that brought the handlers (NPY_1_22_API_VERSION). */
#define HANDLERS_API_VERSION 0x0000000fu

static DataHandler wrapped; /* numpy's default handler as it was */

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

PyObject* sampler_hook_numpy(PyObject* self, PyObject* api_capsule)
{
    (void)self;
    void** api = PyCapsule_GetPointer(api_capsule, NULL);
    if (!api)
        return NULL;
    unsigned int (*feature_version)(void) = (unsigned int (*)(void))api[FEATURE_VERSION_SLOT];
    if (!feature_version || feature_version() < HANDLERS_API_VERSION)
        Py_RETURN_FALSE; /* numpy before 1.22: no handlers */
    PyObject* default_capsule = api[DEFAULT_HANDLER_SLOT] ? *(PyObject**)api[DEFAULT_HANDLER_SLOT] : NULL;
    if (!default_capsule)
        Py_RETURN_FALSE;
    DataHandler* handler = PyCapsule_GetPointer(default_capsule, "mem_handler");
    if (!handler)
        return NULL; /* PyCapsule_GetPointer has set the error */
    if (handler->allocator.malloc == data_malloc)
        Py_RETURN_TRUE; /* hooked already */
    if (handler->version != 1)
        Py_RETURN_FALSE; /* a layout this code does not know */
    wrapped = *handler;
    /* Other threads may be allocating: the free first and the malloc last, so that no block made
     * through the hooks is freed around them. */
    __atomic_store_n(&handler->allocator.free, data_free, __ATOMIC_RELEASE);
    __atomic_store_n(&handler->allocator.realloc, data_realloc, __ATOMIC_RELEASE);
    __atomic_store_n(&handler->allocator.calloc, data_calloc, __ATOMIC_RELEASE);
    __atomic_store_n(&handler->allocator.malloc, data_malloc, __ATOMIC_RELEASE);
    Py_RETURN_TRUE;
}
