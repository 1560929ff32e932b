// convanim guide -o DIR: every animation and figure of the guide, in parallel.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <thread>

#include "app/cli_common.h"
#include "app/commands.h"
#include "app/gallery.h"
#include "app/job_pool.h"
#include "app/render_job.h"
#include "core/figure_spec.h"
#include "core/scene_keys.h"
#include "core/text.h"
#include "exporters/formats.h"
#include "exporters/output_file.h"
#include "renderer/words.h"

namespace convanim {
namespace {

namespace fs = std::filesystem;

// The guide's scenes: DIR given, else ./scenes/guide, else the one beside the binary's
// source tree (build/convanim -> scenes/guide), so the command works from anywhere.
std::string FindScenesDir(const std::string& given, const char* argv0) {
  if (!given.empty()) return given;
  std::error_code error;
  if (fs::is_directory("scenes/guide", error)) return "scenes/guide";
  fs::path self = fs::read_symlink("/proc/self/exe", error);
  if (error) self = fs::absolute(argv0, error);
  for (fs::path dir = self.parent_path(); !dir.empty() && dir != dir.root_path();
       dir = dir.parent_path()) {
    if (fs::is_directory(dir / "scenes/guide", error)) return (dir / "scenes/guide").string();
  }
  return "scenes/guide";
}

std::string Relative(const std::string& path, const std::string& base_dir) {
  std::error_code error;
  fs::path relative = fs::relative(fs::absolute(path, error), fs::absolute(base_dir, error), error);
  return error ? path : relative.generic_string();
}

std::string Canonical(const std::string& path) {
  std::error_code error;
  fs::path canonical = fs::weakly_canonical(path, error);
  return error ? path : canonical.string();
}

// The outputs a run will write, each with its source; the second source for one path is
// a conflict (InvalidScene at that source, naming both).
class OutputPlan {
 public:
  void Add(const std::string& path, const std::string& source) {
    std::error_code error;
    fs::path key = fs::absolute(path, error).lexically_normal();
    if (error) key = fs::path(path).lexically_normal();
    const auto [at, added] = sources_.emplace(key.string(), source);
    if (added) return;
    conflicts_.push_back(Status::InvalidScene("'" + source + "' and '" + at->second +
                                                  "' would both be written to '" + path +
                                                  "'; rename one of them",
                                              SourceLocation{source, 0, 0}));
  }
  const std::vector<Status>& conflicts() const { return conflicts_; }

 private:
  std::map<std::string, std::string> sources_;  // normalized absolute path -> source
  std::vector<Status> conflicts_;
};

}  // namespace

// The scene files of a folder and the figure files of its figures/ folder, loaded and built.
struct Collection {
  std::vector<std::unique_ptr<LoadedAnimation>> scenes, figures;
};

// Reports every fault (and returns the exit code); `required`: an empty folder is one.
int LoadCollection(const std::string& dir, bool with_figures, bool required,
                   const BuildOptions& build, Collection* collection) {
  std::vector<std::string> scene_files;
  Status listed = YamlFilesIn(dir, /*recursive=*/false, &scene_files);
  if (listed.ok() && scene_files.empty() && required) {
    listed = Status::IoError(dir + ": no scene files (*.yaml) found");
  }
  if (!listed.ok()) return Report(listed);
  int exit_code = kExitSuccess;
  for (const std::string& file : scene_files) {
    std::unique_ptr<LoadedAnimation> loaded;
    Status status = LoadAnimation(file, build, &loaded);
    if (!status.ok()) {
      exit_code = std::max(exit_code, Report(status));
      continue;
    }
    collection->scenes.push_back(std::move(loaded));
  }
  const std::string figures_dir = (fs::path(dir) / "figures").string();
  std::vector<std::string> figure_files;
  if (with_figures && fs::is_directory(figures_dir)) {
    exit_code = std::max(exit_code, Report(YamlFilesIn(figures_dir, false, &figure_files)));
  }
  for (const std::string& file : figure_files) {
    if (!LooksLikeFigureFile(file)) continue;  // scenes that figures draw live here too
    std::unique_ptr<LoadedAnimation> figure;
    Status status = LoadAnimation(file, build, &figure);
    if (!status.ok()) {
      exit_code = std::max(exit_code, Report(status));
      continue;
    }
    collection->figures.push_back(std::move(figure));
  }
  return exit_code;
}

// Format names `guide` takes: animations in any format that writes every step to one
// file; figures in any format that writes one step.
std::vector<std::string> GuideFormatNames(bool animations) {
  std::vector<std::string> names;
  for (const Format& format : Formats()) {
    if (format.pattern) continue;
    if (animations ? format.animated : format.still || format.animated)
      names.push_back(format.name);
  }
  return names;
}

std::string CommaList(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& word : words) text += (text.empty() ? "" : ",") + word;
  return text.empty() ? std::string("none") : text;
}

int RunGuide(int argc, char** argv) {
  CLI::App app(
      "Regenerate the guide: every scene of scenes/guide/ as DIR/NAME.gif and DIR/NAME.mp4 (or "
      "the --formats asked for), and every figure file of scenes/guide/figures/ as "
      "DIR/figure-N.pdf, .svg and .png, in parallel.",
      "guide");
  std::string out_dir, scenes_dir, examples_dir, gallery_path;
  std::vector<std::string> animation_formats = {"gif", "mp4"};
  std::vector<std::string> figure_formats = {"pdf", "svg", "png"};
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  bool quiet = false;
  ExportOptions base;
  std::vector<std::string> figure_choices = GuideFormatNames(false);
  figure_choices.push_back("none");
  app.add_option("-o,--output", out_dir, "output folder (created if missing)")->required();
  app.add_option("--scenes", scenes_dir, "the guide's scene folder (default: scenes/guide)");
  app.add_option("--examples", examples_dir,
                 "also render the scenes of this folder (and figures of its figures/) into "
                 "DIR/examples/, and show them in the gallery (e.g. scenes/examples)");
  app.add_option("--formats", animation_formats,
                 "animation formats, comma-separated: " + CommaList(GuideFormatNames(true)) +
                     " (default gif,mp4)")
      ->delimiter(',')
      ->check(CLI::IsMember(GuideFormatNames(true)));
  app.add_option("--figure-formats", figure_formats,
                 "figure formats, comma-separated: " + CommaList(GuideFormatNames(false)) +
                     " (default pdf,svg,png; 'none' for none)")
      ->delimiter(',')
      ->check(CLI::IsMember(figure_choices));
  app.add_option("--gallery", gallery_path,
                 "also write a Markdown gallery to this file, linking to the outputs");
  app.add_option("-j,--jobs", jobs, "parallel jobs (default: the number of cores)")
      ->check(CLI::Range(1, 256));
  app.add_option("--scale", base.scale, "raster scale factor (default 1)")
      ->check(FiniteRange(0.1, 8.0));
  app.add_flag("-q,--quiet", quiet,
               "no progress display (it is off anyway when not on a terminal)");
  std::string language;
  app.add_option("--language", language,
                 "the language of the words the pictures and the gallery show (default: each "
                 "scene's style.language, else en); messages stay English")
      ->transform(CLI::IsMember(LanguageWords(), CLI::ignore_case));
  if (auto exit = ParseCommandLine(app, argc, argv)) return *exit;

  const auto started = std::chrono::steady_clock::now();
  scenes_dir = FindScenesDir(scenes_dir, argv[0]);
  if (std::find(figure_formats.begin(), figure_formats.end(), "none") != figure_formats.end()) {
    figure_formats.clear();
  }

  // Load and build everything first: a bad scene stops the run before anything is written.
  int exit_code = kExitSuccess;
  Collection guide, examples;
  BuildOptions build;
  if (!language.empty()) build.model.words = Words::Find(language);
  exit_code =
      std::max(exit_code, LoadCollection(scenes_dir, !figure_formats.empty(), true, build, &guide));
  if (!examples_dir.empty()) {
    exit_code = std::max(
        exit_code, LoadCollection(examples_dir, !figure_formats.empty(), false, build, &examples));
  }
  if (exit_code != kExitSuccess) return exit_code;

  // The plan: every output path with the file it comes from. Two jobs that would write one
  // path (a.yaml beside a.yml, a scene figure-9.yaml beside figure 9) are refused before
  // any work, naming both sources.
  std::vector<Job> job_list;
  std::vector<GalleryAnimation> gallery_animations;
  std::vector<GalleryFigure> gallery_figures;
  std::vector<std::string> out_dirs;
  OutputPlan plan;
  if (!gallery_path.empty()) plan.Add(gallery_path, "--gallery");
  for (Collection* collection : {&guide, &examples}) {
    const bool example = collection == &examples;
    if (collection->scenes.empty() && collection->figures.empty()) continue;
    const std::string dir = example ? (fs::path(out_dir) / "examples").string() : out_dir;
    out_dirs.push_back(dir);
    auto add_job = [&](const LoadedAnimation* loaded, const std::string& format,
                       const std::string& stem) {
      const std::string out =
          (fs::path(dir) / (stem + "." + FormatNamed(format)->extension)).string();
      plan.Add(out,
               loaded->is_figure() ? loaded->figure->spec.source : loaded->scene->scene.source);
      job_list.push_back({fs::path(out).filename().string(), [loaded, out, base] {
                            return Export(loaded->model(), base, out, nullptr);
                          }});
      return out;
    };
    for (const auto& loaded : collection->scenes) {
      const Scene& scene = loaded->scene->scene;
      const std::string name = fs::path(scene.source).stem().string();
      GalleryAnimation entry;
      entry.name = name;
      entry.scene = &scene;
      entry.schedule = &loaded->scene->schedule;
      entry.example = example;
      for (const std::string& format : animation_formats) {
        entry.files[format] = add_job(loaded.get(), format, name);
      }
      gallery_animations.push_back(entry);
    }
    for (const auto& loaded : collection->figures) {
      const FigureSpec& spec = loaded->figure->spec;
      GalleryFigure entry;
      entry.spec = &spec;
      entry.example = example;
      for (const std::string& format : figure_formats) {
        entry.files[format] = add_job(loaded.get(), format, spec.OutputStem());
      }
      // The figure a scene appears in, for ordering and captions in the gallery.
      if (spec.layout == FigureLayout::kSteps && !spec.panels.empty()) {
        const std::string scene = Canonical(spec.panels[0].scene_path);
        for (auto& animation : gallery_animations) {
          if (Canonical(animation.scene->source) == scene &&
              (animation.figure.empty() || FigureNumberLess(spec.figure, animation.figure))) {
            animation.figure = spec.figure;
          }
        }
      }
      gallery_figures.push_back(entry);
    }
  }

  if (!plan.conflicts().empty()) {
    for (const Status& conflict : plan.conflicts()) Report(conflict);
    return kExitInvalid;
  }
  for (const std::string& dir : out_dirs) {
    std::error_code error;
    fs::create_directories(dir, error);
    if (error) return Report(Status::IoError(dir + ": " + error.message()));
  }

  const bool show_progress = !quiet && isatty(STDERR_FILENO);
  std::vector<JobResult> results =
      RunJobs(job_list, jobs, [show_progress](int done, int total, const std::string& label) {
        if (!show_progress) return;
        std::fprintf(stderr, "\r\033[K[%d/%d] %s", done, total, text::Printable(label).c_str());
        std::fflush(stderr);
      });
  if (show_progress) std::fprintf(stderr, "\r\033[K");
  for (const JobResult& result : results) {
    if (!result.status.ok()) exit_code = std::max(exit_code, Report(result.status));
  }
  if (exit_code != kExitSuccess) return exit_code;

  if (!gallery_path.empty()) {
    const std::string gallery_dir = fs::path(gallery_path).parent_path().string();
    const std::string base_dir = gallery_dir.empty() ? "." : gallery_dir;
    for (auto& a : gallery_animations) {
      for (auto& entry : a.files) entry.second = Relative(entry.second, base_dir);
      a.scene_link = Relative(a.scene->source, base_dir);
    }
    for (auto& f : gallery_figures) {
      for (auto& entry : f.files) entry.second = Relative(entry.second, base_dir);
    }
    // The command that writes this page again.
    std::string command = "convanim guide -o " + out_dir;
    if (!examples_dir.empty()) command += " --examples " + examples_dir;
    command += " --formats " + CommaList(animation_formats) + " --figure-formats " +
               CommaList(figure_formats) + " --gallery " + gallery_path;
    if (!language.empty()) command += " --language " + language;
    const Words* words = Words::Find(language.empty() ? "en" : language);
    const std::string markdown =
        GalleryMarkdown(gallery_animations, gallery_figures, command, *words);
    std::unique_ptr<OutputFile> file;
    Status status = OutputFile::Create(gallery_path, &file);
    if (status.ok()) status = file->Write(markdown);
    if (status.ok()) status = file->Commit();
    if (!status.ok()) return Report(status);
  }
  if (show_progress) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::fprintf(stderr, "wrote %zu files to %s in %.2f s\n", job_list.size(), out_dir.c_str(),
                 seconds);
  }
  return kExitSuccess;
}

}  // namespace convanim
