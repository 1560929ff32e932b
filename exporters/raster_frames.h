// Frames of an animation as pixels, painted incrementally: the shared layers are painted
// once into images (manim's static mobjects), and each next step repaints only the
// rectangles where something appeared, moved or disappeared. A step of a big scene
// costs what it changes, not the whole canvas.
#pragma once

#include <cairo.h>

#include <functional>
#include <memory>
#include <vector>

#include "core/status.h"
#include "exporters/painter.h"
#include "exporters/video.h"
#include "renderer/model.h"

namespace convanim {

// Pixel size of a picture of width x height units at `scale` (whole pixels, at least 1).
void PixelSize(double width, double height, double scale, int* pixels_x, int* pixels_y);

class RasterFrames {
 public:
  // `animation` and `painter` must outlive this object.
  RasterFrames(const Animation& animation, const Painter& painter, double scale);
  ~RasterFrames();
  RasterFrames(const RasterFrames&) = delete;
  RasterFrames& operator=(const RasterFrames&) = delete;

  // Allocates the frame and layer images. IoError-free; Internal when Cairo fails.
  Status Begin();
  // Instead of Begin(): Paint() then paints nothing and allocates no image; it only
  // describes what changes (frame->changed; frame->pixels is null). What the cost
  // estimates of exporters/cost.h read.
  void BeginMeasure();
  // Images of shared shapes (each one of the frame's size), known after Begin*().
  std::size_t strata() const { return strata_.size(); }

  // Paints step n and describes the frame: all of it changed when n is not the step
  // after the previous call, else only what differs. The frame's pixels stay valid until
  // the next call.
  Status Paint(int64_t n, RasterFrame* frame);
  // Paints given per-step shapes (a glide between two steps: renderer/motion.h) of step
  // `step.index`; incremental after shapes of the same or the previous step.
  Status Paint(StepShapes step, RasterFrame* frame);

  int width() const { return width_; }
  int height() const { return height_; }
  bool transparent() const { return transparent_; }
  cairo_surface_t* surface() const { return frame_; }

 private:
  struct Stratum;  // consecutive shared shapes, all static or all coming and going, as one image
  struct Item;     // a stratum or a layer's per-step shapes, in z-order

  // Repaints the frame within `rects` (all of it when null) / a stratum's image.
  void BuildStrata();
  // `changed` (with `rects`): the boxes around the pixels that differ.
  Status PaintRegion(const std::vector<PixelRect>* rects, const StepShapes& step,
                     std::vector<PixelRect>* changed);
  void PaintItems(cairo_t* cr, const Box* clip, const StepShapes& step) const;
  Status RenderStratum(Stratum& stratum, int64_t step, const std::vector<PixelRect>* rects);
  void AddChanged(const Shape& shape, std::vector<Box>* boxes) const;
  PixelRect ToPixels(const Box& box) const;

  const Animation& animation_;
  const Painter& painter_;
  double scale_;
  bool transparent_;
  int width_ = 0, height_ = 0;
  cairo_surface_t* frame_ = nullptr;
  std::vector<std::unique_ptr<Stratum>> strata_;
  std::vector<Item> items_;
  std::vector<uint32_t> scratch_;  // what RepaintExactly paints in
  bool measuring_ = false;
  int64_t last_step_ = -1;
  StepShapes last_shapes_;
};

// Paints every frame of the animation's timeline (renderer/motion.h: steps of
// `step_duration` seconds, glides) in order into `add`, as a video writer wants them.
Status PaintTimeline(const Animation& animation, double step_duration, RasterFrames* frames,
                     const std::function<Status(const RasterFrame&)>& add);

}  // namespace convanim
