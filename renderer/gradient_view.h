// The gradient views' model (renderer/gradient_model.h), internal to the renderer: one
// class for view: input_gradient and view: weight_gradient, its members defined by job in
// gradient_model.cc (build, placement, layout, each step), gradient_equation.cc (the
// names, terms and equation of a step) and gradient_grids.cc (the grids, sums and reach).
#pragma once

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "core/backward.h"
#include "core/operations.h"
#include "renderer/fonts.h"
#include "renderer/gradient_model.h"
#include "renderer/grid_shapes.h"
#include "renderer/numbers.h"
#include "renderer/teaching_blocks.h"
#include "renderer/teaching_text.h"
#include "renderer/words.h"

namespace convanim {
namespace gradient_view {

using namespace teaching;  // NOLINT: the blocks are this file's vocabulary

// A grid of the picture and what it shows.
enum class Grid { kGradOutput, kKernel, kInput, kResult };

struct Placed {
  Grid grid;
  int index;  // channel, or kernel slice a * dim(1) + b
  std::string label;
  Panel panel;
};

inline std::string Indices(std::initializer_list<int> parts) {
  std::string out = "[";
  bool first = true;
  for (int p : parts) {
    out += (first ? "" : ", ") + std::to_string(p);
    first = false;
  }
  return out + "]";
}

class GradientModel : public StepSource {
 public:
  GradientModel(const Scene& scene, const Schedule& schedule, const SceneModelOptions& options,
                std::shared_ptr<const Fonts> fonts)
      : scene_(scene),
        words_(WordsOf(options)),
        schedule_(schedule),
        fonts_(std::move(fonts)),
        decimals_(ResolveStyle(scene, options).decimals),
        requested_cell_(ResolveStyle(scene, options).cell_size),
        weights_(scene.view == View::kWeightGradient),
        pooling_(IsPooling(scene.operation)),
        transposed_(TraitsOf(scene.operation).transposed),
        landscape_(ResolveStyle(scene, options).landscape) {}

  Status Build(Animation* animation);

  void Fill(int64_t index, StepShapes* out) const override;

 private:
  std::string Value(double v) const {
    return FormatValue(v, scene_.style.value_decimals, &rounded_);
  }
  std::string Factor(double v) const { return v < 0 ? "(" + Value(v) + ")" : Value(v); }
  std::string Result(double v) const { return FormatFixed(v, decimals_); }

  int KernelSlices() const {
    return scene_.kernel.empty() ? 0 : scene_.kernel.dim(0) * scene_.kernel.dim(1);
  }
  Pair Stretched() const {
    const Pair o = schedule_.output_size();
    return {(o[0] - 1) * stretch_[0] + 1, (o[1] - 1) * stretch_[1] + 1};
  }

  // Names of cells in the equation.
  std::string GradName(const std::array<int, 3>& g) const;
  std::string InputName(const std::array<int, 3>& x) const;
  std::string WeightIndex(const std::array<int, 4>& w) const;
  std::string TargetName(const GradientStep& step) const;

  std::string SymbolicTerm(const GradientTerm& t) const;
  std::string NumericTerm(const GradientTerm& t) const;

  // Joins `terms` with " + " after `head`, wrapping at the text width.
  void Joined(const std::string& head, const std::vector<std::string>& terms,
              const std::string& tail, std::vector<std::string>* rows) const;

  std::vector<std::string> EquationRows(const GradientStep& step) const;

  std::string Description(const GradientStep& step) const;

  void Add(Grid grid, int index, int rows, int cols, const std::string& label);

  void Place();

  void Numbers();

  // The grids, then the text under them or (renderer/slide_layout.h, PageTextBeside) beside
  // them when that makes the page landscape.
  void Layout();
  // The title, equation lines, parameters and legend wrapped to `width`.
  void LayoutText(double width);

  std::string IdentityLine() const;
  std::string BiasLine() const;

  const Placed* Find(Grid grid, int index) const;
  // Where a kernel weight [u, v] sits in its drawn grid (rotated 180° or not).
  std::pair<int, int> WeightAt(int u, int v) const {
    if (!rotate_) return {u, v};
    return {scene_.kernel_size[0] - 1 - u, scene_.kernel_size[1] - 1 - v};
  }
  std::pair<int, int> GradAt(int r, int c) const { return {r * stretch_[0], c * stretch_[1]}; }
  // The result grid and cell of a step.
  std::pair<const Placed*, std::pair<int, int>> ResultAt(const GradientStep& step) const;

  void Number(const Panel& panel, Role role, const std::string& id, int r, int c,
              const std::string& text, std::vector<Shape>* out) const {
    const Point at = panel.map(r + 0.5, c + 0.5);
    out->push_back(Text(role, Id(id, {r, c}), text, at.x, at.y, kFont));
  }

  void Shared(std::vector<Shape>* grids, std::vector<Shape>* values,
              std::vector<Shape>* text) const;

  // The gradients computed so far (steps 0..index), the current one outlined.
  void Sums(int64_t index, std::vector<Shape>* cells_out, std::vector<Shape>* out) const;

  // This step's cells: the dL/dy cells, weights or input cells of its products, and its own.
  void Reach(const GradientStep& step, std::vector<Shape>* out) const;

  const Scene& scene_;
  const Words& words_;
  const Schedule& schedule_;
  const std::shared_ptr<const Fonts> fonts_;
  const int decimals_;
  const double requested_cell_;
  const bool weights_, pooling_, transposed_;
  const bool landscape_;  // the text beside the grids when that makes the page landscape
  bool rotate_ = false;
  Pair stretch_{1, 1};
  mutable bool rounded_ = false;
  Tensor grad_output_;
  std::vector<GradientStep> steps_;
  std::vector<Placed> placed_;
  std::size_t first_bottom_ = 0;
  double cell_ = 36.0;
  double text_width_ = kMinTextWidth;
  double text_x_ = kMargin;  // the text blocks' left edge
  std::vector<std::string> title_, parameters_;
  int equation_lines_ = 1;
  Legend legend_;
  int legend_rows_ = 1;
  double equation_y_ = 0, parameters_y_ = 0, legend_y_ = 0;
  double width_ = 0, height_ = 0;
};

}  // namespace gradient_view
}  // namespace convanim
