#include "Decoder.h"

#include "model/PodVector.h"

#include <algorithm>
#include <bzlib.h>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <span>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>
#include <zlib.h>
#define ZSTD_STATIC_LINKING_ONLY // ZSTD_createDStream_advanced: its allocations
#include <zstd.h>

namespace heapline {

namespace {

// zstd's own advice for a stream's input (ZSTD_DStreamInSize: a block and its header) is 128 KiB;
// a larger buffer only costs memory and, on a virtual machine, its pages' first writes (a 1 MiB
// one: 0.8 MB more at every load's peak and about 1 ms on the small files).
constexpr size_t InputBufferSize = 128 << 10;

// The compressed input, read into before it is read: not zeroed, so that a small file touches
// (and faults in) only the pages its bytes fill, on the thread that reads them.
PodVector<uint8_t> inputBuffer()
{
    PodVector<uint8_t> buffer;
    buffer.resizeUninitialized(InputBufferSize);
    return buffer;
}

std::string offsetText(uint64_t offset, uint64_t size)
{
    return "at byte " + std::to_string(offset) + " of " + std::to_string(size);
}

class PlainDecoder final : public Decoder {
public:
    PlainDecoder(int fd, uint64_t size)
        : Decoder(fd, size, Compression::None)
    {
    }

    Status decode(std::span<char> out) override
    {
        Status status;
        while (status.produced < out.size()) {
            const size_t n
                = readInput({ reinterpret_cast<uint8_t*>(out.data()) + status.produced, out.size() - status.produced },
                    status, false);
            if (n == 0)
                return status;
            status.produced += n;
        }
        return status;
    }
};

// zstd's window (2 MiB and a block on every heaptrack file) is a fresh mapping whose pages the
// decoding faults in one at a time: on a virtual machine each fault an exit to the hypervisor, 512
// of them over the first 2 MiB of output, the first few before the parser has its first chunk. The
// decoder maps its large allocations itself and faults the window's pages in ahead of the output,
// a step at a time (the streaming decoder fills its window from the start and wraps), so that a
// small file's window is no more resident than before. A header before each allocation says
// whose it is.
constexpr size_t MappedFrom = 1 << 20; // the window; the context and the input buffer are smaller
constexpr size_t WindowStep = 64 << 10;
// The compressed size from which the output will fill a 2 MiB window (heaptrack's text compresses
// 4 to 180 times).
constexpr uint64_t FaultInWindowFrom = 512 << 10;
constexpr size_t AllocationHeader = 64; // zstd needs 8-byte alignment; a cache line keeps it simple

struct ZstdWindow {
    char* data = nullptr;
    size_t bytes = 0;
    size_t faultedIn = 0;
    // The stream's output when the window was allocated (a later frame with a larger window has a
    // window of its own), and at the call under way.
    uint64_t from = 0;
    uint64_t produced = 0;
};

void* zstdAllocate(void* opaque, size_t size)
{
    const size_t total = size + AllocationHeader;
    void* block = nullptr;
    if (size >= MappedFrom) {
        block = ::mmap(nullptr, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (block == MAP_FAILED)
            return nullptr;
        auto* window = static_cast<ZstdWindow*>(opaque);
        *window = { static_cast<char*>(block), total, 0, window->produced, window->produced };
    } else if (!(block = std::malloc(total))) {
        return nullptr;
    }
    std::memcpy(block, &total, sizeof total);
    return static_cast<char*>(block) + AllocationHeader;
}

void zstdFree(void* opaque, void* address)
{
    if (!address)
        return;
    char* block = static_cast<char*>(address) - AllocationHeader;
    size_t total = 0;
    std::memcpy(&total, block, sizeof total);
    if (total - AllocationHeader < MappedFrom) {
        std::free(block);
        return;
    }
    ::munmap(block, total);
    auto* window = static_cast<ZstdWindow*>(opaque);
    if (window->data == block)
        *window = { .produced = window->produced };
}

// Faults in the window's pages that the next `ahead` bytes of output will reach, `produced`
// bytes into the stream.
void faultInWindow(ZstdWindow& window, uint64_t produced, size_t ahead)
{
    window.produced = produced;
    if (!window.data || window.faultedIn == window.bytes)
        return;
    // zstd's buffer holds its input's staging area (a block) before the window: what its own input
    // buffer, a block or more, leaves unused.
    const uint64_t reach = produced - window.from + ahead + AllocationHeader + ZSTD_BLOCKSIZE_MAX;
    if (reach <= window.faultedIn)
        return;
    const uint64_t wanted = (reach + WindowStep - 1) / WindowStep * WindowStep;
    const size_t to = static_cast<size_t>(std::min<uint64_t>(wanted, window.bytes));
    detail::faultInRange(
        window.data + std::max(window.faultedIn, AllocationHeader + ZSTD_BLOCKSIZE_MAX), window.data + to);
    window.faultedIn = to;
}

class ZstdDecoder final : public Decoder {
public:
    ZstdDecoder(int fd, uint64_t size)
        : Decoder(fd, size, Compression::Zstd)
        , m_ctx(ZSTD_createDStream_advanced({ zstdAllocate, zstdFree, &m_window }))
        , m_buffer(inputBuffer())
    {
        ZSTD_initDStream(m_ctx);
    }
    ~ZstdDecoder() override { ZSTD_freeDStream(m_ctx); }
    std::span<const char> window() const override { return { m_window.data, m_window.bytes }; }
    void releaseBuffers() override
    {
        ZSTD_freeDStream(m_ctx);
        m_ctx = nullptr;
        m_input = { nullptr, 0, 0 };
        m_buffer.clear();
        m_buffer.shrink_to_fit();
    }

    Status decode(std::span<char> out) override
    {
        Status status;
        ZSTD_outBuffer output { out.data(), out.size(), 0 };
        while (output.pos < output.size) {
            // When the last call filled the output, the decoder may still hold data: let it
            // flush before reading more (or before deciding that the file ended mid-frame).
            if (m_input.pos == m_input.size && !m_outputWasFull) {
                // A non-zero hint means the decoder is inside a frame: a file that ends there is cut.
                const size_t n = readInput(m_buffer, status, m_hint != 0 && m_sawInput);
                if (n == 0)
                    break;
                m_input = { m_buffer.data(), n, 0 };
                m_inputStart = m_consumed - n;
                m_sawInput = true;
            }
            // The window is allocated by the first call, as the frame's header says its size.
            // Not for a small file, whose output may never fill the window: its pages past the
            // output's end would be resident for nothing (phases-killed: 267 kB of output, 0.4 MB
            // more at the peak).
            if (m_fileSize >= FaultInWindowFrom)
                faultInWindow(m_window, m_produced + output.pos, output.size - output.pos + ZSTD_BLOCKSIZE_MAX);
            const size_t hint = ZSTD_decompressStream(m_ctx, &output, &m_input);
            if (ZSTD_isError(hint)) {
                status.error = std::string("zstd: ") + ZSTD_getErrorName(hint) + " "
                    + offsetText(m_inputStart + m_input.pos, m_fileSize);
                status.end = true;
                break;
            }
            m_hint = hint;
            m_outputWasFull = output.pos == output.size;
        }
        status.produced = output.pos;
        m_produced += output.pos;
        return status;
    }

private:
    ZstdWindow m_window; // before m_ctx, whose allocations set it
    uint64_t m_produced = 0;
    ZSTD_DStream* m_ctx;
    PodVector<uint8_t> m_buffer;
    ZSTD_inBuffer m_input { nullptr, 0, 0 };
    uint64_t m_inputStart = 0;
    size_t m_hint = 1;
    bool m_sawInput = false;
    bool m_outputWasFull = false;
};

class GzipDecoder final : public Decoder {
public:
    GzipDecoder(int fd, uint64_t size)
        : Decoder(fd, size, Compression::Gzip)
        , m_buffer(inputBuffer())
    {
        std::memset(&m_stream, 0, sizeof m_stream);
        // 15 + 32: a window of 32 KiB, and accept a gzip or zlib header.
        m_ok = inflateInit2(&m_stream, 15 + 32) == Z_OK;
    }
    ~GzipDecoder() override { inflateEnd(&m_stream); }

    Status decode(std::span<char> out) override
    {
        Status status;
        if (!m_ok) {
            status.error = "zlib: cannot initialise the decompressor";
            status.end = true;
            return status;
        }
        m_stream.next_out = reinterpret_cast<Bytef*>(out.data());
        m_stream.avail_out = static_cast<uInt>(out.size());
        while (m_stream.avail_out > 0) {
            if (m_stream.avail_in == 0 && !m_outputWasFull) {
                const size_t n = readInput(m_buffer, status, m_inMember);
                if (n == 0)
                    break;
                m_stream.next_in = m_buffer.data();
                m_stream.avail_in = static_cast<uInt>(n);
                m_inputStart = m_consumed - n;
                m_inputSize = n;
            }
            if (!m_inMember) {
                // Concatenated gzip members are one stream (what `cat a.gz b.gz` gives).
                inflateReset(&m_stream);
                m_inMember = true;
            }
            const int rc = inflate(&m_stream, Z_NO_FLUSH);
            m_outputWasFull = m_stream.avail_out == 0;
            if (rc == Z_STREAM_END) {
                m_inMember = false;
                m_outputWasFull = false;
                continue;
            }
            if (rc != Z_OK && rc != Z_BUF_ERROR) {
                status.error = std::string("gzip: ") + (m_stream.msg ? m_stream.msg : "corrupt data") + " "
                    + offsetText(m_inputStart + (m_inputSize - m_stream.avail_in), m_fileSize);
                status.end = true;
                break;
            }
        }
        status.produced = out.size() - m_stream.avail_out;
        return status;
    }

private:
    z_stream m_stream;
    bool m_ok = false;
    bool m_inMember = false;
    bool m_outputWasFull = false;
    PodVector<uint8_t> m_buffer;
    uint64_t m_inputStart = 0;
    size_t m_inputSize = 0;
};

class Bzip2Decoder final : public Decoder {
public:
    Bzip2Decoder(int fd, uint64_t size)
        : Decoder(fd, size, Compression::Bzip2)
        , m_buffer(inputBuffer())
    {
        std::memset(&m_stream, 0, sizeof m_stream);
    }
    ~Bzip2Decoder() override
    {
        if (m_inStream)
            BZ2_bzDecompressEnd(&m_stream);
    }

    Status decode(std::span<char> out) override
    {
        Status status;
        m_stream.next_out = out.data();
        m_stream.avail_out = static_cast<unsigned>(out.size());
        while (m_stream.avail_out > 0) {
            if (m_stream.avail_in == 0 && !m_outputWasFull) {
                const size_t n = readInput(m_buffer, status, m_inStream);
                if (n == 0)
                    break;
                m_stream.next_in = reinterpret_cast<char*>(m_buffer.data());
                m_stream.avail_in = static_cast<unsigned>(n);
                m_inputStart = m_consumed - n;
                m_inputSize = n;
            }
            if (!m_inStream) {
                // Concatenated bzip2 streams (pbzip2 writes them) are one stream.
                if (BZ2_bzDecompressInit(&m_stream, 0, 0) != BZ_OK) {
                    status.error = "bzip2: cannot initialise the decompressor";
                    status.end = true;
                    break;
                }
                m_inStream = true;
            }
            const int rc = BZ2_bzDecompress(&m_stream);
            m_outputWasFull = m_stream.avail_out == 0;
            if (rc == BZ_STREAM_END) {
                BZ2_bzDecompressEnd(&m_stream);
                m_inStream = false;
                m_outputWasFull = false;
                continue;
            }
            if (rc != BZ_OK) {
                status.error = "bzip2: corrupt data (error " + std::to_string(rc) + ") "
                    + offsetText(m_inputStart + (m_inputSize - m_stream.avail_in), m_fileSize);
                status.end = true;
                break;
            }
        }
        status.produced = out.size() - m_stream.avail_out;
        return status;
    }

private:
    bz_stream m_stream;
    bool m_inStream = false;
    bool m_outputWasFull = false;
    PodVector<uint8_t> m_buffer;
    uint64_t m_inputStart = 0;
    size_t m_inputSize = 0;
};

} // namespace

const char* compressionName(Compression c)
{
    switch (c) {
    case Compression::None:
        return "plain text";
    case Compression::Zstd:
        return "zstd";
    case Compression::Gzip:
        return "gzip";
    case Compression::Bzip2:
        return "bzip2";
    }
    return "?";
}

Compression detectCompression(std::span<const uint8_t> head)
{
    if (head.size() >= 4 && head[0] == 0x28 && head[1] == 0xB5 && head[2] == 0x2F && head[3] == 0xFD)
        return Compression::Zstd;
    if (head.size() >= 2 && head[0] == 0x1F && head[1] == 0x8B)
        return Compression::Gzip;
    if (head.size() >= 4 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h' && head[3] >= '1' && head[3] <= '9')
        return Compression::Bzip2;
    return Compression::None;
}

Decoder::Decoder(int fd, uint64_t fileSize, Compression compression)
    : m_fd(fd)
    , m_fileSize(fileSize)
    , m_compression(compression)
{
}

Decoder::~Decoder()
{
    ::close(m_fd);
}

size_t Decoder::readInput(std::span<uint8_t> out, Status& status, bool inFrame)
{
    const ptrdiff_t n = readRaw(out);
    if (n > 0)
        return static_cast<size_t>(n);
    status.end = true;
    if (n < 0)
        status.error = m_readError;
    else
        status.truncated = inFrame;
    return 0;
}

ptrdiff_t Decoder::readRaw(std::span<uint8_t> out)
{
    for (;;) {
        const ssize_t n = ::read(m_fd, out.data(), out.size());
        if (n >= 0) {
            m_consumed += static_cast<uint64_t>(n);
            return n;
        }
        if (errno == EINTR)
            continue;
        m_readError = std::string("read error ") + offsetText(m_consumed, m_fileSize) + ": " + std::strerror(errno);
        return -1;
    }
}

std::unique_ptr<Decoder> Decoder::open(const std::string& path, std::string& error)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        error = std::strerror(errno);
        return nullptr;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
        error = S_ISDIR(st.st_mode) ? "is a directory" : std::strerror(errno);
        ::close(fd);
        return nullptr;
    }
    uint8_t magic[4] = {};
    const ssize_t n = ::pread(fd, magic, sizeof magic, 0);
    const auto compression = detectCompression({ magic, n > 0 ? static_cast<size_t>(n) : 0 });
    const auto size = static_cast<uint64_t>(st.st_size);
    std::unique_ptr<Decoder> decoder;
    switch (compression) {
    case Compression::Zstd:
        decoder = std::make_unique<ZstdDecoder>(fd, size);
        break;
    case Compression::Gzip:
        decoder = std::make_unique<GzipDecoder>(fd, size);
        break;
    case Compression::Bzip2:
        decoder = std::make_unique<Bzip2Decoder>(fd, size);
        break;
    case Compression::None:
        decoder = std::make_unique<PlainDecoder>(fd, size);
        break;
    }
    return decoder;
}

} // namespace heapline
