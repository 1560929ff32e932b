#include "app/cli_common.h"

#include <algorithm>
#include <cstdio>
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

int Report(const Status& status) {
  if (!status.ok()) std::fprintf(stderr, "%s\n", status.ToString().c_str());
  return ExitCodeFor(status);
}

Status YamlFilesIn(const std::string& dir, bool recursive, std::vector<std::string>* files) {
  namespace fs = std::filesystem;
  std::error_code error;
  auto take = [&](const fs::directory_entry& entry) {
    const std::string ext = entry.path().extension().string();
    if (entry.is_regular_file(error) && (ext == ".yaml" || ext == ".yml")) {
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
