// The teaching style with several output channels (flat views): the step's kernel slices
// and the output channel they fill, framed and joined by a connector, so that the slices
// for output 1 are not read as belonging to the output beside them.
#include <algorithm>
#include <string>
#include <vector>

#include "renderer/grid_shapes.h"
#include "renderer/teaching_view.h"

namespace convanim {
namespace teaching_view {

namespace {

constexpr double kUnitPad = 6.0;  // between a frame and what it frames

void Frame(const Box& box, PathBuilder* path) {
  path->MoveTo({box.x0, box.y0});
  path->LineTo({box.x1, box.y0});
  path->LineTo({box.x1, box.y1});
  path->LineTo({box.x0, box.y1});
  path->LineTo({box.x0, box.y0});
}

}  // namespace

void TeachingModel::UnitShapes(const Step& step, std::vector<Shape>* out) const {
  if (!flat_ || !HasKernelGrid() || OutputPanels() < 2) return;
  Box slices;
  for (int ch = 0; ch < InputPanels() && ch < static_cast<int>(kernels_.size()); ++ch) {
    if (!SliceUsed(step.out_channel, ch)) continue;
    const Panel& slice = kernels_[static_cast<std::size_t>(ch)];
    slices.AddBox(LabelledBox(slice, KernelLabel(step.out_channel, ch)));
    if (DrawsWrittenKernel()) {  // the slice as written, right of the rotated one
      const Box grid = slice.Bounds();
      const Panel written =
          FlatPanel(grid.x0 + WrittenOffset(ch), grid.y0, KernelRows(), KernelCols(), number_cell_);
      slices.AddBox(LabelledBox(written, WrittenLabel(step.out_channel, ch)));
    }
    if (ShowsPartialSums()) {  // the partial sum under the slice belongs to the unit
      const Box grid = slice.Bounds();
      slices.Add({grid.x0 + sum_width_, grid.y1 + LabelHeight()});
    }
  }
  const std::size_t o = static_cast<std::size_t>(step.out_channel);
  if (slices.empty() || o >= outputs_.size()) return;
  Box output = LabelledBox(outputs_[o], OutputLabel(step.out_channel));
  slices.Grow(kUnitPad);
  output.Grow(kUnitPad);
  PathBuilder path;
  Frame(slices, &path);
  Frame(output, &path);
  // The connector: from the slices' frame to the output's, where one is right of the other.
  // Other outputs of a row between them: the connector goes under them (an elbow from the
  // frame's lower right corner up into the output's frame) instead of through them.
  double under = slices.y1;
  bool blocked = false;
  for (std::size_t j = 0; j < outputs_.size(); ++j) {
    Box other = LabelledBox(outputs_[j], OutputLabel(static_cast<int>(j)));
    other.Grow(kUnitPad);
    if (j != o && other.x0 > slices.x1 && other.x1 < output.x0) {
      blocked = blocked || (other.y0 < std::max(slices.cy(), output.cy()) &&
                            other.y1 > std::min(slices.cy(), output.cy()));
      under = std::max(under, other.y1 + kUnitPad);
    }
  }
  if (slices.x1 < output.x0 && blocked) {
    under = std::max(under, output.y1 + kUnitPad);
    path.MoveTo({slices.x1, slices.y1});
    if (under > slices.y1) path.LineTo({slices.x1, under});
    path.LineTo({output.cx(), under});
    path.LineTo({output.cx(), output.y1});
  } else if (slices.x1 < output.x0) {
    path.MoveTo({slices.x1, slices.cy()});
    path.LineTo({output.x0, output.cy()});
  } else if (slices.y1 < output.y0) {
    path.MoveTo({slices.cx(), slices.y1});
    path.LineTo({output.cx(), output.y0});
  }
  Stroke stroke;
  stroke.width = 1.5;
  stroke.cap = LineCap::kRound;
  out->push_back(path.Stroked(Role::kConnector, "unit", stroke));
}

void TeachingModel::MeasurePartialSums() {
  sum_width_ = 0.0;
  if (!ShowsPartialSums()) return;
  for (int64_t n = 0; n < schedule_.step_count(); ++n) {
    const Step step = schedule_.StepAt(n);
    for (std::size_t k = 0; k < step.channel_sums.size(); ++k)
      sum_width_ = std::max(sum_width_, fonts_->Advance(PartialSumText(step, k), kFont));
  }
}

void TeachingModel::PartialSumShapes(const Step& step, std::vector<Shape>* out) const {
  if (!ShowsPartialSums()) return;
  // channel_sums follows the taps' channel order: the k-th run of taps is the k-th sum.
  std::size_t k = 0;
  for (std::size_t t = 0; t < step.taps.size() && k < step.channel_sums.size(); ++k) {
    const int ch = step.taps[t].in_channel;
    while (t < step.taps.size() && step.taps[t].in_channel == ch) ++t;
    if (ch < 0 || ch >= static_cast<int>(kernels_.size())) continue;
    const Box grid = kernels_[static_cast<std::size_t>(ch)].Bounds();
    out->push_back(Text(Role::kEquation, Id("partial_sum", {ch}), PartialSumText(step, k), grid.x0,
                        grid.y1 + 1.1 * kFont, kFont, TextAnchor::kStart,
                        TextBaseline::kAlphabetic));
  }
}

}  // namespace teaching_view
}  // namespace convanim
