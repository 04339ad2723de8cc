#include "ChunkPipeline.h"

#include "model/PodVector.h"
#include "model/ThreadPlacement.h"

#include <algorithm>
#include <chrono>
#include <new>
#include <sys/mman.h>

namespace heapline {

ChunkPipeline::ChunkPipeline(
    std::unique_ptr<Decoder> decoder, size_t chunkSize, size_t chunkCount, size_t maxChunkSize, bool workerNow)
    : m_decoder(std::move(decoder))
    , m_chunkSize(chunkSize)
    , m_maxChunkSize(std::max(chunkSize, maxChunkSize))
{
    chunkCount = std::max<size_t>(chunkCount, 2);
    // One mapping for the ring: every byte is decoded into before it is read. Its pages are
    // faulted in by the worker, a buffer at a time as it first decodes into it: faulted in here
    // at once, they held up the worker's start (0.7 ms for heaptrack_gui's 1.3 MB, 1 ms for 2 MiB,
    // of loads of 20-60 ms) while it had nothing else to do until the first chunk.
    m_bufferBytes = m_maxChunkSize * chunkCount;
    m_faultedIn.assign(chunkCount, 0);
    void* buffer = ::mmap(nullptr, m_bufferBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (buffer == MAP_FAILED)
        throw std::bad_alloc();
    m_buffer = static_cast<char*>(buffer);
    // Where transparent huge pages are "always", the first write would fault in a 2 MiB page.
    ::madvise(m_buffer, m_bufferBytes, MADV_NOHUGEPAGE);
    for (size_t i = 0; i < chunkCount; ++i) {
        m_chunks.emplace_back();
        m_free.push_back(i);
    }
    m_prescanStates = std::make_unique<std::atomic<uint8_t>[]>(chunkCount);
    for (size_t i = 0; i < chunkCount; ++i)
        m_prescanStates[i].store(PrescanDone, std::memory_order_relaxed);
    if (workerNow)
        startWorker();
}

void ChunkPipeline::startWorker()
{
    if (m_worker.joinable())
        return;
    // The worker leaves this thread's CPU (model/ThreadPlacement.h).
    m_worker = std::thread([this, creatorCpu = ThreadPlacement::here()] { run(creatorCpu); });
}

ChunkPipeline::~ChunkPipeline()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_changed.notify_all();
    if (m_worker.joinable())
        m_worker.join();
    ::munmap(m_buffer, m_bufferBytes);
}

void ChunkPipeline::run(int creatorCpu)
{
    ThreadPlacement placement;
    placement.leave(creatorCpu);
    {
        std::lock_guard lock(m_mutex);
        m_workerStarted = true;
    }
    // What this thread does next, in order: prescan a chunk the parser does not take next (the
    // oldest such), decode into a free buffer, prescan the one the parser takes next. The parser
    // prescans a chunk it reaches unprescanned. On a file where parsing is the slower stage, every
    // chunk is prescanned here as it is decoded; where decompression and prescanning are, the
    // parser, which would otherwise wait, takes the prescan of each chunk as it comes.
    for (;;) {
        size_t index = SIZE_MAX;
        bool decode = false;
        {
            std::unique_lock lock(m_mutex);
            const auto isPending = [this](size_t i) {
                return m_prescanStates[i].load(std::memory_order_acquire) == PrescanPending;
            };
            // Chunks decoded before the reader knows its format (and sets its prescan) wait for
            // it: the first chunks of a file are prescanned too.
            const auto choose = [&] {
                const bool prescanning = m_prescan.load(std::memory_order_acquire) != nullptr;
                for (size_t k = 1; prescanning && k < m_filled.size(); ++k) {
                    if (isPending(m_filled[k])) {
                        index = m_filled[k];
                        return true;
                    }
                }
                if (!m_decodedLast && !m_decoderBusy && !m_free.empty()) {
                    decode = true;
                    return true;
                }
                if (prescanning && !m_filled.empty() && isPending(m_filled.front())) {
                    index = m_filled.front();
                    return true;
                }
                if (!m_decodedLast)
                    return false;
                // All decoded: done once nothing waits for a prescan that may yet be set.
                return prescanning || std::none_of(m_filled.begin(), m_filled.end(), isPending);
            };
            m_changed.wait(lock, [&] { return m_stop || choose(); });
            if (m_stop)
                return;
            if (decode) {
                index = takeBufferToDecode();
            } else if (index == SIZE_MAX) {
                return;
            } else {
                lock.unlock();
                claimPrescan(index);
                continue;
            }
        }
        decodeInto(index);
        // Once it has decoded a chunk (a test of a flag after the first).
        placement.mayRunAnywhere();
    }
}

size_t ChunkPipeline::takeBufferToDecode()
{
    const size_t index = m_free.front();
    m_free.pop_front();
    m_decoderBusy = true;
    return index;
}

void ChunkPipeline::decodeInto(size_t index)
{
    if (m_faultedIn[index] < m_chunkSize) {
        // A chunk sized from the file need not start on a page (an eighth of a file of
        // 2 082 149 bytes: 260 268): faultInRange starts at the page it lies in.
        detail::faultInRange(buffer(index) + m_faultedIn[index], buffer(index) + m_chunkSize);
        m_faultedIn[index] = m_chunkSize;
    }
    const auto status = m_decoder->decode({ buffer(index), m_chunkSize });
    // Once the text has gone past 16 of the largest chunks: a file whose text is a few times
    // its size keeps its small chunks, and its memory (phases, 1.2 MB of text: 1.1 MB more at
    // the peak with chunks grown from its start, binaries copied at the same time).
    m_decoded += status.produced;
    if (m_decoded >= 16 * m_maxChunkSize)
        m_chunkSize = std::min(2 * m_chunkSize, m_maxChunkSize);
    Chunk& chunk = m_chunks[index];
    chunk.data = buffer(index);
    chunk.size = status.produced;
    chunk.compressedOffset = m_decoder->compressedOffset();
    chunk.last = status.end;
    chunk.truncated = status.truncated;
    chunk.error = status.error;
    chunk.sequence = m_sequence++;
    chunk.startsLine = m_startsLine;
    m_prescanStates[index].store(PrescanPending, std::memory_order_relaxed);
    if (chunk.size > 0)
        m_startsLine = chunk.data[chunk.size - 1] == '\n';
    {
        std::lock_guard lock(m_mutex);
        m_filled.push_back(index);
        m_filledCount.fetch_add(1, std::memory_order_release);
        m_decoderBusy = false;
        m_decodedLast = status.end;
    }
    m_changed.notify_all();
    // No one decodes after the last chunk.
    if (status.end)
        m_decoder->releaseBuffers();
}

bool ChunkPipeline::decodeBeforeTheWorker()
{
    size_t index = SIZE_MAX;
    {
        std::lock_guard lock(m_mutex);
        if (m_workerStarted || m_decoderBusy || m_decodedLast || !m_filled.empty() || m_free.empty())
            return false;
        index = takeBufferToDecode();
    }
    decodeInto(index);
    ++m_decodedByCaller;
    return true;
}

void ChunkPipeline::setPrescan(Prescan prescan)
{
    {
        std::lock_guard lock(m_mutex);
        m_prescan.store(prescan, std::memory_order_release);
    }
    m_changed.notify_all();
}

bool ChunkPipeline::claimPrescan(size_t index)
{
    uint8_t expected = PrescanPending;
    if (!m_prescanStates[index].compare_exchange_strong(expected, PrescanClaimed, std::memory_order_acq_rel))
        return false;
    Chunk& chunk = m_chunks[index];
    chunk.runs.clear();
    chunk.values.clear();
    chunk.prescanned = false;
    if (const Prescan prescan = m_prescan.load(std::memory_order_acquire); prescan && chunk.error.empty()) {
        prescan(chunk, chunk.startsLine);
        chunk.prescanned = true;
    }
    m_prescanStates[index].store(PrescanDone, std::memory_order_release);
    return true;
}

const ChunkPipeline::Chunk* ChunkPipeline::next()
{
    if (m_current != SIZE_MAX) {
        {
            std::lock_guard lock(m_mutex);
            m_free.push_back(m_current);
            m_current = SIZE_MAX;
        }
        m_changed.notify_all();
    }
    if (m_deliveredLast)
        return nullptr;
    // None decoded yet: decoded here while the worker has not started, else waited for.
    if (m_filledCount.load(std::memory_order_acquire) == 0 && !decodeBeforeTheWorker()) {
        // Put to sleep, the parser is woken tens of microseconds after the chunk is there (more on
        // a virtual machine, whose idle CPU the host deschedules); a short spin first takes the
        // chunk as it comes. The first chunk comes after zstd's set-up and its first block (about
        // 0.4 ms): woken from sleep for it, the parser was put beside the worker and waited for the
        // kernel to move one of them, 1-3 ms. It spins for it instead, and yields its CPU now and
        // then, in case the worker waits for that very CPU.
        const bool first = m_delivered == 0;
        const auto spinUntil = std::chrono::steady_clock::now() + std::chrono::microseconds(first ? 5000 : 200);
        for (unsigned i = 1; m_filledCount.load(std::memory_order_acquire) == 0; ++i) {
            if (i % 64 == 0) {
                if (std::chrono::steady_clock::now() > spinUntil)
                    break;
                if (first)
                    ::sched_yield();
            }
            pause();
        }
    }
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return !m_filled.empty(); });
        m_current = m_filled.front();
        m_filled.pop_front();
        m_filledCount.fetch_sub(1, std::memory_order_relaxed);
    }
    // Prescanned here if the decompression thread left it; else that thread is at it (a fraction
    // of a chunk's parsing): wait.
    if (!claimPrescan(m_current)) {
        while (m_prescanStates[m_current].load(std::memory_order_acquire) != PrescanDone)
            pause();
    }
    ++m_delivered;
    if (m_chunks[m_current].last)
        m_deliveredLast = true;
    return &m_chunks[m_current];
}

void ChunkPipeline::pause()
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

} // namespace heapline
