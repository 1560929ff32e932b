// An operation as a matrix: output = M · input, with the input and the output flattened
// channel-major, then row by row (PyTorch's contiguous order of one batch item). Row r of M
// is what output cell r computes from the input cells; for a transposed convolution M is
// the transposed convolution's own matrix, which is Cᵀ for the matrix C of its associated
// direct convolution. Convolutions and average pooling are linear; max pooling is not.
#pragma once

#include <cstdint>
#include <vector>

#include "core/scene.h"
#include "core/schedule.h"
#include "core/status.h"

namespace convanim {

struct MatrixEntry {
  int64_t column = 0;                  // flattened input cell
  double value = 0.0;                  // the weight (convolutions) or 1/divisor (average pooling)
  int kernel_row = 0, kernel_col = 0;  // the kernel weight it is (convolutions)
  int in_channel = 0;
};

struct LinearMap {
  int64_t rows = 0;  // output cells: channels x H' x W'
  int64_t cols = 0;  // input cells: channels x H x W
  Pair input_size{0, 0}, output_size{0, 0};
  int in_channels = 0, out_channels = 0;
  std::vector<std::vector<MatrixEntry>> row_entries;  // the non-zero entries of each row, by column
  // With kernel.bias the map is affine, output = M · input + offset: offset[r] is the bias
  // of output cell r's channel. Empty without a bias (the map is linear).
  std::vector<double> offset;
};

// Entries of the dense matrix `eval --matrix` may print (rows x columns).
constexpr int64_t kMaxMatrixEntries = int64_t{1} << 22;

// The matrix of a scheduled scene, from its steps' taps. Max pooling is refused
// (InvalidScene saying why): the maximum is not a weighted sum.
Status BuildLinearMap(const Scene& scene, const Schedule& schedule, LinearMap* out);

}  // namespace convanim
