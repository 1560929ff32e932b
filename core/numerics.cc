#include "core/numerics.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>

#include "core/backward.h"

namespace convanim {
namespace {

// One axis of an operation: the sizes the loops below read, unpacked once. The output
// sizes are computed here from the definitions, independently of core/arithmetic, so
// Schedule::Build's check that both agree compares two computations.
struct Axis {
  int input = 1;   // cells of the operation's input along the axis
  int kernel = 1;  // taps of the kernel (pooling: of the window)
  int stride = 1;
  int dilation = 1;
  int pad_begin = 0;
  int pad_end = 0;
  int output_padding = 0;  // transposed only

  int EffectiveKernel() const { return dilation * (kernel - 1) + 1; }
};

Axis AxisAlong(int axis, int input, int kernel, const OperationParams& params) {
  const std::size_t a = static_cast<std::size_t>(axis);
  Axis out;
  out.input = input;
  out.kernel = kernel;
  out.stride = params.stride[a];
  out.dilation = params.dilation[a];
  out.pad_begin = params.padding.Begin(axis);
  out.pad_end = params.padding.End(axis);
  out.output_padding = params.output_padding[a];
  return out;
}

// Output size of a direct convolution (floor mode).
int ConvolutionOutput(const Axis& a) {
  return (a.input + a.pad_begin + a.pad_end - a.EffectiveKernel()) / a.stride + 1;
}

// Output size of a transposed convolution.
int TransposedOutput(const Axis& a) {
  return a.stride * (a.input - 1) + a.output_padding + a.EffectiveKernel() - a.pad_begin -
         a.pad_end;
}

// Output size of pooling, with PyTorch's ceil_mode rule: the last window must start
// inside the input or its leading padding. With ceil_mode the window may be larger than
// the padded input (span down to 1 - stride), so round toward negative infinity.
int PoolingOutput(const Axis& a, bool ceil_mode) {
  const int span = a.input + a.pad_begin + a.pad_end - a.EffectiveKernel();
  if (!ceil_mode) return span / a.stride + 1;
  const int numerator = span + a.stride - 1;
  const int rounded_down =
      numerator >= 0 ? numerator / a.stride : -((-numerator + a.stride - 1) / a.stride);
  int output = rounded_down + 1;
  if ((output - 1) * a.stride >= a.input + a.pad_begin) --output;
  return output;
}

// Taps of a pooling window starting at `start` (input coordinates): how many land
// inside the padded input ([-pad_begin, input + pad_end)) and how many on real input
// cells ([0, input)).
struct WindowCounts {
  int in_padded = 0;
  int in_input = 0;
};

WindowCounts CountTaps(int start, const Axis& a) {
  WindowCounts counts;
  for (int tap = 0; tap < a.kernel; ++tap) {
    const int coord = start + tap * a.dilation;
    if (coord < a.input + a.pad_end) ++counts.in_padded;
    if (coord >= 0 && coord < a.input) ++counts.in_input;
  }
  return counts;
}

// The channels of a transposed convolution, from its input [in][H][W] and kernel
// [in][out/groups][kH][kW].
struct TransposedChannels {
  int in = 0, out = 0;
  int groups = 1, in_per_group = 0, out_per_group = 0;
};

TransposedChannels TransposedChannelsOf(const Tensor& input, const Tensor& kernel, int groups) {
  TransposedChannels c;
  c.in = input.dim(0);
  c.groups = groups;
  c.in_per_group = c.in / groups;
  c.out_per_group = kernel.dim(1);
  c.out = c.out_per_group * groups;
  return c;
}

}  // namespace

OperationParams ParamsOf(const Scene& scene) {
  OperationParams params;
  params.kernel_size = scene.kernel_size;
  params.stride = scene.stride;
  params.padding = scene.padding;
  params.dilation = scene.dilation;
  params.output_padding = scene.output_padding;
  params.groups = scene.groups;
  params.out_channels = scene.out_channels;
  params.ceil_mode = scene.ceil_mode;
  params.count_include_pad = scene.count_include_pad;
  return params;
}

Tensor Convolution(const Tensor& input, const Tensor& kernel, const OperationParams& params) {
  const Axis y = AxisAlong(kAxisH, input.dim(1), kernel.dim(2), params);
  const Axis x = AxisAlong(kAxisW, input.dim(2), kernel.dim(3), params);
  const int out_channels = kernel.dim(0), in_per_group = kernel.dim(1);
  const int out_per_group = out_channels / params.groups;
  const int out_h = ConvolutionOutput(y), out_w = ConvolutionOutput(x);

  Tensor output({out_channels, out_h, out_w});
  for (int oc = 0; oc < out_channels; ++oc) {
    const int group = oc / out_per_group;
    for (int oy = 0; oy < out_h; ++oy) {
      for (int ox = 0; ox < out_w; ++ox) {
        double sum = 0.0;
        for (int icl = 0; icl < in_per_group; ++icl) {
          const int ic = group * in_per_group + icl;
          for (int ky = 0; ky < y.kernel; ++ky) {
            const int iy = oy * y.stride - y.pad_begin + ky * y.dilation;
            if (iy < 0 || iy >= y.input) continue;  // zero padding contributes nothing
            for (int kx = 0; kx < x.kernel; ++kx) {
              const int ix = ox * x.stride - x.pad_begin + kx * x.dilation;
              if (ix < 0 || ix >= x.input) continue;
              sum += input.at(ic, iy, ix) * kernel.at(oc, icl, ky, kx);
            }
          }
        }
        output.at(oc, oy, ox) = sum;
      }
    }
  }
  return output;
}

Tensor TransposedConvolutionScatter(const Tensor& input, const Tensor& kernel,
                                    const OperationParams& params) {
  const Axis y = AxisAlong(kAxisH, input.dim(1), kernel.dim(2), params);
  const Axis x = AxisAlong(kAxisW, input.dim(2), kernel.dim(3), params);
  const TransposedChannels ch = TransposedChannelsOf(input, kernel, params.groups);

  // The uncropped output: every weighted copy of the kernel lands inside it; output_padding
  // only adds (zero) cells at the end.
  const int full_h = y.stride * (y.input - 1) + y.EffectiveKernel() + y.output_padding;
  const int full_w = x.stride * (x.input - 1) + x.EffectiveKernel() + x.output_padding;
  Tensor full({ch.out, full_h, full_w});
  for (int ic = 0; ic < ch.in; ++ic) {
    const int group = ic / ch.in_per_group;
    for (int iy = 0; iy < y.input; ++iy) {
      for (int ix = 0; ix < x.input; ++ix) {
        const double value = input.at(ic, iy, ix);
        for (int ocl = 0; ocl < ch.out_per_group; ++ocl) {
          const int oc = group * ch.out_per_group + ocl;
          for (int ky = 0; ky < y.kernel; ++ky) {
            const int fy = iy * y.stride + ky * y.dilation;
            for (int kx = 0; kx < x.kernel; ++kx) {
              const int fx = ix * x.stride + kx * x.dilation;
              full.at(oc, fy, fx) += value * kernel.at(ic, ocl, ky, kx);
            }
          }
        }
      }
    }
  }

  // Padding crops pad_begin cells at the start and pad_end at the end of the full output.
  const int out_h = TransposedOutput(y), out_w = TransposedOutput(x);
  Tensor output({ch.out, out_h, out_w});
  for (int oc = 0; oc < ch.out; ++oc) {
    for (int oy = 0; oy < out_h; ++oy) {
      for (int ox = 0; ox < out_w; ++ox) {
        output.at(oc, oy, ox) = full.at(oc, oy + y.pad_begin, ox + x.pad_begin);
      }
    }
  }
  return output;
}

Tensor TransposedConvolutionDirect(const Tensor& input, const Tensor& kernel,
                                   const OperationParams& params) {
  const Axis y = AxisAlong(kAxisH, input.dim(1), kernel.dim(2), params);
  const Axis x = AxisAlong(kAxisW, input.dim(2), kernel.dim(3), params);
  const TransposedChannels ch = TransposedChannelsOf(input, kernel, params.groups);

  // The guide's equivalent input: s-1 zeros between units, then p' = d(k-1) - p zeros
  // on each side (plus a at the end). A negative p' crops the stretched input instead.
  const int lead_h = y.dilation * (y.kernel - 1) - y.pad_begin;
  const int lead_w = x.dilation * (x.kernel - 1) - x.pad_begin;
  const int trail_h = y.dilation * (y.kernel - 1) - y.pad_end + y.output_padding;
  const int trail_w = x.dilation * (x.kernel - 1) - x.pad_end + x.output_padding;
  const int canvas_h = y.stride * (y.input - 1) + 1 + lead_h + trail_h;
  const int canvas_w = x.stride * (x.input - 1) + 1 + lead_w + trail_w;
  Tensor canvas({ch.in, canvas_h, canvas_w});
  for (int ic = 0; ic < ch.in; ++ic) {
    for (int iy = 0; iy < y.input; ++iy) {
      const int cy = iy * y.stride + lead_h;
      if (cy < 0 || cy >= canvas_h) continue;  // cropped away by a negative p'
      for (int ix = 0; ix < x.input; ++ix) {
        const int cx = ix * x.stride + lead_w;
        if (cx < 0 || cx >= canvas_w) continue;
        canvas.at(ic, cy, cx) = input.at(ic, iy, ix);
      }
    }
  }

  // The equivalent kernel: spatially flipped, with input and output channels swapped
  // within each group, in the direct layout [out][in/groups][kH][kW].
  Tensor flipped({ch.out, ch.in_per_group, y.kernel, x.kernel});
  for (int group = 0; group < ch.groups; ++group) {
    for (int icl = 0; icl < ch.in_per_group; ++icl) {
      const int ic = group * ch.in_per_group + icl;
      for (int ocl = 0; ocl < ch.out_per_group; ++ocl) {
        const int oc = group * ch.out_per_group + ocl;
        for (int ky = 0; ky < y.kernel; ++ky) {
          for (int kx = 0; kx < x.kernel; ++kx) {
            flipped.at(oc, icl, y.kernel - 1 - ky, x.kernel - 1 - kx) = kernel.at(ic, ocl, ky, kx);
          }
        }
      }
    }
  }

  OperationParams direct;
  direct.kernel_size = {y.kernel, x.kernel};
  direct.stride = {1, 1};
  direct.padding = Padding{};
  direct.dilation = params.dilation;
  direct.groups = ch.groups;
  direct.out_channels = ch.out;
  return Convolution(canvas, flipped, direct);
}

Tensor MaxPooling(const Tensor& input, const OperationParams& params) {
  const int channels = input.dim(0);
  const Axis y = AxisAlong(kAxisH, input.dim(1), params.kernel_size[kAxisH], params);
  const Axis x = AxisAlong(kAxisW, input.dim(2), params.kernel_size[kAxisW], params);
  const int out_h = PoolingOutput(y, params.ceil_mode), out_w = PoolingOutput(x, params.ceil_mode);

  Tensor output({channels, out_h, out_w});
  for (int c = 0; c < channels; ++c) {
    for (int oy = 0; oy < out_h; ++oy) {
      for (int ox = 0; ox < out_w; ++ox) {
        bool found = false;
        double best = 0.0;  // a window with no input cell (all padding) gives 0
        for (int ky = 0; ky < y.kernel; ++ky) {
          const int iy = oy * y.stride - y.pad_begin + ky * y.dilation;
          if (iy < 0 || iy >= y.input) continue;  // padded cells never win
          for (int kx = 0; kx < x.kernel; ++kx) {
            const int ix = ox * x.stride - x.pad_begin + kx * x.dilation;
            if (ix < 0 || ix >= x.input) continue;
            const double value = input.at(c, iy, ix);
            if (!found || value > best) {  // strict: the first maximum wins ties
              best = value;
              found = true;
            }
          }
        }
        output.at(c, oy, ox) = best;
      }
    }
  }
  return output;
}

Tensor AveragePooling(const Tensor& input, const OperationParams& params) {
  const int channels = input.dim(0);
  const Axis y = AxisAlong(kAxisH, input.dim(1), params.kernel_size[kAxisH], params);
  const Axis x = AxisAlong(kAxisW, input.dim(2), params.kernel_size[kAxisW], params);
  const int out_h = PoolingOutput(y, params.ceil_mode), out_w = PoolingOutput(x, params.ceil_mode);

  Tensor output({channels, out_h, out_w});
  for (int oy = 0; oy < out_h; ++oy) {
    const int start_y = oy * y.stride - y.pad_begin;
    const WindowCounts rows = CountTaps(start_y, y);
    for (int ox = 0; ox < out_w; ++ox) {
      const int start_x = ox * x.stride - x.pad_begin;
      const WindowCounts cols = CountTaps(start_x, x);
      // PyTorch: pool_size counts the window's cells inside the padded input (cells a
      // ceil_mode window hangs past it never count); without count_include_pad only the
      // cells inside the input count. With dilation, the same over the taps (onnxruntime).
      const int divisor = params.count_include_pad ? rows.in_padded * cols.in_padded
                                                   : rows.in_input * cols.in_input;
      for (int c = 0; c < channels; ++c) {
        double sum = 0.0;
        for (int ky = 0; ky < y.kernel; ++ky) {
          const int iy = start_y + ky * y.dilation;
          if (iy < 0 || iy >= y.input) continue;
          for (int kx = 0; kx < x.kernel; ++kx) {
            const int ix = start_x + kx * x.dilation;
            if (ix < 0 || ix >= x.input) continue;
            sum += input.at(c, iy, ix);
          }
        }
        // A window with nothing to count (all padding, count_include_pad off) gives 0.
        output.at(c, oy, ox) = divisor > 0 ? sum / divisor : 0.0;
      }
    }
  }
  return output;
}

void AddBias(const Tensor& bias, Tensor* output) {
  const std::size_t plane = static_cast<std::size_t>(output->dim(1)) * output->dim(2);
  for (std::size_t i = 0; i < output->size(); ++i) output->data()[i] += bias.data()[i / plane];
}

Tensor Evaluate(const Scene& scene) {
  const OperationParams params = ParamsOf(scene);
  Tensor output;
  switch (scene.operation) {
    case Operation::kConvolution:
      output = Convolution(scene.input, scene.kernel, params);
      if (!scene.bias.empty()) AddBias(scene.bias, &output);
      return output;
    case Operation::kTransposedConvolution:
      output = TransposedConvolutionScatter(scene.input, scene.kernel, params);
      if (!scene.bias.empty()) AddBias(scene.bias, &output);
      return output;
    case Operation::kMaxPooling:
      return MaxPooling(scene.input, params);
    case Operation::kAveragePooling:
      return AveragePooling(scene.input, params);
  }
  return Tensor();
}

int DecimalsOf(double value, int max) {
  if (!std::isfinite(value)) return 0;
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.15g", value);  // the decimal the value stands for
  const double clean = std::strtod(buffer, nullptr);
  double scale = 1.0;
  for (int decimals = 0; decimals <= max; ++decimals, scale *= 10.0) {
    const double scaled = clean * scale;
    if (std::fabs(scaled) >= 1e15) return decimals;  // past a double's digits: as written
    const double shown = std::round(scaled) / scale;
    if (std::fabs(shown - clean) <= 1e-12 * std::fabs(clean)) return decimals;
  }
  return max + 1;
}

namespace {

// The most digits any value of `t` needs, capped at max + 1.
int DecimalsOfAll(const Tensor& t, int max) {
  int most = 0;
  for (double v : t.data()) {
    most = std::max(most, DecimalsOf(v, max));
    if (most > max) break;
  }
  return most;
}

}  // namespace

int ResolveDecimals(const Scene& scene, const Tensor& output) {
  if (scene.style.decimals != kAutoDecimals) return scene.style.decimals;
  if (scene.style.preset == Preset::kGuide) return 1;  // the paper's look: "12.0", "1.7"
  const int max = kMaxAutoDecimals;
  int most = std::max(DecimalsOfAll(scene.input, max), DecimalsOfAll(output, max));
  std::vector<const Scene*> operations{&scene};
  for (const Scene& layer : scene.layers) operations.push_back(&layer);
  for (const Scene* op : operations) {
    if (most > max) break;
    most = std::max({most, DecimalsOfAll(op->kernel, max), DecimalsOfAll(op->bias, max)});
  }
  const bool gradients = scene.view == View::kInputGradient || scene.view == View::kWeightGradient;
  if (most <= max && gradients && scene.layers.empty() && output.rank() == 3) {
    const Tensor grad_output = GradOutputOf(scene, Pair{output.dim(1), output.dim(2)});
    const Gradients g = Backward(scene, grad_output);
    for (const Tensor* t : {&grad_output, &g.input, &g.weight, &g.bias}) {
      most = std::max(most, DecimalsOfAll(*t, max));
    }
  }
  return most > max ? kInexactDecimals : most;
}

}  // namespace convanim
