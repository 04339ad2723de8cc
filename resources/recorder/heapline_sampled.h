/* The sampler's table of sampled blocks (heapline_sampler.c), as heapline_freelists.c uses it. */
#pragma once

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

#define MAX_FRAMES 128

typedef struct {
    PyCodeObject* code; /* a strong reference, kept as long as the module */
    int line;
} Frame;

/* Stack 0: none known (no GIL, or no Python code running). */
#define STACK_NONE 0u
/* In snapshot()'s stack ids: the blocks of that stack that went into one of CPython's free lists,
 * and may hold an object the sampler cannot name since (before CPython 3.13). */
#define REUSED_BIT 0x80000000u

int sampling_active(void);
/* The thread is inside the sampler: its own work is neither sampled nor watched. */
int sampler_inside(void);
void sampler_set_inside(int inside);
/* Without the lock: 0 when the block is surely not sampled. */
int sampled_maybe(uintptr_t address);
void sampled_lock(void);
void sampled_unlock(void);
/* Under the lock. */
int sampled_is_live(uintptr_t address);
void sampled_set_stack(uintptr_t address, uint32_t stack);
void sampled_mark_reused(uintptr_t address);
uint32_t sampled_intern(const Frame* frames, uint32_t depth); /* STACK_NONE for no frames */
/* With the GIL, without the lock: the calling thread's Python stack, most recent call first. */
uint32_t capture_python_stack(Frame* out);

/* For an allocator beside Python's (numpy's array data, heapline_numpy.c), what the hooks do
 * around each call: a block made by the outermost hook is counted (and may be sampled), a block
 * given back by it forgotten. */
void sampler_hooks_enter(void);
int sampler_hooks_leave(void); /* 1: that was the outermost hook */
int sampler_hooks_outermost(void);
void sampler_count_block(void* pointer, size_t size);
void sampler_forget_block(void* pointer);
