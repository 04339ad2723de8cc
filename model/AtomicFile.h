#pragma once

#include <string>
#include <string_view>

namespace heapline {

// A file written as a whole or not at all: into a temporary file beside the target (rename() is
// atomic only within one file system), flushed to disk, then renamed over it. A reader never
// sees half a file, and a failure leaves any earlier file untouched. Errors name the target.
// Through a symbolic link, the file it names is replaced (the link stays), with that file's
// permissions. What is not a regular file (/dev/null, /dev/stdout, a pipe) is written in place:
// renamed over, it would be replaced by a file (as root, /dev/null itself).
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
    // The replaced file's permissions, or a new file's (mkstemp makes it private), flush, close,
    // rename.
    bool commit(std::string& error);

private:
    bool fail(const char* what, std::string& error);

    std::string m_path; // as given, for messages
    std::string m_target; // the file replaced: m_path with its symbolic links resolved
    std::string m_temp;
    int m_fd = -1;
    bool m_inPlace = false; // not a regular file: written straight into
    int m_mode = -1; // the replaced file's permissions; -1: a new file's
};

// The whole of `content`, atomically (see AtomicFile).
bool writeFileAtomically(const std::string& path, std::string_view content, std::string& error);

// Whether two paths name the same existing file (a report must never overwrite its input).
bool sameFile(const std::string& a, const std::string& b);

} // namespace heapline
