// view: input_gradient and view: weight_gradient: the backward pass with its numbers, in the
// teaching style's flat grids. input_gradient takes one step per input cell: the output
// gradients that reach it (dL/dy, stretched by the stride's inserted zeros for a strided
// convolution), the weights they come through (the kernel rotated 180°: the transposed
// convolution of dL/dy), every product and the sum, dL/dx filling in; for pooling, where
// each output's gradient goes (max: to one cell; average: g / n to each). weight_gradient
// takes one step per weight: the input cells it touched times their output gradients,
// summed, dL/dW filling in; and dL/db as the sum of dL/dy when the scene has a bias. The
// numbers come from core/backward.h (InputGradientSteps, WeightGradientSteps).
#pragma once

#include <memory>

#include "core/scene.h"
#include "core/schedule.h"
#include "core/status.h"
#include "renderer/model.h"
#include "renderer/render_options.h"

namespace convanim {

constexpr int kMaxGradientGrids = 32;  // grids drawn (channels and kernel slices)
constexpr int kMaxGradientSide = 32;   // cells of any grid along one axis

// Fills `animation`'s size, layers, steps and step_count (BuildSceneAnimation the rest).
Status BuildGradientAnimation(const Scene& scene, const Schedule& schedule,
                              const SceneModelOptions& options, std::shared_ptr<const Fonts> fonts,
                              Animation* animation);

}  // namespace convanim
