// Time in video: which picture shows when. Discrete animations show each step whole for
// its duration; gliding ones (Motion::kGlide, style.motion: glide) move what moves —
// shapes with the same id in two consecutive steps — from one position to the next,
// with a pause on the first and the last step. One place maps time to pictures; the
// raster exporters follow it.
#pragma once

#include <cstdint>
#include <vector>

#include "renderer/model.h"

namespace convanim {

constexpr double kGlideFramesPerSecond = 30.0;
constexpr double kMaxGlideSeconds = 0.4;  // a glide takes at most this, and half a step

// One frame of video: step `step`, or on the way from it to the next when `t` > 0.
struct TimedFrame {
  int64_t step = 0;
  double t = 0.0;         // 0: the step itself; 0 < t < 1: a glide towards step + 1
  double duration = 1.0;  // seconds
};

// The frames of `animation` with each step shown `step_duration` seconds.
std::vector<TimedFrame> Timeline(const Animation& animation, double step_duration);

// The per-step shapes between `from` and `to` (the next step) at 0 < t < 1: shapes with
// the same id, kind and number of points move linearly; any other shape is shown as in
// `from`. The result's index is from.index, so shared shapes show as in `from`.
StepShapes Tween(const StepShapes& from, const StepShapes& to, double t);

}  // namespace convanim
