// Where everything of a figure lies on the picture. Pure geometry, derived from the
// scene's sizes (canvas, output, channels, view, title); the same for every step.
// Coordinates are picture units (pixels at scale 1), (0,0) top-left, y down.
//
// Arithmetic view (the guide's oblique figure): the grid corner at row r, column c
// lies at origin + cell * (c + 0.7 r, -0.5 c + 0.65 r): a column step goes right and
// up, a row step right and down (the guide's TikZ xslant=-0.7, yslant=0.5). The output
// map floats canvas_rows + 1 cells above the canvas.
// Numerical view (the guide's flat figure): an axis-parallel grid, the output map one
// cell to the right of the canvas, centred on it as the guide does; cell sizes and
// offsets are whole pixels so lines can sit on the pixel grid.
//
// Several channels are drawn as stacks: layer 0 is the front map (the current
// channel), layers 1.. are copies behind it, offset by a fixed step.
#pragma once

#include <array>
#include <limits>
#include <string>

#include "core/scene.h"
#include "core/schedule.h"
#include "renderer/model.h"
#include "renderer/words.h"

namespace convanim {

// One grid cell on the picture: the corners at (r, c), (r, c+1), (r+1, c+1), (r+1, c)
// in that order (top-left, top-right, bottom-right, bottom-left in grid terms). In the
// arithmetic view it is a parallelogram.
struct CellShape {
  std::array<Point, 4> corners;
  Point Centre() const;
};

// Everything the layout depends on. FrameLayout::SpecFor fills it from a scene.
struct LayoutSpec {
  View view = View::kArithmetic;
  Pair canvas{1, 1};      // canvas rows, cols (the grid the window moves over)
  Pair output{1, 1};      // output rows, cols
  int input_layers = 1;   // maps in the input stack (1..FrameLayout::kMaxStackLayers)
  int output_layers = 1;  // maps in the output stack
  // Widest texts the picture must make room for ("" when absent).
  std::string input_label;
  std::string output_label;
  std::string title;
  double cell_size = 0.0;        // pixels per cell at scale 1; 0: automatic
  const Fonts* fonts = nullptr;  // measures the labels and title (null: the embedded fonts)
  double max_extent = 1600.0;    // automatic cells shrink until the frame fits this (pixels)
};

// The labels of channel stacks, 1-based: "input channel 2 of 3",
// "input channels 3–4 of 4" (the channels one output sees), "output channel 1 of 2".
std::string InputStackLabel(int first_channel, int channel_count, int channels,
                            const Words& words = Words::English());
std::string OutputStackLabel(int channel, int channels, const Words& words = Words::English());
// The input label of `step`: the channels its taps read, of `channels`.
std::string InputStackLabel(const Step& step, int channels, const Words& words = Words::English());

class FrameLayout {
 public:
  // Default cells: every guide figure comes out at least as large as the original
  // (the oblique view's 30 px gives e.g. 399x386 px for padding_strides, 395x381 there).
  static constexpr double kDefaultCellSize = 36.0;         // numerical (flat) view
  static constexpr double kDefaultObliqueCellSize = 30.0;  // arithmetic (oblique) view
  static constexpr double kMinCellSize = 2.0;
  static constexpr double kMaxCellSize = 400.0;
  static constexpr int kMaxStackLayers = 4;        // front map + 3 copies behind
  static constexpr double kMinReadableFont = 6.0;  // smaller text is not drawn

  FrameLayout() = default;
  static FrameLayout Compute(const LayoutSpec& spec);

  // The spec of `scene` with its schedule (canvas and output sizes), at `cell_size`
  // (0: automatic). Labels are the widest the renderer will write.
  static LayoutSpec SpecFor(const Scene& scene, const Schedule& schedule, double cell_size,
                            const Words& words = Words::English());

  View view() const { return view_; }
  double cell_size() const { return cell_; }
  double width() const { return width_; }  // whole pixels at scale 1
  double height() const { return height_; }
  Pair output_size() const { return output_; }
  int input_layers() const { return input_layers_; }
  int output_layers() const { return output_layers_; }

  // Grid corners (fractional rows and columns allowed, e.g. 2.5 for a cell's middle).
  Point CanvasPoint(double row, double col, int layer = 0) const;
  Point OutputPoint(double row, double col, int layer = 0) const;
  CellShape CanvasCell(int row, int col, int layer = 0) const;
  CellShape OutputCell(int row, int col, int layer = 0) const;
  Point CanvasCellCentre(int row, int col) const { return CanvasCell(row, col).Centre(); }
  Point OutputCellCentre(int row, int col) const { return OutputCell(row, col).Centre(); }

  // Line widths. In the numerical view the grid width is a whole number of pixels.
  double grid_line_width() const { return grid_line_; }
  double connector_line_width() const { return connector_line_; }
  // Whether axis-parallel lines are snapped to the pixel grid (numerical view).
  bool pixel_aligned() const { return view_ == View::kNumerical; }

  // Font sizes in pixels per em; 0 when cells are too small for the text to be read.
  double value_font_size() const { return value_font_; }    // input values (numerical)
  double weight_font_size() const { return weight_font_; }  // kernel-weight subscripts
  double output_font_size() const { return output_font_; }  // output values
  double label_font_size() const { return label_font_; }    // channel labels
  double title_font_size() const { return title_font_; }

  // Centres of the label lines and of the title (meaningful when the spec had them).
  Point input_label_centre() const { return input_label_at_; }
  Point output_label_centre() const { return output_label_at_; }
  Point title_centre() const { return title_at_; }

 private:
  void Place(const LayoutSpec& spec, double cell);

  View view_ = View::kArithmetic;
  Pair canvas_{1, 1}, output_{1, 1};
  int input_layers_ = 1, output_layers_ = 1;
  double cell_ = kDefaultCellSize;
  double width_ = 0.0, height_ = 0.0;
  double grid_extent_ = 0.0;             // the larger side of the grids and labels, title left out
  Point row_step_, col_step_;            // one grid row / column on the picture
  Point canvas_origin_, output_origin_;  // corner (0, 0) of the front maps
  Point input_layer_step_, output_layer_step_;  // from one stack layer to the next behind
  double grid_line_ = 1.0, connector_line_ = 1.0;
  double value_font_ = 0.0, weight_font_ = 0.0, output_font_ = 0.0;
  double label_font_ = 0.0, title_font_ = 0.0;
  Point input_label_at_, output_label_at_, title_at_;
};

}  // namespace convanim
