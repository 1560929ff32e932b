// The frame sinks behind renderer/frame_sink.h, one factory per format.
// CreateSinkForPath() (sink_factory.cc) picks among them by the output path; tests and
// benchmarks may also call them directly. Every sink streams (at most a couple
// of frames of pixels alive), writes atomically (renderer/sinks/atomic_file.h) and
// produces the same bytes for the same frames.
//
// Raster sinks draw at FrameGeometry::scale into ceil(width*scale) x ceil(height*scale)
// pixels; vector sinks (PDF, SVG) use width x height points and ignore the scale.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "renderer/frame_sink.h"

namespace convanim {
namespace sinks {

// One PNG still (8-bit RGB, no alpha: every frame is opaque). Takes exactly one frame:
// a second AddFrame() is an Internal error (the render loop picks `--frame N`).
std::unique_ptr<FrameSink> MakePngSink(const std::string& path, const SinkOptions& options);

// One vector still through Cairo's PDF surface (PDF 1.5, no creation or modification
// date, so the bytes depend only on the drawing) or SVG surface (SVG 1.1, px units).
// Exactly one frame, as for PNG.
std::unique_ptr<FrameSink> MakePdfSink(const std::string& path, const SinkOptions& options);
std::unique_ptr<FrameSink> MakeSvgSink(const std::string& path, const SinkOptions& options);

// Every frame as a PNG named by the printf-style `pattern` (one %d conversion such as
// %03d, in the file name part; %% is a literal percent sign). Frames are numbered by
// arrival from 0: the first AddFrame() is number 0, whichever step it shows. All files
// appear together at Finish(): on any failure none of them is written and files they
// would have replaced are kept.
std::unique_ptr<FrameSink> MakePngSequenceSink(const std::string& pattern,
                                               const SinkOptions& options);

// Animated GIF through libavcodec's GIF encoder (in the GIF module, loaded on first
// use: module_loader.h); the file around its packets is written by the sink itself,
// as FFmpeg's gif muxer writes it (gif_container.h).
// Wants the preview pass: the palette holds the colours actually drawn (exactly, when
// there are at most 256; see gif_palette.h), with no dithering. Unchanged pixels
// between frames cost nothing (changed-rectangle offsets and transparency). Loops
// forever when options.gif_loop (NETSCAPE2.0 loop count 0), else plays once.
// Frame times are centiseconds from the cumulative time, so rounding never drifts; a
// frame shorter than 1 cs after rounding is held for 1 cs. The last frame's delay is
// its own duration too.
// The preview pass's frames are kept (as colour runs) while they take at most
// `preview_memory_budget` bytes in all, and AddFrame() then encodes them instead of
// drawing again (frames arrive in the preview's order); later frames are drawn again.
// When every frame was kept, a second thread encodes the second half (the bytes are
// the same). More AddFrame() calls than Preview() calls are an Internal error.
constexpr std::size_t kGifPreviewMemoryBudget = std::size_t{32} << 20;  // 32 MiB
std::unique_ptr<FrameSink> MakeGifSink(const std::string& path, const SinkOptions& options);
std::unique_ptr<FrameSink> MakeGifSink(const std::string& path, const SinkOptions& options,
                                       std::size_t preview_memory_budget);

// H.264 MP4 through libx264 (the whole sink lives in the MP4 module, loaded when the
// sink is created, waited for in Begin(): module_loader.h): yuv420p (BT.709, limited range,
// tagged), even dimensions (padded with white on the right and bottom), constant options.mp4_fps
// frame rate: frame k shows the step being shown at time k/fps, so each step lasts round(end*fps) -
// round(start*fps) frames of its cumulative start and end times (a step shorter than half a frame
// may get none). CRF options.mp4_crf, preset medium, tune animation, one encoder thread (bytes do
// not depend on the machine's cores), moov atom first (+faststart) so browsers start playing at
// once.
std::unique_ptr<FrameSink> MakeMp4Sink(const std::string& path, const SinkOptions& options);

// Frame patterns (frame_pattern.cc). CheckFramePattern: Ok when `pattern` is one for
// MakePngSequenceSink (IsFramePattern(), the conversion in the file name part, a field
// width of at most 64), else InvalidScene naming it. FormatFramePath: `pattern` with its
// conversion expanded for frame `number` and each %% written as %.
Status CheckFramePattern(const std::string& pattern);
std::string FormatFramePath(const std::string& pattern, long number);

}  // namespace sinks
}  // namespace convanim
