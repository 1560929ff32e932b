// .svg: one step with --frame, else the whole animation timed by SMIL (exporters/svg_builder.h).
#include <memory>

#include "exporters/export_common.h"
#include "exporters/output_file.h"
#include "exporters/svg_builder.h"

namespace convanim {

// The themes of a file that can follow the reader's colour scheme: unless a theme is
// pinned (--theme, or a scene theme other than the default light), light and dark.
Status ResolveSvgThemes(const Animation& animation, const ExportOptions& options, SvgOptions* svg) {
  Status status = ResolveTheme(animation, options, &svg->light);
  if (!status.ok()) return status;
  const bool pinned = !options.theme.empty() || animation.theme != "light";
  svg->has_dark = !pinned && GetTheme("dark", &svg->dark).ok();
  svg->transparent = ResolveTransparent(animation, options);
  return Status::Ok();
}

Status WriteSvg(const Format&, const Animation& animation, const ExportOptions& options,
                const std::string& path, ExportSummary* summary) {
  SvgOptions svg;
  Status status = ResolveSvgThemes(animation, options, &svg);
  if (!status.ok()) return status;
  const bool still = options.frame >= 0 || animation.step_count <= 1;
  svg.mode = still ? SvgMode::kStill : SvgMode::kSmil;
  svg.step = still ? StillStep(animation, options) : animation.still_step;
  svg.step_duration = StepDuration(animation, options);
  std::string text;
  status = BuildSvg(animation, svg, &text);
  if (!status.ok()) return status;
  std::unique_ptr<OutputFile> file;
  status = OutputFile::Create(path, &file);
  if (status.ok()) status = file->Write(text);
  if (status.ok()) status = file->Commit();
  if (!status.ok()) return status;
  summary->frames = still ? 1 : animation.step_count;
  summary->width_px = static_cast<int>(animation.width);
  summary->height_px = static_cast<int>(animation.height);
  summary->bytes = static_cast<int64_t>(text.size());
  return Status::Ok();
}

}  // namespace convanim
