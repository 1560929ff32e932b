// The gradient views' shapes: the grids and their values, the gradients filling in, the
// cells a step reaches.
#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "core/backward.h"
#include "core/operations.h"
#include "renderer/fonts.h"
#include "renderer/gradient_model.h"
#include "renderer/gradient_view.h"
#include "renderer/grid_shapes.h"
#include "renderer/numbers.h"
#include "renderer/teaching_blocks.h"
#include "renderer/teaching_text.h"
#include "renderer/words.h"

namespace convanim {
namespace gradient_view {

const Placed* GradientModel::Find(Grid grid, int index) const {
  for (const Placed& p : placed_) {
    if (p.grid == grid && p.index == index) return &p;
  }
  return nullptr;
}

std::pair<const Placed*, std::pair<int, int>> GradientModel::ResultAt(
    const GradientStep& step) const {
  if (weights_) {
    return {Find(Grid::kResult, step.cell[0] * scene_.kernel.dim(1) + step.cell[1]),
            {step.cell[2], step.cell[3]}};
  }
  return {Find(Grid::kResult, step.cell[0]), {step.cell[1], step.cell[2]}};
}

void GradientModel::Shared(std::vector<Shape>* grids, std::vector<Shape>* values,
                           std::vector<Shape>* text) const {
  grids->push_back(Rect(Role::kBackground, "background", 0, 0, width_, height_));
  for (const Placed& p : placed_) {
    const Panel& panel = p.panel;
    switch (p.grid) {
      case Grid::kInput: {
        const std::string base = Id("input", {p.index});
        PanelGrid(panel, Role::kInputCell, base, grids);
        for (int r = 0; r < panel.rows; ++r) {
          for (int c = 0; c < panel.cols; ++c) {
            Number(panel, Role::kValue, base + "/value", r, c,
                   Value(scene_.input.at(p.index, r, c)), values);
          }
        }
        values->push_back(PanelLabel(base + "/label", p.label, panel));
        break;
      }
      case Grid::kGradOutput: {
        const std::string base = Id("grad_output", {p.index});
        PanelGrid(panel, Role::kInsertedZero, base, grids);
        std::vector<std::pair<int, int>> real;
        for (int r = 0; r < panel.rows; ++r) {
          for (int c = 0; c < panel.cols; ++c) {
            const bool on = r % stretch_[0] == 0 && c % stretch_[1] == 0;
            if (on) real.push_back({r, c});
            const std::string v =
                on ? Value(grad_output_.at(p.index, r / stretch_[0], c / stretch_[1])) : "0";
            Number(panel, on ? Role::kValue : Role::kMutedValue, base + "/value", r, c, v, values);
          }
        }
        PathBuilder fill;
        fill.Runs(panel.map, RunsOf(real));
        grids->insert(grids->end() - 1, fill.Fill(Role::kOutputCell, base + "/gradients"));
        values->push_back(PanelLabel(base + "/label", p.label, panel));
        break;
      }
      case Grid::kKernel: {
        const std::string base = Id("kernel", {p.index});
        PanelGrid(panel, Role::kKernelCell, base, grids);
        const int a = p.index / scene_.kernel.dim(1), b = p.index % scene_.kernel.dim(1);
        for (int u = 0; u < panel.rows; ++u) {
          for (int v = 0; v < panel.cols; ++v) {
            const auto [r, c] = WeightAt(u, v);
            const Point at = panel.map(r + 0.5, c + 0.5);
            values->push_back(Text(Role::kWeight, Id(base + "/weight", {u, v}),
                                   Value(scene_.kernel.at(a, b, u, v)), at.x, at.y, kFont));
          }
        }
        values->push_back(PanelLabel(base + "/label", p.label, panel));
        break;
      }
      case Grid::kResult: {
        const std::string base = Id("result", {p.index});
        PanelGrid(panel, Role::kPendingCell, base, grids);
        values->push_back(PanelLabel(base + "/label", p.label, panel));
        break;
      }
    }
  }
  double y = kMargin;
  for (std::size_t i = 0; i < title_.size(); ++i) {
    text->push_back(TextLine(Role::kTitle, Id("title", {static_cast<int64_t>(i)}), title_[i],
                             kMargin, y, kTitleFont));
    y += kLineHeight * kTitleFont;
  }
  const double line = kLineHeight * kFont;
  for (std::size_t i = 0; i < parameters_.size(); ++i) {
    text->push_back(TextLine(Role::kLegend, Id("parameters", {static_cast<int64_t>(i)}),
                             parameters_[i], text_x_,
                             parameters_y_ + static_cast<double>(i) * line));
  }
  legend_.Shapes(text_x_, legend_y_, text);
}

void GradientModel::Sums(int64_t index, std::vector<Shape>* cells_out,
                         std::vector<Shape>* out) const {
  std::vector<std::vector<std::pair<int, int>>> done(placed_.size());
  for (int64_t n = 0; n <= index; ++n) {
    const GradientStep& step = steps_[static_cast<std::size_t>(n)];
    const auto [placed, cell] = ResultAt(step);
    const std::size_t slot = static_cast<std::size_t>(placed - placed_.data());
    done[slot].push_back(cell);
    out->push_back(Text(Role::kOutputValue,
                        Id("sum", {step.cell[0], step.cell[1], step.cell[2], step.cell[3]}),
                        Result(step.sum), placed->panel.map(cell.first + 0.5, cell.second + 0.5).x,
                        placed->panel.map(cell.first + 0.5, cell.second + 0.5).y, kFont));
  }
  for (std::size_t slot = 0; slot < placed_.size(); ++slot) {
    if (done[slot].empty()) continue;
    PathBuilder fill;
    fill.Runs(placed_[slot].panel.map, RunsOf(done[slot]));
    cells_out->push_back(fill.Fill(Role::kSelected, Id("sum/cells", {static_cast<int64_t>(slot)})));
  }
}

void GradientModel::Reach(const GradientStep& step, std::vector<Shape>* out) const {
  std::vector<std::vector<std::pair<int, int>>> cells(placed_.size());
  const auto mark = [&](const Placed* p, std::pair<int, int> cell) {
    if (p != nullptr) cells[static_cast<std::size_t>(p - placed_.data())].push_back(cell);
  };
  for (const GradientTerm& t : step.terms) {
    mark(Find(Grid::kGradOutput, t.grad[0]), GradAt(t.grad[1], t.grad[2]));
    if (weights_ || pooling_) mark(Find(Grid::kInput, t.input[0]), {t.input[1], t.input[2]});
    if (!weights_ && !pooling_) {
      mark(Find(Grid::kKernel, t.weight[0] * scene_.kernel.dim(1) + t.weight[1]),
           WeightAt(t.weight[2], t.weight[3]));
    }
  }
  for (std::size_t slot = 0; slot < placed_.size(); ++slot) {
    if (cells[slot].empty()) continue;
    PathBuilder tint;
    tint.Runs(placed_[slot].panel.map, RunsOf(cells[slot]));
    out->push_back(tint.Fill(Role::kTap, Id("reach", {static_cast<int64_t>(slot)})));
  }
  const auto [placed, cell] = ResultAt(step);
  PathBuilder shade, outline;
  shade.Ring(placed->panel.map, cell.first, cell.first + 1, cell.second, cell.second + 1);
  // Tinted like the cells the step reads: a dark shade would hide the outline that marks it.
  out->push_back(shade.Fill(Role::kTap, "current"));
  outline.Ring(placed->panel.map, cell.first, cell.first + 1, cell.second, cell.second + 1);
  outline.LineTo(placed->panel.map(cell.first, cell.second));
  out->push_back(outline.Stroked(Role::kWindowOutline, "current/outline", Outline()));
}

}  // namespace gradient_view
}  // namespace convanim
