#include "tests/support/models.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <ostream>

#include "core/scene_loader.h"
#include "exporters/painter.h"
#include "renderer/fonts.h"
#include "renderer/words.h"
#include "tests/support/paths.h"
#include "tests/support/run.h"

namespace convanim::testing {

std::vector<std::pair<std::string, std::string>> TeachingStyleScenes() {
  std::vector<std::pair<std::string, std::string>> scenes;
  for (const char* dir : {"scenes/examples", "scenes/guide"}) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(SourcePath(dir))) {
      if (entry.path().extension() == ".yaml") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      std::string text = ReadFile(file.string());
      const std::string guide = "preset: guide";
      for (std::size_t at = text.find(guide); at != std::string::npos; at = text.find(guide)) {
        text.replace(at, guide.size(), "preset: teaching");
      }
      scenes.emplace_back(file.filename().string(), text);
    }
  }
  return scenes;
}

::testing::AssertionResult OptionsInLanguage(const std::string& language,
                                             SceneModelOptions* options) {
  options->words = Words::Find(language);
  if (options->words == nullptr) return ::testing::AssertionFailure() << "no catalog " << language;
  if (language == "en") return ::testing::AssertionSuccess();
  Fonts::SystemFont system;
  if (!Fonts::FindSystemFont(language, &system)) {
    return ::testing::AssertionFailure()
           << "no font for " << language << ": install fonts-noto-cjk (tools/common.sh)";
  }
  const Status status = Fonts::Load({}, &options->fonts, {system});
  if (!status.ok()) return ::testing::AssertionFailure() << status.ToString();
  return ::testing::AssertionSuccess();
}

namespace {

std::unique_ptr<BuiltScene> Build(std::unique_ptr<BuiltScene> built,
                                  const SceneModelOptions& options, const std::string& what) {
  const Status status =
      BuildSceneAnimation(built->loaded.scene, built->loaded.schedule, options, &built->animation);
  if (!status.ok()) {
    ADD_FAILURE() << what << ": " << status.ToString();
    return nullptr;
  }
  return built;
}

void CollectRole(const std::vector<Shape>& shapes, Role role, std::vector<const Shape*>* out) {
  for (const Shape& shape : shapes) {
    if (shape.role == role && shape.kind != ShapeKind::kGroup) out->push_back(&shape);
    if (shape.kind == ShapeKind::kGroup) CollectRole(shape.children, role, out);
  }
}

}  // namespace

std::unique_ptr<BuiltScene> BuildSceneFile(const std::string& path,
                                           const SceneModelOptions& options) {
  auto built = std::make_unique<BuiltScene>();
  const std::string full = !path.empty() && path[0] == '/' ? path : SourcePath(path);
  const Status status = LoadAndSchedule(full, &built->loaded);
  if (!status.ok()) {
    ADD_FAILURE() << path << ": " << status.ToString();
    return nullptr;
  }
  return Build(std::move(built), options, path);
}

std::unique_ptr<BuiltScene> BuildSceneText(const std::string& yaml,
                                           const SceneModelOptions& options) {
  auto built = std::make_unique<BuiltScene>();
  Status status = ParseScene(yaml, "scene.yaml", &built->loaded.scene);
  if (status.ok()) status = Schedule::Build(built->loaded.scene, &built->loaded.schedule);
  if (!status.ok()) {
    ADD_FAILURE() << status.ToString() << "\n" << yaml;
    return nullptr;
  }
  return Build(std::move(built), options, yaml);
}

std::vector<const Shape*> ShapesWithRole(const std::vector<Shape>& shapes, Role role) {
  std::vector<const Shape*> found;
  CollectRole(shapes, role, &found);
  return found;
}

const Shape& MustFind(const std::vector<Shape>& shapes, const std::string& id) {
  const Shape* shape = FindShape(shapes, id);
  if (shape == nullptr) {
    ADD_FAILURE() << "no shape \"" << id << "\"";
    static const Shape kNone;
    return kNone;
  }
  return *shape;
}

bool PolygonContains(const Shape& shape, Point p) {
  int winding = 0;
  std::size_t next_break = 0;
  std::size_t start = 0;
  const std::size_t count = shape.points.size();
  auto edge = [&](Point a, Point b) {
    // The winding number contribution of edge a -> b for a ray to the right of p.
    const double cross = (b.x - a.x) * (p.y - a.y) - (p.x - a.x) * (b.y - a.y);
    if (a.y <= p.y) {
      if (b.y > p.y && cross > 0) ++winding;
    } else if (b.y <= p.y && cross < 0) {
      --winding;
    }
  };
  for (std::size_t i = 0; i <= count; ++i) {
    const bool ring_ends =
        i == count || (next_break < shape.breaks.size() && shape.breaks[next_break] == i);
    if (ring_ends) {
      if (i > start) {
        for (std::size_t k = start; k + 1 < i; ++k) edge(shape.points[k], shape.points[k + 1]);
        edge(shape.points[i - 1], shape.points[start]);  // closed
      }
      if (i < count && next_break < shape.breaks.size() && shape.breaks[next_break] == i) {
        ++next_break;
      }
      start = i;
    }
  }
  return winding != 0;
}

std::ostream& operator<<(std::ostream& out, const Rgb& c) {
  return out << "rgb(" << c.r << "," << c.g << "," << c.b << ")";
}

Rgb RgbOf(const Colour& colour) { return Rgb{colour.r, colour.g, colour.b}; }

Rgb Over(const Colour& top, const Rgb& bottom) {
  auto mix = [&top](int t, int b) {
    return static_cast<int>(std::lround(top.alpha * t + (1.0 - top.alpha) * b));
  };
  return Rgb{mix(top.r, bottom.r), mix(top.g, bottom.g), mix(top.b, bottom.b)};
}

bool Near(const Rgb& a, const Rgb& b, int tolerance) {
  return std::abs(a.r - b.r) <= tolerance && std::abs(a.g - b.g) <= tolerance &&
         std::abs(a.b - b.b) <= tolerance;
}

Picture::Picture(int width, int height, bool transparent)
    : surface_(cairo_image_surface_create(transparent ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24,
                                          width, height)) {}

Picture::~Picture() { cairo_surface_destroy(surface_); }

std::unique_ptr<Picture> Picture::OfStep(const Animation& animation, int64_t n,
                                         const std::string& theme_name, bool transparent,
                                         double scale) {
  Theme theme;
  const Status status = GetTheme(theme_name, &theme);
  EXPECT_TRUE(status.ok()) << status.ToString();
  const Painter painter(theme, animation.fonts, transparent);
  EXPECT_TRUE(painter.status().ok()) << painter.status().ToString();
  auto picture = std::make_unique<Picture>(
      static_cast<int>(std::ceil(animation.width * scale - 1e-9)),
      static_cast<int>(std::ceil(animation.height * scale - 1e-9)), transparent);
  cairo_t* cr = cairo_create(picture->surface_);
  cairo_scale(cr, scale, scale);
  PaintStep(cr, painter, animation, n);
  EXPECT_EQ(cairo_status(cr), CAIRO_STATUS_SUCCESS);
  cairo_destroy(cr);
  cairo_surface_flush(picture->surface_);
  return picture;
}

int Picture::width() const { return cairo_image_surface_get_width(surface_); }
int Picture::height() const { return cairo_image_surface_get_height(surface_); }

uint32_t Picture::Word(double x, double y) const {
  const int px = static_cast<int>(std::floor(x)), py = static_cast<int>(std::floor(y));
  if (px < 0 || py < 0 || px >= width() || py >= height()) {
    ADD_FAILURE() << "pixel " << x << "," << y << " is outside the " << width() << "x" << height()
                  << " picture";
    return 0;
  }
  const unsigned char* row =
      cairo_image_surface_get_data(surface_) + py * cairo_image_surface_get_stride(surface_);
  uint32_t word;
  std::memcpy(&word, row + 4 * px, sizeof word);
  return word;
}

Rgb Picture::At(double x, double y) const {
  const uint32_t word = Word(x, y);
  return Rgb{static_cast<int>((word >> 16) & 0xff), static_cast<int>((word >> 8) & 0xff),
             static_cast<int>(word & 0xff)};
}

int Picture::AlphaAt(double x, double y) const {
  if (cairo_image_surface_get_format(surface_) != CAIRO_FORMAT_ARGB32) return 255;
  return static_cast<int>((Word(x, y) >> 24) & 0xff);
}

std::vector<unsigned char> Picture::Bytes() const {
  std::vector<unsigned char> bytes;
  const unsigned char* data = cairo_image_surface_get_data(surface_);
  const int stride = cairo_image_surface_get_stride(surface_);
  const bool opaque = cairo_image_surface_get_format(surface_) == CAIRO_FORMAT_RGB24;
  for (int y = 0; y < height(); ++y) {
    for (int x = 0; x < width(); ++x) {
      uint32_t word;
      std::memcpy(&word, data + y * stride + 4 * x, sizeof word);
      if (opaque) word &= 0x00ffffffu;  // RGB24 leaves the top byte undefined
      for (int shift : {24, 16, 8, 0}) bytes.push_back(static_cast<unsigned char>(word >> shift));
    }
  }
  return bytes;
}

std::pair<int, int> GifSize(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  unsigned char header[10] = {};
  if (!in.read(reinterpret_cast<char*>(header), sizeof header)) return {0, 0};
  if (std::memcmp(header, "GIF8", 4) != 0) return {0, 0};
  return {header[6] | (header[7] << 8), header[8] | (header[9] << 8)};
}

namespace {

bool IsText(const Shape& shape) {
  return shape.kind == ShapeKind::kText &&
         (shape.role == Role::kLabel || shape.role == Role::kTitle ||
          shape.role == Role::kEquation || shape.role == Role::kLegend);
}

Box Shrunk(Box box, double by) {
  box.Grow(-by);
  return box;
}

}  // namespace

// Text inside the canvas, off every grid's cells and off other text, at step n.
void CheckTextPlacement(const std::string& where, const Animation& animation, int64_t n,
                        bool oblique) {
  const std::vector<Shape> shapes = FlattenStep(animation, n);
  std::vector<Box> grids, texts;
  std::vector<std::string> names;
  std::vector<const Shape*> cells;  // oblique: the cells' polygons
  for (const Shape& shape : shapes) {
    if (shape.role == Role::kGrid && !oblique) {
      grids.push_back(ShapeBounds(shape, animation.fonts.get()));
    }
    if (oblique && shape.kind == ShapeKind::kPolygon &&
        (shape.role == Role::kInputCell || shape.role == Role::kOutputCell ||
         shape.role == Role::kPendingCell || shape.role == Role::kKernelCell)) {
      cells.push_back(&shape);
    }
    if (shape.role == Role::kGrid && oblique && shape.kind == ShapeKind::kRect) {
      grids.push_back(ShapeBounds(shape, animation.fonts.get()));
    }
    if (!IsText(shape) || shape.text == "\xE2\x8B\xAF") continue;  // the matrix's elisions
    const Box box = ShapeBounds(shape, animation.fonts.get());
    EXPECT_TRUE(box.x0 >= 0 && box.y0 >= 0 && box.x1 <= animation.width &&
                box.y1 <= animation.height)
        << where << " step " << n << ": '" << shape.text << "' leaves the " << animation.width
        << "x" << animation.height << " canvas (" << box.x0 << ", " << box.y0 << ")-(" << box.x1
        << ", " << box.y1 << ")";
    texts.push_back(box);
    names.push_back(shape.text);
  }
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const Box t = Shrunk(texts[i], 1.0);
    for (const Shape* cell : cells) {
      for (Point p : {Point{t.x0, t.y0}, Point{t.x1, t.y0}, Point{t.x0, t.y1}, Point{t.x1, t.y1},
                      Point{t.cx(), t.cy()}}) {
        EXPECT_FALSE(PolygonContains(*cell, p))
            << where << " step " << n << ": '" << names[i] << "' lies on " << cell->id;
      }
    }
    for (const Box& grid : grids) {
      EXPECT_FALSE(Shrunk(texts[i], 1.0).Intersects(Shrunk(grid, 2.0)))
          << where << " step " << n << ": '" << names[i] << "' lies on a grid";
    }
    for (std::size_t j = i + 1; j < texts.size(); ++j) {
      EXPECT_FALSE(Shrunk(texts[i], 1.0).Intersects(Shrunk(texts[j], 1.0)))
          << where << " step " << n << ": '" << names[i] << "' overlaps '" << names[j] << "'";
    }
  }
}

}  // namespace convanim::testing
