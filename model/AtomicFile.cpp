#include "AtomicFile.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace heapline {

AtomicFile::AtomicFile(std::string path)
    : m_path(std::move(path))
{
}

AtomicFile::~AtomicFile()
{
    if (m_fd >= 0) {
        ::close(m_fd);
        if (!m_inPlace)
            ::unlink(m_temp.c_str());
    }
}

bool AtomicFile::fail(const char* what, std::string& error)
{
    error = m_path + ": " + what + ": " + std::strerror(errno);
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    if (!m_inPlace)
        ::unlink(m_temp.c_str());
    return false;
}

bool AtomicFile::open(std::string& error)
{
    m_target = m_path;
    struct stat existing;
    if (::stat(m_path.c_str(), &existing) == 0) {
        if (!S_ISREG(existing.st_mode)) {
            m_inPlace = true;
            m_fd = ::open(m_path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
            if (m_fd < 0) {
                error = m_path + ": cannot write: " + std::strerror(errno);
                return false;
            }
            return true;
        }
        m_mode = static_cast<int>(existing.st_mode & 07777);
        if (char* resolved = ::realpath(m_path.c_str(), nullptr)) {
            m_target = resolved;
            std::free(resolved);
        }
    }
    m_temp = m_target + ".XXXXXX";
    m_fd = mkstemp(m_temp.data());
    if (m_fd < 0) {
        error = m_path + ": cannot create a temporary file beside it: " + std::strerror(errno);
        return false;
    }
    return true;
}

bool AtomicFile::write(std::string_view bytes, std::string& error)
{
    while (!bytes.empty()) {
        const ssize_t n = ::write(m_fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return fail("cannot write", error);
        bytes.remove_prefix(static_cast<size_t>(n));
    }
    return true;
}

bool AtomicFile::commit(std::string& error)
{
    if (m_inPlace) {
        const int fd = std::exchange(m_fd, -1);
        if (::close(fd) != 0) {
            error = m_path + ": cannot close: " + std::strerror(errno);
            return false;
        }
        return true;
    }
    mode_t mode = static_cast<mode_t>(m_mode);
    if (m_mode < 0) {
        const mode_t mask = ::umask(0);
        ::umask(mask);
        mode = 0666 & ~mask;
    }
    if (::fchmod(m_fd, mode) != 0)
        return fail("cannot set permissions", error);
    if (::fsync(m_fd) != 0)
        return fail("cannot flush to disk", error);
    const int fd = m_fd;
    m_fd = -1;
    if (::close(fd) != 0) {
        error = m_path + ": cannot close: " + std::strerror(errno);
        ::unlink(m_temp.c_str());
        return false;
    }
    if (::rename(m_temp.c_str(), m_target.c_str()) != 0) {
        error = m_path + ": cannot replace: " + std::strerror(errno);
        ::unlink(m_temp.c_str());
        return false;
    }
    return true;
}

bool writeFileAtomically(const std::string& path, std::string_view content, std::string& error)
{
    AtomicFile file(path);
    return file.open(error) && file.write(content, error) && file.commit(error);
}

bool sameFile(const std::string& a, const std::string& b)
{
    struct stat sa, sb;
    if (::stat(a.c_str(), &sa) != 0 || ::stat(b.c_str(), &sb) != 0)
        return false;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

} // namespace heapline
