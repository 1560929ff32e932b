// What writing an animation costs in each format, estimated from what its frames actually
// change: a pass over the model that paints nothing (RasterFrames::BeginMeasure) gives
// the areas each frame repaints and encodes, and constants measured on the reference
// machine (2 cores, x86_64; bench/cost_bench.cc, docs/performance.md) turn them into CPU
// seconds and peak memory. `check` and every render refuse an output whose estimate is
// past core/limits.h's kMaxRenderSeconds or kMaxRenderBytes.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"
#include "renderer/model.h"

namespace convanim {

struct Format;

// What the frames of one raster rendering change (all areas in pixels).
struct FrameProfile {
  int width = 0, height = 0;
  int64_t frames = 0;         // frames of the timeline: steps and glide frames
  int64_t steps = 0;          // steps (numbered PNGs write one file each)
  int64_t strata = 0;         // images of shared shapes, each of the frame's size
  int64_t shared_shapes = 0;  // shapes painted once into them (groups count their children)
  double changed = 0;         // sum over frames after the first: area of the changed rectangles
  double crop = 0;            // sum: area of their bounding box (what a GIF frame stores)
  bool transparent = false;   // a transparent background: a GIF stores every frame whole
};

// The pass over the model: every frame of the timeline at `step_duration` seconds a step.
Status ProfileFrames(const Animation& animation, double scale, double step_duration,
                     FrameProfile* profile);

// What the vector formats (SVG, HTML, JSON) write: elements, from the model.
struct ShapeProfile {
  int64_t steps = 0;
  int64_t shared = 0;      // shared shapes, groups counting their children
  int64_t per_step = 0;    // per-step shapes of all steps, likewise
  int64_t text_bytes = 0;  // bytes of text of both
  // Per-step layers: distinct ids of their shapes times the steps. The SVG writer keeps a
  // track of every step for each id (exporters/svg_builder.cc): what its memory follows.
  int64_t track_slots = 0;
};
ShapeProfile ProfileShapes(const Animation& animation);

struct CostEstimate {
  double seconds = 0.0;  // CPU seconds on the reference machine
  double bytes = 0.0;    // peak memory (resident)
};

// The cost of writing one raster format (gif, mp4, png-sequence, png, pdf) from `profile`
// (animated formats), or of a vector format from `shapes`.
CostEstimate EstimateRasterCost(const Format& format, const FrameProfile& profile);
CostEstimate EstimateVectorCost(const Format& format, const ShapeProfile& shapes);

// InvalidScene at the scene's place when `estimate` is past the limits, naming the format,
// the estimate and the limit that applies; `what` describes the picture ("1600 frames of
// 1238x1537 px").
Status CheckEstimate(const Animation& animation, const Format& format, const CostEstimate& estimate,
                     const std::string& what);

}  // namespace convanim
