// convanim render SCENE -o OUT: one scene to GIF, MP4, PNG, PDF, SVG or numbered PNGs.
#include <cmath>
#include <cstdio>
#include <memory>

#include "app/cli_common.h"
#include "app/commands.h"
#include "app/figure_job.h"
#include "app/render_job.h"
#include "core/figure_spec.h"

namespace convanim {

int RunRender(int argc, char** argv) {
  CLI::App app(
      "Render a scene. The format follows OUT's extension: .gif and .mp4 animate every step; "
      ".png, .pdf and .svg are stills of one step (--frame); a pattern such as "
      "frames/step_%03d.png writes every step as a numbered PNG. A figure file "
      "(docs/figure-format.md) renders to .png, .pdf or .svg.",
      "render");
  RenderJob job;
  app.add_option("scene", job.scene_path, "scene file or figure file (YAML)")->required();
  app.add_option("-o,--output", job.output_path,
                 "output file (.gif .mp4 .png .pdf .svg or a %d pattern)")
      ->required();
  app.add_option("-f,--frame", job.frame, "the step a still shows, from 0 (default 0)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--frame-duration", job.frame_duration,
                 "seconds each step is shown (default: the scene's style, 1 s)")
      ->check(CLI::Range(0.01, 3600.0));
  app.add_option("--scale", job.scale, "raster scale factor (default 1; 2 for high-DPI)")
      ->check(CLI::Range(0.1, 8.0));
  app.add_option("--cell-size", job.render.cell_size,
                 "pixels per grid cell at scale 1 (default: chosen from the grid size)")
      ->check(CLI::Range(4.0, 400.0));
  app.add_option("--decimals", job.render.decimals,
                 "digits after the point for output values (default: the scene's, 1)")
      ->check(CLI::Range(0, 6));
  app.add_option("--fps", job.sink.mp4_fps, "MP4 frame rate (default 10)")
      ->check(CLI::Range(1, 60));
  app.add_option("--crf", job.sink.mp4_crf, "MP4 quality, x264 CRF: lower is sharper (default 18)")
      ->check(CLI::Range(0, 51));
  app.add_option("--gif-colours", job.sink.gif_colours,
                 "GIF palette size: 16 keeps the figures' flat colours exact and files small; "
                 "256 keeps every antialiasing shade (default 16)")
      ->check(CLI::Range(2, 256));
  bool no_loop = false;
  app.add_flag("--no-loop", no_loop, "GIF plays once instead of looping forever");
  app.add_flag("-q,--quiet", job.quiet, "print nothing but errors");
  if (auto exit = ParseCommandLine(app, argc, argv)) return *exit;
  job.sink.gif_loop = !no_loop;

  if (LooksLikeFigureFile(job.scene_path)) {
    FigureJobOptions options;
    options.render.scene = job.render;
    options.scale = job.scale;
    FigureSummary figure;
    Status status = RenderFigureFile(job.scene_path, job.output_path, options, &figure);
    if (!status.ok()) return Report(status);
    if (!job.quiet) {
      std::fprintf(stderr, "wrote %s (figure %s, %dx%d px)\n", job.output_path.c_str(),
                   figure.figure.c_str(), figure.width_px, figure.height_px);
    }
    return kExitSuccess;
  }
  RenderSummary summary;
  Status status = RunRenderJob(job, &summary);
  if (!status.ok()) return Report(status);
  if (!job.quiet) {
    std::fprintf(stderr, "wrote %s (%lld frame%s, %dx%d px)\n", job.output_path.c_str(),
                 static_cast<long long>(summary.frames), summary.frames == 1 ? "" : "s",
                 summary.width_px, summary.height_px);
  }
  return kExitSuccess;
}

}  // namespace convanim
