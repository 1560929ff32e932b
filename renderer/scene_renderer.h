// Draws the steps of a schedule with Cairo, in the guide's look. Computes no numbers:
// everything it writes or shades comes from the core's Step and Schedule.
#pragma once

#include <cairo.h>

#include <cstdint>
#include <functional>
#include <memory>

#include "core/scene.h"
#include "core/schedule.h"
#include "renderer/frame_sink.h"
#include "renderer/layout.h"
#include "renderer/palette.h"

namespace convanim {

namespace renderer_internal {
struct CanvasCells;  // the canvas's cell kinds, precomputed; see scene_renderer.cc
class LayerCache;    // pixels of the parts every step shares; see scene_renderer.cc
}  // namespace renderer_internal

struct RenderOptions {
  double cell_size = 0.0;  // pixels per cell at scale 1; 0: the scene's style, else automatic
  int decimals = -1;       // output decimals; -1: the scene's style (default 1)
};

// Drawing is const and thread-safe: one renderer may draw different steps from several
// threads at once, each thread with its own cairo_t. Onto image surfaces (raster sinks)
// the parts every step shares are drawn once per scale and reused as pixels; other
// surfaces (PDF, SVG) always get the full vector drawing.
class SceneRenderer {
 public:
  // `scene` and `schedule` are not owned and must outlive the renderer.
  SceneRenderer(const Scene& scene, const Schedule& schedule, const RenderOptions& options);

  // Ok unless the scene's theme is unknown or the embedded font could not be loaded;
  // DrawStep draws nothing then, and RenderToSink returns this status.
  const Status& status() const { return status_; }

  // Where cells, labels and lines lie on the picture.
  const FrameLayout& layout() const { return *layout_; }

  // The picture size, the same for every step (derived from the scene's sizes).
  const Scene& scene() const { return scene_; }
  const Schedule& schedule() const { return schedule_; }
  double width() const { return layout_->width(); }
  double height() const { return layout_->height(); }

  // Draws step `index` (0 <= index < schedule.step_count()) over the theme's background,
  // filling the rectangle (0, 0, width(), height()) of `cr`'s user space. Out-of-range
  // indices draw the background only. Leaves the state of `cr` as it found it.
  void DrawStep(cairo_t* cr, int64_t index) const;

  DrawFn StepDrawer(int64_t index) const {
    return [this, index](cairo_t* cr) { DrawStep(cr, index); };
  }

 private:
  const Scene& scene_;
  const Schedule& schedule_;
  Status status_;
  Palette palette_;
  int decimals_ = 1;
  // Shared, immutable after construction (copies of the renderer share them).
  std::shared_ptr<const FrameLayout> layout_;
  std::shared_ptr<const renderer_internal::CanvasCells> cells_;
  std::shared_ptr<renderer_internal::LayerCache> layers_;  // internally synchronised
};

// Feeds frames [first, last) into `sink`: Begin, the preview pass when the sink wants
// one, one AddFrame per frame held `duration_seconds`, Finish. Every writer of frames
// (scenes, figures) goes through here.
Status WriteFrames(const FrameGeometry& geometry, int64_t first, int64_t last,
                   const std::function<DrawFn(int64_t)>& frame, double duration_seconds,
                   FrameSink* sink);

// Renders steps [first, last) of the renderer's scene into `sink` (all steps when
// last < 0), each held for the scene's frame duration unless `frame_duration` > 0.
struct RenderLoopOptions {
  int64_t first = 0;
  int64_t last = -1;
  double frame_duration = 0.0;  // seconds; 0: the scene's style (default 1 s)
  double scale = 1.0;           // raster scale factor (1)
};
Status RenderToSink(const SceneRenderer& renderer, const RenderLoopOptions& options,
                    FrameSink* sink);

}  // namespace convanim
