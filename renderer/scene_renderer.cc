#include "renderer/scene_renderer.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "renderer/text.h"

namespace convanim {
namespace renderer_internal {

// The canvas as the core describes it, looked up once per renderer.
struct CanvasCells {
  int rows = 1, cols = 1;
  std::vector<CellKind> kinds;   // row-major
  std::vector<int> input_row;    // per canvas row: input row index, or -1
  std::vector<int> input_col;    // per canvas column: input column index, or -1
  bool has_empty_cells = false;  // padding or inserted zeros: the dashed grid shows
  // The input cells, as runs along rows [row, col_begin, col_end); and whether they
  // fill one rectangle (then its grid is drawn as whole lines).
  struct Run {
    int row, col_begin, col_end;
  };
  std::vector<Run> input_runs;
  bool input_is_block = false;
  int block_row_begin = 0, block_row_end = 0, block_col_begin = 0, block_col_end = 0;

  CellKind KindAt(int row, int col) const {
    return kinds[static_cast<std::size_t>(row) * static_cast<std::size_t>(cols) +
                 static_cast<std::size_t>(col)];
  }
};

// Pixels of the layers all steps of a figure share, at one scale and for one pair of
// channels: the background with the input stack (and the front sheet's values) under
// the window, and the output stack (and values) on transparent over the connector
// lines.
struct LayerImages {
  double scale = 1.0;
  int input_channel = 0, output_channel = 0;  // whose values the layers show
  int width = 0, height = 0;
  // Plain bytes, not cairo surfaces: cairo objects must not be shared between threads,
  // so every paint wraps these (read-only) bytes in a surface of its own.
  struct Pixels {
    cairo_format_t format = CAIRO_FORMAT_ARGB32;
    int stride = 0;
    std::vector<unsigned char> bytes;
  };
  Pixels below, above;
  double Bytes() const { return static_cast<double>(below.bytes.size() + above.bytes.size()); }
};

class LayerCache {
 public:
  // Draws one layer into `cr` (already scaled): the lower one when `below`.
  using LayerDrawer = std::function<void(cairo_t* cr, bool below)>;

  // The layers at `scale` showing the given channels, drawn on first use; the most
  // recently used are kept within a memory budget (steps come channel by channel, so a
  // few entries suffice). Null when one entry alone would exceed the budget: the caller
  // then draws everything itself. Threads asking at once wait for one build; images
  // are never written again, so threads may paint them together.
  // `opaque_below`: the lower layer covers every pixel opaquely, so it can be stored
  // without alpha and painted as a plain copy.
  std::shared_ptr<const LayerImages> Get(double scale, int input_channel, int output_channel,
                                         int width, int height, bool opaque_below,
                                         const LayerDrawer& draw) {
    const double bytes = 2.0 * 4.0 * width * height;
    if (bytes > kMaxBytes) return nullptr;
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if ((*it)->scale == scale && (*it)->input_channel == input_channel &&
          (*it)->output_channel == output_channel) {
        std::shared_ptr<const LayerImages> hit = *it;
        entries_.erase(it);
        entries_.push_back(hit);  // most recently used last
        return hit;
      }
    }
    auto images = std::make_shared<LayerImages>();
    images->scale = scale;
    images->input_channel = input_channel;
    images->output_channel = output_channel;
    images->width = width;
    images->height = height;
    for (bool below : {true, false}) {
      LayerImages::Pixels& pixels = below ? images->below : images->above;
      pixels.format = below && opaque_below ? CAIRO_FORMAT_RGB24 : CAIRO_FORMAT_ARGB32;
      cairo_surface_t* surface = cairo_image_surface_create(pixels.format, width, height);
      cairo_t* cr = cairo_create(surface);
      cairo_scale(cr, scale, scale);
      draw(cr, below);
      cairo_destroy(cr);
      cairo_surface_flush(surface);
      const bool ok = cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS;
      if (ok) {
        pixels.stride = cairo_image_surface_get_stride(surface);
        const unsigned char* data = cairo_image_surface_get_data(surface);
        pixels.bytes.assign(data, data + static_cast<std::size_t>(pixels.stride) *
                                             static_cast<std::size_t>(height));
      }
      cairo_surface_destroy(surface);
      if (!ok) return nullptr;
    }
    double total = bytes;
    for (const auto& entry : entries_) total += entry->Bytes();
    while (!entries_.empty() && (total > kMaxBytes || entries_.size() >= kMaxEntries)) {
      total -= entries_.front()->Bytes();
      entries_.erase(entries_.begin());
    }
    entries_.push_back(images);
    return images;
  }

 private:
  static constexpr std::size_t kMaxEntries = 4;
  static constexpr double kMaxBytes = 64.0 * 1024 * 1024;
  std::mutex mutex_;
  std::vector<std::shared_ptr<const LayerImages>> entries_;
};

}  // namespace renderer_internal

namespace {

using renderer_internal::CanvasCells;
using renderer_internal::LayerCache;
using renderer_internal::LayerImages;

constexpr double kDash = 0.2125;  // dash and gap, in cells

// Cached layers are painted as pixels only where that is exact: an image surface,
// drawn at a positive scale with whole-pixel translation.
bool RasterPlacement(cairo_t* cr, double* scale, double* x, double* y) {
  cairo_surface_t* target = cairo_get_group_target(cr);
  if (cairo_surface_get_type(target) != CAIRO_SURFACE_TYPE_IMAGE) return false;
  double device_x = 0.0, device_y = 0.0;
  cairo_surface_get_device_offset(target, &device_x, &device_y);
  double device_scale_x = 1.0, device_scale_y = 1.0;
  cairo_surface_get_device_scale(target, &device_scale_x, &device_scale_y);
  if (device_x != 0.0 || device_y != 0.0 || device_scale_x != 1.0 || device_scale_y != 1.0) {
    return false;
  }
  cairo_matrix_t matrix;
  cairo_get_matrix(cr, &matrix);
  if (matrix.xy != 0.0 || matrix.yx != 0.0 || !(matrix.xx > 0.0) || matrix.xx != matrix.yy) {
    return false;
  }
  if (matrix.x0 != std::round(matrix.x0) || matrix.y0 != std::round(matrix.y0)) return false;
  *scale = matrix.xx;
  *x = matrix.x0;
  *y = matrix.y0;
  return true;
}

void PaintLayer(cairo_t* cr, const LayerImages& images, const LayerImages::Pixels& pixels, double x,
                double y) {
  // Cairo only reads a source surface; the bytes stay unchanged and shared.
  cairo_surface_t* image = cairo_image_surface_create_for_data(
      const_cast<unsigned char*>(pixels.bytes.data()), pixels.format, images.width, images.height,
      pixels.stride);
  cairo_save(cr);
  cairo_identity_matrix(cr);
  cairo_set_source_surface(cr, image, x, y);
  cairo_paint(cr);
  cairo_restore(cr);
  cairo_surface_destroy(image);
}

std::shared_ptr<const CanvasCells> DescribeCanvas(const Canvas& canvas) {
  auto cells = std::make_shared<CanvasCells>();
  cells->rows = std::max(1, canvas.rows.length);
  cells->cols = std::max(1, canvas.cols.length);
  cells->kinds.resize(static_cast<std::size_t>(cells->rows) *
                      static_cast<std::size_t>(cells->cols));
  for (int r = 0; r < cells->rows; ++r) cells->input_row.push_back(canvas.rows.InputIndexAt(r));
  for (int c = 0; c < cells->cols; ++c) cells->input_col.push_back(canvas.cols.InputIndexAt(c));
  int input_cells = 0;
  int row_begin = cells->rows, row_end = 0, col_begin = cells->cols, col_end = 0;
  for (int r = 0; r < cells->rows; ++r) {
    int run_begin = -1;
    for (int c = 0; c <= cells->cols; ++c) {  // one past the end closes the last run
      const CellKind kind = c < cells->cols ? canvas.KindAt(r, c) : CellKind::kPadding;
      if (c < cells->cols) {
        cells->kinds[static_cast<std::size_t>(r) * static_cast<std::size_t>(cells->cols) +
                     static_cast<std::size_t>(c)] = kind;
        if (kind != CellKind::kInput) cells->has_empty_cells = true;
      }
      if (kind == CellKind::kInput) {
        ++input_cells;
        row_begin = std::min(row_begin, r);
        row_end = std::max(row_end, r + 1);
        col_begin = std::min(col_begin, c);
        col_end = std::max(col_end, c + 1);
        if (run_begin < 0) run_begin = c;
      } else if (run_begin >= 0) {
        cells->input_runs.push_back({r, run_begin, c});
        run_begin = -1;
      }
    }
  }
  if (input_cells > 0 && input_cells == (row_end - row_begin) * (col_end - col_begin)) {
    cells->input_is_block = true;
    cells->block_row_begin = row_begin;
    cells->block_row_end = row_end;
    cells->block_col_begin = col_begin;
    cells->block_col_end = col_end;
  }
  return cells;
}

// Draws one frame; lives for one DrawStep call.
class Painter {
 public:
  Painter(cairo_t* cr, const Scene& scene, const Schedule& schedule, const FrameLayout& layout,
          const Palette& palette, const CanvasCells& cells)
      : cr_(cr),
        scene_(scene),
        schedule_(schedule),
        layout_(layout),
        palette_(palette),
        cells_(cells),
        half_pixel_(
            layout.pixel_aligned() && std::fmod(layout.grid_line_width(), 2.0) == 1.0 ? 0.5 : 0.0) {
  }

  void Background(double width, double height) {
    cairo_rectangle(cr_, 0.0, 0.0, width, height);
    SetSourceColour(cr_, palette_.background);
    cairo_fill(cr_);
  }

  // A sheet of the input stack: background, dashed grid where cells are empty, the
  // input cells in the input colour with solid borders.
  void CanvasSheet(int layer) {
    const int rows = cells_.rows, cols = cells_.cols;
    auto at = [&](double r, double c) { return layout_.CanvasPoint(r, c, layer); };
    if (layout_.input_layers() > 1) {  // sheets behind must not show through
      Rect(at, 0, rows, 0, cols);
      SetSourceColour(cr_, palette_.background);
      cairo_fill(cr_);
    }
    // Sheets behind the front one show only slivers: their outline is enough.
    if (cells_.has_empty_cells) DashedGrid(at, rows, cols, /*outline_only=*/layer > 0);
    RunRects(at, cells_.input_runs);
    SetSourceColour(cr_, palette_.input);
    cairo_fill(cr_);
    if (cells_.input_is_block) {
      SolidGrid(at, cells_.block_row_begin, cells_.block_row_end, cells_.block_col_begin,
                cells_.block_col_end);
    } else {
      for (const CanvasCells::Run& run : cells_.input_runs) {
        for (int c = run.col_begin; c < run.col_end; ++c) Rect(at, run.row, run.row + 1, c, c + 1);
      }
      StrokeGrid();
    }
  }

  // The kernel's window on the front sheet: its tapped cells shaded, a solid grid over
  // the cells it spans.
  void Window(const Step& step, const std::vector<const Tap*>& taps) {
    // Tapped cells merged into runs along rows, and the runs into one block when they
    // stack (an undilated window): fewer edges to rasterise, the same pixels.
    std::vector<std::pair<int, int>> cells;
    for (const Tap* tap : taps) {
      if (OnCanvas(tap->canvas_row, tap->canvas_col)) {
        cells.push_back({tap->canvas_row, tap->canvas_col});
      }
    }
    std::sort(cells.begin(), cells.end());
    cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
    std::vector<CanvasCells::Run> runs;
    for (const auto& [row, col] : cells) {
      if (!runs.empty() && runs.back().row == row && runs.back().col_end == col) {
        ++runs.back().col_end;
      } else {
        runs.push_back({row, col, col + 1});
      }
    }
    bool block = !runs.empty();
    for (std::size_t i = 1; i < runs.size() && block; ++i) {
      block = runs[i].row == runs[i - 1].row + 1 && runs[i].col_begin == runs[0].col_begin &&
              runs[i].col_end == runs[0].col_end;
    }
    auto at = [&](double r, double c) { return layout_.CanvasPoint(r, c); };
    if (block) {
      Rect(at, runs.front().row, runs.back().row + 1, runs.front().col_begin, runs.front().col_end);
    } else {
      RunRects(at, runs);
    }
    SetSourceColour(cr_, palette_.shade);
    cairo_fill(cr_);
    const int row_begin = std::max(0, step.window_origin[0]);
    const int col_begin = std::max(0, step.window_origin[1]);
    const int row_end = std::min(cells_.rows, step.window_origin[0] + step.window_extent[0]);
    const int col_end = std::min(cells_.cols, step.window_origin[1] + step.window_extent[1]);
    if (row_begin < row_end && col_begin < col_end) {
      SolidGrid(at, row_begin, row_end, col_begin, col_end);
    }
  }

  // The four thin lines from the window's outer corners to the output cell's corners.
  void Connectors(const Step& step) {
    const double r0 = step.window_origin[0], c0 = step.window_origin[1];
    const double r1 = r0 + step.window_extent[0], c1 = c0 + step.window_extent[1];
    const double orow = step.out_row, ocol = step.out_col;
    Line(layout_.CanvasPoint(r0, c0), layout_.OutputPoint(orow, ocol));
    Line(layout_.CanvasPoint(r0, c1), layout_.OutputPoint(orow, ocol + 1));
    Line(layout_.CanvasPoint(r1, c1), layout_.OutputPoint(orow + 1, ocol + 1));
    Line(layout_.CanvasPoint(r1, c0), layout_.OutputPoint(orow + 1, ocol));
    SetSourceColour(cr_, palette_.connector);
    // Crisp hairlines on rasters: no antialiasing (the lines move every step, and
    // antialiased diagonals would double what each GIF frame costs), at least one user
    // unit wide so the width does not depend on how the drawing reaches the pixels (a
    // recording replayed at scale s draws what direct drawing at s draws), and never
    // under one device pixel, which would break an aliased line up at scales below 1.
    double device_x = 1.0, device_y = 0.0;
    cairo_device_to_user_distance(cr_, &device_x, &device_y);
    cairo_set_line_width(
        cr_, std::max({1.0, std::hypot(device_x, device_y), layout_.connector_line_width()}));
    cairo_set_line_cap(cr_, CAIRO_LINE_CAP_ROUND);
    cairo_save(cr_);
    cairo_set_antialias(cr_, CAIRO_ANTIALIAS_NONE);
    cairo_stroke(cr_);
    cairo_restore(cr_);
  }

  // A sheet of the output stack: the output colour with a solid grid.
  void OutputSheet(int layer) {
    const int rows = layout_.output_size()[0], cols = layout_.output_size()[1];
    auto at = [&](double r, double c) { return layout_.OutputPoint(r, c, layer); };
    Rect(at, 0, rows, 0, cols);
    SetSourceColour(cr_, palette_.output);
    cairo_fill(cr_);
    SolidGrid(at, 0, rows, 0, cols);
  }

  void CurrentOutputCell(const Step& step) {
    auto at = [&](double r, double c) { return layout_.OutputPoint(r, c); };
    Rect(at, step.out_row, step.out_row + 1, step.out_col, step.out_col + 1);
    SetSourceColour(cr_, palette_.shade);
    cairo_fill(cr_);
    SolidGrid(at, step.out_row, step.out_row + 1, step.out_col, step.out_col + 1);
  }

  // Everything under the window: background, the input stack and, in the numerical
  // view, the front sheet's values (as the guide, the window's shade covers them).
  void BelowWindow(double width, double height, int channel) {
    Background(width, height);
    for (int layer = layout_.input_layers() - 1; layer >= 0; --layer) CanvasSheet(layer);
    if (layout_.view() == View::kNumerical) CanvasValues(channel);
  }

  // Everything above the connector lines but the current cell: the output stack and,
  // in the numerical view, the front map's values.
  void AboveConnectors(int channel, int decimals) {
    for (int layer = layout_.output_layers() - 1; layer >= 0; --layer) OutputSheet(layer);
    if (layout_.view() == View::kNumerical) OutputValues(channel, decimals);
  }

  // Every canvas cell's value: zeros in padding and inserted zeros, except padding the
  // operation ignores (the schedule says which) and cells past the padded input.
  void CanvasValues(int channel) {
    SetSourceColour(cr_, palette_.text);
    const double cell = layout_.cell_size();
    if (layout_.value_font_size() > 0.0) {
      const bool padding_counts = schedule_.padding_counts();
      for (int r = 0; r < cells_.rows; ++r) {
        for (int c = 0; c < cells_.cols; ++c) {
          std::string text;
          switch (cells_.KindAt(r, c)) {
            case CellKind::kInput:
              text =
                  FormatCompact(scene_.input.at(channel, cells_.input_row[r], cells_.input_col[c]));
              break;
            case CellKind::kPadding:
              if (padding_counts) text = "0";
              break;
            case CellKind::kInsertedZero:
              text = "0";
              break;
            case CellKind::kOutside:
              break;
          }
          const Point centre = layout_.CanvasPoint(r + 0.5, c + 0.5);
          DrawCentredText(cr_, text, centre.x, centre.y, layout_.value_font_size(), 0.9 * cell,
                          FrameLayout::kMinReadableFont);
        }
      }
    }
  }

  // The kernel weights, as small subscripts at the lower right of the cells they tap.
  void WeightSubscripts(const std::vector<const Tap*>& taps) {
    SetSourceColour(cr_, palette_.text);
    const double cell = layout_.cell_size();
    if (layout_.weight_font_size() > 0.0 && !IsPooling(scene_.operation)) {
      for (const Tap* tap : taps) {
        if (!OnCanvas(tap->canvas_row, tap->canvas_col)) continue;
        const Point at = layout_.CanvasPoint(tap->canvas_row + 0.78, tap->canvas_col + 0.8);
        DrawCentredText(cr_, FormatCompact(tap->weight), at.x, at.y, layout_.weight_font_size(),
                        0.38 * cell, FrameLayout::kMinReadableFont);
      }
    }
  }

  void OutputValues(int channel, int decimals) {
    if (layout_.output_font_size() <= 0.0) return;
    SetSourceColour(cr_, palette_.text);
    const Tensor& output = schedule_.output();
    const int rows = layout_.output_size()[0], cols = layout_.output_size()[1];
    if (output.rank() != 3 || channel >= output.dim(0) || output.dim(1) < rows ||
        output.dim(2) < cols) {
      return;
    }
    for (int r = 0; r < rows; ++r) {
      for (int c = 0; c < cols; ++c) {
        const Point centre = layout_.OutputPoint(r + 0.5, c + 0.5);
        DrawCentredText(cr_, FormatFixed(output.at(channel, r, c), decimals), centre.x, centre.y,
                        layout_.output_font_size(), 0.9 * layout_.cell_size(),
                        FrameLayout::kMinReadableFont);
      }
    }
  }

  void Label(const std::string& text, Point centre, double size) {
    SetSourceColour(cr_, palette_.label);
    DrawCentredText(cr_, text, centre.x, centre.y, size);
  }

 private:
  bool OnCanvas(int row, int col) const {
    return row >= 0 && row < cells_.rows && col >= 0 && col < cells_.cols;
  }

  // Adds the grid rectangle rows [row_begin, row_end) x columns [col_begin, col_end)
  // (a parallelogram in the arithmetic view) to the path; `at` maps grid corners.
  template <typename At>
  void Rect(At at, int row_begin, int row_end, int col_begin, int col_end) {
    const Point corners[4] = {at(row_begin, col_begin), at(row_begin, col_end),
                              at(row_end, col_end), at(row_end, col_begin)};
    cairo_move_to(cr_, corners[0].x, corners[0].y);
    for (int i = 1; i < 4; ++i) cairo_line_to(cr_, corners[i].x, corners[i].y);
    cairo_close_path(cr_);
  }

  template <typename At>
  void RunRects(At at, const std::vector<CanvasCells::Run>& runs) {
    for (const CanvasCells::Run& run : runs) {
      Rect(at, run.row, run.row + 1, run.col_begin, run.col_end);
    }
  }

  // Adds a grid line; in the numerical view it sits on the pixel grid (odd widths on
  // half pixels, across the line only).
  void Line(Point a, Point b) {
    if (half_pixel_ != 0.0) {
      if (a.y == b.y) {
        a.y += half_pixel_;
        b.y += half_pixel_;
      } else if (a.x == b.x) {
        a.x += half_pixel_;
        b.x += half_pixel_;
      }
    }
    cairo_move_to(cr_, a.x, a.y);
    cairo_line_to(cr_, b.x, b.y);
  }

  void StrokeGrid() {
    SetSourceColour(cr_, palette_.grid);
    cairo_set_line_width(cr_, layout_.grid_line_width());
    cairo_set_line_cap(cr_, CAIRO_LINE_CAP_SQUARE);  // closes the grid's outer corners
    cairo_set_line_join(cr_, CAIRO_LINE_JOIN_MITER);
    cairo_set_dash(cr_, nullptr, 0, 0.0);
    cairo_stroke(cr_);
  }

  template <typename At>
  void SolidGrid(At at, int row_begin, int row_end, int col_begin, int col_end) {
    for (int r = row_begin; r <= row_end; ++r) Line(at(r, col_begin), at(r, col_end));
    for (int c = col_begin; c <= col_end; ++c) Line(at(row_begin, c), at(row_end, c));
    StrokeGrid();
  }

  // Whole grid lines, dashed as TikZ's `dashed` (on 3pt, off 3pt on the guide's 0.5 cm
  // cells), the pattern starting at each line's start.
  template <typename At>
  void DashedGrid(At at, int rows, int cols, bool outline_only) {
    SetSourceColour(cr_, palette_.grid);
    cairo_set_line_width(cr_, layout_.grid_line_width());
    cairo_set_line_cap(cr_, CAIRO_LINE_CAP_BUTT);
    double dash = kDash * layout_.cell_size();
    if (layout_.pixel_aligned()) dash = std::max(1.0, std::round(dash));
    const double pattern[2] = {dash, dash};
    cairo_set_dash(cr_, pattern, 2, 0.0);
    const int row_step = outline_only ? rows : 1, col_step = outline_only ? cols : 1;
    for (int r = 0; r <= rows; r += row_step) Line(at(r, 0), at(r, cols));
    for (int c = 0; c <= cols; c += col_step) Line(at(0, c), at(rows, c));
    cairo_stroke(cr_);
    cairo_set_dash(cr_, nullptr, 0, 0.0);
  }

  cairo_t* cr_;
  const Scene& scene_;
  const Schedule& schedule_;
  const FrameLayout& layout_;
  const Palette& palette_;
  const CanvasCells& cells_;
  const double half_pixel_;
};

}  // namespace

SceneRenderer::SceneRenderer(const Scene& scene, const Schedule& schedule,
                             const RenderOptions& options)
    : scene_(scene), schedule_(schedule) {
  status_ = GetPalette(scene.style.theme, &palette_);
  if (status_.ok()) status_ = TextFontStatus();
  decimals_ = options.decimals >= 0 ? options.decimals : scene.style.decimals;
  const double cell_size = options.cell_size > 0.0 ? options.cell_size : scene.style.cell_size;
  layout_ = std::make_shared<const FrameLayout>(
      FrameLayout::Compute(FrameLayout::SpecFor(scene, schedule, cell_size)));
  cells_ = DescribeCanvas(schedule.canvas());
  layers_ = std::make_shared<LayerCache>();
}

void SceneRenderer::DrawStep(cairo_t* cr, int64_t index) const {
  if (!status_.ok()) return;
  cairo_save(cr);
  cairo_new_path(cr);
  const FrameLayout& layout = *layout_;
  const double width = layout.width(), height = layout.height();
  Painter painter(cr, scene_, schedule_, layout, palette_, *cells_);
  if (index < 0 || index >= schedule_.step_count()) {
    painter.Background(width, height);
    cairo_restore(cr);
    return;
  }
  const Step step = schedule_.StepAt(index);

  // The front input sheet shows the first input channel the output sees.
  const int first_channel = step.taps.empty() ? 0 : step.taps.front().in_channel;
  std::vector<const Tap*> front_taps;
  for (const Tap& tap : step.taps) {
    if (tap.in_channel == first_channel) front_taps.push_back(&tap);
  }

  // Steps share everything but the window, its lines or subscripts and the current
  // cell: on raster targets those layers are drawn once and painted as pixels.
  std::shared_ptr<const LayerImages> images;
  double scale = 1.0, device_x = 0.0, device_y = 0.0;
  const int output_channel = step.out_channel;
  if (RasterPlacement(cr, &scale, &device_x, &device_y)) {
    const bool flat = layout.view() == View::kNumerical;
    const double pixels_x = width * scale, pixels_y = height * scale;
    const bool opaque_below = palette_.background.alpha == 1.0 &&
                              pixels_x == std::round(pixels_x) && pixels_y == std::round(pixels_y);
    images =
        layers_->Get(scale, flat ? first_channel : 0, flat ? output_channel : 0,
                     static_cast<int>(std::ceil(pixels_x)), static_cast<int>(std::ceil(pixels_y)),
                     opaque_below, [&](cairo_t* layer_cr, bool below) {
                       Painter layer(layer_cr, scene_, schedule_, layout, palette_, *cells_);
                       if (below) {
                         layer.BelowWindow(width, height, first_channel);
                       } else {
                         layer.AboveConnectors(output_channel, decimals_);
                       }
                     });
  }

  if (images) {
    PaintLayer(cr, *images, images->below, device_x, device_y);
  } else {
    painter.BelowWindow(width, height, first_channel);
  }
  painter.Window(step, front_taps);
  if (layout.view() == View::kNumerical) {
    painter.WeightSubscripts(front_taps);
  } else {
    painter.Connectors(step);
  }
  if (images) {
    PaintLayer(cr, *images, images->above, device_x, device_y);
  } else {
    painter.AboveConnectors(output_channel, decimals_);
  }
  painter.CurrentOutputCell(step);

  if (scene_.in_channels > 1) {
    painter.Label(InputStackLabel(step, scene_.in_channels), layout.input_label_centre(),
                  layout.label_font_size());
  }
  if (schedule_.output_channels() > 1) {
    painter.Label(OutputStackLabel(step.out_channel, schedule_.output_channels()),
                  layout.output_label_centre(), layout.label_font_size());
  }
  if (!scene_.style.title.empty()) {
    painter.Label(scene_.style.title, layout.title_centre(), layout.title_font_size());
  }
  cairo_restore(cr);
}

}  // namespace convanim
