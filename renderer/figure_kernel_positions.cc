// layout: kernel_positions: the guide's Figure 2.8, each position of the kernel with its
// caption.
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

Status Builder::BuildKernelPositions() {
  double widest_grid = 0, tallest_grid = 0;
  bool any_caption = false;
  for (std::size_t p = 0; p < sources_.size(); ++p) {
    const Schedule& schedule = *sources_[p].schedule;
    widest_grid = std::max(widest_grid, schedule.canvas().cols.length * c_);
    tallest_grid = std::max(tallest_grid, schedule.canvas().rows.length * c_);
    any_caption = any_caption || !spec_.panels[p].caption.empty();
  }
  const double column = std::max(widest_grid, any_caption ? kCaptionColumnCells * c_ : 0.0);
  const double gap = kPanelGapCells * c_;
  for (std::size_t p = 0; p < sources_.size(); ++p) {
    const Schedule& schedule = *sources_[p].schedule;
    const double left = static_cast<double>(p) * (column + gap);
    FigureGrid grid =
        CanvasGrid(schedule, left + (column - schedule.canvas().cols.length * c_) / 2.0, 0.0);
    grid.shaded = FirstWindowCells(schedule);
    out_->grids.push_back(grid);
    AddWindowArrows(grid, schedule.StepAt(0), ScheduledStarts(schedule));
    // Keep the grid's box even where it is narrower than the caption column.
    extent_.AddRect(left, 0.0, column, tallest_grid);
    if (!spec_.panels[p].caption.empty()) {
      AddParagraph(spec_.panels[p].caption, left, tallest_grid + 0.6 * c_, column,
                   kCaptionFontCells * c_, /*centre_single_line=*/false);
    }
  }
  return Status::Ok();
}

}  // namespace figure_view
}  // namespace convanim
