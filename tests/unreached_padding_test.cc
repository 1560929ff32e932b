// Padding that no window reaches (issue 15, point 9): core tells which canvas cells some
// window taps (Schedule::Reached); the teaching style fills the padding no window reaches
// with its own role, writes its zeros muted and names it in the legend.
#include <gtest/gtest.h>

#include <string>

#include "core/scene_loader.h"
#include "core/schedule.h"
#include "tests/support/models.h"

namespace convanim {
namespace {

TEST(UnreachedPadding, CoreTellsWhichCellsWindowsTap) {
  // 9 samples padded by 2 (canvas 13), kernel 3 with dilation 2, stride 2: origins 0, 2, 4,
  // 6, 8 tap 0-4-8 .. 8-10-12: the even columns only. Padding columns 0, 1, 11, 12: 1 and 11
  // are reached by no window.
  Scene scene;
  ASSERT_TRUE(ParseScene(R"(operation: convolution
input: {size: 9, dims: 1}
kernel: {size: 3}
stride: 2
padding: 2
dilation: 2
)",
                         "s.yaml", &scene)
                  .ok());
  Schedule schedule;
  ASSERT_TRUE(Schedule::Build(scene, &schedule).ok());
  ASSERT_EQ(schedule.canvas().cols.length, 13);
  for (int c = 0; c < 13; ++c) EXPECT_EQ(schedule.Reached(0, c), c % 2 == 0) << c;
  EXPECT_FALSE(schedule.Reached(1, 0));   // past the canvas
  EXPECT_FALSE(schedule.Reached(0, 13));  // past the canvas

  // 4x4, kernel 2, stride 3, padding 1 (canvas 6): origins 0 and 3 tap 0, 1, 3, 4; row and
  // column 5 (padding) and 2 (input) are reached by none.
  ASSERT_TRUE(ParseScene("operation: convolution\ninput: {size: 4}\nkernel: {size: 2}\n"
                         "stride: 3\npadding: 1\n",
                         "s.yaml", &scene)
                  .ok());
  ASSERT_TRUE(Schedule::Build(scene, &schedule).ok());
  for (int i = 0; i < 6; ++i) {
    const bool tapped = i == 0 || i == 1 || i == 3 || i == 4;
    EXPECT_EQ(schedule.Reached(i, 0), tapped) << i;
    EXPECT_EQ(schedule.Reached(0, i), tapped) << i;
  }
  EXPECT_TRUE(schedule.Reached(4, 4));
  EXPECT_FALSE(schedule.Reached(5, 4));
}

TEST(UnreachedPadding, TheFrameDrawsItMutedWithALegendEntry) {
  auto built = testing::BuildSceneFile("scenes/examples/signal_1d.yaml");
  ASSERT_NE(built, nullptr);
  int fills = 0, muted = 0, swatches = 0;
  for (const Layer& layer : built->animation.layers) {
    for (const Shape* s : testing::ShapesWithRole(layer.shapes, Role::kUnusedPadding)) {
      if (s->id.rfind("legend/", 0) == 0) {
        ++swatches;  // the legend's swatch
        continue;
      }
      EXPECT_EQ(s->id, "input/0/unreached");
      // Two cells, columns 1 and 11 of the 13 of the padded signal.
      EXPECT_EQ(s->kind, ShapeKind::kPolygon);
      ++fills;
    }
    for (const Shape* s : testing::ShapesWithRole(layer.shapes, Role::kMutedValue)) {
      if (s->id == "input/0/value/0/1" || s->id == "input/0/value/0/11") ++muted;
      EXPECT_NE(s->id, "input/0/value/0/0");  // padding a window taps stays a value
    }
  }
  EXPECT_EQ(fills, 1);
  EXPECT_EQ(swatches, 1);
  EXPECT_EQ(muted, 2);
  bool legend = false;
  for (const Layer& layer : built->animation.layers) {
    for (const Shape* s : testing::ShapesWithRole(layer.shapes, Role::kLegend)) {
      legend = legend || s->text == "padding no window reaches";
    }
  }
  EXPECT_TRUE(legend);
  // Padding every window reaches: no such role, no such entry.
  auto used = testing::BuildSceneText(
      "operation: convolution\nview: numerical\ninput: {size: 4}\nkernel: {size: 3}\n"
      "padding: 1\n");
  ASSERT_NE(used, nullptr);
  for (const Layer& layer : used->animation.layers) {
    EXPECT_TRUE(testing::ShapesWithRole(layer.shapes, Role::kUnusedPadding).empty());
    for (const Shape* s : testing::ShapesWithRole(layer.shapes, Role::kLegend)) {
      EXPECT_NE(s->text, "padding no window reaches");
    }
  }
}

}  // namespace
}  // namespace convanim
