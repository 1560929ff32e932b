// The one painter: draws shapes of the animation model (renderer/model.h) with Cairo,
// in a theme's colours. PNG, PNG sequences, GIF and MP4 frames and PDF all go through
// it; nothing else in the project draws with Cairo.
#pragma once

#include <cairo.h>

#include <memory>
#include <vector>

#include "exporters/theme.h"
#include "renderer/fonts.h"
#include "renderer/model.h"

namespace convanim {

class Painter {
 public:
  // `fonts` must be the animation's; `transparent`: background shapes are not painted.
  Painter(const Theme& theme, std::shared_ptr<const Fonts> fonts, bool transparent);
  ~Painter();
  Painter(const Painter&) = delete;
  Painter& operator=(const Painter&) = delete;

  // Ok unless the fonts could not be handed to Cairo.
  const Status& status() const { return status_; }

  // Paints `shape` in `cr`'s user space (picture units); leaves `cr`'s state as found.
  void Paint(cairo_t* cr, const Shape& shape) const;
  // Paints the shapes whose bounds meet `clip` (all when null), in order.
  void PaintAll(cairo_t* cr, const std::vector<Shape>& shapes, const Box* clip = nullptr) const;
  // Paints `shape`, whose bounds meet `clip`; of a line of several subpaths only those
  // that reach `clip` (the same pixels within it). `culled`: memory for those subpaths.
  void PaintWithin(cairo_t* cr, const Shape& shape, const Box& clip, Shape* culled) const;

  const Theme& theme() const { return theme_; }
  bool transparent() const { return transparent_; }
  const Fonts& fonts() const { return *fonts_; }

 private:
  void SetColour(cairo_t* cr, Role role, double opacity = 1.0) const;
  void PaintText(cairo_t* cr, const Shape& shape) const;
  void PaintPath(cairo_t* cr, const Shape& shape, bool close) const;
  void StrokeWith(cairo_t* cr, const Stroke& stroke) const;

  Theme theme_;
  std::shared_ptr<const Fonts> fonts_;
  bool transparent_;
  Status status_;
  std::vector<cairo_font_face_t*> faces_;  // one per font face
  cairo_font_options_t* font_options_ = nullptr;
};

// Paints every shape of step n of `animation` over the whole picture.
void PaintStep(cairo_t* cr, const Painter& painter, const Animation& animation, int64_t n);

}  // namespace convanim
