#include "exporters/cost.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/limits.h"
#include "exporters/formats.h"
#include "exporters/painter.h"
#include "exporters/raster_frames.h"
#include "exporters/theme.h"

namespace convanim {
namespace {

// Constants measured on the reference machine by bench/cost_bench.cc (CPU seconds, user +
// system) and fitted by least squares over the 40x40 example in both looks, a 30x30 guide-look
// scene and numerical scenes of 18x18 and 40x40 inputs (docs/performance.md), then rounded
// up by about 10 %: CPU seconds per unit, bytes per pixel.
constexpr double kStartSeconds = 0.05;      // loading, fonts, opening the output
constexpr double kFullPixelSeconds = 2e-9;  // one whole repaint, per pixel and image
constexpr double kShapeSeconds = 4e-6;      // one shape painted whole
constexpr double kPaintSeconds = 32e-9;     // a changed pixel: strata, shapes, conversion
constexpr double kFrameSeconds = 150e-6;    // a frame's fixed cost (model step, region)
// GIF (exporters/gif_writer.cc): a changed pixel painted, mapped to the palette and
// compared with the one shown; a pixel of the box a frame stores, LZW-compressed (mostly
// runs of the transparent index); a frame's fixed cost. Chosen to cover the seven GIF
// rows of docs/performance.md (measured with 6 to 17 jobs on the 2 cores; the
// receptive-field stacks, whose steps change cells of every layer, cost the most per
// changed pixel) by at least 20 %.
constexpr double kGifPaintSeconds = 40e-9;
constexpr double kGifCropSeconds = 0.8e-9;
constexpr double kGifFrameSeconds = 120e-6;
// A transparent GIF stores every frame whole (exporters/gif_writer.cc): mapping and LZW of
// every pixel of every frame (measured 3.3-3.8 ns, 15 jobs on the 2 cores).
constexpr double kGifWholeFrameSeconds = 5e-9;
// MP4: x264 sees every pixel of every frame.
constexpr double kX264Seconds = 5e-9;
// Numbered PNGs: libpng (no filter, zlib level 3) on every pixel of every step.
constexpr double kPngSeconds = 10e-9;

constexpr double kBaseBytes = 48e6;        // the program, fonts
constexpr double kStepBytes = 3000;        // the model and schedule, per step
constexpr double kGifBytesPerPixel = 5;    // indices shown and changed, the first frame's LZW
constexpr double kX264BytesPerPixel = 56;  // x264's lookahead and reference frames
constexpr double kPngBytesPerPixel = 4;    // the PNG writer's row copies and zlib

// SVG, HTML, JSON, measured on a 32x32 matrix view (173k shapes, 23M track slots) and a
// 140x140 arithmetic view (133k shapes, 19,640 steps): CPU seconds per element written (a
// shared or a per-step shape), per step, per byte of text and per track slot; bytes per
// element and per track slot.
struct VectorConstants {
  const char* format;
  double element_seconds, step_seconds, text_seconds, slot_seconds;
  double element_bytes, slot_bytes;
};
constexpr VectorConstants kVector[] = {
    {"svg", 4e-6, 10e-6, 20e-9, 150e-9, 650, 120},
    {"html", 5e-6, 60e-6, 20e-9, 200e-9, 1150, 120},
    {"json", 4e-6, 10e-6, 20e-9, 0, 460, 0},
};

int64_t CountShapes(const Shape& shape, int64_t* text_bytes) {
  int64_t count = 1;
  *text_bytes += static_cast<int64_t>(shape.text.size());
  for (const Shape& child : shape.children) count += CountShapes(child, text_bytes);
  return count;
}

double Pixels(const FrameProfile& p) {
  return static_cast<double>(p.width) * static_cast<double>(p.height);
}

// Whole repaints: the strata and the frame.
double RepaintSeconds(const FrameProfile& p, int whole_repaints) {
  return whole_repaints * (Pixels(p) * static_cast<double>(p.strata + 1) * kFullPixelSeconds +
                           static_cast<double>(p.shared_shapes) * kShapeSeconds);
}

// Painting: whole repaints and then what changes.
double PaintSeconds(const FrameProfile& p, int whole_repaints) {
  return RepaintSeconds(p, whole_repaints) + p.changed * kPaintSeconds +
         static_cast<double>(p.frames) * kFrameSeconds;
}

double FrameBytes(const FrameProfile& p) {
  return kBaseBytes + static_cast<double>(p.steps) * kStepBytes +
         Pixels(p) * 4.0 * static_cast<double>(p.strata + 1);
}

std::string Seconds(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, seconds < 10 ? "%.1f s" : "%.0f s", seconds);
  return text;
}

std::string Megabytes(double bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.0f MB", bytes / 1e6);
  return text;
}

}  // namespace

Status ProfileFrames(const Animation& animation, double scale, double step_duration,
                     FrameProfile* profile) {
  Theme theme;
  Status status = GetTheme(animation.theme, &theme);
  if (!status.ok()) return status;
  Painter painter(theme, animation.fonts, animation.transparent);
  if (!painter.status().ok()) return painter.status();
  RasterFrames frames(animation, painter, scale);
  frames.BeginMeasure();
  FrameProfile p;
  p.width = frames.width();
  p.height = frames.height();
  p.steps = animation.step_count;
  p.strata = static_cast<int64_t>(frames.strata());
  p.transparent = animation.transparent;
  int64_t text_bytes = 0;
  for (const Layer& layer : animation.layers) {
    for (const Shape& shape : layer.shapes) p.shared_shapes += CountShapes(shape, &text_bytes);
  }
  status = PaintTimeline(animation, step_duration, &frames, [&](const RasterFrame& frame) {
    if (p.frames++ == 0) return Status::Ok();
    if (frame.changed.empty()) return Status::Ok();
    int x0 = p.width, y0 = p.height, x1 = 0, y1 = 0;
    for (const PixelRect& r : frame.changed) {
      p.changed += static_cast<double>(r.width) * r.height;
      x0 = std::min(x0, r.x);
      y0 = std::min(y0, r.y);
      x1 = std::max(x1, r.x + r.width);
      y1 = std::max(y1, r.y + r.height);
    }
    if (x1 > x0 && y1 > y0) p.crop += static_cast<double>(x1 - x0) * (y1 - y0);
    return Status::Ok();
  });
  if (!status.ok()) return status;
  *profile = p;
  return Status::Ok();
}

ShapeProfile ProfileShapes(const Animation& animation) {
  ShapeProfile p;
  p.steps = animation.step_count;
  for (const Layer& layer : animation.layers) {
    for (const Shape& shape : layer.shapes) p.shared += CountShapes(shape, &p.text_bytes);
  }
  bool per_step = false;
  for (const Layer& layer : animation.layers) per_step = per_step || layer.per_step;
  if (!per_step) return p;
  std::vector<std::unordered_set<std::string>> ids(animation.layers.size());
  for (int64_t n = 0; n < animation.step_count; ++n) {
    const StepShapes step = animation.Step(n);
    for (std::size_t l = 0; l < step.layers.size(); ++l) {
      for (const Shape& shape : step.layers[l]) {
        p.per_step += CountShapes(shape, &p.text_bytes);
        if (l < ids.size()) ids[l].insert(shape.id);
      }
    }
  }
  for (const auto& layer : ids) {
    p.track_slots += static_cast<int64_t>(layer.size()) * animation.step_count;
  }
  return p;
}

CostEstimate EstimateRasterCost(const Format& format, const FrameProfile& p) {
  CostEstimate cost;
  const std::string name = format.name;
  const double pixels = Pixels(p);
  const double frames = static_cast<double>(p.frames);
  if (name == "gif") {
    cost.seconds = kStartSeconds + RepaintSeconds(p, 2) + p.changed * kGifPaintSeconds +
                   p.crop * kGifCropSeconds + frames * kGifFrameSeconds +
                   (p.transparent ? frames * pixels * kGifWholeFrameSeconds : 0.0);
    cost.bytes = FrameBytes(p) + pixels * kGifBytesPerPixel;
  } else if (name == "mp4") {
    const double even = static_cast<double>(p.width + (p.width & 1)) * (p.height + (p.height & 1));
    cost.seconds = kStartSeconds + PaintSeconds(p, 1) + frames * even * kX264Seconds;
    cost.bytes = FrameBytes(p) + even * kX264BytesPerPixel;
  } else if (name == "png-sequence") {
    FrameProfile steps = p;
    steps.frames = p.steps;
    cost.seconds = kStartSeconds + PaintSeconds(steps, 1) +
                   static_cast<double>(p.steps) * pixels * kPngSeconds;
    cost.bytes = FrameBytes(p) + pixels * kPngBytesPerPixel;
  } else {  // one step: png, pdf
    FrameProfile one = p;
    one.strata = 0;
    one.frames = 1;
    one.changed = 0;
    cost.seconds = kStartSeconds + PaintSeconds(one, 1) + pixels * kPngSeconds;
    cost.bytes = kBaseBytes + pixels * (4.0 + kPngBytesPerPixel);
  }
  return cost;
}

CostEstimate EstimateVectorCost(const Format& format, const ShapeProfile& shapes) {
  const VectorConstants* k = &kVector[0];
  for (const VectorConstants& row : kVector) {
    if (std::string(format.name) == row.format) k = &row;
  }
  const double elements = static_cast<double>(shapes.shared + shapes.per_step);
  const double text = static_cast<double>(shapes.text_bytes);
  const double slots = static_cast<double>(shapes.track_slots);
  CostEstimate cost;
  cost.seconds = kStartSeconds + elements * k->element_seconds +
                 static_cast<double>(shapes.steps) * k->step_seconds + text * k->text_seconds +
                 slots * k->slot_seconds;
  cost.bytes = kBaseBytes + elements * k->element_bytes + text + slots * k->slot_bytes;
  return cost;
}

Status CheckEstimate(const Animation& animation, const Format& format, const CostEstimate& estimate,
                     const std::string& what) {
  const bool slow = estimate.seconds > limits::kMaxRenderSeconds;
  const bool big = estimate.bytes > limits::kMaxRenderBytes;
  if (!slow && !big) return Status::Ok();
  std::string message_cost =
      slow ? "about " + Seconds(estimate.seconds) + " of CPU time (" + format.name +
                 " is at most " + Seconds(limits::kMaxRenderSeconds) + ")"
           : "about " + Megabytes(estimate.bytes) + " of memory (" + format.name + " is at most " +
                 Megabytes(limits::kMaxRenderBytes) + ")";
  std::string message_advice = format.raster
                                   ? "use fewer steps, a smaller picture or --scale, or SVG or HTML"
                                   : "use fewer steps or a smaller input, or the arithmetic view";
  return Status::InvalidScene(std::string(format.name) + ": " + what + " would take " +
                                  message_cost + ": " + message_advice,
                              animation.where);
}

}  // namespace convanim
