#include "app/cli_common.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "core/scene_loader.h"

namespace convanim {

std::optional<int> ParseCommandLine(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::fputs(app.help().c_str(), stdout);
    return kExitSuccess;
  } catch (const CLI::CallForAllHelp&) {
    std::fputs(app.help("", CLI::AppFormatMode::All).c_str(), stdout);
    return kExitSuccess;
  } catch (const CLI::ParseError& error) {
    std::fprintf(stderr, "convanim %s: %s\nrun 'convanim %s --help' for usage\n",
                 app.get_name().c_str(), error.what(), app.get_name().c_str());
    return kExitInvalid;
  }
  return std::nullopt;
}

CLI::Validator FiniteRange(double min, double max) {
  const CLI::Range range(min, max);
  CLI::Validator finite(
      [range](std::string& input) -> std::string {
        double value = 0.0;
        if (!CLI::detail::lexical_cast(input, value) || !std::isfinite(value)) {
          return "Value " + input + " is not a finite number";
        }
        return range(input);
      },
      range.get_description());
  return finite;
}

int Report(const Status& status) {
  if (!status.ok()) std::fprintf(stderr, "%s\n", status.ToString().c_str());
  return ExitCodeFor(status);
}

int FinishStandardOutput(int exit_code) {
  errno = 0;
  const bool flushed = std::fflush(stdout) == 0;
  if (flushed && !std::ferror(stdout)) return exit_code;
  const int error = errno;
  std::fprintf(stderr, "convanim: error: cannot write standard output%s%s\n",
               error != 0 ? ": " : "", error != 0 ? std::strerror(error) : "");
  return kExitFailure;
}

Status YamlFilesIn(const std::string& dir, bool recursive, std::vector<std::string>* files) {
  namespace fs = std::filesystem;
  std::error_code error;
  auto take = [&](const fs::directory_entry& entry) {
    const std::string ext = entry.path().extension().string();
    std::error_code entry_error;  // one odd entry does not end the listing
    if (entry.is_regular_file(entry_error) && (ext == ".yaml" || ext == ".yml")) {
      files->push_back(entry.path().string());
    }
  };
  const std::size_t first = files->size();
  if (recursive) {
    for (fs::recursive_directory_iterator it(dir, error), end; !error && it != end;
         it.increment(error)) {
      take(*it);
    }
  } else {
    for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
      take(*it);
    }
  }
  std::sort(files->begin() + static_cast<std::ptrdiff_t>(first), files->end());
  if (error) return Status::IoError(dir + ": " + error.message());
  return Status::Ok();
}

Status LoadAndSchedule(const std::string& path, LoadedScene* loaded) {
  Status status = LoadSceneFile(path, &loaded->scene);
  if (!status.ok()) return status;
  return Schedule::Build(loaded->scene, &loaded->schedule);
}

}  // namespace convanim
