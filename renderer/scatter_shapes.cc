// The scatter view's shapes: the grids and their values, each step's stamp of the kernel
// and the sums so far, the step's equation and description.
#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/scatter.h"
#include "renderer/describe.h"
#include "renderer/fonts.h"
#include "renderer/grid_shapes.h"
#include "renderer/numbers.h"
#include "renderer/scatter_model.h"
#include "renderer/scatter_view.h"
#include "renderer/teaching_blocks.h"
#include "renderer/teaching_text.h"
#include "renderer/words.h"

namespace convanim {
namespace scatter_view {

void ScatterModel::Shared(std::vector<Shape>* grids, std::vector<Shape>* values,
                          std::vector<Shape>* text) const {
  grids->push_back(Rect(Role::kBackground, "background", 0, 0, width_, height_));
  for (int ch = 0; ch < static_cast<int>(inputs_.size()); ++ch) {
    const Panel& panel = inputs_[static_cast<std::size_t>(ch)];
    const std::string base = Id("input", {ch});
    PanelGrid(panel, Role::kInputCell, base, grids);
    values->push_back(PanelLabel(base + "/label", InputLabel(ch), panel));
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
    PanelGrid(panel, Role::kKernelCell, base, grids);
    values->push_back(PanelLabel(base + "/label", KernelLabel(ch, j), panel));
    for (int u = 0; u < panel.rows; ++u) {
      for (int v = 0; v < panel.cols; ++v) {
        const Point at = panel.map(u + 0.5, v + 0.5);
        values->push_back(Text(Role::kWeight, Id(base + "/weight", {u, v}),
                               Value(scene_.kernel.at(ch, j, u, v)), at.x, at.y, kFont));
      }
    }
  }
  const Pair crop = scatter_.crop_begin(), o = scatter_.output_size(), full = scatter_.full_size();
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
    values->push_back(PanelLabel(base + "/label", OutputLabel(j), panel));
  }
  if (has_overlap_) {
    const Tensor& overlap = scatter_.overlap();
    double most = 1.0;
    for (double v : overlap.data()) most = std::max(most, v);
    values->push_back(PanelLabel("overlap/label", words_.Say("scatter.copies_label"), overlap_));
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
  double y = title_y_;
  for (std::size_t i = 0; i < title_.size(); ++i) {
    text->push_back(TextLine(Role::kTitle, Id("title", {static_cast<int64_t>(i)}), title_[i],
                             title_x_, y, kTitleFont));
    y += kLineHeight * kTitleFont;
  }
  const double line = kLineHeight * kFont;
  for (std::size_t i = 0; i < parameters_.size(); ++i) {
    text->push_back(TextLine(Role::kLegend, Id("parameters", {static_cast<int64_t>(i)}),
                             parameters_[i], text_x_,
                             parameters_y_ + static_cast<double>(i) * line));
  }
  legend_.Shapes(text_x_, legend_y_, text);
}

void ScatterModel::Stamp(const ScatterStep& step, std::vector<Shape>* out) const {
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

void ScatterModel::Sums(int64_t index, std::vector<Shape>* cells_out,
                        std::vector<Shape>* out) const {
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

std::vector<std::string> ScatterModel::EquationRows(const ScatterStep& step) const {
  std::vector<std::string> rows;
  rows.push_back(
      words_.Say("scatter.stamps", {{"x", InputName(step)}, {"value", Value(step.value)}}));
  // Each product with the output cell it lands on, "y[1, 2] += 3·2" (0-based, as the
  // equations elsewhere); more than kMaxListedTargets: one line per output row.
  constexpr std::size_t kMaxListedTargets = 9;
  const bool channels = scatter_.output_channels() > 1;
  std::vector<std::pair<std::pair<int, int>, std::string>> targets;  // (channel, row), term
  int cropped = 0;
  for (const ScatterTap& tap : step.taps) {
    if (tap.out_row < 0) {
      ++cropped;
      continue;
    }
    const std::string cell =
        "y" + (channels ? "[" + std::to_string(tap.out_channel) + "]" : std::string()) + "[" +
        std::to_string(tap.out_row) + ", " + std::to_string(tap.out_col) + "]";
    targets.push_back({{tap.out_channel, tap.out_row},
                       cell + " += " + Value(step.value) + kDot +
                           (tap.weight < 0 ? "(" + Value(tap.weight) + ")" : Value(tap.weight))});
  }
  const bool by_row = targets.size() > kMaxListedTargets;
  std::string line = "   ";
  for (std::size_t t = 0; t < targets.size(); ++t) {
    const bool new_row = by_row && t > 0 && targets[t].first != targets[t - 1].first;
    if (new_row) {
      rows.push_back(line);
      line = "   ";
    }
    std::string term = (line.size() > 3 ? ", " : "") + targets[t].second;
    if (line.size() > 3 && fonts_->Advance(line + term, kFont) > text_width_) {
      rows.push_back(line);
      line = "     ";
      term = term.substr(2);
    }
    line += term;
  }
  if (!targets.empty()) rows.push_back(line);
  if (cropped > 0) {
    rows.push_back(words_.Say("scatter.dropped", {{"dropped", std::to_string(cropped)},
                                                  {"products", std::to_string(step.taps.size())}}));
  }
  if (step.index + 1 == scatter_.step_count()) rows.push_back(words_.Say("scatter.done"));
  return rows;
}

void ScatterModel::EquationShapes(const ScatterStep& step, std::vector<Shape>* out) const {
  const std::vector<std::string> rows = EquationRows(step);
  const double line = kLineHeight * kFont;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    out->push_back(TextLine(Role::kEquation, Id("equation", {static_cast<int64_t>(i)}), rows[i],
                            text_x_, equation_y_ + static_cast<double>(i) * line));
  }
}

std::string ScatterModel::InputName(const ScatterStep& step) const {
  return "x" +
         (scene_.in_channels > 1 ? "[" + std::to_string(step.in_channel) + "]" : std::string()) +
         "[" + std::to_string(step.in_row) + ", " + std::to_string(step.in_col) + "]";
}

std::string ScatterModel::Description(const ScatterStep& step) const {
  return words_.Say("scatter.step", {{"step", std::to_string(step.index + 1)},
                                     {"steps", std::to_string(scatter_.step_count())},
                                     {"x", InputName(step)},
                                     {"value", Value(step.value)}});
}

}  // namespace scatter_view
}  // namespace convanim
