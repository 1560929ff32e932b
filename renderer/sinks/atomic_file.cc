#include "renderer/sinks/atomic_file.h"

#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>

namespace convanim {
namespace sinks {
namespace {

// ---------------------------------------------------------------------------------
// The registry of live temporary files. Fixed-size and lock-free so the signal
// handler can walk it without allocating or locking.

enum SlotState : int {
  kSlotFree = 0,
  kSlotClaimed,     // being filled in by its owner
  kSlotFile,        // `path` is one temporary file
  kSlotFrameDir,    // `path` is a directory holding files "0" .. "member_count - 1"
  kSlotCommitting,  // being renamed into place: the handler must not touch it
};

struct RegistrySlot {
  std::atomic<int> state{kSlotFree};
  std::atomic<long> member_count{0};
  char path[PATH_MAX];
};

constexpr int kRegistrySlots = 64;
RegistrySlot g_registry[kRegistrySlots];

constexpr int kCleanupSignals[] = {SIGINT, SIGTERM, SIGHUP};
constexpr int kCleanupSignalCount = sizeof(kCleanupSignals) / sizeof(kCleanupSignals[0]);
struct sigaction g_previous_actions[kCleanupSignalCount];

// Writes "dir/<number>" into `out` without the C library's formatting (not
// async-signal-safe). Returns false when it does not fit.
bool FormatMemberPath(const char* dir, long number, char* out, std::size_t capacity) {
  std::size_t length = std::strlen(dir);
  char digits[24];
  int digit_count = 0;
  do {
    digits[digit_count++] = static_cast<char>('0' + number % 10);
    number /= 10;
  } while (number > 0 && digit_count < 23);
  if (length + 1 + static_cast<std::size_t>(digit_count) + 1 > capacity) return false;
  std::memcpy(out, dir, length);
  out[length++] = '/';
  while (digit_count > 0) out[length++] = digits[--digit_count];
  out[length] = '\0';
  return true;
}

void HandleCleanupSignal(int signal_number) {
  const int saved_errno = errno;
  RemoveLiveTempFiles();
  for (int i = 0; i < kCleanupSignalCount; ++i) {
    if (kCleanupSignals[i] == signal_number) {
      sigaction(signal_number, &g_previous_actions[i], nullptr);
    }
  }
  errno = saved_errno;
  // Blocked while this handler runs; delivered with the previous disposition on return.
  raise(signal_number);
}

void InstallCleanupHandlers() {
  static std::once_flag installed;
  std::call_once(installed, [] {
    for (int i = 0; i < kCleanupSignalCount; ++i) {
      struct sigaction current;
      if (sigaction(kCleanupSignals[i], nullptr, &current) != 0) continue;
      // A signal the user chose to ignore (nohup) stays ignored.
      if (!(current.sa_flags & SA_SIGINFO) && current.sa_handler == SIG_IGN) continue;
      struct sigaction action;
      std::memset(&action, 0, sizeof(action));
      action.sa_handler = HandleCleanupSignal;
      sigemptyset(&action.sa_mask);
      sigaction(kCleanupSignals[i], &action, &g_previous_actions[i]);
    }
  });
}

// Returns the slot index, or -1 when the registry is full or the path too long (the
// file still works; it is only not removed on an interrupt).
int RegisterTempPath(const std::string& path, SlotState kind) {
  if (path.size() + 1 > PATH_MAX) return -1;
  InstallCleanupHandlers();
  for (int i = 0; i < kRegistrySlots; ++i) {
    int expected = kSlotFree;
    if (!g_registry[i].state.compare_exchange_strong(expected, kSlotClaimed)) continue;
    std::memcpy(g_registry[i].path, path.c_str(), path.size() + 1);
    g_registry[i].member_count.store(0);
    g_registry[i].state.store(kind, std::memory_order_release);
    return i;
  }
  return -1;
}

void SetSlotState(int slot, SlotState state) {
  if (slot >= 0) g_registry[slot].state.store(state, std::memory_order_release);
}

mode_t ProcessUmask() {
  static const mode_t mask = [] {
    // Reading /proc avoids umask()'s set-and-restore race with other threads.
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
      if (line.rfind("Umask:", 0) == 0) {
        return static_cast<mode_t>(std::strtoul(line.c_str() + 6, nullptr, 8));
      }
    }
    const mode_t old = umask(022);
    umask(old);
    return old;
  }();
  return mask;
}

std::string DirectoryOf(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string BaseNameOf(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

void SyncDirectory(const std::string& directory) {
  const int fd = open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)fsync(fd);  // best effort: the rename itself already happened
  close(fd);
}

// Blocks the cleanup signals in this thread for a scope: a commit then runs to its end
// and a pending Ctrl-C is delivered afterwards.
class ScopedSignalBlock {
 public:
  ScopedSignalBlock() {
    sigset_t set;
    sigemptyset(&set);
    for (int signal_number : kCleanupSignals) sigaddset(&set, signal_number);
    pthread_sigmask(SIG_BLOCK, &set, &previous_);
  }
  ~ScopedSignalBlock() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
  ScopedSignalBlock(const ScopedSignalBlock&) = delete;
  ScopedSignalBlock& operator=(const ScopedSignalBlock&) = delete;

 private:
  sigset_t previous_;
};

constexpr std::size_t kWriteBufferBytes = 1 << 16;
constexpr std::size_t kMaxTempNameStem = 200;  // + ".tmp-XXXXXX" stays under NAME_MAX

}  // namespace

void RemoveLiveTempFiles() {
  for (RegistrySlot& slot : g_registry) {
    const int state = slot.state.load(std::memory_order_acquire);
    if (state == kSlotFile) {
      unlink(slot.path);
    } else if (state == kSlotFrameDir) {
      char member[PATH_MAX + 32];
      const long count = slot.member_count.load();
      for (long i = 0; i < count; ++i) {
        if (FormatMemberPath(slot.path, i, member, sizeof(member))) unlink(member);
      }
      rmdir(slot.path);
    }
  }
}

std::string ErrnoText(int error_number) {
  char buffer[256];
  // The GNU strerror_r returns a pointer that may or may not be `buffer`.
  return std::string(strerror_r(error_number, buffer, sizeof(buffer)));
}

int WriteAll(int fd, const void* data, std::size_t size) {
  const char* bytes = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t written = write(fd, bytes, size);
    if (written < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    bytes += written;
    size -= static_cast<std::size_t>(written);
  }
  return 0;
}

// ---------------------------------------------------------------------------------
// AtomicFile

AtomicFile::AtomicFile(std::string target, std::string temp_path, int fd, int registry_slot)
    : target_(std::move(target)),
      temp_path_(std::move(temp_path)),
      fd_(fd),
      registry_slot_(registry_slot) {
  buffer_.reserve(kWriteBufferBytes);
}

Status AtomicFile::Create(const std::string& target, std::unique_ptr<AtomicFile>* out) {
  if (target.empty() || target.back() == '/') {
    return Status::IoError("cannot write '" + target + "': not a file name");
  }
  struct stat info;
  if (stat(target.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) {
    return Status::IoError("cannot write '" + target + "': " + ErrnoText(EISDIR));
  }
  const std::string directory = DirectoryOf(target);
  const std::size_t slash = target.rfind('/');
  const std::string prefix = slash == std::string::npos ? "" : target.substr(0, slash + 1);
  // Shortened so a target name near NAME_MAX still gets a temporary name that fits.
  std::string temp_path =
      prefix + "." + BaseNameOf(target).substr(0, kMaxTempNameStem) + ".tmp-XXXXXX";
  const mode_t mode = 0666 & ~ProcessUmask();
  int slot = -1;
  int fd = -1;
  int error = 0;
  {
    ScopedSignalBlock block_signals;  // no interrupt between creating and listing it
    fd = mkostemp(temp_path.data(), O_CLOEXEC);
    error = errno;
    if (fd >= 0) slot = RegisterTempPath(temp_path, kSlotFile);
  }
  if (fd < 0) {
    return Status::IoError("cannot write '" + target + "' (temporary file in '" + directory +
                           "'): " + ErrnoText(error));
  }
  // mkstemp makes 0600 files; the output should get the permissions open() would give.
  (void)fchmod(fd, mode);
  out->reset(new AtomicFile(target, temp_path, fd, slot));
  return Status::Ok();
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) close(fd_);
  if (!committed_) unlink(temp_path_.c_str());
  SetSlotState(registry_slot_, kSlotFree);
}

Status AtomicFile::FlushBuffer() {
  if (buffer_.empty()) return Status::Ok();
  const int error = WriteAll(fd_, buffer_.data(), buffer_.size());
  buffer_.clear();
  if (error != 0) {
    write_error_ = Status::IoError("cannot write '" + target_ + "' (temporary file '" + temp_path_ +
                                   "'): " + ErrnoText(error));
  }
  return write_error_;
}

Status AtomicFile::Write(const void* data, std::size_t size) {
  if (!write_error_.ok()) return write_error_;
  if (fd_ < 0) return Status::Internal("write to '" + target_ + "' after Commit()");
  if (buffer_.size() + size > kWriteBufferBytes) {
    Status status = FlushBuffer();
    if (!status.ok()) return status;
  }
  if (size >= kWriteBufferBytes) {
    const int error = WriteAll(fd_, data, size);
    if (error != 0) {
      write_error_ = Status::IoError("cannot write '" + target_ + "' (temporary file '" +
                                     temp_path_ + "'): " + ErrnoText(error));
    }
    return write_error_;
  }
  const unsigned char* bytes = static_cast<const unsigned char*>(data);
  buffer_.insert(buffer_.end(), bytes, bytes + size);
  return Status::Ok();
}

Status AtomicFile::Commit() {
  if (committed_ || fd_ < 0) return Status::Internal("'" + target_ + "' committed twice");
  Status status = FlushBuffer();
  if (!status.ok()) return status;
  if (fsync(fd_) != 0) {
    const int error = errno;
    return Status::IoError("cannot write '" + target_ + "': fsync: " + ErrnoText(error));
  }
  const int fd = fd_;
  fd_ = -1;
  if (close(fd) != 0) {
    const int error = errno;
    return Status::IoError("cannot write '" + target_ + "': close: " + ErrnoText(error));
  }
  if (rename(temp_path_.c_str(), target_.c_str()) != 0) {
    const int error = errno;
    return Status::IoError("cannot move '" + temp_path_ + "' to '" + target_ +
                           "': " + ErrnoText(error));
  }
  committed_ = true;
  SetSlotState(registry_slot_, kSlotFree);
  registry_slot_ = -1;
  SyncDirectory(DirectoryOf(target_));
  return Status::Ok();
}

// ---------------------------------------------------------------------------------
// AtomicFileSet

AtomicFileSet::AtomicFileSet(std::string directory, std::string temp_dir, int registry_slot)
    : directory_(std::move(directory)),
      temp_dir_(std::move(temp_dir)),
      registry_slot_(registry_slot) {}

Status AtomicFileSet::Create(const std::string& directory, const std::string& name_hint,
                             std::unique_ptr<AtomicFileSet>* out) {
  std::string temp_dir =
      directory + "/." + name_hint.substr(0, kMaxTempNameStem) + ".tmp-XXXXXX";
  int slot = -1;
  bool made = false;
  int error = 0;
  {
    ScopedSignalBlock block_signals;  // no interrupt between creating and listing it
    made = mkdtemp(temp_dir.data()) != nullptr;
    error = errno;
    if (made) slot = RegisterTempPath(temp_dir, kSlotFrameDir);
  }
  if (!made) {
    return Status::IoError("cannot write frames into '" + directory + "': " + ErrnoText(error));
  }
  out->reset(new AtomicFileSet(directory, temp_dir, slot));
  return Status::Ok();
}

AtomicFileSet::~AtomicFileSet() {
  if (open_fd_ >= 0) close(open_fd_);
  if (!committed_) RemoveTempDir();
  SetSlotState(registry_slot_, kSlotFree);
}

std::string AtomicFileSet::MemberPath(std::size_t index) const {
  return temp_dir_ + "/" + std::to_string(index);
}

std::string AtomicFileSet::BackupPath(std::size_t index) const {
  return MemberPath(index) + ".old";
}

void AtomicFileSet::RemoveTempDir() {
  for (std::size_t i = 0; i < targets_.size(); ++i) {
    unlink(MemberPath(i).c_str());
    unlink(BackupPath(i).c_str());
  }
  rmdir(temp_dir_.c_str());
}

Status AtomicFileSet::OpenMember(const std::string& target, int* fd) {
  if (committed_) return Status::Internal("frame added to '" + target + "' after Commit()");
  if (open_fd_ >= 0) return Status::Internal("a frame file is still open");
  const std::size_t index = targets_.size();
  // Counted before it exists, so an interrupt from here on removes it.
  if (registry_slot_ >= 0) {
    g_registry[registry_slot_].member_count.store(static_cast<long>(index + 1));
  }
  targets_.push_back(target);
  open_fd_ = open(MemberPath(index).c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (open_fd_ < 0) {
    const int error = errno;
    return Status::IoError("cannot write '" + target + "' (temporary file '" + MemberPath(index) +
                           "'): " + ErrnoText(error));
  }
  *fd = open_fd_;
  return Status::Ok();
}

Status AtomicFileSet::CloseMember() {
  if (open_fd_ < 0) return Status::Ok();
  const int fd = open_fd_;
  open_fd_ = -1;
  if (close(fd) != 0) {
    const int error = errno;
    return Status::IoError("cannot write '" + targets_.back() + "': close: " + ErrnoText(error));
  }
  return Status::Ok();
}

Status AtomicFileSet::Commit() {
  if (committed_) return Status::Internal("frames in '" + directory_ + "' committed twice");
  Status status = CloseMember();
  if (!status.ok()) return status;
  {
    // One syncfs for the whole set: an fsync per frame costs more than the encoding.
    const int dir_fd = open(temp_dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd < 0 || syncfs(dir_fd) != 0) {
      const int error = errno;
      if (dir_fd >= 0) close(dir_fd);
      return Status::IoError("cannot write frames into '" + directory_ +
                             "': sync: " + ErrnoText(error));
    }
    close(dir_fd);
  }

  ScopedSignalBlock block_signals;
  SetSlotState(registry_slot_, kSlotCommitting);
  enum class Backup { kNone, kLinked, kMoved };
  std::vector<Backup> backups(targets_.size(), Backup::kNone);
  int failure = 0;
  std::size_t failed_at = 0;
  std::string failed_step;

  // Keep every file about to be replaced, so a failure half-way can put it back.
  for (std::size_t i = 0; i < targets_.size() && failure == 0; ++i) {
    struct stat info;
    if (lstat(targets_[i].c_str(), &info) != 0 || S_ISDIR(info.st_mode)) continue;
    if (link(targets_[i].c_str(), BackupPath(i).c_str()) == 0) {
      backups[i] = Backup::kLinked;
    } else if (rename(targets_[i].c_str(), BackupPath(i).c_str()) == 0) {
      backups[i] = Backup::kMoved;  // a file system without hard links
    } else {
      failure = errno;
      failed_at = i;
      failed_step = "keep a copy of";
    }
  }
  std::size_t renamed = 0;
  for (; failure == 0 && renamed < targets_.size(); ++renamed) {
    if (rename(MemberPath(renamed).c_str(), targets_[renamed].c_str()) != 0) {
      failure = errno;
      failed_at = renamed;
      failed_step = "write";
      break;
    }
  }
  if (failure != 0) {
    for (std::size_t i = 0; i < targets_.size(); ++i) {
      if (i < renamed) {
        if (backups[i] != Backup::kNone) {
          rename(BackupPath(i).c_str(), targets_[i].c_str());
        } else {
          unlink(targets_[i].c_str());
        }
      } else if (backups[i] == Backup::kMoved) {
        rename(BackupPath(i).c_str(), targets_[i].c_str());
      }
    }
    SetSlotState(registry_slot_, kSlotFrameDir);
    RemoveTempDir();
    SetSlotState(registry_slot_, kSlotFree);
    registry_slot_ = -1;
    committed_ = true;  // nothing left to remove
    return Status::IoError("cannot " + failed_step + " '" + targets_[failed_at] +
                           "': " + ErrnoText(failure) + " (no frame of the sequence was written)");
  }
  for (std::size_t i = 0; i < targets_.size(); ++i) {
    if (backups[i] != Backup::kNone) unlink(BackupPath(i).c_str());
  }
  rmdir(temp_dir_.c_str());
  committed_ = true;
  SetSlotState(registry_slot_, kSlotFree);
  registry_slot_ = -1;
  SyncDirectory(directory_);
  return Status::Ok();
}

}  // namespace sinks
}  // namespace convanim
