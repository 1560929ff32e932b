#include "core/status.h"

#include "core/text.h"

namespace convanim {

std::string SourceLocation::ToString() const {
  std::string out = file;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (column > 0) out += ":" + std::to_string(column);
  }
  return out;
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string place = where_.ToString();
  // Paths and messages may quote a hostile file: never print control characters or
  // invalid UTF-8 to the terminal.
  return text::Printable((place.empty() ? std::string() : place + ": ") + "error: " + message_);
}

}  // namespace convanim
