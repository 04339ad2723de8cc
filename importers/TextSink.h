#pragma once

#include "model/AtomicFile.h"

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

struct ZSTD_CCtx_s;

namespace heapline {

// Text written to an AtomicFile through a buffer of 1 MiB, compressed with zstd when asked: the
// Heapline writer's output, and a recording compressed as it was written.
class TextSink {
public:
    TextSink(AtomicFile& file, bool zstd);
    ~TextSink();
    TextSink(const TextSink&) = delete;
    TextSink& operator=(const TextSink&) = delete;

    void put(std::string_view text)
    {
        m_buffer.append(text);
        if (m_buffer.size() >= BufferSize)
            flush(false);
    }
    void put(char c) { m_buffer.push_back(c); }
    void number(int64_t value)
    {
        char text[24];
        const auto [end, ec] = std::to_chars(text, text + sizeof text, value);
        m_buffer.append(text, end);
    }
    void real(double value)
    {
        char text[40];
        // Shortest text that reads back as the same double.
        const auto [end, ec] = std::to_chars(text, text + sizeof text, value);
        m_buffer.append(text, end);
    }
    // The end of the stream, then the file in place; false with the reason in `error`.
    bool commit(std::string& error);

private:
    static constexpr size_t BufferSize = 1 << 20;

    void write(const char* data, size_t size);
    void flush(bool end);

    AtomicFile& m_file;
    ZSTD_CCtx_s* m_zstd = nullptr;
    std::string m_buffer;
    std::string m_compressed;
    bool m_ok = true;
    std::string m_error;
};

} // namespace heapline
