// style.decimals: auto (issue 15, point 5), the default: core picks the fewest digits after
// the point, at most 4, that write the scene's inputs, weights, bias and outputs exactly,
// else 2 with "≈" where a result is not exact; the renderer writes what core resolved.
// Expected values are worked by hand in the comments.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/numerics.h"
#include "core/scene.h"
#include "core/scene_loader.h"
#include "core/schedule.h"
#include "tests/support/models.h"

namespace convanim {
namespace {

const std::string kApprox = "\xE2\x89\x88";

// The decimals auto resolves to for a scene written in YAML.
int AutoDecimals(const std::string& yaml) {
  Scene scene;
  Status status = ParseScene(yaml, "scene.yaml", &scene);
  EXPECT_TRUE(status.ok()) << status.ToString();
  if (!status.ok()) return -100;
  Schedule schedule;
  status = Schedule::Build(scene, &schedule);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return ResolveDecimals(scene, schedule.output());
}

TEST(Decimals, OfOneValue) {
  EXPECT_EQ(DecimalsOf(12.0, 4), 0);
  EXPECT_EQ(DecimalsOf(-3.0, 4), 0);
  EXPECT_EQ(DecimalsOf(0.5, 4), 1);
  EXPECT_EQ(DecimalsOf(0.25, 4), 2);
  EXPECT_EQ(DecimalsOf(-0.75, 4), 2);
  EXPECT_EQ(DecimalsOf(0.125, 4), 3);
  EXPECT_EQ(DecimalsOf(0.3125, 4), 4);
  EXPECT_EQ(DecimalsOf(0.1 + 0.2, 4), 1);  // binary noise: the decimal 0.3
  EXPECT_EQ(DecimalsOf(0.285, 4), 3);      // 0.28499999999999998 in binary
  EXPECT_EQ(DecimalsOf(1.0 / 3.0, 4), 5);  // more than 4
  EXPECT_EQ(DecimalsOf(0.03125, 4), 5);    // 5 exactly, past the cap
  EXPECT_EQ(DecimalsOf(1e12, 4), 0);
  EXPECT_EQ(DecimalsOf(0.0, 4), 0);
}

TEST(Decimals, IntegersNeedNone) {
  // 1 2 / 3 4 with the 1x1 weight 3: outputs 3 6 9 12.
  EXPECT_EQ(AutoDecimals(R"(operation: convolution
input: {size: 2, values: [[1, 2], [3, 4]]}
kernel: {size: 1, values: [[3]]}
)"),
            0);
  // The random scene of the defaults: integers in, integers out.
  EXPECT_EQ(AutoDecimals("operation: convolution\ninput: {size: 5}\nkernel: {size: 3}\n"), 0);
}

TEST(Decimals, HalvesAndQuarters) {
  // Inputs 0.5 and 1, the weight 0.5: outputs 0.25, 0.5, 0.5, 0.25 -> 2 decimals.
  EXPECT_EQ(AutoDecimals(R"(operation: convolution
input: {size: 2, values: [[0.5, 1], [1, 0.5]]}
kernel: {size: 1, values: [[0.5]]}
)"),
            2);
  // Inputs 0.5, weights 1: outputs 0.5 + 0.5 = 1 -> the inputs' 1 decimal.
  EXPECT_EQ(AutoDecimals(R"(operation: convolution
input: {size: [1, 2], values: [[0.5, 0.5]]}
kernel: {size: [1, 2], values: [[1, 1]]}
)"),
            1);
  // A bias of 0.125 on integer sums: 3 decimals.
  EXPECT_EQ(AutoDecimals(R"(operation: convolution
input: {size: 2, values: [[1, 2], [3, 4]]}
kernel: {size: 1, values: [[1]], bias: [0.125]}
)"),
            3);
  // 0.3125 = 5/16: 4 decimals, the most auto picks.
  EXPECT_EQ(AutoDecimals(R"(operation: convolution
input: {size: 1, values: [[1]]}
kernel: {size: 1, values: [[0.3125]]}
)"),
            4);
}

TEST(Decimals, InexactFallsBackToTwo) {
  // Averages of 3 cells: 1/3 and 2/3 -> not exact at 4 decimals -> 2, with ≈.
  const std::string thirds = R"(operation: average_pooling
view: numerical
input: {size: [1, 3], values: [[1, 0, 1]]}
kernel: {size: [1, 2]}
)";
  // (1 + 0)/2 = 0.5 and (0 + 1)/2 = 0.5: exact at 1.
  EXPECT_EQ(AutoDecimals(thirds), 1);
  const std::string third = R"(operation: average_pooling
view: numerical
input: {size: [1, 3], values: [[1, 0, 0]]}
kernel: {size: [1, 3]}
)";
  EXPECT_EQ(AutoDecimals(third), 2);  // 1/3
  auto built = testing::BuildSceneText(third);
  ASSERT_NE(built, nullptr);
  const std::string d = built->animation.Step(0).description;
  EXPECT_NE(d.find(kApprox + " 0.33"), std::string::npos) << d;
  // A weight of 0.03125 (5 decimals): 2 decimals, the inputs still as written.
  EXPECT_EQ(AutoDecimals(R"(operation: convolution
input: {size: 1, values: [[2]]}
kernel: {size: 1, values: [[0.03125]]}
)"),
            2);
}

TEST(Decimals, GivenOrGuide) {
  // An integer is taken as given, even where auto would pick another.
  EXPECT_EQ(AutoDecimals(R"(operation: convolution
input: {size: 2, values: [[1, 2], [3, 4]]}
kernel: {size: 1, values: [[3]]}
style: {decimals: 3}
)"),
            3);
  EXPECT_EQ(AutoDecimals(R"(operation: convolution
input: {size: 2, values: [[1, 2], [3, 4]]}
kernel: {size: 1, values: [[0.5]]}
style: {decimals: auto}
)"),
            1);
  // The guide preset keeps the paper's one decimal ("12.0", "1.7").
  EXPECT_EQ(AutoDecimals(R"(operation: convolution
view: numerical
input: {size: 2, values: [[1, 2], [3, 4]]}
kernel: {size: 1, values: [[3]]}
style: {preset: guide}
)"),
            1);
}

TEST(Decimals, GradientViewsCountTheGradients) {
  // Outputs x * 0.25: 0.25 .. 1 (2 decimals); dL/dy = 0.5 everywhere: dL/dx = 0.5 * 0.25 =
  // 0.125 (3 decimals); dL/dW = 0.5 * (1 + 2 + 3 + 4) = 5.
  const std::string scene = R"(operation: convolution
view: input_gradient
input: {size: 2, values: [[1, 2], [3, 4]]}
kernel: {size: 1, values: [[0.25]]}
grad_output: {values: [[0.5, 0.5], [0.5, 0.5]]}
)";
  EXPECT_EQ(AutoDecimals(scene), 3);
  std::string numerical = scene;
  numerical.replace(numerical.find("input_gradient"), 14, "numerical");
  EXPECT_EQ(AutoDecimals(numerical), 2);  // dL/dy is not drawn; 0.5 needs 1 anyway
}

TEST(Decimals, TheLoaderReadsAutoOrAnInteger) {
  Scene scene;
  ASSERT_TRUE(
      ParseScene("operation: convolution\ninput: {size: 3}\nkernel: {size: 2}\n", "s.yaml", &scene)
          .ok());
  EXPECT_EQ(scene.style.decimals, kAutoDecimals);  // the default
  ASSERT_TRUE(ParseScene("operation: convolution\ninput: {size: 3}\nkernel: {size: 2}\n"
                         "style: {decimals: 0}\n",
                         "s.yaml", &scene)
                  .ok());
  EXPECT_EQ(scene.style.decimals, 0);
  struct Bad {
    const char* value;
    const char* fragment;
  };
  for (const Bad& bad :
       {Bad{"automatic", "unknown style.decimals 'automatic'; it must be one of auto"},
        Bad{"atuo", "did you mean 'auto'?"},
        Bad{"1.5", "style.decimals must be auto or an integer from 0 to 6"},
        Bad{"true", "style.decimals must be auto or an integer from 0 to 6"},
        Bad{"7", "style.decimals 7 exceeds the limit of 6"},
        Bad{"-1", "style.decimals must not be negative"}}) {
    const Status status =
        ParseScene(std::string("operation: convolution\ninput: {size: 3}\nkernel: {size: 2}\n"
                               "style: {decimals: ") +
                       bad.value + "}\n",
                   "s.yaml", &scene);
    ASSERT_FALSE(status.ok()) << bad.value;
    EXPECT_EQ(status.code(), Status::Code::kInvalidScene);
    EXPECT_NE(status.message().find(bad.fragment), std::string::npos) << status.message();
    EXPECT_NE(status.ToString().find("s.yaml:4:19"), std::string::npos) << status.ToString();
  }
}

TEST(Decimals, FramesWriteWhatCoreResolved) {
  // Integers: "= 12", not "= 12.0".
  auto integers = testing::BuildSceneText(R"(operation: convolution
view: numerical
input: {size: 2, values: [[1, 2], [3, 4]]}
kernel: {size: 2, values: [[1, 1], [1, 2]]}
)");
  ASSERT_NE(integers, nullptr);
  const std::string d = integers->animation.Step(0).description;  // 1 + 2 + 3 + 8 = 14
  EXPECT_NE(d.find("= 14"), std::string::npos) << d;
  EXPECT_EQ(d.find("14.0"), std::string::npos) << d;
  // Quarters: "= 0.25"; the render option --decimals still overrides.
  const std::string quarters = R"(operation: convolution
view: numerical
input: {size: 1, values: [[0.5]]}
kernel: {size: 1, values: [[0.5]]}
)";
  auto built = testing::BuildSceneText(quarters);
  ASSERT_NE(built, nullptr);
  const std::string q = built->animation.Step(0).description;
  EXPECT_NE(q.find("= 0.25"), std::string::npos) << q;
  SceneModelOptions one;
  one.decimals = 1;
  auto overridden = testing::BuildSceneText(quarters, one);
  ASSERT_NE(overridden, nullptr);
  const std::string o = overridden->animation.Step(0).description;
  EXPECT_NE(o.find(kApprox + " 0.3"), std::string::npos) << o;
}

}  // namespace
}  // namespace convanim
