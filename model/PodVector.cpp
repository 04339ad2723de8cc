#include "PodVector.h"

#include <cstdint>
#include <cstdlib>
#include <sys/mman.h>

namespace heapline::detail {

namespace {

constexpr size_t MapThreshold = FaultedInThreshold;
// Mappings grow in steps of 2 MiB, so that a vector growing by a few elements at a time
// remaps rarely. Pages past the size are never touched, so never resident. No huge pages: with
// them each vector's last, partly used 2 MiB page is resident in full (5-6 MB on cc1plus-40M's
// load), for fewer page faults that saved up to 5% of a small file's load time and nothing
// measurable on the big one.
constexpr size_t MapStep = size_t(2) << 20;
// The part of a mapping in use is faulted in ahead of the writes, this much at a time, with one
// madvise(MADV_POPULATE_WRITE): on a virtual machine each page fault is an exit to the
// hypervisor (about 8 us here), and cc1plus's load took 9 000 of them on these arrays' first
// writes, a fifth of its CPU time. At most this much per vector is resident before it is used.
constexpr size_t PageSize = 4096;
constexpr size_t PopulateStep = size_t(32) << 10;

size_t roundUp(size_t bytes, size_t step)
{
    return (bytes + step - 1) & ~(step - 1);
}

char* mapFresh(size_t bytes)
{
    void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        throw std::bad_alloc();
    return static_cast<char*>(p);
}

// Faults in [from, to) of the mapping; where the kernel cannot (before Linux 5.14), the writes
// fault the pages in as they come.
void populate(PodStorage& storage, size_t to)
{
#ifdef MADV_POPULATE_WRITE
    ::madvise(static_cast<char*>(storage.data) + storage.bytes, to - storage.bytes, MADV_POPULATE_WRITE);
#endif
    storage.bytes = to;
}

} // namespace

void podGrow(PodStorage& storage, size_t neededBytes, size_t usedBytes, size_t wantedBytes)
{
    if (neededBytes <= storage.bytes)
        return;
    if (!storage.mappedBytes && wantedBytes < MapThreshold) {
        void* p = std::realloc(storage.data, wantedBytes);
        if (!p)
            throw std::bad_alloc();
        storage.data = p;
        storage.bytes = wantedBytes;
        return;
    }
    // Ahead of the writes when the vector doubles; an exact reserve or resize gets what it asked.
    const size_t populated
        = std::min(roundUp(neededBytes + PopulateStep, PopulateStep), roundUp(wantedBytes, PageSize));
    if (storage.mappedBytes) {
        if (populated > storage.mappedBytes) {
            // The kernel moves the pages already in use (page tables, not their bytes).
            const size_t bytes = roundUp(wantedBytes, MapStep);
            void* moved = ::mremap(storage.data, storage.mappedBytes, bytes, MREMAP_MAYMOVE);
            if (moved == MAP_FAILED)
                throw std::bad_alloc();
            storage.data = moved;
            storage.mappedBytes = bytes;
        }
        populate(storage, populated);
        return;
    }
    const size_t bytes = roundUp(wantedBytes, MapStep);
    PodStorage fresh { mapFresh(bytes), 0, bytes };
    populate(fresh, populated);
    if (usedBytes)
        std::memcpy(fresh.data, storage.data, usedBytes);
    std::free(storage.data);
    storage = fresh;
}

void podShrink(PodStorage& storage, size_t usedBytes)
{
    if (!storage.mappedBytes) {
        if (usedBytes == 0) {
            std::free(storage.data);
            storage = {};
        } else if (usedBytes < storage.bytes) {
            if (void* p = std::realloc(storage.data, usedBytes)) {
                storage.data = p;
                storage.bytes = usedBytes;
            }
        }
        return;
    }
    const size_t keep = roundUp(usedBytes, MapStep);
    if (keep < storage.mappedBytes) {
        ::munmap(static_cast<char*>(storage.data) + keep, storage.mappedBytes - keep);
        storage.mappedBytes = keep;
        storage.bytes = std::min(storage.bytes, keep);
        if (keep == 0)
            storage = {};
    }
}

void* mapFaultedIn(size_t bytes)
{
    PodStorage storage { mapFresh(roundUp(bytes, PageSize)), 0, roundUp(bytes, PageSize) };
    populate(storage, storage.mappedBytes);
    return storage.data;
}

void unmapFaultedIn(void* data, size_t bytes) noexcept
{
    ::munmap(data, roundUp(bytes, PageSize));
}

void podFree(PodStorage& storage) noexcept
{
    if (storage.mappedBytes)
        ::munmap(storage.data, storage.mappedBytes);
    else
        std::free(storage.data);
    storage = {};
}

} // namespace heapline::detail
