// Figure files: how a still figure of the paper (or a user's own) is composed from
// scenes. A figure file is a small YAML mapping (documented in docs/figure-format.md):
//
//   figure: "2.1"                          # output files are figure-2.1.{pdf,svg,png}
//   caption: "(No padding, unit strides) ..."
//   layout: steps                          # steps | channels | stride_subsampling |
//                                          #   kernel_positions
//   scene: ../no_padding_no_strides.yaml   # relative to the figure file
//   steps: [0, 1, 2, 3]
//   columns: 4
//
// The loader checks the file itself (keys, types, which keys each layout takes, that the
// scene files it names exist). What depends on a scene's contents (a step index past
// the last step, a channels figure over a one-channel scene) is checked when the
// figure is laid out (renderer/figure_renderer.h), with the place in this file.
// Every fault is Status::InvalidScene with file:line:col; a missing or unreadable
// figure file is Status::IoError. The keys are the figure rows of the key table
// (core/scene_keys.h), read with the scene loader's readers (core/key_section.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/scene.h"
#include "core/status.h"

namespace convanim {

enum class FigureLayout {
  kSteps,              // several steps of one scene side by side, or in a grid
  kChannels,           // the guide's Figure 1.3: input maps, pathways, sums, output maps
  kStrideSubsampling,  // the guide's Figure 1.4: strides as unit strides + subsampling
  kKernelPositions,    // the guide's Figure 2.8: counting kernel positions, in panels
  kViews,              // panels side by side, each a scene drawn in a view of its own
};

// The figure-file word for `layout`, e.g. "stride_subsampling".
const char* FigureLayoutName(FigureLayout layout);
// The words, in the order messages list them.
const std::vector<std::string>& FigureLayoutNames();

// Bounds on what a figure file may ask for (docs/figure-format.md repeats them).
namespace figure_limits {
constexpr int64_t kMaxFileBytes = 1 << 20;
constexpr int kMaxSteps = 64;   // steps drawn on one sheet
constexpr int kMaxPanels = 16;  // panels of a kernel_positions figure
}  // namespace figure_limits

// One scene a figure draws, with an optional caption drawn under it (kernel_positions).
struct FigurePanel {
  std::string scene_path;     // resolved: relative paths are taken from the figure's folder
  std::string scene_written;  // as the figure file spells it, for messages
  std::string caption;        // empty: none
  SourceLocation where;       // the place of the scene key, for messages about the scene
  // layout 'views' only:
  std::optional<View> view;    // the view the panel draws the scene in (none: its own)
  int64_t step = -1;           // the step drawn (-1: the middle one)
  SourceLocation panel_where;  // the panel, for messages about its view or step
};

struct FigureSpec {
  std::string source;   // the figure file, as given to LoadFigureFile
  std::string figure;   // the paper's figure number, e.g. "2.1": letters, digits, '.', '-', '_'
  std::string caption;  // the guide's caption (may be empty)
  bool show_caption = false;  // draw "Figure N: caption" under the figure
  FigureLayout layout = FigureLayout::kSteps;

  // steps, channels and stride_subsampling: exactly one panel (the `scene` key).
  // kernel_positions and views: one per entry of `panels`, in order.
  std::vector<FigurePanel> panels;

  // steps layout only. Empty: the first min(4, step count) steps.
  std::vector<int64_t> steps;
  std::vector<SourceLocation> step_locations;  // one per entry of `steps`
  int columns = 0;                             // 0: all steps in one row
  SourceLocation columns_where;                // the `columns` key (or the file when absent)

  // "figure-2.1": the output file name without its extension.
  std::string OutputStem() const { return "figure-" + figure; }
};

// Reads and validates the figure file at `path`. On failure *spec is unspecified.
Status LoadFigureFile(const std::string& path, FigureSpec* spec);

// Parses figure text. `source_name` names it in messages; relative scene paths are
// resolved against `base_dir` (empty: the current directory).
Status ParseFigure(const std::string& text, const std::string& source_name,
                   const std::string& base_dir, FigureSpec* spec);

// True when the file at `path` is a figure file rather than a scene file: it has a
// top-level `figure:` or `layout:` key (scene files have neither). Reads the text only
// (no YAML parse), so it is cheap and safe on any file; false when unreadable.
bool LooksLikeFigureFile(const std::string& path);
// The same test on text already read.
bool LooksLikeFigureText(const std::string& text);

}  // namespace convanim
