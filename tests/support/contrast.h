// Non-text contrast (WCAG 1.4.11) measured on real models: every tint, cell, outline and
// highlight a step draws, against what it sits on or borders, in a theme's colours.
//
// A filled shape is sampled across each of its edges: the colour just inside (everything
// drawn there composited, text left out) against the colour just outside. It passes at 3:1,
// or when a boundary crosses the edge (a grid line, an outline) that has 3:1 against both
// sides, as WCAG allows. A stroked shape (an outline, a ring, a line) passes when it has
// 3:1 against the colours on both of its sides.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "exporters/theme.h"
#include "renderer/model.h"

namespace convanim::testing {

// WCAG 2 relative luminance and contrast ratio.
double Luminance(const Colour& colour);
double Contrast(const Colour& a, const Colour& b);
// `top` at its alpha times `opacity` over `bottom`, rounded to 8 bits as a compositor does.
Colour Over(const Colour& top, const Colour& bottom, double opacity = 1.0);

// One shape's edge (or one stroke's side) against what borders it.
struct ContrastPair {
  Role shape = Role::kCount;     // the tint, cell or outline
  Role surround = Role::kCount;  // the topmost role on the other side (kCount: nothing)
  bool stroke = false;           // an outline or line (else a fill)
  double ratio = 0.0;            // shape against surround
  double boundary = 0.0;         // fills: the best boundary crossing the edge (min of sides)
  std::string id;                // the shape's id
  Point at;                      // where it was measured
  bool Passes() const { return ratio >= 3.0 || boundary >= 3.0; }
};

// The pairs of step n of `animation` in `theme`, one per shape, edge or side measured.
std::vector<ContrastPair> MeasureStep(const Animation& animation, int64_t n, const Theme& theme);

// The steps worth measuring: the first, the last and a few between.
std::vector<int64_t> SampleSteps(const Animation& animation, int count = 5);

}  // namespace convanim::testing
