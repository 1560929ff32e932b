// What every writer of exporters/formats.h resolves the same way.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"
#include "exporters/formats.h"
#include "exporters/theme.h"
#include "renderer/model.h"

namespace convanim {

// The theme a raster or single-theme output uses: --theme, else the animation's.
Status ResolveTheme(const Animation& animation, const ExportOptions& options, Theme* theme);
// Whether the background is left out.
bool ResolveTransparent(const Animation& animation, const ExportOptions& options);
// The step a still shows (checked by Export before any writer runs).
int64_t StillStep(const Animation& animation, const ExportOptions& options);
// Seconds each step shows.
double StepDuration(const Animation& animation, const ExportOptions& options);

// SVG and HTML: light and dark unless a theme is pinned.
struct SvgOptions;
Status ResolveSvgThemes(const Animation& animation, const ExportOptions& options, SvgOptions* svg);

// Writers, one per family (exporters/*.cc).
Status WritePng(const Format&, const Animation&, const ExportOptions&, const std::string&,
                ExportSummary*);
Status WritePngSequence(const Format&, const Animation&, const ExportOptions&, const std::string&,
                        ExportSummary*);
Status WritePdf(const Format&, const Animation&, const ExportOptions&, const std::string&,
                ExportSummary*);
Status WriteGif(const Format&, const Animation&, const ExportOptions&, const std::string&,
                ExportSummary*);
Status WriteMp4(const Format&, const Animation&, const ExportOptions&, const std::string&,
                ExportSummary*);
Status WriteSvg(const Format&, const Animation&, const ExportOptions&, const std::string&,
                ExportSummary*);
Status WriteHtml(const Format&, const Animation&, const ExportOptions&, const std::string&,
                 ExportSummary*);
Status WriteJson(const Format&, const Animation&, const ExportOptions&, const std::string&,
                 ExportSummary*);

}  // namespace convanim
