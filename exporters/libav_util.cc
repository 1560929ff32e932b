#include "exporters/libav_util.h"

extern "C" {
#include <libavutil/error.h>
#include <libavutil/log.h>
}

#include <cerrno>
#include <cstring>
#include <mutex>

namespace convanim {
namespace {
std::mutex g_open_mutex;
}  // namespace

std::string AvErrorText(int error) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {0};
  if (av_strerror(error, text, sizeof(text)) < 0) return "libav error " + std::to_string(error);
  return text;
}

Status AllocateFrame(AVPixelFormat format, int width, int height, FramePtr* frame) {
  frame->reset(av_frame_alloc());
  if (*frame == nullptr) return Status::Internal("out of memory for a frame");
  (*frame)->format = format;
  (*frame)->width = width;
  (*frame)->height = height;
  const int error = av_frame_get_buffer(frame->get(), 0);
  if (error < 0) return Status::Internal("allocating a frame: " + AvErrorText(error));
  for (AVBufferRef* buffer : (*frame)->buf) {
    if (buffer != nullptr) std::memset(buffer->data, 0, buffer->size);
  }
  return Status::Ok();
}

Status CheckFrame(const RasterFrame& frame, int width, int height, const std::string& path,
                  bool check_duration) {
  if (frame.pixels == nullptr || frame.width != width || frame.height != height ||
      frame.stride_words < frame.width) {
    return Status::Internal("'" + path + "': a frame of " + std::to_string(frame.width) + "x" +
                            std::to_string(frame.height) + " pixels, opened for " +
                            std::to_string(width) + "x" + std::to_string(height));
  }
  if (check_duration && !(std::isfinite(frame.duration) && frame.duration > 0)) {
    return Status::InvalidScene("'" + path + "': frame duration " + std::to_string(frame.duration) +
                                " s must be a positive number of seconds");
  }
  return Status::Ok();
}

PixelRect Clip(const PixelRect& rect, int width, int height) {
  const int x0 = std::clamp(rect.x, 0, width), y0 = std::clamp(rect.y, 0, height);
  const int x1 = std::clamp(rect.x + rect.width, x0, width);
  const int y1 = std::clamp(rect.y + rect.height, y0, height);
  return PixelRect{x0, y0, x1 - x0, y1 - y0};
}

LibavOutput::~LibavOutput() {
  // Some muxers free their state only in the trailer; it goes to the temporary file.
  if (header_written_ && !finished_) (void)av_write_trailer(format_);
  if (format_ != nullptr) avio_closep(&format_->pb);
  avformat_free_context(format_);
  avcodec_free_context(&codec_);
  av_packet_free(&packet_);
  // file_ goes last and removes the temporary file unless Finish() moved it.
}

Status LibavOutput::Fail(const std::string& what, int error) const {
  const std::string message = "cannot write '" + target_ + "': " + what + ": " + AvErrorText(error);
  for (int file_error : {ENOSPC, EIO, EACCES, ENOENT, EROFS, EDQUOT, EFBIG, EPERM}) {
    if (error == AVERROR(file_error)) return Status::IoError(message);
  }
  return Status::Internal(message);
}

Status LibavOutput::Create(const std::string& target, const char* format_name,
                           const char* codec_name) {
  static std::once_flag quiet;  // x264 and the muxers chat at the info level
  std::call_once(quiet, [] {
    if (av_log_get_level() == AV_LOG_INFO) av_log_set_level(AV_LOG_ERROR);
  });
  target_ = target;
  const AVCodec* codec = avcodec_find_encoder_by_name(codec_name);
  if (codec == nullptr) {
    return Status::Internal(std::string("this FFmpeg has no ") + codec_name + " encoder");
  }
  Status status = OutputFile::Create(target, &file_);
  if (!status.ok()) return status;
  // "file:" keeps a colon in the path from naming a protocol; the mp4 muxer opens this
  // URL again for its +faststart pass.
  const std::string url = "file:" + file_->temp_path();
  int error = avformat_alloc_output_context2(&format_, nullptr, format_name, url.c_str());
  if (error < 0) return Fail(std::string("no ") + format_name + " muxer", error);
  format_->flags |= AVFMT_FLAG_BITEXACT;  // no library versions in the file
  stream_ = avformat_new_stream(format_, nullptr);
  codec_ = avcodec_alloc_context3(codec);
  packet_ = av_packet_alloc();
  if (stream_ == nullptr || codec_ == nullptr || packet_ == nullptr) {
    return Fail("allocating the encoder", AVERROR(ENOMEM));
  }
  codec_->flags |= AV_CODEC_FLAG_BITEXACT;
  if (format_->oformat->flags & AVFMT_GLOBALHEADER) codec_->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  return Status::Ok();
}

Status LibavOutput::Open(AVDictionary** codec_options, AVDictionary** muxer_options) {
  int error = 0;
  {
    std::lock_guard<std::mutex> lock(g_open_mutex);
    error = avcodec_open2(codec_, codec_->codec, codec_options);
  }
  av_dict_free(codec_options);
  if (error < 0) {
    av_dict_free(muxer_options);
    return Fail(std::string("opening the ") + codec_->codec->name + " encoder", error);
  }
  error = avcodec_parameters_from_context(stream_->codecpar, codec_);
  if (error >= 0) {
    stream_->time_base = codec_->time_base;
    error = avio_open(&format_->pb, format_->url, AVIO_FLAG_WRITE);
  }
  if (error >= 0) {
    error = avformat_write_header(format_, muxer_options);
    header_written_ = error >= 0;
  }
  av_dict_free(muxer_options);
  return error < 0 ? Fail("writing the header", error) : Status::Ok();
}

Status LibavOutput::Encode(const AVFrame* frame) {
  if (!header_written_ || finished_) {
    return Status::Internal("frame for '" + target_ + "' before Open() or after Finish()");
  }
  int error = avcodec_send_frame(codec_, frame);
  if (error < 0) return Fail("encoding a frame", error);
  while (true) {
    error = avcodec_receive_packet(codec_, packet_);
    if (error == AVERROR(EAGAIN) || error == AVERROR_EOF) return Status::Ok();
    if (error < 0) return Fail("encoding a frame", error);
    if (on_packet) on_packet(packet_);
    packet_->stream_index = stream_->index;
    av_packet_rescale_ts(packet_, codec_->time_base, stream_->time_base);
    error = av_interleaved_write_frame(format_, packet_);  // takes the packet's data
    // avio reports a failing write(2) only here, in its sticky error.
    if (error >= 0 && format_->pb->error < 0) error = format_->pb->error;
    if (error < 0) return Fail("writing a frame", error);
  }
}

Status LibavOutput::Finish() {
  Status status = Encode(nullptr);
  if (!status.ok()) return status;
  finished_ = true;  // the trailer is written at most once, even when it fails
  int error = av_write_trailer(format_);
  if (error < 0) return Fail("writing the trailer", error);
  error = avio_closep(&format_->pb);
  if (error < 0) return Fail("closing the file", error);
  return file_->Commit();
}

}  // namespace convanim
