// Validity and values exactly as PyTorch, at the edges: every case is a 1-D scene (input
// [1, W], kernel [1, k]) run through the loader, the schedule and the numerics. Expected
// sizes and values are worked by hand from PyTorch's code (aten/src/ATen/native: Pool.h
// pooling_output_shape and pool2d_shape_check, cpu/MaxPoolKernel.cpp, cpu/AvgPoolKernel.cpp,
// Convolution.cpp check_shape_forward, NaiveConvolutionTranspose2d.cpp); the comments show
// the arithmetic. PyTorch's pooling takes one padding per axis, so every case here pads
// both ends alike.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/scene_loader.h"
#include "core/schedule.h"

namespace convanim {
namespace {

struct Case {
  const char* name;
  const char* scene;            // the keys after `input` and `kernel` sizes, one per line
  std::vector<double> input;    // along W
  int kernel = 1;               // along W
  std::vector<double> weights;  // convolutions: the kernel along W
  // Accepted: the output along W. Refused: empty, and `refusal` is in the message.
  std::vector<double> output;
  const char* refusal = "";
};

std::string Row(const std::vector<double>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    out += (i ? ", " : "") + std::to_string(values[i]);
  }
  return out + "]";
}

std::string SceneText(const Case& c) {
  std::string text = std::string(c.scene) + "input: {size: [1, " + std::to_string(c.input.size()) +
                     "], values: [" + Row(c.input) + "]}\n" + "kernel: {size: [1, " +
                     std::to_string(c.kernel) + "]";
  if (!c.weights.empty()) text += ", values: [" + Row(c.weights) + "]";
  return text + "}\n";
}

const Case kCases[] = {
    // ----- max pooling, x = [3, 1, 4, 1, 5] -----
    {"MaxFloor",
     "operation: max_pooling\nstride: 2\n",
     {3, 1, 4, 1, 5},
     2,
     {},
     // o = floor((5 - 2) / 2) + 1 = 2: windows [0, 1], [2, 3].
     {3, 4}},
    {"MaxCeilHangsPastInput",
     "operation: max_pooling\nstride: 2\nceil_mode: true\n",
     {3, 1, 4, 1, 5},
     2,
     {},
     // o = floor((5 - 2 + 1) / 2) + 1 = 3; (3-1)*2 = 4 < 5 + 0 keeps it: window [4, 5] hangs
     // one cell past the input and takes 5.
     {3, 4, 5}},
    {"MaxCeilLastWindowInRightPaddingDropped",
     "operation: max_pooling\nstride: [1, 2]\npadding: [0, 1]\nceil_mode: true\n",
     {3, 1, 4, 1, 5},
     2,
     {},
     // o = floor((5 + 2 - 2 + 1) / 2) + 1 = 4, but (4-1)*2 = 6 >= 5 + 1: the last window
     // would start in the right padding, so o = 3: windows from -1, 1, 3.
     {3, 4, 5}},
    {"MaxPaddingAtHalfTheWindow",
     "operation: max_pooling\nstride: [1, 2]\npadding: [0, 1]\n",
     {3, 1, 4, 1, 5},
     3,
     {},
     // p = 1 <= 3/2. o = floor((5 + 2 - 3) / 2) + 1 = 3: windows [-1, 1], [1, 3], [3, 5].
     {3, 4, 5}},
    {"MaxPaddingOverHalfTheWindow",
     "operation: max_pooling\nstride: [1, 2]\npadding: [0, 2]\n",
     {3, 1, 4, 1, 5},
     3,
     {},
     {},
     // pad should be at most half of effective kernel size: 2 > 3/2.
     "pooling padding must be at most half the window size, as in PyTorch"},
    {"MaxPaddingUpToHalfTheDilatedWindow",
     "operation: max_pooling\ndilation: [1, 3]\npadding: [0, 2]\n",
     {3, 1, 4, 1, 5},
     2,
     {},
     // k_eff = 3*(2-1)+1 = 4, p = 2 <= 4/2 (PyTorch checks the effective size; 2 > k/2 = 1
     // would be refused by a check on k). o = (5 + 4 - 4) + 1 = 6; window j taps j-2 and
     // j+1: (-2, 1) -> 1, (-1, 2) -> 4, (0, 3) -> 3, (1, 4) -> 5, (2, 5) -> 4, (3, 6) -> 1.
     {1, 4, 3, 5, 4, 1}},
    {"MaxDilatedWindowMissingTheInput",
     "operation: max_pooling\ndilation: [1, 3]\npadding: [0, 2]\n",
     {7},
     2,
     {},
     {},
     // o = 1 + 4 - 4 + 1 = 2; window 0 taps -2 and 1, both padding: PyTorch gives -inf.
     "PyTorch's max pooling would output -inf there"},
    {"MaxCeilWindowLargerThanInput",
     "operation: max_pooling\nstride: [1, 3]\nceil_mode: true\n",
     {3, 1, 4},
     4,
     {},
     // k_eff 4 > 3, but o = floor((3 - 4 + 2) / 3) + 1 = 1 and 0 < 3: one window over it all.
     {4}},
    {"MaxCeilWindowLargerThanInputStride2",
     "operation: max_pooling\nstride: [1, 2]\nceil_mode: true\n",
     {3, 1, 4},
     4,
     {},
     // o = floor((3 - 4 + 1) / 2) + 1 = 1.
     {4}},
    {"MaxCeilWindowTooLarge",
     "operation: max_pooling\nstride: [1, 2]\nceil_mode: true\n",
     {3, 1, 4},
     5,
     {},
     {},
     // o = floor((3 - 5 + 1) / 2) + 1 = floor(-1/2) + 1 = 0: output size is too small.
     "even with ceil_mode"},
    {"MaxFloorWindowLargerThanInput",
     "operation: max_pooling\nstride: [1, 3]\n",
     {3, 1, 4},
     4,
     {},
     {},
     "does not fit the 1x3 input"},

    // ----- average pooling -----
    {"AvgCeilIncludePad",
     "operation: average_pooling\nstride: [1, 2]\npadding: [0, 1]\nceil_mode: true\n"
     "count_include_pad: true\n",
     {3, 1, 4, 1, 5},
     2,
     {},
     // o = 3 (as MaxCeilLastWindowInRightPaddingDropped). Window -1: hend = min(1, 6) = 1,
     // pool_size 2: 3/2; window 1: (1+4)/2; window 3: (1+5)/2.
     {1.5, 2.5, 3}},
    {"AvgCeilExcludePad",
     "operation: average_pooling\nstride: [1, 2]\npadding: [0, 1]\nceil_mode: true\n",
     {3, 1, 4, 1, 5},
     2,
     {},
     // count_include_pad off: window -1 divides by its one input cell.
     {3, 2.5, 3}},
    {"AvgCeilDivisorPastThePaddedInputIncludePad",
     "operation: average_pooling\nstride: [1, 2]\npadding: [0, 1]\nceil_mode: true\n"
     "count_include_pad: true\n",
     {3, 1, 4, 1},
     3,
     {},
     // o = floor((4 + 2 - 3 + 1) / 2) + 1 = 3, (3-1)*2 = 4 < 4 + 1. Window 3 covers 3, 4, 5:
     // hend = min(3 + 3, 4 + 1) = 5, pool_size = 2 (cell 5 lies past the padded input):
     // 1/2. Window -1: hend = min(2, 5) = 2, pool_size 3: (3+1)/3. Window 1: (1+4+1)/3.
     {4.0 / 3, 2, 0.5}},
    {"AvgCeilDivisorPastThePaddedInputExcludePad",
     "operation: average_pooling\nstride: [1, 2]\npadding: [0, 1]\nceil_mode: true\n",
     {3, 1, 4, 1},
     3,
     {},
     // The same windows divided by their input cells: 4/2, 6/3, 1/1.
     {2, 2, 1}},
    {"AvgCeilWindowLargerThanInput",
     "operation: average_pooling\nstride: [1, 3]\nceil_mode: true\ncount_include_pad: true\n",
     {3, 1, 4},
     4,
     {},
     // o = 1; hend = min(0 + 4, 3 + 0) = 3: pool_size 3 either way: 8/3.
     {8.0 / 3}},
    {"AvgOneCellInput",
     "operation: average_pooling\npadding: [0, 1]\ncount_include_pad: true\n",
     {7},
     2,
     {},
     // o = 1 + 2 - 2 + 1 = 2; both windows hold the input cell and one padding cell.
     {3.5, 3.5}},
    {"AvgPaddingOverHalf",
     "operation: average_pooling\npadding: [0, 2]\n",
     {3, 1, 4, 1, 5},
     3,
     {},
     {},
     "more than floor(3 / 2) = 1"},

    // ----- convolution -----
    {"ConvDilatedKernelLargerThanInput",
     "operation: convolution\ndilation: [1, 2]\n",
     {3, 1, 4, 1},
     3,
     {1, 1, 1},
     {},
     // Kernel size can't be greater than actual input size: k_eff = 5 > 4.
     "a kernel may not be larger than the padded input"},
    {"ConvDilatedKernelFitsPaddedInput",
     "operation: convolution\ndilation: [1, 2]\nstride: [1, 2]\n"
     "padding: [0, 1]\n",
     {3, 1, 4, 1, 5},
     2,
     {1, 2},
     // k_eff = 3, o = floor((7 - 3) / 2) + 1 = 3; output j taps 2j-1 and 2j+1:
     // 0*1 + 1*2, 1*1 + 1*2, 1*1 + 0*2.
     {2, 3, 1}},
    {"ConvPaddingLargerThanKernel",
     "operation: convolution\npadding: [0, 3]\n",
     {2},
     1,
     {5},
     // Convolution padding has no upper bound: o = 1 + 6 - 1 + 1 = 7.
     {0, 0, 0, 10, 0, 0, 0}},

    // ----- transposed convolution -----
    {"TransposedOutputPadding",
     "operation: transposed_convolution\nstride: [1, 2]\n"
     "output_padding: [0, 1]\n",
     {1, 2},
     2,
     {1, 10},
     // o' = 2*(2-1) + 1 + 2 = 5: [1, 10, 2, 20, 0], the last cell added by a.
     {1, 10, 2, 20, 0}},
    {"TransposedOutputPaddingEqualToStride",
     "operation: transposed_convolution\nstride: [1, 2]\n"
     "output_padding: [0, 2]\n",
     {1, 2},
     2,
     {1, 10},
     {},
     // output padding must be smaller than either stride or dilation: 2 >= max(2, 1).
     "smaller than max(stride, dilation)"},
    {"TransposedOutputPaddingBelowDilation",
     "operation: transposed_convolution\nstride: [1, 2]\n"
     "dilation: [1, 3]\noutput_padding: [0, 2]\n",
     {1, 2},
     2,
     {1, 10},
     // 2 < max(2, 3). o' = 2*1 + 2 + 3*1 + 1 = 8: x0 at 0 and 3, x1 at 2 and 5.
     {1, 0, 2, 10, 0, 20, 0, 0}},
    {"TransposedPaddingBeyondTheKernelReach",
     "operation: transposed_convolution\nstride: [1, 3]\n"
     "padding: [0, 2]\n",
     {1, 2, 3, 4},
     2,
     {1, 10},
     // Full output (3*3 + 2 = 11 cells): [1, 10, 0, 2, 20, 0, 3, 30, 0, 4, 40]; padding 2 > k-1
     // crops 2 from each end: o' = 7.
     {0, 2, 20, 0, 3, 30, 0}},
    {"TransposedPaddingCropsEverything",
     "operation: transposed_convolution\npadding: [0, 2]\n",
     {1, 2},
     3,
     {1, 1, 1},
     {},
     // o' = 1 + 3 - 4 = 0: Output size is too small.
     "crops the whole output"},
};

class PyTorchRules : public ::testing::TestWithParam<Case> {};

TEST_P(PyTorchRules, ValidityAndValues) {
  const Case& c = GetParam();
  const std::string text = SceneText(c);
  SCOPED_TRACE(text);
  Scene scene;
  const Status status = ParseScene(text, "edge.yaml", &scene);
  if (c.output.empty()) {
    ASSERT_FALSE(status.ok()) << "PyTorch refuses this";
    EXPECT_EQ(ExitCodeFor(status), kExitInvalid);
    EXPECT_GT(status.where().line, 0) << status.ToString();
    EXPECT_NE(status.message().find(c.refusal), std::string::npos) << status.ToString();
    return;
  }
  ASSERT_TRUE(status.ok()) << status.ToString();
  Schedule schedule;
  ASSERT_TRUE(Schedule::Build(scene, &schedule).ok());
  ASSERT_EQ(schedule.output_size(), (Pair{1, static_cast<int>(c.output.size())}));
  for (std::size_t j = 0; j < c.output.size(); ++j) {
    EXPECT_NEAR(schedule.output().at(0, 0, static_cast<int>(j)), c.output[j], 1e-12) << "at " << j;
    // The step the renderer draws shows the same number.
    EXPECT_EQ(schedule.StepAt(static_cast<int64_t>(j)).output,
              schedule.output().at(0, 0, static_cast<int>(j)));
  }
}

INSTANTIATE_TEST_SUITE_P(Edges, PyTorchRules, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& param) {
                           return std::string(param.param.name);
                         });

}  // namespace
}  // namespace convanim
