// The GIF module (libconvanim_gif.so): libavcodec's GIF encoder behind the C API of
// gif_module_api.h. Links libavcodec and libavutil only; the GIF sink in the binary writes
// the file around the packets.
extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/dict.h>
#include <libavutil/frame.h>
}

#include <algorithm>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "renderer/sinks/gif_module_api.h"
#include "renderer/sinks/libav/av_util.h"

struct ConvanimGifEncoder {
  AVCodecContext* context = nullptr;
  AVFrame* frame = nullptr;
  AVPacket* packet = nullptr;
  std::vector<uint8_t> bytes;  // the last frame's packets
  std::string error;
};

namespace {

using convanim::sinks::AvErrorText;

void CopyError(const std::string& message, char* error, size_t error_size) {
  if (error == nullptr || error_size == 0) return;
  const size_t length = std::min(message.size(), error_size - 1);
  std::memcpy(error, message.data(), length);
  error[length] = '\0';
}

void Free(ConvanimGifEncoder* encoder) {
  if (encoder == nullptr) return;
  avcodec_free_context(&encoder->context);
  av_frame_free(&encoder->frame);
  av_packet_free(&encoder->packet);
  delete encoder;
}

// Opens `encoder`; returns "" or what failed.
std::string Open(ConvanimGifEncoder* encoder, int width, int height) {
  convanim::sinks::QuietLibavLogging();  // errors are reported through the API instead
  const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_GIF);
  if (codec == nullptr) return "this FFmpeg has no GIF encoder";
  encoder->context = avcodec_alloc_context3(codec);
  encoder->frame = av_frame_alloc();
  encoder->packet = av_packet_alloc();
  if (encoder->context == nullptr || encoder->frame == nullptr || encoder->packet == nullptr) {
    return "out of memory for the GIF encoder";
  }
  AVCodecContext* context = encoder->context;
  context->width = width;
  context->height = height;
  context->pix_fmt = AV_PIX_FMT_PAL8;
  context->time_base = AVRational{1, 100};
  context->flags |= AV_CODEC_FLAG_BITEXACT;
  AVDictionary* options = nullptr;
  // Unchanged pixels: crop each frame to the changed rectangle and make unchanged
  // pixels inside it transparent. One palette for the whole file.
  av_dict_set(&options, "gifflags", "+offsetting+transdiff", 0);
  av_dict_set(&options, "global_palette", "1", 0);
  const int error = avcodec_open2(context, codec, &options);
  const bool all_used = av_dict_count(options) == 0;
  av_dict_free(&options);
  if (error < 0) return "opening the gif encoder: " + AvErrorText(error);
  if (!all_used) return "the gif encoder does not know the options gifflags or global_palette";

  AVFrame* frame = encoder->frame;
  frame->format = AV_PIX_FMT_PAL8;
  frame->width = width;
  frame->height = height;
  const int allocated = av_frame_get_buffer(frame, 0);
  if (allocated < 0) return "allocating a GIF frame: " + AvErrorText(allocated);
  return "";
}

}  // namespace

extern "C" {

CONVANIM_MODULE_EXPORT int convanim_gif_api_version(void) {
  return CONVANIM_GIF_MODULE_API_VERSION;
}

CONVANIM_MODULE_EXPORT ConvanimGifEncoder* convanim_gif_open(int width, int height, char* error,
                                                             size_t error_size) {
  ConvanimGifEncoder* encoder = new (std::nothrow) ConvanimGifEncoder;
  if (encoder == nullptr) {
    CopyError("out of memory for the GIF encoder", error, error_size);
    return nullptr;
  }
  const std::string failure = Open(encoder, width, height);
  if (!failure.empty()) {
    CopyError(failure, error, error_size);
    Free(encoder);
    return nullptr;
  }
  return encoder;
}

CONVANIM_MODULE_EXPORT int convanim_gif_encode(ConvanimGifEncoder* encoder, const uint8_t* indices,
                                               ptrdiff_t stride, const uint32_t* palette,
                                               int64_t pts, const uint8_t** packet,
                                               size_t* packet_size) {
  encoder->error.clear();
  AVFrame* frame = encoder->frame;
  // The encoder keeps a reference to the previous frame (for the differences):
  // make_writable gives this frame its own buffer when that one is still in use.
  int error = av_frame_make_writable(frame);
  if (error < 0) {
    encoder->error = "allocating a GIF frame: " + AvErrorText(error);
    return error;
  }
  for (int y = 0; y < frame->height; ++y) {
    std::memcpy(frame->data[0] + static_cast<ptrdiff_t>(y) * frame->linesize[0],
                indices + static_cast<ptrdiff_t>(y) * stride, static_cast<size_t>(frame->width));
  }
  std::memcpy(frame->data[1], palette, AVPALETTE_SIZE);
  frame->pts = pts;
  error = avcodec_send_frame(encoder->context, frame);
  if (error < 0) {
    encoder->error = AvErrorText(error);
    return error;
  }
  encoder->bytes.clear();
  while ((error = avcodec_receive_packet(encoder->context, encoder->packet)) == 0) {
    const AVPacket* got = encoder->packet;
    encoder->bytes.insert(encoder->bytes.end(), got->data, got->data + got->size);
    av_packet_unref(encoder->packet);
  }
  if (error != AVERROR(EAGAIN)) {
    encoder->error = AvErrorText(error);
    return error;
  }
  if (encoder->bytes.empty()) {
    encoder->error = "the encoder returned no packet for a frame";
    return AVERROR_BUG;
  }
  *packet = encoder->bytes.data();
  *packet_size = encoder->bytes.size();
  return 0;
}

CONVANIM_MODULE_EXPORT const char* convanim_gif_error(const ConvanimGifEncoder* encoder) {
  return encoder->error.c_str();
}

CONVANIM_MODULE_EXPORT void convanim_gif_close(ConvanimGifEncoder* encoder) { Free(encoder); }

}  // extern "C"
