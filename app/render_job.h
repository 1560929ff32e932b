// One render: a scene file to one output, as `render` and `guide` both run it.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"
#include "renderer/frame_sink.h"
#include "renderer/scene_renderer.h"

namespace convanim {

struct RenderJob {
  std::string scene_path;
  std::string output_path;    // the extension picks the sink (renderer/frame_sink.h)
  int64_t frame = 0;          // the step a still (.png .pdf .svg) shows (0)
  double frame_duration = 0;  // seconds per step; 0: the scene's (1 s)
  RenderOptions render;       // cell size and decimals overrides
  double scale = 1.0;         // raster scale factor (1)
  SinkOptions sink;           // MP4 fps and CRF, GIF looping and colours
  bool quiet = false;
};

// True when `path` ends in .png, .pdf or .svg (any case) and is no frame pattern: a
// still, which shows one step (and the only formats a figure is written in).
bool IsStillOutputPath(const std::string& path);

struct RenderSummary {
  int64_t frames = 0;
  int width_px = 0, height_px = 0;
};

// Loads and validates the scene, then renders it. Nothing is written on any failure
// (the sinks write atomically); an invalid scene is Status::InvalidScene.
Status RunRenderJob(const RenderJob& job, RenderSummary* summary);

struct LoadedScene;
// Renders a scene already loaded (job.scene_path is only used in messages). Safe to
// call from several threads at once, each with its own output.
Status RenderLoadedScene(const LoadedScene& loaded, const RenderJob& job, RenderSummary* summary);

}  // namespace convanim
