// Building blocks shared by the teaching-style pictures (the teaching style of
// renderer/teaching_*.cc with its matrix view, the scatter view of renderer/scatter_*.cc and
// the gradient views of renderer/gradient_*.cc): sizes, flat grid panels and their labels,
// strokes, wrapped text and the legend.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "renderer/fonts.h"
#include "renderer/grid_shapes.h"
#include "renderer/model.h"
#include "renderer/text_wrap.h"

namespace convanim {
namespace teaching {

// Sizes at scale 1, in pixels. Text is 17 px: digits 11 px high.
constexpr double kFont = 17.0;
constexpr double kTitleFont = 21.0;
constexpr double kMinFlatCell = 34.0;  // numbers in cells need room around them
constexpr double kCellPadding = 10.0;  // left and right of the widest number
constexpr double kMaxFlatCell = 120.0;
constexpr double kGap = 22.0;  // between blocks
constexpr double kMargin = 16.0;
constexpr double kMaxRowWidth = 800.0;   // a docs column: wider rows stack
constexpr double kMinTextWidth = 420.0;  // equations and captions wrap at least this wide
constexpr double kOutline = 3.0;         // window and current-cell outlines
constexpr double kLineHeight = 1.45;     // text lines, in font sizes
constexpr double kSwatch = 18.0;         // legend swatches

constexpr const char* kDot = "\xC2\xB7";  // the product sign of equations: ·

// "5×3".
std::string Size(int rows, int cols);

// One grid of cells on the picture: corners through `map`.
struct Panel {
  GridMap map;
  int rows = 0, cols = 0;
  bool flat = true;
  double cell = 0.0;
  Box Bounds() const;
};
Panel FlatPanel(double x, double y, int rows, int cols, double cell);
Panel Shifted(const Panel& panel, double dx, double dy);

Stroke Thin();               // cell borders
Stroke Dashed(double cell);  // borders of empty cells
Stroke Outline();            // the window and the current cell
Stroke TapOutline();         // a tapped light cell (padding, zeros), inset by kTapInset cells
constexpr double kTapInset = 0.12;

// A flat panel's label, just above its top-left corner.
Shape PanelLabel(const std::string& id, const std::string& text, const Panel& panel);
// A flat panel's cells filled with `fill` (id/cells) under thin borders (id/grid).
void PanelGrid(const Panel& panel, Role fill, const std::string& id, std::vector<Shape>* out);

// A text line whose baseline sits in a row of kLineHeight * size starting at `top`.
Shape TextLine(Role role, std::string id, std::string text, double x, double top,
               double size = kFont);

struct LegendItem {
  Role fill;
  bool dashed = false;
  Role outline = Role::kCount;
  std::string text;
  bool swatch = true;  // false: a line of words only (e.g. what groups leave unread)
};

// Legend items in rows no wider than `width`.
class Legend {
 public:
  void Add(LegendItem item) { items_.push_back(std::move(item)); }
  int Layout(const Fonts& fonts, double width);  // the number of rows
  void Shapes(double x, double top, std::vector<Shape>* out) const;
  double Height() const { return rows_ * kLineHeight * kFont; }

 private:
  std::vector<LegendItem> items_;
  std::vector<Point> at_;                        // x, row
  std::vector<std::vector<std::string>> lines_;  // an item wider than a row: its lines
  int rows_ = 0;
};

}  // namespace teaching
}  // namespace convanim
