// A figure file (core/figure_spec.h) with the scenes it draws, loaded and built into an
// animation of the model (renderer/figure_model.h), as `render`, `check` and `guide` use it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/cli_common.h"
#include "core/figure_spec.h"
#include "core/status.h"
#include "renderer/figure_model.h"

namespace convanim {

// The animation points into the scenes, so the three live and die together (and never
// move once loaded: hold it by pointer).
struct LoadedFigure {
  FigureSpec spec;
  std::vector<std::unique_ptr<LoadedScene>> scenes;
  Animation animation;
};

// Loads the figure file and every scene it names, and lays the figure out: every fault a
// render would meet, without writing anything. Scene faults keep the scene file's place
// and say which figure file drew it.
Status LoadFigure(const std::string& figure_path, const FigureModelOptions& options,
                  LoadedFigure* figure);
// The two halves of LoadFigure: the figure file and its scenes, then the layout (between
// them, render picks the reader's language from the scenes).
Status LoadFigureScenes(const std::string& figure_path, LoadedFigure* figure);
Status BuildFigure(const FigureModelOptions& options, LoadedFigure* figure);

}  // namespace convanim
