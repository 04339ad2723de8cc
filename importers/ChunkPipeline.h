#pragma once

#include "Decoder.h"
#include "model/PodVector.h"

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
// whatever the size of the file.
class ChunkPipeline {
public:
    struct Chunk {
        const char* data = nullptr;
        size_t size = 0;
        uint64_t compressedOffset = 0; // file bytes consumed when this chunk was complete
        bool last = false;
        bool truncated = false; // the compressed stream stopped mid-frame
        std::string error; // the input is corrupt or unreadable
    };

    explicit ChunkPipeline(std::unique_ptr<Decoder> decoder, size_t chunkSize = 1 << 20, size_t chunkCount = 4);
    ~ChunkPipeline();
    ChunkPipeline(const ChunkPipeline&) = delete;
    ChunkPipeline& operator=(const ChunkPipeline&) = delete;

    // The next chunk; the one returned before is handed back to the worker. nullptr after the
    // last chunk. The pointer stays valid until the next call.
    const Chunk* next();

    const Decoder& decoder() const { return *m_decoder; }

private:
    void run();

    std::unique_ptr<Decoder> m_decoder;
    size_t m_chunkSize;
    std::vector<PodVector<char>> m_buffers;
    std::vector<Chunk> m_chunks;

    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<size_t> m_free;
    std::deque<size_t> m_filled;
    bool m_stop = false;
    bool m_producerDone = false;
    size_t m_current = SIZE_MAX;
    bool m_deliveredLast = false;
    std::thread m_worker;
};

} // namespace heapline
