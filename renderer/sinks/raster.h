// Rasterizing a frame's drawing callback for the raster sinks (PNG, GIF, MP4).
#pragma once

#include <cairo.h>

#include <cstdint>

#include "core/status.h"
#include "renderer/frame_sink.h"

namespace convanim {
namespace sinks {

// Largest raster a sink accepts: 16384 pixels on a side and 2^25 pixels in all
// (128 MiB of ARGB), well below Cairo's 32767 and the memory budget.
constexpr int kMaxRasterSide = 16384;
constexpr int64_t kMaxRasterPixels = int64_t{1} << 25;

struct RasterSize {
  int width = 0;
  int height = 0;
};

// Checks a geometry handed to Begin(): positive finite sizes and scale, and a raster
// of ceil(width * scale) x ceil(height * scale) within the limits above (InvalidScene
// otherwise: a too large --scale is the user's to fix). `even` rounds each side up
// to an even number (H.264 4:2:0).
Status RasterSizeFor(const FrameGeometry& geometry, bool even, RasterSize* size);

// Checks a geometry for the vector sinks: positive finite sizes (scale ignored).
Status CheckVectorGeometry(const FrameGeometry& geometry);

// Checks a frame duration: positive and finite (InvalidScene otherwise).
Status CheckFrameDuration(double duration_seconds);

// Calls `draw(cr)`, then destroys `cr`. Internal error when the callback threw (the
// exception goes no further: it must not leak the context) or left `cr` in an error
// state.
Status DrawAndDestroy(cairo_t* cr, const DrawFn& draw);

// One reusable Cairo image surface. Draw() fills it white, then calls the drawing
// callback at the geometry's scale. Pixels are Cairo's native-endian 0xAARRGGBB
// words, always opaque after Draw().
class Raster {
 public:
  Raster() = default;
  ~Raster();
  Raster(const Raster&) = delete;
  Raster& operator=(const Raster&) = delete;

  // `format` is CAIRO_FORMAT_ARGB32 or CAIRO_FORMAT_RGB24 (same pixels, no alpha
  // channel in a PNG written from it).
  Status Init(const RasterSize& size, double scale, cairo_format_t format);
  Status Draw(const DrawFn& draw);

  cairo_surface_t* surface() const { return surface_; }
  int width() const { return size_.width; }
  int height() const { return size_.height; }
  int stride() const { return stride_; }
  const uint32_t* row(int y) const {
    return reinterpret_cast<const uint32_t*>(data_ + static_cast<std::ptrdiff_t>(y) * stride_);
  }
  const unsigned char* data() const { return data_; }

 private:
  cairo_surface_t* surface_ = nullptr;
  RasterSize size_;
  double scale_ = 1.0;
  int stride_ = 0;
  unsigned char* data_ = nullptr;
};

}  // namespace sinks
}  // namespace convanim
