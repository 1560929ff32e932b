// The teaching style's page layout (style.layout: page, the default): landscape where a
// portrait is not needed. Today's arrangement (channels one under the other, the text under
// the grids) stays when it is already landscape, and always for the guide preset; otherwise
// the channels go side by side and/or the text beside the grids, whichever landscape picture
// of at most kMaxPageWidth is smallest.
#include <algorithm>
#include <cmath>
#include <vector>

#include "renderer/slide_layout.h"
#include "renderer/teaching_view.h"

namespace convanim {
namespace teaching_view {

namespace {

constexpr double kTextStep = 20.0;  // the text column's widths tried, this far apart

struct PageChoice {
  bool wide = false;    // channels side by side
  bool beside = false;  // the text right of the grids
  double text = 0.0;    // the text column's width (beside)
  double width = 0.0, height = 0.0;
  bool Landscape() const { return width >= height; }
};

// Landscape beats portrait; among landscape pictures the smaller area wins, among portraits
// the less tall one (the larger width/height ratio).
bool Better(const PageChoice& a, const PageChoice& b) {
  if (a.Landscape() != b.Landscape()) return a.Landscape();
  if (a.Landscape()) return a.width * a.height < b.width * b.height;
  return a.width / a.height > b.width / b.height;
}

}  // namespace

double TeachingModel::RowLimit() const {
  return slide_ ? kMaxSlideRowWidth : kMaxPageWidth - 2 * kMargin;
}

void TeachingModel::ResetLayout() {
  inputs_.clear();
  kernels_.clear();
  outputs_.clear();
  picture_ = Box();
  shift_ = {};
  stacked_ = false;
}

double TeachingModel::MatrixDrawnWidth() const {
  if (!matrix_) return 0.0;
  double width = 0.0;
  std::vector<Shape> shapes;
  matrix_->SharedShapes(0.0, 0.0, progressive_, &shapes);
  // A large matrix is drawn around each step's row: its width changes with the step.
  const int64_t count = schedule_.step_count(), stride = std::max<int64_t>(1, count / 64);
  for (int64_t n = 0; n < count; n += stride) {
    matrix_->StepShapes(0.0, 0.0, schedule_.StepAt(n), progressive_, &shapes);
  }
  matrix_->StepShapes(0.0, 0.0, schedule_.StepAt(count - 1), progressive_, &shapes);
  for (const Shape& shape : shapes) width = std::max(width, ShapeBounds(shape, fonts_.get()).x1);
  return width;
}

double TeachingModel::GridsWidth() const {
  return std::max(picture_.width(), matrix_ ? MatrixDrawnWidth() : 0.0);
}

double TeachingModel::GridsHeight() const {
  return picture_.height() + (matrix_ ? kGap + matrix_->height() : 0.0);
}

void TeachingModel::FinishPage() {
  Finish();
  if (!landscape_ || scene_.style.preset == Preset::kGuide || width_ >= height_) return;
  std::vector<PageChoice> choices;
  for (bool wide : {false, true}) {
    if (wide && InputPanels() < 2) continue;
    if (wide) {
      ResetLayout();
      wide_ = true;
      LayoutGrids();
    }
    LayoutText(PageTextWidth());
    Finish();
    choices.push_back({wide, false, 0.0, width_, height_});
    const double grids_w = GridsWidth(), grids_h = GridsHeight();
    for (double t = kMinTextWidth; t <= kMaxSlideTextWidth; t += kTextStep) {
      const double width = std::ceil(grids_w + kGap + t + 2 * kMargin);
      if (width > kMaxPageWidth) break;
      LayoutText(t);
      const double titles =
          scene_.style.title.empty()
              ? 0.0
              : static_cast<double>(
                    Wrap(scene_.style.title, kTitleFont, width - 2 * kMargin).size()) *
                        kLineHeight * kTitleFont +
                    kGap / 2.0;
      const double height = std::ceil(titles + std::max(grids_h, TextHeight()) + 2 * kMargin);
      choices.push_back({wide, true, t, width, height});
    }
  }
  const PageChoice best = *std::min_element(choices.begin(), choices.end(), Better);
  if (wide_ != best.wide) {
    ResetLayout();
    wide_ = best.wide;
    LayoutGrids();
  }
  if (best.beside) {
    FinishBeside(best.text);
  } else {
    LayoutText(PageTextWidth());
    Finish();
  }
}

void TeachingModel::FinishBeside(double text_width) {
  const double grids_w = GridsWidth(), grids_h = GridsHeight();
  LayoutText(text_width);
  const double width = std::ceil(grids_w + kGap + text_width + 2 * kMargin);
  title_lines_.clear();
  if (!scene_.style.title.empty()) {
    title_lines_ = Wrap(scene_.style.title, kTitleFont, width - 2 * kMargin);
  }
  const double line = kLineHeight * kFont;
  double y = kMargin;
  title_x_ = kMargin;
  title_y_ = y;
  y += static_cast<double>(title_lines_.size()) * kLineHeight * kTitleFont;
  if (!title_lines_.empty()) y += kGap / 2.0;
  const double ph = picture_.height();
  PlacePicture({kMargin, y});
  matrix_x_ = kMargin;
  matrix_y_ = y + ph + kGap;
  text_x_ = kMargin + grids_w + kGap;
  equation_y_ = y;
  parameters_y_ = equation_y_ + equation_lines_ * line + kGap / 2.0;
  legend_y_ = parameters_y_ + static_cast<double>(parameter_lines_.size()) * line + kGap / 2.0;
  width_ = width;
  height_ = std::ceil(y + std::max(grids_h, TextHeight()) + kMargin);
}

}  // namespace teaching_view
}  // namespace convanim
