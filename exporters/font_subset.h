// Subsets of the embedded fonts for SVG and HTML: only the glyphs a file's text uses,
// through HarfBuzz's subsetter, as base64 for an @font-face data: URL.
#pragma once

#include <cstdint>
#include <set>
#include <string>

#include "core/status.h"
#include "renderer/fonts.h"

namespace convanim {

struct FontSubset {
  std::string mime;    // "font/otf" or "font/ttf"
  std::string base64;  // the subset font file
  bool whole = false;  // HarfBuzz could not subset the font: this is the whole file
};

// The glyphs of `codepoints` from `face` (hinting and layout tables dropped); the whole
// font when HarfBuzz cannot subset it (FreeType read it, so the rasters and PDF draw it:
// SVG and HTML accept it too). Never fails.
Status SubsetFont(const Fonts::Face& face, const std::set<uint32_t>& codepoints, FontSubset* out);

std::string Base64(const std::string& bytes);

}  // namespace convanim
