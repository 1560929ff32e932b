// Figure files: the loader's errors, layouts derived from the scenes (sheet sizes,
// window arrows, crossed cells, pathways), pixel checks on composed figures, and the
// figure job's formats and failures.
#include <cairo.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "app/cli_common.h"
#include "app/figure_job.h"
#include "core/figure_spec.h"
#include "renderer/figure_renderer.h"
#include "renderer/layout.h"
#include "tests/support/paths.h"
#include "tests/support/run.h"

namespace convanim {
namespace {

namespace fs = std::filesystem;
using testing::MakeTempDir;
using testing::SourcePath;

// Writes `text` to dir/name and returns that path.
std::string WriteFile(const std::string& dir, const std::string& name, const std::string& text) {
  const std::string path = dir + "/" + name;
  testing::WriteFile(path, text);
  return path;
}

std::string GuideScene(const std::string& name) { return SourcePath("scenes/guide/" + name); }

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
  EXPECT_EQ(fs::path(spec.panels[0].scene_path), fs::path(GuideScene("padding_strides.yaml")));
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
                  "unknown key 'colums' (did you mean 'columns'?)"},
        BadFigure{"UnknownLayout", "figure: a\nlayout: kernel_position\n", 2, 9,
                  "unknown layout 'kernel_position' (did you mean 'kernel_positions'?)"},
        BadFigure{"UnknownLayoutFarOff", "figure: a\nlayout: movie\n", 2, 9,
                  "expected steps, channels, stride_subsampling or kernel_positions"},
        BadFigure{"DuplicateKey", "figure: a\nscene: ../dilation.yaml\nfigure: b\n", 3, 1,
                  "duplicate key 'figure' (first given at line 1)"},
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
                  "'panels' is only for layout 'kernel_positions'"},
        BadFigure{"SceneInKernelPositions",
                  "figure: a\nlayout: kernel_positions\nscene: ../dilation.yaml\n", 3, 1,
                  "takes its scenes from 'panels'"},
        BadFigure{"MissingPanels", "figure: a\nlayout: kernel_positions\n", 1, 1,
                  "missing key 'panels'"},
        BadFigure{"PanelUnknownKey",
                  "figure: a\nlayout: kernel_positions\npanels:\n  - {scene: ../dilation.yaml, "
                  "captoin: x}\n",
                  4, 31, "unknown panel key 'captoin' (did you mean 'caption'?)"},
        BadFigure{"PanelWithoutScene",
                  "figure: a\nlayout: kernel_positions\npanels:\n  - caption: x\n", 4, 5,
                  "panel without a 'scene' key"},
        BadFigure{"FractionalStep", "figure: a\nscene: ../dilation.yaml\nsteps: [0, 1.5]\n", 3, 12,
                  "a step number must be a whole number, not '1.5'"},
        BadFigure{"NegativeStep", "figure: a\nscene: ../dilation.yaml\nsteps: [-1]\n", 3, 9,
                  "a step number is -1"},
        BadFigure{"QuotedStep", "figure: a\nscene: ../dilation.yaml\nsteps: [\"2\"]\n", 3, 9,
                  "must be a whole number"},
        BadFigure{"EmptySteps", "figure: a\nscene: ../dilation.yaml\nsteps: []\n", 3, 8,
                  "'steps' is a list of step numbers"},
        BadFigure{"ZeroColumns", "figure: a\nscene: ../dilation.yaml\ncolumns: 0\n", 3, 10,
                  "columns is 0; it must be from 1"},
        BadFigure{"MoreColumnsThanSteps",
                  "figure: a\nscene: ../dilation.yaml\nsteps: [0, 1]\ncolumns: 3\n", 4, 1,
                  "columns: 3 is more than the 2 steps listed"},
        BadFigure{"ShowCaptionNotBool", "figure: a\nscene: ../dilation.yaml\nshow_caption: maybe\n",
                  3, 15, "'show_caption' is true or false"},
        BadFigure{"FigureNumberUnsafe", "figure: ../../etc\nscene: ../dilation.yaml\n", 1, 9,
                  "not a usable figure number"},
        BadFigure{"CaptionNotText", "figure: a\nscene: ../dilation.yaml\ncaption: [1]\n", 3, 10,
                  "'caption' takes a single value, not a list"},
        BadFigure{"NotAMapping", "- figure: a\n", 1, 1, "a figure file is a mapping"},
        BadFigure{"SyntaxError", "figure: a\nscene: [unclosed\n", 3, 1, "YAML syntax error"},
        BadFigure{"Alias", "figure: &n a\ncaption: *n\nscene: ../dilation.yaml\n", 2, 10,
                  "aliases"},
        BadFigure{"TwoDocuments", "figure: a\nscene: ../dilation.yaml\n---\nfigure: b\n", 3, 1,
                  "one YAML document"}),
    [](const ::testing::TestParamInfo<BadFigure>& param_info) {
      return std::string(param_info.param.name);
    });

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
// Layouts, from scenes loaded as the figure job loads them.

struct LoadedFigure {
  FigureSpec spec;
  std::vector<std::unique_ptr<LoadedScene>> scenes;
  std::unique_ptr<FigureRenderer> renderer;
};

Status Lay(const FigureSpec& spec, LoadedFigure* out, FigureRenderOptions options = {}) {
  out->spec = spec;
  std::vector<FigureSource> sources;
  for (const FigurePanel& panel : out->spec.panels) {
    auto loaded = std::make_unique<LoadedScene>();
    Status status = LoadAndSchedule(panel.scene_path, loaded.get());
    if (!status.ok()) return status;
    sources.push_back({&loaded->scene, &loaded->schedule});
    out->scenes.push_back(std::move(loaded));
  }
  return FigureRenderer::Create(out->spec, sources, options, &out->renderer);
}

void LayFile(const std::string& path, LoadedFigure* out, FigureRenderOptions options = {}) {
  FigureSpec spec;
  Status status = LoadFigureFile(path, &spec);
  ASSERT_TRUE(status.ok()) << status.ToString();
  status = Lay(spec, out, options);
  ASSERT_TRUE(status.ok()) << status.ToString();
}

void LayText(const std::string& text, LoadedFigure* out) {
  FigureSpec spec;
  Status status = ParseText(text, &spec);
  ASSERT_TRUE(status.ok()) << status.ToString();
  status = Lay(spec, out);
  ASSERT_TRUE(status.ok()) << status.ToString();
}

struct Rgb {
  int r = 0, g = 0, b = 0;
};

class Picture {
 public:
  explicit Picture(const FigureRenderer& renderer)
      : surface_(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, static_cast<int>(renderer.width()),
                                            static_cast<int>(renderer.height()))) {
    cairo_t* cr = cairo_create(surface_);
    renderer.Draw(cr);
    cairo_destroy(cr);
    cairo_surface_flush(surface_);
  }
  ~Picture() { cairo_surface_destroy(surface_); }
  Picture(const Picture&) = delete;
  Picture& operator=(const Picture&) = delete;

  Rgb At(double x, double y) const {
    const int px = static_cast<int>(std::floor(x)), py = static_cast<int>(std::floor(y));
    const unsigned char* row =
        cairo_image_surface_get_data(surface_) + py * cairo_image_surface_get_stride(surface_);
    const unsigned char* p = row + px * 4;  // BGRA in memory (little-endian ARGB32)
    return Rgb{p[2], p[1], p[0]};
  }

 private:
  cairo_surface_t* surface_;
};

// `top` at `alpha` over `bottom`, as Cairo composites it (to within rounding).
Rgb Over(const Colour& top, const Colour& bottom) {
  auto mix = [&top](int t, int b) {
    return static_cast<int>(std::lround(top.alpha * t + (1.0 - top.alpha) * b));
  };
  return Rgb{mix(top.r, bottom.r), mix(top.g, bottom.g), mix(top.b, bottom.b)};
}
Rgb Plain(const Colour& colour) { return Rgb{colour.r, colour.g, colour.b}; }

::testing::AssertionResult NearRgb(const Rgb& actual, const Rgb& expected) {
  const int distance = std::abs(actual.r - expected.r) + std::abs(actual.g - expected.g) +
                       std::abs(actual.b - expected.b);
  if (distance <= 4) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "got (" << actual.r << "," << actual.g << "," << actual.b << ") expected ("
         << expected.r << "," << expected.g << "," << expected.b << ")";
}

// A point inside cell (row, col) of a flat grid, clear of its borders and of any text.
Point InCell(const FigureGrid& grid, int row, int col) {
  return {grid.x + (col + 0.2) * grid.cell, grid.y + (row + 0.2) * grid.cell};
}

TEST(FigureLayout, NineStepSheetIsAThreeByThreeGridOfTheScenesPictures) {
  LoadedFigure figure;
  LayFile(SourcePath("scenes/guide/figures/figure-1.1.yaml"), &figure);
  const FigureRenderer& renderer = *figure.renderer;
  const LoadedScene& loaded = *figure.scenes[0];
  const SceneRenderer scene_renderer(loaded.scene, loaded.schedule, RenderOptions{});
  const auto& panels = renderer.step_panels();
  ASSERT_EQ(panels.size(), 9u);
  const double w = scene_renderer.width(), h = scene_renderer.height();
  const double pitch_x = panels[1].x - panels[0].x, pitch_y = panels[3].y - panels[0].y;
  EXPECT_GT(pitch_x, w);
  EXPECT_GT(pitch_y, h);
  for (int n = 0; n < 9; ++n) {
    const auto& panel = panels[static_cast<std::size_t>(n)];
    EXPECT_EQ(panel.step, n);
    EXPECT_DOUBLE_EQ(panel.width, w);
    EXPECT_DOUBLE_EQ(panel.height, h);
    EXPECT_DOUBLE_EQ(panel.x, panels[0].x + (n % 3) * pitch_x);
    EXPECT_DOUBLE_EQ(panel.y, panels[0].y + (n / 3) * pitch_y);
  }
  EXPECT_DOUBLE_EQ(renderer.width(), std::ceil(panels[8].x + w));
  EXPECT_DOUBLE_EQ(renderer.height(), std::ceil(panels[8].y + h));
}

TEST(FigureLayout, EachPanelShadesTheOutputCellItsStepComputes) {
  LoadedFigure figure;
  LayFile(SourcePath("scenes/guide/figures/figure-1.2.yaml"), &figure);
  const FigureRenderer& renderer = *figure.renderer;
  const LoadedScene& loaded = *figure.scenes[0];
  const FrameLayout layout =
      FrameLayout::Compute(FrameLayout::SpecFor(loaded.scene, loaded.schedule, 0.0));
  const Picture picture(renderer);
  const Palette& palette = renderer.palette();
  const Pair out = loaded.schedule.output_size();
  ASSERT_EQ(renderer.step_panels().size(), 9u);
  for (const FigureStepPanel& panel : renderer.step_panels()) {
    const Step step = loaded.schedule.StepAt(panel.step);
    for (int r = 0; r < out[0]; ++r) {
      for (int c = 0; c < out[1]; ++c) {
        const CellShape cell = layout.OutputCell(r, c);
        // Near the cell's top-left corner: inside, clear of the border and the value.
        const Point p{cell.corners[0].x + 0.15 * (cell.corners[1].x - cell.corners[0].x) +
                          0.15 * (cell.corners[3].x - cell.corners[0].x),
                      cell.corners[0].y + 0.15 * (cell.corners[1].y - cell.corners[0].y) +
                          0.15 * (cell.corners[3].y - cell.corners[0].y)};
        const bool current = r == step.out_row && c == step.out_col;
        const Rgb expected = current ? Over(palette.shade, palette.output) : Plain(palette.output);
        EXPECT_TRUE(NearRgb(picture.At(panel.x + p.x, panel.y + p.y), expected))
            << "step " << panel.step << " cell " << r << "," << c;
      }
    }
  }
}

TEST(FigureLayout, StepsDefaultToTheFirstFourInOneRow) {
  LoadedFigure figure;
  LayText("figure: t\nscene: ../padding_strides.yaml\n", &figure);
  EXPECT_EQ(figure.renderer->steps(), (std::vector<int64_t>{0, 1, 2, 3}));
  const auto& panels = figure.renderer->step_panels();
  ASSERT_EQ(panels.size(), 4u);
  for (const auto& panel : panels) EXPECT_DOUBLE_EQ(panel.y, panels[0].y);

  LoadedFigure short_scene;  // a 4-step scene: all of it
  LayText("figure: t\nscene: ../no_padding_no_strides.yaml\ncolumns: 2\n", &short_scene);
  ASSERT_EQ(short_scene.renderer->step_panels().size(), 4u);
  EXPECT_GT(short_scene.renderer->step_panels()[2].y, short_scene.renderer->step_panels()[0].y);
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

// The arrows of one grid, split into horizontal and vertical runs.
struct GridArrows {
  std::vector<FigureArrow> across, down;
};
GridArrows ArrowsOver(const FigureRenderer& renderer, const FigureGrid& grid) {
  GridArrows arrows;
  for (const FigureArrow& arrow : renderer.arrows()) {
    if (!arrow.in_grid || arrow.from.x < grid.x || arrow.from.x > grid.x + grid.width() ||
        arrow.from.y < grid.y || arrow.from.y > grid.y + grid.height()) {
      continue;
    }
    (arrow.from.y == arrow.to.y ? arrows.across : arrows.down).push_back(arrow);
  }
  return arrows;
}

void ExpectArrow(const FigureArrow& arrow, const FigureGrid& grid, int from_row, int from_col,
                 int to_row, int to_col) {
  const Point from = grid.CellCentre(from_row, from_col), to = grid.CellCentre(to_row, to_col);
  EXPECT_DOUBLE_EQ(arrow.from.x, from.x);
  EXPECT_DOUBLE_EQ(arrow.from.y, from.y);
  EXPECT_DOUBLE_EQ(arrow.to.x, to.x);
  EXPECT_DOUBLE_EQ(arrow.to.y, to.y);
}

TEST(FigureLayout, KernelPositionsShadeTheFirstWindowAndStepAsTheScheduleMoves) {
  LoadedFigure figure;
  LayFile(SourcePath("scenes/guide/figures/figure-2.8.yaml"), &figure);
  const FigureRenderer& renderer = *figure.renderer;
  ASSERT_EQ(renderer.grids().size(), 2u);
  const std::set<std::pair<int, int>> window = {{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1},
                                                {1, 2}, {2, 0}, {2, 1}, {2, 2}};
  for (const FigureGrid& grid : renderer.grids()) {
    EXPECT_EQ(grid.rows, 5);
    EXPECT_EQ(grid.cols, 5);
    std::set<std::pair<int, int>> shaded;
    for (const Pair& cell : grid.shaded) shaded.insert({cell[0], cell[1]});
    EXPECT_EQ(shaded, window);
  }
  // (a) s = 1: two steps of one cell each way; (b) s = 2: one step of two.
  const GridArrows a = ArrowsOver(renderer, renderer.grids()[0]);
  ASSERT_EQ(a.across.size(), 2u);
  ASSERT_EQ(a.down.size(), 2u);
  ExpectArrow(a.across[0], renderer.grids()[0], 1, 2, 1, 3);
  ExpectArrow(a.across[1], renderer.grids()[0], 1, 3, 1, 4);
  ExpectArrow(a.down[1], renderer.grids()[0], 3, 1, 4, 1);
  const GridArrows b = ArrowsOver(renderer, renderer.grids()[1]);
  ASSERT_EQ(b.across.size(), 1u);
  ASSERT_EQ(b.down.size(), 1u);
  ExpectArrow(b.across[0], renderer.grids()[1], 1, 2, 1, 4);
  ExpectArrow(b.down[0], renderer.grids()[1], 2, 1, 4, 1);
  // Both captions are drawn, below the grids.
  ASSERT_GE(renderer.texts().size(), 4u);
  for (const FigureText& text : renderer.texts()) {
    EXPECT_GT(text.baseline, renderer.grids()[0].y + renderer.grids()[0].height());
  }
  EXPECT_EQ(renderer.texts().front().text.rfind("(a)", 0), 0u);

  const Picture picture(renderer);
  const Palette& palette = renderer.palette();
  const FigureGrid& grid = renderer.grids()[1];
  const Point shaded = InCell(grid, 0, 0), plain = InCell(grid, 4, 4);
  EXPECT_TRUE(NearRgb(picture.At(shaded.x, shaded.y), Over(palette.shade, palette.input)));
  EXPECT_TRUE(NearRgb(picture.At(plain.x, plain.y), Plain(palette.input)));
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
  const FigureRenderer& renderer = *figure.renderer;
  ASSERT_EQ(renderer.grids().size(), 5u);
  const auto& grids = renderer.grids();
  EXPECT_EQ(grids[0].rows, 7);
  EXPECT_EQ(grids[1].rows, 2);
  EXPECT_EQ(grids[1].cols, 2);
  EXPECT_EQ(grids[2].cols, 7);
  EXPECT_EQ(grids[3].rows, 5);
  EXPECT_EQ(grids[3].cols, 5);
  EXPECT_EQ(grids[4].rows, 2);
  // Kept: unit-stride outputs 0 and 3 along each axis; the other 21 are crossed out.
  EXPECT_EQ(grids[3].crossed.size(), 21u);
  for (const Pair& cell : grids[3].crossed) {
    EXPECT_FALSE(cell[0] % 3 == 0 && cell[1] % 3 == 0) << cell[0] << "," << cell[1];
  }
  // Left: one arrow of three cells each way; right: four arrows of one cell.
  const GridArrows left = ArrowsOver(renderer, grids[0]);
  ASSERT_EQ(left.across.size(), 1u);
  ExpectArrow(left.across[0], grids[0], 1, 2, 1, 5);
  const GridArrows right = ArrowsOver(renderer, grids[2]);
  EXPECT_EQ(right.across.size(), 4u);
  EXPECT_EQ(right.down.size(), 4u);
  // Three link arrows between the grids, left to right.
  int links = 0;
  for (const FigureArrow& arrow : renderer.arrows()) {
    if (arrow.from.x >= grids[0].x + grids[0].width() && arrow.to.x <= grids[1].x) ++links;
    if (arrow.from.x >= grids[2].x + grids[2].width() && arrow.to.x <= grids[3].x) ++links;
    if (arrow.from.x >= grids[3].x + grids[3].width() && arrow.to.x <= grids[4].x) ++links;
  }
  EXPECT_EQ(links, 3);
}

TEST(FigureLayout, GuideFigure14CrossesTheFiveDroppedCells) {
  LoadedFigure figure;
  LayFile(SourcePath("scenes/guide/figures/figure-1.4.yaml"), &figure);
  const auto& grids = figure.renderer->grids();
  ASSERT_EQ(grids.size(), 5u);
  std::set<std::pair<int, int>> crossed;
  for (const Pair& cell : grids[3].crossed) crossed.insert({cell[0], cell[1]});
  EXPECT_EQ(crossed, (std::set<std::pair<int, int>>{{0, 1}, {1, 0}, {1, 1}, {1, 2}, {2, 1}}));
  // Every grid sits on one centre line.
  for (const FigureGrid& grid : grids) {
    EXPECT_DOUBLE_EQ(grid.y + grid.height() / 2.0, grids[0].y + grids[0].height() / 2.0);
  }
  const Picture picture(*figure.renderer);
  const Palette& palette = figure.renderer->palette();
  const Point kept = InCell(grids[3], 0, 0);
  EXPECT_TRUE(NearRgb(picture.At(kept.x, kept.y), Plain(palette.output)));
  // A crossed cell's centre lies on both diagonals, drawn in the grid colour.
  const Point centre = grids[3].CellCentre(1, 1);
  const Rgb dropped = picture.At(centre.x, centre.y);
  EXPECT_LT(dropped.g, palette.output.g - 40);
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
    EXPECT_EQ(status.where().line, 3);
  }
}

TEST(FigureLayout, ChannelsFigureHasAPathwayPerOutputChannel) {
  LoadedFigure figure;
  LayFile(SourcePath("scenes/guide/figures/figure-1.3.yaml"), &figure);
  const FigureRenderer& renderer = *figure.renderer;
  const LoadedScene& loaded = *figure.scenes[0];
  ASSERT_EQ(loaded.scene.in_channels, 2);
  ASSERT_EQ(loaded.schedule.output_channels(), 3);
  // 3 grouped outputs + 3 sums + 3 pathways of 2 maps + 2 input maps.
  const auto& grids = renderer.grids();
  ASSERT_EQ(grids.size(), 14u);
  int input_maps = 0, output_maps = 0, behind = 0;
  for (const FigureGrid& grid : grids) {
    if (grid.canvas != nullptr) {
      ++input_maps;
      EXPECT_EQ(grid.rows, 5);
    } else {
      ++output_maps;
      EXPECT_EQ(grid.rows, 3);
      EXPECT_EQ(grid.cols, 3);
    }
    if (grid.fill == GridFill::kInputBehind) ++behind;
  }
  EXPECT_EQ(input_maps, 2);
  EXPECT_EQ(output_maps, 12);
  EXPECT_EQ(behind, 4);  // one behind each of the three pathways and the input
  // Three "+" signs, one per pathway, and 3 + 3 + 3 arrows plus 3 plain lines.
  int plus = 0;
  for (const FigureText& text : renderer.texts()) plus += text.text == "+" ? 1 : 0;
  EXPECT_EQ(plus, 3);
  int heads = 0, lines = 0;
  for (const FigureArrow& arrow : renderer.arrows()) (arrow.head ? heads : lines) += 1;
  EXPECT_EQ(heads, 9);
  EXPECT_EQ(lines, 3);
  // The grouped outputs on top, the input at the bottom.
  EXPECT_LT(grids.front().y, grids.back().y);

  const Picture picture(renderer);
  const Palette& palette = renderer.palette();
  const FigureGrid& back_input = grids[grids.size() - 2];
  ASSERT_EQ(back_input.fill, GridFill::kInputBehind);
  const Point corner = InCell(back_input, back_input.rows - 1, 0);
  EXPECT_TRUE(NearRgb(picture.At(corner.x, corner.y), (Rgb{108, 113, 196})));
  const Point front = InCell(grids.back(), 2, 2);
  EXPECT_TRUE(NearRgb(picture.At(front.x, front.y), Plain(palette.input)));
}

TEST(FigureLayout, ChannelsFigureFollowsGroupsAndPadding) {
  // Four input channels to two outputs in two groups, padding 1: each pathway stacks
  // the two channels its output sees; the input canvas is 6 x 6 with dashed padding.
  LoadedFigure figure;
  LayText("figure: g\nlayout: channels\nscene: ../../examples/grouped_convolution.yaml\n", &figure);
  int input_maps = 0, pathway_maps = 0;
  for (const FigureGrid& grid : figure.renderer->grids()) {
    if (grid.canvas != nullptr) {
      ++input_maps;
      EXPECT_EQ(grid.rows, 6);
      EXPECT_EQ(grid.canvas->KindAt(0, 0), CellKind::kPadding);
    } else if (grid.fill != GridFill::kOutput) {
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
  LayFile(SourcePath("scenes/guide/figures/figure-2.1.yaml"), &plain);
  FigureRenderOptions options;
  options.show_caption = 1;
  LayFile(SourcePath("scenes/guide/figures/figure-2.1.yaml"), &captioned, options);
  EXPECT_TRUE(plain.renderer->texts().empty());
  ASSERT_GE(captioned.renderer->texts().size(), 2u);  // the guide's caption needs two lines
  EXPECT_EQ(captioned.renderer->texts().front().text.rfind("Figure 2.1: (No padding", 0), 0u);
  EXPECT_GT(captioned.renderer->height(), plain.renderer->height());
  const auto& panels = captioned.renderer->step_panels();
  for (const FigureText& text : captioned.renderer->texts()) {
    EXPECT_GT(text.baseline, panels[0].y + panels[0].height);
    EXPECT_LT(text.baseline, captioned.renderer->height());
  }
}

TEST(FigureLayout, CellSizeOptionScalesFlatFigures) {
  LoadedFigure small, large;
  FigureRenderOptions options;
  options.scene.cell_size = 20;
  LayFile(SourcePath("scenes/guide/figures/figure-1.4.yaml"), &small, options);
  options.scene.cell_size = 40;
  LayFile(SourcePath("scenes/guide/figures/figure-1.4.yaml"), &large, options);
  EXPECT_DOUBLE_EQ(small.renderer->grids()[0].cell, 20.0);
  EXPECT_DOUBLE_EQ(large.renderer->grids()[0].cell, 40.0);
  EXPECT_NEAR(large.renderer->width() / small.renderer->width(), 2.0, 0.02);
}

// ---------------------------------------------------------------------------------
// The job: files in each format, refusals that leave nothing behind.

TEST(FigureJob, WritesPngPdfAndSvg) {
  const std::string dir = MakeTempDir();
  const std::string figure = SourcePath("scenes/guide/figures/figure-2.8.yaml");
  FigureJobOptions options;
  FigureSummary summary;
  ASSERT_TRUE(RenderFigureFile(figure, dir + "/f.png", options, &summary).ok());
  EXPECT_EQ(summary.figure, "2.8");
  cairo_surface_t* png = cairo_image_surface_create_from_png((dir + "/f.png").c_str());
  ASSERT_EQ(cairo_surface_status(png), CAIRO_STATUS_SUCCESS);
  EXPECT_EQ(cairo_image_surface_get_width(png), summary.width_px);
  EXPECT_EQ(cairo_image_surface_get_height(png), summary.height_px);
  cairo_surface_destroy(png);

  options.scale = 2.0;
  FigureSummary doubled;
  ASSERT_TRUE(RenderFigureFile(figure, dir + "/f2.png", options, &doubled).ok());
  EXPECT_EQ(doubled.width_px, 2 * summary.width_px);

  ASSERT_TRUE(RenderFigureFile(figure, dir + "/f.pdf", options).ok());
  ASSERT_TRUE(RenderFigureFile(figure, dir + "/f.svg", options).ok());
  EXPECT_EQ(testing::ReadFile(dir + "/f.pdf").substr(0, 5), "%PDF-");
  EXPECT_NE(testing::ReadFile(dir + "/f.svg").find("<svg"), std::string::npos);
}

TEST(FigureJob, RefusesOtherFormatsAndBadFiguresWithoutWriting) {
  const std::string dir = MakeTempDir();
  const std::string figure = SourcePath("scenes/guide/figures/figure-2.1.yaml");
  for (const char* name : {"f.gif", "f.mp4", "f_%03d.png", "f"}) {
    const Status status = RenderFigureFile(figure, dir + "/" + name, FigureJobOptions{});
    EXPECT_EQ(status.code(), Status::Code::kInvalidScene) << name;
    EXPECT_FALSE(fs::exists(dir + "/" + name)) << name;
  }
  const std::string bad = WriteFile(dir, "bad.yaml", "figure: b\nscene: missing.yaml\n");
  const Status missing = RenderFigureFile(bad, dir + "/b.png", FigureJobOptions{});
  EXPECT_EQ(missing.code(), Status::Code::kInvalidScene);
  EXPECT_FALSE(fs::exists(dir + "/b.png"));

  // A broken scene keeps its own place and says which figure drew it.
  WriteFile(dir, "broken.yaml", "operation: convolution\ninput: {size: 5}\nkernel: {size: 9}\n");
  const std::string drawn = WriteFile(dir, "drawn.yaml", "figure: d\nscene: broken.yaml\n");
  const Status broken = RenderFigureFile(drawn, dir + "/d.png", FigureJobOptions{});
  EXPECT_EQ(broken.code(), Status::Code::kInvalidScene);
  EXPECT_NE(broken.where().file.find("broken.yaml"), std::string::npos) << broken.ToString();
  EXPECT_NE(broken.message().find("drawn.yaml:2:8"), std::string::npos) << broken.ToString();
  EXPECT_FALSE(fs::exists(dir + "/d.png"));
}

TEST(FigureJob, SameFigureGivesTheSameBytes) {
  const std::string dir = MakeTempDir();
  const std::string figure = SourcePath("scenes/guide/figures/figure-1.3.yaml");
  ASSERT_TRUE(RenderFigureFile(figure, dir + "/a.png", FigureJobOptions{}).ok());
  ASSERT_TRUE(RenderFigureFile(figure, dir + "/b.png", FigureJobOptions{}).ok());
  const std::string bytes_a = testing::ReadFile(dir + "/a.png");
  const std::string bytes_b = testing::ReadFile(dir + "/b.png");
  EXPECT_FALSE(bytes_a.empty());
  EXPECT_EQ(bytes_a, bytes_b);
}

}  // namespace
}  // namespace convanim
