// The backward pass of the four operations: given dL/dy (the gradient of a loss with
// respect to the output), the gradients PyTorch's autograd gives for one batch item,
// computed from the definitions (every tap of the forward pass sends its share back).
//
// The identities the docs and tests lean on (docs/backward.md):
//  - a convolution's dL/dx is the transposed convolution of dL/dy with the same kernel,
//    stride, padding, dilation and groups, and output_padding a = (i + p_begin + p_end -
//    k_eff) mod s so that it gives back i cells; as matrices, dL/dx = Cᵀ dL/dy;
//  - a transposed convolution's dL/dx is the direct convolution of dL/dy with its kernel;
//  - dL/dW is the correlation of the input with dL/dy (dilated by the stride), and
//    dL/db the sum of dL/dy over each output channel;
//  - max pooling sends each output's gradient to the window's first maximum in scan order
//    (rows, then columns), as PyTorch's CPU kernel; average pooling spreads it as g / n over
//    the window's input cells, with the forward pass's divisor n.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "core/numerics.h"
#include "core/scene.h"
#include "core/tensor.h"

namespace convanim {

struct Gradients {
  Tensor input;   // dL/dx, the input's shape [C][H][W]
  Tensor weight;  // dL/dW, the kernel's shape (convolutions; empty for pooling)
  Tensor bias;    // dL/db, [out_channels] (convolutions; empty for pooling)
};

// grad_output has the forward output's shape [C'][H'][W']; the other tensors and params
// are as for core/numerics.h (same preconditions).
Gradients ConvolutionBackward(const Tensor& input, const Tensor& kernel, const Tensor& grad_output,
                              const OperationParams& params);
Gradients TransposedConvolutionBackward(const Tensor& input, const Tensor& kernel,
                                        const Tensor& grad_output, const OperationParams& params);
Gradients MaxPoolingBackward(const Tensor& input, const Tensor& grad_output,
                             const OperationParams& params);
Gradients AveragePoolingBackward(const Tensor& input, const Tensor& grad_output,
                                 const OperationParams& params);

// dL/dy of a validated scene: its grad_output, or ones in the output's shape (L = sum of y).
Tensor GradOutputOf(const Scene& scene, Pair output_size);

// Dispatches on scene.operation; grad_output as GradOutputOf gives it.
Gradients Backward(const Scene& scene, const Tensor& grad_output);

// The output_padding a transposed convolution with a convolution's stride, padding and
// dilation needs to give back the convolution's input size along one axis:
// (input + pad_begin + pad_end - dilation (kernel - 1) - 1) mod stride.
int InputGradientOutputPadding(int input, int kernel, int stride, int pad_begin, int pad_end,
                               int dilation);

// The steps of the views input_gradient and weight_gradient (renderer/gradient_model.cc):
// one step per input cell (dL/dx) or per weight (dL/dW), each the list of the products
// that make the cell's gradient, in the order core/backward sums them, so that a step's
// sum equals Gradients::input or Gradients::weight at its cell exactly.
struct GradientTerm {
  std::array<int, 3> grad{};                  // the dL/dy cell [channel, row, column]
  std::array<int, 3> input{};                 // the input cell [channel, row, column] of the tap
  std::array<int, 4> weight{-1, -1, -1, -1};  // the weight (kernel's indices); -1s: pooling
  // What dL/dy is multiplied by: the weight (dL/dx of a convolution), the input value
  // (dL/dW), 1 (max pooling: the whole gradient) or 1 / divisor (average pooling).
  double factor = 1.0;
  int divisor = 0;  // average pooling: the window's n (the product is g / n); else 0
  double product = 0.0;
};

struct GradientStep {
  int64_t index = 0;
  // The cell whose gradient the step computes: [channel, row, column] of the input
  // (input_gradient; the 4th is 0) or the kernel's four indices (weight_gradient).
  std::array<int, 4> cell{};
  std::vector<GradientTerm> terms;  // empty: no output's gradient reaches the cell (sum 0)
  double sum = 0.0;
};

// One step per input cell, channel by channel, row by row. Every operation.
std::vector<GradientStep> InputGradientSteps(const Scene& scene, const Tensor& grad_output);
// One step per weight, in the kernel's order. Convolutions only (empty for pooling).
std::vector<GradientStep> WeightGradientSteps(const Scene& scene, const Tensor& grad_output);

}  // namespace convanim
