// The matrix view of a transposed convolution: its equation read from the step's row of
// Cᵀ, and C itself drawn beside Cᵀ (style.show_direct).
#include <algorithm>
#include <string>
#include <vector>

#include "renderer/grid_shapes.h"
#include "renderer/matrix_block.h"
#include "renderer/numbers.h"
#include "renderer/teaching_blocks.h"
#include "renderer/teaching_text.h"

namespace convanim {

using namespace teaching;  // NOLINT: the blocks are this file's vocabulary

namespace {

constexpr double kDirectGap = 28.0;                  // between y and C
const char* const kHorizontalDots = "\xE2\x8B\xAF";  // ⋯
const char* const kVerticalDots = "\xE2\x8B\xAE";    // ⋮
const char* const kMinus = "\xE2\x88\x92";           // −
const char* const kApprox = "\xE2\x89\x88";          // ≈

// A factor in a product: negative numbers in parentheses, "4·(−1)".
std::string Factor(const std::string& number) {
  const std::size_t sign = number.rfind(kApprox, 0) == 0 ? std::string(kApprox).size() : 0;
  return number.compare(sign, std::string(kMinus).size(), kMinus) == 0 ? "(" + number + ")"
                                                                       : number;
}

}  // namespace

bool MatrixBlock::RowEquation(const Step& step, const EquationOptions& options,
                              std::vector<EquationLine>* out) const {
  if (scene_ == nullptr || scene_->operation != Operation::kTransposedConvolution) return false;
  if (step.index < 0 || step.index >= map_.rows) return false;
  const std::vector<MatrixEntry>& entries = map_.row_entries[static_cast<std::size_t>(step.index)];
  const std::string name = OutputName(*schedule_, step);
  bool rounded = false;
  // The input channels the output reads, in the core's order (that of its partial sums).
  std::vector<int> channels;
  for (const Tap& tap : step.taps) {
    if (std::find(channels.begin(), channels.end(), tap.in_channel) == channels.end())
      channels.push_back(tap.in_channel);
  }
  if (channels.empty()) channels.push_back(0);
  const bool several = channels.size() > 1 && step.channel_sums.size() == channels.size();
  const Words& words = options.words != nullptr ? *options.words : Words::English();
  for (std::size_t k = 0; k < (several ? channels.size() : 1); ++k) {
    EquationLine line;
    line.terms.push_back(
        several ? words.Say("equation.channel", {{"channel", std::to_string(channels[k])}})
                : name + " =");
    std::vector<std::string> products;
    for (std::size_t e = 0; e < entries.size(); ++e) {
      if (several && entries[e].in_channel != channels[k]) continue;
      const std::string& x = x_text_[static_cast<std::size_t>(entries[e].column)];
      products.push_back(Factor(entries_[static_cast<std::size_t>(step.index)][e]) + kDot +
                         Factor(x));
    }
    if (products.empty()) {
      line.terms.push_back("0");  // the row has no entry here: an empty sum
    } else if (static_cast<int>(products.size()) > options.max_terms) {
      line.terms.push_back(
          words.Say("equation.sum_of_products", {{"count", std::to_string(products.size())}}));
    } else {
      for (std::size_t i = 0; i < products.size(); ++i)
        line.terms.push_back((i > 0 ? "+ " : "") + products[i]);
    }
    if (!several && !scene_->bias.empty())
      line.terms.push_back("+ " + BiasTerm(step, options.value_decimals, &rounded));
    line.terms.push_back(
        ResultText(several ? step.channel_sums[k] : step.output, options.decimals));
    out->push_back(std::move(line));
  }
  if (several) {
    EquationLine total;
    total.terms.push_back(name + " =");
    for (std::size_t k = 0; k < channels.size(); ++k)
      total.terms.push_back((k > 0 ? "+ " : "") +
                            Factor(FormatShown(step.channel_sums[k], options.decimals)));
    if (!scene_->bias.empty())
      total.terms.push_back("+ " + BiasTerm(step, options.value_decimals, &rounded));
    total.terms.push_back(ResultText(step.output, options.decimals));
    out->push_back(std::move(total));
  }
  return true;
}

double MatrixBlock::DirectWidth() const {
  if (direct_label_.empty()) return 0.0;
  const int cols = whole_ ? static_cast<int>(map_.rows) : window_rows_;
  return kDirectGap + std::max(direct_label_width_, cols * cell_);
}

void MatrixBlock::DrawDirect(const View& view, double left, double top, double label_y,
                             int64_t step, bool highlights_only, std::vector<Shape>* out) const {
  if (direct_label_.empty()) return;
  const double c = cell_;
  left += kDirectGap;  // `left` is y's right edge
  auto col_x = [&](std::size_t k) { return left + static_cast<double>(k) * c; };
  auto row_y = [&](std::size_t k) { return top + static_cast<double>(k) * c; };
  if (step >= 0) {
    // The step's row of Cᵀ is this column of C.
    for (std::size_t k = 0; k < view.rows.size(); ++k) {
      if (view.rows[k] != step) continue;
      PathBuilder path;
      const double x = col_x(k), h = static_cast<double>(view.cols.size()) * c;
      path.Ring([x, top](double r, double col) { return Point{x + col, top + r}; }, 0, h, 0, c);
      path.LineTo({x, top});
      out->push_back(path.Stroked(Role::kWindowOutline, "matrix/direct/column", Outline()));
    }
  }
  if (highlights_only) return;
  out->push_back(Text(Role::kLabel, "matrix/direct/label", direct_label_, left, label_y + c / 2,
                      kFont, TextAnchor::kStart));
  PathBuilder grid;
  for (std::size_t i = 0; i < view.cols.size(); ++i) {    // C's rows: Cᵀ's columns
    for (std::size_t j = 0; j < view.rows.size(); ++j) {  // C's columns: Cᵀ's rows
      const double x = col_x(j), y = row_y(i);
      if (view.cols[i] < 0 || view.rows[j] < 0) {
        const bool row_gap = view.cols[i] < 0;
        if (row_gap && view.rows[j] < 0) continue;
        out->push_back(
            Text(Role::kLabel,
                 Id("matrix/direct/gap", {static_cast<int64_t>(i), static_cast<int64_t>(j)}),
                 row_gap ? kVerticalDots : kHorizontalDots, x + c / 2, y + c / 2, kFont));
        continue;
      }
      grid.Ring([x, y](double r, double col) { return Point{x + col, y + r}; }, 0, c, 0, c);
      grid.LineTo({x, y});
    }
  }
  for (std::size_t j = 0; j < view.rows.size(); ++j) {
    const int64_t row = view.rows[j];
    if (row < 0) continue;
    const std::vector<MatrixEntry>& entries = map_.row_entries[static_cast<std::size_t>(row)];
    for (std::size_t e = 0; e < entries.size(); ++e) {
      for (std::size_t i = 0; i < view.cols.size(); ++i) {
        if (view.cols[i] != entries[e].column) continue;
        const double x = col_x(j), y = row_y(i);
        out->push_back(Rect(Role::kKernelCell, Id("matrix/direct/cell", {entries[e].column, row}),
                            x, y, c, c));
        out->push_back(Text(Role::kWeight, Id("matrix/direct/entry", {entries[e].column, row}),
                            entries_[static_cast<std::size_t>(row)][e], x + c / 2, y + c / 2,
                            kFont));
      }
    }
  }
  out->push_back(grid.Stroked(Role::kGrid, "matrix/direct/grid", Thin()));
}

}  // namespace convanim
