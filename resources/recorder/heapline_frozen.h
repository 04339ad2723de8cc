#pragma once

/* frozen() for the native module: the objects gc.freeze() moved to the collector's permanent
 * generation (heapline_frozen.c). Where the interpreter's layout is not known (before 3.11, after
 * 3.13, free-threaded builds) it is not there, and the recorder says what its census misses. */

#include <Python.h>

#if PY_VERSION_HEX >= 0x030B0000 && PY_VERSION_HEX < 0x030E0000 && !defined(Py_GIL_DISABLED)
#define HEAPLINE_FROZEN_SUPPORTED 1
PyObject* heapline_frozen(PyObject* self, PyObject* unused);
#else
#define HEAPLINE_FROZEN_SUPPORTED 0
#endif
