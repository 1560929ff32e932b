// H.264 MP4 with a variable frame rate: each RasterFrame is one encoded frame with a
// pts in milliseconds, lasting its duration (libx264 into the mp4 muxer).
//
// Byte-determinism: x264 runs on one thread (its output depends on the thread count),
// encoders open one at a time (LibavOutput::Open) and frame buffers start zeroed
// (AllocateFrame).
//
// Only the changed rectangles are converted to yuv420p, here: swscale converts whole
// frames only, 5 ms for 1200x1500, as long as x264 takes to encode one at veryfast.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>

extern "C" {
#include <libavutil/frame.h>
}

#include "exporters/libav_util.h"
#include "exporters/video.h"

namespace convanim {
namespace {

constexpr int kTicksPerSecond = 1000;  // the codec's time base: 1 ms

// BT.709, limited range, in 16.16 fixed point: Y = 16 + 219/255 (.2126 R + .7152 G +
// .0722 B); Cb, Cr = 128 + 224/255 (B - Y') / 1.8556, (R - Y') / 1.5748. The chroma
// rows sum to 0, so greys get exactly 128.
constexpr int kYR = 11966, kYG = 40254, kYB = 4064;
constexpr int kCbR = -6596, kCbG = -22189, kCbB = 28785;
constexpr int kCrR = 28785, kCrG = -26146, kCrB = -2639;

int Red(uint32_t pixel) { return static_cast<int>((pixel >> 16) & 0xFF); }
int Green(uint32_t pixel) { return static_cast<int>((pixel >> 8) & 0xFF); }
int Blue(uint32_t pixel) { return static_cast<int>(pixel & 0xFF); }
uint8_t Luma(uint32_t pixel) {
  return static_cast<uint8_t>(
      ((16 << 16) + kYR * Red(pixel) + kYG * Green(pixel) + kYB * Blue(pixel) + (1 << 15)) >> 16);
}
// Of the channels summed over 2x2 pixels.
uint8_t Chroma(int kr, int kg, int kb, int r, int g, int b) {
  return static_cast<uint8_t>(((128 << 18) + kr * r + kg * g + kb * b + (1 << 17)) >> 18);
}

// Converts the 2x2 blocks covering `rect` of `frame` into `out` (its even size; the
// extra column and row repeat the frame's last). Chroma is the blocks' mean (centre
// sited).
void ConvertRect(const RasterFrame& frame, const PixelRect& rect, AVFrame* out) {
  const int x0 = std::max(rect.x, 0) & ~1, y0 = std::max(rect.y, 0) & ~1;
  const int x1 = std::min(rect.x + rect.width + 1, out->width) & ~1;
  const int y1 = std::min(rect.y + rect.height + 1, out->height) & ~1;
  for (int y = y0; y < y1; y += 2) {
    const uint32_t* rows[2];
    for (int i = 0; i < 2; ++i) {
      rows[i] = frame.pixels +
                static_cast<std::ptrdiff_t>(std::min(y + i, frame.height - 1)) * frame.stride_words;
    }
    uint8_t* cb = out->data[1] + (y / 2) * out->linesize[1];
    uint8_t* cr = out->data[2] + (y / 2) * out->linesize[2];
    for (int x = x0; x < x1; x += 2) {
      int r = 0, g = 0, b = 0;
      for (int i = 0; i < 4; ++i) {
        const uint32_t pixel = rows[i / 2][std::min(x + i % 2, frame.width - 1)];
        out->data[0][(y + i / 2) * out->linesize[0] + x + i % 2] = Luma(pixel);
        r += Red(pixel);
        g += Green(pixel);
        b += Blue(pixel);
      }
      cb[x / 2] = Chroma(kCbR, kCbG, kCbB, r, g, b);
      cr[x / 2] = Chroma(kCrR, kCrG, kCrB, r, g, b);
    }
  }
}

// x264 alone on 100 steps of 1200x1500 (bench/video_bench.cc, X264Preset), ms per
// frame and file size: medium 20.2 / 217 KiB, faster 14.8 / 238, veryfast 8.0 / 316.
// Big figures have ~1,500 steps: veryfast encodes them in 12 s rather than 30.
constexpr char kPreset[] = "veryfast";
// On top of veryfast, on 300 steps of a 30x30 guide-look scene (1284x1586, CRF 18, tune
// animation, one thread; docs/performance.md): the cheapest motion search and subpixel
// refinement and no macroblock partitions take x264 from 9.6 to 7.8 ms a frame, PSNR
// 51.1 -> 50.8 dB, 18 % more bytes. superfast: 9.0 ms, 84 % more bytes; ultrafast: 6.6
// ms, 150 % more bytes (both lose CABAC or deblocking, not the time).
constexpr char kX264Params[] = "subme=1:me=dia:partitions=none";

class Mp4Writer : public FrameWriter {
 public:
  Mp4Writer(std::string path, int width, int height, const Mp4Options& options)
      : path_(std::move(path)), width_(width), height_(height), options_(options) {}

  Status Open() {
    Status status = output_.Create(path_, "mp4", "libx264");
    if (!status.ok()) return status;
    AVCodecContext* codec = output_.codec();
    codec->width = width_ + (width_ & 1);  // yuv420p needs even sizes
    codec->height = height_ + (height_ & 1);
    codec->pix_fmt = AV_PIX_FMT_YUV420P;
    codec->time_base = AVRational{1, kTicksPerSecond};
    // Timing comes from the pts; x264 takes its level from this rate (without it, from
    // the time base: 1000 frames/s, level 6 for 1200x1500, which players may refuse).
    codec->framerate = AVRational{30, 1};
    codec->sample_aspect_ratio = AVRational{1, 1};
    codec->color_range = AVCOL_RANGE_MPEG;
    codec->color_primaries = AVCOL_PRI_BT709;
    codec->color_trc = AVCOL_TRC_BT709;
    codec->colorspace = AVCOL_SPC_BT709;
    codec->chroma_sample_location = AVCHROMA_LOC_CENTER;  // ConvertRect's means
    codec->thread_count = 1;                              // x264's bytes depend on its thread count
    // No B-frames: decoding order is display order, so every sample's stored duration
    // (stts) is its frame's and the first frame starts at 0 without an edit list.
    codec->max_b_frames = 0;
    AVDictionary* codec_options = nullptr;
    av_dict_set(&codec_options, "preset", kPreset, 0);
    av_dict_set(&codec_options, "x264-params", kX264Params, 0);
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

    return AllocateFrame(AV_PIX_FMT_YUV420P, codec->width, codec->height, &frame_);
  }

  Status Preview(const RasterFrame&) override { return Status::Ok(); }

  Status Add(const RasterFrame& frame) override {
    if (frame.has_alpha) {
      return Status::InvalidScene("MP4 has no transparency; '" + path_ +
                                  "' needs an opaque background");
    }
    Status status = CheckFrame(frame, width_, height_, path_);
    if (!status.ok()) return status;
    // x264 copies what it is sent, so frame_ still holds the previous frame: only what
    // changed is converted. Should the encoder keep it, a new buffer is converted whole.
    bool whole = clock_.end() == 0;
    if (!av_frame_is_writable(frame_.get())) {
      status = AllocateFrame(AV_PIX_FMT_YUV420P, frame_->width, frame_->height, &frame_);
      if (!status.ok()) return status;
      whole = true;
    }
    if (whole) {
      ConvertRect(frame, PixelRect{0, 0, frame_->width, frame_->height}, frame_.get());
    } else {
      for (const PixelRect& rect : frame.changed) ConvertRect(frame, rect, frame_.get());
    }
    frame_->pts = clock_.Add(frame.duration);
    durations_[frame_->pts] = clock_.end() - frame_->pts;
    return output_.Encode(frame_.get());
  }

  Status Finish() override {
    if (clock_.end() == 0) return Status::Internal("MP4 '" + path_ + "' finished without a frame");
    return output_.Finish();
  }

 private:
  const std::string path_;
  const int width_, height_;  // of the frames; the video's are even
  const Mp4Options options_;
  LibavOutput output_;
  FramePtr frame_;                        // the last frame sent, yuv420p at the even size
  std::map<int64_t, int64_t> durations_;  // pts -> duration of frames not yet out
  FrameClock clock_{kTicksPerSecond};
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
