#pragma once

#include "Decoder.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace heapline {

// Decompression and parsing as two pipeline stages: a worker thread decodes the file into a
// small ring of fixed buffers while the caller parses the previous one. Memory is the ring,
// whatever the size of the file. Until the worker has started, the caller decodes each chunk it
// asks for itself: on our 2-CPU virtual machines, in most loads of a small file, the caller waited
// 0.3-1.7 ms longer for its first chunk than decoding it takes (heaptrack.phases.zst: 2.7 ms of
// zstd -dc), the worker made for a CPU that had first to wake (under perf, which keeps the CPUs
// busy, never).
class ChunkPipeline {
public:
    // What a reader's prescan (below) found in a chunk: runs of lines it turned into numbers on
    // the worker thread, so that the parsing thread applies them without reading their text.
    struct Run {
        uint32_t begin = 0; // byte offset in the chunk of the run's first line
        uint32_t end = 0; // just past the '\n' of its last line
        uint32_t first = 0; // index of its first value in Chunk::values
        uint32_t count = 0; // lines, one record each (of one period, for a repeat)
        // A repeat: the lines are `count` lines repeated this many times, the records those of
        // one period (HeaptrackEvents.cpp).
        uint32_t repeats = 1;
    };
    struct Chunk {
        const char* data = nullptr;
        size_t size = 0;
        uint64_t compressedOffset = 0; // file bytes consumed when this chunk was complete
        bool last = false;
        bool truncated = false; // the compressed stream stopped mid-frame
        std::string error; // the input is corrupt or unreadable
        uint64_t sequence = 0; // counts the chunks decoded (a buffer is reused)
        bool prescanned = false; // runs and values are this chunk's
        bool startsLine = true; // the chunk begins at the start of a line
        // Reserved once per chunk by the prescan (HeaptrackEvents.cpp).
        std::vector<Run> runs;
        std::vector<uint32_t> values;
    };
    // Called for each chunk handed out after it is set (chunks decoded before may have prescanned
    // false): on the worker thread, or on the parser's when it reaches a chunk the worker has not
    // prescanned yet. `startsLine`: the chunk begins at the start of a line (the one before ended
    // with '\n'). It fills chunk.runs and chunk.values; lines cut by the chunk's ends are never in
    // a run.
    using Prescan = void (*)(Chunk& chunk, bool startsLine);
    void setPrescan(Prescan prescan);

    // Chunks of `chunkSize` bytes, each twice the one before up to `maxChunkSize` (where it is
    // larger) once the text has gone past 16 of those: a compressed file's text may be 10 or
    // 3 800 times its size.
    // `workerNow` false: the worker waits for startWorker(), and until then next() decodes each
    // chunk on the caller's thread (for tests of that hand-over; a load starts it at once).
    explicit ChunkPipeline(std::unique_ptr<Decoder> decoder, size_t chunkSize = 1 << 20, size_t chunkCount = 4,
        size_t maxChunkSize = 0, bool workerNow = true);
    ~ChunkPipeline();
    ChunkPipeline(const ChunkPipeline&) = delete;
    ChunkPipeline& operator=(const ChunkPipeline&) = delete;

    // The next chunk; the one returned before is handed back to the worker. nullptr after the
    // last chunk. The pointer stays valid until the next call.
    const Chunk* next();

    void startWorker();
    // Chunks next() decoded on the caller's thread (before the worker had started).
    uint64_t decodedByCaller() const { return m_decodedByCaller; }

    const Decoder& decoder() const { return *m_decoder; }
    // The decompression thread (for tests: which CPUs it may run on).
    std::thread::native_handle_type workerThread() { return m_worker.native_handle(); }

private:
    void run(int creatorCpu);
    // Under m_mutex: the free buffer the next chunk is decoded into, the decoder marked busy until
    // decodeInto() has filled it (on whichever thread took it).
    size_t takeBufferToDecode();
    // Decodes the next chunk into buffer `index` (from takeBufferToDecode()) and hands it over.
    void decodeInto(size_t index);
    // On the parser's thread, while the worker has not started yet: the next chunk decoded here
    // if none waits and the decoder is free. False where it was not.
    bool decodeBeforeTheWorker();
    // Prescans the chunk unless another thread has taken it on; false then.
    bool claimPrescan(size_t index);
    static void pause();
    enum : uint8_t { PrescanPending, PrescanClaimed, PrescanDone };

    std::unique_ptr<Decoder> m_decoder;
    size_t m_chunkSize; // the next chunk's
    uint64_t m_decoded = 0; // bytes of text so far
    size_t m_maxChunkSize; // each buffer's
    char* m_buffer = nullptr; // chunk i at i * m_maxChunkSize
    size_t m_bufferBytes = 0;
    std::vector<size_t> m_faultedIn; // bytes of each buffer, by the worker as it first decodes into them
    char* buffer(size_t index) { return m_buffer + index * m_maxChunkSize; }
    std::vector<Chunk> m_chunks;

    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<size_t> m_free;
    std::deque<size_t> m_filled;
    std::atomic<size_t> m_filledCount { 0 }; // m_filled.size(), read without the lock
    std::unique_ptr<std::atomic<uint8_t>[]> m_prescanStates; // per chunk
    bool m_stop = false;
    // Under m_mutex. The decoder is used by one thread at a time: the worker, or the parser until
    // the worker has started (a new thread on these virtual machines may wait a millisecond for an
    // idle CPU to wake, a third of a small file's load).
    bool m_workerStarted = false;
    bool m_decoderBusy = false;
    bool m_decodedLast = false;
    // Of the thread that holds the decoder.
    uint64_t m_sequence = 0;
    bool m_startsLine = true;
    size_t m_current = SIZE_MAX;
    std::atomic<Prescan> m_prescan { nullptr };
    bool m_deliveredLast = false;
    std::thread m_worker;
    uint64_t m_delivered = 0; // chunks next() returned
    uint64_t m_decodedByCaller = 0;
};

} // namespace heapline
