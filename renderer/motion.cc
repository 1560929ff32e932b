#include "renderer/motion.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace convanim {
namespace {

double Lerp(double a, double b, double t) { return a + (b - a) * t; }

bool SameShapeKind(const Shape& a, const Shape& b) {
  return a.kind == b.kind && a.role == b.role && a.points.size() == b.points.size() &&
         a.breaks == b.breaks && a.text == b.text && a.children.empty() && b.children.empty();
}

Shape Between(const Shape& a, const Shape& b, double t) {
  Shape shape = a;
  shape.x = Lerp(a.x, b.x, t);
  shape.y = Lerp(a.y, b.y, t);
  shape.width = Lerp(a.width, b.width, t);
  shape.height = Lerp(a.height, b.height, t);
  for (std::size_t i = 0; i < shape.points.size(); ++i) {
    shape.points[i] = {Lerp(a.points[i].x, b.points[i].x, t),
                       Lerp(a.points[i].y, b.points[i].y, t)};
  }
  return shape;
}

}  // namespace

std::vector<TimedFrame> Timeline(const Animation& animation, double step_duration) {
  std::vector<TimedFrame> frames;
  const int64_t count = animation.step_count;
  if (animation.motion != Motion::kGlide || count < 2) {
    for (int64_t n = 0; n < count; ++n) frames.push_back({n, 0.0, step_duration});
    return frames;
  }
  const double glide = std::min(kMaxGlideSeconds, step_duration / 2.0);
  const int tweens = std::max(1, static_cast<int>(std::lround(glide * kGlideFramesPerSecond)));
  const double tween_duration = glide / tweens;
  // The first and the last step pause: each is held a further step (at least 1 s).
  const double pause = std::max(1.0, step_duration);
  for (int64_t n = 0; n < count; ++n) {
    // The step itself, then tweens - 1 frames on the way to the next; together `glide`.
    double hold = step_duration - (n + 1 < count ? glide - tween_duration : 0.0);
    if (n == 0 || n + 1 == count) hold += pause;
    frames.push_back({n, 0.0, hold});
    if (n + 1 == count) break;
    for (int k = 1; k < tweens; ++k) {
      frames.push_back({n, static_cast<double>(k) / tweens, tween_duration});
    }
  }
  return frames;
}

StepShapes Tween(const StepShapes& from, const StepShapes& to, double t) {
  StepShapes out;
  out.index = from.index;
  out.description = from.description;
  out.layers.resize(from.layers.size());
  for (std::size_t l = 0; l < from.layers.size(); ++l) {
    std::unordered_map<std::string, const Shape*> next;
    if (l < to.layers.size()) {
      for (const Shape& shape : to.layers[l]) next.emplace(shape.id, &shape);
    }
    for (const Shape& shape : from.layers[l]) {
      auto found = next.find(shape.id);
      if (found != next.end() && SameShapeKind(shape, *found->second)) {
        out.layers[l].push_back(Between(shape, *found->second, t));
      } else {
        out.layers[l].push_back(shape);
      }
    }
  }
  return out;
}

}  // namespace convanim
