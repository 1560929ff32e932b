// The teaching style (renderer/teaching_model.h): every frame says what is input, kernel
// and output, shows the kernel's weights, the step's equation with its numbers, the
// outputs computed so far, the parameters with the output-size formula, and a legend of
// the cell kinds it draws. Here: the build, the limits, the numbers' texts, each step.
#include "renderer/teaching_model.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "renderer/describe.h"
#include "renderer/fonts.h"
#include "renderer/grid_shapes.h"
#include "renderer/layout.h"
#include "renderer/matrix_block.h"
#include "renderer/numbers.h"
#include "renderer/teaching_blocks.h"
#include "renderer/teaching_text.h"
#include "renderer/teaching_view.h"
#include "renderer/words.h"

namespace convanim {
namespace teaching_view {

Status TeachingModel::Build(Animation* animation) {
  Status status = CheckLimits();
  if (!status.ok()) return status;
  PrepareNumbers();
  MeasurePartialSums();
  if (scene_.view == View::kMatrix) {
    status = MatrixBlock::Create(scene_, schedule_, *fonts_, words_, decimals_,
                                 scene_.style.value_decimals, &matrix_);
    if (!status.ok()) return status;
  }
  LayoutGrids();
  LayoutText(PageTextWidth());
  if (slide_) {
    FinishSlide();
  } else {
    FinishPage();
  }
  animation->width = width_;
  animation->height = height_;
  animation->cell_size = cell_;
  // Values sit above the window's tint (so they keep their contrast) and below its
  // outline.
  animation->layers = {{"input", false, {}},  {"taps", true, {}},       {"values", false, {}},
                       {"window", true, {}},  {"connectors", true, {}}, {"output", false, {}},
                       {"current", true, {}}, {"text", false, {}},      {"equation", true, {}}};
  static_assert(kEquationLayer == 8, "one LayerIndex per layer, in order");
  InputShapes(&animation->layers[kInputLayer].shapes, &animation->layers[kValuesLayer].shapes);
  OutputShapes(&animation->layers[kOutputLayer].shapes);
  TextShapes(&animation->layers[kTextLayer].shapes);
  if (matrix_)
    matrix_->SharedShapes(matrix_x_, matrix_y_, progressive_,
                          &animation->layers[kValuesLayer].shapes);
  if (rounded_) {
    animation->notes.push_back(
        "some input values or weights are drawn rounded, marked with \xE2\x89\x88 (at most " +
        std::to_string(kMaxSignificantDigits) +
        " significant digits; set style.value_decimals to choose)");
  }
  if (!equation_ && scene_.style.equation < 0) {
    animation->notes.push_back("the equation of each step is left out: a step shows for " +
                               FormatCompact(scene_.style.frame_duration) +
                               " s, too short to read it (set "
                               "style.equation: true to show it, or a frame_duration of at least " +
                               FormatCompact(kMinEquationSeconds) + " s)");
  }
  if (grew_cell_) {
    animation->notes.push_back("cells are " + FormatFixed(cell_, 0) + " px, not the " +
                               FormatFixed(requested_cell_, 0) +
                               " px asked for, so that every number fits");
  }
  return Status::Ok();
}

void TeachingModel::Fill(int64_t index, StepShapes* out) const {
  const Step step = schedule_.StepAt(index);
  WindowShapes(step, &out->layers[kTapsLayer], &out->layers[kWindowLayer]);
  if (!flat_) ConnectorShapes(step, &out->layers[kConnectorsLayer]);
  UnitShapes(step, &out->layers[kConnectorsLayer]);
  PartialSumShapes(step, &out->layers[kEquationLayer]);
  CurrentShapes(step, &out->layers[kCurrentLayer]);
  if (equation_) EquationShapes(step, &out->layers[kEquationLayer]);
  if (matrix_) {
    std::vector<Shape> shapes;
    matrix_->StepShapes(matrix_x_, matrix_y_, step, progressive_, &shapes);
    for (Shape& shape : shapes) {
      // Drawn whole, the step's tints go under the values and its outlines over them;
      // a window of the matrix is drawn whole each step, on top.
      const std::size_t layer = !matrix_->whole() ? 8 : shape.role == Role::kTap ? 1 : 6;
      out->layers[layer].push_back(std::move(shape));
    }
  }
  out->description = StepDescription(scene_, schedule_, step, decimals_, words_);
}

Status TeachingModel::CheckLimits() const {
  if (flat_ && scene_.in_channels > kMaxFlatChannels) {
    return Status::InvalidScene(
        "the numerical view draws every input channel side by side, at most " +
        std::to_string(kMaxFlatChannels) + "; this scene has " +
        std::to_string(scene_.in_channels) + " (use view: arithmetic)");
  }
  if (flat_ && schedule_.output_channels() > kMaxFlatChannels) {
    return Status::InvalidScene("the numerical view draws every output channel, at most " +
                                std::to_string(kMaxFlatChannels) + "; this scene has " +
                                std::to_string(schedule_.output_channels()) +
                                " (use view: arithmetic)");
  }
  return Status::Ok();
}

void TeachingModel::PrepareNumbers() {
  double widest = fonts_->Advance("0", kFont);
  if (flat_) {
    for (std::size_t i = 0; i < scene_.input.size(); ++i) {
      widest = std::max(widest, fonts_->Advance(Value(scene_.input.data()[i]), kFont));
    }
    // An output written with "≈" may use part of its cell's padding, so that the sign
    // alone does not widen every cell (and push the layout from a row into a stack).
    const Tensor& output = schedule_.output();
    for (std::size_t i = 0; i < output.size(); ++i) {
      const double shown = fonts_->Advance(FormatShown(output.data()[i], decimals_), kFont);
      const double plain = fonts_->Advance(FormatFixed(output.data()[i], decimals_), kFont);
      widest = std::max({widest, plain, shown - kCellPadding});
    }
  }
  for (std::size_t i = 0; i < scene_.kernel.size(); ++i) {
    widest = std::max(widest, fonts_->Advance(Value(scene_.kernel.data()[i]), kFont));
  }
  const double needed = std::min(kMaxFlatCell, std::ceil(widest + 2 * kCellPadding));
  number_cell_ = std::max(kMinFlatCell, needed);
  cell_ = number_cell_;
  if (requested_cell_ > 0) {
    if (flat_ && requested_cell_ < number_cell_) {
      grew_cell_ = true;
    } else {
      cell_ = requested_cell_;
    }
  }
  cell_ = std::round(cell_);
  number_cell_ = std::max(number_cell_, cell_);
}

}  // namespace teaching_view

Status BuildTeachingAnimation(const Scene& scene, const Schedule& schedule,
                              const SceneModelOptions& options, std::shared_ptr<const Fonts> fonts,
                              Animation* animation) {
  auto model = std::make_shared<teaching_view::TeachingModel>(scene, schedule, options, fonts);
  Status status = model->Build(animation);
  if (!status.ok()) return status;
  animation->steps = model;
  return Status::Ok();
}

}  // namespace convanim
