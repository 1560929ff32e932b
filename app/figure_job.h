// One figure: a figure file (core/figure_spec.h) to one still (.png, .pdf or .svg), as
// `render` and `guide` both run it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/cli_common.h"
#include "app/render_job.h"
#include "core/figure_spec.h"
#include "core/status.h"
#include "renderer/figure_renderer.h"
#include "renderer/frame_sink.h"

namespace convanim {

struct FigureJobOptions {
  FigureRenderOptions render;  // cell size, decimals, caption override (figure_renderer.h)
  double scale = 1.0;          // raster scale for .png (1)
};

struct FigureSummary {
  std::string figure;               // the figure number, e.g. "2.1"
  std::string caption;              // the figure file's caption
  int width_px = 0, height_px = 0;  // the picture at the sink's scale
};

// A figure file with its scenes loaded and laid out, ready to draw. The renderer
// points into the scenes, so the three live and die together.
struct LoadedFigure {
  FigureSpec spec;
  std::vector<std::unique_ptr<LoadedScene>> scenes;
  std::unique_ptr<FigureRenderer> renderer;
};

// Loads the figure file and every scene it names, and lays the figure out: every fault
// a render would meet, without writing anything (what `convanim check` runs).
Status LoadFigure(const std::string& figure_path, const FigureRenderOptions& options,
                  LoadedFigure* figure);

// Writes a figure already loaded to `out_path` (.png, .pdf or .svg). Safe to call from
// several threads at once, each with its own output. `summary` may be null.
Status RenderLoadedFigure(const LoadedFigure& figure, const std::string& out_path,
                          const FigureJobOptions& options, FigureSummary* summary = nullptr);

// Loads the figure file and the scenes it names, lays the figure out and writes it to
// `out_path`. Any other extension (or a frame pattern) is Status::InvalidScene naming
// the path, refused before any work. Nothing is written on any failure (the sinks write
// atomically). Scene faults keep the scene file's place and say which figure file
// drew it. `summary` may be null.
Status RenderFigureFile(const std::string& figure_path, const std::string& out_path,
                        const FigureJobOptions& options, FigureSummary* summary = nullptr);

}  // namespace convanim
