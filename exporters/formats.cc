#include "exporters/formats.h"

#include <cctype>
#include <cstdio>

#include "core/limits.h"
#include "exporters/raster_frames.h"
#include "renderer/motion.h"

#include "exporters/export_common.h"
#include "exporters/frame_pattern.h"

namespace convanim {
namespace {

std::string FormatFrames(double frames) {
  return std::to_string(static_cast<int64_t>(frames)) + (frames == 1 ? " frame" : " frames");
}

}  // namespace

const std::vector<Format>& Formats() {
  //   name   ext    summary                                                   anim  still raster transp pattern
  static const std::vector<Format> formats = {
      {"gif", "gif", "animated GIF: every step, looping", true, false, true, true, false,
       limits::kMaxGifPixelFrames, WriteGif},
      {"mp4", "mp4", "H.264 video: every step (yuv420p, variable frame rate)", true, false, true,
       false, false, limits::kMaxMp4PixelFrames, WriteMp4},
      {"svg", "svg",
       "SVG: the whole animation (SMIL, light and dark), or one step with --frame; text stays "
       "text",
       true, true, false, true, false, 0, WriteSvg},
      {"html", "html",
       "HTML player: every step, with play/pause, step, scrub and speed controls; with --frame N "
       "it starts paused on step N; --html-fragment for a <div> to paste into a page",
       true, true, false, true, false, 0, WriteHtml},
      {"png", "png", "PNG: one step (--frame)", false, true, true, true, false, 0, WritePng},
      {"png-sequence", "png", "numbered PNGs, one per step: a path such as frames/step_%03d.png",
       true, false, true, true, true, limits::kMaxPngSequencePixelFrames, WritePngSequence},
      {"pdf", "pdf", "PDF: one step (--frame), vector", false, true, false, true, false, 0,
       WritePdf},
      {"json", "json", "the animation model: canvas, shared layers, one entry per step", true,
       false, false, true, false, 0, WriteJson},
  };
  return formats;
}

const Format* FormatNamed(const std::string& name) {
  for (const Format& format : Formats()) {
    if (name == format.name) return &format;
  }
  return nullptr;
}

std::string FormatNames() {
  std::string names;
  for (const Format& format : Formats()) {
    names += (names.empty() ? "" : ", ") + std::string(format.name);
  }
  return names;
}

Status FormatForPath(const std::string& path, const Format** out) {
  const bool pattern = IsFramePattern(path);
  if (!pattern && path.find('%') != std::string::npos) {
    // Not written under a literal name: the user meant a pattern, or must say so.
    Status check = CheckFramePattern(path);
    return Status::InvalidScene(
        "output '" + path +
        "': '%' starts a frame number; a numbered PNG sequence takes exactly one %d (or %03d) "
        "in the file name, and a literal percent sign is written %% (" + check.message() + ")");
  }
  const std::size_t slash = path.find_last_of('/');
  const std::size_t dot = path.find_last_of('.');
  std::string extension;
  if (dot != std::string::npos && (slash == std::string::npos || dot > slash)) {
    extension = path.substr(dot + 1);
    for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  for (const Format& format : Formats()) {
    if (extension == format.extension && pattern == format.pattern) {
      *out = &format;
      return Status::Ok();
    }
  }
  std::string known;
  for (const Format& format : Formats()) {
    if (format.pattern) continue;
    known += (known.empty() ? "." : ", .") + std::string(format.extension);
  }
  if (pattern) {
    return Status::InvalidScene("output '" + path +
                                "': a %d pattern writes numbered .png files; use a name such as "
                                "frames/step_%03d.png");
  }
  return Status::InvalidScene("cannot tell the format of output '" + path + "' (use " + known +
                              ", or a pattern such as frames/step_%03d.png)");
}

Status Export(const Animation& animation, const ExportOptions& options, const std::string& path,
              ExportSummary* summary) {
  const Format* format = nullptr;
  Status status = FormatForPath(path, &format);
  if (!status.ok()) return status;
  if (format->pattern) {
    status = CheckFramePattern(path);
    if (!status.ok()) return status;
  }
  if (options.frame >= 0) {
    if (!format->still) {
      return Status::InvalidScene(std::string("--frame picks one step, but ") + format->name +
                                  " writes every step; write one step as .png, .pdf or .svg");
    }
    if (options.frame >= animation.step_count) {
      return Status::InvalidScene("--frame " + std::to_string(options.frame) +
                                  " is past the last step (there are " +
                                  std::to_string(animation.step_count) +
                                  " steps, numbered from 0)");
    }
  }
  if (ResolveTransparent(animation, options) && !format->transparency) {
    return Status::InvalidScene(std::string(format->name) +
                                " has no transparency; drop --background transparent (or "
                                "style.background) or write PNG, GIF, SVG or PDF");
  }
  Theme theme;
  status = ResolveTheme(animation, options, &theme);
  if (!status.ok()) return status;
  status = CheckCost(animation, *format, options);
  if (!status.ok()) return status;
  ExportSummary ignored;
  return format->write(*format, animation, options, path, summary != nullptr ? summary : &ignored);
}

Status CheckCost(const Animation& animation, const Format& format, const ExportOptions& options) {
  if (!format.raster) return Status::Ok();
  int width = 0, height = 0;
  PixelSize(animation.width, animation.height, options.scale, &width, &height);
  const std::string size = std::to_string(width) + "x" + std::to_string(height);
  if (width > limits::kMaxPixelSide || height > limits::kMaxPixelSide) {
    return Status::InvalidScene(std::string(format.name) + ": the picture would be " + size +
                                    " pixels; rasters are at most " +
                                    std::to_string(limits::kMaxPixelSide) +
                                    " pixels a side (use a smaller --scale)",
                                animation.where);
  }
  const bool one_step = format.still && !format.animated;
  if (one_step) return Status::Ok();
  const double frames = static_cast<double>(
      format.pattern ? animation.step_count
                     : static_cast<int64_t>(Timeline(animation, StepDuration(animation, options)).size()));
  const double cost = frames * static_cast<double>(width) * static_cast<double>(height);
  const double limit = format.max_pixel_frames;
  if (limit > 0 && cost > limit) {
    char text[96];
    std::snprintf(text, sizeof text, "%.3g pixel-frames; %s is at most %.3g", cost, format.name,
                  limit);
    return Status::InvalidScene(std::string(format.name) + ": " + FormatFrames(frames) + " of " +
                                    size + " pixels make " + text +
                                    ": use fewer steps, a smaller picture or --scale, or SVG or "
                                    "HTML, which have no such cost",
                                animation.where);
  }
  return Status::Ok();
}

Status CheckRenderable(const Animation& animation) {
  for (const Format& format : Formats()) {
    Status status = CheckCost(animation, format, ExportOptions());
    if (!status.ok()) return status;
  }
  return Status::Ok();
}

Status ResolveTheme(const Animation& animation, const ExportOptions& options, Theme* theme) {
  return GetTheme(options.theme.empty() ? animation.theme : options.theme, theme);
}

bool ResolveTransparent(const Animation& animation, const ExportOptions& options) {
  return options.transparent < 0 ? animation.transparent : options.transparent > 0;
}

int64_t StillStep(const Animation& animation, const ExportOptions& options) {
  (void)animation;
  return options.frame >= 0 ? options.frame : 0;
}

double StepDuration(const Animation& animation, const ExportOptions& options) {
  return options.frame_duration > 0.0 ? options.frame_duration : animation.step_duration;
}

}  // namespace convanim
