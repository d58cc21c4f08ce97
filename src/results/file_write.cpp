#include "results/file_write.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace gilbench::results {

WriteError::WriteError(const std::string& path, int err)
    : std::runtime_error("cannot write " + path + ": " + std::strerror(err)) {}

void write_all(int fd, std::string_view s, const std::string& path) {
  std::size_t off = 0;
  while (off < s.size()) {
    const ssize_t n = ::write(fd, s.data() + off, s.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw WriteError(path, n < 0 ? errno : ENOSPC);
    off += static_cast<std::size_t>(n);
  }
}

namespace {

class DiskWriter : public FileWriter {
 public:
  void write(const std::string& path, std::string_view text, bool append) override {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC), 0644);
    if (fd < 0) throw WriteError(path, errno);
    try {
      write_all(fd, text, path);
    } catch (...) {
      ::close(fd);
      throw;
    }
    // A filesystem may accept the bytes and fail only when it allocates
    // them: fsync and close report that. EINVAL: a special file (no sync).
    if (::fsync(fd) != 0 && errno != EINVAL) {
      const int err = errno;
      ::close(fd);
      throw WriteError(path, err);
    }
    if (::close(fd) != 0) throw WriteError(path, errno);
  }
};

}  // namespace

FileWriter& disk_writer() {
  static DiskWriter w;
  return w;
}

}  // namespace gilbench::results
