// convanim guide -o DIR: every animation and figure of the guide (issue 4).
#include <cstdio>

#include "app/cli_common.h"
#include "app/commands.h"

namespace convanim {

int RunGuide(int argc, char** argv) {
  CLI::App app("Regenerate every animation and figure of the guide from scenes/guide/.", "guide");
  std::string out_dir;
  app.add_option("-o,--output", out_dir, "output folder")->required();
  if (auto exit = ParseCommandLine(app, argc, argv)) return *exit;
  std::fprintf(stderr, "convanim guide: not built yet (issue 4)\n");
  return kExitFailure;
}

}  // namespace convanim
