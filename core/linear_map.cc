#include "core/linear_map.h"

#include <algorithm>

#include "core/operations.h"

namespace convanim {

Status BuildLinearMap(const Scene& scene, const Schedule& schedule, LinearMap* out) {
  if (!TraitsOf(scene.operation).linear) {
    return Status::InvalidScene(
        "max pooling has no matrix: its output is the largest value under the window, which "
        "depends on the values themselves, not a fixed weighted sum of them (average pooling "
        "and convolutions are linear and do)");
  }
  LinearMap map;
  map.in_channels = scene.in_channels;
  map.out_channels = schedule.output_channels();
  map.input_size = scene.input_size;
  map.output_size = schedule.output_size();
  const int64_t in_plane = static_cast<int64_t>(scene.input_size[0]) * scene.input_size[1];
  map.cols = in_plane * scene.in_channels;
  map.rows = schedule.step_count();
  map.row_entries.resize(static_cast<std::size_t>(map.rows));
  const Canvas& canvas = schedule.canvas();
  const bool average = TraitsOf(scene.operation).reduction == Reduction::kMean;
  if (!scene.bias.empty()) map.offset.resize(static_cast<std::size_t>(map.rows));
  for (int64_t r = 0; r < map.rows; ++r) {
    const Step step = schedule.StepAt(r);
    if (!map.offset.empty()) map.offset[static_cast<std::size_t>(r)] = step.bias;
    std::vector<MatrixEntry>& entries = map.row_entries[static_cast<std::size_t>(r)];
    for (const Tap& tap : step.taps) {
      if (tap.kind != CellKind::kInput || (average && !tap.counted)) continue;
      MatrixEntry entry;
      entry.column =
          tap.in_channel * in_plane +
          static_cast<int64_t>(canvas.rows.InputIndexAt(tap.canvas_row)) * scene.input_size[1] +
          canvas.cols.InputIndexAt(tap.canvas_col);
      entry.value = average ? 1.0 / step.divisor : tap.weight;
      entry.kernel_row = tap.kernel_row;
      entry.kernel_col = tap.kernel_col;
      entry.in_channel = tap.in_channel;
      entries.push_back(entry);
    }
    std::sort(entries.begin(), entries.end(),
              [](const MatrixEntry& a, const MatrixEntry& b) { return a.column < b.column; });
  }
  *out = std::move(map);
  return Status::Ok();
}

}  // namespace convanim
