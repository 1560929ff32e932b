#include "renderer/model.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

#include "renderer/fonts.h"

namespace convanim {
namespace {

constexpr std::array<const char*, kRoleCount> kRoleNames = {
    "background",  "input_cell",   "padding_cell",   "inserted_zero",  "outside_cell",
    "behind_cell", "grid",         "window",         "window_outline", "tap",
    "output_cell", "pending_cell", "current_output", "connector",      "value",
    "muted_value", "weight",       "output_value",   "kernel_cell",    "selected",
    "label",       "title",        "caption",        "equation",       "legend",
    "arrow",       "matrix_entry", "highlight",      "unused_padding", "output_padding",
};

}  // namespace

const char* RoleName(Role role) {
  const int index = static_cast<int>(role);
  return index >= 0 && index < kRoleCount ? kRoleNames[static_cast<std::size_t>(index)] : "?";
}

bool RoleFromName(const std::string& name, Role* role) {
  for (int i = 0; i < kRoleCount; ++i) {
    if (name == kRoleNames[static_cast<std::size_t>(i)]) {
      *role = static_cast<Role>(i);
      return true;
    }
  }
  return false;
}

void Box::Add(Point p) {
  x0 = std::min(x0, p.x);
  y0 = std::min(y0, p.y);
  x1 = std::max(x1, p.x);
  y1 = std::max(y1, p.y);
}

void Box::AddRect(double x, double y, double width, double height) {
  Add(Point{x, y});
  Add(Point{x + width, y + height});
}

void Box::AddCentred(Point centre, double width, double height) {
  Add(Point{centre.x - width / 2.0, centre.y - height / 2.0});
  Add(Point{centre.x + width / 2.0, centre.y + height / 2.0});
}

void Box::AddBox(const Box& other) {
  if (other.empty()) return;
  Add(Point{other.x0, other.y0});
  Add(Point{other.x1, other.y1});
}

void Box::Grow(double margin) {
  if (empty()) return;
  x0 -= margin;
  y0 -= margin;
  x1 += margin;
  y1 += margin;
}

bool Box::Intersects(const Box& other) const {
  return !empty() && !other.empty() && x0 < other.x1 && other.x0 < x1 && y0 < other.y1 &&
         other.y0 < y1;
}

std::string Id(const std::string& base, std::initializer_list<int64_t> parts) {
  std::string id = base;
  for (int64_t part : parts) id += "/" + std::to_string(part);
  return id;
}

Shape Rect(Role role, std::string id, double x, double y, double width, double height) {
  Shape shape;
  shape.kind = ShapeKind::kRect;
  shape.role = role;
  shape.id = std::move(id);
  shape.x = x;
  shape.y = y;
  shape.width = width;
  shape.height = height;
  return shape;
}

Shape Polygon(Role role, std::string id, std::vector<Point> points) {
  Shape shape;
  shape.kind = ShapeKind::kPolygon;
  shape.role = role;
  shape.id = std::move(id);
  shape.points = std::move(points);
  return shape;
}

Shape Line(Role role, std::string id, Point a, Point b, const Stroke& stroke) {
  Shape shape;
  shape.kind = ShapeKind::kLine;
  shape.role = role;
  shape.id = std::move(id);
  shape.points = {a, b};
  shape.stroke = stroke;
  return shape;
}

Shape Arrow(Role role, std::string id, Point from, Point to, const Stroke& stroke, double head) {
  Shape shape = Line(role, std::move(id), from, to, stroke);
  shape.kind = ShapeKind::kArrow;
  shape.head = head;
  return shape;
}

Shape Text(Role role, std::string id, std::string text, double x, double y, double size,
           TextAnchor anchor, TextBaseline baseline) {
  Shape shape;
  shape.kind = ShapeKind::kText;
  shape.role = role;
  shape.id = std::move(id);
  shape.text = std::move(text);
  shape.x = x;
  shape.y = y;
  shape.size = size;
  shape.anchor = anchor;
  shape.baseline = baseline;
  return shape;
}

Shape Group(std::string id, double x, double y, std::vector<Shape> children) {
  Shape shape;
  shape.kind = ShapeKind::kGroup;
  shape.role = Role::kBackground;
  shape.id = std::move(id);
  shape.x = x;
  shape.y = y;
  shape.children = std::move(children);
  return shape;
}

Box ShapeBounds(const Shape& shape, const Fonts* fonts) {
  Box box;
  switch (shape.kind) {
    case ShapeKind::kRect:
      box.AddRect(shape.x, shape.y, shape.width, shape.height);
      if (shape.outline != Role::kCount) box.Grow(shape.stroke.width);
      break;
    case ShapeKind::kPolygon:
      for (const Point& p : shape.points) box.Add(p);
      if (shape.outline != Role::kCount) box.Grow(shape.stroke.width);
      break;
    case ShapeKind::kLine:
    case ShapeKind::kArrow:
      for (const Point& p : shape.points) box.Add(p);
      // Square caps and miters reach sqrt(2)/2 of the width past the ends; heads reach
      // their length.
      box.Grow(shape.stroke.width + shape.head + 1.0);
      break;
    case ShapeKind::kText: {
      const double width = fonts != nullptr
                               ? fonts->Advance(shape.text, shape.size)
                               : 0.6 * shape.size * static_cast<double>(shape.text.size());
      double left = shape.x;
      if (shape.anchor == TextAnchor::kMiddle) left -= width / 2.0;
      if (shape.anchor == TextAnchor::kEnd) left -= width;
      const double baseline =
          shape.baseline == TextBaseline::kAlphabetic ? shape.y : shape.y + 0.35 * shape.size;
      box.AddRect(left, baseline - 1.0 * shape.size, width, 1.3 * shape.size);
      break;
    }
    case ShapeKind::kGroup:
      if (shape.width > 0 && shape.height > 0) {
        box.AddRect(shape.x, shape.y, shape.width, shape.height);
      } else {
        for (const Shape& child : shape.children) {
          Box inner = ShapeBounds(child, fonts);
          if (inner.empty()) continue;
          box.AddRect(inner.x0 + shape.x, inner.y0 + shape.y, inner.width(), inner.height());
        }
      }
      break;
  }
  return box;
}

StepShapes Animation::Step(int64_t n) const {
  StepShapes step;
  step.index = n;
  step.layers.resize(layers.size());
  if (steps != nullptr) steps->Fill(n, &step);
  step.layers.resize(layers.size());
  return step;
}

std::vector<Shape> FlattenStep(const Animation& animation, const StepShapes& step) {
  std::vector<Shape> shapes;
  for (std::size_t l = 0; l < animation.layers.size(); ++l) {
    const Layer& layer = animation.layers[l];
    for (const Shape& shape : layer.shapes) {
      if (shape.VisibleAt(step.index)) shapes.push_back(shape);
    }
    if (layer.per_step && l < step.layers.size()) {
      shapes.insert(shapes.end(), step.layers[l].begin(), step.layers[l].end());
    }
  }
  return shapes;
}

std::vector<Shape> FlattenStep(const Animation& animation, int64_t n) {
  return FlattenStep(animation, animation.Step(n));
}

std::vector<Point> ArrowHead(const Shape& arrow) {
  if (arrow.kind != ShapeKind::kArrow || arrow.head <= 0.0 || arrow.points.size() < 2) return {};
  const Point from = arrow.points[0], to = arrow.points[1];
  const double dx = to.x - from.x, dy = to.y - from.y;
  const double length = std::hypot(dx, dy);
  if (length <= 0) return {};
  const double ux = dx / length, uy = dy / length;
  const double back = arrow.head * std::cos(0.7), side = arrow.head * std::sin(0.7);
  return {{to.x - ux * back - uy * side, to.y - uy * back + ux * side},
          to,
          {to.x - ux * back + uy * side, to.y - uy * back - ux * side}};
}

const Shape* FindShape(const std::vector<Shape>& shapes, const std::string& id) {
  for (const Shape& shape : shapes) {
    if (shape.id == id) return &shape;
    if (shape.kind == ShapeKind::kGroup) {
      if (const Shape* found = FindShape(shape.children, id)) return found;
    }
  }
  return nullptr;
}

}  // namespace convanim
