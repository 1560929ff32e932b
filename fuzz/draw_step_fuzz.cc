// Fuzz target: load a scene, schedule it, build its animation as `render` does, and draw
// its first, middle and last steps: as pixels with the Cairo painter (on a small surface)
// and as SVG and JSON. Every scene the loader accepts must build (or be refused with an
// invalid-scene message, never an internal error) and draw.
//
// Scenes whose work exceeds kMaxFuzzMultiplyAdds, or whose picture is over kMaxFuzzPixels,
// are loaded but not drawn, so one input costs milliseconds.
#include <cairo.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/scene_loader.h"
#include "core/schedule.h"
#include "exporters/painter.h"
#include "exporters/svg_builder.h"
#include "exporters/theme.h"
#include "fuzz/fuzz_checks.h"
#include "renderer/fonts.h"
#include "renderer/scene_model.h"

namespace {

using namespace convanim;

constexpr int64_t kMaxFuzzSteps = 4096;
constexpr double kMaxFuzzPixels = 4e6;

void Draw(const Animation& animation, int64_t n, const Theme& theme) {
  static const Painter* painter = new Painter(theme, animation.fonts, false);
  // Scaled down onto 96 x 96 pixels: every shape is still painted.
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 96, 96);
  cairo_t* cr = cairo_create(surface);
  const double scale = 96.0 / std::max(animation.width, animation.height);
  cairo_scale(cr, scale, scale);
  PaintStep(cr, *painter, animation, n);
  if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) fuzz::Fail("cairo failed to draw a step");
  cairo_destroy(cr);
  cairo_surface_destroy(surface);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  Scene scene;
  const Status loaded = ParseScene(text, "fuzz.yaml", &scene);
  fuzz::CheckRefusal(loaded);
  if (!loaded.ok()) return 0;
  Schedule schedule;
  const Status built = Schedule::Build(scene, &schedule);
  if (!built.ok()) fuzz::Fail("an accepted scene does not schedule: " + built.ToString());
  if (schedule.step_count() > kMaxFuzzSteps) return 0;

  Animation animation;
  const Status modelled = BuildSceneAnimation(scene, schedule, SceneModelOptions(), &animation);
  fuzz::CheckRefusal(modelled);
  if (!modelled.ok()) return 0;
  if (!(animation.width > 0 && animation.height > 0)) fuzz::Fail("an empty picture");
  if (animation.width * animation.height > kMaxFuzzPixels) return 0;
  static Theme theme;
  static const bool have_theme = GetTheme("light", &theme).ok();
  if (!have_theme) fuzz::Fail("no light theme");
  const int64_t steps = animation.step_count;
  for (int64_t n : {int64_t{0}, steps / 2, steps - 1}) {
    Draw(animation, n, theme);
    SvgOptions options;
    options.mode = SvgMode::kStill;
    options.step = n;
    options.light = theme;
    std::string svg;
    const Status written = BuildSvg(animation, options, &svg);
    if (!written.ok()) fuzz::Fail("a step does not write as SVG: " + written.ToString());
  }
  return 0;
}
