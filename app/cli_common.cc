#include "app/cli_common.h"

#include <cstdio>

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

Status LoadAndSchedule(const std::string& path, LoadedScene* loaded) {
  Status status = LoadSceneFile(path, &loaded->scene);
  if (!status.ok()) return status;
  return Schedule::Build(loaded->scene, &loaded->schedule);
}

}  // namespace convanim
