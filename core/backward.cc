#include "core/backward.h"

#include <cmath>
#include <cstddef>

namespace convanim {
namespace {

// One axis of the forward pass, as the loops below read it.
struct Axis {
  int input = 1, output = 1, kernel = 1, stride = 1, dilation = 1, pad_begin = 0, pad_end = 0;
};

Axis AxisAlong(int axis, int input, int output, int kernel, const OperationParams& params) {
  const std::size_t a = static_cast<std::size_t>(axis);
  Axis out;
  out.input = input;
  out.output = output;
  out.kernel = kernel;
  out.stride = params.stride[a];
  out.dilation = params.dilation[a];
  out.pad_begin = params.padding.Begin(axis);
  out.pad_end = params.padding.End(axis);
  return out;
}

// dL/db: the sum of dL/dy over each output channel.
Tensor BiasGradient(const Tensor& grad_output) {
  Tensor bias({grad_output.dim(0)});
  const std::size_t plane = static_cast<std::size_t>(grad_output.dim(1)) * grad_output.dim(2);
  for (std::size_t i = 0; i < grad_output.size(); ++i) {
    bias.data()[i / plane] += grad_output.data()[i];
  }
  return bias;
}

// Every tap of a convolution's (transposed: false) or transposed convolution's forward
// pass, each once, with the dL/dy cell it feeds, the input cell and the weight it
// multiplies: the one walk the backward passes and the gradient views' steps read, so
// their sums are made in the same order and agree exactly.
//  - convolution: y[oc][oy][ox] += x[ic][iy][ix] * W[oc][icl][ky][kx], output by output;
//  - transposed: x[ic][iy][ix] * W[ic][ocl][ky][kx] is scattered to output cell
//    (iy s + ky d - p_begin, ix s + kx d - p_left) unless the padding crops it there,
//    input by input.
template <typename Visit>
void ForEachTap(bool transposed, const Tensor& input, const Tensor& kernel,
                const Tensor& grad_output, const OperationParams& params, Visit visit) {
  const Axis y = AxisAlong(kAxisH, input.dim(1), grad_output.dim(1), kernel.dim(2), params);
  const Axis x = AxisAlong(kAxisW, input.dim(2), grad_output.dim(2), kernel.dim(3), params);
  GradientTerm tap;
  if (!transposed) {
    const int out_channels = kernel.dim(0), in_per_group = kernel.dim(1);
    const int out_per_group = out_channels / params.groups;
    for (int oc = 0; oc < out_channels; ++oc) {
      for (int oy = 0; oy < y.output; ++oy) {
        for (int ox = 0; ox < x.output; ++ox) {
          for (int icl = 0; icl < in_per_group; ++icl) {
            const int ic = (oc / out_per_group) * in_per_group + icl;
            for (int ky = 0; ky < y.kernel; ++ky) {
              const int iy = oy * y.stride - y.pad_begin + ky * y.dilation;
              if (iy < 0 || iy >= y.input) continue;
              for (int kx = 0; kx < x.kernel; ++kx) {
                const int ix = ox * x.stride - x.pad_begin + kx * x.dilation;
                if (ix < 0 || ix >= x.input) continue;
                tap.grad = {oc, oy, ox};
                tap.input = {ic, iy, ix};
                tap.weight = {oc, icl, ky, kx};
                visit(tap);
              }
            }
          }
        }
      }
    }
    return;
  }
  const int in_channels = input.dim(0), out_per_group = kernel.dim(1);
  const int in_per_group = in_channels / params.groups;
  for (int ic = 0; ic < in_channels; ++ic) {
    for (int iy = 0; iy < y.input; ++iy) {
      for (int ix = 0; ix < x.input; ++ix) {
        for (int ocl = 0; ocl < out_per_group; ++ocl) {
          const int oc = (ic / in_per_group) * out_per_group + ocl;
          for (int ky = 0; ky < y.kernel; ++ky) {
            const int oy = iy * y.stride + ky * y.dilation - y.pad_begin;
            if (oy < 0 || oy >= y.output) continue;
            for (int kx = 0; kx < x.kernel; ++kx) {
              const int ox = ix * x.stride + kx * x.dilation - x.pad_begin;
              if (ox < 0 || ox >= x.output) continue;
              tap.grad = {oc, oy, ox};
              tap.input = {ic, iy, ix};
              tap.weight = {ic, ocl, ky, kx};
              visit(tap);
            }
          }
        }
      }
    }
  }
}

// Both convolutions: every tap sends dL/dy back through the weight to x and through x to
// the weight.
Gradients ConvolutionsBackward(bool transposed, const Tensor& input, const Tensor& kernel,
                               const Tensor& grad_output, const OperationParams& params) {
  Gradients g;
  g.input = Tensor(input.shape());
  g.weight = Tensor(kernel.shape());
  g.bias = BiasGradient(grad_output);
  ForEachTap(transposed, input, kernel, grad_output, params, [&](const GradientTerm& tap) {
    const auto& [oc, oy, ox] = tap.grad;
    const auto& [ic, iy, ix] = tap.input;
    const auto& [a, b, ky, kx] = tap.weight;
    const double grad = grad_output.at(oc, oy, ox);
    g.input.at(ic, iy, ix) += grad * kernel.at(a, b, ky, kx);
    g.weight.at(a, b, ky, kx) += grad * input.at(ic, iy, ix);
  });
  return g;
}

// Where each output's gradient goes in max pooling (max: true) or average pooling, channel
// by channel, output by output; a term's product is its share of dL/dy.
//  - max: PyTorch's CPU max_pool2d takes the window's input cells in scan order (rows, then
//    columns); a cell replaces the best so far when it is larger or NaN, so ties go to the
//    first maximum and a NaN (the last one) wins over numbers. The whole gradient goes there.
//  - average: g / n to each of the window's input cells, n the forward pass's divisor: the
//    window's taps inside the padded input (count_include_pad) or inside the input, never
//    those a ceil_mode window hangs past the padded input.
template <typename Visit>
void ForEachPoolingShare(bool max, const Tensor& input, const Tensor& grad_output,
                         const OperationParams& params, Visit visit) {
  const Axis y = AxisAlong(kAxisH, input.dim(1), grad_output.dim(1), params.kernel_size[0], params);
  const Axis x = AxisAlong(kAxisW, input.dim(2), grad_output.dim(2), params.kernel_size[1], params);
  const auto taps = [&params](int start, const Axis& a) {
    int count = 0;
    for (int t = 0; t < a.kernel; ++t) {
      const int coord = start + t * a.dilation;
      count +=
          params.count_include_pad ? coord < a.input + a.pad_end : coord >= 0 && coord < a.input;
    }
    return count;
  };
  for (int c = 0; c < input.dim(0); ++c) {
    for (int oy = 0; oy < y.output; ++oy) {
      const int start_y = oy * y.stride - y.pad_begin;
      for (int ox = 0; ox < x.output; ++ox) {
        const int start_x = ox * x.stride - x.pad_begin;
        const double grad = grad_output.at(c, oy, ox);
        GradientTerm term;
        term.grad = {c, oy, ox};
        if (max) {
          int best_y = -1, best_x = -1;
          double best = 0.0;
          for (int ky = 0; ky < y.kernel; ++ky) {
            const int iy = start_y + ky * y.dilation;
            if (iy < 0 || iy >= y.input) continue;
            for (int kx = 0; kx < x.kernel; ++kx) {
              const int ix = start_x + kx * x.dilation;
              if (ix < 0 || ix >= x.input) continue;
              const double value = input.at(c, iy, ix);
              if (best_y < 0 || value > best || std::isnan(value)) {
                best = value;
                best_y = iy;
                best_x = ix;
              }
            }
          }
          if (best_y < 0) continue;
          term.input = {c, best_y, best_x};
          term.product = grad;
          visit(term);
          continue;
        }
        const int divisor = taps(start_y, y) * taps(start_x, x);
        if (divisor == 0) continue;
        term.divisor = divisor;
        term.factor = 1.0 / divisor;
        term.product = grad / divisor;
        for (int ky = 0; ky < y.kernel; ++ky) {
          const int iy = start_y + ky * y.dilation;
          if (iy < 0 || iy >= y.input) continue;
          for (int kx = 0; kx < x.kernel; ++kx) {
            const int ix = start_x + kx * x.dilation;
            if (ix < 0 || ix >= x.input) continue;
            term.input = {c, iy, ix};
            visit(term);
          }
        }
      }
    }
  }
}

Gradients PoolingBackward(bool max, const Tensor& input, const Tensor& grad_output,
                          const OperationParams& params) {
  Gradients g;
  g.input = Tensor(input.shape());
  ForEachPoolingShare(max, input, grad_output, params, [&](const GradientTerm& share) {
    g.input.at(share.input[0], share.input[1], share.input[2]) += share.product;
  });
  return g;
}

}  // namespace

int InputGradientOutputPadding(int input, int kernel, int stride, int pad_begin, int pad_end,
                               int dilation) {
  return (input + pad_begin + pad_end - dilation * (kernel - 1) - 1) % stride;
}

Gradients ConvolutionBackward(const Tensor& input, const Tensor& kernel, const Tensor& grad_output,
                              const OperationParams& params) {
  return ConvolutionsBackward(false, input, kernel, grad_output, params);
}

Gradients TransposedConvolutionBackward(const Tensor& input, const Tensor& kernel,
                                        const Tensor& grad_output, const OperationParams& params) {
  return ConvolutionsBackward(true, input, kernel, grad_output, params);
}

Gradients MaxPoolingBackward(const Tensor& input, const Tensor& grad_output,
                             const OperationParams& params) {
  return PoolingBackward(true, input, grad_output, params);
}

Gradients AveragePoolingBackward(const Tensor& input, const Tensor& grad_output,
                                 const OperationParams& params) {
  return PoolingBackward(false, input, grad_output, params);
}

Tensor GradOutputOf(const Scene& scene, Pair output_size) {
  if (!scene.grad_output.empty()) return scene.grad_output;
  Tensor ones({scene.out_channels, output_size[0], output_size[1]});
  for (double& v : ones.data()) v = 1.0;
  return ones;
}

Gradients Backward(const Scene& scene, const Tensor& grad_output) {
  const OperationParams params = ParamsOf(scene);
  switch (scene.operation) {
    case Operation::kConvolution:
      return ConvolutionBackward(scene.input, scene.kernel, grad_output, params);
    case Operation::kTransposedConvolution:
      return TransposedConvolutionBackward(scene.input, scene.kernel, grad_output, params);
    case Operation::kMaxPooling:
      return MaxPoolingBackward(scene.input, grad_output, params);
    case Operation::kAveragePooling:
      return AveragePoolingBackward(scene.input, grad_output, params);
  }
  return Gradients();
}

namespace {

std::size_t InputOffset(const Tensor& t, const std::array<int, 3>& c) {
  return (static_cast<std::size_t>(c[0]) * t.dim(1) + c[1]) * t.dim(2) + c[2];
}

std::vector<GradientStep> InputCellSteps(const Tensor& input) {
  std::vector<GradientStep> steps;
  for (int c = 0; c < input.dim(0); ++c) {
    for (int r = 0; r < input.dim(1); ++r) {
      for (int col = 0; col < input.dim(2); ++col) {
        GradientStep step;
        step.index = static_cast<int64_t>(steps.size());
        step.cell = {c, r, col, 0};
        steps.push_back(step);
      }
    }
  }
  return steps;
}

void Add(GradientStep* step, const GradientTerm& term) {
  step->terms.push_back(term);
  step->sum += term.product;
}

}  // namespace

std::vector<GradientStep> InputGradientSteps(const Scene& scene, const Tensor& grad_output) {
  std::vector<GradientStep> steps = InputCellSteps(scene.input);
  const OperationParams params = ParamsOf(scene);
  if (IsPooling(scene.operation)) {
    ForEachPoolingShare(scene.operation == Operation::kMaxPooling, scene.input, grad_output, params,
                        [&](const GradientTerm& share) {
                          Add(&steps[InputOffset(scene.input, share.input)], share);
                        });
    return steps;
  }
  const bool transposed = scene.operation == Operation::kTransposedConvolution;
  ForEachTap(transposed, scene.input, scene.kernel, grad_output, params,
             [&](const GradientTerm& tap) {
               GradientTerm term = tap;
               const std::array<int, 4>& w = tap.weight;
               term.factor = scene.kernel.at(w[0], w[1], w[2], w[3]);
               term.product = grad_output.at(tap.grad[0], tap.grad[1], tap.grad[2]) * term.factor;
               Add(&steps[InputOffset(scene.input, tap.input)], term);
             });
  return steps;
}

std::vector<GradientStep> WeightGradientSteps(const Scene& scene, const Tensor& grad_output) {
  std::vector<GradientStep> steps;
  if (IsPooling(scene.operation)) return steps;
  const Tensor& k = scene.kernel;
  for (int a = 0; a < k.dim(0); ++a) {
    for (int b = 0; b < k.dim(1); ++b) {
      for (int u = 0; u < k.dim(2); ++u) {
        for (int v = 0; v < k.dim(3); ++v) {
          GradientStep step;
          step.index = static_cast<int64_t>(steps.size());
          step.cell = {a, b, u, v};
          steps.push_back(step);
        }
      }
    }
  }
  const bool transposed = scene.operation == Operation::kTransposedConvolution;
  ForEachTap(
      transposed, scene.input, k, grad_output, ParamsOf(scene), [&](const GradientTerm& tap) {
        GradientTerm term = tap;
        term.factor = scene.input.at(tap.input[0], tap.input[1], tap.input[2]);
        term.product = grad_output.at(tap.grad[0], tap.grad[1], tap.grad[2]) * term.factor;
        const std::array<int, 4>& w = tap.weight;
        const std::size_t at =
            ((static_cast<std::size_t>(w[0]) * k.dim(1) + w[1]) * k.dim(2) + w[2]) * k.dim(3) +
            w[3];
        Add(&steps[at], term);
      });
  return steps;
}

}  // namespace convanim
