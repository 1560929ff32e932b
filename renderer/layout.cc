#include "renderer/layout.h"

#include <algorithm>
#include <cmath>

#include "renderer/fonts.h"
#include "renderer/words.h"

namespace convanim {
namespace {

// The guide's oblique projection (TikZ xslant=-0.7 then yslant=0.5, y flipped):
// a column step and a row step on the picture, in cells.
constexpr Point kObliqueColumn{1.0, -0.5};
constexpr Point kObliqueRow{0.7, 0.65};
// The guide shifts its output map a little left (xshift=-5pt at scale 0.5).
constexpr double kObliqueOutputShift = -0.175;
// Proportions of the originals, in cells: TikZ `thick` lines (0.8pt), default lines
// (0.4pt), \footnotesize values and \tiny subscripts, on 0.5 cm cells.
constexpr double kGridLine = 0.0563;
constexpr double kConnectorLine = 0.028;
constexpr double kValueFont = 0.563;
constexpr double kSmallFont = 0.352;
constexpr double kMargin = 0.7;  // the standalone class's 10pt border

Point Plus(Point a, Point b) { return {a.x + b.x, a.y + b.y}; }
Point Times(Point a, double k) { return {a.x * k, a.y * k}; }

int FloorDiv(int a, int b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }

}  // namespace

Point CellShape::Centre() const {
  return {(corners[0].x + corners[1].x + corners[2].x + corners[3].x) / 4.0,
          (corners[0].y + corners[1].y + corners[2].y + corners[3].y) / 4.0};
}

std::string InputStackLabel(int first_channel, int channel_count, int channels,
                            const Words& words) {
  if (channel_count <= 1) {
    return words.Say("stack.input_channel", {{"channel", std::to_string(first_channel + 1)},
                                             {"channels", std::to_string(channels)}});
  }
  return words.Say("stack.input_channels", {{"first", std::to_string(first_channel + 1)},
                                            {"last", std::to_string(first_channel + channel_count)},
                                            {"channels", std::to_string(channels)}});
}

std::string InputStackLabel(const Step& step, int channels, const Words& words) {
  if (step.taps.empty()) return InputStackLabel(0, 1, channels, words);
  const int first = step.taps.front().in_channel;  // taps are channel-major
  return InputStackLabel(first, step.taps.back().in_channel - first + 1, channels, words);
}

std::string OutputStackLabel(int channel, int channels, const Words& words) {
  return words.Say("stack.output_channel", {{"channel", std::to_string(channel + 1)},
                                            {"channels", std::to_string(channels)}});
}

LayoutSpec FrameLayout::SpecFor(const Scene& scene, const Schedule& schedule, double cell_size,
                                const Words& words) {
  LayoutSpec spec;
  spec.view = scene.view;
  spec.canvas = {schedule.canvas().rows.length, schedule.canvas().cols.length};
  spec.output = schedule.output_size();
  const int in_channels = std::max(1, scene.in_channels);
  const int out_channels = std::max(1, schedule.output_channels());
  spec.input_layers = std::min(in_channels, kMaxStackLayers);
  spec.output_layers = std::min(out_channels, kMaxStackLayers);
  if (in_channels > 1 && schedule.step_count() > 0) {
    // The widest label: the last step's, whose channel numbers have the most digits.
    spec.input_label =
        InputStackLabel(schedule.StepAt(schedule.step_count() - 1), in_channels, words);
  }
  if (out_channels > 1) spec.output_label = OutputStackLabel(out_channels - 1, out_channels, words);
  spec.title = scene.style.title;
  spec.cell_size = cell_size;
  return spec;
}

FrameLayout FrameLayout::Compute(const LayoutSpec& spec) {
  FrameLayout layout;
  const bool automatic = !(spec.cell_size > 0.0);
  double cell = automatic
                    ? (spec.view == View::kArithmetic ? kDefaultObliqueCellSize : kDefaultCellSize)
                    : std::clamp(spec.cell_size, kMinCellSize, kMaxCellSize);
  if (spec.view == View::kNumerical) cell = std::max(kMinCellSize, std::round(cell));
  layout.Place(spec, cell);
  // Big grids: shrink whole-pixel cells until the frame fits (margins and labels do not
  // shrink with the cells, hence the loop).
  while (automatic && cell > kMinCellSize && layout.grid_extent_ > spec.max_extent) {
    double next = std::floor(cell * spec.max_extent / layout.grid_extent_);
    if (next >= cell) next = cell - 1.0;
    cell = std::max(kMinCellSize, next);
    layout.Place(spec, cell);
  }
  return layout;
}

void FrameLayout::Place(const LayoutSpec& spec, double cell) {
  view_ = spec.view;
  canvas_ = {std::max(1, spec.canvas[0]), std::max(1, spec.canvas[1])};
  output_ = {std::max(1, spec.output[0]), std::max(1, spec.output[1])};
  input_layers_ = std::clamp(spec.input_layers, 1, kMaxStackLayers);
  output_layers_ = std::clamp(spec.output_layers, 1, kMaxStackLayers);
  cell_ = cell;
  const bool flat = view_ == View::kNumerical;
  const int canvas_rows = canvas_[0], canvas_cols = canvas_[1];
  const int output_rows = output_[0];

  canvas_origin_ = {0.0, 0.0};
  if (flat) {
    row_step_ = {0.0, cell};
    col_step_ = {cell, 0.0};
    const double behind = std::round(0.2 * cell);  // copies behind: down and left
    input_layer_step_ = {-behind, behind};
    output_layer_step_ = {-behind, behind};
    // As the guide: one free cell, then the output, its bottom raised by half the
    // difference in height (rounded down).
    const int difference = canvas_rows - output_rows;
    const int top = difference - FloorDiv(difference, 2);
    output_origin_ = {(canvas_cols + 1) * cell + (output_layers_ - 1) * behind, top * cell};
  } else {
    row_step_ = Times(kObliqueRow, cell);
    col_step_ = Times(kObliqueColumn, cell);
    input_layer_step_ = {0.0, 0.3 * cell};  // copies behind: lower sheets of a stack
    output_layer_step_ = {0.0, 0.3 * cell};
    // The output's bottom-left corner sits canvas_rows + 1 cells above the canvas's.
    output_origin_ = Plus(Times(row_step_, canvas_rows - output_rows),
                          {kObliqueOutputShift * cell, -(canvas_rows + 1) * cell});
  }

  if (flat) {
    grid_line_ = std::max(1.0, std::round(kGridLine * cell));
  } else {
    grid_line_ = std::min(std::max(0.5, kGridLine * cell), 0.25 * cell);
  }
  connector_line_ = std::max(0.5, kConnectorLine * cell);
  auto readable = [](double size) { return size >= kMinReadableFont ? size : 0.0; };
  value_font_ = readable(kValueFont * cell);
  weight_font_ = readable(kSmallFont * cell);
  output_font_ = readable(kSmallFont * cell);
  label_font_ = std::clamp(0.4 * cell, 11.0, 24.0);
  title_font_ = std::clamp(0.5 * cell, 13.0, 30.0);

  std::shared_ptr<const Fonts> embedded;
  const Fonts* fonts = spec.fonts;
  if (fonts == nullptr) {
    embedded = Fonts::Embedded();
    fonts = embedded.get();
  }
  auto TextWidth = [fonts](const std::string& text, double size) {
    return fonts != nullptr ? fonts->Advance(text, size)
                            : 0.6 * size * static_cast<double>(text.size());
  };
  Box input_box, output_box;
  for (int layer = 0; layer < input_layers_; ++layer) {
    input_box.Add(CanvasPoint(0, 0, layer));
    input_box.Add(CanvasPoint(0, canvas_cols, layer));
    input_box.Add(CanvasPoint(canvas_rows, canvas_cols, layer));
    input_box.Add(CanvasPoint(canvas_rows, 0, layer));
  }
  for (int layer = 0; layer < output_layers_; ++layer) {
    output_box.Add(OutputPoint(0, 0, layer));
    output_box.Add(OutputPoint(0, output_[1], layer));
    output_box.Add(OutputPoint(output_rows, output_[1], layer));
    output_box.Add(OutputPoint(output_rows, 0, layer));
  }
  Box all;
  all.AddBox(input_box);
  all.AddBox(output_box);

  const double gap = std::max(4.0, 0.3 * cell);
  const double label_line = 1.3 * label_font_;
  if (!spec.input_label.empty()) {
    const Point near = CanvasPoint(0, 0);
    const Point far = CanvasPoint(canvas_rows, canvas_cols);
    input_label_at_ = {(near.x + far.x) / 2.0, input_box.y1 + gap + label_line / 2.0};
    all.AddCentred(input_label_at_, TextWidth(spec.input_label, label_font_), label_line);
  }
  if (!spec.output_label.empty()) {
    const Point near = OutputPoint(0, 0);
    const Point far = OutputPoint(output_rows, output_[1]);
    const double centre_x = (near.x + far.x) / 2.0;
    // Flat: under the output map; oblique: above it, away from the connector lines.
    output_label_at_ = flat ? Point{centre_x, output_box.y1 + gap + label_line / 2.0}
                            : Point{centre_x, output_box.y0 - gap - label_line / 2.0};
    all.AddCentred(output_label_at_, TextWidth(spec.output_label, label_font_), label_line);
  }
  // Automatic cells shrink until the grids (not a long title) fit, margins included.
  grid_extent_ =
      std::max(all.width(), all.height()) + 2.0 * std::max(8.0, std::round(kMargin * cell));
  if (!spec.title.empty()) {
    const double title_line = 1.3 * title_font_;
    title_at_ = {(all.x0 + all.x1) / 2.0, all.y0 - gap - title_line / 2.0};
    all.AddCentred(title_at_, TextWidth(spec.title, title_font_), title_line);
  }

  const double margin = std::max(8.0, std::round(kMargin * cell));
  Point shift{margin - all.x0, margin - all.y0};
  if (flat) shift = {std::round(shift.x), std::round(shift.y)};  // keep corners on pixels
  canvas_origin_ = Plus(canvas_origin_, shift);
  output_origin_ = Plus(output_origin_, shift);
  input_label_at_ = Plus(input_label_at_, shift);
  output_label_at_ = Plus(output_label_at_, shift);
  title_at_ = Plus(title_at_, shift);
  width_ = std::ceil(all.x1 - all.x0 + 2.0 * margin);
  height_ = std::ceil(all.y1 - all.y0 + 2.0 * margin);
}

Point FrameLayout::CanvasPoint(double row, double col, int layer) const {
  return Plus(Plus(canvas_origin_, Plus(Times(row_step_, row), Times(col_step_, col))),
              Times(input_layer_step_, layer));
}

Point FrameLayout::OutputPoint(double row, double col, int layer) const {
  return Plus(Plus(output_origin_, Plus(Times(row_step_, row), Times(col_step_, col))),
              Times(output_layer_step_, layer));
}

CellShape FrameLayout::CanvasCell(int row, int col, int layer) const {
  return {{CanvasPoint(row, col, layer), CanvasPoint(row, col + 1, layer),
           CanvasPoint(row + 1, col + 1, layer), CanvasPoint(row + 1, col, layer)}};
}

CellShape FrameLayout::OutputCell(int row, int col, int layer) const {
  return {{OutputPoint(row, col, layer), OutputPoint(row, col + 1, layer),
           OutputPoint(row + 1, col + 1, layer), OutputPoint(row + 1, col, layer)}};
}

}  // namespace convanim
