// Figure files: the loader's errors, and the figure model's layouts read back from its
// shapes (renderer/figure_model.h): step sheets as groups of the scene's own steps,
// kernel positions with their arrows, stride subsampling crossing the dropped outputs,
// channel pathways, captions, the cell size option.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "app/cli_common.h"
#include "app/figure_job.h"
#include "core/figure_spec.h"
#include "renderer/figure_model.h"
#include "renderer/layout.h"
#include "tests/support/models.h"
#include "tests/support/paths.h"
#include "tests/support/run.h"

namespace convanim {
namespace {

namespace fs = std::filesystem;
using testing::MakeTempDir;
using testing::PolygonContains;
using testing::ShapesWithRole;
using testing::SourcePath;

// Writes `text` to dir/name and returns that path.
std::string WriteFile(const std::string& dir, const std::string& name, const std::string& text) {
  const std::string path = dir + "/" + name;
  testing::WriteFile(path, text);
  return path;
}

std::string GuideFigure(const std::string& number) {
  return SourcePath("scenes/guide/figures/figure-" + number + ".yaml");
}

Status ParseText(const std::string& text, FigureSpec* spec) {
  return ParseFigure(text, "fig.yaml", SourcePath("scenes/guide/figures"), spec);
}

// ---------------------------------------------------------------------------------
// The loader.

TEST(FigureLoader, EveryGuideFigureLoadsWithItsNumberAndScenes) {
  const std::string dir = SourcePath("scenes/guide/figures");
  std::set<std::string> numbers;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("figure-", 0) != 0) continue;
    FigureSpec spec;
    const Status status = LoadFigureFile(entry.path().string(), &spec);
    ASSERT_TRUE(status.ok()) << status.ToString();
    EXPECT_EQ(spec.OutputStem() + ".yaml", name);
    EXPECT_FALSE(spec.caption.empty()) << name;
    for (const FigurePanel& panel : spec.panels) {
      EXPECT_TRUE(fs::is_regular_file(panel.scene_path)) << panel.scene_path;
    }
    numbers.insert(spec.figure);
  }
  const std::set<std::string> expected = {"1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.1", "2.2",
                                          "2.3", "2.4", "2.5", "2.6", "2.7", "2.8", "4.1", "4.2",
                                          "4.3", "4.4", "4.5", "4.6", "4.7", "5.1"};
  EXPECT_EQ(numbers, expected);
}

TEST(FigureLoader, ReadsEveryKeyAndResolvesScenePathsAgainstTheFigureFolder) {
  FigureSpec spec;
  const Status status = ParseText(
      "figure: \"9.1\"\ncaption: \"Two steps.\"\nshow_caption: true\nlayout: steps\n"
      "scene: ../padding_strides.yaml\nsteps: [3, 0]\ncolumns: 1\n",
      &spec);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(spec.figure, "9.1");
  EXPECT_EQ(spec.caption, "Two steps.");
  EXPECT_TRUE(spec.show_caption);
  EXPECT_EQ(spec.layout, FigureLayout::kSteps);
  ASSERT_EQ(spec.panels.size(), 1u);
  EXPECT_EQ(fs::weakly_canonical(spec.panels[0].scene_path),
            fs::weakly_canonical(SourcePath("scenes/guide/padding_strides.yaml")));
  EXPECT_EQ(spec.panels[0].scene_written, "../padding_strides.yaml");
  EXPECT_EQ(spec.panels[0].where.line, 5);
  EXPECT_EQ(spec.steps, (std::vector<int64_t>{3, 0}));
  ASSERT_EQ(spec.step_locations.size(), 2u);
  EXPECT_EQ(spec.step_locations[1].line, 6);
  EXPECT_EQ(spec.step_locations[1].column, 12);
  EXPECT_EQ(spec.columns, 1);

  FigureSpec panels;
  const Status panel_status = ParseText(
      "figure: x\nlayout: kernel_positions\npanels:\n  - {scene: ../dilation.yaml, caption: a}\n"
      "  - scene: ../padding_strides.yaml\n",
      &panels);
  ASSERT_TRUE(panel_status.ok()) << panel_status.ToString();
  ASSERT_EQ(panels.panels.size(), 2u);
  EXPECT_EQ(panels.layout, FigureLayout::kKernelPositions);
  EXPECT_EQ(panels.panels[0].caption, "a");
  EXPECT_EQ(panels.panels[1].caption, "");
  EXPECT_EQ(panels.panels[1].where.line, 5);
}

struct BadFigure {
  const char* name;
  const char* text;
  int line;
  int column;
  const char* message_part;
};

class FigureLoaderErrors : public ::testing::TestWithParam<BadFigure> {};

TEST_P(FigureLoaderErrors, RefusedWithPlaceAndReason) {
  const BadFigure& bad = GetParam();
  FigureSpec spec;
  const Status status = ParseText(bad.text, &spec);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), Status::Code::kInvalidScene);
  EXPECT_EQ(status.where().file, "fig.yaml");
  EXPECT_EQ(status.where().line, bad.line) << status.ToString();
  EXPECT_EQ(status.where().column, bad.column) << status.ToString();
  EXPECT_NE(status.message().find(bad.message_part), std::string::npos) << status.ToString();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, FigureLoaderErrors,
    ::testing::Values(
        BadFigure{"UnknownKey", "figure: a\nscene: ../dilation.yaml\ncolums: 3\n", 3, 1,
                  "unknown key 'colums' in the figure, did you mean 'columns'?"},
        BadFigure{"UnknownLayout", "figure: a\nlayout: kernel_position\n", 2, 9,
                  "unknown layout 'kernel_position', did you mean 'kernel_positions'?"},
        BadFigure{
            "UnknownLayoutFarOff", "figure: a\nlayout: movie\n", 2, 9,
            "it must be one of steps, channels, stride_subsampling, kernel_positions or views"},
        BadFigure{"DuplicateKey", "figure: a\nscene: ../dilation.yaml\nfigure: b\n", 3, 1,
                  "duplicate key 'figure' in the figure (first given at line 1, column 1)"},
        BadFigure{"MissingFigure", "scene: ../dilation.yaml\n", 1, 1, "missing key 'figure'"},
        BadFigure{"MissingScene", "figure: a\nlayout: channels\n", 1, 1, "missing key 'scene'"},
        BadFigure{"MissingSceneFile", "figure: a\nscene: ../nowhere.yaml\n", 2, 8,
                  "scene file '../nowhere.yaml' does not exist"},
        BadFigure{"SceneIsAFigure", "figure: a\nscene: figure-2.1.yaml\n", 2, 8,
                  "is a figure file, not a scene"},
        BadFigure{"StepsOutsideStepsLayout",
                  "figure: a\nlayout: channels\nscene: multichannel.yaml\nsteps: [0]\n", 4, 1,
                  "'steps' is only for layout 'steps'"},
        BadFigure{"PanelsOutsideKernelPositions",
                  "figure: a\nscene: ../dilation.yaml\npanels: []\n", 3, 1,
                  "'panels' is only for layouts 'kernel_positions' and 'views'"},
        BadFigure{"SceneInKernelPositions",
                  "figure: a\nlayout: kernel_positions\nscene: ../dilation.yaml\n", 3, 1,
                  "takes its scenes from 'panels'"},
        BadFigure{"MissingPanels", "figure: a\nlayout: kernel_positions\n", 1, 1,
                  "missing key 'panels'"},
        BadFigure{"PanelUnknownKey",
                  "figure: a\nlayout: kernel_positions\npanels:\n  - {scene: ../dilation.yaml, "
                  "captoin: x}\n",
                  4, 31, "unknown key 'captoin' in a panel, did you mean 'caption'?"},
        BadFigure{"PanelWithoutScene",
                  "figure: a\nlayout: kernel_positions\npanels:\n  - caption: x\n", 4, 5,
                  "panel without a 'scene' key"},
        BadFigure{"FractionalStep", "figure: a\nscene: ../dilation.yaml\nsteps: [0, 1.5]\n", 3, 12,
                  "a step number must be an integer, got the fractional number 1.5"},
        BadFigure{"NegativeStep", "figure: a\nscene: ../dilation.yaml\nsteps: [-1]\n", 3, 9,
                  "a step number must not be negative, got -1"},
        BadFigure{"QuotedStep", "figure: a\nscene: ../dilation.yaml\nsteps: [\"2\"]\n", 3, 9,
                  "must be an integer, got the quoted text '2'"},
        BadFigure{"EmptySteps", "figure: a\nscene: ../dilation.yaml\nsteps: []\n", 3, 8,
                  "'steps' is a list of step numbers"},
        BadFigure{"ZeroColumns", "figure: a\nscene: ../dilation.yaml\ncolumns: 0\n", 3, 10,
                  "columns must be positive, got 0"},
        BadFigure{"MoreColumnsThanSteps",
                  "figure: a\nscene: ../dilation.yaml\nsteps: [0, 1]\ncolumns: 3\n", 4, 1,
                  "columns: 3 is more than the 2 steps listed"},
        BadFigure{"ShowCaptionNotBool", "figure: a\nscene: ../dilation.yaml\nshow_caption: maybe\n",
                  3, 15, "show_caption must be true or false, got the word 'maybe'"},
        BadFigure{"FigureNumberUnsafe", "figure: ../../etc\nscene: ../dilation.yaml\n", 1, 9,
                  "not a usable figure number"},
        BadFigure{"CaptionNotText", "figure: a\nscene: ../dilation.yaml\ncaption: [1]\n", 3, 10,
                  "caption must be text, got a list of 1 item"},
        BadFigure{"NotAMapping", "- figure: a\n", 1, 1, "a figure file is a mapping"},
        BadFigure{"SyntaxError", "figure: a\nscene: [unclosed\n", 3, 1, "YAML syntax error"},
        BadFigure{"AliasUndefined", "figure: a\ncaption: *n\nscene: ../dilation.yaml\n", 2, 10,
                  "YAML syntax error"},
        BadFigure{"PanelViewOutsideViews",
                  "figure: a\nlayout: kernel_positions\npanels:\n  - {scene: ../dilation.yaml, "
                  "view: matrix}\n",
                  4, 31, "panel key 'view' is only for layout 'views'"},
        BadFigure{"UnknownPanelView",
                  "figure: a\nlayout: views\npanels:\n  - {scene: ../dilation.yaml, view: matrx}\n",
                  4, 37, "unknown panels.view 'matrx', did you mean 'matrix'?"},
        BadFigure{"TwoDocuments", "figure: a\nscene: ../dilation.yaml\n---\nfigure: b\n", 3, 1,
                  "one YAML document"}),
    [](const ::testing::TestParamInfo<BadFigure>& param_info) {
      return std::string(param_info.param.name);
    });

TEST(FigureLoader, AliasesAreExpandedAsInScenes) {
  FigureSpec spec;
  const Status status =
      ParseText("figure: &n \"7\"\ncaption: *n\nscene: ../dilation.yaml\n", &spec);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(spec.caption, "7");
}

TEST(FigureLoader, PanelViewsAreViews) {
  FigureSpec spec;
  const Status status = ParseText(
      "figure: a\nlayout: views\npanels:\n  - {scene: ../dilation.yaml, view: matrix, step: 2}\n"
      "  - {scene: ../dilation.yaml}\n",
      &spec);
  ASSERT_TRUE(status.ok()) << status.ToString();
  ASSERT_EQ(spec.panels.size(), 2u);
  EXPECT_EQ(spec.panels[0].view, View::kMatrix);
  EXPECT_EQ(spec.panels[0].step, 2);
  EXPECT_FALSE(spec.panels[1].view.has_value());
  EXPECT_EQ(spec.panels[1].step, -1);
}

TEST(FigureLoader, EmptyTextIsRefused) {
  FigureSpec spec;
  const Status status = ParseText("# nothing\n", &spec);
  EXPECT_EQ(status.code(), Status::Code::kInvalidScene);
  EXPECT_NE(status.message().find("empty"), std::string::npos);
}

TEST(FigureLoader, MissingFigureFileIsAnIoErrorNamingIt) {
  FigureSpec spec;
  const Status status = LoadFigureFile("/nonexistent/figure-9.yaml", &spec);
  EXPECT_EQ(status.code(), Status::Code::kIoError);
  EXPECT_NE(status.message().find("/nonexistent/figure-9.yaml"), std::string::npos);
}

TEST(FigureLoader, TellsFigureFilesFromSceneFiles) {
  for (const char* folder : {"scenes/guide", "scenes/examples"}) {
    for (const auto& entry : fs::directory_iterator(SourcePath(folder))) {
      if (entry.path().extension() != ".yaml") continue;
      EXPECT_FALSE(LooksLikeFigureFile(entry.path().string())) << entry.path();
    }
  }
  for (const auto& entry : fs::directory_iterator(SourcePath("scenes/guide/figures"))) {
    const bool is_figure = entry.path().filename().string().rfind("figure-", 0) == 0;
    EXPECT_EQ(LooksLikeFigureFile(entry.path().string()), is_figure) << entry.path();
  }
  EXPECT_TRUE(LooksLikeFigureText("# comment\n\"layout\" : steps\n"));
  EXPECT_TRUE(LooksLikeFigureText("---\n{scene: a.yaml, figure: \"1\"}\n"));
  EXPECT_FALSE(LooksLikeFigureText("title: \"figure: 1\"\n  figure: 2\n"));
  EXPECT_FALSE(LooksLikeFigureText("{input: {figure: 1}}\n"));
  EXPECT_FALSE(LooksLikeFigureText("figures: 1\n"));
  EXPECT_FALSE(LooksLikeFigureFile("/nonexistent.yaml"));
}

// ---------------------------------------------------------------------------------
// The figure model, read back from its shapes.

// Lays `spec` out over its scenes, loaded as the figure job loads them.
Status Lay(const FigureSpec& spec, LoadedFigure* out, const FigureModelOptions& options = {}) {
  out->spec = spec;
  std::vector<FigureSource> sources;
  for (const FigurePanel& panel : out->spec.panels) {
    auto loaded = std::make_unique<LoadedScene>();
    Status status = LoadAndSchedule(panel.scene_path, loaded.get());
    if (!status.ok()) return status;
    sources.push_back({&loaded->scene, &loaded->schedule});
    out->scenes.push_back(std::move(loaded));
  }
  return BuildFigureAnimation(out->spec, sources, options, &out->animation);
}

void LayFile(const std::string& path, LoadedFigure* out, const FigureModelOptions& options = {}) {
  const Status status = LoadFigure(path, options, out);
  ASSERT_TRUE(status.ok()) << status.ToString();
}

void LayText(const std::string& text, LoadedFigure* out) {
  FigureSpec spec;
  Status status = ParseText(text, &spec);
  ASSERT_TRUE(status.ok()) << status.ToString();
  status = Lay(spec, out);
  ASSERT_TRUE(status.ok()) << status.ToString();
}

const std::vector<Shape>& FigureShapes(const Animation& animation) {
  EXPECT_EQ(animation.layers.size(), 1u);
  return animation.layers.front().shapes;
}

// One flat grid of a figure: "grid/N/..." shapes.
struct Grid {
  double x = 0, y = 0, cell = 0;
  int rows = 0, cols = 0;
  Role fill = Role::kCount;       // the role of its filled cells
  const Shape* cells = nullptr;   // filled cells
  const Shape* window = nullptr;  // shaded cells
  bool dashed = false;            // has empty cells with dashed borders
  std::set<std::pair<int, int>> crossed;

  Point CellCentre(int row, int col) const {
    return {x + (col + 0.5) * cell, y + (row + 0.5) * cell};
  }
  double width() const { return cols * cell; }
  double height() const { return rows * cell; }
  bool Contains(Point p) const {
    return p.x >= x && p.x <= x + width() && p.y >= y && p.y <= y + height();
  }
  std::set<std::pair<int, int>> CellsIn(const Shape* polygon) const {
    std::set<std::pair<int, int>> found;
    if (polygon == nullptr) return found;
    for (int r = 0; r < rows; ++r) {
      for (int c = 0; c < cols; ++c) {
        if (PolygonContains(*polygon, CellCentre(r, c))) found.insert({r, c});
      }
    }
    return found;
  }
};

std::vector<Grid> GridsOf(const Animation& animation) {
  const std::vector<Shape>& shapes = FigureShapes(animation);
  std::vector<Grid> grids;
  for (int n = 0;; ++n) {
    const std::string id = "grid/" + std::to_string(n);
    const Shape* back = FindShape(shapes, id + "/back");
    if (back == nullptr) break;
    Grid grid;
    grid.x = back->x;
    grid.y = back->y;
    grid.cell = animation.cell_size;
    grid.rows = static_cast<int>(std::lround(back->height / grid.cell));
    grid.cols = static_cast<int>(std::lround(back->width / grid.cell));
    EXPECT_NEAR(back->height, grid.rows * grid.cell, 1e-9) << id;
    EXPECT_NEAR(back->width, grid.cols * grid.cell, 1e-9) << id;
    grid.cells = FindShape(shapes, id + "/cells");
    if (grid.cells != nullptr) grid.fill = grid.cells->role;
    grid.window = FindShape(shapes, id + "/window");
    grid.dashed = FindShape(shapes, id + "/dashed") != nullptr;
    if (const Shape* crossed = FindShape(shapes, id + "/crossed")) {
      // Two diagonals per cell, the first from its top-left corner.
      EXPECT_EQ(crossed->points.size() % 4, 0u);
      for (std::size_t k = 0; k + 3 < crossed->points.size(); k += 4) {
        const Point corner = crossed->points[k];
        grid.crossed.insert({static_cast<int>(std::lround((corner.y - grid.y) / grid.cell)),
                             static_cast<int>(std::lround((corner.x - grid.x) / grid.cell))});
      }
    }
    grids.push_back(grid);
  }
  return grids;
}

struct FigureArrow {
  Point from, to;
  bool in_grid = false;  // drawn in the grid colour, over a grid or between grids
  bool head = false;
};

std::vector<FigureArrow> ArrowsOf(const Animation& animation) {
  std::vector<FigureArrow> arrows;
  for (const Shape& shape : FigureShapes(animation)) {
    if (shape.kind != ShapeKind::kArrow) continue;
    EXPECT_EQ(shape.points.size(), 2u) << shape.id;
    arrows.push_back(
        {shape.points[0], shape.points[1], shape.role == Role::kGrid, shape.head > 0.0});
  }
  return arrows;
}

// The arrows of one grid, split into horizontal and vertical runs.
struct GridArrows {
  std::vector<FigureArrow> across, down;
};
GridArrows ArrowsOver(const Animation& animation, const Grid& grid) {
  GridArrows arrows;
  for (const FigureArrow& arrow : ArrowsOf(animation)) {
    if (!arrow.in_grid || !grid.Contains(arrow.from)) continue;
    (arrow.from.y == arrow.to.y ? arrows.across : arrows.down).push_back(arrow);
  }
  return arrows;
}

void ExpectArrow(const FigureArrow& arrow, const Grid& grid, int from_row, int from_col, int to_row,
                 int to_col) {
  const Point from = grid.CellCentre(from_row, from_col), to = grid.CellCentre(to_row, to_col);
  EXPECT_DOUBLE_EQ(arrow.from.x, from.x);
  EXPECT_DOUBLE_EQ(arrow.from.y, from.y);
  EXPECT_DOUBLE_EQ(arrow.to.x, to.x);
  EXPECT_DOUBLE_EQ(arrow.to.y, to.y);
}

// Caption lines: the caption texts on one baseline joined with spaces, top to bottom.
std::vector<std::pair<double, std::string>> CaptionLines(const Animation& animation) {
  std::map<double, std::string> lines;
  for (const Shape* text : ShapesWithRole(FigureShapes(animation), Role::kCaption)) {
    std::string& line = lines[text->y];
    line += (line.empty() ? "" : " ") + text->text;
  }
  return {lines.begin(), lines.end()};
}

std::vector<const Shape*> StepGroups(const Animation& animation) {
  std::vector<const Shape*> groups;
  for (int n = 0;; ++n) {
    const Shape* group = FindShape(FigureShapes(animation), "step/" + std::to_string(n));
    if (group == nullptr) break;
    EXPECT_EQ(group->kind, ShapeKind::kGroup);
    groups.push_back(group);
  }
  return groups;
}

TEST(FigureModel, IsOneStepWithOneLayerAndTheFiguresTitle) {
  LoadedFigure figure;
  LayFile(GuideFigure("2.8"), &figure);
  const Animation& animation = figure.animation;
  EXPECT_EQ(animation.step_count, 1);
  ASSERT_EQ(animation.layers.size(), 1u);
  EXPECT_FALSE(animation.layers[0].per_step);
  EXPECT_EQ(animation.title.rfind("Figure 2.8: ", 0), 0u) << animation.title;
  EXPECT_EQ(animation.width, std::ceil(animation.width));
  EXPECT_EQ(animation.height, std::ceil(animation.height));
  const Shape& background = FigureShapes(animation).front();
  EXPECT_EQ(background.role, Role::kBackground);
  EXPECT_EQ(background.width, animation.width);
  EXPECT_EQ(background.height, animation.height);
  // Every shape lies on the picture.
  for (const Shape& shape : FigureShapes(animation)) {
    const Box box = ShapeBounds(shape, animation.fonts.get());
    EXPECT_GE(box.x0, -1.0) << shape.id;
    EXPECT_GE(box.y0, -1.0) << shape.id;
    EXPECT_LE(box.x1, animation.width + 1.0) << shape.id;
    EXPECT_LE(box.y1, animation.height + 1.0) << shape.id;
  }
}

TEST(FigureLayout, NineStepSheetIsAThreeByThreeGridOfTheScenesPictures) {
  LoadedFigure figure;
  LayFile(GuideFigure("1.1"), &figure);
  const auto scene = testing::BuildSceneFile("scenes/guide/numerical_no_padding_no_strides.yaml");
  ASSERT_NE(scene, nullptr);
  const double w = scene->animation.width, h = scene->animation.height;
  const std::vector<const Shape*> panels = StepGroups(figure.animation);
  ASSERT_EQ(panels.size(), 9u);
  const double pitch_x = panels[1]->x - panels[0]->x, pitch_y = panels[3]->y - panels[0]->y;
  EXPECT_GT(pitch_x, w);
  EXPECT_GT(pitch_y, h);
  for (int n = 0; n < 9; ++n) {
    const Shape& panel = *panels[static_cast<std::size_t>(n)];
    EXPECT_DOUBLE_EQ(panel.width, w);  // clipped to the scene's own picture
    EXPECT_DOUBLE_EQ(panel.height, h);
    EXPECT_DOUBLE_EQ(panel.x, panels[0]->x + (n % 3) * pitch_x);
    EXPECT_DOUBLE_EQ(panel.y, panels[0]->y + (n / 3) * pitch_y);
    // The panel is the scene's step n, shape for shape.
    const std::vector<Shape> step = FlattenStep(scene->animation, n);
    ASSERT_EQ(panel.children.size(), step.size()) << n;
    for (std::size_t k = 0; k < step.size(); ++k) {
      EXPECT_EQ(panel.children[k].id, step[k].id) << n;
      EXPECT_EQ(panel.children[k].text, step[k].text) << n << " " << step[k].id;
    }
  }
  EXPECT_DOUBLE_EQ(figure.animation.width, std::ceil(panels[8]->x + w));
  EXPECT_DOUBLE_EQ(figure.animation.height, std::ceil(panels[8]->y + h));
}

TEST(FigureLayout, EachPanelShadesTheOutputCellItsStepComputes) {
  LoadedFigure figure;
  LayFile(GuideFigure("1.2"), &figure);
  const LoadedScene& loaded = *figure.scenes[0];
  const FrameLayout layout = GuideLayout(loaded.scene, loaded.schedule, 0.0, nullptr);
  const std::vector<const Shape*> panels = StepGroups(figure.animation);
  ASSERT_EQ(panels.size(), 9u);
  for (int64_t n = 0; n < 9; ++n) {
    const Step step = loaded.schedule.StepAt(n);
    const Shape* current = FindShape(panels[static_cast<std::size_t>(n)]->children, "current");
    ASSERT_NE(current, nullptr) << n;
    EXPECT_EQ(current->role, Role::kCurrentOutput);
    const CellShape cell = layout.OutputCell(step.out_row, step.out_col);
    ASSERT_EQ(current->points.size(), 4u);
    for (std::size_t k = 0; k < 4; ++k) {
      EXPECT_DOUBLE_EQ(current->points[k].x, cell.corners[k].x) << "step " << n;
      EXPECT_DOUBLE_EQ(current->points[k].y, cell.corners[k].y) << "step " << n;
    }
    // The output values are there in every panel (the figure shows the finished output).
    EXPECT_EQ(
        ShapesWithRole(panels[static_cast<std::size_t>(n)]->children, Role::kOutputValue).size(),
        9u);
  }
}

TEST(FigureLayout, StepsDefaultToTheFirstFourInOneRow) {
  LoadedFigure figure;
  LayText("figure: t\nscene: ../padding_strides.yaml\n", &figure);
  const std::vector<const Shape*> panels = StepGroups(figure.animation);
  ASSERT_EQ(panels.size(), 4u);
  for (const Shape* panel : panels) EXPECT_DOUBLE_EQ(panel->y, panels[0]->y);
  for (std::size_t n = 0; n < 4; ++n) {
    // Step n's current output cell: (0, n) for n < 3, then (1, 0).
    EXPECT_NE(FindShape(panels[n]->children, "current"), nullptr);
  }
  const LoadedScene& loaded = *figure.scenes[0];
  const FrameLayout layout = GuideLayout(loaded.scene, loaded.schedule, 0.0, nullptr);
  const Shape* last = FindShape(panels[3]->children, "current");
  ASSERT_NE(last, nullptr);
  EXPECT_DOUBLE_EQ(last->points[0].x, layout.OutputPoint(1, 0).x);
  EXPECT_DOUBLE_EQ(last->points[0].y, layout.OutputPoint(1, 0).y);

  LoadedFigure short_scene;  // a 4-step scene in two columns: two rows
  LayText("figure: t\nscene: ../no_padding_no_strides.yaml\ncolumns: 2\n", &short_scene);
  const std::vector<const Shape*> rows = StepGroups(short_scene.animation);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_GT(rows[2]->y, rows[0]->y);
  EXPECT_DOUBLE_EQ(rows[2]->x, rows[0]->x);
}

TEST(FigureLayout, StepPastTheSceneIsRefusedAtItsPlace) {
  FigureSpec spec;
  ASSERT_TRUE(ParseText("figure: t\nscene: ../padding_strides.yaml\nsteps: [0, 9]\n", &spec).ok());
  LoadedFigure figure;
  const Status status = Lay(spec, &figure);
  EXPECT_EQ(status.code(), Status::Code::kInvalidScene);
  EXPECT_EQ(status.where().line, 3);
  EXPECT_EQ(status.where().column, 12);
  EXPECT_NE(status.message().find("step 9 is past the last step"), std::string::npos);
  EXPECT_NE(status.message().find("it has 9 steps"), std::string::npos);

  FigureSpec columns;
  ASSERT_TRUE(
      ParseText("figure: t\nscene: ../no_padding_no_strides.yaml\ncolumns: 5\n", &columns).ok());
  LoadedFigure too_wide;
  const Status wide = Lay(columns, &too_wide);
  EXPECT_EQ(wide.code(), Status::Code::kInvalidScene);
  EXPECT_EQ(wide.where().line, 3);
}

TEST(FigureLayout, KernelPositionsShadeTheFirstWindowAndStepAsTheScheduleMoves) {
  LoadedFigure figure;
  LayFile(GuideFigure("2.8"), &figure);
  const std::vector<Grid> grids = GridsOf(figure.animation);
  ASSERT_EQ(grids.size(), 2u);
  const std::set<std::pair<int, int>> window = {{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1},
                                                {1, 2}, {2, 0}, {2, 1}, {2, 2}};
  std::set<std::pair<int, int>> all;
  for (int r = 0; r < 5; ++r) {
    for (int c = 0; c < 5; ++c) all.insert({r, c});
  }
  for (const Grid& grid : grids) {
    EXPECT_EQ(grid.rows, 5);
    EXPECT_EQ(grid.cols, 5);
    EXPECT_EQ(grid.fill, Role::kInputCell);
    EXPECT_EQ(grid.CellsIn(grid.window), window);
    EXPECT_EQ(grid.window->role, Role::kWindow);
    EXPECT_EQ(grid.CellsIn(grid.cells), all);
    EXPECT_FALSE(grid.dashed);
  }
  // (a) s = 1: two steps of one cell each way; (b) s = 2: one step of two.
  const GridArrows a = ArrowsOver(figure.animation, grids[0]);
  ASSERT_EQ(a.across.size(), 2u);
  ASSERT_EQ(a.down.size(), 2u);
  ExpectArrow(a.across[0], grids[0], 1, 2, 1, 3);
  ExpectArrow(a.across[1], grids[0], 1, 3, 1, 4);
  ExpectArrow(a.down[0], grids[0], 2, 1, 3, 1);
  ExpectArrow(a.down[1], grids[0], 3, 1, 4, 1);
  const GridArrows b = ArrowsOver(figure.animation, grids[1]);
  ASSERT_EQ(b.across.size(), 1u);
  ASSERT_EQ(b.down.size(), 1u);
  ExpectArrow(b.across[0], grids[1], 1, 2, 1, 4);
  ExpectArrow(b.down[0], grids[1], 2, 1, 4, 1);
  for (const FigureArrow& arrow : ArrowsOf(figure.animation)) EXPECT_TRUE(arrow.head);
  // Both captions are drawn, below the grids, the first one starting with "(a)".
  const auto lines = CaptionLines(figure.animation);
  ASSERT_GE(lines.size(), 2u);
  for (const auto& [baseline, text] : lines) {
    EXPECT_GT(baseline, grids[0].y + grids[0].height()) << text;
    EXPECT_LT(baseline, figure.animation.height) << text;
  }
  bool a_first = false, b_found = false;
  for (const Shape* text : ShapesWithRole(FigureShapes(figure.animation), Role::kCaption)) {
    if (text->text == "(a)") a_first = text->x < grids[1].x;
    if (text->text == "(b)") b_found = text->x >= grids[0].x + grids[0].width();
  }
  EXPECT_TRUE(a_first);
  EXPECT_TRUE(b_found);
}

TEST(FigureLayout, StrideSubsamplingSizesComeFromTheScene) {
  // i = 7, k = 3, s = 3: strided output 2 x 2, unit-stride output 5 x 5.
  const std::string dir = MakeTempDir();
  WriteFile(dir, "s3.yaml",
            "operation: convolution\ninput: {size: 7, seed: 1}\nkernel: {size: 3, seed: 2}\n"
            "stride: 3\n");
  const std::string path =
      WriteFile(dir, "f.yaml", "figure: s\nlayout: stride_subsampling\nscene: s3.yaml\n");
  LoadedFigure figure;
  LayFile(path, &figure);
  const std::vector<Grid> grids = GridsOf(figure.animation);
  ASSERT_EQ(grids.size(), 5u);
  EXPECT_EQ(grids[0].rows, 7);
  EXPECT_EQ(grids[0].fill, Role::kInputCell);
  EXPECT_EQ(grids[1].rows, 2);
  EXPECT_EQ(grids[1].cols, 2);
  EXPECT_EQ(grids[1].fill, Role::kOutputCell);
  EXPECT_EQ(grids[2].cols, 7);
  EXPECT_EQ(grids[3].rows, 5);
  EXPECT_EQ(grids[3].cols, 5);
  EXPECT_EQ(grids[4].rows, 2);
  EXPECT_EQ(grids[4].fill, Role::kOutputCell);
  // Kept: unit-stride outputs 0 and 3 along each axis; the other 21 are crossed out.
  EXPECT_EQ(grids[3].crossed.size(), 21u);
  for (const auto& [r, c] : grids[3].crossed) {
    EXPECT_FALSE(r % 3 == 0 && c % 3 == 0) << r << "," << c;
  }
  for (int g : {0, 1, 2, 4}) EXPECT_TRUE(grids[static_cast<std::size_t>(g)].crossed.empty());
  // Left: one arrow of three cells each way; right: four arrows of one cell.
  const GridArrows left = ArrowsOver(figure.animation, grids[0]);
  ASSERT_EQ(left.across.size(), 1u);
  ExpectArrow(left.across[0], grids[0], 1, 2, 1, 5);
  ASSERT_EQ(left.down.size(), 1u);
  ExpectArrow(left.down[0], grids[0], 2, 1, 5, 1);
  const GridArrows right = ArrowsOver(figure.animation, grids[2]);
  EXPECT_EQ(right.across.size(), 4u);
  EXPECT_EQ(right.down.size(), 4u);
  // Three link arrows between the grids, left to right.
  int links = 0;
  for (const FigureArrow& arrow : ArrowsOf(figure.animation)) {
    EXPECT_LE(arrow.from.x, arrow.to.x);
    if (arrow.from.x >= grids[0].x + grids[0].width() && arrow.to.x <= grids[1].x) ++links;
    if (arrow.from.x >= grids[2].x + grids[2].width() && arrow.to.x <= grids[3].x) ++links;
    if (arrow.from.x >= grids[3].x + grids[3].width() && arrow.to.x <= grids[4].x) ++links;
  }
  EXPECT_EQ(links, 3);
}

TEST(FigureLayout, GuideFigure14CrossesTheFiveDroppedCells) {
  LoadedFigure figure;
  LayFile(GuideFigure("1.4"), &figure);
  const std::vector<Grid> grids = GridsOf(figure.animation);
  ASSERT_EQ(grids.size(), 5u);
  EXPECT_EQ(grids[3].crossed,
            (std::set<std::pair<int, int>>{{0, 1}, {1, 0}, {1, 1}, {1, 2}, {2, 1}}));
  // The crosses are the cells' diagonals, drawn in the grid colour.
  const Shape* crossed = FindShape(FigureShapes(figure.animation), "grid/3/crossed");
  ASSERT_NE(crossed, nullptr);
  EXPECT_EQ(crossed->role, Role::kGrid);
  EXPECT_EQ(crossed->kind, ShapeKind::kLine);
  ASSERT_EQ(crossed->points.size(), 20u);
  const double c = grids[3].cell;
  EXPECT_DOUBLE_EQ(crossed->points[1].x - crossed->points[0].x, c);
  EXPECT_DOUBLE_EQ(crossed->points[1].y - crossed->points[0].y, c);
  // Every grid sits on one centre line.
  for (const Grid& grid : grids) {
    EXPECT_DOUBLE_EQ(grid.y + grid.height() / 2.0, grids[0].y + grids[0].height() / 2.0);
  }
}

TEST(FigureLayout, StrideSubsamplingRefusesScenesItCannotShow) {
  // Unit strides; a transposed convolution; a ceil_mode window past the unit-stride ones.
  for (const char* scene : {"../no_padding_no_strides.yaml", "../padding_strides_transposed.yaml",
                            "../../examples/average_pooling_ceil_mode.yaml"}) {
    FigureSpec spec;
    ASSERT_TRUE(
        ParseText(std::string("figure: s\nlayout: stride_subsampling\nscene: ") + scene + "\n",
                  &spec)
            .ok());
    LoadedFigure figure;
    const Status status = Lay(spec, &figure);
    EXPECT_EQ(status.code(), Status::Code::kInvalidScene) << scene;
    EXPECT_EQ(status.where().line, 3) << scene;
    EXPECT_NE(status.message().find("stride_subsampling"), std::string::npos) << scene;
  }
}

TEST(FigureLayout, ChannelsFigureHasAPathwayPerOutputChannel) {
  LoadedFigure figure;
  LayFile(GuideFigure("1.3"), &figure);
  const LoadedScene& loaded = *figure.scenes[0];
  ASSERT_EQ(loaded.scene.in_channels, 2);
  ASSERT_EQ(loaded.schedule.output_channels(), 3);
  // 3 grouped outputs + 3 sums + 3 pathways of 2 maps + 2 input maps.
  const std::vector<Grid> grids = GridsOf(figure.animation);
  ASSERT_EQ(grids.size(), 14u);
  int input_maps = 0, output_maps = 0, behind = 0, outputs = 0;
  for (const Grid& grid : grids) {
    if (grid.rows == 5) {
      ++input_maps;
      EXPECT_EQ(grid.cols, 5);
    } else {
      ++output_maps;
      EXPECT_EQ(grid.rows, 3);
      EXPECT_EQ(grid.cols, 3);
    }
    behind += grid.fill == Role::kBehindCell;
    outputs += grid.fill == Role::kOutputCell;
  }
  EXPECT_EQ(input_maps, 2);
  EXPECT_EQ(output_maps, 12);
  EXPECT_EQ(behind, 4);   // one behind each of the three pathways and the input
  EXPECT_EQ(outputs, 6);  // the grouped outputs and the sums
  // Three "+" signs, one per pathway, and 3 + 3 + 3 arrows plus 3 plain lines.
  int plus = 0;
  for (const Shape* text : ShapesWithRole(FigureShapes(figure.animation), Role::kCaption)) {
    plus += text->text == "+" ? 1 : 0;
  }
  EXPECT_EQ(plus, 3);
  int heads = 0, lines = 0;
  for (const FigureArrow& arrow : ArrowsOf(figure.animation)) {
    (arrow.head ? heads : lines) += 1;
    EXPECT_FALSE(arrow.in_grid);
  }
  EXPECT_EQ(heads, 9);
  EXPECT_EQ(lines, 3);
  // The grouped outputs on top, the input at the bottom, its back map behind-coloured
  // and drawn before the front one.
  EXPECT_LT(grids.front().y, grids.back().y);
  const Grid& back_input = grids[grids.size() - 2];
  EXPECT_EQ(back_input.rows, 5);
  EXPECT_EQ(back_input.fill, Role::kBehindCell);
  EXPECT_EQ(grids.back().fill, Role::kInputCell);
  EXPECT_LT(back_input.x, grids.back().x);  // behind: left and down
  EXPECT_GT(back_input.y, grids.back().y);
}

TEST(FigureLayout, ChannelsFigureFollowsGroupsAndPadding) {
  // Four input channels to two outputs in two groups, padding 1: each pathway stacks
  // the two channels its output sees; the input canvas is 6 x 6 with dashed padding.
  LoadedFigure figure;
  LayText("figure: g\nlayout: channels\nscene: ../../examples/grouped_convolution.yaml\n", &figure);
  int input_maps = 0, pathway_maps = 0;
  for (const Grid& grid : GridsOf(figure.animation)) {
    if (grid.rows == 6) {
      ++input_maps;
      EXPECT_TRUE(grid.dashed);
      const auto filled = grid.CellsIn(grid.cells);
      EXPECT_EQ(filled.size(), 16u);  // the 4 x 4 input, not its padding
      EXPECT_EQ(filled.count({0, 0}), 0u);
      EXPECT_EQ(filled.count({1, 1}), 1u);
    } else if (grid.fill != Role::kOutputCell) {
      ++pathway_maps;
    }
  }
  EXPECT_EQ(input_maps, 4);
  EXPECT_EQ(pathway_maps, 4);

  FigureSpec spec;
  ASSERT_TRUE(ParseText("figure: g\nlayout: channels\nscene: ../dilation.yaml\n", &spec).ok());
  LoadedFigure one_channel;
  const Status status = Lay(spec, &one_channel);
  EXPECT_EQ(status.code(), Status::Code::kInvalidScene);
  EXPECT_NE(status.message().find("has one of each"), std::string::npos);
}

TEST(FigureLayout, CaptionIsDrawnOnRequestBelowTheFigure) {
  LoadedFigure plain, captioned;
  LayFile(GuideFigure("2.1"), &plain);
  FigureModelOptions options;
  options.show_caption = 1;
  LayFile(GuideFigure("2.1"), &captioned, options);
  EXPECT_TRUE(ShapesWithRole(FigureShapes(plain.animation), Role::kCaption).empty());
  const auto lines = CaptionLines(captioned.animation);
  ASSERT_GE(lines.size(), 2u);  // the guide's caption needs two lines
  EXPECT_EQ(lines.front().second.rfind("Figure 2.1: (No padding", 0), 0u) << lines.front().second;
  EXPECT_GT(captioned.animation.height, plain.animation.height);
  const std::vector<const Shape*> panels = StepGroups(captioned.animation);
  ASSERT_FALSE(panels.empty());
  for (const auto& [baseline, text] : lines) {
    EXPECT_GT(baseline, panels[0]->y + panels[0]->height) << text;
    EXPECT_LT(baseline, captioned.animation.height) << text;
  }
  // The whole caption is there, word for word.
  std::string all;
  for (const auto& [baseline, text] : lines) all += (all.empty() ? "" : " ") + text;
  EXPECT_EQ(all, "Figure 2.1: " + captioned.spec.caption);
  // And show_caption: 0 overrides a file that asks for it.
  FigureSpec asks;
  ASSERT_TRUE(ParseText("figure: t\ncaption: \"Shown.\"\nshow_caption: true\n"
                        "scene: ../no_padding_no_strides.yaml\n",
                        &asks)
                  .ok());
  LoadedFigure shown, hidden;
  ASSERT_TRUE(Lay(asks, &shown).ok());
  FigureModelOptions never;
  never.show_caption = 0;
  ASSERT_TRUE(Lay(asks, &hidden, never).ok());
  ASSERT_EQ(CaptionLines(shown.animation).size(), 1u);
  EXPECT_EQ(CaptionLines(shown.animation)[0].second, "Figure t: Shown.");
  EXPECT_TRUE(CaptionLines(hidden.animation).empty());
}

TEST(FigureLayout, CellSizeOptionScalesFlatFigures) {
  LoadedFigure small, large;
  FigureModelOptions options;
  options.scene.cell_size = 20;
  LayFile(GuideFigure("1.4"), &small, options);
  options.scene.cell_size = 40;
  LayFile(GuideFigure("1.4"), &large, options);
  EXPECT_DOUBLE_EQ(small.animation.cell_size, 20.0);
  EXPECT_DOUBLE_EQ(large.animation.cell_size, 40.0);
  const std::vector<Grid> small_grids = GridsOf(small.animation);
  const std::vector<Grid> large_grids = GridsOf(large.animation);
  ASSERT_FALSE(small_grids.empty());
  ASSERT_FALSE(large_grids.empty());
  EXPECT_DOUBLE_EQ(small_grids[0].width(), small_grids[0].cols * 20.0);
  EXPECT_DOUBLE_EQ(large_grids[0].width(), large_grids[0].cols * 40.0);
  EXPECT_NEAR(large.animation.width / small.animation.width, 2.0, 0.02);

  // Step sheets take the option too: their panels are the scene at that cell size.
  LoadedFigure sheet;
  options.scene.cell_size = 50;
  LayFile(GuideFigure("2.1"), &sheet, options);
  const auto scene = [] {
    SceneModelOptions scene_options;
    scene_options.cell_size = 50;
    return testing::BuildSceneFile("scenes/guide/no_padding_no_strides.yaml", scene_options);
  }();
  ASSERT_NE(scene, nullptr);
  const std::vector<const Shape*> panels = StepGroups(sheet.animation);
  ASSERT_FALSE(panels.empty());
  EXPECT_DOUBLE_EQ(panels[0]->width, scene->animation.width);
  EXPECT_DOUBLE_EQ(panels[0]->height, scene->animation.height);
}

}  // namespace
}  // namespace convanim
