// core/text: UTF-8 validity and the printable form messages use; and the figure loader's
// use of the same file check.
#include "core/text.h"

#include <gtest/gtest.h>

#include <string>

#include "core/figure_spec.h"
#include "core/status.h"
#include "tests/support/paths.h"

namespace convanim {
namespace {

TEST(Utf8, WellFormedAndMalformedSequences) {
  EXPECT_EQ(text::FirstInvalidUtf8(""), text::kNone);
  EXPECT_EQ(text::FirstInvalidUtf8("plain ascii"), text::kNone);
  EXPECT_EQ(text::FirstInvalidUtf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"), text::kNone);
  EXPECT_EQ(text::FirstInvalidUtf8("\xf4\x8f\xbf\xbf"), text::kNone);  // U+10FFFF
  EXPECT_EQ(text::FirstInvalidUtf8("ab\xff"), 2u);                     // never a UTF-8 byte
  EXPECT_EQ(text::FirstInvalidUtf8("a\xc0\xaf"), 1u);                  // overlong '/'
  EXPECT_EQ(text::FirstInvalidUtf8("\xe0\x80\xaf"), 0u);               // overlong, 3 bytes
  EXPECT_EQ(text::FirstInvalidUtf8("x\xed\xa0\x80"), 1u);              // surrogate U+D800
  EXPECT_EQ(text::FirstInvalidUtf8("\xf4\x90\x80\x80"), 0u);           // above U+10FFFF
  EXPECT_EQ(text::FirstInvalidUtf8("ok\xe2\x82"), 2u);                 // cut short
  EXPECT_EQ(text::FirstInvalidUtf8("\x80"), 0u);                       // stray continuation
  EXPECT_EQ(text::CountCharacters("caf\xc3\xa9\xf0\x9f\x98\x80"), 5u);
}

TEST(Utf8, PrintableEscapesControlsBidiAndBadBytes) {
  EXPECT_EQ(text::Printable("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_EQ(text::Printable("a\x1b[31m"), "a\\u001B[31m");
  EXPECT_EQ(text::Printable("\xc2\x9b"
                            "1m\x7f"),
            "\\u009B1m\\u007F");
  EXPECT_EQ(text::Printable("\xe2\x80\xae"), "\\u202E");  // right-to-left override
  EXPECT_EQ(text::Printable("x\xffy"), "x\\xFFy");
  EXPECT_EQ(text::Printable("tab\there\nline"), "tab\\u0009here\\u000Aline");
  EXPECT_EQ(text::Printable(std::string("nul\0", 4)), "nul\\u0000");
  // Cut after N characters, never inside one.
  EXPECT_EQ(text::Printable("\xc3\xa9\xc3\xa9\xc3\xa9", 2), "\xc3\xa9\xc3\xa9...");
  EXPECT_EQ(text::Printable("abc", 3), "abc");
  EXPECT_TRUE(text::IsPrintable("caf\xc3\xa9"));
  EXPECT_FALSE(text::IsPrintable("\xc2\x85"));
}

TEST(Utf8, StatusNeverPrintsRawControls) {
  const Status status =
      Status::InvalidScene("bad \x1b]0;title\x07 \xc2\x9b", SourceLocation{"a\nb.yaml", 2, 3});
  EXPECT_EQ(status.ToString(), "a\\u000Ab.yaml:2:3: error: bad \\u001B]0;title\\u0007 \\u009B");
}

TEST(Utf8, FileCheckNamesTheLineAndColumn) {
  Status status = text::CheckFileCharacters("a: 1\nbb: \"x\xc3\"\n", "f.yaml");
  EXPECT_EQ(status.ToString(),
            "f.yaml:2:7: error: the file is not valid UTF-8 text: byte \\xC3 is not part of a "
            "character");
  status = text::CheckFileCharacters("a: 1\r\n\tb: \x01\n", "f.yaml");
  EXPECT_EQ(status.where().line, 2);
  EXPECT_EQ(status.where().column, 5);
  EXPECT_NE(status.message().find("control character \\u0001"), std::string::npos);
  EXPECT_TRUE(text::CheckFileCharacters("a: \"caf\xc3\xa9\"\r\n\tb: 2\n", "f.yaml").ok());
}

TEST(FigureText, InvalidUtf8InAFigureFileIsRefusedAtItsByte) {
  FigureSpec spec;
  const Status status = ParseFigure("figure: \"9.1\"\ncaption: \"na\xefve\"\nscene: x.yaml\n",
                                    "fig.yaml", ".", &spec);
  EXPECT_EQ(status.code(), Status::Code::kInvalidScene);
  EXPECT_EQ(status.where().line, 2);
  EXPECT_EQ(status.where().column, 13);
  EXPECT_NE(status.message().find("not valid UTF-8"), std::string::npos) << status.ToString();
}

TEST(TextGate, AcceptsTextTabsAndLineBreaks) {
  const text::TextRule rule{10, true};
  EXPECT_EQ(text::TextFault("", rule), "");
  EXPECT_EQ(text::TextFault("caf\xc3\xa9\tx\ny", rule), "");
  EXPECT_EQ(text::TextFault("\xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80", rule), "");  // CJK, emoji
  EXPECT_EQ(text::TextFault("0123456789", rule), "");  // exactly at the limit
}

TEST(TextGate, RefusesControlsNoncharactersBadBytesAndLength) {
  const text::TextRule rule{10, true};
  EXPECT_EQ(text::TextFault("a\x01", rule),
            "holds the control character \\u0001 (only tabs and line breaks may appear in text)");
  EXPECT_EQ(text::TextFault(std::string("a\0b", 3), rule),
            "holds the control character \\u0000 (only tabs and line breaks may appear in text)");
  EXPECT_EQ(text::TextFault("\x1b[31m", rule).rfind("holds the control character \\u001B", 0), 0u);
  EXPECT_EQ(text::TextFault("\x7f", rule).rfind("holds the control character \\u007F", 0), 0u);
  EXPECT_EQ(text::TextFault("\xc2\x85", rule).rfind("holds the control character \\u0085", 0), 0u);
  EXPECT_EQ(text::TextFault("\r", rule).rfind("holds the control character \\u000D", 0), 0u);
  EXPECT_EQ(text::TextFault("a\nb", text::TextRule{10, false}),
            "holds the control character \\u000A (only tabs may appear in this text; it is one "
            "line)");
  EXPECT_EQ(text::TextFault("x\xef\xbf\xbe", rule),
            "holds the noncharacter U+FFFE (it is not text)");
  EXPECT_EQ(text::TextFault("\xef\xbf\xbf", rule),
            "holds the noncharacter U+FFFF (it is not text)");
  EXPECT_EQ(text::TextFault("\xef\xb7\x90", rule),
            "holds the noncharacter U+FDD0 (it is not text)");
  EXPECT_EQ(text::TextFault("\xef\xb7\xaf", rule),
            "holds the noncharacter U+FDEF (it is not text)");
  EXPECT_EQ(text::TextFault("\xf0\x9f\xbf\xbe", rule),
            "holds the noncharacter U+1FFFE (it is not text)");
  EXPECT_EQ(text::TextFault("\xf4\x8f\xbf\xbf", rule),
            "holds the noncharacter U+10FFFF (it is not text)");
  EXPECT_EQ(text::TextFault("\xef\xb7\xb0", rule), "");  // U+FDF0 is a character
  EXPECT_EQ(text::TextFault("ab\xff", rule),
            "is not valid UTF-8 text (byte 3 is not part of a character)");
  EXPECT_EQ(text::TextFault("\xe2\x82", rule),
            "is not valid UTF-8 text (byte 1 is not part of a character)");
  EXPECT_EQ(text::TextFault("01234567890", rule),
            "is 11 characters long, more than the limit of 10");
  // Characters, not bytes: ten two-byte characters pass.
  std::string ten;
  for (int i = 0; i < 10; ++i) ten += "\xc3\xa9";
  EXPECT_EQ(text::TextFault(ten, rule), "");
  EXPECT_TRUE(text::IsNoncharacter(0xFFFE));
  EXPECT_FALSE(text::IsNoncharacter(0xFFFD));
  EXPECT_EQ(text::TabsAsSpaces("a\tb\t"), "a b ");
}

std::string FigureWithCaption(const std::string& caption_line) {
  return "figure: \"9.1\"\nscene: padding_strides.yaml\n" + caption_line + "\n";
}

Status ParseFigureText(const std::string& text) {
  FigureSpec spec;
  return ParseFigure(text, "fig.yaml", testing::SourcePath("scenes/guide"), &spec);
}

TEST(FigureText, CaptionEscapesAreGatedAsSceneCaptionsAre) {
  ASSERT_TRUE(ParseFigureText(FigureWithCaption("caption: \"fine\\ttext\"")).ok());
  // YAML escapes make controls the file check cannot see.
  Status status = ParseFigureText(FigureWithCaption("caption: \"a\\x01\\e\\0\""));
  EXPECT_EQ(status.code(), Status::Code::kInvalidScene);
  EXPECT_EQ(status.ToString(),
            "fig.yaml:3:10: error: caption holds the control character \\u0001 (only tabs and "
            "line breaks may appear in text)");
  status = ParseFigureText(FigureWithCaption("caption: \"a \\uFFFE b\""));
  EXPECT_EQ(status.ToString(),
            "fig.yaml:3:10: error: caption holds the noncharacter U+FFFE (it is not text)");
  // Raw U+FFFF in the file passes the file check (it is UTF-8) but not the gate.
  status = ParseFigureText(FigureWithCaption("caption: x\xef\xbf\xbf"));
  EXPECT_EQ(status.ToString(),
            "fig.yaml:3:10: error: caption holds the noncharacter U+FFFF (it is not text)");
  // A caption has a length limit too.
  status = ParseFigureText(FigureWithCaption("caption: " + std::string(2001, 'x')));
  EXPECT_EQ(status.ToString(),
            "fig.yaml:3:10: error: caption is 2001 characters long, more than the limit of 2000");
  status = ParseFigureText(
      "figure: \"9.2\"\nlayout: kernel_positions\npanels:\n  - {scene: padding_strides.yaml, "
      "caption: \"\\uFFFF\"}\n");
  EXPECT_EQ(status.code(), Status::Code::kInvalidScene);
  EXPECT_EQ(status.where().line, 4);
  EXPECT_NE(status.message().find("U+FFFF"), std::string::npos) << status.ToString();
}

}  // namespace
}  // namespace convanim
