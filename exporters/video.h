// Animated raster outputs: GIF written here (exporters/gif_writer.cc: GIF89a and LZW of
// each frame's changed box), MP4 through libav (libx264 into the mp4 muxer). The painter
// (exporters/raster_frames.h) hands over whole frames with the rectangles that changed
// since the previous frame and how long each frame shows; the writers never draw.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"

namespace convanim {

struct PixelRect {
  int x = 0, y = 0, width = 0, height = 0;
};

// One frame of pixels as Cairo lays them out: 32-bit native-endian words, 0xAARRGGBB,
// premultiplied alpha (CAIRO_FORMAT_ARGB32), or 0xXXRRGGBB opaque (CAIRO_FORMAT_RGB24).
struct RasterFrame {
  const uint32_t* pixels = nullptr;
  int width = 0, height = 0;
  int stride_words = 0;            // uint32_t words from one row to the next
  bool has_alpha = false;          // true: transparent background (ARGB32)
  std::vector<PixelRect> changed;  // what differs from the previous frame; all for the first
  double duration = 1.0;           // seconds this frame shows
};

class FrameWriter {
 public:
  virtual ~FrameWriter() = default;
  // Frames that show the colours to expect (e.g. the first and the last step), before
  // the first Add(); the GIF writer builds its palette from them. Optional.
  virtual Status Preview(const RasterFrame& frame) = 0;
  // Frames are used during the call only. Only `changed` is read again after the first
  // frame: pixels outside it must be those of the previous frame.
  virtual Status Add(const RasterFrame& frame) = 0;
  // Finishes the file (at least one frame) and moves it into place
  // (exporters/output_file.h). After a failure a writer is only destroyed, which
  // removes its temporary file.
  virtual Status Finish() = 0;
};

struct GifOptions {
  // Palette size, 2..256: the most frequent preview colours, exact (every colour when
  // there are no more); other colours map to the nearest one, without dithering. At most
  // 255 are used: one index stays free for transparency (unchanged or clear pixels).
  int colours = 16;
  bool loop = true;  // loop forever, else play once
};
// Width and height of every frame are fixed at open; the file is created then (its
// folders too). Without Preview(), the palette comes from the first frame. Later frames
// store the box around the pixels that differ (within `changed`), drawn over the frames
// before; a transparent GIF (frames with has_alpha) stores every frame whole, disposed to
// the background after showing. The same frames give the same bytes.
Status OpenGifWriter(const std::string& path, int width, int height, const GifOptions& options,
                     std::unique_ptr<FrameWriter>* out);

struct Mp4Options {
  int crf = 18;  // x264 constant rate factor
};
// H.264 High (libx264, crf, tune animation, no B-frames) yuv420p (BT.709, limited range,
// tagged), even dimensions (the extra row or column repeats the last), +faststart;
// variable frame rate: each frame is one sample showing for its duration (pts in ms from
// the cumulative time). Frames must be opaque (else InvalidScene). The same frames give
// the same bytes, also with writers running in other threads.
Status OpenMp4Writer(const std::string& path, int width, int height, const Mp4Options& options,
                     std::unique_ptr<FrameWriter>* out);

}  // namespace convanim
