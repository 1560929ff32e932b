// view: receptive_field: at every step the shaded cells of every layer are exactly the cells
// the step's output cell depends on, computed here independently (every tap of every
// layer followed from the output cell down, in 2-D, from PyTorch's definitions of the
// layers), and every format renders the view.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "core/scene_loader.h"
#include "core/schedule.h"
#include "core/stack.h"
#include "renderer/model.h"
#include "renderer/receptive_field_model.h"
#include "renderer/scene_model.h"
#include "tests/support/paths.h"
#include "tests/support/run.h"

namespace convanim {
namespace {

using Cell = std::pair<int, int>;
using Cells = std::set<Cell>;

Scene Load(const std::string& text) {
  Scene scene;
  const Status status = ParseScene(text, "s.yaml", &scene);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return scene;
}

// Per level (0: the input), the cells output (row, col) of the last layer depends on, and
// the padding positions its windows reach; straight from the layers' definitions.
void Dependence(const Scene& scene, int row, int col, std::vector<Cells>* cells,
                std::vector<Cells>* padding) {
  std::vector<const Scene*> layers;
  if (scene.layers.empty()) {
    layers.push_back(&scene);
  } else {
    for (const Scene& layer : scene.layers) layers.push_back(&layer);
  }
  cells->assign(layers.size() + 1, {});
  padding->assign(layers.size() + 1, {});
  cells->back().insert({row, col});
  for (std::size_t l = layers.size(); l-- > 0;) {
    const Scene& s = *layers[l];
    const int h = s.input_size[0], w = s.input_size[1];
    for (const Cell& o : (*cells)[l + 1]) {
      for (int u = 0; u < s.kernel_size[0]; ++u) {
        for (int v = 0; v < s.kernel_size[1]; ++v) {
          if (s.operation == Operation::kTransposedConvolution) {
            // Input x reaches output x*s - p + t*d (PyTorch's ConvTranspose2d).
            for (int x = 0; x < h; ++x) {
              for (int y = 0; y < w; ++y) {
                if (x * s.stride[0] - s.padding.top + u * s.dilation[0] == o.first &&
                    y * s.stride[1] - s.padding.left + v * s.dilation[1] == o.second) {
                  (*cells)[l].insert({x, y});
                }
              }
            }
          } else {
            const int x = o.first * s.stride[0] - s.padding.top + u * s.dilation[0];
            const int y = o.second * s.stride[1] - s.padding.left + v * s.dilation[1];
            const bool inside = x >= 0 && x < h && y >= 0 && y < w;
            (inside ? (*cells)[l] : (*padding)[l]).insert({x, y});
          }
        }
      }
    }
  }
}

// The cells a step of the model shades, per level, from their shape ids.
void Shaded(const Animation& animation, int64_t step, std::size_t levels, std::vector<Cells>* cells,
            std::vector<Cells>* padding) {
  cells->assign(levels, {});
  padding->assign(levels, {});
  for (const Shape& shape : FlattenStep(animation, step)) {
    for (const auto& [base, out] : {std::pair<std::string, std::vector<Cells>*>{kFieldId, cells},
                                    {kFieldPaddingId, padding}}) {
      const std::string prefix = base + "/";
      if (shape.id.rfind(prefix, 0) != 0) continue;
      std::size_t level = 0;
      int r = 0, c = 0;
      ASSERT_EQ(std::sscanf(shape.id.c_str() + prefix.size(), "%zu/%d/%d", &level, &r, &c), 3)
          << shape.id;
      ASSERT_LT(level, levels) << shape.id;
      (*out)[level].insert({r, c});
    }
  }
}

Animation Build(const Scene& scene, Schedule* schedule) {
  EXPECT_TRUE(Schedule::Build(scene, schedule).ok());
  Animation animation;
  const Status status = BuildSceneAnimation(scene, *schedule, SceneModelOptions{}, &animation);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return animation;
}

void ExpectEveryStepShadesItsDependence(const std::string& text) {
  const Scene scene = Load(text);
  Schedule schedule;
  const Animation animation = Build(scene, &schedule);
  const ReceptiveField field = ComputeReceptiveField(scene);
  const std::size_t levels = (scene.layers.empty() ? 1 : scene.layers.size()) + 1;
  ASSERT_EQ(animation.step_count,
            static_cast<int64_t>(field.output_size[0]) * field.output_size[1]);
  for (int64_t n = 0; n < animation.step_count; ++n) {
    const int row = static_cast<int>(n / field.output_size[1]);
    const int col = static_cast<int>(n % field.output_size[1]);
    std::vector<Cells> want, want_padding, got, got_padding;
    Dependence(scene, row, col, &want, &want_padding);
    Shaded(animation, n, levels, &got, &got_padding);
    for (std::size_t l = 0; l < levels; ++l) {
      EXPECT_EQ(got[l], want[l]) << text << "step " << n << ", level " << l;
      // The padding the windows reach is tinted: the positions where a row or a column the
      // field spans (cells or padding) is padding.
      std::set<int> rows, cols;
      for (const Cell& c : want[l]) {
        rows.insert(c.first);
        cols.insert(c.second);
      }
      for (const Cell& c : want_padding[l]) {
        rows.insert(c.first);
        cols.insert(c.second);
      }
      for (const Cell& c : got_padding[l]) {
        EXPECT_TRUE(rows.count(c.first) && cols.count(c.second)) << "step " << n;
      }
      for (const Cell& c : want_padding[l]) {
        EXPECT_TRUE(got_padding[l].count(c)) << "step " << n << ", level " << l << ": padding "
                                             << c.first << "," << c.second << " not tinted";
      }
    }
    // The step says which input rectangle it is: the core's exact one.
    const CellField cell = field.CellAt(row, col);
    if (!cell.empty) {
      EXPECT_NE(animation.Step(n).description.find("x[" + std::to_string(cell.input[0][0]) + "–" +
                                                   std::to_string(cell.input[0][1]) + ", " +
                                                   std::to_string(cell.input[1][0]) + "–" +
                                                   std::to_string(cell.input[1][1]) + "]"),
                std::string::npos)
          << animation.Step(n).description;
    }
  }
}

TEST(ReceptiveFieldView, DilatedStackByHand) {
  // The guide's Section 5 on a 9x9 input: 3x3 convolutions dilated 1, 2, 4, padded alike.
  const Scene scene = Load(
      "input: {size: 9}\n"
      "layers:\n"
      "  - {operation: convolution, kernel: {size: 3}, padding: 1}\n"
      "  - {operation: convolution, kernel: {size: 3}, padding: 2, dilation: 2}\n"
      "  - {operation: convolution, kernel: {size: 3}, padding: 4, dilation: 4}\n");
  Schedule schedule;
  const Animation animation = Build(scene, &schedule);
  ASSERT_EQ(animation.step_count, 81);
  std::vector<Cells> got, padding;
  Shaded(animation, 0, 4, &got, &padding);
  // Output (0, 0) taps rows and columns -4, 0, 4 of layer 2: cells {0, 4}^2, the rest padding.
  EXPECT_EQ(got[2], (Cells{{0, 0}, {0, 4}, {4, 0}, {4, 4}}));
  EXPECT_TRUE(padding[2].count({-4, -4}));
  EXPECT_TRUE(padding[2].count({-4, 0}));
  EXPECT_FALSE(got[2].count({2, 2}));  // a hole of the dilation
  // Layer 1: rows {0, 4} taps -2, 0, 2 and 2, 4, 6: rows {0, 2, 4, 6}, with holes between.
  EXPECT_EQ(got[1].size(), 16u);
  EXPECT_TRUE(got[1].count({6, 6}));
  EXPECT_FALSE(got[1].count({1, 1}));
  // The input: rows and columns 0-7 dense (r = 15 from start -7, clipped): 64 cells.
  EXPECT_EQ(got[0].size(), 64u);
  EXPECT_TRUE(got[0].count({7, 7}));
  EXPECT_FALSE(got[0].count({8, 0}));
  EXPECT_EQ(
      animation.Step(0).description,
      "Step 1 of 81: cell [0, 0] of layer 3's output depends on x[0–7, 0–7], the input's rows "
      "0 to 7 and columns 0 to 7 (counted from 0): the 64 shaded input cells (holes left by "
      "dilation and strides stay white).");
  // The labels carry the fields: r = 3, 7, 15, start -1, -3, -7.
  const std::vector<Shape> shapes = FlattenStep(animation, 0);
  const auto has_text = [&shapes](const std::string& prefix, const std::string& text) {
    for (const Shape& shape : shapes) {
      if (shape.id.rfind(prefix, 0) == 0 && shape.text == text) return true;
    }
    return false;
  };
  EXPECT_TRUE(
      has_text("level/3/label/", "receptive field on the input: r = 15, j = 1, start = −7"));
  EXPECT_TRUE(has_text("level/1/label/", "receptive field on the input: r = 3, j = 1, start = −1"));
  // The recurrence with its numbers (wrapped at blanks: joined again with blanks).
  std::string recurrence;
  for (const Shape& shape : shapes) {
    if (shape.id.rfind("recurrence/", 0) == 0) recurrence += shape.text + " ";
  }
  EXPECT_NE(recurrence.find("layer 1: r = 1 + (3 − 1)·1 = 3, j = 1·1 = 1, start = 0 − 1·1 = −1"),
            std::string::npos)
      << recurrence;
  EXPECT_NE(recurrence.find("layer 3: r = 7 + (9 − 1)·1 = 15, j = 1·1 = 1, start = −3 − 4·1 = −7"),
            std::string::npos)
      << recurrence;
}

TEST(ReceptiveFieldView, EveryStepShadesExactlyTheDependenceSet) {
  // Convolution, max pooling, convolution with padding (tests/stack_test.cc's).
  ExpectEveryStepShadesItsDependence(
      "input: {size: 7}\n"
      "layers:\n"
      "  - {operation: convolution, kernel: {size: 3, out_channels: 2}}\n"
      "  - {operation: max_pooling, kernel: {size: 2}, stride: 2}\n"
      "  - {operation: convolution, kernel: {size: 2}, padding: 1}\n");
  // Strides, asymmetric padding, dilation, a transposed layer, ceil_mode pooling.
  ExpectEveryStepShadesItsDependence(
      "input: {size: [9, 8]}\n"
      "layers:\n"
      "  - {operation: convolution, kernel: {size: [3, 2]}, stride: [2, 1], padding: [1, 0, 0, "
      "1]}\n"
      "  - {operation: transposed_convolution, kernel: {size: 3}, stride: 2, padding: 1}\n"
      "  - {operation: average_pooling, kernel: {size: 2}, stride: 2, ceil_mode: true}\n"
      "  - {operation: convolution, kernel: {size: 2}, dilation: 2, padding: 1}\n");
  // A scene of one operation takes the view too: one layer above the input.
  ExpectEveryStepShadesItsDependence(
      "operation: convolution\n"
      "view: receptive_field\n"
      "input: {size: 7}\n"
      "kernel: {size: 3}\n"
      "stride: 2\n"
      "dilation: 2\n"
      "padding: 2\n");
}

TEST(ReceptiveFieldView, FocusDrawsOneCellAsAStill) {
  const std::string stack =
      "input: {size: 7}\n"
      "layers:\n"
      "  - {operation: convolution, kernel: {size: 3}, stride: 2}\n"
      "  - {operation: convolution, kernel: {size: 2}, padding: 1}\n";
  const Scene scene = Load("focus: [3, 0]\n" + stack);
  EXPECT_EQ(scene.focus, (Pair{3, 0}));
  Schedule schedule;
  const Animation animation = Build(scene, &schedule);
  ASSERT_EQ(animation.step_count, 1);
  std::vector<Cells> want, want_padding, got, got_padding;
  Dependence(scene, 3, 0, &want, &want_padding);
  Shaded(animation, 0, 3, &got, &got_padding);
  EXPECT_EQ(got, want);
  // Output (3, 0) of the 4x4 output: layer 1 rows 2, 3 (row 3 is padding), columns -1, 0.
  EXPECT_EQ(got[1], (Cells{{2, 0}}));
  EXPECT_EQ(got[0].size(), 9u);  // input rows 4-6, columns 0-2
  EXPECT_TRUE(got[0].count({6, 2}));
  // Outside the output, or with another view: refused at the key.
  Scene refused;
  Status status = ParseScene("focus: [4, 0]\n" + stack, "s.yaml", &refused);
  EXPECT_EQ(status.ToString(),
            "s.yaml:1:8: error: focus [4, 0] is outside the last layer's output of 4x4 cells "
            "(rows and columns count from 0)");
  status = ParseScene(
      "operation: convolution\nview: numerical\nfocus: 1\ninput: {size: 4}\nkernel: {size: 3}\n",
      "s.yaml", &refused);
  EXPECT_EQ(status.ToString(),
            "s.yaml:3:1: error: 'focus' applies to view 'receptive_field' only, not 'numerical'");
}

TEST(ReceptiveFieldView, EveryFormatRenders) {
  const std::string dir = testing::MakeTempDir();
  const std::string scene =
      std::string(CONVANIM_SOURCE_DIR) + "/scenes/examples/stack_convolution_pooling.yaml";
  for (const std::string ext : {"png", "gif", "mp4", "svg", "html", "json", "pdf"}) {
    const std::string out = dir + "/rf." + ext;
    const testing::RunResult run = testing::RunConvanim({"render", scene, "-o", out});
    EXPECT_EQ(run.exit_code, 0) << ext << ": " << run.err;
    std::error_code error;
    EXPECT_GT(std::filesystem::file_size(out, error), 1000u) << ext;
  }
}

TEST(ReceptiveFieldView, FiguresDrawAStackInLayoutsStepsAndViewsOnly) {
  const std::string dir = testing::MakeTempDir();
  testing::WriteFile(dir + "/s.yaml",
                     "input: {size: 6}\n"
                     "layers:\n"
                     "  - {operation: convolution, kernel: {size: 3, out_channels: 2}}\n"
                     "  - {operation: convolution, kernel: {size: 3, out_channels: 3}}\n");
  const std::string head = "figure: \"x\"\ncaption: \"c\"\n";
  // Steps: the view's steps (the last layer's 2x2 cells), not its 3 channels' 12.
  testing::WriteFile(dir + "/steps.yaml", head + "layout: steps\nscene: s.yaml\nsteps: [3]\n");
  EXPECT_EQ(testing::RunConvanim({"check", dir + "/steps.yaml"}).exit_code, 0);
  testing::WriteFile(dir + "/past.yaml", head + "layout: steps\nscene: s.yaml\nsteps: [4]\n");
  testing::RunResult run = testing::RunConvanim({"check", dir + "/past.yaml"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("step 4 is past the last step of 's.yaml' (it has 4 steps"),
            std::string::npos)
      << run.err;
  testing::WriteFile(dir + "/two.yaml",
                     head + "layout: views\npanels:\n  - scene: s.yaml\n  - scene: s.yaml\n");
  EXPECT_EQ(testing::RunConvanim({"render", dir + "/two.yaml", "-o", dir + "/two.png"}).exit_code,
            0);
  testing::WriteFile(dir + "/channels.yaml", head + "layout: channels\nscene: s.yaml\n");
  run = testing::RunConvanim({"check", dir + "/channels.yaml"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("channels.yaml:4:8: error: layout 'channels' draws a scene of one "
                         "operation; 's.yaml' is a stack of layers"),
            std::string::npos)
      << run.err;
}

TEST(ReceptiveFieldView, TooBigAStackIsRefusedNotDrawn) {
  // Eight layers over 64x64: the grids one above the other pass 8192 px.
  std::string text = "input: {size: 64}\nlayers:\n";
  for (int l = 0; l < 8; ++l) text += "  - {operation: max_pooling, kernel: {size: 1}}\n";
  const std::string dir = testing::MakeTempDir();
  const std::string path = dir + "/big.yaml";
  testing::WriteFile(path, text);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"check", path},
        std::vector<std::string>{"render", path, "-o", dir + "/big.png"}}) {
    const testing::RunResult run = testing::RunConvanim(args);
    EXPECT_EQ(run.exit_code, 2) << args[0];
    EXPECT_NE(run.err.find(path + ":1:8: error: the picture would be"), std::string::npos)
        << run.err;
  }
  // Seven: the picture fits, but 4096 frames of 800x7349 px are too many for an MP4 (a
  // GIF costs what its steps change: about 33 s, docs/performance.md): check says so.
  text = "input: {size: 64}\nlayers:\n";
  for (int l = 0; l < 7; ++l) text += "  - {operation: max_pooling, kernel: {size: 1}}\n";
  testing::WriteFile(path, text);
  const testing::RunResult run = testing::RunConvanim({"check", path});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("error: mp4: 4096 frames"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("(within the limits: gif, png, pdf, json)"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace convanim
