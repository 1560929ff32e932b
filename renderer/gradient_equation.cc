// The gradient views' words: PyTorch's names of gradients, inputs and weights, a step's
// terms and equation, its description, the identity and bias lines.
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

std::string GradientModel::GradName(const std::array<int, 3>& g) const {
  const std::string idx =
      scene_.out_channels > 1 ? Indices({g[0], g[1], g[2]}) : Indices({g[1], g[2]});
  return words_.Say("grad.name.dy", {{"index", idx}});
}

std::string GradientModel::InputName(const std::array<int, 3>& x) const {
  const std::string idx =
      scene_.in_channels > 1 ? Indices({x[0], x[1], x[2]}) : Indices({x[1], x[2]});
  return words_.Say("grad.name.x", {{"index", idx}});
}

std::string GradientModel::WeightIndex(const std::array<int, 4>& w) const {
  return KernelSlices() > 1 ? Indices({w[0], w[1], w[2], w[3]}) : Indices({w[2], w[3]});
}

std::string GradientModel::TargetName(const GradientStep& step) const {
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

std::string GradientModel::SymbolicTerm(const GradientTerm& t) const {
  if (weights_) return InputName(t.input) + kDot + GradName(t.grad);
  if (pooling_) {
    return t.divisor > 0 ? GradName(t.grad) + "/" + std::to_string(t.divisor) : GradName(t.grad);
  }
  return GradName(t.grad) + kDot + words_.Say("grad.name.w", {{"index", WeightIndex(t.weight)}});
}

std::string GradientModel::NumericTerm(const GradientTerm& t) const {
  const double g = grad_output_.at(t.grad[0], t.grad[1], t.grad[2]);
  if (pooling_) return t.divisor > 0 ? Factor(g) + "/" + std::to_string(t.divisor) : Factor(g);
  if (weights_) return Factor(t.factor) + kDot + Factor(g);
  return Factor(g) + kDot + Factor(t.factor);
}

void GradientModel::Joined(const std::string& head, const std::vector<std::string>& terms,
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

std::vector<std::string> GradientModel::EquationRows(const GradientStep& step) const {
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

std::string GradientModel::Description(const GradientStep& step) const {
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

std::string GradientModel::IdentityLine() const {
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

std::string GradientModel::BiasLine() const {
  const Tensor bias = Backward(scene_, grad_output_).bias;
  std::string values;
  for (std::size_t n = 0; n < bias.data().size(); ++n) {
    values += (n > 0 ? ", " : "") + Result(bias.data()[n]);
  }
  return words_.Say("grad.bias", {{"values", values}});
}

}  // namespace gradient_view
}  // namespace convanim
