// Contrast for shapes (issue 15, point 4; WCAG 1.4.11): a tint, outline or highlight that
// carries meaning keeps at least 3:1 against what it sits on, in both themes. The tap tint is
// light so numbers stay legible on it; on light cells (padding, inserted zeros, cells past the
// input, the matrix view's x entries) it is under 3:1, so those cells are also outlined in
// the window outline's colour: that outline is what these tests hold to 3:1.
//
// The first tests measure every scene of scenes/ as drawn (tests/support/contrast.h): each
// filled shape against what borders it, each outline against both its sides, in every theme.
// The guide preset in the light theme is left out: it keeps the paper's exact colours (its
// window shade and current-output shade are under 3:1 on the blue cells; docs/themes.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "core/scene.h"
#include "exporters/theme.h"
#include "renderer/model.h"
#include "tests/support/contrast.h"
#include "tests/support/models.h"
#include "tests/support/paths.h"

namespace convanim {
namespace {

using testing::Contrast;
using testing::Over;

// Every scene file of scenes/examples and scenes/guide, relative to the source tree.
std::vector<std::string> SceneFiles() {
  std::vector<std::string> files;
  for (const char* dir : {"scenes/examples", "scenes/guide"}) {
    for (const auto& entry : std::filesystem::directory_iterator(testing::SourcePath(dir))) {
      if (entry.path().extension() == ".yaml") {
        files.push_back(std::string(dir) + "/" + entry.path().filename().string());
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string Name(Role role) { return role == Role::kCount ? "nothing" : RoleName(role); }

// The pairs under 3:1, one line per (shape, surround) with its worst ratio and where.
std::string Failures(const std::vector<testing::ContrastPair>& pairs, const std::string& where) {
  std::map<std::tuple<bool, Role, Role>, testing::ContrastPair> worst;
  for (const testing::ContrastPair& pair : pairs) {
    if (pair.Passes()) continue;
    const auto key = std::make_tuple(pair.stroke, pair.shape, pair.surround);
    auto found = worst.find(key);
    if (found == worst.end() || pair.ratio < found->second.ratio) worst[key] = pair;
  }
  std::ostringstream out;
  for (const auto& [key, pair] : worst) {
    out << where << ": " << (pair.stroke ? "outline " : "fill ") << Name(pair.shape) << " on "
        << Name(pair.surround) << " " << pair.ratio << ":1 (boundary " << pair.boundary << ":1), "
        << pair.id << " at (" << pair.at.x << ", " << pair.at.y << ")\n";
  }
  return out.str();
}

class EveryScene : public ::testing::TestWithParam<std::string> {};

// Every theme (the guide preset's light look left out), a sample of steps: no pair under 3:1.
void ExpectThreeToOne(const testing::BuiltScene& built, const std::string& where) {
  for (const std::string& name : ThemeNames()) {
    if (name == "light" && built.scene().style.preset == Preset::kGuide) continue;
    Theme theme;
    ASSERT_TRUE(GetTheme(name, &theme).ok());
    std::vector<testing::ContrastPair> pairs;
    for (int64_t n : testing::SampleSteps(built.animation)) {
      for (testing::ContrastPair& pair : testing::MeasureStep(built.animation, n, theme)) {
        pairs.push_back(std::move(pair));
      }
    }
    ASSERT_GT(pairs.size(), 10u) << where << ", " << name;  // the picture was measured
    EXPECT_EQ(Failures(pairs, name), "") << where;
  }
}

TEST_P(EveryScene, EveryShapeKeepsThreeToOneAgainstWhatBordersIt) {
  auto built = testing::BuildSceneFile(GetParam());
  ASSERT_NE(built, nullptr);
  ExpectThreeToOne(*built, GetParam());
}

INSTANTIATE_TEST_SUITE_P(Scenes, EveryScene, ::testing::ValuesIn(SceneFiles()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string name = param.param;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

TEST(ShapeContrast, OtherLayoutsAndViewOptionsKeepThreeToOne) {
  // What the scene files do not set: the slide layout, C beside its transpose, no heat map.
  SceneModelOptions slide;
  slide.layout = static_cast<int>(PageLayout::kSlide);
  for (const char* file :
       {"scenes/examples/three_channels.yaml", "scenes/examples/dilated_transposed.yaml",
        "scenes/examples/matrix_guide_4_1.yaml", "scenes/examples/scatter_uneven.yaml"}) {
    auto built = testing::BuildSceneFile(file, slide);
    ASSERT_NE(built, nullptr);
    ExpectThreeToOne(*built, std::string(file) + ", slide");
  }
  for (const std::string& yaml : {std::string(R"(operation: transposed_convolution
view: matrix
input: {size: 2, values: [[1, 2], [3, 4]]}
kernel: {size: 3, values: [[0, 1, 2], [2, 2, 0], [0, 1, 2]]}
style: {show_direct: true}
)"),
                                  std::string(R"(operation: transposed_convolution
view: scatter
input: {size: 3, values: [[1, 2, 0], [0, 1, 3], [2, 0, 1]]}
kernel: {size: 3, values: [[0, 1, 2], [2, 2, 0], [0, 1, 2]]}
stride: 2
padding: 1
)")}) {
    auto built = testing::BuildSceneText(yaml);
    ASSERT_NE(built, nullptr);
    ExpectThreeToOne(*built, yaml);
  }
}

TEST(ShapeContrast, TheScenesMeasureEveryRoleThatCarriesMeaning) {
  // The measure reaches the tints, cells and outlines the issue names, in both themes, so a
  // colour of theirs that regressed would show in the scene tests above.
  const std::set<Role> wanted = {Role::kTap,           Role::kWindowOutline, Role::kCurrentOutput,
                                 Role::kInsertedZero,  Role::kOutsideCell,   Role::kUnusedPadding,
                                 Role::kOutputPadding, Role::kKernelCell,    Role::kSelected,
                                 Role::kHighlight,     Role::kInputCell,     Role::kOutputCell,
                                 Role::kPendingCell,   Role::kPaddingCell,   Role::kGrid};
  for (const std::string& name : ThemeNames()) {
    Theme theme;
    ASSERT_TRUE(GetTheme(name, &theme).ok());
    std::set<Role> seen;
    for (const char* file :
         {"scenes/examples/dilated_transposed.yaml", "scenes/examples/max_pooling_dilated.yaml",
          "scenes/examples/scatter_uneven.yaml", "scenes/examples/conv1d.yaml",
          "scenes/examples/backward_guide_2_1.yaml",
          "scenes/examples/stack_convolution_pooling.yaml",
          "scenes/examples/average_pooling_ceil_mode.yaml"}) {
      auto built = testing::BuildSceneFile(file);
      ASSERT_NE(built, nullptr);
      for (int64_t n : testing::SampleSteps(built->animation)) {
        for (const auto& pair : testing::MeasureStep(built->animation, n, theme)) {
          seen.insert(pair.shape);
        }
      }
    }
    for (Role role : wanted) EXPECT_EQ(seen.count(role), 1u) << name << ": " << RoleName(role);
  }
}

TEST(ShapeContrast, TheMeasureFindsAnOutlineThatBlendsIn) {
  // The light theme's window outline was Solarized orange, 1.25:1 on the blue input cells.
  auto built = testing::BuildSceneFile("scenes/examples/asymmetric_padding_strides.yaml");
  ASSERT_NE(built, nullptr);
  Theme theme;
  ASSERT_TRUE(GetTheme("light", &theme).ok());
  EXPECT_EQ(Failures(testing::MeasureStep(built->animation, 0, theme), "light"), "");
  theme.colours[static_cast<std::size_t>(Role::kWindowOutline)] = Colour{203, 75, 22, 1.0};
  const std::string failures = Failures(testing::MeasureStep(built->animation, 0, theme), "old");
  EXPECT_NE(failures.find("outline window_outline on input_cell 1.2"), std::string::npos)
      << failures;
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
