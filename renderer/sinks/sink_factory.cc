#include <cctype>
#include <memory>
#include <string>

#include "renderer/frame_sink.h"
#include "renderer/sinks/sinks.h"

namespace convanim {
namespace {

constexpr const char* kSupported =
    ".gif, .mp4, .png, .pdf, .svg, or a numbered PNG pattern such as frames/step_%03d.png";

// The lower-cased extension of the file name part of `path`, without the dot.
std::string LowerExtension(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  const std::size_t name_start = slash == std::string::npos ? 0 : slash + 1;
  const std::size_t dot = path.rfind('.');
  if (dot == std::string::npos || dot < name_start) return "";
  std::string extension = path.substr(dot + 1);
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return extension;
}

}  // namespace

Status CreateSinkForPath(const std::string& path, const SinkOptions& options,
                         std::unique_ptr<FrameSink>* sink) {
  const std::string extension = LowerExtension(path);
  if (IsFramePattern(path)) {
    if (extension != "png") {
      return Status::InvalidScene("output '" + path +
                                  "': numbered frame patterns write PNG files; end it in .png");
    }
    Status status = sinks::CheckFramePattern(path);
    if (!status.ok()) return status;
    *sink = sinks::MakePngSequenceSink(path, options);
    return Status::Ok();
  }
  if (path.find('%') != std::string::npos) {
    return Status::InvalidScene(
        "output '" + path +
        "': a '%' must start exactly one frame number such as %03d (write %% for a literal "
        "percent sign in a pattern); supported outputs: " +
        kSupported);
  }
  if (extension == "gif") {
    *sink = sinks::MakeGifSink(path, options);
  } else if (extension == "mp4") {
    *sink = sinks::MakeMp4Sink(path, options);
  } else if (extension == "png") {
    *sink = sinks::MakePngSink(path, options);
  } else if (extension == "pdf") {
    *sink = sinks::MakePdfSink(path, options);
  } else if (extension == "svg") {
    *sink = sinks::MakeSvgSink(path, options);
  } else {
    return Status::InvalidScene("output '" + path + "': unknown format" +
                                (extension.empty() ? "" : " '." + extension + "'") +
                                "; supported: " + kSupported);
  }
  return Status::Ok();
}

}  // namespace convanim
