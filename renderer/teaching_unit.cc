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
    slices.AddBox(
        LabelledBox(kernels_[static_cast<std::size_t>(ch)], KernelLabel(step.out_channel, ch)));
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
  if (slices.x1 < output.x0) {
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

}  // namespace teaching_view
}  // namespace convanim
