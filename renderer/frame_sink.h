// Where rendered frames go. Every output format (GIF, MP4, PNG, PNG sequence, PDF,
// SVG) sits behind this one interface, and the render loop knows nothing of formats.
//
// A frame is handed over as a drawing callback rather than pixels, so vector sinks
// (PDF, SVG) keep vectors and raster sinks rasterize at their own scale. Sinks stream:
// none keeps more than a few frames of pixels, however many frames arrive.
//
// Files are written atomically: a sink writes to a temporary file beside the target
// and renames it into place only in Finish(). A sink destroyed without a successful
// Finish() removes its temporary file and leaves any existing target untouched.
#pragma once

#include <cairo.h>

#include <functional>
#include <memory>
#include <string>

#include "core/status.h"

namespace convanim {

// Draws one frame into `cr`, whose user space is the picture's: (0,0) top-left,
// one unit per pixel at scale 1, the area FrameGeometry::width x height.
using DrawFn = std::function<void(cairo_t* cr)>;

struct FrameGeometry {
  double width = 0;   // picture size in user units (pixels at scale 1)
  double height = 0;
  double scale = 1.0;  // raster sinks draw at scale x user units (rounded up to pixels)
};

class FrameSink {
 public:
  virtual ~FrameSink() = default;

  // Called once, before any frame.
  virtual Status Begin(const FrameGeometry& geometry) = 0;

  // Sinks that must see every frame before encoding (the GIF sink builds its palette
  // from the colours actually drawn) return true; the render loop then calls Preview()
  // for every frame, in order, before the AddFrame() calls.
  virtual bool WantsPreviewPass() const { return false; }
  virtual Status Preview(const DrawFn& draw) {
    (void)draw;
    return Status::Ok();
  }

  // One frame, shown for `duration_seconds`.
  virtual Status AddFrame(const DrawFn& draw, double duration_seconds) = 0;

  // Flushes and moves the output into place. Nothing is visible at the target before.
  virtual Status Finish() = 0;
};

// Output options a user can set on the command line; defaults in comments.
struct SinkOptions {
  int mp4_fps = 10;          // MP4 frame rate; each step is held for its duration (10)
  int mp4_crf = 18;          // x264 constant rate factor (18: flat graphics stay sharp)
  bool gif_loop = true;      // loop forever (true)
  int gif_colours = 16;      // GIF palette size, 2..256 (16: flat colours exact, files small)
};

// Picks a sink from the extension of `path`: .gif .mp4 .png .pdf .svg, or a
// printf-style pattern such as "frames/step_%03d.png" for a numbered PNG sequence.
// Unknown extensions are Status::InvalidScene (a usage error) naming the path.
Status CreateSinkForPath(const std::string& path, const SinkOptions& options,
                         std::unique_ptr<FrameSink>* sink);

// True when `path` holds one printf-style integer conversion such as %d or %03d.
bool IsFramePattern(const std::string& path);

}  // namespace convanim
