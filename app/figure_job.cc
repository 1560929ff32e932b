#include "app/figure_job.h"

namespace convanim {

Status LoadFigure(const std::string& figure_path, const FigureModelOptions& options,
                  LoadedFigure* figure) {
  Status status = LoadFigureScenes(figure_path, figure);
  if (!status.ok()) return status;
  return BuildFigure(options, figure);
}

Status BuildFigure(const FigureModelOptions& options, LoadedFigure* figure) {
  std::vector<FigureSource> sources;
  for (const auto& loaded : figure->scenes) {
    sources.push_back(FigureSource{&loaded->scene, &loaded->schedule});
  }
  return BuildFigureAnimation(figure->spec, sources, options, &figure->animation);
}

Status LoadFigureScenes(const std::string& figure_path, LoadedFigure* figure) {
  Status status = LoadFigureFile(figure_path, &figure->spec);
  if (!status.ok()) return status;
  for (const FigurePanel& panel : figure->spec.panels) {
    // A figure names scene files only: another file (/etc/passwd, a key file) is refused
    // before it is read, so that no message quotes its content.
    const std::string& name = panel.scene_path;
    const auto ends_with = [&name](const std::string& tail) {
      return name.size() > tail.size() &&
             name.compare(name.size() - tail.size(), tail.size(), tail) == 0;
    };
    if (!ends_with(".yaml") && !ends_with(".yml")) {
      return Status::InvalidScene(
          "scene '" + panel.scene_written +
              "' is not a scene file (scene files are named *.yaml or *.yml)",
          panel.where);
    }
    auto loaded = std::make_unique<LoadedScene>();
    status = LoadAndSchedule(panel.scene_path, loaded.get());
    if (!status.ok()) {
      const std::string drawn_by = " (scene drawn by " + panel.where.ToString() + ")";
      if (status.code() == Status::Code::kInvalidScene) {
        return Status::InvalidScene(status.message() + drawn_by, status.where());
      }
      if (status.code() == Status::Code::kIoError) {
        return Status::IoError(status.message() + drawn_by);
      }
      return status;
    }
    figure->scenes.push_back(std::move(loaded));
  }
  return Status::Ok();
}

}  // namespace convanim
