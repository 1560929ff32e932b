// The words and formulas of the teaching style: how values are written, the equation of
// a step, the labels of grids and the parameter lines. Pure text from the core's Scene,
// Schedule and Step: nothing here computes a value.
#pragma once

#include <string>
#include <vector>

#include "core/scene.h"
#include "core/schedule.h"
#include "renderer/words.h"

namespace convanim {

// Significant digits a value "as written" keeps (docs/scene-format.md).
constexpr int kMaxSignificantDigits = 6;

// Writes input values and weights: as written (the shortest form that reads back as the
// same number, up to kMaxSignificantDigits significant digits), or with `decimals`
// digits after the point when decimals >= 0. A value that had to be rounded is written
// with a leading "≈" and *rounded is set. Negative numbers use the typographic minus.
std::string FormatValue(double value, int decimals, bool* rounded);

// One term of an equation line, kept whole when lines wrap.
struct EquationLine {
  std::vector<std::string> terms;  // "y[1, 0] =", "3·0", "+ 3·1", ..., "= 12.0"
};

struct EquationOptions {
  int decimals = 1;              // outputs and sums
  int value_decimals = -1;       // inputs and weights (FormatValue)
  int max_terms = 49;            // more taps than this: the sum is summarised, not listed
  const Words* words = nullptr;  // the reader's language; null: English
};

// The equation of `step`: every product of the window (convolutions), max(...) or
// (a + b + ...) / n (pooling); with several input channels one line per channel's partial
// sum, then their total. `rounded` is set when a value had to be rounded.
std::vector<EquationLine> StepEquation(const Scene& scene, const Schedule& schedule,
                                       const Step& step, const EquationOptions& options,
                                       bool* rounded);

// kernel.bias in an equation: the bias of the step's output channel, "bias[1]" as
// PyTorch's Conv2d.bias / ConvTranspose2d.bias index it (the label beside the step's weight
// slice and the legend give its value).
std::string BiasTerm(const Step& step, int value_decimals, bool* rounded);

// "y[1, 0]" or "y[2][1, 0]" (output channel first when there are several).
std::string OutputName(const Schedule& schedule, const Step& step);

// Lines under the picture: the parameters in the guide's notation, the output size
// with its formula per axis, and for a transposed convolution its equivalent direct
// convolution and the kernel's rotation (left out when `equivalent` is false: the scatter
// view draws the transposed convolution itself).
std::vector<std::string> ParameterLines(const Scene& scene, const Schedule& schedule,
                                        const Words& words, bool equivalent = true);

// Typography for formulas from the core: "*" as "·", "-" as "−", floor( ) as ⌊ ⌋,
// ceil( ) as ⌈ ⌉.
std::string PrettyFormula(const std::string& formula);

}  // namespace convanim
