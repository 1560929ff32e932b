// The views input_gradient and weight_gradient (renderer/gradient_model.cc): each step's
// equation names the right pairs (output gradient and weight, or input cell and output
// gradient) and ends with the cell's value, equal to core/backward's grad_input and
// grad_weight; hand-worked values of the examples; the refusals; every format renders.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/backward.h"
#include "core/numerics.h"
#include "core/operations.h"
#include "core/scene_loader.h"
#include "core/schedule.h"
#include "exporters/formats.h"
#include "renderer/numbers.h"
#include "tests/support/models.h"
#include "tests/support/paths.h"

namespace convanim {
namespace {

namespace fs = std::filesystem;

// The equation rows of step n, joined with a blank.
std::string EquationOf(const Animation& animation, int64_t n) {
  StepShapes step;
  step.index = n;
  step.layers.resize(animation.layers.size());
  animation.steps->Fill(n, &step);
  std::string text;
  for (const std::vector<Shape>& layer : step.layers) {
    for (const Shape* shape : testing::ShapesWithRole(layer, Role::kEquation)) {
      text += (text.empty() ? "" : " ") + shape->text;
    }
  }
  return text;
}

std::string Idx(std::initializer_list<int> parts) {
  std::string out = "[";
  bool first = true;
  for (int p : parts) {
    out += (first ? "" : ", ") + std::to_string(p);
    first = false;
  }
  return out + "]";
}

// Every step of the scene's gradient view against core/backward: the step's terms are the
// forward pass's taps through its cell, its sum the gradient there, and the model's
// equation names each pair and ends "= value".
void CheckEverySteps(const testing::BuiltScene& built) {
  const Scene& scene = built.scene();
  const Tensor grad = GradOutputOf(scene, built.schedule().output_size());
  const Gradients g = Backward(scene, grad);
  const bool weights = scene.view == View::kWeightGradient;
  const std::vector<GradientStep> steps =
      weights ? WeightGradientSteps(scene, grad) : InputGradientSteps(scene, grad);
  ASSERT_EQ(built.animation.step_count, static_cast<int64_t>(steps.size()));
  ASSERT_EQ(steps.size(), weights ? g.weight.size() : g.input.size());
  const OperationParams params = ParamsOf(scene);
  const bool transposed = scene.operation == Operation::kTransposedConvolution;
  const bool many_out = scene.out_channels > 1, many_in = scene.in_channels > 1;
  const bool many_slices = !scene.kernel.empty() && scene.kernel.dim(0) * scene.kernel.dim(1) > 1;
  for (const GradientStep& step : steps) {
    const std::array<int, 4>& c = step.cell;
    const double expected =
        weights ? g.weight.at(c[0], c[1], c[2], c[3]) : g.input.at(c[0], c[1], c[2]);
    EXPECT_DOUBLE_EQ(step.sum, expected) << step.index;
    const std::string equation = EquationOf(built.animation, step.index);
    if (step.terms.empty()) {
      EXPECT_DOUBLE_EQ(expected, 0.0);
      continue;
    }
    for (const GradientTerm& t : step.terms) {
      const std::string dy = "dL/dy" + (many_out ? Idx({t.grad[0], t.grad[1], t.grad[2]})
                                                 : Idx({t.grad[1], t.grad[2]}));
      EXPECT_NE(equation.find(dy), std::string::npos) << equation << " lacks " << dy;
      const double gv = grad.at(t.grad[0], t.grad[1], t.grad[2]);
      if (IsPooling(scene.operation)) {
        EXPECT_EQ(t.input[1], c[1]);
        EXPECT_EQ(t.input[2], c[2]);
        if (scene.operation == Operation::kMaxPooling) {
          EXPECT_DOUBLE_EQ(t.product, gv);
        }
        if (scene.operation == Operation::kAveragePooling) {
          EXPECT_DOUBLE_EQ(t.product, gv / t.divisor);
        }
        continue;
      }
      // The tap's geometry: the input cell, the weight and the output cell line up.
      const std::array<int, 4>& w = t.weight;
      for (int axis = 0; axis < 2; ++axis) {
        const std::size_t a = static_cast<std::size_t>(axis);
        const int out = t.grad[1 + a], in = t.input[1 + a], k = w[2 + a];
        if (transposed) {
          EXPECT_EQ(out,
                    in * params.stride[a] + k * params.dilation[a] - params.padding.Begin(axis));
        } else {
          EXPECT_EQ(in,
                    out * params.stride[a] - params.padding.Begin(axis) + k * params.dilation[a]);
        }
      }
      const std::string wi = many_slices ? Idx({w[0], w[1], w[2], w[3]}) : Idx({w[2], w[3]});
      if (weights) {
        EXPECT_EQ(w, c);
        EXPECT_DOUBLE_EQ(t.product, gv * scene.input.at(t.input[0], t.input[1], t.input[2]));
        const std::string x = "x" + (many_in ? Idx({t.input[0], t.input[1], t.input[2]})
                                             : Idx({t.input[1], t.input[2]}));
        EXPECT_NE(equation.find(x + "\xC2\xB7" + dy), std::string::npos)
            << equation << " lacks " << x;
      } else {
        EXPECT_EQ(t.input[0], c[0]);
        EXPECT_EQ(t.input[1], c[1]);
        EXPECT_EQ(t.input[2], c[2]);
        EXPECT_DOUBLE_EQ(t.product, gv * scene.kernel.at(w[0], w[1], w[2], w[3]));
        EXPECT_NE(equation.find(dy + "\xC2\xB7w" + wi), std::string::npos)
            << equation << " lacks w" << wi;
      }
    }
    const std::string result =
        " = " + FormatFixed(step.sum, ResolveDecimals(scene, built.schedule().output()));
    EXPECT_EQ(equation.substr(equation.size() - result.size()), result) << equation;
  }
}

TEST(GradientViews, Figure21InputGradientByHand) {
  auto built = testing::BuildSceneFile("scenes/examples/backward_guide_2_1.yaml");
  ASSERT_TRUE(built);
  EXPECT_EQ(built->animation.step_count, 16);
  // dL/dy = [[1, -1], [2, 0.5]], w = [[0, 1, 2], [2, 2, 0], [0, 1, 2]]:
  // dL/dx[1, 1] = 1·w[1, 1] + (−1)·w[1, 0] + 2·w[0, 1] + 0.5·w[0, 0] = 2 − 2 + 2 + 0 = 2;
  // dL/dx[0, 3] = (−1)·w[0, 2] = −2.
  const std::string e5 = EquationOf(built->animation, 5);
  EXPECT_NE(e5.find("dL/dx[1, 1] = dL/dy[0, 0]\xC2\xB7w[1, 1]"), std::string::npos) << e5;
  EXPECT_NE(e5.find("= 2.0"), std::string::npos) << e5;
  const std::string e3 = EquationOf(built->animation, 3);
  EXPECT_NE(e3.find("dL/dx[0, 3] = dL/dy[0, 1]\xC2\xB7w[0, 2]"), std::string::npos) << e3;
  EXPECT_NE(e3.find("= \xE2\x88\x92"
                    "2.0"),
            std::string::npos)
      << e3;  // −2.0
  CheckEverySteps(*built);
}

TEST(GradientViews, Figure21WeightGradientByHand) {
  auto built = testing::BuildSceneFile("scenes/examples/backward_guide_2_1_weights.yaml");
  ASSERT_TRUE(built);
  EXPECT_EQ(built->animation.step_count, 9);
  // dL/dW[1, 1] = x[1, 1]·1 + x[1, 2]·(−1) + x[2, 1]·2 + x[2, 2]·0.5 = 0 − 1 + 2 + 1 = 2;
  // dL/dW[0, 0] = 3·1 + 3·(−1) + 0·2 + 0·0.5 = 0.
  const std::string e4 = EquationOf(built->animation, 4);
  EXPECT_NE(e4.find("dL/dW[1, 1] = x[1, 1]\xC2\xB7"
                    "dL/dy[0, 0]"),
            std::string::npos)
      << e4;
  EXPECT_NE(e4.find("= 2.0"), std::string::npos) << e4;
  CheckEverySteps(*built);
}

TEST(GradientViews, MaxPoolingTieGoesToTheFirstMaximum) {
  auto built = testing::BuildSceneFile("scenes/examples/backward_max_pooling_tie.yaml");
  ASSERT_TRUE(built);
  // Window (0, 0) holds 3 at [0, 1] and [1, 0]: its gradient 1 goes to [0, 1]; [1, 0] gets 0.
  EXPECT_NE(EquationOf(built->animation, 1).find("dL/dx[0, 1] = dL/dy[0, 0]"), std::string::npos);
  EXPECT_NE(EquationOf(built->animation, 4).find("dL/dx[1, 0] = 0"), std::string::npos);
  // Window (1, 1) holds 4 at [2, 2], [2, 3] and [3, 2]: its gradient 4 goes to [2, 2].
  EXPECT_NE(EquationOf(built->animation, 10).find("= 4"), std::string::npos);
  EXPECT_NE(EquationOf(built->animation, 11).find("dL/dx[2, 3] = 0"), std::string::npos);
  CheckEverySteps(*built);
}

TEST(GradientViews, StridedPaddedNeedsOutputPadding) {
  auto built = testing::BuildSceneFile("scenes/examples/backward_strided_padded.yaml");
  ASSERT_TRUE(built);
  EXPECT_EQ(built->animation.step_count, 36);
  // dL/dy 3x3 is drawn with the stride's zeros: a 5x5 grid.
  bool five = false;
  for (const Layer& layer : built->animation.layers) {
    for (const Shape& s : layer.shapes) five = five || s.id == "grad_output/0/value/4/4";
  }
  EXPECT_TRUE(five);
  CheckEverySteps(*built);
}

const char* const kScenes[] = {
    // stride, asymmetric padding, dilation, groups, two output channels per group
    "operation: convolution\nview: input_gradient\ninput: {size: [5, 6], channels: 2, seed: 1, "
    "range: [-2, 2]}\n"
    "kernel: {size: [2, 3], out_channels: 4, seed: 2, range: [-1, 1]}\nstride: [2, 1]\n"
    "padding: [1, 0, 0, 2]\ndilation: [1, 2]\ngroups: 2\ngrad_output: {seed: 3, range: [-1, 1]}\n",
    "operation: convolution\nview: weight_gradient\ninput: {size: [5, 6], channels: 2, seed: 1, "
    "range: [-2, 2]}\n"
    "kernel: {size: [2, 3], out_channels: 4, seed: 2, range: [-1, 1], bias: [1, 2, 3, 4]}\nstride: "
    "[2, 1]\n"
    "padding: [1, 0, 0, 2]\ndilation: [1, 2]\ngroups: 2\ngrad_output: {seed: 3, range: [-1, 1]}\n",
    "operation: transposed_convolution\nview: input_gradient\ninput: {size: 3, channels: 2, seed: "
    "4, range: [-2, 2]}\n"
    "kernel: {size: 3, out_channels: 2, seed: 5, range: [-1, 1]}\nstride: 2\npadding: "
    "1\noutput_padding: 1\n"
    "grad_output: {seed: 6, range: [-1, 1]}\n",
    "operation: transposed_convolution\nview: weight_gradient\ninput: {size: 3, seed: 4, range: "
    "[-2, 2]}\n"
    "kernel: {size: 3, seed: 5, range: [-1, 1]}\nstride: 2\npadding: 1\noutput_padding: 1\n"
    "grad_output: {seed: 6, range: [-1, 1]}\n",
    "operation: average_pooling\nview: input_gradient\ninput: {size: 5, seed: 7, range: [0, 4]}\n"
    "kernel: {size: 3}\nstride: 2\npadding: 1\nceil_mode: true\ncount_include_pad: true\n"
    "grad_output: {seed: 8, range: [-1, 1]}\n",
    "operation: max_pooling\nview: input_gradient\ninput: {size: 5, seed: 9, range: [0, 2]}\n"
    "kernel: {size: 2}\ndilation: 2\n",
};

TEST(GradientViews, EveryStepMatchesTheBackwardPass) {
  for (const char* yaml : kScenes) {
    SCOPED_TRACE(yaml);
    auto built = testing::BuildSceneText(yaml);
    ASSERT_TRUE(built);
    CheckEverySteps(*built);
  }
}

TEST(GradientViews, WeightGradientRefusesPoolingThroughTheViewTable) {
  Scene scene;
  const Status status = ParseScene(
      "operation: max_pooling\nview: weight_gradient\ninput: {size: 4}\nkernel: {size: 2}\n",
      "scene.yaml", &scene);
  EXPECT_EQ(status.code(), Status::Code::kInvalidScene);
  EXPECT_NE(status.message().find("max_pooling has no weights (use input_gradient)"),
            std::string::npos)
      << status.ToString();
  EXPECT_NE(status.ToString().find(":2:7"), std::string::npos) << status.ToString();
}

TEST(GradientViews, GridsTooLargeOrTooManyAreRefusedAtTheScene) {
  for (const auto& [yaml, says] : std::vector<std::pair<std::string, std::string>>{
           {"operation: convolution\nview: input_gradient\ninput: {size: 50}\nkernel: {size: 3}\n",
            "at most 32 cells a side; this one has 48\xC3\x97"
            "48"},
           {"operation: convolution\nview: weight_gradient\ninput: {size: 4, channels: 3}\n"
            "kernel: {size: 3, out_channels: 8}\n",
            "at most 32 grids (channels and kernel slices); this scene has 35"}}) {
    Scene scene;
    ASSERT_TRUE(ParseScene(yaml, "scene.yaml", &scene).ok());
    Schedule schedule;
    ASSERT_TRUE(Schedule::Build(scene, &schedule).ok());
    Animation animation;
    const Status status = BuildSceneAnimation(scene, schedule, SceneModelOptions{}, &animation);
    EXPECT_EQ(status.code(), Status::Code::kInvalidScene);
    EXPECT_NE(status.message().find(says), std::string::npos) << status.ToString();
    EXPECT_NE(status.ToString().find("scene.yaml:3"), std::string::npos) << status.ToString();
  }
}

TEST(GradientViews, EveryFormatRenders) {
  const std::string dir = testing::MakeTempDir();
  for (const std::string name : {"backward_guide_2_1", "backward_guide_2_1_weights",
                                 "backward_strided_padded", "backward_max_pooling_tie"}) {
    auto built = testing::BuildSceneFile("scenes/examples/" + name + ".yaml");
    ASSERT_TRUE(built);
    for (const std::string ext :
         {".png", ".gif", ".mp4", ".svg", ".html", ".json", ".pdf", "_%02d.png"}) {
      ExportSummary summary;
      const std::string path = dir + "/" + name + ext;
      const Status status = Export(built->animation, ExportOptions{}, path, &summary);
      ASSERT_TRUE(status.ok()) << name << ext << ": " << status.ToString();
      if (ext != "_%02d.png") {
        EXPECT_GT(fs::file_size(path), 1000u) << path;
      } else {
        EXPECT_EQ(summary.frames, built->animation.step_count);
      }
    }
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace convanim
