// The teaching style, the default for scenes: labels for input, kernel and output with
// their sizes; the kernel as its own grid; the equation of each step with its numbers;
// outputs that appear as they are computed; the parameters with the output-size formula;
// a legend of the cell kinds shown. Both views: numerical (flat grids with every value,
// each channel side by side) and arithmetic (the guide's oblique projection).
#pragma once

#include <memory>

#include "core/scene.h"
#include "core/schedule.h"
#include "core/status.h"
#include "renderer/model.h"
#include "renderer/render_options.h"

namespace convanim {

// Fills `animation`'s size, layers, steps and notes (BuildSceneAnimation sets the rest).
Status BuildTeachingAnimation(const Scene& scene, const Schedule& schedule,
                              const SceneModelOptions& options, std::shared_ptr<const Fonts> fonts,
                              Animation* animation);

}  // namespace convanim
