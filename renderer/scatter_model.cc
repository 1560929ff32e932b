// view: scatter (renderer/scatter_model.h): a transposed convolution as each input cell
// stamping its value times the kernel onto the output, overlaps adding up. Here: the
// build, the numbers' texts, the labels and the layout.
#include "renderer/scatter_model.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "core/scatter.h"
#include "renderer/describe.h"
#include "renderer/fonts.h"
#include "renderer/grid_shapes.h"
#include "renderer/numbers.h"
#include "renderer/scatter_view.h"
#include "renderer/slide_layout.h"
#include "renderer/teaching_blocks.h"
#include "renderer/teaching_text.h"
#include "renderer/words.h"

namespace convanim {
namespace scatter_view {

Status ScatterModel::Build(Animation* animation) {
  Status status = ScatterSchedule::Build(scene_, schedule_, &scatter_);
  if (!status.ok()) return status;
  if (scene_.in_channels > kMaxScatterChannels || scene_.out_channels > kMaxScatterChannels) {
    return Status::InvalidScene(
        "view 'scatter' draws at most " + std::to_string(kMaxScatterChannels) +
        " input and output channels; this scene has " + std::to_string(scene_.in_channels) +
        " and " + std::to_string(scene_.out_channels));
  }
  const Pair full = scatter_.full_size();
  if (full[0] > kMaxScatterSide || full[1] > kMaxScatterSide) {
    return Status::InvalidScene("view 'scatter' draws the full output, at most " +
                                std::to_string(kMaxScatterSide) + " cells a side; this one is " +
                                Size(full[0], full[1]));
  }
  Numbers();
  Layout();
  animation->width = width_;
  animation->height = height_;
  animation->cell_size = cell_;
  animation->step_count = scatter_.step_count();  // one per input cell, not per output
  // The stamp's tint and outline over the sums' cells, the numbers over both.
  animation->layers = {{"grids", false, {}},  {"sums", true, {}},    {"stamp", true, {}},
                       {"values", false, {}}, {"numbers", true, {}}, {"text", false, {}}};
  static_assert(kTextLayer == 5, "one LayerIndex per layer, in order");
  Shared(&animation->layers[kGridsLayer].shapes, &animation->layers[kValuesLayer].shapes,
         &animation->layers[kTextLayer].shapes);
  if (rounded_) {
    animation->notes.push_back(
        "some input values or weights are drawn rounded, marked with \xE2\x89\x88");
  }
  return Status::Ok();
}

void ScatterModel::Fill(int64_t index, StepShapes* out) const {
  const ScatterStep step = scatter_.StepAt(index);
  Sums(index, &out->layers[kSumsLayer], &out->layers[kNumbersLayer]);
  Stamp(step, &out->layers[kStampLayer]);
  EquationShapes(step, &out->layers[kNumbersLayer]);
  out->description = Description(step);
}

void ScatterModel::Numbers() {
  double widest = fonts_->Advance("0", kFont);
  for (double v : scene_.input.data()) widest = std::max(widest, fonts_->Advance(Value(v), kFont));
  for (double v : scene_.kernel.data()) widest = std::max(widest, fonts_->Advance(Value(v), kFont));
  // The sums after every step bound the output's widths; the last is the output.
  for (double v : schedule_.output().data()) {
    widest = std::max(widest, fonts_->Advance(FormatShown(v, decimals_), kFont));
  }
  for (int64_t n = 0; n < scatter_.step_count(); ++n) {
    for (const ScatterTap& tap : scatter_.StepAt(n).taps) {
      widest = std::max(widest, fonts_->Advance(FormatShown(tap.product, decimals_), kFont));
    }
  }
  cell_ = std::max({kMinFlatCell, std::ceil(widest + 2 * kCellPadding), requested_cell_});
}

std::string ScatterModel::InputLabel(int channel) const {
  return words_.Say(scene_.in_channels > 1 ? "scatter.input_channel" : "scatter.input",
                    {{"channel", std::to_string(channel)},
                     {"size", Size(scene_.input_size[0], scene_.input_size[1])}});
}

std::string ScatterModel::KernelLabel(int in_channel, int out_channel) const {
  const bool indexed = scene_.in_channels > 1 || scene_.out_channels > 1;
  // The scatter view indexes kernels [in, out], as it walks the input.
  return words_.Say(indexed ? "scatter.kernel_channels" : "label.kernel",
                    {{"in", std::to_string(in_channel)},
                     {"out", std::to_string(out_channel)},
                     {"size", Size(scene_.kernel_size[0], scene_.kernel_size[1])}});
}

std::string ScatterModel::OutputLabel(int channel) const {
  const Pair full = scatter_.full_size(), o = scatter_.output_size();
  std::string label =
      words_.Say(scene_.out_channels > 1 ? "label.output_channel" : "label.output",
                 {{"channel", std::to_string(channel)}, {"size", Size(o[0], o[1])}});
  if (full != o) label += words_.Say("scatter.of_the_full", {{"size", Size(full[0], full[1])}});
  return label;
}

void ScatterModel::Layout() {
  const double c = cell_, label = kLineHeight * kFont;
  double y = label, x = 0.0;
  // Row 1: the input channels, then each channel's kernels.
  for (int ch = 0; ch < scene_.in_channels; ++ch) {
    inputs_.push_back(FlatPanel(x, y, scene_.input_size[0], scene_.input_size[1], c));
    x += std::max(scene_.input_size[1] * c, fonts_->Advance(InputLabel(ch), kFont)) + kGap;
  }
  const int out_per_group = scene_.out_channels / scene_.groups;
  for (int ch = 0; ch < scene_.in_channels; ++ch) {
    for (int j = 0; j < out_per_group; ++j) {
      kernels_.push_back(FlatPanel(x, y, scene_.kernel_size[0], scene_.kernel_size[1], c));
      x += std::max(scene_.kernel_size[1] * c, fonts_->Advance(KernelLabel(ch, j), kFont)) + kGap;
    }
  }
  double row_bottom = y + std::max(scene_.input_size[0], scene_.kernel_size[0]) * c;
  width_ = x - kGap;
  // Row 2: the full output of each output channel, and the overlap map.
  y = row_bottom + kGap + label;
  x = 0.0;
  const Pair full = scatter_.full_size();
  for (int j = 0; j < scene_.out_channels; ++j) {
    outputs_.push_back(FlatPanel(x, y, full[0], full[1], c));
    x += std::max(full[1] * c, fonts_->Advance(OutputLabel(j), kFont)) + kGap;
  }
  if (scene_.style.overlap) {
    const Pair o = scatter_.output_size();
    overlap_ = FlatPanel(x, y, o[0], o[1], c);
    has_overlap_ = true;
    x += std::max(o[1] * c, fonts_->Advance(words_.Say("scatter.copies_label"), kFont)) + kGap;
  }
  width_ = std::max(width_, x - kGap);
  y += full[0] * c + kGap;
  if (slide_) {
    FinishSlide(width_, y - kGap);
    return;
  }
  const double line = kLineHeight * kFont;
  // The page: the text under the grids, or beside them when that makes it landscape; rows
  // of the steps' equations that do not wrap (sentences) bound the column's width.
  double widest = kMinTextWidth;
  LayoutText(kMinTextWidth);
  for (int64_t n = 0; n < scatter_.step_count(); ++n) {
    for (const std::string& row : EquationRows(scatter_.StepAt(n)))
      widest = std::max(widest, fonts_->Advance(row, kFont));
  }
  const double beside =
      !landscape_
          ? 0.0
          : PageTextBeside(
                width_, y - kGap, std::max(width_, kMinTextWidth),
                [this, line](double width) {
                  LayoutText(width);
                  return equation_lines_ * line + kGap / 2 +
                         static_cast<double>(parameters_.size()) * line + kGap / 2 +
                         legend_rows_ * line;
                },
                [this](double width) { return TitleHeight(*fonts_, scene_.style.title, width); },
                widest);
  const double grids_w = width_;
  LayoutText(beside > 0 ? beside : std::max(width_, kMinTextWidth));
  if (beside > 0 && !scene_.style.title.empty()) {
    title_ = Wrap(*fonts_, scene_.style.title, kTitleFont, grids_w + kGap + beside);
  }
  // Stack the blocks.
  const double title_h = static_cast<double>(title_.size()) * kLineHeight * kTitleFont;
  const double top = kMargin + title_h + (title_.empty() ? 0.0 : kGap / 2);
  PlaceGrids({kMargin, top});
  if (beside > 0) text_x_ = kMargin + grids_w + kGap;
  equation_y_ = beside > 0 ? top : top + y;
  parameters_y_ = equation_y_ + equation_lines_ * line + kGap / 2;
  legend_y_ = parameters_y_ + static_cast<double>(parameters_.size()) * line + kGap / 2;
  if (beside > 0) {
    width_ = std::ceil(grids_w + kGap + beside + 2 * kMargin);
    height_ = std::ceil(std::max(top + y - kGap, legend_y_ + legend_rows_ * line) + kMargin);
    return;
  }
  width_ = std::ceil(std::max(width_, text_width_) + 2 * kMargin);
  height_ = std::ceil(legend_y_ + legend_rows_ * line + kMargin);
}

void ScatterModel::PlaceGrids(Point at) {
  for (Panel& p : inputs_) p = Shifted(p, at.x, at.y);
  for (Panel& p : kernels_) p = Shifted(p, at.x, at.y);
  for (Panel& p : outputs_) p = Shifted(p, at.x, at.y);
  if (has_overlap_) overlap_ = Shifted(overlap_, at.x, at.y);
}

void ScatterModel::LayoutText(double width) {
  text_width_ = width;
  title_.clear();
  legend_ = Legend();
  const Pair full = scatter_.full_size();
  if (!scene_.style.title.empty())
    title_ = Wrap(*fonts_, scene_.style.title, kTitleFont, text_width_);
  // The description lines of the longest step: steps near the border lose copies to the
  // cropping, inner ones list more cells (every step up to 1024, else a spread of them).
  equation_lines_ = 0;
  const int64_t steps = scatter_.step_count();
  const int64_t stride = std::max<int64_t>(1, steps / 1024);
  for (int64_t n = 0; n < steps; n += stride) {
    equation_lines_ =
        std::max(equation_lines_, static_cast<int>(EquationRows(scatter_.StepAt(n)).size()));
  }
  if (steps > 0) {
    equation_lines_ = std::max(equation_lines_,
                               static_cast<int>(EquationRows(scatter_.StepAt(steps - 1)).size()));
  }
  parameters_ = {};
  for (const std::string& line : ParameterLines(scene_, schedule_, words_, /*equivalent=*/false)) {
    for (const std::string& piece : Wrap(*fonts_, line, kFont, text_width_))
      parameters_.push_back(piece);
  }
  for (const std::string& piece :
       Wrap(*fonts_, words_.Say("scatter.full_output"), kFont, text_width_)) {
    parameters_.push_back(piece);
  }
  legend_.Add({Role::kInputCell, false, Role::kCount, words_.Say("legend.input")});
  legend_.Add({Role::kKernelCell, false, Role::kCount, words_.Say("legend.kernel_weight")});
  legend_.Add({Role::kTap, false, Role::kWindowOutline, words_.Say("scatter.legend.lands")});
  legend_.Add({Role::kOutputCell, false, Role::kCount, words_.Say("scatter.legend.sums")});
  if (full != scatter_.output_size()) {
    legend_.Add({Role::kOutsideCell, true, Role::kCount, words_.Say("scatter.legend.cropped")});
  }
  if (has_overlap_) {
    legend_.Add({Role::kHighlight, false, Role::kCount, words_.Say("scatter.legend.copies")});
  }
  legend_rows_ = legend_.Layout(*fonts_, text_width_);
}

}  // namespace scatter_view

Status BuildScatterAnimation(const Scene& scene, const Schedule& schedule,
                             const SceneModelOptions& options, std::shared_ptr<const Fonts> fonts,
                             Animation* animation) {
  auto model =
      std::make_shared<scatter_view::ScatterModel>(scene, schedule, options, std::move(fonts));
  Status status = model->Build(animation);
  if (!status.ok()) return status;
  animation->steps = model;
  return Status::Ok();
}

}  // namespace convanim
