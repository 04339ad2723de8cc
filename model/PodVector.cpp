#include "PodVector.h"

#include <cstdint>
#include <cstdlib>
#include <sys/mman.h>

namespace heapline::detail {

namespace {

constexpr size_t MapThreshold = size_t(1) << 20;
constexpr size_t HugePage = size_t(2) << 20;

size_t roundToHugePages(size_t bytes)
{
    return (bytes + HugePage - 1) & ~(HugePage - 1);
}

void adviseHugePages(void* p, size_t bytes)
{
#ifdef MADV_HUGEPAGE
    // Advice only: where transparent huge pages are off this changes nothing.
    ::madvise(p, bytes, MADV_HUGEPAGE);
#else
    (void)p;
    (void)bytes;
#endif
}

// A fresh 2 MiB-aligned range of `bytes` (a multiple of HugePage): map one huge page more than
// needed and give back the unaligned ends.
char* mapAligned(size_t bytes)
{
    auto* raw = static_cast<char*>(::mmap(nullptr, bytes + HugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    if (raw == MAP_FAILED)
        throw std::bad_alloc();
    const auto address = reinterpret_cast<uintptr_t>(raw);
    char* aligned = raw + ((HugePage - (address & (HugePage - 1))) & (HugePage - 1));
    if (aligned > raw)
        ::munmap(raw, static_cast<size_t>(aligned - raw));
    const size_t tail = static_cast<size_t>(raw + bytes + HugePage - (aligned + bytes));
    if (tail > 0)
        ::munmap(aligned + bytes, tail);
    adviseHugePages(aligned, bytes);
    return aligned;
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
    const size_t bytes = roundToHugePages(neededBytes);
    char* target = mapAligned(bytes);
    if (storage.mapped) {
        // Move the pages already in use onto the new range instead of copying them.
        void* moved = ::mremap(storage.data, storage.bytes, bytes, MREMAP_MAYMOVE | MREMAP_FIXED, target);
        if (moved == MAP_FAILED) {
            std::memcpy(target, storage.data, usedBytes);
            ::munmap(storage.data, storage.bytes);
        }
    } else {
        if (usedBytes)
            std::memcpy(target, storage.data, usedBytes);
        std::free(storage.data);
    }
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
    const size_t keep = roundToHugePages(usedBytes);
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
