// The dispatcher (renderer/scene_model.h): one style or view per scene, then what every
// animation shares (title, alt text, timing, the picture limit).
#include "renderer/scene_model.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/limits.h"
#include "core/numerics.h"
#include "renderer/describe.h"
#include "renderer/fonts.h"
#include "renderer/gradient_model.h"
#include "renderer/guide_model.h"
#include "renderer/numbers.h"
#include "renderer/receptive_field_model.h"
#include "renderer/scatter_model.h"
#include "renderer/teaching_model.h"

namespace convanim {

Status BuildSceneAnimation(const Scene& scene, const Schedule& schedule,
                           const SceneModelOptions& asked, Animation* out) {
  // style.decimals: auto is resolved by core from the scene's numbers (core/numerics.h).
  SceneModelOptions options = asked;
  if (options.decimals < 0) options.decimals = ResolveDecimals(scene, schedule.output());
  std::shared_ptr<const Fonts> fonts = options.fonts ? options.fonts : Fonts::Embedded();
  if (!scene.style.font.empty() && !options.fonts) {
    Status status = Fonts::Load({scene.style.font}, &fonts);
    if (!status.ok()) return status;
  }
  if (!fonts) return Fonts::EmbeddedStatus();
  if (!scene.style.title.empty()) {
    Status status = fonts->CheckCovered(scene.style.title, "style.title");
    if (!status.ok()) return Status::InvalidScene(status.message(), scene.style.title_where);
  }
  const EffectiveStyle style = ResolveStyle(scene, options);
  const Words& words = *style.words;
  Animation animation;
  if (InGuideLook(scene)) {
    BuildGuideAnimation(scene, schedule, style, fonts, &animation);
  } else if (scene.view == View::kReceptiveField) {
    Status status = BuildReceptiveFieldAnimation(scene, options, fonts, &animation);
    if (!status.ok()) return status;
  } else if (scene.view == View::kScatter) {
    Status status = BuildScatterAnimation(scene, schedule, options, fonts, &animation);
    if (!status.ok()) return status;
  } else if (scene.view == View::kInputGradient || scene.view == View::kWeightGradient) {
    Status status = BuildGradientAnimation(scene, schedule, options, fonts, &animation);
    if (!status.ok()) return status;
  } else {
    Status status = BuildTeachingAnimation(scene, schedule, options, fonts, &animation);
    if (!status.ok()) return status;
  }
  // The receptive-field view steps through the last layer's cells, not the schedule's.
  const bool own_text = scene.view == View::kReceptiveField;
  const std::string alt = AltText(scene, schedule, words);
  animation.title = !scene.style.title.empty() ? scene.style.title
                    : !scene.caption.empty()   ? scene.caption
                                               : alt;
  animation.description = alt;
  animation.language = words.language();
  animation.theme = scene.style.theme;
  animation.transparent = scene.style.transparent;
  // Views that step through something else than the schedule's output cells keep their own
  // step count (scatter: input cells; gradients: input cells or weights; receptive field: the
  // last layer's cells).
  if (scene.view != View::kScatter && scene.view != View::kInputGradient &&
      scene.view != View::kWeightGradient && !own_text) {
    animation.step_count = schedule.step_count();
  }
  animation.step_duration = scene.style.frame_duration;
  animation.motion = scene.style.motion == MotionStyle::kGlide ? Motion::kGlide : Motion::kDiscrete;
  animation.still_step = animation.step_count / 2;
  animation.fonts = fonts;
  animation.where = scene.where;
  if (animation.width > limits::kMaxPictureSide || animation.height > limits::kMaxPictureSide) {
    return Status::InvalidScene(
        "the picture would be " + FormatFixed(animation.width, 0) + "x" +
            FormatFixed(animation.height, 0) + " px (" + ViewName(scene.view) + " view of a " +
            std::to_string(schedule.canvas().rows.length) + "x" +
            std::to_string(schedule.canvas().cols.length) + " grid); pictures are at most " +
            FormatFixed(limits::kMaxPictureSide, 0) +
            " px a side: use a smaller input or cell_size, or the arithmetic view",
        scene.where);
  }
  *out = std::move(animation);
  return Status::Ok();
}

}  // namespace convanim
