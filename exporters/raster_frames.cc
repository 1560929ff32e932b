#include "exporters/raster_frames.h"

#include <algorithm>
#include <cmath>

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

// The pixels covered by `rects`, as non-overlapping rectangles (a pixman region, built
// at once: rectangle by rectangle costs the square of their number).
std::vector<PixelRect> Region(const std::vector<PixelRect>& rects) {
  std::vector<cairo_rectangle_int_t> input;
  input.reserve(rects.size());
  for (const PixelRect& r : rects) {
    if (r.width > 0 && r.height > 0) input.push_back({r.x, r.y, r.width, r.height});
  }
  cairo_region_t* region =
      cairo_region_create_rectangles(input.data(), static_cast<int>(input.size()));
  std::vector<PixelRect> out;
  const int count = cairo_region_num_rectangles(region);
  for (int i = 0; i < count; ++i) {
    cairo_rectangle_int_t rect;
    cairo_region_get_rectangle(region, i, &rect);
    out.push_back({rect.x, rect.y, rect.width, rect.height});
  }
  cairo_region_destroy(region);
  return out;
}

// Whether Cairo paints `shape` the same when a side of the surface cuts it. Rectilinear
// fills and strokes become boxes and text becomes glyph masks, both composited pixel by
// pixel; anything else goes through the scan converter, which Cairo feeds, where a
// surface's left or right side cuts a polygon, edges that start within a pixel row, and
// it rasterises the rows they cross differently. Cuts at whole rows change nothing.
bool SafeToCut(const Shape& shape) {
  switch (shape.kind) {
    case ShapeKind::kRect:
    case ShapeKind::kText:
      return true;
    case ShapeKind::kArrow:
      return false;
    case ShapeKind::kPolygon:
    case ShapeKind::kLine: {
      std::size_t next_break = 0;
      for (std::size_t i = 1; i < shape.points.size(); ++i) {
        if (next_break < shape.breaks.size() && shape.breaks[next_break] == i) {
          ++next_break;
          continue;
        }
        const Point a = shape.points[i - 1], b = shape.points[i];
        if (a.x != b.x && a.y != b.y) return false;
      }
      // A polygon closes from its last point to its first.
      return shape.kind == ShapeKind::kLine || shape.points.empty() ||
             shape.points.front().x == shape.points.back().x ||
             shape.points.front().y == shape.points.back().y;
    }
    case ShapeKind::kGroup:
      return std::all_of(shape.children.begin(), shape.children.end(), SafeToCut);
  }
  return false;
}

// Repaints the rectangles `rects` of `surface` with `paint(cr, clip)`, which draws the whole
// picture (cr in pixels, on a cleared surface) and may leave out what lies outside `clip` (a
// box in picture units). The pixels must be those of a painting of the whole surface, so
// nothing is painted through a clip: rectangles are painted on a surface of their own and
// copied in. That surface spans the rectangle's rows and, across, the rectangle and all
// that `reach(clip, &box)` adds to it: the shapes that must not be cut (SafeToCut). A
// shape cut there that meets no copied rectangle changes no copied pixel: Cairo
// rasterises each shape on its own. Cuts at whole rows change nothing, so the surfaces of
// several rectangles (rows apart or not) merge into one spanning them all when that adds
// little area: a surface costs a fixed overhead (creating it, compositing every layer
// image, walking the shapes) worth about kMergeSlack pixels, and a step's region is often
// a staircase of a hundred small rectangles along a few diagonal lines.
template <typename ReachFn, typename PaintFn>
cairo_status_t RepaintExactly(cairo_surface_t* surface, const std::vector<PixelRect>& rects,
                              double scale, const ReachFn& reach, const PaintFn& paint) {
  constexpr int64_t kMergeSlack = 16384;
  const cairo_format_t format = cairo_image_surface_get_format(surface);
  const int width = cairo_image_surface_get_width(surface);
  auto unit_box = [scale](const PixelRect& r) {
    Box box;
    box.AddRect(r.x / scale, r.y / scale, r.width / scale, r.height / scale);
    return box;
  };
  struct Piece {
    int x0, x1, y0, y1;  // the surface's columns and rows
    Box clip;
    std::vector<PixelRect> rects;
    int64_t area() const { return int64_t{x1 - x0} * (y1 - y0); }
  };
  std::vector<Piece> pieces;
  for (const PixelRect& rect : rects) {
    const Box clip = unit_box(rect);
    Box across = clip;
    reach(clip, &across);
    Piece piece{std::max(0, static_cast<int>(std::floor(across.x0 * scale)) - 1),
                std::min(width, static_cast<int>(std::ceil(across.x1 * scale)) + 1),
                rect.y,
                rect.y + rect.height,
                clip,
                {rect}};
    // The surface whose growth to take this one in adds the least area, if little.
    Piece* best = nullptr;
    int64_t best_added = kMergeSlack;
    for (Piece& other : pieces) {
      const int64_t joined = int64_t{std::max(other.x1, piece.x1) - std::min(other.x0, piece.x0)} *
                             (std::max(other.y1, piece.y1) - std::min(other.y0, piece.y0));
      const int64_t added = joined - other.area() - piece.area();
      if (added <= best_added) {
        best_added = added;
        best = &other;
      }
    }
    if (best == nullptr) {
      pieces.push_back(std::move(piece));
      continue;
    }
    best->x0 = std::min(best->x0, piece.x0);
    best->x1 = std::max(best->x1, piece.x1);
    best->y0 = std::min(best->y0, piece.y0);
    best->y1 = std::max(best->y1, piece.y1);
    best->clip.AddBox(piece.clip);
    best->rects.push_back(rect);
  }
  cairo_status_t status = CAIRO_STATUS_SUCCESS;
  cairo_t* target = cairo_create(surface);
  cairo_set_operator(target, CAIRO_OPERATOR_SOURCE);
  for (const Piece& piece : pieces) {
    cairo_surface_t* scratch =
        cairo_image_surface_create(format, piece.x1 - piece.x0, piece.y1 - piece.y0);
    cairo_t* cr = cairo_create(scratch);
    cairo_translate(cr, -piece.x0, -piece.y0);
    paint(cr, piece.clip);
    if (status == CAIRO_STATUS_SUCCESS) status = cairo_status(cr);
    cairo_destroy(cr);
    cairo_set_source_surface(target, scratch, piece.x0, piece.y0);
    for (const PixelRect& r : piece.rects) cairo_rectangle(target, r.x, r.y, r.width, r.height);
    cairo_fill(target);
    cairo_surface_destroy(scratch);
  }
  if (status == CAIRO_STATUS_SUCCESS) status = cairo_status(target);
  cairo_destroy(target);
  cairo_surface_flush(surface);
  return status;
}

}  // namespace

struct RasterFrames::Stratum {
  std::vector<const Shape*> shapes;
  // The shapes that are not SafeToCut, with their bounds.
  std::vector<std::pair<const Shape*, Box>> uncuttable;
  // (step, shape) pairs where a shape appears (from) or disappears (until), by step.
  std::vector<std::pair<int64_t, const Shape*>> events;
  std::size_t next_event = 0;
  cairo_surface_t* image = nullptr;
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
      if (!SafeToCut(shape)) {
        open->uncuttable.push_back({&shape, ShapeBounds(shape, &painter_.fonts())});
      }
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

Status RasterFrames::RenderStratum(Stratum& stratum, int64_t step,
                                   const std::vector<PixelRect>* rects) {
  auto paint = [&](cairo_t* cr, const Box* clip) {
    cairo_scale(cr, scale_, scale_);
    for (const Shape* shape : stratum.shapes) {
      if (!shape->VisibleAt(step)) continue;
      if (clip != nullptr && !ShapeBounds(*shape, &painter_.fonts()).Intersects(*clip)) continue;
      painter_.Paint(cr, *shape);
    }
  };
  cairo_status_t status;
  if (rects != nullptr) {
    auto reach = [&](const Box& clip, Box* box) {
      for (const auto& [shape, bounds] : stratum.uncuttable) {
        if (shape->VisibleAt(step) && bounds.Intersects(clip)) box->AddBox(bounds);
      }
    };
    status = RepaintExactly(stratum.image, *rects, scale_, reach,
                            [&](cairo_t* cr, const Box& clip) { paint(cr, &clip); });
  } else {
    cairo_t* cr = cairo_create(stratum.image);
    cairo_set_operator(cr, CAIRO_OPERATOR_CLEAR);
    cairo_paint(cr);
    cairo_set_operator(cr, CAIRO_OPERATOR_OVER);
    paint(cr, nullptr);
    status = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_flush(stratum.image);
  }
  return status == CAIRO_STATUS_SUCCESS ? Status::Ok()
                                        : Status::Internal(cairo_status_to_string(status));
}

void RasterFrames::PaintItems(cairo_t* cr, const Box* clip, const StepShapes& step) const {
  bool first = true;
  for (const Item& item : items_) {
    if (item.stratum != nullptr) {
      cairo_set_operator(cr, first ? CAIRO_OPERATOR_SOURCE : CAIRO_OPERATOR_OVER);
      cairo_set_source_surface(cr, item.stratum->image, 0, 0);
      cairo_paint(cr);
      cairo_set_operator(cr, CAIRO_OPERATOR_OVER);
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

void RasterFrames::PaintRegion(const std::vector<PixelRect>* rects, const StepShapes& step) {
  if (rects == nullptr) {
    cairo_t* cr = cairo_create(frame_);
    PaintItems(cr, nullptr, step);
    cairo_destroy(cr);
    return;
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
  RepaintExactly(frame_, *rects, scale_, reach,
                 [&](cairo_t* cr, const Box& clip) { PaintItems(cr, &clip, step); });
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
      if (!measuring_) {
        Status status = RenderStratum(*stratum, n, nullptr);
        if (!status.ok()) return status;
      }
      stratum->next_event = static_cast<std::size_t>(
          std::upper_bound(stratum->events.begin(), stratum->events.end(), n,
                           [](int64_t value, const auto& e) { return value < e.first; }) -
          stratum->events.begin());
    }
    if (!measuring_) PaintRegion(nullptr, step);
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
        const std::vector<PixelRect> region = Region(toggled);
        Status status = RenderStratum(*stratum, n, &region);
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
    changed = Region(rects);
    if (!changed.empty() && !measuring_) PaintRegion(&changed, step);
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
