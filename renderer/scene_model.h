// A scene's animation: the renderer lays out what the core's schedule says, step by
// step, as shapes (renderer/model.h). It computes no numbers: every value, window and
// sum it writes comes from the Scene, the Schedule and its Steps.
#pragma once

#include "core/scene.h"
#include "core/schedule.h"
#include "core/status.h"
#include "renderer/layout.h"
#include "renderer/model.h"
#include "renderer/render_options.h"
#include "renderer/words.h"

namespace convanim {

// Builds the animation of `scene` (already scheduled). The animation's step source
// points into `scene` and `schedule`, which must outlive it. Fails (InvalidScene) when
// a text of the scene cannot be drawn with the fonts.
Status BuildSceneAnimation(const Scene& scene, const Schedule& schedule,
                           const SceneModelOptions& options, Animation* out);

// The layout the guide-style animation of `scene` uses (figures draw alike).
FrameLayout GuideLayout(const Scene& scene, const Schedule& schedule, double cell_size,
                        const Fonts* fonts, const Words& words = Words::English());

// Layer names of scene animations, bottom first.
namespace layers {
constexpr const char* kInput = "input";            // shared: background, input sheets, values
constexpr const char* kWindow = "window";          // per step: the window, its weights
constexpr const char* kConnectors = "connectors";  // per step: window to output cell
constexpr const char* kOutput = "output";          // shared: output sheets and values
constexpr const char* kCurrent = "current";        // per step: the current output cell
constexpr const char* kLabels = "labels";          // per step: labels, title
}  // namespace layers

}  // namespace convanim
