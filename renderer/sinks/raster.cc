#include "renderer/sinks/raster.h"

#include <cmath>
#include <cstdio>
#include <string>

namespace convanim {
namespace sinks {
namespace {

std::string Number(double value) {
  char text[64];
  std::snprintf(text, sizeof(text), "%g", value);
  return text;
}

}  // namespace

Status CheckVectorGeometry(const FrameGeometry& geometry) {
  if (!std::isfinite(geometry.width) || !std::isfinite(geometry.height) || geometry.width <= 0 ||
      geometry.height <= 0) {
    return Status::Internal("frame size " + Number(geometry.width) + " x " +
                            Number(geometry.height) + " is not a positive size");
  }
  return Status::Ok();
}

Status RasterSizeFor(const FrameGeometry& geometry, bool even, RasterSize* size) {
  Status status = CheckVectorGeometry(geometry);
  if (!status.ok()) return status;
  if (!std::isfinite(geometry.scale) || geometry.scale <= 0) {
    return Status::InvalidScene("scale " + Number(geometry.scale) + " must be a positive number");
  }
  const double width = std::ceil(geometry.width * geometry.scale);
  const double height = std::ceil(geometry.height * geometry.scale);
  if (width > kMaxRasterSide || height > kMaxRasterSide ||
      width * height > static_cast<double>(kMaxRasterPixels)) {
    return Status::InvalidScene(
        "a " + Number(geometry.width) + " x " + Number(geometry.height) + " picture at scale " +
        Number(geometry.scale) + " would be " + Number(width) + " x " + Number(height) +
        " pixels, above the limit of " + std::to_string(kMaxRasterSide) + " on a side and " +
        std::to_string(kMaxRasterPixels) + " pixels in all; use a smaller scale");
  }
  size->width = static_cast<int>(width);
  size->height = static_cast<int>(height);
  if (even) {
    size->width += size->width % 2;
    size->height += size->height % 2;
  }
  return Status::Ok();
}

Status CheckFrameDuration(double duration_seconds) {
  if (!std::isfinite(duration_seconds) || duration_seconds <= 0) {
    return Status::InvalidScene("frame duration " + Number(duration_seconds) +
                                " s must be a positive number of seconds");
  }
  return Status::Ok();
}

Status DrawAndDestroy(cairo_t* cr, const DrawFn& draw) {
  bool threw = false;
  try {
    draw(cr);
  } catch (...) {
    threw = true;
  }
  const cairo_status_t status = cairo_status(cr);
  cairo_destroy(cr);
  if (threw) return Status::Internal("drawing a frame threw an exception");
  if (status != CAIRO_STATUS_SUCCESS) {
    return Status::Internal(std::string("drawing a frame failed: ") +
                            cairo_status_to_string(status));
  }
  return Status::Ok();
}

Raster::~Raster() {
  if (surface_ != nullptr) cairo_surface_destroy(surface_);
}

Status Raster::Init(const RasterSize& size, double scale, cairo_format_t format) {
  if (surface_ != nullptr) cairo_surface_destroy(surface_);
  surface_ = cairo_image_surface_create(format, size.width, size.height);
  const cairo_status_t status = cairo_surface_status(surface_);
  if (status != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface_);
    surface_ = nullptr;
    return Status::Internal("cannot make a " + std::to_string(size.width) + " x " +
                            std::to_string(size.height) +
                            " image: " + cairo_status_to_string(status));
  }
  size_ = size;
  scale_ = scale;
  stride_ = cairo_image_surface_get_stride(surface_);
  data_ = cairo_image_surface_get_data(surface_);
  return Status::Ok();
}

Status Raster::Draw(const DrawFn& draw) {
  if (surface_ == nullptr) return Status::Internal("frame drawn before Begin()");
  cairo_t* cr = cairo_create(surface_);
  // White first: pixels the callback leaves alone (rounding, even padding) stay white.
  cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_set_operator(cr, CAIRO_OPERATOR_OVER);
  cairo_scale(cr, scale_, scale_);
  const Status status = DrawAndDestroy(cr, draw);
  cairo_surface_flush(surface_);
  return status;
}

}  // namespace sinks
}  // namespace convanim
