/* The recorder's type census counted in C (heapline_census.c). */
#ifndef HEAPLINE_CENSUS_H
#define HEAPLINE_CENSUS_H

#include <Python.h>

/* census(tracked, getsizeof) -> {type: [objects, bytes]} */
PyObject* heapline_census(PyObject* self, PyObject* args);

#endif
