// Animated GIF: one global palette from the preview frames, PAL8 frames through
// libavcodec's GIF encoder into libavformat's gif muxer.
//
// What FFmpeg 5.1 does with them (libavcodec/gif.c, libavformat/gif.c):
// - The first frame is written whole. For later frames with the same palette,
//   "offsetting" crops to the rectangle that differs from the previous frame (comparing
//   whole frames) and "transdiff" turns its unchanged pixels into an index the
//   rectangle does not use, marked transparent, so LZW sees long runs. A palette of at
//   most 255 colours leaves such an index free.
// - With a transparent palette entry (alpha < 128), a frame holding that index is
//   disposed to the background after showing and the next one is drawn whole, so
//   pixels that turn transparent are right. 5.1's crop of such frames drops pixels of
//   their last row: transparent GIFs go without offsetting and transdiff. A frame with
//   no transparent pixel would not be disposed and would show through the next one's
//   transparent pixels: it is refused.
// - The muxer gives each frame the delay up to the next frame's pts (1/100 s), and the
//   last one its "final_delay" option (else it repeats the delay before it).
#include <algorithm>
#include <cstring>
#include <unordered_map>
#include <utility>

extern "C" {
#include <libavutil/opt.h>
}

#include "exporters/libav_util.h"
#include "exporters/video.h"

namespace convanim {
namespace {

constexpr int kMaxColours = 255;                // one index stays free for transparency
constexpr uint32_t kTransparent = 0xFF000000u;  // not a 0xRRGGBB colour

// The 0xRRGGBB a Cairo pixel shows (un-premultiplied), or kTransparent for alpha < 128.
uint32_t ColourOf(uint32_t pixel, bool has_alpha) {
  const uint32_t alpha = pixel >> 24;
  if (!has_alpha || alpha == 255) return pixel & 0xFFFFFFu;
  if (alpha < 128) return kTransparent;
  uint32_t rgb = 0;
  for (int shift = 0; shift <= 16; shift += 8) {
    const uint32_t channel = (pixel >> shift) & 0xFF;
    rgb |= std::min<uint32_t>(255, (channel * 255 + alpha / 2) / alpha) << shift;
  }
  return rgb;
}

class GifWriter : public FrameWriter {
 public:
  GifWriter(std::string path, int width, int height, const GifOptions& options)
      : path_(std::move(path)), width_(width), height_(height), options_(options) {}

  // The temporary file, the muxer and two PAL8 frames; the encoder opens at the first
  // Add(), when the palette and the transparency are known.
  Status Create() {
    Status status = output_.Create(path_, "gif", "gif");
    for (FramePtr& frame : frames_) {
      if (status.ok()) status = AllocateFrame(AV_PIX_FMT_PAL8, width_, height_, &frame);
    }
    return status;
  }

  Status Preview(const RasterFrame& frame) override {
    if (started_) return Status::Internal("GIF '" + path_ + "': Preview() after Add()");
    Status status = Check(frame, /*check_duration=*/false);
    if (status.ok()) Count(frame);
    previewed_ = true;
    return status;
  }

  Status Add(const RasterFrame& frame) override {
    Status status = Check(frame, /*check_duration=*/true);
    if (!status.ok()) return status;
    AVFrame* next = frames_[current_].get();
    if (!started_) {
      if (!previewed_) Count(frame);
      status = Start();
      if (!status.ok()) return status;
      ConvertRect(frame, PixelRect{0, 0, width_, height_}, next);
    } else {
      // `next` holds the frame before the previous one (the encoder let go of it): bring
      // it up to the previous frame, then convert what changed since.
      const AVFrame* previous = next;
      current_ = 1 - current_;
      next = frames_[current_].get();
      const int error = av_frame_make_writable(next);  // copies it if the encoder kept it
      if (error < 0) return Status::Internal("GIF frame: " + AvErrorText(error));
      for (const PixelRect& rect : previous_rects_) {
        for (int y = rect.y; y < rect.y + rect.height; ++y) {
          std::memcpy(next->data[0] + y * next->linesize[0] + rect.x,
                      previous->data[0] + y * previous->linesize[0] + rect.x,
                      static_cast<std::size_t>(rect.width));
        }
      }
      previous_rects_.clear();
      for (const PixelRect& changed : frame.changed) {
        previous_rects_.push_back(Clip(changed, width_, height_));
        ConvertRect(frame, previous_rects_.back(), next);
      }
    }
    if (has_alpha_ && !HasTransparentPixel(*next)) {
      return Status::InvalidScene("GIF '" + path_ + "': frame " + std::to_string(added_ + 1) +
                                  " of a transparent GIF has no transparent pixel; libavcodec's "
                                  "GIF encoder cannot mix opaque and transparent frames");
    }
    next->pts = clock_.Add(frame.duration);
    last_delay_ = clock_.end() - next->pts;
    if (last_delay_ > 65535) {  // the most a GIF delay field holds
      return Status::InvalidScene("GIF '" + path_ + "': a frame lasts at most 655.35 s");
    }
    ++added_;
    return output_.Encode(next);
  }

  Status Finish() override {
    if (added_ == 0) return Status::Internal("GIF '" + path_ + "' finished without a frame");
    // The muxer writes a frame's delay when the next one comes; the last one's is this.
    const int error =
        av_opt_set_int(output_.format(), "final_delay", last_delay_, AV_OPT_SEARCH_CHILDREN);
    if (error < 0) return Status::Internal("GIF final delay: " + AvErrorText(error));
    return output_.Finish();
  }

 private:
  Status Check(const RasterFrame& frame, bool check_duration) {
    Status status = CheckFrame(frame, width_, height_, path_, check_duration);
    if (status.ok() && seen_frame_ && frame.has_alpha != has_alpha_) {
      status = Status::Internal("GIF '" + path_ + "': frames with and without transparency");
    }
    seen_frame_ = true;
    has_alpha_ = frame.has_alpha;
    return status;
  }

  // Counts the colours of `frame` (a run of one pixel value is looked up once).
  void Count(const RasterFrame& frame) {
    for (int y = 0; y < height_; ++y) {
      const uint32_t* row = frame.pixels + static_cast<std::ptrdiff_t>(y) * frame.stride_words;
      for (int x = 0, end = 1; x < width_; x = end++) {
        while (end < width_ && row[end] == row[x]) ++end;
        const uint32_t rgb = ColourOf(row[x], has_alpha_);
        if (rgb != kTransparent) counts_[rgb] += static_cast<uint64_t>(end - x);
      }
    }
  }

  // The palette (the most frequent colours counted, sorted by value: deterministic)
  // and the encoder.
  Status Start() {
    started_ = true;
    std::vector<std::pair<uint32_t, uint64_t>> counted(counts_.begin(), counts_.end());
    std::sort(counted.begin(), counted.end());
    const std::size_t limit = static_cast<std::size_t>(std::min(options_.colours, kMaxColours));
    if (counted.size() > limit) {
      std::stable_sort(counted.begin(), counted.end(),
                       [](const auto& a, const auto& b) { return a.second > b.second; });
      counted.resize(limit);
      std::sort(counted.begin(), counted.end());
    }
    for (const auto& colour : counted) colours_.push_back(colour.first);
    if (colours_.empty()) colours_.push_back(0);  // all transparent so far
    uint32_t palette[AVPALETTE_COUNT];
    std::fill_n(palette, AVPALETTE_COUNT, 0xFF000000u);  // unused entries: opaque black
    for (std::size_t i = 0; i < colours_.size(); ++i) palette[i] |= colours_[i];
    transparent_index_ = static_cast<uint8_t>(colours_.size());
    if (has_alpha_) palette[transparent_index_] = 0;  // alpha 0: the encoder's transparent
    for (FramePtr& frame : frames_) std::memcpy(frame->data[1], palette, sizeof(palette));
    for (CacheEntry& entry : cache_) entry = CacheEntry{Key(0), Map(Key(0))};
    previous_rects_.push_back(PixelRect{0, 0, width_, height_});

    AVCodecContext* codec = output_.codec();
    codec->width = width_;
    codec->height = height_;
    codec->pix_fmt = AV_PIX_FMT_PAL8;
    codec->time_base = AVRational{1, 100};
    AVDictionary* codec_options = nullptr;
    av_dict_set(&codec_options, "gifflags", has_alpha_ ? "0" : "+offsetting+transdiff", 0);
    av_dict_set(&codec_options, "global_palette", "1", 0);
    AVDictionary* muxer_options = nullptr;
    av_dict_set(&muxer_options, "loop", options_.loop ? "0" : "-1", 0);
    return output_.Open(&codec_options, &muxer_options);
  }

  uint32_t Key(uint32_t pixel) const { return has_alpha_ ? pixel : pixel & 0xFFFFFFu; }

  // The palette index of a pixel: transparent, or the nearest colour by squared RGB
  // distance (the lowest index on ties). No dithering.
  uint8_t Map(uint32_t key) const {
    const uint32_t rgb = ColourOf(key, has_alpha_);
    if (rgb == kTransparent) return transparent_index_;
    std::size_t best = 0;
    int best_distance = 1 << 30;
    for (std::size_t i = 0; i < colours_.size(); ++i) {
      int distance = 0;
      for (int shift = 0; shift <= 16; shift += 8) {
        const int d = static_cast<int>((rgb >> shift & 0xFF) - (colours_[i] >> shift & 0xFF));
        distance += d * d;
      }
      if (distance < best_distance) {
        best_distance = distance;
        best = i;
      }
    }
    return static_cast<uint8_t>(best);
  }

  void ConvertRect(const RasterFrame& frame, const PixelRect& rect, AVFrame* out) {
    uint32_t last_key = cache_[0].key;
    uint8_t last_index = cache_[0].index;
    for (int y = rect.y; y < rect.y + rect.height; ++y) {
      const uint32_t* row = frame.pixels + static_cast<std::ptrdiff_t>(y) * frame.stride_words;
      uint8_t* indices = out->data[0] + static_cast<std::ptrdiff_t>(y) * out->linesize[0];
      for (int x = rect.x; x < rect.x + rect.width; ++x) {
        const uint32_t key = Key(row[x]);
        if (key != last_key) {
          CacheEntry& entry = cache_[(key * 2654435761u) >> (32 - kCacheBits)];
          if (entry.key != key) entry = CacheEntry{key, Map(key)};
          last_key = key;
          last_index = entry.index;
        }
        indices[x] = last_index;
      }
    }
  }

  bool HasTransparentPixel(const AVFrame& frame) const {
    for (int y = 0; y < height_; ++y) {
      if (std::memchr(frame.data[0] + y * frame.linesize[0], transparent_index_,
                      static_cast<std::size_t>(width_)) != nullptr) {
        return true;
      }
    }
    return false;
  }

  const std::string path_;
  const int width_, height_;
  const GifOptions options_;
  bool seen_frame_ = false, has_alpha_ = false, previewed_ = false, started_ = false;
  std::unordered_map<uint32_t, uint64_t> counts_;  // pixels per colour, preview frames
  std::vector<uint32_t> colours_;                  // the palette's colours, 0xRRGGBB
  uint8_t transparent_index_ = 0;                  // the first index after them
  static constexpr int kCacheBits = 12;
  struct CacheEntry {
    uint32_t key;
    uint8_t index;
  };
  CacheEntry cache_[1 << kCacheBits];  // direct-mapped: Key(pixel) -> Map(Key(pixel))
  LibavOutput output_;
  // Two PAL8 frames in turn: frames_[current_] is the last one sent (the encoder keeps
  // a reference to it to find what changed); previous_rects_ is what it changed.
  FramePtr frames_[2];
  int current_ = 0;
  std::vector<PixelRect> previous_rects_;
  int64_t added_ = 0;      // frames
  FrameClock clock_{100};  // GIF delays are centiseconds
  int64_t last_delay_ = 0;
};

}  // namespace

Status OpenGifWriter(const std::string& path, int width, int height, const GifOptions& options,
                     std::unique_ptr<FrameWriter>* out) {
  if (width < 1 || height < 1 || width > 65535 || height > 65535) {
    return Status::InvalidScene("a GIF of " + std::to_string(width) + "x" + std::to_string(height) +
                                " pixels (1..65535 each way)");
  }
  if (options.colours < 2 || options.colours > 256) {
    return Status::InvalidScene("GIF colours " + std::to_string(options.colours) +
                                " must be between 2 and 256");
  }
  auto writer = std::make_unique<GifWriter>(path, width, height, options);
  Status status = writer->Create();
  if (status.ok()) *out = std::move(writer);
  return status;
}

}  // namespace convanim
