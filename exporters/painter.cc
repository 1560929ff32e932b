#include "exporters/painter.h"

#include <cairo-ft.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <cmath>
#include <mutex>

namespace convanim {
namespace {

// One FreeType library for every face Cairo draws with, never freed: Cairo may keep a
// font face (and so its FT_Face) in its caches after the painter that made it is gone.
// Creating and freeing faces is serialised, as FreeType requires.
std::mutex& FaceMutex() {
  static std::mutex mutex;
  return mutex;
}

FT_Library PaintLibrary() {
  static FT_Library library = [] {
    FT_Library lib = nullptr;
    if (FT_Init_FreeType(&lib) != 0) lib = nullptr;
    return lib;
  }();
  return library;
}

// Keeps the font bytes alive as long as Cairo's face lives.
struct FaceOwner {
  std::shared_ptr<const Fonts> fonts;
  FT_Face face = nullptr;
};

const cairo_user_data_key_t kFaceOwnerKey = {};

void DestroyFaceOwner(void* data) {
  auto* owner = static_cast<FaceOwner*>(data);
  {
    std::lock_guard<std::mutex> lock(FaceMutex());
    FT_Done_Face(owner->face);
  }
  delete owner;
}

cairo_line_cap_t CairoCap(LineCap cap) {
  switch (cap) {
    case LineCap::kButt:
      return CAIRO_LINE_CAP_BUTT;
    case LineCap::kSquare:
      return CAIRO_LINE_CAP_SQUARE;
    case LineCap::kRound:
      return CAIRO_LINE_CAP_ROUND;
  }
  return CAIRO_LINE_CAP_BUTT;
}

}  // namespace

Painter::Painter(const Theme& theme, std::shared_ptr<const Fonts> fonts, bool transparent)
    : theme_(theme), fonts_(std::move(fonts)), transparent_(transparent) {
  font_options_ = cairo_font_options_create();
  // No hinting, no rounded metrics: glyphs depend only on the font bytes.
  cairo_font_options_set_antialias(font_options_, CAIRO_ANTIALIAS_GRAY);
  cairo_font_options_set_hint_style(font_options_, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(font_options_, CAIRO_HINT_METRICS_OFF);
  if (!fonts_ || PaintLibrary() == nullptr) {
    status_ = Status::Internal("no fonts to paint text with");
    return;
  }
  for (int i = 0; i < fonts_->face_count(); ++i) {
    const Fonts::Face& face = fonts_->face(i);
    auto* owner = new FaceOwner{fonts_, nullptr};
    FT_Error error = 0;
    {
      std::lock_guard<std::mutex> lock(FaceMutex());
      error = FT_New_Memory_Face(PaintLibrary(), face.bytes.data(),
                                 static_cast<FT_Long>(face.bytes.size()),
                                 static_cast<FT_Long>(face.index), &owner->face);
    }
    if (error != 0) {
      delete owner;
      status_ = Status::Internal("the font " + face.name + " could not be opened for painting");
      return;
    }
    cairo_font_face_t* cairo_face =
        cairo_ft_font_face_create_for_ft_face(owner->face, FT_LOAD_NO_HINTING);
    if (cairo_font_face_set_user_data(cairo_face, &kFaceOwnerKey, owner, DestroyFaceOwner) !=
        CAIRO_STATUS_SUCCESS) {
      cairo_font_face_destroy(cairo_face);
      DestroyFaceOwner(owner);
      status_ = Status::Internal("cairo could not use the font " + face.name);
      return;
    }
    faces_.push_back(cairo_face);
  }
}

Painter::~Painter() {
  for (cairo_font_face_t* face : faces_) cairo_font_face_destroy(face);
  cairo_font_options_destroy(font_options_);
}

void Painter::SetColour(cairo_t* cr, Role role, double opacity) const {
  const Colour& colour = theme_[role];
  cairo_set_source_rgba(cr, colour.r / 255.0, colour.g / 255.0, colour.b / 255.0,
                        colour.alpha * opacity);
}

void Painter::PaintPath(cairo_t* cr, const Shape& shape, bool close) const {
  cairo_new_path(cr);
  std::size_t next_break = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < shape.points.size(); ++i) {
    const bool starts =
        i == 0 || (next_break < shape.breaks.size() && shape.breaks[next_break] == i);
    if (starts) {
      if (i > 0) {
        ++next_break;
        const Point& first = shape.points[start];
        const Point& last = shape.points[i - 1];
        if (close || (first.x == last.x && first.y == last.y && i - start > 2)) {
          cairo_close_path(cr);
        }
      }
      start = i;
      cairo_move_to(cr, shape.points[i].x, shape.points[i].y);
    } else {
      cairo_line_to(cr, shape.points[i].x, shape.points[i].y);
    }
  }
  if (!shape.points.empty()) {
    const Point& first = shape.points[start];
    const Point& last = shape.points.back();
    if (close || (first.x == last.x && first.y == last.y && shape.points.size() - start > 2)) {
      cairo_close_path(cr);
    }
  }
}

void Painter::StrokeWith(cairo_t* cr, const Stroke& stroke) const {
  double width = stroke.width;
  if (stroke.crisp) {
    // An aliased line under one device pixel would break up: at least one pixel.
    double dx = 1.0, dy = 0.0;
    cairo_device_to_user_distance(cr, &dx, &dy);
    width = std::max(width, std::hypot(dx, dy));
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
  }
  cairo_set_line_width(cr, width);
  cairo_set_line_cap(cr, CairoCap(stroke.cap));
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
  if (stroke.dash > 0.0) {
    const double pattern[2] = {stroke.dash, stroke.dash};
    cairo_set_dash(cr, pattern, 2, stroke.dash_offset);
  } else {
    cairo_set_dash(cr, nullptr, 0, 0.0);
  }
  cairo_stroke(cr);
}

void Painter::PaintText(cairo_t* cr, const Shape& shape) const {
  if (shape.text.empty() || shape.size <= 0.0) return;
  std::vector<Fonts::Glyph> glyphs;
  double advance = 0.0;
  fonts_->Layout(shape.text, &glyphs, &advance);
  double x = shape.x;
  if (shape.anchor == TextAnchor::kMiddle) x -= advance * shape.size / 2.0;
  if (shape.anchor == TextAnchor::kEnd) x -= advance * shape.size;
  double y = shape.y;
  if (shape.baseline == TextBaseline::kDigitMiddle) y -= fonts_->digit_middle_em() * shape.size;
  SetColour(cr, shape.role);
  cairo_set_font_options(cr, font_options_);
  cairo_set_font_size(cr, shape.size);
  std::vector<cairo_glyph_t> run;
  for (std::size_t i = 0; i < glyphs.size();) {
    const int face = glyphs[i].face;
    run.clear();
    for (; i < glyphs.size() && glyphs[i].face == face; ++i) {
      run.push_back(cairo_glyph_t{glyphs[i].index, x + glyphs[i].x_em * shape.size, y});
    }
    cairo_set_font_face(cr, faces_[static_cast<std::size_t>(face)]);
    cairo_show_glyphs(cr, run.data(), static_cast<int>(run.size()));
  }
}

void Painter::Paint(cairo_t* cr, const Shape& shape) const {
  if (!status_.ok()) return;
  if (shape.role == Role::kBackground && transparent_ && shape.kind != ShapeKind::kGroup) return;
  cairo_save(cr);
  switch (shape.kind) {
    case ShapeKind::kRect:
    case ShapeKind::kPolygon:
      if (shape.kind == ShapeKind::kRect) {
        cairo_new_path(cr);
        cairo_rectangle(cr, shape.x, shape.y, shape.width, shape.height);
      } else {
        PaintPath(cr, shape, /*close=*/true);
      }
      SetColour(cr, shape.role, shape.opacity);
      if (shape.outline != Role::kCount) {
        cairo_fill_preserve(cr);
        SetColour(cr, shape.outline);
        StrokeWith(cr, shape.stroke);
      } else {
        cairo_fill(cr);
      }
      break;
    case ShapeKind::kLine:
      PaintPath(cr, shape, /*close=*/false);
      SetColour(cr, shape.role);
      StrokeWith(cr, shape.stroke);
      break;
    case ShapeKind::kArrow: {
      if (shape.points.size() < 2) break;
      SetColour(cr, shape.role);
      cairo_new_path(cr);
      cairo_move_to(cr, shape.points[0].x, shape.points[0].y);
      cairo_line_to(cr, shape.points[1].x, shape.points[1].y);
      StrokeWith(cr, shape.stroke);
      const std::vector<Point> head = ArrowHead(shape);
      if (!head.empty()) {
        cairo_move_to(cr, head[0].x, head[0].y);
        for (std::size_t i = 1; i < head.size(); ++i) cairo_line_to(cr, head[i].x, head[i].y);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_set_line_width(cr, shape.stroke.width);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        cairo_set_dash(cr, nullptr, 0, 0.0);
        cairo_stroke(cr);
      }
      break;
    }
    case ShapeKind::kText:
      PaintText(cr, shape);
      break;
    case ShapeKind::kGroup:
      cairo_translate(cr, shape.x, shape.y);
      if (shape.width > 0.0 && shape.height > 0.0) {
        cairo_new_path(cr);
        cairo_rectangle(cr, 0.0, 0.0, shape.width, shape.height);
        cairo_clip(cr);
      }
      for (const Shape& child : shape.children) Paint(cr, child);
      break;
  }
  cairo_restore(cr);
}

namespace {

// A line shape with only the subpaths that reach `clip` (each restarts its dash
// pattern, so leaving the others out changes no pixel inside it).
bool CullSubpaths(const Shape& shape, const Box& clip, Shape* culled) {
  if (shape.kind != ShapeKind::kLine || shape.breaks.empty()) return false;
  const double reach = shape.stroke.width + 1.0;
  culled->points.clear();
  culled->breaks.clear();
  std::size_t start = 0;
  for (std::size_t b = 0; b <= shape.breaks.size(); ++b) {
    const std::size_t end = b < shape.breaks.size() ? shape.breaks[b] : shape.points.size();
    Box box;
    for (std::size_t i = start; i < end; ++i) box.Add(shape.points[i]);
    box.Grow(reach);
    if (box.Intersects(clip)) {
      if (!culled->points.empty())
        culled->breaks.push_back(static_cast<uint32_t>(culled->points.size()));
      culled->points.insert(culled->points.end(),
                            shape.points.begin() + static_cast<std::ptrdiff_t>(start),
                            shape.points.begin() + static_cast<std::ptrdiff_t>(end));
    }
    start = end;
  }
  return true;
}

}  // namespace

void Painter::PaintWithin(cairo_t* cr, const Shape& shape, const Box& clip, Shape* culled) const {
  if (shape.breaks.size() > 0 && shape.kind == ShapeKind::kLine) {
    culled->kind = shape.kind;
    culled->role = shape.role;
    culled->stroke = shape.stroke;
    if (CullSubpaths(shape, clip, culled)) {
      if (!culled->points.empty()) Paint(cr, *culled);
      return;
    }
  }
  Paint(cr, shape);
}

void Painter::PaintAll(cairo_t* cr, const std::vector<Shape>& shapes, const Box* clip) const {
  Shape culled;
  for (const Shape& shape : shapes) {
    if (clip == nullptr) {
      Paint(cr, shape);
    } else if (ShapeBounds(shape, fonts_.get()).Intersects(*clip)) {
      PaintWithin(cr, shape, *clip, &culled);
    }
  }
}

void PaintStep(cairo_t* cr, const Painter& painter, const Animation& animation, int64_t n) {
  painter.PaintAll(cr, FlattenStep(animation, n));
}

}  // namespace convanim
