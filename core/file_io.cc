#include "core/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace convanim {
namespace file_io {
namespace {

// Closes the descriptor on every path.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  int get() const { return fd_; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

std::string Named(const std::string& what, const std::string& path) {
  return what + " '" + path + "'";
}

const char* KindOf(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a pipe (FIFO)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

// Opens `path` without blocking (a FIFO with no writer would block a plain open) and
// checks that it is a regular file of at most `limit` bytes.
Status Open(const std::string& path, int64_t limit, const std::string& what, int* fd_out,
            int64_t* size_out) {
  *fd_out = -1;
  if (path.empty()) return Status::InvalidScene(what + ": the file name is empty");
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    const int error = errno;
    return Status::IoError("cannot read " + Named(what, path) + ": " + std::strerror(error));
  }
  Descriptor guard(fd);
  struct stat info;
  if (::fstat(fd, &info) != 0) {
    return Status::IoError("cannot read " + Named(what, path) + ": " + std::strerror(errno));
  }
  if (!S_ISREG(info.st_mode)) {
    return Status::IoError("cannot read " + Named(what, path) + ": it is " + KindOf(info.st_mode) +
                           ", not a regular file");
  }
  if (static_cast<int64_t>(info.st_size) > limit) {
    return Status::InvalidScene(Named(what, path) + " is larger than the limit of " +
                                std::to_string(limit) + " bytes");
  }
  // Regular files never block; reads go on normally.
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  *size_out = static_cast<int64_t>(info.st_size);
  *fd_out = guard.release();
  return Status::Ok();
}

}  // namespace

Status ReadRegularFile(const std::string& path, int64_t limit, const std::string& what,
                       std::string* text) {
  text->clear();
  int fd = -1;
  int64_t size = 0;
  Status status = Open(path, limit, what, &fd, &size);
  if (!status.ok()) return status;
  Descriptor guard(fd);
  // The size may change under us (a file being written): read at most limit + 1 bytes.
  text->reserve(static_cast<std::size_t>(size));
  char buffer[1 << 16];
  while (static_cast<int64_t>(text->size()) <= limit) {
    const int64_t room = limit + 1 - static_cast<int64_t>(text->size());
    const std::size_t want =
        static_cast<std::size_t>(room < static_cast<int64_t>(sizeof buffer) ? room : sizeof buffer);
    const ssize_t got = ::read(fd, buffer, want);
    if (got < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      text->clear();
      return Status::IoError("cannot read " + Named(what, path) + ": " + std::strerror(error));
    }
    if (got == 0) break;
    text->append(buffer, static_cast<std::size_t>(got));
  }
  if (static_cast<int64_t>(text->size()) > limit) {
    text->clear();
    return Status::InvalidScene(Named(what, path) + " is larger than the limit of " +
                                std::to_string(limit) + " bytes");
  }
  return Status::Ok();
}

Status CheckRegularFile(const std::string& path, int64_t limit, const std::string& what) {
  int fd = -1;
  int64_t size = 0;
  Status status = Open(path, limit, what, &fd, &size);
  if (fd >= 0) ::close(fd);
  return status;
}

}  // namespace file_io
}  // namespace convanim
