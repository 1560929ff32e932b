// layout: views: one step of scenes in several views, each panel a picture of its own.
#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include "core/operations.h"
#include "renderer/figure_builder.h"
#include "renderer/figure_model.h"
#include "renderer/fonts.h"
#include "renderer/grid_shapes.h"
#include "renderer/layout.h"
#include "renderer/scene_model.h"
#include "renderer/text_wrap.h"
#include "renderer/words.h"

namespace convanim {
namespace figure_view {

Status Builder::BuildViews() {
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
    scene_options.panel = true;  // panels stand side by side: each a column
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
    AddParagraph(spec_.panels[p].caption, lefts[p], tallest + 0.4 * c_, widths[p], kViewCaptionFont,
                 /*centre_single_line=*/true, /*justify=*/false);
  }
  return Status::Ok();
}

}  // namespace figure_view
}  // namespace convanim
