#include "renderer/palette.h"

#include <array>
#include <cerrno>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <map>
#include <sstream>

// The theme files, embedded by renderer/CMakeLists.txt (convanim_embed_asset).
extern const unsigned char convanim_palette_light[];
extern const std::size_t convanim_palette_light_size;

namespace convanim {
namespace {

struct BuiltinTheme {
  const char* name;
  const unsigned char* bytes;
  const std::size_t* size;
};

// Adding a theme: a file in assets/palettes/, an embed line in CMake, a row here.
const std::array<BuiltinTheme, 1>& BuiltinThemes() {
  static const std::array<BuiltinTheme, 1> themes = {{
      {"light", convanim_palette_light, &convanim_palette_light_size},
  }};
  return themes;
}

struct ParsedThemes {
  std::map<std::string, Palette> palettes;
  std::map<std::string, Status> errors;  // a malformed embedded file is reported, not hidden
};

const ParsedThemes& Themes() {
  static const ParsedThemes* parsed = [] {
    auto* result = new ParsedThemes();
    for (const BuiltinTheme& theme : BuiltinThemes()) {
      std::string text(reinterpret_cast<const char*>(theme.bytes), *theme.size);
      Palette palette;
      Status status = ParsePalette(text, std::string(theme.name) + ".txt", &palette);
      if (status.ok()) {
        palette.name = theme.name;
        result->palettes[theme.name] = palette;
      } else {
        result->errors[theme.name] = status;
      }
    }
    return result;
  }();
  return *parsed;
}

// Parses a whole decimal integer in [0, 255].
bool ParseChannel(const std::string& word, uint8_t* value) {
  if (word.empty() || word.size() > 3) return false;
  int number = 0;
  for (char ch : word) {
    if (ch < '0' || ch > '9') return false;
    number = number * 10 + (ch - '0');
  }
  if (number > 255) return false;
  *value = static_cast<uint8_t>(number);
  return true;
}

bool ParseAlpha(const std::string& word, double* value) {
  if (word.empty()) return false;
  errno = 0;
  char* end = nullptr;
  double number = std::strtod(word.c_str(), &end);
  if (errno != 0 || end != word.c_str() + word.size() || !std::isfinite(number)) return false;
  if (number < 0.0 || number > 1.0) return false;
  *value = number;
  return true;
}

}  // namespace

const std::vector<std::string>& ThemeNames() {
  static const std::vector<std::string>* names = [] {
    auto* list = new std::vector<std::string>();
    for (const BuiltinTheme& theme : BuiltinThemes()) list->push_back(theme.name);
    return list;
  }();
  return *names;
}

Status GetPalette(const std::string& name, Palette* palette) {
  const ParsedThemes& themes = Themes();
  auto error = themes.errors.find(name);
  if (error != themes.errors.end()) return Status::Internal(error->second.ToString());
  auto found = themes.palettes.find(name);
  if (found == themes.palettes.end()) {
    std::string known;
    for (const std::string& theme : ThemeNames()) known += (known.empty() ? "" : ", ") + theme;
    return Status::InvalidScene("unknown theme \"" + name + "\" (known themes: " + known + ")");
  }
  *palette = found->second;
  return Status::Ok();
}

Status ParsePalette(const std::string& text, const std::string& source, Palette* palette) {
  Palette result;
  const std::array<std::pair<const char*, Colour*>, 9> roles = {{
      {"background", &result.background},
      {"input", &result.input},
      {"output", &result.output},
      {"grid", &result.grid},
      {"shade", &result.shade},
      {"connector", &result.connector},
      {"text", &result.text},
      {"label", &result.label},
      {"behind", &result.behind},
  }};
  std::map<std::string, int> seen_on_line;
  std::istringstream lines(text);
  std::string line;
  int line_number = 0;
  while (std::getline(lines, line)) {
    ++line_number;
    const std::size_t hash = line.find('#');
    if (hash != std::string::npos) line.erase(hash);
    std::istringstream words(line);
    std::vector<std::string> fields;
    for (std::string word; words >> word;) fields.push_back(word);
    if (fields.empty()) continue;
    const std::string where = source + ":" + std::to_string(line_number) + ": ";
    Colour* target = nullptr;
    for (const auto& role : roles) {
      if (fields[0] == role.first) target = role.second;
    }
    if (target == nullptr)
      return Status::Internal(where + "unknown colour role \"" + fields[0] + "\"");
    if (seen_on_line.count(fields[0]) != 0) {
      return Status::Internal(where + "colour role \"" + fields[0] + "\" already set on line " +
                              std::to_string(seen_on_line[fields[0]]));
    }
    seen_on_line[fields[0]] = line_number;
    if (fields.size() != 4 && fields.size() != 5) {
      return Status::Internal(where + "expected \"" + fields[0] + " r g b [alpha]\"");
    }
    Colour colour;
    if (!ParseChannel(fields[1], &colour.r) || !ParseChannel(fields[2], &colour.g) ||
        !ParseChannel(fields[3], &colour.b)) {
      return Status::Internal(where + "colour channels must be whole numbers 0-255");
    }
    if (fields.size() == 5 && !ParseAlpha(fields[4], &colour.alpha)) {
      return Status::Internal(where + "alpha must be a number from 0 to 1");
    }
    *target = colour;
  }
  for (const auto& role : roles) {
    if (seen_on_line.count(role.first) == 0) {
      return Status::Internal(source + ": colour role \"" + role.first + "\" is missing");
    }
  }
  *palette = result;
  return Status::Ok();
}

void SetSourceColour(cairo_t* cr, const Colour& colour) {
  cairo_set_source_rgba(cr, colour.r / 255.0, colour.g / 255.0, colour.b / 255.0, colour.alpha);
}

}  // namespace convanim
