// Pieces the guide's flat figures share: a scene's canvas or a plain grid, the first
// window's cells, the windows' starts, arrows between grids, a stack of maps.
#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include "core/operations.h"
#include "renderer/figure_builder.h"
#include "renderer/figure_model.h"
#include "renderer/fonts.h"
#include "renderer/grid_shapes.h"
#include "renderer/layout.h"
#include "renderer/text_wrap.h"
#include "renderer/words.h"

namespace convanim {
namespace figure_view {

FigureGrid Builder::CanvasGrid(const Schedule& schedule, double x, double y) const {
  FigureGrid grid;
  grid.x = x;
  grid.y = y;
  grid.cell = c_;
  grid.rows = schedule.canvas().rows.length;
  grid.cols = schedule.canvas().cols.length;
  grid.fill = GridFill::kInput;
  grid.canvas = &schedule.canvas();
  return grid;
}

FigureGrid Builder::PlainGrid(int rows, int cols, double x, double y, GridFill fill) const {
  FigureGrid grid;
  grid.x = x;
  grid.y = y;
  grid.cell = c_;
  grid.rows = rows;
  grid.cols = cols;
  grid.fill = fill;
  return grid;
}

std::vector<Pair> Builder::FirstWindowCells(const Schedule& schedule) {
  const Step step = schedule.StepAt(0);
  std::vector<Pair> cells;
  for (const Tap& tap : step.taps) {
    if (tap.in_channel != step.taps.front().in_channel) continue;
    cells.push_back(Pair{tap.canvas_row, tap.canvas_col});
  }
  return cells;
}

Builder::WindowStarts Builder::ScheduledStarts(const Schedule& schedule) {
  const Pair out = schedule.output_size();
  WindowStarts starts;
  for (int col = 0; col < out[kAxisW]; ++col) {
    starts[kAxisW].push_back(schedule.StepAt(col).window_origin[kAxisW]);
  }
  for (int row = 0; row < out[kAxisH]; ++row) {
    starts[kAxisH].push_back(
        schedule.StepAt(static_cast<int64_t>(row) * out[kAxisW]).window_origin[kAxisH]);
  }
  return starts;
}

void Builder::AddWindowArrows(const FigureGrid& grid, const Step& first,
                              const WindowStarts& starts) {
  const int mid_row = first.window_origin[kAxisH] + (first.window_extent[kAxisH] - 1) / 2;
  const int mid_col = first.window_origin[kAxisW] + (first.window_extent[kAxisW] - 1) / 2;
  const int to_last_row = first.window_extent[kAxisH] - 1;
  const int to_last_col = first.window_extent[kAxisW] - 1;
  const std::vector<int>& cols = starts[kAxisW];
  const std::vector<int>& rows = starts[kAxisH];
  for (std::size_t n = 1; n < cols.size(); ++n) {
    out_->arrows.push_back(FigureArrow{grid.CellCentre(mid_row, cols[n - 1] + to_last_col),
                                       grid.CellCentre(mid_row, cols[n] + to_last_col), true,
                                       true});
  }
  for (std::size_t n = 1; n < rows.size(); ++n) {
    out_->arrows.push_back(FigureArrow{grid.CellCentre(rows[n - 1] + to_last_row, mid_col),
                                       grid.CellCentre(rows[n] + to_last_row, mid_col), true,
                                       true});
  }
}

double Builder::AddLinkArrow(double right, double y) {
  const double from = right + kLinkClearCells * c_;
  const double to = from + kLinkArrowCells * c_;
  out_->arrows.push_back(FigureArrow{{from, y}, {to, y}, true, true});
  return to + kLinkClearCells * c_;
}

void Builder::AddStack(double x, double y, int rows, int cols, int layers, GridFill front,
                       GridFill behind, const Schedule* canvas_of, Box* box) {
  const double off = kStackOffsetCells * c_;
  for (int layer = layers - 1; layer >= 0; --layer) {
    FigureGrid grid = canvas_of != nullptr
                          ? CanvasGrid(*canvas_of, x - layer * off, y + layer * off)
                          : PlainGrid(rows, cols, x - layer * off, y + layer * off, front);
    grid.fill = layer == 0 ? front : behind;
    box->AddRect(grid.x, grid.y, grid.width(), grid.height());
    out_->grids.push_back(grid);
  }
}

}  // namespace figure_view
}  // namespace convanim
