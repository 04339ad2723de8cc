/* The recorder's watchdog (heapline_watchdog.c): the module's watch(), watch_due() and unwatch(). */
#pragma once

#define PY_SSIZE_T_CLEAN
#include <Python.h>

PyObject* watchdog_start(PyObject* self, PyObject* function);
PyObject* watchdog_due(PyObject* self, PyObject* seconds);
PyObject* watchdog_stop(PyObject* self, PyObject* unused);
void watchdog_after_fork(void);
