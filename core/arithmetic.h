// Output-size arithmetic along one axis, with the guide's Relationship that applies.
// Axes do not interact (guide, chapter 2), so everything here is per axis.
#pragma once

#include <string>

#include "core/scene.h"
#include "core/status.h"

namespace convanim {

// One axis of an operation, in the scene format's terms.
struct AxisConfig {
  Operation operation = Operation::kConvolution;
  int input = 1;           // i (for a transposed convolution, its input i')
  int kernel = 1;          // k (pooling: the window)
  int stride = 1;          // s
  int pad_begin = 0;       // p at the start of the axis
  int pad_end = 0;         // p at the end
  int dilation = 1;        // d
  int output_padding = 0;  // a, transposed only
  bool ceil_mode = false;  // pooling only
};

AxisConfig AxisOf(const Scene& scene, int axis);  // axis is kAxisH or kAxisW

// A transposed convolution drawn as the guide draws it: a unit-stride direct
// convolution over the input with s-1 zeros inserted between units, padded by
// p' = d(k-1) - p on each side (plus a at the end). p' may be negative when the
// padding crops more than the kernel's reach; the renderer then crops the grid.
struct EquivalentConvolution {
  int input = 0;       // i'
  int stretched = 0;   // ĩ' = s(i'-1) + 1
  int kernel = 0;      // k' = k
  int dilation = 1;    // d' = d
  int stride = 1;      // s' = 1
  int pad_begin = 0;   // p' at the start
  int pad_end = 0;     // p' at the end, a included
  int output_padding = 0;  // a
};

struct AxisArithmetic {
  int output = 0;            // o (o' for a transposed convolution)
  int effective_kernel = 0;  // k_eff = d(k-1) + 1
  // The guide's Relationship (1..15) that describes this case exactly, or 0 when the
  // case lies outside the guide's (e.g. asymmetric padding, a dilated transposed
  // convolution); `formula` is always given.
  int relationship = 0;
  std::string relationship_name;  // e.g. "Relationship 6 (zero padding, non-unit strides)"
  std::string general_formula;    // e.g. "o = floor((i + 2p - k) / s) + 1"
  std::string formula;            // with the numbers: "o = floor((5 + 2*1 - 3) / 2) + 1 = 3"
  bool has_equivalent = false;    // true for transposed convolutions
  EquivalentConvolution equivalent;
};

// Computes the output size and explanation. Fails (InvalidScene, with a message
// naming the effective sizes) when the window does not fit the padded input, when
// output_padding is too large, or when the output would be empty.
Status ComputeAxis(const AxisConfig& config, AxisArithmetic* out);

}  // namespace convanim
