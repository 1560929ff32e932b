#include "exporters/theme.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <sstream>

#include "renderer/embedded_file.h"

namespace convanim {

// assets/palettes/*.txt (exporters/CMakeLists.txt).
extern const EmbeddedFile kEmbeddedThemes[];
extern const std::size_t kEmbeddedThemes_count;

namespace {

struct ParsedThemes {
  std::vector<std::string> names;
  std::map<std::string, Theme> themes;
  std::map<std::string, Status> errors;  // a malformed embedded file is reported, not hidden
};

const ParsedThemes& Themes() {
  static const ParsedThemes* parsed = [] {
    auto* result = new ParsedThemes();
    for (std::size_t i = 0; i < kEmbeddedThemes_count; ++i) {
      const EmbeddedFile& file = kEmbeddedThemes[i];
      std::string name = file.name;
      if (name.size() > 4 && name.compare(name.size() - 4, 4, ".txt") == 0) {
        name.resize(name.size() - 4);
      }
      result->names.push_back(name);
      Theme theme;
      Status status = ParseTheme(std::string(reinterpret_cast<const char*>(file.data), file.size),
                                 file.name, &theme);
      theme.name = name;
      if (status.ok()) {
        result->themes[name] = theme;
      } else {
        result->errors[name] = status;
      }
    }
    std::sort(result->names.begin(), result->names.end());
    return result;
  }();
  return *parsed;
}

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
  const double number = std::strtod(word.c_str(), &end);
  if (errno != 0 || end != word.c_str() + word.size() || !std::isfinite(number)) return false;
  if (number < 0.0 || number > 1.0) return false;
  *value = number;
  return true;
}

}  // namespace

const std::vector<std::string>& ThemeNames() { return Themes().names; }

Status GetTheme(const std::string& name, Theme* theme) {
  const ParsedThemes& themes = Themes();
  auto error = themes.errors.find(name);
  if (error != themes.errors.end()) return Status::Internal(error->second.ToString());
  auto found = themes.themes.find(name);
  if (found == themes.themes.end()) {
    std::string known;
    for (const std::string& each : ThemeNames()) known += (known.empty() ? "" : ", ") + each;
    return Status::InvalidScene("unknown theme \"" + name + "\" (known themes: " + known + ")");
  }
  *theme = found->second;
  return Status::Ok();
}

Status ParseTheme(const std::string& text, const std::string& source, Theme* theme) {
  Theme result;
  std::array<int, kRoleCount> seen_on_line{};
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
    Role role;
    if (!RoleFromName(fields[0], &role)) {
      return Status::Internal(where + "unknown role \"" + fields[0] + "\"");
    }
    int& seen = seen_on_line[static_cast<std::size_t>(role)];
    if (seen != 0) {
      return Status::Internal(where + "role \"" + fields[0] + "\" already set on line " +
                              std::to_string(seen));
    }
    seen = line_number;
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
    result.colours[static_cast<std::size_t>(role)] = colour;
  }
  for (int i = 0; i < kRoleCount; ++i) {
    if (seen_on_line[static_cast<std::size_t>(i)] == 0) {
      return Status::Internal(source + ": role \"" + RoleName(static_cast<Role>(i)) +
                              "\" is missing");
    }
  }
  *theme = result;
  return Status::Ok();
}

std::string HexColour(const Colour& colour) {
  char text[8];
  std::snprintf(text, sizeof text, "#%02x%02x%02x", colour.r, colour.g, colour.b);
  return text;
}

}  // namespace convanim
