#include "PodVector.h"

#include <cstdint>
#include <cstdlib>
#include <sys/mman.h>

namespace heapline::detail {

namespace {

constexpr size_t MapThreshold = size_t(1) << 20;
// Mappings grow in steps of 2 MiB, so that a vector growing by a few elements at a time
// remaps rarely. Pages past the size are never touched, so never resident. No huge pages: with
// them each vector's last, partly used 2 MiB page is resident in full (5-6 MB on cc1plus-40M's
// load), for fewer page faults that saved up to 5% of a small file's load time and nothing
// measurable on the big one.
constexpr size_t MapStep = size_t(2) << 20;

size_t roundToMapStep(size_t bytes)
{
    return (bytes + MapStep - 1) & ~(MapStep - 1);
}

char* mapFresh(size_t bytes)
{
    void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        throw std::bad_alloc();
    return static_cast<char*>(p);
}

} // namespace

void podGrow(PodStorage& storage, size_t neededBytes, size_t usedBytes)
{
    if (neededBytes <= storage.bytes)
        return;
    if (neededBytes < MapThreshold) {
        void* p = std::realloc(storage.data, neededBytes);
        if (!p)
            throw std::bad_alloc();
        storage.data = p;
        storage.bytes = neededBytes;
        return;
    }
    const size_t bytes = roundToMapStep(neededBytes);
    if (storage.mapped) {
        // The kernel moves the pages already in use (page tables, not their bytes).
        void* moved = ::mremap(storage.data, storage.bytes, bytes, MREMAP_MAYMOVE);
        if (moved == MAP_FAILED)
            throw std::bad_alloc();
        storage.data = moved;
        storage.bytes = bytes;
        return;
    }
    char* target = mapFresh(bytes);
    if (usedBytes)
        std::memcpy(target, storage.data, usedBytes);
    std::free(storage.data);
    storage.data = target;
    storage.bytes = bytes;
    storage.mapped = true;
}

void podShrink(PodStorage& storage, size_t usedBytes)
{
    if (!storage.mapped) {
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
    const size_t keep = roundToMapStep(usedBytes);
    if (keep < storage.bytes) {
        ::munmap(static_cast<char*>(storage.data) + keep, storage.bytes - keep);
        storage.bytes = keep;
        if (keep == 0)
            storage = {};
    }
}

void podFree(PodStorage& storage) noexcept
{
    if (storage.mapped)
        ::munmap(storage.data, storage.bytes);
    else
        std::free(storage.data);
    storage = {};
}

} // namespace heapline::detail
