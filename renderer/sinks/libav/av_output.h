// The MP4 module's encoder feeding a muxer that writes to the temporary path of an
// OutputFile lent by the binary, with every libav failure turned into a Status.
#pragma once

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/frame.h>
}

#include <memory>
#include <string>

#include "core/status.h"
#include "renderer/sinks/libav/av_util.h"
#include "renderer/sinks/mp4_module_api.h"

namespace convanim {
namespace sinks {

// One video stream: an opened encoder, a muxer with its header written, and the
// temporary file they write to. Owns all of them; the destructor frees everything and
// (through the OutputFile) removes the temporary file unless Finish() succeeded.
class AvOutput {
 public:
  AvOutput() = default;
  ~AvOutput();
  AvOutput(const AvOutput&) = delete;
  AvOutput& operator=(const AvOutput&) = delete;

  // Step 1: the temporary file (from `host`, which must outlive this) and the format
  // context. After it, fill in codec() (size, pixel format, time base...) and call Open().
  Status Create(const Mp4ModuleHost& host, const std::string& target, const char* format_name,
                const AVCodec* codec);
  AVCodecContext* codec() { return codec_; }
  AVStream* stream() { return stream_; }

  // Step 2: opens the encoder and writes the header. Options no component knows are
  // an Internal error (a misspelt option must not pass silently). Consumes both
  // dictionaries.
  Status Open(AVDictionary** codec_options, AVDictionary** muxer_options);

  // Encodes one frame (nullptr flushes the encoder) and writes every packet it yields.
  // `packet_duration` is in the codec's time base (0: leave unset).
  Status Encode(const AVFrame* frame, int64_t packet_duration);

  // Flushes the encoder (its last packets get `flush_packet_duration`), writes the
  // trailer, closes and moves the file into place.
  Status Finish(int64_t flush_packet_duration);

 private:
  Status Fail(const std::string& what, int error) const;

  std::string target_;
  std::unique_ptr<OutputFile> file_;
  AVFormatContext* format_ = nullptr;
  AVCodecContext* codec_ = nullptr;
  AVStream* stream_ = nullptr;
  AVPacket* packet_ = nullptr;
  bool header_written_ = false;
  bool flushed_ = false;
  bool finished_ = false;
};

}  // namespace sinks
}  // namespace convanim
