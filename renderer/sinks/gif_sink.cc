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
  ~GifSink() override {
    if (encoder_ != nullptr) api_.close(encoder_);
  }

  Status Begin(const FrameGeometry& geometry) override {
    RasterSize size;
    Status status = RasterSizeFor(geometry, /*even=*/false, &size);
    if (!status.ok()) return status;
    status = raster_.Init(size, geometry.scale, CAIRO_FORMAT_ARGB32);
    if (!status.ok()) return status;
    status = AtomicFile::Create(path_, &file_);
    if (!status.ok()) return status;
    indices_.assign(static_cast<std::size_t>(size.width) * static_cast<std::size_t>(size.height),
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
    ColourRuns runs;
    for (int y = 0; y < raster_.height(); ++y) AppendRuns(raster_.row(y), raster_.width(), &runs);
    colours_.AddRuns(runs);
    // Frames come back in the same order (the FrameSink contract): while the runs fit
    // the budget they are kept, and AddFrame() uses them instead of drawing again.
    const std::size_t bytes = runs.size() * sizeof(uint32_t);
    if (keeping_previews_ && kept_bytes_ + bytes <= preview_memory_budget_) {
      kept_bytes_ += bytes;
      runs.shrink_to_fit();
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
    if (!mapper_) {
      if (colours_.empty()) {
        return Status::Internal("the GIF sink for '" + path_ +
                                "' needs the preview pass before its frames");
      }
      mapper_ = std::make_unique<PaletteMapper>(
          BuildPalette(colours_, static_cast<std::size_t>(colours_limit_)));
      // Opaque entries only: an entry with alpha < 128 would become the permanent
      // transparent index. Unused entries repeat the first colour.
      const std::vector<uint32_t>& colours = mapper_->palette();
      for (int i = 0; i < kPaletteEntries; ++i) {
        palette_[i] = 0xFF000000u | colours[std::min<std::size_t>(i, colours.size() - 1)];
      }
    }
    if (encoder_ == nullptr) {
      status = OpenEncoder();
      if (!status.ok()) return status;
    }

    const std::size_t frame = static_cast<std::size_t>(frames_added_++);
    if (frame < kept_.size()) {
      mapper_->MapRuns(kept_[frame], indices_.data());
      ColourRuns().swap(kept_[frame]);  // done with it
    } else {
      status = raster_.Draw(draw);
      if (!status.ok()) return status;
      for (int y = 0; y < raster_.height(); ++y) {
        mapper_->MapRow(raster_.row(y), raster_.width(),
                        indices_.data() + static_cast<std::size_t>(y) * raster_.width());
      }
    }

    // Centiseconds exist only here, from the cumulative time so rounding never drifts.
    int64_t start = static_cast<int64_t>(std::llround(elapsed_seconds_ * kCentisecondsPerSecond));
    if (last_pts_ >= 0) start = std::max(start, last_pts_ + 1);
    elapsed_seconds_ += duration_seconds;
    const int64_t end = std::max(
        static_cast<int64_t>(std::llround(elapsed_seconds_ * kCentisecondsPerSecond)), start + 1);
    last_pts_ = start;

    const uint8_t* packet = nullptr;
    std::size_t packet_size = 0;
    if (api_.encode(encoder_, indices_.data(), raster_.width(), palette_, start, &packet,
                    &packet_size) < 0) {
      return Status::Internal("cannot write '" + path_ +
                              "': encoding a GIF frame: " + api_.error(encoder_));
    }
    bytes_.clear();
    status = container_.AppendFrame(packet, packet_size, end - start, &bytes_);
    if (!status.ok()) return Status::Internal("cannot write '" + path_ + "': " + status.message());
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
  Status OpenEncoder() {
    Status status = LoadGifEncoderApi(&api_);
    if (!status.ok()) return status;
    char error[256] = {0};
    encoder_ = api_.open(raster_.width(), raster_.height(), error, sizeof(error));
    if (encoder_ == nullptr) {
      return Status::Internal("cannot write '" + path_ + "': opening the GIF encoder: " + error);
    }
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
  ConvanimGifEncoder* encoder_ = nullptr;
  ColourCounter colours_;
  std::unique_ptr<PaletteMapper> mapper_;
  uint32_t palette_[kPaletteEntries] = {};
  std::vector<uint8_t> indices_;  // the frame being encoded, width x height, no padding
  std::vector<uint8_t> bytes_;    // file bytes of the frame being written
  // The preview pass's frames, as runs, while they fit the budget.
  std::vector<ColourRuns> kept_;
  std::size_t kept_bytes_ = 0;
  bool keeping_previews_ = true;
  int64_t frames_added_ = 0;
  double elapsed_seconds_ = 0;
  int64_t last_pts_ = -1;
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
