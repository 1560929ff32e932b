// view: receptive_field (renderer/receptive_field_model.h).
#include "renderer/receptive_field_model.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "core/arithmetic.h"
#include "core/limits.h"
#include "core/operations.h"
#include "core/stack.h"
#include "renderer/describe.h"
#include "renderer/fonts.h"
#include "renderer/grid_shapes.h"
#include "renderer/numbers.h"
#include "renderer/teaching_blocks.h"
#include "renderer/text_wrap.h"
#include "renderer/words.h"

namespace convanim {
namespace {

using namespace teaching;  // NOLINT: the blocks are this file's vocabulary

constexpr double kDefaultCell = 26.0;
constexpr double kMinCell = 12.0;
constexpr double kGridsWidth = 560.0;  // the widest grid, when the cell size is automatic

std::string Num(double v) { return FormatCompact(v); }
std::string Int(int64_t v) { return FormatFixed(static_cast<double>(v), 0); }

// "3" when both axes agree, else "[3, 5]".
std::string PairText(const std::string& h, const std::string& w) {
  return h == w ? h : "[" + h + ", " + w + "]";
}

// One grid: level l of the stack, drawn over the coordinates [lo, hi] of each axis (the
// padding the next layer's taps reach included).
struct Level {
  Pair size{1, 1};
  std::array<std::array<int, 2>, 2> extent{};  // per axis: [lo, hi]
  Panel panel;                                 // covers the extent
  std::vector<std::string> label;              // lines above the grid

  Point At(double row, double col) const {
    return panel.map(row - extent[0][0], col - extent[1][0]);
  }
  bool Inside(int row, int col) const {
    return row >= 0 && row < size[0] && col >= 0 && col < size[1];
  }
};

class ReceptiveFieldModel : public StepSource {
 public:
  ReceptiveFieldModel(const Scene& scene, const SceneModelOptions& options,
                      std::shared_ptr<const Fonts> fonts)
      : scene_(scene),
        words_(WordsOf(options)),
        fonts_(std::move(fonts)),
        requested_cell_(ResolveStyle(scene, options).cell_size),
        layers_(LayersOf(scene)),
        field_(ComputeReceptiveField(scene)) {}

  Status Build(Animation* animation) {
    Levels();
    // Every grid at the smallest cell size, one above the other: refused before any shape
    // is made when that is already too big a picture.
    double rows = 0.0, cols = 0.0;
    for (const Level& level : levels_) {
      rows += level.extent[0][1] - level.extent[0][0] + 1;
      cols = std::max(cols, static_cast<double>(level.extent[1][1] - level.extent[1][0] + 1));
    }
    const double cell = requested_cell_ > 0.0 ? requested_cell_ : kMinCell;
    if (std::max(rows, cols) * cell > limits::kMaxPictureSide) {
      return Status::InvalidScene(
          "view 'receptive_field' draws every layer's grid one above the other: " +
              FormatFixed(rows, 0) + " rows and " + FormatFixed(cols, 0) + " columns of cells at " +
              FormatFixed(cell, 0) + " px would exceed the picture's " +
              FormatFixed(limits::kMaxPictureSide, 0) +
              " px a side; use a smaller input, fewer layers or a smaller cell_size",
          scene_.where);
    }
    Layout();
    animation->width = width_;
    animation->height = height_;
    animation->cell_size = cell_;
    animation->step_count = StepCount();
    animation->layers = {{"grids", false, {}}, {"field", true, {}}, {"grid_lines", false, {}},
                         {"spans", true, {}},  {"text", false, {}}, {"step_text", true, {}}};
    Shared(&animation->layers[0].shapes, &animation->layers[2].shapes,
           &animation->layers[4].shapes);
    animation->description = ReceptiveFieldAltText(scene_, words_);
    return Status::Ok();
  }

  void Fill(int64_t index, StepShapes* out) const override {
    const auto [row, col] = CellOf(index);
    const std::vector<std::array<AxisDependence, 2>> dependence = DependenceOf(scene_, row, col);
    std::vector<Shape>& cells = out->layers[1];
    std::vector<Shape>& spans = out->layers[3];
    std::vector<std::array<double, 4>> boxes;  // per level: r0, r1, c0, c1 (grid lines)
    for (std::size_t l = 0; l < levels_.size(); ++l) {
      const Level& level = levels_[l];
      const AxisDependence& rows = dependence[l][0];
      const AxisDependence& cols_dep = dependence[l][1];
      std::vector<int> all_rows = rows.cells, all_cols = cols_dep.cells;
      all_rows.insert(all_rows.end(), rows.padding.begin(), rows.padding.end());
      all_cols.insert(all_cols.end(), cols_dep.padding.begin(), cols_dep.padding.end());
      const bool top = l + 1 == levels_.size();
      for (int r : all_rows) {
        for (int c : all_cols) {
          const Point p = level.At(r, c);
          const bool inside = level.Inside(r, c);
          Shape cell =
              Rect(top ? Role::kCurrentOutput : Role::kTap,
                   Id(inside ? kFieldId : kFieldPaddingId, {static_cast<int64_t>(l), r, c}), p.x,
                   p.y, cell_, cell_);
          if (!inside) cell.opacity = 0.35;  // padding: in the span, depends on nothing
          cells.push_back(cell);
        }
      }
      if (all_rows.empty() || all_cols.empty()) {
        boxes.push_back({0, 0, 0, 0});
        continue;
      }
      const auto [r0, r1] = std::minmax_element(all_rows.begin(), all_rows.end());
      const auto [c0, c1] = std::minmax_element(all_cols.begin(), all_cols.end());
      boxes.push_back({static_cast<double>(*r0), *r1 + 1.0, static_cast<double>(*c0), *c1 + 1.0});
      PathBuilder ring;
      const GridMap map = [&level](double r, double c) { return level.At(r, c); };
      ring.Ring(map, *r0, *r1 + 1, *c0, *c1 + 1);
      ring.LineTo(level.At(*r0, *c0));
      spans.push_back(
          ring.Stroked(Role::kWindowOutline, Id("span", {static_cast<int64_t>(l)}), Outline()));
    }
    // Connectors: from the top corners of each span to the bottom corners of the one above.
    for (std::size_t l = 0; l + 1 < levels_.size(); ++l) {
      const std::array<double, 4>& a = boxes[l];
      const std::array<double, 4>& b = boxes[l + 1];
      if (a[1] <= a[0] || b[1] <= b[0]) continue;
      const Level& low = levels_[l];
      const Level& high = levels_[l + 1];
      spans.push_back(Line(Role::kConnector, Id("connector", {static_cast<int64_t>(l), 0}),
                           low.At(a[0], a[2]), high.At(b[1], b[2]), Thin()));
      spans.push_back(Line(Role::kConnector, Id("connector", {static_cast<int64_t>(l), 1}),
                           low.At(a[0], a[3]), high.At(b[1], b[3]), Thin()));
    }
    const std::string text = StepText(index);
    const std::vector<std::string> lines = Wrap(*fonts_, text, kFont, text_width_);
    for (std::size_t i = 0; i < lines.size() && i < static_cast<std::size_t>(step_lines_); ++i) {
      out->layers[5].push_back(TextLine(Role::kEquation, Id("equation", {static_cast<int64_t>(i)}),
                                        lines[i], kMargin,
                                        step_y_ + static_cast<double>(i) * kLineHeight * kFont));
    }
    out->description = text;
  }

 private:
  // A step per output cell of the last layer, row by row; with `focus`, one still.
  bool Focused() const { return scene_.focus[0] >= 0; }
  int64_t StepCount() const {
    return Focused() ? 1 : static_cast<int64_t>(field_.output_size[0]) * field_.output_size[1];
  }
  std::pair<int, int> CellOf(int64_t index) const {
    if (Focused()) return {scene_.focus[0], scene_.focus[1]};
    return {static_cast<int>(index / field_.output_size[1]),
            static_cast<int>(index % field_.output_size[1])};
  }

  // The step's line: the exact rectangle of the input output cell `index` depends on.
  std::string StepText(int64_t index) const {
    const auto [row, col] = CellOf(index);
    const std::vector<std::array<AxisDependence, 2>> dependence = DependenceOf(scene_, row, col);
    const CellField cell = field_.CellAt(row, col);
    const WordArgs args = {{"step", Int(index + 1)},
                           {"steps", Int(StepCount())},
                           {"layer", Int(static_cast<int64_t>(layers_.size()))},
                           {"row", Int(row)},
                           {"column", Int(col)},
                           {"r0", Int(cell.input[0][0])},
                           {"r1", Int(cell.input[0][1])},
                           {"c0", Int(cell.input[1][0])},
                           {"c1", Int(cell.input[1][1])},
                           {"count", Int(static_cast<int64_t>(dependence[0][0].cells.size() *
                                                              dependence[0][1].cells.size()))}};
    return words_.Say(cell.empty ? "rf.step_padding_only" : "rf.step", args);
  }

  std::string OperationWords(const Scene& layer) const {
    return words_.Say(std::string("rf.operation.") + TraitsOf(layer.operation).word);
  }

  std::string LayerLabel(std::size_t l) const {
    const Scene& layer = *layers_[l - 1];
    const Padding& p = layer.padding;
    const std::string padding = p.top == p.left && p.left == p.bottom && p.bottom == p.right
                                    ? Int(p.top)
                                    : "[" + Int(p.top) + ", " + Int(p.left) + ", " + Int(p.bottom) +
                                          ", " + Int(p.right) + "]";
    const Level& level = levels_[l];
    return words_.Say("rf.layer", {{"layer", Int(static_cast<int64_t>(l))},
                                   {"operation", OperationWords(layer)},
                                   {"k", Size(layer.kernel_size[0], layer.kernel_size[1])},
                                   {"s", PairText(Int(layer.stride[0]), Int(layer.stride[1]))},
                                   {"p", padding},
                                   {"d", PairText(Int(layer.dilation[0]), Int(layer.dilation[1]))},
                                   {"size", Size(level.size[0], level.size[1])}});
  }

  std::string FieldLabel(std::size_t l) const {
    const LayerField field = l == 0 ? LayerField{} : field_.layers[l - 1];
    return words_.Say("rf.field", {{"r", PairText(Num(field.size[0]), Num(field.size[1]))},
                                   {"j", PairText(Num(field.jump[0]), Num(field.jump[1]))},
                                   {"start", PairText(Num(field.start[0]), Num(field.start[1]))}});
  }

  // The recurrence with its numbers, a line per layer (and per axis when they differ).
  std::vector<std::string> RecurrenceLines() const {
    std::vector<std::string> lines = {words_.Say("rf.recurrence")};
    bool transposed_any = false;
    for (std::size_t l = 0; l < layers_.size(); ++l) {
      const LayerField before = l == 0 ? LayerField{} : field_.layers[l - 1];
      const LayerField& after = field_.layers[l];
      std::array<std::string, 2> per_axis;
      const bool transposed = layers_[l]->operation == Operation::kTransposedConvolution;
      transposed_any = transposed_any || transposed;
      for (int axis = 0; axis < 2; ++axis) {
        const std::size_t a = static_cast<std::size_t>(axis);
        const AxisConfig c = AxisOf(*layers_[l], axis);
        AxisArithmetic arithmetic;
        ComputeAxis(c, &arithmetic);
        per_axis[a] = words_.Say(transposed ? "rf.recurrence.transposed" : "rf.recurrence.layer",
                                 {{"layer", Int(static_cast<int64_t>(l + 1))},
                                  {"r0", Num(before.size[a])},
                                  {"j0", Num(before.jump[a])},
                                  {"start0", Num(before.start[a])},
                                  {"k_eff", Int(arithmetic.effective_kernel)},
                                  {"s", Int(c.stride)},
                                  {"p", Int(c.pad_begin)},
                                  {"r", Num(after.size[a])},
                                  {"j", Num(after.jump[a])},
                                  {"start", Num(after.start[a])}});
      }
      if (per_axis[0] == per_axis[1]) {
        lines.push_back(FillPlaceholders(per_axis[0], {{"axis", ""}}));
      } else {
        lines.push_back(FillPlaceholders(per_axis[0], {{"axis", words_.Say("rf.axis.rows")}}));
        lines.push_back(FillPlaceholders(per_axis[1], {{"axis", words_.Say("rf.axis.columns")}}));
      }
    }
    if (transposed_any) lines.push_back(words_.Say("rf.recurrence.transposed_note"));
    return lines;
  }

  void Levels() {
    const std::vector<std::array<std::array<int, 2>, 2>> extents = TapExtents(scene_);
    levels_.resize(layers_.size() + 1);
    levels_[0].size = scene_.input_size;
    for (std::size_t l = 0; l < layers_.size(); ++l) {
      levels_[l].extent = extents[l];
      for (int axis = 0; axis < 2; ++axis) {
        AxisArithmetic arithmetic;
        ComputeAxis(AxisOf(*layers_[l], axis), &arithmetic);
        levels_[l + 1].size[static_cast<std::size_t>(axis)] = static_cast<int>(arithmetic.output);
      }
    }
    Level& top = levels_.back();
    top.extent = {{{0, top.size[0] - 1}, {0, top.size[1] - 1}}};
  }

  void Layout() {
    int widest = 1;
    for (const Level& level : levels_) {
      widest = std::max(widest, level.extent[1][1] - level.extent[1][0] + 1);
    }
    cell_ = requested_cell_ > 0.0
                ? requested_cell_
                : std::clamp(std::floor(kGridsWidth / widest), kMinCell, kDefaultCell);
    double grids_width = 0.0;
    for (const Level& level : levels_) {
      grids_width = std::max(grids_width, (level.extent[1][1] - level.extent[1][0] + 1) * cell_);
    }
    text_width_ = std::max(grids_width, kMinTextWidth);
    const double line = kLineHeight * kFont;
    if (!scene_.style.title.empty()) {
      title_ = Wrap(*fonts_, scene_.style.title, kTitleFont, text_width_);
    }
    for (std::size_t l = 0; l < levels_.size(); ++l) {
      Level& level = levels_[l];
      std::vector<std::string> label;
      const std::string name =
          l == 0 ? words_.Say("label.input", {{"size", Size(level.size[0], level.size[1])}})
                 : LayerLabel(l);
      for (const std::string& piece : Wrap(*fonts_, name, kFont, text_width_))
        label.push_back(piece);
      for (const std::string& piece : Wrap(*fonts_, FieldLabel(l), kFont, text_width_)) {
        label.push_back(piece);
      }
      level.label = label;
    }
    // Top to bottom: title, the last layer's grid ... the input's grid, the step's line,
    // the recurrence, the legend.
    double y = kMargin + static_cast<double>(title_.size()) * kLineHeight * kTitleFont +
               (title_.empty() ? 0.0 : kGap / 2);
    const double x_mid = kMargin + text_width_ / 2;
    for (std::size_t k = levels_.size(); k-- > 0;) {
      Level& level = levels_[k];
      level_label_y_.resize(levels_.size());
      level_label_y_[k] = y;
      y += static_cast<double>(level.label.size()) * line + 4.0;
      const int rows = level.extent[0][1] - level.extent[0][0] + 1;
      const int cols = level.extent[1][1] - level.extent[1][0] + 1;
      level.panel = FlatPanel(x_mid - cols * cell_ / 2, y, rows, cols, cell_);
      y += rows * cell_ + (k > 0 ? 2 * kGap : kGap);
    }
    step_y_ = y;
    step_lines_ = 1;
    for (int64_t n : {int64_t{0}, StepCount() - 1}) {
      step_lines_ = std::max(
          step_lines_, static_cast<int>(Wrap(*fonts_, StepText(n), kFont, text_width_).size()));
    }
    step_lines_ += 1;  // room for a step longer than the first and the last
    recurrence_y_ = step_y_ + step_lines_ * line + kGap / 2;
    for (const std::string& text : RecurrenceLines()) {
      for (const std::string& piece : Wrap(*fonts_, text, kFont, text_width_)) {
        recurrence_.push_back(piece);
      }
    }
    legend_.Add({Role::kInputCell, false, Role::kCount, words_.Say("legend.input")});
    legend_.Add({Role::kTap, false, Role::kWindowOutline, words_.Say("rf.legend.field")});
    legend_.Add({Role::kPaddingCell, true, Role::kCount, words_.Say("rf.legend.padding")});
    legend_.Add({Role::kCurrentOutput, false, Role::kCount, words_.Say("rf.legend.chosen")});
    const int legend_rows = legend_.Layout(*fonts_, text_width_);
    legend_y_ = recurrence_y_ + static_cast<double>(recurrence_.size()) * line + kGap / 2;
    width_ = std::ceil(text_width_ + 2 * kMargin);
    height_ = std::ceil(legend_y_ + legend_rows * line + kMargin);
  }

  void Shared(std::vector<Shape>* grids, std::vector<Shape>* lines,
              std::vector<Shape>* text) const {
    grids->push_back(Rect(Role::kBackground, "background", 0, 0, width_, height_));
    const double line = kLineHeight * kFont;
    for (std::size_t l = 0; l < levels_.size(); ++l) {
      const Level& level = levels_[l];
      const std::string base = Id("level", {static_cast<int64_t>(l)});
      const GridMap map = [&level](double r, double c) { return level.At(r, c); };
      std::vector<std::pair<int, int>> padding;
      for (int r = level.extent[0][0]; r <= level.extent[0][1]; ++r) {
        for (int c = level.extent[1][0]; c <= level.extent[1][1]; ++c) {
          if (!level.Inside(r, c)) padding.push_back({r, c});
        }
      }
      if (!padding.empty()) {
        PathBuilder fill, dashed;
        fill.Runs(map, RunsOf(padding));
        dashed.GridLines(map, level.extent[0][0], level.extent[0][1] + 1, level.extent[1][0],
                         level.extent[1][1] + 1, 0.0);
        grids->push_back(fill.Fill(Role::kPaddingCell, base + "/padding"));
        lines->push_back(dashed.Stroked(Role::kGrid, base + "/dashed", Dashed(cell_)));
      }
      PathBuilder cells, grid;
      cells.Ring(map, 0, level.size[0], 0, level.size[1]);
      grid.GridLines(map, 0, level.size[0], 0, level.size[1], 0.0);
      grids->push_back(cells.Fill(l == 0 ? Role::kInputCell : Role::kOutputCell, base + "/cells"));
      lines->push_back(grid.Stroked(Role::kGrid, base + "/grid", Thin()));
      for (std::size_t i = 0; i < level.label.size(); ++i) {
        text->push_back(TextLine(i == 0 ? Role::kLabel : Role::kLegend,
                                 Id(base + "/label", {static_cast<int64_t>(i)}), level.label[i],
                                 kMargin, level_label_y_[l] + static_cast<double>(i) * line));
      }
    }
    double y = kMargin;
    for (std::size_t i = 0; i < title_.size(); ++i) {
      text->push_back(TextLine(Role::kTitle, Id("title", {static_cast<int64_t>(i)}), title_[i],
                               kMargin, y, kTitleFont));
      y += kLineHeight * kTitleFont;
    }
    for (std::size_t i = 0; i < recurrence_.size(); ++i) {
      text->push_back(TextLine(Role::kLegend, Id("recurrence", {static_cast<int64_t>(i)}),
                               recurrence_[i], kMargin,
                               recurrence_y_ + static_cast<double>(i) * line));
    }
    legend_.Shapes(kMargin, legend_y_, text);
  }

  const Scene& scene_;
  const Words& words_;
  const std::shared_ptr<const Fonts> fonts_;
  const double requested_cell_;
  const std::vector<const Scene*> layers_;
  const ReceptiveField field_;
  std::vector<Level> levels_;
  std::vector<double> level_label_y_;
  double cell_ = kDefaultCell;
  double text_width_ = kMinTextWidth;
  std::vector<std::string> title_, recurrence_;
  int step_lines_ = 8;
  double step_y_ = 0, recurrence_y_ = 0, legend_y_ = 0;
  Legend legend_;
  double width_ = 0, height_ = 0;
};

}  // namespace

Status BuildReceptiveFieldAnimation(const Scene& scene, const SceneModelOptions& options,
                                    std::shared_ptr<const Fonts> fonts, Animation* animation) {
  auto model = std::make_shared<ReceptiveFieldModel>(scene, options, std::move(fonts));
  Status status = model->Build(animation);
  if (!status.ok()) return status;
  animation->steps = model;
  return Status::Ok();
}

}  // namespace convanim
