#include "tests/support/contrast.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "tests/support/models.h"

namespace convanim::testing {
namespace {

// One thing the painter paints: a shape's fill, or a stroke (a line, an arrow, or the
// outline of a filled shape), at the offset of the groups it is in.
struct Item {
  const Shape* shape = nullptr;
  Point offset;
  Role role = Role::kCount;
  bool stroke = false;
  double width = 0.0;
  std::vector<std::vector<Point>> paths;  // absolute; rings closed (last point = first)
  Box box;                                // paths' box, grown by half the stroke
};

// The items with a grid of buckets over their boxes, so that finding what covers a point
// looks at the items near it only (large scenes have thousands of cells).
struct Items : std::vector<Item> {
  static constexpr double kCell = 32.0;
  double x0 = 0.0, y0 = 0.0;
  int cols = 1, rows = 1;
  std::vector<std::vector<int>> buckets;

  int Col(double x) const { return std::clamp(static_cast<int>((x - x0) / kCell), 0, cols - 1); }
  int Row(double y) const { return std::clamp(static_cast<int>((y - y0) / kCell), 0, rows - 1); }
  void Index() {
    if (empty()) return;
    Box all = front().box;
    for (const Item& item : *this) {
      all.x0 = std::min(all.x0, item.box.x0);
      all.y0 = std::min(all.y0, item.box.y0);
      all.x1 = std::max(all.x1, item.box.x1);
      all.y1 = std::max(all.y1, item.box.y1);
    }
    x0 = all.x0;
    y0 = all.y0;
    cols = std::max(1, static_cast<int>((all.x1 - all.x0) / kCell) + 1);
    rows = std::max(1, static_cast<int>((all.y1 - all.y0) / kCell) + 1);
    buckets.assign(static_cast<std::size_t>(cols) * rows, {});
    for (std::size_t i = 0; i < size(); ++i) {
      const Box& box = (*this)[i].box;
      for (int r = Row(box.y0); r <= Row(box.y1); ++r) {
        for (int c = Col(box.x0); c <= Col(box.x1); ++c) {
          buckets[static_cast<std::size_t>(r) * cols + c].push_back(static_cast<int>(i));
        }
      }
    }
  }
  // The items whose boxes may hold `p`, bottom first.
  const std::vector<int>& Near(Point p) const {
    return buckets[static_cast<std::size_t>(Row(p.y)) * cols + Col(p.x)];
  }
};

std::vector<Point> Closed(std::vector<Point> ring) {
  if (!ring.empty() && (ring.front().x != ring.back().x || ring.front().y != ring.back().y)) {
    ring.push_back(ring.front());
  }
  return ring;
}

// The subpaths of a shape's points (absolute), split at its breaks.
std::vector<std::vector<Point>> Subpaths(const Shape& shape, Point offset, bool close) {
  std::vector<std::vector<Point>> paths(1);
  std::size_t next_break = 0;
  for (std::size_t i = 0; i < shape.points.size(); ++i) {
    if (next_break < shape.breaks.size() && shape.breaks[next_break] == i) {
      ++next_break;
      if (!paths.back().empty()) paths.emplace_back();
    }
    paths.back().push_back({shape.points[i].x + offset.x, shape.points[i].y + offset.y});
  }
  if (close) {
    for (auto& path : paths) path = Closed(std::move(path));
  }
  return paths;
}

void Collect(const std::vector<Shape>& shapes, Point offset, std::vector<Item>* items) {
  for (const Shape& shape : shapes) {
    if (shape.kind == ShapeKind::kGroup) {
      Collect(shape.children, {offset.x + shape.x, offset.y + shape.y}, items);
      continue;
    }
    if (shape.kind == ShapeKind::kText) continue;
    Item item;
    item.shape = &shape;
    item.offset = offset;
    if (shape.kind == ShapeKind::kRect || shape.kind == ShapeKind::kPolygon) {
      if (shape.kind == ShapeKind::kRect) {
        const double x = shape.x + offset.x, y = shape.y + offset.y;
        item.paths = {{{x, y},
                       {x + shape.width, y},
                       {x + shape.width, y + shape.height},
                       {x, y + shape.height},
                       {x, y}}};
      } else {
        item.paths = Subpaths(shape, offset, true);
      }
      item.role = shape.role;
      items->push_back(item);
      if (shape.outline == Role::kCount) continue;
      item.role = shape.outline;
      item.stroke = true;
      item.width = shape.stroke.width;
      items->push_back(item);
      continue;
    }
    item.role = shape.role;
    item.stroke = true;
    item.width = shape.stroke.width;
    item.paths = Subpaths(shape, offset, false);
    if (shape.kind == ShapeKind::kArrow) {
      const std::vector<Point> head = ArrowHead(shape);
      std::vector<Point> moved;
      for (Point p : head) moved.push_back({p.x + offset.x, p.y + offset.y});
      if (!moved.empty()) item.paths.push_back(moved);
    }
    items->push_back(item);
  }
  for (Item& item : *items) {
    if (!item.box.empty()) continue;
    for (const auto& path : item.paths) {
      for (Point p : path) item.box.Add(p);
    }
    if (item.stroke) item.box.Grow(item.width / 2.0 + 0.5);
  }
}

double SegmentDistance(Point p, Point a, Point b) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double length2 = dx * dx + dy * dy;
  double t = length2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

bool Covers(const Item& item, Point p) {
  if (p.x < item.box.x0 || p.x > item.box.x1 || p.y < item.box.y0 || p.y > item.box.y1) {
    return false;
  }
  if (!item.stroke) {
    if (item.shape->kind == ShapeKind::kRect) return true;  // the box is the rectangle
    return PolygonContains(*item.shape, {p.x - item.offset.x, p.y - item.offset.y});
  }
  const double half = item.width / 2.0;
  for (const auto& path : item.paths) {
    for (std::size_t i = 0; i + 1 < path.size(); ++i) {
      const Point& a = path[i];
      const Point& b = path[i + 1];
      // Far from the segment's box: not on it (grid lines hold thousands of segments).
      if (p.x < std::min(a.x, b.x) - half || p.x > std::max(a.x, b.x) + half ||
          p.y < std::min(a.y, b.y) - half || p.y > std::max(a.y, b.y) + half) {
        continue;
      }
      if (SegmentDistance(p, a, b) <= half) return true;
    }
  }
  return false;
}

struct Sample {
  Colour colour;
  int top_fill = -1;  // the topmost fill item covering the point
  int top = -1;       // the topmost item of any kind
};

Sample At(const Items& items, const Theme& theme, Point p) {
  Sample sample;
  sample.colour = theme[Role::kBackground];
  if (items.buckets.empty()) return sample;
  for (int i : items.Near(p)) {
    const Item& item = items[static_cast<std::size_t>(i)];
    if (!Covers(item, p)) continue;
    sample.colour = Over(theme[item.role], sample.colour, item.shape->opacity);
    sample.top = static_cast<int>(i);
    if (!item.stroke) sample.top_fill = static_cast<int>(i);
  }
  return sample;
}

Role RoleOf(const Items& items, int index) {
  return index < 0 ? Role::kCount : items[static_cast<std::size_t>(index)].role;
}

bool Same(const Colour& a, const Colour& b) { return a.r == b.r && a.g == b.g && a.b == b.b; }

void MeasureFill(const Items& items, int index, const Theme& theme,
                 std::vector<ContrastPair>* out) {
  const Item& item = items[static_cast<std::size_t>(index)];
  for (const auto& ring : item.paths) {
    for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
      const Point a = ring[i], b = ring[i + 1];
      const double length = std::hypot(b.x - a.x, b.y - a.y);
      if (length < 6.0) continue;
      Point n{-(b.y - a.y) / length, (b.x - a.x) / length};
      // Points along the edge, every 9 px (at most 8): where a line (a grid line, an
      // outline) lies across one, the next one measures the colours beside it.
      const int count = std::clamp(static_cast<int>(length / 9.0), 1, 8);
      for (int k = 0; k < count; ++k) {
        const double f = (k + 0.5) / count;
        const Point m{a.x + f * (b.x - a.x), a.y + f * (b.y - a.y)};
        const bool plus = Covers(item, {m.x + 1.5 * n.x, m.y + 1.5 * n.y});
        const bool minus = Covers(item, {m.x - 1.5 * n.x, m.y - 1.5 * n.y});
        if (plus == minus) continue;                       // an edge inside the shape, or a sliver
        const Point out_n = plus ? Point{-n.x, -n.y} : n;  // points out
        auto along = [&](double t) { return Point{m.x + t * out_n.x, m.y + t * out_n.y}; };
        // Deep enough to be past the boundary's lines, still inside the shape.
        double depth = 8.0;
        while (depth > 2.0 && !Covers(item, along(-depth))) depth -= 1.0;
        const Sample in = At(items, theme, along(-depth));
        if (in.top != index) continue;  // covered there (another fill, measured itself; a line)
        // Just past a line centred on the edge (the window's outline is 3 px wide).
        const double beyond = 2.5;
        const Sample outside = At(items, theme, along(beyond));
        if (outside.top != outside.top_fill) continue;  // a line lies there: not beside
        const Role surround = RoleOf(items, outside.top_fill);
        if (surround == item.role && Same(in.colour, outside.colour)) continue;  // its own kind
        ContrastPair pair;
        pair.shape = item.role;
        pair.surround = surround;
        pair.ratio = Contrast(in.colour, outside.colour);
        if (pair.ratio < 3.0) {
          for (double t = -depth; t <= beyond; t += 0.25) {
            const Colour c = At(items, theme, along(t)).colour;
            pair.boundary = std::max(pair.boundary,
                                     std::min(Contrast(c, in.colour), Contrast(c, outside.colour)));
          }
        }
        pair.id = item.shape->id;
        pair.at = m;
        out->push_back(pair);
      }
    }
  }
}

void MeasureStroke(const Items& items, int index, const Theme& theme,
                   std::vector<ContrastPair>* out) {
  const Item& item = items[static_cast<std::size_t>(index)];
  for (const auto& path : item.paths) {
    for (std::size_t i = 0; i + 1 < path.size(); ++i) {
      const Point a = path[i], b = path[i + 1];
      const double length = std::hypot(b.x - a.x, b.y - a.y);
      if (length < 6.0) continue;
      const Point n{-(b.y - a.y) / length, (b.x - a.x) / length};
      const int count = std::clamp(static_cast<int>(length / 9.0), 1, 4);
      for (int k = 0; k < count; ++k) {
        const double f = (k + 0.5) / count;
        const Point m{a.x + f * (b.x - a.x), a.y + f * (b.y - a.y)};
        const Sample on = At(items, theme, m);
        if (on.top != index) continue;  // drawn over there
        const double away = item.width / 2.0 + 1.0;
        ContrastPair pair;
        pair.shape = item.role;
        pair.stroke = true;
        pair.ratio = 1e9;
        for (double side : {away, -away}) {
          const Sample beside = At(items, theme, {m.x + side * n.x, m.y + side * n.y});
          // Beside it, the area it is drawn on: a line crossing it or running along it (a
          // corner, a grid line under an outline) is not its surround.
          if (beside.top != beside.top_fill) continue;
          const double ratio = Contrast(on.colour, beside.colour);
          if (ratio < pair.ratio) {
            pair.ratio = ratio;
            pair.surround = RoleOf(items, beside.top);
          }
        }
        if (pair.surround == Role::kCount) continue;
        pair.id = item.shape->id;
        pair.at = m;
        out->push_back(pair);
      }
    }
  }
}

}  // namespace

double Luminance(const Colour& colour) {
  auto linear = [](int channel) {
    const double c = channel / 255.0;
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * linear(colour.r) + 0.7152 * linear(colour.g) + 0.0722 * linear(colour.b);
}

Colour Over(const Colour& top, const Colour& bottom, double opacity) {
  const double a = top.alpha * opacity;
  auto mix = [a](uint8_t t, uint8_t b) {
    return static_cast<uint8_t>(std::lround(a * t + (1.0 - a) * b));
  };
  Colour out;
  out.r = mix(top.r, bottom.r);
  out.g = mix(top.g, bottom.g);
  out.b = mix(top.b, bottom.b);
  return out;
}

double Contrast(const Colour& a, const Colour& b) {
  const double la = Luminance(a), lb = Luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

std::vector<ContrastPair> MeasureStep(const Animation& animation, int64_t n, const Theme& theme) {
  const std::vector<Shape> shapes = FlattenStep(animation, n);
  Items items;
  Collect(shapes, {0.0, 0.0}, &items);
  items.Index();
  std::vector<ContrastPair> pairs;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].role == Role::kBackground) continue;
    if (items[i].stroke) {
      MeasureStroke(items, static_cast<int>(i), theme, &pairs);
    } else {
      MeasureFill(items, static_cast<int>(i), theme, &pairs);
    }
  }
  return pairs;
}

std::vector<int64_t> SampleSteps(const Animation& animation, int count) {
  std::vector<int64_t> steps;
  const int64_t last = animation.step_count - 1;
  for (int i = 0; i < count; ++i) {
    const int64_t step = count == 1 ? 0 : last * i / (count - 1);
    if (steps.empty() || steps.back() != step) steps.push_back(step);
  }
  return steps;
}

}  // namespace convanim::testing
