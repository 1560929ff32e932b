// Line breaking for every text the renderer wraps (titles, parameter lines, matrix
// headers, figure captions): one segmentation, close enough to Unicode's line breaking
// (UAX #14) for Latin and CJK text:
//  - a line may break at a blank (the blank is dropped) and between two CJK characters
//    (nothing is inserted), and between CJK and Latin text;
//  - never inside a Latin word, never before closing punctuation ("，", "。", ")", "」", ...)
//    and never after opening punctuation ("（", "「", ...).
#pragma once

#include <string>
#include <vector>

#include "renderer/fonts.h"

namespace convanim {

// A piece of text no line may break inside; `space_before` when a blank separated it from
// the piece before (written back as one space when both share a line).
struct WrapUnit {
  std::string text;
  bool space_before = false;
};

// The pieces of `text`: runs of blanks (' ', '\t', '\n') separate them, and each CJK
// character is one, closing punctuation kept with the piece before it and opening
// punctuation with the piece after it.
std::vector<WrapUnit> BreakUnits(const std::string& text);

// The pieces of one line written out: joined, a space where `space_before` (the first
// piece's is ignored).
std::string JoinUnits(const std::vector<WrapUnit>& units);

// Lines of `text` no wider than `width`, each candidate line measured whole (so kerning
// counts); a piece wider than `width` (a very long word) is broken between characters, the
// last resort, so nothing is ever cut at the picture's edge.
std::vector<std::string> Wrap(const Fonts& fonts, const std::string& text, double size,
                              double width);

// The same pieces (a piece wider than `width` broken between characters) in lines whose width is
// the sum of the pieces' advances and of a space's between pieces with `space_before` (justified
// captions: the spaces stretch).
std::vector<std::vector<WrapUnit>> WrapUnits(const Fonts& fonts, const std::vector<WrapUnit>& units,
                                             double width, double size);

}  // namespace convanim
