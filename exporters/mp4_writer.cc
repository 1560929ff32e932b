// H.264 MP4 with a variable frame rate: each RasterFrame is one encoded frame with a
// pts in milliseconds, lasting its duration (libx264 into the mp4 muxer).
//
// Byte-determinism: x264 runs on one thread (its output depends on the thread count),
// encoders open one at a time (LibavOutput::Open), and every frame buffer is zeroed
// when allocated (x264 reads row padding, which would otherwise hold old heap bytes).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <vector>

extern "C" {
#include <libavutil/frame.h>
#include <libswscale/swscale.h>
}

#include "exporters/libav_util.h"
#include "exporters/video.h"

namespace convanim {
namespace {

constexpr int kTicksPerSecond = 1000;  // the codec's time base: 1 ms
// Chosen on 1200x1500 frames: bench/video_bench.cc, X264Preset.
constexpr char kPreset[] = "veryfast";

class Mp4Writer : public FrameWriter {
 public:
  Mp4Writer(std::string path, int width, int height, const Mp4Options& options)
      : path_(std::move(path)), width_(width), height_(height), options_(options) {}
  ~Mp4Writer() override {
    av_frame_free(&frame_);
    sws_freeContext(scaler_);
  }

  Status Open() {
    Status status = output_.Create(path_, "mp4", "libx264");
    if (!status.ok()) return status;
    AVCodecContext* codec = output_.codec();
    codec->width = width_ + (width_ & 1);  // yuv420p needs even sizes
    codec->height = height_ + (height_ & 1);
    codec->pix_fmt = AV_PIX_FMT_YUV420P;
    codec->time_base = AVRational{1, kTicksPerSecond};
    codec->sample_aspect_ratio = AVRational{1, 1};
    codec->color_range = AVCOL_RANGE_MPEG;
    codec->color_primaries = AVCOL_PRI_BT709;
    codec->color_trc = AVCOL_TRC_BT709;
    codec->colorspace = AVCOL_SPC_BT709;
    codec->chroma_sample_location = AVCHROMA_LOC_LEFT;
    codec->thread_count = 1;  // x264's bytes depend on its thread count
    // No B-frames: decoding order is display order, so every sample's stored duration
    // (stts) is its frame's and the first frame starts at 0 without an edit list.
    codec->max_b_frames = 0;
    AVDictionary* codec_options = nullptr;
    av_dict_set(&codec_options, "preset", kPreset, 0);
    av_dict_set(&codec_options, "tune", "animation", 0);  // flat areas, sharp edges
    av_dict_set(&codec_options, "profile", "high", 0);
    av_dict_set_int(&codec_options, "crf", options_.crf, 0);
    AVDictionary* muxer_options = nullptr;
    av_dict_set(&muxer_options, "movflags", "+faststart", 0);
    status = output_.Open(&codec_options, &muxer_options);
    if (!status.ok()) return status;
    output_.on_packet = [this](AVPacket* packet) {
      // The encoder leaves durations unset; each frame lasts what it was given.
      auto found = durations_.find(packet->pts);
      if (found != durations_.end()) {
        packet->duration = found->second;
        durations_.erase(found);
      }
    };

    // Cairo's words are AV_PIX_FMT_RGB32 (native-endian ARGB): full-range RGB in,
    // limited-range BT.709 out, as tagged. Accurate rounding keeps flat colours flat.
    // An odd size goes through an even copy: swscale would make the chroma of the last
    // column from the pixel past it.
    if ((width_ | height_) & 1) {
      padded_.resize(static_cast<std::size_t>(codec->width) * codec->height);
    }
    scaler_ = sws_getContext(codec->width, codec->height, AV_PIX_FMT_RGB32, codec->width,
                             codec->height,
                             AV_PIX_FMT_YUV420P,
                             SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT | SWS_BITEXACT,
                             nullptr, nullptr, nullptr);
    if (scaler_ == nullptr) return Status::Internal("cannot convert frames to yuv420p");
    const int* bt709 = sws_getCoefficients(SWS_CS_ITU709);
    sws_setColorspaceDetails(scaler_, bt709, 1, bt709, 0, 0, 1 << 16, 1 << 16);
    frame_ = av_frame_alloc();
    if (frame_ == nullptr) return Status::Internal("out of memory for an MP4 frame");
    return NewFrameBuffer();
  }

  Status Preview(const RasterFrame&) override { return Status::Ok(); }

  Status Add(const RasterFrame& frame) override {
    if (frame.has_alpha) {
      return Status::InvalidScene("MP4 has no transparency; '" + path_ +
                                  "' needs an opaque background");
    }
    if (frame.pixels == nullptr || frame.width != width_ || frame.height != height_ ||
        frame.stride_words < frame.width) {
      return Status::Internal("MP4 '" + path_ + "': a frame of " + std::to_string(frame.width) +
                              "x" + std::to_string(frame.height) + " pixels, opened for " +
                              std::to_string(width_) + "x" + std::to_string(height_));
    }
    if (!(std::isfinite(frame.duration) && frame.duration > 0)) {
      return Status::InvalidScene("frame duration must be a positive number of seconds");
    }
    if (!av_frame_is_writable(frame_)) {  // the encoder kept it: a new, zeroed buffer
      av_frame_unref(frame_);
      Status status = NewFrameBuffer();
      if (!status.ok()) return status;
    }
    const uint32_t* pixels = frame.pixels;
    int stride_words = frame.stride_words;
    if (!padded_.empty()) {  // the extra column and row repeat the last
      stride_words = frame_->width;
      for (int y = 0; y < frame_->height; ++y) {
        const uint32_t* row = frame.pixels + std::min(y, height_ - 1) * frame.stride_words;
        uint32_t* out = &padded_[static_cast<std::size_t>(y) * stride_words];
        std::copy(row, row + width_, out);
        if (width_ & 1) out[width_] = row[width_ - 1];
      }
      pixels = padded_.data();
    }
    const uint8_t* source[1] = {reinterpret_cast<const uint8_t*>(pixels)};
    const int source_stride[1] = {stride_words * 4};
    sws_scale(scaler_, source, source_stride, 0, frame_->height, frame_->data, frame_->linesize);
    // Milliseconds from the cumulative time, so rounding never drifts; each frame
    // lasts at least 1 ms (pts must increase).
    const int64_t start = end_ticks_;
    elapsed_seconds_ += frame.duration;
    end_ticks_ = std::max<int64_t>(std::llround(elapsed_seconds_ * kTicksPerSecond), start + 1);
    frame_->pts = start;
    durations_[start] = end_ticks_ - start;
    ++frames_added_;
    return output_.Encode(frame_);
  }

  Status Finish() override {
    if (frames_added_ == 0) return Status::Internal("MP4 '" + path_ + "' finished without a frame");
    return output_.Finish();
  }

 private:
  Status NewFrameBuffer() {
    frame_->format = AV_PIX_FMT_YUV420P;
    frame_->width = output_.codec()->width;
    frame_->height = output_.codec()->height;
    frame_->color_range = AVCOL_RANGE_MPEG;
    frame_->color_primaries = AVCOL_PRI_BT709;
    frame_->color_trc = AVCOL_TRC_BT709;
    frame_->colorspace = AVCOL_SPC_BT709;
    const int error = av_frame_get_buffer(frame_, 0);
    if (error < 0) return Status::Internal("allocating an MP4 frame: " + AvErrorText(error));
    for (int plane = 0; plane < 3; ++plane) {
      const int rows = plane == 0 ? frame_->height : frame_->height / 2;
      std::memset(frame_->data[plane], 0, static_cast<std::size_t>(frame_->linesize[plane]) * rows);
    }
    return Status::Ok();
  }

  const std::string path_;
  const int width_, height_;  // of the frames; the video's are even
  const Mp4Options options_;
  LibavOutput output_;
  SwsContext* scaler_ = nullptr;
  std::vector<uint32_t> padded_;  // the frame at the even size, for odd sizes
  AVFrame* frame_ = nullptr;
  std::map<int64_t, int64_t> durations_;  // pts -> duration of frames not yet out
  int64_t frames_added_ = 0;
  double elapsed_seconds_ = 0;
  int64_t end_ticks_ = 0;
};

}  // namespace

Status OpenMp4Writer(const std::string& path, int width, int height, const Mp4Options& options,
                     std::unique_ptr<FrameWriter>* out) {
  if (width < 1 || height < 1 || width > 16384 || height > 16384) {
    return Status::InvalidScene("an MP4 of " + std::to_string(width) + "x" +
                                std::to_string(height) + " pixels (1..16384 each way)");
  }
  if (options.crf < 0 || options.crf > 51) {
    return Status::InvalidScene("MP4 quality (crf) " + std::to_string(options.crf) +
                                " must be between 0 and 51");
  }
  auto writer = std::make_unique<Mp4Writer>(path, width, height, options);
  Status status = writer->Open();
  if (status.ok()) *out = std::move(writer);
  return status;
}

}  // namespace convanim
