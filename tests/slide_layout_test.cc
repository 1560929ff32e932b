// style.layout: slide (renderer/slide_layout.h): every example, in every view of the
// teaching style that accepts it, is laid out at 16:9 with no text outside the canvas, on a
// grid or on other text.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/cli_common.h"
#include "renderer/fonts.h"
#include "renderer/model.h"
#include "renderer/scene_model.h"
#include "tests/support/models.h"
#include "tests/support/paths.h"
#include "tests/support/run.h"

namespace convanim {
namespace {

TEST(SlideLayout, EveryExampleInEveryTeachingViewIsSixteenByNine) {
  SceneModelOptions options;
  options.layout = static_cast<int>(PageLayout::kSlide);
  int built = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(testing::SourcePath("scenes/examples"))) {
    if (entry.path().extension() != ".yaml") continue;
    const std::string name = entry.path().stem().string();
    for (View view : {View::kArithmetic, View::kNumerical, View::kMatrix, View::kScatter}) {
      LoadedScene loaded;
      ASSERT_TRUE(LoadAndSchedule(entry.path().string(), &loaded).ok()) << name;
      if (!loaded.scene.layers.empty() || loaded.scene.view == View::kInputGradient ||
          loaded.scene.view == View::kWeightGradient) {
        break;  // stacks and the gradient views are not the teaching style's
      }
      loaded.scene.view = view;
      Animation animation;
      if (!BuildSceneAnimation(loaded.scene, loaded.schedule, options, &animation).ok()) {
        continue;  // the view does not accept this scene
      }
      ++built;
      const std::string where = name + " (" + ViewName(view) + ")";
      const double ratio = animation.width / animation.height;
      EXPECT_GE(ratio, 1.74) << where << ": " << animation.width << "x" << animation.height;
      EXPECT_LE(ratio, 1.80) << where << ": " << animation.width << "x" << animation.height;
      const bool oblique = view == View::kArithmetic;
      // Every step (a large matrix is drawn around each step's row), or three of many.
      const int64_t count = animation.step_count;
      if (count <= 64) {
        for (int64_t n = 0; n < count; ++n)
          testing::CheckTextPlacement(where, animation, n, oblique);
      } else {
        for (int64_t n : {int64_t{0}, count / 2, count - 1})
          testing::CheckTextPlacement(where, animation, n, oblique);
      }
    }
  }
  // 15 examples of one operation; each in its own view and the numerical one at least.
  EXPECT_GE(built, 30);
}

TEST(SlideLayout, TheSceneKeyAndTheOptionAgreeAndTheOptionWins) {
  const std::string scene = "scenes/examples/three_channels.yaml";
  SceneModelOptions slide;
  slide.layout = static_cast<int>(PageLayout::kSlide);
  auto page = testing::BuildSceneFile(scene);
  auto by_option = testing::BuildSceneFile(scene, slide);
  ASSERT_NE(page, nullptr);
  ASSERT_NE(by_option, nullptr);
  // The page is not padded to 16:9 (tests/page_layout_test.cc: landscape where it can be);
  // the slide is.
  EXPECT_GT(std::abs(page->animation.width / page->animation.height - 16.0 / 9.0), 0.05);
  EXPECT_NEAR(by_option->animation.width / by_option->animation.height, 16.0 / 9.0, 0.01);
  auto by_key = testing::BuildSceneText(R"(operation: convolution
view: numerical
input: {size: 4, channels: 2, seed: 3, range: [0, 3]}
kernel: {size: 3, seed: 4, range: [-1, 1]}
style: {layout: slide}
)");
  ASSERT_NE(by_key, nullptr);
  EXPECT_NEAR(by_key->animation.width / by_key->animation.height, 16.0 / 9.0, 0.01);
  // Input channels side by side: same top, the second to the right of the first.
  const std::vector<Shape> shapes = FlattenStep(by_key->animation, 0);
  const Shape& first = testing::MustFind(shapes, "input/0/label");
  const Shape& second = testing::MustFind(shapes, "input/1/label");
  EXPECT_DOUBLE_EQ(first.y, second.y);
  EXPECT_GT(second.x, first.x);
  // The equation beside the grids: to the right of every input cell.
  const Shape& equation = testing::MustFind(shapes, "equation/0");
  EXPECT_GT(equation.x, second.x);
  SceneModelOptions page_option;
  page_option.layout = static_cast<int>(PageLayout::kPage);
  auto overridden = testing::BuildSceneText(R"(operation: convolution
view: numerical
input: {size: 4, channels: 2, seed: 3, range: [0, 3]}
kernel: {size: 3, seed: 4, range: [-1, 1]}
style: {layout: slide}
)",
                                            page_option);
  ASSERT_NE(overridden, nullptr);
  EXPECT_GT(std::abs(overridden->animation.width / overridden->animation.height - 16.0 / 9.0),
            0.05);
}

TEST(SlideLayout, RenderTakesLayoutAndRefusesOtherWords) {
  const std::string dir = testing::MakeTempDir();
  const std::string scene = testing::SourcePath("scenes/examples/three_channels.yaml");
  const auto size = [&](const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"render", scene, "-o", dir + "/model.json", "-q"};
    args.insert(args.end(), extra.begin(), extra.end());
    const testing::RunResult run = testing::RunConvanim(args);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    const nlohmann::json model = nlohmann::json::parse(testing::ReadFile(dir + "/model.json"));
    return std::make_pair(model["width"].get<double>(), model["height"].get<double>());
  };
  const auto slide = size({"--layout", "slide"});
  EXPECT_NEAR(slide.first / slide.second, 16.0 / 9.0, 0.01);
  const auto page = size({"--layout", "page"});
  EXPECT_GT(std::abs(page.first / page.second - 16.0 / 9.0), 0.05);
  EXPECT_EQ(size({}), page);
  const testing::RunResult bad =
      testing::RunConvanim({"render", scene, "-o", dir + "/x.png", "--layout", "poster"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("poster"), std::string::npos) << bad.err;
}

bool Inside(const Box& inner, const Box& outer) {
  return inner.x0 >= outer.x0 && inner.y0 >= outer.y0 && inner.x1 <= outer.x1 &&
         inner.y1 <= outer.y1;
}

TEST(SlideLayout, TheStepsSlicesAndTheOutputTheyFillAreFramedAndJoined) {
  const std::string yaml = R"(operation: convolution
view: numerical
input: {size: 4, channels: 2, seed: 3, range: [0, 3]}
kernel: {size: 3, out_channels: 2, seed: 4, range: [-1, 1]}
padding: 1
)";
  for (int layout : {0, 1}) {
    SceneModelOptions options;
    options.layout = layout;
    auto built = testing::BuildSceneText(yaml, options);
    ASSERT_NE(built, nullptr);
    const Animation& animation = built->animation;
    const Fonts* fonts = animation.fonts.get();
    for (int64_t n : {int64_t{5}, int64_t{20}}) {  // output channel 0, then 1
      const int o = n < 16 ? 0 : 1;
      const std::vector<Shape> shapes = FlattenStep(animation, n);
      const Shape& unit = testing::MustFind(shapes, "unit");
      EXPECT_EQ(unit.role, Role::kConnector);
      // Three subpaths: the slices' frame, the output's frame, the connector.
      ASSERT_EQ(unit.breaks.size(), 2u) << n;
      Box slices, output;
      for (std::size_t i = 0; i < unit.points.size(); ++i) {
        if (i < unit.breaks[0]) slices.Add(unit.points[i]);
        if (i >= unit.breaks[0] && i < unit.breaks[1]) output.Add(unit.points[i]);
      }
      const std::string out = "output/" + std::to_string(o) + "/grid";
      const std::string other = "output/" + std::to_string(1 - o) + "/grid";
      EXPECT_TRUE(Inside(ShapeBounds(testing::MustFind(shapes, out), fonts), output)) << n;
      EXPECT_FALSE(ShapeBounds(testing::MustFind(shapes, other), fonts).Intersects(output)) << n;
      for (int c = 0; c < 2; ++c) {
        const std::string slice = "kernel/" + std::to_string(o) + "/" + std::to_string(c) + "/grid";
        EXPECT_TRUE(Inside(ShapeBounds(testing::MustFind(shapes, slice), fonts), slices)) << n;
      }
      // The connector starts on the slices' frame and ends on the output's.
      const Point a = unit.points[unit.breaks[1]], b = unit.points.back();
      EXPECT_TRUE(a.x == slices.x1 || a.y == slices.y1) << n;
      EXPECT_TRUE(b.x == output.x0 || b.y == output.y0) << n;
    }
  }
  // One output channel: nothing to tell apart, no frame.
  auto single = testing::BuildSceneFile("scenes/examples/three_channels.yaml");
  ASSERT_NE(single, nullptr);
  EXPECT_EQ(FindShape(FlattenStep(single->animation, 3), "unit"), nullptr);
}

}  // namespace
}  // namespace convanim
