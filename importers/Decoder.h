#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace heapline {

enum class Compression {
    None,
    Zstd,
    Gzip,
    Bzip2,
};

const char* compressionName(Compression c);
// By content, never by extension: zstd 28 B5 2F FD, gzip 1F 8B, bzip2 "BZh" and a block size digit.
Compression detectCompression(std::span<const uint8_t> head);

// Reads a file and writes its decompressed bytes into caller-provided buffers. One instance per
// file; not thread-safe (the pipeline drives it from one thread).
class Decoder {
public:
    struct Status {
        size_t produced = 0;
        bool end = false; // no more data will come
        // The compressed stream stopped in the middle of a frame or member (the file was cut).
        bool truncated = false;
        std::string error; // non-empty: the input is corrupt or unreadable at compressedOffset
    };

    virtual ~Decoder();
    // Fills `out` as far as possible; returns fewer bytes only at the end or on error.
    virtual Status decode(std::span<char> out) = 0;
    // After the end: gives back what decoding needed (zstd's 2 MiB window), while the last
    // chunks are still parsed, where the load's memory peaks.
    virtual void releaseBuffers() { }
    // The history window the decoder maps and faults in ahead of its output (zstd's); empty for
    // the others, and once released. For its pages' residency.
    virtual std::span<const char> window() const { return {}; }
    // Bytes of the file consumed so far.
    uint64_t compressedOffset() const { return m_consumed; }
    uint64_t fileSize() const { return m_fileSize; }
    Compression compression() const { return m_compression; }

    // Opens `path` and picks the decoder by the file's first bytes. Returns nullptr and sets
    // `error` when the file cannot be opened.
    static std::unique_ptr<Decoder> open(const std::string& path, std::string& error);

protected:
    Decoder(int fd, uint64_t fileSize, Compression compression);
    // Reads up to out.size() bytes of the raw file; 0 at end of file; -1 on error (sets m_readError).
    ptrdiff_t readRaw(std::span<uint8_t> out);
    // readRaw() for a decoder's next input: the bytes read; or 0 where the file ended (the status
    // says so, and that it was cut where `inFrame`: inside a frame, member or stream) or could not
    // be read (the status carries the error).
    size_t readInput(std::span<uint8_t> out, Status& status, bool inFrame);

    int m_fd;
    uint64_t m_fileSize;
    uint64_t m_consumed = 0;
    Compression m_compression;
    std::string m_readError;

public:
    Decoder(const Decoder&) = delete;
    Decoder& operator=(const Decoder&) = delete;
};

} // namespace heapline
