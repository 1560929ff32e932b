// convanim eval SCENE: the scene's numbers as one JSON object on stdout, written step by
// step (app/scene_json.h), so memory stays bounded whatever the scene's size.
#include <cstdio>
#include <new>

#include "app/cli_common.h"
#include "app/commands.h"
#include "app/scene_json.h"
#include "core/scene_loader.h"
#include "core/stack.h"

namespace convanim {
namespace {

int Eval(int argc, char** argv) {
  CLI::App app(
      "Print a scene's input, kernel, output, output size, arithmetic and steps as "
      "one JSON object.",
      "eval");
  std::string path;
  bool no_steps = false, matrix = false, backward = false, receptive_field = false;
  int indent = -1;
  app.add_option("scene", path, "scene file (YAML)")->required();
  app.add_flag("--no-steps", no_steps, "leave the per-step schedule out");
  app.add_flag("--matrix", matrix,
               "add \"matrix\": the operation as a matrix, output = matrix . input, rows the "
               "output cells and columns the input cells, both flattened channel by channel, "
               "row by row (not for max pooling); with kernel.bias the map is affine, output = "
               "matrix . input + matrix_bias, and \"matrix_bias\" gives the offset of every "
               "output cell");
  app.add_flag("--backward", backward,
               "add the backward pass, as PyTorch's autograd gives it: \"grad_output\" (dL/dy: "
               "the scene's grad_output, else 1 everywhere), \"grad_input\" (dL/dx), and for "
               "convolutions \"grad_weight\" (dL/dW) and, with kernel.bias, \"grad_bias\"");
  app.add_flag("--receptive-field", receptive_field,
               "add \"receptive_field\" (per layer: the size, jump and start of one output "
               "cell's field on the input, per axis) and \"receptive_field_cells\" (per output "
               "cell of the last layer: the input rows and columns it depends on, clipped)");
  app.add_option("--indent", indent, "pretty-print with this many spaces (default: one line)")
      ->check(CLI::Range(0, 8));
  if (auto exit = ParseCommandLine(app, argc, argv)) return *exit;

  LoadedScene loaded;
  Status status = LoadSceneFile(path, &loaded.scene);
  if (!status.ok()) return Report(status);
  EvalJsonOptions options;
  options.include_steps = !no_steps;
  options.indent = indent;
  ReceptiveField field;
  if (receptive_field) {
    field = ComputeReceptiveField(loaded.scene);
    options.receptive_field = &field;
  }
  if (!loaded.scene.layers.empty()) {  // a stack: every layer's output
    if (matrix || backward) {
      return Report(
          Status::InvalidScene(std::string(matrix ? "--matrix" : "--backward") +
                                   " takes a scene of one operation, not a stack of layers",
                               loaded.scene.layers_where));
    }
    return Report(WriteStackJson(loaded.scene, EvaluateStack(loaded.scene), options, stdout));
  }
  status = Schedule::Build(loaded.scene, &loaded.schedule);
  if (!status.ok()) return Report(status);
  LinearMap map;
  if (matrix) {
    status = BuildLinearMap(loaded.scene, loaded.schedule, &map);
    if (!status.ok())
      return Report(Status::InvalidScene("--matrix: " + status.message(), loaded.scene.where));
    if (map.rows * map.cols > kMaxMatrixEntries) {
      return Report(Status::InvalidScene(
          "--matrix: the matrix has " + std::to_string(map.rows) + "x" + std::to_string(map.cols) +
              " entries, more than the " + std::to_string(kMaxMatrixEntries) +
              " eval writes (rows are output cells, columns input cells): use a smaller input",
          loaded.scene.where));
    }
    options.matrix = &map;
  }
  Tensor grad_output;
  Gradients gradients;
  if (backward) {
    grad_output = GradOutputOf(loaded.scene, loaded.schedule.output_size());
    gradients = Backward(loaded.scene, grad_output);
    options.grad_output = &grad_output;
    options.gradients = &gradients;
  }
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
