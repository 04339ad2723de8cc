/* numpy's array data, sampled as Python's allocations are (heapline_numpy.c). */
#pragma once

#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* hook_numpy(capsule): numpy's _ARRAY_API capsule; True where this context's handler is now
 * wrapped, False where numpy has no handlers or it was left alone. */
PyObject* sampler_hook_numpy(PyObject* self, PyObject* api_capsule);
