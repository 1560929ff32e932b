// Animated GIF: palette from the preview pass, PAL8 frames through libavcodec's GIF
// encoder (changed rectangles + transparency) in the GIF module, and the file around
// its packets written here (gif_container.h), so the binary never links libav.
#include <pthread.h>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "renderer/sinks/atomic_file.h"
#include "renderer/sinks/gif_container.h"
#include "renderer/sinks/gif_module_api.h"
#include "renderer/sinks/gif_palette.h"
#include "renderer/sinks/module_loader.h"
#include "renderer/sinks/raster.h"
#include "renderer/sinks/sinks.h"
#include "renderer/sinks/thread_beside.h"

namespace convanim {
namespace sinks {
namespace {

// GIF delays are centiseconds.
constexpr int kCentisecondsPerSecond = 100;
constexpr int kPaletteEntries = 256;

// The functions of a loaded GIF module.
struct GifEncoderApi {
  ConvanimGifOpenFn open = nullptr;
  ConvanimGifEncodeFn encode = nullptr;
  ConvanimGifErrorFn error = nullptr;
  ConvanimGifCloseFn close = nullptr;
};

Status LoadGifEncoderApi(GifEncoderApi* api) {
  void* open = nullptr;
  void* encode = nullptr;
  void* error = nullptr;
  void* close = nullptr;
  Status status = LoadModuleFunctions(EncoderModule::kGif, kGifApiVersionSymbol,
                                      CONVANIM_GIF_MODULE_API_VERSION,
                                      {{kGifOpenSymbol, &open},
                                       {kGifEncodeSymbol, &encode},
                                       {kGifErrorSymbol, &error},
                                       {kGifCloseSymbol, &close}});
  if (!status.ok()) return status;
  api->open = reinterpret_cast<ConvanimGifOpenFn>(open);
  api->encode = reinterpret_cast<ConvanimGifEncodeFn>(encode);
  api->error = reinterpret_cast<ConvanimGifErrorFn>(error);
  api->close = reinterpret_cast<ConvanimGifCloseFn>(close);
  return Status::Ok();
}

// An open encoder of the module, closed on destruction.
class Encoder {
 public:
  explicit Encoder(const GifEncoderApi& api) : api_(api) {}
  ~Encoder() {
    if (encoder_ != nullptr) api_.close(encoder_);
  }
  Encoder(const Encoder&) = delete;
  Encoder& operator=(const Encoder&) = delete;

  Status Open(int width, int height) {
    char error[256] = {0};
    encoder_ = api_.open(width, height, error, sizeof(error));
    if (encoder_ == nullptr) {
      return Status::Internal(std::string("opening the GIF encoder: ") + error);
    }
    return Status::Ok();
  }
  bool is_open() const { return encoder_ != nullptr; }

  // The packet is valid until the next call.
  Status Encode(const uint8_t* indices, int width, const uint32_t* palette, int64_t pts,
                const uint8_t** packet, std::size_t* packet_size) {
    if (api_.encode(encoder_, indices, width, palette, pts, packet, packet_size) < 0) {
      return Status::Internal(std::string("encoding a GIF frame: ") + api_.error(encoder_));
    }
    return Status::Ok();
  }

 private:
  GifEncoderApi api_;
  ConvanimGifEncoder* encoder_ = nullptr;
};

// Encodes kept frames [first, kept.size()) ahead of AddFrame() on a thread of its own,
// with an encoder of its own shown frame first - 1 beforehand. The GIF encoder's
// packet for a frame depends only on that frame and the one before it (its changed
// rectangle and transparency; the palette is the same for all), so these packets are
// byte for byte the ones a single encoder makes, and two cores encode at once. The
// priming frame is encoded whole (about 8 % more instructions for padding_strides.gif),
// for 2-3 ms less wall time on the 2-CPU machine.
class AheadEncoder {
 public:
  // The thread reads `kept` elements first - 1 onwards, which the owner leaves alone
  // until Take() has returned them, and `index_of_id` (ExpandRuns()); both must
  // outlive this. `colours` is the palette's colours (for the overflow colours).
  AheadEncoder(const GifEncoderApi& api, int width, int height, const uint32_t* palette,
               const std::vector<uint32_t>& colours, const std::vector<ColourRuns>* kept,
               const std::vector<uint8_t>* index_of_id, std::size_t first)
      : encoder_(api),
        width_(width),
        height_(height),
        mapper_(colours),
        kept_(kept),
        index_of_id_(index_of_id),
        first_(first) {
    std::copy(palette, palette + kPaletteEntries, palette_);
    packets_.resize(kept->size());
  }
  ~AheadEncoder() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      cancelled_ = true;
    }
    if (started_) pthread_join(thread_, nullptr);
  }
  AheadEncoder(const AheadEncoder&) = delete;
  AheadEncoder& operator=(const AheadEncoder&) = delete;

  // False when no thread could be started (the caller then encodes every frame).
  bool Start() {
    started_ = StartThreadBesideCaller(
                   [](void* self) -> void* {
                     static_cast<AheadEncoder*>(self)->Run();
                     return nullptr;
                   },
                   this, &thread_) == 0;
    return started_;
  }

  std::size_t first() const { return first_; }

  // Waits for the packet of kept frame `frame` (>= first()) and moves it to `packet`.
  Status Take(std::size_t frame, std::vector<uint8_t>* packet) {
    std::unique_lock<std::mutex> lock(mutex_);
    encoded_.wait(lock, [&] { return done_ > frame || finished_; });
    if (done_ <= frame) {
      return status_.ok() ? Status::Internal("the GIF encoder's thread stopped early") : status_;
    }
    packet->swap(packets_[frame]);
    std::vector<uint8_t>().swap(packets_[frame]);
    return Status::Ok();
  }

 private:
  void Run() {
    Status status = encoder_.Open(width_, height_);
    std::vector<uint8_t> indices(static_cast<std::size_t>(width_) * height_ + kExpandSlack);
    for (std::size_t frame = first_ - 1; status.ok() && frame < kept_->size(); ++frame) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (cancelled_) return;
      }
      ExpandRuns((*kept_)[frame], *index_of_id_, &mapper_, indices.data());
      const uint8_t* packet = nullptr;
      std::size_t packet_size = 0;
      status = encoder_.Encode(indices.data(), width_, palette_, static_cast<int64_t>(frame),
                               &packet, &packet_size);
      if (!status.ok() || frame < first_) continue;  // frame first - 1 only primes it
      std::vector<uint8_t> bytes(packet, packet + packet_size);
      std::lock_guard<std::mutex> lock(mutex_);
      packets_[frame].swap(bytes);
      done_ = frame + 1;
      encoded_.notify_all();
    }
    std::lock_guard<std::mutex> lock(mutex_);
    status_ = status;
    finished_ = true;
    encoded_.notify_all();
  }

  Encoder encoder_;
  int width_;
  int height_;
  PaletteMapper mapper_;  // its own: a mapper's cache is not shared between threads
  const std::vector<ColourRuns>* kept_;
  const std::vector<uint8_t>* index_of_id_;
  std::size_t first_;
  uint32_t palette_[kPaletteEntries];
  pthread_t thread_{};
  bool started_ = false;
  std::mutex mutex_;
  std::condition_variable encoded_;
  std::vector<std::vector<uint8_t>> packets_;  // by frame; moved out by Take()
  std::size_t done_ = 0;                       // frames below this one are encoded
  Status status_;                              // the thread's failure, once finished_
  bool finished_ = false;
  bool cancelled_ = false;
};

class GifSink : public FrameSink {
 public:
  GifSink(std::string path, const SinkOptions& options, std::size_t preview_memory_budget)
      : path_(std::move(path)),
        colours_limit_(options.gif_colours),
        preview_memory_budget_(preview_memory_budget),
        container_(options.gif_loop) {
    // libavcodec takes ~13 ms to load: let it load while the scene loads and draws.
    StartLoadingModule(EncoderModule::kGif);
  }

  Status Begin(const FrameGeometry& geometry) override {
    RasterSize size;
    Status status = RasterSizeFor(geometry, /*even=*/false, &size);
    if (!status.ok()) return status;
    status = raster_.Init(size, geometry.scale, CAIRO_FORMAT_ARGB32);
    if (!status.ok()) return status;
    status = AtomicFile::Create(path_, &file_);
    if (!status.ok()) return status;
    indices_.assign(
        static_cast<std::size_t>(size.width) * static_cast<std::size_t>(size.height) + kExpandSlack,
        0);
    begun_ = true;
    return Status::Ok();
  }

  bool WantsPreviewPass() const override { return true; }

  Status Preview(const DrawFn& draw) override {
    if (!begun_) return Status::Internal("preview of '" + path_ + "' before Begin()");
    if (mapper_) return Status::Internal("preview of '" + path_ + "' after AddFrame()");
    Status status = raster_.Draw(draw);
    if (!status.ok()) return status;
    ++previews_;
    if (!keeping_previews_) {
      for (int y = 0; y < raster_.height(); ++y) colours_.AddRow(raster_.row(y), raster_.width());
      return Status::Ok();
    }
    // Frames come back in the same order (the FrameSink contract): while their runs
    // fit the budget they are kept, and AddFrame() uses them instead of drawing again.
    ColourRuns runs;
    runs.runs.reserve(last_run_count_ + last_run_count_ / 8);
    for (int y = 0; y < raster_.height(); ++y) {
      colours_.AddRow(raster_.row(y), raster_.width(), &runs);
    }
    last_run_count_ = runs.runs.size();
    if (kept_bytes_ + runs.bytes() <= preview_memory_budget_) {
      kept_bytes_ += runs.bytes();
      runs.runs.shrink_to_fit();
      kept_.push_back(std::move(runs));
    } else {
      keeping_previews_ = false;  // later frames are drawn again, so memory stays bounded
    }
    return Status::Ok();
  }

  Status AddFrame(const DrawFn& draw, double duration_seconds) override {
    if (!begun_) return Status::Internal("frame for '" + path_ + "' before Begin()");
    Status status = CheckFrameDuration(duration_seconds);
    if (!status.ok()) return status;
    if (frames_added_ >= previews_) {
      return Status::Internal("the GIF sink for '" + path_ + "' got more frames (" +
                              std::to_string(frames_added_ + 1) + ") than its preview pass (" +
                              std::to_string(previews_) + ")");
    }
    if (!mapper_) {
      // The palette and every counted colour's index in it: done before waiting for the
      // encoder module, which is likely still loading.
      mapper_ = std::make_unique<PaletteMapper>(
          BuildPalette(colours_, static_cast<std::size_t>(colours_limit_)));
      // Opaque entries only: an entry with alpha < 128 would become the permanent
      // transparent index. Unused entries repeat the first colour.
      const std::vector<uint32_t>& colours = mapper_->palette();
      for (int i = 0; i < kPaletteEntries; ++i) {
        palette_[i] = 0xFF000000u | colours[std::min<std::size_t>(i, colours.size() - 1)];
      }
      index_of_id_ = mapper_->IndicesOf(colours_);
    }
    if (!encoder_ || !encoder_->is_open()) {
      status = OpenEncoders();
      if (!status.ok()) return status;
    }

    const std::size_t frame = static_cast<std::size_t>(frames_added_++);
    const uint8_t* packet = nullptr;
    std::size_t packet_size = 0;
    if (ahead_ && frame >= ahead_->first()) {
      status = ahead_->Take(frame, &ahead_packet_);
      if (!status.ok()) return Failed(status);
      packet = ahead_packet_.data();
      packet_size = ahead_packet_.size();
      kept_[frame] = ColourRuns();  // the thread is done with it
    } else {
      if (frame < kept_.size()) {
        ExpandRuns(kept_[frame], index_of_id_, mapper_.get(), indices_.data());
        // The thread starts from the frame before its first: that one stays.
        if (!ahead_ || frame + 1 != ahead_->first()) kept_[frame] = ColourRuns();
      } else {
        status = raster_.Draw(draw);
        if (!status.ok()) return status;
        for (int y = 0; y < raster_.height(); ++y) {
          mapper_->MapRow(raster_.row(y), raster_.width(),
                          indices_.data() + static_cast<std::size_t>(y) * raster_.width());
        }
      }
      status = encoder_->Encode(indices_.data(), raster_.width(), palette_,
                                static_cast<int64_t>(frame), &packet, &packet_size);
      if (!status.ok()) return Failed(status);
    }

    // Centiseconds exist only here, from the cumulative time so rounding never drifts;
    // a frame starts where the one before ended and lasts at least 1 cs.
    const int64_t start = end_centiseconds_;
    elapsed_seconds_ += duration_seconds;
    end_centiseconds_ = std::max(
        static_cast<int64_t>(std::llround(elapsed_seconds_ * kCentisecondsPerSecond)), start + 1);

    bytes_.clear();
    status = container_.AppendFrame(packet, packet_size, end_centiseconds_ - start, &bytes_);
    if (!status.ok()) return Failed(status);
    return file_->Write(bytes_.data(), bytes_.size());
  }

  Status Finish() override {
    if (!begun_) return Status::Internal("'" + path_ + "' finished before Begin()");
    if (container_.frames() == 0) {
      return Status::Internal("'" + path_ + "' finished without a frame");
    }
    bytes_.clear();
    container_.AppendTrailer(&bytes_);
    Status status = file_->Write(bytes_.data(), bytes_.size());
    if (!status.ok()) return status;
    return file_->Commit();
  }

 private:
  Status Failed(const Status& status) const {
    return Status::Internal("cannot write '" + path_ + "': " + status.message());
  }

  // Waits for the module and opens the encoder; when every frame was kept and there are
  // enough of them, the second half goes to an AheadEncoder.
  Status OpenEncoders() {
    Status status = LoadGifEncoderApi(&api_);
    if (!status.ok()) return status;
    encoder_ = std::make_unique<Encoder>(api_);
    status = encoder_->Open(raster_.width(), raster_.height());
    if (!status.ok()) return Failed(status);
    const std::size_t frames = kept_.size();
    if (frames >= kMinFramesToEncodeAhead && frames == static_cast<std::size_t>(previews_)) {
      // Both encoders encode one frame more than they hand over (the first frame,
      // which is the whole picture, and the priming one): halves balance.
      auto ahead = std::make_unique<AheadEncoder>(api_, raster_.width(), raster_.height(), palette_,
                                                  mapper_->palette(), &kept_, &index_of_id_,
                                                  (frames + 1) / 2);
      if (ahead->Start()) ahead_ = std::move(ahead);
    }
    return Status::Ok();
  }

  // Fewer frames than this are encoded by one encoder: a second thread is not worth it.
  static constexpr std::size_t kMinFramesToEncodeAhead = 4;

  std::string path_;
  int colours_limit_;  // palette size (SinkOptions::gif_colours)
  std::size_t preview_memory_budget_;
  bool begun_ = false;
  Raster raster_;
  std::unique_ptr<AtomicFile> file_;
  GifContainer container_;
  GifEncoderApi api_;
  std::unique_ptr<Encoder> encoder_;
  ColourCounter colours_;
  std::unique_ptr<PaletteMapper> mapper_;
  uint32_t palette_[kPaletteEntries] = {};
  std::vector<uint8_t> indices_;       // the frame being encoded, width x height (+ slack)
  std::vector<uint8_t> bytes_;         // file bytes of the frame being written
  std::vector<uint8_t> ahead_packet_;  // the packet taken from ahead_
  // The preview pass's frames, as runs, while they fit the budget.
  std::vector<ColourRuns> kept_;
  std::vector<uint8_t> index_of_id_;  // palette index of each colour of colours_
  std::size_t kept_bytes_ = 0;
  std::size_t last_run_count_ = 0;
  bool keeping_previews_ = true;
  // Declared after kept_ and index_of_id_, which its thread reads: destroyed (the
  // thread stopped) before them.
  std::unique_ptr<AheadEncoder> ahead_;
  int64_t previews_ = 0;
  int64_t frames_added_ = 0;
  double elapsed_seconds_ = 0;
  int64_t end_centiseconds_ = 0;  // where the last frame added ends
};

}  // namespace

std::unique_ptr<FrameSink> MakeGifSink(const std::string& path, const SinkOptions& options,
                                       std::size_t preview_memory_budget) {
  return std::make_unique<GifSink>(path, options, preview_memory_budget);
}

std::unique_ptr<FrameSink> MakeGifSink(const std::string& path, const SinkOptions& options) {
  return MakeGifSink(path, options, kGifPreviewMemoryBudget);
}

}  // namespace sinks
}  // namespace convanim
