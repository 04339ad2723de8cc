#include "PodVector.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <deque>
#include <mutex>
#include <sys/mman.h>
#include <thread>

namespace heapline::detail {

namespace {

constexpr size_t MapThreshold = FaultedInThreshold;
// Mappings grow in steps of 2 MiB, so that a vector growing by a few elements at a time
// remaps rarely. Pages past the size and the step of faulting-in are never touched, so never
// resident.
constexpr size_t MapStep = size_t(2) << 20;
// The part of a mapping in use is faulted in ahead of the writes, this much at a time, with one
// madvise(MADV_POPULATE_WRITE): on a virtual machine each page fault is an exit to the
// hypervisor (about 8 us here), and cc1plus's load took 9 000 of them on these arrays' first
// writes, a fifth of its CPU time. At most this much per vector is resident before it is used.
constexpr size_t PageSize = 4096;
constexpr size_t PopulateStep = size_t(32) << 10;
// A vector that needs this much or more is backed by 2 MiB pages (transparent huge pages, where
// the kernel gives them), faulted in a whole one at a time. On the virtual machines we measure
// on, a fresh 4 KiB page costs about 4.5 us at the process's first write to it even after
// madvise(MADV_POPULATE_WRITE) faulted it in, and a 2 MiB page about 0.15 ms: 12 MB take 14-35
// ms in small pages, under 1 ms in large ones. The price: each such vector's last 2 MiB page is
// resident in full. The tables read at random gain the most (below); for the rest, large pages
// from 4 MiB instead of 16 changed no load's time and cost the GUI 3-5 MB.
constexpr size_t HugePage = size_t(2) << 20;
constexpr size_t LargePageThreshold = 8 * HugePage; // 16 MiB
// A table read at random (PodVector::readAtRandom: the stack nodes, the callsite slots, the
// trace-to-node and info tables, a lookup per line or event) from 1 MiB: its large pages also
// spare the TLB misses of its lookups. cc1plus's load 0.20 -> 0.13 s.
constexpr size_t RandomAccessThreshold = size_t(1) << 20;

size_t roundUp(size_t bytes, size_t step)
{
    return (bytes + step - 1) & ~(step - 1);
}

// `bytes` of address space starting on a 2 MiB boundary (where a large page can start), reserved:
// no access, nothing committed.
char* reserveAligned(size_t bytes)
{
    void* p = ::mmap(nullptr, bytes + HugePage, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        throw std::bad_alloc();
    char* raw = static_cast<char*>(p);
    char* aligned = reinterpret_cast<char*>(roundUp(reinterpret_cast<uintptr_t>(raw), HugePage));
    if (aligned > raw)
        ::munmap(raw, static_cast<size_t>(aligned - raw));
    ::munmap(aligned + bytes, static_cast<size_t>(raw + HugePage - aligned));
    return aligned;
}

// Large pages or, where the kernel would otherwise give them to any aligned 2 MiB (transparent
// huge pages "always", as some distributions ship), small ones: every vector below its threshold
// would then take a 2 MiB page (cc1plus's peak 48 -> 55 MB; the code before aligned mappings, 75).
void adviseLargePages(void* data, size_t bytes, bool large = true)
{
    ::madvise(data, bytes, large ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
}

// Whether this machine's large pages cost more than they save. On a virtual machine that hands
// its free memory back to the host (virtio-balloon free page reporting, as Firecracker's does),
// a free 2 MiB block is returned after a few seconds, and the next 2 MiB page made of it is backed
// anew by the host as the kernel zeroes it: 6.6 ms of the faulting thread's CPU time here, where
// a page the guest recycled takes 0.2 ms and 2 MiB of small pages 0.75 ms (small pages come from
// the smaller free blocks, which are never returned). A load started after a few idle seconds
// spent a quarter of its CPU time zeroing such pages: cc1plus 205 -> 142 ms in small pages,
// while back to back, where large pages come recycled, the two are alike (and heaptrack_gui's
// files 8% faster in large ones). So each large page faulted in is timed, in the faulting
// thread's CPU time (which a preempted thread does not run up, and a host's stall does), and
// once one costs more than this the process makes no more of them.
constexpr int64_t CostlyLargePageNs = 1'500'000;
std::atomic<bool> s_largePagesCostly { false };
std::atomic<LargePages> s_largePages { LargePages::Adaptive };

#ifdef MADV_POPULATE_WRITE
int64_t threadCpuNs()
{
    timespec now {};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return int64_t(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

// Faults in [begin, begin + bytes); in a mapping of large pages, times the large pages that start
// in it (a range that starts in a page the kernel made whole at its first fault costs nothing).
void populateRange(char* begin, size_t bytes, bool largePages)
{
    const uintptr_t from = roundUp(reinterpret_cast<uintptr_t>(begin), HugePage);
    const uintptr_t to = reinterpret_cast<uintptr_t>(begin) + bytes;
    const size_t largeCount = largePages && from < to ? (to - from + HugePage - 1) / HugePage : 0;
    const int64_t start = largeCount > 0 ? threadCpuNs() : 0;
    ::madvise(begin, bytes, MADV_POPULATE_WRITE);
    if (largeCount > 0 && threadCpuNs() - start > CostlyLargePageNs * static_cast<int64_t>(largeCount))
        markLargePagesCostly();
}
#endif

char* mapFresh(size_t bytes, bool largePages)
{
    void* p
        = ::mmap(reserveAligned(bytes), bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (p == MAP_FAILED)
        throw std::bad_alloc();
    adviseLargePages(p, bytes, largePages);
    return static_cast<char*>(p);
}

#ifdef MADV_POPULATE_WRITE
// Faulting a page in is the kernel's work for the thread that asks, and on the virtual machines we
// measure on it is the host's too (a fresh page is backed at the guest's first touch): the parsing
// thread of cc1plus's load spent 8% of its time in madvise(MADV_POPULATE_WRITE) for its tables'
// next pages, while the decompression thread's core was a third idle. The pages past the ones the
// next write needs are faulted in by a thread of its own, started at the first such request.
class Prefaulter {
public:
    // Never destroyed: a vector freed during static destruction still asks it to forget.
    static Prefaulter& instance()
    {
        static Prefaulter* prefaulter = new Prefaulter;
        return *prefaulter;
    }
    static bool used() { return s_used.load(std::memory_order_acquire); }

    void request(char* begin, char* end, bool largePages)
    {
        {
            std::lock_guard lock(m_mutex);
            if (!m_started) {
                std::thread([this] { run(); }).detach();
                m_started = true;
                s_used.store(true, std::memory_order_release);
            }
            m_queue.push_back({ begin, end, largePages });
        }
        m_wake.notify_one();
    }
    // No request for any part of [begin, end) runs after this returns: the range is about to be
    // unmapped or moved, and another mapping may take its place.
    void forget(const char* begin, const char* end)
    {
        const auto overlaps = [&](const Range& r) { return r.begin < end && begin < r.end; };
        std::unique_lock lock(m_mutex);
        std::erase_if(m_queue, overlaps);
        m_done.wait(lock, [&] { return !overlaps(m_inFlight); });
    }

    void waitUntilIdle()
    {
        std::unique_lock lock(m_mutex);
        m_done.wait(lock, [&] { return m_queue.empty() && m_inFlight.begin == nullptr; });
    }

private:
    struct Range {
        char* begin = nullptr;
        char* end = nullptr;
        bool largePages = false;
    };
    void run()
    {
        std::unique_lock lock(m_mutex);
        for (;;) {
            m_wake.wait(lock, [&] { return !m_queue.empty(); });
            m_inFlight = m_queue.front();
            m_queue.pop_front();
            const Range range = m_inFlight;
            lock.unlock();
            populateRange(range.begin, static_cast<size_t>(range.end - range.begin), range.largePages);
            lock.lock();
            m_inFlight = {};
            m_done.notify_all();
        }
    }

    static inline std::atomic<bool> s_used { false };
    std::mutex m_mutex;
    std::condition_variable m_wake, m_done;
    std::deque<Range> m_queue;
    Range m_inFlight;
    bool m_started = false;
};
#endif

// Fewer bytes than this past what the next write needs are faulted in at once, not handed over.
constexpr size_t MinPrefault = size_t(32) << 10;

// Faults in [storage.faultedBytes, to) of the mapping: up to `neededBytes` now, the rest on the
// prefaulter's thread. Where the kernel cannot (before Linux 5.14), the writes fault the pages in
// as they come. The caller says how much of it the vector may use (storage.bytes).
void populate(PodStorage& storage, size_t to, size_t neededBytes)
{
    to = std::max(to, storage.faultedBytes); // an exact reserve() below what is faulted in
#ifdef MADV_POPULATE_WRITE
    char* const data = static_cast<char*>(storage.data);
    size_t now = std::clamp(roundUp(neededBytes, PageSize), storage.faultedBytes, to);
    if (to - now < MinPrefault)
        now = to;
    if (now > storage.faultedBytes)
        populateRange(data + storage.faultedBytes, now - storage.faultedBytes, storage.largePages);
    if (to > now)
        Prefaulter::instance().request(data + now, data + to, storage.largePages);
#else
    (void)neededBytes;
#endif
    storage.faultedBytes = to;
}

// Before [begin, end) of a mapping is unmapped or moved.
void forgetPrefaults(void* begin, size_t bytes) noexcept
{
#ifdef MADV_POPULATE_WRITE
    if (Prefaulter::used())
        Prefaulter::instance().forget(static_cast<const char*>(begin), static_cast<const char*>(begin) + bytes);
#else
    (void)begin;
    (void)bytes;
#endif
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
    const size_t bytes = roundUp(wantedBytes, MapStep);
    const bool large
        = !largePagesCostly() && neededBytes >= (storage.readAtRandom ? RandomAccessThreshold : LargePageThreshold);
    // In large pages, from a vector's second one on, the next 2 MiB page is faulted in once the
    // writes are three quarters through the one before, on the prefaulter's thread: here a fresh
    // large page can cost 5-7 ms to fault in (the host backs it at the guest's first touch), and
    // cc1plus-40M's parser had waited on 17 of them, 95 of its 620 ms, while the decompression
    // thread's core was half idle. The price is what lies ahead when the vector stops growing: a
    // quarter of a large page per vector on average (half a page ahead: cc1plus-40M's peak 61 ->
    // 65.7 MB, no faster). Not for a vector in its first large page: a table read at random that
    // has only just moved to large pages often stops in it (leakpy's, heaptrack_gui's: +2-4 MB).
    constexpr size_t LargePageLead = HugePage / 4;
    const bool lookAhead = large && neededBytes > HugePage;
    const size_t reach
        = roundUp(neededBytes + (lookAhead ? LargePageLead : PopulateStep), large ? HugePage : PopulateStep);
    const size_t populated = std::min(reach, roundUp(wantedBytes, PageSize));
    // The next call as the writes come within the lead of the last large page's end.
    const size_t nextCall = lookAhead && populated == reach ? reach - LargePageLead : populated;
    // A table read at random moves to large pages whole (a copy of at most a few MB): its small
    // pages would stay small, and its first megabytes are read as often as the rest.
    const bool moveToLargePages = large && !storage.largePages && storage.readAtRandom;
    if (storage.mappedBytes && !moveToLargePages) {
        if (populated > storage.mappedBytes) {
            // The kernel moves the pages already in use (page tables, not their bytes), to a 2 MiB
            // boundary so that large pages stay large.
            char* to = reserveAligned(bytes);
            forgetPrefaults(storage.data, storage.mappedBytes);
            void* moved = ::mremap(storage.data, storage.mappedBytes, bytes, MREMAP_MAYMOVE | MREMAP_FIXED, to);
            if (moved == MAP_FAILED) {
                ::munmap(to, bytes);
                throw std::bad_alloc();
            }
            storage.data = moved;
            storage.mappedBytes = bytes;
        }
        if (large != storage.largePages) {
            // The pages already in use stay as they are.
            adviseLargePages(storage.data, storage.mappedBytes, large);
            storage.largePages = large;
        }
        populate(storage, populated, neededBytes);
        storage.bytes = nextCall;
        return;
    }
    PodStorage fresh { mapFresh(bytes, large), 0, 0, bytes, large, storage.readAtRandom };
    populate(fresh, populated, neededBytes);
    fresh.bytes = nextCall;
    if (usedBytes)
        std::memcpy(fresh.data, storage.data, usedBytes);
    podFree(storage); // the old storage, malloc'ed or mapped
    storage = fresh;
}

void podShrink(PodStorage& storage, size_t usedBytes)
{
    if (!storage.mappedBytes) {
        if (usedBytes == 0) {
            std::free(storage.data);
            storage = { .readAtRandom = storage.readAtRandom };
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
        forgetPrefaults(static_cast<char*>(storage.data) + keep, storage.mappedBytes - keep);
        ::munmap(static_cast<char*>(storage.data) + keep, storage.mappedBytes - keep);
        storage.mappedBytes = keep;
        storage.bytes = std::min(storage.bytes, keep);
        storage.faultedBytes = std::min(storage.faultedBytes, keep);
        if (keep == 0)
            storage = { .readAtRandom = storage.readAtRandom };
    }
}

void* mapFaultedIn(size_t bytes)
{
    // Large pages only where the table covers all of one: its last, partial 2 MiB stays small.
    const size_t mapped = roundUp(bytes, PageSize);
    const bool large = bytes >= HugePage && !largePagesCostly();
    PodStorage storage { mapFresh(mapped, large), 0, 0, mapped, large };
    populate(storage, storage.mappedBytes, storage.mappedBytes);
    return storage.data;
}

void unmapFaultedIn(void* data, size_t bytes) noexcept
{
    ::munmap(data, roundUp(bytes, PageSize));
}

void faultInRange(const void* begin, const void* end) noexcept
{
#ifdef MADV_POPULATE_WRITE
    const auto from = reinterpret_cast<uintptr_t>(begin) / PageSize * PageSize;
    const auto to = reinterpret_cast<uintptr_t>(end);
    if (to > from)
        ::madvise(reinterpret_cast<void*>(from), to - from, MADV_POPULATE_WRITE);
#else
    (void)begin;
    (void)end;
#endif
}

void setLargePages(LargePages policy)
{
    s_largePages.store(policy, std::memory_order_relaxed);
    s_largePagesCostly.store(false, std::memory_order_relaxed);
}

bool largePagesCostly()
{
    return s_largePagesCostly.load(std::memory_order_relaxed)
        && s_largePages.load(std::memory_order_relaxed) == LargePages::Adaptive;
}

void markLargePagesCostly()
{
    s_largePagesCostly.store(true, std::memory_order_relaxed);
}

void waitForPrefaults()
{
#ifdef MADV_POPULATE_WRITE
    if (Prefaulter::used())
        Prefaulter::instance().waitUntilIdle();
#endif
}

void podFree(PodStorage& storage) noexcept
{
    if (storage.mappedBytes) {
        forgetPrefaults(storage.data, storage.mappedBytes);
        ::munmap(storage.data, storage.mappedBytes);
    } else {
        std::free(storage.data);
    }
    storage = {};
}

} // namespace heapline::detail
