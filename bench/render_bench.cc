// Drawing speed: frames per second that SceneRenderer draws into an image surface, for
// guide-sized scenes and a 40 x 40 input, in both views. Encoders are measured apart.
//   build/render_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>
#include <cairo.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "core/schedule.h"
#include "renderer/scene_renderer.h"

namespace convanim {
namespace {

Scene MakeScene(Operation operation, View view, int input, int kernel, int stride, int padding,
                int dilation = 1) {
  Scene scene;
  scene.operation = operation;
  scene.view = view;
  scene.input_size = {input, input};
  scene.input = Tensor({1, input, input});
  for (std::size_t i = 0; i < scene.input.size(); ++i) {
    scene.input.data()[i] = static_cast<double>((i * 7 + 3) % 4);
  }
  scene.kernel_size = {kernel, kernel};
  if (operation == Operation::kConvolution || operation == Operation::kTransposedConvolution) {
    scene.kernel = Tensor({1, 1, kernel, kernel});
    for (std::size_t i = 0; i < scene.kernel.size(); ++i) {
      scene.kernel.data()[i] = static_cast<double>(i % 3);
    }
  }
  scene.stride = {stride, stride};
  scene.padding = {padding, padding, padding, padding};
  scene.dilation = {dilation, dilation};
  return scene;
}

// Draws the scene's steps in turn, one per iteration, into one reused surface.
void DrawFrames(benchmark::State& state, const Scene& scene) {
  Schedule schedule;
  if (!Schedule::Build(scene, &schedule).ok()) {
    state.SkipWithError("schedule failed");
    return;
  }
  SceneRenderer renderer(scene, schedule, RenderOptions{});
  if (!renderer.status().ok()) {
    state.SkipWithError("renderer failed");
    return;
  }
  const int width = static_cast<int>(std::ceil(renderer.width()));
  const int height = static_cast<int>(std::ceil(renderer.height()));
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
  int64_t step = 0;
  for (auto _ : state) {
    cairo_t* cr = cairo_create(surface);
    renderer.DrawStep(cr, step);
    cairo_destroy(cr);
    cairo_surface_flush(surface);
    benchmark::DoNotOptimize(cairo_image_surface_get_data(surface));
    step = (step + 1) % schedule.step_count();
  }
  cairo_surface_destroy(surface);
  state.SetItemsProcessed(state.iterations());  // items/s = frames per second
  state.counters["width"] = width;
  state.counters["height"] = height;
  state.counters["cell"] = renderer.layout().cell_size();
}

void BM_ArithmeticPaddingStrides(benchmark::State& state) {
  DrawFrames(state, MakeScene(Operation::kConvolution, View::kArithmetic, 5, 3, 2, 1));
}
void BM_ArithmeticFullPadding(benchmark::State& state) {
  DrawFrames(state, MakeScene(Operation::kConvolution, View::kArithmetic, 5, 3, 1, 2));
}
void BM_ArithmeticTransposed(benchmark::State& state) {
  DrawFrames(state, MakeScene(Operation::kTransposedConvolution, View::kArithmetic, 3, 3, 2, 1));
}
void BM_NumericalNoPadding(benchmark::State& state) {
  DrawFrames(state, MakeScene(Operation::kConvolution, View::kNumerical, 5, 3, 1, 0));
}
void BM_NumericalMaxPooling(benchmark::State& state) {
  DrawFrames(state, MakeScene(Operation::kMaxPooling, View::kNumerical, 5, 3, 1, 0));
}
void BM_Arithmetic40x40(benchmark::State& state) {
  DrawFrames(state, MakeScene(Operation::kConvolution, View::kArithmetic, 40, 3, 1, 0));
}
void BM_Numerical40x40(benchmark::State& state) {
  DrawFrames(state, MakeScene(Operation::kConvolution, View::kNumerical, 40, 3, 1, 0));
}

BENCHMARK(BM_ArithmeticPaddingStrides)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ArithmeticFullPadding)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ArithmeticTransposed)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NumericalNoPadding)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NumericalMaxPooling)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Arithmetic40x40)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Numerical40x40)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace convanim
