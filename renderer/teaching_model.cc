// The teaching style (renderer/teaching_model.h): every frame says what is input, kernel
// and output, shows the kernel's weights, the step's equation with its numbers, the
// outputs computed so far, the parameters with the output-size formula, and a legend of
// the cell kinds it draws.
#include "renderer/teaching_model.h"

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
#include "renderer/teaching_text.h"
#include "renderer/words.h"

namespace convanim {
namespace {

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
        requested_cell_(ResolveStyle(scene, options).cell_size) {
    per_channel_ = static_cast<int64_t>(schedule.output_size()[0]) * schedule.output_size()[1];
  }

  Status Build(Animation* animation) {
    Status status = CheckLimits();
    if (!status.ok()) return status;
    PrepareNumbers();
    if (scene_.view == View::kMatrix) {
      status = MatrixBlock::Create(scene_, schedule_, *fonts_, words_, decimals_,
                                   scene_.style.value_decimals, &matrix_);
      if (!status.ok()) return status;
    }
    if (flat_) {
      LayoutFlat();
    } else {
      LayoutOblique();
    }
    LayoutText();
    Finish();
    animation->width = width_;
    animation->height = height_;
    animation->cell_size = cell_;
    // Values sit above the window's tint (so they keep their contrast) and below its
    // outline.
    animation->layers = {{"input", false, {}},  {"taps", true, {}},       {"values", false, {}},
                         {"window", true, {}},  {"connectors", true, {}}, {"output", false, {}},
                         {"current", true, {}}, {"text", false, {}},      {"equation", true, {}}};
    static_assert(kEquationLayer == 8, "one LayerIndex per layer, in order");
    InputShapes(&animation->layers[kInputLayer].shapes, &animation->layers[kValuesLayer].shapes);
    OutputShapes(&animation->layers[kOutputLayer].shapes);
    TextShapes(&animation->layers[kTextLayer].shapes);
    if (matrix_)
      matrix_->SharedShapes(kMargin, matrix_y_, progressive_,
                            &animation->layers[kValuesLayer].shapes);
    if (rounded_) {
      animation->notes.push_back(
          "some input values or weights are drawn rounded, marked with \xE2\x89\x88 (at most " +
          std::to_string(kMaxSignificantDigits) +
          " significant digits; set style.value_decimals to choose)");
    }
    if (!equation_ && scene_.style.equation < 0) {
      animation->notes.push_back(
          "the equation of each step is left out: a step shows for " +
          FormatCompact(scene_.style.frame_duration) +
          " s, too short to read it (set "
          "style.equation: true to show it, or a frame_duration of at least " +
          FormatCompact(kMinEquationSeconds) + " s)");
    }
    if (grew_cell_) {
      animation->notes.push_back("cells are " + FormatFixed(cell_, 0) + " px, not the " +
                                 FormatFixed(requested_cell_, 0) +
                                 " px asked for, so that every number fits");
    }
    return Status::Ok();
  }

  void Fill(int64_t index, StepShapes* out) const override {
    const Step step = schedule_.StepAt(index);
    WindowShapes(step, &out->layers[kTapsLayer], &out->layers[kWindowLayer]);
    if (!flat_) ConnectorShapes(step, &out->layers[kConnectorsLayer]);
    CurrentShapes(step, &out->layers[kCurrentLayer]);
    if (equation_) EquationShapes(step, &out->layers[kEquationLayer]);
    if (matrix_) {
      std::vector<Shape> shapes;
      matrix_->StepShapes(kMargin, matrix_y_, step, progressive_, &shapes);
      for (Shape& shape : shapes) {
        // Drawn whole, the step's tints go under the values and its outlines over them;
        // a window of the matrix is drawn whole each step, on top.
        const std::size_t layer = !matrix_->whole() ? 8 : shape.role == Role::kTap ? 1 : 6;
        out->layers[layer].push_back(std::move(shape));
      }
    }
    out->description = StepDescription(scene_, schedule_, step, decimals_, words_);
  }

 private:
  // --- limits and numbers ------------------------------------------------------------

  Status CheckLimits() const {
    if (flat_ && scene_.in_channels > kMaxFlatChannels) {
      return Status::InvalidScene(
          "the numerical view draws every input channel side by side, at most " +
          std::to_string(kMaxFlatChannels) + "; this scene has " +
          std::to_string(scene_.in_channels) + " (use view: arithmetic)");
    }
    if (flat_ && schedule_.output_channels() > kMaxFlatChannels) {
      return Status::InvalidScene("the numerical view draws every output channel, at most " +
                                  std::to_string(kMaxFlatChannels) + "; this scene has " +
                                  std::to_string(schedule_.output_channels()) +
                                  " (use view: arithmetic)");
    }
    return Status::Ok();
  }

  std::string Value(double value) {
    return FormatValue(value, scene_.style.value_decimals, &rounded_);
  }

  // The texts of every input value, weight and output, and the cell size they need.
  void PrepareNumbers() {
    double widest = fonts_->Advance("0", kFont);
    if (flat_) {
      for (std::size_t i = 0; i < scene_.input.size(); ++i) {
        widest = std::max(widest, fonts_->Advance(Value(scene_.input.data()[i]), kFont));
      }
      // An output written with "≈" may use part of its cell's padding, so that the sign
      // alone does not widen every cell (and push the layout from a row into a stack).
      const Tensor& output = schedule_.output();
      for (std::size_t i = 0; i < output.size(); ++i) {
        const double shown = fonts_->Advance(FormatShown(output.data()[i], decimals_), kFont);
        const double plain = fonts_->Advance(FormatFixed(output.data()[i], decimals_), kFont);
        widest = std::max({widest, plain, shown - kCellPadding});
      }
    }
    for (std::size_t i = 0; i < scene_.kernel.size(); ++i) {
      widest = std::max(widest, fonts_->Advance(Value(scene_.kernel.data()[i]), kFont));
    }
    const double needed = std::min(kMaxFlatCell, std::ceil(widest + 2 * kCellPadding));
    number_cell_ = std::max(kMinFlatCell, needed);
    cell_ = number_cell_;
    if (requested_cell_ > 0) {
      if (flat_ && requested_cell_ < number_cell_) {
        grew_cell_ = true;
      } else {
        cell_ = requested_cell_;
      }
    }
    cell_ = std::round(cell_);
    number_cell_ = std::max(number_cell_, cell_);
  }

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
  void LayoutFlat() {
    const double c = cell_;
    const double in_w = CanvasCols() * c, in_h = CanvasRows() * c;
    const double k_h = KernelRows() * number_cell_;
    const double out_w = OutCols() * c, out_h = OutRows() * c;
    const double label = LabelHeight();
    const int channels = InputPanels();
    const int last_in = channels - 1, last_out = OutputPanels() - 1;
    const double in_col = ColumnWidth(in_w, InputLabel(last_in));
    double k_col = 0.0;
    if (HasKernelGrid()) {
      for (int ch = 0; ch < channels; ++ch) k_col = std::max(k_col, SliceColumnWidth(ch));
    }
    const double out_col = ColumnWidth(out_w, OutputLabel(last_out));
    const double row_h = std::max(in_h, HasKernelGrid() ? k_h : 0.0) + label + kGap;
    const double row_width = in_col + (HasKernelGrid() ? kGap + k_col : 0.0) + kGap + out_col;
    const bool one_d = scene_.input_size[0] == 1 && CanvasRows() == 1;
    stacked_ = one_d || row_width > kMaxRowWidth;
    double y = 0.0;
    if (!stacked_) {
      const double kernel_x = in_col + kGap;
      const double out_x = HasKernelGrid() ? kernel_x + k_col + kGap : in_col + kGap;
      for (int ch = 0; ch < channels; ++ch) {
        const double top = y + label;
        inputs_.push_back(FlatPanel(0.0, top, CanvasRows(), CanvasCols(), c));
        if (HasKernelGrid()) {
          kernels_.push_back(FlatPanel(kernel_x, top + std::max(0.0, (in_h - k_h) / 2.0),
                                       KernelRows(), KernelCols(), number_cell_));
        }
        y += row_h;
      }
      const double inputs_h = y - kGap;
      const int outs = OutputPanels();
      const double outs_h = outs * (out_h + label) + (outs - 1) * kGap;
      double oy = std::max(0.0, (inputs_h - outs_h) / 2.0);
      for (int j = 0; j < outs; ++j) {
        outputs_.push_back(FlatPanel(out_x, oy + label, OutRows(), OutCols(), c));
        oy += out_h + label + kGap;
      }
    } else {
      for (int ch = 0; ch < channels; ++ch) {
        inputs_.push_back(FlatPanel(0.0, y + label, CanvasRows(), CanvasCols(), c));
        y += in_h + label + kGap;
      }
      double x = 0.0, row_bottom = y;
      if (HasKernelGrid()) {
        // One kernel slice per input channel, side by side.
        const int slices = channels;
        for (int ch = 0; ch < slices; ++ch) {
          kernels_.push_back(FlatPanel(x, y + label, KernelRows(), KernelCols(), number_cell_));
          x += SliceColumnWidth(ch) + kGap;
          row_bottom = std::max(row_bottom, y + label + k_h + kGap);
        }
        if (one_d) {  // 1-D: the output on its own row, under the kernel
          x = 0.0;
          y = row_bottom;
        }
      }
      for (int j = 0; j < OutputPanels(); ++j) {
        outputs_.push_back(FlatPanel(x, y + label, OutRows(), OutCols(), c));
        if (one_d) {
          y += out_h + label + kGap;
        } else {
          x += out_col + kGap;
        }
      }
    }
    for (std::size_t i = 0; i < inputs_.size(); ++i) {
      picture_.AddBox(LabelledBox(inputs_[i], InputLabel(static_cast<int>(i))));
    }
    for (std::size_t i = 0; i < kernels_.size(); ++i) {
      picture_.AddBox(LabelledBox(kernels_[i], WidestSliceText(static_cast<int>(i))));
    }
    for (std::size_t i = 0; i < outputs_.size(); ++i) {
      picture_.AddBox(LabelledBox(outputs_[i], OutputLabel(static_cast<int>(i))));
    }
  }

  // A panel with the room its label takes above it (as wide as `label` needs).
  Box LabelledBox(const Panel& panel, const std::string& label = "") const {
    Box box = panel.Bounds();
    box.Add({box.x0, box.y0 - LabelHeight()});
    if (!label.empty()) box.Add({box.x0 + fonts_->Advance(label, kFont), box.y0});
    return box;
  }

  // Oblique: the guide's projection of the canvas (each input channel its own sheet, one
  // under the other) with the output floating above, the kernel grid beside it.
  void LayoutOblique() {
    LayoutSpec spec = FrameLayout::SpecFor(scene_, schedule_,
                                           requested_cell_ > 0 ? requested_cell_ : 0.0, words_);
    spec.input_layers = 1;
    spec.output_layers = 1;
    spec.input_label.clear();
    spec.output_label.clear();
    spec.title.clear();
    spec.fonts = fonts_.get();
    spec.max_extent = kObliqueExtent;
    oblique_ = FrameLayout::Compute(spec);
    const double c = oblique_.cell_size();
    cell_ = c;
    // The sheets of further channels hang below the first, a sheet's height apart.
    const Point top = oblique_.CanvasPoint(0, CanvasCols());
    const Point bottom = oblique_.CanvasPoint(CanvasRows(), 0);
    sheet_pitch_ = bottom.y - top.y + kGap + LabelHeight();
    for (int ch = 0; ch < InputPanels(); ++ch) {
      Panel panel;
      const double dy = ch * sheet_pitch_;
      const FrameLayout* layout = &oblique_;
      panel.map = [layout, dy](double r, double col) {
        const Point p = layout->CanvasPoint(r, col);
        return Point{p.x, p.y + dy};
      };
      panel.rows = CanvasRows();
      panel.cols = CanvasCols();
      panel.flat = false;
      panel.cell = c;
      inputs_.push_back(panel);
    }
    Panel out;
    const FrameLayout* layout = &oblique_;
    out.map = [layout](double r, double col) { return layout->OutputPoint(r, col); };
    out.rows = OutRows();
    out.cols = OutCols();
    out.flat = false;
    out.cell = c;
    outputs_.push_back(out);
    Box oblique;
    for (const Panel& p : inputs_) oblique.AddBox(p.Bounds());
    oblique.AddBox(out.Bounds());
    // Labels: under each sheet, above the output.
    oblique.y1 += LabelHeight();
    oblique.y0 -= LabelHeight();
    picture_.AddBox(oblique);
    if (HasKernelGrid()) {
      // One kernel slice beside each sheet.
      const double k_h = KernelRows() * number_cell_;
      Box sheets;
      for (const Panel& p : inputs_) sheets.AddBox(p.Bounds());
      const double x = std::max(oblique.x1, sheets.x1) + kGap;
      for (int ch = 0; ch < InputPanels(); ++ch) {
        const Box sheet = inputs_[static_cast<std::size_t>(ch)].Bounds();
        kernels_.push_back(
            FlatPanel(x, sheet.cy() - k_h / 2.0, KernelRows(), KernelCols(), number_cell_));
        picture_.AddBox(LabelledBox(kernels_.back(), WidestSliceText(ch)));
      }
    }
  }

  // Title above; equation, parameters and legend below, wrapped to the picture's width.
  void LayoutText() {
    text_width_ = std::max(picture_.width(), kMinTextWidth);
    if (matrix_) text_width_ = std::max(text_width_, matrix_->width());
    if (!scene_.style.title.empty()) {
      title_lines_ = Wrap(scene_.style.title, kTitleFont, text_width_);
    }
    // The equation block holds the most lines any step needs.
    int most = 1;
    const int64_t count = schedule_.step_count();
    // Every step's equation has the same shape; a few steps bound the line count
    // (wrapping depends on the numbers' widths).
    for (int64_t n : {int64_t{0}, count / 2, count - 1}) {
      if (n < 0 || n >= count) continue;
      most = std::max(most, static_cast<int>(EquationRows(schedule_.StepAt(n)).size()));
    }
    equation_lines_ = equation_ ? most : 0;
    for (const std::string& line : ParameterLines(scene_, schedule_, words_)) {
      for (const std::string& piece : Wrap(line, kFont, text_width_))
        parameter_lines_.push_back(piece);
    }
    BuildLegend();
  }

  std::vector<std::string> Wrap(const std::string& text, double size, double width) const {
    return convanim::Wrap(*fonts_, text, size, width);
  }

  // The equation of a step as wrapped lines of text: terms stay whole, continuation
  // lines are indented.
  std::vector<std::string> EquationRows(const Step& step) const {
    EquationOptions options;
    options.decimals = decimals_;
    options.value_decimals = scene_.style.value_decimals;
    options.words = &words_;
    bool rounded = false;
    std::vector<std::string> rows;
    for (const EquationLine& line : StepEquation(scene_, schedule_, step, options, &rounded)) {
      std::string row;
      for (const std::string& term : line.terms) {
        const std::string candidate = row.empty() ? term : row + " " + term;
        if (!row.empty() && fonts_->Advance(candidate, kFont) > text_width_) {
          rows.push_back(row);
          row = "    " + term;
        } else {
          row = candidate;
        }
      }
      rows.push_back(row);
    }
    return rows;
  }

  void BuildLegend() {
    const Canvas& canvas = schedule_.canvas();
    bool padding = false, zeros = false, outside = false;
    for (int r = 0; r < canvas.rows.length; ++r) {
      for (int c = 0; c < canvas.cols.length; ++c) {
        const CellKind kind = canvas.KindAt(r, c);
        padding = padding || kind == CellKind::kPadding;
        zeros = zeros || kind == CellKind::kInsertedZero;
        outside = outside || kind == CellKind::kOutside;
      }
    }
    legend_.Add({Role::kInputCell, false, Role::kCount, words_.Say("legend.input")});
    if (padding) {
      const char* key = "legend.padding_zeros";
      if (scene_.operation == Operation::kMaxPooling) key = "legend.padding_ignored_by_max";
      if (scene_.operation == Operation::kAveragePooling && !scene_.count_include_pad) {
        key = "legend.padding_not_counted";
      }
      if (scene_.operation == Operation::kAveragePooling && scene_.count_include_pad) {
        key = "legend.padding_counted";
      }
      legend_.Add({Role::kPaddingCell, true, Role::kCount, words_.Say(key)});
    }
    if (zeros)
      legend_.Add({Role::kInsertedZero, false, Role::kCount, words_.Say("legend.inserted_zero")});
    if (outside)
      legend_.Add({Role::kOutsideCell, true, Role::kCount, words_.Say("legend.outside")});
    // [numbers helper] padding no window reaches: its own role and legend entry.
    if (AnyUnreachedPadding()) {
      legend_.Add(
          {Role::kUnusedPadding, true, Role::kCount, words_.Say("legend.padding_unreached")});
    }
    legend_.Add({Role::kTap, false, Role::kWindowOutline,
                 words_.Say(pooling_ ? "legend.pooling_window" : "legend.kernel_window")});
    if (scene_.operation == Operation::kMaxPooling) {
      legend_.Add({Role::kTap, false, Role::kSelected, words_.Say("legend.maximum")});
    }
    if (HasKernelGrid())
      legend_.Add({Role::kKernelCell, false, Role::kCount, words_.Say("legend.kernel_weight")});
    std::vector<std::string> groups_lines;
    if (HasKernelGrid() && scene_.groups > 1) {
      const std::string text = words_.Say(
          transposed_ ? "legend.groups_transposed" : "legend.groups",
          {{"groups", std::to_string(scene_.groups)}, {"per_group", std::to_string(InPerGroup())}});
      groups_lines = Wrap(text, kFont, text_width_);
    }
    legend_.Add({Role::kOutputCell, false, Role::kCount,
                 words_.Say(progressive_ ? "legend.output_computed" : "legend.output")});
    if (progressive_ && schedule_.step_count() > 1) {
      legend_.Add({Role::kPendingCell, false, Role::kCount, words_.Say("legend.pending")});
    }
    for (const std::string& line : groups_lines) {
      LegendItem item{Role::kBackground, false, Role::kCount, line};
      item.swatch = false;
      legend_.Add(std::move(item));
    }
    legend_rows_ = legend_.Layout(*fonts_, text_width_);
  }

  // Places the blocks: title, picture, equation, parameters, legend; then the size.
  void Finish() {
    const double line = kLineHeight * kFont;
    double y = kMargin;
    title_y_ = y;
    y += static_cast<double>(title_lines_.size()) * kLineHeight * kTitleFont;
    if (!title_lines_.empty()) y += kGap / 2.0;
    // The picture, moved so its box starts at (kMargin, y).
    const double dx = kMargin - picture_.x0, dy = y - picture_.y0;
    for (Panel& p : inputs_) p = Shifted(p, dx, dy);
    for (Panel& p : kernels_) p = Shifted(p, dx, dy);
    for (Panel& p : outputs_) p = Shifted(p, dx, dy);
    shift_ = {dx, dy};
    y += picture_.height() + kGap;
    if (matrix_) {
      matrix_y_ = y;
      y += matrix_->height() + kGap;
    }
    equation_y_ = y;
    y += equation_lines_ * line + kGap / 2.0;
    parameters_y_ = y;
    y += static_cast<double>(parameter_lines_.size()) * line + kGap / 2.0;
    legend_y_ = y;
    y += legend_rows_ * line;
    width_ = std::ceil(std::max(picture_.width(), text_width_) + 2 * kMargin);
    height_ = std::ceil(y + kMargin);
  }

  // --- shapes ----------------------------------------------------------------------------

  Stroke Dashed() const { return teaching::Dashed(cell_); }

  Shape Label(const std::string& id, const std::string& text, Point at,
              TextAnchor anchor = TextAnchor::kStart) const {
    return Text(Role::kLabel, id, text, at.x, at.y, kFont, anchor, TextBaseline::kAlphabetic);
  }

  // A label just above a flat panel, or under an oblique sheet.
  Point LabelPoint(const Panel& panel) const {
    const Box box = panel.Bounds();
    if (panel.flat) return {box.x0, box.y0 - 0.45 * kFont};
    return {box.x0, box.y1 + 1.1 * kFont};
  }

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
  std::string KernelLabel(int out_channel, int in_channel) const {
    const bool indexed = scene_.in_channels > 1 || schedule_.output_channels() > 1;
    const char* key =
        indexed ? (transposed_ ? "label.kernel_channels_rotated" : "label.kernel_channels")
                : (transposed_ ? "label.kernel_rotated" : "label.kernel");
    const int out = transposed_ ? out_channel % OutPerGroup() : out_channel;
    const int in = transposed_ ? in_channel : in_channel % InPerGroup();
    return words_.Say(key, {{"out", std::to_string(out)},
                            {"in", std::to_string(in)},
                            {"size", Size(KernelRows(), KernelCols())}});
  }

  // The slice's label, or the words that say output `out_channel` does not read
  // input channel `in_channel`.
  std::string SliceText(int out_channel, int in_channel) const {
    if (SliceUsed(out_channel, in_channel)) return KernelLabel(out_channel, in_channel);
    return words_.Say("label.kernel_unused",
                      {{"out", std::to_string(out_channel)}, {"in", std::to_string(in_channel)}});
  }

  // The widest text the slice beside input channel `in_channel` shows at any step.
  std::string WidestSliceText(int in_channel) const {
    std::string widest;
    double most = -1.0;
    for (int j = 0; j < OutputPanels(); ++j) {
      const std::string text = SliceText(j, in_channel);
      const double w = fonts_->Advance(text, kFont);
      if (w > most) {
        most = w;
        widest = text;
      }
    }
    return widest;
  }

  double SliceColumnWidth(int in_channel) const {
    return ColumnWidth(KernelCols() * number_cell_, WidestSliceText(in_channel));
  }

  std::string OutputLabel(int channel) const {
    return words_.Say(schedule_.output_channels() > 1 ? "label.output_channel" : "label.output",
                      {{"channel", std::to_string(channel)}, {"size", Size(OutRows(), OutCols())}});
  }

  // The widest of a column's grid and its labels.
  double ColumnWidth(double grid, const std::string& label) const {
    return std::max(grid, fonts_->Advance(label, kFont));
  }

  std::string InputLabel(int channel) const {
    std::string text = words_.Say(scene_.in_channels > 1 ? "label.input_channel" : "label.input",
                                  {{"channel", std::to_string(channel)},
                                   {"size", Size(scene_.input_size[0], scene_.input_size[1])}});
    const Canvas& canvas = schedule_.canvas();
    const int rows = canvas.rows.padded, cols = canvas.cols.padded;
    if (rows != scene_.input_size[0] || cols != scene_.input_size[1]) {
      text += words_.Say(transposed_ ? "label.stretched_padded_to" : "label.padded_to",
                         {{"size", Size(rows, cols)}});
    }
    if (canvas.rows.length != rows || canvas.cols.length != cols) {
      text += words_.Say("label.windows_reach",
                         {{"size", Size(canvas.rows.length, canvas.cols.length)}});
    }
    return text;
  }

  // [numbers helper] Whether some padding cell is reached by no window (core says which).
  bool AnyUnreachedPadding() const {
    const Canvas& canvas = schedule_.canvas();
    for (int r = 0; r < canvas.rows.length; ++r) {
      for (int c = 0; c < canvas.cols.length; ++c) {
        if (canvas.KindAt(r, c) == CellKind::kPadding && !schedule_.Reached(r, c)) return true;
      }
    }
    return false;
  }

  // Cells and grids into `out`; values, labels and the kernel into `above` (over the
  // window's tint).
  void InputShapes(std::vector<Shape>* out, std::vector<Shape>* above) {
    out->push_back(Rect(Role::kBackground, "background", 0, 0, width_, height_));
    const Canvas& canvas = schedule_.canvas();
    for (int ch = 0; ch < static_cast<int>(inputs_.size()); ++ch) {
      const Panel& panel = inputs_[static_cast<std::size_t>(ch)];
      const std::string base = Id("input", {ch});
      std::vector<std::pair<int, int>> real, zeros, empty, outside, unreached;
      for (int r = 0; r < panel.rows; ++r) {
        for (int c = 0; c < panel.cols; ++c) {
          const CellKind kind = canvas.KindAt(r, c);
          if (kind == CellKind::kPadding && !schedule_.Reached(r, c)) unreached.push_back({r, c});
          if (kind == CellKind::kInput) real.push_back({r, c});
          if (kind == CellKind::kInsertedZero) zeros.push_back({r, c});
          if (kind == CellKind::kPadding || kind == CellKind::kOutside) empty.push_back({r, c});
          if (kind == CellKind::kOutside) outside.push_back({r, c});
        }
      }
      PathBuilder fill_real, fill_zeros, fill_outside, fill_unreached, dashed, solid;
      fill_unreached.Runs(panel.map, RunsOf(unreached));
      if (!fill_unreached.empty()) {
        out->push_back(fill_unreached.Fill(Role::kUnusedPadding, base + "/unreached"));
      }
      fill_real.Runs(panel.map, RunsOf(real));
      fill_zeros.Runs(panel.map, RunsOf(zeros));
      fill_outside.Runs(panel.map, RunsOf(outside));
      if (!fill_outside.empty()) {
        out->push_back(fill_outside.Fill(Role::kOutsideCell, base + "/outside"));
      }
      if (!empty.empty()) dashed.GridLines(panel.map, 0, panel.rows, 0, panel.cols, 0.0);
      for (const auto& cells : {real, zeros}) {
        for (const auto& [r, c] : cells) {
          solid.Ring(panel.map, r, r + 1, c, c + 1);
          solid.LineTo(panel.map(r, c));
        }
      }
      if (!dashed.empty()) out->push_back(dashed.Stroked(Role::kGrid, base + "/dashed", Dashed()));
      if (!fill_real.empty()) out->push_back(fill_real.Fill(Role::kInputCell, base + "/cells"));
      if (!fill_zeros.empty())
        out->push_back(fill_zeros.Fill(Role::kInsertedZero, base + "/zeros"));
      if (!solid.empty()) out->push_back(solid.Stroked(Role::kGrid, base + "/grid", Thin()));
      above->push_back(Label(base + "/label", InputLabel(ch), LabelPoint(panel)));
      if (!flat_) continue;
      for (int r = 0; r < panel.rows; ++r) {
        for (int c = 0; c < panel.cols; ++c) {
          double number = 0.0;
          if (!CanvasNumber(scene_, schedule_, ch, r, c, &number)) continue;
          const std::string text = Value(number);
          const Point at = panel.map(r + 0.5, c + 0.5);
          const bool reached = canvas.KindAt(r, c) != CellKind::kPadding || schedule_.Reached(r, c);
          above->push_back(Text(reached ? Role::kValue : Role::kMutedValue,
                                Id(base + "/value", {r, c}), text, at.x, at.y, kFont));
        }
      }
    }
    KernelShapes(above);
  }

  // The kernel grids: the weights the current output channel applies to each input
  // channel (rotated by 180 degrees for a transposed convolution, as its equivalent
  // direct convolution applies them).
  void KernelShapes(std::vector<Shape>* out) {
    if (!HasKernelGrid()) return;
    const int outs = schedule_.output_channels();
    for (int j = 0; j < outs; ++j) {
      const Step first = schedule_.StepAt(static_cast<int64_t>(j) * per_channel_);
      std::map<int, std::vector<const Tap*>> by_channel;
      for (const Tap& tap : first.taps) by_channel[tap.in_channel].push_back(&tap);
      for (int ch = 0; ch < static_cast<int>(kernels_.size()); ++ch) {
        const Panel& panel = kernels_[static_cast<std::size_t>(ch)];
        const std::string base = Id("kernel", {j, ch});
        std::vector<Shape> shapes;
        auto found = by_channel.find(ch);
        if (!SliceUsed(j, ch) || found == by_channel.end()) {
          // This output channel does not read input channel ch (groups): no slice of the
          // weight exists for the pair, so none is drawn; words say why.
          shapes.push_back(Label(base + "/unused", SliceText(j, ch), LabelPoint(panel)));
        } else {
          shapes.push_back(Label(base + "/label", KernelLabel(j, ch), LabelPoint(panel)));
          PathBuilder fill, grid;
          fill.Ring(panel.map, 0, panel.rows, 0, panel.cols);
          grid.GridLines(panel.map, 0, panel.rows, 0, panel.cols, 0.0);
          shapes.push_back(fill.Fill(Role::kKernelCell, base + "/cells"));
          shapes.push_back(grid.Stroked(Role::kGrid, base + "/grid", Thin()));
          // Taps are in the equivalent convolution's order: tap (u, v) of the window
          // applies the weight the grid shows at row u, column v.
          const std::vector<const Tap*>& taps = found->second;
          for (std::size_t t = 0; t < taps.size(); ++t) {
            const int u = static_cast<int>(t) / KernelCols(),
                      v = static_cast<int>(t) % KernelCols();
            const Point at = panel.map(u + 0.5, v + 0.5);
            shapes.push_back(Text(Role::kWeight, Id(base + "/weight", {u, v}),
                                  Value(taps[t]->weight), at.x, at.y, kFont));
          }
        }
        for (Shape& shape : shapes) {
          if (outs > 1) {
            shape.from = j * per_channel_;
            shape.until = (j + 1) * per_channel_;
          }
          out->push_back(std::move(shape));
        }
      }
    }
  }

  void OutputShapes(std::vector<Shape>* out) {
    const int outs = schedule_.output_channels();
    const Tensor& output = schedule_.output();
    for (int j = 0; j < outs; ++j) {
      // Flat: one grid per output channel; oblique: one sheet shows the current channel.
      const Panel& panel = outputs_[flat_ ? static_cast<std::size_t>(j) : 0];
      const std::string base = Id("output", {j});
      const int64_t first = j * per_channel_;
      const int64_t visible_until = flat_ || outs == 1 ? kAllSteps : first + per_channel_;
      const int64_t visible_from = flat_ || outs == 1 ? 0 : first;
      auto ranged = [&](Shape shape) {
        shape.from = std::max(shape.from, visible_from);
        shape.until = std::min(shape.until, visible_until);
        out->push_back(std::move(shape));
      };
      PathBuilder pending, grid;
      pending.Ring(panel.map, 0, panel.rows, 0, panel.cols);
      grid.GridLines(panel.map, 0, panel.rows, 0, panel.cols, 0.0);
      ranged(pending.Fill(progressive_ ? Role::kPendingCell : Role::kOutputCell, base + "/back"));
      for (int r = 0; r < panel.rows; ++r) {
        for (int c = 0; c < panel.cols; ++c) {
          const int64_t step = first + static_cast<int64_t>(r) * panel.cols + c;
          if (progressive_) {
            PathBuilder cell;
            cell.Ring(panel.map, r, r + 1, c, c + 1);
            Shape fill = cell.Fill(Role::kOutputCell, Id(base + "/cell", {r, c}));
            fill.from = step;
            fill.link_step = step;
            ranged(std::move(fill));
          }
          if (!flat_) continue;
          const Point at = panel.map(r + 0.5, c + 0.5);
          Shape value = Text(Role::kOutputValue, Id(base + "/value", {r, c}),
                             FormatShown(output.at(j, r, c), decimals_), at.x, at.y, kFont);
          if (progressive_) value.from = step;
          value.link_step = step;
          ranged(std::move(value));
        }
      }
      ranged(grid.Stroked(Role::kGrid, base + "/grid", Thin()));
      const std::string label = OutputLabel(j);
      const Point at =
          flat_ ? LabelPoint(panel) : Point{panel.Bounds().x0, panel.Bounds().y0 - 0.45 * kFont};
      ranged(Label(base + "/label", label, at));
    }
  }

  void TextShapes(std::vector<Shape>* out) const {
    double y = title_y_;
    for (std::size_t i = 0; i < title_lines_.size(); ++i) {
      y += kLineHeight * kTitleFont;
      out->push_back(Text(Role::kTitle, Id("title", {static_cast<int64_t>(i)}), title_lines_[i],
                          kMargin, y - 0.3 * kTitleFont, kTitleFont, TextAnchor::kStart,
                          TextBaseline::kAlphabetic));
    }
    const double line = kLineHeight * kFont;
    for (std::size_t i = 0; i < parameter_lines_.size(); ++i) {
      out->push_back(Text(Role::kLegend, Id("parameters", {static_cast<int64_t>(i)}),
                          parameter_lines_[i], kMargin,
                          parameters_y_ + static_cast<double>(i + 1) * line - 0.35 * kFont, kFont,
                          TextAnchor::kStart, TextBaseline::kAlphabetic));
    }
    legend_.Shapes(kMargin, legend_y_, out);
  }

  // The cells the step's taps land on, per input channel panel.
  std::map<int, std::vector<const Tap*>> TapsByChannel(const Step& step) const {
    std::map<int, std::vector<const Tap*>> by_channel;
    for (const Tap& tap : step.taps) by_channel[tap.in_channel].push_back(&tap);
    return by_channel;
  }

  // The tint over the tapped cells into `taps`; outlines and marks into `out`.
  void WindowShapes(const Step& step, std::vector<Shape>* taps_out, std::vector<Shape>* out) const {
    const Canvas& canvas = schedule_.canvas();
    const int rows = canvas.rows.length, cols = canvas.cols.length;
    for (const auto& [channel, taps] : TapsByChannel(step)) {
      if (channel >= static_cast<int>(inputs_.size())) continue;
      const Panel& panel = inputs_[static_cast<std::size_t>(channel)];
      const std::string base = Id("window", {channel});
      std::vector<std::pair<int, int>> cells, ignored;
      for (const Tap* tap : taps) {
        if (tap->canvas_row < 0 || tap->canvas_row >= rows || tap->canvas_col < 0 ||
            tap->canvas_col >= cols) {
          continue;
        }
        cells.push_back({tap->canvas_row, tap->canvas_col});
        if (pooling_ && !tap->counted) ignored.push_back({tap->canvas_row, tap->canvas_col});
      }
      PathBuilder tint;
      tint.Runs(panel.map, RunsOf(cells));
      if (!tint.empty()) taps_out->push_back(tint.Fill(Role::kTap, base + "/taps"));
      // [numbers helper] Tapped padding, zeros and cells past the input are light: the tint
      // alone would be under 3:1 there (WCAG 1.4.11), so each is also outlined.
      PathBuilder light;
      for (const auto& [r, c] : cells) {
        if (canvas.KindAt(r, c) == CellKind::kInput) continue;
        light.Ring(panel.map, r + kTapInset, r + 1 - kTapInset, c + kTapInset, c + 1 - kTapInset);
        light.LineTo(panel.map(r + kTapInset, c + kTapInset));
      }
      if (!light.empty())
        out->push_back(light.Stroked(Role::kWindowOutline, base + "/taps_outline", TapOutline()));
      // Cells a pooling window does not count: struck through.
      PathBuilder strike;
      for (const auto& [r, c] : ignored) {
        strike.Segment(panel.map(r + 0.15, c + 0.15), panel.map(r + 0.85, c + 0.85));
      }
      if (!strike.empty())
        out->push_back(strike.Stroked(Role::kMutedValue, base + "/ignored", Thin()));
      const int r0 = std::max(0, step.window_origin[0]);
      const int c0 = std::max(0, step.window_origin[1]);
      const int r1 = std::min(rows, step.window_origin[0] + step.window_extent[0]);
      const int c1 = std::min(cols, step.window_origin[1] + step.window_extent[1]);
      if (r0 < r1 && c0 < c1) {
        PathBuilder outline;
        outline.Ring(panel.map, r0, r1, c0, c1);
        outline.LineTo(panel.map(r0, c0));
        out->push_back(outline.Stroked(Role::kWindowOutline, base + "/outline", Outline()));
      }
      if (step.selected_tap >= 0 &&
          channel == step.taps[static_cast<std::size_t>(step.selected_tap)].in_channel) {
        const Tap& best = step.taps[static_cast<std::size_t>(step.selected_tap)];
        PathBuilder mark;
        mark.Ring(panel.map, best.canvas_row + 0.12, best.canvas_row + 0.88, best.canvas_col + 0.12,
                  best.canvas_col + 0.88);
        mark.LineTo(panel.map(best.canvas_row + 0.12, best.canvas_col + 0.12));
        out->push_back(mark.Stroked(Role::kSelected, base + "/maximum", Outline()));
      }
    }
  }

  void ConnectorShapes(const Step& step, std::vector<Shape>* out) const {
    const double r0 = step.window_origin[0], c0 = step.window_origin[1];
    const double r1 = r0 + step.window_extent[0], c1 = c0 + step.window_extent[1];
    const double orow = step.out_row, ocol = step.out_col;
    // From the first sheet the step reads.
    const int channel = step.taps.empty() ? 0 : step.taps.front().in_channel;
    const Panel& in = inputs_[static_cast<std::size_t>(
        std::min<int>(channel, static_cast<int>(inputs_.size()) - 1))];
    const Panel& o = outputs_.front();
    PathBuilder lines;
    lines.Segment(in.map(r0, c0), o.map(orow, ocol));
    lines.Segment(in.map(r0, c1), o.map(orow, ocol + 1));
    lines.Segment(in.map(r1, c1), o.map(orow + 1, ocol + 1));
    lines.Segment(in.map(r1, c0), o.map(orow + 1, ocol));
    Stroke stroke;
    stroke.width = 1.0;
    stroke.cap = LineCap::kRound;
    stroke.crisp = true;
    out->push_back(lines.Stroked(Role::kConnector, "connectors", stroke));
  }

  void CurrentShapes(const Step& step, std::vector<Shape>* out) const {
    const Panel& panel = outputs_[flat_ ? static_cast<std::size_t>(step.out_channel) : 0];
    PathBuilder outline;
    outline.Ring(panel.map, step.out_row, step.out_row + 1, step.out_col, step.out_col + 1);
    outline.LineTo(panel.map(step.out_row, step.out_col));
    out->push_back(outline.Stroked(Role::kWindowOutline, "current", Outline()));
  }

  void EquationShapes(const Step& step, std::vector<Shape>* out) const {
    const double line = kLineHeight * kFont;
    const std::vector<std::string> rows = EquationRows(step);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      out->push_back(Text(Role::kEquation, Id("equation", {static_cast<int64_t>(i)}), rows[i],
                          kMargin, equation_y_ + static_cast<double>(i + 1) * line - 0.35 * kFont,
                          kFont, TextAnchor::kStart, TextBaseline::kAlphabetic));
    }
  }

  const Scene& scene_;
  const Words& words_;
  const Schedule& schedule_;
  const std::shared_ptr<const Fonts> fonts_;
  const int decimals_;
  const bool flat_, pooling_, transposed_, progressive_, equation_;
  const double requested_cell_;
  int64_t per_channel_ = 1;
  bool rounded_ = false, grew_cell_ = false, stacked_ = false;
  double cell_ = 36.0, number_cell_ = 36.0;
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
  double width_ = 0, height_ = 0;
};

}  // namespace

Status BuildTeachingAnimation(const Scene& scene, const Schedule& schedule,
                              const SceneModelOptions& options, std::shared_ptr<const Fonts> fonts,
                              Animation* animation) {
  auto model = std::make_shared<TeachingModel>(scene, schedule, options, fonts);
  Status status = model->Build(animation);
  if (!status.ok()) return status;
  animation->steps = model;
  return Status::Ok();
}

}  // namespace convanim
