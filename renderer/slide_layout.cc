// style.layout: slide (renderer/slide_layout.h): the plan, and its use by the teaching
// style (numerical, matrix and arithmetic views).
#include "renderer/slide_layout.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "renderer/scatter_view.h"
#include "renderer/teaching_view.h"

namespace convanim {
namespace teaching {

namespace {

// A plan's canvas: the content with its margins, padded to 16:9.
void Pad(double content_width, double content_height, SlidePlan* plan) {
  const double w = content_width + 2 * kMargin, h = content_height + 2 * kMargin;
  double width = std::ceil(std::max(w, h * kSlideRatio));
  double height = std::round(width / kSlideRatio);
  if (height < h) {
    height = std::ceil(h);
    width = std::round(height * kSlideRatio);
  }
  plan->width = width;
  plan->height = height;
  const Point origin{std::floor((width - w) / 2.0) + kMargin,
                     std::floor((height - h) / 2.0) + kMargin};
  plan->title = origin;
  plan->grids = plan->text = origin;
}

}  // namespace

SlidePlan PlanSlide(double grids_width, double grids_height,
                    const std::function<double(double)>& text_height,
                    const std::function<double(double)>& title_height, double min_text_width) {
  // Beside: a text column from kMinTextWidth to kMaxSlideTextWidth wide. Under: as wide as
  // the grids (at least kMinTextWidth).
  std::vector<SlidePlan> plans;
  const double narrowest = std::ceil(std::max(kMinTextWidth, min_text_width));
  for (double t = narrowest; t <= std::max(narrowest, kMaxSlideTextWidth); t += 20.0) {
    SlidePlan plan;
    plan.beside = true;
    plan.text_width = t;
    const double width = grids_width + kGap + t;
    plan.title_width = width;
    const double top = title_height(width);
    Pad(width, top + std::max(grids_height, text_height(t)), &plan);
    plan.grids.y += top;
    plan.text = {plan.grids.x + grids_width + kGap, plan.grids.y};
    plans.push_back(plan);
  }
  {
    SlidePlan plan;
    plan.beside = false;
    plan.text_width = std::max(grids_width, narrowest);
    plan.title_width = plan.text_width;
    const double top = title_height(plan.text_width);
    Pad(plan.text_width, top + grids_height + kGap + text_height(plan.text_width), &plan);
    plan.grids.y += top;
    plan.text.y = plan.grids.y + grids_height + kGap;
    plans.push_back(plan);
  }
  // Text under the grids only when that slide is much smaller (its text reads larger).
  const auto area = [](const SlidePlan& p) { return p.width * p.height * (p.beside ? 0.8 : 1.0); };
  return *std::min_element(plans.begin(), plans.end(), [&](const SlidePlan& a, const SlidePlan& b) {
    return area(a) < area(b);
  });
}

}  // namespace teaching

namespace teaching_view {

double TeachingModel::TextHeight() const {
  const double line = kLineHeight * kFont;
  return equation_lines_ * line + kGap / 2.0 + static_cast<double>(parameter_lines_.size()) * line +
         kGap / 2.0 + legend_rows_ * line;
}

bool TeachingModel::LayoutChannelsSideBySide() {
  const double c = cell_, label = LabelHeight();
  const double in_w = CanvasCols() * c, in_h = CanvasRows() * c;
  const double out_w = OutCols() * c, out_h = OutRows() * c;
  const int channels = InputPanels(), outs = OutputPanels();
  std::vector<double> columns;
  double width = 0.0;
  for (int ch = 0; ch < channels; ++ch) {
    double column = ColumnWidth(in_w, InputLabel(ch));
    if (HasKernelGrid()) column = std::max(column, SliceColumnWidth(ch));
    columns.push_back(column);
    width += column + kGap;
  }
  double out_col = 0.0;
  for (int j = 0; j < outs; ++j) out_col = std::max(out_col, ColumnWidth(out_w, OutputLabel(j)));
  if (width + out_col > kMaxSlideRowWidth) return false;
  stacked_ = false;
  const double k_top = label + in_h + kGap + label;
  double x = 0.0;
  for (int ch = 0; ch < channels; ++ch) {
    inputs_.push_back(FlatPanel(x, label, CanvasRows(), CanvasCols(), c));
    if (HasKernelGrid()) {
      kernels_.push_back(FlatPanel(x, k_top, KernelRows(), KernelCols(), number_cell_));
    }
    x += columns[static_cast<std::size_t>(ch)] + kGap;
  }
  const double height = HasKernelGrid() ? k_top + KernelRows() * number_cell_ : label + in_h;
  const double outs_h = outs * (out_h + label) + (outs - 1) * kGap;
  double oy = std::max(0.0, (height - outs_h) / 2.0);
  for (int j = 0; j < outs; ++j) {
    outputs_.push_back(FlatPanel(x, oy + label, OutRows(), OutCols(), c));
    oy += out_h + label + kGap;
  }
  return true;
}

void TeachingModel::FinishSlide() {
  const double grids_width = std::max(picture_.width(), matrix_ ? matrix_->width() : 0.0);
  const double grids_height = picture_.height() + (matrix_ ? kGap + matrix_->height() : 0.0);
  const auto text_height = [this](double width) {
    LayoutText(width);
    return TextHeight();
  };
  const auto title_height = [this](double width) {
    if (scene_.style.title.empty()) return 0.0;
    return static_cast<double>(Wrap(scene_.style.title, kTitleFont, width).size()) * kLineHeight *
               kTitleFont +
           kGap / 2.0;
  };
  const SlidePlan plan = PlanSlide(grids_width, grids_height, text_height, title_height);
  LayoutText(plan.text_width);
  if (!scene_.style.title.empty()) {
    title_lines_ = Wrap(scene_.style.title, kTitleFont, plan.title_width);
  }
  title_x_ = plan.title.x;
  title_y_ = plan.title.y;
  PlacePicture(plan.grids);
  matrix_x_ = plan.grids.x;
  matrix_y_ = plan.grids.y + picture_.height() + kGap;
  const double line = kLineHeight * kFont;
  text_x_ = plan.text.x;
  equation_y_ = plan.text.y;
  parameters_y_ = equation_y_ + equation_lines_ * line + kGap / 2.0;
  legend_y_ = parameters_y_ + static_cast<double>(parameter_lines_.size()) * line + kGap / 2.0;
  width_ = plan.width;
  height_ = plan.height;
}

}  // namespace teaching_view

namespace scatter_view {

void ScatterModel::FinishSlide(double grids_width, double grids_height) {
  const double line = kLineHeight * kFont;
  const auto text_height = [this, line](double width) {
    LayoutText(width);
    return equation_lines_ * line + kGap / 2 + static_cast<double>(parameters_.size()) * line +
           kGap / 2 + legend_rows_ * line;
  };
  const auto title_height = [this](double width) {
    if (scene_.style.title.empty()) return 0.0;
    return static_cast<double>(Wrap(*fonts_, scene_.style.title, kTitleFont, width).size()) *
               kLineHeight * kTitleFont +
           kGap / 2.0;
  };
  // Rows of the steps' equations that do not wrap (sentences) bound the text's width.
  double widest = kMinTextWidth;
  LayoutText(kMinTextWidth);
  for (int64_t n = 0; n < scatter_.step_count(); ++n) {
    for (const std::string& row : EquationRows(scatter_.StepAt(n)))
      widest = std::max(widest, fonts_->Advance(row, kFont));
  }
  const SlidePlan plan = PlanSlide(grids_width, grids_height, text_height, title_height, widest);
  LayoutText(plan.text_width);
  if (!scene_.style.title.empty()) {
    title_ = Wrap(*fonts_, scene_.style.title, kTitleFont, plan.title_width);
  }
  title_x_ = plan.title.x;
  title_y_ = plan.title.y;
  PlaceGrids(plan.grids);
  text_x_ = plan.text.x;
  equation_y_ = plan.text.y;
  parameters_y_ = equation_y_ + equation_lines_ * line + kGap / 2;
  legend_y_ = parameters_y_ + static_cast<double>(parameters_.size()) * line + kGap / 2;
  width_ = plan.width;
  height_ = plan.height;
}

}  // namespace scatter_view
}  // namespace convanim
