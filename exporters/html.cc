// .html: the interactive player. The whole animation as a scripted SVG
// (exporters/svg_builder.h, SvgMode::kScripted), its controls, the step descriptions,
// and the player's style and script (exporters/player/, compiled into the binary), all
// inline: the file makes no network request. A whole page, or with
// ExportOptions::html_fragment one <div> to paste into a page, as often as wanted.
// What pages may rely on (data-step and the rest) is stated in exporters/player/player.js
// and docs/embedding.md.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "exporters/export_common.h"
#include "exporters/output_file.h"
#include "exporters/svg_builder.h"
#include "renderer/embedded_file.h"
#include "renderer/words.h"

namespace convanim {

extern const EmbeddedFile kEmbeddedPlayer[];  // exporters/CMakeLists.txt
extern const std::size_t kEmbeddedPlayer_count;

namespace {

std::string PlayerFile(const std::string& name) {
  for (std::size_t i = 0; i < kEmbeddedPlayer_count; ++i) {
    if (name == kEmbeddedPlayer[i].name) {
      return std::string(reinterpret_cast<const char*>(kEmbeddedPlayer[i].data),
                         kEmbeddedPlayer[i].size);
    }
  }
  return "";
}

// The player's sources as written into pages: leading spaces and comment lines go
// ("//" lines of the script, /* */ blocks of the style sheet). Script lines stay lines;
// style sheet lines are joined (they break only after ; , { or }).
std::string CompactScript(const std::string& source) {
  std::string out;
  std::size_t start = 0;
  while (start < source.size()) {
    std::size_t end = source.find('\n', start);
    if (end == std::string::npos) end = source.size();
    std::size_t first = source.find_first_not_of(" \t", start);
    if (first < end && source.compare(first, 2, "//") != 0) {
      out += source.substr(first, end - first) + "\n";
    }
    start = end + 1;
  }
  return out;
}

std::string CompactStyle(const std::string& source) {
  std::string out;
  std::size_t at = 0;
  while (at < source.size()) {
    if (source.compare(at, 2, "/*") == 0) {
      const std::size_t close = source.find("*/", at + 2);
      at = close == std::string::npos ? source.size() : close + 2;
      continue;
    }
    if (source[at] == '\n') {
      at = source.find_first_not_of(" \t\n", at);
      if (at == std::string::npos) break;
      continue;
    }
    out += source[at++];
  }
  return out;
}

// A JSON string that is also safe inside <script> (no "</script>", no "<!--") and inside
// a single-quoted attribute (no ' and no &: nothing the HTML parser would decode).
std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\'') {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string Number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

std::string CssColour(const Colour& colour) {
  if (colour.alpha >= 1.0) return HexColour(colour);
  return "rgba(" + std::to_string(colour.r) + "," + std::to_string(colour.g) + "," +
         std::to_string(colour.b) + "," + Number(colour.alpha) + ")";
}

bool IsDark(const Colour& colour) {
  return 0.2126 * colour.r + 0.7152 * colour.g + 0.0722 * colour.b < 128.0;
}

// The player's colours from a theme: the picture's background, caption ink for text,
// label ink for quieter parts and borders, the input cells' colour for the scrubber and
// the highlight colour for focus rings.
std::string PlayerColours(const Theme& theme, bool transparent) {
  return "--cvp-bg:" + (transparent ? "transparent" : CssColour(theme[Role::kBackground])) +
         ";--cvp-fg:" + CssColour(theme[Role::kCaption]) +
         ";--cvp-muted:" + CssColour(theme[Role::kLabel]) +
         ";--cvp-accent:" + CssColour(theme[Role::kInputCell]) +
         ";--cvp-focus:" + CssColour(theme[Role::kHighlight]) + ";";
}

std::string PageColours(const Theme& theme) {
  return "background:" + HexColour(theme[Role::kBackground]) +
         ";color:" + HexColour(theme[Role::kCaption]);
}

std::string Icon(const char* css_class, const char* path) {
  return std::string("<svg") + (css_class[0] ? " class=\"" + std::string(css_class) + "\"" : "") +
         " viewBox=\"0 0 16 16\" aria-hidden=\"true\" focusable=\"false\"><path d=\"" + path +
         "\"/></svg>";
}

// Every word the player shows or announces, in one object (the page's data.words):
// html.cc writes the markup's first state with them and player.js every later one.
// "{title}", "{n}", "{count}" and "{x}" are filled in. English here; a message catalog
// may give others.
// The player's words: its key (player.js reads data.words[key]) and the catalog's key
// (assets/locales/*.txt), in the picture's language.
struct PlayerWord {
  const char* key;
  const char* catalog_key;
};
constexpr PlayerWord kPlayerWords[] = {
    {"player", "controls.label"},             // the root's accessible name: {title}
    {"previous", "controls.previous"},        // button: label and tooltip
    {"play", "controls.play"},                // button: label and tooltip while paused
    {"pause", "controls.pause"},              // the same button while playing
    {"next", "controls.next"},                // button: label and tooltip
    {"scrubber", "controls.scrub"},           // the slider's label
    {"step_of", "controls.step_of"},          // the slider's spoken value: {n}, {count}
    {"counter", "controls.counter"},          // the visible counter: {n}, {count}
    {"speed", "controls.speed"},              // the speed menu's label and tooltip
    {"speed_value", "controls.speed_value"},  // a speed menu entry: {x}
};

// The catalog of the picture's language (English when it has none).
const Words& PlayerCatalog(const Animation& animation) {
  const Words* words = Words::Find(animation.language);
  return words != nullptr ? *words : Words::English();
}

// The word, placeholders unfilled (Fill or player.js fills them).
std::string Word(const Words& words, const char* key) {
  for (const PlayerWord& word : kPlayerWords) {
    if (std::string(key) == word.key) return words.Say(word.catalog_key);
  }
  return key;
}

// `text` with each "{name}" of `values` replaced (once each, as player.js does).
std::string Fill(std::string text, const std::vector<std::pair<std::string, std::string>>& values) {
  for (const auto& [name, value] : values) {
    const std::size_t at = text.find("{" + name + "}");
    if (at != std::string::npos) text.replace(at, name.size() + 2, value);
  }
  return text;
}

std::string WordsJson(const Words& words) {
  std::string json = "{";
  for (const PlayerWord& word : kPlayerWords) {
    json += (json.size() > 1 ? "," : "") + JsonString(word.key) + ":" +
            JsonString(words.Say(word.catalog_key));
  }
  return json + "}";
}

}  // namespace

Status WriteHtml(const Format&, const Animation& animation, const ExportOptions& options,
                 const std::string& path, ExportSummary* summary) {
  const int64_t count = std::max<int64_t>(1, animation.step_count);
  // --frame N: start there, paused (Export checked N against the steps).
  const int64_t start = options.frame >= 0 ? options.frame : -1;
  SvgOptions svg;
  Status status = ResolveSvgThemes(animation, options, &svg);
  if (!status.ok()) return status;
  svg.mode = SvgMode::kScripted;
  svg.step = start >= 0 ? start : 0;
  svg.step_duration = StepDuration(animation, options);
  svg.xml_declaration = false;

  const Words& words = PlayerCatalog(animation);
  std::string descriptions;
  for (int64_t n = 0; n < count; ++n) {
    descriptions += (n == 0 ? "" : ",") + JsonString(animation.Step(n).description);
  }
  const std::string data = "{\"duration\":" + Number(svg.step_duration) +
                           ",\"start\":" + std::to_string(start) + ",\"steps\":[" + descriptions +
                           "],\"words\":" + WordsJson(words) + "}";

  // Ids and classes differ between different players on one page: the prefix is a hash
  // of the picture (exporters/svg_builder.h); the script makes ids unique per instance.
  std::string picture;
  status = BuildSvg(animation, svg, &picture, &svg.id_prefix);
  if (!status.ok()) return status;
  while (!picture.empty() && picture.back() == '\n') picture.pop_back();

  const std::string scope = ".convanim-player." + svg.id_prefix;
  std::string style = CompactStyle(PlayerFile("player.css"));
  style += scope + "{" + PlayerColours(svg.light, svg.transparent) + "--cvp-scheme:" +
           (svg.has_dark                           ? "light dark"
            : IsDark(svg.light[Role::kBackground]) ? "dark"
                                                   : "light") +
           "}";
  if (svg.has_dark) {
    style += "@media (prefers-color-scheme:dark){" + scope + "{" +
             PlayerColours(svg.dark, svg.transparent) + "}}";
    // The page's own toggle wins over the reader's scheme (exporters/svg_builder.h).
    style += std::string(":is(") + kLightHooks + ") " + scope + "{" +
             PlayerColours(svg.light, svg.transparent) + "--cvp-scheme:light}";
    style += std::string(":is(") + kDarkHooks + ") " + scope + "{" +
             PlayerColours(svg.dark, svg.transparent) + "--cvp-scheme:dark}";
  }

  const std::string step = std::to_string(svg.step);
  const std::string steps = std::to_string(count);
  const std::string shown = std::to_string(svg.step + 1);
  auto attribute = [](const std::string& word) { return EscapeMarkup(word); };
  auto button = [&](const char* css_class, const char* word, const std::string& icons) {
    const std::string name = attribute(Word(words, word));
    return std::string("<button type=\"button\" class=\"") + css_class + "\" aria-label=\"" + name +
           "\" title=\"" + name + "\">" + icons + "</button>";
  };
  // The data sits in a single-quoted attribute (JsonString writes no ' and no &), so
  // the player needs no <script> block of data: see exporters/player/player.js.
  std::string player =
      "<div class=\"convanim-player " + svg.id_prefix + "\" lang=\"" +
      EscapeMarkup(animation.language) + "\" data-step=\"" + step + "\" data-steps=\"" + steps +
      "\" data-playing=\"false\" tabindex=\"0\" role=\"group\" aria-label=\"" +
      attribute(Fill(Word(words, "player"), {{"title", animation.title}})) +
      "\" aria-keyshortcuts=\"Space ArrowLeft ArrowRight Home End\" data-convanim='" + data + "'" +
      (options.html_fragment ? "" : " data-standalone") + ">\n";
  player += "<style>" + style + "</style>\n";
  player += picture + "\n";
  player += std::string("<div class=\"cvp-bar\"") + (count > 1 ? "" : " hidden") + ">";
  player += button("cvp-prev", "previous", Icon("", "M3 3h2v10H3zM13 3v10L6 8z"));
  player +=
      button("cvp-play", "play",
             Icon("cvp-i-play", "M4 2v12l10-6z") + Icon("cvp-i-pause", "M3 2h4v12H3zM9 2h4v12H9z"));
  player += button("cvp-next", "next", Icon("", "M11 3h2v10h-2zM3 3v10l7-5z"));
  player += "<input type=\"range\" class=\"cvp-scrub\" min=\"0\" max=\"" +
            std::to_string(count - 1) + "\" step=\"1\" value=\"" + step + "\" aria-label=\"" +
            attribute(Word(words, "scrubber")) + "\" aria-valuetext=\"" +
            attribute(Fill(Word(words, "step_of"), {{"n", shown}, {"count", steps}})) + "\">";
  player += "<span class=\"cvp-count\" aria-hidden=\"true\">" +
            EscapeMarkup(Fill(Word(words, "counter"), {{"n", shown}, {"count", steps}})) +
            "</span>";
  player += "<select class=\"cvp-speed\" aria-label=\"" + attribute(Word(words, "speed")) +
            "\" title=\"" + attribute(Word(words, "speed")) + "\">";
  for (const char* speed : {"0.5", "1", "2"}) {
    player += std::string("<option value=\"") + speed + "\"" +
              (std::string(speed) == "1" ? " selected" : "") + ">" +
              EscapeMarkup(Fill(Word(words, "speed_value"), {{"x", speed}})) + "</option>";
  }
  player += "</select></div>\n";
  player += "<p class=\"cvp-desc\" aria-live=\"polite\">" +
            EscapeMarkup(animation.Step(svg.step).description) + "</p>\n";
  player += "<script>\n" + CompactScript(PlayerFile("player.js")) + "</script>\n</div>\n";

  std::string text;
  if (options.html_fragment) {
    text =
        "<!-- convanim player: paste into a page as it is; its script, or any convanim "
        "player's, starts it (docs/embedding.md) -->\n" +
        player;
  } else {
    std::string page_style = "body{margin:0;padding:16px;font:16px/1.5 system-ui,sans-serif;" +
                             PageColours(svg.light) +
                             "}figure{margin:0}figcaption{max-width:40em;margin-top:8px}";
    if (svg.has_dark) {
      page_style += "@media (prefers-color-scheme:dark){body{" + PageColours(svg.dark) + "}}";
    }
    text = "<!DOCTYPE html>\n<html lang=\"" + EscapeMarkup(animation.language) +
           "\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n"
           "<meta name=\"color-scheme\" content=\"" +
           std::string(svg.has_dark                           ? "light dark"
                       : IsDark(svg.light[Role::kBackground]) ? "dark"
                                                              : "light") +
           "\">\n<title>" + EscapeMarkup(animation.title) + "</title>\n<style>" + page_style +
           "</style>\n</head>\n<body>\n<figure>\n" + player + "<figcaption>" +
           EscapeMarkup(animation.title) + "</figcaption>\n</figure>\n</body>\n</html>\n";
  }

  std::unique_ptr<OutputFile> file;
  status = OutputFile::Create(path, &file);
  if (status.ok()) status = file->Write(text);
  if (status.ok()) status = file->Commit();
  if (!status.ok()) return status;
  summary->frames = count;
  summary->width_px = static_cast<int>(animation.width);
  summary->height_px = static_cast<int>(animation.height);
  summary->bytes = static_cast<int64_t>(text.size());
  return Status::Ok();
}

}  // namespace convanim
