// One numbering (issue 15): the step description (the HTML player's caption and live
// region, the animated SVG's per-step text, the JSON model's "description") names the
// step's cell exactly as the equation does, 0-based y[i, j] / y[c][i, j] (x[...] for the
// scatter view), with the same result, at every step of every example and guide scene.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "exporters/formats.h"
#include "exporters/svg_builder.h"
#include "renderer/numbers.h"
#include "renderer/teaching_text.h"
#include "tests/support/models.h"
#include "tests/support/paths.h"
#include "tests/support/run.h"

namespace convanim {
namespace {

std::vector<std::string> SceneFiles() {
  std::vector<std::string> files;
  for (const char* dir : {"scenes/examples", "scenes/guide"}) {
    for (const auto& entry : std::filesystem::directory_iterator(testing::SourcePath(dir))) {
      if (entry.path().extension() == ".yaml") files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The equation's rows of a step, in order.
std::vector<std::string> EquationRows(const StepShapes& step) {
  std::vector<std::string> rows;
  for (const auto& layer : step.layers) {
    for (const Shape* shape : testing::ShapesWithRole(layer, Role::kEquation)) {
      rows.push_back(shape->text);
    }
  }
  return rows;
}

TEST(Numbering, DescriptionQuotesTheEquationAtEveryStep) {
  int scenes = 0, with_equation = 0, steps_checked = 0;
  for (const std::string& file : SceneFiles()) {
    auto built = testing::BuildSceneFile(file);
    if (built == nullptr) continue;  // a figure file, or a failure already reported
    ++scenes;
    const Animation& animation = built->animation;
    // Views whose steps are not the schedule's output cells (the scatter: input cells; the
    // gradients: input cells or weights; the receptive field: the last layer's cells).
    const View view = built->scene().view;
    bool scatter = view == View::kScatter || view == View::kInputGradient ||
                   view == View::kWeightGradient || view == View::kReceptiveField;
    for (int64_t n = 0; n < animation.step_count; ++n) {
      const StepShapes step = animation.Step(n);
      const std::string& description = step.description;
      // No 1-based words for cells any more.
      EXPECT_EQ(description.find("output row"), std::string::npos) << file << " " << description;
      EXPECT_EQ(description.find("input row"), std::string::npos) << file << " " << description;
      EXPECT_EQ(description.find("output channel"), std::string::npos)
          << file << " " << description;
      if (!scatter && n < built->schedule().step_count()) {
        const Step s = built->schedule().StepAt(n);
        const std::string name = OutputName(built->schedule(), s);
        EXPECT_NE(description.find(": " + name + " "), std::string::npos)
            << file << " step " << n << ": " << description;
      }
      const std::vector<std::string> rows = EquationRows(step);
      if (rows.empty() || view == View::kReceptiveField) continue;  // rf: no equation
      if (n == 0) ++with_equation;
      if (scatter) {
        // "x[0, 1] = 2 stamps 2 × the kernel onto the output:" and "Step 2 of 9: x[0, 1] = 2 ...";
        // the gradient views: "dL/dx[0, 1] = dL/dy[0, 0]·w[0, 1] ..." and "Step 2 of 16:
        // dL/dx[0, 1] = 1.0, ...".
        const std::string head = view == View::kScatter
                                     ? rows.front().substr(0, rows.front().find(" stamps"))
                                     : rows.front().substr(0, rows.front().find(" = "));
        EXPECT_NE(description.find(": " + head + " "), std::string::npos)
            << file << " step " << n << ": " << description << " / " << rows.front();
        ++steps_checked;
        continue;
      }
      // The equation's last logical line: "y[0, 1] = ... = 12.0" (wrapped rows indented).
      std::size_t first = rows.size() - 1;
      while (first > 0 && rows[first].rfind("    ", 0) == 0) --first;
      const std::string left = rows[first].substr(0, rows[first].find(" ="));
      const std::string& last_row = rows.back();
      std::size_t equals = last_row.rfind(" = ");
      const std::size_t approx = last_row.rfind(" \xE2\x89\x88 ");
      if (equals == std::string::npos || (approx != std::string::npos && approx > equals)) {
        equals = approx;
      }
      ASSERT_NE(equals, std::string::npos) << file << ": " << last_row;
      const std::string result = last_row.substr(equals + 1);  // "= 12.0" or "≈ 0.31"
      EXPECT_NE(description.find(": " + left + " " + result + ","), std::string::npos)
          << file << " step " << n << ": " << description << " / " << left << " " << result;
      ++steps_checked;
    }
  }
  EXPECT_GE(scenes, 20);
  EXPECT_GE(with_equation, 8);
  EXPECT_GE(steps_checked, 200);
}

// The equation's left side and result of a step ("y[0][1, 1] = 4.0", "y[0, 0] ≈ 0.31"),
// or empty when the step has no equation of an output cell.
std::string EquationClaim(const StepShapes& step) {
  const std::vector<std::string> rows = EquationRows(step);
  if (rows.empty()) return "";
  std::size_t first = rows.size() - 1;
  while (first > 0 && rows[first].rfind("    ", 0) == 0) --first;
  if (rows[first].rfind("y[", 0) != 0) return "";
  const std::string left = rows[first].substr(0, rows[first].find(" ="));
  const std::string& last_row = rows.back();
  std::size_t equals = last_row.rfind(" = ");
  const std::size_t approx = last_row.rfind(" \xE2\x89\x88 ");
  if (equals == std::string::npos || (approx != std::string::npos && approx > equals)) {
    equals = approx;
  }
  if (equals == std::string::npos) return "";
  return left + " " + last_row.substr(equals + 1);
}

// Markup text back to text (the entities EscapeMarkup writes).
std::string Unescape(std::string text) {
  for (const auto& [entity, c] : std::vector<std::pair<std::string, std::string>>{
           {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&amp;", "&"}}) {
    for (std::size_t at = text.find(entity); at != std::string::npos;
         at = text.find(entity, at + c.size())) {
      text.replace(at, entity.size(), c);
    }
  }
  return text;
}

std::string Between(const std::string& text, const std::string& open, const std::string& close) {
  const std::size_t from = text.find(open);
  if (from == std::string::npos) return "";
  const std::size_t start = text.find('>', from) + 1;
  return text.substr(start, text.find(close, start) - start);
}

std::string Export(const Animation& animation, const std::string& path, int64_t frame) {
  ExportOptions options;
  options.frame = frame;
  ExportSummary summary;
  const Status status = convanim::Export(animation, options, path, &summary);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return testing::ReadFile(path);
}

// The player's caption at every step, the still SVG's <desc> (the alt text of a step)
// and the equation name the step's cell alike, for every example: the player's data holds
// each step's description, which quotes the equation; a still step's <desc> is the
// animation's description and the step's; the player started on a step shows its text.
TEST(Numbering, PlayerCaptionDescAndEquationAgreeAtEveryStep) {
  const std::string dir = testing::MakeTempDir();
  int scenes = 0, claims = 0;
  for (const std::string& file : SceneFiles()) {
    if (file.find("/examples/") == std::string::npos) continue;
    auto built = testing::BuildSceneFile(file);
    if (built == nullptr) continue;
    ++scenes;
    const Animation& animation = built->animation;
    const int64_t count = animation.step_count;
    // The player, started on the middle step.
    const std::string html = Export(animation, dir + "/p.html", count / 2);
    // (std::regex recurses per character: too deep for this attribute.)
    const std::size_t open = html.find("data-convanim='");
    ASSERT_NE(open, std::string::npos) << file;
    const std::size_t start = open + 15;
    const nlohmann::json data =
        nlohmann::json::parse(html.substr(start, html.find('\'', start) - start));
    ASSERT_EQ(static_cast<int64_t>(data["steps"].size()), count) << file;
    EXPECT_EQ(Unescape(Between(html, "<p class=\"cvp-desc\"", "</p>")),
              animation.Step(count / 2).description)
        << file;
    for (int64_t n = 0; n < count; ++n) {
      const StepShapes step = animation.Step(n);
      const std::string caption = data["steps"][static_cast<std::size_t>(n)].get<std::string>();
      EXPECT_EQ(caption, step.description) << file << " step " << n;
      const std::string desc = StillDescription(animation, n);
      EXPECT_NE(desc.find(step.description), std::string::npos) << file << " step " << n;
      EXPECT_EQ(desc.find(animation.description), 0u) << file << " step " << n;
      const std::string claim = EquationClaim(step);
      if (claim.empty()) continue;
      ++claims;
      EXPECT_NE(caption.find(": " + claim), std::string::npos)
          << file << " step " << n << ": " << caption << " / " << claim;
      EXPECT_NE(desc.find(": " + claim), std::string::npos) << file << " step " << n;
    }
    // The still SVGs of the first, a middle and the last step carry that <desc>.
    for (int64_t n : {int64_t{0}, count / 2, count - 1}) {
      const std::string svg = Export(animation, dir + "/s.svg", n);
      EXPECT_EQ(Unescape(Between(svg, "<desc", "</desc>")), StillDescription(animation, n))
          << file << " step " << n;
    }
  }
  EXPECT_GE(scenes, 20);
  EXPECT_GE(claims, 200);
}

TEST(Numbering, ZeroBasedWindowRows) {
  // Figure 2.1 of the guide (padding 1): step 0 reads rows 0 to 2 of the padded input.
  auto built = testing::BuildSceneText(R"(operation: convolution
view: numerical
input: {size: 3, seed: 1}
kernel: {size: 3, seed: 2}
padding: 1
)");
  ASSERT_NE(built, nullptr);
  const std::string d0 = built->animation.Step(0).description;
  EXPECT_NE(d0.find(": y[0, 0] = "), std::string::npos) << d0;
  EXPECT_NE(d0.find("rows 0 to 2, columns 0 to 2 of the padded input"), std::string::npos) << d0;
  const std::string d5 = built->animation.Step(5).description;
  EXPECT_NE(d5.find(": y[1, 2] = "), std::string::npos) << d5;
  EXPECT_NE(d5.find("rows 1 to 3, columns 2 to 4"), std::string::npos) << d5;
}

TEST(Numbering, ChannelsFirst) {
  auto built = testing::BuildSceneText(R"(operation: convolution
view: numerical
input: {size: 3, channels: 2, seed: 1}
kernel: {size: 2, out_channels: 2, seed: 2}
)");
  ASSERT_NE(built, nullptr);
  // Step 4 is the first cell of output channel 1.
  const std::string d = built->animation.Step(4).description;
  EXPECT_NE(d.find("Step 5 of 8: y[1][0, 0] = "), std::string::npos) << d;
}

}  // namespace
}  // namespace convanim
