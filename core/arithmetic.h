// Output-size arithmetic along one axis, with the guide's Relationship that applies.
// Axes do not interact (guide, chapter 2), so everything here is per axis.
#pragma once

#include <cstdint>

#include "core/scene.h"
#include "core/status.h"

namespace convanim {

// One axis of an operation, in the scene format's terms. Sizes, strides and dilations are
// at most kMaxAxisValue (2^30), paddings and output_padding at most kMaxAxisPadding (2^60):
// `convanim explain` takes up to 2^20 (a padding word up to 2^40), scenes far less. So the
// arithmetic, in 64 bits, cannot overflow: products stay below 2^60, sums below 2^62.
struct AxisConfig {
  Operation operation = Operation::kConvolution;
  int64_t input = 1;           // i (for a transposed convolution, its input i')
  int64_t kernel = 1;          // k (pooling: the window)
  int64_t stride = 1;          // s
  int64_t pad_begin = 0;       // p at the start of the axis
  int64_t pad_end = 0;         // p at the end
  int64_t dilation = 1;        // d
  int64_t output_padding = 0;  // a, transposed only
  bool ceil_mode = false;      // pooling only
};
constexpr int64_t kMaxAxisValue = int64_t{1} << 30;
constexpr int64_t kMaxAxisPadding = int64_t{1} << 60;

AxisConfig AxisOf(const Scene& scene, int axis);  // axis is kAxisH or kAxisW

// A transposed convolution drawn as the guide draws it: a unit-stride direct
// convolution over the input with s-1 zeros inserted between units, padded by
// p' = d(k-1) - p on each side (plus a at the end). p' may be negative when the
// padding crops more than the kernel's reach; the renderer then crops the grid.
struct EquivalentConvolution {
  int64_t input = 0;           // i'
  int64_t stretched = 0;       // ĩ' = s(i'-1) + 1
  int64_t kernel = 0;          // k' = k
  int64_t dilation = 1;        // d' = d
  int64_t stride = 1;          // s' = 1
  int64_t pad_begin = 0;       // p' at the start
  int64_t pad_end = 0;         // p' at the end, a included
  int64_t output_padding = 0;  // a
};

// Which of the guide's cases an axis is: the Relationship and the variant of it that
// names the case exactly. The words for each (its name, its general formula and the
// formula with the numbers) are the renderer's (renderer/arithmetic_words.h).
enum class AxisCase {
  kNoPaddingUnitStrides,              // Relationship 1
  kZeroPaddingUnitStrides,            // 2
  kHalfPaddingUnitStrides,            // 3
  kFullPaddingUnitStrides,            // 4
  kNoPaddingStrides,                  // 5
  kPaddingStrides,                    // 6 (pooling too, with padding)
  kPooling,                           // 7
  kTransposedNoPaddingUnitStrides,    // 8
  kTransposedZeroPaddingUnitStrides,  // 9
  kTransposedHalfPadding,             // 10
  kTransposedFullPadding,             // 11
  kTransposedNoPaddingStrides,        // 12
  kTransposedPaddingStrides,          // 13
  kTransposedPaddingStridesA,         // 14
  kDilated,                           // 15
  kPoolingCeilMode,                   // outside the guide (relationship 0)
  kTransposedGeneral,                 // outside the guide: dilated or asymmetric transposed
};

struct AxisArithmetic {
  int64_t output = 0;            // o (o' for a transposed convolution)
  int64_t effective_kernel = 0;  // k_eff = d(k-1) + 1
  // The guide's Relationship (1..15) that describes this case exactly, or 0 when the
  // case lies outside the guide's (e.g. asymmetric padding, a dilated transposed
  // convolution); `kind` is always given.
  int relationship = 0;
  AxisCase kind = AxisCase::kNoPaddingUnitStrides;
  AxisConfig config;                 // the numbers the case was computed from
  bool last_window_dropped = false;  // ceil_mode: the last window would start in the padding
  bool has_equivalent = false;       // true for transposed convolutions
  EquivalentConvolution equivalent;
};

// Computes the output size and explanation, accepting exactly what PyTorch accepts
// (docs/scene-format.md, "Validity"). Fails (InvalidScene, with a message that names the
// effective sizes and PyTorch's rule) when:
//  - a convolution's dilated kernel is larger than the padded input;
//  - a pooling window gives no output: o = floor((i + p_begin + p_end - k_eff) / s) + 1,
//    with ceil_mode rounded up (and one less when the last window would start past the
//    input and its leading padding), is below 1. With ceil_mode a window larger than the
//    padded input is accepted when it gives one output (k_eff <= i + p_begin + p_end + s - 1);
//  - pooling padding on either side exceeds floor(k_eff / 2);
//  - a transposed convolution's output_padding is not below max(s, d), or its padding
//    crops the whole output (o' < 1);
//  - a number is not positive (sizes, strides, dilations) or negative (paddings), or
//    exceeds kMaxAxisValue (kMaxAxisPadding for paddings and output_padding).
Status ComputeAxis(const AxisConfig& config, AxisArithmetic* out);

// Integer division rounding toward negative infinity (PyTorch's div_rtn); b > 0.
inline int64_t FloorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

// The output size of pooling along one axis, PyTorch's pooling_output_shape_pad_lr: may be
// below 1 (ComputeAxis refuses those).
int64_t PoolingOutputSize(const AxisConfig& config);

}  // namespace convanim
