// The one registry of output formats. `render`, `guide`, `check`, the help texts and the
// gallery all read this table; adding a format is a row here and its writer.
//
// Every writer only reads the animation model, writes atomically
// (exporters/output_file.h) and gives the same bytes for the same model and options.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "exporters/video.h"
#include "renderer/model.h"

namespace convanim {

struct ExportOptions {
  int64_t frame = -1;           // the step a still shows (HTML: starts on, paused); -1: step 0
                                // (SVG, HTML: animate)
  double frame_duration = 0.0;  // seconds per step; 0: the animation's
  double scale = 1.0;           // raster formats: pixels per unit
  std::string theme;            // "": the animation's (SVG and HTML: light and dark)
  int transparent = -1;         // -1: the animation's; 0: opaque; 1: transparent background
  GifOptions gif;
  Mp4Options mp4;
  bool html_fragment = false;  // HTML: an element to paste into a page, not a whole page
};

struct ExportSummary {
  int64_t frames = 0;               // steps (or frames) written
  int width_px = 0, height_px = 0;  // raster formats: pixels; vector: units
  int64_t bytes = 0;                // bytes written in all
};

struct Format;
using WriteFn = Status (*)(const Format& format, const Animation& animation,
                           const ExportOptions& options, const std::string& path,
                           ExportSummary* summary);

struct Format {
  const char* name;       // "gif"; `guide --formats` takes these names
  const char* extension;  // "gif": the output path's extension selects the format
  const char* summary;    // one line for help texts and docs
  bool animated;          // writes every step (with --frame: one step, where `still`)
  bool still;             // takes --frame N: writes one step (HTML: starts paused on it)
  bool raster;            // pixels: --scale applies
  bool transparency;      // --background transparent is possible
  bool pattern;           // the path holds a %d pattern: one file per step
  WriteFn write;
};

// Every format, in the order help texts list them.
const std::vector<Format>& Formats();
const Format* FormatNamed(const std::string& name);
// The format `path` asks for (its extension, or a %d pattern for PNG sequences).
// InvalidScene naming the path and the known extensions when none fits.
Status FormatForPath(const std::string& path, const Format** format);
// "gif, mp4, png, ..." (names), for help texts.
std::string FormatNames();

// What writing `animation` in `format` with `options` would cost, against the documented
// limits (core/limits.h: picture and raster sides, then the CPU time and memory that
// exporters/cost.h estimates): InvalidScene at the scene's place naming the format and
// the limit.
Status CheckCost(const Animation& animation, const Format& format, const ExportOptions& options);
// CheckCost for `formats` (empty: every format) with default options: what `check` runs,
// so that a scene it accepts renders to each of them. The first refusal names its format
// and limit, and the formats checked that are within their limits.
Status CheckRenderable(const Animation& animation, const std::vector<const Format*>& formats = {});

// Writes `animation` to `path` in the format its path selects. Checks the options
// against the format first (a --frame past the last step, transparency where the format
// has none: InvalidScene), so nothing is written for a usage error.
Status Export(const Animation& animation, const ExportOptions& options, const std::string& path,
              ExportSummary* summary);

}  // namespace convanim
