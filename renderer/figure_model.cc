#include "renderer/figure_model.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include "core/operations.h"
#include "renderer/fonts.h"
#include "renderer/grid_shapes.h"
#include "renderer/layout.h"
#include "renderer/scene_model.h"
#include "renderer/text_wrap.h"
#include "renderer/words.h"

namespace convanim {
namespace {

// What a flat grid's cells are filled with.
enum class GridFill {
  kInput,        // input cells (blue)
  kInputBehind,  // maps behind the front one in a stack (the guide's violet)
  kOutput,       // output cells (cyan)
};

// An axis-parallel grid of cells. Cells of `canvas` that are padding or inserted
// zeros are drawn empty with dashed borders, as the scene model draws them.
struct FigureGrid {
  double x = 0, y = 0;  // top-left corner, picture units
  double cell = 0;
  int rows = 0, cols = 0;
  GridFill fill = GridFill::kInput;
  const Canvas* canvas = nullptr;  // null: every cell is a plain filled cell
  std::vector<Pair> shaded;        // [row, col] cells under the kernel
  std::vector<Pair> crossed;       // [row, col] cells crossed out (dropped outputs)

  Point CellCentre(int row, int col) const {
    return {x + (col + 0.5) * cell, y + (row + 0.5) * cell};
  }
  double width() const { return cols * cell; }
  double height() const { return rows * cell; }
};

struct FigureArrow {
  Point from, to;
  bool in_grid = false;  // true: an arrow drawn over a grid (grid colour); false: connector
  bool head = true;      // false: a plain line (the guide's "+" pathway has one)
};

struct FigureText {
  std::string text;
  double x = 0, baseline = 0;  // left end of the baseline
  double size = 0;             // pixels per em
  double word_spacing = 0;     // extra space added at each ' ' (justified lines)
  bool centred = false;        // x is the centre, not the left end
};

// A step of a scene at (x, y), clipped to its own picture.
struct FigureStepPanel {
  double x = 0, y = 0, width = 0, height = 0;
  int64_t step = 0;
};

// Everything a figure lays out, before it becomes shapes.
struct FigureItems {
  double width = 0, height = 0;
  double cell = 0;
  double grid_line = 1, thin_line = 0.5;
  std::shared_ptr<const Fonts> fonts;
  Animation scene;  // steps layout: the scene whose steps the panels show
  std::vector<FigureStepPanel> step_panels;
  // layout views: each panel's picture (a step of a scene in a view), placed like a step.
  std::vector<FigureStepPanel> view_panels;
  std::vector<std::vector<Shape>> view_shapes;
  std::vector<FigureGrid> grids;
  std::vector<FigureArrow> arrows;
  std::vector<FigureText> texts;
};

// Proportions of the guide's hand-drawn figures (pages 9 and 16), in cells.
constexpr double kMarginCells = 0.7;       // border around the figure (standalone's 10pt)
constexpr double kSheetGapCells = 0.6;     // between step pictures, beyond their own margins
constexpr double kStackOffsetCells = 0.5;  // from one map of a stack to the next behind it
constexpr double kArrowClearCells = 0.45;  // between an arrow's ends and what it joins
constexpr double kArrowHeadCells = 0.28;   // length of an arrow head's strokes
constexpr double kTopGapCells = 6.8;       // Figure 1.3: output maps to the pathway sums
constexpr double kSumGapCells = 6.0;       //   sum to the per-channel results
constexpr double kInputGapCells = 4.5;     //   per-channel results to the input maps
constexpr double kPathwayPadCells = 5.0;   //   room between neighbouring pathways
constexpr int kMaxPathways = 8;            //   output channels drawn as pathways
constexpr double kPlusFontCells = 0.9;     //   the "+" of each pathway
constexpr double kLinkArrowCells = 1.5;    // Figure 1.4: arrows from grid to grid
constexpr double kLinkClearCells = 0.2;
constexpr double kPartGapCells = 3.0;         //   between its left and right halves
constexpr double kCaptionColumnCells = 16.5;  // Figure 2.8: width of a panel's caption
constexpr double kPanelGapCells = 0.8;        //   between panels
constexpr double kCaptionFontCells = 0.9;     // captions: as the paper's 10pt on 0.5 cm cells
constexpr double kViewCaptionFont = 17.0;     // views: captions as the pictures' own text
constexpr double kLineSpacing = 1.22;         // baseline to baseline, in font sizes
constexpr double kAscent = 0.72;              // from a line's top to its baseline, in font sizes

class Builder {
 public:
  Builder(const FigureSpec& spec, const std::vector<FigureSource>& sources,
          const FigureModelOptions& options, FigureItems* out)
      : spec_(spec), sources_(sources), options_(options), out_(out) {}

  Status Build() {
    if (sources_.size() != spec_.panels.size() || sources_.empty()) {
      return Status::Internal("figure " + spec_.figure + ": " + std::to_string(sources_.size()) +
                              " scenes given for " + std::to_string(spec_.panels.size()) +
                              " panels");
    }
    for (const FigureSource& source : sources_) {
      if (source.scene == nullptr || source.schedule == nullptr) {
        return Status::Internal("figure " + spec_.figure + ": a scene was not loaded");
      }
    }
    const Scene& first = *sources_.front().scene;
    Status status;
    const double requested = ResolveStyle(first, options_.scene).cell_size;
    // Flat grids take the cell size and line widths of the renderer's flat (numerical)
    // layout of the first scene, so a figure and the scene's own stills match.
    LayoutSpec layout_spec =
        FrameLayout::SpecFor(first, *sources_.front().schedule, requested, WordsOf(options_.scene));
    layout_spec.view = View::kNumerical;
    layout_spec.fonts = out_->fonts.get();
    const FrameLayout flat = FrameLayout::Compute(layout_spec);
    out_->cell = flat.cell_size();
    out_->grid_line = flat.grid_line_width();
    out_->thin_line = flat.connector_line_width();
    c_ = out_->cell;

    for (std::size_t p = 0; p < sources_.size(); ++p) {
      const bool draws_stacks =
          spec_.layout == FigureLayout::kSteps || spec_.layout == FigureLayout::kViews;
      if (!sources_[p].scene->layers.empty() && !draws_stacks) {
        return SceneError(static_cast<int>(p),
                          "layout '" + std::string(FigureLayoutName(spec_.layout)) +
                              "' draws a scene of one operation; '" +
                              spec_.panels[p].scene_written +
                              "' is a stack of layers (layouts steps and views draw one)");
      }
    }
    switch (spec_.layout) {
      case FigureLayout::kSteps:
        status = BuildSteps(requested);
        break;
      case FigureLayout::kChannels:
        status = BuildChannels();
        break;
      case FigureLayout::kStrideSubsampling:
        status = BuildStrideSubsampling();
        break;
      case FigureLayout::kKernelPositions:
        status = BuildKernelPositions();
        break;
      case FigureLayout::kViews:
        status = BuildViews();
        break;
    }
    if (!status.ok()) return status;
    const bool show = options_.show_caption < 0 ? spec_.show_caption : options_.show_caption > 0;
    if (show && !spec_.caption.empty()) AddFigureCaption();
    Finish();
    return Status::Ok();
  }

 private:
  Status SceneError(int panel, const std::string& message) const {
    return Status::InvalidScene(message, spec_.panels[static_cast<std::size_t>(panel)].where);
  }

  // --- steps -------------------------------------------------------------------------
  Status BuildSteps(double requested) {
    const FigureSource& source = sources_.front();
    SceneModelOptions scene_options = options_.scene;
    scene_options.cell_size = requested;
    scene_options.fonts = out_->fonts;
    Status built =
        BuildSceneAnimation(*source.scene, *source.schedule, scene_options, &out_->scene);
    if (!built.ok()) return SceneError(0, built.message());
    // The animation's steps (a view may step other than the schedule: receptive_field).
    const int64_t count = out_->scene.step_count;
    std::vector<int64_t> steps = spec_.steps;
    if (steps.empty()) {
      for (int64_t n = 0; n < std::min<int64_t>(4, count); ++n) steps.push_back(n);
    }
    for (std::size_t n = 0; n < spec_.steps.size(); ++n) {
      if (spec_.steps[n] >= count) {
        return Status::InvalidScene("step " + std::to_string(spec_.steps[n]) +
                                        " is past the last step of '" +
                                        spec_.panels.front().scene_written + "' (it has " +
                                        std::to_string(count) + " steps, numbered from 0)",
                                    spec_.step_locations[n]);
      }
    }
    const int total = static_cast<int>(steps.size());
    int columns = spec_.columns > 0 ? spec_.columns : total;
    if (columns > total) {
      return Status::InvalidScene("columns: " + std::to_string(columns) + " is more than the " +
                                      std::to_string(total) + " steps drawn",
                                  spec_.columns_where);
    }
    // The scene's own cell size sets the gap, so sheets of big and small scenes look
    // alike.
    c_ = out_->scene.cell_size;
    const double gap = std::round(kSheetGapCells * c_);
    const double w = out_->scene.width, h = out_->scene.height;
    for (int n = 0; n < total; ++n) {
      FigureStepPanel panel;
      panel.x = (n % columns) * (w + gap);
      panel.y = (n / columns) * (h + gap);
      panel.width = w;
      panel.height = h;
      panel.step = steps[static_cast<std::size_t>(n)];
      out_->step_panels.push_back(panel);
    }
    steps_layout_ = true;
    return Status::Ok();
  }

  // --- shared pieces of the flat figures --------------------------------------------

  // The scene's canvas as a flat grid with its top-left corner at (x, y).
  FigureGrid CanvasGrid(const Schedule& schedule, double x, double y) const {
    FigureGrid grid;
    grid.x = x;
    grid.y = y;
    grid.cell = c_;
    grid.rows = schedule.canvas().rows.length;
    grid.cols = schedule.canvas().cols.length;
    grid.fill = GridFill::kInput;
    grid.canvas = &schedule.canvas();
    return grid;
  }

  FigureGrid PlainGrid(int rows, int cols, double x, double y, GridFill fill) const {
    FigureGrid grid;
    grid.x = x;
    grid.y = y;
    grid.cell = c_;
    grid.rows = rows;
    grid.cols = cols;
    grid.fill = fill;
    return grid;
  }

  // The canvas cells the kernel taps at step 0 (the first window), one input channel.
  static std::vector<Pair> FirstWindowCells(const Schedule& schedule) {
    const Step step = schedule.StepAt(0);
    std::vector<Pair> cells;
    for (const Tap& tap : step.taps) {
      if (tap.in_channel != step.taps.front().in_channel) continue;
      cells.push_back(Pair{tap.canvas_row, tap.canvas_col});
    }
    return cells;
  }

  // Per axis, the canvas row (kAxisH) or column (kAxisW) where each window along the
  // first output column or row starts, as the schedule places them.
  using WindowStarts = std::array<std::vector<int>, 2>;
  static WindowStarts ScheduledStarts(const Schedule& schedule) {
    const Pair out = schedule.output_size();
    WindowStarts starts;
    for (int col = 0; col < out[kAxisW]; ++col) {
      starts[kAxisW].push_back(schedule.StepAt(col).window_origin[kAxisW]);
    }
    for (int row = 0; row < out[kAxisH]; ++row) {
      starts[kAxisH].push_back(
          schedule.StepAt(static_cast<int64_t>(row) * out[kAxisW]).window_origin[kAxisH]);
    }
    return starts;
  }

  // Arrows between the cell centres of consecutive window positions (`starts`): along
  // the row through the first window's middle, from its last column to each next
  // window's last column, and likewise down its middle column.
  void AddWindowArrows(const FigureGrid& grid, const Step& first, const WindowStarts& starts) {
    const int mid_row = first.window_origin[kAxisH] + (first.window_extent[kAxisH] - 1) / 2;
    const int mid_col = first.window_origin[kAxisW] + (first.window_extent[kAxisW] - 1) / 2;
    const int to_last_row = first.window_extent[kAxisH] - 1;
    const int to_last_col = first.window_extent[kAxisW] - 1;
    const std::vector<int>& cols = starts[kAxisW];
    const std::vector<int>& rows = starts[kAxisH];
    for (std::size_t n = 1; n < cols.size(); ++n) {
      out_->arrows.push_back(FigureArrow{grid.CellCentre(mid_row, cols[n - 1] + to_last_col),
                                         grid.CellCentre(mid_row, cols[n] + to_last_col), true,
                                         true});
    }
    for (std::size_t n = 1; n < rows.size(); ++n) {
      out_->arrows.push_back(FigureArrow{grid.CellCentre(rows[n - 1] + to_last_row, mid_col),
                                         grid.CellCentre(rows[n] + to_last_row, mid_col), true,
                                         true});
    }
  }

  // A link arrow starting a little right of `right`, at height y; returns where the
  // next grid starts.
  double AddLinkArrow(double right, double y) {
    const double from = right + kLinkClearCells * c_;
    const double to = from + kLinkArrowCells * c_;
    out_->arrows.push_back(FigureArrow{{from, y}, {to, y}, true, true});
    return to + kLinkClearCells * c_;
  }

  // --- Figure 1.3 --------------------------------------------------------------------
  Status BuildChannels() {
    const Scene& scene = *sources_.front().scene;
    const Schedule& schedule = *sources_.front().schedule;
    const int outputs = schedule.output_channels();
    if (scene.in_channels < 2 && outputs < 2) {
      return SceneError(0, "layout 'channels' draws several input or output channels; '" +
                               spec_.panels.front().scene_written +
                               "' has one of each (set input.channels and kernel.out_channels)");
    }
    if (outputs > kMaxPathways) {
      return SceneError(0, "layout 'channels' draws one pathway per output channel, at most " +
                               std::to_string(kMaxPathways) + "; '" +
                               spec_.panels.front().scene_written + "' has " +
                               std::to_string(outputs));
    }
    const int max_layers = FrameLayout::kMaxStackLayers;
    const double off = kStackOffsetCells * c_;
    const double clear = kArrowClearCells * c_;
    const Pair out_size = schedule.output_size();
    const double out_w = out_size[kAxisW] * c_, out_h = out_size[kAxisH] * c_;
    const int canvas_rows = schedule.canvas().rows.length;
    const int canvas_cols = schedule.canvas().cols.length;
    const double in_w = canvas_cols * c_;

    // The input channels each output channel sees (all of them unless grouped).
    std::vector<std::vector<int>> seen(static_cast<std::size_t>(outputs));
    int widest_pathway = 1;
    for (int j = 0; j < outputs; ++j) {
      const Step step =
          schedule.StepAt(static_cast<int64_t>(j) * out_size[kAxisH] * out_size[kAxisW]);
      std::set<int> channels;
      for (const Tap& tap : step.taps) channels.insert(tap.in_channel);
      seen[static_cast<std::size_t>(j)].assign(channels.begin(), channels.end());
      widest_pathway =
          std::max(widest_pathway, std::min(max_layers, static_cast<int>(channels.size())));
    }
    const int input_layers = std::min(max_layers, scene.in_channels);
    const int output_layers = std::min(max_layers, outputs);
    auto stack_width = [off](double w, int layers) { return w + (layers - 1) * off; };
    const double pitch =
        std::max({stack_width(in_w, input_layers), stack_width(out_w, output_layers),
                  stack_width(out_w, widest_pathway)}) +
        kPathwayPadCells * c_;

    // Top: the output maps grouped, centred on x = 0.
    Box top;
    const double top_w = stack_width(out_w, output_layers);
    const double top_front_x = -top_w / 2.0 + (output_layers - 1) * off;
    AddStack(top_front_x, 0.0, out_size[kAxisH], out_size[kAxisW], output_layers, GridFill::kOutput,
             GridFill::kOutput, nullptr, &top);
    const double back_centre_x = top_front_x - (output_layers - 1) * off + out_w / 2.0;

    const double sum_y = top.y1 + kTopGapCells * c_;
    const double pathway_y = sum_y + out_h + kSumGapCells * c_;
    double pathways_bottom = pathway_y;
    std::vector<Box> pathway_boxes(static_cast<std::size_t>(outputs));
    for (int j = 0; j < outputs; ++j) {
      const double centre = (j - (outputs - 1) / 2.0) * pitch;
      const double left = centre - out_w / 2.0;
      // The sum: one output map.
      Box sum;
      AddStack(left, sum_y, out_size[kAxisH], out_size[kAxisW], 1, GridFill::kOutput,
               GridFill::kOutput, nullptr, &sum);
      // The per-channel results, stacked, summed into it through a "+".
      const int layers =
          std::min(max_layers, static_cast<int>(seen[static_cast<std::size_t>(j)].size()));
      Box& stack = pathway_boxes[static_cast<std::size_t>(j)];
      AddStack(left, pathway_y, out_size[kAxisH], out_size[kAxisW], layers, GridFill::kInput,
               GridFill::kInputBehind, nullptr, &stack);
      pathways_bottom = std::max(pathways_bottom, stack.y1);
      const double plus_y = (sum.y1 + pathway_y) / 2.0;
      const double plus_room = 0.7 * c_;
      out_->arrows.push_back(
          FigureArrow{{centre, pathway_y - 1.0 * c_}, {centre, plus_y + plus_room}, false, false});
      out_->arrows.push_back(
          FigureArrow{{centre, plus_y - plus_room}, {centre, sum.y1 + 0.33 * c_}, false, true});
      FigureText plus;
      plus.text = "+";
      plus.size = kPlusFontCells * c_;
      plus.x = centre;
      plus.baseline = plus_y + 0.25 * plus.size;  // the plus sign's middle sits at the math axis
      plus.centred = true;
      out_->texts.push_back(plus);
      // From the sum up to its map among the grouped outputs.
      const double end_x = back_centre_x + (j - (outputs - 1) / 2.0) * off;
      out_->arrows.push_back(
          FigureArrow{{centre, sum.y0 - clear}, {end_x, top.y1 + clear}, false, true});
    }

    // Bottom: the input maps, front map centred on x = 0.
    const double input_y = pathways_bottom + kInputGapCells * c_;
    Box input;
    AddStack(-in_w / 2.0, input_y, canvas_rows, canvas_cols, input_layers, GridFill::kInput,
             GridFill::kInputBehind, &schedule, &input);
    for (int j = 0; j < outputs; ++j) {
      const Box& stack = pathway_boxes[static_cast<std::size_t>(j)];
      const Point end{stack.cx(), stack.y1 + clear};
      Point start;
      if (end.x >= input.x0 && end.x <= input.x1) {
        start = {end.x, input.y0 - clear};
      } else if (end.x < input.x0) {
        start = {input.x0 - clear, input.cy()};
      } else {
        start = {input.x1 + clear, input.cy()};
      }
      out_->arrows.push_back(FigureArrow{start, end, false, true});
    }
    return Status::Ok();
  }

  // A stack of `layers` maps whose front map's top-left corner is (x, y); the maps
  // behind go left and down. Drawn back to front.
  void AddStack(double x, double y, int rows, int cols, int layers, GridFill front, GridFill behind,
                const Schedule* canvas_of, Box* box) {
    const double off = kStackOffsetCells * c_;
    for (int layer = layers - 1; layer >= 0; --layer) {
      FigureGrid grid = canvas_of != nullptr
                            ? CanvasGrid(*canvas_of, x - layer * off, y + layer * off)
                            : PlainGrid(rows, cols, x - layer * off, y + layer * off, front);
      grid.fill = layer == 0 ? front : behind;
      box->AddRect(grid.x, grid.y, grid.width(), grid.height());
      out_->grids.push_back(grid);
    }
  }

  // --- Figure 1.4 --------------------------------------------------------------------
  Status BuildStrideSubsampling() {
    const Scene& scene = *sources_.front().scene;
    const Schedule& schedule = *sources_.front().schedule;
    if (scene.operation == Operation::kTransposedConvolution) {
      return SceneError(0,
                        "layout 'stride_subsampling' shows a direct convolution's (or "
                        "pooling's) strides; '" +
                            spec_.panels.front().scene_written + "' is a transposed convolution");
    }
    if (scene.stride[kAxisH] == 1 && scene.stride[kAxisW] == 1) {
      return SceneError(0, "layout 'stride_subsampling' needs a stride above 1; '" +
                               spec_.panels.front().scene_written + "' has unit strides");
    }
    // The same operation with unit strides, scheduled by the core. Its outputs kept
    // are those whose window is also a strided one.
    Scene unit_scene = scene;
    unit_scene.stride = {1, 1};
    Schedule unit_schedule;
    const Status built = Schedule::Build(unit_scene, &unit_schedule);
    if (!built.ok()) return SceneError(0, built.message());
    const Pair out = schedule.output_size();
    const Pair unit_out = unit_schedule.output_size();
    const WindowStarts strided_starts = ScheduledStarts(schedule);
    const WindowStarts unit_starts = ScheduledStarts(unit_schedule);
    std::array<std::vector<bool>, 2> kept;
    for (int axis : {kAxisH, kAxisW}) {
      const auto a = static_cast<std::size_t>(axis);
      const std::vector<int>& strided = strided_starts[a];
      int count = 0;
      for (int start : unit_starts[a]) {
        kept[a].push_back(std::find(strided.begin(), strided.end(), start) != strided.end());
        count += kept[a].back();
      }
      if (count != out[a]) {
        // ceil_mode: the last strided window hangs past where unit strides stop.
        return SceneError(0, "layout 'stride_subsampling' cannot show '" +
                                 spec_.panels.front().scene_written +
                                 "': its last window (ceil_mode) has no unit-stride counterpart");
      }
    }
    const std::vector<Pair> window = FirstWindowCells(schedule);
    const Step first = schedule.StepAt(0);
    const double canvas_h = schedule.canvas().rows.length * c_;
    const double mid_y = canvas_h / 2.0;

    // Left: the kernel moved by s.
    FigureGrid left = CanvasGrid(schedule, 0.0, 0.0);
    left.shaded = window;
    out_->grids.push_back(left);
    AddWindowArrows(left, first, strided_starts);
    double x = AddLinkArrow(left.x + left.width(), mid_y);
    const FigureGrid strided_left =
        PlainGrid(out[kAxisH], out[kAxisW], x, mid_y - out[kAxisH] * c_ / 2.0, GridFill::kOutput);
    out_->grids.push_back(strided_left);
    x += strided_left.width() + kPartGapCells * c_;

    // Right: the kernel moved by 1, every s-th output kept.
    FigureGrid right = CanvasGrid(schedule, x, 0.0);
    right.shaded = window;
    out_->grids.push_back(right);
    AddWindowArrows(right, first, unit_starts);
    x = AddLinkArrow(right.x + right.width(), mid_y);
    FigureGrid unit = PlainGrid(unit_out[kAxisH], unit_out[kAxisW], x,
                                mid_y - unit_out[kAxisH] * c_ / 2.0, GridFill::kOutput);
    for (int r = 0; r < unit.rows; ++r) {
      for (int col = 0; col < unit.cols; ++col) {
        if (!(kept[kAxisH][static_cast<std::size_t>(r)] &&
              kept[kAxisW][static_cast<std::size_t>(col)])) {
          unit.crossed.push_back(Pair{r, col});
        }
      }
    }
    out_->grids.push_back(unit);
    x = AddLinkArrow(unit.x + unit.width(), mid_y);
    out_->grids.push_back(
        PlainGrid(out[kAxisH], out[kAxisW], x, mid_y - out[kAxisH] * c_ / 2.0, GridFill::kOutput));
    return Status::Ok();
  }

  // --- Figure 2.8 --------------------------------------------------------------------
  Status BuildKernelPositions() {
    double widest_grid = 0, tallest_grid = 0;
    bool any_caption = false;
    for (std::size_t p = 0; p < sources_.size(); ++p) {
      const Schedule& schedule = *sources_[p].schedule;
      widest_grid = std::max(widest_grid, schedule.canvas().cols.length * c_);
      tallest_grid = std::max(tallest_grid, schedule.canvas().rows.length * c_);
      any_caption = any_caption || !spec_.panels[p].caption.empty();
    }
    const double column = std::max(widest_grid, any_caption ? kCaptionColumnCells * c_ : 0.0);
    const double gap = kPanelGapCells * c_;
    for (std::size_t p = 0; p < sources_.size(); ++p) {
      const Schedule& schedule = *sources_[p].schedule;
      const double left = static_cast<double>(p) * (column + gap);
      FigureGrid grid =
          CanvasGrid(schedule, left + (column - schedule.canvas().cols.length * c_) / 2.0, 0.0);
      grid.shaded = FirstWindowCells(schedule);
      out_->grids.push_back(grid);
      AddWindowArrows(grid, schedule.StepAt(0), ScheduledStarts(schedule));
      // Keep the grid's box even where it is narrower than the caption column.
      extent_.AddRect(left, 0.0, column, tallest_grid);
      if (!spec_.panels[p].caption.empty()) {
        AddParagraph(spec_.panels[p].caption, left, tallest_grid + 0.6 * c_, column,
                     kCaptionFontCells * c_, /*centre_single_line=*/false);
      }
    }
    return Status::Ok();
  }

  // --- views: one scene in several pictures ---------------------------------------------
  Status BuildViews() {
    double x = 0.0, tallest = 0.0;
    std::vector<double> lefts, widths;
    for (std::size_t p = 0; p < sources_.size(); ++p) {
      const FigurePanel& spec_panel = spec_.panels[p];
      Scene scene = *sources_[p].scene;
      if (spec_panel.view) {
        if (!ViewDraws(*spec_panel.view, scene.operation)) {
          return Status::InvalidScene(ViewRefusal(*spec_panel.view, scene.operation) + " ('" +
                                          spec_panel.scene_written + "')",
                                      spec_panel.panel_where);
        }
        scene.view = *spec_panel.view;
      }
      Schedule schedule;
      Status status = Schedule::Build(scene, &schedule);
      if (!status.ok()) return SceneError(static_cast<int>(p), status.message());
      SceneModelOptions scene_options = options_.scene;
      scene_options.fonts = out_->fonts;
      Animation animation;
      status = BuildSceneAnimation(scene, schedule, scene_options, &animation);
      if (!status.ok()) return SceneError(static_cast<int>(p), status.message());
      const int64_t step = spec_panel.step >= 0 ? spec_panel.step : animation.still_step;
      if (step >= animation.step_count) {
        return Status::InvalidScene(
            "step " + std::to_string(step) + " is past the last step of '" +
                spec_panel.scene_written + "' in view " + ViewName(scene.view) + " (it has " +
                std::to_string(animation.step_count) + " steps, numbered from 0)",
            spec_panel.panel_where);
      }
      FigureStepPanel panel;
      panel.x = x;
      panel.y = 0.0;
      panel.width = animation.width;
      panel.height = animation.height;
      panel.step = step;
      out_->view_panels.push_back(panel);
      out_->view_shapes.push_back(FlattenStep(animation, step));
      lefts.push_back(x);
      widths.push_back(animation.width);
      tallest = std::max(tallest, animation.height);
      x += animation.width + kPanelGapCells * c_;
    }
    for (std::size_t p = 0; p < sources_.size(); ++p) {
      if (spec_.panels[p].caption.empty()) continue;
      // Captions in the size of the pictures' own text.
      AddParagraph(spec_.panels[p].caption, lefts[p], tallest + 0.4 * c_, widths[p],
                   kViewCaptionFont, /*centre_single_line=*/true, /*justify=*/false);
    }
    return Status::Ok();
  }

  // --- captions ----------------------------------------------------------------------

  // Wraps `text` into lines of at most `width` starting at (x, top): justified except
  // the last line; a single line is centred when `centre_single_line`. Returns the
  // bottom of the paragraph.
  double AddParagraph(const std::string& text, double x, double top, double width, double size,
                      bool centre_single_line, bool justify = true) {
    const Fonts& fonts = *out_->fonts;
    const auto lines = WrapUnits(fonts, BreakUnits(text), width, size);
    const double space = fonts.Advance(" ", size);
    double baseline = top + kAscent * size;
    for (std::size_t n = 0; n < lines.size(); ++n) {
      FigureText line;
      line.text = JoinUnits(lines[n]);
      line.size = size;
      line.baseline = baseline;
      const bool last = n + 1 == lines.size();
      if (lines.size() == 1 && centre_single_line) {
        line.x = x + width / 2.0;
        line.centred = true;
      } else {
        line.x = x;
        // Justified by stretching the spaces (CJK pieces are not separated by any).
        std::size_t spaces = 0;
        for (std::size_t u = 1; u < lines[n].size(); ++u) spaces += lines[n][u].space_before;
        if (justify && !last && spaces > 0) {
          double natural = 0;
          for (const WrapUnit& unit : lines[n]) natural += fonts.Advance(unit.text, size);
          natural += space * static_cast<double>(spaces);
          line.word_spacing = (width - natural) / static_cast<double>(spaces);
        }
      }
      out_->texts.push_back(line);
      extent_.Add({x, top});
      extent_.Add({x + width, baseline + (kLineSpacing - kAscent) * size});
      baseline += kLineSpacing * size;
    }
    return baseline - kLineSpacing * size + (kLineSpacing - kAscent) * size;
  }

  void AddFigureCaption() {
    Box box = ContentBox();
    const double size = kCaptionFontCells * c_;
    const double width = std::max(box.width(), 20.0 * c_);
    const double x = box.cx() - width / 2.0;
    // Step pictures end in their own margin; flat figures end at their last grid.
    const double gap = (steps_layout_ ? 0.3 : 1.0) * c_;
    AddParagraph(WordsOf(options_.scene)
                     .Say("figure.caption", {{"figure", spec_.figure}, {"caption", spec_.caption}}),
                 x, box.y1 + gap, width, size,
                 /*centre_single_line=*/true);
  }

  Box ContentBox() const {
    Box box = extent_;
    for (const FigureStepPanel& panel : out_->view_panels) {
      box.AddRect(panel.x, panel.y, panel.width, panel.height);
    }
    for (const FigureStepPanel& panel : out_->step_panels) {
      box.AddRect(panel.x, panel.y, panel.width, panel.height);
    }
    for (const FigureGrid& grid : out_->grids) {
      box.AddRect(grid.x, grid.y, grid.width(), grid.height());
    }
    for (const FigureArrow& arrow : out_->arrows) {
      box.Add(arrow.from);
      box.Add(arrow.to);
    }
    return box;
  }

  // Moves everything so the content sits `margin` from the top-left corner and sets
  // the picture size in whole pixels. Step pictures carry their own margins.
  void Finish() {
    const Box box = ContentBox();
    const double margin = steps_layout_ && out_->texts.empty() ? 0.0 : kMarginCells * c_;
    const double dx = std::round(margin - box.x0);
    const double dy = std::round(margin - box.y0);
    for (FigureStepPanel& panel : out_->view_panels) {
      panel.x += dx;
      panel.y += dy;
    }
    for (FigureStepPanel& panel : out_->step_panels) {
      panel.x += dx;
      panel.y += dy;
    }
    for (FigureGrid& grid : out_->grids) {
      grid.x += dx;
      grid.y += dy;
    }
    for (FigureArrow& arrow : out_->arrows) {
      arrow.from = {arrow.from.x + dx, arrow.from.y + dy};
      arrow.to = {arrow.to.x + dx, arrow.to.y + dy};
    }
    for (FigureText& text : out_->texts) {
      text.x += dx;
      text.baseline += dy;
    }
    out_->width = std::ceil(box.width() + 2.0 * margin);
    out_->height = std::ceil(box.height() + 2.0 * margin);
  }

  const FigureSpec& spec_;
  const std::vector<FigureSource>& sources_;
  const FigureModelOptions& options_;
  FigureItems* out_;
  double c_ = 1.0;
  bool steps_layout_ = false;
  Box extent_;  // room reserved beyond the drawn items (caption columns)
};

// --- the laid-out items as shapes ----------------------------------------------------

Role FillRole(GridFill fill) {
  switch (fill) {
    case GridFill::kInput:
      return Role::kInputCell;
    case GridFill::kInputBehind:
      return Role::kBehindCell;
    case GridFill::kOutput:
      return Role::kOutputCell;
  }
  return Role::kInputCell;
}

void GridShapes(const FigureItems& items, const FigureGrid& grid, const std::string& id,
                std::vector<Shape>* out) {
  auto is_empty = [&grid](int row, int col) {
    return grid.canvas != nullptr && grid.canvas->KindAt(row, col) != CellKind::kInput;
  };
  const double c = grid.cell;
  const GridMap map = [&grid, c](double r, double col) {
    return Point{grid.x + col * c, grid.y + r * c};
  };
  // The sheet: background first, so maps behind in a stack do not show through.
  out->push_back(
      Rect(Role::kBackground, id + "/back", grid.x, grid.y, grid.width(), grid.height()));
  PathBuilder filled, empty, solid, shade, crossed;
  for (int r = 0; r < grid.rows; ++r) {
    for (int col = 0; col < grid.cols; ++col) {
      if (is_empty(r, col)) {
        empty.Ring(map, r, r + 1, col, col + 1);
        empty.LineTo(map(r, col));
      } else {
        filled.Ring(map, r, r + 1, col, col + 1);
        solid.Ring(map, r, r + 1, col, col + 1);
        solid.LineTo(map(r, col));
      }
    }
  }
  if (!filled.empty()) out->push_back(filled.Fill(FillRole(grid.fill), id + "/cells"));
  for (const Pair& cell : grid.shaded) shade.Ring(map, cell[0], cell[0] + 1, cell[1], cell[1] + 1);
  if (!shade.empty()) out->push_back(shade.Fill(Role::kWindow, id + "/window"));
  // Borders: dashed around empty cells first, then solid around real ones, so a border
  // shared by both is solid.
  Stroke border;
  border.width = items.grid_line;
  border.cap = LineCap::kSquare;
  if (!empty.empty()) {
    Stroke dashed = border;
    dashed.cap = LineCap::kButt;
    dashed.dash = c / 6.0;
    dashed.dash_offset = c / 12.0;
    out->push_back(empty.Stroked(Role::kGrid, id + "/dashed", dashed));
  }
  if (!solid.empty()) out->push_back(solid.Stroked(Role::kGrid, id + "/grid", border));
  for (const Pair& cell : grid.crossed) {
    const double x0 = grid.x + cell[1] * c, y0 = grid.y + cell[0] * c;
    crossed.Segment({x0, y0}, {x0 + c, y0 + c});
    crossed.Segment({x0 + c, y0}, {x0, y0 + c});
  }
  if (!crossed.empty()) {
    Stroke thin;
    thin.width = items.thin_line;
    out->push_back(crossed.Stroked(Role::kGrid, id + "/crossed", thin));
  }
}

Shape ArrowShape(const FigureItems& items, const FigureArrow& arrow, const std::string& id) {
  Stroke stroke;
  // Between the scenes' thin connectors and their grid lines, as the guide's arrows.
  stroke.width = std::max(items.thin_line, (arrow.in_grid ? 0.5 : 0.6) * items.grid_line);
  return Arrow(arrow.in_grid ? Role::kGrid : Role::kArrow, id, arrow.from, arrow.to, stroke,
               arrow.head ? kArrowHeadCells * items.cell : 0.0);
}

void TextShapes(const FigureItems& items, const FigureText& text, const std::string& id,
                std::vector<Shape>* out) {
  const Role role = Role::kCaption;
  if (text.word_spacing == 0.0) {
    out->push_back(Text(role, id, text.text, text.x, text.baseline, text.size,
                        text.centred ? TextAnchor::kMiddle : TextAnchor::kStart,
                        TextBaseline::kAlphabetic));
    return;
  }
  // Justified: each word placed on its own, the extra space spread between them.
  const double space = items.fonts->Advance(" ", text.size) + text.word_spacing;
  double x = text.x;
  int n = 0;
  // The words between the line's spaces (CJK pieces stay together: only spaces stretch).
  std::vector<std::string> words;
  for (const WrapUnit& unit : BreakUnits(text.text)) {
    if (words.empty() || unit.space_before) {
      words.push_back(unit.text);
    } else {
      words.back() += unit.text;
    }
  }
  for (const std::string& word : words) {
    out->push_back(Text(role, id + "/" + std::to_string(n++), word, x, text.baseline, text.size,
                        TextAnchor::kStart, TextBaseline::kAlphabetic));
    x += items.fonts->Advance(word, text.size) + space;
  }
}

}  // namespace

Status BuildFigureAnimation(const FigureSpec& spec, const std::vector<FigureSource>& sources,
                            const FigureModelOptions& options, Animation* out) {
  FigureItems items;
  items.fonts = options.scene.fonts ? options.scene.fonts : Fonts::Embedded();
  if (!items.fonts) return Fonts::EmbeddedStatus();
  Builder builder(spec, sources, options, &items);
  Status status = builder.Build();
  if (!status.ok()) return status;

  std::vector<Shape> shapes;
  shapes.push_back(Rect(Role::kBackground, "background", 0, 0, items.width, items.height));
  for (std::size_t n = 0; n < items.step_panels.size(); ++n) {
    const FigureStepPanel& panel = items.step_panels[n];
    Shape group =
        Group("step/" + std::to_string(n), panel.x, panel.y, FlattenStep(items.scene, panel.step));
    group.width = panel.width;
    group.height = panel.height;
    shapes.push_back(std::move(group));
  }
  for (std::size_t n = 0; n < items.view_panels.size(); ++n) {
    const FigureStepPanel& panel = items.view_panels[n];
    Shape group = Group("view/" + std::to_string(n), panel.x, panel.y, items.view_shapes[n]);
    group.width = panel.width;
    group.height = panel.height;
    shapes.push_back(std::move(group));
  }
  for (std::size_t n = 0; n < items.grids.size(); ++n) {
    GridShapes(items, items.grids[n], "grid/" + std::to_string(n), &shapes);
  }
  for (std::size_t n = 0; n < items.arrows.size(); ++n) {
    shapes.push_back(ArrowShape(items, items.arrows[n], "arrow/" + std::to_string(n)));
  }
  for (std::size_t n = 0; n < items.texts.size(); ++n) {
    TextShapes(items, items.texts[n], "text/" + std::to_string(n), &shapes);
  }

  const Scene& first = *sources.front().scene;
  Animation animation;
  animation.width = items.width;
  animation.height = items.height;
  animation.title =
      spec.caption.empty()
          ? WordsOf(options.scene).Say("figure.title", {{"figure", spec.figure}})
          : WordsOf(options.scene)
                .Say("figure.caption", {{"figure", spec.figure}, {"caption", spec.caption}});
  animation.description = spec.caption.empty() ? animation.title : spec.caption;
  animation.language = WordsOf(options.scene).language();
  animation.theme = first.style.theme;
  animation.step_count = 1;
  animation.step_duration = first.style.frame_duration;
  animation.cell_size = items.cell;
  animation.fonts = items.fonts;
  animation.where = SourceLocation{spec.source, 0, 0};
  animation.layers.push_back(Layer{"figure", false, std::move(shapes)});
  *out = std::move(animation);
  return Status::Ok();
}

}  // namespace convanim
