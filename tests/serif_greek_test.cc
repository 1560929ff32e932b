// Greek and math in titles (issue 15, point 10): Latin Modern Roman (the guide's face) has the
// Greek capitals but not the small letters nor the operators; those come from DejaVu Serif,
// the next face of the fallback order, never from the upright sans (DejaVu Sans, last).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "renderer/fonts.h"
#include "tests/support/models.h"

namespace convanim {
namespace {

// The face name each code point of `utf8` is drawn with.
std::vector<std::string> FacesOf(const Fonts& fonts, const std::string& utf8) {
  std::vector<Fonts::Glyph> glyphs;
  double advance = 0.0;
  EXPECT_TRUE(fonts.Layout(utf8, &glyphs, &advance)) << utf8;
  std::vector<std::string> names;
  for (const Fonts::Glyph& g : glyphs) names.push_back(fonts.face(g.face).name);
  return names;
}

TEST(SerifGreek, SmallGreekAndOperatorsAreSerif) {
  const auto fonts = Fonts::Embedded();
  ASSERT_NE(fonts, nullptr);
  // "α β ⊛ ≈ Ω": small Greek, the convolution operator, approximately equal, a capital.
  const std::vector<std::string> faces =
      FacesOf(*fonts, "\xCE\xB1\xCE\xB2\xE2\x8A\x9B\xE2\x89\x88\xCE\xA9x");
  ASSERT_EQ(faces.size(), 6u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(faces[i], "DejaVu Serif") << i;
    EXPECT_NE(faces[i], "DejaVu Sans") << i;
  }
  // Ω: Latin Modern (the first face) has the capitals.
  EXPECT_EQ(faces[4], fonts->face(0).name);
  EXPECT_EQ(faces[5], fonts->face(0).name);
}

TEST(SerifGreek, ATitleWithAlphaDrawsItInTheSerifFace) {
  auto built = testing::BuildSceneText(
      "operation: convolution\nview: numerical\ninput: {size: 3}\nkernel: {size: 2}\n"
      "style: {title: \"Learning rate \xCE\xB1 and y = x \xE2\x8A\x9B w\"}\n");
  ASSERT_NE(built, nullptr);
  const Fonts& fonts = *built->animation.fonts;
  int greek = 0;
  for (const Layer& layer : built->animation.layers) {
    for (const Shape* s : testing::ShapesWithRole(layer.shapes, Role::kTitle)) {
      std::vector<Fonts::Glyph> glyphs;
      double advance = 0.0;
      ASSERT_TRUE(fonts.Layout(s->text, &glyphs, &advance));
      for (const Fonts::Glyph& g : glyphs) {
        if (g.codepoint == 0x3B1 || g.codepoint == 0x229B) {
          EXPECT_EQ(fonts.face(g.face).name, "DejaVu Serif") << s->text;
          ++greek;
        } else if (g.codepoint < 0x80 && g.codepoint != ' ') {
          EXPECT_EQ(g.face, 0) << s->text;  // Latin Modern Roman
        }
      }
    }
  }
  EXPECT_EQ(greek, 2);
}

}  // namespace
}  // namespace convanim
