// One render: a scene or figure file to one output, as `render` and `guide` run it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/cli_common.h"
#include "app/figure_job.h"
#include "core/status.h"
#include "exporters/formats.h"
#include "renderer/model.h"
#include "renderer/scene_model.h"

namespace convanim {

struct BuildOptions {
  SceneModelOptions model;         // cell size and decimals overrides
  std::vector<std::string> fonts;  // --font files, tried after Latin Modern
  int show_caption = -1;           // figures: -1 the file's show_caption, 0 never, 1 always
};

// A scene file or a figure file, loaded and built into its animation. The animation
// points into what was loaded: keep the object where it is (hold it by pointer).
struct LoadedAnimation {
  std::unique_ptr<LoadedScene> scene;    // scene files
  std::unique_ptr<LoadedFigure> figure;  // figure files
  Animation animation;
  bool is_figure() const { return figure != nullptr; }
  const Animation& model() const { return figure ? figure->animation : animation; }
  // Every file the picture was made from: the scene or figure file, the scenes a figure
  // draws, the font files a scene names (for build tools' dependencies: render --depfile).
  std::vector<std::string> InputFiles(const std::string& path) const;
  // What the author should know, a line each ("FILE:LINE:COL: note: ..."): the scenes'
  // notes (style keys that change nothing here), then the picture's (Animation::notes,
  // placed at `path`).
  std::vector<std::string> Notes(const std::string& path) const;
};

// Loads, validates and builds `path` (a figure file when it has a `figure:` or `layout:`
// key). Every fault a render would meet for its contents, nothing written.
Status LoadAnimation(const std::string& path, const BuildOptions& options,
                     std::unique_ptr<LoadedAnimation>* out);

struct RenderJob {
  std::string input_path;   // scene or figure file
  std::string output_path;  // the extension picks the format (exporters/formats.h)
  BuildOptions build;
  ExportOptions output;
  std::string depfile;  // non-empty: also write a Make rule "OUTPUT: inputs" there
};

// Checks the output path first (an unknown extension is refused before any work), then
// loads, builds and exports. Nothing is written on any failure. `notes` (may be null)
// receives what the user should know about how the picture was made (LoadedAnimation::Notes).
Status RunRenderJob(const RenderJob& job, ExportSummary* summary,
                    std::vector<std::string>* notes = nullptr);

}  // namespace convanim
