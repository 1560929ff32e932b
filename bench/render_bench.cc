// Drawing speed: frames per second that SceneRenderer draws into an image surface, for
// guide-sized scenes and a 40 x 40 input, in both views. Encoders are measured apart.
//   build/bench/render_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>
#include <cairo.h>

#include <cmath>
#include <cstdint>
#include <string>

#include "core/schedule.h"
#include "renderer/scene_renderer.h"

namespace convanim {
namespace {

Scene MakeScene(Operation operation, View view, int input, int kernel, int stride, int padding) {
  Scene scene;
  scene.operation = operation;
  scene.view = view;
  scene.input_size = {input, input};
  scene.input = Tensor({1, input, input});
  for (std::size_t i = 0; i < scene.input.size(); ++i) {
    scene.input.data()[i] = static_cast<double>((i * 7 + 3) % 4);
  }
  scene.kernel_size = {kernel, kernel};
  if (IsConvolution(operation)) {
    scene.kernel = Tensor({1, 1, kernel, kernel});
    for (std::size_t i = 0; i < scene.kernel.size(); ++i) {
      scene.kernel.data()[i] = static_cast<double>(i % 3);
    }
  }
  scene.stride = {stride, stride};
  scene.padding = {padding, padding, padding, padding};
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

// The scenes drawn, one benchmark each (BM_<name>).
struct DrawCase {
  const char* name;
  Operation operation;
  View view;
  int input, kernel, stride, padding;
};
constexpr DrawCase kDrawCases[] = {
    {"ArithmeticPaddingStrides", Operation::kConvolution, View::kArithmetic, 5, 3, 2, 1},
    {"ArithmeticFullPadding", Operation::kConvolution, View::kArithmetic, 5, 3, 1, 2},
    {"ArithmeticTransposed", Operation::kTransposedConvolution, View::kArithmetic, 3, 3, 2, 1},
    {"NumericalNoPadding", Operation::kConvolution, View::kNumerical, 5, 3, 1, 0},
    {"NumericalMaxPooling", Operation::kMaxPooling, View::kNumerical, 5, 3, 1, 0},
    {"Arithmetic40x40", Operation::kConvolution, View::kArithmetic, 40, 3, 1, 0},
    {"Numerical40x40", Operation::kConvolution, View::kNumerical, 40, 3, 1, 0},
};

const bool kRegistered = [] {
  for (const DrawCase& c : kDrawCases) {
    benchmark::RegisterBenchmark((std::string("BM_") + c.name).c_str(),
                                 [c](benchmark::State& state) {
                                   DrawFrames(state, MakeScene(c.operation, c.view, c.input,
                                                               c.kernel, c.stride, c.padding));
                                 })
        ->Unit(benchmark::kMillisecond);
  }
  return true;
}();

}  // namespace
}  // namespace convanim
