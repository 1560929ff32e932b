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
};

// The glyphs of `codepoints` from `face` (hinting and layout tables dropped).
Status SubsetFont(const Fonts::Face& face, const std::set<uint32_t>& codepoints, FontSubset* out);

std::string Base64(const std::string& bytes);

}  // namespace convanim
