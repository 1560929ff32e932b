// The schedule: one step per output cell, its window on the canvas, the taps and their
// products. Hand-checked steps of the guide's figures, and for many random scenes of
// all four operations every step re-derived and checked against the numerics' output.
#include "core/schedule.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/numerics.h"
#include "core/random.h"
#include "tests/support/tensors.h"

namespace convanim {
namespace {

using testing::Grid;
using testing::kGuideInput;
using testing::kGuideKernel;
using testing::Map;

// [1][1][kH][kW]: one input and one output channel.
Tensor Kernel1(const Grid& rows) { return testing::Kernel({{rows}}); }

// A scene as the loader would resolve it, for one operation.
Scene MakeScene(Operation op, const Tensor& input, const Tensor& kernel, Pair kernel_size) {
  Scene scene;
  scene.operation = op;
  scene.in_channels = input.dim(0);
  scene.input_size = {input.dim(1), input.dim(2)};
  scene.input = input;
  scene.kernel_size = kernel_size;
  scene.kernel = kernel;
  if (op == Operation::kConvolution) {
    scene.out_channels = kernel.dim(0);
  } else if (op == Operation::kTransposedConvolution) {
    scene.out_channels = kernel.dim(1);  // groups = 1 unless the test sets them
  } else {
    scene.out_channels = input.dim(0);
  }
  return scene;
}

std::vector<double> Field(const Step& step, double Tap::*field) {
  std::vector<double> out;
  for (const Tap& tap : step.taps) out.push_back(tap.*field);
  return out;
}

std::vector<CellKind> Kinds(const Step& step) {
  std::vector<CellKind> out;
  for (const Tap& tap : step.taps) out.push_back(tap.kind);
  return out;
}

constexpr CellKind I = CellKind::kInput;
constexpr CellKind Pd = CellKind::kPadding;
constexpr CellKind Z = CellKind::kInsertedZero;
constexpr CellKind O = CellKind::kOutside;

std::vector<CellKind> AxisKinds(const CanvasAxis& axis) {
  std::vector<CellKind> out;
  for (int c = 0; c < axis.length; ++c) out.push_back(axis.KindAt(c));
  return out;
}

// ---------------------------------------------------------------------------
// Hand-checked steps.

TEST(ScheduleGuide, NoPaddingNoStridesFirstStep) {
  const Scene scene =
      MakeScene(Operation::kConvolution, Map(kGuideInput), Kernel1(kGuideKernel), {3, 3});
  Schedule schedule;
  ASSERT_TRUE(Schedule::Build(scene, &schedule).ok());
  EXPECT_EQ(schedule.step_count(), 9);
  EXPECT_EQ(schedule.output_size(), (Pair{3, 3}));
  EXPECT_EQ(schedule.canvas().rows.length, 5);
  EXPECT_EQ(schedule.canvas().rows.lead, 0);

  const Step first = schedule.StepAt(0);
  EXPECT_EQ(first.window_origin, (Pair{0, 0}));
  EXPECT_EQ(first.window_extent, (Pair{3, 3}));
  EXPECT_EQ(first.tap_spacing, (Pair{1, 1}));
  EXPECT_EQ(Field(first, &Tap::value), (std::vector<double>{3, 3, 2, 0, 0, 1, 3, 1, 2}));
  EXPECT_EQ(Field(first, &Tap::weight), (std::vector<double>{0, 1, 2, 2, 2, 0, 0, 1, 2}));
  EXPECT_EQ(Field(first, &Tap::product), (std::vector<double>{0, 3, 4, 0, 0, 0, 0, 1, 4}));
  EXPECT_EQ(first.output, 12.0);

  // Row by row: step 5 is output row 1, column 2 (the guide's 19).
  const Step fifth = schedule.StepAt(5);
  EXPECT_EQ(fifth.out_row, 1);
  EXPECT_EQ(fifth.out_col, 2);
  EXPECT_EQ(fifth.window_origin, (Pair{1, 2}));
  EXPECT_EQ(fifth.output, 19.0);
}

TEST(ScheduleGuide, PaddingStridesWindowsOnThePaddedInput) {
  Scene scene = MakeScene(Operation::kConvolution, Map(kGuideInput), Kernel1(kGuideKernel), {3, 3});
  scene.stride = {2, 2};
  scene.padding = Padding{1, 1, 1, 1};
  Schedule schedule;
  ASSERT_TRUE(Schedule::Build(scene, &schedule).ok());
  EXPECT_EQ(schedule.canvas().rows.length, 7);
  EXPECT_EQ(schedule.canvas().cols.lead, 1);
  EXPECT_EQ(AxisKinds(schedule.canvas().rows), (std::vector<CellKind>{Pd, I, I, I, I, I, Pd}));

  const Step first = schedule.StepAt(0);
  EXPECT_EQ(first.window_origin, (Pair{0, 0}));
  EXPECT_EQ(Kinds(first), (std::vector<CellKind>{Pd, Pd, Pd, Pd, I, I, Pd, I, I}));
  EXPECT_EQ(Field(first, &Tap::value), (std::vector<double>{0, 0, 0, 0, 3, 3, 0, 0, 0}));
  EXPECT_EQ(first.output, 6.0);

  const Step last = schedule.StepAt(8);
  EXPECT_EQ(last.window_origin, (Pair{4, 4}));
  EXPECT_EQ(Kinds(last), (std::vector<CellKind>{I, I, Pd, I, I, Pd, Pd, Pd, Pd}));
  EXPECT_EQ(last.output, 4.0);
}

TEST(ScheduleGuide, PaddingStridesTransposedCanvas) {
  // The transpose of i = 5, k = 3, s = 2, p = 1: i' = 3, output 5. Its equivalent:
  // the 3 units stretched to 5 (one zero between), padded by p' = k - p - 1 = 1.
  Tensor input = Map({{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});
  Scene scene = MakeScene(Operation::kTransposedConvolution, input, Kernel1(kGuideKernel), {3, 3});
  scene.stride = {2, 2};
  scene.padding = Padding{1, 1, 1, 1};
  Schedule schedule;
  ASSERT_TRUE(Schedule::Build(scene, &schedule).ok());
  EXPECT_EQ(schedule.step_count(), 25);
  EXPECT_EQ(AxisKinds(schedule.canvas().rows), (std::vector<CellKind>{Pd, I, Z, I, Z, I, Pd}));
  EXPECT_EQ(schedule.canvas().rows.spacing, 2);
  EXPECT_EQ(schedule.canvas().rows.InputIndexAt(5), 2);
  EXPECT_EQ(schedule.canvas().rows.InputIndexAt(2), -1);
  EXPECT_EQ(schedule.canvas().KindAt(2, 1), Z);
  EXPECT_EQ(schedule.canvas().KindAt(0, 1), Pd);

  // Output (0,0): the window at canvas (0,0) sees only unit (0,0) = 1, under its
  // centre tap, which applies the flipped kernel's centre: kernel[1][1] = 2.
  const Step first = schedule.StepAt(0);
  EXPECT_EQ(first.window_origin, (Pair{0, 0}));
  EXPECT_EQ(Kinds(first), (std::vector<CellKind>{Pd, Pd, Pd, Pd, I, Z, Pd, Z, Z}));
  EXPECT_EQ(first.taps[4].kernel_row, 1);
  EXPECT_EQ(first.taps[4].kernel_col, 1);
  EXPECT_EQ(first.output, 2.0);
  // Output (1,1): units (0,0), (0,1), (1,0), (1,1) at the window's corners, under the
  // flipped kernel's corners, i.e. kernel[2][2], kernel[2][0], kernel[0][2], kernel[0][0]:
  // 1*2 + 2*0 + 4*2 + 5*0 = 10.
  const Step middle = schedule.StepAt(6);
  EXPECT_EQ(middle.window_origin, (Pair{1, 1}));
  EXPECT_EQ(middle.taps[0].kernel_row, 2);
  EXPECT_EQ(middle.taps[0].kernel_col, 2);
  EXPECT_EQ(middle.taps[0].value, 1.0);
  EXPECT_EQ(middle.taps[8].kernel_row, 0);
  EXPECT_EQ(middle.taps[8].value, 5.0);
  EXPECT_EQ(middle.output, 10.0);
}

TEST(ScheduleGuide, PaddingStridesOddTransposedHasOutputPaddingAtTheEnd) {
  // i' = 3, k = 3, s = 2, p = 1, a = 1: output 6; p' = 1 at the start, 1 + a = 2 at the end.
  Scene scene = MakeScene(Operation::kTransposedConvolution, Map({{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}),
                          Kernel1(kGuideKernel), {3, 3});
  scene.stride = {2, 2};
  scene.padding = Padding{1, 1, 1, 1};
  scene.output_padding = {1, 1};
  Schedule schedule;
  ASSERT_TRUE(Schedule::Build(scene, &schedule).ok());
  EXPECT_EQ(schedule.output_size(), (Pair{6, 6}));
  EXPECT_EQ(AxisKinds(schedule.canvas().cols), (std::vector<CellKind>{Pd, I, Z, I, Z, I, Pd, Pd}));
  EXPECT_EQ(schedule.StepAt(35).window_origin, (Pair{5, 5}));
}

TEST(ScheduleTransposed, NegativeEquivalentPaddingCropsWhereWindowsStart) {
  // 1 x 4 input, k = 2, s = 1, padding begin 2, end 0: output 3 + 1 + 1 - 2 = 3.
  // p' = 1 - 2 = -1 at the start (crop one unit), 1 at the end. The canvas keeps all
  // four units (lead 0) and one padding cell at the end; windows start at 1, 2, 3.
  Scene scene =
      MakeScene(Operation::kTransposedConvolution, Map({{1, 2, 3, 4}}), Kernel1({{10, 1}}), {1, 2});
  scene.padding = Padding{0, 2, 0, 0};
  Schedule schedule;
  ASSERT_TRUE(Schedule::Build(scene, &schedule).ok());
  EXPECT_EQ(schedule.output_size(), (Pair{1, 3}));
  EXPECT_EQ(AxisKinds(schedule.canvas().cols), (std::vector<CellKind>{I, I, I, I, Pd}));
  // Full output of [1 2 3 4] scattering [10 1]: [10, 21, 32, 43, 4]; cropped by 2: 32, 43, 4.
  const double expected[] = {32, 43, 4};
  for (int n = 0; n < 3; ++n) {
    const Step step = schedule.StepAt(n);
    EXPECT_EQ(step.window_origin[kAxisW], n + 1);
    EXPECT_EQ(step.output, expected[n]);
  }
}

TEST(ScheduleTransposed, SingleUnitTapsTheKernelCellItLandsOn) {
  // A single unit scatters one copy of the kernel: output (r, c) = x * kernel[r][c], and
  // the one input tap of step (r, c) names kernel_row r and kernel_col c.
  Scene scene =
      MakeScene(Operation::kTransposedConvolution, Map({{2}}), Kernel1(kGuideKernel), {3, 3});
  Schedule schedule;
  ASSERT_TRUE(Schedule::Build(scene, &schedule).ok());
  EXPECT_EQ(schedule.canvas().rows.lead, 2);
  EXPECT_EQ(schedule.canvas().rows.length, 5);
  for (int n = 0; n < schedule.step_count(); ++n) {
    const Step step = schedule.StepAt(n);
    int inputs = 0;
    for (const Tap& tap : step.taps) {
      if (tap.kind != CellKind::kInput) continue;
      ++inputs;
      EXPECT_EQ(tap.kernel_row, step.out_row);
      EXPECT_EQ(tap.kernel_col, step.out_col);
      EXPECT_EQ(tap.weight, kGuideKernel[static_cast<std::size_t>(step.out_row)]
                                        [static_cast<std::size_t>(step.out_col)]);
    }
    EXPECT_EQ(inputs, 1);
    EXPECT_EQ(step.output, 2 * kGuideKernel[static_cast<std::size_t>(step.out_row)]
                                           [static_cast<std::size_t>(step.out_col)]);
  }
}

TEST(SchedulePooling, MaxSelectsTheFirstMaximum) {
  Scene scene = MakeScene(Operation::kMaxPooling, Map({{5, 1, 5}, {5, 5, 0}}), Tensor(), {2, 2});
  Schedule schedule;
  ASSERT_TRUE(Schedule::Build(scene, &schedule).ok());
  // Window (0,0) = 5 1 / 5 5: the first 5 (tap 0). Window (0,1) = 1 5 / 5 0: tap 1.
  EXPECT_EQ(schedule.StepAt(0).selected_tap, 0);
  EXPECT_EQ(schedule.StepAt(1).selected_tap, 1);
  EXPECT_EQ(schedule.StepAt(1).output, 5.0);
}

TEST(SchedulePooling, MaxNeverSelectsPadding) {
  Scene scene = MakeScene(Operation::kMaxPooling, Map({{-5, -2}}), Tensor(), {1, 2});
  scene.padding = Padding{0, 1, 0, 1};
  Schedule schedule;
  ASSERT_TRUE(Schedule::Build(scene, &schedule).ok());
  const Step first = schedule.StepAt(0);  // taps: padding, -5
  EXPECT_FALSE(first.taps[0].counted);
  EXPECT_TRUE(first.taps[1].counted);
  EXPECT_EQ(first.selected_tap, 1);
  EXPECT_EQ(first.output, -5.0);
}

TEST(SchedulePooling, AverageCeilModeDivisors) {
  // The guide's input, k = 3, s = 2, padding top 1, left 0, bottom 0, right 1, ceil_mode.
  // The last step, output (2,2), has its window at canvas (4,4): rows 4, 5 are input rows
  // 3, 4 and row 6 hangs past the padded input (which ends at 1 + 5 + 0 = 6); column 4 is
  // input column 4, column 5 right padding and column 6 hangs past (0 + 5 + 1 = 6). As
  // PyTorch's avg_pool2d: pool_size = (min(3 + 3, 5 + 0) - 3) * (min(4 + 3, 5 + 1) - 4) = 4.
  Scene scene = MakeScene(Operation::kAveragePooling, Map(kGuideInput), Tensor(), {3, 3});
  scene.stride = {2, 2};
  scene.padding = Padding{1, 0, 0, 1};
  scene.ceil_mode = true;
  scene.count_include_pad = true;
  Schedule schedule;
  ASSERT_TRUE(Schedule::Build(scene, &schedule).ok());
  EXPECT_EQ(schedule.canvas().rows.length, 7);  // 6 padded + 1 cell of ceil overhang
  EXPECT_EQ(schedule.canvas().cols.length, 7);
  Step last = schedule.StepAt(8);
  EXPECT_EQ(last.window_origin, (Pair{4, 4}));
  std::vector<bool> counted;
  for (const Tap& tap : last.taps) counted.push_back(tap.counted);
  EXPECT_EQ(counted,
            (std::vector<bool>{true, true, false, true, true, false, false, false, false}));
  EXPECT_EQ(last.divisor, 4.0);
  EXPECT_DOUBLE_EQ(last.output, 3.0 / 4);  // input (3,4) = 2 and (4,4) = 1

  scene.count_include_pad = false;
  ASSERT_TRUE(Schedule::Build(scene, &schedule).ok());
  last = schedule.StepAt(8);
  counted.clear();
  for (const Tap& tap : last.taps) counted.push_back(tap.counted);
  EXPECT_EQ(counted,
            (std::vector<bool>{true, false, false, true, false, false, false, false, false}));
  EXPECT_EQ(last.divisor, 2.0);
  EXPECT_DOUBLE_EQ(last.output, 3.0 / 2);
}

TEST(ScheduleOrder, ChannelThenRowThenColumnAndGroups) {
  // groups 2, 4 input channels, 4 output channels, 1x1 kernels on a 2x3 input.
  Tensor input({4, 2, 3});
  for (std::size_t i = 0; i < input.size(); ++i) input.data()[i] = static_cast<double>(i);
  Tensor kernel({4, 2, 1, 1});
  for (std::size_t i = 0; i < kernel.size(); ++i) kernel.data()[i] = static_cast<double>(i + 1);
  Scene scene = MakeScene(Operation::kConvolution, input, kernel, {1, 1});
  scene.groups = 2;
  Schedule schedule;
  ASSERT_TRUE(Schedule::Build(scene, &schedule).ok());
  EXPECT_EQ(schedule.step_count(), 4 * 2 * 3);
  const Step step = schedule.StepAt(3 * 6 + 4);  // channel 3, row 1, column 1
  EXPECT_EQ(step.out_channel, 3);
  EXPECT_EQ(step.out_row, 1);
  EXPECT_EQ(step.out_col, 1);
  EXPECT_EQ(step.group, 1);
  ASSERT_EQ(step.taps.size(), 2u);
  EXPECT_EQ(step.taps[0].in_channel, 2);
  EXPECT_EQ(step.taps[1].in_channel, 3);
  // input[2][1][1] = 2*6 + 4 = 16, input[3][1][1] = 22; weights kernel[3][0], kernel[3][1]
  // = 7, 8: 16*7 + 22*8 = 288.
  EXPECT_EQ(step.output, 288.0);
}

TEST(ScheduleBuild, RefusesAWindowLargerThanThePaddedInput) {
  const Scene scene =
      MakeScene(Operation::kConvolution, Map({{1, 2}}), Kernel1({{1, 1, 1}}), {1, 3});
  Schedule schedule;
  const Status status = Schedule::Build(scene, &schedule);
  EXPECT_EQ(status.code(), Status::Code::kInvalidScene);
}

TEST(ScheduleBuild, AnUnbuiltScheduleIsEmpty) {
  const Schedule schedule;
  EXPECT_EQ(schedule.step_count(), 0);
  EXPECT_EQ(schedule.output_size(), (Pair{0, 0}));
  EXPECT_EQ(schedule.output_channels(), 0);
}

TEST(ScheduleBuild, RefusesTensorsThatDoNotMatchTheSizes) {
  Scene scene = MakeScene(Operation::kConvolution, Map(kGuideInput), Kernel1(kGuideKernel), {3, 3});
  scene.kernel = Tensor({1, 1, 2, 2});
  Schedule schedule;
  EXPECT_EQ(Schedule::Build(scene, &schedule).code(), Status::Code::kInternal);
}

// ---------------------------------------------------------------------------
// Every step of many random scenes, re-derived from the scene and the canvas.

Tensor RandomTensor(std::vector<int> shape, SplitMix64& rng) {
  Tensor t(shape);
  for (double& v : t.data()) v = static_cast<double>(rng.UniformInt(-20, 20)) / 4.0;
  return t;
}

int Rand(SplitMix64& rng, int low, int high) { return static_cast<int>(rng.UniformInt(low, high)); }

// Checks one schedule step by step; returns the number of steps checked.
int64_t CheckEveryStep(const Scene& scene, const Schedule& schedule) {
  const Tensor expected_output = Evaluate(scene);
  EXPECT_TRUE(schedule.output() == expected_output);
  const int out_h = schedule.output_size()[kAxisH], out_w = schedule.output_size()[kAxisW];
  EXPECT_EQ(schedule.step_count(), static_cast<int64_t>(expected_output.dim(0)) * out_h * out_w);
  const Canvas& canvas = schedule.canvas();
  const bool transposed = scene.operation == Operation::kTransposedConvolution;
  const bool pooling = IsPooling(scene.operation);
  const int kh = scene.kernel_size[kAxisH], kw = scene.kernel_size[kAxisW];
  const int dh = scene.dilation[kAxisH], dw = scene.dilation[kAxisW];
  const int in_per_group = pooling ? 1 : scene.in_channels / scene.groups;
  const int out_per_group = pooling ? 1 : scene.out_channels / scene.groups;

  // The canvas: the padded input (conv, pooling), the stretched padded input (transposed).
  for (int axis : {kAxisH, kAxisW}) {
    const CanvasAxis& ca = axis == kAxisH ? canvas.rows : canvas.cols;
    const std::size_t a = static_cast<std::size_t>(axis);
    const int i = scene.input_size[a], s = scene.stride[a];
    const int k_eff = scene.dilation[a] * (scene.kernel_size[a] - 1) + 1;
    const int pb = scene.padding.Begin(axis), pe = scene.padding.End(axis);
    EXPECT_EQ(ca.input, i);
    if (transposed) {
      const int pb_eq = k_eff - 1 - pb, pe_eq = k_eff - 1 - pe + scene.output_padding[a];
      EXPECT_EQ(ca.spacing, s);
      EXPECT_EQ(ca.lead, std::max(pb_eq, 0));
      EXPECT_EQ(ca.length, std::max(pb_eq, 0) + s * (i - 1) + 1 + std::max(pe_eq, 0));
    } else {
      const int out = schedule.output_size()[a];
      EXPECT_EQ(ca.spacing, 1);
      EXPECT_EQ(ca.lead, pb);
      EXPECT_EQ(ca.length, std::max(pb + i + pe, (out - 1) * s + k_eff));
    }
    int units = 0;
    for (int c = 0; c < ca.length; ++c) {
      if (ca.KindAt(c) == CellKind::kInput) {
        EXPECT_EQ(ca.InputIndexAt(c), units);
        ++units;
      }
    }
    EXPECT_EQ(units, i);
  }

  const Pair first_origin = schedule.StepAt(0).window_origin;
  for (int64_t n = 0; n < schedule.step_count(); ++n) {
    const Step step = schedule.StepAt(n);
    SCOPED_TRACE("step " + std::to_string(n));
    EXPECT_EQ(step.index, n);
    EXPECT_EQ(step.out_channel, n / (out_h * out_w));
    EXPECT_EQ(step.out_row, (n / out_w) % out_h);
    EXPECT_EQ(step.out_col, n % out_w);
    EXPECT_EQ(step.output, expected_output.at(step.out_channel, step.out_row, step.out_col));
    EXPECT_EQ(step.window_extent, (Pair{dh * (kh - 1) + 1, dw * (kw - 1) + 1}));
    EXPECT_EQ(step.tap_spacing, (Pair{dh, dw}));
    EXPECT_GE(step.window_origin[kAxisH], 0);
    EXPECT_GE(step.window_origin[kAxisW], 0);
    EXPECT_LE(step.window_origin[kAxisH] + step.window_extent[kAxisH], canvas.rows.length);
    EXPECT_LE(step.window_origin[kAxisW] + step.window_extent[kAxisW], canvas.cols.length);
    if (transposed) {
      // Unit stride: consecutive outputs move the window by one canvas cell.
      EXPECT_EQ(step.window_origin,
                (Pair{first_origin[0] + step.out_row, first_origin[1] + step.out_col}));
    } else {
      EXPECT_EQ(step.window_origin,
                (Pair{step.out_row * scene.stride[0], step.out_col * scene.stride[1]}));
    }
    const int group = pooling ? step.out_channel : step.out_channel / out_per_group;
    EXPECT_EQ(step.group, group);
    EXPECT_EQ(step.taps.size(), static_cast<std::size_t>(in_per_group * kh * kw));

    double sum = 0.0, counted_sum = 0.0;
    int counted = 0;
    double best = 0.0;
    int first_best = -1;
    std::size_t t = 0;
    for (int c = 0; c < in_per_group; ++c) {
      for (int u = 0; u < kh; ++u) {
        for (int v = 0; v < kw; ++v, ++t) {
          if (t >= step.taps.size()) return n;
          const Tap& tap = step.taps[t];
          const int in_channel = pooling ? step.out_channel : group * in_per_group + c;
          EXPECT_EQ(tap.in_channel, in_channel);
          EXPECT_EQ(tap.canvas_row, step.window_origin[0] + u * dh);
          EXPECT_EQ(tap.canvas_col, step.window_origin[1] + v * dw);
          EXPECT_EQ(tap.kind, canvas.KindAt(tap.canvas_row, tap.canvas_col));
          const double value =
              tap.kind == CellKind::kInput
                  ? scene.input.at(in_channel, canvas.rows.InputIndexAt(tap.canvas_row),
                                   canvas.cols.InputIndexAt(tap.canvas_col))
                  : 0.0;
          EXPECT_EQ(tap.value, value);
          if (pooling) {
            EXPECT_EQ(tap.weight, 1.0);
            EXPECT_EQ(tap.product, value);
            const bool in_padded =
                tap.canvas_row < canvas.rows.lead + canvas.rows.input + scene.padding.bottom &&
                tap.canvas_col < canvas.cols.lead + canvas.cols.input + scene.padding.right;
            const bool expect_counted =
                tap.kind == CellKind::kInput || (scene.operation == Operation::kAveragePooling &&
                                                 scene.count_include_pad && in_padded);
            EXPECT_EQ(tap.counted, expect_counted);
            EXPECT_EQ(tap.kind == CellKind::kOutside, !in_padded);
          } else {
            const int kr = transposed ? kh - 1 - u : u, kc = transposed ? kw - 1 - v : v;
            EXPECT_EQ(tap.kernel_row, kr);
            EXPECT_EQ(tap.kernel_col, kc);
            const double weight =
                transposed ? scene.kernel.at(in_channel, step.out_channel % out_per_group, kr, kc)
                           : scene.kernel.at(step.out_channel, c, kr, kc);
            EXPECT_EQ(tap.weight, weight);
            EXPECT_EQ(tap.product, value * weight);
            EXPECT_TRUE(tap.counted);
          }
          sum += tap.product;
          if (tap.counted) {
            counted_sum += tap.product;
            ++counted;
            if (first_best < 0 || tap.value > best) {
              best = tap.value;
              first_best = static_cast<int>(t);
            }
          }
        }
      }
    }
    switch (scene.operation) {
      case Operation::kConvolution:
      case Operation::kTransposedConvolution:
        EXPECT_NEAR(sum, step.output, 1e-9);
        break;
      case Operation::kMaxPooling:
        EXPECT_EQ(step.selected_tap, first_best);
        if (first_best >= 0) {
          EXPECT_EQ(step.taps[static_cast<std::size_t>(first_best)].value, step.output);
        } else {
          EXPECT_EQ(step.output, 0.0);
        }
        break;
      case Operation::kAveragePooling:
        EXPECT_EQ(step.divisor, counted > 0 ? static_cast<double>(counted) : 1.0);
        EXPECT_NEAR(counted_sum / step.divisor, step.output, 1e-12);
        break;
    }
    if (::testing::Test::HasFailure()) return n;
  }
  return schedule.step_count();
}

Scene RandomScene(Operation op, SplitMix64& rng) {
  for (;;) {
    Scene scene;
    scene.operation = op;
    const bool pooling = IsPooling(op);
    scene.groups = pooling ? 1 : Rand(rng, 1, 3);
    scene.in_channels = pooling ? Rand(rng, 1, 2) : scene.groups * Rand(rng, 1, 2);
    scene.out_channels = pooling ? scene.in_channels : scene.groups * Rand(rng, 1, 2);
    int pads[2][2];
    for (std::size_t a = 0; a < 2; ++a) {
      scene.input_size[a] = Rand(rng, 1, 7);
      scene.kernel_size[a] = Rand(rng, 1, 4);
      scene.stride[a] = Rand(rng, 1, 3);
      scene.dilation[a] = Rand(rng, 1, 3);
      const int k_eff = scene.dilation[a] * (scene.kernel_size[a] - 1) + 1;
      const int max_pad = pooling ? k_eff / 2 : 4;
      pads[a][0] = Rand(rng, 0, max_pad);
      pads[a][1] = Rand(rng, 0, max_pad);
      if (op == Operation::kTransposedConvolution) {
        scene.output_padding[a] = Rand(rng, 0, std::max(scene.stride[a], scene.dilation[a]) - 1);
      }
    }
    scene.padding = Padding{pads[0][0], pads[1][0], pads[0][1], pads[1][1]};
    scene.ceil_mode = pooling && rng.UniformInt(0, 1) == 1;
    scene.count_include_pad = op == Operation::kAveragePooling && rng.UniformInt(0, 1) == 1;
    AxisArithmetic unused;
    if (!ComputeAxis(AxisOf(scene, kAxisH), &unused).ok() ||
        !ComputeAxis(AxisOf(scene, kAxisW), &unused).ok()) {
      continue;  // the loader refuses these; draw again
    }
    scene.input = RandomTensor({scene.in_channels, scene.input_size[0], scene.input_size[1]}, rng);
    if (op == Operation::kConvolution) {
      scene.kernel = RandomTensor({scene.out_channels, scene.in_channels / scene.groups,
                                   scene.kernel_size[0], scene.kernel_size[1]},
                                  rng);
    } else if (op == Operation::kTransposedConvolution) {
      scene.kernel = RandomTensor({scene.in_channels, scene.out_channels / scene.groups,
                                   scene.kernel_size[0], scene.kernel_size[1]},
                                  rng);
    }
    return scene;
  }
}

class EveryStep : public ::testing::TestWithParam<Operation> {};

TEST_P(EveryStep, OfRandomScenesMatchesTheNumerics) {
  SplitMix64 rng(1000 + static_cast<uint64_t>(GetParam()));
  int64_t steps = 0;
  for (int trial = 0; trial < 1000; ++trial) {
    const Scene scene = RandomScene(GetParam(), rng);
    Schedule schedule;
    const Status status = Schedule::Build(scene, &schedule);
    ASSERT_TRUE(status.ok()) << status.ToString();
    SCOPED_TRACE("trial " + std::to_string(trial));
    steps += CheckEveryStep(scene, schedule);
    if (HasFailure()) return;
  }
  EXPECT_GT(steps, 8000);
}

INSTANTIATE_TEST_SUITE_P(AllOperations, EveryStep,
                         ::testing::Values(Operation::kConvolution,
                                           Operation::kTransposedConvolution,
                                           Operation::kMaxPooling, Operation::kAveragePooling),
                         [](const ::testing::TestParamInfo<Operation>& param_info) {
                           return std::string(OperationName(param_info.param));
                         });

}  // namespace
}  // namespace convanim
