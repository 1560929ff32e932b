#include "core/scatter.h"

#include "core/operations.h"

namespace convanim {

Status ScatterSchedule::Build(const Scene& scene, const Schedule& schedule, ScatterSchedule* out) {
  if (!TraitsOf(scene.operation).has_scatter) {
    return Status::InvalidScene(std::string("view 'scatter' shows a transposed convolution; this "
                                            "scene is ") +
                                OperationName(scene.operation));
  }
  ScatterSchedule result;
  result.scene_ = &scene;
  result.steps_ =
      static_cast<int64_t>(scene.in_channels) * scene.input_size[0] * scene.input_size[1];
  result.out_channels_ = schedule.output_channels();
  result.output_ = schedule.output_size();
  for (int a = 0; a < 2; ++a) {
    const std::size_t i = static_cast<std::size_t>(a);
    result.full_[i] = scene.stride[i] * (scene.input_size[i] - 1) +
                      scene.dilation[i] * (scene.kernel_size[i] - 1) + 1 + scene.output_padding[i];
    result.crop_begin_[i] = scene.padding.Begin(a);
    const int output = result.full_[i] - scene.padding.Begin(a) - scene.padding.End(a);
    if (output != result.output_[i]) {
      return Status::Internal("scatter: the full output of " + std::to_string(result.full_[i]) +
                              " cropped by the padding gives " + std::to_string(output) +
                              " cells, the schedule " + std::to_string(result.output_[i]));
    }
  }
  // Overlap of one input channel onto one output channel: every input cell, every tap.
  result.overlap_ = Tensor({1, result.output_[0], result.output_[1]});
  for (int r = 0; r < scene.input_size[0]; ++r) {
    for (int c = 0; c < scene.input_size[1]; ++c) {
      for (int u = 0; u < scene.kernel_size[0]; ++u) {
        for (int v = 0; v < scene.kernel_size[1]; ++v) {
          const int row = r * scene.stride[0] + u * scene.dilation[0] - result.crop_begin_[0];
          const int col = c * scene.stride[1] + v * scene.dilation[1] - result.crop_begin_[1];
          if (row < 0 || row >= result.output_[0] || col < 0 || col >= result.output_[1]) continue;
          result.overlap_.at(0, row, col) += 1.0;
        }
      }
    }
  }
  *out = std::move(result);
  return Status::Ok();
}

ScatterStep ScatterSchedule::StepAt(int64_t index) const {
  const Scene& scene = *scene_;
  const int64_t plane = static_cast<int64_t>(scene.input_size[0]) * scene.input_size[1];
  ScatterStep step;
  step.index = index;
  step.in_channel = static_cast<int>(index / plane);
  step.in_row = static_cast<int>((index % plane) / scene.input_size[1]);
  step.in_col = static_cast<int>(index % scene.input_size[1]);
  step.value = scene.input.at(step.in_channel, step.in_row, step.in_col);
  // Transposed kernels are [in][out/groups][kH][kW]: this channel's group's outputs.
  const int in_per_group = scene.in_channels / scene.groups;
  const int out_per_group = scene.out_channels / scene.groups;
  const int group = step.in_channel / in_per_group;
  for (int j = 0; j < out_per_group; ++j) {
    for (int u = 0; u < scene.kernel_size[0]; ++u) {
      for (int v = 0; v < scene.kernel_size[1]; ++v) {
        ScatterTap tap;
        tap.out_channel = group * out_per_group + j;
        tap.kernel_row = u;
        tap.kernel_col = v;
        tap.full_row = step.in_row * scene.stride[0] + u * scene.dilation[0];
        tap.full_col = step.in_col * scene.stride[1] + v * scene.dilation[1];
        const int row = tap.full_row - crop_begin_[0], col = tap.full_col - crop_begin_[1];
        if (row >= 0 && row < output_[0] && col >= 0 && col < output_[1]) {
          tap.out_row = row;
          tap.out_col = col;
        }
        tap.weight = scene.kernel.at(step.in_channel, j, u, v);
        tap.product = step.value * tap.weight;
        step.taps.push_back(tap);
      }
    }
  }
  return step;
}

void ScatterSchedule::FullSumsAfter(int64_t n, Tensor* sums, Tensor* copies) const {
  *sums = Tensor({out_channels_, full_[0], full_[1]});
  *copies = Tensor({out_channels_, full_[0], full_[1]});
  for (int64_t i = 0; i <= n && i < steps_; ++i) {
    for (const ScatterTap& tap : StepAt(i).taps) {
      sums->at(tap.out_channel, tap.full_row, tap.full_col) += tap.product;
      copies->at(tap.out_channel, tap.full_row, tap.full_col) += 1.0;
    }
  }
}

Tensor ScatterSchedule::AccumulatedAfter(int64_t n) const {
  Tensor sums({out_channels_, output_[0], output_[1]});
  for (int64_t i = 0; i <= n && i < steps_; ++i) {
    for (const ScatterTap& tap : StepAt(i).taps) {
      if (tap.out_row >= 0) sums.at(tap.out_channel, tap.out_row, tap.out_col) += tap.product;
    }
  }
  return sums;
}

}  // namespace convanim
