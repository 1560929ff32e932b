#include "exporters/output_file.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <set>

namespace convanim {
namespace {

// ---------------------------------------------------------------------------------
// Live temporary files, for the signal handler: a fixed array it can walk without
// allocating or locking. A slot's path is written before its state turns kLive.

enum SlotState : int { kFree = 0, kClaimed, kLive };
struct Slot {
  std::atomic<int> state{kFree};
  char path[PATH_MAX];
};
constexpr int kSlotCount = 64;
Slot g_slots[kSlotCount];

constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};
constexpr int kSignalCount = sizeof(kSignals) / sizeof(kSignals[0]);
struct sigaction g_previous[kSignalCount];

void OnSignal(int signal_number) {
  const int saved_errno = errno;
  for (Slot& slot : g_slots) {
    if (slot.state.load(std::memory_order_acquire) == kLive) unlink(slot.path);
  }
  for (int i = 0; i < kSignalCount; ++i) {
    if (kSignals[i] == signal_number) sigaction(signal_number, &g_previous[i], nullptr);
  }
  errno = saved_errno;
  raise(signal_number);  // blocked until this handler returns, then the previous action
}

void InstallHandlers() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (int i = 0; i < kSignalCount; ++i) {
      struct sigaction current;
      if (sigaction(kSignals[i], nullptr, &current) != 0) continue;
      // An ignored signal (nohup) stays ignored.
      if (!(current.sa_flags & SA_SIGINFO) && current.sa_handler == SIG_IGN) continue;
      struct sigaction action;
      std::memset(&action, 0, sizeof(action));
      action.sa_handler = OnSignal;
      sigemptyset(&action.sa_mask);
      sigaction(kSignals[i], &action, &g_previous[i]);
    }
  });
}

// The slot now listing `path`, or -1 when none is free or the path is too long (the file
// then works but is not removed on a signal).
int Register(const std::string& path) {
  if (path.size() >= PATH_MAX) return -1;
  InstallHandlers();
  for (int i = 0; i < kSlotCount; ++i) {
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

// Blocks SIGINT/SIGTERM/SIGHUP in this thread for a scope; a pending one is delivered
// at its end.
class SignalBlock {
 public:
  SignalBlock() {
    sigset_t set;
    sigemptyset(&set);
    for (int signal_number : kSignals) sigaddset(&set, signal_number);
    pthread_sigmask(SIG_BLOCK, &set, &previous_);
  }
  ~SignalBlock() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
  SignalBlock(const SignalBlock&) = delete;
  SignalBlock& operator=(const SignalBlock&) = delete;

 private:
  sigset_t previous_;
};

// ---------------------------------------------------------------------------------

std::string ErrnoText(int error) {
  char buffer[256];
  return strerror_r(error, buffer, sizeof(buffer));  // GNU: may not return `buffer`
}

Status IoFailure(const std::string& target, const std::string& what, int error) {
  return Status::IoError("cannot write '" + target + "'" + (what.empty() ? "" : ": " + what) +
                         ": " + ErrnoText(error));
}

std::string FolderOf(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// Creates every missing folder of `folder`; 0 or the errno of the failure.
int MakeFolders(const std::string& folder) {
  for (std::size_t end = 1; end <= folder.size(); ++end) {
    if (end != folder.size() && folder[end] != '/') continue;
    const std::string part = folder.substr(0, end);
    if (mkdir(part.c_str(), 0777) == 0) continue;
    if (errno != EEXIST) return errno;
    struct stat info;
    if (stat(part.c_str(), &info) != 0) return errno;
    if (!S_ISDIR(info.st_mode)) return ENOTDIR;
  }
  return 0;
}

constexpr std::size_t kMaxNameInTemp = 200;  // keeps temporary names under NAME_MAX
constexpr char kTempMarker[] = ".convanim-";

// Removes `.NAME.convanim-PID.tmp` (and the set's `.old` copies) in `folder` whose PID
// no longer runs.
void RemoveStaleTemporaries(const std::string& folder, const std::string& name) {
  DIR* dir = opendir(folder.c_str());
  if (dir == nullptr) return;
  const std::string prefix = "." + name + kTempMarker;
  while (const dirent* entry = readdir(dir)) {
    const std::string file = entry->d_name;
    if (file.size() <= prefix.size() + 4 || file.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string suffix = file.substr(file.size() - 4);
    if (suffix != ".tmp" && suffix != ".old") continue;
    const std::string digits = file.substr(prefix.size(), file.size() - prefix.size() - 4);
    if (digits.empty() || digits.size() > 9 ||
        digits.find_first_not_of("0123456789") != std::string::npos) {
      continue;
    }
    const pid_t pid = static_cast<pid_t>(std::stol(digits));
    if (pid <= 0 || pid == getpid()) continue;
    if (kill(pid, 0) != 0 && errno == ESRCH) unlinkat(dirfd(dir), file.c_str(), 0);
  }
  closedir(dir);
}

void SyncFolder(const std::string& folder) {
  const int fd = open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)fsync(fd);  // best effort: the rename already happened
  close(fd);
}

constexpr std::size_t kBufferBytes = 1 << 16;

}  // namespace

// ---------------------------------------------------------------------------------
// OutputFile

Status OutputFile::Create(const std::string& target, std::unique_ptr<OutputFile>* out) {
  if (target.empty() || target.back() == '/') {
    return Status::IoError("cannot write '" + target + "': not a file name");
  }
  struct stat info;
  if (stat(target.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) {
    return IoFailure(target, "", EISDIR);
  }
  const std::string folder = FolderOf(target);
  if (const int error = MakeFolders(folder)) {
    return IoFailure(target, "cannot create the folder '" + folder + "'", error);
  }
  const std::size_t slash = target.rfind('/');
  const std::string name =
      target.substr(slash == std::string::npos ? 0 : slash + 1).substr(0, kMaxNameInTemp);
  RemoveStaleTemporaries(folder, name);

  std::unique_ptr<OutputFile> file(new OutputFile);
  file->target_ = target;
  file->temp_path_ = target.substr(0, slash == std::string::npos ? 0 : slash + 1) + "." + name +
                     kTempMarker + std::to_string(getpid()) + ".tmp";
  int error = 0;
  {
    SignalBlock block;  // no signal between creating the file and listing it
    file->fd_ = open(file->temp_path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    error = errno;
    if (file->fd_ >= 0) file->registry_slot_ = Register(file->temp_path_);
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
  buffer_.clear();
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
  if (!status.ok()) return status;
  status = MoveIntoPlace();
  if (status.ok()) SyncFolder(FolderOf(target_));
  return status;
}

// ---------------------------------------------------------------------------------
// OutputFileSet

Status OutputFileSet::Add(const std::string& target, OutputFile** member) {
  std::unique_ptr<OutputFile> file;
  Status status = OutputFile::Create(target, &file);
  if (!status.ok()) return status;
  *member = file.get();
  members_.push_back(std::move(file));
  return Status::Ok();
}

Status OutputFileSet::Commit() {
  for (auto& member : members_) {
    Status status = member->Close();
    if (!status.ok()) return status;
  }
  SignalBlock block;  // the renames and their undoing run to their end
  // A hard link keeps each file about to be replaced, so a failure half-way can put it
  // back; a target that cannot be kept fails the set before anything moved.
  std::vector<std::string> backups(members_.size());
  Status status;
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
  for (; status.ok() && moved < members_.size(); ++moved) {
    status = members_[moved]->MoveIntoPlace();
    if (!status.ok()) break;
  }
  if (!status.ok()) {
    for (std::size_t i = 0; i < moved; ++i) {
      const std::string& target = members_[i]->target_;
      if (backups[i].empty()) {
        unlink(target.c_str());
      } else {
        rename(backups[i].c_str(), target.c_str());
        backups[i].clear();
      }
    }
  }
  std::set<std::string> folders;
  for (std::size_t i = 0; i < members_.size(); ++i) {
    if (!backups[i].empty()) unlink(backups[i].c_str());
    folders.insert(FolderOf(members_[i]->target_));
  }
  if (!status.ok()) {
    members_.clear();  // removes the temporary files of the members not moved
    return Status::IoError(status.message() + " (no file of the set was written)");
  }
  for (const std::string& folder : folders) SyncFolder(folder);
  return Status::Ok();
}

}  // namespace convanim
