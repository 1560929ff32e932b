// Files a user or a scene names (scenes, figures, fonts, --font): opened without blocking,
// refused unless they are regular files, read at most up to their limit, closed on every
// path. A FIFO, a folder, /dev/zero or an endless pipe costs nothing and hangs nothing.
// Errors name the file and never quote its content.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"

namespace convanim {
namespace file_io {

// Reads the regular file at `path` into *text (replacing it). Anything but a regular
// file (a folder, a FIFO, a device) and a file that cannot be opened or read is an I/O
// error; a file of more than `limit` bytes (read: at most limit + 1 bytes) is refused as
// an invalid scene. Callers that read a file a scene names turn either into a refusal at
// the key's line. `what` names the
// file in messages ("the font file", "the scene file").
Status ReadRegularFile(const std::string& path, int64_t limit, const std::string& what,
                       std::string* text);

// Checks, without reading it, that `path` is a regular file of at most `limit` bytes that
// can be opened for reading; refusals as ReadRegularFile's.
Status CheckRegularFile(const std::string& path, int64_t limit, const std::string& what);

}  // namespace file_io
}  // namespace convanim
