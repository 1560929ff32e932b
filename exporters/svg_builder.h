// SVG markup of the animation model, for the .svg exporter (a still step, or the whole
// animation timed by SMIL so it animates inside <img> with no script) and for the HTML
// player (the whole animation, steps shown by its script). Text stays <text>, in
// subsets of the animation's fonts embedded as data: URLs; colours are CSS classes per
// role, so one file can follow the reader's colour scheme.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"
#include "exporters/theme.h"
#include "renderer/model.h"

namespace convanim {

enum class SvgMode {
  kStill,     // one step, nothing moves
  kSmil,      // every step, SMIL timing, looping; reduced motion shows `still_step`
  kScripted,  // every step; elements carry data-step / data-from / data-until for a script
};

struct SvgOptions {
  SvgMode mode = SvgMode::kStill;
  int64_t step = 0;              // kStill: the step; kSmil: the reduced-motion step
  double step_duration = 1.0;    // seconds (kSmil)
  Theme light;                   // the theme (or the light one of a pair)
  bool has_dark = false;         // also `dark`, under prefers-color-scheme: dark
  Theme dark;
  bool transparent = false;      // no background
  std::string id_prefix = "c";   // prefix of ids and classes (several SVGs in one page)
  bool xml_declaration = true;   // a standalone file (false inside HTML)
};

// Builds the <svg> element (with <title>, <desc>, role="img").
Status BuildSvg(const Animation& animation, const SvgOptions& options, std::string* svg);

}  // namespace convanim
