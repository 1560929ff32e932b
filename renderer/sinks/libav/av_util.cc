#include "renderer/sinks/libav/av_util.h"

extern "C" {
#include <libavutil/error.h>
#include <libavutil/log.h>
}

#include <mutex>

namespace convanim {
namespace sinks {

std::string AvErrorText(int error) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {0};
  if (av_strerror(error, text, sizeof(text)) < 0) {
    return "libav error " + std::to_string(error);
  }
  return text;
}

void QuietLibavLogging() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (av_log_get_level() == AV_LOG_INFO) av_log_set_level(AV_LOG_ERROR);
  });
}

}  // namespace sinks
}  // namespace convanim
