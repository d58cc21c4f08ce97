// Writing the files of a results directory with every failure named: on a
// full disk an unchecked stream write leaves a 0-byte file behind a row that
// says `ok`. Each write here is checked up to fsync and close, and a failure
// throws WriteError naming the file and the OS error.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace gilbench::results {

// "cannot write <path>: <strerror>" (e.g. "No space left on device").
class WriteError : public std::runtime_error {
 public:
  WriteError(const std::string& path, int err);
  explicit WriteError(const std::string& what) : std::runtime_error(what) {}
};

// Writes all of `s` to `fd` (retrying short writes and EINTR); throws
// WriteError naming `path`.
void write_all(int fd, std::string_view s, const std::string& path);

// Where a sweep writes its per-cell files: the disk, or a fake in tests.
class FileWriter {
 public:
  virtual ~FileWriter() = default;
  // Replaces `path` with `text` (append: adds it at the end), durable once
  // it returns; throws WriteError.
  virtual void write(const std::string& path, std::string_view text, bool append) = 0;
};

// The real filesystem: open, write, fsync, close, each checked.
FileWriter& disk_writer();

}  // namespace gilbench::results
