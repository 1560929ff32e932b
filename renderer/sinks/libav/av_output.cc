#include "renderer/sinks/libav/av_output.h"

namespace convanim {
namespace sinks {
namespace {

// Options left in a dictionary after a libav open were not recognised by anyone.
std::string UnusedOptions(const AVDictionary* options) {
  std::string names;
  const AVDictionaryEntry* entry = nullptr;
  while ((entry = av_dict_get(options, "", entry, AV_DICT_IGNORE_SUFFIX)) != nullptr) {
    names += (names.empty() ? "" : ", ") + std::string(entry->key);
  }
  return names;
}

}  // namespace

AvOutput::~AvOutput() {
  // Abandoned after the header: some muxers free their state only in the
  // trailer. What it writes goes to the temporary file, which is removed below.
  if (header_written_ && !finished_) (void)av_write_trailer(format_);
  if (format_ != nullptr && format_->pb != nullptr) avio_closep(&format_->pb);
  avformat_free_context(format_);
  avcodec_free_context(&codec_);
  av_packet_free(&packet_);
  // file_ goes last and removes the temporary file unless Finish() moved it.
}

Status AvOutput::Fail(const std::string& what, int error) const {
  const std::string message = "cannot write '" + target_ + "': " + what + ": " + AvErrorText(error);
  // Failures of the file itself are I/O errors; the rest are the library's.
  if (error == AVERROR(ENOSPC) || error == AVERROR(EIO) || error == AVERROR(EACCES) ||
      error == AVERROR(ENOENT) || error == AVERROR(EROFS) || error == AVERROR(EDQUOT) ||
      error == AVERROR(EFBIG)) {
    return Status::IoError(message);
  }
  return Status::Internal(message);
}

Status AvOutput::Create(const Mp4ModuleHost& host, const std::string& target,
                        const char* format_name, const AVCodec* codec) {
  QuietLibavLogging();
  target_ = target;
  Status status = host.create_output_file(target, &file_);
  if (!status.ok()) return status;
  // "file:" keeps libav from reading a protocol into a path with a colon; the mp4
  // muxer reopens this URL for its +faststart pass.
  const std::string url = "file:" + file_->temp_path();
  int error = avformat_alloc_output_context2(&format_, nullptr, format_name, url.c_str());
  if (error < 0) return Fail(std::string("no ") + format_name + " muxer", error);
  format_->flags |= AVFMT_FLAG_BITEXACT;  // no library version strings in the file
  stream_ = avformat_new_stream(format_, nullptr);
  codec_ = avcodec_alloc_context3(codec);
  packet_ = av_packet_alloc();
  if (stream_ == nullptr || codec_ == nullptr || packet_ == nullptr) {
    return Fail("allocating the encoder", AVERROR(ENOMEM));
  }
  codec_->flags |= AV_CODEC_FLAG_BITEXACT;
  if (format_->oformat->flags & AVFMT_GLOBALHEADER) {
    codec_->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  }
  return Status::Ok();
}

Status AvOutput::Open(AVDictionary** codec_options, AVDictionary** muxer_options) {
  int error = avcodec_open2(codec_, codec_->codec, codec_options);
  std::string unused = UnusedOptions(*codec_options);
  av_dict_free(codec_options);
  if (error < 0) {
    av_dict_free(muxer_options);
    return Fail(std::string("opening the ") + codec_->codec->name + " encoder", error);
  }
  if (!unused.empty()) {
    av_dict_free(muxer_options);
    return Status::Internal(std::string("the ") + codec_->codec->name +
                            " encoder does not know the options " + unused);
  }
  error = avcodec_parameters_from_context(stream_->codecpar, codec_);
  if (error < 0) {
    av_dict_free(muxer_options);
    return Fail("copying the encoder parameters", error);
  }
  stream_->time_base = codec_->time_base;
  error = avio_open(&format_->pb, format_->url, AVIO_FLAG_WRITE);
  if (error < 0) {
    av_dict_free(muxer_options);
    return Fail("opening the temporary file '" + file_->temp_path() + "'", error);
  }
  error = avformat_write_header(format_, muxer_options);
  unused = UnusedOptions(*muxer_options);
  av_dict_free(muxer_options);
  if (error < 0) return Fail("writing the header", error);
  if (!unused.empty()) {
    return Status::Internal(std::string("the ") + format_->oformat->name +
                            " muxer does not know the options " + unused);
  }
  header_written_ = true;
  return Status::Ok();
}

Status AvOutput::Encode(const AVFrame* frame, int64_t packet_duration) {
  if (!header_written_ || flushed_)
    return Status::Internal("frame for '" + target_ + "' outside Begin()..Finish()");
  int error = avcodec_send_frame(codec_, frame);
  if (error < 0) return Fail("encoding a frame", error);
  if (frame == nullptr) flushed_ = true;
  while (true) {
    error = avcodec_receive_packet(codec_, packet_);
    if (error == AVERROR(EAGAIN) || error == AVERROR_EOF) return Status::Ok();
    if (error < 0) return Fail("encoding a frame", error);
    if (packet_->duration == 0) packet_->duration = packet_duration;
    packet_->stream_index = stream_->index;
    av_packet_rescale_ts(packet_, codec_->time_base, stream_->time_base);
    error = av_interleaved_write_frame(format_, packet_);  // takes the packet's data
    if (error < 0) return Fail("writing a frame", error);
  }
}

Status AvOutput::Finish(int64_t flush_packet_duration) {
  if (!header_written_) return Status::Internal("'" + target_ + "' finished before Begin()");
  if (!flushed_) {
    Status status = Encode(nullptr, flush_packet_duration);
    if (!status.ok()) return status;
  }
  finished_ = true;  // the trailer is written at most once, even when it fails
  int error = av_write_trailer(format_);
  if (error < 0) return Fail("writing the trailer", error);
  error = avio_closep(&format_->pb);
  if (error < 0) return Fail("closing the file", error);
  return file_->Commit();
}

}  // namespace sinks
}  // namespace convanim
