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

double TitleHeight(const Fonts& fonts, const std::string& title, double width) {
  if (title.empty()) return 0.0;
  return static_cast<double>(Wrap(fonts, title, kTitleFont, width).size()) * kLineHeight *
             kTitleFont +
         kGap / 2.0;
}

double PageTextBeside(double grids_width, double grids_height, double under_text_width,
                      const std::function<double(double)>& text_height,
                      const std::function<double(double)>& title_height, double min_text_width) {
  const double under_w = std::ceil(std::max(grids_width, under_text_width) + 2 * kMargin);
  const double under_h = std::ceil(title_height(under_text_width) + grids_height + kGap +
                                   text_height(under_text_width) + 2 * kMargin);
  if (under_w >= under_h) return 0.0;
  const auto better = [](double w, double h, double best_w, double best_h) {
    if ((w >= h) != (best_w >= best_h)) return w >= h;
    if (w >= h) return w * h < best_w * best_h;
    return w / h > best_w / best_h;
  };
  double best_w = under_w, best_h = under_h, best = 0.0;
  const double narrowest = std::ceil(std::max(kMinTextWidth, min_text_width));
  for (double t = narrowest; t <= std::max(narrowest, kMaxSlideTextWidth); t += 20.0) {
    const double w = std::ceil(grids_width + kGap + t + 2 * kMargin);
    if (w > kMaxPageWidth) break;
    const double h = std::ceil(title_height(w - 2 * kMargin) +
                               std::max(grids_height, text_height(t)) + 2 * kMargin);
    if (better(w, h, best_w, best_h)) {
      best_w = w;
      best_h = h;
      best = t;
    }
  }
  return best;
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
  double column = 0.0;  // every channel's column as wide as the widest
  for (int ch = 0; ch < channels; ++ch) {
    column = std::max(column, ColumnWidth(in_w, InputLabel(ch)));
    if (HasKernelGrid()) column = std::max(column, SliceColumnWidth(ch));
  }
  double out_col = 0.0;
  for (int j = 0; j < outs; ++j) out_col = std::max(out_col, ColumnWidth(out_w, OutputLabel(j)));
  // As many channels a row as fit beside the outputs; rows of equal length.
  const int fit = static_cast<int>((RowLimit() - out_col) / (column + kGap));
  if (fit < 2) return false;
  const int rows = (channels + fit - 1) / fit;
  const int per_row = (channels + rows - 1) / rows;
  stacked_ = false;
  const double k_top = label + in_h + kGap + label;
  const double row_h = (HasKernelGrid() ? k_top + SliceHeight() : label + in_h) + kGap;
  for (int ch = 0; ch < channels; ++ch) {
    const double x = (ch % per_row) * (column + kGap), y = (ch / per_row) * row_h;
    inputs_.push_back(FlatPanel(x, y + label, CanvasRows(), CanvasCols(), c));
    if (HasKernelGrid()) {
      kernels_.push_back(FlatPanel(x, y + k_top, KernelRows(), KernelCols(), number_cell_));
    }
  }
  const double x = per_row * (column + kGap);
  const double height = rows * row_h - kGap;
  const double outs_h = outs * (out_h + label) + (outs - 1) * kGap;
  double oy = std::max(0.0, (height - outs_h) / 2.0);
  for (int j = 0; j < outs; ++j) {
    outputs_.push_back(FlatPanel(x, oy + label, OutRows(), OutCols(), c));
    oy += out_h + label + kGap;
  }
  return true;
}

void TeachingModel::FinishSlide() {
  const auto text_height = [this](double width) {
    LayoutText(width);
    return TextHeight();
  };
  const auto title_height = [this](double width) {
    return teaching::TitleHeight(*fonts_, scene_.style.title, width);
  };
  // The matrix under the picture, or (view matrix, when that makes a smaller slide) to
  // its right.
  const double pw = picture_.width(), ph = picture_.height();
  const double mw = MatrixDrawnWidth();  // the matrix as drawn (its shapes' extent)
  SlidePlan plan = matrix_ ? PlanSlide(std::max(pw, mw), ph + kGap + matrix_->height(), text_height,
                                       title_height)
                           : PlanSlide(pw, ph, text_height, title_height);
  bool matrix_right = false;
  if (matrix_) {
    const SlidePlan right =
        PlanSlide(pw + kGap + mw, std::max(ph, matrix_->height()), text_height, title_height);
    if (right.width * right.height < plan.width * plan.height) {
      plan = right;
      matrix_right = true;
    }
  }
  LayoutText(plan.text_width);
  if (!scene_.style.title.empty()) {
    title_lines_ = Wrap(scene_.style.title, kTitleFont, plan.title_width);
  }
  title_x_ = plan.title.x;
  title_y_ = plan.title.y;
  PlacePicture(plan.grids);
  matrix_x_ = matrix_right ? plan.grids.x + pw + kGap : plan.grids.x;
  matrix_y_ = matrix_right ? plan.grids.y : plan.grids.y + ph + kGap;
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
    return teaching::TitleHeight(*fonts_, scene_.style.title, width);
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
