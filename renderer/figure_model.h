// A figure file (core/figure_spec.h) as a one-step animation of the model: several steps
// of a scene on one sheet (each a group of that step's shapes, offset), or one of the
// figures the guide draws directly (Figures 1.3, 1.4 and 2.8), built from loaded scenes
// and their schedules. Computes no numbers: every size and position comes from the
// scenes through the core (Schedule windows and taps, ComputeAxis), the cell size and
// line widths from renderer/layout.h, text is measured with the scenes' fonts.
#pragma once

#include <memory>
#include <vector>

#include "core/figure_spec.h"
#include "core/scene.h"
#include "core/schedule.h"
#include "core/status.h"
#include "renderer/model.h"
#include "renderer/render_options.h"

namespace convanim {

// One loaded scene of a figure, for FigureSpec::panels[n]. Not owned: both must
// outlive the animation.
struct FigureSource {
  const Scene* scene = nullptr;
  const Schedule* schedule = nullptr;
};

struct FigureModelOptions {
  SceneModelOptions scene;  // cell size (0: the scene's style, else automatic), decimals
  // -1: the figure file's show_caption; 0: never draw the caption; 1: always.
  int show_caption = -1;
};

// Lays out `spec` over `sources` (one per spec.panels entry, in order) as an animation of
// one step whose one layer holds the figure. Faults that depend on the scenes (a step
// past the last, a channels figure of a scene without channels, ...) are
// Status::InvalidScene at their place in the figure file.
Status BuildFigureAnimation(const FigureSpec& spec, const std::vector<FigureSource>& sources,
                            const FigureModelOptions& options, Animation* out);

}  // namespace convanim
