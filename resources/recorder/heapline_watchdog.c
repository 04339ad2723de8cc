/* The recorder's watchdog: asks the program's main thread to take a snapshot the recorder's own
 * thread is late for.
 *
 * The recorder takes its periodic snapshots on a thread of its own, which needs the interpreter's
 * lock (the GIL) to run. A main thread that releases the lock and takes it straight back, over
 * and over (an asyncio loop polls its selector with a zero timeout between callbacks), starves
 * every other thread: each release wakes the waiting thread, which finds the lock taken again,
 * and its wait starts over without ever asking for the lock to be handed over (CPython asks only
 * when no switch happened for a whole switch interval). An asyncio service recorded for three
 * seconds got one periodic snapshot instead of a dozen; each line of the snapshot that released
 * the lock (reading /proc, writing the file) waited up to a second to get it back.
 *
 * Py_AddPendingCall needs neither the GIL nor a Python thread state: this thread, plain C, asks
 * for a call that the main thread makes between two bytecodes, as it runs a signal handler.
 */
#include "heapline_watchdog.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

static PyObject* callback; /* owned; read and written with the GIL held */
static pthread_t thread;
static int started; /* the thread runs; with the GIL held */
static atomic_int running;
static _Atomic int64_t due_ns; /* CLOCK_MONOTONIC, as time.monotonic(); 0: nothing due */
static atomic_int pending; /* a call is asked for and not made yet */

static int64_t monotonic_ns(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

/* On the main thread, with the GIL. An exception is the recorder's, never the program's. */
static int call_back(void* unused)
{
    (void)unused;
    atomic_store(&pending, 0);
    if (!callback)
        return 0;
    PyObject* function = callback;
    Py_INCREF(function);
    PyObject* result = PyObject_CallObject(function, NULL);
    if (result)
        Py_DECREF(result);
    else
        PyErr_WriteUnraisable(function);
    Py_DECREF(function);
    return 0;
}

static void* watch(void* unused)
{
    (void)unused;
    const struct timespec tick = { 0, 5 * 1000 * 1000 };
    while (atomic_load(&running)) {
        nanosleep(&tick, NULL);
        const int64_t due = atomic_load(&due_ns);
        if (due == 0 || monotonic_ns() < due || atomic_exchange(&pending, 1))
            continue;
        /* -1: the queue of pending calls is full (signals, other callers); asked again next tick. */
        if (Py_AddPendingCall(call_back, NULL) != 0)
            atomic_store(&pending, 0);
    }
    return NULL;
}

PyObject* watchdog_start(PyObject* self, PyObject* function)
{
    (void)self;
    if (!PyCallable_Check(function)) {
        PyErr_SetString(PyExc_TypeError, "watch(callback): callback must be callable");
        return NULL;
    }
    Py_INCREF(function);
    Py_XSETREF(callback, function);
    atomic_store(&due_ns, 0);
    if (!started) {
        atomic_store(&running, 1);
        if (pthread_create(&thread, NULL, watch, NULL) != 0) {
            atomic_store(&running, 0);
            Py_CLEAR(callback);
            PyErr_SetString(PyExc_RuntimeError, "cannot start the watchdog's thread");
            return NULL;
        }
        started = 1;
    }
    Py_RETURN_NONE;
}

PyObject* watchdog_due(PyObject* self, PyObject* argument)
{
    (void)self;
    const double seconds = PyFloat_AsDouble(argument);
    if (seconds == -1.0 && PyErr_Occurred())
        return NULL;
    atomic_store(&due_ns, seconds > 0 ? (int64_t)(seconds * 1e9) : 0);
    Py_RETURN_NONE;
}

PyObject* watchdog_stop(PyObject* self, PyObject* unused)
{
    (void)self;
    (void)unused;
    atomic_store(&due_ns, 0);
    if (started) {
        atomic_store(&running, 0);
        /* Without the GIL: a call the thread asks for meanwhile waits for it. */
        PyThreadState* saved = PyEval_SaveThread();
        pthread_join(thread, NULL);
        PyEval_RestoreThread(saved);
        started = 0;
    }
    /* A call already asked for finds no callback and does nothing. */
    Py_CLEAR(callback);
    Py_RETURN_NONE;
}

void watchdog_after_fork(void)
{
    /* The thread is not in the child: a child that records starts its own. */
    started = 0;
    atomic_store(&running, 0);
    atomic_store(&due_ns, 0);
    atomic_store(&pending, 0);
}
