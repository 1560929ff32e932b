// The keys kernel.bias, grad_output and layers as rows of the key table
// (core/scene_keys.cc): the layer rows are the top level's operation keys, named alone in
// messages; the mapping forms of bias and grad_output have their own sections with their
// defaults; and the loader reads them with the refusals and messages they had before the
// table (at the place of the fault).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/scene_keys.h"
#include "core/scene_loader.h"

namespace convanim {
namespace {

Scene Load(const std::string& text) {
  Scene scene;
  const Status status = ParseScene(text, "s.yaml", &scene);
  EXPECT_TRUE(status.ok()) << status.ToString() << "\n" << text;
  return scene;
}

std::string Refusal(const std::string& text) {
  Scene scene;
  const Status status = ParseScene(text, "s.yaml", &scene);
  EXPECT_FALSE(status.ok()) << text;
  EXPECT_EQ(status.code(), Status::Code::kInvalidScene) << text;
  return status.ToString();
}

const char* const kConv = "operation: convolution\ninput: {size: 3}\n";

TEST(StackKeys, LayerRowsAreTheOperationKeysOfTheTopLevel) {
  EXPECT_EQ(
      SectionKeyNames(KeyFile::kScene, "layer"),
      (std::vector<std::string>{"operation", "kernel", "stride", "padding", "dilation",
                                "output_padding", "groups", "ceil_mode", "count_include_pad"}));
  for (const KeySpec* row : SectionKeys(KeyFile::kScene, "layer")) {
    const KeySpec& top = FindKey(KeyFile::kScene, "", row->name);
    EXPECT_EQ(row->type, top.type) << row->name;
    EXPECT_EQ(row->min, top.min) << row->name;
    EXPECT_EQ(row->max, top.max) << row->name;
    EXPECT_EQ(row->accepted_by, top.accepted_by) << row->name;
    EXPECT_EQ(row->doc, top.doc) << row->name;
    EXPECT_EQ(QualifiedName(*row), row->name);
  }
  const KeySpec& layers = FindKey(KeyFile::kScene, "", "layers");
  EXPECT_EQ(layers.max_items, 8);
  EXPECT_EQ(layers.items, "layer");
  std::vector<std::string> in_stack;
  for (const KeySpec* row : SectionKeys(KeyFile::kScene, "")) {
    if (row->in_stack) in_stack.push_back(row->name);
  }
  EXPECT_EQ(in_stack,
            (std::vector<std::string>{"view", "input", "caption", "style", "layers", "focus"}));
  EXPECT_EQ(QualifiedName(FindKey(KeyFile::kScene, "kernel.bias", "seed")), "kernel.bias.seed");
}

TEST(StackKeys, BiasAndGradOutputDefaultsAreTheRows) {
  EXPECT_EQ(FindKey(KeyFile::kScene, "kernel.bias", "seed").default_json, "3");
  EXPECT_EQ(FindKey(KeyFile::kScene, "kernel.bias", "range").default_json, "[-1, 1]");
  EXPECT_EQ(FindKey(KeyFile::kScene, "grad_output", "seed").default_json, "2");
  EXPECT_EQ(FindKey(KeyFile::kScene, "grad_output", "range").default_json, "[-2, 2]");
  const std::string kernel = "kernel: {size: 2, out_channels: 6, bias: ";
  const Scene by_default = Load(std::string(kConv) + kernel + "{}}\ngrad_output: {}\n");
  const Scene spelt_out =
      Load(std::string(kConv) + kernel +
           "{seed: 3, range: [-1, 1]}}\ngrad_output: {seed: 2, range: [-2, 2]}\n");
  EXPECT_EQ(by_default.bias, spelt_out.bias);
  EXPECT_EQ(by_default.grad_output, spelt_out.grad_output);
  EXPECT_EQ(by_default.grad_output.shape(), (std::vector<int>{6, 2, 2}));
  const Scene other = Load(std::string(kConv) + kernel + "{seed: 4}}\n");
  EXPECT_FALSE(other.bias == by_default.bias);
  // The three forms of a given bias are the same tensor.
  const Scene list =
      Load(std::string(kConv) + "kernel: {size: 2, out_channels: 2, bias: [1.5, -2]}\n");
  const Scene values =
      Load(std::string(kConv) + "kernel: {size: 2, out_channels: 2, bias: {values: [1.5, -2]}}\n");
  EXPECT_EQ(list.bias, Tensor({2}, {1.5, -2}));
  EXPECT_EQ(values.bias, list.bias);
  const Scene fixed =
      Load(std::string(kConv) + "kernel: {size: 2}\ngrad_output: {range: [5, 5]}\n");
  EXPECT_EQ(fixed.grad_output, Tensor({1, 2, 2}, {5, 5, 5, 5}));
}

TEST(StackKeys, BiasAndGradOutputRefusalsNameTheirPlace) {
  EXPECT_EQ(Refusal(std::string(kConv) + "kernel: {size: 2, bias: {sed: 1}}\n"),
            "s.yaml:3:26: error: unknown key 'sed' in 'kernel.bias', did you mean 'seed'?");
  EXPECT_EQ(Refusal(std::string(kConv) + "kernel: {size: 2, bias: {values: [1], range: [0, 1]}}\n"),
            "s.yaml:3:39: error: 'kernel.bias.range' has no effect when 'kernel.bias.values' is "
            "given; remove one of them");
  EXPECT_EQ(Refusal(std::string(kConv) + "kernel: {size: 2, bias: {values: [1, 2]}}\n"),
            "s.yaml:3:34: error: kernel.bias has 2 output channels, expected 1; the expected "
            "shape is [1] (one number per output channel)");
  EXPECT_EQ(Refusal(std::string(kConv) + "kernel: {size: 2, bias: {seed: -1}}\n"),
            "s.yaml:3:32: error: kernel.bias.seed must not be negative, got -1");
  EXPECT_EQ(Refusal(std::string(kConv) + "kernel: {size: 2}\ngrad_output: {seeds: 1}\n"),
            "s.yaml:4:15: error: unknown key 'seeds' in 'grad_output', did you mean 'seed'?");
  EXPECT_EQ(Refusal("operation: average_pooling\ninput: {size: 3}\nkernel: {size: 2, bias: {}}\n"),
            "s.yaml:3:19: error: 'kernel.bias' gives a bias, but average_pooling has none");
  EXPECT_NE(Refusal("operation: transposed_convolution\ninput: {size: 3}\nview: scatter\n"
                    "kernel: {size: 2, bias: [1]}\n")
                .find("s.yaml:4:19: error: view 'scatter' does not draw a bias yet"),
            std::string::npos);
}

TEST(StackKeys, LayerRefusalsNameKeysAsTheTopLevelDoes) {
  const std::string stack = "input: {size: 6}\nlayers:\n  - ";
  EXPECT_EQ(Refusal(stack + "{operation: max_pooling, kernel: {size: 2}, groups: 1}\n"),
            "s.yaml:3:49: error: 'groups' applies to convolutions only, not max_pooling");
  EXPECT_EQ(Refusal(stack + "{operation: convolution, kernel: {size: 2}, stride: 0}\n"),
            "s.yaml:3:57: error: stride must be positive, got 0");
  EXPECT_EQ(Refusal(stack + "{operation: convolution, kernel: {size: 2}, strid: 2}\n"),
            "s.yaml:3:49: error: unknown key 'strid' in layer 0, did you mean 'stride'?");
  EXPECT_EQ(Refusal(stack + "{operation: convolution, kernel: {size: 2, sedd: 2}}\n"),
            "s.yaml:3:48: error: unknown key 'sedd' in 'kernel', did you mean 'seed'?");
  EXPECT_EQ(Refusal(stack + "{operation: convolution, kernel: {size: 2}, view: numerical}\n"),
            "s.yaml:3:49: error: 'view' does not go in layer 0: it belongs to the whole scene");
  EXPECT_EQ(Refusal(stack + "{operation: convolution, kernel: {size: 2}}\n  - 3\n"),
            "s.yaml:4:5: error: layer 1 must be a mapping with an operation and its keys, got "
            "the integer 3");
  EXPECT_EQ(Refusal(stack + "{kernel: {size: 2}}\n"),
            "s.yaml:3:5: error: missing required key 'operation' (convolution, "
            "transposed_convolution, max_pooling or average_pooling)");
  EXPECT_EQ(Refusal("input: {size: 6}\ngrad_output: {}\nlayers: [{operation: convolution, kernel: "
                    "{size: 2}}]\n"),
            "s.yaml:2:1: error: 'grad_output' does not go at the top of a scene with 'layers': "
            "each layer gives its own operation keys, the top level only input, layers, caption "
            "and style (eval --backward takes one operation)");
  EXPECT_EQ(Refusal("layers: [{operation: convolution, kernel: {size: 2}}]\n"),
            "s.yaml:1:1: error: missing required key 'input' (a mapping with at least 'size')");
}

TEST(StackKeys, EachLayerResolvesItsPaddingWordForItsOwnInput) {
  // 7x7 -> conv 3 (2 channels) -> 5x5 -> conv 3, padding same -> 5x5 (1 cell a side) ->
  // max pooling 2, stride 2, ceil mode -> 3x3.
  const Scene scene = Load(
      "input: {size: 7}\ncaption: three layers\nstyle: {decimals: 0}\nlayers:\n"
      "  - {operation: convolution, kernel: {size: 3, out_channels: 2, bias: {seed: 1}}}\n"
      "  - {operation: convolution, kernel: {size: 3}, padding: same}\n"
      "  - {operation: max_pooling, kernel: {size: 2}, stride: 2, ceil_mode: true}\n");
  ASSERT_EQ(scene.layers.size(), 3u);
  EXPECT_EQ(scene.caption, "three layers");
  EXPECT_EQ(scene.style.decimals, 0);
  EXPECT_EQ(scene.layers[0].bias.shape(), std::vector<int>{2});
  EXPECT_EQ(scene.layers[1].input_size, (Pair{5, 5}));
  EXPECT_EQ(scene.layers[1].kernel.shape(), (std::vector<int>{1, 2, 3, 3}));
  EXPECT_EQ(scene.layers[1].padding, (Padding{1, 1, 1, 1}));
  EXPECT_EQ(scene.layers[1].padding_mode, PaddingMode::kSame);
  EXPECT_EQ(scene.layers[2].input_size, (Pair{5, 5}));
  EXPECT_TRUE(scene.layers[2].ceil_mode);
  EXPECT_EQ(scene.layers[2].where.line, 7);
  EXPECT_TRUE(scene.layers[2].input.empty());
  EXPECT_EQ(scene.input.shape(), (std::vector<int>{1, 7, 7}));
}

}  // namespace
}  // namespace convanim
