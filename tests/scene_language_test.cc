// The scene key style.language (core/scene_keys.cc) and --language: the catalogs are the
// languages, zh-Hans is read as zh, the command line overrides the scene, and a scene asking
// for a language no font can draw is refused at its `language` line.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "core/scene_keys.h"
#include "core/scene_loader.h"
#include "renderer/words.h"
#include "support/paths.h"
#include "support/run.h"

namespace convanim {
namespace {

const char kScene[] =
    "operation: convolution\n"
    "view: numerical\n"
    "input: {size: 4}\n"
    "kernel: {size: 3}\n"
    "style:\n"
    "  decimals: 0\n"
    "  language: LANG\n";

std::string SceneIn(const std::string& language) {
  std::string text = kScene;
  text.replace(text.find("LANG"), 4, language);
  return text;
}

TEST(SceneLanguage, TheLanguagesAreTheCatalogs) {
  EXPECT_EQ(Words::Languages(), (std::vector<std::string>{"en", "zh"}));
  EXPECT_EQ(LanguageWords(), (std::vector<std::string>{"en", "zh", "zh-Hans"}));
  std::string language;
  ASSERT_TRUE(LanguageFromTag("zh-Hans", &language));
  EXPECT_EQ(language, "zh");
  EXPECT_FALSE(LanguageFromTag("zh-Hant", &language));
  EXPECT_FALSE(LanguageFromTag("fr", &language));
  ASSERT_NE(Words::Find("zh-Hans"), nullptr);
  EXPECT_EQ(Words::Find("zh-Hans"), Words::Find("zh"));
  EXPECT_EQ(Words::Find("fr"), nullptr);
}

TEST(SceneLanguage, TheLoaderReadsItAndItsPlace) {
  Scene scene;
  ASSERT_TRUE(ParseScene(SceneIn("zh-Hans"), "s.yaml", &scene).ok());
  EXPECT_EQ(scene.style.language, "zh");
  EXPECT_EQ(scene.style.language_where.line, 7);
  EXPECT_EQ(scene.style.language_where.column, 13);

  Scene plain;
  ASSERT_TRUE(
      ParseScene("operation: convolution\ninput: {size: 3}\nkernel: {size: 2}\n", "s.yaml", &plain)
          .ok());
  EXPECT_EQ(plain.style.language, "en");
  EXPECT_EQ(plain.style.language_where.line, 0);

  Scene refused;
  const Status status = ParseScene(SceneIn("fr"), "s.yaml", &refused);
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.where().line, 7);
  EXPECT_NE(status.message().find("style.language"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("zh-Hans"), std::string::npos) << status.message();
}

// BCP 47 tags are matched whatever the letters' case (RFC 5646, section 2.1.1).
TEST(SceneLanguage, TagsAreReadInAnyCase) {
  for (const char* tag : {"ZH", "zh-hans", "ZH-HANS", "Zh-hAnS"}) {
    Scene scene;
    const Status status = ParseScene(SceneIn(tag), "s.yaml", &scene);
    ASSERT_TRUE(status.ok()) << tag << ": " << status.message();
    EXPECT_EQ(scene.style.language, "zh") << tag;
  }
  Scene english;
  ASSERT_TRUE(ParseScene(SceneIn("En"), "s.yaml", &english).ok());
  EXPECT_EQ(english.style.language, "en");
  // Other words keyed by the table keep their exact spelling.
  Scene theme;
  EXPECT_FALSE(ParseScene("operation: convolution\ninput: {size: 3}\nkernel: {size: 2}\n"
                          "style: {theme: Dark}\n",
                          "s.yaml", &theme)
                   .ok());
  // The command line likewise, and it still refuses what is not a language.
  const std::string dir = testing::MakeTempDir();
  testing::WriteFile(dir + "/s.yaml", SceneIn("en"));
  const testing::RunResult upper = testing::RunConvanim(
      {"render", dir + "/s.yaml", "-o", dir + "/zh.json", "-q", "--language", "ZH-hans"});
  ASSERT_EQ(upper.exit_code, 0) << upper.err;
  EXPECT_NE(testing::ReadFile(dir + "/zh.json").find("\"language\":\"zh\""), std::string::npos);
  const testing::RunResult french = testing::RunConvanim(
      {"render", dir + "/s.yaml", "-o", dir + "/fr.json", "-q", "--language", "FR"});
  EXPECT_EQ(french.exit_code, 2);
  EXPECT_FALSE(testing::FileExists(dir + "/fr.json"));
}

TEST(SceneLanguage, TheSceneNamesTheWordsAndTheCommandLineOverrides) {
  const std::string dir = testing::MakeTempDir();
  for (const std::string& tag : {std::string("zh"), std::string("zh-Hans")}) {
    testing::WriteFile(dir + "/s.yaml", SceneIn(tag));
    const testing::RunResult chinese =
        testing::RunConvanim({"render", dir + "/s.yaml", "-o", dir + "/zh.json", "-q"});
    ASSERT_EQ(chinese.exit_code, 0) << chinese.err;
    const std::string json = testing::ReadFile(dir + "/zh.json");
    EXPECT_NE(json.find("\"language\":\"zh\""), std::string::npos) << tag;
    EXPECT_NE(json.find("\u5377\u79EF\u6838"), std::string::npos) << tag;  // 卷积核
    EXPECT_EQ(json.find("kernel window"), std::string::npos) << tag;
  }
  const testing::RunResult english = testing::RunConvanim(
      {"render", dir + "/s.yaml", "-o", dir + "/en.json", "-q", "--language", "en"});
  ASSERT_EQ(english.exit_code, 0) << english.err;
  const std::string json = testing::ReadFile(dir + "/en.json");
  EXPECT_NE(json.find("\"language\":\"en\""), std::string::npos);
  EXPECT_EQ(json.find("\u5377\u79EF\u6838"), std::string::npos);
  EXPECT_NE(json.find("kernel window"), std::string::npos);

  testing::WriteFile(dir + "/en.yaml", SceneIn("en"));
  const testing::RunResult tagged = testing::RunConvanim(
      {"render", dir + "/en.yaml", "-o", dir + "/tag.json", "-q", "--language", "zh-Hans"});
  ASSERT_EQ(tagged.exit_code, 0) << tagged.err;
  EXPECT_NE(testing::ReadFile(dir + "/tag.json").find("\"language\":\"zh\""), std::string::npos);
}

TEST(SceneLanguage, WithoutAFontTheSceneIsRefusedAtItsLanguageLine) {
  const std::string dir = testing::MakeTempDir();
  testing::WriteFile(dir + "/s.yaml", SceneIn("zh"));
  // A machine whose fontconfig knows no font (an empty configuration).
  testing::WriteFile(dir + "/fonts.conf", "<?xml version=\"1.0\"?>\n<fontconfig></fontconfig>\n");
  setenv("FONTCONFIG_FILE", (dir + "/fonts.conf").c_str(), 1);
  const testing::RunResult refused =
      testing::RunConvanim({"render", dir + "/s.yaml", "-o", dir + "/a.svg"});
  const testing::RunResult checked = testing::RunConvanim({"check", dir + "/s.yaml"});
  unsetenv("FONTCONFIG_FILE");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("s.yaml:7:13"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("style.language zh"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("fonts-noto-cjk"), std::string::npos) << refused.err;
  EXPECT_FALSE(testing::FileExists(dir + "/a.svg"));
  EXPECT_EQ(checked.exit_code, 2) << checked.err;
  EXPECT_NE(checked.err.find("s.yaml:7:13"), std::string::npos) << checked.err;
}

TEST(SceneLanguage, AFiguresScenesMustAgree) {
  const std::string dir = testing::MakeTempDir();
  testing::WriteFile(dir + "/zh.yaml", SceneIn("zh"));
  testing::WriteFile(dir + "/en.yaml", SceneIn("en"));
  testing::WriteFile(dir + "/f.yaml",
                     "figure: x\nlayout: views\npanels:\n  - scene: zh.yaml\n  - scene: en.yaml\n");
  const testing::RunResult refused =
      testing::RunConvanim({"render", dir + "/f.yaml", "-o", dir + "/f.json"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("en.yaml:7:13"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("one language"), std::string::npos) << refused.err;

  testing::WriteFile(dir + "/g.yaml",
                     "figure: x\nlayout: views\npanels:\n  - scene: zh.yaml\n  - scene: zh.yaml\n");
  const testing::RunResult chinese =
      testing::RunConvanim({"render", dir + "/g.yaml", "-o", dir + "/g.json", "-q"});
  ASSERT_EQ(chinese.exit_code, 0) << chinese.err;
  EXPECT_NE(testing::ReadFile(dir + "/g.json").find("\"language\":\"zh\""), std::string::npos);
}

// Latin words of two or more letters in `text` that are not the guide's notation or
// PyTorch's names (what explain prints beside the Chinese words).
std::vector<std::string> LatinWords(const std::string& text) {
  static const std::set<std::string> kNotation = {"dL",
                                                  "dy",
                                                  "dx",
                                                  "dW",
                                                  "db",
                                                  "mod",
                                                  "floor",
                                                  "ceil",
                                                  "max",
                                                  "PyTorch",
                                                  "conv_transpose2d",
                                                  "grad_output",
                                                  "weight",
                                                  "stride",
                                                  "padding",
                                                  "output_padding",
                                                  "groups",
                                                  "dilation",
                                                  "k_eff",
                                                  "p_begin",
                                                  "p_end"};
  std::vector<std::string> words;
  static const std::regex kWord("[A-Za-z_0-9]*[A-Za-z]{2,}[A-Za-z_0-9]*");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kWord);
       it != std::sregex_iterator(); ++it) {
    if (kNotation.count(it->str()) == 0) words.push_back(it->str());
  }
  return words;
}

TEST(SceneLanguage, ExplainSpeaksChinese) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"-i", "6", "-k", "3", "-s", "2", "-p", "1", "--backward"},
        std::vector<std::string>{"-i", "3", "-k", "3", "-s", "2", "-p", "1", "-t", "-a", "1",
                                 "--backward"},
        std::vector<std::string>{"-i", "4", "-k", "2", "-s", "2", "--pooling", "max", "--backward"},
        std::vector<std::string>{"-i", "4", "-k", "2", "-s", "2", "--pooling", "average",
                                 "--backward"},
        std::vector<std::string>{
            testing::SourcePath("scenes/examples/stack_convolution_pooling.yaml")}}) {
    std::vector<std::string> command = {"explain"};
    command.insert(command.end(), args.begin(), args.end());
    command.insert(command.end(), {"--language", "zh-Hans"});
    const testing::RunResult run = testing::RunConvanim(command);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(LatinWords(run.out), std::vector<std::string>{}) << run.out;
    EXPECT_GE(run.out.size(), 100u);
  }
  const testing::RunResult backward = testing::RunConvanim(
      {"explain", "-i", "6", "-k", "3", "-s", "2", "-p", "1", "--backward", "--language", "zh"});
  // 反向传播 (backward pass), 转置卷积 (transposed convolution), 互相关 (correlation)
  EXPECT_NE(backward.out.find("\u53CD\u5411\u4F20\u64AD\uFF1AdL/dy \u6709 3 \u4E2A\u5355\u5143"),
            std::string::npos)
      << backward.out;
  EXPECT_NE(
      backward.out.find("\u8F6C\u7F6E\u5377\u79EF\uFF1Ai' = 3, k' = 3, s' = 2, p' = 1, a = 1"),
      std::string::npos)
      << backward.out;
  EXPECT_NE(backward.out.find("(6 + 1 + 1 - 3) mod 2 = 1"), std::string::npos);
  const testing::RunResult stack = testing::RunConvanim(
      {"explain", testing::SourcePath("scenes/examples/stack_convolution_pooling.yaml"),
       "--language", "zh"});
  // 第 1 层：最大池化 (layer 1: max pooling), 感受野 (receptive field)
  EXPECT_NE(stack.out.find("\u7B2C 1 \u5C42\uFF1A\u6700\u5927\u6C60\u5316"), std::string::npos)
      << stack.out;
  EXPECT_NE(stack.out.find("\u611F\u53D7\u91CE"), std::string::npos) << stack.out;
  // A scene that names its language is explained in it; English stays the default.
  const std::string dir = testing::MakeTempDir();
  testing::WriteFile(dir + "/s.yaml", SceneIn("zh"));
  const testing::RunResult named = testing::RunConvanim({"explain", dir + "/s.yaml"});
  EXPECT_NE(named.out.find("\u4E00\u4E2A\u8FD0\u7B97"), std::string::npos)
      << named.out;  // 一个运算
  const testing::RunResult english =
      testing::RunConvanim({"explain", dir + "/s.yaml", "--language", "en"});
  EXPECT_NE(english.out.find("one operation over a 1x4x4 input"), std::string::npos) << english.out;
}

TEST(SceneLanguage, TheGalleryPageInChinese) {
  const std::string dir = testing::MakeTempDir();
  std::filesystem::create_directories(dir + "/s/figures");
  testing::WriteFile(dir + "/s/a.yaml", SceneIn("en"));
  testing::WriteFile(dir + "/s/figures/f.yaml", "figure: \"9\"\nscene: ../a.yaml\ncaption: c\n");
  for (const std::string& language : {std::string("en"), std::string("zh")}) {
    const std::string gallery = dir + "/" + language + ".md";
    const testing::RunResult run =
        testing::RunConvanim({"guide", "--scenes", dir + "/s", "-o", dir + "/out-" + language,
                              "--formats", "svg,gif,html", "--figure-formats", "svg", "--gallery",
                              gallery, "--language", language, "-q"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const std::string md = testing::ReadFile(gallery);
    if (language == "en") {
      for (const char* text : {"# Gallery", "## Convolution and pooling with numbers",
                               "- Parameters: i = 4, k = 3, s = 1, p = 0", "### Figure 9",
                               "[HTML player]", "edit the scenes, not this page"}) {
        EXPECT_NE(md.find(text), std::string::npos) << text << "\n" << md;
      }
      continue;
    }
    // 图库 (gallery), 带数值的卷积与池化 (convolution and pooling with numbers), 参数 (parameters),
    // 输出大小 (output size), 图 9 (figure 9), 文件 (files).
    for (const char* text :
         {"# \u56FE\u5E93", "## \u5E26\u6570\u503C\u7684\u5377\u79EF\u4E0E\u6C60\u5316",
          "- \u53C2\u6570\uFF1Ai = 4, k = 3, s = 1, p = 0",
          "- \u8F93\u51FA\u5927\u5C0F\uFF1A`o = (4 - 3) + 1 = 2`", "### \u56FE 9",
          "\u6587\u4EF6\uFF1A[SVG]", "--gallery "}) {
      EXPECT_NE(md.find(text), std::string::npos) << text << "\n" << md;
    }
    EXPECT_NE(md.find("--language zh"), std::string::npos) << md;
    for (const char* english : {"Gallery", "Parameters", "Output size", "Files:", "Figure",
                                "edit the scenes", "a convolution"}) {
      EXPECT_EQ(md.find(english), std::string::npos) << english << "\n" << md;
    }
  }
}

}  // namespace
}  // namespace convanim
