// SVG markup of the animation model, for the .svg exporter (a still step, or the whole
// animation timed by SMIL so it animates inside <img> with no script) and for the HTML
// player (the whole animation, steps shown by its script). Text stays <text>, in
// subsets of the animation's fonts embedded as data: URLs; colours are CSS classes per
// role, so one file can follow the reader's colour scheme (and, inline, the page's own
// light/dark toggle). In every mode the <svg> carries the class `id_prefix`, and every
// rule of its style sheet is scoped by it or by classes that start with it.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"
#include "exporters/theme.h"
#include "renderer/model.h"

namespace convanim {

enum class SvgMode {
  kStill,  // one step, nothing moves
  kSmil,   // every step, SMIL timing, looping; reduced motion shows `still_step`
  // Every step, for a script (the HTML player): each step's own shapes, and shared shapes
  // shown for some steps only, sit in <g data-from="A" data-until="B"> (shown for steps
  // A <= n < B), with visibility="hidden" unless `step` is among them, so the markup
  // shows `step` before any script runs.
  kScripted,
};

struct SvgOptions {
  SvgMode mode = SvgMode::kStill;
  int64_t step = 0;            // kStill: the step; kSmil: the reduced-motion step;
                               // kScripted: the step shown before a script runs
  double step_duration = 1.0;  // seconds (kSmil)
  Theme light;                 // the theme (or the light one of a pair)
  bool has_dark = false;       // also `dark`, under prefers-color-scheme: dark
  Theme dark;
  bool transparent = false;  // no background
  // Prefix of every id, class and font name, and the <svg>'s class that scopes every
  // rule, so that SVGs can be inlined side by side in one page; empty: "cv" and a hash of
  // the markup (different pictures, different prefixes; equal ones draw alike).
  std::string id_prefix;
  bool xml_declaration = true;  // a standalone file (false inside HTML)
};

// Text with &, <, > and " written as XML and HTML entities, and without the C0 control
// characters XML forbids.
std::string EscapeMarkup(const std::string& text);

// The <desc> of one still step (SvgMode::kStill) of an animation of several steps: the
// animation's description, then the step's (which names the step's cell as its equation
// does, 0-based: "Step 6 of 16: y[0][1, 1] = 4.0, ..."). One step alone: the animation's.
std::string StillDescription(const Animation& animation, int64_t step);

// Builds the <svg> element (with <title>, <desc>, role="img"). Shapes with a link_step
// carry data-link="N" (in every mode). `prefix_used`, if given, receives the prefix.
Status BuildSvg(const Animation& animation, const SvgOptions& options, std::string* svg,
                std::string* prefix_used = nullptr);

// What a page sets on an ancestor of an inline SVG or player (html, body, ...) to choose
// its scheme whatever the reader's: Furo and others (data-theme), MkDocs Material
// (data-md-color-scheme), or any page (the classes convanim-light and convanim-dark).
// Lists of selectors for :is(); docs/embedding.md names them.
constexpr const char* kLightHooks =
    "[data-theme=light],[data-md-color-scheme=default],.convanim-light";
constexpr const char* kDarkHooks = "[data-theme=dark],[data-md-color-scheme=slate],.convanim-dark";

}  // namespace convanim
