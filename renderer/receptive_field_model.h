// view: receptive_field: every layer of a stack (or the one operation of a scene) as a flat
// grid, the input at the bottom, and one step per output cell of the last layer. Each step
// shades, in every layer, exactly the cells that output depends on (core/stack.h
// DependenceOf: holes left by dilation and strides stay unshaded), tints the padding its
// field reaches, outlines the span and joins the spans by connectors; every grid is
// labelled with its receptive field (r, j, start) and the recurrence is written out with
// its numbers (core/stack.h ComputeReceptiveField).
#pragma once

#include <memory>

#include "core/scene.h"
#include "core/status.h"
#include "renderer/model.h"
#include "renderer/render_options.h"

namespace convanim {

// Shape ids of a step, for readers of the model (and the tests): the cells output cell
// (i, j) depends on at level l (0: the input, l: layer l's output) are rectangles with ids
// "field/l/row/col" (role kTap); the padding positions the field reaches, "field_padding/l/
// row/col" (row or col outside the grid).
constexpr const char* kFieldId = "field";
constexpr const char* kFieldPaddingId = "field_padding";

// Fills `animation`'s size, layers, steps, step_count, title and description.
Status BuildReceptiveFieldAnimation(const Scene& scene, const SceneModelOptions& options,
                                    std::shared_ptr<const Fonts> fonts, Animation* animation);

}  // namespace convanim
