// Numerics of the four operations: hand-worked cases (the guide's numbers, pooling with
// ceil_mode and count_include_pad), the ONNX backend test cases with their literal
// expected arrays, PyTorch's documented example, and property sweeps (transposed
// scatter == direct, transposed = adjoint of direct, sizes == the arithmetic's).
#include "core/numerics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/arithmetic.h"
#include "core/random.h"
#include "tests/support/tensors.h"

namespace convanim {
namespace {

using testing::Grid;
using testing::Kernel;
using testing::kGuideInput;
using testing::kGuideKernel;
using testing::Map;
using testing::Maps;

Tensor Ones(std::vector<int> shape) {
  Tensor t(shape);
  for (double& v : t.data()) v = 1.0;
  return t;
}

// first, first + 1, ... laid out row-major: the ONNX tests' np.arange inputs.
Tensor Range(std::vector<int> shape, double first) {
  Tensor t(shape);
  double v = first;
  for (double& x : t.data()) x = v++;
  return t;
}

// Builds OperationParams fluently: P().Kernel(3, 3).Stride(2, 2).Ceil().
struct P {
  OperationParams p;
  P& Kernel(int h, int w) {
    p.kernel_size = {h, w};
    return *this;
  }
  P& Stride(int h, int w) {
    p.stride = {h, w};
    return *this;
  }
  P& Pad(int top, int left, int bottom, int right) {
    p.padding = Padding{top, left, bottom, right};
    return *this;
  }
  P& Dilation(int h, int w) {
    p.dilation = {h, w};
    return *this;
  }
  P& OutputPadding(int h, int w) {
    p.output_padding = {h, w};
    return *this;
  }
  P& Groups(int g) {
    p.groups = g;
    return *this;
  }
  P& Ceil(bool on = true) {
    p.ceil_mode = on;
    return *this;
  }
  P& CountIncludePad(bool on = true) {
    p.count_include_pad = on;
    return *this;
  }
  operator OperationParams() const { return p; }  // NOLINT: a builder
};

void ExpectTensorNear(const Tensor& actual, const Tensor& expected, double tolerance = 1e-9) {
  ASSERT_EQ(actual.shape(), expected.shape());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_NEAR(actual.data()[i], expected.data()[i], tolerance) << "at flat index " << i;
  }
}

// ---------------------------------------------------------------------------
// The guide, by hand.

TEST(GuideNumbers, ConvolutionNoPaddingNoStrides) {
  // Figure 1.1: e.g. the top-left cell is
  //   3*0 + 3*1 + 2*2 + 0*2 + 0*2 + 1*0 + 3*0 + 1*1 + 2*2 = 0+3+4+0+0+0+0+1+4 = 12.
  const Tensor out = Convolution(Map(kGuideInput), Kernel({{kGuideKernel}}), P().Kernel(3, 3));
  ExpectTensorNear(out, Map({{12, 12, 17}, {10, 17, 19}, {9, 6, 14}}), 0.0);
}

TEST(GuideNumbers, ConvolutionPaddingOneStrideTwo) {
  // Figure 1.2 (p = 1, s = 2): the window of output (r, c) covers input rows 2r-1..2r+1
  // and columns 2c-1..2c+1; cells outside the input are zero.
  //   (0,0): row 0 cols -1..1 with (2,2,0): 2*0+2*3+0*3 = 6; row 1 with (0,1,2): 0+0+0 = 0 -> 6
  //   (0,1): row 0 cols 1..3 (3,2,1): 6+4+0 = 10; row 1 (0,1,3): 0+1+6 = 7      -> 17
  //   (0,2): row 0 cols 3..5 (1,0,_): 2+0 = 2;   row 1 (3,1,_): 0+1 = 1        -> 3
  //   (1,0): row 1 (_,0,0): 0; row 2 (_,3,1): 0+6+0 = 6; row 3 (_,2,0): 2+0 = 2 -> 8
  //   (1,1): row 1 (0,1,3): 0+1+6 = 7; row 2 (1,2,2): 2+4+0 = 6; row 3 (0,0,2): 4 -> 17
  //   (1,2): row 1 (3,1,_): 1; row 2 (2,3,_): 4+6 = 10; row 3 (2,2,_): 2        -> 13
  //   (2,0): row 3 (_,2,0): 2; row 4 (_,2,0): 2*2 = 4; row 5 padding            -> 6
  //   (2,1): row 3 (0,0,2): 0+0+4 = 4; row 4 (0,0,0): 0                         -> 4
  //   (2,2): row 3 (2,2,_): 0+2 = 2;   row 4 (0,1,_): 0+2 = 2                   -> 4
  const Tensor out = Convolution(Map(kGuideInput), Kernel({{kGuideKernel}}),
                                 P().Kernel(3, 3).Stride(2, 2).Pad(1, 1, 1, 1));
  ExpectTensorNear(out, Map({{6, 17, 3}, {8, 17, 13}, {6, 4, 4}}), 0.0);
}

TEST(GuideNumbers, AveragePooling3x3) {
  // Window sums: (0,0) 3+3+2+0+0+1+3+1+2 = 15, (0,1) 15, (0,2) 15, (1,0) 9, (1,1) 11,
  // (1,2) 16, (2,0) 10, (2,1) 7, (2,2) 12; each divided by 9 (the guide prints 1.7, ...).
  const Tensor out = AveragePooling(Map(kGuideInput), P().Kernel(3, 3));
  ExpectTensorNear(out, Map({{15.0 / 9, 15.0 / 9, 15.0 / 9},
                             {9.0 / 9, 11.0 / 9, 16.0 / 9},
                             {10.0 / 9, 7.0 / 9, 12.0 / 9}}));
}

TEST(GuideNumbers, MaxPooling3x3) {
  const Tensor out = MaxPooling(Map(kGuideInput), P().Kernel(3, 3));
  ExpectTensorNear(out, Map({{3, 3, 3}, {3, 3, 3}, {3, 2, 3}}), 0.0);
}

TEST(GuideNumbers, TransposedOfPaddingStridesRecoversTheInputShape) {
  // The transpose of Figure 1.2's convolution (i = 5, k = 3, s = 2, p = 1) maps 3x3 back
  // to 5x5 (a = (5 + 2 - 3) mod 2 = 0). With a one-hot 3x3 input at (1,1) the output is
  // the kernel placed with its top-left at full-output (2,2), cropped by 1:
  // rows 1..3, cols 1..3 hold the kernel, everything else is 0.
  Tensor one_hot({1, 3, 3});
  one_hot.at(0, 1, 1) = 1.0;
  const OperationParams params = P().Kernel(3, 3).Stride(2, 2).Pad(1, 1, 1, 1);
  const Grid expected = {
      {0, 0, 0, 0, 0}, {0, 0, 1, 2, 0}, {0, 2, 2, 0, 0}, {0, 0, 1, 2, 0}, {0, 0, 0, 0, 0}};
  ExpectTensorNear(TransposedConvolutionScatter(one_hot, Kernel({{kGuideKernel}}), params),
                   Map(expected), 0.0);
  ExpectTensorNear(TransposedConvolutionDirect(one_hot, Kernel({{kGuideKernel}}), params),
                   Map(expected), 0.0);
}

// ---------------------------------------------------------------------------
// Pooling with ceil_mode and count_include_pad, worked out by hand (PyTorch's rules).

TEST(PoolingByHand, OneDimensionalCeilModeBothDivisors) {
  // x = [1 2 3 4 5 6], k = 3, s = 2, p = 1 on both sides, ceil_mode.
  // o = ceil((6 + 2 - 3) / 2) + 1 = ceil(2.5) + 1 = 4; (4-1)*2 = 6 < 6 + 1, so no drop.
  // hstart = o*2 - 1 = -1, 1, 3, 5; hend = min(hstart + 3, 6 + 1) = 2, 4, 6, 7.
  // pool_size (count_include_pad) = 3, 3, 3, 2 (the last window hangs past the padding).
  // clipped to [0, 6): [0,2) [1,4) [3,6) [5,6) -> sums 1+2=3, 2+3+4=9, 4+5+6=15, 6
  // and cell counts 2, 3, 3, 1.
  const Tensor x = Map({{1, 2, 3, 4, 5, 6}});
  const OperationParams base = P().Kernel(1, 3).Stride(1, 2).Pad(0, 1, 0, 1).Ceil();
  ExpectTensorNear(AveragePooling(x, P{base}.CountIncludePad()),
                   Map({{3.0 / 3, 9.0 / 3, 15.0 / 3, 6.0 / 2}}));
  ExpectTensorNear(AveragePooling(x, base), Map({{3.0 / 2, 9.0 / 3, 15.0 / 3, 6.0 / 1}}));
  ExpectTensorNear(MaxPooling(x, base), Map({{2, 4, 6, 6}}), 0.0);
  // Without ceil_mode: o = floor(5 / 2) + 1 = 3, the first three windows.
  ExpectTensorNear(AveragePooling(x, P{base}.CountIncludePad().Ceil(false)), Map({{1, 3, 5}}));
}

TEST(PoolingByHand, TwoDimensionalAsymmetricPaddingCeilMode) {
  // The guide's input, k = 3, s = 2, padding top 1, left 0, bottom 0, right 2, ceil_mode.
  // Rows: o = ceil((5 + 1 + 0 - 3) / 2) + 1 = 3 (floor would give 2); hstart = -1, 1, 3;
  //   hend = min(hstart + 3, 5 + 0) = 2, 4, 5 -> pool rows 3, 3, 2; input rows {0,1},
  //   {1,2,3}, {3,4} -> 2, 3, 2 cells.
  // Cols: o = ceil((5 + 0 + 2 - 3) / 2) + 1 = 3; wstart = 0, 2, 4; wend = min(+3, 5 + 2)
  //   = 3, 5, 7 -> pool cols 3, 3, 3; input cols {0,1,2}, {2,3,4}, {4} -> 3, 3, 1 cells.
  // Window sums: (0,0) 3+3+2+0+0+1 = 9    (0,1) 2+1+0+1+3+1 = 8    (0,2) 0+1 = 1
  //              (1,0) 0+0+1+3+1+2+2+0+0 = 9  (1,1) 1+3+1+2+2+3+0+2+2 = 16  (1,2) 1+3+2 = 6
  //              (2,0) 2+0+0+2+0+0 = 4    (2,1) 0+2+2+0+0+1 = 5    (2,2) 2+1 = 3
  const OperationParams base = P().Kernel(3, 3).Stride(2, 2).Pad(1, 0, 0, 2).Ceil();
  const Tensor x = Map(kGuideInput);
  // count_include_pad: divisors 3*3 = 9 on rows 0 and 1, 2*3 = 6 on row 2.
  ExpectTensorNear(AveragePooling(x, P{base}.CountIncludePad()),
                   Map({{9.0 / 9, 8.0 / 9, 1.0 / 9},
                        {9.0 / 9, 16.0 / 9, 6.0 / 9},
                        {4.0 / 6, 5.0 / 6, 3.0 / 6}}));
  // Without: divisors (2,3,2) x (3,3,1) = 6 6 2 / 9 9 3 / 6 6 2.
  ExpectTensorNear(AveragePooling(x, base), Map({{9.0 / 6, 8.0 / 6, 1.0 / 2},
                                                 {9.0 / 9, 16.0 / 9, 6.0 / 3},
                                                 {4.0 / 6, 5.0 / 6, 3.0 / 2}}));
  ExpectTensorNear(MaxPooling(x, base), Map({{3, 3, 1}, {3, 3, 3}, {2, 2, 2}}), 0.0);
  // Floor mode drops the third row of windows.
  ExpectTensorNear(MaxPooling(x, P{base}.Ceil(false)), Map({{3, 3, 1}, {3, 3, 3}}), 0.0);
}

TEST(PoolingByHand, CeilModeDropsAWindowStartingInTrailingPadding) {
  // ONNX's averagepool_2d_ceil_last_window_starts_on_pad geometry: 2x2 input, k = 3,
  // s = 3, p = 1, ceil_mode, count_include_pad. ceil((2 + 2 - 3) / 3) + 1 = 2, but the
  // second window would start at 3 >= 2 + 1, so o = 1. The one window covers the padded
  // 4x4 except its last row and column: 9 cells, 4 of them input: (1+2+3+4)/9.
  const Tensor x = Map({{1, 2}, {3, 4}});
  const OperationParams params =
      P().Kernel(3, 3).Stride(3, 3).Pad(1, 1, 1, 1).Ceil().CountIncludePad();
  ExpectTensorNear(AveragePooling(x, params), Map({{10.0 / 9}}));
  const OperationParams exclude = P{params}.CountIncludePad(false);
  ExpectTensorNear(AveragePooling(x, exclude), Map({{10.0 / 4}}));
  ExpectTensorNear(MaxPooling(x, exclude), Map({{4}}), 0.0);
}

TEST(PoolingByHand, MaxPoolingIgnoresPaddingEvenForNegativeInputs) {
  // All inputs negative: a zero from padding must never win. k = 2, s = 1, p = 1:
  // windows over [-1,0], [0,1], [1,2] of x = [-5, -2] -> -5, -2, -2.
  const Tensor x = Map({{-5, -2}});
  ExpectTensorNear(MaxPooling(x, P().Kernel(1, 2).Pad(0, 1, 0, 1)), Map({{-5, -2, -2}}), 0.0);
}

TEST(PoolingByHand, DilatedAveragePoolingCountsTaps) {
  // Dilated average pooling as onnxruntime computes it (ONNX AveragePool-19 dilations):
  // the divisor counts the taps, not the cells the window spans.
  // x = [1 2 3 4 5], k = 2, d = 2 (k_eff 3), s = 1, p = 1: o = (5 + 2 - 3) + 1 = 5,
  // taps (-1,1) (0,2) (1,3) (2,4) (3,5): sums 2, 4, 6, 8, 4; input taps 1, 2, 2, 2, 1;
  // taps inside the padded input [-1, 6): 2 each.
  const Tensor x = Map({{1, 2, 3, 4, 5}});
  const OperationParams base = P().Kernel(1, 2).Dilation(1, 2).Pad(0, 1, 0, 1);
  ExpectTensorNear(AveragePooling(x, base), Map({{2, 2, 3, 4, 4}}));
  ExpectTensorNear(AveragePooling(x, P{base}.CountIncludePad()), Map({{1, 2, 3, 4, 2}}));
  ExpectTensorNear(MaxPooling(x, base), Map({{2, 3, 4, 5, 4}}), 0.0);
}

TEST(PoolingByHand, DilatedCeilWindowHangingPastTheInput) {
  // x = [1 2 3 4], k = 2, d = 2, s = 2, no padding, ceil_mode:
  // o = ceil((4 - 3) / 2) + 1 = 2; windows tap (0,2) and (2,4); tap 4 lies past the
  // padded input, so it never counts, with or without count_include_pad:
  // (1+3)/2 = 2 and 3/1 = 3.
  const Tensor x = Map({{1, 2, 3, 4}});
  const OperationParams base = P().Kernel(1, 2).Dilation(1, 2).Stride(1, 2).Ceil();
  ExpectTensorNear(AveragePooling(x, base), Map({{2, 3}}));
  ExpectTensorNear(AveragePooling(x, P{base}.CountIncludePad()), Map({{2, 3}}));
  ExpectTensorNear(MaxPooling(x, base), Map({{3, 3}}), 0.0);
}

TEST(PoolingByHand, ChannelsArePooledIndependently) {
  const Tensor x = Maps({{{1, 9}, {4, 2}}, {{-1, -9}, {-4, -2}}});
  ExpectTensorNear(MaxPooling(x, P().Kernel(2, 2)), Maps({{{9}}, {{-1}}}), 0.0);
  ExpectTensorNear(AveragePooling(x, P().Kernel(2, 2)), Maps({{{4}}, {{-4}}}));
}

// PyTorch's documented example (torch.nn.functional.avg_pool1d):
// avg_pool1d(tensor([[[1, 2, 3, 4, 5, 6, 7]]]), kernel_size=3, stride=2) -> [[[2, 4, 6]]].
TEST(PyTorchDocs, AvgPool1dExample) {
  ExpectTensorNear(AveragePooling(Map({{1, 2, 3, 4, 5, 6, 7}}), P().Kernel(1, 3).Stride(1, 2)),
                   Map({{2, 4, 6}}));
}

// ---------------------------------------------------------------------------
// ONNX backend test cases (onnx/backend/test/case/node/*.py), literal expected values.

TEST(OnnxConv, BasicConvWithPadding) {
  const Tensor out =
      Convolution(Range({1, 5, 5}, 0), Ones({1, 1, 3, 3}), P().Kernel(3, 3).Pad(1, 1, 1, 1));
  ExpectTensorNear(out,
                   Map({{12, 21, 27, 33, 24},
                        {33, 54, 63, 72, 51},
                        {63, 99, 108, 117, 81},
                        {93, 144, 153, 162, 111},
                        {72, 111, 117, 123, 84}}),
                   0.0);
}

TEST(OnnxConv, BasicConvWithoutPadding) {
  const Tensor out = Convolution(Range({1, 5, 5}, 0), Ones({1, 1, 3, 3}), P().Kernel(3, 3));
  ExpectTensorNear(out, Map({{54, 63, 72}, {99, 108, 117}, {144, 153, 162}}), 0.0);
}

TEST(OnnxConv, ConvWithStridesPadding) {
  const Tensor out = Convolution(Range({1, 7, 5}, 0), Ones({1, 1, 3, 3}),
                                 P().Kernel(3, 3).Stride(2, 2).Pad(1, 1, 1, 1));
  ExpectTensorNear(out, Map({{12, 27, 24}, {63, 108, 81}, {123, 198, 141}, {112, 177, 124}}), 0.0);
}

TEST(OnnxConv, ConvWithStridesNoPadding) {
  const Tensor out =
      Convolution(Range({1, 7, 5}, 0), Ones({1, 1, 3, 3}), P().Kernel(3, 3).Stride(2, 2));
  ExpectTensorNear(out, Map({{54, 72}, {144, 162}, {234, 252}}), 0.0);
}

TEST(OnnxConv, ConvWithStridesAndAsymmetricPadding) {
  // pads = [1, 0, 1, 0]: top 1, left 0, bottom 1, right 0.
  const Tensor out = Convolution(Range({1, 7, 5}, 0), Ones({1, 1, 3, 3}),
                                 P().Kernel(3, 3).Stride(2, 2).Pad(1, 0, 1, 0));
  ExpectTensorNear(out, Map({{21, 33}, {99, 117}, {189, 207}, {171, 183}}), 0.0);
}

TEST(OnnxConv, ConvWithAutopadSameLower) {
  // auto_pad SAME_LOWER, s = 2, k = 3 on 5: total padding (3-1)*2 + 3 - 5 = 2 -> 1 and 1.
  const Tensor out = Convolution(Range({1, 5, 5}, 0), Ones({1, 1, 3, 3}),
                                 P().Kernel(3, 3).Stride(2, 2).Pad(1, 1, 1, 1));
  ExpectTensorNear(out, Map({{12, 27, 24}, {63, 108, 81}, {72, 117, 84}}), 0.0);
}

// Runs both transposed methods against the same expected tensor.
void ExpectTransposed(const Tensor& x, const Tensor& w, const OperationParams& params,
                      const Tensor& expected) {
  SCOPED_TRACE("scatter");
  ExpectTensorNear(TransposedConvolutionScatter(x, w, params), expected, 0.0);
  SCOPED_TRACE("direct");
  ExpectTensorNear(TransposedConvolutionDirect(x, w, params), expected, 0.0);
}

TEST(OnnxConvTranspose, Basic) {
  const Grid y = {{0, 1, 3, 3, 2},
                  {3, 8, 15, 12, 7},
                  {9, 21, 36, 27, 15},
                  {9, 20, 33, 24, 13},
                  {6, 13, 21, 15, 8}};
  ExpectTransposed(Range({1, 3, 3}, 0), Ones({1, 2, 3, 3}), P().Kernel(3, 3), Maps({y, y}));
}

TEST(OnnxConvTranspose, OneDimensional) {
  // x (1, 1, 3), W (1, 2, 3) written as 1 x W.
  ExpectTransposed(Range({1, 1, 3}, 0), Ones({1, 2, 1, 3}), P().Kernel(1, 3),
                   Maps({{{0, 1, 3, 3, 2}}, {{0, 1, 3, 3, 2}}}));
}

TEST(OnnxConvTranspose, StridesWithOutputPadding) {
  // test_convtranspose_pad (strides [3, 2], output_padding [1, 1]); the same expected
  // array is test_convtranspose_output_shape and _kernel_shape (output_shape [10, 8]).
  const Grid y = {{0, 0, 1, 1, 3, 2, 2, 0},   {0, 0, 1, 1, 3, 2, 2, 0},
                  {0, 0, 1, 1, 3, 2, 2, 0},   {3, 3, 7, 4, 9, 5, 5, 0},
                  {3, 3, 7, 4, 9, 5, 5, 0},   {3, 3, 7, 4, 9, 5, 5, 0},
                  {6, 6, 13, 7, 15, 8, 8, 0}, {6, 6, 13, 7, 15, 8, 8, 0},
                  {6, 6, 13, 7, 15, 8, 8, 0}, {0, 0, 0, 0, 0, 0, 0, 0}};
  ExpectTransposed(Range({1, 3, 3}, 0), Ones({1, 2, 3, 3}),
                   P().Kernel(3, 3).Stride(3, 2).OutputPadding(1, 1), Maps({y, y}));
}

TEST(OnnxConvTranspose, StridesWithPads) {
  // test_convtranspose_pads: strides [3, 2], pads [1, 2, 1, 2].
  const Grid y = {{1, 1, 3}, {1, 1, 3}, {7, 4, 9}, {7, 4, 9}, {7, 4, 9}, {13, 7, 15}, {13, 7, 15}};
  ExpectTransposed(Range({1, 3, 3}, 0), Ones({1, 2, 3, 3}),
                   P().Kernel(3, 3).Stride(3, 2).Pad(1, 2, 1, 2), Maps({y, y}));
}

TEST(OnnxConvTranspose, Dilations) {
  const Tensor x = Map({{3, 8, 1}, {9, 5, 7}, {3, 2, 6}});
  const Tensor w = Kernel({{{{7, 2}, {1, 9}}}});
  ExpectTransposed(x, w, P().Kernel(2, 2).Dilation(2, 2),
                   Map({{21, 56, 13, 16, 2},
                        {63, 35, 67, 10, 14},
                        {24, 22, 76, 76, 21},
                        {9, 5, 88, 45, 63},
                        {3, 2, 33, 18, 54}}));
}

TEST(OnnxConvTranspose, AutopadSameUpper) {
  // test_convtranspose_autopad_same: strides 2, SAME_UPPER -> output 3*2 = 6 of the full
  // 7; ONNX crops the odd cell at the end: pads [0, 0, 1, 1].
  const Grid y = {{0, 0, 1, 1, 3, 2}, {0, 0, 1, 1, 3, 2},     {3, 3, 8, 5, 12, 7},
                  {3, 3, 7, 4, 9, 5}, {9, 9, 20, 11, 24, 13}, {6, 6, 13, 7, 15, 8}};
  ExpectTransposed(Range({1, 3, 3}, 0), Ones({1, 2, 3, 3}),
                   P().Kernel(3, 3).Stride(2, 2).Pad(0, 0, 1, 1), Maps({y, y}));
}

TEST(OnnxConvTranspose, GroupTwo) {
  // test_convtranspose_group_2: x = arange(18) as (1, 2, 3, 3), W = ones (2, 1, 3, 3),
  // group 2. Each output channel is its own channel's full transposed convolution with
  // a 3x3 ones kernel: y[r][c] = sum of x over rows r-2..r, cols c-2..c. Channel 0 is
  // test_convtranspose's map; channel 1 adds 9 per covered cell (x1 = x0 + 9), i.e.
  // 9 * rows(r) * cols(c) with rows = cols = (1, 2, 3, 2, 1).
  const Grid y0 = {{0, 1, 3, 3, 2},
                   {3, 8, 15, 12, 7},
                   {9, 21, 36, 27, 15},
                   {9, 20, 33, 24, 13},
                   {6, 13, 21, 15, 8}};
  const Grid y1 = {{9, 19, 30, 21, 11},
                   {21, 44, 69, 48, 25},
                   {36, 75, 117, 81, 42},
                   {27, 56, 87, 60, 31},
                   {15, 31, 48, 33, 17}};
  ExpectTransposed(Range({2, 3, 3}, 0), Ones({2, 1, 3, 3}), P().Kernel(3, 3).Groups(2),
                   Maps({y0, y1}));
}

const Grid kOnnxPoolInput = {{1, 2, 3, 4, 5},
                             {6, 7, 8, 9, 10},
                             {11, 12, 13, 14, 15},
                             {16, 17, 18, 19, 20},
                             {21, 22, 23, 24, 25}};
const Grid kOnnxPoolInput4 = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}, {13, 14, 15, 16}};

TEST(OnnxMaxPool, PrecomputedPads) {
  // test_maxpool_2d_precomputed_pads (and _uint8, _with_argmax_): k 5, pads 2.
  ExpectTensorNear(MaxPooling(Map(kOnnxPoolInput), P().Kernel(5, 5).Pad(2, 2, 2, 2)),
                   Map({{13, 14, 15, 15, 15},
                        {18, 19, 20, 20, 20},
                        {23, 24, 25, 25, 25},
                        {23, 24, 25, 25, 25},
                        {23, 24, 25, 25, 25}}),
                   0.0);
}

TEST(OnnxMaxPool, PrecomputedStrides) {
  ExpectTensorNear(MaxPooling(Map(kOnnxPoolInput), P().Kernel(2, 2).Stride(2, 2)),
                   Map({{7, 9}, {17, 19}}), 0.0);
}

TEST(OnnxMaxPool, PrecomputedSameUpper) {
  // SAME_UPPER, k 3, s 2 on 5: total pad 2 -> 1 and 1.
  ExpectTensorNear(MaxPooling(Map(kOnnxPoolInput), P().Kernel(3, 3).Stride(2, 2).Pad(1, 1, 1, 1)),
                   Map({{7, 9, 10}, {17, 19, 20}, {22, 24, 25}}), 0.0);
}

TEST(OnnxMaxPool, Ceil) {
  ExpectTensorNear(MaxPooling(Map(kOnnxPoolInput4), P().Kernel(3, 3).Stride(2, 2).Ceil()),
                   Map({{11, 12}, {15, 16}}), 0.0);
}

TEST(OnnxMaxPool, Dilations) {
  ExpectTensorNear(MaxPooling(Map(kOnnxPoolInput4), P().Kernel(2, 2).Dilation(2, 2)),
                   Map({{11, 12}, {15, 16}}), 0.0);
}

TEST(OnnxAveragePool, PrecomputedPads) {
  ExpectTensorNear(AveragePooling(Map(kOnnxPoolInput), P().Kernel(5, 5).Pad(2, 2, 2, 2)),
                   Map({{7, 7.5, 8, 8.5, 9},
                        {9.5, 10, 10.5, 11, 11.5},
                        {12, 12.5, 13, 13.5, 14},
                        {14.5, 15, 15.5, 16, 16.5},
                        {17, 17.5, 18, 18.5, 19}}));
}

TEST(OnnxAveragePool, PrecomputedPadsCountIncludePad) {
  ExpectTensorNear(
      AveragePooling(Map(kOnnxPoolInput), P().Kernel(5, 5).Pad(2, 2, 2, 2).CountIncludePad()),
      Map({{2.52, 3.60, 4.80, 4.08, 3.24},
           {4.56, 6.40, 8.40, 7.04, 5.52},
           {7.20, 10.00, 13.00, 10.80, 8.40},
           {6.96, 9.60, 12.40, 10.24, 7.92},
           {6.12, 8.40, 10.80, 8.88, 6.84}}));
}

TEST(OnnxAveragePool, PrecomputedStrides) {
  ExpectTensorNear(AveragePooling(Map(kOnnxPoolInput), P().Kernel(2, 2).Stride(2, 2)),
                   Map({{4, 6}, {14, 16}}));
}

TEST(OnnxAveragePool, PrecomputedSameUpper) {
  ExpectTensorNear(
      AveragePooling(Map(kOnnxPoolInput), P().Kernel(3, 3).Stride(2, 2).Pad(1, 1, 1, 1)),
      Map({{4, 5.5, 7}, {11.5, 13, 14.5}, {19, 20.5, 22}}));
}

TEST(OnnxAveragePool, Ceil) {
  ExpectTensorNear(AveragePooling(Map(kOnnxPoolInput4), P().Kernel(3, 3).Stride(2, 2).Ceil()),
                   Map({{6, 7.5}, {12, 13.5}}));
}

TEST(OnnxAveragePool, Dilations) {
  ExpectTensorNear(AveragePooling(Map(kOnnxPoolInput4), P().Kernel(2, 2).Dilation(2, 2).Ceil()),
                   Map({{6, 7}, {10, 11}}));
}

// ---------------------------------------------------------------------------
// Dispatch.

TEST(Evaluate, DispatchesOnTheOperation) {
  Scene scene;
  scene.input_size = {5, 5};
  scene.input = Map(kGuideInput);
  scene.kernel_size = {3, 3};
  scene.kernel = Kernel({{kGuideKernel}});
  scene.operation = Operation::kConvolution;
  ExpectTensorNear(Evaluate(scene), Map({{12, 12, 17}, {10, 17, 19}, {9, 6, 14}}), 0.0);
  scene.operation = Operation::kMaxPooling;
  ExpectTensorNear(Evaluate(scene), Map({{3, 3, 3}, {3, 3, 3}, {3, 2, 3}}), 0.0);
  scene.operation = Operation::kAveragePooling;
  scene.stride = {2, 2};
  // Windows at (0,0), (0,2), (2,0), (2,2): sums 15, 15, 10, 12.
  ExpectTensorNear(Evaluate(scene), Map({{15.0 / 9, 15.0 / 9}, {10.0 / 9, 12.0 / 9}}));
  scene.operation = Operation::kTransposedConvolution;
  scene.stride = {1, 1};
  scene.input_size = {1, 1};
  scene.input = Map({{2}});
  // A single input unit scatters one copy of the kernel, scaled by 2.
  ExpectTensorNear(Evaluate(scene), Map({{0, 2, 4}, {4, 4, 0}, {0, 2, 4}}), 0.0);
}

TEST(Evaluate, ParamsOfCopiesEveryField) {
  Scene scene;
  scene.kernel_size = {2, 3};
  scene.stride = {3, 1};
  scene.padding = Padding{1, 2, 3, 4};
  scene.dilation = {2, 3};
  scene.output_padding = {1, 2};
  scene.groups = 3;
  scene.out_channels = 6;
  scene.ceil_mode = true;
  scene.count_include_pad = true;
  const OperationParams p = ParamsOf(scene);
  EXPECT_EQ(p.kernel_size, (Pair{2, 3}));
  EXPECT_EQ(p.stride, (Pair{3, 1}));
  EXPECT_EQ(p.padding, (Padding{1, 2, 3, 4}));
  EXPECT_EQ(p.dilation, (Pair{2, 3}));
  EXPECT_EQ(p.output_padding, (Pair{1, 2}));
  EXPECT_EQ(p.groups, 3);
  EXPECT_EQ(p.out_channels, 6);
  EXPECT_TRUE(p.ceil_mode);
  EXPECT_TRUE(p.count_include_pad);
}

// ---------------------------------------------------------------------------
// Property sweeps.

Tensor RandomTensor(std::vector<int> shape, SplitMix64& rng) {
  Tensor t(shape);
  // Two decimals, so sums are not exact in binary and the 1e-9 tolerance is exercised.
  for (double& v : t.data()) v = static_cast<double>(rng.UniformInt(-300, 300)) / 100.0;
  return t;
}

double Dot(const Tensor& a, const Tensor& b) {
  double sum = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) sum += a.data()[i] * b.data()[i];
  return sum;
}

// One axis of a sweep case. Its output sizes are written here from the definitions
// (the formulas), independently of core/arithmetic and core/numerics.
struct Axis {
  int input = 1, kernel = 1, stride = 1, dilation = 1, pad_begin = 0, pad_end = 0;
  int output_padding = 0;  // transposed only

  int EffectiveKernel() const { return dilation * (kernel - 1) + 1; }
  // Direct convolution and pooling (floor mode).
  int Span() const { return input + pad_begin + pad_end - EffectiveKernel(); }
  int Output() const { return Span() / stride + 1; }
  // The transposed convolution's output_padding that recovers `input` from Output().
  int RecoveringOutputPadding() const { return Span() % stride; }
  // Pooling, transcribed from PyTorch's pooling_output_shape (pad_begin as its pad_l).
  // With ceil_mode the numerator may be negative (a window larger than the padded input):
  // div_rtn rounds toward negative infinity.
  int PoolingOutput(bool ceil_mode) const {
    const int numerator = Span() + (ceil_mode ? stride - 1 : 0);
    int out = (numerator >= 0 ? numerator / stride : -((-numerator + stride - 1) / stride)) + 1;
    if (ceil_mode && (out - 1) * stride >= input + pad_begin) --out;
    return out;
  }
  // Transposed convolution, `input` being its input i'.
  int TransposedOutput() const {
    return stride * (input - 1) + output_padding + EffectiveKernel() - pad_begin - pad_end;
  }

  AxisConfig Config(Operation op, bool ceil_mode = false) const {
    AxisConfig c;
    c.operation = op;
    c.input = input;
    c.kernel = kernel;
    c.stride = stride;
    c.pad_begin = pad_begin;
    c.pad_end = pad_end;
    c.dilation = dilation;
    c.output_padding = output_padding;
    c.ceil_mode = ceil_mode;
    return c;
  }

  std::string Describe() const {
    return "i=" + std::to_string(input) + " k=" + std::to_string(kernel) +
           " s=" + std::to_string(stride) + " d=" + std::to_string(dilation) +
           " p=" + std::to_string(pad_begin) + "," + std::to_string(pad_end) +
           (output_padding > 0 ? " a=" + std::to_string(output_padding) : "");
  }
};

// The 2-D params of the axes `h` and `w` (add groups, ceil_mode, ... to taste).
P Params(const Axis& h, const Axis& w) {
  return P()
      .Kernel(h.kernel, w.kernel)
      .Stride(h.stride, w.stride)
      .Dilation(h.dilation, w.dilation)
      .Pad(h.pad_begin, w.pad_begin, h.pad_end, w.pad_end)
      .OutputPadding(h.output_padding, w.output_padding);
}

int Rand(SplitMix64& rng, int low, int high) { return static_cast<int>(rng.UniformInt(low, high)); }

// A transposed convolution axis with an output of at least one cell.
Axis RandomTransposedAxis(SplitMix64& rng) {
  for (;;) {
    Axis a;
    a.input = Rand(rng, 1, 7);
    a.kernel = Rand(rng, 1, 4);
    a.stride = Rand(rng, 1, 3);
    a.dilation = Rand(rng, 1, 3);
    a.output_padding = Rand(rng, 0, std::max(a.stride, a.dilation) - 1);
    a.pad_begin = Rand(rng, 0, 4);
    a.pad_end = Rand(rng, 0, 4);
    if (a.TransposedOutput() >= 1) return a;
  }
}

// A direct convolution axis whose window fits the padded input.
Axis RandomConvAxis(SplitMix64& rng) {
  for (;;) {
    Axis a;
    a.input = Rand(rng, 1, 7);
    a.kernel = Rand(rng, 1, 4);
    a.stride = Rand(rng, 1, 3);
    a.dilation = Rand(rng, 1, 3);
    a.pad_begin = Rand(rng, 0, 3);
    a.pad_end = Rand(rng, 0, 3);
    if (a.Span() >= 0) return a;
  }
}

// `groups` groups of 1 or 2 input and output channels each.
struct Groups {
  int groups, in_per_group, out_per_group;
  int in() const { return groups * in_per_group; }
  int out() const { return groups * out_per_group; }
  std::string Describe() const { return "groups " + std::to_string(groups); }
};

Groups RandomGroups(SplitMix64& rng, int max_out_per_group = 2) {
  Groups g;
  g.groups = Rand(rng, 1, 3);
  g.in_per_group = Rand(rng, 1, 2);
  g.out_per_group = Rand(rng, 1, max_out_per_group);
  return g;
}

// Every 1-D transposed convolution (written 1 x W) with i 1..7, k 1..4, s 1..3, d 1..3,
// a < max(s, d), p_begin and p_end 0..3: scatter == direct, and the size is ComputeAxis's.
TEST(TransposedSweep, OneDimensionalExhaustive) {
  SplitMix64 rng(7);
  int cases = 0;
  for (int i = 1; i <= 7; ++i) {
    for (int k = 1; k <= 4; ++k) {
      for (int s = 1; s <= 3; ++s) {
        for (int d = 1; d <= 3; ++d) {
          for (int a = 0; a < std::max(s, d); ++a) {
            for (int pb = 0; pb <= 3; ++pb) {
              for (int pe = 0; pe <= 3; ++pe) {
                const Axis axis{i, k, s, d, pb, pe, a};
                if (axis.TransposedOutput() < 1) continue;
                SCOPED_TRACE(axis.Describe());
                const Tensor x = RandomTensor({1, 1, i}, rng);
                const Tensor w = RandomTensor({1, 1, 1, k}, rng);
                const OperationParams params = Params(Axis{}, axis);
                const Tensor scatter = TransposedConvolutionScatter(x, w, params);
                const Tensor direct = TransposedConvolutionDirect(x, w, params);
                ASSERT_EQ(scatter.shape(), (std::vector<int>{1, 1, axis.TransposedOutput()}));
                ExpectTensorNear(direct, scatter, 1e-9);
                AxisArithmetic arithmetic;
                ASSERT_TRUE(
                    ComputeAxis(axis.Config(Operation::kTransposedConvolution), &arithmetic).ok());
                EXPECT_EQ(arithmetic.output, axis.TransposedOutput());
                ++cases;
              }
            }
          }
        }
      }
    }
  }
  EXPECT_GT(cases, 5000);
}

// Random 2-D transposed convolutions with channels and groups 1..3.
TEST(TransposedSweep, TwoDimensionalWithGroupsScatterEqualsDirect) {
  SplitMix64 rng(2024);
  for (int trial = 0; trial < 1500; ++trial) {
    const Axis h = RandomTransposedAxis(rng), w = RandomTransposedAxis(rng);
    const Groups g = RandomGroups(rng);
    SCOPED_TRACE("H: " + h.Describe() + "  W: " + w.Describe() + "  " + g.Describe());
    const Tensor x = RandomTensor({g.in(), h.input, w.input}, rng);
    const Tensor kernel = RandomTensor({g.in(), g.out_per_group, h.kernel, w.kernel}, rng);
    const OperationParams params = Params(h, w).Groups(g.groups);
    const Tensor scatter = TransposedConvolutionScatter(x, kernel, params);
    ASSERT_EQ(scatter.shape(),
              (std::vector<int>{g.out(), h.TransposedOutput(), w.TransposedOutput()}));
    ExpectTensorNear(TransposedConvolutionDirect(x, kernel, params), scatter, 1e-9);
    AxisArithmetic ah, aw;
    ASSERT_TRUE(ComputeAxis(h.Config(Operation::kTransposedConvolution), &ah).ok());
    ASSERT_TRUE(ComputeAxis(w.Config(Operation::kTransposedConvolution), &aw).ok());
    EXPECT_EQ(ah.output, scatter.dim(1));
    EXPECT_EQ(aw.output, scatter.dim(2));
    if (HasFailure()) return;
  }
}

// <Conv(x), y> == <ConvT(y), x>: the transposed convolution with the same kernel tensor
// (read as [in' = out][out'/g = in/g][kH][kW]) and the same s, p, d, groups is the
// adjoint of the convolution; output_padding recovers the convolution's input size.
TEST(AdjointSweep, TransposedIsTheAdjointOfConvolution) {
  SplitMix64 rng(99);
  for (int trial = 0; trial < 2000; ++trial) {
    const Axis h = RandomConvAxis(rng), w = RandomConvAxis(rng);
    const Groups g = RandomGroups(rng, 3);
    SCOPED_TRACE("H: " + h.Describe() + "  W: " + w.Describe() + "  " + g.Describe());
    const Tensor x = RandomTensor({g.in(), h.input, w.input}, rng);
    const Tensor kernel = RandomTensor({g.out(), g.in_per_group, h.kernel, w.kernel}, rng);
    const OperationParams conv_params = Params(h, w).Groups(g.groups);
    const Tensor cx = Convolution(x, kernel, conv_params);
    ASSERT_EQ(cx.shape(), (std::vector<int>{g.out(), h.Output(), w.Output()}));
    AxisArithmetic ah, aw;
    ASSERT_TRUE(ComputeAxis(h.Config(Operation::kConvolution), &ah).ok());
    ASSERT_TRUE(ComputeAxis(w.Config(Operation::kConvolution), &aw).ok());
    EXPECT_EQ(ah.output, cx.dim(1));
    EXPECT_EQ(aw.output, cx.dim(2));

    const Tensor y = RandomTensor(cx.shape(), rng);
    const OperationParams transposed_params =
        P{conv_params}.OutputPadding(h.RecoveringOutputPadding(), w.RecoveringOutputPadding());
    const Tensor cty = TransposedConvolutionScatter(y, kernel, transposed_params);
    ASSERT_EQ(cty.shape(), x.shape());
    ExpectTensorNear(TransposedConvolutionDirect(y, kernel, transposed_params), cty, 1e-9);
    EXPECT_NEAR(Dot(cx, y), Dot(cty, x), 1e-9);
    if (HasFailure()) return;
  }
}

// The adjoint, checked cell by cell: the transposed convolution of a one-hot output
// cell is the column of the convolution's matrix, i.e. how each input cell feeds it.
TEST(AdjointSweep, OneHotColumnsMatchConvolutionRows) {
  SplitMix64 rng(5);
  for (int trial = 0; trial < 200; ++trial) {
    const Axis h = RandomConvAxis(rng), w = RandomConvAxis(rng);
    SCOPED_TRACE("H: " + h.Describe() + "  W: " + w.Describe());
    const Tensor kernel = RandomTensor({1, 1, h.kernel, w.kernel}, rng);
    const OperationParams conv_params = Params(h, w);
    const OperationParams transposed_params =
        P{conv_params}.OutputPadding(h.RecoveringOutputPadding(), w.RecoveringOutputPadding());
    // Row (iy, ix) of the convolution's matrix: the convolution of a unit input.
    std::vector<Tensor> rows;
    for (int iy = 0; iy < h.input; ++iy) {
      for (int ix = 0; ix < w.input; ++ix) {
        Tensor unit({1, h.input, w.input});
        unit.at(0, iy, ix) = 1.0;
        rows.push_back(Convolution(unit, kernel, conv_params));
      }
    }
    for (int oy = 0; oy < h.Output(); ++oy) {
      for (int ox = 0; ox < w.Output(); ++ox) {
        Tensor one_hot({1, h.Output(), w.Output()});
        one_hot.at(0, oy, ox) = 1.0;
        const Tensor column = TransposedConvolutionScatter(one_hot, kernel, transposed_params);
        ASSERT_EQ(column.shape(), (std::vector<int>{1, h.input, w.input}));
        for (int iy = 0; iy < h.input; ++iy) {
          for (int ix = 0; ix < w.input; ++ix) {
            ASSERT_EQ(rows[static_cast<std::size_t>(iy * w.input + ix)].at(0, oy, ox),
                      column.at(0, iy, ix));
          }
        }
      }
    }
  }
}

// PyTorch's avg_pool2d / max_pool2d, transcribed loop for loop (d = 1 for average,
// any d for max), over an explicitly padded copy: an independent reference.
Tensor ReferencePool(const Tensor& x, const OperationParams& p, bool average, int out_h,
                     int out_w) {
  const int channels = x.dim(0), height = x.dim(1), width = x.dim(2);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // The input padded with NaN on every side, generously, so windows never leave it.
  const int margin = 16;
  Tensor padded({channels, height + 2 * margin, width + 2 * margin});
  for (double& v : padded.data()) v = nan;
  for (int c = 0; c < channels; ++c) {
    for (int y = 0; y < height; ++y) {
      for (int xx = 0; xx < width; ++xx) padded.at(c, y + margin, xx + margin) = x.at(c, y, xx);
    }
  }
  Tensor out({channels, out_h, out_w});
  for (int c = 0; c < channels; ++c) {
    for (int oh = 0; oh < out_h; ++oh) {
      for (int ow = 0; ow < out_w; ++ow) {
        int hstart = oh * p.stride[0] - p.padding.top;
        int wstart = ow * p.stride[1] - p.padding.left;
        if (average) {
          int hend = std::min(hstart + p.kernel_size[0], height + p.padding.bottom);
          int wend = std::min(wstart + p.kernel_size[1], width + p.padding.right);
          const int pool_size = (hend - hstart) * (wend - wstart);
          hstart = std::max(hstart, 0);
          wstart = std::max(wstart, 0);
          hend = std::min(hend, height);
          wend = std::min(wend, width);
          double sum = 0.0;
          for (int y = hstart; y < hend; ++y) {
            for (int xx = wstart; xx < wend; ++xx) sum += padded.at(c, y + margin, xx + margin);
          }
          const int divisor = p.count_include_pad ? pool_size : (hend - hstart) * (wend - wstart);
          out.at(c, oh, ow) = sum / divisor;
        } else {
          double best = -std::numeric_limits<double>::infinity();
          for (int ky = 0; ky < p.kernel_size[0]; ++ky) {
            for (int kx = 0; kx < p.kernel_size[1]; ++kx) {
              const double v = padded.at(c, hstart + ky * p.dilation[0] + margin,
                                         wstart + kx * p.dilation[1] + margin);
              if (!std::isnan(v) && v > best) best = v;
            }
          }
          out.at(c, oh, ow) = best;
        }
      }
    }
  }
  return out;
}

// Pooling over sizes 1..7, windows 1..4, strides 1..3, dilation 1..3 (max pooling),
// asymmetric padding up to half the effective window (PyTorch's limit), ceil_mode on
// and off (with it, windows larger than the padded input while PyTorch's formula gives an
// output), count_include_pad on and off: equal to the PyTorch transcription, and the
// sizes are ComputeAxis's.
TEST(PoolingSweep, MatchesPyTorchTranscription) {
  SplitMix64 rng(31337);
  int compared_cells = 0, empty_windows = 0;
  for (int trial = 0; trial < 4000; ++trial) {
    const bool average = rng.UniformInt(0, 1) == 1;
    const bool ceil_mode = rng.UniformInt(0, 1) == 1;
    const bool include_pad = rng.UniformInt(0, 1) == 1;
    Axis axes[2];
    for (Axis& a : axes) {
      do {
        a.input = Rand(rng, 1, 7);
        a.kernel = Rand(rng, 1, 4);
        a.stride = Rand(rng, 1, 3);
        // PyTorch has no dilated average pooling (see DilatedAveragePoolingCountsTaps).
        a.dilation = average ? 1 : Rand(rng, 1, 3);
        const int max_pad = a.EffectiveKernel() / 2;
        a.pad_begin = Rand(rng, 0, max_pad);
        a.pad_end = Rand(rng, 0, max_pad);
      } while (a.PoolingOutput(ceil_mode) < 1);
    }
    const Operation op = average ? Operation::kAveragePooling : Operation::kMaxPooling;
    AxisArithmetic ah, aw;
    ASSERT_TRUE(ComputeAxis(axes[0].Config(op, ceil_mode), &ah).ok());
    ASSERT_TRUE(ComputeAxis(axes[1].Config(op, ceil_mode), &aw).ok());
    SCOPED_TRACE("H: " + axes[0].Describe() + "  W: " + axes[1].Describe() +
                 (ceil_mode ? " ceil" : "") + (include_pad ? " include_pad" : "") +
                 (average ? " average" : " max"));
    const OperationParams params =
        Params(axes[0], axes[1]).Ceil(ceil_mode).CountIncludePad(include_pad);
    const Tensor x = RandomTensor({2, axes[0].input, axes[1].input}, rng);
    const Tensor out = average ? AveragePooling(x, params) : MaxPooling(x, params);
    const std::vector<int> shape = {2, axes[0].PoolingOutput(ceil_mode),
                                    axes[1].PoolingOutput(ceil_mode)};
    ASSERT_EQ(out.shape(), shape);
    ASSERT_EQ(ah.output, shape[1]);
    ASSERT_EQ(aw.output, shape[2]);
    const Tensor expected = ReferencePool(x, params, average, shape[1], shape[2]);
    for (std::size_t i = 0; i < out.size(); ++i) {
      if (std::isinf(expected.data()[i])) {
        // A dilated max window whose taps all miss the input: PyTorch gives -inf;
        // convanim gives 0 (see WindowWithoutInputCells).
        EXPECT_EQ(out.data()[i], 0.0);
        ++empty_windows;
        continue;
      }
      ASSERT_NEAR(out.data()[i], expected.data()[i], 1e-12) << "at flat index " << i;
      ++compared_cells;
    }
  }
  EXPECT_GT(compared_cells, 50000);
  EXPECT_LT(empty_windows, compared_cells / 100);
}

TEST(PoolingByHand, WindowWithoutInputCells) {
  // x = [7], k = 2, d = 3 (k_eff 4), p = 2 on both sides: windows tap (-2, 1) and
  // (-1, 2), none of them on the input. PyTorch gives -inf (max) and NaN (average
  // without count_include_pad); convanim gives a finite 0 so every output can be shown.
  const Tensor x = Map({{7}});
  const OperationParams params = P().Kernel(1, 2).Dilation(1, 3).Pad(0, 2, 0, 2);
  ExpectTensorNear(MaxPooling(x, params), Map({{0, 0}}), 0.0);
  ExpectTensorNear(AveragePooling(x, params), Map({{0, 0}}), 0.0);
  ExpectTensorNear(AveragePooling(x, P{params}.CountIncludePad()), Map({{0, 0}}), 0.0);
}

// Direct convolution over the same sweep, against the definition computed through an
// explicitly zero-padded copy of the input (no bounds tests in the inner loop).
TEST(ConvolutionSweep, MatchesExplicitlyPaddedDefinition) {
  SplitMix64 rng(4242);
  for (int trial = 0; trial < 1500; ++trial) {
    const Axis h = RandomConvAxis(rng), w = RandomConvAxis(rng);
    const Groups groups = RandomGroups(rng);
    SCOPED_TRACE("H: " + h.Describe() + "  W: " + w.Describe() + "  " + groups.Describe());
    const int in_per_group = groups.in_per_group, out_per_group = groups.out_per_group;
    const Tensor x = RandomTensor({groups.in(), h.input, w.input}, rng);
    const Tensor kernel = RandomTensor({groups.out(), in_per_group, h.kernel, w.kernel}, rng);
    const OperationParams params = Params(h, w).Groups(groups.groups);
    const Tensor out = Convolution(x, kernel, params);
    const int ph = h.input + h.pad_begin + h.pad_end, pw = w.input + w.pad_begin + w.pad_end;
    Tensor padded({x.dim(0), ph, pw});
    for (int c = 0; c < x.dim(0); ++c) {
      for (int y = 0; y < h.input; ++y) {
        for (int xx = 0; xx < w.input; ++xx) {
          padded.at(c, y + h.pad_begin, xx + w.pad_begin) = x.at(c, y, xx);
        }
      }
    }
    ASSERT_EQ(out.dim(1), h.Output());
    ASSERT_EQ(out.dim(2), w.Output());
    for (int oc = 0; oc < out.dim(0); ++oc) {
      const int g = oc / out_per_group;
      for (int oy = 0; oy < out.dim(1); ++oy) {
        for (int ox = 0; ox < out.dim(2); ++ox) {
          double sum = 0.0;
          for (int icl = 0; icl < in_per_group; ++icl) {
            for (int ky = 0; ky < h.kernel; ++ky) {
              for (int kx = 0; kx < w.kernel; ++kx) {
                sum += padded.at(g * in_per_group + icl, oy * h.stride + ky * h.dilation,
                                 ox * w.stride + kx * w.dilation) *
                       kernel.at(oc, icl, ky, kx);
              }
            }
          }
          ASSERT_NEAR(out.at(oc, oy, ox), sum, 1e-9);
        }
      }
    }
  }
}

}  // namespace
}  // namespace convanim
