#include "core/scene_checks.h"

#include <algorithm>
#include <cmath>

#include "core/limits.h"
#include "core/operations.h"
#include "core/random.h"
#include "core/schedule.h"

namespace convanim {
namespace scene_checks {
namespace {

using yaml::Document;
using yaml::Entry;
using yaml::kNone;
using yaml::NodeId;
using yaml::NodeKind;

const char* const kAxisNames[2] = {"H", "W"};
const char* const kAxisLongNames[2] = {"H (rows)", "W (columns)"};

std::string Str(int64_t v) { return std::to_string(v); }
std::string Dims(int64_t h, int64_t w) { return Str(h) + "x" + Str(w); }
// "1 row", "2 rows".
std::string Count(int64_t n, const std::string& noun) {
  return Str(n) + " " + noun + (n == 1 ? "" : "s");
}

}  // namespace

// Window fit, output_padding and the per-axis output sizes (core/arithmetic.h).
// ComputeAxis refuses the same faults one axis at a time; the two checks before it say
// them for both axes at once and point at the key at fault.
Status CheckArithmetic(const yaml::Reader& r, const Blame& blame, const Scene& scene, Axes* axes) {
  const bool transposed = TraitsOf(scene.operation).transposed;
  const bool pooling = TraitsOf(scene.operation).pooling;
  const bool ceil_mode = pooling && scene.ceil_mode;
  int64_t k_eff[2], padded[2];
  bool fits[2];
  for (std::size_t a = 0; a < 2; ++a) {
    k_eff[a] = int64_t{scene.dilation[a]} * (scene.kernel_size[a] - 1) + 1;
    padded[a] = int64_t{scene.input_size[a]} + scene.padding.Begin(static_cast<int>(a)) +
                scene.padding.End(static_cast<int>(a));
    // With ceil_mode PyTorch accepts a window larger than the padded input when its output
    // formula still gives a cell.
    fits[a] = ceil_mode ? PoolingOutputSize(AxisOf(scene, static_cast<int>(a))) >= 1
                        : k_eff[a] <= padded[a];
  }
  if (pooling) {
    // PyTorch's pool2d_shape_check: pad <= effective kernel size / 2 (per side here, as
    // the scene format also takes asymmetric padding).
    for (std::size_t a = 0; a < 2; ++a) {
      const int64_t pad = std::max(scene.padding.Begin(static_cast<int>(a)),
                                   scene.padding.End(static_cast<int>(a)));
      if (pad <= k_eff[a] / 2) continue;
      std::string window = "window of " + Str(scene.kernel_size[a]);
      if (k_eff[a] != scene.kernel_size[a]) window += " dilated to " + Str(k_eff[a]);
      std::string word;
      if (scene.padding_mode != PaddingMode::kExplicit) {
        word = " (padding '" + std::string(PaddingModeName(scene.padding_mode)) + "')";
      }
      return r.Error(blame.padding != kNone ? blame.padding : blame.kernel_size,
                     "pooling padding must be at most half the window size, as in PyTorch: along " +
                         std::string(kAxisLongNames[a]) + " the padding is " + Str(pad) + word +
                         ", more than floor(" + Str(k_eff[a]) + " / 2) = " + Str(k_eff[a] / 2) +
                         " for the " + window);
    }
  }
  if (!transposed && (!fits[0] || !fits[1])) {
    std::string message = std::string("the ") + Dims(scene.kernel_size[0], scene.kernel_size[1]) +
                          (pooling ? " window" : " kernel");
    if (k_eff[0] != scene.kernel_size[0] || k_eff[1] != scene.kernel_size[1]) {
      message += " (dilated to " + Dims(k_eff[0], k_eff[1]) + ")";
    }
    message += " does not fit the " + Dims(scene.input_size[0], scene.input_size[1]) + " input";
    if (padded[0] != scene.input_size[0] || padded[1] != scene.input_size[1]) {
      message += " padded to " + Dims(padded[0], padded[1]);
    }
    if (ceil_mode) {
      message +=
          ", even with ceil_mode (PyTorch takes a larger window only while it still "
          "gives one output: k_eff <= i + p_begin + p_end + stride - 1)";
    } else {
      message += std::string(" (as in PyTorch, a ") + (pooling ? "window" : "kernel") +
                 " may not be larger than the padded input)";
    }
    return r.Error(blame.kernel_size, message);
  }
  if (transposed) {
    for (std::size_t a = 0; a < 2; ++a) {
      const int limit = std::max(scene.stride[a], scene.dilation[a]);
      if (scene.output_padding[a] >= limit) {
        return r.Error(blame.output_padding,
                       "output_padding along " + std::string(kAxisNames[a]) + " is " +
                           Str(scene.output_padding[a]) +
                           ", but it must be smaller than max(stride, dilation) = max(" +
                           Str(scene.stride[a]) + ", " + Str(scene.dilation[a]) +
                           ") = " + Str(limit) + " (as in PyTorch)");
      }
    }
  }
  for (int axis = 0; axis < 2; ++axis) {
    Status status = ComputeAxis(AxisOf(scene, axis), &(*axes)[static_cast<std::size_t>(axis)]);
    if (!status.ok()) {
      const NodeId at = blame.padding != kNone && transposed ? blame.padding : blame.kernel_size;
      return r.Error(at, "along " + std::string(kAxisLongNames[axis]) + ", " + status.message());
    }
  }
  return Status::Ok();
}

// Every pooling window must tap at least one input cell (else max pooling has nothing
// to take and average pooling nothing to divide by).
Status CheckPoolingWindows(const yaml::Reader& r, const Blame& blame, const Scene& scene,
                           const Axes& axes) {
  for (int axis = 0; axis < 2; ++axis) {
    const std::size_t a = static_cast<std::size_t>(axis);
    const int64_t i = scene.input_size[a], k = scene.kernel_size[a], s = scene.stride[a],
                  d = scene.dilation[a], begin = scene.padding.Begin(axis);
    for (int64_t j = 0; j < axes[a].output; ++j) {
      const int64_t start = j * s - begin;  // first tap, in input coordinates
      const int64_t first_inside = start >= 0 ? 0 : (-start + d - 1) / d;  // first tap >= 0
      if (first_inside < k && start + first_inside * d < i) continue;
      const std::string unit = axis == kAxisH ? "row" : "column";
      const std::string consequence = TraitsOf(scene.operation).empty_window;
      return r.Error(blame.padding != kNone ? blame.padding : blame.kernel_size,
                     "along " + std::string(kAxisLongNames[axis]) + ", the window of output " +
                         unit + " " + Str(j) + " taps only padding (input " + unit + "s " +
                         Str(start) + " to " + Str(start + (k - 1) * d) + " in steps of " + Str(d) +
                         "): " + consequence +
                         ", so convanim refuses it; every pooling window must tap at least one "
                         "input cell (use less padding or dilation)");
    }
  }
  return Status::Ok();
}

Status CheckDerivedLimits(const yaml::Reader& r, const Blame& blame, const Scene& scene,
                          const Axes& axes) {
  const bool transposed = TraitsOf(scene.operation).transposed;
  // The grids drawn along each axis: the canvas the schedule builds (the padded input,
  // or the stretched, padded input of a transposed convolution) and the output.
  int64_t drawn[2];
  Pair output{0, 0};
  for (std::size_t a = 0; a < 2; ++a) {
    output[a] = static_cast<int>(axes[a].output);  // bounded by the size limits
    const CanvasAxis canvas = CanvasAxisFor(scene, static_cast<int>(a), axes[a]);
    drawn[a] = std::max(canvas.length, output[a]);
  }
  if (drawn[0] > limits::kMaxCanvasCells || drawn[1] > limits::kMaxCanvasCells) {
    return r.Error(blame.input_size,
                   "the figure would draw a grid of " + Dims(drawn[0], drawn[1]) + " cells (the " +
                       (transposed ? "input stretched by the stride and padded" : "padded input") +
                       "), more than the limit of " + Str(limits::kMaxCanvasCells) +
                       " cells along one axis");
  }
  const int64_t outputs = int64_t{output[0]} * output[1];
  const int64_t steps = int64_t{scene.out_channels} * outputs;
  if (steps > limits::kMaxSteps) {
    return r.Error(blame.input_size, "the scene has " + Str(steps) + " steps (" +
                                         Count(scene.out_channels, "output channel") + " x " +
                                         Dims(output[0], output[1]) +
                                         " output cells), more than the limit of " +
                                         Str(limits::kMaxSteps));
  }
  const int64_t input_cells =
      int64_t{scene.in_channels} * scene.input_size[0] * scene.input_size[1];
  if (input_cells > limits::kMaxTensorElements) {
    return r.Error(blame.input_size, "the input has " + Str(input_cells) +
                                         " values, more than the limit of " +
                                         Str(limits::kMaxTensorElements));
  }
  const int64_t taps = int64_t{scene.kernel_size[0]} * scene.kernel_size[1];
  const int64_t taps_per_step =
      TraitsOf(scene.operation).pooling ? taps : (scene.in_channels / scene.groups) * taps;
  if (steps * taps_per_step > limits::kMaxTaps) {
    return r.Error(blame.kernel_size,
                   "the scene's steps have " + Str(steps * taps_per_step) + " taps in all (" +
                       Str(steps) + " steps x " + Str(taps_per_step) +
                       " taps each), more than the limit of " + Str(limits::kMaxTaps) +
                       " (what eval lists and an animation draws; use a smaller kernel, fewer "
                       "channels or a larger stride)");
  }
  int64_t work = 0;
  if (TraitsOf(scene.operation).pooling) {
    work = steps * taps;
  } else {
    const int64_t kernel_cells =
        int64_t{scene.in_channels} * (scene.out_channels / scene.groups) * taps;
    if (kernel_cells > limits::kMaxTensorElements) {
      return r.Error(blame.kernel_size, "the kernel has " + Str(kernel_cells) +
                                            " weights, more than the limit of " +
                                            Str(limits::kMaxTensorElements));
    }
    // Per output cell: (in/groups) * kH * kW products. A transposed convolution scatters
    // each input cell instead: (out/groups) * kH * kW products per input cell.
    const int64_t direct = steps * (scene.in_channels / scene.groups) * taps;
    const int64_t scatter = input_cells * (scene.out_channels / scene.groups) * taps;
    work = transposed ? std::max(direct, scatter) : direct;
  }
  if (work > limits::kMaxMultiplyAdds) {
    return r.Error(blame.input_size, "the scene needs " + Str(work) +
                                         " multiply-adds, more than the limit of " +
                                         Str(limits::kMaxMultiplyAdds));
  }
  return Status::Ok();
}

namespace {

// Reads nested lists of numbers of exactly the shape `dims` into `out`, row-major.
Status ReadValues(const yaml::Reader& r, NodeId n, const std::string& name,
                  const std::vector<int>& dims, const std::vector<std::string>& dim_names,
                  const std::string& shape_text, std::vector<double>* out) {
  const std::size_t level = dim_names.size() - dims.size();
  const int expected = dims.front();
  const std::string& what = dim_names[level];
  if (r.Kind(n) != NodeKind::kSequence) {
    return r.Error(n, name + " must be a list of " + Count(expected, what) + ", got " +
                          r.Describe(n) + "; the expected shape is " + shape_text);
  }
  if (r.doc().size(n) != static_cast<uint32_t>(expected)) {
    return r.Error(n, name + " has " + Count(r.doc().size(n), what) + ", expected " +
                          Str(expected) + "; the expected shape is " + shape_text);
  }
  const std::vector<int> rest(dims.begin() + 1, dims.end());
  for (uint32_t i = 0; i < r.doc().size(n); ++i) {
    const NodeId item = r.doc().item(n, i);
    const std::string item_name = name + "[" + Str(i) + "]";
    if (!rest.empty()) {
      Status status = ReadValues(r, item, item_name, rest, dim_names, shape_text, out);
      if (!status.ok()) return status;
      continue;
    }
    double value = 0;
    Status status = r.ReadNumber(item, item_name, &value);
    if (!status.ok()) return status;
    if (std::fabs(value) > limits::kMaxValueMagnitude) {
      return r.Error(item, item_name + " = " + std::string(r.doc().scalar(item)) +
                               " exceeds the limit of 1e12 in magnitude");
    }
    out->push_back(value);
  }
  return Status::Ok();
}

// Nesting depth of the first items: [[1]] is 2.
int FirstItemDepth(const Document& doc, NodeId n) {
  int depth = 0;
  while (doc.node(n).kind == NodeKind::kSequence && depth < limits::kMaxYamlDepth) {
    ++depth;
    if (doc.size(n) == 0) break;
    n = doc.item(n, 0);
  }
  return depth;
}

std::string ShapeText(const std::vector<int>& shape) {
  std::string out;
  for (int d : shape) out += "[" + Str(d) + "]";
  return out;
}

}  // namespace

Status FillTensor(const yaml::Reader& r, const TensorKeys& keys, const std::string& name,
                  const std::vector<int>& shape, const std::vector<std::string>& dim_names,
                  const std::string& layout, uint64_t default_seed, const int64_t default_range[2],
                  Tensor* out) {
  const Entry& values = keys.values;
  if (values.present()) {
    for (const Entry& extra : {keys.seed, keys.range}) {
      if (extra.present()) {
        return r.Error(extra.key, "'" + name + "." + std::string(r.doc().scalar(extra.key)) +
                                      "' has no effect when '" + name +
                                      ".values' is given; remove one of them");
      }
    }
    // [H][W] for one map (the leading dimensions are all 1), else the full layout.
    const bool leading_ones =
        std::all_of(shape.begin(), shape.end() - 2, [](int d) { return d == 1; });
    const int depth = FirstItemDepth(r.doc(), values.value);
    std::vector<int> dims = shape;
    std::vector<std::string> names = dim_names;
    std::string shape_text = ShapeText(shape) + " (" + layout + ")";
    if (depth == 1 && leading_ones && shape[shape.size() - 2] == 1) {
      // [W] for one row (a 1-D signal or kernel).
      dims.assign(shape.end() - 1, shape.end());
      names.assign(dim_names.end() - 1, dim_names.end());
      shape_text = ShapeText(dims) + " (columns)";
    } else if (depth <= 2) {
      if (!leading_ones) {
        return r.Error(values.value, name + ".values gives one [H][W] map, but the " + name +
                                         " has shape " + ShapeText(shape) + " (" + layout +
                                         "); give values of that shape");
      }
      dims.assign(shape.end() - 2, shape.end());
      names.assign(dim_names.end() - 2, dim_names.end());
      shape_text = ShapeText(dims) + " (rows, columns)";
    }
    std::vector<double> data;
    int64_t cells = 1;  // within limits::kMaxTensorElements, checked before
    for (int d : shape) cells *= d;
    data.reserve(static_cast<std::size_t>(cells));
    Status status = ReadValues(r, values.value, name + ".values", dims, names, shape_text, &data);
    if (!status.ok()) return status;
    *out = Tensor(shape, std::move(data));
    return Status::Ok();
  }
  uint64_t seed = default_seed;
  int64_t range[2] = {default_range[0], default_range[1]};
  const Entry& seed_entry = keys.seed;
  if (seed_entry.present()) {
    Status status = r.ReadSeed(seed_entry.value, name + ".seed", &seed);
    if (!status.ok()) return status;
  }
  const Entry& range_entry = keys.range;
  if (range_entry.present()) {
    Status status = r.ReadRange(range_entry.value, name + ".range",
                                static_cast<int64_t>(limits::kMaxValueMagnitude), range);
    if (!status.ok()) return status;
  }
  Tensor tensor(shape);
  SplitMix64 random(seed);
  for (double& v : tensor.data()) v = static_cast<double>(random.UniformInt(range[0], range[1]));
  *out = std::move(tensor);
  return Status::Ok();
}

Status ReadVector(const yaml::Reader& r, NodeId n, const std::string& name, int length,
                  const std::string& item_name, const std::string& shape_text, Tensor* out) {
  std::vector<double> data;
  Status status = ReadValues(r, n, name, {length}, {item_name}, shape_text, &data);
  if (status.ok()) *out = Tensor({length}, std::move(data));
  return status;
}

}  // namespace scene_checks
}  // namespace convanim
