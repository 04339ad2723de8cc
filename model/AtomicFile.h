#pragma once

#include <string>
#include <string_view>

namespace heapline {

// A file written as a whole or not at all: into a temporary file beside the target (rename() is
// atomic only within one file system), flushed to disk, then renamed over it. A reader never
// sees half a file, and a failure leaves any earlier file untouched. Errors name the target.
class AtomicFile {
public:
    explicit AtomicFile(std::string path);
    ~AtomicFile(); // without commit(), the temporary file goes away
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    // Creates the temporary file; false with the reason in `error`.
    bool open(std::string& error);
    int fd() const { return m_fd; }
    bool write(std::string_view bytes, std::string& error);
    // Ordinary permissions (mkstemp makes the file private), flush, close, rename.
    bool commit(std::string& error);

private:
    bool fail(const char* what, std::string& error);

    std::string m_path;
    std::string m_temp;
    int m_fd = -1;
};

// The whole of `content`, atomically (see AtomicFile).
bool writeFileAtomically(const std::string& path, std::string_view content, std::string& error);

// Whether two paths name the same existing file (a report must never overwrite its input).
bool sameFile(const std::string& a, const std::string& b);

} // namespace heapline
