// Draws a figure file (core/figure_spec.h): several steps of a scene on one sheet, or
// one of the figures the guide draws directly (Figures 1.3, 1.4 and 2.8), from loaded
// scenes and their schedules. Computes no numbers: every size and position comes from
// the scenes through the core (Schedule windows and taps, ComputeAxis), the cell size
// and line widths from renderer/layout.h, colours from the scene's palette and text in
// the embedded font (renderer/text.h).
//
// Laying out happens once, in Create(), into a list of drawing items (grids, arrows,
// texts, scene steps); Draw() only paints them, so it can be called for every sink
// and from several threads at once (each with its own cairo_t).
#pragma once

#include <cairo.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/figure_spec.h"
#include "core/scene.h"
#include "core/schedule.h"
#include "core/status.h"
#include "renderer/frame_sink.h"
#include "renderer/layout.h"
#include "renderer/palette.h"
#include "renderer/scene_renderer.h"

namespace convanim {

// One loaded scene of a figure, for FigureSpec::panels[n]. Not owned: both must
// outlive the FigureRenderer.
struct FigureSource {
  const Scene* scene = nullptr;
  const Schedule* schedule = nullptr;
};

struct FigureRenderOptions {
  RenderOptions scene;  // cell size (0: the scene's style, else automatic) and decimals
  // -1: the figure file's show_caption; 0: never draw the caption; 1: always.
  int show_caption = -1;
};

// What a flat grid's cells are filled with.
enum class GridFill {
  kInput,        // the palette's input colour (blue)
  kInputBehind,  // maps behind the front one in a stack (the guide's violet)
  kOutput,       // the palette's output colour (cyan)
};

// An axis-parallel grid of cells. Cells of `canvas` that are padding or inserted
// zeros are drawn empty with dashed borders, as the scene renderer draws them.
struct FigureGrid {
  double x = 0, y = 0;  // top-left corner, picture units
  double cell = 0;
  int rows = 0, cols = 0;
  GridFill fill = GridFill::kInput;
  const Canvas* canvas = nullptr;  // null: every cell is a plain filled cell
  std::vector<Pair> shaded;        // [row, col] cells under the kernel (base02 at 40 %)
  std::vector<Pair> crossed;       // [row, col] cells crossed out (dropped outputs)

  // Centre of cell (row, col) on the picture.
  Point CellCentre(int row, int col) const {
    return {x + (col + 0.5) * cell, y + (row + 0.5) * cell};
  }
  double width() const { return cols * cell; }
  double height() const { return rows * cell; }
};

struct FigureArrow {
  Point from, to;
  bool in_grid = false;  // true: an arrow drawn over a grid (grid colour); false: connector
  bool head = true;      // false: a plain line (the guide's "+" pathway has one)
};

struct FigureText {
  std::string text;
  double x = 0, baseline = 0;  // left end of the baseline
  double size = 0;             // pixels per em
  double word_spacing = 0;     // extra space added at each ' ' (justified lines)
  bool centred = false;        // x is the centre, not the left end
};

// A step of a scene drawn by SceneRenderer at (x, y), clipped to its own picture.
struct FigureStepPanel {
  double x = 0, y = 0, width = 0, height = 0;
  int source = 0;  // index into the figure's sources
  int64_t step = 0;
};

class FigureRenderer {
 public:
  // Lays out `spec` over `sources` (one per spec.panels entry, in order). Faults that
  // depend on the scenes (a step past the last, a channels figure of a scene without
  // convolution channels, a stride_subsampling figure with unit strides, ...) are
  // Status::InvalidScene at their place in the figure file.
  static Status Create(const FigureSpec& spec, const std::vector<FigureSource>& sources,
                       const FigureRenderOptions& options, std::unique_ptr<FigureRenderer>* out);

  // The picture size in user units (pixels at scale 1), whole numbers.
  double width() const { return width_; }
  double height() const { return height_; }

  // Paints the figure over a background of the palette's colour.
  void Draw(cairo_t* cr) const;
  DrawFn Drawer() const {
    return [this](cairo_t* cr) { Draw(cr); };
  }

  // The laid-out items, for tests and for anyone composing further.
  const std::vector<FigureStepPanel>& step_panels() const { return step_panels_; }
  const std::vector<FigureGrid>& grids() const { return grids_; }
  const std::vector<FigureArrow>& arrows() const { return arrows_; }
  const std::vector<FigureText>& texts() const { return texts_; }
  // The steps the sheet draws (steps layout), after defaults.
  const std::vector<int64_t>& steps() const { return steps_; }
  const Palette& palette() const { return palette_; }
  double cell_size() const { return cell_; }

 private:
  FigureRenderer() = default;
  class Builder;

  void DrawGrid(cairo_t* cr, const FigureGrid& grid) const;
  void DrawArrow(cairo_t* cr, const FigureArrow& arrow) const;
  void DrawText(cairo_t* cr, const FigureText& text) const;

  double width_ = 0, height_ = 0;
  double cell_ = 0;
  double grid_line_ = 1, thin_line_ = 0.5;
  Palette palette_;
  std::vector<int64_t> steps_;
  std::vector<std::unique_ptr<SceneRenderer>> scene_renderers_;  // one per source (steps)
  std::vector<FigureStepPanel> step_panels_;
  std::vector<FigureGrid> grids_;
  std::vector<FigureArrow> arrows_;
  std::vector<FigureText> texts_;
};

}  // namespace convanim
