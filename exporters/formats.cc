#include "exporters/formats.h"

#include <cctype>
#include <cstdio>

#include "core/limits.h"
#include "exporters/cost.h"
#include "exporters/export_common.h"
#include "exporters/frame_pattern.h"
#include "exporters/raster_frames.h"
#include "renderer/motion.h"

namespace convanim {
namespace {

std::string FormatFrames(double frames) {
  return std::to_string(static_cast<int64_t>(frames)) + (frames == 1 ? " frame" : " frames");
}

}  // namespace

const std::vector<Format>& Formats() {
  //   name   ext    summary                                                   anim  still raster
  //   transp pattern
  static const std::vector<Format> formats = {
      {"gif", "gif", "animated GIF: every step, looping", true, false, true, true, false, WriteGif},
      {"mp4", "mp4", "H.264 video: every step (yuv420p, variable frame rate)", true, false, true,
       false, false, WriteMp4},
      {"svg", "svg",
       "SVG: the whole animation (SMIL, light and dark), or one step with --frame; text stays "
       "text",
       true, true, false, true, false, WriteSvg},
      {"html", "html",
       "HTML player: every step, with play/pause, step, scrub and speed controls; with --frame N "
       "it starts paused on step N; --html-fragment for a <div> to paste into a page",
       true, true, false, true, false, WriteHtml},
      {"png", "png", "PNG: one step (--frame)", false, true, true, true, false, WritePng},
      {"png-sequence", "png", "numbered PNGs, one per step: a path such as frames/step_%03d.png",
       true, false, true, true, true, WritePngSequence},
      {"pdf", "pdf", "PDF: one step (--frame), vector", false, true, false, true, false, WritePdf},
      {"json", "json", "the animation model: canvas, shared layers, one entry per step", true,
       false, false, true, false, WriteJson},
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
        "in the file name, and a literal percent sign is written %% (" +
        check.message() + ")");
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
      return Status::InvalidScene(
          "--frame " + std::to_string(options.frame) + " is past the last step (there are " +
          std::to_string(animation.step_count) + " steps, numbered from 0)");
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

namespace {

// What check and render share: the profiles are computed once for all formats.
struct Profiles {
  bool frames_done = false, shapes_done = false;
  FrameProfile frames;
  ShapeProfile shapes;
};

// `format` null: the limit of every format, named as such.
Status CheckPicture(const Animation& animation, const Format* format) {
  if (animation.width <= limits::kMaxPictureSide && animation.height <= limits::kMaxPictureSide) {
    return Status::Ok();
  }
  char text[160];
  std::snprintf(text, sizeof text,
                "%s: the picture would be %.0fx%.0f px; pictures are at most %.0f px a side",
                format != nullptr ? format->name : "every format", animation.width,
                animation.height, limits::kMaxPictureSide);
  return Status::InvalidScene(std::string(text) +
                                  " (use fewer or smaller steps, a shorter caption or title, or "
                                  "a smaller cell_size)",
                              animation.where);
}

Status CheckCostWith(const Animation& animation, const Format& format, const ExportOptions& options,
                     Profiles* profiles) {
  Status status = CheckPicture(animation, &format);
  if (!status.ok()) return status;
  // PNG and PDF write one step; so does SVG with --frame (HTML still writes every step).
  const bool one_step = (format.still && !format.animated) ||
                        (options.frame >= 0 && std::string(format.name) == "svg");
  if (!format.raster) {
    if (one_step) return Status::Ok();  // PDF, an SVG of one step: bounded by the picture
    if (!profiles->shapes_done) {
      profiles->shapes = ProfileShapes(animation);
      profiles->shapes_done = true;
    }
    const ShapeProfile& s = profiles->shapes;
    return CheckEstimate(animation, format, EstimateVectorCost(format, s),
                         std::to_string(s.shared + s.per_step) + " shapes over " +
                             std::to_string(animation.step_count) + " steps");
  }
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
  FrameProfile still;
  still.width = width;
  still.height = height;
  still.frames = still.steps = 1;
  if (one_step) {
    return CheckEstimate(animation, format, EstimateRasterCost(format, still), size + " pixels");
  }
  if (!profiles->frames_done) {
    status = ProfileFrames(animation, options.scale, StepDuration(animation, options),
                           &profiles->frames);
    if (!status.ok()) return status;
    profiles->frames_done = true;
  }
  FrameProfile p = profiles->frames;
  p.transparent = ResolveTransparent(animation, options);
  const int64_t frames = format.pattern ? p.steps : p.frames;
  return CheckEstimate(animation, format, EstimateRasterCost(format, p),
                       FormatFrames(static_cast<double>(frames)) + " of " + size + " pixels");
}

}  // namespace

Status CheckCost(const Animation& animation, const Format& format, const ExportOptions& options) {
  Profiles profiles;
  return CheckCostWith(animation, format, options, &profiles);
}

Status CheckRenderable(const Animation& animation, const std::vector<const Format*>& formats) {
  std::vector<const Format*> all;
  for (const Format& format : Formats()) all.push_back(&format);
  const std::vector<const Format*>& checked = formats.empty() ? all : formats;
  Status picture = CheckPicture(animation, nullptr);
  if (!picture.ok()) return picture;
  Profiles profiles;
  Status first;
  std::string within;
  for (const Format* format : checked) {
    Status status = CheckCostWith(animation, *format, ExportOptions(), &profiles);
    if (status.ok()) {
      within += (within.empty() ? "" : ", ") + std::string(format->name);
    } else if (first.ok()) {
      first = status;
    }
  }
  if (first.ok() || within.empty()) return first;
  return Status::InvalidScene(first.message() + " (within the limits: " + within + ")",
                              animation.where);
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
