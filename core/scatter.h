// A transposed convolution as a scatter: each input cell, in turn (channel by channel,
// row by row), adds its value times the kernel onto the output, where overlapping copies
// add up. The copies land on the *full* output, s(i'-1) + d(k-1) + 1 + a cells per axis,
// from which `padding` crops p_begin cells at the start and p_end at the end (PyTorch's
// ConvTranspose2d); output_padding a adds cells at the end. After the last step the sums
// are the output `eval` gives.
#pragma once

#include <cstdint>
#include <vector>

#include "core/scene.h"
#include "core/schedule.h"
#include "core/status.h"
#include "core/tensor.h"

namespace convanim {

// One copy of one kernel weight: where it lands and what it adds.
struct ScatterTap {
  int out_channel = 0;
  int kernel_row = 0, kernel_col = 0;  // the weight, as stored in the scene
  int full_row = 0, full_col = 0;      // on the full output
  int out_row = -1, out_col = -1;      // on the output, or -1 where the padding crops it
  double weight = 0.0;
  double product = 0.0;  // the input value times the weight
};

struct ScatterStep {
  int64_t index = 0;
  int in_channel = 0, in_row = 0, in_col = 0;
  double value = 0.0;
  std::vector<ScatterTap> taps;  // output channel, then kernel row, then kernel column
};

class ScatterSchedule {
 public:
  // For a transposed convolution already scheduled; anything else is InvalidScene.
  static Status Build(const Scene& scene, const Schedule& schedule, ScatterSchedule* out);

  int64_t step_count() const { return steps_; }
  ScatterStep StepAt(int64_t index) const;  // 0 <= index < step_count()

  // The output after steps 0..n ([out channels][H'][W']); n = -1: all zeros.
  Tensor AccumulatedAfter(int64_t n) const;
  // The same on the full output, cropped border included ([out channels][full H][full W]),
  // and how many copies have reached each of its cells.
  void FullSumsAfter(int64_t n, Tensor* sums, Tensor* copies) const;

  Pair full_size() const { return full_; }         // the full output's rows and columns
  Pair crop_begin() const { return crop_begin_; }  // cells the padding crops at the start
  Pair output_size() const { return output_; }
  int output_channels() const { return out_channels_; }
  // How many kernel copies touch each output cell of one output channel, over all steps
  // of one input channel ([1][H'][W']): the overlap that uneven strides make uneven.
  const Tensor& overlap() const { return overlap_; }

 private:
  const Scene* scene_ = nullptr;  // not owned
  int64_t steps_ = 0;
  int out_channels_ = 1;
  Pair full_{0, 0}, crop_begin_{0, 0}, output_{0, 0};
  Tensor overlap_;
};

}  // namespace convanim
