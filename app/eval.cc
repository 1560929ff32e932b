// convanim eval SCENE: the scene's numbers as one JSON object on stdout, written step by
// step (app/scene_json.h), so memory stays bounded whatever the scene's size.
#include <cstdio>
#include <new>

#include "app/cli_common.h"
#include "app/commands.h"
#include "app/scene_json.h"

namespace convanim {
namespace {

int Eval(int argc, char** argv) {
  CLI::App app(
      "Print a scene's input, kernel, output, output size, arithmetic and steps as "
      "one JSON object.",
      "eval");
  std::string path;
  bool no_steps = false;
  int indent = -1;
  app.add_option("scene", path, "scene file (YAML)")->required();
  app.add_flag("--no-steps", no_steps, "leave the per-step schedule out");
  app.add_option("--indent", indent, "pretty-print with this many spaces (default: one line)")
      ->check(CLI::Range(0, 8));
  if (auto exit = ParseCommandLine(app, argc, argv)) return *exit;

  LoadedScene loaded;
  Status status = LoadAndSchedule(path, &loaded);
  if (!status.ok()) return Report(status);
  EvalJsonOptions options;
  options.include_steps = !no_steps;
  options.indent = indent;
  return Report(WriteEvalJson(loaded.scene, loaded.schedule, options, stdout));
}

}  // namespace

int RunEval(int argc, char** argv) {
  try {
    return Eval(argc, argv);
  } catch (const std::bad_alloc&) {
    return Report(Status::Internal("eval: out of memory"));
  }
}

}  // namespace convanim
