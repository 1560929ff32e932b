// view: scatter: a transposed convolution as a scatter. One step per input cell (channel
// by channel, row by row): the cell's value times the kernel lands on the full output,
// overlapping copies add up, and the sums so far are written in the cells; the border the
// padding crops is drawn grey and dashed. With style.overlap, a heat map counts the kernel
// copies that touch each output cell (uneven when the kernel is not a multiple of the
// stride: Distill's checkerboard). The numbers come from core/scatter.h.
#pragma once

#include <memory>

#include "core/scene.h"
#include "core/schedule.h"
#include "core/status.h"
#include "renderer/model.h"
#include "renderer/render_options.h"

namespace convanim {

constexpr int kMaxScatterChannels = 4;
constexpr int kMaxScatterSide = 48;  // cells of the full output along one axis

// Fills `animation`'s size, layers, steps and notes (BuildSceneAnimation sets the rest).
Status BuildScatterAnimation(const Scene& scene, const Schedule& schedule,
                             const SceneModelOptions& options, std::shared_ptr<const Fonts> fonts,
                             Animation* animation);

}  // namespace convanim
