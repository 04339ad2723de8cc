#pragma once

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace heapline {

// glibc raises its mmap threshold each time a large mmapped block is freed (up to 32 MiB), after
// which large blocks come from the heap and their memory is not given back when freed: a load's
// transient buffers and a comparison's then stack up in the resident set of a window that stays
// open for hours. Setting the trim threshold turns that adjustment off (large blocks stay mmapped
// and go back on free): on cc1plus-40M the GUI's peak falls from 134 to 120 MB and its peak after
// every view has been opened from 312 to about 250 MB. 64 MiB rather than glibc's 128 KiB: trimming
// the heap's top at every free made the first screen 15% slower (pages given back and faulted in
// again); at 64 MiB it takes as long as before (heapline-bench-gui). Called first thing in the
// GUI's main(); the CLI, which exits after one load, keeps glibc's defaults.
inline void keepFreedMemoryReturned()
{
#if defined(__GLIBC__)
    mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
#endif
}

} // namespace heapline
