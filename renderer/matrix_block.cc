#include "renderer/matrix_block.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "renderer/grid_shapes.h"
#include "renderer/numbers.h"
#include "renderer/teaching_blocks.h"
#include "renderer/teaching_text.h"
#include "renderer/words.h"

namespace convanim {

using namespace teaching;  // NOLINT: the blocks are this file's vocabulary

namespace {

constexpr int kWindowHalf = 3;     // rows shown on each side of the step's row
constexpr int kMaxWholeSide = 26;  // drawn whole up to this many rows and columns
constexpr int kMaxWindowColumns = 30;
constexpr double kYGap = 14.0;                       // between M and the column y
constexpr double kXGap = 8.0;                        // between the row x and M
const char* const kHorizontalDots = "\xE2\x8B\xAF";  // ⋯
const char* const kVerticalDots = "\xE2\x8B\xAE";    // ⋮

std::string Pair2(int a, int b) { return std::to_string(a) + ", " + std::to_string(b); }

}  // namespace

Status MatrixBlock::Create(const Scene& scene, const Schedule& schedule, const Fonts& fonts,
                           const Words& words, int decimals, int value_decimals,
                           std::unique_ptr<MatrixBlock>* out) {
  std::unique_ptr<MatrixBlock> block(new MatrixBlock());
  Status status = BuildLinearMap(scene, schedule, &block->map_);
  if (!status.ok()) return status;
  const LinearMap& map = block->map_;
  if (map.rows > kMaxMatrixViewSide || map.cols > kMaxMatrixViewSide) {
    return Status::InvalidScene(
        "view 'matrix' draws at most " + std::to_string(kMaxMatrixViewSide) + " rows and " +
        std::to_string(kMaxMatrixViewSide) + " columns; this matrix is " +
        std::to_string(map.rows) + "\xC3\x97" + std::to_string(map.cols) +
        " (one row per output cell, one column per input cell): use a smaller input");
  }
  block->scene_ = &scene;
  block->schedule_ = &schedule;
  bool rounded = false;
  for (double v : scene.input.data())
    block->x_text_.push_back(FormatValue(v, value_decimals, &rounded));
  for (double v : schedule.output().data()) block->y_text_.push_back(FormatShown(v, decimals));
  const bool average = scene.operation == Operation::kAveragePooling;
  double widest = fonts.Advance("0", kFont);
  for (const std::string& t : block->x_text_) widest = std::max(widest, fonts.Advance(t, kFont));
  for (const std::string& t : block->y_text_) widest = std::max(widest, fonts.Advance(t, kFont));
  for (int64_t r = 0; r < map.rows; ++r) {
    std::vector<std::string> texts;
    for (const MatrixEntry& e : map.row_entries[static_cast<std::size_t>(r)]) {
      std::string text;
      if (average) {
        char divisor[32];
        std::snprintf(divisor, sizeof divisor, "1/%g", std::round(1.0 / e.value));
        text = divisor;
      } else {
        text = FormatValue(e.value, value_decimals, &rounded);
      }
      widest = std::max(widest, fonts.Advance(text, kFont));
      texts.push_back(text);
    }
    block->entries_.push_back(std::move(texts));
  }
  block->cell_ = std::max(kMinFlatCell, std::ceil(widest + 2 * kCellPadding));
  block->whole_ = map.rows <= kMaxWholeSide && map.cols <= kMaxWholeSide;

  // The header says what M is.
  const std::string size = std::to_string(map.rows) + "\xC3\x97" + std::to_string(map.cols);
  if (scene.operation == Operation::kTransposedConvolution) {
    const Pair o = schedule.output_size();
    const std::string direct = std::to_string(map.cols) + "\xC3\x97" + std::to_string(map.rows);
    block->header_ =
        words.Say("matrix.header_transposed",
                  {{"size", size}, {"direct_size", direct}, {"direct_input", Size(o[0], o[1])}});
    if (scene.style.show_direct) {
      block->direct_label_ = words.Say("matrix.direct_label", {{"size", direct}});
      block->direct_label_width_ = fonts.Advance(block->direct_label_, kFont);
    }
  } else if (average) {
    block->header_ = words.Say("matrix.header_average", {{"size", size}});
  } else {
    block->header_ = words.Say("matrix.header", {{"size", size}});
  }
  if (!block->whole_) {
    block->header_ += words.Say("matrix.header_part", {{"horizontal_dots", kHorizontalDots},
                                                       {"vertical_dots", kVerticalDots}});
  }
  block->index_width_ = fonts.Advance("y", kFont) + 10.0;
  if (!block->whole_) {
    block->index_width_ =
        std::max(block->index_width_, fonts.Advance(std::to_string(map.rows - 1), kFont) + 12.0);
    for (int64_t r = 0; r < map.rows; ++r) {
      const View view = block->WindowAround(r);
      block->window_cols_ = std::max(block->window_cols_, static_cast<int>(view.cols.size()));
      block->window_rows_ = std::max(block->window_rows_, static_cast<int>(view.rows.size()));
    }
  }
  const double c = block->cell_;
  const int cols = block->whole_ ? static_cast<int>(map.cols) : block->window_cols_;
  const int rows = block->whole_ ? static_cast<int>(map.rows) : block->window_rows_;
  block->width_ =
      std::max(kMinTextWidth, block->index_width_ + cols * c + kYGap + c + block->DirectWidth());
  block->header_lines_ = Wrap(fonts, block->header_, kFont, block->width_);
  const double header = kLineHeight * kFont * static_cast<double>(block->header_lines_.size());
  // C has Cᵀ's columns as its rows.
  const int direct_rows = block->direct_label_.empty() ? 0
                          : block->whole_              ? static_cast<int>(map.cols)
                                                       : block->window_cols_;
  block->height_ = header + (block->whole_ ? 0.0 : kLineHeight * kFont) + c + kXGap +
                   std::max(rows, direct_rows) * c;
  *out = std::move(block);
  return Status::Ok();
}

MatrixBlock::View MatrixBlock::WholeView() const {
  View view;
  for (int64_t r = 0; r < map_.rows; ++r) view.rows.push_back(r);
  for (int64_t c = 0; c < map_.cols; ++c) view.cols.push_back(c);
  return view;
}

MatrixBlock::View MatrixBlock::WindowAround(int64_t row) const {
  View view;
  const int64_t first = std::max<int64_t>(0, row - kWindowHalf);
  const int64_t last = std::min<int64_t>(map_.rows - 1, row + kWindowHalf);
  if (first > 0) view.rows.push_back(-1);
  for (int64_t r = first; r <= last; ++r) view.rows.push_back(r);
  if (last < map_.rows - 1) view.rows.push_back(-1);
  // The columns those rows use, one neighbour either side; only the step's row's if that
  // is too many.
  auto columns_of = [this](int64_t from, int64_t to) {
    std::vector<int64_t> cols;
    for (int64_t r = from; r <= to; ++r) {
      for (const MatrixEntry& e : map_.row_entries[static_cast<std::size_t>(r)]) {
        for (int64_t d = -1; d <= 1; ++d) {
          if (e.column + d >= 0 && e.column + d < map_.cols) cols.push_back(e.column + d);
        }
      }
    }
    std::sort(cols.begin(), cols.end());
    cols.erase(std::unique(cols.begin(), cols.end()), cols.end());
    return cols;
  };
  std::vector<int64_t> cols = columns_of(first, last);
  if (static_cast<int>(cols.size()) > kMaxWindowColumns) cols = columns_of(row, row);
  for (std::size_t i = 0; i < cols.size(); ++i) {
    if ((i == 0 && cols[i] > 0) || (i > 0 && cols[i] != cols[i - 1] + 1)) view.cols.push_back(-1);
    view.cols.push_back(cols[i]);
  }
  if (!cols.empty() && cols.back() < map_.cols - 1) view.cols.push_back(-1);
  return view;
}

void MatrixBlock::SharedShapes(double x, double y, bool progressive,
                               std::vector<Shape>* out) const {
  if (whole_) Draw(WholeView(), x, y, -1, progressive, false, out);
}

void MatrixBlock::StepShapes(double x, double y, const Step& step, bool progressive,
                             std::vector<Shape>* out) const {
  if (whole_) {
    Draw(WholeView(), x, y, step.index, progressive, true, out);
  } else {
    Draw(WindowAround(step.index), x, y, step.index, progressive, false, out);
  }
}

void MatrixBlock::Draw(const View& view, double x0, double y0, int64_t step, bool progressive,
                       bool highlights_only, std::vector<Shape>* out) const {
  const double c = cell_;
  double top = y0;
  if (!highlights_only) {
    for (std::size_t i = 0; i < header_lines_.size(); ++i) {
      out->push_back(TextLine(Role::kLabel, Id("matrix/header", {static_cast<int64_t>(i)}),
                              header_lines_[i], x0, top));
      top += kLineHeight * kFont;
    }
  } else {
    top += kLineHeight * kFont * static_cast<double>(header_lines_.size());
  }
  const double index_top = top;
  if (!whole_) top += kLineHeight * kFont;
  const double x_top = top;
  const double m_top = x_top + c + kXGap;
  const double m_left = x0 + index_width_;
  const double y_left = m_left + static_cast<double>(view.cols.size()) * c + kYGap;
  auto col_x = [&](std::size_t k) { return m_left + static_cast<double>(k) * c; };
  auto row_y = [&](std::size_t k) { return m_top + static_cast<double>(k) * c; };
  const int64_t current = step;

  // Which drawn columns the step's row uses.
  std::vector<bool> used(view.cols.size(), false);
  if (current >= 0) {
    for (const MatrixEntry& e : map_.row_entries[static_cast<std::size_t>(current)]) {
      for (std::size_t k = 0; k < view.cols.size(); ++k) {
        if (view.cols[k] == e.column) used[k] = true;
      }
    }
  }
  auto cell_rect = [c](Role role, std::string id, double x, double y) {
    return Rect(role, std::move(id), x, y, c, c);
  };
  auto outline = [c](std::string id, double x, double y, double w, double h) {
    PathBuilder path;
    path.Ring([x, y](double r, double col) { return Point{x + col, y + r}; }, 0, h, 0, w);
    path.LineTo({x, y});
    (void)c;
    return path.Stroked(Role::kWindowOutline, std::move(id), Outline());
  };

  if (highlights_only) {
    // The step's row, the x entries it multiplies, and y_n, over the whole matrix.
    for (std::size_t k = 0; k < view.cols.size(); ++k) {
      if (!used[k]) continue;
      out->push_back(cell_rect(Role::kTap, Id("matrix/x/used", {view.cols[k]}), col_x(k), x_top));
      // The tint alone is under 3:1 on the light x cells (WCAG 1.4.11): outlined too.
      out->push_back(outline(Id("matrix/x/used/outline", {view.cols[k]}), col_x(k) + 0.12 * c,
                             x_top + 0.12 * c, 0.76 * c, 0.76 * c));
    }
    std::size_t row_k = 0;
    for (std::size_t k = 0; k < view.rows.size(); ++k) {
      if (view.rows[k] == current) row_k = k;
    }
    out->push_back(
        outline("matrix/row", m_left, row_y(row_k), static_cast<double>(view.cols.size()) * c, c));
    out->push_back(outline("matrix/y/current", y_left, row_y(row_k), c, c));
    DrawDirect(view, y_left + c, m_top, x_top, current, true, out);
    return;
  }

  // Labels: x above, y beside, indices when part is left out.
  out->push_back(
      Text(Role::kLabel, "matrix/x/label", "x", x0, x_top + c / 2, kFont, TextAnchor::kStart));
  out->push_back(Text(Role::kLabel, "matrix/y/label", "y", y_left + c / 2, x_top + c / 2, kFont));
  // x: the input, flattened.
  PathBuilder x_grid, m_grid, y_grid, dots_h, dots_v;
  for (std::size_t k = 0; k < view.cols.size(); ++k) {
    const double cx = col_x(k);
    if (view.cols[k] < 0) {
      out->push_back(Text(Role::kLabel, Id("matrix/x/gap", {static_cast<int64_t>(k)}),
                          kHorizontalDots, cx + c / 2, x_top + c / 2, kFont));
      continue;
    }
    if (used[k]) {
      out->push_back(cell_rect(Role::kTap, Id("matrix/x/used", {view.cols[k]}), cx, x_top));
      out->push_back(outline(Id("matrix/x/used/outline", {view.cols[k]}), cx + 0.12 * c,
                             x_top + 0.12 * c, 0.76 * c, 0.76 * c));
    }
    x_grid.Ring(
        [cx, x_top](double r, double col) {
          return Point{cx + col, x_top + r};
        },
        0, c, 0, c);
    x_grid.LineTo({cx, x_top});
    out->push_back(Text(Role::kValue, Id("matrix/x/value", {view.cols[k]}),
                        x_text_[static_cast<std::size_t>(view.cols[k])], cx + c / 2, x_top + c / 2,
                        kFont));
    if (!whole_) {
      out->push_back(Text(Role::kLegend, Id("matrix/x/index", {view.cols[k]}),
                          std::to_string(view.cols[k]), cx + c / 2,
                          index_top + 0.5 * kLineHeight * kFont,
                          kFont * 0.8 < 11.0 ? 11.0 : kFont * 0.8));
    }
  }
  out->push_back(x_grid.Stroked(Role::kGrid, "matrix/x/grid", Thin()));

  // M and y, row by row.
  for (std::size_t k = 0; k < view.rows.size(); ++k) {
    const double ry = row_y(k);
    const int64_t row = view.rows[k];
    if (row < 0) {
      out->push_back(Text(Role::kLabel, Id("matrix/gap", {static_cast<int64_t>(k)}), kVerticalDots,
                          m_left + static_cast<double>(view.cols.size()) * c / 2, ry + c / 2,
                          kFont));
      continue;
    }
    if (!whole_) {
      out->push_back(Text(Role::kLegend, Id("matrix/row/index", {row}), std::to_string(row),
                          m_left - 6.0, ry + c / 2, kFont * 0.8 < 11.0 ? 11.0 : kFont * 0.8,
                          TextAnchor::kEnd));
    }
    const std::vector<MatrixEntry>& entries = map_.row_entries[static_cast<std::size_t>(row)];
    const std::vector<std::string>& texts = entries_[static_cast<std::size_t>(row)];
    for (std::size_t col_k = 0; col_k < view.cols.size(); ++col_k) {
      const double cx = col_x(col_k);
      if (view.cols[col_k] < 0) {
        out->push_back(Text(Role::kLabel, Id("matrix/gap", {row, static_cast<int64_t>(col_k)}),
                            kHorizontalDots, cx + c / 2, ry + c / 2, kFont));
        continue;
      }
      m_grid.Ring([cx, ry](double r, double col) { return Point{cx + col, ry + r}; }, 0, c, 0, c);
      m_grid.LineTo({cx, ry});
      for (std::size_t e = 0; e < entries.size(); ++e) {
        if (entries[e].column != view.cols[col_k]) continue;
        Shape fill =
            cell_rect(Role::kKernelCell, Id("matrix/entry/cell", {row, view.cols[col_k]}), cx, ry);
        out->push_back(fill);
        out->push_back(Text(Role::kWeight, Id("matrix/entry", {row, view.cols[col_k]}), texts[e],
                            cx + c / 2, ry + c / 2, kFont));
      }
    }
    // y: the output, filling in as it is computed.
    Shape y_cell = cell_rect(Role::kOutputCell, Id("matrix/y/cell", {row}), y_left, ry);
    Shape y_value = Text(Role::kOutputValue, Id("matrix/y/value", {row}),
                         y_text_[static_cast<std::size_t>(row)], y_left + c / 2, ry + c / 2, kFont);
    y_cell.link_step = y_value.link_step = row;
    if (progressive) {
      if (whole_) {
        out->push_back(cell_rect(Role::kPendingCell, Id("matrix/y/pending", {row}), y_left, ry));
        y_cell.from = y_value.from = row;
      } else if (row > current) {
        y_cell.role = Role::kPendingCell;
        y_value.text.clear();
      }
    }
    out->push_back(y_cell);
    if (!y_value.text.empty()) out->push_back(y_value);
    y_grid.Ring(
        [y_left, ry](double r, double col) {
          return Point{y_left + col, ry + r};
        },
        0, c, 0, c);
    y_grid.LineTo({y_left, ry});
  }
  out->push_back(m_grid.Stroked(Role::kGrid, "matrix/grid", Thin()));
  out->push_back(y_grid.Stroked(Role::kGrid, "matrix/y/grid", Thin()));
  if (!whole_ && current >= 0) {
    // The window carries its own highlights.
    for (std::size_t k = 0; k < view.rows.size(); ++k) {
      if (view.rows[k] != current) continue;
      out->push_back(
          outline("matrix/row", m_left, row_y(k), static_cast<double>(view.cols.size()) * c, c));
      out->push_back(outline("matrix/y/current", y_left, row_y(k), c, c));
    }
  }
  DrawDirect(view, y_left + c, m_top, x_top, current, false, out);
  (void)Pair2;
}

}  // namespace convanim
