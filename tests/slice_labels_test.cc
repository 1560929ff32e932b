// Kernel slices are labelled as PyTorch indexes the layer's weight (issue 15): weight[o, c]
// for a convolution (c counted within the group), weight[c, o] for a transposed
// convolution (o counted within the group). Read back from the JSON model: every label is
// a valid index of the scene's weight tensor and names the slice whose values it shows;
// a pair of channels a group leaves unconnected gets words, not an empty slice.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "exporters/formats.h"
#include "tests/support/models.h"
#include "tests/support/paths.h"
#include "tests/support/run.h"

namespace convanim {
namespace {

using Json = nlohmann::json;

// "−1.5" (typographic minus) as a number.
double Number(std::string text) {
  const std::string minus = "\xE2\x88\x92";
  if (text.rfind(minus, 0) == 0) text = "-" + text.substr(minus.size());
  return std::stod(text);
}

struct Slice {
  std::string label;
  std::map<std::pair<int, int>, double> weights;  // (u, v) -> shown value
};

void Collect(const Json& shapes, std::map<std::string, Slice>* slices,
             std::map<std::string, std::string>* unused) {
  static const std::regex label_id(R"(kernel/(\d+)/(\d+)/label)");
  static const std::regex unused_id(R"(kernel/(\d+)/(\d+)/unused)");
  static const std::regex weight_id(R"(kernel/(\d+)/(\d+)/weight/(\d+)/(\d+))");
  for (const Json& shape : shapes) {
    const std::string id = shape.value("id", "");
    std::smatch m;
    if (std::regex_match(id, m, label_id)) {
      (*slices)[m[1].str() + "/" + m[2].str()].label = shape["text"];
    } else if (std::regex_match(id, m, unused_id)) {
      (*unused)[m[1].str() + "/" + m[2].str()] = shape["text"];
    } else if (std::regex_match(id, m, weight_id)) {
      (*slices)[m[1].str() + "/" + m[2].str()]
          .weights[{std::stoi(m[3].str()), std::stoi(m[4].str())}] = Number(shape["text"]);
    }
    if (shape.contains("children")) Collect(shape["children"], slices, unused);
  }
}

// Checks the scene's slices and the words for unconnected pairs.
void CheckSlices(const std::string& yaml, int expected_labels, int expected_unused) {
  auto built = testing::BuildSceneText(yaml);
  if (built == nullptr) return;
  const std::string path = testing::MakeTempDir() + "/model.json";
  ExportSummary summary;
  const Status status = Export(built->animation, ExportOptions{}, path, &summary);
  EXPECT_TRUE(status.ok()) << status.ToString();
  const Json json = Json::parse(testing::ReadFile(path));
  std::map<std::string, Slice> slices;
  std::map<std::string, std::string> unused;
  for (const Json& layer : json["layers"]) Collect(layer["shapes"], &slices, &unused);

  const Scene& scene = built->scene();
  const Tensor& weight = scene.kernel;
  const bool transposed = scene.operation == Operation::kTransposedConvolution;
  const int kh = weight.dim(2), kw = weight.dim(3);
  const int in_per_group = scene.in_channels / scene.groups;
  const int out_per_group = scene.out_channels / scene.groups;
  static const std::regex label_text(R"(weight\[(\d+), (\d+)\] (\d+)\xC3\x97(\d+).*)");
  int checked = 0;
  for (const auto& [key, slice] : slices) {
    const int j = std::stoi(key.substr(0, key.find('/')));
    const int ch = std::stoi(key.substr(key.find('/') + 1));
    std::smatch m;
    ASSERT_TRUE(std::regex_match(slice.label, m, label_text)) << key << ": " << slice.label;
    const int a = std::stoi(m[1].str()), b = std::stoi(m[2].str());
    // A valid index of the layer's weight tensor ...
    EXPECT_GE(a, 0);
    EXPECT_LT(a, weight.dim(0)) << slice.label;
    EXPECT_GE(b, 0);
    EXPECT_LT(b, weight.dim(1)) << slice.label;
    if (a >= weight.dim(0) || b >= weight.dim(1)) continue;
    // ... of the right output and input channel ...
    if (transposed) {
      EXPECT_EQ(a, ch) << slice.label;
      EXPECT_EQ(ch / in_per_group * out_per_group + b, j) << slice.label;
    } else {
      EXPECT_EQ(a, j) << slice.label;
      EXPECT_EQ(j / out_per_group * in_per_group + b, ch) << slice.label;
    }
    // ... whose values the slice shows (rotated by 180 degrees when transposed).
    ASSERT_EQ(slice.weights.size(), static_cast<std::size_t>(kh * kw)) << slice.label;
    for (const auto& [uv, shown] : slice.weights) {
      const auto [u, v] = uv;
      const double value =
          transposed ? weight.at(a, b, kh - 1 - u, kw - 1 - v) : weight.at(a, b, u, v);
      EXPECT_DOUBLE_EQ(shown, value) << slice.label << " at " << u << ", " << v;
    }
    ++checked;
  }
  EXPECT_EQ(checked, expected_labels);
  // Pairs a group leaves unconnected: words, and no label or weight.
  EXPECT_EQ(static_cast<int>(unused.size()), expected_unused);
  for (const auto& [key, text] : unused) {
    EXPECT_EQ(slices.count(key), 0u) << key;
    EXPECT_NE(text.find("does not read"), std::string::npos) << text;
  }
  // The legend says what groups do.
  if (scene.groups > 1) {
    bool said = false;
    for (const Json& layer : json["layers"]) {
      for (const Json& shape : layer["shapes"]) {
        if (shape.value("role", "") == "legend" &&
            shape.value("text", "").find("groups = " + std::to_string(scene.groups) + ":") !=
                std::string::npos) {
          said = true;
        }
      }
    }
    EXPECT_TRUE(said);
  }
}

TEST(SliceLabels, GroupsOfTwo) {
  // 4 inputs, 2 outputs, groups 2: y[1] reads x[2], x[3] through weight[1, 0], weight[1, 1].
  CheckSlices(R"(operation: convolution
view: numerical
input: {size: 4, channels: 4, seed: 5}
kernel: {size: 3, out_channels: 2, seed: 6, range: [-9, 9]}
groups: 2
padding: 1
)",
              /*labels=*/4, /*unused=*/4);
}

TEST(SliceLabels, Depthwise) {
  CheckSlices(R"(operation: convolution
view: numerical
input: {size: 4, channels: 3, seed: 2}
kernel: {size: 2, out_channels: 3, seed: 3, range: [-9, 9]}
groups: 3
)",
              /*labels=*/3, /*unused=*/6);
}

TEST(SliceLabels, ConvolutionWithoutGroups) {
  CheckSlices(R"(operation: convolution
view: numerical
input: {size: 3, channels: 2, seed: 2}
kernel: {size: 2, out_channels: 3, seed: 4, range: [-9, 9]}
)",
              /*labels=*/6, /*unused=*/0);
}

TEST(SliceLabels, TransposedSeveralChannels) {
  // ConvTranspose2d.weight is [in][out / groups]: the slice from x[1] to y[2] is weight[1, 2].
  CheckSlices(R"(operation: transposed_convolution
view: numerical
input: {size: 2, channels: 2, seed: 2}
kernel: {size: 3, out_channels: 3, seed: 4, range: [-9, 9]}
stride: 2
)",
              /*labels=*/6, /*unused=*/0);
}

TEST(SliceLabels, TransposedWithGroups) {
  // 4 inputs, 4 outputs, groups 2: y[3] reads x[2], x[3] through weight[2, 1], weight[3, 1].
  CheckSlices(R"(operation: transposed_convolution
view: numerical
input: {size: 2, channels: 4, seed: 2}
kernel: {size: 2, out_channels: 4, seed: 4, range: [-9, 9]}
groups: 2
)",
              /*labels=*/8, /*unused=*/8);
}

}  // namespace
}  // namespace convanim
