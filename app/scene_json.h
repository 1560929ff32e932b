// The JSON form of a scene's numbers, as `convanim eval` prints it.
#pragma once

#include <nlohmann/json.hpp>

#include "core/scene.h"
#include "core/schedule.h"

namespace convanim {

struct EvalJsonOptions {
  bool include_steps = true;  // the schedule, one object per step (true)
};

// {"operation", "input" [C][H][W], "kernel" (convolutions, in the scene layout),
//  "output" [C][H][W], "output_size" [H, W], "arithmetic" (per axis), "steps" [...]}
nlohmann::ordered_json EvalJson(const Scene& scene, const Schedule& schedule,
                                const EvalJsonOptions& options);

const char* CellKindName(CellKind kind);

}  // namespace convanim
