// The teaching style's model (renderer/teaching_model.h), internal to the renderer: one
// class whose members are defined by job in teaching_model.cc (build, limits, numbers, each
// step), teaching_layout.cc (grid placement), teaching_slices.cc (kernel slices and panel
// labels), teaching_grids.cc (the grids' shapes, window, connectors) and teaching_legend.cc
// (title, equation, parameters, legend).
#pragma once

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "renderer/describe.h"
#include "renderer/fonts.h"
#include "renderer/grid_shapes.h"
#include "renderer/layout.h"
#include "renderer/matrix_block.h"
#include "renderer/numbers.h"
#include "renderer/teaching_blocks.h"
#include "renderer/teaching_model.h"
#include "renderer/teaching_text.h"
#include "renderer/words.h"

namespace convanim {
namespace teaching_view {

// The teaching style's layers, bottom first, by name (Build lists their names in this order).
enum LayerIndex : std::size_t {
  kInputLayer,       // "input"
  kTapsLayer,        // "taps"
  kValuesLayer,      // "values"
  kWindowLayer,      // "window"
  kConnectorsLayer,  // "connectors"
  kOutputLayer,      // "output"
  kCurrentLayer,     // "current"
  kTextLayer,        // "text"
  kEquationLayer,    // "equation"
};

using namespace teaching;  // NOLINT: the blocks are this file's vocabulary

constexpr double kObliqueExtent = 720.0;  // the oblique picture's longer side, at most
constexpr int kMaxFlatChannels = 8;       // numerical view: channels drawn side by side

class TeachingModel : public StepSource {
 public:
  TeachingModel(const Scene& scene, const Schedule& schedule, const SceneModelOptions& options,
                std::shared_ptr<const Fonts> fonts)
      : scene_(scene),
        words_(WordsOf(options)),
        schedule_(schedule),
        fonts_(std::move(fonts)),
        decimals_(ResolveStyle(scene, options).decimals),
        flat_(scene.view == View::kNumerical || scene.view == View::kMatrix),
        pooling_(IsPooling(scene.operation)),
        transposed_(scene.operation == Operation::kTransposedConvolution),
        progressive_(scene.style.progressive),
        equation_(scene.style.equation > 0 ||
                  (scene.style.equation < 0 && scene.style.frame_duration >= kMinEquationSeconds)),
        requested_cell_(ResolveStyle(scene, options).cell_size),
        slide_(ResolveStyle(scene, options).slide),
        landscape_(ResolveStyle(scene, options).landscape) {
    per_channel_ = static_cast<int64_t>(schedule.output_size()[0]) * schedule.output_size()[1];
  }

  Status Build(Animation* animation);

  void Fill(int64_t index, StepShapes* out) const override;

 private:
  // --- limits and numbers ------------------------------------------------------------

  Status CheckLimits() const;

  std::string Value(double value) {
    return FormatValue(value, scene_.style.value_decimals, &rounded_);
  }

  // The texts of every input value, weight and output, and the cell size they need.
  void PrepareNumbers();

  // --- layout --------------------------------------------------------------------------

  int CanvasRows() const { return schedule_.canvas().rows.length; }
  int CanvasCols() const { return schedule_.canvas().cols.length; }
  int OutRows() const { return schedule_.output_size()[0]; }
  int OutCols() const { return schedule_.output_size()[1]; }
  int KernelRows() const { return scene_.kernel_size[0]; }
  int KernelCols() const { return scene_.kernel_size[1]; }
  bool HasKernelGrid() const { return !pooling_; }
  // Input channels drawn: one panel each (flat), or one sheet each (oblique).
  int InputPanels() const { return scene_.in_channels; }
  int OutputPanels() const { return schedule_.output_channels(); }

  double LabelHeight() const { return kLineHeight * kFont; }

  // Flat: [inputs] [kernels] [outputs] in a row when it fits a docs column, else the
  // inputs above the kernels and outputs; 1-D signals always stack.
  void LayoutFlat();

  // Slide (renderer/slide_layout.cc): the input channels in a row, each with its kernel
  // slice under it, the outputs in a column to their right; false (nothing placed) when
  // the row would be wider than kMaxSlideRowWidth.
  bool LayoutChannelsSideBySide();

  // The labelled boxes of the flat panels into the picture's box.
  void AddPanelBoxes();

  // A panel with the room its label takes above it (as wide as `label` needs).
  Box LabelledBox(const Panel& panel, const std::string& label = "") const;

  // Oblique: the guide's projection of the canvas (each input channel its own sheet, one
  // under the other) with the output floating above, the kernel grid beside it.
  void LayoutOblique();

  // Title, equation, parameters and legend, wrapped to `width` (laid out again on each
  // call).
  void LayoutText(double width);

  // The width a page wraps its text to: the picture's (and the matrix's), at least
  // kMinTextWidth.
  double PageTextWidth() const;

  // The height of the equation, parameters and legend as laid out.
  double TextHeight() const;

  std::vector<std::string> Wrap(const std::string& text, double size, double width) const {
    return convanim::Wrap(*fonts_, text, size, width);
  }

  // The equation of a step as wrapped lines of text: terms stay whole, continuation
  // lines are indented.
  std::vector<std::string> EquationRows(const Step& step) const;

  void BuildLegend();

  // Places the blocks: title, picture, equation, parameters, legend; then the size.
  void Finish();

  // The grids, flat or oblique (channels side by side on a slide, or when wide_).
  void LayoutGrids() {
    if (flat_) {
      LayoutFlat();
    } else {
      LayoutOblique();
    }
  }
  // Forgets the grids' placement, for another try.
  void ResetLayout();
  // How wide a row of channels side by side may be.
  double RowLimit() const;

  // The page layout (renderer/teaching_page.cc): Finish's text under the grids when that
  // picture is landscape (or the guide preset asks for it); else the landscape picture,
  // at most kMaxPageWidth wide, with the channels side by side and/or the text beside the
  // grids, that has the smallest area (failing that, the least tall one).
  void FinishPage();
  // The text, wrapped to `text_width`, right of the grids (and the matrix under them).
  void FinishBeside(double text_width);
  // The grids' column: the picture and the matrix under it, as drawn.
  double GridsWidth() const;
  double GridsHeight() const;
  // The matrix's widest extent over the steps (a large one is drawn around each step's row).
  double MatrixDrawnWidth() const;

  // style.layout: slide (renderer/slide_layout.cc): the title across the top, the grids
  // (and the matrix) on the left, the text beside them (or under them, when that makes a
  // larger slide), on a 16:9 canvas with the content centred.
  void FinishSlide();

  // Moves the grids so that the picture's box starts at `at`.
  void PlacePicture(Point at);

  // --- shapes ----------------------------------------------------------------------------

  Stroke Dashed() const { return teaching::Dashed(cell_); }

  Shape Label(const std::string& id, const std::string& text, Point at,
              TextAnchor anchor = TextAnchor::kStart) const {
    return Text(Role::kLabel, id, text, at.x, at.y, kFont, anchor, TextBaseline::kAlphabetic);
  }

  // A label just above a flat panel, or under an oblique sheet.
  Point LabelPoint(const Panel& panel) const;

  int InPerGroup() const { return std::max(1, scene_.in_channels / std::max(1, scene_.groups)); }
  int OutPerGroup() const {
    return std::max(1, schedule_.output_channels() / std::max(1, scene_.groups));
  }
  // Whether output channel `out_channel` reads input channel `in_channel` (groups).
  bool SliceUsed(int out_channel, int in_channel) const {
    return out_channel / OutPerGroup() == in_channel / InPerGroup();
  }

  // The slice's name as PyTorch indexes the layer's weight: weight[o, c] for a
  // convolution (c counted within the group), weight[c, o] for a transposed convolution
  // (o counted within the group).
  std::string KernelLabel(int out_channel, int in_channel) const;

  // The slice's label, or the words that say output `out_channel` does not read
  // input channel `in_channel`.
  std::string SliceText(int out_channel, int in_channel) const;

  // The widest text the slice beside input channel `in_channel` shows at any step.
  std::string WidestSliceText(int in_channel) const;

  // A transposed convolution's flat views draw each slice twice: rotated 180° (what the
  // stretched input's window applies) and, this far to its right, as written
  // (ConvTranspose2d.weight[c, o]); the column holds both.
  bool DrawsWrittenKernel() const { return transposed_ && flat_; }
  double WrittenOffset(int in_channel) const {
    return ColumnWidth(KernelCols() * number_cell_, WidestSliceText(in_channel)) + kGap;
  }
  std::string WrittenLabel(int out_channel, int in_channel) const;
  double SliceColumnWidth(int in_channel) const {
    const double grid = KernelCols() * number_cell_;
    const double sum = ShowsPartialSums() ? sum_width_ : 0.0;
    if (!DrawsWrittenKernel()) return std::max(sum, ColumnWidth(grid, WidestSliceText(in_channel)));
    return std::max(sum,
                    WrittenOffset(in_channel) + ColumnWidth(grid, WrittenLabel(0, in_channel)));
  }

  // Flat views whose output reads several input channels: under each slice, the step's
  // partial sum of that channel (core's Step::channel_sums, the number the equation's
  // line for the channel ends with; renderer/teaching_unit.cc).
  bool ShowsPartialSums() const {
    return flat_ && HasKernelGrid() && equation_ && InPerGroup() > 1;
  }
  std::string PartialSumText(const Step& step, std::size_t k) const {
    return words_.Say("label.partial_sum",
                      {{"result", ResultText(step.channel_sums[k], decimals_)}});
  }
  // The slice's height: its grid, and the partial sum's line under it.
  double SliceHeight() const {
    return KernelRows() * number_cell_ + (ShowsPartialSums() ? LabelHeight() : 0.0);
  }
  // The widest partial sum any step shows.
  void MeasurePartialSums();
  void PartialSumShapes(const Step& step, std::vector<Shape>* out) const;

  std::string OutputLabel(int channel) const {
    return words_.Say(schedule_.output_channels() > 1 ? "label.output_channel" : "label.output",
                      {{"channel", std::to_string(channel)}, {"size", Size(OutRows(), OutCols())}});
  }

  // The widest of a column's grid and its labels.
  double ColumnWidth(double grid, const std::string& label) const {
    return std::max(grid, fonts_->Advance(label, kFont));
  }

  std::string InputLabel(int channel) const;
  bool AnyUnreachedPadding() const;

  // Cells and grids into `out`; values, labels and the kernel into `above` (over the
  // window's tint).
  void InputShapes(std::vector<Shape>* out, std::vector<Shape>* above);

  // The kernel grids: the weights the current output channel applies to each input
  // channel (rotated by 180 degrees for a transposed convolution, as its equivalent
  // direct convolution applies them).
  void KernelShapes(std::vector<Shape>* out);

  void OutputShapes(std::vector<Shape>* out);

  void TextShapes(std::vector<Shape>* out) const;

  // The cells the step's taps land on, per input channel panel.
  std::map<int, std::vector<const Tap*>> TapsByChannel(const Step& step) const;

  // The tint over the tapped cells into `taps`; outlines and marks into `out`.
  void WindowShapes(const Step& step, std::vector<Shape>* taps_out, std::vector<Shape>* out) const;

  void ConnectorShapes(const Step& step, std::vector<Shape>* out) const;

  // Several output channels (flat): a frame around the step's kernel slices, one around
  // the output channel they fill, and a connector between them (renderer/teaching_unit.cc).
  void UnitShapes(const Step& step, std::vector<Shape>* out) const;

  void CurrentShapes(const Step& step, std::vector<Shape>* out) const;

  void EquationShapes(const Step& step, std::vector<Shape>* out) const;

  const Scene& scene_;
  const Words& words_;
  const Schedule& schedule_;
  const std::shared_ptr<const Fonts> fonts_;
  const int decimals_;
  const bool flat_, pooling_, transposed_, progressive_, equation_;
  const double requested_cell_;
  const bool slide_, landscape_;
  bool wide_ = false;  // page: channels side by side (as on a slide)
  int64_t per_channel_ = 1;
  bool rounded_ = false, grew_cell_ = false, stacked_ = false;
  double cell_ = 36.0, number_cell_ = 36.0;
  double sum_width_ = 0.0;  // the widest partial sum's text
  FrameLayout oblique_;
  std::unique_ptr<MatrixBlock> matrix_;  // view: matrix
  double matrix_y_ = 0.0;
  double sheet_pitch_ = 0.0;
  std::vector<Panel> inputs_, kernels_, outputs_;
  Box picture_;
  Point shift_;
  double text_width_ = kMinTextWidth;
  std::vector<std::string> title_lines_, parameter_lines_;
  int equation_lines_ = 1;
  teaching::Legend legend_;
  int legend_rows_ = 1;
  double title_y_ = 0, equation_y_ = 0, parameters_y_ = 0, legend_y_ = 0;
  double title_x_ = kMargin, text_x_ = kMargin, matrix_x_ = kMargin;
  double width_ = 0, height_ = 0;
};

}  // namespace teaching_view
}  // namespace convanim
