#include "renderer/teaching_blocks.h"

#include <algorithm>
#include <cmath>

#include "renderer/text_wrap.h"

namespace convanim {
namespace teaching {

std::string Size(int rows, int cols) {
  return std::to_string(rows) + "\xC3\x97" + std::to_string(cols);
}

Box Panel::Bounds() const {
  Box box;
  box.Add(map(0, 0));
  box.Add(map(0, cols));
  box.Add(map(rows, cols));
  box.Add(map(rows, 0));
  return box;
}

Panel FlatPanel(double x, double y, int rows, int cols, double cell) {
  Panel panel;
  panel.map = [x, y, cell](double r, double c) { return Point{x + c * cell, y + r * cell}; };
  panel.rows = rows;
  panel.cols = cols;
  panel.cell = cell;
  return panel;
}

Panel Shifted(const Panel& panel, double dx, double dy) {
  Panel moved = panel;
  const GridMap map = panel.map;
  moved.map = [map, dx, dy](double r, double c) {
    const Point p = map(r, c);
    return Point{p.x + dx, p.y + dy};
  };
  return moved;
}

Stroke Thin() {
  Stroke stroke;
  stroke.width = 1.0;
  stroke.cap = LineCap::kSquare;
  return stroke;
}

Stroke Dashed(double cell) {
  Stroke stroke;
  stroke.width = 1.0;
  stroke.dash = std::max(2.0, std::round(cell / 8.0));
  return stroke;
}

Stroke TapOutline() {
  Stroke stroke;
  stroke.width = 2.0;
  stroke.cap = LineCap::kSquare;
  return stroke;
}

Stroke Outline() {
  Stroke stroke;
  stroke.width = kOutline;
  stroke.cap = LineCap::kSquare;
  return stroke;
}

Shape PanelLabel(const std::string& id, const std::string& text, const Panel& panel) {
  const Box box = panel.Bounds();
  return Text(Role::kLabel, id, text, box.x0, box.y0 - 0.45 * kFont, kFont, TextAnchor::kStart,
              TextBaseline::kAlphabetic);
}

void PanelGrid(const Panel& panel, Role fill, const std::string& id, std::vector<Shape>* out) {
  PathBuilder cells, grid;
  cells.Ring(panel.map, 0, panel.rows, 0, panel.cols);
  grid.GridLines(panel.map, 0, panel.rows, 0, panel.cols, 0.0);
  out->push_back(cells.Fill(fill, id + "/cells"));
  out->push_back(grid.Stroked(Role::kGrid, id + "/grid", Thin()));
}

Shape TextLine(Role role, std::string id, std::string text, double x, double top, double size) {
  return Text(role, std::move(id), std::move(text), x, top + kLineHeight * size - 0.35 * size, size,
              TextAnchor::kStart, TextBaseline::kAlphabetic);
}

int Legend::Layout(const Fonts& fonts, double width) {
  at_.clear();
  lines_.clear();
  double x = 0.0;
  int row = 0;
  for (const LegendItem& item : items_) {
    const double indent = item.swatch ? kSwatch + 6.0 : 0.0;
    const double w = indent + fonts.Advance(item.text, kFont) + kGap;
    if (x > 0.0 && x + w > width) {
      x = 0.0;
      ++row;
    }
    at_.push_back({x, static_cast<double>(row)});
    // Wider than a row (a long entry, or a language with longer words): its own rows.
    lines_.push_back(w > width ? Wrap(fonts, item.text, kFont, width - indent)
                               : std::vector<std::string>{item.text});
    if (lines_.back().size() > 1) {
      row += static_cast<int>(lines_.back().size());
      x = 0.0;
      continue;
    }
    x += w;
  }
  if (!items_.empty() && x == 0.0 && lines_.back().size() > 1) --row;
  rows_ = items_.empty() ? 0 : row + 1;
  return rows_;
}

void Legend::Shapes(double x0, double top, std::vector<Shape>* out) const {
  const double line = kLineHeight * kFont;
  for (std::size_t i = 0; i < items_.size() && i < at_.size(); ++i) {
    const LegendItem& item = items_[i];
    const double x = x0 + at_[i].x;
    const double row_top = top + at_[i].y * line;
    const double sy = row_top + (line - kSwatch) / 2.0;
    const std::string base = Id("legend", {static_cast<int64_t>(i)});
    const std::vector<std::string>& lines = lines_[i];
    const double text_x = item.swatch ? x + kSwatch + 6.0 : x;
    for (std::size_t n = 1; n < lines.size(); ++n) {
      out->push_back(TextLine(Role::kLegend, base + "/text/" + std::to_string(n), lines[n], text_x,
                              row_top + static_cast<double>(n) * line));
    }
    if (!item.swatch) {
      out->push_back(TextLine(Role::kLegend, base + "/text", lines[0], x, row_top));
      continue;
    }
    out->push_back(Rect(item.fill, base + "/swatch", x, sy, kSwatch, kSwatch));
    PathBuilder border;
    border.Ring(
        [x, sy](double r, double c) {
          return Point{x + c * kSwatch, sy + r * kSwatch};
        },
        0, 1, 0, 1);
    border.LineTo({x, sy});
    if (item.outline != Role::kCount) {
      out->push_back(border.Stroked(item.outline, base + "/outline", Outline()));
    } else {
      out->push_back(border.Stroked(Role::kGrid, base + "/border",
                                    item.dashed ? Dashed(kSwatch * 2) : Thin()));
    }
    out->push_back(TextLine(Role::kLegend, base + "/text", lines[0], text_x, row_top));
  }
}

}  // namespace teaching
}  // namespace convanim
