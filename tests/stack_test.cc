// Stacks of layers (scene key `layers`, core/stack.h): loading with chained channels and
// per-layer faults at the layer's lines, every layer's output, receptive fields worked out
// by hand (size, jump, start; exact per-cell rectangles), and check/render refusing a stack
// the same way. tools/torch_crosscheck.py --stacks checks them against PyTorch.
#include "core/stack.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/scene_loader.h"
#include "core/schedule.h"
#include "tests/support/paths.h"
#include "tests/support/run.h"
#include "tests/support/tensors.h"

namespace convanim {
namespace {

using testing::Map;

Scene Load(const std::string& text) {
  Scene scene;
  const Status status = ParseScene(text, "s.yaml", &scene);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return scene;
}

std::string Refusal(const std::string& text) {
  Scene scene;
  const Status status = ParseScene(text, "s.yaml", &scene);
  EXPECT_FALSE(status.ok()) << text;
  return status.ToString();
}

// conv 3x3, max pool 2x2 stride 2, conv 2x2 padding 1, over 7x7.
const char* const kConvPoolConv =
    "input: {size: 7, seed: 1}\n"
    "layers:\n"
    "  - operation: convolution\n"
    "    kernel: {size: 3, out_channels: 2}\n"
    "  - operation: max_pooling\n"
    "    kernel: {size: 2}\n"
    "    stride: 2\n"
    "  - operation: convolution\n"
    "    kernel: {size: 2, bias: [1]}\n"
    "    padding: 1\n";

TEST(Stack, LoadsAndChainsChannels) {
  const Scene scene = Load(kConvPoolConv);
  ASSERT_EQ(scene.layers.size(), 3u);
  EXPECT_EQ(scene.layers[1].in_channels, 2);
  EXPECT_EQ(scene.layers[1].input_size, (Pair{5, 5}));
  EXPECT_EQ(scene.layers[2].in_channels, 2);
  EXPECT_EQ(scene.layers[2].input_size, (Pair{2, 2}));
  EXPECT_EQ(scene.layers[2].kernel.shape(), (std::vector<int>{1, 2, 2, 2}));
  EXPECT_EQ(scene.layers_where.line, 2);
  const std::vector<Tensor> outputs = EvaluateStack(scene);
  ASSERT_EQ(outputs.size(), 3u);
  EXPECT_EQ(outputs[2].shape(), (std::vector<int>{1, 3, 3}));
}

TEST(Stack, OutputsByHand) {
  // [1 2 3 4] -> conv [1 1] -> [3 5 7] -> max pool 2, stride 1 -> [5 7]
  // -> transposed conv [1 -1] -> [5, 7 - 5, -7] = [5 2 -7].
  const Scene scene = Load(
      "input: {size: [1, 4], values: [[1, 2, 3, 4]]}\n"
      "layers:\n"
      "  - {operation: convolution, kernel: {size: [1, 2], values: [[1, 1]]}}\n"
      "  - {operation: max_pooling, kernel: {size: [1, 2]}}\n"
      "  - {operation: transposed_convolution, kernel: {size: [1, 2], values: [[1, -1]]}}\n");
  const std::vector<Tensor> outputs = EvaluateStack(scene);
  ASSERT_EQ(outputs.size(), 3u);
  EXPECT_EQ(outputs[0], Map({{3, 5, 7}}));
  EXPECT_EQ(outputs[1], Map({{5, 7}}));
  EXPECT_EQ(outputs[2], Map({{5, 2, -7}}));
}

TEST(Stack, RefusesFaultsAtTheLayersLines) {
  EXPECT_NE(Refusal("input: {size: 4}\nlayers:\n"
                    "  - {operation: convolution, kernel: {size: 3, out_channels: 2}}\n"
                    "  - operation: convolution\n    kernel: {size: 1}\n    groups: 4\n")
                .find("s.yaml:6:13: error: groups 4 does not divide the 2 input channels"),
            std::string::npos);
  EXPECT_NE(Refusal("input: {size: 4}\nlayers:\n"
                    "  - {operation: convolution, kernel: {size: 3}}\n"
                    "  - {operation: convolution, kernel: {size: 3}}\n")
                .find("s.yaml:4:45: error: the 3x3 kernel does not fit the 2x2 input"),
            std::string::npos);
  EXPECT_NE(Refusal("input: {size: 4}\nlayers:\n"
                    "  - {operation: convolution, input: {size: 3}, kernel: {size: 3}}\n")
                .find("s.yaml:3:30: error: 'input' does not go in layer 0"),
            std::string::npos);
  EXPECT_NE(Refusal("input: {size: 4}\nstride: 2\nlayers:\n  - {operation: max_pooling, "
                    "kernel: {size: 2}}\n")
                .find("s.yaml:2:1: error: 'stride' does not go at the top of a scene with "
                      "'layers'"),
            std::string::npos);
  std::string nine = "input: {size: 4}\nlayers:\n";
  for (int i = 0; i < 9; ++i) nine += "  - {operation: max_pooling, kernel: {size: 1}}\n";
  EXPECT_NE(Refusal(nine).find("s.yaml:3:3: error: 'layers' must be a list of 1 to 8 layers"),
            std::string::npos);
}

TEST(Stack, OnlyViewReceptiveFieldDrawsAStackAndItsScheduleIsTheLastLayers) {
  const Scene scene = Load(kConvPoolConv);
  EXPECT_EQ(scene.view, View::kReceptiveField);  // a stack's default view
  Schedule schedule;
  ASSERT_TRUE(Schedule::Build(scene, &schedule).ok());
  // The last layer (conv 2x2, padding 1) over the pooled 2x2: 3x3 output, as the stack's.
  EXPECT_EQ(schedule.output_size(), (Pair{3, 3}));
  EXPECT_EQ(schedule.step_count(), 9);
  const std::vector<Tensor> outputs = EvaluateStack(scene);
  EXPECT_EQ(schedule.output().data(), outputs.back().data());
  EXPECT_EQ(schedule.StepAt(4).output, outputs.back().at(0, 1, 1));
  // Any other view is refused at its value, by check and render alike (exit status 2).
  const std::string dir = testing::MakeTempDir();
  const std::string path = dir + "/stack.yaml";
  testing::WriteFile(path, std::string("view: numerical\n") + kConvPoolConv);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"check", path},
        std::vector<std::string>{"render", path, "-o", dir + "/out.png"}}) {
    const testing::RunResult run = testing::RunConvanim(args);
    EXPECT_EQ(run.exit_code, 2) << args[0];
    EXPECT_NE(run.err.find(path + ":1:7: error: view 'numerical' draws one operation; a stack of "
                                  "layers is drawn by view 'receptive_field' (its default)"),
              std::string::npos)
        << run.err;
  }
  // The stack itself, with or without the view named, is checked and rendered.
  for (const std::string prefix : {"", "view: receptive_field\n"}) {
    testing::WriteFile(path, prefix + kConvPoolConv);
    EXPECT_EQ(testing::RunConvanim({"check", path}).exit_code, 0) << prefix;
    const testing::RunResult run = testing::RunConvanim({"render", path, "-o", dir + "/out.png"});
    EXPECT_EQ(run.exit_code, 0) << run.err;
  }
}

void ExpectField(const LayerField& f, double size, double jump, double start) {
  for (int a = 0; a < 2; ++a) {
    EXPECT_DOUBLE_EQ(f.size[static_cast<std::size_t>(a)], size);
    EXPECT_DOUBLE_EQ(f.jump[static_cast<std::size_t>(a)], jump);
    EXPECT_DOUBLE_EQ(f.start[static_cast<std::size_t>(a)], start);
  }
}

TEST(ReceptiveField, ConvPoolConvByHand) {
  const ReceptiveField field = ComputeReceptiveField(Load(kConvPoolConv));
  ASSERT_EQ(field.layers.size(), 3u);
  ExpectField(field.layers[0], 3, 1, 0);   // r = 1 + 2
  ExpectField(field.layers[1], 4, 2, 0);   // r = 3 + 1*1, j = 2
  ExpectField(field.layers[2], 6, 2, -2);  // r = 4 + 1*2, start = 0 - 1*2
  ASSERT_EQ(field.output_size, (Pair{3, 3}));
  // Cell 0: taps {-1 (padding), 0} -> pool cell 0 -> conv cells 0..1 -> input 0..3.
  // Cell 2: taps {1, 2 (padding)} -> pool cell 1 -> conv cells 2..3 -> input 2..5: the
  // formula's [2, 7] clipped would say 6, but the floor-mode pooling never reads conv cell 4.
  const std::array<int, 2> expected[3] = {{0, 3}, {0, 5}, {2, 5}};
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) {
      const CellField cell = field.CellAt(i, j);
      EXPECT_FALSE(cell.empty);
      EXPECT_EQ(cell.input[0], expected[i]);
      EXPECT_EQ(cell.input[1], expected[j]);
    }
  }
}

TEST(ReceptiveField, DilatedStackGrowsExponentially) {
  // The guide's section 5: 3x3 kernels dilated 1, 2, 4 (padding = dilation) give
  // fields of 3, 7 and 15.
  const ReceptiveField field = ComputeReceptiveField(
      Load("input: {size: 16}\nlayers:\n"
           "  - {operation: convolution, kernel: {size: 3}, dilation: 1, padding: 1}\n"
           "  - {operation: convolution, kernel: {size: 3}, dilation: 2, padding: 2}\n"
           "  - {operation: convolution, kernel: {size: 3}, dilation: 4, padding: 4}\n"));
  ExpectField(field.layers[0], 3, 1, -1);
  ExpectField(field.layers[1], 7, 1, -3);
  ExpectField(field.layers[2], 15, 1, -7);
  EXPECT_EQ(field.CellAt(0, 8).input[0], (std::array<int, 2>{0, 7}));
  EXPECT_EQ(field.CellAt(0, 8).input[1], (std::array<int, 2>{1, 15}));
}

TEST(ReceptiveField, AsymmetricPaddingAndCeilModePooling) {
  // Along W: a 3-tap convolution padded 2 on the left only (5 -> 5 cells), then a 2-wide
  // max pooling with stride 2 and ceil_mode (5 -> 3, the last window hanging past the end).
  const ReceptiveField field = ComputeReceptiveField(
      Load("input: {size: [1, 5]}\nlayers:\n"
           "  - {operation: convolution, kernel: {size: [1, 3]}, padding: [0, 2, 0, 0]}\n"
           "  - {operation: max_pooling, kernel: {size: [1, 2]}, stride: [1, 2], "
           "ceil_mode: true}\n"));
  EXPECT_DOUBLE_EQ(field.layers[0].size[1], 3);
  EXPECT_DOUBLE_EQ(field.layers[0].start[1], -2);
  EXPECT_DOUBLE_EQ(field.layers[1].size[1], 4);
  EXPECT_DOUBLE_EQ(field.layers[1].jump[1], 2);
  EXPECT_DOUBLE_EQ(field.layers[1].start[1], -2);
  ASSERT_EQ(field.output_size, (Pair{1, 3}));
  // Pool cell 0 reads conv cells 0 (input 0) and 1 (inputs 0, 1); cell 2 reads conv cell 4
  // (inputs 2..4) and nothing past the end.
  const std::array<int, 2> expected[3] = {{0, 1}, {0, 3}, {2, 4}};
  for (int o = 0; o < 3; ++o) EXPECT_EQ(field.CellAt(0, o).input[1], expected[o]) << o;
  EXPECT_EQ(field.CellAt(0, 0).input[0], (std::array<int, 2>{0, 0}));
}

TEST(ReceptiveField, TransposedLayerDividesTheJump) {
  // k = 3, s = 2 over 3 cells: 7 outputs; output o reads input x when 2x + t = o, t < 3.
  const ReceptiveField field = ComputeReceptiveField(
      Load("operation: transposed_convolution\ninput: {size: [1, 3]}\nkernel: {size: [1, 3]}\n"
           "stride: [1, 2]\n"));
  ASSERT_EQ(field.layers.size(), 1u);
  EXPECT_DOUBLE_EQ(field.layers[0].jump[1], 0.5);
  EXPECT_DOUBLE_EQ(field.layers[0].size[1], 2);    // 1 + (3 - 1) * 0.5
  EXPECT_DOUBLE_EQ(field.layers[0].start[1], -1);  // 0 - (3 - 1 - 0) * 0.5
  const std::array<int, 2> expected[7] = {{0, 0}, {0, 0}, {0, 1}, {1, 1}, {1, 2}, {2, 2}, {2, 2}};
  for (int o = 0; o < 7; ++o) EXPECT_EQ(field.CellAt(0, o).input[1], expected[o]) << o;
}

TEST(ReceptiveField, CellOfPaddingOnlyIsEmpty) {
  // A 1x1 kernel with padding 2 and stride 3 over 3 cells: output 0 reads padding only.
  const ReceptiveField field = ComputeReceptiveField(
      Load("operation: convolution\ninput: {size: [1, 3]}\nkernel: {size: 1}\n"
           "padding: [0, 2]\nstride: [1, 3]\n"));
  ASSERT_EQ(field.output_size, (Pair{1, 3}));
  EXPECT_TRUE(field.CellAt(0, 0).empty);
  EXPECT_EQ(field.CellAt(0, 1).input[1], (std::array<int, 2>{1, 1}));
  EXPECT_TRUE(field.CellAt(0, 2).empty);  // reads the trailing padding
}

TEST(StackEval, PrintsEveryLayerAndTheReceptiveField) {
  const std::string dir = testing::MakeTempDir();
  const std::string path = dir + "/stack.yaml";
  testing::WriteFile(path, kConvPoolConv);
  const testing::RunResult run = testing::RunConvanim({"eval", "--receptive-field", path});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json j = nlohmann::json::parse(run.out);
  ASSERT_EQ(j["layers"].size(), 3u);
  EXPECT_EQ(j["layers"][1]["operation"], "max_pooling");
  EXPECT_EQ(j["layers"][1]["output_size"], nlohmann::json::parse("[2, 2]"));
  EXPECT_EQ(j["output"], j["layers"][2]["output"]);
  EXPECT_EQ(j["receptive_field"][2], nlohmann::json::parse(
                                         R"({"layer": 2, "size": [6, 6], "jump": [2, 2],
                                             "start": [-2, -2]})"));
  ASSERT_EQ(j["receptive_field_cells"].size(), 9u);
  EXPECT_EQ(j["receptive_field_cells"][5],
            nlohmann::json::parse(R"({"output": [1, 2], "input": [[0, 5], [2, 5]]})"));
  const testing::RunResult refused = testing::RunConvanim({"eval", "--backward", path});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("--backward takes a scene of one operation"), std::string::npos);
}

TEST(StackExplain, EveryLayerWithItsSizeAndField) {
  const std::string dir = testing::MakeTempDir();
  const std::string path = dir + "/stack.yaml";
  testing::WriteFile(path, kConvPoolConv);
  const testing::RunResult run = testing::RunConvanim({"explain", path});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  for (const char* line :
       {"a stack of 3 layers over a 1x7x7 input",
        "layer 1: max_pooling, 2 -> 2 channels, output "
        "2x2x2",
        "H and W: o = floor((5 - 2) / 2) + 1 = 2", "layer 2: convolution, 2 -> 1 channels",
        "receptive field on the input: size 6, jump 2, start -2"}) {
    EXPECT_NE(run.out.find(line), std::string::npos) << line << "\n" << run.out;
  }
  const testing::RunResult missing = testing::RunConvanim({"explain", "-i", "5"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("give -i and -k (or a scene file)"), std::string::npos);
}

}  // namespace
}  // namespace convanim
