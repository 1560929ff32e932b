// convanim guide -o DIR: every animation and figure of the guide, in parallel.
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <thread>

#include "app/cli_common.h"
#include "app/commands.h"
#include "app/figure_job.h"
#include "app/gallery.h"
#include "app/job_pool.h"
#include "app/render_job.h"
#include "core/figure_spec.h"
#include "renderer/sinks/atomic_file.h"

extern char** environ;

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

// Renders one MP4 in a child `convanim render`. x264's bytes depend slightly on what
// the process's heap held before (decoded frames are identical either way), and the
// guide's other jobs run beside it; a fresh process gives exactly the bytes a lone
// `convanim render` gives, whatever the machine's cores or the job order.
Status RenderInChildProcess(const RenderJob& job) {
  std::error_code error;
  const std::string self = fs::read_symlink("/proc/self/exe", error).string();
  if (error) return Status::Internal("cannot find this program to run it: " + error.message());
  char scale[32];
  std::snprintf(scale, sizeof(scale), "%.17g", job.scale);
  std::vector<std::string> args = {self, "render",  job.scene_path, "-o", job.output_path,
                                   "-q", "--scale", scale};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawn_error = posix_spawn(&pid, self.c_str(), nullptr, nullptr, argv.data(), environ);
  if (spawn_error != 0) {
    return Status::Internal("cannot start '" + self + "': " + std::strerror(spawn_error));
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR)
      return Status::Internal(std::string("waiting for a render: ") + std::strerror(errno));
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == kExitSuccess) return Status::Ok();
  // The child has printed its own message on the shared standard error.
  const std::string what = "rendering " + job.output_path + " failed";
  if (WIFEXITED(status) && WEXITSTATUS(status) == kExitInvalid) return Status::InvalidScene(what);
  return Status::IoError(what);
}

}  // namespace

int RunGuide(int argc, char** argv) {
  CLI::App app(
      "Regenerate the guide: every scene of scenes/guide/ as DIR/NAME.gif and DIR/NAME.mp4, and "
      "every figure file of scenes/guide/figures/ as DIR/figure-N.pdf, .svg and .png, in parallel.",
      "guide");
  std::string out_dir, scenes_dir, gallery_path;
  std::vector<std::string> animation_formats = {"gif", "mp4"};
  std::vector<std::string> still_formats = {"pdf", "svg", "png"};
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  bool quiet = false;
  RenderJob base;
  app.add_option("-o,--output", out_dir, "output folder (created if missing)")->required();
  app.add_option("--scenes", scenes_dir, "the guide's scene folder (default: scenes/guide)");
  app.add_option("--formats", animation_formats,
                 "animation formats, comma-separated (default gif,mp4)")
      ->delimiter(',')
      ->check(CLI::IsMember({"gif", "mp4"}));
  app.add_option("--figure-formats", still_formats,
                 "figure formats, comma-separated: pdf, svg, png (default all; 'none' for none)")
      ->delimiter(',')
      ->check(CLI::IsMember({"pdf", "svg", "png", "none"}));
  app.add_option("--gallery", gallery_path,
                 "also write a Markdown gallery to this file, linking to the outputs");
  app.add_option("-j,--jobs", jobs, "parallel jobs (default: the number of cores)")
      ->check(CLI::Range(1, 256));
  app.add_option("--scale", base.scale, "raster scale factor (default 1)")
      ->check(CLI::Range(0.1, 8.0));
  app.add_flag("-q,--quiet", quiet,
               "no progress display (it is off anyway when not on a terminal)");
  if (auto exit = ParseCommandLine(app, argc, argv)) return *exit;

  const auto started = std::chrono::steady_clock::now();
  scenes_dir = FindScenesDir(scenes_dir, argv[0]);
  if (std::find(still_formats.begin(), still_formats.end(), "none") != still_formats.end()) {
    still_formats.clear();
  }

  // Load and check everything first: a bad scene stops the run before anything is written.
  std::vector<std::string> scene_files;
  Status listed = YamlFilesIn(scenes_dir, /*recursive=*/false, &scene_files);
  if (listed.ok() && scene_files.empty()) {
    listed = Status::IoError(scenes_dir + ": no scene files (*.yaml) found");
  }
  if (!listed.ok()) return Report(listed);
  std::vector<std::unique_ptr<LoadedScene>> scenes;
  int exit_code = kExitSuccess;
  for (const std::string& file : scene_files) {
    auto loaded = std::make_unique<LoadedScene>();
    Status status = LoadAndSchedule(file, loaded.get());
    if (!status.ok()) {
      exit_code = std::max(exit_code, Report(status));
      continue;
    }
    scenes.push_back(std::move(loaded));
  }
  // Figures are laid out here too, so a figure that cannot be drawn stops the run early.
  std::vector<std::unique_ptr<LoadedFigure>> figures;
  const std::string figures_dir = (fs::path(scenes_dir) / "figures").string();
  std::vector<std::string> figure_files;
  if (!still_formats.empty() && fs::is_directory(figures_dir)) {
    exit_code = std::max(exit_code, Report(YamlFilesIn(figures_dir, false, &figure_files)));
  }
  for (const std::string& file : figure_files) {
    if (!LooksLikeFigureFile(file)) continue;  // scenes that figures draw live here too
    auto figure = std::make_unique<LoadedFigure>();
    Status status = LoadFigure(file, FigureRenderOptions(), figure.get());
    if (!status.ok()) {
      exit_code = std::max(exit_code, Report(status));
      continue;
    }
    figures.push_back(std::move(figure));
  }
  if (exit_code != kExitSuccess) return exit_code;

  std::error_code error;
  fs::create_directories(out_dir, error);
  if (error) return Report(Status::IoError(out_dir + ": " + error.message()));

  std::vector<Job> job_list;
  std::vector<GalleryAnimation> gallery_animations;
  for (const auto& loaded : scenes) {
    const std::string name = fs::path(loaded->scene.source).stem().string();
    GalleryAnimation entry;
    entry.name = name;
    entry.scene = &loaded->scene;
    entry.schedule = &loaded->schedule;
    for (const std::string& format : animation_formats) {
      RenderJob job = base;
      job.scene_path = loaded->scene.source;
      job.output_path = (fs::path(out_dir) / (name + "." + format)).string();
      (format == "gif" ? entry.gif : entry.mp4) = job.output_path;
      const LoadedScene* scene = loaded.get();
      job_list.push_back({name + "." + format, [scene, job, format] {
                            if (format == "mp4") return RenderInChildProcess(job);
                            RenderSummary summary;
                            return RenderLoadedScene(*scene, job, &summary);
                          }});
    }
    gallery_animations.push_back(entry);
  }
  std::vector<GalleryFigure> gallery_figures;
  for (const auto& figure : figures) {
    const FigureSpec& spec = figure->spec;
    GalleryFigure entry;
    entry.spec = &spec;
    for (const std::string& format : still_formats) {
      const std::string out = (fs::path(out_dir) / (spec.OutputStem() + "." + format)).string();
      (format == "pdf" ? entry.pdf : format == "svg" ? entry.svg : entry.png) = out;
      FigureJobOptions options;
      options.scale = base.scale;
      const LoadedFigure* loaded = figure.get();
      job_list.push_back({spec.OutputStem() + "." + format, [loaded, out, options] {
                            return RenderLoadedFigure(*loaded, out, options);
                          }});
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

  const bool show_progress = !quiet && isatty(STDERR_FILENO);
  std::vector<JobResult> results =
      RunJobs(job_list, jobs, [show_progress](int done, int total, const std::string& label) {
        if (!show_progress) return;
        std::fprintf(stderr, "\r\033[K[%d/%d] %s", done, total, label.c_str());
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
      if (!a.gif.empty()) a.gif = Relative(a.gif, base_dir);
      if (!a.mp4.empty()) a.mp4 = Relative(a.mp4, base_dir);
      a.scene_link = Relative(a.scene->source, base_dir);
    }
    for (auto& f : gallery_figures) {
      for (std::string* link : {&f.pdf, &f.svg, &f.png}) {
        if (!link->empty()) *link = Relative(*link, base_dir);
      }
    }
    std::string command = "convanim guide -o " + out_dir + " --gallery " + gallery_path;
    const std::string markdown = GalleryMarkdown(gallery_animations, gallery_figures, command);
    std::unique_ptr<sinks::AtomicFile> file;
    Status status = sinks::AtomicFile::Create(gallery_path, &file);
    if (status.ok()) status = file->Write(markdown.data(), markdown.size());
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
