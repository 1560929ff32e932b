// Fuzz target: load a scene, build its schedule (which evaluates the numerics) and take
// its first, middle and last steps. An accepted scene must schedule; each step must agree
// with the numerics; a transposed convolution's two methods must agree.
//
// Scenes whose work exceeds kMaxFuzzMultiplyAdds are loaded but not scheduled, so one
// input costs milliseconds (the loader's own limit, 10^8, is tested in the unit tests).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/numerics.h"
#include "core/scene_loader.h"
#include "core/schedule.h"
#include "fuzz/fuzz_checks.h"

namespace {

using namespace convanim;

constexpr int64_t kMaxFuzzMultiplyAdds = 2'000'000;

// Products per output cell times output cells, from the output sizes the arithmetic gives.
int64_t Work(const Scene& scene) {
  int64_t cells = int64_t{scene.out_channels};
  for (int axis : {kAxisH, kAxisW}) {
    AxisArithmetic arithmetic;
    if (!ComputeAxis(AxisOf(scene, axis), &arithmetic).ok()) return 0;  // Build reports it
    cells *= arithmetic.output;
  }
  const int64_t taps = int64_t{scene.kernel_size[0]} * scene.kernel_size[1];
  const int64_t per_cell = IsPooling(scene.operation) ? taps : scene.in_channels * taps;
  return cells * per_cell + int64_t{scene.in_channels} * scene.out_channels * taps *
                                scene.input_size[0] * scene.input_size[1];
}

bool Near(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(b)); }

void CheckStep(const Scene& scene, const Schedule& schedule, int64_t index) {
  const Step step = schedule.StepAt(index);
  if (step.index != index) fuzz::Fail("step index");
  if (!std::isfinite(step.output)) fuzz::Fail("non-finite output");
  if (step.output != schedule.output().at(step.out_channel, step.out_row, step.out_col)) {
    fuzz::Fail("step output differs from the numerics");
  }
  const Canvas& canvas = schedule.canvas();
  double sum = 0.0;
  int counted = 0;
  for (const Tap& tap : step.taps) {
    if (tap.canvas_row < 0 || tap.canvas_row >= canvas.rows.length || tap.canvas_col < 0 ||
        tap.canvas_col >= canvas.cols.length) {
      // Taps of a transposed convolution cropped by a negative p' lie off the canvas.
      if (scene.operation != Operation::kTransposedConvolution) fuzz::Fail("tap off the canvas");
    }
    sum += tap.product;
    if (tap.counted) ++counted;
  }
  sum += step.bias;  // a convolution's bias (0 without one)
  switch (scene.operation) {
    case Operation::kConvolution:
    case Operation::kTransposedConvolution:
      if (!Near(sum, step.output)) fuzz::Fail("taps do not sum to the output");
      break;
    case Operation::kMaxPooling:
      if (step.selected_tap < 0) fuzz::Fail("max pooling window without an input cell");
      if (step.taps[static_cast<std::size_t>(step.selected_tap)].value != step.output) {
        fuzz::Fail("selected tap is not the output");
      }
      break;
    case Operation::kAveragePooling:
      if (counted == 0) fuzz::Fail("average pooling window with nothing counted");
      if (!Near(sum / step.divisor, step.output)) fuzz::Fail("average differs");
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  Scene scene;
  const Status loaded = ParseScene(text, "fuzz.yaml", &scene);
  fuzz::CheckRefusal(loaded);
  if (!loaded.ok() || Work(scene) > kMaxFuzzMultiplyAdds) return 0;

  Schedule schedule;
  const Status built = Schedule::Build(scene, &schedule);
  if (!built.ok()) fuzz::Fail("an accepted scene does not schedule: " + built.ToString());
  const int64_t steps = schedule.step_count();
  if (steps < 1) fuzz::Fail("no steps");
  // A stack's schedule is its last layer's (core/schedule.h).
  const Scene& drawn = scene.layers.empty() ? scene : scene.layers.back();
  for (int64_t index : {int64_t{0}, steps / 2, steps - 1}) CheckStep(drawn, schedule, index);

  if (scene.operation == Operation::kTransposedConvolution) {
    const OperationParams params = ParamsOf(scene);
    const Tensor direct = TransposedConvolutionDirect(scene.input, scene.kernel, params);
    const Tensor& scatter = schedule.output();
    if (direct.shape() != scatter.shape()) fuzz::Fail("transposed methods differ in shape");
    for (std::size_t i = 0; i < direct.size(); ++i) {
      if (!Near(direct.data()[i], scatter.data()[i])) fuzz::Fail("transposed methods differ");
    }
  }
  return 0;
}
