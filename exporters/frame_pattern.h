// Numbered frame patterns such as "frames/step_%03d.png": one %d conversion (with an
// optional zero-padded width) in the file name; %% is a literal percent sign.
#pragma once

#include <string>

#include "core/status.h"

namespace convanim {

// True when `path` holds exactly one %d conversion such as %d or %03d.
bool IsFramePattern(const std::string& path);
// InvalidScene when `pattern` is not a usable frame pattern (no or several conversions,
// the number in a folder name, a width over 64 digits).
Status CheckFramePattern(const std::string& pattern);
// The path of frame `number`.
std::string FormatFramePath(const std::string& pattern, long number);

}  // namespace convanim
