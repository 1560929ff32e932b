// The JSON form of a scene's numbers, as `convanim eval` prints it, written as it goes:
// memory stays bounded by one step, whatever the number of steps and taps.
#pragma once

#include <cstdio>

#include "core/backward.h"
#include "core/linear_map.h"
#include "core/scene.h"
#include "core/schedule.h"
#include "core/stack.h"
#include "core/status.h"

namespace convanim {

struct EvalJsonOptions {
  bool include_steps = true;  // the schedule, one object per step (true)
  // "matrix": the operation as a dense matrix (core/linear_map.h), rows = output cells,
  // columns = input cells, both flattened channel-major then row-major (false).
  const LinearMap* matrix = nullptr;
  // "grad_output", "grad_input", "grad_weight" and "grad_bias" (eval --backward; the last
  // two for convolutions, grad_bias only with kernel.bias, as PyTorch): the backward pass.
  const Tensor* grad_output = nullptr;
  const Gradients* gradients = nullptr;
  // "receptive_field" (per layer: size, jump, start per axis) and "receptive_field_cells"
  // (per output cell: the input rows and columns it depends on) (eval --receptive-field).
  const ReceptiveField* receptive_field = nullptr;
  int indent = -1;  // -1: one line; else pretty-printed with this many spaces
};

// Writes {"operation", "input" [C][H][W], "kernel" (convolutions, in the scene layout),
// "bias" [C'] (with kernel.bias; then "matrix_bias", the affine map's offset, follows
// "matrix", and each step has "bias"),
// "output" [C][H][W], "output_size" [H, W], "arithmetic" {"height", "width"},
// "canvas_size" [H, W], "matrix" [[...]] (when asked), "steps" [...]} and a final newline to `out`,
// in the layout nlohmann::json's dump(indent) gives. Stops at the first failed write (IoError).
Status WriteEvalJson(const Scene& scene, const Schedule& schedule, const EvalJsonOptions& options,
                     std::FILE* out);

// A stack scene (scene key `layers`): {"input", "layers" [{"operation", "output_size",
// "output"}, ...], "output" (the last layer's), "output_size", and the receptive field
// when options.receptive_field is set}. Other options are ignored.
Status WriteStackJson(const Scene& scene, const std::vector<Tensor>& outputs,
                      const EvalJsonOptions& options, std::FILE* out);

const char* CellKindName(CellKind kind);

}  // namespace convanim
