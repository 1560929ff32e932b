// `convanim eval` streams its JSON (app/scene_json.h); this checks that the stream is, byte
// for byte, what the tree-building version it replaced printed through nlohmann's
// dump(indent), for every shipped scene and several indents. The oracle below is that
// former implementation, kept here unchanged.
#include "app/scene_json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "core/scene_loader.h"
#include "renderer/arithmetic_words.h"
#include "tests/support/paths.h"

namespace convanim {
namespace {

using Json = nlohmann::ordered_json;

// Integral values print as integers ("12", not "12.0") so the JSON reads like the
// scene that produced it; others keep full double precision.
Json Number(double value) {
  if (std::isfinite(value) && std::fabs(value) < 9.0e15 && value == std::floor(value)) {
    return Json(static_cast<long long>(value));
  }
  return Json(value);
}

// Nested arrays for a tensor of any rank.
Json TensorJson(const Tensor& tensor, int axis = 0, std::size_t offset = 0) {
  Json array = Json::array();
  if (tensor.rank() == 0) return array;
  std::size_t stride = 1;
  for (int a = axis + 1; a < tensor.rank(); ++a) stride *= static_cast<std::size_t>(tensor.dim(a));
  for (int i = 0; i < tensor.dim(axis); ++i) {
    const std::size_t at = offset + static_cast<std::size_t>(i) * stride;
    if (axis + 1 == tensor.rank()) {
      array.push_back(Number(tensor.data()[at]));
    } else {
      array.push_back(TensorJson(tensor, axis + 1, at));
    }
  }
  return array;
}

Json PairJson(Pair pair) { return Json::array({pair[0], pair[1]}); }

Json AxisJson(const AxisArithmetic& axis) {
  Json out = {{"output", axis.output},
              {"effective_kernel", axis.effective_kernel},
              {"relationship", axis.relationship},
              {"relationship_name", RelationshipName(axis, Words::English())},
              {"general_formula", GeneralFormula(axis, Words::English())},
              {"formula", Formula(axis, Words::English())}};
  if (axis.has_equivalent) {
    const EquivalentConvolution& e = axis.equivalent;
    out["equivalent_convolution"] = {{"input", e.input},     {"stretched_input", e.stretched},
                                     {"kernel", e.kernel},   {"dilation", e.dilation},
                                     {"stride", e.stride},   {"pad_begin", e.pad_begin},
                                     {"pad_end", e.pad_end}, {"output_padding", e.output_padding}};
  }
  return out;
}

Json StepJson(const Scene& scene, const Step& step) {
  Json taps = Json::array();
  for (const Tap& tap : step.taps) {
    Json t = {{"channel", tap.in_channel},
              {"canvas", Json::array({tap.canvas_row, tap.canvas_col})},
              {"kind", CellKindName(tap.kind)},
              {"value", Number(tap.value)}};
    if (IsConvolution(scene.operation)) {
      t["kernel"] = Json::array({tap.kernel_row, tap.kernel_col});
      t["weight"] = Number(tap.weight);
      t["product"] = Number(tap.product);
    } else {
      t["counted"] = tap.counted;
    }
    taps.push_back(std::move(t));
  }
  Json out = {{"index", step.index},
              {"output_index", Json::array({step.out_channel, step.out_row, step.out_col})},
              {"group", step.group},
              {"window",
               {{"origin", PairJson(step.window_origin)},
                {"extent", PairJson(step.window_extent)},
                {"tap_spacing", PairJson(step.tap_spacing)}}},
              {"taps", std::move(taps)}};
  if (!scene.bias.empty()) out["bias"] = Number(step.bias);
  out["output"] = Number(step.output);
  if (scene.operation == Operation::kMaxPooling) out["selected_tap"] = step.selected_tap;
  if (scene.operation == Operation::kAveragePooling) out["divisor"] = Number(step.divisor);
  return out;
}

Json EvalJsonTree(const Scene& scene, const Schedule& schedule, bool include_steps) {
  Json out;
  out["operation"] = OperationName(scene.operation);
  out["input"] = TensorJson(scene.input);
  if (IsConvolution(scene.operation)) out["kernel"] = TensorJson(scene.kernel);
  if (!scene.bias.empty()) out["bias"] = TensorJson(scene.bias);
  out["output"] = TensorJson(schedule.output());
  out["output_size"] = PairJson(schedule.output_size());
  out["arithmetic"] = {{"height", AxisJson(schedule.axis(kAxisH))},
                       {"width", AxisJson(schedule.axis(kAxisW))}};
  const Canvas& canvas = schedule.canvas();
  out["canvas_size"] = Json::array({canvas.rows.length, canvas.cols.length});
  if (include_steps) {
    Json steps = Json::array();
    for (int64_t i = 0; i < schedule.step_count(); ++i) {
      steps.push_back(StepJson(scene, schedule.StepAt(i)));
    }
    out["steps"] = std::move(steps);
  }
  return out;
}

std::string Streamed(const Scene& scene, const Schedule& schedule, const EvalJsonOptions& options) {
  std::FILE* file = std::tmpfile();
  EXPECT_TRUE(WriteEvalJson(scene, schedule, options, file).ok());
  std::string text(static_cast<std::size_t>(std::ftell(file)), '\0');
  std::rewind(file);
  EXPECT_EQ(std::fread(text.data(), 1, text.size(), file), text.size());
  std::fclose(file);
  return text;
}

TEST(EvalJson, StreamIsByteForByteTheTreeDump) {
  int compared = 0;
  for (const char* folder : {"scenes/guide", "scenes/examples", "tests/data/good"}) {
    for (const auto& entry : std::filesystem::directory_iterator(testing::SourcePath(folder))) {
      if (entry.path().extension() != ".yaml") continue;
      SCOPED_TRACE(entry.path().string());
      Scene scene;
      ASSERT_TRUE(LoadSceneFile(entry.path().string(), &scene).ok());
      Schedule schedule;
      ASSERT_TRUE(Schedule::Build(scene, &schedule).ok());
      for (int indent : {-1, 0, 2}) {
        for (bool steps : {true, false}) {
          EvalJsonOptions options;
          options.indent = indent;
          options.include_steps = steps;
          EXPECT_EQ(Streamed(scene, schedule, options),
                    EvalJsonTree(scene, schedule, steps).dump(indent) + "\n")
              << "indent " << indent << (steps ? "" : " --no-steps");
          ++compared;
        }
      }
    }
  }
  EXPECT_GE(compared, 6 * 30);
}

TEST(EvalJson, WriteFailureIsAnIoError) {
  Scene scene;
  ASSERT_TRUE(LoadSceneFile(testing::SourcePath("scenes/examples/large_input.yaml"), &scene).ok());
  Schedule schedule;
  ASSERT_TRUE(Schedule::Build(scene, &schedule).ok());
  std::FILE* full = std::fopen("/dev/full", "w");
  ASSERT_NE(full, nullptr);
  const Status status = WriteEvalJson(scene, schedule, EvalJsonOptions(), full);
  std::fclose(full);
  EXPECT_EQ(status.code(), Status::Code::kIoError);
}

}  // namespace
}  // namespace convanim
