// One libav encoder feeding one muxer that writes the temporary file of an OutputFile,
// as FFmpeg's doc/examples/muxing.c does, with every failure turned into a Status.
// Private to exporters/.
#pragma once

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/status.h"
#include "exporters/output_file.h"

namespace convanim {

std::string AvErrorText(int error);  // av_strerror's text

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
  // tables when it opens) and writes the header. An option no one used is an Internal
  // error. Frees both dictionaries.
  Status Open(AVDictionary** codec_options, AVDictionary** muxer_options);

  // Called on each packet before it is written, with its times in the codec's time base.
  std::function<void(AVPacket*)> on_packet;

  // Sends `frame` (nullptr: flush) and writes every packet the encoder returns.
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
