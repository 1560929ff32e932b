// SVG and HTML written for host pages (issue 18): every id, class and font name of an SVG
// carries a prefix made from its content, every rule is scoped by it, the page's light/dark
// hooks are there; the player's data is a JSON attribute (no <script> data block, no
// document.currentScript), its root is named with the scene's title, its words are one
// object.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <utility>
#include <vector>

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

// The SVG draws what the painter draws (issue 15, point 3; tests/browser/formats_test.py
// compares the pictures in Chromium).
std::string RenderFile(const std::string& scene, const std::string& file, int64_t frame = -1) {
  const auto built = BuildSceneFile(scene);
  EXPECT_NE(built, nullptr);
  if (built == nullptr) return "";
  const std::string path = MakeTempDir() + "/" + file;
  ExportOptions options;
  options.frame = frame;
  ExportSummary summary;
  const Status status = Export(built->animation, options, path, &summary);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return ReadFile(path);
}

TEST(SvgLikeThePainter, HeatMapCellsKeepTheirOpacity) {
  // The scatter view's overlap map: 1, 2 or 4 kernel copies shaded by the shapes' own
  // opacity, which the painter multiplies into the fill (it was dropped from the SVG).
  const auto built = BuildSceneFile("scenes/examples/scatter_even.yaml");
  ASSERT_NE(built, nullptr);
  std::set<std::string> opacities;
  for (const Shape& shape : FlattenStep(built->animation, 4)) {
    if (shape.opacity < 1.0) {
      char text[16];
      std::snprintf(text, sizeof text, "%.2f", shape.opacity);
      std::string value = text;
      while (value.back() == '0') value.pop_back();
      if (value.back() == '.') value.pop_back();
      opacities.insert(value.rfind("0.", 0) == 0 ? value.substr(1) : value);
    }
  }
  ASSERT_GE(opacities.size(), 2u);  // at least two shades
  for (const std::string& file : {std::string("a.svg"), std::string("b.html")}) {
    const std::string svg = RenderFile("scenes/examples/scatter_even.yaml", file, 4);
    for (const std::string& opacity : opacities) {
      EXPECT_NE(svg.find(" opacity=\"" + opacity + "\""), std::string::npos) << file << opacity;
    }
    // The opacity is the fill's: an outlined cell's outline is an element of its own.
    EXPECT_EQ(std::regex_search(svg, std::regex("opacity=\"[.0-9]+\"[^>]*stroke-width")), false)
        << file;
  }
}

// The segments of a path's data (M, h, v, l and z, as svg_builder writes them), in
// hundredths, each from its smaller end.
std::vector<std::array<long, 4>> Segments(const std::string& d) {
  std::vector<std::array<long, 4>> segments;
  long x = 0, y = 0, start_x = 0, start_y = 0;
  std::size_t at = 0;
  auto number = [&]() {
    std::size_t used = 0;
    const double value = std::stod(d.substr(at), &used);
    at += used;
    while (at < d.size() && d[at] == ' ') ++at;
    return std::lround(value * 100);
  };
  auto add = [&](long x1, long y1) {
    std::array<long, 4> s{x, y, x1, y1};
    if (std::make_pair(x1, y1) < std::make_pair(x, y)) s = {x1, y1, x, y};
    segments.push_back(s);
    x = x1;
    y = y1;
  };
  while (at < d.size()) {
    const char command = d[at++];
    if (command == 'M') {
      x = start_x = number();
      y = start_y = number();
    } else if (command == 'h') {
      add(x + number(), y);
    } else if (command == 'v') {
      add(x, y + number());
    } else if (command == 'l') {
      const long dx = number();
      add(x + dx, y + number());
    } else if (command == 'z') {
      add(start_x, start_y);
    }
  }
  return segments;
}

TEST(SvgLikeThePainter, SharedEdgesOfAGridAreStrokedOnce) {
  // A grid drawn as one rectangle per cell shares edges; Chromium would stroke a shared
  // edge twice (darker than Cairo's PNG), so the SVG writes each edge once.
  const std::string svg = RenderFile("scenes/examples/matrix_guide_4_1.yaml", "m.svg", 2);
  const std::regex path("<path d=\"([^\"]*)\"");
  int grids = 0;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), path); it != std::sregex_iterator();
       ++it) {
    const auto segments = Segments((*it)[1].str());
    std::set<std::array<long, 4>> unique(segments.begin(), segments.end());
    EXPECT_EQ(unique.size(), segments.size()) << (*it)[1].str().substr(0, 200);
    if (segments.size() >= 10) ++grids;
  }
  EXPECT_GE(grids, 3);  // the input grid, the row x and the matrix C
  // The union of the edges: the matrix's 4x16 cells are 5 rows of lines, each one
  // horizontal run across the 16 cells (not 16 cell-wide pieces).
  std::map<long, int> runs;  // a horizontal run's length -> how often it is drawn
  const std::regex run("h([0-9]+)M");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), run); it != std::sregex_iterator();
       ++it) {
    ++runs[std::stol((*it)[1].str())];
  }
  const long widest = runs.empty() ? 0 : runs.rbegin()->first;
  EXPECT_EQ(widest % 16, 0) << widest;
  EXPECT_GE(runs[widest], 5) << "the matrix's 5 row lines, each drawn whole";
}

}  // namespace
}  // namespace convanim
