// Animated GIF: palette from the preview pass, PAL8 frames through libavcodec's GIF
// encoder (changed rectangles + transparency) in the GIF module, and the file around
// its packets written here (gif_container.h), so the binary never links libav.
#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "renderer/sinks/atomic_file.h"
#include "renderer/sinks/gif_container.h"
#include "renderer/sinks/gif_module_api.h"
#include "renderer/sinks/gif_palette.h"
#include "renderer/sinks/module_loader.h"
#include "renderer/sinks/raster.h"
#include "renderer/sinks/sinks.h"

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
  void* handle = nullptr;
  Status status = WaitForModule(EncoderModule::kGif, &handle);
  if (!status.ok()) return status;
  void* version = nullptr;
  void* open = nullptr;
  void* encode = nullptr;
  void* error = nullptr;
  void* close = nullptr;
  for (const auto& [name, address] :
       {std::pair<const char*, void**>{kGifApiVersionSymbol, &version},
        {kGifOpenSymbol, &open},
        {kGifEncodeSymbol, &encode},
        {kGifErrorSymbol, &error},
        {kGifCloseSymbol, &close}}) {
    status = ModuleSymbol(handle, EncoderModule::kGif, name, address);
    if (!status.ok()) return status;
  }
  const int module_version = reinterpret_cast<ConvanimGifApiVersionFn>(version)();
  if (module_version != CONVANIM_GIF_MODULE_API_VERSION) {
    return Status::Internal(std::string("the GIF encoder module ") +
                            ModuleFileName(EncoderModule::kGif) + " has API version " +
                            std::to_string(module_version) + ", this convanim needs " +
                            std::to_string(CONVANIM_GIF_MODULE_API_VERSION) + "; rebuild it");
  }
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
      status = OpenEncoder();
      if (!status.ok()) return status;
    }

    const std::size_t frame = static_cast<std::size_t>(frames_added_++);
    if (frame < kept_.size()) {
      ExpandRuns(kept_[frame], index_of_id_, mapper_.get(), indices_.data());
      kept_[frame] = ColourRuns();  // done with it
    } else {
      status = raster_.Draw(draw);
      if (!status.ok()) return status;
      for (int y = 0; y < raster_.height(); ++y) {
        mapper_->MapRow(raster_.row(y), raster_.width(),
                        indices_.data() + static_cast<std::size_t>(y) * raster_.width());
      }
    }
    const uint8_t* packet = nullptr;
    std::size_t packet_size = 0;
    status = encoder_->Encode(indices_.data(), raster_.width(), palette_,
                              static_cast<int64_t>(frame), &packet, &packet_size);
    if (!status.ok()) return Failed(status);

    // Centiseconds exist only here, from the cumulative time so rounding never drifts.
    int64_t start = static_cast<int64_t>(std::llround(elapsed_seconds_ * kCentisecondsPerSecond));
    if (last_start_ >= 0) start = std::max(start, last_start_ + 1);
    elapsed_seconds_ += duration_seconds;
    const int64_t end = std::max(
        static_cast<int64_t>(std::llround(elapsed_seconds_ * kCentisecondsPerSecond)), start + 1);
    last_start_ = start;

    bytes_.clear();
    status = container_.AppendFrame(packet, packet_size, end - start, &bytes_);
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

  // Waits for the module (loading since the sink was made) and opens the encoder.
  Status OpenEncoder() {
    Status status = LoadGifEncoderApi(&api_);
    if (!status.ok()) return status;
    encoder_ = std::make_unique<Encoder>(api_);
    status = encoder_->Open(raster_.width(), raster_.height());
    if (!status.ok()) return Failed(status);
    return Status::Ok();
  }

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
  std::vector<uint8_t> indices_;  // the frame being encoded, width x height (+ slack)
  std::vector<uint8_t> bytes_;    // file bytes of the frame being written
  // The preview pass's frames, as runs, while they fit the budget.
  std::vector<ColourRuns> kept_;
  std::vector<uint8_t> index_of_id_;  // palette index of each colour of colours_
  std::size_t kept_bytes_ = 0;
  std::size_t last_run_count_ = 0;
  bool keeping_previews_ = true;
  int64_t previews_ = 0;
  int64_t frames_added_ = 0;
  double elapsed_seconds_ = 0;
  int64_t last_start_ = -1;
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
