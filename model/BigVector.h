#pragma once

#include <cstddef>
#include <new>
#include <vector>

namespace heapline {

namespace detail {
void* allocateBig(size_t bytes, size_t alignment);
void deallocateBig(void* p, size_t bytes, size_t alignment) noexcept;
} // namespace detail

// An allocator for the few arrays that grow to many megabytes while a file streams in (traces,
// stack nodes, per-callsite state, checkpoint columns). Blocks of 1 MiB and more are mapped
// directly and marked for transparent huge pages: a 100 MB profile then costs a few hundred
// page faults instead of tens of thousands, which on virtual machines is most of the load
// time. Smaller blocks come from operator new as usual.
template <typename T>
struct BigAllocator {
    using value_type = T;

    BigAllocator() = default;
    template <typename U>
    BigAllocator(const BigAllocator<U>&) noexcept
    {
    }

    T* allocate(size_t n)
    {
        if (n > static_cast<size_t>(-1) / sizeof(T))
            throw std::bad_array_new_length();
        return static_cast<T*>(detail::allocateBig(n * sizeof(T), alignof(T)));
    }
    void deallocate(T* p, size_t n) noexcept { detail::deallocateBig(p, n * sizeof(T), alignof(T)); }

    template <typename U>
    friend bool operator==(const BigAllocator&, const BigAllocator<U>&) noexcept
    {
        return true;
    }
};

template <typename T>
using BigVector = std::vector<T, BigAllocator<T>>;

} // namespace heapline
