#include "core/schedule.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>

#include "core/numerics.h"
#include "core/operations.h"
#include "core/stack.h"

namespace convanim {
namespace {

std::string ShapeText(const std::vector<int>& shape) {
  std::string text = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) text += ", ";
    text += std::to_string(shape[i]);
  }
  return text + "]";
}

// The numerics index tensors without bounds checks; refuse a scene whose tensors do
// not have the shapes its sizes promise instead of reading out of bounds.
Status CheckShapes(const Scene& scene) {
  const std::vector<int> input_shape = {scene.in_channels, scene.input_size[kAxisH],
                                        scene.input_size[kAxisW]};
  if (scene.input.shape() != input_shape) {
    return Status::Internal("schedule: input tensor has shape " + ShapeText(scene.input.shape()) +
                            ", expected " + ShapeText(input_shape));
  }
  if (scene.groups < 1 || scene.in_channels % scene.groups != 0 ||
      scene.out_channels % scene.groups != 0) {
    return Status::Internal("schedule: groups do not divide the channels");
  }
  std::vector<int> kernel_shape;
  const int kh = scene.kernel_size[kAxisH], kw = scene.kernel_size[kAxisW];
  const OperationTraits& traits = TraitsOf(scene.operation);
  if (!traits.has_weights) return Status::Ok();
  if (traits.transposed) {
    kernel_shape = {scene.in_channels, scene.out_channels / scene.groups, kh, kw};
  } else {
    kernel_shape = {scene.out_channels, scene.in_channels / scene.groups, kh, kw};
  }
  if (scene.kernel.shape() != kernel_shape) {
    return Status::Internal("schedule: kernel tensor has shape " + ShapeText(scene.kernel.shape()) +
                            ", expected " + ShapeText(kernel_shape));
  }
  if (!scene.bias.empty() && scene.bias.shape() != std::vector<int>{scene.out_channels}) {
    return Status::Internal("schedule: bias has shape " + ShapeText(scene.bias.shape()) +
                            ", expected [" + std::to_string(scene.out_channels) + "]");
  }
  return Status::Ok();
}

}  // namespace

CanvasAxis CanvasAxisFor(const Scene& scene, int axis, const AxisArithmetic& arithmetic) {
  CanvasAxis canvas;
  canvas.input = scene.input_size[static_cast<std::size_t>(axis)];
  const int stride = scene.stride[static_cast<std::size_t>(axis)];
  if (TraitsOf(scene.operation).transposed) {
    const EquivalentConvolution& eq = arithmetic.equivalent;
    // A negative p' crops what the windows reach; the stretched input stays whole on
    // the canvas so every input unit can be drawn. (The loader's limits keep every
    // length here far inside an int.)
    canvas.lead = static_cast<int>(std::max<int64_t>(eq.pad_begin, 0));
    canvas.spacing = stride;
    canvas.length = static_cast<int>(canvas.lead + eq.stretched + std::max<int64_t>(eq.pad_end, 0));
    canvas.padded = canvas.length;
    // output_padding adds a cells at the end of the padding p' + a (those that exist).
    const int64_t trailing = std::max<int64_t>(eq.pad_end, 0);
    canvas.output_padding = static_cast<int>(std::min<int64_t>(eq.output_padding, trailing));
    return canvas;
  }
  const int pad_begin = scene.padding.Begin(axis), pad_end = scene.padding.End(axis);
  canvas.lead = pad_begin;
  canvas.spacing = 1;
  // ceil_mode may let the last window hang past the padded input: extend the canvas.
  const int64_t reach = (arithmetic.output - 1) * stride + arithmetic.effective_kernel;
  canvas.padded = pad_begin + canvas.input + pad_end;
  canvas.length = static_cast<int>(std::max<int64_t>(canvas.padded, reach));
  return canvas;
}

CellKind CanvasAxis::KindAt(int coord) const {
  if (coord >= padded) return CellKind::kOutside;
  const int offset = coord - lead;
  if (input <= 0 || offset < 0 || offset > spacing * (input - 1)) return CellKind::kPadding;
  return offset % spacing == 0 ? CellKind::kInput : CellKind::kInsertedZero;
}

int CanvasAxis::InputIndexAt(int coord) const {
  return KindAt(coord) == CellKind::kInput ? (coord - lead) / spacing : -1;
}

CellKind Canvas::KindAt(int row, int col) const {
  const CellKind row_kind = rows.KindAt(row), col_kind = cols.KindAt(col);
  if (row_kind == CellKind::kOutside || col_kind == CellKind::kOutside) return CellKind::kOutside;
  if (row_kind == CellKind::kPadding || col_kind == CellKind::kPadding) {
    return CellKind::kPadding;
  }
  if (row_kind == CellKind::kInput && col_kind == CellKind::kInput) return CellKind::kInput;
  return CellKind::kInsertedZero;
}

Status Schedule::Build(const Scene& scene, Schedule* out) {
  if (!scene.layers.empty()) {
    // A stack: the schedule of its last layer, over the previous layer's output (a copy
    // the schedule owns). Only view receptive_field draws a stack; it reads the layers.
    if (scene.view != View::kReceptiveField) {
      return Status::InvalidScene("view '" + std::string(ViewName(scene.view)) +
                                      "' draws one operation, not a stack of layers",
                                  scene.layers_where);
    }
    auto last = std::make_shared<Scene>(scene.layers.back());
    std::vector<Tensor> outputs = EvaluateStack(scene);
    last->input = outputs.size() >= 2 ? outputs[outputs.size() - 2] : scene.input;
    last->view = scene.view;
    last->style = scene.style;
    Schedule schedule;
    Status status = Build(*last, &schedule);
    if (!status.ok()) return status;
    schedule.owned_ = std::move(last);
    *out = std::move(schedule);
    return Status::Ok();
  }
  Schedule schedule;
  for (int axis : {kAxisH, kAxisW}) {
    Status status =
        ComputeAxis(AxisOf(scene, axis), &schedule.axes_[static_cast<std::size_t>(axis)]);
    if (!status.ok()) return status;
  }
  Status shapes = CheckShapes(scene);
  if (!shapes.ok()) return shapes;

  schedule.output_ = Evaluate(scene);
  const Pair computed = schedule.output_size();
  for (int axis : {kAxisH, kAxisW}) {
    const std::size_t a = static_cast<std::size_t>(axis);
    if (schedule.axes_[a].output != computed[a]) {
      return Status::Internal("schedule: the arithmetic predicts " +
                              std::to_string(schedule.axes_[a].output) + " outputs along " +
                              (axis == kAxisH ? "H" : "W") + " but the numerics computed " +
                              std::to_string(computed[a]));
    }
  }
  schedule.canvas_.rows = CanvasAxisFor(scene, kAxisH, schedule.axes_[0]);
  schedule.canvas_.cols = CanvasAxisFor(scene, kAxisW, schedule.axes_[1]);
  schedule.scene_ = &scene;
  const OperationTraits& traits = TraitsOf(scene.operation);
  schedule.padding_counts_ =
      !traits.pooling || (traits.takes_count_include_pad && scene.count_include_pad);
  // The taps of every window along each axis: origin + t d, t < k (the windows are the
  // product of the rows' and the columns' positions, so a cell is reached when its row and
  // its column are).
  for (int axis : {kAxisH, kAxisW}) {
    const std::size_t a = static_cast<std::size_t>(axis);
    const CanvasAxis& canvas = axis == kAxisH ? schedule.canvas_.rows : schedule.canvas_.cols;
    std::vector<bool>& reached = schedule.reached_[a];
    reached.assign(static_cast<std::size_t>(std::max(canvas.length, 0)), false);
    const int outputs = computed[a];
    for (int o = 0; o < outputs; ++o) {
      const int origin =
          traits.transposed
              ? o + canvas.lead - static_cast<int>(schedule.axes_[a].equivalent.pad_begin)
              : o * scene.stride[a];
      for (int t = 0; t < scene.kernel_size[a]; ++t) {
        const int cell = origin + t * scene.dilation[a];
        if (cell >= 0 && cell < canvas.length) reached[static_cast<std::size_t>(cell)] = true;
      }
    }
  }
  *out = std::move(schedule);
  return Status::Ok();
}

Step Schedule::StepAt(int64_t index) const {
  const Scene& scene = *scene_;
  const int out_h = output_.dim(1), out_w = output_.dim(2);
  const int64_t per_channel = static_cast<int64_t>(out_h) * out_w;

  Step step;
  step.index = index;
  step.out_channel = static_cast<int>(index / per_channel);
  step.out_row = static_cast<int>((index % per_channel) / out_w);
  step.out_col = static_cast<int>(index % out_w);
  step.output = output_.at(step.out_channel, step.out_row, step.out_col);

  const int kernel_h = scene.kernel_size[kAxisH], kernel_w = scene.kernel_size[kAxisW];
  const int dilation_h = scene.dilation[kAxisH], dilation_w = scene.dilation[kAxisW];
  const OperationTraits& traits = TraitsOf(scene.operation);
  const bool transposed = traits.transposed;
  const bool pooling = traits.pooling;

  // Where the window of this output cell starts on the canvas.
  if (transposed) {
    // Unit stride over the stretched, padded input; the canvas starts p' - lead cells in.
    step.window_origin = {
        step.out_row + canvas_.rows.lead - static_cast<int>(axes_[0].equivalent.pad_begin),
        step.out_col + canvas_.cols.lead - static_cast<int>(axes_[1].equivalent.pad_begin)};
  } else {
    step.window_origin = {step.out_row * scene.stride[kAxisH], step.out_col * scene.stride[kAxisW]};
  }
  step.window_extent = {static_cast<int>(axes_[0].effective_kernel),
                        static_cast<int>(axes_[1].effective_kernel)};
  step.tap_spacing = {dilation_h, dilation_w};

  // Which input channels this output sees, and where the kernel weights come from.
  int first_in_channel = step.out_channel, in_channels_seen = 1, out_index_in_group = 0;
  if (pooling) {
    step.group = step.out_channel;  // pooling works channel by channel
  } else {
    const int out_per_group = scene.out_channels / scene.groups;
    step.group = step.out_channel / out_per_group;
    out_index_in_group = step.out_channel % out_per_group;  // the transposed kernel's index
    in_channels_seen = scene.in_channels / scene.groups;
    first_in_channel = step.group * in_channels_seen;
  }

  step.taps.reserve(static_cast<std::size_t>(in_channels_seen) * kernel_h * kernel_w);
  int counted = 0;
  if (!pooling) step.channel_sums.assign(static_cast<std::size_t>(in_channels_seen), 0.0);
  for (int c = 0; c < in_channels_seen; ++c) {
    const int in_channel = first_in_channel + c;
    for (int u = 0; u < kernel_h; ++u) {
      for (int v = 0; v < kernel_w; ++v) {
        Tap tap;
        tap.in_channel = in_channel;
        tap.canvas_row = step.window_origin[kAxisH] + u * dilation_h;
        tap.canvas_col = step.window_origin[kAxisW] + v * dilation_w;
        tap.kind = canvas_.KindAt(tap.canvas_row, tap.canvas_col);
        if (tap.kind == CellKind::kInput) {
          tap.value = scene.input.at(in_channel, canvas_.rows.InputIndexAt(tap.canvas_row),
                                     canvas_.cols.InputIndexAt(tap.canvas_col));
        }
        if (pooling) {
          tap.kernel_row = u;
          tap.kernel_col = v;
          tap.weight = 1.0;
          tap.product = tap.value;
          tap.counted =
              tap.kind == CellKind::kInput || (tap.kind == CellKind::kPadding && padding_counts_);
        } else if (transposed) {
          // The equivalent convolution applies the spatially flipped kernel.
          tap.kernel_row = kernel_h - 1 - u;
          tap.kernel_col = kernel_w - 1 - v;
          tap.weight =
              scene.kernel.at(in_channel, out_index_in_group, tap.kernel_row, tap.kernel_col);
          tap.product = tap.value * tap.weight;
        } else {
          tap.kernel_row = u;
          tap.kernel_col = v;
          tap.weight = scene.kernel.at(step.out_channel, c, u, v);
          tap.product = tap.value * tap.weight;
        }
        if (tap.counted) {
          ++counted;
          if (pooling) step.sum += tap.value;
        }
        if (!pooling) step.channel_sums[static_cast<std::size_t>(c)] += tap.product;
        step.taps.push_back(tap);
      }
    }
  }

  if (!scene.bias.empty())
    step.bias = scene.bias.data()[static_cast<std::size_t>(step.out_channel)];
  if (traits.reduction == Reduction::kMaximum) {
    for (std::size_t i = 0; i < step.taps.size(); ++i) {
      const Tap& tap = step.taps[i];
      if (!tap.counted) continue;
      if (step.selected_tap < 0 ||
          tap.value > step.taps[static_cast<std::size_t>(step.selected_tap)].value) {
        step.selected_tap = static_cast<int>(i);
      }
    }
  } else if (traits.reduction == Reduction::kMean) {
    step.divisor = counted > 0 ? static_cast<double>(counted) : 1.0;
  }
  return step;
}

}  // namespace convanim
