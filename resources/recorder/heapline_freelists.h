/* Sampled blocks CPython takes back from its free lists (heapline_freelists.c). */
#pragma once

/* While sampling: from sampler_start to sampler_stop, with the GIL. */
void freelists_watch(void);
void freelists_unwatch(void);
/* 1 where a block taken back gets the stack of the object that took it (CPython 3.13 on); 0 where
 * it is marked reused from the moment it went into a free list (REUSED_BIT). */
int freelists_restamp(void);
