// Line breaking (renderer/text_wrap.h): Latin text breaks at blanks only, CJK text between
// characters, never before closing punctuation nor after opening punctuation.
#include "renderer/text_wrap.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "renderer/model.h"

namespace convanim {
namespace {

std::vector<std::string> Texts(const std::vector<WrapUnit>& units) {
  std::vector<std::string> texts;
  for (const WrapUnit& unit : units) texts.push_back((unit.space_before ? "_" : "") + unit.text);
  return texts;
}

TEST(TextWrapTest, LatinBreaksAtBlanksOnly) {
  EXPECT_EQ(Texts(BreakUnits("  kernel  window,\nstride (s = 2)")),
            (std::vector<std::string>{"kernel", "_window,", "_stride", "_(s", "_=", "_2)"}));
  EXPECT_EQ(JoinUnits(BreakUnits("  kernel  window,\nstride")), "kernel window, stride");
  EXPECT_TRUE(BreakUnits(" \n\t").empty());
}

TEST(TextWrapTest, CjkBreaksBetweenCharactersNotBeforeClosingPunctuation) {
  // 输入，步长。 : input, stride.
  EXPECT_EQ(Texts(BreakUnits("输入，步长。")),
            (std::vector<std::string>{"输", "入，", "步", "长。"}));
  // An opening bracket stays with what follows, a closing one with what precedes.
  EXPECT_EQ(Texts(BreakUnits("卷积核（3×3）")),
            (std::vector<std::string>{"卷", "积", "核", "（3×3）"}));
  // Mixed: a Latin word stays whole; CJK and Latin may break where they meet.
  EXPECT_EQ(Texts(BreakUnits("步长 stride 为2")),
            (std::vector<std::string>{"步", "长", "_stride", "_为", "2"}));
  EXPECT_EQ(JoinUnits(BreakUnits("步长 stride 为2")), "步长 stride 为2");
}

TEST(TextWrapTest, WrapsToTheWidth) {
  const std::shared_ptr<const Fonts> fonts = Fonts::Embedded();
  ASSERT_NE(fonts, nullptr);
  const double size = 16.0;
  const std::string text = "one two three four five six seven";
  const double width = fonts->Advance("one two three", size) + 0.5;
  EXPECT_EQ(Wrap(*fonts, text, size, width),
            (std::vector<std::string>{"one two three", "four five six", "seven"}));
  // A word that fits a line alone keeps a line of its own, unbroken.
  const double word_width = fonts->Advance("extraordinarily", size);
  EXPECT_EQ(Wrap(*fonts, "a extraordinarily b", size, word_width),
            (std::vector<std::string>{"a", "extraordinarily", "b"}));
  // A word wider than any line is broken between characters (the last resort: nothing is
  // cut at the picture's edge), each piece as long as fits.
  const double narrow = fonts->Advance("extra", size) + 0.5;
  EXPECT_EQ(Wrap(*fonts, "a extraordinarily b", size, narrow),
            (std::vector<std::string>{"a", "extra", "ordin", "arily", "b"}));
  // Justified lines: the same breaks, measured piece by piece.
  const auto lines = WrapUnits(*fonts, BreakUnits(text), width, size);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(JoinUnits(lines[0]), "one two three");
  EXPECT_EQ(JoinUnits(lines[2]), "seven");
}

TEST(TextWrapTest, IdJoinsIndices) {
  EXPECT_EQ(Id("input", {1, 2}), "input/1/2");
  EXPECT_EQ(Id("title", {}), "title");
}

}  // namespace
}  // namespace convanim
