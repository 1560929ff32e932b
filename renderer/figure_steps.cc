// layout: steps: several steps of one scene on one sheet, each a group of that step's shapes.
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

Status Builder::BuildSteps(double requested) {
  const FigureSource& source = sources_.front();
  SceneModelOptions scene_options = options_.scene;
  scene_options.cell_size = requested;
  scene_options.fonts = out_->fonts;
  Status built = BuildSceneAnimation(*source.scene, *source.schedule, scene_options, &out_->scene);
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

}  // namespace figure_view
}  // namespace convanim
