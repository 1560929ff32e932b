// Colour themes. Each theme is a text file under assets/palettes/ (one colour a line:
// `role r g b [alpha]`), compiled into the binary and parsed once, on first use.
// The scene loader validates Style::theme against ThemeNames(); an unknown theme is
// an error, never silently replaced by another.
#pragma once

#include <cairo.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace convanim {

struct Colour {
  uint8_t r = 0, g = 0, b = 0;  // 0-255, as written in the palette file
  double alpha = 1.0;           // 0-1
};

// Every role a theme must define, and nothing else.
struct Palette {
  std::string name;
  Colour background;  // the picture's background
  Colour input;       // input cells
  Colour output;      // output cells
  Colour grid;        // cell borders (dashed around padding and inserted zeros)
  Colour shade;       // kernel window and current output cell (drawn with its alpha)
  Colour connector;   // lines from the window's corners to the output cell
  Colour text;        // values and kernel weights
  Colour label;       // channel labels and the title
  Colour behind;      // figures: maps behind the front one in a stack
};

// The built-in theme names, in a fixed order ("light" first).
const std::vector<std::string>& ThemeNames();

// The parsed built-in theme `name`. Unknown names are Status::InvalidScene listing the
// known ones. Thread-safe; the themes are parsed once.
Status GetPalette(const std::string& name, Palette* palette);

// Parses palette text. `source` names it in messages ("light.txt:4: ...").
Status ParsePalette(const std::string& text, const std::string& source, Palette* palette);

// Sets `colour` (with its alpha) as the source of `cr`.
void SetSourceColour(cairo_t* cr, const Colour& colour);

}  // namespace convanim
