// How fast the scene loader accepts good scenes and refuses hostile ones. Refusals that
// the limits decide from declared sizes must not depend on those sizes.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>

#include "core/scene.h"
#include "core/scene_loader.h"

namespace convanim {
namespace {

std::string ReadSource(const std::string& relative) {
  std::ifstream in(std::string(CONVANIM_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void Run(benchmark::State& state, const std::string& text, bool expect_ok) {
  for (auto _ : state) {
    Scene scene;
    Status status = ParseScene(text, "bench.yaml", &scene);
    if (status.ok() != expect_ok) state.SkipWithError(status.ToString().c_str());
    benchmark::DoNotOptimize(scene);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
}

void BM_LoadGuideNumericalScene(benchmark::State& state) {
  Run(state, ReadSource("scenes/guide/numerical_no_padding_no_strides.yaml"), true);
}
BENCHMARK(BM_LoadGuideNumericalScene);

void BM_LoadRandomSceneAtTheStepLimit(benchmark::State& state) {
  Run(state,
      "operation: convolution\ninput: {size: 100, channels: 2}\n"
      "kernel: {size: 1, out_channels: 2}\n",
      true);
}
BENCHMARK(BM_LoadRandomSceneAtTheStepLimit);

// A 256x256 input written out: 65,536 numbers.
void BM_LoadExplicitValues256x256(benchmark::State& state) {
  std::string text = "operation: max_pooling\ninput:\n  size: 256\n  values:\n";
  for (int row = 0; row < 256; ++row) {
    text += "    - [";
    for (int col = 0; col < 256; ++col)
      text += (col ? ", " : "") + std::to_string((row + col) % 10);
    text += "]\n";
  }
  text += "kernel: {size: 16}\nstride: 16\n";
  Run(state, text, true);
}
BENCHMARK(BM_LoadExplicitValues256x256)->Unit(benchmark::kMillisecond);

// 10^9 cells declared: refused from the size alone.
void BM_RefuseBillionCells(benchmark::State& state) {
  Run(state, "operation: convolution\ninput: {size: [100000, 10000]}\nkernel: {size: 3}\n", false);
}
BENCHMARK(BM_RefuseBillionCells);

// Sizes within the per-key limits whose product is far beyond the tensor limit.
void BM_RefuseHugeInputTensor(benchmark::State& state) {
  Run(state,
      "operation: convolution\ninput: {size: 1024, channels: 256}\nkernel: {size: 64}\n"
      "stride: 64\n",
      false);
}
BENCHMARK(BM_RefuseHugeInputTensor);

void BM_RefuseAliasBomb(benchmark::State& state) {
  Run(state, ReadSource("tests/data/bad/alias_bomb.yaml"), false);
}
BENCHMARK(BM_RefuseAliasBomb);

void BM_RefuseDeepNesting(benchmark::State& state) {
  Run(state, std::string(100000, '[') + "1" + std::string(100000, ']'), false);
}
BENCHMARK(BM_RefuseDeepNesting);

}  // namespace
}  // namespace convanim
