// The matrix view's block (view: matrix): the operation as y = M x, drawn beside the grids
// of the same step. The input flattened row by row (channel by channel) is the row x
// above M's columns, the output the column y beside its rows; M's non-zero entries show
// the kernel weights (or 1/n for average pooling). Step n highlights row n of M, the
// entries of x it multiplies and y_n. Matrices that fit are drawn whole, once; bigger
// ones show a window around the step's row and the columns it uses, with "⋯" and "⋮"
// marking what is left out and the row and column numbers written beside them.
// For a transposed convolution M is Cᵀ: the step's equation is its row of Cᵀ times x, and
// style.show_direct draws C beside it (C's column n is Cᵀ's row n).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/linear_map.h"
#include "core/scene.h"
#include "core/schedule.h"
#include "core/status.h"
#include "renderer/fonts.h"
#include "renderer/model.h"
#include "renderer/teaching_text.h"
#include "renderer/words.h"

namespace convanim {

// The largest matrix the view draws (rows and columns; documented in scene-format.md).
constexpr int64_t kMaxMatrixViewSide = 1024;

class MatrixBlock {
 public:
  // Fails (InvalidScene) for max pooling or a matrix over the limit.
  static Status Create(const Scene& scene, const Schedule& schedule, const Fonts& fonts,
                       const Words& words, int decimals, int value_decimals,
                       std::unique_ptr<MatrixBlock>* out);

  double width() const { return width_; }
  double height() const { return height_; }
  bool whole() const { return whole_; }  // drawn once (else a window per step)

  // The block placed with its top-left corner at (x, y). Shared shapes: the whole matrix
  // (when it is drawn whole) with y filling in as it is computed; per-step shapes: the
  // step's highlights (or the step's window of the matrix).
  void SharedShapes(double x, double y, bool progressive, std::vector<Shape>* out) const;
  void StepShapes(double x, double y, const Step& step, bool progressive,
                  std::vector<Shape>* out) const;

  // A transposed convolution's step equation: the step's row of Cᵀ times x, entry by entry
  // in the row's order ("y[1, 2] = 4·1 + 0·2 + ... = 7.0"; one line per input channel and
  // their total when there are several). False (nothing written) for other operations,
  // whose equation is the window's (StepEquation).
  bool RowEquation(const Step& step, const EquationOptions& options,
                   std::vector<EquationLine>* out) const;

 private:
  MatrixBlock() = default;
  struct View {                       // which rows and columns are drawn, and where
    std::vector<int64_t> rows, cols;  // -1: an elision mark
  };
  View WholeView() const;
  View WindowAround(int64_t row) const;
  void Draw(const View& view, double x, double y, int64_t step, bool progressive,
            bool highlights_only, std::vector<Shape>* out) const;
  // style.show_direct: C = (Cᵀ)ᵀ drawn with its top-left corner at (left, top) (its label
  // on the row of x, at label_y), the view's rows as its columns; column `step` outlined.
  void DrawDirect(const View& view, double left, double top, double label_y, int64_t step,
                  bool highlights_only, std::vector<Shape>* out) const;
  double DirectWidth() const;  // C's width and the gap before it (0 when not drawn)

  const Scene* scene_ = nullptr;
  const Schedule* schedule_ = nullptr;
  LinearMap map_;
  std::vector<std::string> x_text_, y_text_;       // values of x and y
  std::vector<std::vector<std::string>> entries_;  // per row, per entry: its text
  std::string header_, direct_label_;              // direct_label_: "C (4×16)" when C is drawn
  std::vector<std::string> header_lines_;
  double cell_ = 34.0, index_width_ = 0.0, direct_label_width_ = 0.0;
  double width_ = 0.0, height_ = 0.0;
  bool whole_ = true;
  int window_rows_ = 0, window_cols_ = 0;
};

}  // namespace convanim
