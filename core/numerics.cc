#include "core/numerics.h"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace convanim {
namespace {

int EffectiveKernel(int kernel, int dilation) { return dilation * (kernel - 1) + 1; }

// Output size of a direct convolution (floor mode) along one axis.
int ConvolutionOutput(int input, int kernel, int stride, int pad_begin, int pad_end, int dilation) {
  return (input + pad_begin + pad_end - EffectiveKernel(kernel, dilation)) / stride + 1;
}

// Output size of a transposed convolution along one axis.
int TransposedOutput(int input, int kernel, int stride, int pad_begin, int pad_end, int dilation,
                     int output_padding) {
  return stride * (input - 1) + output_padding + EffectiveKernel(kernel, dilation) - pad_begin -
         pad_end;
}

// Output size of pooling along one axis, with PyTorch's ceil_mode rule: the last
// window must start inside the input or its leading padding.
int PoolingOutput(int input, int kernel, int stride, int pad_begin, int pad_end, int dilation,
                  bool ceil_mode) {
  const int span = input + pad_begin + pad_end - EffectiveKernel(kernel, dilation);
  if (!ceil_mode) return span / stride + 1;
  int output = (span + stride - 1) / stride + 1;
  if ((output - 1) * stride >= input + pad_begin) --output;
  return output;
}

// Taps of a pooling window along one axis: how many land inside the padded input
// ([-pad_begin, input + pad_end)) and how many on real input cells ([0, input)).
struct WindowCounts {
  int in_padded = 0;
  int in_input = 0;
};

WindowCounts CountTaps(int start, int kernel, int dilation, int input, int pad_end) {
  WindowCounts counts;
  for (int tap = 0; tap < kernel; ++tap) {
    const int coord = start + tap * dilation;
    if (coord < input + pad_end) ++counts.in_padded;
    if (coord >= 0 && coord < input) ++counts.in_input;
  }
  return counts;
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
  const int height = input.dim(1), width = input.dim(2);
  const int out_channels = kernel.dim(0), in_per_group = kernel.dim(1);
  const int kernel_h = kernel.dim(2), kernel_w = kernel.dim(3);
  const int groups = params.groups;
  const int out_per_group = out_channels / groups;
  const int stride_h = params.stride[kAxisH], stride_w = params.stride[kAxisW];
  const int dilation_h = params.dilation[kAxisH], dilation_w = params.dilation[kAxisW];
  const Padding& pad = params.padding;
  const int out_h = ConvolutionOutput(height, kernel_h, stride_h, pad.top, pad.bottom, dilation_h);
  const int out_w = ConvolutionOutput(width, kernel_w, stride_w, pad.left, pad.right, dilation_w);

  Tensor output({out_channels, out_h, out_w});
  for (int oc = 0; oc < out_channels; ++oc) {
    const int group = oc / out_per_group;
    for (int oy = 0; oy < out_h; ++oy) {
      for (int ox = 0; ox < out_w; ++ox) {
        double sum = 0.0;
        for (int icl = 0; icl < in_per_group; ++icl) {
          const int ic = group * in_per_group + icl;
          for (int ky = 0; ky < kernel_h; ++ky) {
            const int iy = oy * stride_h - pad.top + ky * dilation_h;
            if (iy < 0 || iy >= height) continue;  // zero padding contributes nothing
            for (int kx = 0; kx < kernel_w; ++kx) {
              const int ix = ox * stride_w - pad.left + kx * dilation_w;
              if (ix < 0 || ix >= width) continue;
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
  const int in_channels = input.dim(0), height = input.dim(1), width = input.dim(2);
  const int out_per_group = kernel.dim(1);
  const int kernel_h = kernel.dim(2), kernel_w = kernel.dim(3);
  const int groups = params.groups;
  const int in_per_group = in_channels / groups;
  const int out_channels = out_per_group * groups;
  const int stride_h = params.stride[kAxisH], stride_w = params.stride[kAxisW];
  const int dilation_h = params.dilation[kAxisH], dilation_w = params.dilation[kAxisW];
  const Padding& pad = params.padding;
  const int out_h = TransposedOutput(height, kernel_h, stride_h, pad.top, pad.bottom, dilation_h,
                                     params.output_padding[kAxisH]);
  const int out_w = TransposedOutput(width, kernel_w, stride_w, pad.left, pad.right, dilation_w,
                                     params.output_padding[kAxisW]);

  // The uncropped output: every kernel-weighted copy lands inside it, and output_padding
  // only adds (zero) cells at the end.
  const int full_h = stride_h * (height - 1) + EffectiveKernel(kernel_h, dilation_h) +
                     params.output_padding[kAxisH];
  const int full_w = stride_w * (width - 1) + EffectiveKernel(kernel_w, dilation_w) +
                     params.output_padding[kAxisW];
  Tensor full({out_channels, full_h, full_w});
  for (int ic = 0; ic < in_channels; ++ic) {
    const int group = ic / in_per_group;
    for (int iy = 0; iy < height; ++iy) {
      for (int ix = 0; ix < width; ++ix) {
        const double value = input.at(ic, iy, ix);
        for (int ocl = 0; ocl < out_per_group; ++ocl) {
          const int oc = group * out_per_group + ocl;
          for (int ky = 0; ky < kernel_h; ++ky) {
            const int fy = iy * stride_h + ky * dilation_h;
            for (int kx = 0; kx < kernel_w; ++kx) {
              const int fx = ix * stride_w + kx * dilation_w;
              full.at(oc, fy, fx) += value * kernel.at(ic, ocl, ky, kx);
            }
          }
        }
      }
    }
  }

  // Padding crops pad_begin cells at the start and pad_end at the end of the full output.
  Tensor output({out_channels, out_h, out_w});
  for (int oc = 0; oc < out_channels; ++oc) {
    for (int oy = 0; oy < out_h; ++oy) {
      for (int ox = 0; ox < out_w; ++ox) {
        output.at(oc, oy, ox) = full.at(oc, oy + pad.top, ox + pad.left);
      }
    }
  }
  return output;
}

Tensor TransposedConvolutionDirect(const Tensor& input, const Tensor& kernel,
                                   const OperationParams& params) {
  const int in_channels = input.dim(0), height = input.dim(1), width = input.dim(2);
  const int out_per_group = kernel.dim(1);
  const int kernel_h = kernel.dim(2), kernel_w = kernel.dim(3);
  const int groups = params.groups;
  const int in_per_group = in_channels / groups;
  const int out_channels = out_per_group * groups;
  const int stride_h = params.stride[kAxisH], stride_w = params.stride[kAxisW];
  const int dilation_h = params.dilation[kAxisH], dilation_w = params.dilation[kAxisW];
  const Padding& pad = params.padding;

  // The guide's equivalent input: s-1 zeros between units, then p' = d(k-1) - p zeros
  // on each side (plus a at the end). A negative p' crops the stretched input instead.
  const int lead_h = dilation_h * (kernel_h - 1) - pad.top;
  const int lead_w = dilation_w * (kernel_w - 1) - pad.left;
  const int trail_h = dilation_h * (kernel_h - 1) - pad.bottom + params.output_padding[kAxisH];
  const int trail_w = dilation_w * (kernel_w - 1) - pad.right + params.output_padding[kAxisW];
  const int canvas_h = stride_h * (height - 1) + 1 + lead_h + trail_h;
  const int canvas_w = stride_w * (width - 1) + 1 + lead_w + trail_w;
  Tensor canvas({in_channels, canvas_h, canvas_w});
  for (int ic = 0; ic < in_channels; ++ic) {
    for (int iy = 0; iy < height; ++iy) {
      const int cy = iy * stride_h + lead_h;
      if (cy < 0 || cy >= canvas_h) continue;  // cropped away by a negative p'
      for (int ix = 0; ix < width; ++ix) {
        const int cx = ix * stride_w + lead_w;
        if (cx < 0 || cx >= canvas_w) continue;
        canvas.at(ic, cy, cx) = input.at(ic, iy, ix);
      }
    }
  }

  // The equivalent kernel: spatially flipped, with input and output channels swapped
  // within each group, in the direct layout [out][in/groups][kH][kW].
  Tensor flipped({out_channels, in_per_group, kernel_h, kernel_w});
  for (int group = 0; group < groups; ++group) {
    for (int icl = 0; icl < in_per_group; ++icl) {
      const int ic = group * in_per_group + icl;
      for (int ocl = 0; ocl < out_per_group; ++ocl) {
        const int oc = group * out_per_group + ocl;
        for (int ky = 0; ky < kernel_h; ++ky) {
          for (int kx = 0; kx < kernel_w; ++kx) {
            flipped.at(oc, icl, kernel_h - 1 - ky, kernel_w - 1 - kx) = kernel.at(ic, ocl, ky, kx);
          }
        }
      }
    }
  }

  OperationParams direct;
  direct.kernel_size = {kernel_h, kernel_w};
  direct.stride = {1, 1};
  direct.padding = Padding{};
  direct.dilation = params.dilation;
  direct.groups = groups;
  direct.out_channels = out_channels;
  return Convolution(canvas, flipped, direct);
}

Tensor MaxPooling(const Tensor& input, const OperationParams& params) {
  const int channels = input.dim(0), height = input.dim(1), width = input.dim(2);
  const int kernel_h = params.kernel_size[kAxisH], kernel_w = params.kernel_size[kAxisW];
  const int stride_h = params.stride[kAxisH], stride_w = params.stride[kAxisW];
  const int dilation_h = params.dilation[kAxisH], dilation_w = params.dilation[kAxisW];
  const Padding& pad = params.padding;
  const int out_h =
      PoolingOutput(height, kernel_h, stride_h, pad.top, pad.bottom, dilation_h, params.ceil_mode);
  const int out_w =
      PoolingOutput(width, kernel_w, stride_w, pad.left, pad.right, dilation_w, params.ceil_mode);

  Tensor output({channels, out_h, out_w});
  for (int c = 0; c < channels; ++c) {
    for (int oy = 0; oy < out_h; ++oy) {
      for (int ox = 0; ox < out_w; ++ox) {
        bool found = false;
        double best = 0.0;  // a window with no input cell (all padding) gives 0
        for (int ky = 0; ky < kernel_h; ++ky) {
          const int iy = oy * stride_h - pad.top + ky * dilation_h;
          if (iy < 0 || iy >= height) continue;  // padded cells never win
          for (int kx = 0; kx < kernel_w; ++kx) {
            const int ix = ox * stride_w - pad.left + kx * dilation_w;
            if (ix < 0 || ix >= width) continue;
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
  const int channels = input.dim(0), height = input.dim(1), width = input.dim(2);
  const int kernel_h = params.kernel_size[kAxisH], kernel_w = params.kernel_size[kAxisW];
  const int stride_h = params.stride[kAxisH], stride_w = params.stride[kAxisW];
  const int dilation_h = params.dilation[kAxisH], dilation_w = params.dilation[kAxisW];
  const Padding& pad = params.padding;
  const int out_h =
      PoolingOutput(height, kernel_h, stride_h, pad.top, pad.bottom, dilation_h, params.ceil_mode);
  const int out_w =
      PoolingOutput(width, kernel_w, stride_w, pad.left, pad.right, dilation_w, params.ceil_mode);

  Tensor output({channels, out_h, out_w});
  for (int oy = 0; oy < out_h; ++oy) {
    const int start_y = oy * stride_h - pad.top;
    const WindowCounts rows = CountTaps(start_y, kernel_h, dilation_h, height, pad.bottom);
    for (int ox = 0; ox < out_w; ++ox) {
      const int start_x = ox * stride_w - pad.left;
      const WindowCounts cols = CountTaps(start_x, kernel_w, dilation_w, width, pad.right);
      // PyTorch: pool_size counts the window's cells inside the padded input (cells a
      // ceil_mode window hangs past it never count); without count_include_pad only the
      // cells inside the input count. With dilation, the same over the taps (onnxruntime).
      const int divisor = params.count_include_pad ? rows.in_padded * cols.in_padded
                                                   : rows.in_input * cols.in_input;
      for (int c = 0; c < channels; ++c) {
        double sum = 0.0;
        for (int ky = 0; ky < kernel_h; ++ky) {
          const int iy = start_y + ky * dilation_h;
          if (iy < 0 || iy >= height) continue;
          for (int kx = 0; kx < kernel_w; ++kx) {
            const int ix = start_x + kx * dilation_w;
            if (ix < 0 || ix >= width) continue;
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

Tensor Evaluate(const Scene& scene) {
  const OperationParams params = ParamsOf(scene);
  switch (scene.operation) {
    case Operation::kConvolution:
      return Convolution(scene.input, scene.kernel, params);
    case Operation::kTransposedConvolution:
      return TransposedConvolutionScatter(scene.input, scene.kernel, params);
    case Operation::kMaxPooling:
      return MaxPooling(scene.input, params);
    case Operation::kAveragePooling:
      return AveragePooling(scene.input, params);
  }
  return Tensor();
}

}  // namespace convanim
