// kernel.bias in the numerical view (issue 21 point 1): the equation names the bias as
// PyTorch indexes it ("+ bias[1] = ..."), the label of the step's weight slice gives its
// value ("bias[1] = −1"), and the legend says what it is, with every channel's value.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/models.h"

namespace convanim {
namespace {

std::string Joined(const std::vector<Shape>& shapes, Role role) {
  std::string text;
  for (const Shape* shape : testing::ShapesWithRole(shapes, role)) text += shape->text + "\n";
  return text;
}

TEST(BiasLabels, EquationLabelAndLegendOfTheExample) {
  auto built = testing::BuildSceneFile("scenes/examples/bias.yaml");
  ASSERT_NE(built, nullptr);
  const Animation& animation = built->animation;
  ASSERT_EQ(animation.step_count, 18);  // 2 channels of 3x3
  for (int64_t n = 0; n < animation.step_count; ++n) {
    const Step step = built->schedule().StepAt(n);
    const StepShapes shapes = animation.Step(n);
    std::string equation;
    for (const auto& layer : shapes.layers) equation += Joined(layer, Role::kEquation);
    const std::string o = std::to_string(step.out_channel);
    EXPECT_NE(equation.find("+ bias[" + o + "] = "), std::string::npos) << equation;
    // The value is no longer a bare term of the sum.
    EXPECT_EQ(equation.find("+ 0.5 ="), std::string::npos) << equation;
    EXPECT_EQ(equation.find("+ (\xE2\x88\x92"
                            "1) ="),
              std::string::npos)
        << equation;
    // The slice shown at this step carries its channel's bias and value.
    const std::vector<Shape> all = FlattenStep(animation, n);
    const Shape& label = testing::MustFind(all, "kernel/" + o + "/0/label");
    EXPECT_NE(label.text.find(step.out_channel == 0 ? "bias[0] = 0.5"
                                                    : "bias[1] = \xE2\x88\x92"
                                                      "1"),
              std::string::npos)
        << label.text;
  }
  const std::string legend = Joined(FlattenStep(animation, 0), Role::kLegend);
  EXPECT_NE(legend.find("bias = (0.5, \xE2\x88\x92"
                        "1) (Conv2d.bias)"),
            std::string::npos)
      << legend;
}

TEST(BiasLabels, TransposedAndSeveralInputChannels) {
  // Two input channels: the bias stands beside the first slice each output reads only; a
  // transposed convolution names ConvTranspose2d.bias.
  auto built = testing::BuildSceneText(
      "operation: transposed_convolution\nview: numerical\n"
      "input: {size: 2, channels: 2, values: [[[1, 2], [3, 4]], [[0, 1], [1, 0]]]}\n"
      "kernel: {size: 2, values: [[[[1, 0], [0, 1]]], [[[2, 1], [1, 2]]]], bias: [2.5]}\n"
      "style: {equation: true}\n");
  ASSERT_NE(built, nullptr);
  const std::vector<Shape> all = FlattenStep(built->animation, 0);
  EXPECT_NE(testing::MustFind(all, "kernel/0/0/label").text.find("bias[0] = 2.5"),
            std::string::npos);
  EXPECT_EQ(testing::MustFind(all, "kernel/0/1/label").text.find("bias"), std::string::npos);
  EXPECT_NE(Joined(all, Role::kLegend).find("(2.5) (ConvTranspose2d.bias)"), std::string::npos);
  std::string equation;
  for (const auto& layer : built->animation.Step(0).layers)
    equation += Joined(layer, Role::kEquation);
  EXPECT_NE(equation.find("+ bias[0] = "), std::string::npos) << equation;
}

TEST(BiasLabels, NoBiasNoWords) {
  auto built = testing::BuildSceneFile("scenes/examples/transposed_numerical.yaml");
  ASSERT_NE(built, nullptr);
  const std::vector<Shape> all = FlattenStep(built->animation, 0);
  for (const Shape& shape : all) EXPECT_EQ(shape.text.find("bias"), std::string::npos) << shape.id;
}

}  // namespace
}  // namespace convanim
