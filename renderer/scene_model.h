// A scene's animation: the renderer lays out what the core's schedule says, step by
// step, as shapes (renderer/model.h). It computes no numbers: every value, window and
// sum it writes comes from the Scene, the Schedule and its Steps. This is the dispatcher:
// it resolves fonts and style, picks the style or view that draws the scene (guide,
// teaching, matrix, scatter, gradients, receptive field) and fills in what every animation
// shares. The views include renderer/render_options.h, never this header.
#pragma once

#include "core/scene.h"
#include "core/schedule.h"
#include "core/status.h"
#include "renderer/guide_model.h"  // GuideLayout and layers::, for callers of the guide style
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

}  // namespace convanim
