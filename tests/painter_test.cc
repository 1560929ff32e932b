// Pixels, where pixels are the point: the painter draws the model in a theme's exact
// colours (the guide's, blended as the guide's 40 % shade), grid lines on whole pixels,
// backgrounds of the dark theme and transparent ones; RasterFrames repaints only what
// changed and still gives the very pixels of a painting from scratch; painting is
// deterministic, also from several threads.
#include "exporters/painter.h"

#include <cairo.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "exporters/formats.h"
#include "exporters/raster_frames.h"
#include "exporters/theme.h"
#include "renderer/layout.h"
#include "renderer/scene_model.h"
#include "tests/support/models.h"
#include "tests/support/paths.h"
#include "tests/support/run.h"

namespace convanim {
namespace {

using testing::BuildSceneFile;
using testing::BuiltScene;
using testing::Near;
using testing::Picture;
using testing::Rgb;

FrameLayout LayoutOf(const BuiltScene& built) {
  return GuideLayout(built.scene(), built.schedule(), built.scene().style.cell_size,
                     built.animation.fonts.get());
}

Theme MustTheme(const std::string& name) {
  Theme theme;
  const Status status = GetTheme(name, &theme);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return theme;
}

// The guide's colours, written out (reference/README.md), and its 40 % base02 shade
// over them, by formula: round(0.4 * base02 + 0.6 * under).
const Rgb kGuideBlue{38, 139, 210};
const Rgb kGuideCyan{42, 161, 152};
const Rgb kGuideWhite{255, 255, 255};
const Rgb kGuideGrid{0, 43, 54};
Rgb GuideShadeOver(const Rgb& under) {
  auto mix = [](int shade, int base) {
    return static_cast<int>(std::lround(0.4 * shade + 0.6 * base));
  };
  return {mix(7, under.r), mix(54, under.g), mix(66, under.b)};
}

// A point inside a cell, 20 % in from its top-left corner: clear of values written at the
// centre and subscripts at the lower right.
Point QuietPoint(const CellShape& cell) {
  const Point a = cell.corners[0], c = cell.corners[2];
  return {a.x + 0.2 * (c.x - a.x), a.y + 0.2 * (c.y - a.y)};
}

TEST(Painter, PaddingStridesStepOneHasTheGuidesColours) {
  const auto built = BuildSceneFile("scenes/guide/padding_strides.yaml");
  ASSERT_NE(built, nullptr);
  const Step step = built->schedule().StepAt(1);
  ASSERT_EQ(step.out_row, 0);
  ASSERT_EQ(step.out_col, 1);
  ASSERT_EQ(step.window_origin, (Pair{0, 2}));
  const auto picture = Picture::OfStep(built->animation, 1, "light");
  const FrameLayout layout = LayoutOf(*built);
  EXPECT_EQ(GuideShadeOver(kGuideBlue), (Rgb{26, 105, 152}));

  EXPECT_EQ(picture->At(layout.CanvasCellCentre(4, 4)), kGuideBlue);  // input, off the window
  EXPECT_EQ(picture->At(layout.CanvasCellCentre(5, 1)), kGuideBlue);
  EXPECT_TRUE(Near(picture->At(layout.CanvasCellCentre(1, 3)), GuideShadeOver(kGuideBlue)))
      << picture->At(layout.CanvasCellCentre(1, 3));
  EXPECT_TRUE(Near(picture->At(layout.CanvasCellCentre(2, 4)), GuideShadeOver(kGuideBlue)));
  EXPECT_EQ(picture->At(layout.CanvasCellCentre(6, 6)), kGuideWhite);  // padding
  EXPECT_EQ(picture->At(layout.CanvasCellCentre(3, 0)), kGuideWhite);
  EXPECT_TRUE(Near(picture->At(layout.CanvasCellCentre(0, 3)), GuideShadeOver(kGuideWhite)))
      << picture->At(layout.CanvasCellCentre(0, 3));
  EXPECT_TRUE(Near(picture->At(layout.CanvasCellCentre(0, 2)), GuideShadeOver(kGuideWhite)));
  EXPECT_TRUE(Near(picture->At(layout.OutputCellCentre(0, 1)), GuideShadeOver(kGuideCyan)));
  EXPECT_EQ(picture->At(layout.OutputCellCentre(0, 0)), kGuideCyan);
  EXPECT_EQ(picture->At(layout.OutputCellCentre(2, 2)), kGuideCyan);
  // A grid line between two input cells is the grid colour at its middle.
  const Point edge = layout.CanvasPoint(4.5, 4);  // between (4,3) and (4,4)
  EXPECT_TRUE(Near(picture->At(edge), kGuideGrid, 30)) << picture->At(edge);
  // Outside the figure: background.
  EXPECT_EQ(picture->At(2, 2), kGuideWhite);
  EXPECT_EQ(picture->At(picture->width() - 3, 2), kGuideWhite);
  EXPECT_EQ(picture->width(), static_cast<int>(built->animation.width));
  EXPECT_EQ(picture->height(), static_cast<int>(built->animation.height));
}

TEST(Painter, NumericalGuideSceneShadesWithoutBlurringTheGridLines) {
  const auto built = BuildSceneFile("scenes/guide/numerical_no_padding_no_strides.yaml");
  ASSERT_NE(built, nullptr);
  const FrameLayout layout = LayoutOf(*built);
  const auto picture = Picture::OfStep(built->animation, 8, "light");
  // Step 8: the window on rows and columns 2-4.
  EXPECT_TRUE(Near(picture->At(QuietPoint(layout.CanvasCell(3, 3))), GuideShadeOver(kGuideBlue)));
  EXPECT_EQ(picture->At(QuietPoint(layout.CanvasCell(0, 0))), kGuideBlue);
  EXPECT_TRUE(Near(picture->At(QuietPoint(layout.OutputCell(2, 2))), GuideShadeOver(kGuideCyan)));
  EXPECT_EQ(picture->At(QuietPoint(layout.OutputCell(0, 0))), kGuideCyan);
  // The vertical line between columns 1 and 2, a third of the way down row 4: every
  // pixel the line covers is exactly the grid colour, its neighbours are not blends.
  const int width = static_cast<int>(layout.grid_line_width());
  const Point top = layout.CanvasPoint(4, 2);  // left of it (4,1) is plain, right (4,2) shaded
  const int y = static_cast<int>(top.y + 0.3 * layout.cell_size());
  const int first = static_cast<int>(std::floor(top.x - width / 2.0 + 0.5 * (width % 2)));
  for (int x = first; x < first + width; ++x) EXPECT_EQ(picture->At(x, y), kGuideGrid) << x;
  EXPECT_EQ(picture->At(first - 1, y), kGuideBlue);
  EXPECT_TRUE(Near(picture->At(first + width, y), GuideShadeOver(kGuideBlue)));
  // A value is written in black in the middle of its cell.
  int ink = 0;
  const Point centre = layout.CanvasCellCentre(0, 0);
  for (int dy = -4; dy <= 4; ++dy) {
    for (int dx = -4; dx <= 4; ++dx) {
      ink += picture->At(centre.x + dx, centre.y + dy).r < 20 ? 1 : 0;
    }
  }
  EXPECT_GT(ink, 5);
}

TEST(Painter, DarkThemeAndTransparentBackgrounds) {
  const auto built = BuildSceneFile("scenes/guide/padding_strides.yaml");
  ASSERT_NE(built, nullptr);
  const FrameLayout layout = LayoutOf(*built);
  const Theme dark = MustTheme("dark");
  const auto night = Picture::OfStep(built->animation, 1, "dark");
  EXPECT_EQ(night->At(2, 2), testing::RgbOf(dark[Role::kBackground]));
  EXPECT_EQ(night->At(2, 2), (Rgb{0, 43, 54}));
  EXPECT_EQ(night->At(layout.CanvasCellCentre(4, 4)), testing::RgbOf(dark[Role::kInputCell]));
  EXPECT_EQ(night->At(layout.OutputCellCentre(2, 2)), testing::RgbOf(dark[Role::kOutputCell]));

  const auto clear = Picture::OfStep(built->animation, 1, "light", /*transparent=*/true);
  EXPECT_EQ(clear->AlphaAt(2, 2), 0);
  EXPECT_EQ(clear->AlphaAt(clear->width() - 2, clear->height() - 2), 0);
  EXPECT_EQ(clear->AlphaAt(layout.CanvasCellCentre(4, 4).x, layout.CanvasCellCentre(4, 4).y), 255);
  EXPECT_EQ(clear->At(layout.CanvasCellCentre(4, 4)), kGuideBlue);
  // The window's shade over an empty padding cell lets the background through.
  const Point padding = layout.CanvasCellCentre(0, 3);
  EXPECT_NEAR(clear->AlphaAt(padding.x, padding.y), std::lround(0.4 * 255), 1);
}

TEST(Painter, LeavesTheContextAsFoundAndPaintsDeterministically) {
  const auto built = BuildSceneFile("scenes/guide/numerical_padding_strides.yaml");
  ASSERT_NE(built, nullptr);
  const auto a = Picture::OfStep(built->animation, 3);
  const auto b = Picture::OfStep(built->animation, 3);
  EXPECT_EQ(a->Bytes(), b->Bytes());
  EXPECT_NE(a->Bytes(), Picture::OfStep(built->animation, 4)->Bytes());

  const Painter painter(MustTheme("light"), built->animation.fonts, false);
  ASSERT_TRUE(painter.status().ok());
  Picture picture(a->width(), a->height());
  cairo_t* cr = cairo_create(picture.surface());
  cairo_set_line_width(cr, 7.0);
  cairo_set_source_rgb(cr, 0.5, 0.25, 0.125);
  PaintStep(cr, painter, built->animation, 3);
  EXPECT_EQ(cairo_get_line_width(cr), 7.0);
  EXPECT_FALSE(cairo_has_current_point(cr));
  EXPECT_EQ(cairo_get_antialias(cr), CAIRO_ANTIALIAS_DEFAULT);
  double r = 0, g = 0, bl = 0, alpha = 0;
  EXPECT_EQ(cairo_pattern_get_rgba(cairo_get_source(cr), &r, &g, &bl, &alpha),
            CAIRO_STATUS_SUCCESS);
  EXPECT_EQ(r, 0.5);
  EXPECT_EQ(bl, 0.125);
  EXPECT_EQ(cairo_status(cr), CAIRO_STATUS_SUCCESS);
  cairo_destroy(cr);
  cairo_surface_flush(picture.surface());
  EXPECT_EQ(picture.Bytes(), a->Bytes());
}

// ---------------------------------------------------------------------------------
// RasterFrames

// The pixels of a frame (32-bit words, row by row, opaque frames' top byte cleared).
std::vector<uint32_t> FramePixels(const RasterFrame& frame) {
  std::vector<uint32_t> pixels;
  pixels.reserve(static_cast<std::size_t>(frame.width) * static_cast<std::size_t>(frame.height));
  for (int y = 0; y < frame.height; ++y) {
    for (int x = 0; x < frame.width; ++x) {
      uint32_t word = frame.pixels[static_cast<std::size_t>(y) * frame.stride_words +
                                   static_cast<std::size_t>(x)];
      if (!frame.has_alpha) word &= 0x00ffffffu;
      pixels.push_back(word);
    }
  }
  return pixels;
}

std::vector<uint32_t> PicturePixels(const Picture& picture) {
  const std::vector<unsigned char> bytes = picture.Bytes();
  std::vector<uint32_t> pixels;
  for (std::size_t i = 0; i + 3 < bytes.size(); i += 4) {
    pixels.push_back(static_cast<uint32_t>(bytes[i]) << 24 |
                     static_cast<uint32_t>(bytes[i + 1]) << 16 |
                     static_cast<uint32_t>(bytes[i + 2]) << 8 | bytes[i + 3]);
  }
  return pixels;
}

// Step n painted on its own: a fresh RasterFrames whose first frame is n.
std::vector<uint32_t> FromScratch(const Animation& animation, const Painter& painter, int64_t n,
                                  double scale) {
  RasterFrames frames(animation, painter, scale);
  EXPECT_TRUE(frames.Begin().ok());
  RasterFrame frame;
  EXPECT_TRUE(frames.Paint(n, &frame).ok());
  return FramePixels(frame);
}

bool InAny(const std::vector<PixelRect>& rects, int x, int y) {
  for (const PixelRect& r : rects) {
    if (x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height) return true;
  }
  return false;
}

// Paints the first `steps` steps of `animation` in order and checks each frame against the
// rectangles it says changed and against a painting of that step from scratch, which it
// must equal pixel for pixel. Returns the pixels that differ, over every step.
int64_t CheckIncrementalFrames(const Animation& animation, const std::string& what,
                               bool transparent = false, double scale = 1.0,
                               int64_t steps = std::numeric_limits<int64_t>::max()) {
  const Painter painter(MustTheme("light"), animation.fonts, transparent);
  EXPECT_TRUE(painter.status().ok());
  RasterFrames frames(animation, painter, scale);
  EXPECT_TRUE(frames.Begin().ok());
  int pixels_x = 0, pixels_y = 0;
  PixelSize(animation.width, animation.height, scale, &pixels_x, &pixels_y);
  EXPECT_EQ(frames.width(), pixels_x);
  EXPECT_EQ(frames.height(), pixels_y);
  std::vector<uint32_t> previous;
  int64_t partial = 0, differing = 0;
  steps = std::min(steps, animation.step_count);
  for (int64_t n = 0; n < steps; ++n) {
    RasterFrame frame;
    const Status status = frames.Paint(n, &frame);
    EXPECT_TRUE(status.ok()) << what << " step " << n << ": " << status.ToString();
    if (!status.ok()) return -1;
    EXPECT_EQ(frame.width, pixels_x);
    EXPECT_EQ(frame.height, pixels_y);
    EXPECT_EQ(frame.has_alpha, transparent);
    EXPECT_EQ(frame.duration, animation.step_duration);
    const std::vector<uint32_t> pixels = FramePixels(frame);
    const std::vector<uint32_t> scratch = FromScratch(animation, painter, n, scale);
    EXPECT_EQ(pixels.size(), scratch.size());
    if (pixels.size() != scratch.size()) return -1;
    int worst = 0;
    std::size_t worst_at = 0;
    for (std::size_t i = 0; i < pixels.size(); ++i) {
      if (pixels[i] == scratch[i]) continue;
      ++differing;
      for (int shift : {0, 8, 16, 24}) {
        const int d = std::abs(static_cast<int>((pixels[i] >> shift) & 0xff) -
                               static_cast<int>((scratch[i] >> shift) & 0xff));
        if (d > worst) {
          worst = d;
          worst_at = i;
        }
      }
    }
    EXPECT_EQ(worst, 0) << what << " step " << n << ": worst at "
                        << worst_at % static_cast<std::size_t>(pixels_x) << ","
                        << worst_at / static_cast<std::size_t>(pixels_x);
    if (n == 0) {
      EXPECT_EQ(frame.changed.size(), 1u);
      if (!frame.changed.empty()) {
        EXPECT_EQ(frame.changed[0].width, pixels_x);
        EXPECT_EQ(frame.changed[0].height, pixels_y);
      }
    } else {
      // Whatever differs from the previous frame lies within the rectangles said to change.
      int64_t area = 0;
      for (const PixelRect& r : frame.changed) {
        EXPECT_GE(r.x, 0);
        EXPECT_GE(r.y, 0);
        EXPECT_LE(r.x + r.width, pixels_x);
        EXPECT_LE(r.y + r.height, pixels_y);
        area += static_cast<int64_t>(r.width) * r.height;
      }
      int outside = 0;
      for (int y = 0; y < pixels_y; ++y) {
        for (int x = 0; x < pixels_x; ++x) {
          const std::size_t i = static_cast<std::size_t>(y) * pixels_x + x;
          if (pixels[i] != previous[i] && !InAny(frame.changed, x, y)) ++outside;
        }
      }
      EXPECT_EQ(outside, 0) << what << " step " << n;
      partial += area < static_cast<int64_t>(pixels_x) * pixels_y ? 1 : 0;
    }
    previous = pixels;
  }
  // Incremental: most steps repaint less than the whole frame.
  if (steps > 2) {
    EXPECT_GE(2 * partial, steps - 1) << what;
  }
  return differing;
}

// Frame n of an animation painted in order is exactly step n painted on its own, for every
// scene shipped (their first 48 steps: the rest repeat what those show).
class EveryScene : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryScene, IncrementalFramesAreExactlyPaintingsFromScratch) {
  const auto built = BuildSceneFile(GetParam());
  ASSERT_NE(built, nullptr);
  EXPECT_EQ(CheckIncrementalFrames(built->animation, GetParam(), false, 1.0, 48), 0);
}

std::vector<std::string> ShippedScenes() {
  std::vector<std::string> paths;
  for (const char* dir : {"scenes/guide", "scenes/examples"}) {
    for (const auto& entry : std::filesystem::directory_iterator(testing::SourcePath(dir))) {
      if (entry.path().extension() == ".yaml") {
        paths.push_back(std::string(dir) + "/" + entry.path().filename().string());
      }
    }
  }
  paths.push_back("scenes/guide/figures/multichannel.yaml");
  std::sort(paths.begin(), paths.end());
  return paths;
}

INSTANTIATE_TEST_SUITE_P(RasterFramesExact, EveryScene, ::testing::ValuesIn(ShippedScenes()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string name = param.param;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

TEST(RasterFramesExact, ScaledAndTransparentFramesAreExact) {
  for (const char* path :
       {"scenes/guide/padding_strides.yaml", "scenes/examples/asymmetric_padding_strides.yaml"}) {
    const auto built = BuildSceneFile(path);
    ASSERT_NE(built, nullptr);
    EXPECT_EQ(CheckIncrementalFrames(built->animation, std::string(path) + " at 1.5", false, 1.5),
              0);
    EXPECT_EQ(CheckIncrementalFrames(built->animation, std::string(path) + " transparent", true),
              0);
  }
}

TEST(RasterFramesTest, ProgressiveOutputsAreComputedStepByStep) {
  const auto built = BuildSceneFile("scenes/examples/asymmetric_padding_strides.yaml");
  ASSERT_NE(built, nullptr);
  ASSERT_EQ(built->scene().style.preset, Preset::kTeaching);
  ASSERT_TRUE(built->scene().style.progressive);
  const Animation& animation = built->animation;
  // On a "not computed yet" background, output cell k (row-major) appears at step k.
  const int64_t cols = built->schedule().output_size()[kAxisW];
  for (int64_t n = 0; n < animation.step_count; ++n) {
    const std::vector<Shape> shapes = FlattenStep(animation, n);
    ASSERT_NE(FindShape(shapes, "output/0/back"), nullptr);
    EXPECT_EQ(FindShape(shapes, "output/0/back")->role, Role::kPendingCell);
    for (int64_t k = 0; k < animation.step_count; ++k) {
      const std::string id =
          "output/0/cell/" + std::to_string(k / cols) + "/" + std::to_string(k % cols);
      const Shape* cell = FindShape(shapes, id);
      EXPECT_EQ(cell != nullptr, k <= n) << id << " at step " << n;
      if (cell != nullptr) {
        EXPECT_EQ(cell->role, Role::kOutputCell) << id;
      }
    }
  }
}

TEST(RasterFramesTest, FramesHaveThePaintersPixels) {
  // The cached layers composite to what the painter draws directly, to within rounding
  // at antialiased edges, and exactly away from them.
  const auto built = BuildSceneFile("scenes/guide/padding_strides.yaml");
  ASSERT_NE(built, nullptr);
  const Painter painter(MustTheme("light"), built->animation.fonts, false);
  const FrameLayout layout = LayoutOf(*built);
  for (int64_t n : {int64_t{0}, int64_t{1}, int64_t{2}}) {
    RasterFrames frames(built->animation, painter, 1.0);
    ASSERT_TRUE(frames.Begin().ok());
    RasterFrame frame;
    ASSERT_TRUE(frames.Paint(n, &frame).ok());
    const std::vector<uint32_t> pixels = FramePixels(frame);
    const auto direct = Picture::OfStep(built->animation, n);
    const std::vector<uint32_t> painted = PicturePixels(*direct);
    ASSERT_EQ(pixels.size(), painted.size());
    int worst = 0;
    for (std::size_t i = 0; i < pixels.size(); ++i) {
      for (int shift : {0, 8, 16}) {
        worst = std::max(worst, std::abs(static_cast<int>((pixels[i] >> shift) & 0xff) -
                                         static_cast<int>((painted[i] >> shift) & 0xff)));
      }
    }
    EXPECT_LE(worst, 2) << "step " << n;
    // The guide's colours at cell centres, exactly.
    auto at = [&](Point p) {
      const uint32_t word = pixels[static_cast<std::size_t>(std::floor(p.y)) * frame.width +
                                   static_cast<std::size_t>(std::floor(p.x))];
      return Rgb{static_cast<int>((word >> 16) & 0xff), static_cast<int>((word >> 8) & 0xff),
                 static_cast<int>(word & 0xff)};
    };
    EXPECT_EQ(at(layout.CanvasCellCentre(4, 4)), kGuideBlue);
    EXPECT_EQ(at(layout.OutputCellCentre(2, 2)), kGuideCyan);
  }
}

TEST(RasterFramesTest, FramesAreDeterministicAcrossRunsAndThreads) {
  const auto built = BuildSceneFile("scenes/guide/padding_strides_transposed.yaml");
  ASSERT_NE(built, nullptr);
  const Animation& animation = built->animation;
  // All frames painted in order, by a RasterFrames of its own.
  auto paint_all = [&animation]() {
    const Painter painter(MustTheme("light"), animation.fonts, false);
    RasterFrames frames(animation, painter, 1.0);
    std::vector<std::vector<uint32_t>> all;
    if (!frames.Begin().ok()) return all;
    for (int64_t n = 0; n < animation.step_count; ++n) {
      RasterFrame frame;
      if (!frames.Paint(n, &frame).ok()) return all;
      all.push_back(FramePixels(frame));
    }
    return all;
  };
  const std::vector<std::vector<uint32_t>> expected = paint_all();
  ASSERT_EQ(expected.size(), static_cast<std::size_t>(animation.step_count));
  EXPECT_EQ(paint_all(), expected);
  EXPECT_NE(expected[0], expected[1]);
  std::vector<std::vector<uint32_t>> first, second;
  std::thread a([&] { first = paint_all(); });
  std::thread b([&] { second = paint_all(); });
  a.join();
  b.join();
  EXPECT_EQ(first, expected);
  EXPECT_EQ(second, expected);
  // Painting steps directly from two threads at once gives the same bytes too.
  std::vector<std::vector<unsigned char>> direct(static_cast<std::size_t>(animation.step_count));
  std::vector<std::vector<unsigned char>> threaded(direct.size());
  for (std::size_t n = 0; n < direct.size(); ++n) {
    direct[n] = Picture::OfStep(animation, static_cast<int64_t>(n))->Bytes();
  }
  auto paint_every_other = [&](std::size_t start) {
    for (std::size_t n = start; n < threaded.size(); n += 2) {
      threaded[n] = Picture::OfStep(animation, static_cast<int64_t>(n))->Bytes();
    }
  };
  std::thread c(paint_every_other, 0), d(paint_every_other, 1);
  c.join();
  d.join();
  for (std::size_t n = 0; n < direct.size(); ++n) EXPECT_EQ(threaded[n], direct[n]) << n;
}

TEST(RasterFramesTest, JumpingToAnyStepRepaintsTheWholeFrame) {
  const auto built = BuildSceneFile("scenes/guide/padding_strides.yaml");
  ASSERT_NE(built, nullptr);
  const Painter painter(MustTheme("light"), built->animation.fonts, false);
  RasterFrames frames(built->animation, painter, 1.0);
  RasterFrame frame;
  EXPECT_FALSE(frames.Paint(0, &frame).ok());  // before Begin
  ASSERT_TRUE(frames.Begin().ok());
  for (int64_t n : {int64_t{5}, int64_t{2}, int64_t{3}, int64_t{8}, int64_t{0}}) {
    ASSERT_TRUE(frames.Paint(n, &frame).ok());
    const bool next = n == 3;  // 3 follows 2: only what changed
    EXPECT_EQ(FramePixels(frame), FromScratch(built->animation, painter, n, 1.0)) << n;
    ASSERT_FALSE(frame.changed.empty());
    if (next) {
      EXPECT_LT(frame.changed[0].width * frame.changed[0].height, frame.width * frame.height);
    } else {
      ASSERT_EQ(frame.changed.size(), 1u) << n;
      EXPECT_EQ(frame.changed[0].width, frame.width) << n;
      EXPECT_EQ(frame.changed[0].height, frame.height) << n;
    }
  }
}

// ---------------------------------------------------------------------------------
// Backgrounds through the exporters and the command line.

struct Png {
  explicit Png(const std::string& path)
      : surface(cairo_image_surface_create_from_png(path.c_str())) {}
  ~Png() { cairo_surface_destroy(surface); }
  Png(const Png&) = delete;
  Png& operator=(const Png&) = delete;
  bool ok() const { return cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS; }
  uint32_t At(int x, int y) const {
    const unsigned char* row =
        cairo_image_surface_get_data(surface) + y * cairo_image_surface_get_stride(surface);
    uint32_t word;
    std::memcpy(&word, row + 4 * x, sizeof word);
    return word;
  }
  Rgb RgbAt(int x, int y) const {
    const uint32_t word = At(x, y);
    return {static_cast<int>((word >> 16) & 0xff), static_cast<int>((word >> 8) & 0xff),
            static_cast<int>(word & 0xff)};
  }
  int AlphaAt(int x, int y) const {
    if (cairo_image_surface_get_format(surface) != CAIRO_FORMAT_ARGB32) return 255;
    return static_cast<int>(At(x, y) >> 24);
  }
  cairo_surface_t* surface;
};

TEST(PainterExport, ThemeOptionGivesTheDarkBackgroundAndTransparentGivesAlphaZero) {
  const auto built = BuildSceneFile("scenes/guide/padding_strides.yaml");
  ASSERT_NE(built, nullptr);
  const FrameLayout layout = LayoutOf(*built);
  const Point input = layout.CanvasCellCentre(4, 4);
  const std::string dir = testing::MakeTempDir();
  ExportSummary summary;
  ExportOptions options;
  ASSERT_TRUE(Export(built->animation, options, dir + "/light.png", &summary).ok());
  options.theme = "dark";
  ASSERT_TRUE(Export(built->animation, options, dir + "/dark.png", &summary).ok());
  options.theme = "";
  options.transparent = 1;
  ASSERT_TRUE(Export(built->animation, options, dir + "/clear.png", &summary).ok());
  const Png light(dir + "/light.png"), dark(dir + "/dark.png"), clear(dir + "/clear.png");
  ASSERT_TRUE(light.ok() && dark.ok() && clear.ok());
  EXPECT_EQ(light.RgbAt(2, 2), kGuideWhite);
  EXPECT_EQ(dark.RgbAt(2, 2), (Rgb{0, 43, 54}));
  EXPECT_EQ(dark.RgbAt(static_cast<int>(input.x), static_cast<int>(input.y)),
            testing::RgbOf(MustTheme("dark")[Role::kInputCell]));
  EXPECT_EQ(clear.AlphaAt(2, 2), 0);
  EXPECT_EQ(clear.AlphaAt(static_cast<int>(input.x), static_cast<int>(input.y)), 255);
  EXPECT_EQ(light.AlphaAt(2, 2), 255);
  // An unknown theme is refused and writes nothing.
  options.transparent = -1;
  options.theme = "sepia";
  const Status status = Export(built->animation, options, dir + "/sepia.png", &summary);
  EXPECT_EQ(status.code(), Status::Code::kInvalidScene);
  EXPECT_FALSE(testing::FileExists(dir + "/sepia.png"));
}

TEST(PainterExport, CommandLineThemeAndBackground) {
  const std::string dir = testing::MakeTempDir();
  const std::string scene = testing::SourcePath("scenes/guide/padding_strides.yaml");
  testing::RunResult run =
      testing::RunConvanim({"render", scene, "-o", dir + "/dark.png", "--theme", "dark"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  run = testing::RunConvanim(
      {"render", scene, "-o", dir + "/clear.png", "--background", "transparent"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const Png dark(dir + "/dark.png"), clear(dir + "/clear.png");
  ASSERT_TRUE(dark.ok() && clear.ok());
  EXPECT_EQ(dark.RgbAt(2, 2), (Rgb{0, 43, 54}));
  EXPECT_EQ(clear.AlphaAt(2, 2), 0);
  // A scene asking for the dark theme gets it without the option.
  testing::WriteFile(dir + "/night.yaml",
                     "operation: convolution\ninput: {size: 5, seed: 1}\nkernel: {size: 3, seed: "
                     "2}\nstyle: {preset: guide, theme: dark}\n");
  run = testing::RunConvanim({"render", dir + "/night.yaml", "-o", dir + "/night.png"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const Png night(dir + "/night.png");
  ASSERT_TRUE(night.ok());
  EXPECT_EQ(night.RgbAt(2, 2), (Rgb{0, 43, 54}));
}

}  // namespace
}  // namespace convanim
