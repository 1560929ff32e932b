// H.264 MP4 through libx264: constant frame rate, yuv420p BT.709, +faststart.
// Built into the MP4 module (libconvanim_mp4.so), whose one export makes this sink.
extern "C" {
#include <libswscale/swscale.h>
}

#include <cmath>
#include <cstring>
#include <memory>
#include <new>
#include <string>

#include "renderer/sinks/libav/av_output.h"
#include "renderer/sinks/mp4_module_api.h"
#include "renderer/sinks/raster.h"
#include "renderer/sinks/sinks.h"

namespace convanim {
namespace sinks {
namespace {

constexpr int kMaxFramesPerSecond = 240;

class Mp4Sink : public FrameSink {
 public:
  Mp4Sink(const Mp4ModuleHost* host, std::string path, const SinkOptions& options)
      : host_(host), path_(std::move(path)), fps_(options.mp4_fps), crf_(options.mp4_crf) {}
  ~Mp4Sink() override {
    av_frame_free(&frame_);
    sws_freeContext(scaler_);
  }

  Status Begin(const FrameGeometry& geometry) override {
    if (fps_ < 1 || fps_ > kMaxFramesPerSecond) {
      return Status::InvalidScene("MP4 frame rate " + std::to_string(fps_) +
                                  " must be between 1 and " + std::to_string(kMaxFramesPerSecond));
    }
    if (crf_ < 0 || crf_ > 51) {
      return Status::InvalidScene("MP4 quality (crf) " + std::to_string(crf_) +
                                  " must be between 0 and 51");
    }
    RasterSize size;
    Status status = RasterSizeFor(geometry, /*even=*/true, &size);
    if (!status.ok()) return status;
    // The raster has the even size: the padding column/row stays white.
    status = raster_.Init(size, geometry.scale, CAIRO_FORMAT_ARGB32);
    if (!status.ok()) return status;

    const AVCodec* codec = avcodec_find_encoder_by_name("libx264");
    if (codec == nullptr) {
      return Status::Internal("this FFmpeg has no libx264 encoder (needed for MP4)");
    }
    status = output_.Create(*host_, path_, "mp4", codec);
    if (!status.ok()) return status;
    AVCodecContext* context = output_.codec();
    context->width = size.width;
    context->height = size.height;
    context->pix_fmt = AV_PIX_FMT_YUV420P;
    context->time_base = AVRational{1, fps_};
    context->framerate = AVRational{fps_, 1};
    context->sample_aspect_ratio = AVRational{1, 1};
    context->gop_size = 10 * fps_;  // a key frame at least every 10 s for seeking
    context->color_range = AVCOL_RANGE_MPEG;
    context->color_primaries = AVCOL_PRI_BT709;
    context->color_trc = AVCOL_TRC_BT709;
    context->colorspace = AVCOL_SPC_BT709;
    context->chroma_sample_location = AVCHROMA_LOC_LEFT;
    context->thread_count = 1;  // x264's output depends on its thread count
    AVDictionary* codec_options = nullptr;
    av_dict_set(&codec_options, "preset", "medium", 0);
    av_dict_set(&codec_options, "tune", "animation", 0);  // flat areas, sharp edges
    av_dict_set(&codec_options, "profile", "high", 0);
    av_dict_set_int(&codec_options, "crf", crf_, 0);
    AVDictionary* muxer_options = nullptr;
    av_dict_set(&muxer_options, "movflags", "+faststart", 0);
    status = output_.Open(&codec_options, &muxer_options);
    if (!status.ok()) return status;
    output_.stream()->avg_frame_rate = AVRational{fps_, 1};

    // Cairo's ARGB32 words are AV_PIX_FMT_RGB32 (native-endian ARGB). Accurate
    // rounding and full chroma interpolation keep flat colours flat.
    scaler_ = sws_getContext(size.width, size.height, AV_PIX_FMT_RGB32, size.width, size.height,
                             AV_PIX_FMT_YUV420P,
                             SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT | SWS_BITEXACT,
                             nullptr, nullptr, nullptr);
    if (scaler_ == nullptr) return Status::Internal("cannot convert frames to yuv420p");
    const int* bt709 = sws_getCoefficients(SWS_CS_ITU709);
    // Source: full-range RGB; destination: limited-range (TV) BT.709, as tagged.
    sws_setColorspaceDetails(scaler_, bt709, 1, bt709, 0, 0, 1 << 16, 1 << 16);

    frame_ = av_frame_alloc();
    if (frame_ == nullptr) return Status::Internal("out of memory for an MP4 frame");
    frame_->format = AV_PIX_FMT_YUV420P;
    frame_->width = size.width;
    frame_->height = size.height;
    frame_->color_range = AVCOL_RANGE_MPEG;
    frame_->color_primaries = AVCOL_PRI_BT709;
    frame_->color_trc = AVCOL_TRC_BT709;
    frame_->colorspace = AVCOL_SPC_BT709;
    const int error = av_frame_get_buffer(frame_, 0);
    if (error < 0) return Status::Internal("allocating an MP4 frame: " + AvErrorText(error));
    begun_ = true;
    return Status::Ok();
  }

  Status AddFrame(const DrawFn& draw, double duration_seconds) override {
    if (!begun_) return Status::Internal("frame for '" + path_ + "' before Begin()");
    Status status = CheckFrameDuration(duration_seconds);
    if (!status.ok()) return status;
    status = raster_.Draw(draw);
    if (!status.ok()) return status;
    int error = av_frame_make_writable(frame_);  // the encoder may hold the last one
    if (error < 0) return Status::Internal("allocating an MP4 frame: " + AvErrorText(error));
    // A new buffer's row padding is whatever the heap held; x264 reads past the
    // visible width, so stale bytes from an earlier encoder would change its choices.
    for (int plane = 0; plane < 3; ++plane) {
      const int rows = plane == 0 ? frame_->height : (frame_->height + 1) / 2;
      std::memset(frame_->data[plane], 0, static_cast<std::size_t>(frame_->linesize[plane]) * rows);
    }
    const uint8_t* source[1] = {raster_.data()};
    const int source_stride[1] = {raster_.stride()};
    sws_scale(scaler_, source, source_stride, 0, raster_.height(), frame_->data, frame_->linesize);
    has_picture_ = true;

    // Constant frame rate: this step covers the frames whose times fall in it.
    elapsed_seconds_ += duration_seconds;
    const int64_t end_frame = static_cast<int64_t>(std::llround(elapsed_seconds_ * fps_));
    while (frames_sent_ < end_frame) {
      status = SendPicture();
      if (!status.ok()) return status;
    }
    return Status::Ok();
  }

  Status Finish() override {
    if (!begun_) return Status::Internal("'" + path_ + "' finished before Begin()");
    if (!has_picture_) return Status::Internal("'" + path_ + "' finished without a frame");
    if (frames_sent_ == 0) {  // every step shorter than half a frame: show the last one
      Status status = SendPicture();
      if (!status.ok()) return status;
    }
    return output_.Finish(1);
  }

 private:
  Status SendPicture() {
    frame_->pts = frames_sent_++;
    return output_.Encode(frame_, 1);
  }

  const Mp4ModuleHost* host_;
  std::string path_;
  int fps_;
  int crf_;
  bool begun_ = false;
  bool has_picture_ = false;
  Raster raster_;
  AvOutput output_;
  SwsContext* scaler_ = nullptr;
  AVFrame* frame_ = nullptr;
  double elapsed_seconds_ = 0;
  int64_t frames_sent_ = 0;
};

}  // namespace

}  // namespace sinks
}  // namespace convanim

// The module's exports (mp4_module_api.h).
extern "C" CONVANIM_MODULE_EXPORT int convanim_mp4_api_version() {
  return convanim::sinks::kMp4ModuleApiVersion;
}

extern "C" CONVANIM_MODULE_EXPORT convanim::FrameSink* convanim_mp4_create_sink(
    const convanim::sinks::Mp4ModuleHost* host, const std::string& path,
    const convanim::SinkOptions& options) {
  return new (std::nothrow) convanim::sinks::Mp4Sink(host, path, options);
}
