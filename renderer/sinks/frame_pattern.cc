#include <cctype>
#include <string>

#include "renderer/frame_sink.h"

namespace convanim {

bool IsFramePattern(const std::string& path) {
  int conversions = 0;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] != '%') continue;
    if (i + 1 < path.size() && path[i + 1] == '%') {
      ++i;  // a literal percent sign
      continue;
    }
    std::size_t j = i + 1;
    while (j < path.size() && (path[j] == '0' || std::isdigit(static_cast<unsigned char>(path[j]))))
      ++j;
    if (j >= path.size() || path[j] != 'd') return false;  // only %d conversions are allowed
    ++conversions;
    i = j;
  }
  return conversions == 1;
}

}  // namespace convanim
