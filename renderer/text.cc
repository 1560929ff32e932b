#include "renderer/text.h"

#include <cairo-ft.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>

// The font, embedded by renderer/CMakeLists.txt (convanim_embed_asset).
extern const unsigned char convanim_font_latin_modern[];
extern const std::size_t convanim_font_latin_modern_size;

namespace convanim {
namespace {

// Loaded once and kept for the life of the process: cairo holds the FreeType face
// and locks it itself around every use, so threads can share it.
struct LoadedFont {
  Status status;
  FT_Library library = nullptr;
  FT_Face face = nullptr;
  cairo_font_face_t* cairo_face = nullptr;
  cairo_font_options_t* options = nullptr;
  double digit_middle_em = 0.0;  // from the baseline up to the middle of the digits
};

const LoadedFont& Font() {
  static const LoadedFont* font = [] {
    auto* loaded = new LoadedFont();
    if (FT_Init_FreeType(&loaded->library) != 0) {
      loaded->status = Status::Internal("FreeType could not be initialised");
      return loaded;
    }
    if (FT_New_Memory_Face(loaded->library, convanim_font_latin_modern,
                           static_cast<FT_Long>(convanim_font_latin_modern_size), 0,
                           &loaded->face) != 0) {
      loaded->status = Status::Internal("the embedded Latin Modern font could not be read");
      return loaded;
    }
    // No hinting, no rounded metrics: glyph shapes and positions depend only on the
    // font bytes, not on the machine's FreeType or fontconfig settings.
    loaded->cairo_face = cairo_ft_font_face_create_for_ft_face(loaded->face, FT_LOAD_NO_HINTING);
    loaded->options = cairo_font_options_create();
    cairo_font_options_set_antialias(loaded->options, CAIRO_ANTIALIAS_GRAY);
    cairo_font_options_set_hint_style(loaded->options, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(loaded->options, CAIRO_HINT_METRICS_OFF);
    if (cairo_font_face_status(loaded->cairo_face) != CAIRO_STATUS_SUCCESS ||
        cairo_font_options_status(loaded->options) != CAIRO_STATUS_SUCCESS) {
      loaded->status = Status::Internal("cairo could not use the embedded font");
      return loaded;
    }
    cairo_matrix_t font_matrix, identity;
    cairo_matrix_init_scale(&font_matrix, 1000.0, 1000.0);
    cairo_matrix_init_identity(&identity);
    cairo_scaled_font_t* scaled =
        cairo_scaled_font_create(loaded->cairo_face, &font_matrix, &identity, loaded->options);
    cairo_text_extents_t extents;
    cairo_scaled_font_text_extents(scaled, "0123456789", &extents);
    loaded->digit_middle_em = -(extents.y_bearing + extents.height / 2.0) / 1000.0;
    cairo_scaled_font_destroy(scaled);
    return loaded;
  }();
  return *font;
}

// Replaces a leading ASCII hyphen with the typographic minus (U+2212), and drops the
// sign of a number that prints as zero.
std::string WithMinus(std::string text) {
  if (text.empty() || text[0] != '-') return text;
  if (text.find_first_not_of("-0.") == std::string::npos) return text.substr(1);
  return "\xE2\x88\x92" + text.substr(1);
}

std::string Printf(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

}  // namespace

Status TextFontStatus() { return Font().status; }

bool UseTextFont(cairo_t* cr, double size) {
  const LoadedFont& font = Font();
  if (!font.status.ok()) return false;
  cairo_set_font_face(cr, font.cairo_face);
  cairo_set_font_size(cr, size);
  cairo_set_font_options(cr, font.options);
  return true;
}

double TextWidth(const std::string& text, double size) {
  const LoadedFont& font = Font();
  if (!font.status.ok()) return 0.0;
  cairo_matrix_t font_matrix, identity;
  cairo_matrix_init_scale(&font_matrix, size, size);
  cairo_matrix_init_identity(&identity);
  cairo_scaled_font_t* scaled =
      cairo_scaled_font_create(font.cairo_face, &font_matrix, &identity, font.options);
  cairo_text_extents_t extents;
  cairo_scaled_font_text_extents(scaled, text.c_str(), &extents);
  cairo_scaled_font_destroy(scaled);
  return extents.x_advance;
}

void DrawCentredText(cairo_t* cr, const std::string& text, double x, double y, double size,
                     double max_width, double min_size) {
  if (text.empty() || !UseTextFont(cr, size)) return;
  cairo_text_extents_t extents;
  cairo_text_extents(cr, text.c_str(), &extents);
  if (max_width > 0.0 && extents.x_advance > max_width) {
    size *= max_width / extents.x_advance;
    if (size < min_size) return;
    cairo_set_font_size(cr, size);
    cairo_text_extents(cr, text.c_str(), &extents);
  }
  cairo_move_to(cr, x - extents.x_advance / 2.0, y + Font().digit_middle_em * size);
  cairo_show_text(cr, text.c_str());
  cairo_new_path(cr);
}

std::string FormatFixed(double value, int decimals) {
  return WithMinus(Printf(value, std::clamp(decimals, 0, 12)));
}

std::string FormatCompact(double value) {
  const double tolerance = 1e-9 * std::max(1.0, std::fabs(value));
  for (int decimals = 0; decimals <= 2; ++decimals) {
    std::string text = Printf(value, decimals);
    if (std::fabs(std::strtod(text.c_str(), nullptr) - value) <= tolerance) return WithMinus(text);
  }
  std::string text = Printf(value, 2);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return WithMinus(text);
}

}  // namespace convanim
