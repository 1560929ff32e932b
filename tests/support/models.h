// Scenes built into their animation model, and pictures painted from it, for tests that
// assert on the model's shapes or, where pixels are the point, on painted pixels.
#pragma once

#include <cairo.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "app/cli_common.h"
#include "exporters/theme.h"
#include "renderer/model.h"
#include "renderer/scene_model.h"

namespace convanim::testing {

// A scene loaded, scheduled and built, kept in one place (the animation points into the
// scene and schedule, so hold it by the unique_ptr).
struct BuiltScene {
  LoadedScene loaded;
  Animation animation;
  const Scene& scene() const { return loaded.scene; }
  const Schedule& schedule() const { return loaded.schedule; }
};

// The scene file at `path` (relative to the source tree when not absolute). Fails the
// test (and returns null) when it does not load or build.
std::unique_ptr<BuiltScene> BuildSceneFile(const std::string& path,
                                           const SceneModelOptions& options = {});
// A scene written out in YAML, parsed as the loader would read a file.
std::unique_ptr<BuiltScene> BuildSceneText(const std::string& yaml,
                                           const SceneModelOptions& options = {});

// Every example of scenes/examples/ and every scene of scenes/guide/ with its preset turned
// to the teaching style: {file name, YAML text}, sorted by folder and name.
std::vector<std::pair<std::string, std::string>> TeachingStyleScenes();
// Options that draw in `language` (a catalog of assets/locales/), with the system's font for
// its script when it needs one (fonts-noto-cjk for zh).
::testing::AssertionResult OptionsInLanguage(const std::string& language,
                                             SceneModelOptions* options);

// Both return pointers into `shapes`, so a temporary list is refused (it would leave them
// dangling): keep the list in a variable.
// The shapes of `shapes` (groups searched too) whose role is `role`.
std::vector<const Shape*> ShapesWithRole(const std::vector<Shape>& shapes, Role role);
std::vector<const Shape*> ShapesWithRole(std::vector<Shape>&& shapes, Role role) = delete;
// The shape with `id` among `shapes`; fails the test when there is none.
const Shape& MustFind(const std::vector<Shape>& shapes, const std::string& id);
const Shape& MustFind(std::vector<Shape>&& shapes, const std::string& id) = delete;

// Whether `p` is inside the filled polygon `shape` (its rings filled together with the
// non-zero winding rule, as the painter fills them).
bool PolygonContains(const Shape& shape, Point p);

using Cells = std::set<std::pair<int, int>>;

struct Rgb {
  int r = 0, g = 0, b = 0;
  bool operator==(const Rgb& o) const { return r == o.r && g == o.g && b == o.b; }
  bool operator!=(const Rgb& o) const { return !(*this == o); }
};
std::ostream& operator<<(std::ostream& out, const Rgb& c);
Rgb RgbOf(const Colour& colour);
// `top` at its alpha over the opaque `bottom`, rounded as an 8-bit compositor does.
Rgb Over(const Colour& top, const Rgb& bottom);
// Channels differ by at most `tolerance`.
bool Near(const Rgb& a, const Rgb& b, int tolerance = 1);

// A Cairo image the size of an animation at `scale`, painted with exporters/painter.h.
class Picture {
 public:
  // ARGB32 when `transparent`, else RGB24, as the raster exporters make them.
  Picture(int width, int height, bool transparent = false);
  ~Picture();
  Picture(const Picture&) = delete;
  Picture& operator=(const Picture&) = delete;

  // Paints step n of `animation` in `theme` (scaled), over whatever is there.
  static std::unique_ptr<Picture> OfStep(const Animation& animation, int64_t n,
                                         const std::string& theme = "light",
                                         bool transparent = false, double scale = 1.0);

  int width() const;
  int height() const;
  Rgb At(double x, double y) const;  // the pixel containing (x, y)
  Rgb At(Point p) const { return At(p.x, p.y); }
  int AlphaAt(double x, double y) const;
  // Every row's pixel bytes (without stride padding), top to bottom.
  std::vector<unsigned char> Bytes() const;
  cairo_surface_t* surface() const { return surface_; }

 private:
  uint32_t Word(double x, double y) const;
  cairo_surface_t* surface_;
};

// Width and height of a GIF file, from its logical screen descriptor (bytes 6-9,
// little-endian). {0, 0} when the file is not a GIF.
std::pair<int, int> GifSize(const std::string& path);

// Text (labels, title, equation, legend) inside the canvas, off every grid's cells and off
// other text at step n of `animation`; `oblique`: the grids are the arithmetic view's
// projected sheets. Failures name `where`.
void CheckTextPlacement(const std::string& where, const Animation& animation, int64_t n,
                        bool oblique);

}  // namespace convanim::testing
