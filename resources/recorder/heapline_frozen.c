/* The objects gc.freeze() moved to the collector's permanent generation, which gc.get_objects()
 * does not list: a service that froze its catalogue before forking read by type "Item: 0 B at B,
 * spiky" of 100 000 items alive, its census having lost them at the freeze.
 *
 * A file of its own: the interpreter's state is read through its internal headers, which 3.12
 * compiles only where Py_BUILD_CORE comes before Python.h, and the rest of the module is built
 * against the public API. */
#define PY_SSIZE_T_CLEAN
#define Py_BUILD_CORE 1
#include <Python.h>

#include "heapline_frozen.h"

#if HEAPLINE_FROZEN_SUPPORTED
#include <internal/pycore_interp.h>

/* The list is walked with the interpreter's lock held; appending to a list runs no collection
 * (nor would one touch the permanent generation). */
PyObject* heapline_frozen(PyObject* self, PyObject* unused)
{
    (void)self;
    (void)unused;
    PyObject* frozen = PyList_New(0);
    if (!frozen)
        return NULL;
    PyGC_Head* head = &PyInterpreterState_Get()->gc.permanent_generation.head;
    for (PyGC_Head* gc = (PyGC_Head*)head->_gc_next; gc != head; gc = (PyGC_Head*)gc->_gc_next) {
        if (PyList_Append(frozen, (PyObject*)(gc + 1)) < 0) {
            Py_DECREF(frozen);
            return NULL;
        }
    }
    return frozen;
}
#endif
