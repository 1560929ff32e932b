// The teaching style's text blocks: title, the step's equation, parameters and the legend.
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
#include "renderer/teaching_model.h"
#include "renderer/teaching_text.h"
#include "renderer/teaching_view.h"
#include "renderer/words.h"

namespace convanim {
namespace teaching_view {

double TeachingModel::PageTextWidth() const {
  double width = std::max(picture_.width(), kMinTextWidth);
  if (matrix_) width = std::max(width, matrix_->width());
  return width;
}

void TeachingModel::LayoutText(double width) {
  text_width_ = width;
  title_lines_.clear();
  parameter_lines_.clear();
  legend_ = teaching::Legend();
  if (!scene_.style.title.empty()) {
    title_lines_ = Wrap(scene_.style.title, kTitleFont, text_width_);
  }
  // The equation block holds the most lines any step needs.
  int most = 1;
  const int64_t count = schedule_.step_count();
  // Every step's equation has the same shape; a few steps bound the line count
  // (wrapping depends on the numbers' widths).
  for (int64_t n : {int64_t{0}, count / 2, count - 1}) {
    if (n < 0 || n >= count) continue;
    most = std::max(most, static_cast<int>(EquationRows(schedule_.StepAt(n)).size()));
  }
  equation_lines_ = equation_ ? most : 0;
  for (const std::string& line : ParameterLines(scene_, schedule_, words_)) {
    for (const std::string& piece : Wrap(line, kFont, text_width_))
      parameter_lines_.push_back(piece);
  }
  BuildLegend();
}

std::vector<std::string> TeachingModel::EquationRows(const Step& step) const {
  EquationOptions options;
  options.decimals = decimals_;
  options.value_decimals = scene_.style.value_decimals;
  options.words = &words_;
  bool rounded = false;
  std::vector<std::string> rows;
  std::vector<EquationLine> lines;
  // The matrix view of a transposed convolution reads its equation from the row of Cᵀ.
  if (!matrix_ || !matrix_->RowEquation(step, options, &lines))
    lines = StepEquation(scene_, schedule_, step, options, &rounded);
  for (const EquationLine& line : lines) {
    std::string row;
    for (const std::string& term : line.terms) {
      const std::string candidate = row.empty() ? term : row + " " + term;
      if (!row.empty() && fonts_->Advance(candidate, kFont) > text_width_) {
        rows.push_back(row);
        row = "    " + term;
      } else {
        row = candidate;
      }
    }
    rows.push_back(row);
  }
  return rows;
}

void TeachingModel::BuildLegend() {
  const Canvas& canvas = schedule_.canvas();
  bool padding = false, zeros = false, outside = false, added = false;
  for (int r = 0; r < canvas.rows.length; ++r) {
    for (int c = 0; c < canvas.cols.length; ++c) {
      const CellKind kind = canvas.KindAt(r, c);
      padding = padding || kind == CellKind::kPadding;
      zeros = zeros || kind == CellKind::kInsertedZero;
      outside = outside || kind == CellKind::kOutside;
      added = added || canvas.OutputPaddingAt(r, c);
    }
  }
  legend_.Add({Role::kInputCell, false, Role::kCount, words_.Say("legend.input")});
  if (padding) {
    const char* key = "legend.padding_zeros";
    if (scene_.operation == Operation::kMaxPooling) key = "legend.padding_ignored_by_max";
    if (scene_.operation == Operation::kAveragePooling && !scene_.count_include_pad) {
      key = "legend.padding_not_counted";
    }
    if (scene_.operation == Operation::kAveragePooling && scene_.count_include_pad) {
      key = "legend.padding_counted";
    }
    legend_.Add({Role::kPaddingCell, true, Role::kCount, words_.Say(key)});
  }
  if (added) {
    legend_.Add(
        {Role::kPaddingCell, true, Role::kOutputPadding, words_.Say("legend.output_padding")});
  }
  if (zeros)
    legend_.Add({Role::kInsertedZero, false, Role::kCount, words_.Say("legend.inserted_zero")});
  if (outside) legend_.Add({Role::kOutsideCell, true, Role::kCount, words_.Say("legend.outside")});
  if (AnyUnreachedPadding()) {
    legend_.Add({Role::kUnusedPadding, true, Role::kCount, words_.Say("legend.padding_unreached")});
  }
  legend_.Add({Role::kTap, false, Role::kWindowOutline,
               words_.Say(pooling_ ? "legend.pooling_window" : "legend.kernel_window")});
  if (scene_.operation == Operation::kMaxPooling) {
    legend_.Add({Role::kTap, false, Role::kSelected, words_.Say("legend.maximum")});
  }
  if (HasKernelGrid())
    legend_.Add({Role::kKernelCell, false, Role::kCount, words_.Say("legend.kernel_weight")});
  std::vector<std::string> groups_lines;
  if (HasKernelGrid() && scene_.groups > 1) {
    const std::string text = words_.Say(
        transposed_ ? "legend.groups_transposed" : "legend.groups",
        {{"groups", std::to_string(scene_.groups)}, {"per_group", std::to_string(InPerGroup())}});
    groups_lines = Wrap(text, kFont, text_width_);
  }
  legend_.Add({Role::kOutputCell, false, Role::kCount,
               words_.Say(progressive_ ? "legend.output_computed" : "legend.output")});
  if (progressive_ && schedule_.step_count() > 1) {
    legend_.Add({Role::kPendingCell, false, Role::kCount, words_.Say("legend.pending")});
  }
  if (!scene_.bias.empty()) {
    std::string values;
    bool rounded = false;
    for (double b : scene_.bias.data())
      values +=
          (values.empty() ? "" : ", ") + FormatValue(b, scene_.style.value_decimals, &rounded);
    const std::string text =
        words_.Say("legend.bias",
                   {{"values", values}, {"module", transposed_ ? "ConvTranspose2d" : "Conv2d"}});
    for (const std::string& line : Wrap(text, kFont, text_width_)) groups_lines.push_back(line);
  }
  for (const std::string& line : groups_lines) {
    LegendItem item{Role::kBackground, false, Role::kCount, line};
    item.swatch = false;
    legend_.Add(std::move(item));
  }
  legend_rows_ = legend_.Layout(*fonts_, text_width_);
}

void TeachingModel::TextShapes(std::vector<Shape>* out) const {
  double y = title_y_;
  for (std::size_t i = 0; i < title_lines_.size(); ++i) {
    y += kLineHeight * kTitleFont;
    out->push_back(Text(Role::kTitle, Id("title", {static_cast<int64_t>(i)}), title_lines_[i],
                        title_x_, y - 0.3 * kTitleFont, kTitleFont, TextAnchor::kStart,
                        TextBaseline::kAlphabetic));
  }
  const double line = kLineHeight * kFont;
  for (std::size_t i = 0; i < parameter_lines_.size(); ++i) {
    out->push_back(Text(Role::kLegend, Id("parameters", {static_cast<int64_t>(i)}),
                        parameter_lines_[i], text_x_,
                        parameters_y_ + static_cast<double>(i + 1) * line - 0.35 * kFont, kFont,
                        TextAnchor::kStart, TextBaseline::kAlphabetic));
  }
  legend_.Shapes(text_x_, legend_y_, out);
}

void TeachingModel::EquationShapes(const Step& step, std::vector<Shape>* out) const {
  const double line = kLineHeight * kFont;
  const std::vector<std::string> rows = EquationRows(step);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    out->push_back(Text(Role::kEquation, Id("equation", {static_cast<int64_t>(i)}), rows[i],
                        text_x_, equation_y_ + static_cast<double>(i + 1) * line - 0.35 * kFont,
                        kFont, TextAnchor::kStart, TextBaseline::kAlphabetic));
  }
}

}  // namespace teaching_view
}  // namespace convanim

namespace convanim {
namespace teaching_view {

// Whether some padding cell is reached by no window (core says which).
bool TeachingModel::AnyUnreachedPadding() const {
  const Canvas& canvas = schedule_.canvas();
  for (int r = 0; r < canvas.rows.length; ++r) {
    for (int c = 0; c < canvas.cols.length; ++c) {
      if (canvas.KindAt(r, c) == CellKind::kPadding && !schedule_.Reached(r, c)) return true;
    }
  }
  return false;
}

}  // namespace teaching_view
}  // namespace convanim
