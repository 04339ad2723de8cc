#include "ChunkPipeline.h"

namespace heapline {

ChunkPipeline::ChunkPipeline(std::unique_ptr<Decoder> decoder, size_t chunkSize, size_t chunkCount)
    : m_decoder(std::move(decoder))
    , m_chunkSize(chunkSize)
{
    chunkCount = std::max<size_t>(chunkCount, 2);
    for (size_t i = 0; i < chunkCount; ++i) {
        m_buffers.emplace_back(chunkSize);
        m_chunks.emplace_back();
        m_free.push_back(i);
    }
    m_worker = std::thread([this] { run(); });
}

ChunkPipeline::~ChunkPipeline()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_changed.notify_all();
    m_worker.join();
}

void ChunkPipeline::run()
{
    bool startsLine = true;
    uint64_t sequence = 0;
    for (;;) {
        size_t index;
        {
            std::unique_lock lock(m_mutex);
            m_changed.wait(lock, [this] { return m_stop || !m_free.empty(); });
            if (m_stop)
                return;
            index = m_free.front();
            m_free.pop_front();
        }
        const auto status = m_decoder->decode({ m_buffers[index].data(), m_chunkSize });
        Chunk& chunk = m_chunks[index];
        chunk.data = m_buffers[index].data();
        chunk.size = status.produced;
        chunk.compressedOffset = m_decoder->compressedOffset();
        chunk.last = status.end;
        chunk.truncated = status.truncated;
        chunk.error = status.error;
        chunk.sequence = sequence++;
        chunk.runs.clear();
        chunk.values.clear();
        chunk.prescanned = false;
        if (const Prescan prescan = m_prescan.load(std::memory_order_acquire); prescan && chunk.error.empty()) {
            prescan(chunk, startsLine);
            chunk.prescanned = true;
        }
        if (chunk.size > 0)
            startsLine = chunk.data[chunk.size - 1] == '\n';
        {
            std::lock_guard lock(m_mutex);
            m_filled.push_back(index);
            if (status.end)
                m_producerDone = true;
        }
        m_changed.notify_all();
        if (status.end)
            return;
    }
}

const ChunkPipeline::Chunk* ChunkPipeline::next()
{
    std::unique_lock lock(m_mutex);
    if (m_current != SIZE_MAX) {
        m_free.push_back(m_current);
        m_current = SIZE_MAX;
        m_changed.notify_all();
    }
    if (m_deliveredLast)
        return nullptr;
    m_changed.wait(lock, [this] { return !m_filled.empty(); });
    m_current = m_filled.front();
    m_filled.pop_front();
    if (m_chunks[m_current].last)
        m_deliveredLast = true;
    return &m_chunks[m_current];
}

} // namespace heapline
