// What a render asks of the renderer beyond the scene (command-line overrides, fonts, the
// reader's language), and the one place they are resolved against the scene's style. The
// views (teaching, scatter, matrix) and the figures include this, not the dispatcher
// (renderer/scene_model.h).
#pragma once

#include <memory>

#include "core/scene.h"
#include "renderer/fonts.h"
#include "renderer/words.h"

namespace convanim {

struct SceneModelOptions {
  double cell_size = 0.0;  // pixels per cell at scale 1; 0: the scene's style, else automatic
  int decimals = -1;       // output decimals; -1: the scene's style
  int layout = -1;         // PageLayout; -1: the scene's style
  std::shared_ptr<const Fonts> fonts;  // null: the embedded fonts
  const Words* words = nullptr;        // the reader's language (renderer/words.h); null: English
  // A panel of a figure's row (layout: views): the page keeps its text under the grids, a
  // column, as panels side by side want; else it turns landscape where it can.
  bool panel = false;
};

// The options resolved against the scene's style: what a picture is drawn with.
struct EffectiveStyle {
  double cell_size = 0.0;        // asked for (option, else the scene's); 0: automatic
  int decimals = 1;              // output values' digits after the point
  bool slide = false;            // teaching style: a 16:9 slide, text beside the grids
  bool landscape = true;         // page: landscape where a portrait is not needed
  const Words* words = nullptr;  // never null
};

inline EffectiveStyle ResolveStyle(const Scene& scene, const SceneModelOptions& options) {
  EffectiveStyle style;
  style.cell_size = options.cell_size > 0.0 ? options.cell_size : scene.style.cell_size;
  style.decimals = options.decimals >= 0 ? options.decimals : scene.style.decimals;
  style.slide = (options.layout >= 0 ? static_cast<PageLayout>(options.layout)
                                     : scene.style.layout) == PageLayout::kSlide;
  style.landscape = !options.panel;
  style.words = options.words != nullptr ? options.words : &Words::English();
  return style;
}

// The catalog `options` asks for: English unless `options.words` names another.
inline const Words& WordsOf(const SceneModelOptions& options) {
  return options.words != nullptr ? *options.words : Words::English();
}

}  // namespace convanim
