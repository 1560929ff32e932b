// SVG and HTML written for host pages (issue 18): every id, class and font name of an SVG
// carries a prefix made from its content, every rule is scoped by it, the page's light/dark
// hooks are there; the player's data is a JSON attribute (no <script> data block, no
// document.currentScript), its root is named with the scene's title, its words are one
// object.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>

#include "exporters/formats.h"
#include "exporters/svg_builder.h"
#include "tests/support/models.h"
#include "tests/support/paths.h"
#include "tests/support/run.h"

namespace convanim {
namespace {

using Json = nlohmann::json;
using testing::BuildSceneFile;
using testing::MakeTempDir;
using testing::ReadFile;

std::string Render(const std::string& scene, const std::string& file, int64_t frame = -1,
                   bool fragment = false) {
  const auto built = BuildSceneFile("scenes/guide/" + scene + ".yaml");
  EXPECT_NE(built, nullptr);
  if (built == nullptr) return "";
  const std::string path = MakeTempDir() + "/" + file;
  ExportOptions options;
  options.frame = frame;
  options.html_fragment = fragment;
  ExportSummary summary;
  const Status status = Export(built->animation, options, path, &summary);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return ReadFile(path);
}

std::string Prefix(const std::string& svg) {
  std::smatch match;
  EXPECT_TRUE(std::regex_search(svg, match, std::regex("<svg [^>]* class=\"(cv[0-9a-f]{8})\"")));
  return match.size() > 1 ? match[1].str() : "";
}

std::string StyleSheet(const std::string& svg) {
  const std::size_t open = svg.find("<style>"), close = svg.find("</style>");
  EXPECT_NE(open, std::string::npos);
  return svg.substr(open + 7, close - open - 7);
}

TEST(ScopedSvg, EveryIdClassAndFontCarriesTheContentPrefix) {
  for (const char* scene : {"numerical_padding_strides", "dilation"}) {
    for (int64_t frame : {-1, 2}) {
      const std::string svg = Render(scene, "a.svg", frame);
      const std::string prefix = Prefix(svg);
      ASSERT_FALSE(prefix.empty());
      std::set<std::string> names;
      const std::regex attribute("(?:id|class)=\"([^\"]*)\"");
      for (auto it = std::sregex_iterator(svg.begin(), svg.end(), attribute);
           it != std::sregex_iterator(); ++it) {
        std::string value = (*it)[1];
        for (std::size_t start = 0; start < value.size();) {
          std::size_t end = value.find(' ', start);
          if (end == std::string::npos) end = value.size();
          names.insert(value.substr(start, end - start));
          start = end + 1;
        }
      }
      EXPECT_GT(names.size(), 5u);
      for (const std::string& name : names) EXPECT_EQ(name.rfind(prefix, 0), 0u) << name;
      const std::string css = StyleSheet(svg);
      const std::regex family("font-family:([^;}]*)");
      for (auto it = std::sregex_iterator(css.begin(), css.end(), family);
           it != std::sregex_iterator(); ++it) {
        std::string families = (*it)[1];
        EXPECT_EQ(families.rfind(prefix, 0), 0u) << families;
      }
      // Every rule's selector names the prefix (no bare `text{...}`).
      const std::regex rule("(?:^|[}{])([^{}@]+)\\{[^{}]*\\}");
      int rules = 0;
      for (auto it = std::sregex_iterator(css.begin(), css.end(), rule);
           it != std::sregex_iterator(); ++it, ++rules) {
        const std::string selector = (*it)[1];
        if (selector.rfind("font-family", 0) == 0) continue;
        EXPECT_NE(selector.find("." + prefix), std::string::npos) << selector;
      }
      EXPECT_GT(rules, 5);
      EXPECT_NE(css.find(".convanim-dark"), std::string::npos);
      EXPECT_NE(css.find("[data-md-color-scheme=slate]"), std::string::npos);
      EXPECT_NE(css.find("[data-theme=light]"), std::string::npos);
    }
  }
}

TEST(ScopedSvg, PrefixFollowsTheContent) {
  const std::string a = Prefix(Render("padding_strides", "a.svg"));
  EXPECT_EQ(Prefix(Render("padding_strides", "b.svg")), a);
  EXPECT_NE(Prefix(Render("padding_strides", "c.svg", 3)), a);
  EXPECT_NE(Prefix(Render("no_padding_strides", "d.svg")), a);
}

TEST(ScopedSvg, PinnedThemeHasNoHooks) {
  const auto built = BuildSceneFile("scenes/guide/padding_strides.yaml");
  ASSERT_NE(built, nullptr);
  const std::string path = MakeTempDir() + "/dark.svg";
  ExportOptions options;
  options.theme = "dark";
  ExportSummary summary;
  ASSERT_TRUE(Export(built->animation, options, path, &summary).ok());
  const std::string css = StyleSheet(ReadFile(path));
  EXPECT_EQ(css.find("prefers-color-scheme"), std::string::npos);
  EXPECT_EQ(css.find("data-theme"), std::string::npos);
}

TEST(ScopedSvg, MarkupHasNoControlCharacters) {
  EXPECT_EQ(EscapeMarkup(std::string("a\x1f<b\x01\tc\n")), "a&lt;b\tc\n");
}

TEST(HtmlPlayer, DataIsAJsonAttributeWithEveryWord) {
  const std::string html = Render("numerical_padding_strides", "p.html", 3, true);
  EXPECT_EQ(html.find("application/json"), std::string::npos);
  EXPECT_EQ(html.find("currentScript"), std::string::npos);
  std::smatch match;
  ASSERT_TRUE(std::regex_search(html, match, std::regex("data-convanim='([^']*)'")));
  const Json data = Json::parse(match[1].str(), nullptr, false);
  ASSERT_FALSE(data.is_discarded());
  EXPECT_EQ(data["start"], 3);
  EXPECT_EQ(data["steps"].size(), 9u);
  for (const char* word : {"player", "previous", "play", "pause", "next", "scrubber", "step_of",
                           "counter", "speed", "speed_value"}) {
    EXPECT_TRUE(data["words"].contains(word)) << word;
  }
  EXPECT_EQ(data["words"]["next"], "Next step");
  // The markup's first state uses the same words.
  EXPECT_NE(html.find("aria-valuetext=\"step 4 of 9\""), std::string::npos);
  EXPECT_NE(html.find(">4 / 9</span>"), std::string::npos);
  EXPECT_NE(html.find("title=\"Next step\""), std::string::npos);
  const auto built = BuildSceneFile("scenes/guide/numerical_padding_strides.yaml");
  ASSERT_NE(built, nullptr);
  EXPECT_NE(
      html.find("aria-label=\"Animation player: " + EscapeMarkup(built->animation.title) + "\""),
      std::string::npos);
}

TEST(HtmlPlayer, AttributeStaysIntactWithQuotesAndAmpersands) {
  // Step descriptions and words go through JsonString: no ' and no & in the attribute.
  const std::string html = Render("padding_strides", "p.html", -1, true);
  std::smatch match;
  ASSERT_TRUE(std::regex_search(html, match, std::regex("data-convanim='([^']*)'")));
  EXPECT_EQ(match[1].str().find('&'), std::string::npos);
  EXPECT_EQ(match[1].str().find('<'), std::string::npos);
  EXPECT_FALSE(Json::parse(match[1].str(), nullptr, false).is_discarded());
}

}  // namespace
}  // namespace convanim
