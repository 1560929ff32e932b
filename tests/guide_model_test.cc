// The guide preset (`style: {preset: guide}`): the layout's geometry (the oblique and
// flat views, frame sizes against the original GIFs, automatic and explicit cells) and
// the shapes GuideModel builds for each step, checked against the core's schedule: the
// window over exactly the tapped cells, the current output cell, the connectors' end
// points, dilation gaps, inserted zeros, and the numbers written in numerical scenes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "core/numerics.h"
#include "core/scene_loader.h"
#include "renderer/fonts.h"
#include "renderer/layout.h"
#include "renderer/model.h"
#include "renderer/numbers.h"
#include "renderer/scene_model.h"
#include "tests/support/models.h"
#include "tests/support/paths.h"
#include "tests/support/tensors.h"

namespace convanim {
namespace {

namespace fs = std::filesystem;
using testing::BuildSceneFile;
using testing::BuildSceneText;
using testing::BuiltScene;
using testing::Cells;
using testing::MustFind;
using testing::PolygonContains;
using testing::ShapesWithRole;

std::string GuideScene(const std::string& name) { return "scenes/guide/" + name + ".yaml"; }

// The layout the guide model of `built` used (same cell size and fonts).
FrameLayout LayoutOf(const BuiltScene& built) {
  return GuideLayout(built.scene(), built.schedule(), built.scene().style.cell_size,
                     built.animation.fonts.get());
}

int LayerIndex(const Animation& animation, const std::string& name) {
  for (std::size_t l = 0; l < animation.layers.size(); ++l) {
    if (animation.layers[l].name == name) return static_cast<int>(l);
  }
  ADD_FAILURE() << "no layer \"" << name << "\"";
  return -1;
}

// The per-step shapes of step n in layer `name`.
std::vector<Shape> StepLayer(const Animation& animation, int64_t n, const std::string& name) {
  const int index = LayerIndex(animation, name);
  if (index < 0) return {};
  StepShapes step = animation.Step(n);
  return step.layers.at(static_cast<std::size_t>(index));
}

// The canvas cells whose centre the filled polygon covers.
Cells CoveredCanvasCells(const Shape& polygon, const FrameLayout& layout, const Canvas& canvas) {
  Cells cells;
  for (int r = 0; r < canvas.rows.length; ++r) {
    for (int c = 0; c < canvas.cols.length; ++c) {
      if (PolygonContains(polygon, layout.CanvasCellCentre(r, c))) cells.insert({r, c});
    }
  }
  return cells;
}

// The canvas cells the step's taps of its first input channel land on.
Cells TappedCells(const Step& step, const Canvas& canvas) {
  Cells cells;
  for (const Tap& tap : step.taps) {
    if (tap.in_channel != step.taps.front().in_channel) continue;
    if (tap.canvas_row < 0 || tap.canvas_col < 0 || tap.canvas_row >= canvas.rows.length ||
        tap.canvas_col >= canvas.cols.length) {
      continue;
    }
    cells.insert({tap.canvas_row, tap.canvas_col});
  }
  return cells;
}

std::string CellsText(const Cells& cells) {
  std::string text;
  for (const auto& [r, c] : cells) text += "(" + std::to_string(r) + "," + std::to_string(c) + ")";
  return text;
}

void ExpectSamePoint(Point got, Point want, const std::string& what) {
  EXPECT_DOUBLE_EQ(got.x, want.x) << what;
  EXPECT_DOUBLE_EQ(got.y, want.y) << what;
}

// The guide's numerical convolution (its Figure 1.1) with a style line of our own.
std::string GuideNumericalYaml(const std::string& operation_and_parameters,
                               const std::string& style = "{preset: guide}") {
  std::string input = "[";
  for (std::size_t r = 0; r < testing::kGuideInput.size(); ++r) {
    input += r ? ", [" : "[";
    for (std::size_t c = 0; c < testing::kGuideInput[r].size(); ++c) {
      input += (c ? ", " : "") + FormatCompact(testing::kGuideInput[r][c]);
    }
    input += "]";
  }
  input += "]";
  return operation_and_parameters + "\nview: numerical\ninput: {size: 5, values: " + input +
         "}\nstyle: " + style + "\n";
}

// ---------------------------------------------------------------------------------
// The layout: the guide's geometry.

LayoutSpec Spec(View view, Pair canvas, Pair output) {
  LayoutSpec spec;
  spec.view = view;
  spec.canvas = canvas;
  spec.output = output;
  return spec;
}

TEST(GuideLayout, ArithmeticViewIsTheGuidesObliqueProjection) {
  const FrameLayout layout = FrameLayout::Compute(Spec(View::kArithmetic, {7, 7}, {3, 3}));
  const double cell = layout.cell_size();
  EXPECT_EQ(cell, FrameLayout::kDefaultObliqueCellSize);
  EXPECT_EQ(cell, 30.0);
  const Point origin = layout.CanvasPoint(0, 0);
  const Point right = layout.CanvasPoint(0, 1);
  const Point down = layout.CanvasPoint(1, 0);
  EXPECT_NEAR(right.x - origin.x, cell, 1e-9);  // a column step: right and up
  EXPECT_NEAR(right.y - origin.y, -0.5 * cell, 1e-9);
  EXPECT_NEAR(down.x - origin.x, 0.7 * cell, 1e-9);  // a row step: right and down
  EXPECT_NEAR(down.y - origin.y, 0.65 * cell, 1e-9);
  // The output map has the same projection and floats canvas rows + 1 cells higher.
  const Point out = layout.OutputPoint(3, 0);
  const Point in = layout.CanvasPoint(7, 0);
  EXPECT_NEAR(in.y - out.y, 8 * cell, 1e-9);
  EXPECT_NEAR(layout.OutputPoint(0, 1).x - layout.OutputPoint(0, 0).x, cell, 1e-9);
  EXPECT_NEAR(layout.OutputPoint(1, 0).y - layout.OutputPoint(0, 0).y, 0.65 * cell, 1e-9);
  // A cell is the parallelogram of its four corners, centred between them.
  const CellShape shape = layout.CanvasCell(2, 3);
  ExpectSamePoint(shape.corners[0], layout.CanvasPoint(2, 3), "corner 0");
  ExpectSamePoint(shape.corners[2], layout.CanvasPoint(3, 4), "corner 2");
  const Point centre = layout.CanvasCellCentre(2, 3), middle = layout.CanvasPoint(2.5, 3.5);
  EXPECT_NEAR(centre.x, middle.x, 1e-9);
  EXPECT_NEAR(centre.y, middle.y, 1e-9);
  // Everything lies inside the picture.
  for (Point p : {layout.CanvasPoint(0, 0), layout.CanvasPoint(0, 7), layout.CanvasPoint(7, 7),
                  layout.CanvasPoint(7, 0), layout.OutputPoint(0, 0), layout.OutputPoint(0, 3),
                  layout.OutputPoint(3, 3), layout.OutputPoint(3, 0)}) {
    EXPECT_GT(p.x, 0.0);
    EXPECT_GT(p.y, 0.0);
    EXPECT_LT(p.x, layout.width());
    EXPECT_LT(p.y, layout.height());
  }
}

TEST(GuideLayout, NumericalViewIsFlatOnWholePixels) {
  LayoutSpec spec = Spec(View::kNumerical, {7, 7}, {3, 3});
  const FrameLayout layout = FrameLayout::Compute(spec);
  const double cell = layout.cell_size();
  EXPECT_EQ(cell, FrameLayout::kDefaultCellSize);
  EXPECT_TRUE(layout.pixel_aligned());
  EXPECT_EQ(layout.grid_line_width(), std::round(layout.grid_line_width()));
  for (int r = 0; r <= 7; ++r) {
    for (int c = 0; c <= 7; ++c) {
      const Point p = layout.CanvasPoint(r, c);
      EXPECT_EQ(p.x, std::round(p.x)) << r << "," << c;
      EXPECT_EQ(p.y, std::round(p.y)) << r << "," << c;
    }
  }
  const CellShape first = layout.CanvasCell(0, 0);
  EXPECT_EQ(first.corners[2].x - first.corners[0].x, cell);
  EXPECT_EQ(first.corners[2].y - first.corners[0].y, cell);
  EXPECT_EQ(first.corners[1].y, first.corners[0].y);  // flat: no slant
  // The output starts one free cell right of the canvas, raised as the guide does:
  // (7 - 3) / 2 = 2 cells from the bottom, so 2 from the top.
  EXPECT_EQ(layout.OutputPoint(0, 0).x, layout.CanvasPoint(0, 8).x);
  EXPECT_EQ(layout.OutputPoint(0, 0).y, layout.CanvasPoint(2, 0).y);
  // 5 vs 3: one cell below, one above.
  spec.canvas = {5, 5};
  const FrameLayout guide = FrameLayout::Compute(spec);
  EXPECT_EQ(guide.OutputPoint(0, 0).y, guide.CanvasPoint(1, 0).y);
  EXPECT_EQ(guide.OutputPoint(3, 0).y, guide.CanvasPoint(4, 0).y);
  EXPECT_EQ(guide.width(), std::round(guide.width()));
  EXPECT_EQ(guide.height(), std::round(guide.height()));
}

TEST(GuideLayout, GuideFramesAreAtLeastTheOriginalsPixelSize) {
  // Every scene of scenes/guide/ against its original animation in
  // ../shared/reference/gif/: at least the original's pixel size, not wildly larger.
  int compared = 0;
  for (const auto& entry : fs::directory_iterator(testing::SourcePath("scenes/guide"))) {
    if (entry.path().extension() != ".yaml") continue;
    const std::string name = entry.path().stem().string();
    const std::string gif = testing::SourcePath("../shared/reference/gif/" + name + ".gif");
    ASSERT_TRUE(fs::exists(gif)) << gif;
    const auto [gif_width, gif_height] = testing::GifSize(gif);
    ASSERT_GT(gif_width, 0) << gif;
    const auto built = BuildSceneFile(entry.path().string());
    ASSERT_NE(built, nullptr);
    ASSERT_EQ(built->scene().style.preset, Preset::kGuide) << name;
    const Animation& animation = built->animation;
    EXPECT_GE(animation.width, gif_width) << name;
    EXPECT_GE(animation.height, gif_height) << name;
    EXPECT_LE(animation.width, 1.4 * gif_width) << name;
    EXPECT_LE(animation.height, 1.4 * gif_height) << name;
    EXPECT_EQ(animation.width, std::round(animation.width)) << name;
    EXPECT_EQ(animation.height, std::round(animation.height)) << name;
    // The model's picture is the layout's.
    const FrameLayout layout = LayoutOf(*built);
    EXPECT_EQ(animation.width, layout.width()) << name;
    EXPECT_EQ(animation.height, layout.height()) << name;
    EXPECT_EQ(animation.cell_size, layout.cell_size()) << name;
    ++compared;
  }
  EXPECT_EQ(compared, 19);
}

TEST(GuideLayout, BigGridsShrinkToAReasonableFrame) {
  for (const char* view : {"arithmetic", "numerical"}) {
    const auto built = BuildSceneText(
        std::string("operation: convolution\nview: ") + view +
        "\ninput: {size: 40, seed: 1}\nkernel: {size: 3, seed: 2}\nstyle: {preset: guide}\n");
    ASSERT_NE(built, nullptr);
    const FrameLayout layout = LayoutOf(*built);
    const double extent = std::max(layout.width(), layout.height());
    EXPECT_LE(extent, LayoutSpec{}.max_extent) << view;
    EXPECT_GE(extent, 0.8 * LayoutSpec{}.max_extent) << view;
    EXPECT_LT(layout.cell_size(), FrameLayout::kDefaultObliqueCellSize) << view;
    EXPECT_GE(layout.cell_size(), 15.0) << view;
    EXPECT_EQ(layout.cell_size(), std::round(layout.cell_size())) << view;
    EXPECT_EQ(built->animation.cell_size, layout.cell_size()) << view;
  }
  // Tiny cells: text is dropped rather than drawn unreadably small.
  LayoutSpec spec = Spec(View::kNumerical, {400, 400}, {398, 398});
  const FrameLayout tiny = FrameLayout::Compute(spec);
  EXPECT_LE(tiny.cell_size(), 4.0);
  EXPECT_EQ(tiny.value_font_size(), 0.0);
  EXPECT_EQ(tiny.weight_font_size(), 0.0);
  EXPECT_EQ(tiny.output_font_size(), 0.0);
  // Guide-sized cells keep all text.
  spec.canvas = {5, 5};
  spec.output = {3, 3};
  const FrameLayout guide = FrameLayout::Compute(spec);
  EXPECT_GT(guide.value_font_size(), guide.weight_font_size());
  EXPECT_GE(guide.weight_font_size(), FrameLayout::kMinReadableFont);
}

TEST(GuideLayout, BigNumericalScenesDropTheTextTheyCannotShow) {
  // 100 x 100 cells shrink below readable text: the model then writes no numbers.
  const auto built = BuildSceneText(
      "operation: convolution\nview: numerical\ninput: {size: 100, seed: 1}\n"
      "kernel: {size: 3, seed: 2}\nstyle: {preset: guide}\n");
  ASSERT_NE(built, nullptr);
  const FrameLayout layout = LayoutOf(*built);
  ASSERT_EQ(layout.value_font_size(), 0.0);
  const std::vector<Shape> shapes = FlattenStep(built->animation, 0);
  EXPECT_TRUE(ShapesWithRole(shapes, Role::kValue).empty());
  EXPECT_TRUE(ShapesWithRole(shapes, Role::kOutputValue).empty());
  EXPECT_TRUE(ShapesWithRole(shapes, Role::kWeight).empty());
  EXPECT_FALSE(ShapesWithRole(shapes, Role::kWindow).empty());  // the window still is
}

TEST(GuideLayout, ExplicitCellSizeIsHonouredAndNonSquareGridsKeepTheirShape) {
  LayoutSpec spec = Spec(View::kNumerical, {4, 9}, {2, 4});
  spec.cell_size = 20.0;
  const FrameLayout layout = FrameLayout::Compute(spec);
  EXPECT_EQ(layout.cell_size(), 20.0);
  EXPECT_EQ(layout.CanvasPoint(0, 9).x - layout.CanvasPoint(0, 0).x, 180.0);
  EXPECT_EQ(layout.CanvasPoint(4, 0).y - layout.CanvasPoint(0, 0).y, 80.0);
  EXPECT_EQ(layout.OutputPoint(0, 4).x - layout.OutputPoint(0, 0).x, 80.0);
  EXPECT_GT(layout.width(), (9 + 1 + 4) * 20.0);
  EXPECT_LT(layout.height(), layout.width());
  spec.cell_size = 10.0;
  EXPECT_LT(FrameLayout::Compute(spec).width(), layout.width());
  // An explicit size is not shrunk to fit, even past the automatic limit.
  LayoutSpec big = Spec(View::kArithmetic, {60, 60}, {58, 58});
  big.cell_size = 30.0;
  const FrameLayout kept = FrameLayout::Compute(big);
  EXPECT_EQ(kept.cell_size(), 30.0);
  EXPECT_GT(kept.width(), big.max_extent);
}

TEST(GuideLayout, CellSizeOptionOverridesTheStyle) {
  const std::string yaml =
      "operation: convolution\ninput: {size: 5, seed: 1}\nkernel: {size: 3, seed: 2}\n"
      "stride: 2\npadding: 1\nstyle: {preset: guide, cell_size: 20}\n";
  const auto from_style = BuildSceneText(yaml);
  ASSERT_NE(from_style, nullptr);
  EXPECT_EQ(from_style->animation.cell_size, 20.0);
  SceneModelOptions options;
  options.cell_size = 50;
  const auto from_options = BuildSceneText(yaml, options);
  ASSERT_NE(from_options, nullptr);
  EXPECT_EQ(from_options->animation.cell_size, 50.0);
  EXPECT_GT(from_options->animation.width, 2.0 * from_style->animation.width);
  // The shapes follow: the canvas sheet's corner (0, 7) is 7 cells right of (0, 0).
  const Shape& cells = MustFind(from_options->animation.layers[0].shapes, "input/sheet/0/cells");
  Box box;
  for (const Point& p : cells.points) box.Add(p);
  EXPECT_NEAR(box.width(), (5 + 0.7 * 5) * 50.0, 1e-6);  // 5 columns and 5 slanted rows
}

TEST(GuideLayout, StacksAndLabelsGetRoom) {
  const LayoutSpec single = Spec(View::kNumerical, {5, 5}, {3, 3});
  LayoutSpec stacked = single;
  stacked.input_layers = 3;
  stacked.output_layers = 9;  // clamped to the maximum
  stacked.input_label = InputStackLabel(0, 3, 3);
  stacked.output_label = OutputStackLabel(8, 9);
  const FrameLayout a = FrameLayout::Compute(single);
  const FrameLayout b = FrameLayout::Compute(stacked);
  EXPECT_EQ(b.output_layers(), FrameLayout::kMaxStackLayers);
  EXPECT_GT(b.width(), a.width());
  EXPECT_GT(b.height(), a.height());
  // Copies sit behind the front map, down and to the left, inside the picture.
  const Point front = b.CanvasPoint(0, 0, 0), back = b.CanvasPoint(0, 0, 2);
  EXPECT_LT(back.x, front.x);
  EXPECT_GT(back.y, front.y);
  EXPECT_GT(back.x, 0.0);
  EXPECT_GT(b.input_label_centre().y, b.CanvasPoint(5, 0, 2).y);
  EXPECT_LT(b.output_label_centre().y, b.height());
  EXPECT_EQ(InputStackLabel(0, 1, 3), "input channel 1 of 3");
  EXPECT_EQ(InputStackLabel(2, 2, 4),
            "input channels 3\xE2\x80\x93"
            "4 of 4");
  EXPECT_EQ(OutputStackLabel(1, 3), "output channel 2 of 3");
}

// ---------------------------------------------------------------------------------
// The model: layers and per-step shapes.

TEST(GuideModel, LayersAreSharedSheetsAndPerStepWindowConnectorsAndCurrentCell) {
  const auto built = BuildSceneFile(GuideScene("padding_strides"));
  ASSERT_NE(built, nullptr);
  const Animation& animation = built->animation;
  ASSERT_EQ(animation.layers.size(), 6u);
  const std::vector<std::pair<std::string, bool>> expected = {
      {layers::kInput, false},  {layers::kWindow, true},  {layers::kConnectors, true},
      {layers::kOutput, false}, {layers::kCurrent, true}, {layers::kLabels, false}};
  for (std::size_t l = 0; l < expected.size(); ++l) {
    EXPECT_EQ(animation.layers[l].name, expected[l].first);
    EXPECT_EQ(animation.layers[l].per_step, expected[l].second) << expected[l].first;
  }
  EXPECT_EQ(animation.step_count, 9);
  EXPECT_EQ(animation.step_count, built->schedule().step_count());
  EXPECT_EQ(animation.still_step, 4);
  EXPECT_NE(animation.steps, nullptr);
  EXPECT_EQ(animation.title, built->scene().caption);
  EXPECT_FALSE(animation.description.empty());
  // The background covers the picture, first of all.
  const Shape& background = animation.layers[0].shapes.front();
  EXPECT_EQ(background.role, Role::kBackground);
  EXPECT_EQ(background.kind, ShapeKind::kRect);
  EXPECT_EQ(background.x, 0.0);
  EXPECT_EQ(background.y, 0.0);
  EXPECT_EQ(background.width, animation.width);
  EXPECT_EQ(background.height, animation.height);
  // Shared layers hold no per-step shapes and the other way round.
  const StepShapes step = animation.Step(3);
  EXPECT_EQ(step.index, 3);
  EXPECT_FALSE(step.description.empty());
  ASSERT_EQ(step.layers.size(), 6u);
  for (std::size_t l = 0; l < 6; ++l) {
    EXPECT_EQ(step.layers[l].empty(), !animation.layers[l].per_step) << l;
    if (animation.layers[l].per_step) {
      EXPECT_TRUE(animation.layers[l].shapes.empty()) << l;
    }
  }
  // Ids are unique within a step's picture.
  std::set<std::string> ids;
  for (const Shape& shape : FlattenStep(animation, 3)) {
    EXPECT_TRUE(ids.insert(shape.id).second) << shape.id;
  }
}

TEST(GuideModel, EachStepsWindowCoversExactlyTheTappedCells) {
  for (const char* name : {"padding_strides", "no_padding_strides", "full_padding_no_strides",
                           "arbitrary_padding_no_strides", "padding_strides_odd", "dilation",
                           "padding_strides_transposed", "padding_strides_odd_transposed",
                           "numerical_padding_strides", "numerical_max_pooling"}) {
    const auto built = BuildSceneFile(GuideScene(name));
    ASSERT_NE(built, nullptr);
    const FrameLayout layout = LayoutOf(*built);
    const Canvas& canvas = built->schedule().canvas();
    for (int64_t n = 0; n < built->animation.step_count; ++n) {
      const Step step = built->schedule().StepAt(n);
      const std::vector<Shape> window = StepLayer(built->animation, n, layers::kWindow);
      const Shape& shade = MustFind(window, "window");
      EXPECT_EQ(shade.role, Role::kWindow);
      EXPECT_EQ(shade.kind, ShapeKind::kPolygon);
      const Cells covered = CoveredCanvasCells(shade, layout, canvas);
      const Cells tapped = TappedCells(step, canvas);
      EXPECT_FALSE(tapped.empty());
      EXPECT_EQ(covered, tapped) << name << " step " << n << ": shaded " << CellsText(covered)
                                 << ", tapped " << CellsText(tapped);
      // The window's grid spans the cells from its origin over its extent.
      const Shape& grid = MustFind(window, "window/grid");
      EXPECT_EQ(grid.role, Role::kGrid);
      Box lines;
      for (const Point& p : grid.points) lines.Add(p);
      Box cells;
      const int r0 = std::max(0, step.window_origin[0]), c0 = std::max(0, step.window_origin[1]);
      const int r1 = std::min(canvas.rows.length, step.window_origin[0] + step.window_extent[0]);
      const int c1 = std::min(canvas.cols.length, step.window_origin[1] + step.window_extent[1]);
      for (const Point& p : {layout.CanvasPoint(r0, c0), layout.CanvasPoint(r0, c1),
                             layout.CanvasPoint(r1, c1), layout.CanvasPoint(r1, c0)}) {
        cells.Add(p);
      }
      // Numerical grids sit half a pixel off the corners when their lines are odd.
      const double slack = layout.pixel_aligned() ? 0.5 : 1e-9;
      EXPECT_NEAR(lines.x0, cells.x0, slack) << name << " step " << n;
      EXPECT_NEAR(lines.y0, cells.y0, slack) << name << " step " << n;
      EXPECT_NEAR(lines.x1, cells.x1, slack) << name << " step " << n;
      EXPECT_NEAR(lines.y1, cells.y1, slack) << name << " step " << n;
    }
  }
}

TEST(GuideModel, EachStepShadesItsOwnOutputCell) {
  for (const char* name :
       {"padding_strides", "numerical_padding_strides", "padding_strides_odd_transposed"}) {
    const auto built = BuildSceneFile(GuideScene(name));
    ASSERT_NE(built, nullptr);
    const FrameLayout layout = LayoutOf(*built);
    for (int64_t n = 0; n < built->animation.step_count; ++n) {
      const Step step = built->schedule().StepAt(n);
      const std::vector<Shape> shapes = FlattenStep(built->animation, n);
      const std::vector<const Shape*> current = ShapesWithRole(shapes, Role::kCurrentOutput);
      ASSERT_EQ(current.size(), 1u) << name << " step " << n;
      EXPECT_EQ(current[0]->id, "current");
      EXPECT_EQ(current[0]->kind, ShapeKind::kPolygon);
      const CellShape cell = layout.OutputCell(step.out_row, step.out_col);
      ASSERT_EQ(current[0]->points.size(), 4u);
      for (int k = 0; k < 4; ++k) {
        ExpectSamePoint(
            current[0]->points[static_cast<std::size_t>(k)],
            cell.corners[static_cast<std::size_t>(k)],
            std::string(name) + " step " + std::to_string(n) + " corner " + std::to_string(k));
      }
    }
  }
}

TEST(GuideModel, ConnectorsRunFromTheWindowsCornersToTheOutputCellsCorners) {
  for (const char* name : {"padding_strides", "dilation", "no_padding_no_strides_transposed"}) {
    const auto built = BuildSceneFile(GuideScene(name));
    ASSERT_NE(built, nullptr);
    const FrameLayout layout = LayoutOf(*built);
    for (int64_t n = 0; n < built->animation.step_count; ++n) {
      const Step step = built->schedule().StepAt(n);
      const std::vector<Shape> layer = StepLayer(built->animation, n, layers::kConnectors);
      ASSERT_EQ(layer.size(), 1u);
      const Shape& lines = layer[0];
      EXPECT_EQ(lines.id, "connectors");
      EXPECT_EQ(lines.role, Role::kConnector);
      EXPECT_EQ(lines.kind, ShapeKind::kLine);
      ASSERT_EQ(lines.points.size(), 8u);
      EXPECT_EQ(lines.breaks, (std::vector<uint32_t>{2, 4, 6}));  // four separate lines
      const double r0 = step.window_origin[0], c0 = step.window_origin[1];
      const double r1 = r0 + step.window_extent[0], c1 = c0 + step.window_extent[1];
      const double orow = step.out_row, ocol = step.out_col;
      const std::vector<Point> want = {
          layout.CanvasPoint(r0, c0), layout.OutputPoint(orow, ocol),
          layout.CanvasPoint(r0, c1), layout.OutputPoint(orow, ocol + 1),
          layout.CanvasPoint(r1, c1), layout.OutputPoint(orow + 1, ocol + 1),
          layout.CanvasPoint(r1, c0), layout.OutputPoint(orow + 1, ocol)};
      for (std::size_t k = 0; k < want.size(); ++k) {
        ExpectSamePoint(
            lines.points[k], want[k],
            std::string(name) + " step " + std::to_string(n) + " point " + std::to_string(k));
      }
      EXPECT_GE(lines.stroke.width, 1.0);
    }
  }
  // The numerical view has no connectors, as the guide's flat figures.
  const auto numerical = BuildSceneFile(GuideScene("numerical_no_padding_no_strides"));
  ASSERT_NE(numerical, nullptr);
  EXPECT_TRUE(StepLayer(numerical->animation, 0, layers::kConnectors).empty());
}

TEST(GuideModel, DilatedKernelShadesOnlyTheCellsItTaps) {
  const auto built = BuildSceneFile(GuideScene("dilation"));
  ASSERT_NE(built, nullptr);
  const FrameLayout layout = LayoutOf(*built);
  const Step step = built->schedule().StepAt(0);
  ASSERT_EQ(step.window_extent, (Pair{5, 5}));
  ASSERT_EQ(step.tap_spacing, (Pair{2, 2}));
  const std::vector<Shape> window = StepLayer(built->animation, 0, layers::kWindow);
  const Shape& shade = MustFind(window, "window");
  Cells want;
  for (int r : {0, 2, 4}) {
    for (int c : {0, 2, 4}) want.insert({r, c});
  }
  EXPECT_EQ(CoveredCanvasCells(shade, layout, built->schedule().canvas()), want);
  // The gaps between taps are not shaded, anywhere inside them.
  for (const auto& [r, c] : std::vector<std::pair<int, int>>{{1, 1}, {0, 1}, {3, 4}}) {
    const CellShape cell = layout.CanvasCell(r, c);
    for (const Point& corner : cell.corners) {
      const Point centre = cell.Centre();
      const Point inside{centre.x + 0.8 * (corner.x - centre.x),
                         centre.y + 0.8 * (corner.y - centre.y)};
      EXPECT_FALSE(PolygonContains(shade, inside)) << r << "," << c;
    }
  }
  // Step 8 (the last): the window in the bottom-right corner, still only the taps.
  const Step last = built->schedule().StepAt(8);
  const std::vector<Shape> last_window = StepLayer(built->animation, 8, layers::kWindow);
  const Shape& last_shade = MustFind(last_window, "window");
  EXPECT_EQ(CoveredCanvasCells(last_shade, layout, built->schedule().canvas()),
            TappedCells(last, built->schedule().canvas()));
  EXPECT_EQ(TappedCells(last, built->schedule().canvas()).count({6, 6}), 1u);
  EXPECT_EQ(TappedCells(last, built->schedule().canvas()).count({5, 5}), 0u);
}

TEST(GuideModel, TransposedConvolutionShowsInsertedZerosAsEmptyCells) {
  const auto built = BuildSceneFile(GuideScene("padding_strides_transposed"));
  ASSERT_NE(built, nullptr);
  const FrameLayout layout = LayoutOf(*built);
  const Canvas& canvas = built->schedule().canvas();
  ASSERT_EQ(built->animation.step_count, 25);
  Cells inputs, zeros;
  for (int r = 0; r < canvas.rows.length; ++r) {
    for (int c = 0; c < canvas.cols.length; ++c) {
      if (canvas.KindAt(r, c) == CellKind::kInput) inputs.insert({r, c});
      if (canvas.KindAt(r, c) == CellKind::kInsertedZero) zeros.insert({r, c});
    }
  }
  EXPECT_EQ(inputs.size(), 9u);
  EXPECT_EQ(zeros.size(), 16u);  // 5 x 5 stretched input minus its 9 units
  const std::vector<Shape>& sheet = built->animation.layers[0].shapes;
  const Shape& cells = MustFind(sheet, "input/sheet/0/cells");
  EXPECT_EQ(cells.role, Role::kInputCell);
  EXPECT_EQ(CoveredCanvasCells(cells, layout, canvas), inputs);
  // Empty cells get dashed borders; nothing fills them.
  const Shape& dashed = MustFind(sheet, "input/sheet/0/dashed");
  EXPECT_EQ(dashed.role, Role::kGrid);
  EXPECT_GT(dashed.stroke.dash, 0.0);
  const std::vector<Shape> step24 = FlattenStep(built->animation, 24);
  for (Role role : {Role::kInsertedZero, Role::kPaddingCell, Role::kOutsideCell}) {
    EXPECT_TRUE(ShapesWithRole(step24, role).empty()) << RoleName(role);
  }
  // The solid grid is drawn around each input unit alone, not over the zeros.
  const Shape& grid = MustFind(sheet, "input/sheet/0/grid");
  for (const Point& p : grid.points) {
    bool at_input_corner = false;
    for (const auto& [r, c] : inputs) {
      for (const Point& corner : layout.CanvasCell(r, c).corners) {
        at_input_corner =
            at_input_corner || (std::abs(corner.x - p.x) < 1e-9 && std::abs(corner.y - p.y) < 1e-9);
      }
    }
    EXPECT_TRUE(at_input_corner) << p.x << "," << p.y;
  }
  // The last step's window in the bottom-right corner shades exactly its taps, zeros too.
  const std::vector<Shape> window = StepLayer(built->animation, 24, layers::kWindow);
  const Shape& shade = MustFind(window, "window");
  EXPECT_EQ(CoveredCanvasCells(shade, layout, canvas),
            TappedCells(built->schedule().StepAt(24), canvas));
}

// ---------------------------------------------------------------------------------
// The numerical view's numbers.

// The text shapes of `role` by id (copies: `shapes` may be a temporary).
std::map<std::string, Shape> TextsById(const std::vector<Shape>& shapes, Role role) {
  std::map<std::string, Shape> texts;
  for (const Shape* shape : ShapesWithRole(shapes, role)) {
    EXPECT_EQ(shape->kind, ShapeKind::kText) << shape->id;
    texts[shape->id] = *shape;
  }
  return texts;
}

std::string ValueId(int channel, int row, int col) {
  return "value/" + std::to_string(channel) + "/" + std::to_string(row) + "/" + std::to_string(col);
}

TEST(GuideModel, NumericalGuideSceneWritesTheGuidesNumbers) {
  const auto built = BuildSceneFile(GuideScene("numerical_no_padding_no_strides"));
  ASSERT_NE(built, nullptr);
  const FrameLayout layout = LayoutOf(*built);
  ASSERT_EQ(built->animation.step_count, 9);
  const std::vector<Shape> shapes = FlattenStep(built->animation, 0);

  // Every input cell shows its value, centred, in the layout's value size.
  const auto values = TextsById(shapes, Role::kValue);
  EXPECT_EQ(values.size(), 25u);
  for (int r = 0; r < 5; ++r) {
    for (int c = 0; c < 5; ++c) {
      const auto found = values.find(ValueId(0, r, c));
      ASSERT_NE(found, values.end()) << r << "," << c;
      const Shape& text = found->second;
      EXPECT_EQ(
          text.text,
          FormatCompact(
              testing::kGuideInput[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)]));
      ExpectSamePoint({text.x, text.y}, layout.CanvasPoint(r + 0.5, c + 0.5),
                      "value " + std::to_string(r) + "," + std::to_string(c));
      EXPECT_EQ(text.size, layout.value_font_size());
      EXPECT_EQ(text.anchor, TextAnchor::kMiddle);
      EXPECT_EQ(text.baseline, TextBaseline::kDigitMiddle);
    }
  }
  EXPECT_EQ(values.at(ValueId(0, 0, 0)).text, "3");
  EXPECT_EQ(values.at(ValueId(0, 1, 3)).text, "3");
  EXPECT_EQ(values.at(ValueId(0, 4, 4)).text, "1");

  // The kernel's weights as subscripts in the nine cells under the window, and nowhere else.
  const auto weights = TextsById(shapes, Role::kWeight);
  EXPECT_EQ(weights.size(), 9u);
  for (int kr = 0; kr < 3; ++kr) {
    for (int kc = 0; kc < 3; ++kc) {
      const std::string id = "weight/" + std::to_string(kr) + "/" + std::to_string(kc);
      ASSERT_EQ(weights.count(id), 1u) << id;
      EXPECT_EQ(
          weights.at(id).text,
          FormatCompact(
              testing::kGuideKernel[static_cast<std::size_t>(kr)][static_cast<std::size_t>(kc)]));
      ExpectSamePoint({weights.at(id).x, weights.at(id).y}, layout.CanvasPoint(kr + 0.78, kc + 0.8),
                      id);
      EXPECT_EQ(weights.at(id).size, layout.weight_font_size());
    }
  }
  // Step 4: the window on rows and columns 1-3; the subscripts move with it.
  const auto moved = TextsById(FlattenStep(built->animation, 4), Role::kWeight);
  ASSERT_EQ(moved.count("weight/0/2"), 1u);
  ExpectSamePoint({moved.at("weight/0/2").x, moved.at("weight/0/2").y},
                  layout.CanvasPoint(1.78, 3.8), "weight/0/2 at step 4");
  EXPECT_EQ(moved.at("weight/0/2").text, "2");

  // The output: the guide's [[12, 12, 17], [10, 17, 19], [9, 6, 14]], one decimal.
  const auto outputs = TextsById(shapes, Role::kOutputValue);
  const std::vector<std::vector<std::string>> guide = {
      {"12.0", "12.0", "17.0"}, {"10.0", "17.0", "19.0"}, {"9.0", "6.0", "14.0"}};
  EXPECT_EQ(outputs.size(), 9u);
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) {
      const std::string id = "output_value/0/" + std::to_string(r) + "/" + std::to_string(c);
      ASSERT_EQ(outputs.count(id), 1u) << id;
      EXPECT_EQ(outputs.at(id).text,
                guide[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)]);
      ExpectSamePoint({outputs.at(id).x, outputs.at(id).y}, layout.OutputPoint(r + 0.5, c + 0.5),
                      id);
      EXPECT_EQ(outputs.at(id).link_step, r * 3 + c);
    }
  }
}

TEST(GuideModel, OutputTextsIncludeEveryOutputValueAtTheScenesDecimals) {
  for (const char* name :
       {"numerical_padding_strides", "numerical_average_pooling", "numerical_max_pooling"}) {
    const auto built = BuildSceneFile(GuideScene(name));
    ASSERT_NE(built, nullptr);
    const int decimals = ResolveDecimals(built->scene(), built->schedule().output());
    const Tensor& output = built->schedule().output();
    const Pair size = built->schedule().output_size();
    for (int64_t n : {int64_t{0}, built->animation.step_count - 1}) {
      const auto texts = TextsById(FlattenStep(built->animation, n), Role::kOutputValue);
      EXPECT_EQ(texts.size(), static_cast<std::size_t>(size[0] * size[1])) << name;
      for (int r = 0; r < size[0]; ++r) {
        for (int c = 0; c < size[1]; ++c) {
          const std::string id = "output_value/0/" + std::to_string(r) + "/" + std::to_string(c);
          ASSERT_EQ(texts.count(id), 1u) << name << " " << id;
          EXPECT_EQ(texts.at(id).text, FormatFixed(output.at(0, r, c), decimals))
              << name << " " << id;
        }
      }
    }
  }
}

TEST(GuideModel, PaddingCellsShowZeroOnlyWhenPaddingCounts) {
  // The guide's numerical_padding_strides: a convolution's padding counts, so every
  // padding cell shows its 0.
  const auto conv = BuildSceneFile(GuideScene("numerical_padding_strides"));
  ASSERT_NE(conv, nullptr);
  const Canvas& canvas = conv->schedule().canvas();
  const auto texts = TextsById(FlattenStep(conv->animation, 1), Role::kValue);
  int padding = 0;
  for (int r = 0; r < canvas.rows.length; ++r) {
    for (int c = 0; c < canvas.cols.length; ++c) {
      if (canvas.KindAt(r, c) != CellKind::kPadding) continue;
      ++padding;
      ASSERT_EQ(texts.count(ValueId(0, r, c)), 1u) << r << "," << c;
      EXPECT_EQ(texts.at(ValueId(0, r, c)).text, "0");
    }
  }
  EXPECT_EQ(padding, 7 * 7 - 25);
  EXPECT_EQ(texts.size(), 49u);

  // Average pooling counts padding only with count_include_pad; max pooling never.
  for (const auto& [operation, include, shows_zero] :
       std::vector<std::tuple<std::string, std::string, bool>>{{"average_pooling", "true", true},
                                                               {"average_pooling", "false", false},
                                                               {"max_pooling", "false", false}}) {
    std::string yaml = "operation: " + operation + "\nkernel: {size: 3}\nstride: 2\npadding: 1";
    if (operation == "average_pooling") yaml += "\ncount_include_pad: " + include;
    const auto pooled = BuildSceneText(GuideNumericalYaml(yaml));
    ASSERT_NE(pooled, nullptr);
    ASSERT_EQ(pooled->schedule().padding_counts(), shows_zero) << operation << " " << include;
    const auto pooled_texts = TextsById(FlattenStep(pooled->animation, 0), Role::kValue);
    EXPECT_EQ(pooled_texts.count(ValueId(0, 0, 0)), shows_zero ? 1u : 0u)
        << operation << " " << include;
    EXPECT_EQ(pooled_texts.count(ValueId(0, 6, 3)), shows_zero ? 1u : 0u)
        << operation << " " << include;
    EXPECT_EQ(pooled_texts.size(), shows_zero ? 49u : 25u) << operation << " " << include;
    ASSERT_EQ(pooled_texts.count(ValueId(0, 1, 1)), 1u);  // input (0, 0)
    EXPECT_EQ(pooled_texts.at(ValueId(0, 1, 1)).text, "3");
  }
}

TEST(GuideModel, CellsPastThePaddedInputShowNoZero) {
  // Average pooling k = 3, s = 2, padding 1 at the top and left only, ceil_mode and
  // count_include_pad over 5 x 5: the padded input spans canvas cells 0-5 and the last
  // window (cells 4-6) hangs one cell past it. The padding counts here, so it shows its
  // 0; cell 6 is outside and stays blank.
  const std::string yaml = "kernel: {size: 3}\nstride: 2\npadding: [1, 1, 0, 0]\nceil_mode: true";
  const auto built = BuildSceneText(
      GuideNumericalYaml("operation: average_pooling\ncount_include_pad: true\n" + yaml));
  ASSERT_NE(built, nullptr);
  const Canvas& canvas = built->schedule().canvas();
  ASSERT_EQ(canvas.cols.length, 7);
  ASSERT_EQ(canvas.KindAt(1, 0), CellKind::kPadding);
  ASSERT_EQ(canvas.KindAt(1, 6), CellKind::kOutside);
  ASSERT_EQ(canvas.KindAt(6, 1), CellKind::kOutside);
  const auto texts = TextsById(FlattenStep(built->animation, 1), Role::kValue);
  ASSERT_EQ(texts.count(ValueId(0, 1, 0)), 1u);
  EXPECT_EQ(texts.at(ValueId(0, 1, 0)).text, "0");
  for (int k = 0; k < 7; ++k) {
    EXPECT_EQ(texts.count(ValueId(0, 6, k)), 0u) << "row 6, column " << k;
    EXPECT_EQ(texts.count(ValueId(0, k, 6)), 0u) << "row " << k << ", column 6";
  }
  EXPECT_EQ(texts.size(), 36u);  // the padded input's 6 x 6 cells

  // Max pooling ignores padding: no zeros drawn there either.
  const auto max = BuildSceneText(GuideNumericalYaml("operation: max_pooling\n" + yaml));
  ASSERT_NE(max, nullptr);
  const auto max_texts = TextsById(FlattenStep(max->animation, 1), Role::kValue);
  EXPECT_EQ(max_texts.count(ValueId(0, 1, 0)), 0u);
  EXPECT_EQ(max_texts.size(), 25u);
}

TEST(GuideModel, TransposedNumericalWritesTheInsertedZeros) {
  const auto built = BuildSceneText(
      "operation: transposed_convolution\nview: numerical\ninput: {size: 2, values: [[1, 2], "
      "[3, 4]]}\nkernel: {size: 3, values: [[1, 0, 1], [0, 1, 0], [1, 0, 1]]}\nstride: 2\n"
      "style: {preset: guide}\n");
  ASSERT_NE(built, nullptr);
  const Canvas& canvas = built->schedule().canvas();
  const auto texts = TextsById(FlattenStep(built->animation, 0), Role::kValue);
  int zeros = 0;
  for (int r = 0; r < canvas.rows.length; ++r) {
    for (int c = 0; c < canvas.cols.length; ++c) {
      const CellKind kind = canvas.KindAt(r, c);
      ASSERT_EQ(texts.count(ValueId(0, r, c)), 1u) << r << "," << c;
      if (kind == CellKind::kInsertedZero) {
        ++zeros;
        EXPECT_EQ(texts.at(ValueId(0, r, c)).text, "0");
      }
    }
  }
  EXPECT_EQ(zeros, 3 * 3 - 4);
  EXPECT_EQ(texts.at(ValueId(0, canvas.rows.lead, canvas.cols.lead)).text, "1");
  EXPECT_EQ(texts.at(ValueId(0, canvas.rows.lead + 2, canvas.cols.lead + 2)).text, "4");
}

TEST(GuideModel, PoolingHasNoWeightSubscripts) {
  for (const char* name : {"numerical_max_pooling", "numerical_average_pooling"}) {
    const auto built = BuildSceneFile(GuideScene(name));
    ASSERT_NE(built, nullptr);
    for (int64_t n = 0; n < built->animation.step_count; ++n) {
      const std::vector<Shape> shapes = FlattenStep(built->animation, n);
      EXPECT_TRUE(ShapesWithRole(shapes, Role::kWeight).empty()) << name << " step " << n;
      // The window is still shaded.
      EXPECT_NE(FindShape(StepLayer(built->animation, n, layers::kWindow), "window"), nullptr);
    }
  }
}

TEST(GuideModel, DecimalsChangeTheOutputTextAndNothingElse) {
  const auto one = BuildSceneFile(GuideScene("numerical_average_pooling"));
  SceneModelOptions options;
  options.decimals = 3;
  const auto three = BuildSceneFile(GuideScene("numerical_average_pooling"), options);
  ASSERT_NE(one, nullptr);
  ASSERT_NE(three, nullptr);
  EXPECT_EQ(one->animation.width, three->animation.width);
  // The mean of rows and columns 2-4 is 12 / 9, and (0, 1) is 15 / 9.
  const auto a = TextsById(FlattenStep(one->animation, 0), Role::kOutputValue);
  const auto b = TextsById(FlattenStep(three->animation, 0), Role::kOutputValue);
  EXPECT_EQ(a.at("output_value/0/2/2").text, "1.3");
  EXPECT_EQ(b.at("output_value/0/2/2").text, "1.333");
  EXPECT_EQ(a.at("output_value/0/0/1").text, "1.7");
  EXPECT_EQ(b.at("output_value/0/0/1").text, "1.667");
  // The inputs are written alike.
  const auto inputs_a = TextsById(FlattenStep(one->animation, 0), Role::kValue);
  const auto inputs_b = TextsById(FlattenStep(three->animation, 0), Role::kValue);
  ASSERT_EQ(inputs_a.size(), inputs_b.size());
  for (const auto& [id, shape] : inputs_a) {
    ASSERT_EQ(inputs_b.count(id), 1u) << id;
    EXPECT_EQ(inputs_b.at(id).text, shape.text) << id;
  }
  // And the scene's own style.decimals does the same as the option.
  const auto styled = BuildSceneText(GuideNumericalYaml(
      "operation: average_pooling\nkernel: {size: 3}\nstride: 1", "{preset: guide, decimals: 2}"));
  ASSERT_NE(styled, nullptr);
  EXPECT_EQ(TextsById(FlattenStep(styled->animation, 0), Role::kOutputValue)
                .at("output_value/0/2/2")
                .text,
            "1.33");
}

// ---------------------------------------------------------------------------------
// Channels, labels and title.

TEST(GuideModel, MultiChannelScenesStackSheetsAndLabelTheCurrentChannels) {
  const auto built = BuildSceneFile("scenes/guide/figures/multichannel.yaml");
  ASSERT_NE(built, nullptr);
  const Animation& animation = built->animation;
  ASSERT_EQ(animation.step_count, 27);  // 3 output channels of 3 x 3
  const FrameLayout layout = LayoutOf(*built);
  EXPECT_EQ(layout.input_layers(), 2);
  EXPECT_EQ(layout.output_layers(), 3);
  const std::vector<Shape>& input = animation.layers[0].shapes;
  EXPECT_NE(FindShape(input, "input/sheet/1/cells"), nullptr);
  EXPECT_EQ(FindShape(input, "input/sheet/2/cells"), nullptr);
  EXPECT_NE(FindShape(animation.layers[3].shapes, "output/sheet/2/cells"), nullptr);
  for (int64_t n : {int64_t{0}, int64_t{10}, int64_t{26}}) {
    const Step step = built->schedule().StepAt(n);
    const std::vector<Shape> shapes = FlattenStep(animation, n);
    const auto labels = ShapesWithRole(shapes, Role::kLabel);
    std::set<std::string> texts;
    for (const Shape* label : labels) texts.insert(label->text);
    EXPECT_EQ(texts, (std::set<std::string>{"input channels 1\xE2\x80\x93"
                                            "2 of 2",
                                            OutputStackLabel(step.out_channel, 3)}))
        << "step " << n;
    // The current output cell is on the front sheet wherever the channel is.
    const Shape& current = MustFind(shapes, "current");
    ExpectSamePoint(current.points[0], layout.OutputPoint(step.out_row, step.out_col),
                    "current at step " + std::to_string(n));
  }
}

TEST(GuideModel, NumericalChannelsShowTheFrontInputChannelOfEachGroup) {
  // Four input channels, two groups: output channel 0 reads channels 0-1 (channel 0 in
  // front), output channel 1 reads channels 2-3 (channel 2 in front).
  const auto built = BuildSceneText(
      "operation: convolution\nview: numerical\ninput: {size: 4, channels: 4, seed: 3}\n"
      "kernel: {size: 3, out_channels: 2, seed: 4}\ngroups: 2\nstyle: {preset: guide}\n");
  ASSERT_NE(built, nullptr);
  const Scene& scene = built->scene();
  const int64_t per_channel = 4;  // 2 x 2 outputs
  ASSERT_EQ(built->animation.step_count, 2 * per_channel);
  for (const auto& [step, channel] : std::vector<std::pair<int64_t, int>>{
           {0, 0}, {per_channel - 1, 0}, {per_channel, 2}, {2 * per_channel - 1, 2}}) {
    const auto values = TextsById(FlattenStep(built->animation, step), Role::kValue);
    EXPECT_EQ(values.size(), 16u) << "step " << step;
    for (int r = 0; r < 4; ++r) {
      for (int c = 0; c < 4; ++c) {
        ASSERT_EQ(values.count(ValueId(channel, r, c)), 1u) << "step " << step;
        EXPECT_EQ(values.at(ValueId(channel, r, c)).text,
                  FormatCompact(scene.input.at(channel, r, c)))
            << "step " << step;
      }
    }
    // Only the output channel being computed shows its values.
    const auto outputs = TextsById(FlattenStep(built->animation, step), Role::kOutputValue);
    const int out_channel = static_cast<int>(step / per_channel);
    EXPECT_EQ(outputs.size(), 4u);
    EXPECT_EQ(outputs.count("output_value/" + std::to_string(out_channel) + "/1/1"), 1u);
  }
}

TEST(GuideModel, TitleIsWrittenAndMustBeDrawable) {
  const std::string scene =
      "operation: convolution\ninput: {size: 4, seed: 1}\nkernel: {size: 3, seed: 2}\n"
      "style: {preset: guide, title: ";
  const auto built = BuildSceneText(scene + "\"Stride \xCE\xB1\"}\n");
  ASSERT_NE(built, nullptr);
  const FrameLayout layout = LayoutOf(*built);
  const std::vector<Shape> shapes = FlattenStep(built->animation, 0);
  const Shape& title = MustFind(shapes, "title");
  EXPECT_EQ(title.role, Role::kTitle);
  EXPECT_EQ(title.text, "Stride \xCE\xB1");
  ExpectSamePoint({title.x, title.y}, layout.title_centre(), "title");
  EXPECT_EQ(built->animation.title, "Stride \xCE\xB1");
  // A character no font has is refused, named by its code point.
  Scene parsed;
  ASSERT_TRUE(ParseScene(scene + "\"\xEE\x80\x80\"}\n", "scene.yaml", &parsed).ok());
  Schedule schedule;
  ASSERT_TRUE(Schedule::Build(parsed, &schedule).ok());
  Animation animation;
  const Status status = BuildSceneAnimation(parsed, schedule, SceneModelOptions{}, &animation);
  EXPECT_EQ(status.code(), Status::Code::kInvalidScene);
  EXPECT_NE(status.message().find("U+E000"), std::string::npos) << status.ToString();
  EXPECT_NE(status.message().find("style.title"), std::string::npos) << status.ToString();
}

}  // namespace
}  // namespace convanim
