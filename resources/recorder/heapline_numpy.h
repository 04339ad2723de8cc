/* numpy's array data, sampled as Python's allocations are (heapline_numpy.c). */
#pragma once

#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* hook_numpy(capsule): numpy's _ARRAY_API capsule; True where numpy's default handler is wrapped
 * (now or before), False where numpy has no handlers or one of a layout not known here. */
PyObject* sampler_hook_numpy(PyObject* self, PyObject* api_capsule);
