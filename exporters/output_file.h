// Output files written atomically: bytes go to a temporary file beside the target and
// reach the target only through rename() after fsync, so an existing file is never
// destroyed and a failed or interrupted render leaves nothing behind.
//
// - Missing parent folders of the target are created (a render to
//   frames/step_%03d.png works in an empty folder).
// - Temporary names are `.NAME.convanim-PID-XXXXXX.tmp` in the target's folder (NAME
//   cut to 200 bytes; XXXXXX made unique by mkostemps, so two writers of one process
//   never share one). A replaced file's permission bits are kept (a 0600 file stays
//   0600); a new file gets 0666 less the umask. On SIGINT, SIGTERM and SIGHUP every live temporary
//   file is unlinked (async-signal-safe) and the signal is raised again with the disposition it had
//   before the first OutputFile (a signal ignored then stays ignored). After a SIGKILL
//   the temporary file stays; the next OutputFile for the same target removes
//   temporaries of that target whose PID is no longer running.
// - A write that fails (full disk, read-only folder, I/O error) is reported at once as
//   Status::IoError naming the target and the reason.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"

namespace convanim {

class OutputFile {
 public:
  // Creates the target's missing folders and the temporary file. IoError (naming the
  // path and the reason) when that fails or the target is a folder.
  static Status Create(const std::string& target, std::unique_ptr<OutputFile>* out);

  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  ~OutputFile();  // removes the temporary file unless Commit() succeeded

  const std::string& target() const { return target_; }
  // For libraries that open the path themselves (libavformat): they must close it
  // before Commit().
  const std::string& temp_path() const { return temp_path_; }

  // Appends bytes (buffered, 64 KiB): a failing write(2) is reported by the call that
  // fills the buffer. The first failure sticks and is returned again.
  Status Write(const void* data, std::size_t size);
  Status Write(const std::string& bytes) { return Write(bytes.data(), bytes.size()); }

  // Flushes, fsyncs, closes and renames over the target.
  Status Commit();

 private:
  friend class OutputFileSet;
  OutputFile() = default;
  Status Flush(const void* data, std::size_t size);  // write(2) all of it
  Status Close();                                    // flush, fsync, close
  Status MoveIntoPlace();                            // rename over the target
  std::string target_, temp_path_;
  int fd_ = -1;
  int registry_slot_ = -1;
  bool committed_ = false;
  Status error_;
  std::vector<unsigned char> buffer_;
};

// Several files that appear together (a numbered PNG sequence): each member is an
// OutputFile; Commit() renames them all, and on any failure none is left behind: a
// file about to be replaced is kept as a hard link `.NAME.convanim-PID.old` until the
// end, and a rename failing half-way puts back the files already replaced (a target
// that cannot be kept fails the set before anything moves).
class OutputFileSet {
 public:
  // `*member` is owned by the set and valid until it is destroyed or Commit() fails.
  Status Add(const std::string& target, OutputFile** member);
  // Adding a member closes the one before (it is complete). Members must not be
  // committed on their own. On failure every member is gone.
  Status Commit();
  std::size_t size() const { return members_.size(); }

 private:
  std::vector<std::unique_ptr<OutputFile>> members_;
};

}  // namespace convanim
