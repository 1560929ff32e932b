// What the exporters read to show a model: themes (assets/palettes/*.txt, role ->
// colour), how numbers are written, and the fonts text is measured and drawn with.
#include "exporters/theme.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/scene_loader.h"
#include "core/theme_names.h"
#include "renderer/fonts.h"
#include "renderer/model.h"
#include "renderer/numbers.h"
#include "tests/support/contrast.h"
#include "tests/support/models.h"
#include "tests/support/paths.h"
#include "tests/support/run.h"

namespace convanim {
namespace {

using testing::Rgb;
using testing::RgbOf;

// ---------------------------------------------------------------------------------
// Themes

TEST(Theme, LightThemeHasTheGuidesColours) {
  Theme theme;
  ASSERT_TRUE(GetTheme("light", &theme).ok());
  EXPECT_EQ(theme.name, "light");
  EXPECT_EQ(RgbOf(theme[Role::kBackground]), (Rgb{255, 255, 255}));
  EXPECT_EQ(RgbOf(theme[Role::kInputCell]), (Rgb{38, 139, 210}));
  EXPECT_EQ(RgbOf(theme[Role::kOutputCell]), (Rgb{42, 161, 152}));
  EXPECT_EQ(RgbOf(theme[Role::kGrid]), (Rgb{0, 43, 54}));
  EXPECT_EQ(RgbOf(theme[Role::kWindow]), (Rgb{7, 54, 66}));
  EXPECT_DOUBLE_EQ(theme[Role::kWindow].alpha, 0.4);
  EXPECT_EQ(RgbOf(theme[Role::kCurrentOutput]), (Rgb{7, 54, 66}));  // the same shade
  EXPECT_DOUBLE_EQ(theme[Role::kCurrentOutput].alpha, 0.4);
  EXPECT_EQ(RgbOf(theme[Role::kBehindCell]), (Rgb{108, 113, 196}));   // Solarized violet
  EXPECT_EQ(RgbOf(theme[Role::kPaddingCell]), (Rgb{255, 255, 255}));  // padding is empty
  EXPECT_DOUBLE_EQ(theme[Role::kInputCell].alpha, 1.0);
  EXPECT_EQ(RgbOf(theme[Role::kConnector]), (Rgb{0, 0, 0}));
  EXPECT_EQ(RgbOf(theme[Role::kValue]), (Rgb{0, 0, 0}));
  EXPECT_EQ(HexColour(theme[Role::kInputCell]), "#268bd2");
  EXPECT_EQ(HexColour(theme[Role::kGrid]), "#002b36");
}

TEST(Theme, EveryBuiltinThemeParsesWithEveryRole) {
  ASSERT_GE(ThemeNames().size(), 2u);
  EXPECT_TRUE(std::is_sorted(ThemeNames().begin(), ThemeNames().end()));
  const std::set<std::string> names(ThemeNames().begin(), ThemeNames().end());
  EXPECT_EQ(names.count("light"), 1u);
  EXPECT_EQ(names.count("dark"), 1u);
  for (const std::string& name : ThemeNames()) {
    Theme theme;
    const Status status = GetTheme(name, &theme);
    ASSERT_TRUE(status.ok()) << name << ": " << status.ToString();
    EXPECT_EQ(theme.name, name);
    // The file is the one in assets/palettes, parsed the same way.
    Theme from_file;
    const std::string text =
        testing::ReadFile(testing::SourcePath("assets/palettes/" + name + ".txt"));
    ASSERT_TRUE(ParseTheme(text, name + ".txt", &from_file).ok()) << name;
    for (int r = 0; r < kRoleCount; ++r) {
      const Role role = static_cast<Role>(r);
      EXPECT_EQ(RgbOf(theme[role]), RgbOf(from_file[role])) << name << " " << RoleName(role);
      EXPECT_EQ(theme[role].alpha, from_file[role].alpha) << name << " " << RoleName(role);
    }
  }
  // The background is opaque and differs from the cells in every theme.
  for (const std::string& name : ThemeNames()) {
    Theme theme;
    ASSERT_TRUE(GetTheme(name, &theme).ok());
    EXPECT_DOUBLE_EQ(theme[Role::kBackground].alpha, 1.0) << name;
    EXPECT_NE(RgbOf(theme[Role::kBackground]), RgbOf(theme[Role::kInputCell])) << name;
    EXPECT_NE(RgbOf(theme[Role::kBackground]), RgbOf(theme[Role::kOutputCell])) << name;
  }
}

TEST(Theme, DarkThemeIsDarkWithLightInk) {
  Theme dark;
  ASSERT_TRUE(GetTheme("dark", &dark).ok());
  EXPECT_EQ(RgbOf(dark[Role::kBackground]), (Rgb{0, 43, 54}));  // Solarized base03
  EXPECT_EQ(RgbOf(dark[Role::kValue]), (Rgb{253, 246, 227}));
}

using testing::Contrast;
using testing::Over;

TEST(Theme, TextKeepsAContrastOfAtLeastFourAndAHalfToOne) {
  // Numbers on every kind of cell, and the words on the background (WCAG AA).
  const std::vector<Role> numbers = {Role::kValue, Role::kWeight, Role::kOutputValue};
  const std::vector<Role> cells = {Role::kBackground,   Role::kInputCell,   Role::kPaddingCell,
                                   Role::kInsertedZero, Role::kOutsideCell, Role::kOutputCell,
                                   Role::kPendingCell,  Role::kKernelCell,  Role::kBehindCell};
  const std::vector<Role> words = {Role::kLabel,    Role::kTitle,  Role::kCaption,
                                   Role::kEquation, Role::kLegend, Role::kMutedValue};
  for (const std::string& name : ThemeNames()) {
    Theme theme;
    ASSERT_TRUE(GetTheme(name, &theme).ok());
    for (Role ink : numbers) {
      for (Role cell : cells) {
        EXPECT_GE(Contrast(theme[ink], theme[cell]), 4.5)
            << name << ": " << RoleName(ink) << " on " << RoleName(cell);
      }
    }
    for (Role ink : words) {
      EXPECT_GE(Contrast(theme[ink], theme[Role::kBackground]), 4.5)
          << name << ": " << RoleName(ink) << " on the background";
    }
  }
}

// `top` (with its alpha) composited over the opaque `bottom`.
TEST(Theme, NumbersKeepTheirContrastUnderTheTeachingStylesTints) {
  // The window's tint over every kind of input cell; the scatter view's heat map (its
  // strongest opacity) under the counts.
  const std::vector<Role> cells = {Role::kBackground,   Role::kInputCell,   Role::kPaddingCell,
                                   Role::kInsertedZero, Role::kOutsideCell, Role::kOutputCell,
                                   Role::kKernelCell};
  for (const std::string& name : ThemeNames()) {
    Theme theme;
    ASSERT_TRUE(GetTheme(name, &theme).ok());
    for (Role cell : cells) {
      const Colour under = Over(theme[Role::kTap], theme[cell]);
      for (Role ink : {Role::kValue, Role::kOutputValue, Role::kWeight}) {
        EXPECT_GE(Contrast(theme[ink], under), 4.5)
            << name << ": " << RoleName(ink) << " on the tap tint over " << RoleName(cell);
      }
    }
    for (double opacity : {0.15, 0.75}) {
      const Colour heat = Over(theme[Role::kHighlight], theme[Role::kBackground], opacity);
      EXPECT_GE(Contrast(theme[Role::kValue], heat), 4.5) << name << ": a count on the heat map";
    }
  }
}

TEST(Theme, UnknownThemeIsRefusedNamingTheKnownOnes) {
  Theme theme;
  const Status status = GetTheme("sepia", &theme);
  EXPECT_EQ(status.code(), Status::Code::kInvalidScene);
  EXPECT_NE(status.message().find("\"sepia\""), std::string::npos) << status.ToString();
  for (const std::string& name : ThemeNames()) {
    EXPECT_NE(status.message().find(name), std::string::npos) << status.ToString();
  }
}

TEST(Theme, TheSceneLoaderAcceptsExactlyTheBuiltinThemes) {
  // The core cannot link the exporters; it reads the names from generated/core/theme_names.h,
  // made from the same palette files.
  const std::vector<std::string> generated(std::begin(kThemeNames), std::end(kThemeNames));
  std::vector<std::string> sorted = generated;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, ThemeNames());
  for (const std::string& name : ThemeNames()) {
    Scene scene;
    const Status status = ParseScene(
        "operation: convolution\ninput: {size: 4, seed: 1}\nkernel: {size: 3, seed: 2}\n"
        "style: {theme: " +
            name + "}\n",
        "theme.yaml", &scene);
    ASSERT_TRUE(status.ok()) << name << ": " << status.ToString();
    EXPECT_EQ(scene.style.theme, name);
  }
  Scene scene;
  const Status unknown = ParseScene(
      "operation: convolution\ninput: {size: 4, seed: 1}\nkernel: {size: 3, seed: 2}\n"
      "style: {theme: sepia}\n",
      "theme.yaml", &scene);
  EXPECT_EQ(unknown.code(), Status::Code::kInvalidScene);
  EXPECT_NE(unknown.message().find("sepia"), std::string::npos) << unknown.ToString();
}

// A theme file setting every role (to black, the window at 40 %).
std::string CompleteTheme() {
  std::string text;
  for (int r = 0; r < kRoleCount; ++r) {
    text += std::string(RoleName(static_cast<Role>(r))) +
            (static_cast<Role>(r) == Role::kWindow ? " 7 54 66 0.4\n" : " 0 0 0\n");
  }
  return text;
}

TEST(Theme, ParserReadsCommentsAndAlpha) {
  Theme theme;
  const Status status =
      ParseTheme("# comment\n\n" + CompleteTheme() + "   # trailing\n", "t.txt", &theme);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(RgbOf(theme[Role::kWindow]), (Rgb{7, 54, 66}));
  EXPECT_DOUBLE_EQ(theme[Role::kWindow].alpha, 0.4);
  EXPECT_DOUBLE_EQ(theme[Role::kGrid].alpha, 1.0);
  // Role names round-trip.
  for (int r = 0; r < kRoleCount; ++r) {
    Role role;
    ASSERT_TRUE(RoleFromName(RoleName(static_cast<Role>(r)), &role));
    EXPECT_EQ(role, static_cast<Role>(r));
  }
  Role role;
  EXPECT_FALSE(RoleFromName("glow", &role));
}

TEST(Theme, ParserRejectsMalformedFiles) {
  const std::string complete = CompleteTheme();
  // Everything but the background line, to put a bad one in its place.
  const std::string rest = complete.substr(complete.find('\n') + 1);
  ASSERT_EQ(complete.rfind("background ", 0), 0u);
  struct Bad {
    std::string text;
    std::string message;
    int line;  // the line named in the message, 0 for none
  };
  const std::vector<Bad> bad = {
      {complete + "input_cell 1 2 3\n", "already set on line", kRoleCount + 1},
      {complete + "glow 1 2 3\n", "unknown role \"glow\"", kRoleCount + 1},
      {"input_cell 38 139 210\n", "is missing", 0},
      {"background 256 0 0\n" + rest, "0-255", 1},
      {"background -1 0 0\n" + rest, "0-255", 1},
      {"background 1.5 0 0\n" + rest, "0-255", 1},
      {"background 1 2\n" + rest, "expected", 1},
      {"background 1 2 3 4 5\n" + rest, "expected", 1},
      {"background 1 2 3 1.5\n" + rest, "alpha", 1},
      {"background 1 2 3 x\n" + rest, "alpha", 1},
      {"background 1 2 3 -0.1\n" + rest, "alpha", 1},
      {"", "is missing", 0},
  };
  for (const Bad& b : bad) {
    Theme theme;
    const Status status = ParseTheme(b.text, "t.txt", &theme);
    EXPECT_FALSE(status.ok()) << b.text;
    EXPECT_NE(status.message().find(b.message), std::string::npos) << status.ToString();
    const std::string place = b.line > 0 ? "t.txt:" + std::to_string(b.line) + ":" : "t.txt";
    EXPECT_NE(status.message().find(place), std::string::npos) << status.ToString();
  }
}

// ---------------------------------------------------------------------------------
// Numbers

TEST(Numbers, OutputValuesHaveTheStylesDecimals) {
  EXPECT_EQ(FormatFixed(12.0, 1), "12.0");
  EXPECT_EQ(FormatFixed(6.0, 1), "6.0");
  EXPECT_EQ(FormatFixed(1.0 / 3.0, 2), "0.33");
  EXPECT_EQ(FormatFixed(4.0 / 3.0, 3), "1.333");
  EXPECT_EQ(FormatFixed(5.0 / 3.0, 1), "1.7");
  EXPECT_EQ(FormatFixed(2.5, 0), "3");  // half away from zero, as by hand (issue 15)
  EXPECT_EQ(FormatFixed(7.0, 0), "7");
  EXPECT_EQ(FormatFixed(-1.25, 2),
            "\xE2\x88\x92"
            "1.25");                        // a typographic minus
  EXPECT_EQ(FormatFixed(-0.04, 1), "0.0");  // never "-0.0"
  EXPECT_EQ(FormatFixed(-0.0, 2), "0.00");
}

TEST(Numbers, InputsAndWeightsAreCompact) {
  EXPECT_EQ(FormatCompact(2.0), "2");
  EXPECT_EQ(FormatCompact(0.0), "0");
  EXPECT_EQ(FormatCompact(-0.0), "0");
  EXPECT_EQ(FormatCompact(0.5), "0.5");
  EXPECT_EQ(FormatCompact(1.25), "1.25");
  EXPECT_EQ(FormatCompact(1.0 / 3.0), "0.33");
  EXPECT_EQ(FormatCompact(0.1000001), "0.1");
  EXPECT_EQ(FormatCompact(12.0), "12");
  EXPECT_EQ(FormatCompact(-3.0),
            "\xE2\x88\x92"
            "3");
}

// ---------------------------------------------------------------------------------
// Fonts

std::shared_ptr<const Fonts> EmbeddedFonts() {
  EXPECT_TRUE(Fonts::EmbeddedStatus().ok()) << Fonts::EmbeddedStatus().ToString();
  return Fonts::Embedded();
}

TEST(FontsTest, EmbeddedFontsLoadInOrder) {
  const auto fonts = EmbeddedFonts();
  ASSERT_NE(fonts, nullptr);
  ASSERT_EQ(fonts->face_count(), 3);
  EXPECT_EQ(fonts->face(0).name, "Latin Modern Roman");
  EXPECT_EQ(fonts->face(1).name, "DejaVu Serif");
  EXPECT_EQ(fonts->face(2).name, "DejaVu Sans");
  std::set<std::string> families;
  for (int i = 0; i < fonts->face_count(); ++i) {
    EXPECT_FALSE(fonts->face(i).bytes.empty());
    families.insert(fonts->face(i).family);
  }
  EXPECT_EQ(families.size(), 3u);       // unique CSS family names
  EXPECT_EQ(Fonts::Embedded(), fonts);  // loaded once
  // Vertical metrics are plausible for a text face.
  EXPECT_LT(fonts->digit_middle_em(), -0.2);
  EXPECT_GT(fonts->digit_middle_em(), -0.5);
  EXPECT_GT(fonts->ascent_em(), 0.5);
  EXPECT_GT(fonts->descent_em(), 0.1);
}

TEST(FontsTest, MeasuresWithUnhintedLinearAdvances) {
  const auto fonts = EmbeddedFonts();
  ASSERT_NE(fonts, nullptr);
  const double one = fonts->Advance("0", 20.0);
  EXPECT_GT(one, 5.0);
  EXPECT_LT(one, 20.0);
  // Latin Modern's digits share one advance; metrics are unhinted, so exactly linear.
  EXPECT_DOUBLE_EQ(fonts->Advance("00", 20.0), 2.0 * one);
  EXPECT_DOUBLE_EQ(fonts->Advance("7", 20.0), one);
  EXPECT_NEAR(fonts->Advance("0", 40.0), 2.0 * one, 1e-9);
  EXPECT_EQ(fonts->Advance("", 20.0), 0.0);
  EXPECT_GT(fonts->Advance("W", 20.0), fonts->Advance("i", 20.0));
  // Layout places each glyph after the previous one.
  std::vector<Fonts::Glyph> glyphs;
  double advance = 0.0;
  ASSERT_TRUE(fonts->Layout("12.5", &glyphs, &advance));
  ASSERT_EQ(glyphs.size(), 4u);
  EXPECT_EQ(glyphs[0].x_em, 0.0);
  for (std::size_t i = 1; i < glyphs.size(); ++i) EXPECT_GT(glyphs[i].x_em, glyphs[i - 1].x_em);
  EXPECT_NEAR(advance * 20.0, fonts->Advance("12.5", 20.0), 1e-9);
  for (const Fonts::Glyph& glyph : glyphs) EXPECT_EQ(glyph.face, 0);  // Latin Modern has digits
}

TEST(FontsTest, CharactersLatinModernLacksComeFromAFallbackFace) {
  const auto fonts = EmbeddedFonts();
  ASSERT_NE(fonts, nullptr);
  // α (U+03B1), ≤ (U+2264), ⊛ (U+229B).
  for (const auto& [text, codepoint] : std::vector<std::pair<std::string, uint32_t>>{
           {"\xCE\xB1", 0x3B1}, {"\xE2\x89\xA4", 0x2264}, {"\xE2\x8A\x9B", 0x229B}}) {
    std::vector<Fonts::Glyph> glyphs;
    double advance = 0.0;
    uint32_t missing = 0;
    ASSERT_TRUE(fonts->Layout("a" + text, &glyphs, &advance, &missing))
        << std::hex << codepoint << " missing " << missing;
    ASSERT_EQ(glyphs.size(), 2u);
    EXPECT_EQ(glyphs[0].face, 0);  // 'a' from Latin Modern
    EXPECT_EQ(glyphs[1].codepoint, codepoint);
    EXPECT_GT(glyphs[1].index, 0u);
    EXPECT_TRUE(fonts->CheckCovered(text, "the text").ok()) << std::hex << codepoint;
    EXPECT_GT(fonts->Advance(text, 10.0), 0.0);
  }
  // ⊛ is not in Latin Modern: a DejaVu face draws it.
  std::vector<Fonts::Glyph> glyphs;
  double advance = 0.0;
  ASSERT_TRUE(fonts->Layout("\xE2\x8A\x9B", &glyphs, &advance));
  EXPECT_GT(glyphs[0].face, 0);
  EXPECT_EQ(fonts->face(glyphs[0].face).name.rfind("DejaVu", 0), 0u);
}

TEST(FontsTest, ACharacterNoFontHasIsRefusedWithItsCodePoint) {
  const auto fonts = EmbeddedFonts();
  ASSERT_NE(fonts, nullptr);
  std::vector<Fonts::Glyph> glyphs;
  double advance = 0.0;
  uint32_t missing = 0;
  EXPECT_FALSE(fonts->Layout("a\xEE\x80\x80", &glyphs, &advance, &missing));  // U+E000
  EXPECT_EQ(missing, 0xE000u);
  const Status status = fonts->CheckCovered("x\xEE\x80\x80", "style.title");
  EXPECT_EQ(status.code(), Status::Code::kInvalidScene);
  EXPECT_NE(status.message().find("style.title"), std::string::npos) << status.ToString();
  EXPECT_NE(status.message().find("U+E000"), std::string::npos) << status.ToString();
  EXPECT_NE(status.message().find("Latin Modern Roman"), std::string::npos) << status.ToString();
  EXPECT_NE(status.message().find("--font"), std::string::npos) << status.ToString();
  // Invalid UTF-8 is its own error.
  const Status invalid = fonts->CheckCovered("\xC0\xAF", "caption");
  EXPECT_EQ(invalid.code(), Status::Code::kInvalidScene);
  EXPECT_NE(invalid.message().find("UTF-8"), std::string::npos) << invalid.ToString();
  std::vector<uint32_t> codepoints;
  EXPECT_FALSE(DecodeUtf8("\xED\xA0\x80", &codepoints));  // a surrogate
  EXPECT_TRUE(DecodeUtf8("a\xE2\x8A\x9B", &codepoints));
  EXPECT_EQ(codepoints, (std::vector<uint32_t>{'a', 0x229B}));
  EXPECT_EQ(EncodeUtf8(0x229B), "\xE2\x8A\x9B");
}

TEST(FontsTest, UserFontsComeRightAfterLatinModern) {
  std::shared_ptr<const Fonts> fonts;
  const std::string file = testing::SourcePath("assets/fonts/DejaVuSans.ttf");
  const Status status = Fonts::Load({file}, &fonts);
  ASSERT_TRUE(status.ok()) << status.ToString();
  ASSERT_EQ(fonts->face_count(), 4);
  EXPECT_EQ(fonts->face(0).name, "Latin Modern Roman");
  EXPECT_EQ(fonts->face(1).name, "DejaVu Sans");  // the user's file, before the fallbacks
  std::vector<Fonts::Glyph> glyphs;
  double advance = 0.0;
  ASSERT_TRUE(fonts->Layout("\xCE\xB1", &glyphs, &advance));
  EXPECT_EQ(glyphs[0].face, 1);

  std::shared_ptr<const Fonts> missing;
  const Status absent = Fonts::Load({"/nonexistent/font.ttf"}, &missing);
  EXPECT_EQ(absent.code(), Status::Code::kInvalidScene);
  EXPECT_NE(absent.message().find("/nonexistent/font.ttf"), std::string::npos);
  std::shared_ptr<const Fonts> not_a_font;
  const std::string text_file = testing::SourcePath("assets/palettes/light.txt");
  const Status garbage = Fonts::Load({text_file}, &not_a_font);
  EXPECT_EQ(garbage.code(), Status::Code::kInvalidScene);
  EXPECT_NE(garbage.message().find("light.txt"), std::string::npos) << garbage.ToString();
}

}  // namespace
}  // namespace convanim
