// The teaching style's grid placement: flat panels in a row or stacked, the oblique
// projection, and the blocks of the picture placed one under the other.
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
#include "renderer/slide_layout.h"
#include "renderer/teaching_blocks.h"
#include "renderer/teaching_model.h"
#include "renderer/teaching_text.h"
#include "renderer/teaching_view.h"
#include "renderer/words.h"

namespace convanim {
namespace teaching_view {

void TeachingModel::LayoutFlat() {
  const double c = cell_;
  const double in_w = CanvasCols() * c, in_h = CanvasRows() * c;
  const double k_h = SliceHeight();
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
  if ((slide_ || wide_) && !one_d && channels > 1 && LayoutChannelsSideBySide()) {
    AddPanelBoxes();
    return;
  }
  // A slide keeps a wide row when stacking would make a taller picture than the row is wide.
  const double max_row =
      slide_ ? std::max(kMaxSlideRowWidth, 2.5 * channels * row_h) : kMaxRowWidth;
  stacked_ = one_d || row_width > max_row;
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
  AddPanelBoxes();
}

void TeachingModel::AddPanelBoxes() {
  for (std::size_t i = 0; i < inputs_.size(); ++i) {
    picture_.AddBox(LabelledBox(inputs_[i], InputLabel(static_cast<int>(i))));
  }
  for (std::size_t i = 0; i < kernels_.size(); ++i) {
    picture_.AddBox(LabelledBox(kernels_[i], WidestSliceText(static_cast<int>(i))));
    if (ShowsPartialSums()) {  // the partial sum's line under the slice
      const Box grid = kernels_[i].Bounds();
      picture_.Add({grid.x0 + sum_width_, grid.y1 + LabelHeight()});
    }
  }
  for (std::size_t i = 0; i < outputs_.size(); ++i) {
    picture_.AddBox(LabelledBox(outputs_[i], OutputLabel(static_cast<int>(i))));
  }
}

void TeachingModel::PlacePicture(Point at) {
  const double dx = at.x - picture_.x0, dy = at.y - picture_.y0;
  for (Panel& p : inputs_) p = Shifted(p, dx, dy);
  for (Panel& p : kernels_) p = Shifted(p, dx, dy);
  for (Panel& p : outputs_) p = Shifted(p, dx, dy);
  shift_ = {shift_.x + dx, shift_.y + dy};
  picture_.x0 += dx;
  picture_.x1 += dx;
  picture_.y0 += dy;
  picture_.y1 += dy;
}

Box TeachingModel::LabelledBox(const Panel& panel, const std::string& label) const {
  Box box = panel.Bounds();
  box.Add({box.x0, box.y0 - LabelHeight()});
  if (!label.empty()) box.Add({box.x0 + fonts_->Advance(label, kFont), box.y0});
  return box;
}

void TeachingModel::LayoutOblique() {
  LayoutSpec spec =
      FrameLayout::SpecFor(scene_, schedule_, requested_cell_ > 0 ? requested_cell_ : 0.0, words_);
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
  // A slide puts the sheets side by side, each with its kernel slice to its right.
  double pitch_x = 0.0;
  int per_row = 1;  // sheets a row
  if (slide_ || wide_) {
    Box sheet;
    for (int r : {0, CanvasRows()}) {
      for (int col : {0, CanvasCols()}) sheet.Add(oblique_.CanvasPoint(r, col));
    }
    double slices = 0.0;
    for (int ch = 0; ch < InputPanels() && HasKernelGrid(); ++ch)
      slices = std::max(slices, SliceColumnWidth(ch) + kGap);
    double label = 0.0;
    for (int ch = 0; ch < InputPanels(); ++ch)
      label = std::max(label, fonts_->Advance(InputLabel(ch), kFont));
    pitch_x = std::max(sheet.width(), label) + kGap + slices;
    const int fit = std::max(1, static_cast<int>((RowLimit() + kGap) / pitch_x));
    const int rows = (InputPanels() + fit - 1) / fit;
    per_row = (InputPanels() + rows - 1) / rows;  // rows of equal length
  }
  for (int ch = 0; ch < InputPanels(); ++ch) {
    Panel panel;
    const double dy = (ch / per_row) * sheet_pitch_, dx = (ch % per_row) * pitch_x;
    const FrameLayout* layout = &oblique_;
    panel.map = [layout, dx, dy](double r, double col) {
      const Point p = layout->CanvasPoint(r, col);
      return Point{p.x + dx, p.y + dy};
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
      if (slide_ || wide_) {  // beside its own sheet
        kernels_.push_back(FlatPanel(sheet.x1 + kGap, sheet.cy() - k_h / 2.0, KernelRows(),
                                     KernelCols(), number_cell_));
        picture_.AddBox(LabelledBox(kernels_.back(), WidestSliceText(ch)));
        continue;
      }
      kernels_.push_back(
          FlatPanel(x, sheet.cy() - k_h / 2.0, KernelRows(), KernelCols(), number_cell_));
      picture_.AddBox(LabelledBox(kernels_.back(), WidestSliceText(ch)));
    }
  }
}

void TeachingModel::Finish() {
  const double line = kLineHeight * kFont;
  double y = kMargin;
  title_x_ = text_x_ = matrix_x_ = kMargin;
  title_y_ = y;
  y += static_cast<double>(title_lines_.size()) * kLineHeight * kTitleFont;
  if (!title_lines_.empty()) y += kGap / 2.0;
  PlacePicture({kMargin, y});
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

}  // namespace teaching_view
}  // namespace convanim
