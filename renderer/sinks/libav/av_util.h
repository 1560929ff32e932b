// libavutil helpers shared by both encoder modules (the GIF module links libavcodec and
// libavutil only; the MP4 module all of libav).
#pragma once

#include <string>

namespace convanim {
namespace sinks {

// av_strerror's text for a libav error code.
std::string AvErrorText(int error);

// Lowers libav's log level to errors once (x264 and the muxers chat at info level),
// unless the program already chose a level of its own.
void QuietLibavLogging();

}  // namespace sinks
}  // namespace convanim
