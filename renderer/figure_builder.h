// The figure builder (renderer/figure_model.h), internal to the renderer: what a figure
// lays out before it becomes shapes (FigureItems), the guide's proportions, and the one
// class whose layouts live in files of their own: figure_steps.cc (steps of a scene),
// figure_channels.cc (Figure 1.3), figure_subsampling.cc (Figure 1.4),
// figure_kernel_positions.cc (Figure 2.8), figure_views.cc (a step in several views);
// figure_grids.cc holds the pieces they share, figure_model.cc the rest.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include "core/operations.h"
#include "renderer/figure_model.h"
#include "renderer/fonts.h"
#include "renderer/grid_shapes.h"
#include "renderer/layout.h"
#include "renderer/text_wrap.h"
#include "renderer/words.h"

namespace convanim {
namespace figure_view {

// What a flat grid's cells are filled with.
enum class GridFill {
  kInput,        // input cells (blue)
  kInputBehind,  // maps behind the front one in a stack (the guide's violet)
  kOutput,       // output cells (cyan)
};

// An axis-parallel grid of cells. Cells of `canvas` that are padding or inserted
// zeros are drawn empty with dashed borders, as the scene model draws them.
struct FigureGrid {
  double x = 0, y = 0;  // top-left corner, picture units
  double cell = 0;
  int rows = 0, cols = 0;
  GridFill fill = GridFill::kInput;
  const Canvas* canvas = nullptr;  // null: every cell is a plain filled cell
  std::vector<Pair> shaded;        // [row, col] cells under the kernel
  std::vector<Pair> crossed;       // [row, col] cells crossed out (dropped outputs)

  Point CellCentre(int row, int col) const {
    return {x + (col + 0.5) * cell, y + (row + 0.5) * cell};
  }
  double width() const { return cols * cell; }
  double height() const { return rows * cell; }
};

struct FigureArrow {
  Point from, to;
  bool in_grid = false;  // true: an arrow drawn over a grid (grid colour); false: connector
  bool head = true;      // false: a plain line (the guide's "+" pathway has one)
};

struct FigureText {
  std::string text;
  double x = 0, baseline = 0;  // left end of the baseline
  double size = 0;             // pixels per em
  double word_spacing = 0;     // extra space added at each ' ' (justified lines)
  bool centred = false;        // x is the centre, not the left end
};

// A step of a scene at (x, y), clipped to its own picture.
struct FigureStepPanel {
  double x = 0, y = 0, width = 0, height = 0;
  int64_t step = 0;
};

// Everything a figure lays out, before it becomes shapes.
struct FigureItems {
  double width = 0, height = 0;
  double cell = 0;
  double grid_line = 1, thin_line = 0.5;
  std::shared_ptr<const Fonts> fonts;
  Animation scene;  // steps layout: the scene whose steps the panels show
  std::vector<FigureStepPanel> step_panels;
  // layout views: each panel's picture (a step of a scene in a view), placed like a step.
  std::vector<FigureStepPanel> view_panels;
  std::vector<std::vector<Shape>> view_shapes;
  std::vector<FigureGrid> grids;
  std::vector<FigureArrow> arrows;
  std::vector<FigureText> texts;
};

// Proportions of the guide's hand-drawn figures (pages 9 and 16), in cells.
constexpr double kMarginCells = 0.7;       // border around the figure (standalone's 10pt)
constexpr double kSheetGapCells = 0.6;     // between step pictures, beyond their own margins
constexpr double kStackOffsetCells = 0.5;  // from one map of a stack to the next behind it
constexpr double kArrowClearCells = 0.45;  // between an arrow's ends and what it joins
constexpr double kArrowHeadCells = 0.28;   // length of an arrow head's strokes
constexpr double kTopGapCells = 6.8;       // Figure 1.3: output maps to the pathway sums
constexpr double kSumGapCells = 6.0;       //   sum to the per-channel results
constexpr double kInputGapCells = 4.5;     //   per-channel results to the input maps
constexpr double kPathwayPadCells = 5.0;   //   room between neighbouring pathways
constexpr int kMaxPathways = 8;            //   output channels drawn as pathways
constexpr double kPlusFontCells = 0.9;     //   the "+" of each pathway
constexpr double kLinkArrowCells = 1.5;    // Figure 1.4: arrows from grid to grid
constexpr double kLinkClearCells = 0.2;
constexpr double kPartGapCells = 3.0;         //   between its left and right halves
constexpr double kCaptionColumnCells = 16.5;  // Figure 2.8: width of a panel's caption
constexpr double kPanelGapCells = 0.8;        //   between panels
constexpr double kCaptionFontCells = 0.9;     // captions: as the paper's 10pt on 0.5 cm cells
constexpr double kViewCaptionFont = 17.0;     // views: captions as the pictures' own text
constexpr double kLineSpacing = 1.22;         // baseline to baseline, in font sizes
constexpr double kAscent = 0.72;              // from a line's top to its baseline, in font sizes

class Builder {
 public:
  Builder(const FigureSpec& spec, const std::vector<FigureSource>& sources,
          const FigureModelOptions& options, FigureItems* out)
      : spec_(spec), sources_(sources), options_(options), out_(out) {}

  Status Build();

 private:
  Status SceneError(int panel, const std::string& message) const;

  // --- steps -------------------------------------------------------------------------
  Status BuildSteps(double requested);

  // --- shared pieces of the flat figures --------------------------------------------

  // The scene's canvas as a flat grid with its top-left corner at (x, y).
  FigureGrid CanvasGrid(const Schedule& schedule, double x, double y) const;

  FigureGrid PlainGrid(int rows, int cols, double x, double y, GridFill fill) const;

  // The canvas cells the kernel taps at step 0 (the first window), one input channel.
  static std::vector<Pair> FirstWindowCells(const Schedule& schedule);

  // Per axis, the canvas row (kAxisH) or column (kAxisW) where each window along the
  // first output column or row starts, as the schedule places them.
  using WindowStarts = std::array<std::vector<int>, 2>;
  static WindowStarts ScheduledStarts(const Schedule& schedule);

  // Arrows between the cell centres of consecutive window positions (`starts`): along
  // the row through the first window's middle, from its last column to each next
  // window's last column, and likewise down its middle column.
  void AddWindowArrows(const FigureGrid& grid, const Step& first, const WindowStarts& starts);

  // A link arrow starting a little right of `right`, at height y; returns where the
  // next grid starts.
  double AddLinkArrow(double right, double y);

  // --- Figure 1.3 --------------------------------------------------------------------
  Status BuildChannels();

  // A stack of `layers` maps whose front map's top-left corner is (x, y); the maps
  // behind go left and down. Drawn back to front.
  void AddStack(double x, double y, int rows, int cols, int layers, GridFill front, GridFill behind,
                const Schedule* canvas_of, Box* box);

  // --- Figure 1.4 --------------------------------------------------------------------
  Status BuildStrideSubsampling();

  // --- Figure 2.8 --------------------------------------------------------------------
  Status BuildKernelPositions();

  // --- views: one scene in several pictures ---------------------------------------------
  Status BuildViews();

  // --- captions ----------------------------------------------------------------------

  // Wraps `text` into lines of at most `width` starting at (x, top): justified except
  // the last line; a single line is centred when `centre_single_line`. Returns the
  // bottom of the paragraph.
  double AddParagraph(const std::string& text, double x, double top, double width, double size,
                      bool centre_single_line, bool justify = true);

  void AddFigureCaption();

  Box ContentBox() const;

  // Moves everything so the content sits `margin` from the top-left corner and sets
  // the picture size in whole pixels. Step pictures carry their own margins.
  void Finish();

  const FigureSpec& spec_;
  const std::vector<FigureSource>& sources_;
  const FigureModelOptions& options_;
  FigureItems* out_;
  double c_ = 1.0;
  bool steps_layout_ = false;
  Box extent_;  // room reserved beyond the drawn items (caption columns)
};

}  // namespace figure_view
}  // namespace convanim
