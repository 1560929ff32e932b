#include "exporters/raster_frames.h"

#include <algorithm>
#include <cmath>

#include "exporters/repaint.h"
#include "renderer/motion.h"

namespace convanim {

void PixelSize(double width, double height, double scale, int* pixels_x, int* pixels_y) {
  *pixels_x = std::max(1, static_cast<int>(std::ceil(width * scale - 1e-9)));
  *pixels_y = std::max(1, static_cast<int>(std::ceil(height * scale - 1e-9)));
}

namespace {

bool SameShape(const Shape& a, const Shape& b);

bool SamePoints(const std::vector<Point>& a, const std::vector<Point>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].x != b[i].x || a[i].y != b[i].y) return false;
  }
  return true;
}

bool SameShape(const Shape& a, const Shape& b) {
  if (a.kind != b.kind || a.role != b.role || a.id != b.id || a.x != b.x || a.y != b.y ||
      a.width != b.width || a.height != b.height || a.text != b.text || a.size != b.size ||
      a.anchor != b.anchor || a.baseline != b.baseline || a.outline != b.outline ||
      a.head != b.head || a.breaks != b.breaks || !SamePoints(a.points, b.points) ||
      a.stroke.width != b.stroke.width || a.stroke.dash != b.stroke.dash ||
      a.stroke.dash_offset != b.stroke.dash_offset || a.stroke.cap != b.stroke.cap ||
      a.stroke.crisp != b.stroke.crisp || a.opacity != b.opacity ||
      a.children.size() != b.children.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.children.size(); ++i) {
    if (!SameShape(a.children[i], b.children[i])) return false;
  }
  return true;
}

}  // namespace

struct RasterFrames::Stratum {
  std::vector<const Shape*> shapes;
  std::vector<Box> bounds;  // of each shape
  // The shapes that are not SafeToCut, with their bounds.
  std::vector<std::pair<const Shape*, Box>> uncuttable;
  // (step, shape) pairs where a shape appears (from) or disappears (until), by step.
  std::vector<std::pair<int64_t, const Shape*>> events;
  std::size_t next_event = 0;
  cairo_surface_t* image = nullptr;
  // The box around the image's pixels that are not transparent (or more): composited
  // over what is below, the image changes nothing outside it.
  PixelRect drawn;
  bool painted = false;  // the image holds a step (any step, when no shape comes or goes)
  ~Stratum() {
    if (image != nullptr) cairo_surface_destroy(image);
  }
};

struct RasterFrames::Item {
  Stratum* stratum = nullptr;  // a stratum, or
  int layer = -1;              // the per-step shapes of this layer
};

RasterFrames::RasterFrames(const Animation& animation, const Painter& painter, double scale)
    : animation_(animation), painter_(painter), scale_(scale), transparent_(painter.transparent()) {
  PixelSize(animation.width, animation.height, scale, &width_, &height_);
}

RasterFrames::~RasterFrames() {
  if (frame_ != nullptr) cairo_surface_destroy(frame_);
}

Status RasterFrames::Begin() {
  frame_ = cairo_image_surface_create(transparent_ ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24,
                                      width_, height_);
  if (cairo_surface_status(frame_) != CAIRO_STATUS_SUCCESS) {
    return Status::Internal("cannot allocate a " + std::to_string(width_) + "x" +
                            std::to_string(height_) + " frame");
  }
  BuildStrata();
  for (auto& stratum : strata_) {
    stratum->image = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width_, height_);
    if (cairo_surface_status(stratum->image) != CAIRO_STATUS_SUCCESS) {
      return Status::Internal("cannot allocate a layer image");
    }
  }
  return Status::Ok();
}

void RasterFrames::BeginMeasure() {
  measuring_ = true;
  BuildStrata();
}

void RasterFrames::BuildStrata() {
  // Shapes that appear or disappear (from, until) and shapes shown at every step go to
  // different strata: a stratum's image is repainted where its shapes come and go, and
  // the static shapes, often the costly ones (a grid's lines), are then never repainted.
  // Each stratum is an image of the frame's size, so there are at most kMaxStrata.
  constexpr std::size_t kMaxStrata = 8;
  Stratum* open = nullptr;
  bool open_changes = false;
  for (std::size_t l = 0; l < animation_.layers.size(); ++l) {
    const Layer& layer = animation_.layers[l];
    for (const Shape& shape : layer.shapes) {
      const bool changes = shape.from > 0 || shape.until != kAllSteps;
      if (open == nullptr ||
          (changes != open_changes && !open->shapes.empty() && strata_.size() < kMaxStrata)) {
        strata_.push_back(std::make_unique<Stratum>());
        open = strata_.back().get();
        open_changes = changes;
        items_.push_back(Item{open, -1});
      }
      open->shapes.push_back(&shape);
      open->bounds.push_back(ShapeBounds(shape, &painter_.fonts()));
      if (!SafeToCut(shape)) open->uncuttable.push_back({&shape, open->bounds.back()});
      if (shape.from > 0) open->events.push_back({shape.from, &shape});
      if (shape.until != kAllSteps) open->events.push_back({shape.until, &shape});
    }
    if (layer.per_step) {
      items_.push_back(Item{nullptr, static_cast<int>(l)});
      open = nullptr;
    }
  }
  for (auto& stratum : strata_) {
    std::stable_sort(stratum->events.begin(), stratum->events.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
  }
}

PixelRect RasterFrames::ToPixels(const Box& box) const {
  const int x0 = std::max(0, static_cast<int>(std::floor(box.x0 * scale_)) - 1);
  const int y0 = std::max(0, static_cast<int>(std::floor(box.y0 * scale_)) - 1);
  const int x1 = std::min(width_, static_cast<int>(std::ceil(box.x1 * scale_)) + 1);
  const int y1 = std::min(height_, static_cast<int>(std::ceil(box.y1 * scale_)) + 1);
  return {x0, y0, std::max(0, x1 - x0), std::max(0, y1 - y0)};
}

namespace {

// The box around the pixels of an ARGB32 image that are not transparent.
PixelRect DrawnBox(cairo_surface_t* image) {
  cairo_surface_flush(image);
  const uint8_t* data = cairo_image_surface_get_data(image);
  const int width = cairo_image_surface_get_width(image);
  const int height = cairo_image_surface_get_height(image);
  const int stride = cairo_image_surface_get_stride(image);
  int x0 = width, x1 = 0, y0 = height, y1 = 0;
  for (int y = 0; y < height; ++y) {
    const auto* row =
        reinterpret_cast<const uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
    int first = 0;
    while (first < width && row[first] == 0) ++first;
    if (first == width) continue;
    int last = width - 1;
    while (row[last] == 0) --last;
    x0 = std::min(x0, first);
    x1 = std::max(x1, last + 1);
    y0 = std::min(y0, y);
    y1 = y + 1;
  }
  if (x0 >= x1) return PixelRect{0, 0, 0, 0};
  return PixelRect{x0, y0, x1 - x0, y1 - y0};
}

PixelRect Union(const PixelRect& a, const PixelRect& b) {
  if (a.width <= 0 || a.height <= 0) return b;
  if (b.width <= 0 || b.height <= 0) return a;
  const int x0 = std::min(a.x, b.x), y0 = std::min(a.y, b.y);
  const int x1 = std::max(a.x + a.width, b.x + b.width);
  const int y1 = std::max(a.y + a.height, b.y + b.height);
  return PixelRect{x0, y0, x1 - x0, y1 - y0};
}

}  // namespace

Status RasterFrames::RenderStratum(Stratum& stratum, int64_t step,
                                   const std::vector<PixelRect>* rects) {
  cairo_status_t status;
  if (rects != nullptr) {
    auto reach = [&](const Box& clip, Box* box) {
      for (const auto& [shape, bounds] : stratum.uncuttable) {
        if (shape->VisibleAt(step) && bounds.Intersects(clip)) box->AddBox(bounds);
      }
    };
    auto paint = [&](cairo_t* cr, const Box& clip) {
      cairo_save(cr);
      cairo_set_operator(cr, CAIRO_OPERATOR_CLEAR);
      cairo_paint(cr);
      cairo_restore(cr);
      cairo_scale(cr, scale_, scale_);
      Shape culled;
      for (std::size_t i = 0; i < stratum.shapes.size(); ++i) {
        const Shape& shape = *stratum.shapes[i];
        if (!shape.VisibleAt(step) || !stratum.bounds[i].Intersects(clip)) continue;
        // Only rectilinear lines lose subpaths: Cairo rasterises their boxes pixel by pixel.
        if (SafeToCut(shape)) {
          painter_.PaintWithin(cr, shape, clip, &culled);
        } else {
          painter_.Paint(cr, shape);
        }
      }
    };
    std::vector<PixelRect> changed;
    status = RepaintExactly(stratum.image, *rects, scale_, reach, paint, &scratch_, &changed);
    for (const PixelRect& box : changed) stratum.drawn = Union(stratum.drawn, box);
  } else {
    cairo_t* cr = cairo_create(stratum.image);
    cairo_set_operator(cr, CAIRO_OPERATOR_CLEAR);
    cairo_paint(cr);
    cairo_set_operator(cr, CAIRO_OPERATOR_OVER);
    cairo_scale(cr, scale_, scale_);
    for (const Shape* shape : stratum.shapes) {
      if (shape->VisibleAt(step)) painter_.Paint(cr, *shape);
    }
    status = cairo_status(cr);
    cairo_destroy(cr);
    stratum.drawn = DrawnBox(stratum.image);
    stratum.painted = true;
  }
  return status == CAIRO_STATUS_SUCCESS ? Status::Ok()
                                        : Status::Internal(cairo_status_to_string(status));
}

void RasterFrames::PaintItems(cairo_t* cr, const Box* clip, const StepShapes& step) const {
  bool first = true;
  for (const Item& item : items_) {
    if (item.stratum != nullptr) {
      const PixelRect& drawn = item.stratum->drawn;
      if (first) {
        cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
        cairo_set_source_surface(cr, item.stratum->image, 0, 0);
        cairo_paint(cr);
        cairo_set_operator(cr, CAIRO_OPERATOR_OVER);
      } else if (drawn.width > 0 && drawn.height > 0) {
        // Over what is below, only where the image is not transparent (whole pixels).
        cairo_save(cr);
        cairo_rectangle(cr, drawn.x, drawn.y, drawn.width, drawn.height);
        cairo_clip(cr);
        cairo_set_source_surface(cr, item.stratum->image, 0, 0);
        cairo_paint(cr);
        cairo_restore(cr);
      }
    } else {
      if (first) {
        cairo_set_operator(cr, CAIRO_OPERATOR_CLEAR);
        cairo_paint(cr);
        cairo_set_operator(cr, CAIRO_OPERATOR_OVER);
      }
      const std::size_t l = static_cast<std::size_t>(item.layer);
      if (l < step.layers.size()) {
        cairo_save(cr);
        cairo_scale(cr, scale_, scale_);
        painter_.PaintAll(cr, step.layers[l], clip);
        cairo_restore(cr);
      }
    }
    first = false;
  }
}

Status RasterFrames::PaintRegion(const std::vector<PixelRect>* rects, const StepShapes& step,
                                 std::vector<PixelRect>* changed) {
  cairo_status_t status;
  if (rects == nullptr) {
    cairo_t* cr = cairo_create(frame_);
    PaintItems(cr, nullptr, step);
    status = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_flush(frame_);
    return status == CAIRO_STATUS_SUCCESS ? Status::Ok()
                                          : Status::Internal(cairo_status_to_string(status));
  }
  // The strata are images, composited pixel by pixel; only per-step shapes are painted.
  std::vector<Box> uncuttable;
  for (const Item& item : items_) {
    const std::size_t l = static_cast<std::size_t>(item.layer);
    if (item.stratum != nullptr || l >= step.layers.size()) continue;
    for (const Shape& shape : step.layers[l]) {
      if (!SafeToCut(shape)) uncuttable.push_back(ShapeBounds(shape, &painter_.fonts()));
    }
  }
  auto reach = [&](const Box& clip, Box* box) {
    for (const Box& bounds : uncuttable) {
      if (bounds.Intersects(clip)) box->AddBox(bounds);
    }
  };
  status = RepaintExactly(
      frame_, *rects, scale_, reach,
      [&](cairo_t* cr, const Box& clip) { PaintItems(cr, &clip, step); }, &scratch_, changed);
  return status == CAIRO_STATUS_SUCCESS ? Status::Ok()
                                        : Status::Internal(cairo_status_to_string(status));
}

void RasterFrames::AddChanged(const Shape& shape, std::vector<Box>* boxes) const {
  if ((shape.kind == ShapeKind::kLine || shape.kind == ShapeKind::kArrow) &&
      shape.points.size() >= 2) {
    // Long diagonal lines: a box per short piece, not one box around the whole line.
    const double piece = 48.0 / scale_;
    const double margin = shape.stroke.width + shape.head + 1.0;
    auto add_segment = [&](Point a, Point b) {
      const double length = std::hypot(b.x - a.x, b.y - a.y);
      const int pieces = std::max(1, static_cast<int>(std::ceil(length / piece)));
      for (int k = 0; k < pieces; ++k) {
        const double t0 = static_cast<double>(k) / pieces, t1 = static_cast<double>(k + 1) / pieces;
        Box box;
        box.Add({a.x + (b.x - a.x) * t0, a.y + (b.y - a.y) * t0});
        box.Add({a.x + (b.x - a.x) * t1, a.y + (b.y - a.y) * t1});
        box.Grow(margin);
        boxes->push_back(box);
      }
    };
    std::size_t next_break = 0;
    for (std::size_t i = 1; i < shape.points.size(); ++i) {
      if (next_break < shape.breaks.size() && shape.breaks[next_break] == i) {
        ++next_break;
        continue;
      }
      add_segment(shape.points[i - 1], shape.points[i]);
    }
    return;
  }
  boxes->push_back(ShapeBounds(shape, &painter_.fonts()));
}

Status RasterFrames::Paint(int64_t n, RasterFrame* frame) {
  return Paint(animation_.Step(n), frame);
}

Status RasterFrames::Paint(StepShapes step, RasterFrame* frame) {
  if (frame_ == nullptr && !measuring_) {
    return Status::Internal("RasterFrames::Paint before Begin");
  }
  const int64_t n = step.index;
  std::vector<PixelRect> changed;
  if (last_step_ < 0 || (n != last_step_ && n != last_step_ + 1)) {
    for (auto& stratum : strata_) {
      if (!measuring_ && (!stratum->painted || !stratum->events.empty())) {
        Status status = RenderStratum(*stratum, n, nullptr);
        if (!status.ok()) return status;
      }
      stratum->next_event = static_cast<std::size_t>(
          std::upper_bound(stratum->events.begin(), stratum->events.end(), n,
                           [](int64_t value, const auto& e) { return value < e.first; }) -
          stratum->events.begin());
    }
    if (!measuring_) {
      Status status = PaintRegion(nullptr, step, nullptr);
      if (!status.ok()) return status;
    }
    changed.push_back({0, 0, width_, height_});
  } else {
    std::vector<Box> boxes;
    for (auto& stratum : strata_) {
      if (n == last_step_) break;  // the same step (a glide): shared shapes stay
      std::vector<PixelRect> toggled;
      while (stratum->next_event < stratum->events.size() &&
             stratum->events[stratum->next_event].first <= n) {
        const Shape* shape = stratum->events[stratum->next_event].second;
        ++stratum->next_event;
        if (shape->VisibleAt(n) == shape->VisibleAt(n - 1)) continue;
        std::vector<Box> shape_boxes;
        AddChanged(*shape, &shape_boxes);
        for (const Box& box : shape_boxes) toggled.push_back(ToPixels(box));
        boxes.insert(boxes.end(), shape_boxes.begin(), shape_boxes.end());
      }
      if (!toggled.empty() && !measuring_) {
        Status status = RenderStratum(*stratum, n, &toggled);
        if (!status.ok()) return status;
      }
    }
    for (const Item& item : items_) {
      if (item.stratum != nullptr) continue;
      const std::size_t l = static_cast<std::size_t>(item.layer);
      const std::vector<Shape>& before = last_shapes_.layers[l];
      const std::vector<Shape>& now = step.layers[l];
      for (const Shape& shape : before) {
        const Shape* same = FindShape(now, shape.id);
        if (same == nullptr || !SameShape(*same, shape)) AddChanged(shape, &boxes);
      }
      for (const Shape& shape : now) {
        const Shape* same = FindShape(before, shape.id);
        if (same == nullptr || !SameShape(*same, shape)) AddChanged(shape, &boxes);
      }
    }
    std::vector<PixelRect> rects;
    for (const Box& box : boxes) {
      if (box.empty()) continue;
      const PixelRect rect = ToPixels(box);
      if (rect.width > 0 && rect.height > 0) rects.push_back(rect);
    }
    if (measuring_) {
      changed = Region(rects);  // what the painter would repaint
    } else if (!rects.empty()) {
      // The boxes around the pixels that differ, within those repainted.
      Status status = PaintRegion(&rects, step, &changed);
      if (!status.ok()) return status;
    }
  }
  last_step_ = n;
  last_shapes_ = std::move(step);
  frame->pixels = nullptr;
  if (!measuring_) {
    cairo_surface_flush(frame_);
    frame->pixels = reinterpret_cast<const uint32_t*>(cairo_image_surface_get_data(frame_));
  }
  frame->width = width_;
  frame->height = height_;
  frame->stride_words = measuring_ ? width_ : cairo_image_surface_get_stride(frame_) / 4;
  frame->has_alpha = transparent_;
  frame->changed = std::move(changed);
  frame->duration = animation_.step_duration;
  return Status::Ok();
}

Status PaintTimeline(const Animation& animation, double step_duration, RasterFrames* frames,
                     const std::function<Status(const RasterFrame&)>& add) {
  const std::vector<TimedFrame> timeline = Timeline(animation, step_duration);
  StepShapes current, next;  // the step shown and the one a glide goes to
  current.index = next.index = -1;
  for (const TimedFrame& timed : timeline) {
    if (current.index != timed.step) {
      current = next.index == timed.step ? std::move(next) : animation.Step(timed.step);
      next = StepShapes();
      next.index = -1;
    }
    if (timed.t > 0.0 && next.index != timed.step + 1) next = animation.Step(timed.step + 1);
    StepShapes shapes = timed.t > 0.0 ? Tween(current, next, timed.t) : current;
    RasterFrame frame;
    Status status = frames->Paint(std::move(shapes), &frame);
    if (!status.ok()) return status;
    frame.duration = timed.duration;
    status = add(frame);
    if (!status.ok()) return status;
  }
  return Status::Ok();
}

}  // namespace convanim
