// The teaching style's grids: input and output panels, the window, its connectors and the
// current output cell.
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
#include "renderer/teaching_view.h"
#include "renderer/words.h"

namespace convanim {
namespace teaching_view {

Point TeachingModel::LabelPoint(const Panel& panel) const {
  const Box box = panel.Bounds();
  if (panel.flat) return {box.x0, box.y0 - 0.45 * kFont};
  return {box.x0, box.y1 + 1.1 * kFont};
}

void TeachingModel::InputShapes(std::vector<Shape>* out, std::vector<Shape>* above) {
  out->push_back(Rect(Role::kBackground, "background", 0, 0, width_, height_));
  const Canvas& canvas = schedule_.canvas();
  for (int ch = 0; ch < static_cast<int>(inputs_.size()); ++ch) {
    const Panel& panel = inputs_[static_cast<std::size_t>(ch)];
    const std::string base = Id("input", {ch});
    std::vector<std::pair<int, int>> real, zeros, empty, outside, unreached, added;
    for (int r = 0; r < panel.rows; ++r) {
      for (int c = 0; c < panel.cols; ++c) {
        const CellKind kind = canvas.KindAt(r, c);
        if (kind == CellKind::kPadding && !schedule_.Reached(r, c)) unreached.push_back({r, c});
        if (kind == CellKind::kInput) real.push_back({r, c});
        if (kind == CellKind::kInsertedZero) zeros.push_back({r, c});
        if (kind == CellKind::kPadding || kind == CellKind::kOutside) empty.push_back({r, c});
        if (kind == CellKind::kOutside) outside.push_back({r, c});
        if (canvas.OutputPaddingAt(r, c)) added.push_back({r, c});
      }
    }
    PathBuilder fill_real, fill_zeros, fill_outside, fill_unreached, dashed, solid;
    // Padding no window reaches: muted, with its own legend entry.
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
    if (!fill_zeros.empty()) out->push_back(fill_zeros.Fill(Role::kInsertedZero, base + "/zeros"));
    if (!solid.empty()) out->push_back(solid.Stroked(Role::kGrid, base + "/grid", Thin()));
    // The padding output_padding adds: outlined inside the cell in its own colour.
    PathBuilder rings;
    for (const auto& [r, c] : added) {
      rings.Ring(panel.map, r + 0.12, r + 0.88, c + 0.12, c + 0.88);
      rings.LineTo(panel.map(r + 0.12, c + 0.12));
    }
    if (!rings.empty()) {
      Stroke stroke = Thin();
      stroke.width = 2.5;
      out->push_back(rings.Stroked(Role::kOutputPadding, base + "/output_padding", stroke));
    }
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

void TeachingModel::OutputShapes(std::vector<Shape>* out) {
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

std::map<int, std::vector<const Tap*>> TeachingModel::TapsByChannel(const Step& step) const {
  std::map<int, std::vector<const Tap*>> by_channel;
  for (const Tap& tap : step.taps) by_channel[tap.in_channel].push_back(&tap);
  return by_channel;
}

void TeachingModel::WindowShapes(const Step& step, std::vector<Shape>* taps_out,
                                 std::vector<Shape>* out) const {
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
    // The tint is strong (3:1 for the rings on it): the cells' solid borders are drawn again
    // over it, so the tapped cells stay countable.
    PathBuilder borders;
    for (const auto& [r, c] : cells) {
      const CellKind kind = canvas.KindAt(r, c);
      if (kind != CellKind::kInput && kind != CellKind::kInsertedZero) continue;
      borders.Ring(panel.map, r, r + 1, c, c + 1);
      borders.LineTo(panel.map(r, c));
    }
    if (!borders.empty()) taps_out->push_back(borders.Stroked(Role::kGrid, base + "/grid", Thin()));
    // Tapped padding, zeros and cells past the input are light: the tint alone would be
    // under 3:1 there (WCAG 1.4.11), so each is also outlined.
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

void TeachingModel::ConnectorShapes(const Step& step, std::vector<Shape>* out) const {
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

void TeachingModel::CurrentShapes(const Step& step, std::vector<Shape>* out) const {
  const Panel& panel = outputs_[flat_ ? static_cast<std::size_t>(step.out_channel) : 0];
  PathBuilder outline;
  outline.Ring(panel.map, step.out_row, step.out_row + 1, step.out_col, step.out_col + 1);
  outline.LineTo(panel.map(step.out_row, step.out_col));
  out->push_back(outline.Stroked(Role::kWindowOutline, "current", Outline()));
}

}  // namespace teaching_view
}  // namespace convanim
