// Errors as values across module boundaries (after leveldb's Status).
#pragma once

#include <string>
#include <utility>

namespace convanim {

// Where a fault sits in a scene file. line/column are 1-based; 0 means unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  // "file:line:col", "file:line" or "file", whichever is known.
  std::string ToString() const;
};

class Status {
 public:
  enum class Code {
    kOk = 0,
    kInvalidScene,  // the scene file or a usage value is wrong: exit status 2
    kIoError,       // reading or writing a file failed: exit status 1
    kInternal,      // a bug or a library failure: exit status 1
  };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidScene(std::string message, SourceLocation where = {}) {
    return Status(Code::kInvalidScene, std::move(message), std::move(where));
  }
  static Status IoError(std::string message) {
    return Status(Code::kIoError, std::move(message), {});
  }
  static Status Internal(std::string message) {
    return Status(Code::kInternal, std::move(message), {});
  }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  const SourceLocation& where() const { return where_; }

  // "file:line:col: error: message" (or "error: message" when no file is known), with
  // control characters and bytes that are not UTF-8 escaped (text::Printable).
  std::string ToString() const;

 private:
  Status(Code code, std::string message, SourceLocation where)
      : code_(code), message_(std::move(message)), where_(std::move(where)) {}

  Code code_ = Code::kOk;
  std::string message_;
  SourceLocation where_;
};

// The exit statuses of the command line, named once here.
enum ExitCode : int {
  kExitSuccess = 0,
  kExitFailure = 1,  // I/O or internal failure
  kExitInvalid = 2,  // invalid scene or usage
};

inline int ExitCodeFor(const Status& status) {
  switch (status.code()) {
    case Status::Code::kOk:
      return kExitSuccess;
    case Status::Code::kInvalidScene:
      return kExitInvalid;
    default:
      return kExitFailure;
  }
}

}  // namespace convanim
