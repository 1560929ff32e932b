// Drawing: palette, font and number formats, layout geometry, and pixel-level golden
// tests of known scenes (exact palette colours where cells lie, the shaded window and
// output cell of step n, dilation gaps, inserted zeros, padding, determinism).
#include <cairo.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "core/scene_loader.h"
#include "core/schedule.h"
#include "renderer/layout.h"
#include "renderer/palette.h"
#include "renderer/scene_renderer.h"
#include "renderer/text.h"
#include "tests/support/paths.h"

namespace convanim {
namespace {

// ---------------------------------------------------------------------------------
// Scenes built in code, as the scene loader would resolve them.

Tensor Counting(std::vector<int> shape, int modulus) {
  Tensor tensor(std::move(shape));
  for (std::size_t i = 0; i < tensor.size(); ++i) {
    tensor.data()[i] = static_cast<double>((i * 7 + 3) % static_cast<std::size_t>(modulus));
  }
  return tensor;
}

Scene Convolution(int input, int kernel, int stride, int padding, int dilation = 1) {
  Scene scene;
  scene.operation = Operation::kConvolution;
  scene.view = View::kArithmetic;
  scene.input_size = {input, input};
  scene.input = Counting({1, input, input}, 4);
  scene.kernel_size = {kernel, kernel};
  scene.kernel = Counting({1, 1, kernel, kernel}, 3);
  scene.stride = {stride, stride};
  scene.padding = {padding, padding, padding, padding};
  scene.dilation = {dilation, dilation};
  return scene;
}

// The transpose of Convolution(i, k, s, p) as the guide draws it: input i' = o.
Scene Transposed(int input, int kernel, int stride, int padding) {
  Scene scene = Convolution(input, kernel, stride, padding);
  scene.operation = Operation::kTransposedConvolution;
  return scene;
}

// The guide's numerical figures.
Scene GuideNumerical(Operation operation, int padding, int stride) {
  Scene scene = Convolution(5, 3, stride, padding);
  scene.operation = operation;
  scene.view = View::kNumerical;
  scene.input = Tensor({1, 5, 5},
                       {3, 3, 2, 1, 0, 0, 0, 1, 3, 1, 3, 1, 2, 2, 3, 2, 0, 0, 2, 2, 2, 0, 0, 0, 1});
  if (operation == Operation::kConvolution) {
    scene.kernel = Tensor({1, 1, 3, 3}, {0, 1, 2, 2, 2, 0, 0, 1, 2});
  } else {
    scene.kernel = Tensor();
  }
  return scene;
}

// ---------------------------------------------------------------------------------
// Rendering into memory and reading pixels back.

struct Rgb {
  int r = 0, g = 0, b = 0;
  bool operator==(const Rgb& o) const { return r == o.r && g == o.g && b == o.b; }
};

std::ostream& operator<<(std::ostream& out, const Rgb& c) {
  return out << "rgb(" << c.r << "," << c.g << "," << c.b << ")";
}

Rgb FromColour(const Colour& c) { return {c.r, c.g, c.b}; }

// `top` at `alpha` over the opaque `bottom`, as the guide's 40 % shade.
Rgb Over(const Colour& top, const Colour& bottom) {
  auto mix = [&](int t, int b) {
    return static_cast<int>(std::lround(top.alpha * t + (1.0 - top.alpha) * b));
  };
  return {mix(top.r, bottom.r), mix(top.g, bottom.g), mix(top.b, bottom.b)};
}

bool Near(const Rgb& a, const Rgb& b, int tolerance = 1) {
  return std::abs(a.r - b.r) <= tolerance && std::abs(a.g - b.g) <= tolerance &&
         std::abs(a.b - b.b) <= tolerance;
}

// The guide's colours, written out (reference/README.md), and its 40 % base02 shade
// over them, by formula: round(0.4 * base02 + 0.6 * under).
const Rgb kGuideBlue{38, 139, 210};
const Rgb kGuideCyan{42, 161, 152};
const Rgb kGuideWhite{255, 255, 255};
Rgb GuideShadeOver(const Rgb& under) {
  auto mix = [](int shade, int base) {
    return static_cast<int>(std::lround(0.4 * shade + 0.6 * base));
  };
  return {mix(7, under.r), mix(54, under.g), mix(66, under.b)};
}

class Picture {
 public:
  Picture(int width, int height)
      : surface_(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height)) {}
  ~Picture() { cairo_surface_destroy(surface_); }
  Picture(const Picture&) = delete;
  Picture& operator=(const Picture&) = delete;

  void Draw(const std::function<void(cairo_t*)>& draw) {
    cairo_t* cr = cairo_create(surface_);
    draw(cr);
    cairo_destroy(cr);
    cairo_surface_flush(surface_);
  }

  int width() const { return cairo_image_surface_get_width(surface_); }
  int height() const { return cairo_image_surface_get_height(surface_); }

  Rgb At(double x, double y) const {
    const int px = static_cast<int>(std::floor(x));
    const int py = static_cast<int>(std::floor(y));
    EXPECT_TRUE(px >= 0 && py >= 0 && px < width() && py < height()) << x << "," << y;
    if (px < 0 || py < 0 || px >= width() || py >= height()) return {-1, -1, -1};
    const unsigned char* row =
        cairo_image_surface_get_data(surface_) + py * cairo_image_surface_get_stride(surface_);
    uint32_t pixel;
    std::memcpy(&pixel, row + 4 * px, sizeof pixel);
    return {static_cast<int>((pixel >> 16) & 0xff), static_cast<int>((pixel >> 8) & 0xff),
            static_cast<int>(pixel & 0xff)};
  }
  Rgb At(Point p) const { return At(p.x, p.y); }

  std::vector<unsigned char> Bytes() const {
    const unsigned char* data = cairo_image_surface_get_data(surface_);
    return std::vector<unsigned char>(
        data, data + static_cast<std::size_t>(cairo_image_surface_get_stride(surface_)) *
                         static_cast<std::size_t>(height()));
  }

  // Pixels in the box around `centre` that are far from `background` (ink).
  int InkAround(Point centre, double half, const Rgb& background) const {
    int count = 0;
    for (int y = static_cast<int>(centre.y - half); y <= static_cast<int>(centre.y + half); ++y) {
      for (int x = static_cast<int>(centre.x - half); x <= static_cast<int>(centre.x + half); ++x) {
        if (!Near(At(x, y), background, 40)) ++count;
      }
    }
    return count;
  }

 private:
  cairo_surface_t* surface_;
};

// A scene, its schedule and a renderer, kept together (the renderer refers to both).
struct Rendered {
  explicit Rendered(Scene s, RenderOptions options = {}) : scene(std::move(s)) {
    const Status status = Schedule::Build(scene, &schedule);
    EXPECT_TRUE(status.ok()) << status.ToString();
    renderer = std::make_unique<SceneRenderer>(scene, schedule, options);
    EXPECT_TRUE(renderer->status().ok()) << renderer->status().ToString();
    EXPECT_TRUE(GetPalette("light", &palette).ok());
  }

  std::unique_ptr<Picture> Draw(int64_t step) const {
    auto picture = std::make_unique<Picture>(static_cast<int>(renderer->width()),
                                             static_cast<int>(renderer->height()));
    picture->Draw([&](cairo_t* cr) { renderer->DrawStep(cr, step); });
    return picture;
  }

  const FrameLayout& layout() const { return renderer->layout(); }

  Scene scene;
  Schedule schedule;
  std::unique_ptr<SceneRenderer> renderer;
  Palette palette;
};

// A point well inside a cell but away from its centre and lower right, where the
// numerical view writes values and subscripts: 20 % in from the top-left corner.
Point QuietPoint(const CellShape& cell) {
  const Point a = cell.corners[0], c = cell.corners[2];
  return {a.x + 0.2 * (c.x - a.x), a.y + 0.2 * (c.y - a.y)};
}

double DistanceToSegment(Point p, Point a, Point b) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double length2 = dx * dx + dy * dy;
  double t = length2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2 : 0.0;
  t = std::max(0.0, std::min(1.0, t));
  return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

// Whether `p` lies within 2.5 pixels of one of the step's four connector lines.
bool NearConnector(const FrameLayout& layout, const Step& step, Point p) {
  const double r0 = step.window_origin[0], c0 = step.window_origin[1];
  const double r1 = r0 + step.window_extent[0], c1 = c0 + step.window_extent[1];
  const std::vector<std::pair<Point, Point>> lines = {
      {layout.CanvasPoint(r0, c0), layout.OutputPoint(step.out_row, step.out_col)},
      {layout.CanvasPoint(r0, c1), layout.OutputPoint(step.out_row, step.out_col + 1)},
      {layout.CanvasPoint(r1, c1), layout.OutputPoint(step.out_row + 1, step.out_col + 1)},
      {layout.CanvasPoint(r1, c0), layout.OutputPoint(step.out_row + 1, step.out_col)}};
  for (const auto& [from, to] : lines) {
    if (DistanceToSegment(p, from, to) < 2.5) return true;
  }
  return false;
}

// A point inside canvas cell (row, col) away from the step's connector lines: the
// quiet point, else the centre, else a point 20 % along a diagonal from a corner.
Point ProbeOffTheConnectors(const FrameLayout& layout, const Step& step, int row, int col) {
  const CellShape cell = layout.CanvasCell(row, col);
  const Point centre = layout.CanvasCellCentre(row, col);
  std::vector<Point> candidates = {QuietPoint(cell), centre};
  for (const Point& corner : cell.corners) {
    candidates.push_back(
        {corner.x + 0.4 * (centre.x - corner.x), corner.y + 0.4 * (centre.y - corner.y)});
  }
  for (const Point& candidate : candidates) {
    if (!NearConnector(layout, step, candidate)) return candidate;
  }
  ADD_FAILURE() << "every probe of canvas cell " << row << "," << col << " lies on a connector";
  return centre;
}

std::set<std::pair<int, int>> TappedCells(const Step& step) {
  std::set<std::pair<int, int>> cells;
  for (const Tap& tap : step.taps) cells.insert({tap.canvas_row, tap.canvas_col});
  return cells;
}

// ---------------------------------------------------------------------------------
// Palette

TEST(PaletteTest, LightThemeHasTheGuidesColours) {
  ASSERT_FALSE(ThemeNames().empty());
  EXPECT_EQ(ThemeNames().front(), "light");
  Palette palette;
  ASSERT_TRUE(GetPalette("light", &palette).ok());
  EXPECT_EQ(palette.name, "light");
  EXPECT_EQ(FromColour(palette.background), (Rgb{255, 255, 255}));
  EXPECT_EQ(FromColour(palette.input), (Rgb{38, 139, 210}));
  EXPECT_EQ(FromColour(palette.output), (Rgb{42, 161, 152}));
  EXPECT_EQ(FromColour(palette.grid), (Rgb{0, 43, 54}));
  EXPECT_EQ(FromColour(palette.shade), (Rgb{7, 54, 66}));
  EXPECT_DOUBLE_EQ(palette.shade.alpha, 0.4);
  EXPECT_DOUBLE_EQ(palette.input.alpha, 1.0);
  EXPECT_EQ(FromColour(palette.label), (Rgb{88, 110, 117}));
  EXPECT_EQ(FromColour(palette.behind), (Rgb{108, 113, 196}));  // Solarized violet
}

TEST(PaletteTest, EveryBuiltinThemeParses) {
  for (const std::string& name : ThemeNames()) {
    Palette palette;
    const Status status = GetPalette(name, &palette);
    EXPECT_TRUE(status.ok()) << name << ": " << status.ToString();
  }
}

TEST(PaletteTest, UnknownThemeIsRefusedNamingTheKnownOnes) {
  Palette palette;
  const Status status = GetPalette("sepia", &palette);
  EXPECT_EQ(status.code(), Status::Code::kInvalidScene);
  EXPECT_NE(status.message().find("sepia"), std::string::npos);
  EXPECT_NE(status.message().find("light"), std::string::npos);
}

TEST(PaletteTest, TheLoaderAcceptsExactlyTheRenderersThemes) {
  // The core cannot link the renderer, so the loader keeps its own list of theme words;
  // this ties the two together (a new palette file must be added to both).
  for (const std::string& name : ThemeNames()) {
    Scene scene;
    const Status status = ParseScene(
        "operation: convolution\ninput: {size: 4, seed: 1}\nkernel: {size: 3, seed: 2}\n"
        "style: {theme: " +
            name + "}\n",
        "theme.yaml", &scene);
    ASSERT_TRUE(status.ok()) << name << ": " << status.ToString();
    EXPECT_EQ(scene.style.theme, name);
    Schedule schedule;
    ASSERT_TRUE(Schedule::Build(scene, &schedule).ok());
    EXPECT_TRUE(SceneRenderer(scene, schedule, RenderOptions{}).status().ok()) << name;
  }
  Scene scene;
  const Status unknown = ParseScene(
      "operation: convolution\ninput: {size: 4, seed: 1}\nkernel: {size: 3, seed: 2}\n"
      "style: {theme: sepia}\n",
      "theme.yaml", &scene);
  EXPECT_EQ(unknown.code(), Status::Code::kInvalidScene);
}

TEST(PaletteTest, ParserRejectsMalformedFiles) {
  const std::string complete =
      "background 255 255 255\ninput 38 139 210\noutput 42 161 152\ngrid 0 43 54\n"
      "shade 7 54 66 0.4\nconnector 0 0 0\ntext 0 0 0\nlabel 88 110 117\nbehind 108 113 196\n";
  Palette palette;
  ASSERT_TRUE(ParsePalette(complete, "t.txt", &palette).ok());
  EXPECT_DOUBLE_EQ(palette.shade.alpha, 0.4);
  EXPECT_TRUE(ParsePalette("# comment\n" + complete + "  # trailing\n", "t.txt", &palette).ok());

  const std::vector<std::pair<std::string, std::string>> bad = {
      {complete + "input 1 2 3\n", "already set"},
      {complete + "glow 1 2 3\n", "unknown colour role"},
      {"input 38 139 210\n", "missing"},
      {"background 256 0 0\n", "0-255"},
      {"background -1 0 0\n", "0-255"},
      {"background 1.5 0 0\n", "0-255"},
      {"background 1 2\n", "expected"},
      {"background 1 2 3 1.5\n", "alpha"},
      {"background 1 2 3 x\n", "alpha"},
  };
  for (const auto& [text, message] : bad) {
    const Status status = ParsePalette(text, "t.txt", &palette);
    EXPECT_FALSE(status.ok()) << text;
    EXPECT_NE(status.message().find(message), std::string::npos) << status.message();
    EXPECT_NE(status.message().find("t.txt"), std::string::npos) << status.message();
  }
}

// ---------------------------------------------------------------------------------
// Text

TEST(TextTest, OutputValuesHaveTheStylesDecimals) {
  EXPECT_EQ(FormatFixed(12.0, 1), "12.0");
  EXPECT_EQ(FormatFixed(6.0, 1), "6.0");
  EXPECT_EQ(FormatFixed(1.0 / 3.0, 2), "0.33");
  EXPECT_EQ(FormatFixed(2.5, 0), "2");  // printf rounds half to even
  EXPECT_EQ(FormatFixed(-1.25, 2),
            "\xE2\x88\x92"
            "1.25");
  EXPECT_EQ(FormatFixed(-0.04, 1), "0.0");  // never "-0.0"
}

TEST(TextTest, InputsAndWeightsAreCompact) {
  EXPECT_EQ(FormatCompact(2.0), "2");
  EXPECT_EQ(FormatCompact(0.0), "0");
  EXPECT_EQ(FormatCompact(-0.0), "0");
  EXPECT_EQ(FormatCompact(0.5), "0.5");
  EXPECT_EQ(FormatCompact(1.25), "1.25");
  EXPECT_EQ(FormatCompact(1.0 / 3.0), "0.33");
  EXPECT_EQ(FormatCompact(0.1000001), "0.1");
  EXPECT_EQ(FormatCompact(-3.0),
            "\xE2\x88\x92"
            "3");
}

TEST(TextTest, EmbeddedFontLoadsAndMeasures) {
  ASSERT_TRUE(TextFontStatus().ok()) << TextFontStatus().ToString();
  const double one = TextWidth("0", 20.0);
  EXPECT_GT(one, 5.0);
  EXPECT_LT(one, 20.0);
  // Latin Modern's digits share one advance; metrics are unhinted, so exactly linear.
  EXPECT_DOUBLE_EQ(TextWidth("00", 20.0), 2.0 * one);
  EXPECT_DOUBLE_EQ(TextWidth("7", 20.0), one);
  EXPECT_NEAR(TextWidth("0", 40.0), 2.0 * one, 1e-9);
}

// ---------------------------------------------------------------------------------
// Layout

// One map over another, no channels, labels or title; automatic cells.
LayoutSpec Spec(View view, Pair canvas, Pair output) {
  LayoutSpec spec;
  spec.view = view;
  spec.canvas = canvas;
  spec.output = output;
  return spec;
}

TEST(LayoutTest, ArithmeticViewIsTheGuidesObliqueProjection) {
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

TEST(LayoutTest, NumericalViewIsFlatOnWholePixels) {
  LayoutSpec spec = Spec(View::kNumerical, {7, 7}, {3, 3});
  const FrameLayout layout = FrameLayout::Compute(spec);
  const double cell = layout.cell_size();
  EXPECT_EQ(cell, std::round(cell));
  EXPECT_TRUE(layout.pixel_aligned());
  EXPECT_EQ(layout.grid_line_width(), std::round(layout.grid_line_width()));
  const CellShape first = layout.CanvasCell(0, 0);
  EXPECT_EQ(first.corners[0].x, std::round(first.corners[0].x));
  EXPECT_EQ(first.corners[0].y, std::round(first.corners[0].y));
  EXPECT_EQ(first.corners[2].x - first.corners[0].x, cell);
  EXPECT_EQ(first.corners[2].y - first.corners[0].y, cell);
  // The output starts one free cell right of the canvas, raised as the guide does:
  // (7 - 3) / 2 = 2 cells from the bottom, so 2 from the top.
  EXPECT_EQ(layout.OutputPoint(0, 0).x, layout.CanvasPoint(0, 8).x);
  EXPECT_EQ(layout.OutputPoint(0, 0).y, layout.CanvasPoint(2, 0).y);
  // 5 vs 3: one cell below, one above.
  spec.canvas = {5, 5};
  const FrameLayout guide = FrameLayout::Compute(spec);
  EXPECT_EQ(guide.OutputPoint(0, 0).y, guide.CanvasPoint(1, 0).y);
  EXPECT_EQ(guide.OutputPoint(3, 0).y, guide.CanvasPoint(4, 0).y);
}

TEST(LayoutTest, GuideFramesAreAtLeastTheOriginalsPixelSize) {
  // The scene files of scenes/guide/ against the originals (ffprobe of
  // ../shared/reference/gif/): at least their pixel size, not wildly larger.
  struct Original {
    const char* name;
    int width, height, steps;
  };
  const std::vector<Original> originals = {
      {"arbitrary_padding_no_strides", 495, 542, 36},
      {"arbitrary_padding_no_strides_transposed", 445, 479, 25},
      {"dilation", 395, 381, 9},
      {"full_padding_no_strides", 495, 576, 49},
      {"full_padding_no_strides_transposed", 395, 449, 25},
      {"no_padding_no_strides", 244, 259, 4},
      {"no_padding_no_strides_transposed", 344, 386, 16},
      {"no_padding_strides", 294, 288, 4},
      {"no_padding_strides_transposed", 395, 449, 25},
      {"numerical_average_pooling", 337, 219, 9},
      {"numerical_max_pooling", 337, 219, 9},
      {"numerical_no_padding_no_strides", 337, 219, 9},
      {"numerical_padding_strides", 396, 278, 9},
      {"padding_strides", 395, 381, 9},
      {"padding_strides_odd", 445, 411, 9},
      {"padding_strides_odd_transposed", 445, 513, 36},
      {"padding_strides_transposed", 395, 449, 25},
      {"same_padding_no_strides", 395, 449, 25},
      {"same_padding_no_strides_transposed", 395, 449, 25},
  };
  for (const Original& original : originals) {
    Scene scene;
    const Status loaded = LoadSceneFile(
        testing::SourcePath(std::string("scenes/guide/") + original.name + ".yaml"), &scene);
    ASSERT_TRUE(loaded.ok()) << loaded.ToString();
    Rendered rendered(scene);
    EXPECT_EQ(rendered.schedule.step_count(), original.steps) << original.name;
    const double width = rendered.renderer->width(), height = rendered.renderer->height();
    EXPECT_GE(width, original.width) << original.name;
    EXPECT_GE(height, original.height) << original.name;
    // Default cells are 36 px against the originals' 30.
    EXPECT_LE(width, 1.4 * original.width) << original.name;
    EXPECT_LE(height, 1.4 * original.height) << original.name;
    EXPECT_EQ(width, std::round(width)) << original.name;
    EXPECT_EQ(height, std::round(height)) << original.name;
  }
}

TEST(LayoutTest, BigGridsShrinkToAReasonableFrame) {
  for (View view : {View::kArithmetic, View::kNumerical}) {
    Scene scene = Convolution(40, 3, 1, 0);
    scene.view = view;
    Rendered rendered(scene);
    const FrameLayout& layout = rendered.layout();
    EXPECT_LE(std::max(layout.width(), layout.height()), FrameLayout::kMaxAutoExtent);
    EXPECT_GE(std::max(layout.width(), layout.height()), 0.8 * FrameLayout::kMaxAutoExtent);
    EXPECT_LT(layout.cell_size(), FrameLayout::kDefaultCellSize);
    EXPECT_GE(layout.cell_size(), 15.0);
    EXPECT_EQ(layout.cell_size(), std::round(layout.cell_size()));
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
  EXPECT_GT(guide.weight_font_size(), FrameLayout::kMinReadableFont);
}

TEST(LayoutTest, ExplicitCellSizeIsHonouredAndNonSquareGridsKeepTheirShape) {
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
}

TEST(LayoutTest, StacksAndLabelsGetRoom) {
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
// Pixels: the arithmetic view

TEST(ArithmeticPixelsTest, PaddingStridesStepOneHasTheGuidesColours) {
  Rendered r(Convolution(5, 3, 2, 1));  // padding_strides: 7 x 7 canvas, 3 x 3 output
  ASSERT_EQ(r.schedule.step_count(), 9);
  const Step step = r.schedule.StepAt(1);
  ASSERT_EQ(step.out_row, 0);
  ASSERT_EQ(step.out_col, 1);
  ASSERT_EQ(step.window_origin, (Pair{0, 2}));
  const auto picture = r.Draw(1);
  const FrameLayout& layout = r.layout();
  const Palette& p = r.palette;
  const Rgb blue = kGuideBlue, cyan = kGuideCyan, white = kGuideWhite;
  EXPECT_EQ(GuideShadeOver(blue), (Rgb{26, 105, 152}));

  EXPECT_EQ(picture->At(layout.CanvasCellCentre(4, 4)), blue);  // input, outside the window
  EXPECT_EQ(picture->At(layout.CanvasCellCentre(5, 1)), blue);
  EXPECT_TRUE(Near(picture->At(layout.CanvasCellCentre(1, 3)), GuideShadeOver(blue)))
      << picture->At(layout.CanvasCellCentre(1, 3)) << " vs " << GuideShadeOver(blue);
  EXPECT_TRUE(Near(picture->At(layout.CanvasCellCentre(2, 4)), GuideShadeOver(blue)));
  EXPECT_EQ(picture->At(layout.CanvasCellCentre(6, 6)), white);  // padding
  EXPECT_EQ(picture->At(layout.CanvasCellCentre(3, 0)), white);
  EXPECT_TRUE(Near(picture->At(layout.CanvasCellCentre(0, 3)), GuideShadeOver(white)))
      << picture->At(layout.CanvasCellCentre(0, 3));
  EXPECT_TRUE(Near(picture->At(layout.CanvasCellCentre(0, 2)), GuideShadeOver(white)));
  EXPECT_TRUE(Near(picture->At(layout.OutputCellCentre(0, 1)), GuideShadeOver(cyan)));
  EXPECT_EQ(picture->At(layout.OutputCellCentre(0, 0)), cyan);
  EXPECT_EQ(picture->At(layout.OutputCellCentre(2, 2)), cyan);
  // A grid line between two input cells is the grid colour at its middle.
  const Point edge = layout.CanvasPoint(4.5, 4);  // between (4,3) and (4,4)
  EXPECT_TRUE(Near(picture->At(edge), FromColour(p.grid), 30)) << picture->At(edge);
  // Outside the figure: background.
  EXPECT_EQ(picture->At(2, 2), white);
  EXPECT_EQ(picture->At(picture->width() - 3, 2), white);
}

TEST(ArithmeticPixelsTest, EachStepShadesItsOwnOutputCellAndWindow) {
  Rendered r(Convolution(5, 3, 2, 1));
  const FrameLayout& layout = r.layout();
  const Palette& p = r.palette;
  const Canvas& canvas = r.schedule.canvas();
  for (int64_t n = 0; n < r.schedule.step_count(); ++n) {
    const Step step = r.schedule.StepAt(n);
    const auto picture = r.Draw(n);
    for (int row = 0; row < 3; ++row) {
      for (int col = 0; col < 3; ++col) {
        const Rgb got = picture->At(layout.OutputCellCentre(row, col));
        if (row == step.out_row && col == step.out_col) {
          EXPECT_TRUE(Near(got, Over(p.shade, p.output))) << "step " << n << ": " << got;
        } else {
          EXPECT_EQ(got, FromColour(p.output)) << "step " << n << " cell " << row << "," << col;
        }
      }
    }
    const auto tapped = TappedCells(step);
    for (int row = 0; row < canvas.rows.length; ++row) {
      for (int col = 0; col < canvas.cols.length; ++col) {
        const Colour& base = canvas.KindAt(row, col) == CellKind::kInput ? p.input : p.background;
        const Rgb want = tapped.count({row, col}) ? Over(p.shade, base) : FromColour(base);
        const Point centre = layout.CanvasCellCentre(row, col);
        if (NearConnector(layout, step, centre)) continue;  // a line crosses the centre
        const Rgb got = picture->At(centre);
        EXPECT_TRUE(Near(got, want))
            << "step " << n << " canvas " << row << "," << col << ": " << got << " want " << want;
      }
    }
  }
}

TEST(ArithmeticPixelsTest, ConnectorLinesRunFromTheWindowToTheOutputCell) {
  Rendered r(Convolution(5, 3, 2, 1));
  const auto picture = r.Draw(0);
  const FrameLayout& layout = r.layout();
  // The line from the window's first corner (the canvas's leftmost corner) to the
  // output's first corner runs through empty space: dark halfway, white beside it.
  const Point from = layout.CanvasPoint(0, 0);
  const Point to = layout.OutputPoint(0, 0);
  const Point middle{(from.x + to.x) / 2.0, (from.y + to.y) / 2.0};
  const Rgb white = FromColour(r.palette.background);
  EXPECT_GT(picture->InkAround(middle, 1.5, white), 0);
  EXPECT_EQ(picture->At(middle.x + 8, middle.y), white);
  EXPECT_EQ(picture->At(middle.x - 8, middle.y), white);
  // Step 8 moves the line: the same point is white then.
  EXPECT_EQ(r.Draw(8)->InkAround(middle, 1.5, white), 0);
}

TEST(ArithmeticPixelsTest, DilatedKernelShadesOnlyTheCellsItTaps) {
  Rendered r(Convolution(7, 3, 1, 0, 2));  // the guide's dilation figure
  const Palette& p = r.palette;
  const FrameLayout& layout = r.layout();
  const Step step = r.schedule.StepAt(0);
  ASSERT_EQ(step.window_extent, (Pair{5, 5}));
  const auto picture = r.Draw(0);
  const Rgb shaded = Over(p.shade, p.input);
  for (int row = 0; row < 5; ++row) {
    for (int col = 0; col < 5; ++col) {
      // The hairline connectors are one unshaded pixel wide: probe beside them.
      const Point probe = ProbeOffTheConnectors(layout, step, row, col);
      ASSERT_FALSE(NearConnector(layout, step, probe)) << row << "," << col;
      const Rgb got = picture->At(probe);
      if (row % 2 == 0 && col % 2 == 0) {
        EXPECT_TRUE(Near(got, shaded)) << row << "," << col << ": " << got;
      } else {
        EXPECT_EQ(got, FromColour(p.input)) << "gap " << row << "," << col;
      }
    }
  }
}

TEST(ArithmeticPixelsTest, TransposedConvolutionShowsInsertedZerosAsEmptyCells) {
  Rendered r(Transposed(3, 3, 2, 1));  // padding_strides_transposed: 5 x 5 output
  const Palette& p = r.palette;
  const FrameLayout& layout = r.layout();
  const Canvas& canvas = r.schedule.canvas();
  ASSERT_EQ(r.schedule.step_count(), 25);
  const auto picture = r.Draw(24);  // window in the bottom-right corner
  const Step step = r.schedule.StepAt(24);
  const auto tapped = TappedCells(step);
  int inputs = 0, zeros = 0;
  for (int row = 0; row < canvas.rows.length; ++row) {
    for (int col = 0; col < canvas.cols.length; ++col) {
      const CellKind kind = canvas.KindAt(row, col);
      inputs += kind == CellKind::kInput;
      zeros += kind == CellKind::kInsertedZero;
      const Colour& base = kind == CellKind::kInput ? p.input : p.background;
      const Rgb want = tapped.count({row, col}) ? Over(p.shade, base) : FromColour(base);
      Point probe = QuietPoint(layout.CanvasCell(row, col));
      if (NearConnector(layout, step, probe)) probe = layout.CanvasCellCentre(row, col);
      ASSERT_FALSE(NearConnector(layout, step, probe));
      const Rgb got = picture->At(probe);
      EXPECT_TRUE(Near(got, want)) << row << "," << col << ": " << got << " want " << want;
    }
  }
  EXPECT_EQ(inputs, 9);
  EXPECT_EQ(zeros, 16);  // 5 x 5 stretched input minus its 9 units
}

// ---------------------------------------------------------------------------------
// Pixels: the numerical view

TEST(NumericalPixelsTest, GuideSceneStepZero) {
  Rendered r(GuideNumerical(Operation::kConvolution, 0, 1));
  const Palette& p = r.palette;
  const FrameLayout& layout = r.layout();
  ASSERT_EQ(r.schedule.step_count(), 9);
  const auto picture = r.Draw(0);
  const Rgb shaded_input = GuideShadeOver(kGuideBlue);
  EXPECT_TRUE(Near(picture->At(QuietPoint(layout.CanvasCell(0, 0))), shaded_input));
  EXPECT_TRUE(Near(picture->At(QuietPoint(layout.CanvasCell(2, 2))), shaded_input));
  EXPECT_EQ(picture->At(QuietPoint(layout.CanvasCell(0, 3))), kGuideBlue);
  EXPECT_EQ(picture->At(QuietPoint(layout.CanvasCell(4, 4))), kGuideBlue);
  EXPECT_TRUE(Near(picture->At(QuietPoint(layout.OutputCell(0, 0))), GuideShadeOver(kGuideCyan)));
  EXPECT_EQ(picture->At(QuietPoint(layout.OutputCell(2, 2))), kGuideCyan);

  // Values are written in every input cell; subscripts only under the window.
  const double cell = layout.cell_size();
  for (int row = 0; row < 5; ++row) {
    for (int col = 0; col < 5; ++col) {
      const CellShape shape = layout.CanvasCell(row, col);
      const bool under = row < 3 && col < 3;
      const Rgb background = under ? shaded_input : FromColour(p.input);
      EXPECT_GT(picture->InkAround(shape.Centre(), 0.15 * cell, background), 5)
          << "value at " << row << "," << col;
      const Point subscript = layout.CanvasPoint(row + 0.8, col + 0.8);
      const int ink = picture->InkAround(subscript, 0.08 * cell, background);
      if (under) {
        EXPECT_GT(ink, 0) << "weight at " << row << "," << col;
      } else {
        EXPECT_EQ(ink, 0) << "no weight at " << row << "," << col;
      }
    }
  }
  // Output values are written too.
  EXPECT_GT(picture->InkAround(layout.OutputCellCentre(1, 1), 0.15 * cell, FromColour(p.output)),
            5);
}

// The pixels of one numerical cell as they should look: `under` filled, `value` in the
// middle, then the shade when `shaded`, then `weight` as the subscript ("" for none).
std::unique_ptr<Picture> ExpectedCell(const Rendered& r, const CellShape& cell, const Colour& under,
                                      const std::string& value, double value_size, bool shaded,
                                      const std::string& weight) {
  const FrameLayout& layout = r.layout();
  auto picture = std::make_unique<Picture>(static_cast<int>(r.renderer->width()),
                                           static_cast<int>(r.renderer->height()));
  picture->Draw([&](cairo_t* cr) {
    auto fill = [&](const Colour& colour) {
      cairo_rectangle(cr, cell.corners[0].x, cell.corners[0].y, layout.cell_size(),
                      layout.cell_size());
      SetSourceColour(cr, colour);
      cairo_fill(cr);
    };
    fill(under);
    const Point centre = cell.Centre();
    SetSourceColour(cr, r.palette.text);
    DrawCentredText(cr, value, centre.x, centre.y, value_size);
    if (shaded) fill(r.palette.shade);
    // The subscript sits at the cell's lower right (0.78 of a row, 0.8 of a column).
    const Point sub{cell.corners[0].x + 0.8 * layout.cell_size(),
                    cell.corners[0].y + 0.78 * layout.cell_size()};
    SetSourceColour(cr, r.palette.text);
    DrawCentredText(cr, weight, sub.x, sub.y, layout.weight_font_size());
  });
  return picture;
}

// Compares the inside of `cell` (clear of its grid lines) in two pictures, pixel by pixel.
void ExpectSameCell(const Picture& got, const Picture& want, const CellShape& cell,
                    const std::string& what) {
  const int inset = 3;
  int differing = 0;
  for (int y = static_cast<int>(cell.corners[0].y) + inset;
       y < static_cast<int>(cell.corners[2].y) - inset; ++y) {
    for (int x = static_cast<int>(cell.corners[0].x) + inset;
         x < static_cast<int>(cell.corners[2].x) - inset; ++x) {
      differing += !(got.At(x, y) == want.At(x, y));
    }
  }
  EXPECT_EQ(differing, 0) << what;
}

TEST(NumericalPixelsTest, CellsShowTheGuidesNumbers) {
  // numerical_no_padding_no_strides, step 4: the window on rows and columns 1-3, the
  // output [[12,12,17],[10,17,19],[9,6,14]] with one decimal.
  Rendered r(GuideNumerical(Operation::kConvolution, 0, 1));
  const FrameLayout& layout = r.layout();
  const Palette& p = r.palette;
  ASSERT_EQ(r.schedule.StepAt(4).window_origin, (Pair{1, 1}));
  const auto picture = r.Draw(4);
  const double value = layout.value_font_size(), output = layout.output_font_size();
  // Inputs outside the window: the value alone.
  for (const auto& [row, col, text] : std::vector<std::tuple<int, int, std::string>>{
           {0, 0, "3"}, {0, 3, "1"}, {4, 4, "1"}, {3, 0, "2"}}) {
    const CellShape cell = layout.CanvasCell(row, col);
    ExpectSameCell(*picture, *ExpectedCell(r, cell, p.input, text, value, false, ""), cell,
                   "input " + text);
  }
  // Under the window: the value shaded, and the weight of the kernel tap on it.
  for (const auto& [row, col, text, weight] :
       std::vector<std::tuple<int, int, std::string, std::string>>{{1, 1, "0", "0"},
                                                                   {1, 3, "3", "2"},
                                                                   {2, 2, "2", "2"},
                                                                   {3, 1, "0", "0"},
                                                                   {3, 2, "0", "1"}}) {
    const CellShape cell = layout.CanvasCell(row, col);
    ExpectSameCell(*picture, *ExpectedCell(r, cell, p.input, text, value, true, weight), cell,
                   "input " + text + " weight " + weight);
  }
  // Outputs other than the current one.
  for (const auto& [row, col, text] : std::vector<std::tuple<int, int, std::string>>{
           {0, 0, "12.0"}, {0, 2, "17.0"}, {1, 2, "19.0"}, {2, 1, "6.0"}, {2, 2, "14.0"}}) {
    const CellShape cell = layout.OutputCell(row, col);
    ExpectSameCell(*picture, *ExpectedCell(r, cell, p.output, text, output, false, ""), cell,
                   "output " + text);
  }
}

TEST(NumericalPixelsTest, PaddingCellsAreWhiteAndShadedPaddingIsBlended) {
  Rendered r(GuideNumerical(Operation::kConvolution, 1, 2));  // numerical_padding_strides
  const Palette& p = r.palette;
  const FrameLayout& layout = r.layout();
  const auto picture = r.Draw(1);  // window rows 0-2, cols 2-4
  ASSERT_EQ(r.schedule.StepAt(1).window_origin, (Pair{0, 2}));
  EXPECT_EQ(picture->At(QuietPoint(layout.CanvasCell(0, 0))), FromColour(p.background));
  EXPECT_EQ(picture->At(QuietPoint(layout.CanvasCell(6, 6))), FromColour(p.background));
  EXPECT_TRUE(Near(picture->At(QuietPoint(layout.CanvasCell(0, 3))), Over(p.shade, p.background)));
  EXPECT_TRUE(Near(picture->At(QuietPoint(layout.CanvasCell(1, 3))), Over(p.shade, p.input)));
  EXPECT_EQ(picture->At(QuietPoint(layout.CanvasCell(1, 1))), FromColour(p.input));
  // Padding shows its zero, as the guide's numerical_padding_strides does.
  EXPECT_GT(picture->InkAround(layout.CanvasCellCentre(6, 0), 0.15 * layout.cell_size(),
                               FromColour(p.background)),
            5);
}

TEST(NumericalPixelsTest, CellsPastThePaddedInputShowNoZero) {
  // Average pooling k = 3, s = 2, padding 1 at the top and left only, ceil_mode and
  // count_include_pad over 5 x 5: the padded input spans canvas cells 0-5 and the last
  // window (cells 4-6) hangs one cell past it. The padding counts here, so it shows its
  // 0; cell 6 is outside and stays blank.
  Scene scene = GuideNumerical(Operation::kAveragePooling, 0, 2);
  scene.padding = Padding{1, 1, 0, 0};
  scene.ceil_mode = true;
  scene.count_include_pad = true;
  Rendered r(scene);
  ASSERT_EQ(r.schedule.canvas().cols.length, 7);
  ASSERT_EQ(r.schedule.canvas().KindAt(1, 0), CellKind::kPadding);
  ASSERT_EQ(r.schedule.canvas().KindAt(1, 6), CellKind::kOutside);
  const FrameLayout& layout = r.layout();
  const auto picture = r.Draw(1);  // window on cells 0-2 x 2-4: the probed cells are unshaded
  ASSERT_EQ(r.schedule.StepAt(1).window_origin, (Pair{0, 2}));
  const Rgb white = FromColour(r.palette.background);
  const double half = 0.15 * layout.cell_size();
  EXPECT_GT(picture->InkAround(layout.CanvasCellCentre(1, 0), half, white), 5);
  EXPECT_EQ(picture->InkAround(layout.CanvasCellCentre(1, 6), half, white), 0);
  EXPECT_EQ(picture->InkAround(layout.CanvasCellCentre(6, 1), half, white), 0);

  // Max pooling ignores padding: no zeros drawn there either.
  scene.operation = Operation::kMaxPooling;
  Rendered max(scene);
  EXPECT_EQ(max.Draw(1)->InkAround(max.layout().CanvasCellCentre(1, 0), half, white), 0);
}

TEST(NumericalPixelsTest, GridLinesSitOnThePixelGrid) {
  Rendered r(GuideNumerical(Operation::kConvolution, 0, 1));
  const FrameLayout& layout = r.layout();
  const auto picture = r.Draw(8);
  const Rgb grid = FromColour(r.palette.grid);
  const int width = static_cast<int>(layout.grid_line_width());
  // The vertical line between columns 1 and 2, a third of the way down row 4: every
  // pixel the line covers is exactly the grid colour, its neighbours are not blends.
  const Point top = layout.CanvasPoint(4, 2);  // left of it (4,1) is plain, right (4,2) shaded
  const int y = static_cast<int>(top.y + 0.3 * layout.cell_size());
  const int first = static_cast<int>(std::floor(top.x - width / 2.0 + 0.5 * (width % 2)));
  for (int x = first; x < first + width; ++x) EXPECT_EQ(picture->At(x, y), grid) << x;
  EXPECT_EQ(picture->At(first - 1, y), FromColour(r.palette.input));
  EXPECT_TRUE(Near(picture->At(first + width, y), Over(r.palette.shade, r.palette.input)));
}

TEST(NumericalPixelsTest, PoolingHasNoWeightSubscripts) {
  Rendered r(GuideNumerical(Operation::kMaxPooling, 0, 1));
  const FrameLayout& layout = r.layout();
  const auto picture = r.Draw(0);
  const Rgb shaded = Over(r.palette.shade, r.palette.input);
  for (int row = 0; row < 3; ++row) {
    for (int col = 0; col < 3; ++col) {
      const Point subscript = layout.CanvasPoint(row + 0.8, col + 0.8);
      EXPECT_EQ(picture->InkAround(subscript, 0.08 * layout.cell_size(), shaded), 0);
    }
  }
}

TEST(NumericalPixelsTest, DecimalsChangeTheOutputText) {
  Scene scene = GuideNumerical(Operation::kAveragePooling, 0, 1);
  Rendered one(scene);
  RenderOptions options;
  options.decimals = 3;
  Rendered three(scene, options);
  const auto a = one.Draw(0);
  const auto b = three.Draw(0);
  ASSERT_EQ(a->width(), b->width());
  // Input side identical, output text differs: the mean of rows and columns 2-4 is
  // 12 / 9, and (0, 1) is 15 / 9.
  const Point input = one.layout().CanvasCellCentre(4, 4);
  EXPECT_EQ(a->At(input), b->At(input));
  const double size = one.layout().output_font_size();
  const Colour& cyan = one.palette.output;
  for (const auto& [row, col, one_decimal, three_decimals] :
       std::vector<std::tuple<int, int, std::string, std::string>>{{2, 2, "1.3", "1.333"},
                                                                   {0, 1, "1.7", "1.667"}}) {
    const CellShape cell = one.layout().OutputCell(row, col);
    ExpectSameCell(*a, *ExpectedCell(one, cell, cyan, one_decimal, size, false, ""), cell,
                   one_decimal);
    ExpectSameCell(*b, *ExpectedCell(three, cell, cyan, three_decimals, size, false, ""), cell,
                   three_decimals);
  }
}

// ---------------------------------------------------------------------------------
// Channels, themes, determinism, threads

TEST(RendererTest, MultiChannelScenesDrawStacksWithTheCurrentChannelInFront) {
  Scene scene = Convolution(5, 3, 1, 1);
  scene.in_channels = 2;
  scene.out_channels = 3;
  scene.input = Counting({2, 5, 5}, 4);
  scene.kernel = Counting({3, 2, 3, 3}, 3);
  for (View view : {View::kArithmetic, View::kNumerical}) {
    scene.view = view;
    Rendered r(scene);
    const FrameLayout& layout = r.layout();
    EXPECT_EQ(layout.input_layers(), 2);
    EXPECT_EQ(layout.output_layers(), 3);
    ASSERT_EQ(r.schedule.step_count(), 75);
    const Step step = r.schedule.StepAt(30);  // output channel 1, row 1, column 0
    ASSERT_EQ(step.out_channel, 1);
    const auto picture = r.Draw(30);
    EXPECT_TRUE(Near(picture->At(QuietPoint(layout.OutputCell(step.out_row, step.out_col))),
                     Over(r.palette.shade, r.palette.output)));
    EXPECT_EQ(picture->At(QuietPoint(layout.OutputCell(4, 4))), FromColour(r.palette.output));
    // The copies behind the output map show past its front edge.
    const Point edge = layout.OutputPoint(5, 2.5);
    const Point layer_step = layout.OutputPoint(5, 2.5, 1);
    const Point below{edge.x + 1.5 * (layer_step.x - edge.x),
                      edge.y + 1.5 * (layer_step.y - edge.y)};
    EXPECT_FALSE(picture->At(below) == FromColour(r.palette.background))
        << "view " << static_cast<int>(view);
    // Labels are written.
    const Rgb white = FromColour(r.palette.background);
    EXPECT_GT(picture->InkAround(layout.output_label_centre(), 10, white), 5);
    EXPECT_GT(picture->InkAround(layout.input_label_centre(), 10, white), 5);
  }
}

TEST(RendererTest, GroupedAndPoolingChannelsRender) {
  Scene grouped = Convolution(4, 3, 1, 0);
  grouped.in_channels = 4;
  grouped.out_channels = 2;
  grouped.groups = 2;
  grouped.input = Counting({4, 4, 4}, 4);
  grouped.kernel = Counting({2, 2, 3, 3}, 3);
  Rendered r(grouped);
  const Step last = r.schedule.StepAt(r.schedule.step_count() - 1);
  EXPECT_EQ(last.group, 1);
  const auto picture = r.Draw(r.schedule.step_count() - 1);
  EXPECT_TRUE(Near(picture->At(r.layout().OutputCellCentre(last.out_row, last.out_col)),
                   Over(r.palette.shade, r.palette.output)));
  EXPECT_EQ(InputStackLabel(last, grouped.in_channels),
            "input channels 3\xE2\x80\x93"
            "4 of 4");
  EXPECT_EQ(InputStackLabel(r.schedule.StepAt(0), grouped.in_channels),
            "input channels 1\xE2\x80\x93"
            "2 of 4");

  Scene pooling = GuideNumerical(Operation::kMaxPooling, 0, 1);
  pooling.in_channels = 3;
  pooling.out_channels = 3;
  pooling.input = Counting({3, 5, 5}, 4);
  Rendered pooled(pooling);
  EXPECT_EQ(pooled.schedule.step_count(), 27);
  EXPECT_EQ(pooled.layout().input_layers(), 3);
  const auto frame = pooled.Draw(26);
  EXPECT_EQ(InputStackLabel(pooled.schedule.StepAt(26), 3), "input channel 3 of 3");
  EXPECT_GT(frame->InkAround(pooled.layout().input_label_centre(), 10,
                             FromColour(pooled.palette.background)),
            5);
}

TEST(RendererTest, UnknownThemeIsAnErrorNotAFallback) {
  Scene scene = Convolution(4, 3, 1, 0);
  scene.style.theme = "no-such-theme";
  Schedule schedule;
  ASSERT_TRUE(Schedule::Build(scene, &schedule).ok());
  SceneRenderer renderer(scene, schedule, RenderOptions{});
  EXPECT_EQ(renderer.status().code(), Status::Code::kInvalidScene);
  EXPECT_NE(renderer.status().message().find("no-such-theme"), std::string::npos);
}

TEST(RendererTest, CellSizeOptionOverridesTheStyle) {
  Scene scene = Convolution(5, 3, 2, 1);
  scene.style.cell_size = 20;
  Rendered from_style(scene);
  EXPECT_EQ(from_style.layout().cell_size(), 20.0);
  RenderOptions options;
  options.cell_size = 50;
  Rendered from_options(scene, options);
  EXPECT_EQ(from_options.layout().cell_size(), 50.0);
  EXPECT_GT(from_options.renderer->width(), 2.0 * from_style.renderer->width());
}

TEST(RendererTest, DrawingIsDeterministicAndLeavesTheContextAlone) {
  Rendered r(GuideNumerical(Operation::kConvolution, 1, 2));
  const auto a = r.Draw(3);
  const auto b = r.Draw(3);
  EXPECT_EQ(a->Bytes(), b->Bytes());
  EXPECT_NE(a->Bytes(), r.Draw(4)->Bytes());

  Picture picture(static_cast<int>(r.renderer->width()), static_cast<int>(r.renderer->height()));
  picture.Draw([&](cairo_t* cr) {
    cairo_set_line_width(cr, 7.0);
    cairo_translate(cr, 0.0, 0.0);
    r.renderer->DrawStep(cr, 3);
    EXPECT_EQ(cairo_get_line_width(cr), 7.0);
    EXPECT_FALSE(cairo_has_current_point(cr));
    EXPECT_EQ(cairo_status(cr), CAIRO_STATUS_SUCCESS);
  });
  EXPECT_EQ(picture.Bytes(), a->Bytes());
}

TEST(RendererTest, OutOfRangeStepsDrawOnlyTheBackground) {
  Rendered r(Convolution(4, 3, 1, 0));
  for (int64_t index : {int64_t{-1}, r.schedule.step_count()}) {
    const auto picture = r.Draw(index);
    const Rgb white = FromColour(r.palette.background);
    EXPECT_EQ(picture->At(r.layout().CanvasCellCentre(1, 1)), white);
    EXPECT_EQ(picture->At(r.layout().OutputCellCentre(0, 0)), white);
  }
}

TEST(RendererTest, ThreadsDrawTheSameBytesAsOneThread) {
  Rendered numerical(GuideNumerical(Operation::kConvolution, 1, 2));
  Rendered arithmetic(Transposed(3, 3, 2, 1));
  std::vector<std::vector<unsigned char>> expected;
  for (int64_t n = 0; n < 9; ++n) expected.push_back(numerical.Draw(n)->Bytes());
  for (int64_t n = 0; n < 9; ++n) expected.push_back(arithmetic.Draw(n)->Bytes());
  std::vector<std::vector<unsigned char>> got(expected.size());
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (std::size_t i = t; i < expected.size(); i += 4) {
        const Rendered& r = i < 9 ? numerical : arithmetic;
        got[i] = r.Draw(static_cast<int64_t>(i % 9))->Bytes();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(got[i], expected[i]) << i;
}

TEST(RendererTest, RasterShortcutMatchesTheVectorDrawing) {
  // On image surfaces the layers steps share are painted from cached pixels; drawn
  // through a recording surface (as PDF and SVG are) everything is vector. The two
  // agree up to rounding at antialiased edges, at scale 1 and at a fractional scale.
  // The connectors are aliased hairlines of the same width both ways; at 1.5 the
  // recording's coordinates (fixed point before the scale) may snap an edge pixel of
  // a line to its neighbour, so there a wholly different pixel must be a connector
  // pixel in one picture with a connector pixel beside it in the other.
  Scene multi = Convolution(5, 3, 2, 1);
  multi.out_channels = 2;
  multi.kernel = Counting({2, 1, 3, 3}, 3);
  for (const Scene& scene : {Convolution(5, 3, 2, 1), Transposed(3, 3, 2, 1), multi}) {
    Rendered r(scene);
    for (double scale : {1.0, 1.5}) {
      const int width = static_cast<int>(std::ceil(r.renderer->width() * scale));
      const int height = static_cast<int>(std::ceil(r.renderer->height() * scale));
      Picture cached(width, height), vector(width, height);
      const Rgb line = FromColour(r.palette.connector);
      // Whether `picture` has the connector colour at (x, y) or one of its 8 neighbours.
      auto line_beside = [&](const Picture& picture, int x, int y) {
        for (int ny = std::max(0, y - 1); ny <= std::min(height - 1, y + 1); ++ny) {
          for (int nx = std::max(0, x - 1); nx <= std::min(width - 1, x + 1); ++nx) {
            if (picture.At(nx, ny) == line) return true;
          }
        }
        return false;
      };
      for (int64_t step : {int64_t{0}, int64_t{4}}) {
        cached.Draw([&](cairo_t* cr) {
          cairo_scale(cr, scale, scale);
          r.renderer->DrawStep(cr, step);
        });
        cairo_surface_t* recording =
            cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, nullptr);
        cairo_t* recorder = cairo_create(recording);
        r.renderer->DrawStep(recorder, step);
        cairo_destroy(recorder);
        vector.Draw([&](cairo_t* cr) {
          cairo_scale(cr, scale, scale);
          cairo_set_source_surface(cr, recording, 0, 0);
          cairo_paint(cr);
        });
        cairo_surface_destroy(recording);
        // Edge pixels of separately composited antialiased layers may round apart.
        const int allowed = scale == 1.0 ? 2 : 16;
        int worst = 0, differing = 0, snapped = 0;
        std::string first_unexplained;
        for (int y = 0; y < height; ++y) {
          for (int x = 0; x < width; ++x) {
            const Rgb a = cached.At(x, y), b = vector.At(x, y);
            const int difference =
                std::max({std::abs(a.r - b.r), std::abs(a.g - b.g), std::abs(a.b - b.b)});
            differing += difference > 2;
            const bool line_snap = scale != 1.0 && ((a == line && line_beside(vector, x, y)) ||
                                                    (b == line && line_beside(cached, x, y)));
            if (difference > allowed && line_snap) {
              ++snapped;
              continue;
            }
            if (difference > allowed && first_unexplained.empty()) {
              std::ostringstream where;
              where << x << "," << y << ": " << a << " vs " << b;
              first_unexplained = where.str();
            }
            worst = std::max(worst, difference);
          }
        }
        EXPECT_LE(worst, allowed) << "scale " << scale << " step " << step << ", first at "
                                  << first_unexplained;
        EXPECT_LE(differing, width * height / 200) << "scale " << scale << " step " << step;
        // Snapping moves a few pixels along the four lines, not whole lines.
        EXPECT_LE(snapped, 24) << "scale " << scale << " step " << step;
      }
    }
  }
}

TEST(RendererTest, CachedLayersFollowTheChannels) {
  // Layers are cached per channel pair: a renderer that drew other channels first
  // draws a step exactly as a fresh one does.
  Scene scene = GuideNumerical(Operation::kConvolution, 1, 1);
  scene.in_channels = 3;
  scene.out_channels = 2;
  scene.input = Counting({3, 5, 5}, 4);
  scene.kernel = Counting({2, 3, 3, 3}, 5);
  Rendered warm(scene);
  const int64_t per_channel = warm.schedule.step_count() / 2;
  for (int64_t step : {int64_t{0}, per_channel, int64_t{1}}) warm.Draw(step);
  for (int64_t step : {per_channel + 3, int64_t{2}}) {
    Rendered fresh(scene);
    EXPECT_EQ(warm.Draw(step)->Bytes(), fresh.Draw(step)->Bytes()) << step;
  }
  // And the two output channels' values differ on the picture.
  const Point value = warm.layout().OutputCellCentre(1, 1);
  const double half = 0.3 * warm.layout().cell_size();
  auto crop = [&](const Picture& picture) {
    std::vector<int> pixels;
    for (int y = static_cast<int>(value.y - half); y < value.y + half; ++y) {
      for (int x = static_cast<int>(value.x - half); x < value.x + half; ++x) {
        pixels.push_back(picture.At(x, y).r);
      }
    }
    return pixels;
  };
  ASSERT_NE(warm.schedule.output().at(0, 1, 1), warm.schedule.output().at(1, 1, 1));
  EXPECT_NE(crop(*warm.Draw(0)), crop(*warm.Draw(per_channel)));
}

TEST(RendererTest, HugeFramesAreDrawnWithoutTheCache) {
  Rendered r(Convolution(5, 3, 2, 1));
  const double scale = 7.0;  // beyond the cache's memory budget
  Picture picture(static_cast<int>(r.renderer->width() * scale),
                  static_cast<int>(r.renderer->height() * scale));
  picture.Draw([&](cairo_t* cr) {
    cairo_scale(cr, scale, scale);
    r.renderer->DrawStep(cr, 1);
  });
  auto at = [&](Point p) { return picture.At(p.x * scale, p.y * scale); };
  EXPECT_EQ(at(r.layout().CanvasCellCentre(4, 4)), FromColour(r.palette.input));
  EXPECT_EQ(at(r.layout().CanvasCellCentre(6, 6)), FromColour(r.palette.background));
  EXPECT_TRUE(Near(at(r.layout().CanvasCellCentre(1, 3)), Over(r.palette.shade, r.palette.input)));
  EXPECT_TRUE(Near(at(r.layout().OutputCellCentre(0, 1)), Over(r.palette.shade, r.palette.output)));
  EXPECT_EQ(at(r.layout().OutputCellCentre(2, 2)), FromColour(r.palette.output));
}

TEST(RendererTest, VectorSurfacesRecordTheDrawing) {
  // PDF and SVG sinks hand their own surfaces to DrawStep: drawing must succeed there.
  Rendered r(GuideNumerical(Operation::kConvolution, 0, 1));
  cairo_surface_t* recording = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, nullptr);
  cairo_t* cr = cairo_create(recording);
  r.renderer->DrawStep(cr, 0);
  EXPECT_EQ(cairo_status(cr), CAIRO_STATUS_SUCCESS);
  cairo_destroy(cr);
  double x, y, width, height;
  cairo_recording_surface_ink_extents(recording, &x, &y, &width, &height);
  EXPECT_NEAR(width, r.renderer->width(), 1.0);
  EXPECT_NEAR(height, r.renderer->height(), 1.0);
  cairo_surface_destroy(recording);
}

}  // namespace
}  // namespace convanim
