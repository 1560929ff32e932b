// Themes: the colour of every Role (renderer/model.h), applied when a format is written.
// Each theme is a file in assets/palettes/ (`role r g b [alpha]` per line), compiled into
// the binary; adding a file adds a theme (its name is the file name without .txt), and
// the scene loader accepts exactly these names (generated/core/theme_names.h).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "renderer/model.h"

namespace convanim {

struct Colour {
  uint8_t r = 0, g = 0, b = 0;  // 0-255
  double alpha = 1.0;           // 0-1
};

struct Theme {
  std::string name;
  std::array<Colour, kRoleCount> colours;
  const Colour& operator[](Role role) const { return colours[static_cast<std::size_t>(role)]; }
};

// The built-in theme names, sorted ("dark", "light", ...).
const std::vector<std::string>& ThemeNames();

// The built-in theme `name`; unknown names are InvalidScene listing the known ones.
Status GetTheme(const std::string& name, Theme* theme);

// Parses theme text; `source` names it in messages ("light.txt:4: ...").
Status ParseTheme(const std::string& text, const std::string& source, Theme* theme);

// "#rrggbb" (alpha ignored).
std::string HexColour(const Colour& colour);

}  // namespace convanim
