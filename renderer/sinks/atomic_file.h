// Atomic output files for the sinks: bytes go to a temporary name beside the target
// and reach the target only through rename() after fsync. Until then an existing
// target is untouched; a writer destroyed without Commit() removes what it wrote.
//
// Interrupts: every live temporary file (or directory of numbered frames) is listed in
// a process-wide registry of fixed size. On the first registration a SIGINT, SIGTERM
// and SIGHUP handler is installed (unless that signal is ignored) which unlinks every
// listed file (async-signal-safe: unlink/rmdir only), restores the previous
// disposition and re-raises the signal, so Ctrl-C leaves no partial file behind.
// A program with its own handlers can call RemoveLiveTempFiles() from them.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"

namespace convanim {
namespace sinks {

// Unlinks every registered temporary file and frame directory. Async-signal-safe;
// entries being committed (renamed into place) are left alone.
void RemoveLiveTempFiles();

// "strerror" text for `error_number`, thread-safe.
std::string ErrnoText(int error_number);

// One output file written through a temporary `.NAME.tmp-XXXXXX` in the target's
// directory (created with mkstemp, mode 0666 & ~umask like a plain open()).
class AtomicFile {
 public:
  // Creates the temporary file. IoError (naming the path, with strerror) when the
  // directory is missing or not writable, or when `target` is a directory.
  static Status Create(const std::string& target, std::unique_ptr<AtomicFile>* out);

  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();  // unlinks the temporary file unless Commit() succeeded

  const std::string& target() const { return target_; }
  const std::string& temp_path() const { return temp_path_; }

  // Buffered write at the end of the file (for writers that do not open the path
  // themselves, like Cairo streams). The first failure sticks and is reported again.
  Status Write(const void* data, std::size_t size);
  // The first write failure (Ok when none): how a stream callback's error is reported.
  const Status& write_error() const { return write_error_; }

  // Flushes, fsyncs, closes and renames over the target. Libraries that wrote to
  // temp_path() through their own descriptor must have closed it first.
  Status Commit();

 private:
  AtomicFile(std::string target, std::string temp_path, int fd, int registry_slot);
  Status FlushBuffer();

  std::string target_;
  std::string temp_path_;
  int fd_ = -1;
  int registry_slot_ = -1;  // -1: not listed (registry full); still removed by the dtor
  bool committed_ = false;
  Status write_error_;
  std::vector<unsigned char> buffer_;
};

// A set of numbered files (frame 0, 1, ...) written into a temporary directory
// `.NAME.tmp-XXXXXX` beside the targets and moved into place together by Commit().
// If any rename fails, the ones already done are undone and any files they replaced
// are restored, so the targets end up either all new or all as before.
class AtomicFileSet {
 public:
  // `directory` holds the targets ("." for the current one); `name_hint` names the
  // temporary directory. IoError when `directory` is missing or not writable.
  static Status Create(const std::string& directory, const std::string& name_hint,
                       std::unique_ptr<AtomicFileSet>* out);

  AtomicFileSet(const AtomicFileSet&) = delete;
  AtomicFileSet& operator=(const AtomicFileSet&) = delete;
  ~AtomicFileSet();  // removes the temporary directory and its files unless committed

  // Opens the next member's temporary file for writing and returns its descriptor,
  // owned by the set until CloseMember(). `target` is where Commit() will put it.
  Status OpenMember(const std::string& target, int* fd);
  // Closes the member opened last; fails (IoError) if close() reports an error.
  Status CloseMember();

  std::size_t size() const { return targets_.size(); }

  // Syncs the members and renames each over its target, all or nothing.
  Status Commit();

 private:
  AtomicFileSet(std::string directory, std::string temp_dir, int registry_slot);
  std::string MemberPath(std::size_t index) const;
  std::string BackupPath(std::size_t index) const;
  void RemoveTempDir();

  std::string directory_;
  std::string temp_dir_;
  int registry_slot_ = -1;
  int open_fd_ = -1;
  bool committed_ = false;
  std::vector<std::string> targets_;
};

// Writes all of `size` bytes to `fd`, retrying on EINTR and short writes.
// Returns 0 or the errno of the failure.
int WriteAll(int fd, const void* data, std::size_t size);

}  // namespace sinks
}  // namespace convanim
