// The backward pass (core/backward.h) and bias: hand-worked gradients of every operation,
// the identities (a convolution's dL/dx is the transposed convolution of dL/dy and the
// matrix's transpose times dL/dy; a transposed convolution's is the direct convolution),
// the scene keys kernel.bias and grad_output, and eval --backward / --matrix through the
// binary. tools/torch_crosscheck.py checks the same against PyTorch's autograd.
#include "core/backward.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "core/linear_map.h"
#include "core/numerics.h"
#include "core/scene_loader.h"
#include "core/schedule.h"
#include "renderer/teaching_text.h"
#include "tests/support/paths.h"
#include "tests/support/run.h"
#include "tests/support/tensors.h"

namespace convanim {
namespace {

using testing::Kernel;
using testing::Map;
using testing::Maps;

OperationParams Params(Pair kernel, Pair stride = {1, 1}, Padding padding = {},
                       Pair dilation = {1, 1}, int groups = 1) {
  OperationParams p;
  p.kernel_size = kernel;
  p.stride = stride;
  p.padding = padding;
  p.dilation = dilation;
  p.groups = groups;
  return p;
}

void ExpectNear(const Tensor& actual, const Tensor& expected, double tolerance = 1e-12) {
  ASSERT_EQ(actual.shape(), expected.shape());
  for (std::size_t i = 0; i < actual.size(); ++i) {
    EXPECT_NEAR(actual.data()[i], expected.data()[i], tolerance) << "at flat index " << i;
  }
}

TEST(Backward, ConvolutionByHand) {
  // y = x * W (2x2 identity-diagonal kernel) over a 3x3 input; dL/dy = 1.
  const Tensor x = Map({{1, 2, 0}, {0, 1, 3}, {2, 2, 1}});
  const Tensor w = Kernel({{{{1, 0}, {0, 1}}}});
  const Tensor g = Map({{1, 1}, {1, 1}});
  const Gradients grads = ConvolutionBackward(x, w, g, Params({2, 2}));
  // dL/dx[i][j]: the weights through which x[i][j] reaches some output.
  ExpectNear(grads.input, Map({{1, 1, 0}, {1, 2, 1}, {0, 1, 1}}));
  // dL/dW[u][v]: the sum of the 2x2 block of x starting at (u, v).
  ExpectNear(grads.weight, Kernel({{{{4, 6}, {5, 7}}}}));
  ExpectNear(grads.bias, Tensor({1}, {4}));
}

TEST(Backward, StridedPaddedConvolutionByHand) {
  // 1-D: x = [1 2 3 4], W = [1 2 3], stride 2, padding 1: windows over [0 1 2 3 4 0] at 0
  // and 2, y = [8, 20]; dL/dy = [1, -1].
  const Tensor x = Map({{1, 2, 3, 4}});
  const Tensor w = Kernel({{{{1, 2, 3}}}});
  const OperationParams p = Params({1, 3}, {1, 2}, Padding{0, 1, 0, 1});
  ExpectNear(Convolution(x, w, p), Map({{8, 20}}));
  const Tensor g = Map({{1, -1}});
  const Gradients grads = ConvolutionBackward(x, w, g, p);
  // x0 meets w1 in window 0; x1 meets w2 (window 0) and w0 (window 1); x2, x3: window 1.
  ExpectNear(grads.input, Map({{2, 3 - 1, -2, -3}}));
  // w0 meets the padding zero and x1; w1 meets x0 and x2; w2 meets x1 and x3.
  ExpectNear(grads.weight, Kernel({{{{0 - 2, 1 - 3, 2 - 4}}}}));
  ExpectNear(grads.bias, Tensor({1}, {0}));
  // (4 + 2 - 3) mod 2 = 1: the transposed convolution needs output_padding 1 to give 4.
  EXPECT_EQ(InputGradientOutputPadding(4, 3, 2, 1, 1, 1), 1);
  OperationParams t = p;
  t.output_padding = {0, 1};
  ExpectNear(TransposedConvolutionScatter(g, w, t), grads.input);
}

TEST(Backward, TransposedConvolutionByHand) {
  // x = [1 2], W = [1 2 3], stride 2: y = [1 2 3 0 0] + [0 0 2 4 6] = [1 2 5 4 6].
  const Tensor x = Map({{1, 2}});
  const Tensor w = Kernel({{{{1, 2, 3}}}});
  const OperationParams p = Params({1, 3}, {1, 2});
  ExpectNear(TransposedConvolutionScatter(x, w, p), Map({{1, 2, 5, 4, 6}}));
  const Tensor g = Map({{1, 0, -1, 2, 1}});
  const Gradients grads = TransposedConvolutionBackward(x, w, g, p);
  // dL/dx[i] = sum_k g[2i + k] W[k]: the direct convolution of g with W, stride 2.
  ExpectNear(grads.input, Map({{1 + 0 - 3, -1 + 4 + 3}}));
  ExpectNear(grads.input, Convolution(g, w, p));
  // dL/dW[k] = sum_i x[i] g[2i + k].
  ExpectNear(grads.weight, Kernel({{{{1 - 2, 0 + 4, -1 + 2}}}}));
  ExpectNear(grads.bias, Tensor({1}, {3}));
}

TEST(Backward, MaxPoolingTieGoesToTheFirstMaximumInScanOrder) {
  // 2x2 windows, stride 1. Window (0,0) holds 3 at (0,0) and (1,1): (0,0) comes first.
  // Window (0,1) holds 3 at (0,2) and (1,1): row 0 is scanned before row 1, so (0,2).
  const Tensor x = Map({{3, 1, 3}, {2, 3, 0}});
  OperationParams p = Params({2, 2});
  ExpectNear(MaxPooling(x, p), Map({{3, 3}}));
  const Gradients grads = MaxPoolingBackward(x, Map({{5, 7}}), p);
  ExpectNear(grads.input, Map({{5, 0, 7}, {0, 0, 0}}));
  EXPECT_TRUE(grads.weight.empty());
  // Overlapping windows that pick the same cell add up there.
  const Tensor flat = Map({{1, 9, 1}});
  p = Params({1, 2});
  ExpectNear(MaxPoolingBackward(flat, Map({{2, 3}}), p).input, Map({{0, 5, 0}}));
}

TEST(Backward, MaxPoolingIgnoresPaddingAndFollowsDilation) {
  // Window 3 dilated by 2 (taps at start, +2, +4), padding 2, stride 3, over 5 cells:
  // windows start at -2 and 1: taps {-2 pad, 0, 2} and {1, 3, 5 pad}.
  const Tensor x = Map({{4, 8, 4, 1, 0}});
  const OperationParams p = Params({1, 3}, {1, 3}, Padding{0, 2, 0, 2}, {1, 2});
  ExpectNear(MaxPooling(x, p), Map({{4, 8}}));
  ExpectNear(MaxPoolingBackward(x, Map({{1, 10}}), p).input, Map({{1, 10, 0, 0, 0}}));
}

TEST(Backward, AveragePoolingCeilModeAndCountIncludePad) {
  // i = 4, window 3, stride 2, padding 1, ceil_mode: windows [-1..1], [1..3], [3..5]; the
  // padded input is [-1..4], so tap 5 of the last window never counts.
  const Tensor x = Map({{1, 2, 3, 4}});
  OperationParams p = Params({1, 3}, {1, 2}, Padding{0, 1, 0, 1});
  p.ceil_mode = true;
  const Tensor g = Map({{6, 3, 2}});
  p.count_include_pad = true;  // divisors 3, 3, 2
  ExpectNear(AveragePooling(x, p), Map({{1, 3, 2}}));
  ExpectNear(AveragePoolingBackward(x, g, p).input, Map({{2, 2 + 1, 1, 1 + 1}}));
  p.count_include_pad = false;  // divisors 2, 3, 1
  ExpectNear(AveragePooling(x, p), Map({{1.5, 3, 4}}));
  ExpectNear(AveragePoolingBackward(x, g, p).input, Map({{3, 3 + 1, 1, 1 + 2}}));
}

TEST(Backward, BiasIsAddedPerOutputChannel) {
  const Tensor x = Map({{1, 2, 3, 4}});
  const Tensor w = Kernel({{{{1, 1}}}, {{{0, 1}}}});  // two output channels
  Tensor y = Convolution(x, w, Params({1, 2}));
  AddBias(Tensor({2}, {0.5, -1}), &y);
  ExpectNear(y, Maps({{{3.5, 5.5, 7.5}}, {{1, 2, 3}}}));
  const Gradients grads =
      ConvolutionBackward(x, w, Maps({{{1, 2, 3}}, {{-1, 0, 4}}}), Params({1, 2}));
  ExpectNear(grads.bias, Tensor({2}, {6, 3}));
}

// --- The identities, on random layers ---

struct Loaded {
  Scene scene;
  Schedule schedule;
};

std::unique_ptr<Loaded> Load(const std::string& text) {
  auto loaded = std::make_unique<Loaded>();
  Status status = ParseScene(text, "<test>", &loaded->scene);
  EXPECT_TRUE(status.ok()) << status.ToString() << "\n" << text;
  if (!status.ok()) return nullptr;
  status = Schedule::Build(loaded->scene, &loaded->schedule);
  EXPECT_TRUE(status.ok()) << status.ToString();
  if (!status.ok()) return nullptr;
  return loaded;
}

// Mᵀ g, with M the scene's matrix (core/linear_map.h).
Tensor TransposeTimes(const LinearMap& map, const Tensor& g, const std::vector<int>& shape) {
  Tensor out(shape);
  for (int64_t r = 0; r < map.rows; ++r) {
    for (const MatrixEntry& e : map.row_entries[static_cast<std::size_t>(r)]) {
      out.data()[static_cast<std::size_t>(e.column)] +=
          e.value * g.data()[static_cast<std::size_t>(r)];
    }
  }
  return out;
}

const char* const kLinearScenes[] = {
    "operation: convolution\ninput: {size: [6, 7], channels: 4, seed: 3, range: [-3, 3]}\n"
    "kernel: {size: [3, 2], out_channels: 2, seed: 4, range: [-2, 2], bias: [1, -2]}\n"
    "stride: [2, 3]\npadding: [1, 0, 2, 1]\ndilation: [1, 2]\ngroups: 2\n"
    "grad_output: {seed: 9}\n",
    "operation: convolution\ninput: {size: 7, seed: 5, range: [-3, 3]}\n"
    "kernel: {size: 3, seed: 6, range: [-2, 2]}\nstride: 2\npadding: same\n"
    "grad_output: {seed: 8}\n",
    "operation: transposed_convolution\ninput: {size: [3, 4], channels: 2, seed: 7}\n"
    "kernel: {size: 3, out_channels: 4, seed: 8, range: [-2, 2], bias: {seed: 5}}\n"
    "stride: [2, 3]\npadding: 1\noutput_padding: [1, 2]\ngroups: 2\n"
    "grad_output: {seed: 4, range: [-5, 5]}\n",
    "operation: transposed_convolution\ninput: {size: 3, seed: 2}\n"
    "kernel: {size: 2, seed: 1}\nstride: 2\ndilation: 2\noutput_padding: 1\n"
    "grad_output: {seed: 6}\n",
    "operation: average_pooling\ninput: {size: [5, 6], channels: 2, seed: 1}\n"
    "kernel: {size: 3}\nstride: 2\npadding: 1\nceil_mode: true\ngrad_output: {seed: 3}\n",
    "operation: average_pooling\ninput: {size: 5, seed: 1}\nkernel: {size: 2}\nstride: 2\n"
    "padding: 1\ncount_include_pad: true\nceil_mode: true\ngrad_output: {seed: 2}\n",
};

TEST(Backward, InputGradientIsTheMatrixTransposeTimesTheOutputGradient) {
  for (const char* text : kLinearScenes) {
    SCOPED_TRACE(text);
    auto loaded = Load(text);
    ASSERT_TRUE(loaded);
    LinearMap map;
    ASSERT_TRUE(BuildLinearMap(loaded->scene, loaded->schedule, &map).ok());
    const Tensor g = GradOutputOf(loaded->scene, loaded->schedule.output_size());
    ASSERT_EQ(g.shape(), loaded->schedule.output().shape());
    const Gradients grads = Backward(loaded->scene, g);
    ExpectNear(grads.input, TransposeTimes(map, g, loaded->scene.input.shape()));
  }
}

TEST(Backward, ConvolutionInputGradientIsATransposedConvolution) {
  std::mt19937 random(7);
  const auto pick = [&random](int low, int high) {
    return std::uniform_int_distribution<int>(low, high)(random);
  };
  for (int trial = 0; trial < 200; ++trial) {
    OperationParams p;
    const int groups = pick(1, 2);
    const int in = groups * pick(1, 2), out = groups * pick(1, 2);
    p.groups = groups;
    p.kernel_size = {pick(1, 3), pick(1, 3)};
    p.stride = {pick(1, 3), pick(1, 3)};
    p.dilation = {pick(1, 2), pick(1, 2)};
    p.padding = Padding{pick(0, 2), pick(0, 2), pick(0, 2), pick(0, 2)};
    const Pair size{pick(1, 7), pick(1, 7)};
    bool fits = true;
    for (int a = 0; a < 2; ++a) {
      const std::size_t i = static_cast<std::size_t>(a);
      fits = fits && size[i] + p.padding.Begin(a) + p.padding.End(a) >=
                         p.dilation[i] * (p.kernel_size[i] - 1) + 1;
    }
    if (!fits) continue;
    Tensor x({in, size[0], size[1]});
    Tensor w({out, in / groups, p.kernel_size[0], p.kernel_size[1]});
    for (double& v : x.data()) v = pick(-3, 3);
    for (double& v : w.data()) v = pick(-3, 3);
    Tensor g = Convolution(x, w, p);
    for (double& v : g.data()) v = pick(-3, 3);
    const Gradients grads = ConvolutionBackward(x, w, g, p);
    // dL/dx: the transposed convolution of g with the same kernel and parameters, its
    // output_padding restoring the input size.
    OperationParams t = p;
    for (int a = 0; a < 2; ++a) {
      const std::size_t i = static_cast<std::size_t>(a);
      t.output_padding[i] =
          InputGradientOutputPadding(size[i], p.kernel_size[i], p.stride[i], p.padding.Begin(a),
                                     p.padding.End(a), p.dilation[i]);
      ASSERT_LT(t.output_padding[i], p.stride[i]);
    }
    ExpectNear(TransposedConvolutionScatter(g, w, t), grads.input);
    // And a transposed convolution's dL/dx is the direct convolution of its dL/dy.
    const Gradients back = TransposedConvolutionBackward(g, w, x, t);
    ExpectNear(back.input, Convolution(x, w, p));
    // dL/dW of the two layers: both pair each input cell with the output cell it meets.
    ExpectNear(back.weight, grads.weight);
  }
}

// --- Scene keys and eval ---

TEST(BackwardScene, BiasAndGradOutputKeys) {
  auto loaded = Load(
      "operation: convolution\ninput: {size: 3, values: [[1, 2, 0], [0, 1, 3], [2, 2, 1]]}\n"
      "kernel: {size: 2, out_channels: 2, values: [[[[1, 0], [0, 1]]], [[[0, 1], [1, 0]]]],\n"
      "  bias: [0.5, -1]}\n"
      "grad_output: {values: [[[1, 0], [0, 1]], [[2, 2], [2, 2]]]}\n");
  ASSERT_TRUE(loaded);
  ExpectNear(loaded->schedule.output(), Maps({{{2.5, 5.5}, {2.5, 2.5}}, {{1, 0}, {2, 4}}}));
  const Step step = loaded->schedule.StepAt(4);  // channel 1, cell (0, 0)
  EXPECT_EQ(step.bias, -1);
  EXPECT_EQ(step.channel_sums[0] + step.bias, step.output);
  const Gradients grads = Backward(loaded->scene, loaded->scene.grad_output);
  ExpectNear(grads.bias, Tensor({2}, {2, 8}));
  // Random bias and dL/dy are integers in their default ranges.
  auto random = Load(
      "operation: transposed_convolution\ninput: {size: 2}\n"
      "kernel: {size: 2, out_channels: 3, bias: {seed: 4}}\ngrad_output: {}\n");
  ASSERT_TRUE(random);
  ASSERT_EQ(random->scene.bias.shape(), std::vector<int>{3});
  for (double b : random->scene.bias.data()) EXPECT_TRUE(b >= -1 && b <= 1 && b == int(b));
  ASSERT_EQ(random->scene.grad_output.shape(), (std::vector<int>{3, 3, 3}));
  for (double v : random->scene.grad_output.data()) EXPECT_TRUE(v >= -2 && v <= 2);
  // Without grad_output, dL/dy is 1 everywhere.
  auto plain = Load("operation: max_pooling\ninput: {size: 3}\nkernel: {size: 2}\n");
  ASSERT_TRUE(plain);
  const Tensor ones = GradOutputOf(plain->scene, plain->schedule.output_size());
  ExpectNear(ones, Map({{1, 1}, {1, 1}}));
}

void ExpectRefused(const std::string& text, const std::string& where, const std::string& says) {
  Scene scene;
  const Status status = ParseScene(text, "s.yaml", &scene);
  ASSERT_FALSE(status.ok()) << text;
  EXPECT_NE(status.ToString().find(where), std::string::npos) << status.ToString();
  EXPECT_NE(status.ToString().find(says), std::string::npos) << status.ToString();
}

TEST(BackwardScene, RefusesBadBiasAndGradOutput) {
  ExpectRefused("operation: convolution\ninput: {size: 3}\nkernel: {size: 2, bias: [1, 2]}\n",
                "s.yaml:3:", "kernel.bias has 2 output channels, expected 1");
  ExpectRefused("operation: max_pooling\ninput: {size: 3}\nkernel: {size: 2, bias: [1]}\n",
                "s.yaml:3:", "'kernel.bias' gives a bias, but max_pooling has none");
  ExpectRefused("operation: convolution\ninput: {size: 3}\nkernel: {size: 2, bias: 1}\n",
                "s.yaml:3:", "kernel.bias must be a list of 1 number");
  ExpectRefused(
      "operation: convolution\nview: matrix\ninput: {size: 3}\nkernel: {size: 2, bias: [1]}\n",
      "s.yaml:4:", "view 'matrix' does not draw a bias yet");
  ExpectRefused(
      "operation: convolution\ninput: {size: 3}\nkernel: {size: 2}\n"
      "grad_output: {values: [[1, 2, 3]]}\n",
      "s.yaml:4:", "grad_output.values has 1 row, expected 2");
  ExpectRefused(
      "operation: convolution\ninput: {size: 3}\nkernel: {size: 2}\n"
      "grad_output: [1]\n",
      "s.yaml:4:", "'grad_output' must be a mapping");
  ExpectRefused(
      "operation: convolution\ninput: {size: 3}\nkernel: {size: 2}\n"
      "grad_output: {seed: 1, values: [[1, 2], [3, 4]]}\n",
      "s.yaml:4:", "has no effect");
}

TEST(BackwardEval, MatrixTransposeTimesGradOutputIsGradInput) {
  const std::string dir = testing::MakeTempDir();
  const std::string path = dir + "/strided.yaml";
  testing::WriteFile(path, kLinearScenes[0]);
  const testing::RunResult run =
      testing::RunConvanim({"eval", "--matrix", "--backward", "--no-steps", path});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json j = nlohmann::json::parse(run.out);
  std::vector<double> g, x, dx, y, b;
  const auto flatten = [](const nlohmann::json& t, std::vector<double>* out, auto& self) -> void {
    if (t.is_array()) {
      for (const auto& item : t) self(item, out, self);
    } else {
      out->push_back(t.get<double>());
    }
  };
  flatten(j["grad_output"], &g, flatten);
  flatten(j["grad_input"], &dx, flatten);
  flatten(j["input"], &x, flatten);
  flatten(j["output"], &y, flatten);
  flatten(j["matrix_bias"], &b, flatten);
  const auto& m = j["matrix"];
  ASSERT_EQ(m.size(), g.size());
  ASSERT_EQ(b.size(), g.size());
  for (std::size_t col = 0; col < dx.size(); ++col) {
    double sum = 0;
    for (std::size_t row = 0; row < g.size(); ++row) sum += m[row][col].get<double>() * g[row];
    EXPECT_NEAR(sum, dx[col], 1e-9) << "input cell " << col;
  }
  // The affine map: y = M x + b.
  for (std::size_t row = 0; row < y.size(); ++row) {
    double sum = b[row];
    for (std::size_t col = 0; col < x.size(); ++col) sum += m[row][col].get<double>() * x[col];
    EXPECT_NEAR(sum, y[row], 1e-9) << "output cell " << row;
  }
  EXPECT_EQ(j["grad_bias"].size(), 2u);
  EXPECT_EQ(j["grad_weight"].size(), 2u);
}

TEST(BackwardEval, PoolingPrintsOnlyTheInputGradient) {
  const std::string dir = testing::MakeTempDir();
  const std::string path = dir + "/pool.yaml";
  testing::WriteFile(path,
                     "operation: max_pooling\ninput: {size: [2, 3], values: [[3, 1, 3], [2, 3, "
                     "0]]}\nkernel: {size: 2}\ngrad_output: {values: [[5, 7]]}\n");
  const testing::RunResult run = testing::RunConvanim({"eval", "--backward", "--no-steps", path});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json j = nlohmann::json::parse(run.out);
  EXPECT_EQ(j["grad_input"], nlohmann::json::parse("[[[5, 0, 7], [0, 0, 0]]]"));
  EXPECT_FALSE(j.contains("grad_weight"));
  EXPECT_FALSE(j.contains("grad_bias"));
}

std::string Joined(const EquationLine& line) {
  std::string text;
  for (const std::string& term : line.terms) text += (text.empty() ? "" : " ") + term;
  return text;
}

TEST(BiasEquation, EndsWithPlusBiasEqualsResult) {
  // One input channel: the products, + bias[0] (0.5, named as PyTorch indexes it; the
  // slice's label gives its value), = result: 2·2 + 3·(−1) + 0.5 = 1.5.
  auto one = Load(
      "operation: convolution\ninput: {size: [1, 3], values: [[1, 2, 3]]}\n"
      "kernel: {size: [1, 2], values: [[2, -1]], bias: [0.5]}\nview: numerical\n");
  ASSERT_TRUE(one);
  bool rounded = false;
  std::vector<EquationLine> lines =
      StepEquation(one->scene, one->schedule, one->schedule.StepAt(1), EquationOptions{}, &rounded);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(Joined(lines[0]), "y[0, 1] = 2\u00B72 + 3\u00B7(\u22121) + bias[0] = 1.5");
  // Two input channels: one line per channel, then the total + b.
  auto two = Load(
      "operation: convolution\ninput: {size: [1, 2], channels: 2, values: [[[1, 2]], [[3, 4]]]}\n"
      "kernel: {size: [1, 2], values: [[[[1, 1]], [[1, 0]]]], bias: [-2]}\n");
  ASSERT_TRUE(two);
  lines =
      StepEquation(two->scene, two->schedule, two->schedule.StepAt(0), EquationOptions{}, &rounded);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(Joined(lines[0]), "channel 0: 1\u00B71 + 2\u00B71 = 3.0");
  EXPECT_EQ(Joined(lines[1]), "channel 1: 3\u00B71 + 4\u00B70 = 3.0");
  EXPECT_EQ(Joined(lines[2]), "y[0, 0] = 3.0 + 3.0 + bias[0] = 4.0");
}

TEST(BackwardExplain, SaysWhichTransposedConvolutionGivesTheInputGradient) {
  testing::RunResult run =
      testing::RunConvanim({"explain", "-i", "6", "-k", "3", "-s", "2", "-p", "1", "--backward"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("dL/dy has 3 cells (the output), dL/dx has 6 (the input)"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("i' = 3, k' = 3, s' = 2, p' = 1, a = 1"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("(6 + 1 + 1 - 3) mod 2 = 1"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("o' = 2*(3 - 1) + 1 + 3 - 2*1 = 6"), std::string::npos) << run.out;
  run = testing::RunConvanim(
      {"explain", "-i", "3", "-k", "3", "-s", "2", "-p", "1", "-t", "-a", "1", "--backward"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("dL/dx is the direct convolution of dL/dy with the same kernel: i = 6, "
                         "k = 3, s = 2, p = 1"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("o = floor((6 + 2*1 - 3) / 2) + 1 = 3"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace convanim
