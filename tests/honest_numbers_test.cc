// Honest numbers (issue 15): rounding is half away from zero, as people round by hand,
// and no rendered text writes "=" before a value that is not exact at the shown
// decimals (equation results, step descriptions, output cells, matrix entries, scatter
// sums): those are written with "≈". Checked over every example and guide scene and
// scenes with fractional results.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "renderer/numbers.h"
#include "tests/support/models.h"
#include "tests/support/paths.h"

namespace convanim {
namespace {

const std::string kApprox = "\xE2\x89\x88";

TEST(Rounding, HalfAwayFromZero) {
  EXPECT_EQ(FormatFixed(0.3125, 3), "0.313");
  EXPECT_EQ(FormatFixed(-0.3125, 3),
            "\xE2\x88\x92"
            "0.313");
  EXPECT_EQ(FormatFixed(0.3125, 1), "0.3");
  EXPECT_EQ(FormatFixed(2.5, 0), "3");
  EXPECT_EQ(FormatFixed(0.125, 2), "0.13");
  EXPECT_EQ(FormatFixed(0.285, 2), "0.29");  // 0.28499999999999998 in binary
  EXPECT_EQ(FormatFixed(11.0 / 6.0, 2), "1.83");
  EXPECT_EQ(FormatFixed(12.0, 1), "12.0");
  EXPECT_EQ(FormatFixed(-0.04, 1), "0.0");  // never "−0.0"
}

TEST(Rounding, ApproximateWhereNotExact) {
  EXPECT_EQ(ResultText(12.0, 1), "= 12.0");
  EXPECT_EQ(ResultText(0.1 + 0.2, 1), "= 0.3");  // binary noise is not rounding
  EXPECT_EQ(ResultText(0.3125, 1), kApprox + " 0.3");
  EXPECT_EQ(ResultText(0.3125, 4), "= 0.3125");
  EXPECT_EQ(ResultText(11.0 / 6.0, 2), kApprox + " 1.83");
  EXPECT_EQ(FormatShown(11.0 / 3.0, 2), kApprox + "3.67");
  EXPECT_EQ(FormatShown(-2.5, 1),
            "\xE2\x88\x92"
            "2.5");
}

double Number(std::string text) {
  const std::string minus = "\xE2\x88\x92";
  if (text.rfind(minus, 0) == 0) text = "-" + text.substr(minus.size());
  return std::stod(text);
}

// Every "= number" in `text` names one of `exact` (to 1e-9): never a rounded value.
void CheckEquals(const std::string& where, const std::string& text,
                 const std::vector<double>& exact, int* checked) {
  // A number not followed by more digits or by "·" (a product's first factor).
  static const std::regex kEquals("= ((?:\xE2\x88\x92)?[0-9]+(?:\\.[0-9]+)?)(?![0-9.]|\xC2\xB7)");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kEquals);
       it != std::sregex_iterator(); ++it) {
    const double shown = Number((*it)[1].str());
    const bool found = std::any_of(exact.begin(), exact.end(),
                                   [&](double v) { return std::fabs(v - shown) < 1e-9; });
    EXPECT_TRUE(found) << where << ": \"" << text << "\" writes = before a rounded value";
    ++*checked;
  }
}

void CheckAnimation(const std::string& where, const testing::BuiltScene& built, int* checked) {
  const Animation& animation = built.animation;
  const Schedule& schedule = built.schedule();
  const Tensor& output = schedule.output();
  // Output cells without ≈ show their value exactly.
  for (const Layer& layer : animation.layers) {
    for (const Shape* shape : testing::ShapesWithRole(layer.shapes, Role::kOutputValue)) {
      if (shape->text.rfind(kApprox, 0) == 0) continue;
      static const std::regex kId(R"(output/(\d+)/value/(\d+)/(\d+))");
      std::smatch m;
      if (!std::regex_match(shape->id, m, kId)) continue;
      const double value = output.at(std::stoi(m[1]), std::stoi(m[2]), std::stoi(m[3]));
      EXPECT_NEAR(Number(shape->text), value, 1e-9) << where << " " << shape->id;
      ++*checked;
    }
  }
  // The scatter's steps walk the input; the gradient views' steps are input cells or weights
  // with gradients (tests/gradient_views_test.cc checks their sums); the receptive field's
  // are the last layer's cells, with no equation.
  const View view = built.scene().view;
  if (view == View::kScatter || view == View::kInputGradient || view == View::kWeightGradient ||
      view == View::kReceptiveField) {
    return;
  }
  for (int64_t n = 0; n < animation.step_count; ++n) {
    const Step step = schedule.StepAt(n);
    std::vector<double> exact = step.channel_sums;
    exact.push_back(step.output);
    exact.push_back(step.sum);
    const StepShapes shapes = animation.Step(n);
    CheckEquals(where + " step " + std::to_string(n), shapes.description, exact, checked);
    for (const auto& layer : shapes.layers) {
      for (const Shape* shape : testing::ShapesWithRole(layer, Role::kEquation)) {
        CheckEquals(where + " step " + std::to_string(n), shape->text, exact, checked);
      }
    }
  }
}

TEST(HonestNumbers, EveryExampleAndGuideScene) {
  int checked = 0, scenes = 0;
  for (const char* dir : {"scenes/examples", "scenes/guide"}) {
    for (const auto& entry : std::filesystem::directory_iterator(testing::SourcePath(dir))) {
      if (entry.path().extension() != ".yaml") continue;
      auto built = testing::BuildSceneFile(entry.path().string());
      if (built == nullptr) continue;
      ++scenes;
      CheckAnimation(entry.path().string(), *built, &checked);
    }
  }
  EXPECT_GE(scenes, 20);
  EXPECT_GE(checked, 500);
}

TEST(HonestNumbers, FractionalResults) {
  int checked = 0;
  // An average of 11/6 and friends, a weight of 0.3125, several channels.
  auto average = testing::BuildSceneText(R"(operation: average_pooling
view: numerical
input: {size: 4, values: [[1, 2, 0, 4], [3, 5, 1, 2], [0, 1, 1, 1], [2, 2, 3, 0]]}
kernel: {size: 3}
padding: 1
stride: 2
style: {decimals: 2}
)");
  ASSERT_NE(average, nullptr);
  CheckAnimation("average", *average, &checked);
  const std::string d0 = average->animation.Step(0).description;  // (1+2+3+5)/4 = 2.75
  EXPECT_NE(d0.find("y[0, 0] = 2.75"), std::string::npos) << d0;
  const std::string d1 = average->animation.Step(1).description;  // (2+0+4+5+1+2)/6
  EXPECT_NE(d1.find("y[0, 1] " + kApprox + " 2.33"), std::string::npos) << d1;

  auto conv = testing::BuildSceneText(R"(operation: convolution
view: numerical
input: {size: 3, channels: 2, values: [[[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[1, 0, 1], [0, 1, 0], [1, 0, 1]]]}
kernel: {size: 2, values: [[[[0.3125, 0.5], [0.25, 1]], [[0.1, 0.2], [0.3, 0.4]]]]}
)");
  ASSERT_NE(conv, nullptr);
  CheckAnimation("convolution", *conv, &checked);
  auto matrix = testing::BuildSceneText(R"(operation: convolution
view: matrix
input: {size: 3, values: [[1, 2, 3], [4, 5, 6], [7, 8, 9]]}
kernel: {size: 2, values: [[0.3125, 0.5], [0.25, 1]]}
style: {decimals: 1}
)");
  ASSERT_NE(matrix, nullptr);
  CheckAnimation("matrix", *matrix, &checked);
  auto scatter = testing::BuildSceneText(R"(operation: transposed_convolution
view: scatter
input: {size: 2, values: [[1, 2], [3, 4]]}
kernel: {size: 2, values: [[0.3125, 0.5], [0.25, 1]]}
style: {decimals: 1}
)");
  ASSERT_NE(scatter, nullptr);
  CheckAnimation("scatter", *scatter, &checked);
  // Output cells of the matrix view's y and the scatter's sums: ≈ where rounded.
  bool approx_seen = false;
  for (const auto* built : {matrix.get(), scatter.get()}) {
    for (int64_t n = 0; n < built->animation.step_count; ++n) {
      const StepShapes step = built->animation.Step(n);
      for (const auto& layer : step.layers) {
        for (const Shape& shape : layer) {
          if (shape.kind == ShapeKind::kText && shape.text.rfind(kApprox, 0) == 0)
            approx_seen = true;
        }
      }
    }
    for (const Layer& layer : built->animation.layers) {
      for (const Shape& shape : layer.shapes) {
        if (shape.kind == ShapeKind::kText && shape.text.rfind(kApprox, 0) == 0) approx_seen = true;
      }
    }
  }
  EXPECT_TRUE(approx_seen);
  EXPECT_GE(checked, 10);
}

}  // namespace
}  // namespace convanim
