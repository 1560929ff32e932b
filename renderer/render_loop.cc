#include "renderer/scene_renderer.h"

namespace convanim {

Status WriteFrames(const FrameGeometry& geometry, int64_t first, int64_t last,
                   const std::function<DrawFn(int64_t)>& frame, double duration_seconds,
                   FrameSink* sink) {
  Status status = sink->Begin(geometry);
  if (!status.ok()) return status;
  if (sink->WantsPreviewPass()) {
    for (int64_t i = first; i < last; ++i) {
      status = sink->Preview(frame(i));
      if (!status.ok()) return status;
    }
  }
  for (int64_t i = first; i < last; ++i) {
    status = sink->AddFrame(frame(i), duration_seconds);
    if (!status.ok()) return status;
  }
  return sink->Finish();
}

Status RenderToSink(const SceneRenderer& renderer, const RenderLoopOptions& options,
                    FrameSink* sink) {
  if (!renderer.status().ok()) return renderer.status();
  const int64_t count = renderer.schedule().step_count();
  const int64_t last = options.last < 0 ? count : options.last;
  if (options.first < 0 || options.first >= count || last > count || last <= options.first) {
    return Status::InvalidScene("frame range [" + std::to_string(options.first) + ", " +
                                std::to_string(last) + ") is outside the scene's " +
                                std::to_string(count) + " steps (0.." + std::to_string(count - 1) +
                                ")");
  }
  // Time is mapped to frames here and only here: every step lasts `duration`.
  const double duration =
      options.frame_duration > 0 ? options.frame_duration : renderer.scene().style.frame_duration;
  FrameGeometry geometry;
  geometry.width = renderer.width();
  geometry.height = renderer.height();
  geometry.scale = options.scale;
  return WriteFrames(
      geometry, options.first, last, [&renderer](int64_t i) { return renderer.StepDrawer(i); },
      duration, sink);
}

}  // namespace convanim
