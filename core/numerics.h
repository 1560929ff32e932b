// The four operations, computed the way PyTorch and ONNX define them (cross-correlation,
// no kernel flip), for one batch item with channels and groups.
#pragma once

#include "core/scene.h"
#include "core/tensor.h"

namespace convanim {

// Everything but the tensors; fields mean what they mean in Scene.
struct OperationParams {
  Pair kernel_size{1, 1};
  Pair stride{1, 1};
  Padding padding;
  Pair dilation{1, 1};
  Pair output_padding{0, 0};
  int groups = 1;
  int out_channels = 1;  // convolutions
  bool ceil_mode = false;
  bool count_include_pad = false;
};

OperationParams ParamsOf(const Scene& scene);

// Preconditions for all: shapes consistent with the params, as the loader guarantees
// (ComputeAxis succeeds on both axes). Inputs are [C][H][W]; results are [C'][H'][W'].

// kernel: [out][in/groups][kH][kW].
Tensor Convolution(const Tensor& input, const Tensor& kernel, const OperationParams& params);

// kernel: [in][out/groups][kH][kW]. Two independent methods that must agree:
// scatter adds a copy of the kernel weighted by each input cell (the definition);
// direct runs the guide's equivalent unit-stride convolution over the zero-stretched,
// padded input with the spatially flipped, channel-swapped kernel.
Tensor TransposedConvolutionScatter(const Tensor& input, const Tensor& kernel,
                                    const OperationParams& params);
Tensor TransposedConvolutionDirect(const Tensor& input, const Tensor& kernel,
                                   const OperationParams& params);

Tensor MaxPooling(const Tensor& input, const OperationParams& params);
Tensor AveragePooling(const Tensor& input, const OperationParams& params);

// Adds bias[c] ([C]) to every cell of channel c of output ([C][H][W]).
void AddBias(const Tensor& bias, Tensor* output);

// Dispatches on scene.operation (transposed: the scatter method), adding scene.bias
// when the scene has one.
Tensor Evaluate(const Scene& scene);

// style.decimals: auto picks the fewest digits after the point, at most kMaxAutoDecimals,
// that write every number of the scene exactly, else kInexactDecimals (the results that are
// not exact then written with an approximately-equal sign).
constexpr int kMaxAutoDecimals = 4;
constexpr int kInexactDecimals = 2;

// The fewest digits after the point that write `value` exactly, judged on the decimal the
// double stands for (0.1 + 0.2 is 0.3, 1 digit; 0.3125: 4; 12: 0); max + 1 when more than
// `max` are needed (1/3). Non-finite values need 0.
int DecimalsOf(double value, int max);

// The digits after the point output values (and sums) are written with: the scene's
// style.decimals when it gives an integer; for auto (kAutoDecimals) the fewest, at most
// kMaxAutoDecimals, that write exactly every input value, weight, bias, dL/dy and output
// (`output`: the scene's numerics, Evaluate's; for the gradient views also dL/dx, dL/dW and
// dL/db), else kInexactDecimals. The guide preset writes one, as the paper ("12.0", "1.7").
int ResolveDecimals(const Scene& scene, const Tensor& output);

}  // namespace convanim
