#pragma once

#include <atomic>
#include <cstdint>
#include <functional>

namespace heapline {

// Progress and cancellation, shared between the importer (any thread) and whoever started it.
class ImportControl {
public:
    void cancel() { m_cancelled.store(true, std::memory_order_relaxed); }
    bool cancelled() const { return m_cancelled.load(std::memory_order_relaxed); }

    // Called from the importing thread with the bytes of the file consumed and its size.
    std::function<void(uint64_t consumed, uint64_t total)> onProgress;

    void reportProgress(uint64_t consumed, uint64_t total) const
    {
        if (onProgress)
            onProgress(consumed, total);
    }

private:
    std::atomic<bool> m_cancelled { false };
};

} // namespace heapline
