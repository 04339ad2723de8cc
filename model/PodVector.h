#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

namespace heapline {

namespace detail {
// Storage for PodVector: malloc below 256 KiB; above, anonymous mappings in 2 MiB steps, grown with
// mremap so that growing moves page tables instead of copying and re-zeroing megabytes, and
// faulted in ahead of the writes: a few pages at a time, or a 2 MiB page at a time from 16 MiB on
// (from 1 MiB for a table read at random; PodVector.cpp), those past the next write's on a thread
// of their own.
struct PodStorage {
    void* data = nullptr;
    size_t bytes = 0; // what the vector may use before it asks podGrow() again
    size_t faultedBytes = 0; // of a mapping, the part faulted in or handed to the prefaulter
    size_t mappedBytes = 0; // the mapping's length (0: malloc)
    bool largePages = false; // the mapping is advised to take 2 MiB pages
    bool readAtRandom = false; // PodVector::readAtRandom()
};
// Room for neededBytes at least; wantedBytes is what doubling would ask for (malloc and the
// mapping's length grow by it, the faulted-in part by a bounded step).
void podGrow(PodStorage& storage, size_t neededBytes, size_t usedBytes, size_t wantedBytes);
void podShrink(PodStorage& storage, size_t usedBytes);
void podFree(PodStorage& storage) noexcept;
void* mapFaultedIn(size_t bytes);
// Until the pages podGrow() left to the prefaulter's thread (PodVector.cpp) are faulted in (tests).
void waitForPrefaults();
void unmapFaultedIn(void* data, size_t bytes) noexcept;
// Faults in [begin, end) of an anonymous mapping with one call, from the page `begin` lies in
// (madvise refuses an unaligned start); nothing where the kernel cannot.
void faultInRange(const void* begin, const void* end) noexcept;
inline constexpr size_t FaultedInThreshold = size_t(256) << 10;
// Large pages go on being used until one takes more than 1.5 ms of CPU to fault in, twice what
// 2 MiB of small pages take (Adaptive, PodVector.cpp: a virtual machine that hands free memory
// back to its host), or wherever the kernel gives them (Always: the tests of the large-page
// paths). Setting it clears what was learnt.
enum class LargePages { Adaptive, Always };
void setLargePages(LargePages policy);
// Whether the process has stopped making large pages; markLargePagesCostly() as a slow one would.
bool largePagesCostly();
void markLargePagesCostly();
} // namespace detail

// An allocator for the hash tables a load grows to megabytes (absl's flat_hash_map writes its
// control bytes over the whole table when it makes it, and its inserts land all over it): from
// 256 KiB, a mapping faulted in whole with one call instead of a page fault per page.
template <typename T>
struct FaultedInAllocator {
    using value_type = T;
    FaultedInAllocator() = default;
    template <typename U>
    FaultedInAllocator(const FaultedInAllocator<U>&) noexcept
    {
    }
    T* allocate(size_t count)
    {
        const size_t bytes = count * sizeof(T);
        if (bytes < detail::FaultedInThreshold)
            return std::allocator<T>().allocate(count);
        return static_cast<T*>(detail::mapFaultedIn(bytes));
    }
    void deallocate(T* data, size_t count) noexcept
    {
        const size_t bytes = count * sizeof(T);
        if (bytes < detail::FaultedInThreshold)
            std::allocator<T>().deallocate(data, count);
        else
            detail::unmapFaultedIn(data, bytes);
    }
    template <typename U>
    bool operator==(const FaultedInAllocator<U>&) const noexcept
    {
        return true;
    }
};

// A vector for the arrays that grow to many megabytes while a file streams in (traces, stack
// nodes, per-callsite state, checkpoint columns). Elements are trivially copyable: growth never
// runs constructors, and on virtual machines, where every page fault is expensive, growing
// copies nothing and pages are faulted in eight at a time (cc1plus's load: 1 700 page faults in
// all, not 12 600).
template <typename T>
class PodVector {
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

public:
    using value_type = T;
    using iterator = T*;
    using const_iterator = const T*;

    PodVector() = default;
    explicit PodVector(size_t count, const T& value = T {}) { resize(count, value); }
    PodVector(const PodVector& other)
    {
        m_storage.readAtRandom = other.m_storage.readAtRandom;
        assign(other.begin(), other.end());
    }
    PodVector(PodVector&& other) noexcept
        : m_storage(std::exchange(other.m_storage, {}))
        , m_size(std::exchange(other.m_size, 0))
    {
    }
    PodVector& operator=(const PodVector& other)
    {
        if (this != &other)
            assign(other.begin(), other.end());
        return *this;
    }
    PodVector& operator=(PodVector&& other) noexcept
    {
        if (this != &other) {
            detail::podFree(m_storage);
            m_storage = std::exchange(other.m_storage, {});
            m_size = std::exchange(other.m_size, 0);
        }
        return *this;
    }
    ~PodVector() { detail::podFree(m_storage); }

    // For a table read at random (a lookup per line or event): large pages from 1 MiB on instead
    // of 16, for fewer TLB misses as well as page faults.
    void readAtRandom() { m_storage.readAtRandom = true; }

    size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    size_t capacity() const { return m_storage.bytes / sizeof(T); }
    // What it holds: past its capacity, a mapping may have pages faulted in ahead.
    size_t memoryBytes() const { return std::max(m_storage.bytes, m_storage.faultedBytes); }
    T* data() { return static_cast<T*>(m_storage.data); }
    const T* data() const { return static_cast<const T*>(m_storage.data); }
    T* begin() { return data(); }
    T* end() { return data() + m_size; }
    const T* begin() const { return data(); }
    const T* end() const { return data() + m_size; }
    T& operator[](size_t i) { return data()[i]; }
    const T& operator[](size_t i) const { return data()[i]; }
    T& back() { return data()[m_size - 1]; }
    const T& back() const { return data()[m_size - 1]; }

    void reserve(size_t count)
    {
        if (count > capacity())
            detail::podGrow(m_storage, count * sizeof(T), m_size * sizeof(T), count * sizeof(T));
    }
    // Room for `count` more elements, grown as push_back grows: for a caller that writes past
    // end() and then sets the size (resizeUninitialized).
    void reserveMore(size_t count)
    {
        if (m_size + count > capacity())
            grow(m_size + count);
    }
    void push_back(const T& value)
    {
        if (m_size == capacity()) {
            const T copy = value; // `value` may live in this vector
            grow(m_size + 1);
            data()[m_size++] = copy;
            return;
        }
        data()[m_size++] = value;
    }
    template <typename... Args>
    T& emplace_back(Args&&... args)
    {
        push_back(T { std::forward<Args>(args)... });
        return back();
    }
    void pop_back() { --m_size; }
    void resize(size_t count, const T& value = T {})
    {
        if (count > capacity())
            grow(count);
        std::fill(data() + std::min(m_size, count), data() + count, value);
        m_size = count;
    }
    // Grows without writing the new elements: for arrays the caller fills in full anyway.
    void resizeUninitialized(size_t count)
    {
        if (count > capacity())
            grow(count);
        m_size = count;
    }
    void clear() { m_size = 0; }
    void shrink_to_fit() { detail::podShrink(m_storage, m_size * sizeof(T)); }

    template <typename It>
    void assign(It first, It last)
    {
        m_size = 0;
        insert(end(), first, last);
    }
    template <typename It>
    T* insert(T* position, It first, It last)
    {
        const size_t offset = static_cast<size_t>(position - begin());
        const auto count = static_cast<size_t>(std::distance(first, last));
        if (m_size + count > capacity())
            grow(m_size + count);
        T* at = data() + offset;
        std::memmove(at + count, at, (m_size - offset) * sizeof(T));
        std::copy(first, last, at);
        m_size += count;
        return at;
    }
    T* erase(T* first, T* last)
    {
        std::memmove(first, last, static_cast<size_t>(end() - last) * sizeof(T));
        m_size -= static_cast<size_t>(last - first);
        return first;
    }

private:
    void grow(size_t minimum)
    {
        const size_t wanted = std::max({ minimum, capacity() * 2, size_t(16) });
        detail::podGrow(m_storage, minimum * sizeof(T), m_size * sizeof(T), wanted * sizeof(T));
    }

    detail::PodStorage m_storage;
    size_t m_size = 0;
};

} // namespace heapline
