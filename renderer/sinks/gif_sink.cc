// Animated GIF: palette from the preview pass, PAL8 frames through libavcodec's GIF
// encoder (changed rectangles + transparency), libavformat's gif muxer.
extern "C" {
#include <libavutil/opt.h>
}

#include <algorithm>
#include <cmath>
#include <deque>
#include <memory>
#include <string>

#include "renderer/sinks/av_output.h"
#include "renderer/sinks/gif_palette.h"
#include "renderer/sinks/raster.h"
#include "renderer/sinks/sinks.h"

namespace convanim {
namespace sinks {
namespace {

// The gif muxer's time base: delays are whole centiseconds.
constexpr int kCentisecondsPerSecond = 100;

class GifSink : public FrameSink {
 public:
  GifSink(std::string path, const SinkOptions& options)
      : path_(std::move(path)), loop_(options.gif_loop), colours_limit_(options.gif_colours) {}
  ~GifSink() override { av_frame_free(&frame_); }

  Status Begin(const FrameGeometry& geometry) override {
    RasterSize size;
    Status status = RasterSizeFor(geometry, /*even=*/false, &size);
    if (!status.ok()) return status;
    status = raster_.Init(size, geometry.scale, CAIRO_FORMAT_ARGB32);
    if (!status.ok()) return status;

    const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_GIF);
    if (codec == nullptr) return Status::Internal("this FFmpeg has no GIF encoder");
    status = output_.Create(path_, "gif", codec);
    if (!status.ok()) return status;
    AVCodecContext* context = output_.codec();
    context->width = size.width;
    context->height = size.height;
    context->pix_fmt = AV_PIX_FMT_PAL8;
    context->time_base = AVRational{1, kCentisecondsPerSecond};
    AVDictionary* codec_options = nullptr;
    // Unchanged pixels: crop each frame to the changed rectangle and make unchanged
    // pixels inside it transparent. One palette for the whole file.
    av_dict_set(&codec_options, "gifflags", "+offsetting+transdiff", 0);
    av_dict_set(&codec_options, "global_palette", "1", 0);
    AVDictionary* muxer_options = nullptr;
    av_dict_set(&muxer_options, "loop", loop_ ? "0" : "-1", 0);  // 0: forever; -1: once
    status = output_.Open(&codec_options, &muxer_options);
    if (!status.ok()) return status;

    frame_ = av_frame_alloc();
    if (frame_ == nullptr) return Status::Internal("out of memory for a GIF frame");
    frame_->format = AV_PIX_FMT_PAL8;
    frame_->width = size.width;
    frame_->height = size.height;
    const int error = av_frame_get_buffer(frame_, 0);
    if (error < 0) return Status::Internal("allocating a GIF frame: " + AvErrorText(error));
    begun_ = true;
    return Status::Ok();
  }

  bool WantsPreviewPass() const override { return true; }

  Status Preview(const DrawFn& draw) override {
    if (!begun_) return Status::Internal("preview of '" + path_ + "' before Begin()");
    if (mapper_) return Status::Internal("preview of '" + path_ + "' after AddFrame()");
    Status status = raster_.Draw(draw);
    if (!status.ok()) return status;
    for (int y = 0; y < raster_.height(); ++y) colours_.AddRow(raster_.row(y), raster_.width());
    return Status::Ok();
  }

  Status AddFrame(const DrawFn& draw, double duration_seconds) override {
    if (!begun_) return Status::Internal("frame for '" + path_ + "' before Begin()");
    Status status = CheckFrameDuration(duration_seconds);
    if (!status.ok()) return status;
    if (!mapper_) {
      if (colours_.empty()) {
        return Status::Internal("the GIF sink for '" + path_ +
                                "' needs the preview pass before its frames");
      }
      mapper_ = std::make_unique<PaletteMapper>(
          BuildPalette(colours_, static_cast<std::size_t>(colours_limit_)));
    }
    status = raster_.Draw(draw);
    if (!status.ok()) return status;

    // The encoder keeps a reference to the previous frame (for the differences):
    // make_writable gives this frame its own buffer when that one is still in use.
    int error = av_frame_make_writable(frame_);
    if (error < 0) return Status::Internal("allocating a GIF frame: " + AvErrorText(error));
    uint32_t* palette = reinterpret_cast<uint32_t*>(frame_->data[1]);
    const std::vector<uint32_t>& colours = mapper_->palette();
    for (int i = 0; i < 256; ++i) {
      // Opaque entries only: an entry with alpha < 128 would become the permanent
      // transparent index. Unused entries repeat the first colour.
      palette[i] = 0xFF000000u | colours[std::min<std::size_t>(i, colours.size() - 1)];
    }
    for (int y = 0; y < raster_.height(); ++y) {
      mapper_->MapRow(raster_.row(y), raster_.width(),
                      frame_->data[0] + static_cast<std::ptrdiff_t>(y) * frame_->linesize[0]);
    }

    // Centiseconds exist only here, from the cumulative time so rounding never drifts.
    int64_t start = static_cast<int64_t>(std::llround(elapsed_seconds_ * kCentisecondsPerSecond));
    if (last_pts_ >= 0) start = std::max(start, last_pts_ + 1);
    elapsed_seconds_ += duration_seconds;
    const int64_t end = std::max(
        static_cast<int64_t>(std::llround(elapsed_seconds_ * kCentisecondsPerSecond)), start + 1);
    frame_->pts = start;
    last_pts_ = start;
    last_end_ = end;
    return output_.Encode(frame_, end - start);
  }

  Status Finish() override {
    if (!begun_) return Status::Internal("'" + path_ + "' finished before Begin()");
    if (last_pts_ < 0) return Status::Internal("'" + path_ + "' finished without a frame");
    // The muxer times a frame by the next one's pts; the last has none, so say it.
    const int error =
        av_opt_set_int(output_.format()->priv_data, "final_delay", last_end_ - last_pts_, 0);
    if (error < 0) {
      return Status::Internal("setting the GIF's last delay: " + AvErrorText(error));
    }
    return output_.Finish(0);
  }

 private:
  std::string path_;
  bool loop_;
  int colours_limit_;  // palette size (SinkOptions::gif_colours)
  bool begun_ = false;
  Raster raster_;
  AvOutput output_;
  AVFrame* frame_ = nullptr;
  ColourCounter colours_;
  std::unique_ptr<PaletteMapper> mapper_;
  double elapsed_seconds_ = 0;
  int64_t last_pts_ = -1;
  int64_t last_end_ = 0;
};

}  // namespace

std::unique_ptr<FrameSink> MakeGifSink(const std::string& path, const SinkOptions& options) {
  return std::make_unique<GifSink>(path, options);
}

}  // namespace sinks
}  // namespace convanim
