// view: scatter (renderer/scatter_model.h): a transposed convolution as each input cell
// stamping its value times the kernel onto the output, overlaps adding up.
#include "renderer/scatter_model.h"

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
#include "renderer/teaching_blocks.h"
#include "renderer/teaching_text.h"
#include "renderer/words.h"

namespace convanim {
namespace {

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

const char* const kDot = "\xC2\xB7";

class ScatterModel : public StepSource {
 public:
  ScatterModel(const Scene& scene, const Schedule& schedule, const SceneModelOptions& options,
               std::shared_ptr<const Fonts> fonts)
      : scene_(scene),
        words_(WordsOf(options)),
        schedule_(schedule),
        fonts_(std::move(fonts)),
        decimals_(ResolveStyle(scene, options).decimals),
        requested_cell_(ResolveStyle(scene, options).cell_size) {}

  Status Build(Animation* animation) {
    Status status = ScatterSchedule::Build(scene_, schedule_, &scatter_);
    if (!status.ok()) return status;
    if (scene_.in_channels > kMaxScatterChannels || scene_.out_channels > kMaxScatterChannels) {
      return Status::InvalidScene(
          "view 'scatter' draws at most " + std::to_string(kMaxScatterChannels) +
          " input and output channels; this scene has " + std::to_string(scene_.in_channels) +
          " and " + std::to_string(scene_.out_channels));
    }
    const Pair full = scatter_.full_size();
    if (full[0] > kMaxScatterSide || full[1] > kMaxScatterSide) {
      return Status::InvalidScene("view 'scatter' draws the full output, at most " +
                                  std::to_string(kMaxScatterSide) + " cells a side; this one is " +
                                  Size(full[0], full[1]));
    }
    Numbers();
    Layout();
    animation->width = width_;
    animation->height = height_;
    animation->cell_size = cell_;
    animation->step_count = scatter_.step_count();  // one per input cell, not per output
    // The stamp's tint and outline over the sums' cells, the numbers over both.
    animation->layers = {{"grids", false, {}},  {"sums", true, {}},    {"stamp", true, {}},
                         {"values", false, {}}, {"numbers", true, {}}, {"text", false, {}}};
    static_assert(kTextLayer == 5, "one LayerIndex per layer, in order");
    Shared(&animation->layers[kGridsLayer].shapes, &animation->layers[kValuesLayer].shapes,
           &animation->layers[kTextLayer].shapes);
    if (rounded_) {
      animation->notes.push_back(
          "some input values or weights are drawn rounded, marked with \xE2\x89\x88");
    }
    return Status::Ok();
  }

  void Fill(int64_t index, StepShapes* out) const override {
    const ScatterStep step = scatter_.StepAt(index);
    Sums(index, &out->layers[kSumsLayer], &out->layers[kNumbersLayer]);
    Stamp(step, &out->layers[kStampLayer]);
    EquationShapes(step, &out->layers[kNumbersLayer]);
    out->description = Description(step);
  }

 private:
  std::string Value(double v) const {
    return FormatValue(v, scene_.style.value_decimals, &rounded_);
  }

  void Numbers() {
    double widest = fonts_->Advance("0", kFont);
    for (double v : scene_.input.data())
      widest = std::max(widest, fonts_->Advance(Value(v), kFont));
    for (double v : scene_.kernel.data())
      widest = std::max(widest, fonts_->Advance(Value(v), kFont));
    // The sums after every step bound the output's widths; the last is the output.
    for (double v : schedule_.output().data()) {
      widest = std::max(widest, fonts_->Advance(FormatShown(v, decimals_), kFont));
    }
    for (int64_t n = 0; n < scatter_.step_count(); ++n) {
      for (const ScatterTap& tap : scatter_.StepAt(n).taps) {
        widest = std::max(widest, fonts_->Advance(FormatShown(tap.product, decimals_), kFont));
      }
    }
    cell_ = std::max({kMinFlatCell, std::ceil(widest + 2 * kCellPadding), requested_cell_});
  }

  std::string InputLabel(int channel) const {
    return words_.Say(scene_.in_channels > 1 ? "scatter.input_channel" : "scatter.input",
                      {{"channel", std::to_string(channel)},
                       {"size", Size(scene_.input_size[0], scene_.input_size[1])}});
  }
  std::string KernelLabel(int in_channel, int out_channel) const {
    const bool indexed = scene_.in_channels > 1 || scene_.out_channels > 1;
    // The scatter view indexes kernels [in, out], as it walks the input.
    return words_.Say(indexed ? "scatter.kernel_channels" : "label.kernel",
                      {{"in", std::to_string(in_channel)},
                       {"out", std::to_string(out_channel)},
                       {"size", Size(scene_.kernel_size[0], scene_.kernel_size[1])}});
  }
  std::string OutputLabel(int channel) const {
    const Pair full = scatter_.full_size(), o = scatter_.output_size();
    std::string label =
        words_.Say(scene_.out_channels > 1 ? "label.output_channel" : "label.output",
                   {{"channel", std::to_string(channel)}, {"size", Size(o[0], o[1])}});
    if (full != o) label += words_.Say("scatter.of_the_full", {{"size", Size(full[0], full[1])}});
    return label;
  }

  void Layout() {
    const double c = cell_, label = kLineHeight * kFont;
    double y = label, x = 0.0;
    // Row 1: the input channels, then each channel's kernels.
    for (int ch = 0; ch < scene_.in_channels; ++ch) {
      inputs_.push_back(FlatPanel(x, y, scene_.input_size[0], scene_.input_size[1], c));
      x += std::max(scene_.input_size[1] * c, fonts_->Advance(InputLabel(ch), kFont)) + kGap;
    }
    const int out_per_group = scene_.out_channels / scene_.groups;
    for (int ch = 0; ch < scene_.in_channels; ++ch) {
      for (int j = 0; j < out_per_group; ++j) {
        kernels_.push_back(FlatPanel(x, y, scene_.kernel_size[0], scene_.kernel_size[1], c));
        x += std::max(scene_.kernel_size[1] * c, fonts_->Advance(KernelLabel(ch, j), kFont)) + kGap;
      }
    }
    double row_bottom = y + std::max(scene_.input_size[0], scene_.kernel_size[0]) * c;
    width_ = x - kGap;
    // Row 2: the full output of each output channel, and the overlap map.
    y = row_bottom + kGap + label;
    x = 0.0;
    const Pair full = scatter_.full_size();
    for (int j = 0; j < scene_.out_channels; ++j) {
      outputs_.push_back(FlatPanel(x, y, full[0], full[1], c));
      x += std::max(full[1] * c, fonts_->Advance(OutputLabel(j), kFont)) + kGap;
    }
    if (scene_.style.overlap) {
      const Pair o = scatter_.output_size();
      overlap_ = FlatPanel(x, y, o[0], o[1], c);
      has_overlap_ = true;
      x += std::max(o[1] * c, fonts_->Advance(words_.Say("scatter.copies_label"), kFont)) + kGap;
    }
    width_ = std::max(width_, x - kGap);
    y += full[0] * c + kGap;
    text_width_ = std::max(width_, kMinTextWidth);
    if (!scene_.style.title.empty())
      title_ = Wrap(*fonts_, scene_.style.title, kTitleFont, text_width_);
    // The description lines of the longest step.
    equation_lines_ = 0;
    for (int64_t n : {int64_t{0}, scatter_.step_count() - 1}) {
      equation_lines_ =
          std::max(equation_lines_, static_cast<int>(EquationRows(scatter_.StepAt(n)).size()));
    }
    parameters_ = {};
    for (const std::string& line :
         ParameterLines(scene_, schedule_, words_, /*equivalent=*/false)) {
      for (const std::string& piece : Wrap(*fonts_, line, kFont, text_width_))
        parameters_.push_back(piece);
    }
    for (const std::string& piece :
         Wrap(*fonts_, words_.Say("scatter.full_output"), kFont, text_width_)) {
      parameters_.push_back(piece);
    }
    legend_.Add({Role::kInputCell, false, Role::kCount, words_.Say("legend.input")});
    legend_.Add({Role::kKernelCell, false, Role::kCount, words_.Say("legend.kernel_weight")});
    legend_.Add({Role::kTap, false, Role::kWindowOutline, words_.Say("scatter.legend.lands")});
    legend_.Add({Role::kOutputCell, false, Role::kCount, words_.Say("scatter.legend.sums")});
    if (full != scatter_.output_size()) {
      legend_.Add({Role::kOutsideCell, true, Role::kCount, words_.Say("scatter.legend.cropped")});
    }
    if (has_overlap_) {
      legend_.Add({Role::kHighlight, false, Role::kCount, words_.Say("scatter.legend.copies")});
    }
    legend_rows_ = legend_.Layout(*fonts_, text_width_);
    // Stack the blocks.
    const double line = kLineHeight * kFont;
    const double title_h = static_cast<double>(title_.size()) * kLineHeight * kTitleFont;
    const double top = kMargin + title_h + (title_.empty() ? 0.0 : kGap / 2);
    for (Panel& p : inputs_) p = Shifted(p, kMargin, top);
    for (Panel& p : kernels_) p = Shifted(p, kMargin, top);
    for (Panel& p : outputs_) p = Shifted(p, kMargin, top);
    if (has_overlap_) overlap_ = Shifted(overlap_, kMargin, top);
    equation_y_ = top + y;
    parameters_y_ = equation_y_ + equation_lines_ * line + kGap / 2;
    legend_y_ = parameters_y_ + static_cast<double>(parameters_.size()) * line + kGap / 2;
    width_ = std::ceil(std::max(width_, text_width_) + 2 * kMargin);
    height_ = std::ceil(legend_y_ + legend_rows_ * line + kMargin);
  }

  Point LabelPoint(const Panel& panel) const {
    const Box box = panel.Bounds();
    return {box.x0, box.y0 - 0.45 * kFont};
  }
  Shape Label(const std::string& id, const std::string& text, const Panel& panel) const {
    const Point at = LabelPoint(panel);
    return Text(Role::kLabel, id, text, at.x, at.y, kFont, TextAnchor::kStart,
                TextBaseline::kAlphabetic);
  }

  void GridOf(const Panel& panel, Role fill, const std::string& id, std::vector<Shape>* out) const {
    PathBuilder cells, grid;
    cells.Ring(panel.map, 0, panel.rows, 0, panel.cols);
    grid.GridLines(panel.map, 0, panel.rows, 0, panel.cols, 0.0);
    out->push_back(cells.Fill(fill, id + "/cells"));
    out->push_back(grid.Stroked(Role::kGrid, id + "/grid", Thin()));
  }

  void Shared(std::vector<Shape>* grids, std::vector<Shape>* values,
              std::vector<Shape>* text) const {
    grids->push_back(Rect(Role::kBackground, "background", 0, 0, width_, height_));
    for (int ch = 0; ch < static_cast<int>(inputs_.size()); ++ch) {
      const Panel& panel = inputs_[static_cast<std::size_t>(ch)];
      const std::string base = Id("input", {ch});
      GridOf(panel, Role::kInputCell, base, grids);
      values->push_back(Label(base + "/label", InputLabel(ch), panel));
      for (int r = 0; r < panel.rows; ++r) {
        for (int c = 0; c < panel.cols; ++c) {
          const Point at = panel.map(r + 0.5, c + 0.5);
          values->push_back(Text(Role::kValue, Id(base + "/value", {r, c}),
                                 Value(scene_.input.at(ch, r, c)), at.x, at.y, kFont));
        }
      }
    }
    const int out_per_group = scene_.out_channels / scene_.groups;
    for (std::size_t k = 0; k < kernels_.size(); ++k) {
      const int ch = static_cast<int>(k) / out_per_group, j = static_cast<int>(k) % out_per_group;
      const Panel& panel = kernels_[k];
      const std::string base = Id("kernel", {ch, j});
      GridOf(panel, Role::kKernelCell, base, grids);
      values->push_back(Label(base + "/label", KernelLabel(ch, j), panel));
      for (int u = 0; u < panel.rows; ++u) {
        for (int v = 0; v < panel.cols; ++v) {
          const Point at = panel.map(u + 0.5, v + 0.5);
          values->push_back(Text(Role::kWeight, Id(base + "/weight", {u, v}),
                                 Value(scene_.kernel.at(ch, j, u, v)), at.x, at.y, kFont));
        }
      }
    }
    const Pair crop = scatter_.crop_begin(), o = scatter_.output_size(),
               full = scatter_.full_size();
    for (int j = 0; j < static_cast<int>(outputs_.size()); ++j) {
      const Panel& panel = outputs_[static_cast<std::size_t>(j)];
      const std::string base = Id("output", {j});
      // The cropped border: grey and dashed; the output itself: solid.
      std::vector<std::pair<int, int>> cropped;
      for (int r = 0; r < full[0]; ++r) {
        for (int c = 0; c < full[1]; ++c) {
          const bool inside =
              r >= crop[0] && r < crop[0] + o[0] && c >= crop[1] && c < crop[1] + o[1];
          if (!inside) cropped.push_back({r, c});
        }
      }
      PathBuilder grey, dashed, output, solid;
      grey.Runs(panel.map, RunsOf(cropped));
      if (!cropped.empty()) {
        dashed.GridLines(panel.map, 0, full[0], 0, full[1], 0.0);
        grids->push_back(grey.Fill(Role::kOutsideCell, base + "/cropped"));
        grids->push_back(dashed.Stroked(Role::kGrid, base + "/dashed", Dashed(cell_)));
      }
      output.Ring(panel.map, crop[0], crop[0] + o[0], crop[1], crop[1] + o[1]);
      solid.GridLines(panel.map, crop[0], crop[0] + o[0], crop[1], crop[1] + o[1], 0.0);
      grids->push_back(output.Fill(Role::kPendingCell, base + "/cells"));
      grids->push_back(solid.Stroked(Role::kGrid, base + "/grid", Thin()));
      values->push_back(Label(base + "/label", OutputLabel(j), panel));
    }
    if (has_overlap_) {
      const Tensor& overlap = scatter_.overlap();
      double most = 1.0;
      for (double v : overlap.data()) most = std::max(most, v);
      values->push_back(Label("overlap/label", words_.Say("scatter.copies_label"), overlap_));
      PathBuilder grid;
      grid.GridLines(overlap_.map, 0, o[0], 0, o[1], 0.0);
      for (int r = 0; r < o[0]; ++r) {
        for (int c = 0; c < o[1]; ++c) {
          const double count = overlap.at(0, r, c);
          const Point p = overlap_.map(r, c);
          Shape heat = Rect(Role::kHighlight, Id("overlap/cell", {r, c}), p.x, p.y, cell_, cell_);
          heat.opacity = 0.15 + 0.6 * count / most;
          grids->push_back(heat);
          const Point at = overlap_.map(r + 0.5, c + 0.5);
          values->push_back(Text(Role::kValue, Id("overlap/count", {r, c}), FormatFixed(count, 0),
                                 at.x, at.y, kFont));
        }
      }
      grids->push_back(grid.Stroked(Role::kGrid, "overlap/grid", Thin()));
    }
    // Title, parameters, legend.
    double y = kMargin;
    for (std::size_t i = 0; i < title_.size(); ++i) {
      text->push_back(TextLine(Role::kTitle, Id("title", {static_cast<int64_t>(i)}), title_[i],
                               kMargin, y, kTitleFont));
      y += kLineHeight * kTitleFont;
    }
    const double line = kLineHeight * kFont;
    for (std::size_t i = 0; i < parameters_.size(); ++i) {
      text->push_back(TextLine(Role::kLegend, Id("parameters", {static_cast<int64_t>(i)}),
                               parameters_[i], kMargin,
                               parameters_y_ + static_cast<double>(i) * line));
    }
    legend_.Shapes(kMargin, legend_y_, text);
  }

  // The step's input cell, and where its copy of the kernel lands.
  void Stamp(const ScatterStep& step, std::vector<Shape>* out) const {
    const Panel& input = inputs_[static_cast<std::size_t>(step.in_channel)];
    PathBuilder cell;
    cell.Ring(input.map, step.in_row, step.in_row + 1, step.in_col, step.in_col + 1);
    out->push_back(cell.Fill(Role::kTap, "stamp/input"));
    PathBuilder outline;
    outline.Ring(input.map, step.in_row, step.in_row + 1, step.in_col, step.in_col + 1);
    outline.LineTo(input.map(step.in_row, step.in_col));
    out->push_back(outline.Stroked(Role::kWindowOutline, "stamp/input/outline", Outline()));
    std::map<int, std::vector<std::pair<int, int>>> by_channel;
    for (const ScatterTap& tap : step.taps)
      by_channel[tap.out_channel].push_back({tap.full_row, tap.full_col});
    for (const auto& [channel, cells] : by_channel) {
      const Panel& panel = outputs_[static_cast<std::size_t>(channel)];
      PathBuilder tint, span;
      tint.Runs(panel.map, RunsOf(cells));
      out->push_back(tint.Fill(Role::kTap, Id("stamp/output", {channel})));
      int r0 = cells.front().first, r1 = r0, c0 = cells.front().second, c1 = c0;
      for (const auto& [r, c] : cells) {
        r0 = std::min(r0, r);
        r1 = std::max(r1, r);
        c0 = std::min(c0, c);
        c1 = std::max(c1, c);
      }
      span.Ring(panel.map, r0, r1 + 1, c0, c1 + 1);
      span.LineTo(panel.map(r0, c0));
      out->push_back(
          span.Stroked(Role::kWindowOutline, Id("stamp/output/outline", {channel}), Outline()));
    }
  }

  // The sums after this step, on the full output (cropped cells in the muted colour).
  void Sums(int64_t index, std::vector<Shape>* cells_out, std::vector<Shape>* out) const {
    Tensor sums, copies;
    scatter_.FullSumsAfter(index, &sums, &copies);
    const Pair crop = scatter_.crop_begin(), o = scatter_.output_size();
    for (std::size_t j = 0; j < outputs_.size(); ++j) {
      const Panel& panel = outputs_[j];
      PathBuilder filled;
      std::vector<std::pair<int, int>> cells;
      for (int r = 0; r < panel.rows; ++r) {
        for (int c = 0; c < panel.cols; ++c) {
          const int channel = static_cast<int>(j);
          if (copies.at(channel, r, c) == 0.0) continue;
          const bool inside =
              r >= crop[0] && r < crop[0] + o[0] && c >= crop[1] && c < crop[1] + o[1];
          if (inside) cells.push_back({r, c});
          const double value = sums.at(channel, r, c);
          const Point p = panel.map(r + 0.5, c + 0.5);
          out->push_back(Text(inside ? Role::kOutputValue : Role::kMutedValue,
                              Id("sum", {static_cast<int64_t>(j), r, c}),
                              FormatShown(value, decimals_), p.x, p.y, kFont));
        }
      }
      filled.Runs(panel.map, RunsOf(cells));
      // The output cells reached so far take the output colour.
      if (!filled.empty()) {
        cells_out->push_back(
            filled.Fill(Role::kOutputCell, Id("sum/cells", {static_cast<int64_t>(j)})));
      }
    }
  }

  std::vector<std::string> EquationRows(const ScatterStep& step) const {
    std::vector<std::string> rows;
    rows.push_back(
        words_.Say("scatter.stamps", {{"x", InputName(step)}, {"value", Value(step.value)}}));
    std::string line = "   ";
    int cropped = 0;
    for (std::size_t t = 0; t < step.taps.size(); ++t) {
      const ScatterTap& tap = step.taps[t];
      if (tap.out_row < 0) ++cropped;
      std::string term = (t > 0 ? ", " : "") + std::string("+") + Value(step.value) + kDot +
                         (tap.weight < 0 ? "(" + Value(tap.weight) + ")" : Value(tap.weight));
      if (fonts_->Advance(line + term, kFont) > text_width_) {
        rows.push_back(line);
        line = "   ";
        term = term.substr(2);
      }
      line += term;
    }
    rows.push_back(line);
    if (cropped > 0) {
      rows.push_back(words_.Say(
          "scatter.dropped",
          {{"dropped", std::to_string(cropped)}, {"products", std::to_string(step.taps.size())}}));
    }
    if (step.index + 1 == scatter_.step_count()) rows.push_back(words_.Say("scatter.done"));
    return rows;
  }

  void EquationShapes(const ScatterStep& step, std::vector<Shape>* out) const {
    const std::vector<std::string> rows = EquationRows(step);
    const double line = kLineHeight * kFont;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      out->push_back(TextLine(Role::kEquation, Id("equation", {static_cast<int64_t>(i)}), rows[i],
                              kMargin, equation_y_ + static_cast<double>(i) * line));
    }
  }

  // The input cell as the equation names it: x[i, j], or x[c][i, j] with channels, 0-based.
  std::string InputName(const ScatterStep& step) const {
    return "x" +
           (scene_.in_channels > 1 ? "[" + std::to_string(step.in_channel) + "]" : std::string()) +
           "[" + std::to_string(step.in_row) + ", " + std::to_string(step.in_col) + "]";
  }

  std::string Description(const ScatterStep& step) const {
    return words_.Say("scatter.step", {{"step", std::to_string(step.index + 1)},
                                       {"steps", std::to_string(scatter_.step_count())},
                                       {"x", InputName(step)},
                                       {"value", Value(step.value)}});
  }

  const Scene& scene_;
  const Words& words_;
  const Schedule& schedule_;
  const std::shared_ptr<const Fonts> fonts_;
  const int decimals_;
  const double requested_cell_;
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
  double width_ = 0, height_ = 0;
};

}  // namespace

Status BuildScatterAnimation(const Scene& scene, const Schedule& schedule,
                             const SceneModelOptions& options, std::shared_ptr<const Fonts> fonts,
                             Animation* animation) {
  auto model = std::make_shared<ScatterModel>(scene, schedule, options, std::move(fonts));
  Status status = model->Build(animation);
  if (!status.ok()) return status;
  animation->steps = model;
  return Status::Ok();
}

}  // namespace convanim
