// The message catalogs (assets/locales/, renderer/words.h): their format, that every key
// the code names exists, that every language has English's keys with the same
// placeholders, and that no English word is left as a string literal where the reader's
// words are made (renderer/, exporters/ and core/arithmetic.cc).
#include "renderer/words.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/arithmetic.h"
#include "renderer/arithmetic_words.h"
#include "renderer/scene_model.h"
#include "support/models.h"
#include "support/paths.h"
#include "support/run.h"

namespace convanim {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Literal {
  std::string text;
  int line = 0;
  bool in_error = false;  // an argument of an error or note, for the author on stderr
};

// The string literals of a C++ source, comments skipped. A literal is `in_error` when it is
// inside the parentheses of a call that makes a message for the author (Status::
// InvalidScene, Refuse, notes.push_back, ...) or in a statement that starts with a
// variable whose name holds "message".
std::vector<Literal> Literals(const std::string& source) {
  static const std::regex kErrorCall(
      R"((InvalidScene|Internal|IoError|SceneError|Refuse|Fail|IoFailure|CheckCovered|AddFace|ReadRegularFile|CheckRegularFile|static_assert|notes\.push_back|notes->push_back|fprintf)\s*$)");
  std::vector<Literal> out;
  std::vector<bool> parens;  // per open parenthesis: does it hold an error message?
  int line = 1;
  std::size_t statement_start = 0;
  for (std::size_t i = 0; i < source.size(); ++i) {
    const char c = source[i];
    if (c == '\n') {
      ++line;
    } else if (source.compare(i, 2, "//") == 0) {
      while (i < source.size() && source[i] != '\n') ++i;
      --i;
    } else if (source.compare(i, 2, "/*") == 0) {
      const std::size_t end = source.find("*/", i + 2);
      for (std::size_t j = i; j < end && j < source.size(); ++j) line += source[j] == '\n';
      i = end + 1;
    } else if (c == '#' && (i == 0 || source[i - 1] == '\n')) {
      while (i < source.size() && source[i] != '\n') ++i;
      --i;
    } else if (c == '\'') {
      while (++i < source.size() && source[i] != '\'') {
        if (source[i] == '\\') ++i;
      }
    } else if (c == 'R' && source.compare(i, 2, "R\"") == 0) {
      const std::size_t open = source.find('(', i);
      const std::string close = ")" + source.substr(i + 2, open - i - 2) + "\"";
      const std::size_t end = source.find(close, open);
      out.push_back({source.substr(open + 1, end - open - 1), line, false});
      i = end + close.size() - 1;
    } else if (c == '"') {
      std::string text;
      while (++i < source.size() && source[i] != '"') {
        if (source[i] == '\\') text += source[i++];
        text += source[i];
      }
      bool in_error = false;
      for (bool e : parens) in_error = in_error || e;
      const std::string statement = source.substr(statement_start, i - statement_start);
      static const std::regex kMessageVariable(
          R"(^\s*(const\s+)?(std::string\s+)?\w*message\w*\s*[+]?=)");
      in_error = in_error || std::regex_search(statement, kMessageVariable);
      out.push_back({text, line, in_error});
    } else if (c == '(') {
      const std::size_t from = i > 60 ? i - 60 : 0;
      parens.push_back(std::regex_search(source.substr(from, i - from), kErrorCall));
    } else if (c == ')') {
      if (!parens.empty()) parens.pop_back();
    } else if (c == ';' || c == '{' || c == '}') {
      if (parens.empty()) statement_start = i + 1;
    }
  }
  return out;
}

// Words a formula may hold in any language (the guide's notation) and the names of SVG's
// and CSS's vocabulary: not English for the reader.
bool IsNotation(const std::string& word) {
  static const std::set<std::string> kNotation = {"max", "floor", "ceil", "text"};
  return kNotation.count(word) > 0;
}

// A literal holds English words when it has a word of two or more letters (not notation)
// and a blank, i.e. it is a phrase or a fragment of one ("kernel window", "rows: ",
// " of the full "). Markup, style sheets and format strings (with '<', '=\"', '{', '%' or a
// CSS attribute selector's '^=') are not words.
bool HoldsEnglish(const std::string& text) {
  if (text.find('<') != std::string::npos || text.find("=\\\"") != std::string::npos ||
      text.find('{') != std::string::npos || text.find('%') != std::string::npos ||
      text.find("^=") != std::string::npos) {
    return false;
  }
  if (text.find(' ') == std::string::npos) return false;
  static const std::regex kWord("[A-Za-z]{2,}");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kWord);
       it != std::sregex_iterator(); ++it) {
    if (!IsNotation(it->str())) return true;
  }
  return false;
}

std::vector<fs::path> SourcesWithWords() {
  const fs::path root = CONVANIM_SOURCE_DIR;
  std::vector<fs::path> files;
  for (const char* folder : {"renderer", "exporters"}) {
    for (const auto& entry : fs::directory_iterator(root / folder)) {
      const fs::path& path = entry.path();
      if (path.extension() != ".cc" && path.extension() != ".h") continue;
      // exporters/html.cc and exporters/player/ are the HTML player's; formats.cc holds the
      // help texts of `render --help`, for the author; the video and file writers write no
      // text, only messages for the author.
      const std::string name = path.filename().string();
      static const std::set<std::string> kNoReaderText = {
          "html.cc",       "formats.cc",     "libav_util.cc", "libav_util.h",    "gif_writer.cc",
          "mp4_writer.cc", "output_file.cc", "output_file.h", "frame_pattern.cc"};
      if (kNoReaderText.count(name) > 0) continue;
      files.push_back(path);
    }
  }
  files.push_back(root / "core" / "arithmetic.cc");
  files.push_back(root / "core" / "arithmetic.h");
  return files;
}

TEST(WordsTest, NoEnglishLiteralWhereTheReadersWordsAreMade) {
  int found = 0;
  for (const fs::path& path : SourcesWithWords()) {
    for (const Literal& literal : Literals(ReadFile(path))) {
      if (literal.in_error || !HoldsEnglish(literal.text)) continue;
      ADD_FAILURE() << path.string() << ":" << literal.line << ": \"" << literal.text
                    << "\" holds English words: make it a key of assets/locales/en.txt";
      ++found;
    }
  }
  EXPECT_EQ(found, 0);
}

TEST(WordsTest, TheScannerFindsWordsAndSkipsErrorsAndComments) {
  const std::string source =
      "// \"a comment with words\"\n"
      "std::string a = \"kernel window\";\n"
      "return Status::InvalidScene(\"the kernel \" + std::to_string(k) +\n"
      "    \" does not fit\");\n"
      "std::string message = \"an error for the author\";\n"
      "text += \" of the full \";\n"
      "Id(\"input/sheet\", {1});\n";
  std::vector<std::string> english;
  for (const Literal& literal : Literals(source)) {
    if (!literal.in_error && HoldsEnglish(literal.text)) english.push_back(literal.text);
  }
  EXPECT_EQ(english, (std::vector<std::string>{"kernel window", " of the full "}));
}

// Every literal of the source tree shaped like a catalog key ("legend.input") is a key of
// English's catalog.
TEST(WordsTest, EveryKeyTheCodeNamesIsInEnglish) {
  const Words& english = Words::English();
  std::set<std::string> prefixes;
  for (const auto& entry : english.entries())
    prefixes.insert(entry.first.substr(0, entry.first.find('.')));
  static const std::regex kKey(R"(^[a-z_]+(\.[a-z0-9_]+)+$)");
  const fs::path root = CONVANIM_SOURCE_DIR;
  int keys = 0;
  for (const char* folder : {"renderer", "exporters", "app"}) {
    for (const auto& entry : fs::recursive_directory_iterator(root / folder)) {
      const fs::path& path = entry.path();
      if (path.extension() != ".cc" && path.extension() != ".h") continue;
      for (const Literal& literal : Literals(ReadFile(path))) {
        if (!std::regex_match(literal.text, kKey)) continue;
        if (prefixes.count(literal.text.substr(0, literal.text.find('.'))) == 0) continue;
        ++keys;
        EXPECT_TRUE(english.Has(literal.text)) << path.string() << ":" << literal.line
                                               << ": no key '" << literal.text << "' in en.txt";
      }
    }
  }
  EXPECT_GT(keys, 50);
}

// The keys made from the arithmetic's case (case.r6.name_pooling, ...) all exist.
TEST(WordsTest, EveryArithmeticCaseIsWorded) {
  struct Case {
    Operation operation;
    int input, kernel, stride, pad_begin, pad_end, dilation, output_padding;
    bool ceil_mode;
  };
  const Case cases[] = {
      {Operation::kConvolution, 5, 3, 1, 0, 0, 1, 0, false},
      {Operation::kConvolution, 5, 4, 1, 2, 2, 1, 0, false},
      {Operation::kConvolution, 5, 3, 1, 1, 1, 1, 0, false},
      {Operation::kConvolution, 5, 3, 1, 2, 2, 1, 0, false},
      {Operation::kConvolution, 5, 3, 2, 0, 0, 1, 0, false},
      {Operation::kConvolution, 5, 3, 2, 1, 1, 1, 0, false},
      {Operation::kConvolution, 5, 3, 2, 1, 0, 1, 0, false},
      {Operation::kAveragePooling, 5, 3, 2, 1, 1, 1, 0, false},
      {Operation::kAveragePooling, 5, 3, 2, 1, 0, 1, 0, false},
      {Operation::kMaxPooling, 5, 3, 1, 0, 0, 1, 0, false},
      {Operation::kMaxPooling, 5, 2, 2, 0, 0, 1, 0, true},
      {Operation::kMaxPooling, 6, 3, 2, 0, 0, 1, 0, true},
      {Operation::kMaxPooling, 7, 3, 1, 0, 0, 2, 0, false},
      {Operation::kMaxPooling, 7, 3, 1, 1, 0, 2, 0, false},
      {Operation::kConvolution, 7, 3, 1, 0, 0, 2, 0, false},
      {Operation::kConvolution, 7, 3, 1, 1, 0, 2, 0, false},
      {Operation::kTransposedConvolution, 3, 3, 1, 0, 0, 1, 0, false},
      {Operation::kTransposedConvolution, 3, 4, 1, 2, 2, 1, 0, false},
      {Operation::kTransposedConvolution, 5, 3, 1, 1, 1, 1, 0, false},
      {Operation::kTransposedConvolution, 5, 3, 1, 2, 2, 1, 0, false},
      {Operation::kTransposedConvolution, 2, 3, 2, 0, 0, 1, 0, false},
      {Operation::kTransposedConvolution, 3, 3, 2, 1, 1, 1, 0, false},
      {Operation::kTransposedConvolution, 3, 3, 2, 1, 1, 1, 1, false},
      {Operation::kTransposedConvolution, 3, 3, 1, 0, 0, 2, 0, false},
      {Operation::kTransposedConvolution, 3, 3, 1, 1, 0, 1, 0, false},
  };
  std::set<AxisCase> seen;
  for (const Case& c : cases) {
    AxisConfig config;
    config.operation = c.operation;
    config.input = c.input;
    config.kernel = c.kernel;
    config.stride = c.stride;
    config.pad_begin = c.pad_begin;
    config.pad_end = c.pad_end;
    config.dilation = c.dilation;
    config.output_padding = c.output_padding;
    config.ceil_mode = c.ceil_mode;
    AxisArithmetic axis;
    ASSERT_TRUE(ComputeAxis(config, &axis).ok());
    seen.insert(axis.kind);
    for (const std::string& text :
         {RelationshipName(axis, Words::English()), GeneralFormula(axis, Words::English()),
          Formula(axis, Words::English())}) {
      EXPECT_EQ(text.find('['), std::string::npos) << text;
      EXPECT_EQ(text.find('{'), std::string::npos) << text;
    }
  }
  EXPECT_EQ(seen.size(), 17u);  // every AxisCase
}

TEST(WordsTest, EveryLanguageHasEnglishsKeysAndPlaceholders) {
  const Words& english = Words::English();
  const std::vector<std::string> languages = Words::Languages();
  ASSERT_FALSE(languages.empty());
  EXPECT_EQ(languages.front() == "en" || std::count(languages.begin(), languages.end(), "en") == 1,
            true);
  for (const std::string& language : languages) {
    const Words* words = Words::Find(language);
    ASSERT_NE(words, nullptr) << language;
    for (const auto& [key, text] : english.entries()) {
      ASSERT_TRUE(words->Has(key)) << language << " lacks " << key;
      std::vector<std::string> want = PlaceholderNames(text),
                               got = PlaceholderNames(words->entries().at(key));
      std::sort(want.begin(), want.end());
      std::sort(got.begin(), got.end());
      want.erase(std::unique(want.begin(), want.end()), want.end());
      got.erase(std::unique(got.begin(), got.end()), got.end());
      EXPECT_EQ(got, want) << language << ": " << key;
    }
    for (const auto& entry : words->entries()) {
      EXPECT_TRUE(english.Has(entry.first))
          << language << " has " << entry.first << ", English not";
    }
  }
}

TEST(WordsTest, ParsesTheFormat) {
  Words words;
  ASSERT_TRUE(Words::Parse("# a comment\n\nlegend.input = input\n"
                           "alt.padded = \" padded by {padding}\"\n"
                           "order = {b} before {a}, {{literal}}\n",
                           "xx.txt", &words)
                  .ok());
  EXPECT_EQ(words.language(), "xx");
  EXPECT_EQ(words.Say("legend.input"), "input");
  EXPECT_EQ(words.Say("alt.padded", {{"padding", "1"}}), " padded by 1");
  EXPECT_EQ(words.Say("order", {{"a", "A"}, {"b", "B"}}), "B before A, {literal}");
  EXPECT_EQ(words.Say("missing.key"), "[missing.key]");
  // An argument's own braces are not placeholders.
  EXPECT_EQ(words.Say("alt.padded", {{"padding", "{a}"}}), " padded by {a}");
}

TEST(WordsTest, RefusesABrokenCatalog) {
  Words words;
  Status status = Words::Parse("a.b = one\na.b = two\n", "en.txt", &words);
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.message(), "en.txt:2: the key 'a.b' is given twice");
  status = Words::Parse("\nno equals here\n", "en.txt", &words);
  EXPECT_EQ(status.message(), "en.txt:2: expected 'key = text'");
  status = Words::Parse("Bad Key = text\n", "en.txt", &words);
  EXPECT_EQ(status.message(), "en.txt:1: a key is made of a-z, 0-9, '_' and '.'");
}

TEST(WordsTest, EnglishWordsTheFiguresUse) {
  const Words& english = Words::English();
  EXPECT_EQ(english.language(), "en");
  EXPECT_EQ(english.Say("stack.output_channel", {{"channel", "2"}, {"channels", "3"}}),
            "output channel 2 of 3");
  EXPECT_EQ(english.Say("relationship.numbered", {{"number", "6"}, {"name", "x"}}),
            "Relationship 6 (x)");
}

// A pseudo-language (every English text wrapped in « ») reaches every word of every style
// and view: labels, legends, parameter lines, step descriptions and the alt text.
TEST(WordsTest, TheLanguageReachesEveryStyleAndView) {
  std::string catalog;
  for (const auto& [key, text] : Words::English().entries()) {
    catalog += key + " = \"\u00AB" + text + "\u00BB\"\n";
  }
  Words pseudo;
  ASSERT_TRUE(Words::Parse(catalog, "xx.txt", &pseudo).ok());
  SceneModelOptions options;
  options.words = &pseudo;
  int worded = 0;
  for (const char* path :
       {"scenes/guide/padding_strides.yaml", "scenes/examples/three_channels.yaml",
        "scenes/examples/matrix_guide_4_1.yaml", "scenes/examples/scatter_uneven.yaml",
        "scenes/guide/numerical_max_pooling.yaml", "scenes/examples/conv1d.yaml"}) {
    auto built = testing::BuildSceneFile(path, options);
    ASSERT_NE(built, nullptr) << path;
    const Animation& animation = built->animation;
    EXPECT_EQ(animation.language, "xx");
    EXPECT_EQ(animation.description.rfind("\u00AB", 0), 0u)
        << path << ": " << animation.description;
    EXPECT_EQ(animation.Step(0).description.rfind("\u00AB", 0), 0u) << path;
    std::vector<Shape> shapes;
    for (const Layer& layer : animation.layers)
      shapes.insert(shapes.end(), layer.shapes.begin(), layer.shapes.end());
    for (const auto& layer : animation.Step(0).layers)
      shapes.insert(shapes.end(), layer.begin(), layer.end());
    for (Role role : {Role::kLabel, Role::kLegend}) {
      for (const Shape* shape : testing::ShapesWithRole(shapes, role)) {
        // Words, not numbers: indices and values carry no letters.
        if (!std::regex_search(shape->text, std::regex("[a-z]{3,}"))) continue;
        ++worded;
        // A wrapped line holds the start or the end of its entry.
        EXPECT_TRUE(shape->text.find("\u00AB") != std::string::npos ||
                    shape->text.find("\u00BB") != std::string::npos)
            << path << ": " << shape->text;
      }
    }
  }
  EXPECT_GT(worded, 20);
}

// Chinese (assets/locales/zh.txt): explain words it; render refuses it without a CJK font,
// naming the package, and with one writes Chinese labels and legends.
TEST(WordsTest, ChineseFromTheCommandLine) {
  const testing::RunResult explain = testing::RunConvanim(
      {"explain", "-i", "5", "-k", "3", "-s", "2", "-p", "1", "--language", "zh"});
  EXPECT_EQ(explain.exit_code, 0) << explain.err;
  EXPECT_NE(explain.out.find("\u8F93\u51FA\u5927\u5C0F\uFF1A3"), std::string::npos)
      << explain.out;  // 输出大小：3
  EXPECT_NE(explain.out.find("\u5173\u7CFB 6"), std::string::npos) << explain.out;  // 关系 6

  const std::string dir = testing::MakeTempDir();
  const std::string scene = testing::SourcePath("scenes/examples/three_channels.yaml");
  const std::string font = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc";
  ASSERT_TRUE(testing::FileExists(font)) << "install fonts-noto-cjk (tools/common.sh)";
  // A machine whose fontconfig knows no font (an empty configuration): refused, naming the
  // package to install.
  testing::WriteFile(dir + "/fonts.conf", "<?xml version=\"1.0\"?>\n<fontconfig></fontconfig>\n");
  setenv("FONTCONFIG_FILE", (dir + "/fonts.conf").c_str(), 1);
  const testing::RunResult refused =
      testing::RunConvanim({"render", scene, "-o", dir + "/a.json", "--language", "zh"});
  unsetenv("FONTCONFIG_FILE");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("fonts-noto-cjk"), std::string::npos) << refused.err;
  EXPECT_FALSE(testing::FileExists(dir + "/a.json"));

  // With fonts-noto-cjk installed fontconfig finds a Chinese font; --font names one.
  for (const std::vector<std::string>& font_options :
       {std::vector<std::string>{}, std::vector<std::string>{"--font", font}}) {
    std::vector<std::string> args = {"render",     scene, "-o", dir + "/b.json",
                                     "--language", "zh",  "-q"};
    args.insert(args.end(), font_options.begin(), font_options.end());
    const testing::RunResult written = testing::RunConvanim(args);
    ASSERT_EQ(written.exit_code, 0) << written.err;
    const std::string json = testing::ReadFile(dir + "/b.json");
    EXPECT_NE(json.find("\u8F93\u5165\u901A\u9053 0"), std::string::npos);  // 输入通道 0
    EXPECT_NE(json.find("\u5C1A\u672A\u8BA1\u7B97"), std::string::npos);    // 尚未计算
    EXPECT_EQ(json.find("input channel"), std::string::npos);
    EXPECT_EQ(json.find("not computed yet"), std::string::npos);
  }
}

TEST(WordsTest, GuideInChineseWritesEveryExample) {
  const std::string dir = testing::MakeTempDir();
  const testing::RunResult run =
      testing::RunConvanim({"guide", "-o", dir, "--scenes", testing::SourcePath("scenes/guide"),
                            "--examples", testing::SourcePath("scenes/examples"), "--formats",
                            "json", "--figure-formats", "none", "--language", "zh", "-q"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  int examples = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir + "/examples")) {
    if (entry.path().extension() != ".json") continue;
    ++examples;
    const std::string json = testing::ReadFile(entry.path().string());
    SCOPED_TRACE(entry.path().string());
    EXPECT_NE(json.find("\"language\":\"zh\""), std::string::npos);
    // Every example names its input (输入) or, for a transposed convolution's scatter, its
    // output (输出) in Chinese, and no English label is left.
    EXPECT_TRUE(json.find("\u8F93\u5165") != std::string::npos ||
                json.find("\u8F93\u51FA") != std::string::npos);
    EXPECT_EQ(json.find("not computed yet"), std::string::npos);
    EXPECT_EQ(json.find("kernel window"), std::string::npos);
  }
  EXPECT_GE(examples, 10);
}

}  // namespace
}  // namespace convanim
