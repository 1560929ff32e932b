#include "core/arithmetic.h"

#include <algorithm>
#include <string>

namespace convanim {
namespace {

std::string Str(int64_t v) { return std::to_string(v); }

// "2*1" when padding is symmetric, "1 + 2" otherwise; how p enters the formulas.
std::string PaddingSum(const AxisConfig& c) {
  if (c.pad_begin == c.pad_end) return "2*" + Str(c.pad_begin);
  return Str(c.pad_begin) + " + " + Str(c.pad_end);
}

std::string KernelTerm(const AxisConfig& c) {
  if (c.dilation == 1) return Str(c.kernel);
  return "(" + Str(c.dilation) + "*(" + Str(c.kernel) + " - 1) + 1)";
}

Status Refuse(const std::string& what) { return Status::InvalidScene(what); }

// Names the Relationship (0: a case outside the guide's, named by `name` alone).
void Describe(int number, const std::string& name, const std::string& general,
              const std::string& formula, AxisArithmetic* out) {
  out->relationship = number;
  out->relationship_name = number > 0 ? "Relationship " + Str(number) + " (" + name + ")" : name;
  out->general_formula = general;
  out->formula = formula;
}

Status ComputeDirect(const AxisConfig& c, AxisArithmetic* out) {
  const bool pooling = IsPooling(c.operation);
  const int64_t k_eff = out->effective_kernel;
  const int64_t padded = c.input + c.pad_begin + c.pad_end;
  std::string kernel_words = pooling ? "window of " + Str(c.kernel) : "kernel of " + Str(c.kernel);
  if (c.dilation > 1) kernel_words += " (dilated to " + Str(k_eff) + ")";
  if (pooling && std::max(c.pad_begin, c.pad_end) > k_eff / 2) {
    return Refuse("pooling padding must be at most half the " +
                  std::string(c.dilation > 1 ? "dilated " : "") + "window size, as in PyTorch: " +
                  Str(std::max(c.pad_begin, c.pad_end)) + " > floor(" + Str(k_eff) +
                  " / 2) = " + Str(k_eff / 2));
  }
  const int64_t o = pooling ? PoolingOutputSize(c) : FloorDiv(padded - k_eff, c.stride) + 1;
  if (k_eff > padded && (!pooling || !c.ceil_mode || o < 1)) {
    std::string message = "the " + kernel_words + " does not fit the input of " + Str(c.input) +
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
  const int64_t i = c.input, k = c.kernel, s = c.stride;
  const std::string sum = PaddingSum(c);
  const std::string tail = " = " + Str(o);
  auto set = [out](int number, const std::string& name, const std::string& general,
                   const std::string& formula) { Describe(number, name, general, formula, out); };

  if (pooling && c.ceil_mode) {
    const bool dropped = FloorDiv(padded - k_eff + s - 1, s) + 1 != o;
    set(0, "pooling with ceil_mode (outside the guide: windows may hang past the end)",
        "o = ceil((i + p_begin + p_end - k_eff) / s) + 1, minus 1 if the last window starts "
        "past the input",
        "o = ceil((" + Str(i) + " + " + Str(c.pad_begin) + " + " + Str(c.pad_end) + " - " +
            KernelTerm(c) + ") / " + Str(s) + ") + 1" +
            (dropped ? " - 1 (the last window would start in the end padding)" : "") + tail);
    return Status::Ok();
  }
  if (c.dilation > 1) {
    set(15,
        std::string("dilated ") + (pooling ? "pooling" : "convolution") +
            (symmetric ? "" : ", asymmetric padding"),
        "o = floor((i + 2p - k - (k - 1)(d - 1)) / s) + 1",
        "o = floor((" + Str(i) + " + " + sum + " - " + Str(k) + " - (" + Str(k) + " - 1)*(" +
            Str(c.dilation) + " - 1)) / " + Str(s) + ") + 1" + tail);
    return Status::Ok();
  }
  if (pooling && c.pad_begin == 0 && c.pad_end == 0) {
    set(7, "pooling", "o = floor((i - k) / s) + 1",
        "o = floor((" + Str(i) + " - " + Str(k) + ") / " + Str(s) + ") + 1" + tail);
    return Status::Ok();
  }
  if (s == 1 && !pooling && symmetric) {
    if (p == 0) {
      set(1, "no zero padding, unit strides", "o = (i - k) + 1",
          "o = (" + Str(i) + " - " + Str(k) + ") + 1" + tail);
    } else if (k % 2 == 1 && p == k / 2) {
      set(3, "half padding, unit strides", "o = i + 2*floor(k/2) - (k - 1) = i",
          "o = " + Str(i) + " + 2*" + Str(p) + " - (" + Str(k) + " - 1)" + tail);
    } else if (p == k - 1) {
      set(4, "full padding, unit strides", "o = i + (k - 1)",
          "o = " + Str(i) + " + (" + Str(k) + " - 1)" + tail);
    } else {
      set(2, "zero padding, unit strides", "o = (i - k) + 2p + 1",
          "o = (" + Str(i) + " - " + Str(k) + ") + 2*" + Str(p) + " + 1" + tail);
    }
    return Status::Ok();
  }
  if (!pooling && c.pad_begin == 0 && c.pad_end == 0) {
    set(5, "no zero padding, non-unit strides", "o = floor((i - k) / s) + 1",
        "o = floor((" + Str(i) + " - " + Str(k) + ") / " + Str(s) + ") + 1" + tail);
    return Status::Ok();
  }
  // Relationship 6 is the general case; with asymmetric padding p_begin + p_end takes 2p's place.
  set(6,
      std::string(pooling ? "pooling with " : "") + "zero padding, non-unit strides" +
          (symmetric ? "" : "; asymmetric padding: p_begin + p_end for 2p"),
      "o = floor((i + 2p - k) / s) + 1",
      "o = floor((" + Str(i) + " + " + sum + " - " + Str(k) + ") / " + Str(s) + ") + 1" + tail);
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
  const std::string tail = " = " + Str(o);
  auto set = [out](int number, const std::string& name, const std::string& general,
                   const std::string& formula) { Describe(number, name, general, formula, out); };
  if (c.dilation > 1 || !symmetric) {
    set(0,
        std::string("transposed convolution with ") +
            (c.dilation > 1 ? "dilation" : "asymmetric padding") +
            " (outside the guide's cases; PyTorch/ONNX's general rule)",
        "o' = s(i' - 1) + a + d(k - 1) + 1 - p_begin - p_end",
        "o' = " + Str(s) + "*(" + Str(i) + " - 1) + " + Str(a) + " + " + Str(c.dilation) + "*(" +
            Str(k) + " - 1) + 1 - " + Str(c.pad_begin) + " - " + Str(c.pad_end) + tail);
    return Status::Ok();
  }
  if (s == 1) {
    if (p == 0) {
      set(8, "no zero padding, unit strides, transposed", "o' = i' + (k - 1)",
          "o' = " + Str(i) + " + (" + Str(k) + " - 1)" + tail);
    } else if (k % 2 == 1 && p == k / 2) {
      set(10, "half padding, transposed", "o' = i' + (k - 1) - 2p = i'",
          "o' = " + Str(i) + " + (" + Str(k) + " - 1) - 2*" + Str(p) + tail);
    } else if (p == k - 1) {
      set(11, "full padding, transposed", "o' = i' - (k - 1)",
          "o' = " + Str(i) + " - (" + Str(k) + " - 1)" + tail);
    } else {
      set(9, "zero padding, unit strides, transposed", "o' = i' + (k - 1) - 2p",
          "o' = " + Str(i) + " + (" + Str(k) + " - 1) - 2*" + Str(p) + tail);
    }
    return Status::Ok();
  }
  if (a == 0 && p == 0) {
    set(12, "no zero padding, non-unit strides, transposed", "o' = s(i' - 1) + k",
        "o' = " + Str(s) + "*(" + Str(i) + " - 1) + " + Str(k) + tail);
  } else if (a == 0) {
    set(13, "zero padding, non-unit strides, transposed", "o' = s(i' - 1) + k - 2p",
        "o' = " + Str(s) + "*(" + Str(i) + " - 1) + " + Str(k) + " - 2*" + Str(p) + tail);
  } else {
    set(14, "zero padding, non-unit strides, transposed, with a", "o' = s(i' - 1) + a + k - 2p",
        "o' = " + Str(s) + "*(" + Str(i) + " - 1) + " + Str(a) + " + " + Str(k) + " - 2*" + Str(p) +
            tail);
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
  if (config.operation == Operation::kTransposedConvolution) return ComputeTransposed(config, out);
  return ComputeDirect(config, out);
}

}  // namespace convanim
