// What the GIF and MP4 writers share: one libav encoder feeding one muxer that writes
// the temporary file of an OutputFile (as FFmpeg's doc/examples/muxing.c does), frame
// checks and frame times. Private to exporters/.
#pragma once

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/status.h"
#include "exporters/output_file.h"
#include "exporters/video.h"

namespace convanim {

std::string AvErrorText(int error);  // av_strerror's text

struct FrameDeleter {
  void operator()(AVFrame* frame) const { av_frame_free(&frame); }
};
using FramePtr = std::unique_ptr<AVFrame, FrameDeleter>;
// A frame with its buffers zeroed, row padding included: no old heap bytes reach an
// encoder (the old MP4 sink found x264's bytes depending on them).
Status AllocateFrame(AVPixelFormat format, int width, int height, FramePtr* frame);

// Internal when `frame` is not `width` x `height` pixels, InvalidScene when its duration
// is not a positive number of seconds (if `check_duration`).
Status CheckFrame(const RasterFrame& frame, int width, int height, const std::string& path,
                  bool check_duration = true);

PixelRect Clip(const PixelRect& rect, int width, int height);  // may come back empty

// Start times of consecutive frames in ticks of 1/ticks_per_second s, from the
// cumulative time so rounding never drifts; each frame lasts at least one tick.
class FrameClock {
 public:
  explicit FrameClock(int ticks_per_second) : ticks_per_second_(ticks_per_second) {}
  int64_t Add(double seconds) {  // the frame's start; it ends at end()
    const int64_t start = end_;
    elapsed_ += seconds;
    end_ = std::max<int64_t>(std::llround(elapsed_ * ticks_per_second_), start + 1);
    return start;
  }
  int64_t end() const { return end_; }

 private:
  int ticks_per_second_;
  double elapsed_ = 0;
  int64_t end_ = 0;
};

// Owns the encoder, the muxer and the temporary file; the destructor frees them and
// removes the temporary file unless Finish() succeeded.
class LibavOutput {
 public:
  LibavOutput() = default;
  ~LibavOutput();
  LibavOutput(const LibavOutput&) = delete;
  LibavOutput& operator=(const LibavOutput&) = delete;

  // Step 1: the temporary file, the muxer `format_name` writing to it, and an encoder
  // context for `codec_name` (bit-exact, global header if the muxer wants one). Then
  // fill in codec() and call Open().
  Status Create(const std::string& target, const char* format_name, const char* codec_name);
  AVCodecContext* codec() { return codec_; }
  AVFormatContext* format() { return format_; }

  // Step 2: opens the encoder (one open at a time in the process: x264 rewrites global
  // tables when it opens) and writes the header. Frees both dictionaries.
  Status Open(AVDictionary** codec_options, AVDictionary** muxer_options);

  // Called on each packet before it is written, with its times in the codec's time base.
  std::function<void(AVPacket*)> on_packet;

  // Sends `frame` (nullptr: flush) and writes every packet the encoder returns. Write
  // errors of the file come back at once, as IoError.
  Status Encode(const AVFrame* frame);

  // Flushes the encoder, writes the trailer and moves the file into place.
  Status Finish();

 private:
  Status Fail(const std::string& what, int error) const;

  std::string target_;
  std::unique_ptr<OutputFile> file_;
  AVFormatContext* format_ = nullptr;
  AVCodecContext* codec_ = nullptr;
  AVStream* stream_ = nullptr;
  AVPacket* packet_ = nullptr;
  bool header_written_ = false;
  bool finished_ = false;
};

}  // namespace convanim
