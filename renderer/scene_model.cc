#include "renderer/scene_model.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/limits.h"
#include "core/numerics.h"
#include "renderer/describe.h"
#include "renderer/fonts.h"
#include "renderer/gradient_model.h"
#include "renderer/grid_shapes.h"
#include "renderer/numbers.h"
#include "renderer/receptive_field_model.h"
#include "renderer/scatter_model.h"
#include "renderer/teaching_model.h"

namespace convanim {
namespace {

// The guide style's layers, bottom first (layers:: in scene_model.h names them, in this order).
enum LayerIndex : std::size_t {
  kInputLayer,       // "input"
  kWindowLayer,      // "window"
  kConnectorsLayer,  // "connectors"
  kOutputLayer,      // "output"
  kCurrentLayer,     // "current"
  kLabelsLayer,      // "labels"
};

constexpr double kDash = 0.2125;  // dash and gap, in cells (TikZ `dashed` on 0.5 cm cells)

// The canvas as the core describes it, looked up once.
struct CanvasCells {
  int rows = 1, cols = 1;
  std::vector<CellKind> kinds;  // row-major
  bool has_empty_cells = false;
  std::vector<CellRun> input_runs;

  CellKind KindAt(int row, int col) const {
    return kinds[static_cast<std::size_t>(row) * static_cast<std::size_t>(cols) +
                 static_cast<std::size_t>(col)];
  }
  bool Contains(int row, int col) const { return row >= 0 && row < rows && col >= 0 && col < cols; }
};

CanvasCells DescribeCanvas(const Canvas& canvas) {
  CanvasCells cells;
  cells.rows = std::max(1, canvas.rows.length);
  cells.cols = std::max(1, canvas.cols.length);
  cells.kinds.resize(static_cast<std::size_t>(cells.rows) * static_cast<std::size_t>(cells.cols));
  std::vector<std::pair<int, int>> inputs;
  for (int r = 0; r < cells.rows; ++r) {
    for (int c = 0; c < cells.cols; ++c) {
      const CellKind kind = canvas.KindAt(r, c);
      cells.kinds[static_cast<std::size_t>(r) * static_cast<std::size_t>(cells.cols) +
                  static_cast<std::size_t>(c)] = kind;
      if (kind == CellKind::kInput) {
        inputs.push_back({r, c});
      } else {
        cells.has_empty_cells = true;
      }
    }
  }
  cells.input_runs = RunsOf(std::move(inputs));
  return cells;
}

// The first input channel output channel `out_channel` reads: the front input sheet.
int FrontChannel(const Scene& scene, int out_channel) {
  if (IsPooling(scene.operation)) return out_channel;
  const int out_per_group = std::max(1, scene.out_channels / std::max(1, scene.groups));
  return (out_channel / out_per_group) * (scene.in_channels / std::max(1, scene.groups));
}

// The guide's look: the paper's animations and figures, drawn as the original TikZ.
class GuideModel : public StepSource {
 public:
  GuideModel(const Scene& scene, const Schedule& schedule, FrameLayout layout, int decimals,
             std::shared_ptr<const Fonts> fonts, const Words& words)
      : scene_(scene),
        words_(words),
        schedule_(schedule),
        layout_(std::move(layout)),
        cells_(DescribeCanvas(schedule.canvas())),
        decimals_(decimals),
        fonts_(std::move(fonts)),
        half_pixel_(layout_.pixel_aligned() && std::fmod(layout_.grid_line_width(), 2.0) == 1.0
                        ? 0.5
                        : 0.0) {}

  void BuildShared(Animation* animation) const {
    animation->layers = {{layers::kInput, false, {}},     {layers::kWindow, true, {}},
                         {layers::kConnectors, true, {}}, {layers::kOutput, false, {}},
                         {layers::kCurrent, true, {}},    {layers::kLabels, false, {}}};
    static_assert(kLabelsLayer == 5, "one LayerIndex per layer, in order");
    std::vector<Shape>& input = animation->layers[kInputLayer].shapes;
    input.push_back(Rect(Role::kBackground, "background", 0, 0, layout_.width(), layout_.height()));
    for (int layer = layout_.input_layers() - 1; layer >= 0; --layer) CanvasSheet(layer, &input);
    if (layout_.view() == View::kNumerical) {
      for (const ChannelSpan& span : FrontChannelSpans()) CanvasValues(span, &input);
    }
    std::vector<Shape>& output = animation->layers[kOutputLayer].shapes;
    for (int layer = layout_.output_layers() - 1; layer >= 0; --layer) OutputSheet(layer, &output);
    if (layout_.view() == View::kNumerical) {
      for (int channel = 0; channel < schedule_.output_channels(); ++channel) {
        OutputValues(channel, &output);
      }
    }
    Labels(&animation->layers[kLabelsLayer].shapes);
  }

  void Fill(int64_t index, StepShapes* out) const override {
    const Step step = schedule_.StepAt(index);
    const int front = step.taps.empty() ? 0 : step.taps.front().in_channel;
    std::vector<const Tap*> taps;
    for (const Tap& tap : step.taps) {
      if (tap.in_channel == front) taps.push_back(&tap);
    }
    Window(step, taps, &out->layers[kWindowLayer]);
    if (layout_.view() == View::kNumerical) {
      WeightSubscripts(taps, &out->layers[kWindowLayer]);
    } else {
      Connectors(step, &out->layers[kConnectorsLayer]);
    }
    CurrentOutputCell(step, &out->layers[kCurrentLayer]);
    out->description = StepDescription(scene_, schedule_, step, decimals_, words_);
  }

 private:
  struct ChannelSpan {
    int channel;
    int64_t from, until;
  };

  GridMap CanvasMap(int layer = 0) const {
    return [this, layer](double r, double c) { return layout_.CanvasPoint(r, c, layer); };
  }
  GridMap OutputMap(int layer = 0) const {
    return [this, layer](double r, double c) { return layout_.OutputPoint(r, c, layer); };
  }

  Stroke GridStroke() const {
    Stroke stroke;
    stroke.width = layout_.grid_line_width();
    stroke.cap = LineCap::kSquare;  // closes the grid's outer corners
    return stroke;
  }

  // Steps of consecutive output channels whose front input sheet is the same channel.
  std::vector<ChannelSpan> FrontChannelSpans() const {
    std::vector<ChannelSpan> spans;
    const int64_t per_channel =
        static_cast<int64_t>(schedule_.output_size()[0]) * schedule_.output_size()[1];
    for (int j = 0; j < schedule_.output_channels(); ++j) {
      const int channel = FrontChannel(scene_, j);
      if (!spans.empty() && spans.back().channel == channel) {
        spans.back().until = (j + 1) * per_channel;
      } else {
        spans.push_back({channel, j * per_channel, (j + 1) * per_channel});
      }
    }
    if (spans.size() == 1) spans.front().until = kAllSteps;
    if (!spans.empty()) spans.front().from = 0;
    return spans;
  }

  // A sheet of the input stack: background, dashed grid where cells are empty, the
  // input cells with solid borders.
  void CanvasSheet(int layer, std::vector<Shape>* out) const {
    const GridMap map = CanvasMap(layer);
    const int rows = cells_.rows, cols = cells_.cols;
    const std::string sheet = Id("input/sheet", {layer});
    if (layout_.input_layers() > 1) {  // sheets behind must not show through
      PathBuilder back;
      back.Ring(map, 0, rows, 0, cols);
      out->push_back(back.Fill(Role::kBackground, sheet + "/back"));
    }
    if (cells_.has_empty_cells) {
      // Sheets behind the front one show only slivers: their outline is enough.
      PathBuilder dashed;
      dashed.GridLines(map, 0, rows, 0, cols, half_pixel_, /*outline_only=*/layer > 0);
      Stroke stroke;
      stroke.width = layout_.grid_line_width();
      stroke.cap = LineCap::kButt;
      double dash = kDash * layout_.cell_size();
      if (layout_.pixel_aligned()) dash = std::max(1.0, std::round(dash));
      stroke.dash = dash;
      out->push_back(dashed.Stroked(Role::kGrid, sheet + "/dashed", stroke));
    }
    PathBuilder fill;
    fill.Runs(map, cells_.input_runs);
    if (!fill.empty()) out->push_back(fill.Fill(Role::kInputCell, sheet + "/cells"));
    PathBuilder grid;
    int row_end = 0;
    if (RunsFormBlock(cells_.input_runs, &row_end)) {
      const CellRun& first = cells_.input_runs.front();
      grid.GridLines(map, first.row, row_end, first.col_begin, first.col_end, half_pixel_);
    } else {
      for (const CellRun& run : cells_.input_runs) {
        for (int c = run.col_begin; c < run.col_end; ++c) {
          grid.Ring(map, run.row, run.row + 1, c, c + 1);
          grid.LineTo(map(run.row, c));  // closed
        }
      }
    }
    if (!grid.empty()) out->push_back(grid.Stroked(Role::kGrid, sheet + "/grid", GridStroke()));
  }

  // Every canvas cell's value for the front channel of `span`: zeros in padding and
  // inserted zeros, except padding the operation ignores and cells past the padded input.
  void CanvasValues(const ChannelSpan& span, std::vector<Shape>* out) const {
    if (layout_.value_font_size() <= 0.0) return;
    for (int r = 0; r < cells_.rows; ++r) {
      for (int c = 0; c < cells_.cols; ++c) {
        double number = 0.0;
        if (!CanvasNumber(scene_, schedule_, span.channel, r, c, &number)) continue;
        const std::string text = FormatCompact(number);
        Shape shape = FittedText(Role::kValue, Id("value", {span.channel, r, c}), text,
                                 layout_.CanvasPoint(r + 0.5, c + 0.5), layout_.value_font_size(),
                                 0.9 * layout_.cell_size());
        if (shape.size <= 0) continue;
        shape.from = span.from;
        shape.until = span.until;
        out->push_back(std::move(shape));
      }
    }
  }

  // Text centred on `centre`, shrunk to `max_width` when wider; size 0 when that would
  // make it smaller than the layout's smallest readable size (the guide drops it).
  Shape FittedText(Role role, std::string id, std::string text, Point centre, double size,
                   double max_width) const {
    const double width = fonts_->Advance(text, size);
    if (max_width > 0.0 && width > max_width) {
      size *= max_width / width;
      if (size < FrameLayout::kMinReadableFont) size = 0.0;
    }
    return Text(role, std::move(id), std::move(text), centre.x, centre.y, size);
  }

  void OutputSheet(int layer, std::vector<Shape>* out) const {
    const GridMap map = OutputMap(layer);
    const int rows = layout_.output_size()[0], cols = layout_.output_size()[1];
    const std::string sheet = Id("output/sheet", {layer});
    PathBuilder fill;
    fill.Ring(map, 0, rows, 0, cols);
    out->push_back(fill.Fill(Role::kOutputCell, sheet + "/cells"));
    PathBuilder grid;
    grid.GridLines(map, 0, rows, 0, cols, half_pixel_);
    out->push_back(grid.Stroked(Role::kGrid, sheet + "/grid", GridStroke()));
  }

  void OutputValues(int channel, std::vector<Shape>* out) const {
    if (layout_.output_font_size() <= 0.0) return;
    const Tensor& output = schedule_.output();
    const int rows = layout_.output_size()[0], cols = layout_.output_size()[1];
    const int64_t per_channel = static_cast<int64_t>(rows) * cols;
    for (int r = 0; r < rows; ++r) {
      for (int c = 0; c < cols; ++c) {
        Shape shape = FittedText(Role::kOutputValue, Id("output_value", {channel, r, c}),
                                 FormatFixed(output.at(channel, r, c), decimals_),
                                 layout_.OutputPoint(r + 0.5, c + 0.5), layout_.output_font_size(),
                                 0.9 * layout_.cell_size());
        if (shape.size <= 0) continue;
        if (schedule_.output_channels() > 1) {
          shape.from = channel * per_channel;
          shape.until = (channel + 1) * per_channel;
        }
        shape.link_step = channel * per_channel + static_cast<int64_t>(r) * cols + c;
        out->push_back(std::move(shape));
      }
    }
  }

  void Labels(std::vector<Shape>* out) const {
    const double size = layout_.label_font_size();
    if (scene_.in_channels > 1) {
      const int64_t per_channel =
          static_cast<int64_t>(schedule_.output_size()[0]) * schedule_.output_size()[1];
      for (int j = 0; j < schedule_.output_channels(); ++j) {
        const Step first = schedule_.StepAt(j * per_channel);
        const Point at = layout_.input_label_centre();
        Shape label = Text(Role::kLabel, Id("label/input", {j}),
                           InputStackLabel(first, scene_.in_channels, words_), at.x, at.y, size);
        label.from = j * per_channel;
        label.until = (j + 1) * per_channel;
        out->push_back(std::move(label));
      }
    }
    if (schedule_.output_channels() > 1) {
      const int64_t per_channel =
          static_cast<int64_t>(schedule_.output_size()[0]) * schedule_.output_size()[1];
      for (int j = 0; j < schedule_.output_channels(); ++j) {
        const Point at = layout_.output_label_centre();
        Shape label =
            Text(Role::kLabel, Id("label/output", {j}),
                 OutputStackLabel(j, schedule_.output_channels(), words_), at.x, at.y, size);
        label.from = j * per_channel;
        label.until = (j + 1) * per_channel;
        out->push_back(std::move(label));
      }
    }
    if (!scene_.style.title.empty()) {
      const Point at = layout_.title_centre();
      out->push_back(
          Text(Role::kTitle, "title", scene_.style.title, at.x, at.y, layout_.title_font_size()));
    }
  }

  // The kernel's window on the front sheet: its tapped cells shaded, a solid grid over
  // the cells it spans.
  void Window(const Step& step, const std::vector<const Tap*>& taps,
              std::vector<Shape>* out) const {
    std::vector<std::pair<int, int>> cells;
    for (const Tap* tap : taps) {
      if (cells_.Contains(tap->canvas_row, tap->canvas_col)) {
        cells.push_back({tap->canvas_row, tap->canvas_col});
      }
    }
    const GridMap map = CanvasMap();
    PathBuilder shade;
    shade.Runs(map, RunsOf(std::move(cells)));
    if (!shade.empty()) out->push_back(shade.Fill(Role::kWindow, "window"));
    const int row_begin = std::max(0, step.window_origin[0]);
    const int col_begin = std::max(0, step.window_origin[1]);
    const int row_end = std::min(cells_.rows, step.window_origin[0] + step.window_extent[0]);
    const int col_end = std::min(cells_.cols, step.window_origin[1] + step.window_extent[1]);
    if (row_begin < row_end && col_begin < col_end) {
      PathBuilder grid;
      grid.GridLines(map, row_begin, row_end, col_begin, col_end, half_pixel_);
      out->push_back(grid.Stroked(Role::kGrid, "window/grid", GridStroke()));
    }
  }

  // The kernel weights, as small subscripts at the lower right of the cells they tap.
  void WeightSubscripts(const std::vector<const Tap*>& taps, std::vector<Shape>* out) const {
    if (layout_.weight_font_size() <= 0.0 || IsPooling(scene_.operation)) return;
    for (const Tap* tap : taps) {
      if (!cells_.Contains(tap->canvas_row, tap->canvas_col)) continue;
      Shape shape = FittedText(Role::kWeight, Id("weight", {tap->kernel_row, tap->kernel_col}),
                               FormatCompact(tap->weight),
                               layout_.CanvasPoint(tap->canvas_row + 0.78, tap->canvas_col + 0.8),
                               layout_.weight_font_size(), 0.38 * layout_.cell_size());
      if (shape.size > 0) out->push_back(std::move(shape));
    }
  }

  // The four thin lines from the window's outer corners to the output cell's corners.
  void Connectors(const Step& step, std::vector<Shape>* out) const {
    const double r0 = step.window_origin[0], c0 = step.window_origin[1];
    const double r1 = r0 + step.window_extent[0], c1 = c0 + step.window_extent[1];
    const double orow = step.out_row, ocol = step.out_col;
    PathBuilder lines;
    lines.Segment(layout_.CanvasPoint(r0, c0), layout_.OutputPoint(orow, ocol));
    lines.Segment(layout_.CanvasPoint(r0, c1), layout_.OutputPoint(orow, ocol + 1));
    lines.Segment(layout_.CanvasPoint(r1, c1), layout_.OutputPoint(orow + 1, ocol + 1));
    lines.Segment(layout_.CanvasPoint(r1, c0), layout_.OutputPoint(orow + 1, ocol));
    Stroke stroke;
    // Crisp hairlines on rasters: the lines move every step, and antialiased diagonals
    // would double what each GIF frame costs. At least one unit wide.
    stroke.width = std::max(1.0, layout_.connector_line_width());
    stroke.cap = LineCap::kRound;
    stroke.crisp = true;
    out->push_back(lines.Stroked(Role::kConnector, "connectors", stroke));
  }

  void CurrentOutputCell(const Step& step, std::vector<Shape>* out) const {
    const GridMap map = OutputMap();
    PathBuilder fill;
    fill.Ring(map, step.out_row, step.out_row + 1, step.out_col, step.out_col + 1);
    out->push_back(fill.Fill(Role::kCurrentOutput, "current"));
    PathBuilder grid;
    grid.GridLines(map, step.out_row, step.out_row + 1, step.out_col, step.out_col + 1,
                   half_pixel_);
    out->push_back(grid.Stroked(Role::kGrid, "current/grid", GridStroke()));
  }

  const Scene& scene_;
  const Words& words_;
  const Schedule& schedule_;
  const FrameLayout layout_;
  const CanvasCells cells_;
  const int decimals_;
  const std::shared_ptr<const Fonts> fonts_;
  const double half_pixel_;
};

}  // namespace

FrameLayout GuideLayout(const Scene& scene, const Schedule& schedule, double cell_size,
                        const Fonts* fonts, const Words& words) {
  LayoutSpec spec = FrameLayout::SpecFor(scene, schedule, cell_size, words);
  spec.fonts = fonts;
  return FrameLayout::Compute(spec);
}

Status BuildSceneAnimation(const Scene& scene, const Schedule& schedule,
                           const SceneModelOptions& asked, Animation* out) {
  // style.decimals: auto is resolved by core from the scene's numbers (core/numerics.h).
  SceneModelOptions options = asked;
  if (options.decimals < 0) options.decimals = ResolveDecimals(scene, schedule.output());
  std::shared_ptr<const Fonts> fonts = options.fonts ? options.fonts : Fonts::Embedded();
  if (!scene.style.font.empty() && !options.fonts) {
    Status status = Fonts::Load({scene.style.font}, &fonts);
    if (!status.ok()) return status;
  }
  if (!fonts) return Fonts::EmbeddedStatus();
  if (!scene.style.title.empty()) {
    Status status = fonts->CheckCovered(scene.style.title, "style.title");
    if (!status.ok()) return Status::InvalidScene(status.message(), scene.style.title_where);
  }
  const EffectiveStyle style = ResolveStyle(scene, options);
  const double cell_size = style.cell_size;
  const int decimals = style.decimals;
  const Words& words = *style.words;
  Animation animation;
  // The guide has no matrix or scatter pictures: those views are always teaching ones.
  const bool guide = scene.style.preset == Preset::kGuide &&
                     (scene.view == View::kArithmetic || scene.view == View::kNumerical);
  if (guide) {
    const FrameLayout layout = GuideLayout(scene, schedule, cell_size, fonts.get(), words);
    auto model = std::make_shared<GuideModel>(scene, schedule, layout, decimals, fonts, words);
    animation.width = layout.width();
    animation.height = layout.height();
    animation.cell_size = layout.cell_size();
    model->BuildShared(&animation);
    animation.steps = model;
  } else if (scene.view == View::kReceptiveField) {
    Status status = BuildReceptiveFieldAnimation(scene, options, fonts, &animation);
    if (!status.ok()) return status;
  } else if (scene.view == View::kScatter) {
    Status status = BuildScatterAnimation(scene, schedule, options, fonts, &animation);
    if (!status.ok()) return status;
  } else if (scene.view == View::kInputGradient || scene.view == View::kWeightGradient) {
    Status status = BuildGradientAnimation(scene, schedule, options, fonts, &animation);
    if (!status.ok()) return status;
  } else {
    Status status = BuildTeachingAnimation(scene, schedule, options, fonts, &animation);
    if (!status.ok()) return status;
  }
  // The receptive-field view steps through the last layer's cells, not the schedule's.
  const bool own_text = scene.view == View::kReceptiveField;
  const std::string alt = AltText(scene, schedule, words);
  animation.title = !scene.style.title.empty() ? scene.style.title
                    : !scene.caption.empty()   ? scene.caption
                                               : alt;
  animation.description = alt;
  animation.language = words.language();
  animation.theme = scene.style.theme;
  animation.transparent = scene.style.transparent;
  // Views that step through something else than the schedule's output cells keep their own
  // step count (scatter: input cells; gradients: input cells or weights; receptive field: the
  // last layer's cells).
  if (scene.view != View::kScatter && scene.view != View::kInputGradient &&
      scene.view != View::kWeightGradient && !own_text) {
    animation.step_count = schedule.step_count();
  }
  animation.step_duration = scene.style.frame_duration;
  animation.motion = scene.style.motion == MotionStyle::kGlide ? Motion::kGlide : Motion::kDiscrete;
  animation.still_step = animation.step_count / 2;
  animation.fonts = fonts;
  animation.where = scene.where;
  if (animation.width > limits::kMaxPictureSide || animation.height > limits::kMaxPictureSide) {
    return Status::InvalidScene(
        "the picture would be " + FormatFixed(animation.width, 0) + "x" +
            FormatFixed(animation.height, 0) + " px (" + ViewName(scene.view) + " view of a " +
            std::to_string(schedule.canvas().rows.length) + "x" +
            std::to_string(schedule.canvas().cols.length) + " grid); pictures are at most " +
            FormatFixed(limits::kMaxPictureSide, 0) +
            " px a side: use a smaller input or cell_size, or the arithmetic view",
        scene.where);
  }
  *out = std::move(animation);
  return Status::Ok();
}

}  // namespace convanim
