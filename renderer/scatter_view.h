// The scatter view's model (renderer/scatter_model.h), internal to the renderer: one class,
// its members defined in scatter_model.cc (build, numbers, labels, layout) and
// scatter_shapes.cc (the grids, each step's stamp and sums, the equation).
#pragma once

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "core/scatter.h"
#include "renderer/describe.h"
#include "renderer/fonts.h"
#include "renderer/grid_shapes.h"
#include "renderer/numbers.h"
#include "renderer/scatter_model.h"
#include "renderer/teaching_blocks.h"
#include "renderer/teaching_text.h"
#include "renderer/words.h"

namespace convanim {
namespace scatter_view {

// The scatter view's layers, bottom first, by name (Build lists their names in this order).
enum LayerIndex : std::size_t {
  kGridsLayer,    // "grids"
  kSumsLayer,     // "sums"
  kStampLayer,    // "stamp"
  kValuesLayer,   // "values"
  kNumbersLayer,  // "numbers"
  kTextLayer,     // "text"
};

using namespace teaching;  // NOLINT: the blocks are this file's vocabulary

class ScatterModel : public StepSource {
 public:
  ScatterModel(const Scene& scene, const Schedule& schedule, const SceneModelOptions& options,
               std::shared_ptr<const Fonts> fonts)
      : scene_(scene),
        words_(WordsOf(options)),
        schedule_(schedule),
        fonts_(std::move(fonts)),
        decimals_(ResolveStyle(scene, options).decimals),
        requested_cell_(ResolveStyle(scene, options).cell_size),
        slide_(ResolveStyle(scene, options).slide),
        landscape_(ResolveStyle(scene, options).landscape) {}

  Status Build(Animation* animation);

  void Fill(int64_t index, StepShapes* out) const override;

 private:
  std::string Value(double v) const {
    return FormatValue(v, scene_.style.value_decimals, &rounded_);
  }

  void Numbers();

  std::string InputLabel(int channel) const;
  std::string KernelLabel(int in_channel, int out_channel) const;
  std::string OutputLabel(int channel) const;

  void Layout();

  // Title, equation lines, parameters and legend wrapped to `width` (again on each call).
  void LayoutText(double width);

  // Moves the grids by `at` from where Layout put them (the grids' box at the origin).
  void PlaceGrids(Point at);

  // style.layout: slide (renderer/slide_layout.cc): the text beside the grids (of size
  // `grids_width` x `grids_height`) on a 16:9 canvas.
  void FinishSlide(double grids_width, double grids_height);

  void Shared(std::vector<Shape>* grids, std::vector<Shape>* values,
              std::vector<Shape>* text) const;

  // The step's input cell, and where its copy of the kernel lands.
  void Stamp(const ScatterStep& step, std::vector<Shape>* out) const;

  // The sums after this step, on the full output (cropped cells in the muted colour).
  void Sums(int64_t index, std::vector<Shape>* cells_out, std::vector<Shape>* out) const;

  std::vector<std::string> EquationRows(const ScatterStep& step) const;

  void EquationShapes(const ScatterStep& step, std::vector<Shape>* out) const;

  // The input cell as the equation names it: x[i, j], or x[c][i, j] with channels, 0-based.
  std::string InputName(const ScatterStep& step) const;

  std::string Description(const ScatterStep& step) const;

  const Scene& scene_;
  const Words& words_;
  const Schedule& schedule_;
  const std::shared_ptr<const Fonts> fonts_;
  const int decimals_;
  const double requested_cell_;
  const bool slide_, landscape_;
  mutable bool rounded_ = false;
  ScatterSchedule scatter_;
  double cell_ = 36.0;
  std::vector<Panel> inputs_, kernels_, outputs_;
  Panel overlap_;
  bool has_overlap_ = false;
  double text_width_ = kMinTextWidth;
  std::vector<std::string> title_, parameters_;
  int equation_lines_ = 1;
  Legend legend_;
  int legend_rows_ = 1;
  double equation_y_ = 0, parameters_y_ = 0, legend_y_ = 0;
  double title_x_ = kMargin, title_y_ = kMargin, text_x_ = kMargin;
  double width_ = 0, height_ = 0;
};

}  // namespace scatter_view
}  // namespace convanim
