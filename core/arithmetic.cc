#include "core/arithmetic.h"

#include <algorithm>
#include <string>

namespace convanim {
namespace {

std::string Str(int64_t v) { return std::to_string(v); }

Status Refuse(const std::string& what) { return Status::InvalidScene(what); }

// Records which case applies (its number: 0 for a case outside the guide's).
void Describe(int number, AxisCase kind, AxisArithmetic* out) {
  out->relationship = number;
  out->kind = kind;
}

Status ComputeDirect(const AxisConfig& c, AxisArithmetic* out) {
  const bool pooling = IsPooling(c.operation);
  const int64_t k_eff = out->effective_kernel;
  const int64_t padded = c.input + c.pad_begin + c.pad_end;
  std::string kernel_message =
      pooling ? "window of " + Str(c.kernel) : "kernel of " + Str(c.kernel);
  if (c.dilation > 1) {
    kernel_message += " (dilated to " + Str(k_eff) + ")";
  }
  if (pooling && std::max(c.pad_begin, c.pad_end) > k_eff / 2) {
    return Refuse("pooling padding must be at most half the " +
                  std::string(c.dilation > 1 ? "dilated " : "") +
                  "window size, as in PyTorch: " + Str(std::max(c.pad_begin, c.pad_end)) +
                  " > floor(" + Str(k_eff) + " / 2) = " + Str(k_eff / 2));
  }
  const int64_t o = pooling ? PoolingOutputSize(c) : FloorDiv(padded - k_eff, c.stride) + 1;
  if (k_eff > padded && (!pooling || !c.ceil_mode || o < 1)) {
    std::string message = "the " + kernel_message + " does not fit the input of " + Str(c.input) +
                          (padded != c.input ? " padded to " + Str(padded) : std::string());
    if (pooling && c.ceil_mode) {
      message += ", even with ceil_mode (it would need k_eff <= i + p_begin + p_end + s - 1 = " +
                 Str(padded + c.stride - 1) + ", as in PyTorch)";
    } else {
      message += std::string(" (as in PyTorch, a ") + (pooling ? "window" : "kernel") +
                 " may not be larger than the padded input)";
    }
    return Refuse(message);
  }
  out->output = o;

  const bool symmetric = c.pad_begin == c.pad_end;
  const int64_t p = c.pad_begin;
  const int64_t k = c.kernel, s = c.stride;
  if (pooling && c.ceil_mode) {
    out->last_window_dropped = FloorDiv(padded - k_eff + s - 1, s) + 1 != o;
    Describe(0, AxisCase::kPoolingCeilMode, out);
  } else if (c.dilation > 1) {
    Describe(15, AxisCase::kDilated, out);
  } else if (pooling && c.pad_begin == 0 && c.pad_end == 0) {
    Describe(7, AxisCase::kPooling, out);
  } else if (s == 1 && !pooling && symmetric) {
    if (p == 0) {
      Describe(1, AxisCase::kNoPaddingUnitStrides, out);
    } else if (k % 2 == 1 && p == k / 2) {
      Describe(3, AxisCase::kHalfPaddingUnitStrides, out);
    } else if (p == k - 1) {
      Describe(4, AxisCase::kFullPaddingUnitStrides, out);
    } else {
      Describe(2, AxisCase::kZeroPaddingUnitStrides, out);
    }
  } else if (!pooling && c.pad_begin == 0 && c.pad_end == 0) {
    Describe(5, AxisCase::kNoPaddingStrides, out);
  } else {
    // Relationship 6 is the general case; with asymmetric padding p_begin + p_end takes 2p's place.
    Describe(6, AxisCase::kPaddingStrides, out);
  }
  return Status::Ok();
}

Status ComputeTransposed(const AxisConfig& c, AxisArithmetic* out) {
  const int64_t k_eff = out->effective_kernel;
  const int64_t i = c.input, k = c.kernel, s = c.stride, a = c.output_padding;
  if (a >= std::max(s, c.dilation)) {
    return Refuse("output_padding " + Str(a) + " must be smaller than either the stride (" +
                  Str(s) + ") or the dilation (" + Str(c.dilation) + "), as in PyTorch");
  }
  const int64_t o = s * (i - 1) + a + k_eff - c.pad_begin - c.pad_end;
  if (o <= 0) {
    return Refuse("the padding (" + Str(c.pad_begin) + " + " + Str(c.pad_end) +
                  ") crops the whole output of the transposed convolution (" +
                  Str(s * (i - 1) + a + k_eff) +
                  " before cropping; PyTorch refuses it too: output size too small)");
  }
  out->output = o;
  out->has_equivalent = true;
  EquivalentConvolution& e = out->equivalent;
  e.input = i;
  e.stretched = s * (i - 1) + 1;
  e.kernel = k;
  e.dilation = c.dilation;
  e.stride = 1;
  e.pad_begin = k_eff - 1 - c.pad_begin;
  e.pad_end = k_eff - 1 - c.pad_end + a;
  e.output_padding = a;

  const bool symmetric = c.pad_begin == c.pad_end;
  const int64_t p = c.pad_begin;
  if (c.dilation > 1 || !symmetric) {
    Describe(0, AxisCase::kTransposedGeneral, out);
  } else if (s == 1) {
    if (p == 0) {
      Describe(8, AxisCase::kTransposedNoPaddingUnitStrides, out);
    } else if (k % 2 == 1 && p == k / 2) {
      Describe(10, AxisCase::kTransposedHalfPadding, out);
    } else if (p == k - 1) {
      Describe(11, AxisCase::kTransposedFullPadding, out);
    } else {
      Describe(9, AxisCase::kTransposedZeroPaddingUnitStrides, out);
    }
  } else if (a == 0 && p == 0) {
    Describe(12, AxisCase::kTransposedNoPaddingStrides, out);
  } else if (a == 0) {
    Describe(13, AxisCase::kTransposedPaddingStrides, out);
  } else {
    Describe(14, AxisCase::kTransposedPaddingStridesA, out);
  }
  return Status::Ok();
}

}  // namespace

AxisConfig AxisOf(const Scene& scene, int axis) {
  const std::size_t a = static_cast<std::size_t>(axis);
  AxisConfig c;
  c.operation = scene.operation;
  c.input = scene.input_size[a];
  c.kernel = scene.kernel_size[a];
  c.stride = scene.stride[a];
  c.pad_begin = scene.padding.Begin(axis);
  c.pad_end = scene.padding.End(axis);
  c.dilation = scene.dilation[a];
  c.output_padding =
      scene.operation == Operation::kTransposedConvolution ? scene.output_padding[a] : 0;
  c.ceil_mode = IsPooling(scene.operation) && scene.ceil_mode;
  return c;
}

int64_t PoolingOutputSize(const AxisConfig& c) {
  const int64_t k_eff = c.dilation * (c.kernel - 1) + 1;
  const int64_t span = c.input + c.pad_begin + c.pad_end - k_eff;
  int64_t o = FloorDiv(span + (c.ceil_mode ? c.stride - 1 : 0), c.stride) + 1;
  // As PyTorch: with ceil_mode the last window must start inside the input or its leading
  // padding ("sliding windows that would start in the right padded region are ignored").
  if (c.ceil_mode && (o - 1) * c.stride >= c.input + c.pad_begin) --o;
  return o;
}

Status ComputeAxis(const AxisConfig& config, AxisArithmetic* out) {
  *out = AxisArithmetic();
  if (config.input < 1 || config.kernel < 1 || config.stride < 1 || config.dilation < 1) {
    return Refuse("sizes, strides and dilations must be positive");
  }
  if (config.pad_begin < 0 || config.pad_end < 0 || config.output_padding < 0) {
    return Refuse("padding and output_padding must not be negative");
  }
  for (int64_t v : {config.input, config.kernel, config.stride, config.dilation}) {
    if (v > kMaxAxisValue) {
      return Refuse("sizes, strides and dilations must be at most " + Str(kMaxAxisValue) +
                    ", got " + Str(v));
    }
  }
  for (int64_t v : {config.pad_begin, config.pad_end, config.output_padding}) {
    if (v > kMaxAxisPadding) {
      return Refuse("padding and output_padding must be at most " + Str(kMaxAxisPadding) +
                    ", got " + Str(v));
    }
  }
  out->effective_kernel = config.dilation * (config.kernel - 1) + 1;
  out->config = config;
  if (config.operation == Operation::kTransposedConvolution) return ComputeTransposed(config, out);
  return ComputeDirect(config, out);
}

}  // namespace convanim
