// The schedule the renderer draws: one step per output cell, in the guide's order
// (output channel, then row by row, left to right). Steps are computed on demand
// from the scene, so a schedule of thousands of steps costs no memory per step.
//
// Geometry lives on the *canvas*: the grid the window slides over. For convolution
// and pooling it is the padded input (extended at the end when ceil_mode lets the
// last window hang past it). For a transposed convolution it is the guide's
// equivalent direct convolution's input: the zero-stretched input padded by p'
// (see arithmetic.h), over which the window moves with unit stride.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/arithmetic.h"
#include "core/scene.h"
#include "core/status.h"
#include "core/tensor.h"

namespace convanim {

enum class CellKind : uint8_t {
  kInput,         // a real input unit
  kPadding,       // a zero (or ignored cell) added around the input
  kInsertedZero,  // a zero inserted between input units (transposed, s > 1)
  kOutside,       // past the padded input, where only a ceil_mode window reaches; never counts
};

// One axis of the canvas: which canvas coordinates are padding, input or inserted zeros.
struct CanvasAxis {
  int length = 0;   // canvas cells along the axis
  int lead = 0;     // padding cells before the first input unit
  int input = 0;    // input units along the axis
  int spacing = 1;  // canvas cells from one input unit to the next (s for transposed)
  int padded = 0;   // canvas cells of the padded input; cells from here on are kOutside
  // Transposed convolution: how many of the last padding cells output_padding adds.
  int output_padding = 0;

  CellKind KindAt(int coord) const;
  // Whether `coord` is one of the padding cells output_padding adds at the end.
  bool OutputPaddingAt(int coord) const {
    return coord < padded && coord >= padded - output_padding;
  }
  // The input index at `coord`, or -1 when the cell is not an input unit.
  int InputIndexAt(int coord) const;
};

struct Canvas {
  CanvasAxis rows, cols;
  CellKind KindAt(int row, int col) const;
  // A padding cell in a row or column that output_padding adds (transposed convolution).
  bool OutputPaddingAt(int row, int col) const {
    return KindAt(row, col) == CellKind::kPadding &&
           (rows.OutputPaddingAt(row) || cols.OutputPaddingAt(col));
  }
};

// One axis of the canvas of a validated scene, given that axis's arithmetic: the grid
// the schedule's windows move over and the renderer draws. The scene loader holds its
// length within limits::kMaxCanvasCells.
CanvasAxis CanvasAxisFor(const Scene& scene, int axis, const AxisArithmetic& arithmetic);

// One kernel tap of a step: which cell it lands on and what it computes.
struct Tap {
  int in_channel = 0;                  // input channel of the operation's input
  int kernel_row = 0, kernel_col = 0;  // index in the kernel as stored in the scene
  int canvas_row = 0, canvas_col = 0;
  CellKind kind = CellKind::kInput;
  double value = 0.0;    // the input value there (0 for padding and inserted zeros)
  double weight = 0.0;   // the kernel weight applied (convolutions; 1 for pooling)
  double product = 0.0;  // value * weight (convolutions); value (pooling)
  bool counted = true;   // pooling: false for padded cells the operation ignores
};

struct Step {
  int64_t index = 0;
  int out_channel = 0, out_row = 0, out_col = 0;
  int group = 0;
  Pair window_origin{0, 0};  // canvas cell under the kernel's top-left tap
  Pair window_extent{1, 1};  // canvas cells covered by the (dilated) window
  Pair tap_spacing{1, 1};    // canvas cells between taps (the dilation)
  // Taps of every input channel the output sees (in/groups of them), channel-major,
  // then kernel row, then kernel column. For max pooling `selected_tap` is the index
  // of the maximum (first one on ties, as PyTorch); for average pooling `divisor` is
  // what the sum was divided by.
  std::vector<Tap> taps;
  int selected_tap = -1;
  double divisor = 1.0;
  // Convolutions: the sum of the products of each input channel the output sees, in the
  // taps' channel order (their total is `output`, up to rounding). Average pooling: the
  // sum of the counted values (`output` = sum / divisor).
  std::vector<double> channel_sums;
  double sum = 0.0;
  // Convolutions with kernel.bias: the bias of out_channel, included in `output`
  // (output = sum of channel_sums + bias); 0 without one.
  double bias = 0.0;
  double output = 0.0;  // equals the numerics' output at [out_channel][out_row][out_col]
};

class Schedule {
 public:
  // Builds the schedule for a validated scene (computes the output numerics once). For a
  // stack (view receptive_field) it is the schedule of the last layer.
  static Status Build(const Scene& scene, Schedule* out);

  // Output channels x output cells (0 before a successful Build).
  int64_t step_count() const {
    return static_cast<int64_t>(output_channels()) * output_size()[kAxisH] * output_size()[kAxisW];
  }
  Step StepAt(int64_t index) const;  // 0 <= index < step_count()

  const Canvas& canvas() const { return canvas_; }
  Pair output_size() const {
    return output_.rank() == 3 ? Pair{output_.dim(1), output_.dim(2)} : Pair{0, 0};
  }
  // Whether padding zeros take part: always for convolutions, for average pooling with
  // count_include_pad, never for max pooling. Taps' `counted` and the drawn zeros follow it.
  bool padding_counts() const { return padding_counts_; }
  int output_channels() const { return output_.rank() == 3 ? output_.dim(0) : 0; }
  const Tensor& output() const { return output_; }
  const AxisArithmetic& axis(int a) const { return axes_[static_cast<std::size_t>(a)]; }
  // Whether some step's window taps canvas cell (row, col) (every output channel's windows
  // cover the same cells). Padding that no window reaches takes no part in any output.
  bool Reached(int row, int col) const {
    return row >= 0 && col >= 0 && static_cast<std::size_t>(row) < reached_[0].size() &&
           static_cast<std::size_t>(col) < reached_[1].size() &&
           reached_[0][static_cast<std::size_t>(row)] && reached_[1][static_cast<std::size_t>(col)];
  }

 private:
  const Scene* scene_ = nullptr;
  // A stack's schedule is its last layer's, over a copy of that layer this owns.
  std::shared_ptr<const Scene> owned_;
  bool padding_counts_ = true;  // not owned; must outlive the schedule
  Canvas canvas_;
  Tensor output_;  // [output channels][H'][W']
  std::array<AxisArithmetic, 2> axes_;
  std::array<std::vector<bool>, 2> reached_;  // per axis: canvas cells some window taps
};

}  // namespace convanim
