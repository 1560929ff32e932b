#include "app/render_job.h"

#include <cctype>
#include <cmath>
#include <memory>

#include "app/cli_common.h"

namespace convanim {

bool IsStillOutputPath(const std::string& path) {
  if (IsFramePattern(path)) return false;
  const auto dot = path.find_last_of('.');
  const auto slash = path.find_last_of('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return false;
  std::string ext = path.substr(dot + 1);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == "png" || ext == "pdf" || ext == "svg";
}

namespace {

Status RenderWithSink(const LoadedScene& loaded, const RenderJob& job, FrameSink* sink,
                      RenderSummary* summary) {
  SceneRenderer renderer(loaded.scene, loaded.schedule, job.render);
  RenderLoopOptions loop;
  loop.frame_duration = job.frame_duration;
  loop.scale = job.scale;
  if (IsStillOutputPath(job.output_path)) {
    if (job.frame >= loaded.schedule.step_count()) {
      return Status::InvalidScene(
          "--frame " + std::to_string(job.frame) + " is past the last step of " + job.scene_path +
          " (it has " + std::to_string(loaded.schedule.step_count()) + " steps, numbered from 0)");
    }
    loop.first = job.frame;
    loop.last = job.frame + 1;
  }
  Status status = RenderToSink(renderer, loop, sink);
  if (!status.ok()) return status;
  summary->frames = (loop.last < 0 ? loaded.schedule.step_count() : loop.last) - loop.first;
  summary->width_px = static_cast<int>(std::ceil(renderer.width() * job.scale));
  summary->height_px = static_cast<int>(std::ceil(renderer.height() * job.scale));
  return Status::Ok();
}

}  // namespace

Status RunRenderJob(const RenderJob& job, RenderSummary* summary) {
  // The sink is chosen first so a bad extension is refused before any work.
  std::unique_ptr<FrameSink> sink;
  Status status = CreateSinkForPath(job.output_path, job.sink, &sink);
  if (!status.ok()) return status;

  LoadedScene loaded;
  status = LoadAndSchedule(job.scene_path, &loaded);
  if (!status.ok()) return status;
  return RenderWithSink(loaded, job, sink.get(), summary);
}

Status RenderLoadedScene(const LoadedScene& loaded, const RenderJob& job, RenderSummary* summary) {
  std::unique_ptr<FrameSink> sink;
  Status status = CreateSinkForPath(job.output_path, job.sink, &sink);
  if (!status.ok()) return status;
  return RenderWithSink(loaded, job, sink.get(), summary);
}

}  // namespace convanim
