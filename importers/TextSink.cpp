#include "TextSink.h"

#include <zstd.h>

namespace heapline {

TextSink::TextSink(AtomicFile& file, bool zstd)
    : m_file(file)
{
    if (zstd) {
        m_zstd = ZSTD_createCCtx();
        ZSTD_CCtx_setParameter(m_zstd, ZSTD_c_compressionLevel, 6);
        m_compressed.resize(ZSTD_CStreamOutSize());
    }
    m_buffer.reserve(BufferSize);
}

TextSink::~TextSink()
{
    if (m_zstd)
        ZSTD_freeCCtx(m_zstd);
}

bool TextSink::commit(std::string& error)
{
    flush(true);
    if (!m_ok) {
        error = m_error;
        return false;
    }
    return m_file.commit(error);
}

void TextSink::write(const char* data, size_t size)
{
    m_ok = m_ok && m_file.write({ data, size }, m_error);
}

void TextSink::flush(bool end)
{
    if (!m_zstd) {
        write(m_buffer.data(), m_buffer.size());
        m_buffer.clear();
        return;
    }
    ZSTD_inBuffer in { m_buffer.data(), m_buffer.size(), 0 };
    const ZSTD_EndDirective mode = end ? ZSTD_e_end : ZSTD_e_continue;
    for (;;) {
        ZSTD_outBuffer out { m_compressed.data(), m_compressed.size(), 0 };
        const size_t left = ZSTD_compressStream2(m_zstd, &out, &in, mode);
        if (ZSTD_isError(left)) {
            m_ok = false;
            m_error = std::string("zstd: ") + ZSTD_getErrorName(left);
            return;
        }
        write(m_compressed.data(), out.pos);
        if (end ? left == 0 : in.pos == in.size)
            break;
    }
    m_buffer.clear();
}

} // namespace heapline
