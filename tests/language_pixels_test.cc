// Layout that holds in every language, on the painted pixels (issue 19). The model test
// (language_layout_test.cc) checks that the measured text boxes neither overlap each other
// or a grid nor leave the canvas, and that no glyph is .notdef (it shapes with
// Fonts::Layout, as Painter::PaintText does, so those are the glyphs the PNG shows). This
// one paints the PNG of each scene's still step (every example, every guide scene in the
// teaching style) twice, with and without its texts, in English and in Chinese, and checks
// that every pixel the texts change lies in a box the model measured for a text (so the
// model's checks hold for what a reader sees) and that every text leaves ink in its box.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "exporters/painter.h"
#include "exporters/theme.h"
#include "renderer/fonts.h"
#include "renderer/model.h"
#include "renderer/scene_model.h"
#include "renderer/words.h"
#include "support/models.h"
#include "support/paths.h"

namespace convanim {
namespace {

// The shapes without their texts (groups kept, their texts removed too).
std::vector<Shape> WithoutTexts(const std::vector<Shape>& shapes) {
  std::vector<Shape> out;
  for (const Shape& shape : shapes) {
    if (shape.kind == ShapeKind::kText) continue;
    out.push_back(shape);
    if (shape.kind == ShapeKind::kGroup) out.back().children = WithoutTexts(shape.children);
  }
  return out;
}

struct TextBox {
  const Shape* shape = nullptr;
  Box box;
};

// Every non-empty text with its measured box in picture units (group offsets added, and
// cut to the group's clip, as the painter clips it).
void TextBoxes(const std::vector<Shape>& shapes, const Fonts* fonts, double dx, double dy,
               const Box* clip, std::vector<TextBox>* out) {
  for (const Shape& shape : shapes) {
    if (shape.kind == ShapeKind::kGroup) {
      Box inner;
      const Box* child_clip = clip;
      if (shape.width > 0.0 && shape.height > 0.0) {
        inner.AddRect(dx + shape.x, dy + shape.y, shape.width, shape.height);
        if (clip != nullptr) {
          inner.x0 = std::max(inner.x0, clip->x0);
          inner.y0 = std::max(inner.y0, clip->y0);
          inner.x1 = std::min(inner.x1, clip->x1);
          inner.y1 = std::min(inner.y1, clip->y1);
        }
        child_clip = &inner;
      }
      TextBoxes(shape.children, fonts, dx + shape.x, dy + shape.y, child_clip, out);
    } else if (shape.kind == ShapeKind::kText && !shape.text.empty()) {
      Box box = ShapeBounds(shape, fonts);
      box.x0 += dx;
      box.x1 += dx;
      box.y0 += dy;
      box.y1 += dy;
      if (clip != nullptr) {
        box.x0 = std::max(box.x0, clip->x0);
        box.y0 = std::max(box.y0, clip->y0);
        box.x1 = std::min(box.x1, clip->x1);
        box.y1 = std::min(box.y1, clip->y1);
      }
      out->push_back({&shape, box});
    }
  }
}

// Antialiasing may reach one pixel past a glyph's outline.
constexpr double kBleed = 1.5;

bool Inside(const Box& box, int x, int y) {
  return x + 1 > box.x0 - kBleed && x < box.x1 + kBleed && y + 1 > box.y0 - kBleed &&
         y < box.y1 + kBleed;
}

struct Counts {
  int scenes = 0, texts = 0, changed_pixels = 0;
};

// The faults of `painted` (a step of `animation`, its texts where `measured` has them):
// texts painted outside every measured box, measured texts that paint nothing.
std::vector<std::string> PixelFaults(const std::string& where, const Animation& animation,
                                     const std::vector<Shape>& painted,
                                     const std::vector<Shape>& measured, Counts* counts) {
  std::vector<std::string> faults;
  Theme theme;
  if (!GetTheme("light", &theme).ok()) return {"no light theme"};
  const Painter painter(theme, animation.fonts, /*transparent=*/false);
  const int width = static_cast<int>(std::ceil(animation.width));
  const int height = static_cast<int>(std::ceil(animation.height));
  testing::Picture with(width, height), without(width, height);
  for (testing::Picture* picture : {&with, &without}) {
    cairo_t* cr = cairo_create(picture->surface());
    painter.PaintAll(cr, picture == &with ? painted : WithoutTexts(painted));
    cairo_destroy(cr);
    cairo_surface_flush(picture->surface());
  }
  std::vector<TextBox> boxes;
  TextBoxes(measured, animation.fonts.get(), 0.0, 0.0, nullptr, &boxes);
  std::vector<int> ink(boxes.size(), 0);
  const std::vector<unsigned char> a = with.Bytes(), b = without.Bytes();
  int outside = 0;
  std::string first_outside;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const std::size_t at = (static_cast<std::size_t>(y) * width + x) * 4;
      if (std::equal(a.begin() + at, a.begin() + at + 4, b.begin() + at)) continue;
      ++counts->changed_pixels;
      bool claimed = false;
      for (std::size_t i = 0; i < boxes.size(); ++i) {
        if (Inside(boxes[i].box, x, y)) {
          claimed = true;
          ++ink[i];
        }
      }
      if (!claimed && outside++ == 0) {
        first_outside = std::to_string(x) + ", " + std::to_string(y);
      }
    }
  }
  if (outside > 0) {
    faults.push_back(where + ": " + std::to_string(outside) +
                     " pixels of text lie outside every measured text box (first at " +
                     first_outside + ")");
  }
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    ++counts->texts;
    const Box& box = boxes[i].box;
    const bool visible = box.x1 - box.x0 >= 1.0 && box.y1 - box.y0 >= 1.0;  // clipped away
    const bool blank = boxes[i].shape->text.find_first_not_of(' ') == std::string::npos;
    if (visible && !blank && ink[i] == 0) {
      faults.push_back(where + ": '" + boxes[i].shape->text + "' (" + boxes[i].shape->id +
                       ") paints no pixel in its box");
    }
  }
  ++counts->scenes;
  return faults;
}

void CheckLanguage(const std::string& language, Counts* counts) {
  SceneModelOptions options;
  ASSERT_TRUE(testing::OptionsInLanguage(language, &options));
  for (const auto& [name, text] : testing::TeachingStyleScenes()) {
    auto built = testing::BuildSceneText(text, options);
    ASSERT_NE(built, nullptr) << name;
    const std::vector<Shape> shapes = FlattenStep(built->animation, built->animation.still_step);
    const std::vector<std::string> faults =
        PixelFaults(language + " " + name, built->animation, shapes, shapes, counts);
    for (std::size_t i = 0; i < faults.size() && i < 8; ++i) ADD_FAILURE() << faults[i];
  }
}

TEST(LanguagePixels, EnglishTextIsPaintedInItsMeasuredBoxes) {
  Counts counts;
  CheckLanguage("en", &counts);
  std::printf("%d scenes, %d texts, %d text pixels checked\n", counts.scenes, counts.texts,
              counts.changed_pixels);
  EXPECT_GE(counts.scenes, 40);
  EXPECT_GE(counts.texts, 1000);
}

TEST(LanguagePixels, ChineseTextIsPaintedInItsMeasuredBoxes) {
  Counts counts;
  CheckLanguage("zh", &counts);
  std::printf("%d scenes, %d texts, %d text pixels checked\n", counts.scenes, counts.texts,
              counts.changed_pixels);
  EXPECT_GE(counts.scenes, 40);
  EXPECT_GE(counts.texts, 1000);
}

// The check finds a text painted away from where it was measured, and a measured text that
// is not painted.
TEST(LanguagePixels, TheCheckFindsTextOutsideItsBoxAndTextThatPaintsNothing) {
  auto built = testing::BuildSceneFile("scenes/examples/three_channels.yaml");
  ASSERT_NE(built, nullptr);
  const Animation& animation = built->animation;
  const std::vector<Shape> shapes = FlattenStep(animation, 0);
  Counts counts;
  EXPECT_TRUE(PixelFaults("plain", animation, shapes, shapes, &counts).empty());

  // The first top-level text measured a canvas' width to the right of where it is painted.
  std::vector<Shape> moved = shapes;
  auto text = std::find_if(moved.begin(), moved.end(), [](const Shape& s) {
    return s.kind == ShapeKind::kText && !s.text.empty();
  });
  ASSERT_NE(text, moved.end());
  text->x += animation.width;
  const std::vector<std::string> faults = PixelFaults("moved", animation, shapes, moved, &counts);
  ASSERT_EQ(faults.size(), 2u) << (faults.empty() ? "" : faults[0]);
  EXPECT_NE(faults[0].find("pixels of text lie outside every measured text box"), std::string::npos)
      << faults[0];
  EXPECT_NE(faults[1].find("(" + text->id + ") paints no pixel in its box"), std::string::npos)
      << faults[1];
}

}  // namespace
}  // namespace convanim
