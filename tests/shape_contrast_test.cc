// Contrast for shapes (issue 15, point 4; WCAG 1.4.11): a tint, outline or highlight that
// carries meaning keeps at least 3:1 against what it sits on, in both themes. The tap tint is
// light so numbers stay legible on it; on light cells (padding, inserted zeros, cells past the
// input, the matrix view's x entries) it is under 3:1, so those cells are also outlined in
// the window outline's colour: that outline is what these tests hold to 3:1.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "exporters/theme.h"
#include "renderer/model.h"
#include "tests/support/models.h"

namespace convanim {
namespace {

double Luminance(const Colour& colour) {
  auto linear = [](int channel) {
    const double c = channel / 255.0;
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * linear(colour.r) + 0.7152 * linear(colour.g) + 0.0722 * linear(colour.b);
}
double Contrast(const Colour& a, const Colour& b) {
  const double la = Luminance(a), lb = Luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}
Colour Over(const Colour& top, const Colour& bottom) {
  auto mix = [&](uint8_t t, uint8_t b) {
    return static_cast<uint8_t>(std::lround(top.alpha * t + (1.0 - top.alpha) * b));
  };
  Colour out;
  out.r = mix(top.r, bottom.r);
  out.g = mix(top.g, bottom.g);
  out.b = mix(top.b, bottom.b);
  return out;
}

TEST(ShapeContrast, TheTapOutlineKeepsThreeToOneOnEveryLightCell) {
  const std::vector<Role> light = {Role::kBackground,  Role::kPaddingCell, Role::kInsertedZero,
                                   Role::kOutsideCell, Role::kPendingCell, Role::kUnusedPadding};
  for (const std::string& name : ThemeNames()) {
    Theme theme;
    ASSERT_TRUE(GetTheme(name, &theme).ok());
    for (Role cell : light) {
      // The ring sits inside the cell, on the tap tint over it; outside it, the cell.
      EXPECT_GE(Contrast(theme[Role::kWindowOutline], theme[cell]), 3.0)
          << name << ": window_outline on " << RoleName(cell);
      EXPECT_GE(Contrast(theme[Role::kWindowOutline], Over(theme[Role::kTap], theme[cell])), 3.0)
          << name << ": window_outline on the tap tint over " << RoleName(cell);
    }
    // The window's outline on the page.
    EXPECT_GE(Contrast(theme[Role::kWindowOutline], theme[Role::kBackground]), 3.0) << name;
  }
}

TEST(ShapeContrast, MutedPaddingKeepsItsNumbersLegible) {
  for (const std::string& name : ThemeNames()) {
    Theme theme;
    ASSERT_TRUE(GetTheme(name, &theme).ok());
    EXPECT_GE(Contrast(theme[Role::kMutedValue], theme[Role::kUnusedPadding]), 4.5) << name;
    EXPECT_NE(testing::RgbOf(theme[Role::kUnusedPadding]),
              testing::RgbOf(theme[Role::kPaddingCell]))
        << name;
  }
}

// The ids of the shapes of step n (shared and per-step) with `role`.
std::vector<std::string> IdsWithRole(const Animation& animation, int64_t n, Role role) {
  std::vector<std::string> ids;
  for (const Layer& layer : animation.layers) {
    for (const Shape* s : testing::ShapesWithRole(layer.shapes, role)) ids.push_back(s->id);
  }
  for (const auto& layer : animation.Step(n).layers) {
    for (const Shape* s : testing::ShapesWithRole(layer, role)) ids.push_back(s->id);
  }
  return ids;
}

bool Has(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

TEST(ShapeContrast, TappedPaddingOfADilatedKernelIsOutlined) {
  // signal_1d: dilation 2, padding 2; step 0 taps columns 0 (padding), 2 and 4 (input).
  auto built = testing::BuildSceneFile("scenes/examples/signal_1d.yaml");
  ASSERT_NE(built, nullptr);
  const auto ids = IdsWithRole(built->animation, 0, Role::kWindowOutline);
  ASSERT_TRUE(Has(ids, "window/0/taps_outline"));
  // Step 2 (origin 4) taps input cells only: no outline of light cells.
  EXPECT_FALSE(
      Has(IdsWithRole(built->animation, 2, Role::kWindowOutline), "window/0/taps_outline"));
}

TEST(ShapeContrast, TheEntriesOfXAMatrixRowMultipliesAreOutlined) {
  auto built = testing::BuildSceneText(R"(operation: convolution
view: matrix
input: {size: 3, values: [[1, 2, 3], [4, 5, 6], [7, 8, 9]]}
kernel: {size: 2, values: [[1, 2], [3, 4]]}
)");
  ASSERT_NE(built, nullptr);
  // Step 0: y[0, 0] multiplies x entries 0, 1, 3, 4.
  const auto ids = IdsWithRole(built->animation, 0, Role::kWindowOutline);
  for (int k : {0, 1, 3, 4}) {
    EXPECT_TRUE(Has(ids, "matrix/x/used/outline/" + std::to_string(k))) << k;
  }
  EXPECT_FALSE(Has(ids, "matrix/x/used/outline/2"));
}

}  // namespace
}  // namespace convanim
