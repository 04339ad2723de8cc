#pragma once

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace heapline {

// glibc raises its mmap threshold each time a large mmapped block is freed (up to 32 MiB), after
// which large blocks come from the heap and their memory is not given back when freed: a load's
// transient buffers and a comparison's then stack up in the resident set. A fixed trim threshold
// turns that adjustment off (large blocks stay mmapped and go back on free) — on cc1plus-40M the
// GUI's peak falls from 137 to 123 MB and its settled RSS from 110 to 95 MB, at no measurable
// cost in load time. Called first thing in main().
inline void keepFreedMemoryReturned()
{
#if defined(__GLIBC__)
    mallopt(M_TRIM_THRESHOLD, 128 * 1024);
#endif
}

} // namespace heapline
