// layout: channels: the guide's Figure 1.3, a convolution from several input channels to
// several output maps, drawn as pathways of kernel, per-channel results and their sum.
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

Status Builder::BuildChannels() {
  const Scene& scene = *sources_.front().scene;
  const Schedule& schedule = *sources_.front().schedule;
  const int outputs = schedule.output_channels();
  if (scene.in_channels < 2 && outputs < 2) {
    return SceneError(0, "layout 'channels' draws several input or output channels; '" +
                             spec_.panels.front().scene_written +
                             "' has one of each (set input.channels and kernel.out_channels)");
  }
  if (outputs > kMaxPathways) {
    return SceneError(0, "layout 'channels' draws one pathway per output channel, at most " +
                             std::to_string(kMaxPathways) + "; '" +
                             spec_.panels.front().scene_written + "' has " +
                             std::to_string(outputs));
  }
  const int max_layers = FrameLayout::kMaxStackLayers;
  const double off = kStackOffsetCells * c_;
  const double clear = kArrowClearCells * c_;
  const Pair out_size = schedule.output_size();
  const double out_w = out_size[kAxisW] * c_, out_h = out_size[kAxisH] * c_;
  const int canvas_rows = schedule.canvas().rows.length;
  const int canvas_cols = schedule.canvas().cols.length;
  const double in_w = canvas_cols * c_;

  // The input channels each output channel sees (all of them unless grouped).
  std::vector<std::vector<int>> seen(static_cast<std::size_t>(outputs));
  int widest_pathway = 1;
  for (int j = 0; j < outputs; ++j) {
    const Step step =
        schedule.StepAt(static_cast<int64_t>(j) * out_size[kAxisH] * out_size[kAxisW]);
    std::set<int> channels;
    for (const Tap& tap : step.taps) channels.insert(tap.in_channel);
    seen[static_cast<std::size_t>(j)].assign(channels.begin(), channels.end());
    widest_pathway =
        std::max(widest_pathway, std::min(max_layers, static_cast<int>(channels.size())));
  }
  const int input_layers = std::min(max_layers, scene.in_channels);
  const int output_layers = std::min(max_layers, outputs);
  auto stack_width = [off](double w, int layers) { return w + (layers - 1) * off; };
  const double pitch = std::max({stack_width(in_w, input_layers), stack_width(out_w, output_layers),
                                 stack_width(out_w, widest_pathway)}) +
                       kPathwayPadCells * c_;

  // Top: the output maps grouped, centred on x = 0.
  Box top;
  const double top_w = stack_width(out_w, output_layers);
  const double top_front_x = -top_w / 2.0 + (output_layers - 1) * off;
  AddStack(top_front_x, 0.0, out_size[kAxisH], out_size[kAxisW], output_layers, GridFill::kOutput,
           GridFill::kOutput, nullptr, &top);
  const double back_centre_x = top_front_x - (output_layers - 1) * off + out_w / 2.0;

  const double sum_y = top.y1 + kTopGapCells * c_;
  const double pathway_y = sum_y + out_h + kSumGapCells * c_;
  double pathways_bottom = pathway_y;
  std::vector<Box> pathway_boxes(static_cast<std::size_t>(outputs));
  for (int j = 0; j < outputs; ++j) {
    const double centre = (j - (outputs - 1) / 2.0) * pitch;
    const double left = centre - out_w / 2.0;
    // The sum: one output map.
    Box sum;
    AddStack(left, sum_y, out_size[kAxisH], out_size[kAxisW], 1, GridFill::kOutput,
             GridFill::kOutput, nullptr, &sum);
    // The per-channel results, stacked, summed into it through a "+".
    const int layers =
        std::min(max_layers, static_cast<int>(seen[static_cast<std::size_t>(j)].size()));
    Box& stack = pathway_boxes[static_cast<std::size_t>(j)];
    AddStack(left, pathway_y, out_size[kAxisH], out_size[kAxisW], layers, GridFill::kInput,
             GridFill::kInputBehind, nullptr, &stack);
    pathways_bottom = std::max(pathways_bottom, stack.y1);
    const double plus_y = (sum.y1 + pathway_y) / 2.0;
    const double plus_room = 0.7 * c_;
    out_->arrows.push_back(
        FigureArrow{{centre, pathway_y - 1.0 * c_}, {centre, plus_y + plus_room}, false, false});
    out_->arrows.push_back(
        FigureArrow{{centre, plus_y - plus_room}, {centre, sum.y1 + 0.33 * c_}, false, true});
    FigureText plus;
    plus.text = "+";
    plus.size = kPlusFontCells * c_;
    plus.x = centre;
    plus.baseline = plus_y + 0.25 * plus.size;  // the plus sign's middle sits at the math axis
    plus.centred = true;
    out_->texts.push_back(plus);
    // From the sum up to its map among the grouped outputs.
    const double end_x = back_centre_x + (j - (outputs - 1) / 2.0) * off;
    out_->arrows.push_back(
        FigureArrow{{centre, sum.y0 - clear}, {end_x, top.y1 + clear}, false, true});
  }

  // Bottom: the input maps, front map centred on x = 0.
  const double input_y = pathways_bottom + kInputGapCells * c_;
  Box input;
  AddStack(-in_w / 2.0, input_y, canvas_rows, canvas_cols, input_layers, GridFill::kInput,
           GridFill::kInputBehind, &schedule, &input);
  for (int j = 0; j < outputs; ++j) {
    const Box& stack = pathway_boxes[static_cast<std::size_t>(j)];
    const Point end{stack.cx(), stack.y1 + clear};
    Point start;
    if (end.x >= input.x0 && end.x <= input.x1) {
      start = {end.x, input.y0 - clear};
    } else if (end.x < input.x0) {
      start = {input.x0 - clear, input.cy()};
    } else {
      start = {input.x1 + clear, input.cy()};
    }
    out_->arrows.push_back(FigureArrow{start, end, false, true});
  }
  return Status::Ok();
}

}  // namespace figure_view
}  // namespace convanim
