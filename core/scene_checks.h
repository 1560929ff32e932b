// What the scene loader checks once every key is read: PyTorch's validity rules for the
// scene's sizes (docs/scene-format.md, "Validity, as in PyTorch"), the limits on what a
// scene costs (core/limits.h), and the tensors' values (given, or drawn from a seed).
// Internal to the loader (core/scene_loader.cc).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/arithmetic.h"
#include "core/scene.h"
#include "core/yaml_reader.h"

namespace convanim {
namespace scene_checks {

// The output-size arithmetic of both axes ([kAxisH], [kAxisW]).
using Axes = std::array<AxisArithmetic, 2>;

// Where the keys that the checks blame sit (yaml::kNone: absent).
struct Blame {
  yaml::NodeId input_size = yaml::kNone;
  yaml::NodeId kernel_size = yaml::kNone;
  yaml::NodeId padding = yaml::kNone;
  yaml::NodeId output_padding = yaml::kNone;
  yaml::NodeId groups = yaml::kNone;
};

// Window fit, output_padding and the per-axis output sizes.
Status CheckArithmetic(const yaml::Reader& r, const Blame& blame, const Scene& scene, Axes* axes);
// Every pooling window taps at least one input cell.
Status CheckPoolingWindows(const yaml::Reader& r, const Blame& blame, const Scene& scene,
                           const Axes& axes);
// Grids, steps, taps, tensors and work within core/limits.h.
Status CheckDerivedLimits(const yaml::Reader& r, const Blame& blame, const Scene& scene,
                          const Axes& axes);

// The keys of a tensor's mapping (input or kernel) that give its values.
struct TensorKeys {
  yaml::Entry values, seed, range;
};

// Fills *out of `shape` from `keys.values` (nested lists of that shape, or [H][W] when the
// leading dimensions are 1) or else from the seed and range (their defaults when absent).
Status FillTensor(const yaml::Reader& r, const TensorKeys& keys, const std::string& name,
                  const std::vector<int>& shape, const std::vector<std::string>& dim_names,
                  const std::string& layout, uint64_t default_seed, const int64_t default_range[2],
                  Tensor* out);

// Reads a list of `length` numbers (kernel.bias: "[C] (one number per output channel)").
Status ReadVector(const yaml::Reader& r, yaml::NodeId n, const std::string& name, int length,
                  const std::string& item_name, const std::string& shape_text, Tensor* out);

}  // namespace scene_checks
}  // namespace convanim
