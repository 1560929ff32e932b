// The page layout (style.layout: page, the default): landscape where a portrait is not
// needed (renderer/teaching_page.cc, PageTextBeside in renderer/slide_layout.h), text in
// place; and, in the numerical view with several input channels, each channel's partial sum
// under its kernel slice, the number the equation's line for that channel ends with.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "app/cli_common.h"
#include "renderer/fonts.h"
#include "renderer/model.h"
#include "renderer/scene_model.h"
#include "tests/support/models.h"
#include "tests/support/paths.h"

namespace convanim {
namespace {

const char* const kMinus = "\xE2\x88\x92";  // −

// The extent of every shape but text: the grids (and connectors) alone.
Box GridsBox(const Animation& animation, int64_t n) {
  Box box;
  for (const Shape& shape : FlattenStep(animation, n)) {
    if (shape.kind == ShapeKind::kText || shape.role == Role::kBackground) continue;
    box.AddBox(ShapeBounds(shape, animation.fonts.get()));
  }
  return box;
}

// Every example, as its file draws it on the default page: landscape, unless a portrait is
// needed. Needed means: a stack of layers (the receptive-field picture draws the layers one
// above the other, joined by the field's lines: their order is the picture), whose grids
// alone are taller than wide, so that no place for the text makes the page landscape. The
// text stays on the canvas and off the grids and other text.
TEST(PageLayout, EveryExampleIsLandscapeUnlessItsPictureIsATallStack) {
  int examples = 0, portraits = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(testing::SourcePath("scenes/examples"))) {
    if (entry.path().extension() != ".yaml") continue;
    const std::string name = entry.path().stem().string();
    auto built = testing::BuildSceneFile(entry.path().string());
    ASSERT_NE(built, nullptr) << name;
    const Animation& animation = built->animation;
    ++examples;
    const bool stack = !built->scene().layers.empty();
    if (animation.width < animation.height) {
      ++portraits;
      EXPECT_TRUE(stack) << name << " is a " << animation.width << "x" << animation.height
                         << " portrait";
      const Box grids = GridsBox(animation, 0);
      EXPECT_GT(grids.height(), grids.width()) << name << ": its grids are not a tall stack";
    }
    EXPECT_LE(animation.width, 1600.0) << name;
    if (stack) continue;  // the receptive-field view places its text its own way
    const bool oblique = built->scene().view == View::kArithmetic;
    const int64_t count = animation.step_count;
    for (int64_t n : {int64_t{0}, count / 2, count - 1}) {
      testing::CheckTextPlacement(name, animation, n, oblique);
    }
  }
  EXPECT_GE(examples, 20);
  EXPECT_LE(portraits, 3);  // the three stacks
}

// A portrait that is not needed turns: three channels side by side, the text under them.
TEST(PageLayout, ThreeChannelsGoSideBySide) {
  auto built = testing::BuildSceneFile("scenes/examples/three_channels.yaml");
  ASSERT_NE(built, nullptr);
  const std::vector<Shape> shapes = FlattenStep(built->animation, 0);
  const Shape& first = testing::MustFind(shapes, "input/0/label");
  const Shape& third = testing::MustFind(shapes, "input/2/label");
  EXPECT_DOUBLE_EQ(first.y, third.y);
  EXPECT_GT(third.x, first.x);
  EXPECT_GE(built->animation.width, built->animation.height);
}

// A figure's panels stand side by side (layout: views): each keeps the column, text under
// its grids, or a row of landscape panels would be too wide to read.
TEST(PageLayout, AFiguresPanelKeepsItsColumn) {
  SceneModelOptions options;
  options.panel = true;
  auto panel = testing::BuildSceneFile("scenes/examples/three_channels.yaml", options);
  auto page = testing::BuildSceneFile("scenes/examples/three_channels.yaml");
  ASSERT_NE(panel, nullptr);
  ASSERT_NE(page, nullptr);
  EXPECT_LT(panel->animation.width, panel->animation.height);
  EXPECT_GE(page->animation.width, page->animation.height);
  const std::vector<Shape> shapes = FlattenStep(panel->animation, 0);
  EXPECT_LT(testing::MustFind(shapes, "input/0/label").y,
            testing::MustFind(shapes, "input/1/label").y);
}

// The guide preset keeps the paper's layout: a portrait stays one (its matrix view, the
// one teaching-style picture it draws, is not turned).
TEST(PageLayout, TheGuidePresetIsNotTurned) {
  const std::string yaml = R"(operation: transposed_convolution
view: matrix
input: {size: 2, seed: 3}
kernel: {size: 3, seed: 4}
)";
  auto teaching = testing::BuildSceneText(yaml);
  auto guide = testing::BuildSceneText(yaml + std::string("style: {preset: guide}\n"));
  ASSERT_NE(teaching, nullptr);
  ASSERT_NE(guide, nullptr);
  EXPECT_GE(teaching->animation.width, teaching->animation.height);
  EXPECT_LT(guide->animation.width, guide->animation.height);
}

// The text of shape `id` at step n, or "" when the step has none.
std::string TextAt(const Animation& animation, int64_t n, const std::string& id) {
  for (const Shape& shape : FlattenStep(animation, n)) {
    if (shape.id == id) return shape.text;
  }
  return "";
}

// The equation's lines of step n joined ("channel 0: ... = −2 channel 1: ...").
std::string Equation(const Animation& animation, int64_t n) {
  std::string text;
  for (int i = 0;; ++i) {
    const std::string row = TextAt(animation, n, "equation/" + std::to_string(i));
    if (row.empty()) break;
    text += row + " ";
  }
  return text;
}

// What the equation's line for the k-th channel the output reads ends with ("= −2").
std::string ChannelResult(const std::string& equation, int k) {
  std::size_t at = 0;
  for (int i = 0; i <= k; ++i) {
    at = equation.find("channel ", at);
    if (at == std::string::npos) return "";
    at += 1;
  }
  std::size_t end = equation.find("channel ", at);
  if (end == std::string::npos) end = equation.find("y[", at);
  std::string line = equation.substr(at, end - at);
  while (!line.empty() && line.back() == ' ') line.pop_back();
  const std::size_t eq = line.rfind("= ");
  return eq == std::string::npos ? "" : line.substr(eq);
}

// three_channels.yaml, step 0: the window over the padded corner. Worked by hand from the
// file's input and kernel (the window's rows 1 and 2 hold the inputs):
//   channel 0: 3·(−1) + 3·0 + 1·1 + 3·0            = −2
//   channel 1: 0·1 + 1·(−1) + 2·1 + 3·(−1)         = −2
//   channel 2: 0·1 + 3·0 + 2·(−1) + 1·1            = −1
TEST(PartialSums, EachChannelsSumStandsUnderItsSliceAndIsTheEquationsNumber) {
  for (int layout : {0, 1}) {
    SceneModelOptions options;
    options.layout = layout;
    auto built = testing::BuildSceneFile("scenes/examples/three_channels.yaml", options);
    ASSERT_NE(built, nullptr);
    const Animation& animation = built->animation;
    const std::string where = layout == 0 ? "page" : "slide";
    const std::vector<std::string> expected = {std::string("partial sum = ") + kMinus + "2",
                                               std::string("partial sum = ") + kMinus + "2",
                                               std::string("partial sum = ") + kMinus + "1"};
    const std::vector<Shape> shapes = FlattenStep(animation, 0);
    for (int ch = 0; ch < 3; ++ch) {
      const std::string c = std::to_string(ch);
      const Shape& sum = testing::MustFind(shapes, "partial_sum/" + c);
      EXPECT_EQ(sum.text, expected[static_cast<std::size_t>(ch)]) << where << " channel " << c;
      // Under its slice: left-aligned with the grid, below its bottom, above the next block.
      Box grid;
      for (const Shape& shape : shapes) {
        if (shape.id.rfind("kernel/0/" + c + "/", 0) == 0 && shape.role == Role::kGrid)
          grid.AddBox(ShapeBounds(shape, animation.fonts.get()));
      }
      ASSERT_FALSE(grid.empty()) << where;
      const Box text = ShapeBounds(sum, animation.fonts.get());
      EXPECT_NEAR(text.x0, grid.x0, 2.0) << where;
      EXPECT_GT(text.y0, grid.y1 - 1.0) << where;
      EXPECT_LT(text.y0, grid.y1 + 12.0) << where;
    }
    // At every step, each partial sum is what the equation's line for its channel ends with.
    for (int64_t n = 0; n < animation.step_count; ++n) {
      const std::string equation = Equation(animation, n);
      for (int ch = 0; ch < 3; ++ch) {
        const std::string sum = TextAt(animation, n, "partial_sum/" + std::to_string(ch));
        const std::string result = ChannelResult(equation, ch);
        ASSERT_FALSE(result.empty()) << where << " step " << n << ": " << equation;
        EXPECT_EQ(sum, "partial sum " + result) << where << " step " << n;
      }
      testing::CheckTextPlacement(where, animation, n, false);
    }
  }
}

// Groups: a step shows the sums of the channels its output reads, under their slices, and
// none under the others. 4 inputs, 2 outputs, groups 2: y[0] reads x[0], x[1]; y[1] reads
// x[2], x[3]; 2x2 inputs and kernels, one step per output channel: worked by hand.
TEST(PartialSums, GroupsShowOnlyTheChannelsTheOutputReads) {
  auto built = testing::BuildSceneText(R"(operation: convolution
view: numerical
input:
  size: [2, 2]
  channels: 4
  values: [[[1, 1], [1, 1]], [[1, 2], [3, 4]], [[0, 0], [0, 1]], [[2, 0], [0, 0]]]
kernel:
  size: [2, 2]
  out_channels: 2
  values: [[[[1, 0], [0, 0]], [[1, 1], [1, 1]]], [[[0, 0], [0, 3]], [[5, 0], [0, 0]]]]
groups: 2
)");
  ASSERT_NE(built, nullptr);
  const Animation& animation = built->animation;
  ASSERT_EQ(animation.step_count, 2);
  // Step 0, y[0][0, 0]: x[0]·weight[0, 0] = 1·1 = 1; x[1]·weight[0, 1] = 1+2+3+4 = 10.
  EXPECT_EQ(TextAt(animation, 0, "partial_sum/0"), "partial sum = 1");
  EXPECT_EQ(TextAt(animation, 0, "partial_sum/1"), "partial sum = 10");
  EXPECT_EQ(TextAt(animation, 0, "partial_sum/2"), "");
  EXPECT_EQ(TextAt(animation, 0, "partial_sum/3"), "");
  // Step 1, y[1][0, 0]: x[2]·weight[1, 0] = 1·3 = 3; x[3]·weight[1, 1] = 2·5 = 10.
  EXPECT_EQ(TextAt(animation, 1, "partial_sum/0"), "");
  EXPECT_EQ(TextAt(animation, 1, "partial_sum/1"), "");
  EXPECT_EQ(TextAt(animation, 1, "partial_sum/2"), "partial sum = 3");
  EXPECT_EQ(TextAt(animation, 1, "partial_sum/3"), "partial sum = 10");
  for (int64_t n = 0; n < 2; ++n) testing::CheckTextPlacement("groups", animation, n, false);
}

// One input channel: the equation has no per-channel line, so no partial sum is drawn.
TEST(PartialSums, OneChannelHasNone) {
  auto built = testing::BuildSceneFile("scenes/examples/asymmetric_padding_strides.yaml");
  ASSERT_NE(built, nullptr);
  for (const Shape& shape : FlattenStep(built->animation, 0)) {
    EXPECT_NE(shape.id.rfind("partial_sum", 0), 0u) << shape.id;
  }
}

}  // namespace
}  // namespace convanim
