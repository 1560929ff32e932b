// Text in figures: the embedded Latin Modern Roman font and how numbers are written.
//
// The font is compiled into the binary (assets/fonts/, see its licence there), loaded
// once through FreeType and drawn with hinting and metric rounding off and grey
// antialiasing, so a frame is the same bytes on every machine. Safe to use from several
// threads at once, each with its own cairo_t.
#pragma once

#include <cairo.h>

#include <string>

#include "core/status.h"

namespace convanim {

// Ok once the embedded font has been loaded (loads it on first call).
Status TextFontStatus();

// Selects the font at `size` pixels per em, with the deterministic font options, on
// `cr`. Returns false (and leaves `cr` unchanged) when the font could not be loaded.
bool UseTextFont(cairo_t* cr, double size);

// Horizontal advance of `text` at `size` pixels per em (0 when the font is missing).
double TextWidth(const std::string& text, double size);

// Draws `text` centred on (x, y): horizontally by its advance width, vertically on the
// height of the digits, so numbers in a row of cells share one baseline. The current
// source of `cr` is used. When `max_width` > 0 and the text is wider, it is drawn
// smaller to fit, or not at all when that would be below `min_size`. Does nothing
// when the font is missing.
void DrawCentredText(cairo_t* cr, const std::string& text, double x, double y, double size,
                     double max_width = 0.0, double min_size = 0.0);

// A value with exactly `decimals` digits after the point ("12.0"); negative numbers
// with a typographic minus, and never "-0.0".
std::string FormatFixed(double value, int decimals);

// The shortest of up to two decimals that shows `value` ("2", "0.5", "1.25"; 1/3 as
// "0.33"). Used for inputs and kernel weights, which are usually whole numbers.
std::string FormatCompact(double value);

}  // namespace convanim
