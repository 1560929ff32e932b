// convanim check SCENE|DIR...: validates scene files, "ok" for each good one.
#include <cstdio>
#include <exception>
#include <filesystem>
#include <new>

#include "app/cli_common.h"
#include "app/commands.h"
#include "app/render_job.h"
#include "core/figure_spec.h"
#include "core/text.h"
#include "exporters/formats.h"

namespace convanim {
namespace {

// Expands folders into the scene and figure files below them.
std::vector<std::string> ExpandPaths(const std::vector<std::string>& paths, Status* status) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code error;
    if (!std::filesystem::is_directory(path, error)) {
      files.push_back(path);
      continue;
    }
    const std::size_t before = files.size();
    Status listed = YamlFilesIn(path, /*recursive=*/true, &files);
    if (listed.ok() && files.size() == before) {
      listed = Status::IoError(path + ": no scene files (*.yaml, *.yml) in this folder");
    }
    if (!listed.ok() && status->ok()) *status = listed;
  }
  return files;
}

int Check(int argc, char** argv) {
  CLI::App app(
      "Validate scene files and figure files: syntax, keys, types, shapes, sizes and "
      "the documented limits, so that they can be rendered. Folders are searched for "
      "*.yaml and *.yml.",
      "check");
  std::vector<std::string> paths;
  bool quiet = false;
  std::vector<std::string> format_names;
  std::vector<std::string> all_names;
  for (const Format& format : Formats()) all_names.push_back(format.name);
  app.add_option("files", paths, "scene files, figure files or folders")->required();
  app.add_option("--formats", format_names,
                 "check the cost limits of these formats only, comma-separated: " + FormatNames() +
                     " (default: all)")
      ->delimiter(',')
      ->check(CLI::IsMember(all_names));
  app.add_flag("-q,--quiet", quiet, "print only errors");
  if (auto exit = ParseCommandLine(app, argc, argv)) return *exit;
  std::vector<const Format*> formats;
  for (const std::string& name : format_names) formats.push_back(FormatNamed(name));

  Status expand_status;
  const std::vector<std::string> files = ExpandPaths(paths, &expand_status);
  int exit_code = kExitSuccess;
  if (!expand_status.ok()) exit_code = Report(expand_status);
  int good = 0;
  for (const std::string& file : files) {
    // Built as render builds it: a scene that check accepts renders. A failure of one
    // file, whatever it is, is reported and the next file is checked.
    Status status;
    std::vector<std::string> notes;
    try {
      std::unique_ptr<LoadedAnimation> loaded;
      status = LoadAnimation(file, BuildOptions(), &loaded);
      if (status.ok()) status = CheckRenderable(loaded->model(), formats);
      if (status.ok()) notes = loaded->Notes(file);
    } catch (const std::bad_alloc&) {
      status = Status::Internal(file + ": out of memory while checking");
    } catch (const std::exception& error) {
      status = Status::Internal(file + ": " + error.what());
    }
    if (status.ok()) {
      ++good;
      // Names are printed escaped: a name holding terminal escapes prints as text.
      if (!quiet) {
        std::printf("%s: ok\n", text::Printable(file).c_str());
        std::fflush(stdout);
        for (const std::string& note : notes) {
          std::fprintf(stderr, "%s\n", text::Printable(note).c_str());
        }
      }
      continue;
    }
    const int code = Report(status);
    // An invalid scene (2) outranks an I/O failure (1) in the exit status.
    if (code == kExitInvalid || exit_code == kExitSuccess) exit_code = code;
  }
  if (!quiet && files.size() > 1) {
    std::printf("%d of %zu files ok\n", good, files.size());
  }
  return exit_code;
}

}  // namespace

int RunCheck(int argc, char** argv) {
  try {
    return Check(argc, argv);
  } catch (const std::bad_alloc&) {
    return Report(Status::Internal("check: out of memory"));
  }
}

}  // namespace convanim
