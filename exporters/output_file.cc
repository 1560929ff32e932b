#include "exporters/output_file.h"

#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <set>

namespace convanim {
namespace {

namespace fs = std::filesystem;

// Live temporary files, for the signal handler: a fixed array it can walk without
// allocating or locking. A slot's path is written before its state turns kLive.

enum SlotState : int { kFree = 0, kClaimed, kLive };
struct Slot {
  std::atomic<int> state{kFree};
  char path[PATH_MAX];
};
Slot g_slots[64];

constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};
struct sigaction g_previous[3];

void OnSignal(int signal_number) {
  const int saved_errno = errno;
  for (Slot& slot : g_slots) {
    if (slot.state.load(std::memory_order_acquire) == kLive) unlink(slot.path);
  }
  for (int i = 0; i < 3; ++i) {
    if (kSignals[i] == signal_number) sigaction(signal_number, &g_previous[i], nullptr);
  }
  errno = saved_errno;
  raise(signal_number);  // blocked until this handler returns, then the previous action
}

// Lists `path`; returns its slot, or -1 when none is free or the path is too long (the
// file then works but is not removed on a signal). Installs the handler the first time,
// except for signals that are ignored (nohup).
int Register(const std::string& path) {
  static std::once_flag installed;
  std::call_once(installed, [] {
    for (int i = 0; i < 3; ++i) {
      struct sigaction current;
      if (sigaction(kSignals[i], nullptr, &current) != 0 ||
          (!(current.sa_flags & SA_SIGINFO) && current.sa_handler == SIG_IGN)) {
        continue;
      }
      struct sigaction action;
      std::memset(&action, 0, sizeof(action));
      action.sa_handler = OnSignal;
      sigaction(kSignals[i], &action, &g_previous[i]);
    }
  });
  for (int i = 0; i < 64 && path.size() < PATH_MAX; ++i) {
    int expected = kFree;
    if (!g_slots[i].state.compare_exchange_strong(expected, kClaimed)) continue;
    std::memcpy(g_slots[i].path, path.c_str(), path.size() + 1);
    g_slots[i].state.store(kLive, std::memory_order_release);
    return i;
  }
  return -1;
}

void Unregister(int* slot) {
  if (*slot >= 0) g_slots[*slot].state.store(kFree, std::memory_order_release);
  *slot = -1;
}

// Blocks the three signals in this thread for a scope; a pending one comes at its end.
struct SignalBlock {
  SignalBlock() {
    sigset_t set;
    sigemptyset(&set);
    for (int signal_number : kSignals) sigaddset(&set, signal_number);
    pthread_sigmask(SIG_BLOCK, &set, &previous);
  }
  ~SignalBlock() { pthread_sigmask(SIG_SETMASK, &previous, nullptr); }
  sigset_t previous;
};

Status IoFailure(const std::string& target, const std::string& what, int error) {
  char buffer[256];  // the GNU strerror_r may return another string than `buffer`
  return Status::IoError("cannot write '" + target + "'" + (what.empty() ? "" : ": " + what) +
                         ": " + strerror_r(error, buffer, sizeof(buffer)));
}

std::string FolderOf(const std::string& path) {
  const std::string folder = fs::path(path).parent_path();
  return folder.empty() ? "." : folder;
}

// The PID of a temporary name's tail "PID-XXXXXX.tmp" or "PID-XXXXXX.old" (also the
// older "PID.tmp"), or 0 when `tail` is not one.
int PidOfTemporary(const std::string& tail) {
  std::size_t at = 0;
  long pid = 0;
  while (at < tail.size() && at < 9 && std::isdigit(static_cast<unsigned char>(tail[at]))) {
    pid = pid * 10 + (tail[at++] - '0');
  }
  if (at == 0) return 0;
  if (at < tail.size() && tail[at] == '-') {
    std::size_t unique = 0;
    for (++at; at < tail.size() && std::isalnum(static_cast<unsigned char>(tail[at])); ++at) {
      ++unique;
    }
    if (unique != 6) return 0;
  }
  const std::string suffix = tail.substr(at);
  return suffix == ".tmp" || suffix == ".old" ? static_cast<int>(pid) : 0;
}

// Removes `.NAME.convanim-PID-XXXXXX.tmp` (and the set's `.old` copies) in `folder` whose
// PID no longer runs.
void RemoveStaleTemporaries(const std::string& folder, const std::string& prefix) {
  std::error_code error;  // the folder is listed without exceptions
  for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename();
    if (name.compare(0, prefix.size(), prefix) != 0) continue;
    const int pid = PidOfTemporary(name.substr(prefix.size()));
    if (pid > 0 && pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH) {
      unlink(it->path().c_str());
    }
  }
}

// The permission bits a new file gets: 0666 less the umask, read once (from
// /proc/self/status, so that no thread ever sees a changed umask).
mode_t NewFileMode() {
  static const mode_t mode = [] {
    mode_t mask = 022;
    if (FILE* status = std::fopen("/proc/self/status", "re")) {
      char line[256];
      while (std::fgets(line, sizeof line, status) != nullptr) {
        unsigned value = 0;
        if (std::sscanf(line, "Umask: %o", &value) == 1) {
          mask = static_cast<mode_t>(value);
          break;
        }
      }
      std::fclose(status);
    }
    return static_cast<mode_t>(0666 & ~mask);
  }();
  return mode;
}

void SyncFolder(const std::string& folder) {
  const int fd = open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)fsync(fd);  // best effort: the rename already happened
  close(fd);
}

constexpr std::size_t kBufferBytes = 1 << 16;

}  // namespace

Status OutputFile::Create(const std::string& target, std::unique_ptr<OutputFile>* out) {
  if (target.empty() || target.back() == '/') {
    return Status::IoError("cannot write '" + target + "': not a file name");
  }
  struct stat info;
  const bool exists = stat(target.c_str(), &info) == 0;
  if (exists && S_ISDIR(info.st_mode)) return IoFailure(target, "", EISDIR);
  // A replaced file keeps its permission bits (a private 0600 file stays private).
  const mode_t mode = exists && S_ISREG(info.st_mode) ? (info.st_mode & 0777) : NewFileMode();
  const std::string folder = FolderOf(target);
  std::error_code made;
  fs::create_directories(folder, made);
  if (made) return IoFailure(target, "cannot create the folder '" + folder + "'", made.value());
  // The name is cut so that the temporary name stays under NAME_MAX.
  const std::string prefix =
      "." + fs::path(target).filename().string().substr(0, 200) + ".convanim-";
  RemoveStaleTemporaries(folder, prefix);

  std::unique_ptr<OutputFile> file(new OutputFile);
  file->target_ = target;
  // Unique per process and per file (mkostemps): two jobs of one run writing beside each
  // other, or the same target twice, never share a temporary name.
  std::string pattern =
      (fs::path(target).parent_path() / (prefix + std::to_string(getpid()) + "-XXXXXX.tmp"))
          .string();
  int error = 0;
  {
    SignalBlock block;  // no signal between creating the file and listing it
    file->fd_ = mkostemps(&pattern[0], 4, O_CLOEXEC);
    error = errno;
    file->temp_path_ = pattern;
    if (file->fd_ >= 0) file->registry_slot_ = Register(file->temp_path_);
  }
  if (file->fd_ >= 0 && fchmod(file->fd_, mode) != 0) {
    error = errno;
    close(file->fd_);
    file->fd_ = -1;
    unlink(file->temp_path_.c_str());
    Unregister(&file->registry_slot_);
  }
  if (file->fd_ < 0) {
    file->committed_ = true;  // nothing of ours to remove (it may be another writer's)
    return IoFailure(target, "cannot create '" + file->temp_path_ + "'", error);
  }
  file->buffer_.reserve(kBufferBytes);
  *out = std::move(file);
  return Status::Ok();
}

OutputFile::~OutputFile() {
  if (fd_ >= 0) close(fd_);
  if (!committed_) unlink(temp_path_.c_str());
  Unregister(&registry_slot_);
}

Status OutputFile::Write(const void* data, std::size_t size) {
  if (!error_.ok()) return error_;
  if (fd_ < 0) return Status::Internal("write to '" + target_ + "' after Commit()");
  if (buffer_.size() + size > kBufferBytes) {
    Status status = Flush(buffer_.data(), buffer_.size());
    buffer_.clear();
    if (!status.ok()) return status;
  }
  if (size >= kBufferBytes) return Flush(data, size);
  const unsigned char* bytes = static_cast<const unsigned char*>(data);
  buffer_.insert(buffer_.end(), bytes, bytes + size);
  return Status::Ok();
}

Status OutputFile::Flush(const void* data, std::size_t size) {
  const char* bytes = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t written = write(fd_, bytes, size);
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) return error_ = IoFailure(target_, "", errno);
    bytes += written;
    size -= static_cast<std::size_t>(written);
  }
  return Status::Ok();
}

Status OutputFile::Close() {
  if (!error_.ok()) return error_;
  if (fd_ < 0) return Status::Internal("'" + target_ + "' committed twice");
  Status status = Flush(buffer_.data(), buffer_.size());
  std::vector<unsigned char>().swap(buffer_);  // a set's closed members hold no buffer
  if (!status.ok()) return status;
  if (fsync(fd_) != 0) return error_ = IoFailure(target_, "fsync", errno);
  const int fd = fd_;
  fd_ = -1;
  if (close(fd) != 0) return error_ = IoFailure(target_, "close", errno);
  return Status::Ok();
}

Status OutputFile::MoveIntoPlace() {
  if (rename(temp_path_.c_str(), target_.c_str()) != 0) {
    return error_ = IoFailure(target_, "cannot rename '" + temp_path_ + "'", errno);
  }
  committed_ = true;
  Unregister(&registry_slot_);
  return Status::Ok();
}

Status OutputFile::Commit() {
  Status status = Close();
  if (status.ok()) status = MoveIntoPlace();
  if (status.ok()) SyncFolder(FolderOf(target_));
  return status;
}

Status OutputFileSet::Add(const std::string& target, OutputFile** member) {
  // The member before is complete: closed now, so memory and open files stay flat in the
  // number of members.
  if (!members_.empty() && members_.back()->fd_ >= 0) {
    Status closed = members_.back()->Close();
    if (!closed.ok()) return closed;
  }
  std::unique_ptr<OutputFile> file;
  Status status = OutputFile::Create(target, &file);
  if (!status.ok()) return status;
  *member = file.get();
  members_.push_back(std::move(file));
  return Status::Ok();
}

Status OutputFileSet::Commit() {
  Status status;
  for (std::size_t i = 0; i < members_.size() && status.ok(); ++i) {
    if (members_[i]->fd_ >= 0 || !members_[i]->error_.ok()) status = members_[i]->Close();
  }
  if (!status.ok()) return status;
  SignalBlock block;  // the renames and their undoing run to their end
  // A hard link keeps each file about to be replaced, so a failure half-way can put it
  // back; a target that cannot be kept fails the set before anything moved.
  std::vector<std::string> backups(members_.size());
  for (std::size_t i = 0; i < members_.size() && status.ok(); ++i) {
    const OutputFile& file = *members_[i];
    struct stat info;
    if (lstat(file.target_.c_str(), &info) != 0) continue;
    backups[i] = file.temp_path_.substr(0, file.temp_path_.size() - 4) + ".old";
    if (link(file.target_.c_str(), backups[i].c_str()) != 0) {
      status = IoFailure(file.target_, "cannot keep a copy of the old file", errno);
      backups[i].clear();
    }
  }
  std::size_t moved = 0;
  while (status.ok() && moved < members_.size()) {
    status = members_[moved]->MoveIntoPlace();
    if (status.ok()) ++moved;
  }
  std::set<std::string> folders;
  for (std::size_t i = 0; i < members_.size(); ++i) {
    const std::string& target = members_[i]->target_;
    if (i < moved && !status.ok()) {  // undo
      if (backups[i].empty()) {
        unlink(target.c_str());
      } else if (rename(backups[i].c_str(), target.c_str()) != 0) {
        continue;  // the backup is the only copy of the old file left: it stays
      }
      backups[i].clear();
    }
    if (!backups[i].empty()) unlink(backups[i].c_str());
    folders.insert(FolderOf(target));
  }
  if (!status.ok()) {
    members_.clear();  // removes the temporary files of the members not moved
    return Status::IoError(status.message() + " (no file of the set was written)");
  }
  for (const std::string& folder : folders) SyncFolder(folder);
  return Status::Ok();
}

}  // namespace convanim
