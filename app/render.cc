// convanim render INPUT -o OUT: a scene or figure file to any format of the registry.
#include <cstdio>

#include "app/cli_common.h"
#include "app/commands.h"
#include "app/render_job.h"
#include "core/scene_keys.h"
#include "exporters/formats.h"
#include "exporters/theme.h"
#include "renderer/words.h"

namespace convanim {
namespace {

// The bounds of a style key, as the scene file's (the key table's row).
CLI::Validator StyleRange(const char* key) {
  const KeySpec& row = FindKey(KeyFile::kScene, "style", key);
  if (row.type == KeyType::kInteger || row.type == KeyType::kIntegerOrWord) {
    return CLI::Range(static_cast<int>(row.min), static_cast<int>(row.max));
  }
  return FiniteRange(row.min, row.max);
}

}  // namespace

int RunRender(int argc, char** argv) {
  std::string formats;
  for (const Format& format : Formats()) {
    formats += std::string("\n  ") +
               (format.pattern ? "%03d.png" : "." + std::string(format.extension)) + ": " +
               format.summary;
  }
  CLI::App app(
      "Render a scene file or a figure file. The format follows OUT's extension:" + formats,
      "render");
  RenderJob job;
  app.add_option("input", job.input_path, "scene file or figure file (YAML)")->required();
  app.add_option("-o,--output", job.output_path,
                 "output file; missing folders are created (" + FormatNames() + ")")
      ->required();
  app.add_option("-f,--frame", job.output.frame,
                 "the one step to write (.png .pdf .svg; default: step 0 for .png and .pdf, "
                 "every step for .svg); .html: the step the player starts on, paused")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--frame-duration", job.output.frame_duration,
                 "seconds each step is shown (default: the scene's style, 1 s)")
      ->check(StyleRange("frame_duration"));
  app.add_option("--scale", job.output.scale, "raster scale factor (default 1; 2 for high-DPI)")
      ->check(FiniteRange(0.1, 8.0));
  app.add_option("--cell-size", job.build.model.cell_size,
                 "pixels per grid cell at scale 1 (default: chosen from the grid size)")
      ->check(StyleRange("cell_size"));
  app.add_option("--decimals", job.build.model.decimals,
                 "digits after the point for output values (default: the scene's, auto)")
      ->check(StyleRange("decimals"));
  app.add_option("--theme", job.output.theme,
                 "colour theme (default: the scene's; SVG follows the reader's light or dark "
                 "scheme unless a theme is given)")
      ->check(CLI::IsMember(ThemeNames()));
  std::string layout;
  app.add_option("--layout", layout,
                 "teaching style: 'slide' lays each frame out at 16:9, the text beside the "
                 "grids; 'page' puts it under them (default: the scene's style.layout, page)")
      ->check(CLI::IsMember(PageLayoutWords()));
  std::string background;
  app.add_option("--background", background,
                 "'transparent' leaves the background out (PNG, GIF, SVG, PDF, JSON); 'opaque' "
                 "keeps it")
      ->check(CLI::IsMember(BackgroundWords()));
  app.add_option("--font", job.build.fonts,
                 "a font file (OTF or TTF) for characters Latin Modern lacks, e.g. CJK; "
                 "repeatable")
      ->check(CLI::ExistingFile);
  app.add_option("--crf", job.output.mp4.crf,
                 "MP4 quality, x264 CRF: lower is sharper (default 18)")
      ->check(CLI::Range(0, 51));
  app.add_option("--gif-colours", job.output.gif.colours,
                 "GIF palette size: 16 keeps the figures' flat colours exact and files small; "
                 "256 keeps every antialiasing shade (default 16)")
      ->check(CLI::Range(2, 256));
  app.add_option("--depfile", job.depfile,
                 "also write a Make rule 'OUTPUT: INPUTS' naming every file the picture was "
                 "made from (the scenes a figure draws, fonts), for make, ninja and docs tools");
  std::string language;
  app.add_option("--language", language,
                 "the language of the words the picture shows (labels, legend, parameter "
                 "lines, alt text; default en); messages stay English")
      ->transform(CLI::IsMember(LanguageWords(), CLI::ignore_case));
  bool no_loop = false, quiet = false;
  app.add_flag("--no-loop", no_loop, "GIF plays once instead of looping forever");
  app.add_flag("--html-fragment", job.output.html_fragment,
               ".html: write the player as one <div> (with its style and script) to paste "
               "into a page, several on one page if wanted, instead of a whole page");
  app.add_flag("-q,--quiet", quiet, "print nothing but errors");
  if (auto exit = ParseCommandLine(app, argc, argv)) return *exit;
  job.output.gif.loop = !no_loop;
  if (!language.empty()) job.build.model.words = Words::Find(language);
  if (job.output.html_fragment) {
    const Format* format = nullptr;
    if (FormatForPath(job.output_path, &format).ok() && format != FormatNamed("html")) {
      return Report(
          Status::InvalidScene("--html-fragment writes an HTML player; name the "
                               "output NAME.html (not '" +
                               job.output_path + "')"));
    }
  }
  if (!layout.empty()) {
    job.build.model.layout =
        static_cast<int>(layout == "slide" ? PageLayout::kSlide : PageLayout::kPage);
  }
  if (!background.empty()) job.output.transparent = background == "transparent" ? 1 : 0;

  ExportSummary summary;
  std::vector<std::string> notes;
  Status status = RunRenderJob(job, &summary, &notes);
  if (!status.ok()) return Report(status);
  if (!quiet) {
    for (const std::string& note : notes) std::fprintf(stderr, "%s\n", note.c_str());
    std::fprintf(stderr, "wrote %s (%lld step%s, %dx%d px)\n", job.output_path.c_str(),
                 static_cast<long long>(summary.frames), summary.frames == 1 ? "" : "s",
                 summary.width_px, summary.height_px);
  }
  return kExitSuccess;
}

}  // namespace convanim
