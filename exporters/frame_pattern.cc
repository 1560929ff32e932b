// Numbered frame patterns such as "frames/step_%03d.png": one parser for recognising,
// checking and expanding them.
#include "exporters/frame_pattern.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace convanim {
namespace {

// The widest frame number a pattern may ask for (%064d).
constexpr std::size_t kMaxFrameNumberWidth = 64;

// The one %d conversion of `path` (%03d: `begin` at the '%', `end` after the 'd'). False
// when `path` holds none, more than one, or any other conversion; %% is a literal percent
// sign.
bool FindConversion(const std::string& path, std::size_t* begin, std::size_t* end) {
  int conversions = 0;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] != '%') continue;
    if (i + 1 < path.size() && path[i + 1] == '%') {
      ++i;  // a literal percent sign
      continue;
    }
    std::size_t j = i + 1;
    while (j < path.size() && std::isdigit(static_cast<unsigned char>(path[j]))) ++j;
    if (j >= path.size() || path[j] != 'd') return false;  // only %d conversions are allowed
    ++conversions;
    *begin = i;
    *end = j + 1;
    i = j;
  }
  return conversions == 1;
}

// `text` with each %% written as %.
std::string Unescape(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    out += text[i];
    if (text[i] == '%' && i + 1 < text.size() && text[i + 1] == '%') ++i;
  }
  return out;
}

// The field width of the conversion `digits` (the characters between % and d), at most
// kMaxFrameNumberWidth + 1.
std::size_t FieldWidth(const std::string& digits) {
  std::size_t width = 0;
  for (char digit : digits) {
    width = std::min(width * 10 + static_cast<std::size_t>(digit - '0'), kMaxFrameNumberWidth + 1);
  }
  return width;
}

}  // namespace

bool IsFramePattern(const std::string& path) {
  std::size_t begin = 0, end = 0;
  return FindConversion(path, &begin, &end);
}

Status CheckFramePattern(const std::string& pattern) {
  std::size_t begin = 0, end = 0;
  if (!FindConversion(pattern, &begin, &end)) {
    return Status::InvalidScene("output '" + pattern +
                                "' is not a frame pattern with one %d conversion such as %03d");
  }
  const std::size_t slash = pattern.rfind('/');
  if (slash != std::string::npos && begin < slash) {
    return Status::InvalidScene("output '" + pattern +
                                "': the frame number must be in the file name, not in a "
                                "directory name");
  }
  if (FieldWidth(pattern.substr(begin + 1, end - begin - 2)) > kMaxFrameNumberWidth) {
    return Status::InvalidScene("output '" + pattern + "': the frame number's width is at most " +
                                std::to_string(kMaxFrameNumberWidth) + " digits");
  }
  return Status::Ok();
}

std::string FormatFramePath(const std::string& pattern, long number) {
  std::size_t begin = 0, end = 0;
  if (!FindConversion(pattern, &begin, &end)) return Unescape(pattern);
  const std::string digits = pattern.substr(begin + 1, end - begin - 2);
  const std::size_t width = std::min(FieldWidth(digits), kMaxFrameNumberWidth);
  std::string number_text = std::to_string(number);
  if (number_text.size() < width) {
    const bool zero_pad = !digits.empty() && digits[0] == '0';
    number_text.insert(0, width - number_text.size(), zero_pad ? '0' : ' ');
  }
  return Unescape(pattern.substr(0, begin)) + number_text + Unescape(pattern.substr(end));
}

}  // namespace convanim
