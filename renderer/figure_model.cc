// A figure file as a one-step animation (renderer/figure_model.h): the build, captions,
// the figure's extent, and the laid-out items as shapes.
#include "renderer/figure_model.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include "core/operations.h"
#include "renderer/figure_builder.h"
#include "renderer/fonts.h"
#include "renderer/grid_shapes.h"
#include "renderer/layout.h"
#include "renderer/text_wrap.h"
#include "renderer/words.h"

namespace convanim {
namespace figure_view {

Status Builder::Build() {
  if (sources_.size() != spec_.panels.size() || sources_.empty()) {
    return Status::Internal("figure " + spec_.figure + ": " + std::to_string(sources_.size()) +
                            " scenes given for " + std::to_string(spec_.panels.size()) + " panels");
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
                            "' draws a scene of one operation; '" + spec_.panels[p].scene_written +
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

Status Builder::SceneError(int panel, const std::string& message) const {
  return Status::InvalidScene(message, spec_.panels[static_cast<std::size_t>(panel)].where);
}

double Builder::AddParagraph(const std::string& text, double x, double top, double width,
                             double size, bool centre_single_line, bool justify) {
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

void Builder::AddFigureCaption() {
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

Box Builder::ContentBox() const {
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

void Builder::Finish() {
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

namespace {

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
}  // namespace figure_view

Status BuildFigureAnimation(const FigureSpec& spec, const std::vector<FigureSource>& sources,
                            const FigureModelOptions& options, Animation* out) {
  figure_view::FigureItems items;
  items.fonts = options.scene.fonts ? options.scene.fonts : Fonts::Embedded();
  if (!items.fonts) return Fonts::EmbeddedStatus();
  figure_view::Builder builder(spec, sources, options, &items);
  Status status = builder.Build();
  if (!status.ok()) return status;

  std::vector<Shape> shapes;
  shapes.push_back(Rect(Role::kBackground, "background", 0, 0, items.width, items.height));
  for (std::size_t n = 0; n < items.step_panels.size(); ++n) {
    const figure_view::FigureStepPanel& panel = items.step_panels[n];
    Shape group =
        Group("step/" + std::to_string(n), panel.x, panel.y, FlattenStep(items.scene, panel.step));
    group.width = panel.width;
    group.height = panel.height;
    shapes.push_back(std::move(group));
  }
  for (std::size_t n = 0; n < items.view_panels.size(); ++n) {
    const figure_view::FigureStepPanel& panel = items.view_panels[n];
    Shape group = Group("view/" + std::to_string(n), panel.x, panel.y, items.view_shapes[n]);
    group.width = panel.width;
    group.height = panel.height;
    shapes.push_back(std::move(group));
  }
  for (std::size_t n = 0; n < items.grids.size(); ++n) {
    figure_view::GridShapes(items, items.grids[n], "grid/" + std::to_string(n), &shapes);
  }
  for (std::size_t n = 0; n < items.arrows.size(); ++n) {
    shapes.push_back(figure_view::ArrowShape(items, items.arrows[n], "arrow/" + std::to_string(n)));
  }
  for (std::size_t n = 0; n < items.texts.size(); ++n) {
    figure_view::TextShapes(items, items.texts[n], "text/" + std::to_string(n), &shapes);
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
