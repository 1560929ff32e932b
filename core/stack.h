// A stack of layers (scene key `layers`): every layer's output, and receptive fields.
//
// Receptive fields, per axis (the axes do not interact), following Araujo, Norris and Sim,
// "Computing Receptive Fields of Convolutional Neural Networks" (Distill, 2019) with the
// effective kernel k_eff = d(k - 1) + 1 and the padding at the start p_b:
//   convolution or pooling:  r_l = r_{l-1} + (k_eff - 1) j_{l-1},  j_l = j_{l-1} s,
//                            start_l = start_{l-1} - p_b j_{l-1};
//   transposed convolution:  its equivalent unit-stride convolution over the input
//                            stretched by s (docs/backward.md): the jump divides by s,
//                            j_l = j_{l-1} / s, r_l = r_{l-1} + (k_eff - 1) j_l,
//                            start_l = start_{l-1} - (k_eff - 1 - p_b) j_l,
// starting from r_0 = 1, j_0 = 1, start_0 = 0 (fractions appear only after a transposed
// layer). start_l is the input coordinate where the field of layer l's output cell 0 begins
// (negative: in the padding) and the field of cell c spans [start + c j, start + c j + r - 1].
// The per-cell rectangles are exact instead: the bounding box, clipped to the input, of the
// input cells the output cell depends on through the layers' taps (holes left by dilation and
// strides included, padding excluded), i.e. the cells whose gradient is non-zero with
// positive weights (max pooling judged by its whole window).
#pragma once

#include <array>
#include <vector>

#include "core/scene.h"
#include "core/status.h"
#include "core/tensor.h"

namespace convanim {

// The layers of a stack scene, or the scene itself when it has one operation.
std::vector<const Scene*> LayersOf(const Scene& scene);

// Every layer's output, the first layer applied to scene.input: as PyTorch's nn.Sequential.
std::vector<Tensor> EvaluateStack(const Scene& scene);

struct LayerField {
  std::array<double, 2> size{1, 1};   // r per axis [H, W]
  std::array<double, 2> jump{1, 1};   // j
  std::array<double, 2> start{0, 0};  // start
};

// One interval per axis of input rows/columns, inclusive; empty when first > last.
struct CellField {
  std::array<std::array<int, 2>, 2> input{};  // [[r0, r1], [c0, c1]]
  bool empty = false;                         // the cell depends on padding only
};

struct ReceptiveField {
  std::vector<LayerField> layers;  // one per layer, in order
  Pair output_size{0, 0};          // the last layer's output cells
  // Per axis and per output cell of the last layer: the first and last input index it
  // depends on ({1, 0} when none).
  std::array<std::vector<std::array<int, 2>>, 2> spans;
  CellField CellAt(int row, int col) const;
};

// For a validated scene (one operation or a stack).
ReceptiveField ComputeReceptiveField(const Scene& scene);

// One axis of what a last-layer output cell depends on, at one level of the stack (level 0
// the input, level l the output of layer l): the coordinates it depends on, sorted, and
// those of the next layer's taps that fall in its padding (or past the input, where a
// ceil_mode window reaches), which depend on nothing.
struct AxisDependence {
  std::vector<int> cells;
  std::vector<int> padding;
};

// Per level 0..L (L = the number of layers) and per axis [H, W]: what output cell
// (row, col) of the last layer depends on, through the layers' taps (max pooling by its
// whole window; holes left by dilation and strides are not in it). The cells of a level
// are the product of its two axes' cells.
std::vector<std::array<AxisDependence, 2>> DependenceOf(const Scene& scene, int row, int col);

// Per level 0..L-1 and per axis: the first and last coordinate the next layer's taps reach
// over all its windows, padding included ([0, n-1] widened by the padding a window taps).
std::vector<std::array<std::array<int, 2>, 2>> TapExtents(const Scene& scene);

}  // namespace convanim
