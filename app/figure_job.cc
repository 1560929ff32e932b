#include "app/figure_job.h"

#include <cmath>
#include <memory>
#include <vector>

#include "app/cli_common.h"
#include "core/figure_spec.h"

namespace convanim {

Status LoadFigure(const std::string& figure_path, const FigureRenderOptions& options,
                  LoadedFigure* figure) {
  Status status = LoadFigureFile(figure_path, &figure->spec);
  if (!status.ok()) return status;

  std::vector<FigureSource> sources;
  for (const FigurePanel& panel : figure->spec.panels) {
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
    sources.push_back(FigureSource{&loaded->scene, &loaded->schedule});
    figure->scenes.push_back(std::move(loaded));
  }
  return FigureRenderer::Create(figure->spec, sources, options, &figure->renderer);
}

Status RenderFigureFile(const std::string& figure_path, const std::string& out_path,
                        const FigureJobOptions& options, FigureSummary* summary) {
  if (!IsStillOutputPath(out_path)) {
    return Status::InvalidScene("a figure is written as .png, .pdf or .svg; cannot write '" +
                                out_path + "'");
  }
  LoadedFigure figure;
  Status status = LoadFigure(figure_path, options.render, &figure);
  if (!status.ok()) return status;
  return RenderLoadedFigure(figure, out_path, options, summary);
}

Status RenderLoadedFigure(const LoadedFigure& figure, const std::string& out_path,
                          const FigureJobOptions& options, FigureSummary* summary) {
  if (!IsStillOutputPath(out_path)) {
    return Status::InvalidScene("a figure is written as .png, .pdf or .svg; cannot write '" +
                                out_path + "'");
  }
  const FigureSpec& spec = figure.spec;
  const std::unique_ptr<FigureRenderer>& renderer = figure.renderer;
  std::unique_ptr<FrameSink> sink;
  Status status = CreateSinkForPath(out_path, SinkOptions(), &sink);
  if (!status.ok()) return status;
  FrameGeometry geometry;
  geometry.width = renderer->width();
  geometry.height = renderer->height();
  geometry.scale = options.scale;
  const DrawFn draw = renderer->Drawer();
  status = WriteFrames(
      geometry, 0, 1, [&draw](int64_t) { return draw; }, /*duration_seconds=*/1.0, sink.get());
  if (!status.ok()) return status;
  if (summary != nullptr) {
    summary->figure = spec.figure;
    summary->caption = spec.caption;
    summary->width_px = static_cast<int>(std::ceil(renderer->width() * options.scale));
    summary->height_px = static_cast<int>(std::ceil(renderer->height() * options.scale));
  }
  return Status::Ok();
}

}  // namespace convanim
