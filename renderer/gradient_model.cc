// views input_gradient and weight_gradient (renderer/gradient_model.h): the backward pass,
// one input cell or one weight a step, every product written out.
#include "renderer/gradient_model.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "core/backward.h"
#include "core/operations.h"
#include "renderer/fonts.h"
#include "renderer/grid_shapes.h"
#include "renderer/numbers.h"
#include "renderer/teaching_blocks.h"
#include "renderer/teaching_text.h"
#include "renderer/words.h"

namespace convanim {
namespace {

using namespace teaching;  // NOLINT: the blocks are this file's vocabulary

const char* const kDot = "\xC2\xB7";

// A grid of the picture and what it shows.
enum class Grid { kGradOutput, kKernel, kInput, kResult };

struct Placed {
  Grid grid;
  int index;  // channel, or kernel slice a * dim(1) + b
  std::string label;
  Panel panel;
};

std::string Indices(std::initializer_list<int> parts) {
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
        transposed_(TraitsOf(scene.operation).transposed) {}

  Status Build(Animation* animation) {
    grad_output_ = GradOutputOf(scene_, schedule_.output_size());
    steps_ = weights_ ? WeightGradientSteps(scene_, grad_output_)
                      : InputGradientSteps(scene_, grad_output_);
    // A strided convolution's dL/dy is drawn with the stride's zeros between its cells.
    stretch_ = (!pooling_ && !transposed_) ? scene_.stride : Pair{1, 1};
    rotate_ = !weights_ && !pooling_ && !transposed_;
    Place();
    const std::string message_view = "view '" + std::string(ViewName(scene_.view)) + "'";
    if (static_cast<int>(placed_.size()) > kMaxGradientGrids) {
      return Status::InvalidScene(message_view + " draws at most " +
                                      std::to_string(kMaxGradientGrids) +
                                      " grids (channels and kernel slices); this scene has " +
                                      std::to_string(placed_.size()),
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
    Shared(&animation->layers[0].shapes, &animation->layers[3].shapes,
           &animation->layers[5].shapes);
    if (rounded_) {
      animation->notes.push_back(
          "some input values, weights or gradients are drawn rounded, marked with \xE2\x89\x88");
    }
    return Status::Ok();
  }

  void Fill(int64_t index, StepShapes* out) const override {
    const GradientStep& step = steps_[static_cast<std::size_t>(index)];
    Sums(index, &out->layers[1], &out->layers[4]);
    Reach(step, &out->layers[2]);
    const std::vector<std::string> rows = EquationRows(step);
    const double line = kLineHeight * kFont;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      out->layers[4].push_back(TextLine(Role::kEquation, Id("equation", {static_cast<int64_t>(i)}),
                                        rows[i], kMargin,
                                        equation_y_ + static_cast<double>(i) * line));
    }
    out->description = Description(step);
  }

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
  std::string GradName(const std::array<int, 3>& g) const {
    const std::string idx =
        scene_.out_channels > 1 ? Indices({g[0], g[1], g[2]}) : Indices({g[1], g[2]});
    return words_.Say("grad.name.dy", {{"index", idx}});
  }
  std::string InputName(const std::array<int, 3>& x) const {
    const std::string idx =
        scene_.in_channels > 1 ? Indices({x[0], x[1], x[2]}) : Indices({x[1], x[2]});
    return words_.Say("grad.name.x", {{"index", idx}});
  }
  std::string WeightIndex(const std::array<int, 4>& w) const {
    return KernelSlices() > 1 ? Indices({w[0], w[1], w[2], w[3]}) : Indices({w[2], w[3]});
  }
  std::string TargetName(const GradientStep& step) const {
    if (weights_) {
      return words_.Say(
          "grad.name.dw",
          {{"index", WeightIndex({step.cell[0], step.cell[1], step.cell[2], step.cell[3]})}});
    }
    const std::array<int, 3> x{step.cell[0], step.cell[1], step.cell[2]};
    const std::string idx =
        scene_.in_channels > 1 ? Indices({x[0], x[1], x[2]}) : Indices({x[1], x[2]});
    return words_.Say("grad.name.dx", {{"index", idx}});
  }

  std::string SymbolicTerm(const GradientTerm& t) const {
    if (weights_) return InputName(t.input) + kDot + GradName(t.grad);
    if (pooling_) {
      return t.divisor > 0 ? GradName(t.grad) + "/" + std::to_string(t.divisor) : GradName(t.grad);
    }
    return GradName(t.grad) + kDot + words_.Say("grad.name.w", {{"index", WeightIndex(t.weight)}});
  }
  std::string NumericTerm(const GradientTerm& t) const {
    const double g = grad_output_.at(t.grad[0], t.grad[1], t.grad[2]);
    if (pooling_) return t.divisor > 0 ? Factor(g) + "/" + std::to_string(t.divisor) : Factor(g);
    if (weights_) return Factor(t.factor) + kDot + Factor(g);
    return Factor(g) + kDot + Factor(t.factor);
  }

  // Joins `terms` with " + " after `head`, wrapping at the text width.
  void Joined(const std::string& head, const std::vector<std::string>& terms,
              const std::string& tail, std::vector<std::string>* rows) const {
    std::string line = head;
    for (std::size_t i = 0; i < terms.size(); ++i) {
      std::string term = (i > 0 ? " + " : "") + terms[i];
      if (i > 0 && fonts_->Advance(line + term, kFont) > text_width_) {
        rows->push_back(line);
        line = "   ";
        term = "+ " + terms[i];
      }
      line += term;
    }
    if (fonts_->Advance(line + tail, kFont) > text_width_) {
      rows->push_back(line);
      line = "  ";
    }
    rows->push_back(line + tail);
  }

  std::vector<std::string> EquationRows(const GradientStep& step) const {
    std::vector<std::string> rows;
    const std::string target = TargetName(step);
    if (step.terms.empty()) {
      rows.push_back(words_.Say(weights_ ? "grad.no_taps" : "grad.no_reach", {{"cell", target}}));
      return rows;
    }
    std::vector<std::string> symbolic, numeric;
    for (const GradientTerm& t : step.terms) {
      symbolic.push_back(SymbolicTerm(t));
      numeric.push_back(NumericTerm(t));
    }
    Joined(target + " = ", symbolic, "", &rows);
    Joined("   = ", numeric, " = " + Result(step.sum), &rows);
    return rows;
  }

  std::string Description(const GradientStep& step) const {
    WordArgs args = {{"step", std::to_string(step.index + 1)},
                     {"steps", std::to_string(steps_.size())},
                     {"cell", TargetName(step)},
                     {"count", std::to_string(step.terms.size())},
                     {"value", Result(step.sum)}};
    return words_.Say(weights_   ? "grad.step_weight"
                      : pooling_ ? "grad.step_pooling"
                                 : "grad.step_input",
                      args);
  }

  void Add(Grid grid, int index, int rows, int cols, const std::string& label) {
    placed_.push_back({grid, index, label, FlatPanel(0, 0, rows, cols, 1.0)});
  }

  void Place() {
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
            words_.Say(key, {{"in", std::to_string(a)},
                             {"out", std::to_string(b)},
                             {"size", Size(k[0], k[1])}}));
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

  void Numbers() {
    double widest = fonts_->Advance("0", kFont);
    for (double v : scene_.input.data())
      widest = std::max(widest, fonts_->Advance(Value(v), kFont));
    for (double v : scene_.kernel.data())
      widest = std::max(widest, fonts_->Advance(Value(v), kFont));
    for (double v : grad_output_.data())
      widest = std::max(widest, fonts_->Advance(Value(v), kFont));
    for (const GradientStep& step : steps_) {
      widest = std::max(widest, fonts_->Advance(Result(step.sum), kFont));
    }
    cell_ = std::max({kMinFlatCell, std::ceil(widest + 2 * kCellPadding), requested_cell_});
  }

  void Layout() {
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
    text_width_ = std::max(width_, kMinTextWidth);
    if (!scene_.style.title.empty())
      title_ = Wrap(*fonts_, scene_.style.title, kTitleFont, text_width_);
    equation_lines_ = 1;
    for (const GradientStep& step : steps_) {
      equation_lines_ = std::max(equation_lines_, static_cast<int>(EquationRows(step).size()));
    }
    std::vector<std::string> lines =
        ParameterLines(scene_, schedule_, words_, /*equivalent=*/false);
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
    const double line = kLineHeight * kFont;
    const double title_h = static_cast<double>(title_.size()) * kLineHeight * kTitleFont;
    const double top = kMargin + title_h + (title_.empty() ? 0.0 : kGap / 2);
    for (Placed& p : placed_) p.panel = Shifted(p.panel, kMargin, top);
    equation_y_ = top + y;
    parameters_y_ = equation_y_ + equation_lines_ * line + kGap / 2;
    legend_y_ = parameters_y_ + static_cast<double>(parameters_.size()) * line + kGap / 2;
    width_ = std::ceil(std::max(width_, text_width_) + 2 * kMargin);
    height_ = std::ceil(legend_y_ + legend_rows_ * line + kMargin);
  }

  std::string IdentityLine() const {
    if (weights_) return words_.Say("grad.identity_weight");
    if (scene_.operation == Operation::kMaxPooling) return words_.Say("grad.identity_max");
    if (scene_.operation == Operation::kAveragePooling) return words_.Say("grad.identity_average");
    if (transposed_) return words_.Say("grad.identity_transposed");
    const Pair& i = scene_.input_size;
    int a[2];
    for (int axis = 0; axis < 2; ++axis) {
      a[axis] = InputGradientOutputPadding(i[axis], scene_.kernel_size[axis], scene_.stride[axis],
                                           scene_.padding.Begin(axis), scene_.padding.End(axis),
                                           scene_.dilation[axis]);
    }
    return words_.Say("grad.identity_convolution",
                      {{"a", a[0] == a[1] ? std::to_string(a[0]) : Indices({a[0], a[1]})}});
  }
  std::string BiasLine() const {
    const Tensor bias = Backward(scene_, grad_output_).bias;
    std::string values;
    for (std::size_t n = 0; n < bias.data().size(); ++n) {
      values += (n > 0 ? ", " : "") + Result(bias.data()[n]);
    }
    return words_.Say("grad.bias", {{"values", values}});
  }

  const Placed* Find(Grid grid, int index) const {
    for (const Placed& p : placed_) {
      if (p.grid == grid && p.index == index) return &p;
    }
    return nullptr;
  }
  // Where a kernel weight [u, v] sits in its drawn grid (rotated 180° or not).
  std::pair<int, int> WeightAt(int u, int v) const {
    if (!rotate_) return {u, v};
    return {scene_.kernel_size[0] - 1 - u, scene_.kernel_size[1] - 1 - v};
  }
  std::pair<int, int> GradAt(int r, int c) const { return {r * stretch_[0], c * stretch_[1]}; }
  // The result grid and cell of a step.
  std::pair<const Placed*, std::pair<int, int>> ResultAt(const GradientStep& step) const {
    if (weights_) {
      return {Find(Grid::kResult, step.cell[0] * scene_.kernel.dim(1) + step.cell[1]),
              {step.cell[2], step.cell[3]}};
    }
    return {Find(Grid::kResult, step.cell[0]), {step.cell[1], step.cell[2]}};
  }

  Shape Label(const std::string& id, const std::string& text, const Panel& panel) const {
    const Box box = panel.Bounds();
    return Text(Role::kLabel, id, text, box.x0, box.y0 - 0.45 * kFont, kFont, TextAnchor::kStart,
                TextBaseline::kAlphabetic);
  }
  void GridOf(const Panel& panel, Role fill, const std::string& id, std::vector<Shape>* out) const {
    PathBuilder cells, grid;
    cells.Ring(panel.map, 0, panel.rows, 0, panel.cols);
    grid.GridLines(panel.map, 0, panel.rows, 0, panel.cols, 0.0);
    out->push_back(cells.Fill(fill, id + "/cells"));
    out->push_back(grid.Stroked(Role::kGrid, id + "/grid", Thin()));
  }
  void Number(const Panel& panel, Role role, const std::string& id, int r, int c,
              const std::string& text, std::vector<Shape>* out) const {
    const Point at = panel.map(r + 0.5, c + 0.5);
    out->push_back(Text(role, Id(id, {r, c}), text, at.x, at.y, kFont));
  }

  void Shared(std::vector<Shape>* grids, std::vector<Shape>* values,
              std::vector<Shape>* text) const {
    grids->push_back(Rect(Role::kBackground, "background", 0, 0, width_, height_));
    for (const Placed& p : placed_) {
      const Panel& panel = p.panel;
      switch (p.grid) {
        case Grid::kInput: {
          const std::string base = Id("input", {p.index});
          GridOf(panel, Role::kInputCell, base, grids);
          for (int r = 0; r < panel.rows; ++r) {
            for (int c = 0; c < panel.cols; ++c) {
              Number(panel, Role::kValue, base + "/value", r, c,
                     Value(scene_.input.at(p.index, r, c)), values);
            }
          }
          values->push_back(Label(base + "/label", p.label, panel));
          break;
        }
        case Grid::kGradOutput: {
          const std::string base = Id("grad_output", {p.index});
          GridOf(panel, Role::kInsertedZero, base, grids);
          std::vector<std::pair<int, int>> real;
          for (int r = 0; r < panel.rows; ++r) {
            for (int c = 0; c < panel.cols; ++c) {
              const bool on = r % stretch_[0] == 0 && c % stretch_[1] == 0;
              if (on) real.push_back({r, c});
              const std::string v =
                  on ? Value(grad_output_.at(p.index, r / stretch_[0], c / stretch_[1])) : "0";
              Number(panel, on ? Role::kValue : Role::kMutedValue, base + "/value", r, c, v,
                     values);
            }
          }
          PathBuilder fill;
          fill.Runs(panel.map, RunsOf(real));
          grids->insert(grids->end() - 1, fill.Fill(Role::kOutputCell, base + "/gradients"));
          values->push_back(Label(base + "/label", p.label, panel));
          break;
        }
        case Grid::kKernel: {
          const std::string base = Id("kernel", {p.index});
          GridOf(panel, Role::kKernelCell, base, grids);
          const int a = p.index / scene_.kernel.dim(1), b = p.index % scene_.kernel.dim(1);
          for (int u = 0; u < panel.rows; ++u) {
            for (int v = 0; v < panel.cols; ++v) {
              const auto [r, c] = WeightAt(u, v);
              const Point at = panel.map(r + 0.5, c + 0.5);
              values->push_back(Text(Role::kWeight, Id(base + "/weight", {u, v}),
                                     Value(scene_.kernel.at(a, b, u, v)), at.x, at.y, kFont));
            }
          }
          values->push_back(Label(base + "/label", p.label, panel));
          break;
        }
        case Grid::kResult: {
          const std::string base = Id("result", {p.index});
          GridOf(panel, Role::kPendingCell, base, grids);
          values->push_back(Label(base + "/label", p.label, panel));
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
                               parameters_[i], kMargin,
                               parameters_y_ + static_cast<double>(i) * line));
    }
    legend_.Shapes(kMargin, legend_y_, text);
  }

  // The gradients computed so far (steps 0..index), the current one outlined.
  void Sums(int64_t index, std::vector<Shape>* cells_out, std::vector<Shape>* out) const {
    std::vector<std::vector<std::pair<int, int>>> done(placed_.size());
    for (int64_t n = 0; n <= index; ++n) {
      const GradientStep& step = steps_[static_cast<std::size_t>(n)];
      const auto [placed, cell] = ResultAt(step);
      const std::size_t slot = static_cast<std::size_t>(placed - placed_.data());
      done[slot].push_back(cell);
      out->push_back(Text(
          Role::kOutputValue, Id("sum", {step.cell[0], step.cell[1], step.cell[2], step.cell[3]}),
          Result(step.sum), placed->panel.map(cell.first + 0.5, cell.second + 0.5).x,
          placed->panel.map(cell.first + 0.5, cell.second + 0.5).y, kFont));
    }
    for (std::size_t slot = 0; slot < placed_.size(); ++slot) {
      if (done[slot].empty()) continue;
      PathBuilder fill;
      fill.Runs(placed_[slot].panel.map, RunsOf(done[slot]));
      cells_out->push_back(
          fill.Fill(Role::kSelected, Id("sum/cells", {static_cast<int64_t>(slot)})));
    }
  }

  // This step's cells: the dL/dy cells, weights or input cells of its products, and its own.
  void Reach(const GradientStep& step, std::vector<Shape>* out) const {
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
    out->push_back(shade.Fill(Role::kCurrentOutput, "current"));
    outline.Ring(placed->panel.map, cell.first, cell.first + 1, cell.second, cell.second + 1);
    outline.LineTo(placed->panel.map(cell.first, cell.second));
    out->push_back(outline.Stroked(Role::kWindowOutline, "current/outline", Outline()));
  }

  const Scene& scene_;
  const Words& words_;
  const Schedule& schedule_;
  const std::shared_ptr<const Fonts> fonts_;
  const int decimals_;
  const double requested_cell_;
  const bool weights_, pooling_, transposed_;
  bool rotate_ = false;
  Pair stretch_{1, 1};
  mutable bool rounded_ = false;
  Tensor grad_output_;
  std::vector<GradientStep> steps_;
  std::vector<Placed> placed_;
  std::size_t first_bottom_ = 0;
  double cell_ = 36.0;
  double text_width_ = kMinTextWidth;
  std::vector<std::string> title_, parameters_;
  int equation_lines_ = 1;
  Legend legend_;
  int legend_rows_ = 1;
  double equation_y_ = 0, parameters_y_ = 0, legend_y_ = 0;
  double width_ = 0, height_ = 0;
};

}  // namespace

Status BuildGradientAnimation(const Scene& scene, const Schedule& schedule,
                              const SceneModelOptions& options, std::shared_ptr<const Fonts> fonts,
                              Animation* animation) {
  auto model = std::make_shared<GradientModel>(scene, schedule, options, std::move(fonts));
  Status status = model->Build(animation);
  if (!status.ok()) return status;
  animation->steps = model;
  return Status::Ok();
}

}  // namespace convanim
