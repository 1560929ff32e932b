// layout: stride_subsampling: the guide's Figure 1.4, a strided convolution as a unit-stride
// one whose outputs are subsampled.
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

Status Builder::BuildStrideSubsampling() {
  const Scene& scene = *sources_.front().scene;
  const Schedule& schedule = *sources_.front().schedule;
  if (scene.operation == Operation::kTransposedConvolution) {
    return SceneError(0,
                      "layout 'stride_subsampling' shows a direct convolution's (or "
                      "pooling's) strides; '" +
                          spec_.panels.front().scene_written + "' is a transposed convolution");
  }
  if (scene.stride[kAxisH] == 1 && scene.stride[kAxisW] == 1) {
    return SceneError(0, "layout 'stride_subsampling' needs a stride above 1; '" +
                             spec_.panels.front().scene_written + "' has unit strides");
  }
  // The same operation with unit strides, scheduled by the core. Its outputs kept
  // are those whose window is also a strided one.
  Scene unit_scene = scene;
  unit_scene.stride = {1, 1};
  Schedule unit_schedule;
  const Status built = Schedule::Build(unit_scene, &unit_schedule);
  if (!built.ok()) return SceneError(0, built.message());
  const Pair out = schedule.output_size();
  const Pair unit_out = unit_schedule.output_size();
  const WindowStarts strided_starts = ScheduledStarts(schedule);
  const WindowStarts unit_starts = ScheduledStarts(unit_schedule);
  std::array<std::vector<bool>, 2> kept;
  for (int axis : {kAxisH, kAxisW}) {
    const auto a = static_cast<std::size_t>(axis);
    const std::vector<int>& strided = strided_starts[a];
    int count = 0;
    for (int start : unit_starts[a]) {
      kept[a].push_back(std::find(strided.begin(), strided.end(), start) != strided.end());
      count += kept[a].back();
    }
    if (count != out[a]) {
      // ceil_mode: the last strided window hangs past where unit strides stop.
      return SceneError(0, "layout 'stride_subsampling' cannot show '" +
                               spec_.panels.front().scene_written +
                               "': its last window (ceil_mode) has no unit-stride counterpart");
    }
  }
  const std::vector<Pair> window = FirstWindowCells(schedule);
  const Step first = schedule.StepAt(0);
  const double canvas_h = schedule.canvas().rows.length * c_;
  const double mid_y = canvas_h / 2.0;

  // Left: the kernel moved by s.
  FigureGrid left = CanvasGrid(schedule, 0.0, 0.0);
  left.shaded = window;
  out_->grids.push_back(left);
  AddWindowArrows(left, first, strided_starts);
  double x = AddLinkArrow(left.x + left.width(), mid_y);
  const FigureGrid strided_left =
      PlainGrid(out[kAxisH], out[kAxisW], x, mid_y - out[kAxisH] * c_ / 2.0, GridFill::kOutput);
  out_->grids.push_back(strided_left);
  x += strided_left.width() + kPartGapCells * c_;

  // Right: the kernel moved by 1, every s-th output kept.
  FigureGrid right = CanvasGrid(schedule, x, 0.0);
  right.shaded = window;
  out_->grids.push_back(right);
  AddWindowArrows(right, first, unit_starts);
  x = AddLinkArrow(right.x + right.width(), mid_y);
  FigureGrid unit = PlainGrid(unit_out[kAxisH], unit_out[kAxisW], x,
                              mid_y - unit_out[kAxisH] * c_ / 2.0, GridFill::kOutput);
  for (int r = 0; r < unit.rows; ++r) {
    for (int col = 0; col < unit.cols; ++col) {
      if (!(kept[kAxisH][static_cast<std::size_t>(r)] &&
            kept[kAxisW][static_cast<std::size_t>(col)])) {
        unit.crossed.push_back(Pair{r, col});
      }
    }
  }
  out_->grids.push_back(unit);
  x = AddLinkArrow(unit.x + unit.width(), mid_y);
  out_->grids.push_back(
      PlainGrid(out[kAxisH], out[kAxisW], x, mid_y - out[kAxisH] * c_ / 2.0, GridFill::kOutput));
  return Status::Ok();
}

}  // namespace figure_view
}  // namespace convanim
