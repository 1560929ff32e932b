#include "app/render_job.h"

#include "core/figure_spec.h"
#include "renderer/fonts.h"

namespace convanim {

Status LoadAnimation(const std::string& path, const BuildOptions& options,
                     std::unique_ptr<LoadedAnimation>* out) {
  auto loaded = std::make_unique<LoadedAnimation>();
  SceneModelOptions model = options.model;
  if (!options.fonts.empty()) {
    Status status = Fonts::Load(options.fonts, &model.fonts);
    if (!status.ok()) return status;
  }
  if (model.words != nullptr) {
    // Every word of the language must have glyphs: else the picture would show boxes.
    const std::shared_ptr<const Fonts> fonts = model.fonts ? model.fonts : Fonts::Embedded();
    if (fonts == nullptr) return Fonts::EmbeddedStatus();
    for (const auto& [key, text] : model.words->entries()) {
      const Status covered = fonts->CheckCovered(text, "--language " + model.words->language());
      if (!covered.ok()) {
        return Status::InvalidScene(
            covered.message() +
            " (for Chinese, install Debian's fonts-noto-cjk and give --font "
            "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc)");
      }
    }
  }
  Status status;
  if (LooksLikeFigureFile(path)) {
    loaded->figure = std::make_unique<LoadedFigure>();
    FigureModelOptions figure_options;
    figure_options.scene = model;
    figure_options.show_caption = options.show_caption;
    status = LoadFigure(path, figure_options, loaded->figure.get());
  } else {
    loaded->scene = std::make_unique<LoadedScene>();
    status = LoadAndSchedule(path, loaded->scene.get());
    if (status.ok()) {
      status = BuildSceneAnimation(loaded->scene->scene, loaded->scene->schedule, model,
                                   &loaded->animation);
    }
  }
  if (!status.ok()) return status;
  *out = std::move(loaded);
  return Status::Ok();
}

Status RunRenderJob(const RenderJob& job, ExportSummary* summary,
                    std::vector<std::string>* notes) {
  const Format* format = nullptr;
  Status status = FormatForPath(job.output_path, &format);
  if (!status.ok()) return status;
  std::unique_ptr<LoadedAnimation> loaded;
  status = LoadAnimation(job.input_path, job.build, &loaded);
  if (!status.ok()) return status;
  if (notes != nullptr) *notes = loaded->model().notes;
  return Export(loaded->model(), job.output, job.output_path, summary);
}

}  // namespace convanim
