// views input_gradient and weight_gradient (renderer/gradient_model.h): the backward pass,
// one input cell or one weight a step, every product written out. Here: the build, the
// grids' placement and the picture's layout.
#include "renderer/gradient_model.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "core/backward.h"
#include "core/operations.h"
#include "renderer/fonts.h"
#include "renderer/gradient_view.h"
#include "renderer/grid_shapes.h"
#include "renderer/numbers.h"
#include "renderer/slide_layout.h"
#include "renderer/teaching_blocks.h"
#include "renderer/teaching_text.h"
#include "renderer/words.h"

namespace convanim {
namespace gradient_view {

Status GradientModel::Build(Animation* animation) {
  grad_output_ = GradOutputOf(scene_, schedule_.output_size());
  steps_ = weights_ ? WeightGradientSteps(scene_, grad_output_)
                    : InputGradientSteps(scene_, grad_output_);
  // A strided convolution's dL/dy is drawn with the stride's zeros between its cells.
  stretch_ = (!pooling_ && !transposed_) ? scene_.stride : Pair{1, 1};
  rotate_ = !weights_ && !pooling_ && !transposed_;
  Place();
  const std::string message_view = "view '" + std::string(ViewName(scene_.view)) + "'";
  if (static_cast<int>(placed_.size()) > kMaxGradientGrids) {
    return Status::InvalidScene(
        message_view + " draws at most " + std::to_string(kMaxGradientGrids) +
            " grids (channels and kernel slices); this scene has " + std::to_string(placed_.size()),
        scene_.where);
  }
  for (const Placed& p : placed_) {
    if (p.panel.rows > kMaxGradientSide || p.panel.cols > kMaxGradientSide) {
      return Status::InvalidScene(
          message_view + " draws grids of at most " + std::to_string(kMaxGradientSide) +
              " cells a side; this one has " + Size(p.panel.rows, p.panel.cols),
          scene_.where);
    }
  }
  Numbers();
  Layout();
  animation->width = width_;
  animation->height = height_;
  animation->cell_size = cell_;
  animation->step_count = static_cast<int64_t>(steps_.size());
  animation->layers = {{"grids", false, {}},  {"sums", true, {}},    {"reach", true, {}},
                       {"values", false, {}}, {"numbers", true, {}}, {"text", false, {}}};
  Shared(&animation->layers[0].shapes, &animation->layers[3].shapes, &animation->layers[5].shapes);
  if (rounded_) {
    animation->notes.push_back(
        "some input values, weights or gradients are drawn rounded, marked with \xE2\x89\x88");
  }
  return Status::Ok();
}

void GradientModel::Fill(int64_t index, StepShapes* out) const {
  const GradientStep& step = steps_[static_cast<std::size_t>(index)];
  Sums(index, &out->layers[1], &out->layers[4]);
  Reach(step, &out->layers[2]);
  const std::vector<std::string> rows = EquationRows(step);
  const double line = kLineHeight * kFont;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    out->layers[4].push_back(TextLine(Role::kEquation, Id("equation", {static_cast<int64_t>(i)}),
                                      rows[i], text_x_,
                                      equation_y_ + static_cast<double>(i) * line));
  }
  out->description = Description(step);
}

void GradientModel::Add(Grid grid, int index, int rows, int cols, const std::string& label) {
  placed_.push_back({grid, index, label, FlatPanel(0, 0, rows, cols, 1.0)});
}

void GradientModel::Place() {
  const Pair o = schedule_.output_size(), s = Stretched();
  const Pair& i = scene_.input_size;
  const Pair& k = scene_.kernel_size;
  const bool stretched = s != o;
  const std::string stride = scene_.stride[0] == scene_.stride[1]
                                 ? std::to_string(scene_.stride[0])
                                 : Size(scene_.stride[0], scene_.stride[1]);
  const auto grad_label = [&](int c) {
    WordArgs args = {
        {"channel", std::to_string(c)}, {"size", Size(o[0], o[1])}, {"stride", stride}};
    if (stretched)
      return words_.Say(
          scene_.out_channels > 1 ? "grad.label.dy_stretched_channel" : "grad.label.dy_stretched",
          args);
    return words_.Say(scene_.out_channels > 1 ? "grad.label.dy_channel" : "grad.label.dy", args);
  };
  const auto input_label = [&](int c) {
    return words_.Say(scene_.in_channels > 1 ? "grad.label.x_channel" : "grad.label.x",
                      {{"channel", std::to_string(c)}, {"size", Size(i[0], i[1])}});
  };
  if (weights_ || pooling_) {
    for (int c = 0; c < scene_.in_channels; ++c) Add(Grid::kInput, c, i[0], i[1], input_label(c));
  }
  for (int c = 0; c < scene_.out_channels; ++c)
    Add(Grid::kGradOutput, c, s[0], s[1], grad_label(c));
  if (!weights_ && !pooling_) {
    for (int n = 0; n < KernelSlices(); ++n) {
      const int a = n / scene_.kernel.dim(1), b = n % scene_.kernel.dim(1);
      const std::string key =
          rotate_ ? (KernelSlices() > 1 ? "grad.label.rotated_channels" : "grad.label.rotated")
                  : (KernelSlices() > 1 ? "scatter.kernel_channels" : "label.kernel");
      Add(Grid::kKernel, n, k[0], k[1],
          words_.Say(
              key,
              {{"in", std::to_string(a)}, {"out", std::to_string(b)}, {"size", Size(k[0], k[1])}}));
    }
  }
  first_bottom_ = placed_.size();
  if (weights_) {
    for (int n = 0; n < KernelSlices(); ++n) {
      const int a = n / scene_.kernel.dim(1), b = n % scene_.kernel.dim(1);
      Add(Grid::kResult, n, k[0], k[1],
          words_.Say(
              KernelSlices() > 1 ? "grad.label.dw_channels" : "grad.label.dw",
              {{"a", std::to_string(a)}, {"b", std::to_string(b)}, {"size", Size(k[0], k[1])}}));
    }
  } else {
    for (int c = 0; c < scene_.in_channels; ++c) {
      Add(Grid::kResult, c, i[0], i[1],
          words_.Say(scene_.in_channels > 1 ? "grad.label.dx_channel" : "grad.label.dx",
                     {{"channel", std::to_string(c)}, {"size", Size(i[0], i[1])}}));
    }
  }
}

void GradientModel::Numbers() {
  double widest = fonts_->Advance("0", kFont);
  for (double v : scene_.input.data()) widest = std::max(widest, fonts_->Advance(Value(v), kFont));
  for (double v : scene_.kernel.data()) widest = std::max(widest, fonts_->Advance(Value(v), kFont));
  for (double v : grad_output_.data()) widest = std::max(widest, fonts_->Advance(Value(v), kFont));
  for (const GradientStep& step : steps_) {
    widest = std::max(widest, fonts_->Advance(Result(step.sum), kFont));
  }
  cell_ = std::max({kMinFlatCell, std::ceil(widest + 2 * kCellPadding), requested_cell_});
}

void GradientModel::Layout() {
  const double c = cell_, label = kLineHeight * kFont;
  double x = 0.0, y = label, row_height = 0.0, widest = 0.0;
  for (std::size_t n = 0; n < placed_.size(); ++n) {
    Placed& p = placed_[n];
    const double w = std::max(p.panel.cols * c, fonts_->Advance(p.label, kFont));
    const bool new_row = n == first_bottom_ || (x > 0.0 && x + w > kMaxRowWidth);
    if (new_row && n > 0) {
      y += row_height + kGap + label;
      x = 0.0;
      row_height = 0.0;
    }
    p.panel = FlatPanel(x, y, p.panel.rows, p.panel.cols, c);
    x += w + kGap;
    widest = std::max(widest, x - kGap);
    row_height = std::max(row_height, p.panel.rows * c);
  }
  y += row_height + kGap;
  width_ = widest;
  const double line = kLineHeight * kFont;
  // The page: the text under the grids, or beside them when that makes it landscape.
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
                [this](double width) { return TitleHeight(*fonts_, scene_.style.title, width); });
  LayoutText(beside > 0 ? beside : std::max(width_, kMinTextWidth));
  if (beside > 0 && !scene_.style.title.empty())
    title_ = Wrap(*fonts_, scene_.style.title, kTitleFont, width_ + kGap + beside);
  const double title_h = static_cast<double>(title_.size()) * kLineHeight * kTitleFont;
  const double top = kMargin + title_h + (title_.empty() ? 0.0 : kGap / 2);
  for (Placed& p : placed_) p.panel = Shifted(p.panel, kMargin, top);
  text_x_ = beside > 0 ? kMargin + width_ + kGap : kMargin;
  equation_y_ = beside > 0 ? top : top + y;
  parameters_y_ = equation_y_ + equation_lines_ * line + kGap / 2;
  legend_y_ = parameters_y_ + static_cast<double>(parameters_.size()) * line + kGap / 2;
  if (beside > 0) {
    width_ = std::ceil(width_ + kGap + beside + 2 * kMargin);
    height_ = std::ceil(std::max(top + y - kGap, legend_y_ + legend_rows_ * line) + kMargin);
    return;
  }
  width_ = std::ceil(std::max(width_, text_width_) + 2 * kMargin);
  height_ = std::ceil(legend_y_ + legend_rows_ * line + kMargin);
}

void GradientModel::LayoutText(double width) {
  text_width_ = width;
  title_.clear();
  parameters_.clear();
  legend_ = Legend();
  if (!scene_.style.title.empty())
    title_ = Wrap(*fonts_, scene_.style.title, kTitleFont, text_width_);
  equation_lines_ = 1;
  for (const GradientStep& step : steps_) {
    equation_lines_ = std::max(equation_lines_, static_cast<int>(EquationRows(step).size()));
  }
  std::vector<std::string> lines = ParameterLines(scene_, schedule_, words_, /*equivalent=*/false);
  lines.push_back(IdentityLine());
  if (weights_ && !scene_.bias.empty()) lines.push_back(BiasLine());
  for (const std::string& line : lines) {
    for (const std::string& piece : Wrap(*fonts_, line, kFont, text_width_))
      parameters_.push_back(piece);
  }
  if (weights_ || pooling_)
    legend_.Add({Role::kInputCell, false, Role::kCount, words_.Say("legend.input")});
  legend_.Add({Role::kOutputCell, false, Role::kCount, words_.Say("grad.legend.dy")});
  if (Stretched() != schedule_.output_size()) {
    legend_.Add({Role::kInsertedZero, false, Role::kCount, words_.Say("grad.legend.zero")});
  }
  if (!weights_ && !pooling_) {
    legend_.Add({Role::kKernelCell, false, Role::kCount, words_.Say("legend.kernel_weight")});
  }
  legend_.Add({Role::kTap, false, Role::kCount,
               words_.Say(pooling_ ? "grad.legend.reach_pooling" : "grad.legend.reach")});
  legend_.Add({Role::kSelected, false, Role::kWindowOutline,
               words_.Say(weights_ ? "grad.legend.dw" : "grad.legend.dx")});
  legend_rows_ = legend_.Layout(*fonts_, text_width_);
}

}  // namespace gradient_view

Status BuildGradientAnimation(const Scene& scene, const Schedule& schedule,
                              const SceneModelOptions& options, std::shared_ptr<const Fonts> fonts,
                              Animation* animation) {
  auto model =
      std::make_shared<gradient_view::GradientModel>(scene, schedule, options, std::move(fonts));
  Status status = model->Build(animation);
  if (!status.ok()) return status;
  animation->steps = model;
  return Status::Ok();
}

}  // namespace convanim
