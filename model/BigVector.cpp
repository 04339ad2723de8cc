#include "BigVector.h"

#include <cstdint>
#include <sys/mman.h>

namespace heapline::detail {

namespace {
constexpr size_t MapThreshold = size_t(1) << 20;
constexpr size_t HugePage = size_t(2) << 20;

size_t mappedSize(size_t bytes)
{
    return (bytes + HugePage - 1) & ~(HugePage - 1);
}
} // namespace

void* allocateBig(size_t bytes, size_t alignment)
{
    if (bytes < MapThreshold)
        return ::operator new(bytes, std::align_val_t(alignment));
    // Huge pages only back whole, aligned 2 MiB ranges: map one extra and trim to alignment.
    const size_t size = mappedSize(bytes);
    auto* raw = static_cast<char*>(
        ::mmap(nullptr, size + HugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    if (raw == MAP_FAILED)
        throw std::bad_alloc();
    const auto address = reinterpret_cast<uintptr_t>(raw);
    char* aligned = raw + ((HugePage - (address & (HugePage - 1))) & (HugePage - 1));
    if (aligned > raw)
        ::munmap(raw, static_cast<size_t>(aligned - raw));
    const size_t tail = static_cast<size_t>((raw + size + HugePage) - (aligned + size));
    if (tail > 0)
        ::munmap(aligned + size, tail);
#ifdef MADV_HUGEPAGE
    // Advice only: where transparent huge pages are off this changes nothing.
    ::madvise(aligned, size, MADV_HUGEPAGE);
#endif
    return aligned;
}

void deallocateBig(void* p, size_t bytes, size_t alignment) noexcept
{
    if (!p)
        return;
    if (bytes < MapThreshold)
        ::operator delete(p, std::align_val_t(alignment));
    else
        ::munmap(p, mappedSize(bytes));
}

} // namespace heapline::detail
