// The guide style: the paper's animations and figures as the original TikZ draws them (the
// arithmetic view's oblique projection, the numerical view's flat grids with values), used
// by the dispatcher (renderer/scene_model.h) for scenes of style.preset guide.
#pragma once

#include <memory>

#include "core/scene.h"
#include "core/schedule.h"
#include "renderer/fonts.h"
#include "renderer/layout.h"
#include "renderer/model.h"
#include "renderer/render_options.h"
#include "renderer/words.h"

namespace convanim {

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

// Fills `animation`'s size, cell size, layers and steps with the guide-style animation of
// `scene` (BuildSceneAnimation sets the rest).
void BuildGuideAnimation(const Scene& scene, const Schedule& schedule, const EffectiveStyle& style,
                         std::shared_ptr<const Fonts> fonts, Animation* animation);

}  // namespace convanim
