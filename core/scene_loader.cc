// The scene loader: reads each key of a scene file as its row of the key table
// (core/scene_keys.h) says, then checks the scene as PyTorch would and within the limits
// (core/scene_checks.h). Values are read by core/yaml_reader.h's typed readers.
#include "core/scene_loader.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

#include "core/file_io.h"
#include "core/key_section.h"
#include "core/limits.h"
#include "core/operations.h"
#include "core/padding_words.h"
#include "core/scene_checks.h"
#include "core/scene_key_readers.h"
#include "core/scene_keys.h"
#include "core/text.h"
#include "core/yaml_reader.h"
#include "core/yaml_tree.h"
#include "core/yaml_words.h"

namespace convanim {
namespace {

using yaml::Document;
using yaml::Entry;
using yaml::kNone;
using yaml::NodeId;
using yaml::NodeKind;
using yaml::ScalarClass;

const char* const kAxisNames[2] = {"H", "W"};

std::string Str(int64_t v) { return std::to_string(v); }

class SceneReader {
 public:
  SceneReader(const Document& doc, const std::string& source) : r_(doc, source) {}

  Status Read(Scene* out);

 private:
  // One operation from the mapping `root` whose keys `top` holds: the whole scene (`in`
  // given, to be filled from its input key), or a layer of a stack (`in` nullptr: *scene
  // already holds the layer's in_channels, input_size and where, the previous layer's
  // output). *axes gets the output-size arithmetic.
  Status ReadOperation(NodeId root, const KeySection& top, KeySection* in, Scene* scene,
                       scene_checks::Axes* axes);
  Status ReadInput(NodeId root, const KeySection& top, Scene* scene, KeySection* in);
  Status ReadStack(NodeId root, const KeySection& top, Scene* out);
  // `focus`: a cell of the last layer's output (`output`), for view receptive_field only.
  Status ReadFocus(const KeySection& top, Pair output, Scene* scene);
  Status ReadLayer(NodeId node, const std::string& name, Scene* layer, scene_checks::Axes* axes);
  Status ReadBias(NodeId n, int channels, Tensor* out) const;
  Status ReadGradOutput(NodeId n, const Scene& scene, const scene_checks::Axes& axes,
                        Tensor* out) const;

  yaml::Reader r_;
  scene_checks::Blame blame_;
};

Status SceneReader::Read(Scene* out) {
  const Document& doc = r_.doc();
  const std::string& source = r_.source();
  if (doc.empty()) {
    return Status::InvalidScene(
        "the scene file is empty; a scene is a mapping with at least 'operation', 'input' and "
        "'kernel'",
        SourceLocation{source, 0, 0});
  }
  const NodeId root = doc.root();
  if (r_.Kind(root) != NodeKind::kMap) {
    return r_.Error(root,
                    "a scene must be a YAML mapping (operation: ..., input: ..., kernel: ...), "
                    "got " +
                        r_.Describe(root));
  }
  KeySection top(r_, KeyFile::kScene, "");
  Status status = top.Read(root, "the scene");
  if (!status.ok()) return status;
  if (top["layers"].present()) return ReadStack(root, top, out);
  Scene scene;
  KeySection in(r_, KeyFile::kScene, "input");
  scene_checks::Axes axes;
  status = ReadOperation(root, top, &in, &scene, &axes);
  if (status.ok()) *out = std::move(scene);
  return status;
}

Status SceneReader::ReadInput(NodeId root, const KeySection& top, Scene* scene, KeySection* in) {
  if (!top["input"].present()) {
    return r_.Error(root, "missing required key 'input' (a mapping with at least 'size')");
  }
  const NodeId input = top["input"].value;
  scene->where = r_.Where(input);
  if (r_.Kind(input) != NodeKind::kMap) {
    return r_.Error(input,
                    "'input' must be a mapping with at least 'size', got " + r_.Describe(input));
  }
  Status status = in->Read(input, "'input'");
  if (!status.ok()) return status;
  if (!(*in)["size"].present()) return r_.Error(input, "missing required key 'size' in 'input'");
  blame_.input_size = (*in)["size"].value;
  status = in->Get("dims", &scene->dims);
  if (status.ok() && scene->dims == 1 && r_.Kind(blame_.input_size) != NodeKind::kScalar) {
    return r_.Error(blame_.input_size,
                    "with input.dims: 1, input.size is the signal's length, one integer, got " +
                        r_.Describe(blame_.input_size));
  }
  if (status.ok()) status = in->Get("size", &scene->input_size);
  if (status.ok() && scene->dims == 1) scene->input_size[kAxisH] = 1;
  if (status.ok()) status = in->Get("channels", &scene->in_channels);
  return status;
}

Status SceneReader::ReadOperation(NodeId root, const KeySection& top, KeySection* in, Scene* out,
                                  scene_checks::Axes* axes_out) {
  const bool whole = in != nullptr;  // the whole scene, not a layer of a stack
  Scene& scene = *out;
  scene.source = r_.source();
  Status status;
  // operation, view
  if (!top["operation"].present()) {
    return r_.Error(root, "missing required key 'operation' (" + JoinWords(OperationWords()) + ")");
  }
  std::size_t index = 0;
  status = top.GetWord("operation", &index);
  if (!status.ok()) return status;
  scene.operation = OperationTable()[index].operation;
  const Operation op = scene.operation;
  const OperationTraits& traits = TraitsOf(op);
  if (whole && top["view"].present()) {
    status = top.GetWord("view", &index);
    if (!status.ok()) return status;
    scene.view = ViewTable()[index].view;
    if (!ViewDraws(scene.view, op)) return r_.Error(top["view"].value, ViewRefusal(scene.view, op));
  }

  // input (a layer's: the previous layer's output, faults blamed on the layer)
  if (whole) {
    status = ReadInput(root, top, &scene, in);
    if (!status.ok()) return status;
  } else {
    blame_.input_size = root;
  }

  // kernel
  if (!top["kernel"].present()) {
    return r_.Error(root, std::string("missing required key 'kernel' (a mapping with at least "
                                      "'size'") +
                              (traits.pooling ? ", the pooling window)" : ")"));
  }
  const NodeId kernel = top["kernel"].value;
  if (r_.Kind(kernel) != NodeKind::kMap) {
    return r_.Error(kernel,
                    "'kernel' must be a mapping with at least 'size', got " + r_.Describe(kernel));
  }
  KeySection ker(r_, KeyFile::kScene, "kernel");
  status = ker.Read(kernel, "'kernel'");
  if (!status.ok()) return status;
  if (!ker["size"].present()) return r_.Error(kernel, "missing required key 'size' in 'kernel'");
  blame_.kernel_size = ker["size"].value;
  status = ker.Get("size", &scene.kernel_size);
  if (status.ok()) status = ker.RefuseUnaccepted(op);
  if (status.ok()) status = ker.Get("out_channels", &scene.out_channels);
  if (!status.ok()) return status;
  if (!traits.has_weights) scene.out_channels = scene.in_channels;
  if (ker["bias"].present() && (scene.view == View::kMatrix || scene.view == View::kScatter)) {
    return r_.Error(ker["bias"].key,
                    "view '" + std::string(ViewName(scene.view)) +
                        "' does not draw a bias yet (its output would not be the sum it shows); "
                        "use view numerical or arithmetic, or eval (eval --matrix gives the "
                        "affine map y = M x + b)");
  }

  // stride, dilation, padding, then the keys only some operations take
  status = top.Get("stride", &scene.stride);
  if (status.ok()) status = top.Get("dilation", &scene.dilation);
  if (!status.ok()) return status;
  PaddingSpec padding;
  if (top["padding"].present()) {
    blame_.padding = top["padding"].value;
    status = ReadPadding(r_, blame_.padding, &padding);
    if (!status.ok()) return status;
  }
  blame_.output_padding = top["output_padding"].value;
  blame_.groups = top["groups"].value;
  status = top.RefuseUnaccepted(op);
  if (status.ok()) status = top.Get("output_padding", &scene.output_padding);
  if (status.ok()) status = top.Get("groups", &scene.groups);
  if (status.ok()) status = top.Get("ceil_mode", &scene.ceil_mode);
  if (status.ok()) status = top.Get("count_include_pad", &scene.count_include_pad);
  if (status.ok() && whole) status = top.Get("caption", &scene.caption);
  if (status.ok() && whole && top["style"].present()) {
    status = ReadStyle(r_, top["style"].value, &scene.style);
  }
  if (!status.ok()) return status;

  // Groups must split both channel counts evenly.
  if (scene.in_channels % scene.groups != 0 || scene.out_channels % scene.groups != 0) {
    const bool input_bad = scene.in_channels % scene.groups != 0;
    return r_.Error(blame_.groups, "groups " + Str(scene.groups) + " does not divide the " +
                                       Str(input_bad ? scene.in_channels : scene.out_channels) +
                                       (input_bad ? " input" : " output") + " channels");
  }

  // 1-D signals: one integer per key is for W; the height of a 1-row input is not padded.
  {
    const auto node = [](const Entry& e) { return e.present() ? e.value : kNone; };
    const AxisKeys keys{node(ker["size"]), node(top["stride"]), node(top["dilation"]),
                        node(top["padding"]), node(top["output_padding"])};
    status = ApplyAxes(r_, keys, &scene, &padding);
    if (!status.ok()) return status;
  }

  // Padding words become cells for this scene's sizes.
  scene.padding_mode = padding.mode;
  if (padding.mode == PaddingMode::kExplicit) {
    scene.padding = padding.cells;
  } else {
    int cells[2][2];
    for (std::size_t a = 0; a < 2; ++a) {
      const auto [begin, end] =
          ResolvePaddingWord(padding.mode, op, scene.input_size[a], scene.kernel_size[a],
                             scene.stride[a], scene.dilation[a], scene.output_padding[a]);
      if (begin > limits::kMaxPadding || end > limits::kMaxPadding) {
        return r_.Error(blame_.padding, "padding '" + std::string(PaddingModeName(padding.mode)) +
                                            "' resolves to " + Str(std::max(begin, end)) +
                                            " cells along " + kAxisNames[a] +
                                            ", more than the limit of " + Str(limits::kMaxPadding));
      }
      cells[a][0] = static_cast<int>(begin);
      cells[a][1] = static_cast<int>(end);
    }
    scene.padding = Padding{cells[0][0], cells[1][0], cells[0][1], cells[1][1]};
  }

  scene_checks::Axes& axes = *axes_out;
  status = scene_checks::CheckArithmetic(r_, blame_, scene, &axes);
  if (status.ok() && traits.pooling) {
    status = scene_checks::CheckPoolingWindows(r_, blame_, scene, axes);
  }
  if (status.ok()) status = scene_checks::CheckDerivedLimits(r_, blame_, scene, axes);
  if (status.ok() && whole) {
    status = ReadFocus(top, {static_cast<int>(axes[0].output), static_cast<int>(axes[1].output)},
                       &scene);
  }
  if (!status.ok()) return status;

  // Values: only now, with every size known to be within the limits.
  const int h = scene.input_size[0], w = scene.input_size[1];
  if (whole) {
    status = scene_checks::FillTensor(r_, {(*in)["values"], (*in)["seed"], (*in)["range"]}, "input",
                                      {scene.in_channels, h, w}, {"channel", "row", "column"},
                                      "channels, rows, columns", kDefaultInputSeed,
                                      kDefaultInputRange, &scene.input);
    if (!status.ok()) return status;
  }
  if (traits.has_weights) {
    const int kh = scene.kernel_size[0], kw = scene.kernel_size[1];
    const scene_checks::TensorKeys keys{ker["values"], ker["seed"], ker["range"]};
    if (traits.transposed) {
      status = scene_checks::FillTensor(
          r_, keys, "kernel", {scene.in_channels, scene.out_channels / scene.groups, kh, kw},
          {"input channel", "output channel (per group)", "row", "column"},
          "in, out/groups, kH, kW", kDefaultKernelSeed, kDefaultKernelRange, &scene.kernel);
    } else {
      status = scene_checks::FillTensor(
          r_, keys, "kernel", {scene.out_channels, scene.in_channels / scene.groups, kh, kw},
          {"output channel", "input channel (per group)", "row", "column"},
          "out, in/groups, kH, kW", kDefaultKernelSeed, kDefaultKernelRange, &scene.kernel);
    }
    if (!status.ok()) return status;
    if (ker["bias"].present()) {
      status = ReadBias(ker["bias"].value, scene.out_channels, &scene.bias);
      if (!status.ok()) return status;
    }
  }
  if (whole && top["grad_output"].present()) {
    return ReadGradOutput(top["grad_output"].value, scene, axes, &scene.grad_output);
  }
  return Status::Ok();
}

// A stack: `input`, `layers` (each layer the keys of one operation, its input the previous
// layer's output), `caption` and `style`.
Status SceneReader::ReadStack(NodeId root, const KeySection& top, Scene* out) {
  for (const KeySpec* row : SectionKeys(KeyFile::kScene, "")) {
    const Entry& e = top[row->name.c_str()];
    if (row->in_stack || !e.present()) continue;
    return r_.Error(
        e.key, "'" + row->name +
                   "' does not go at the top of a scene with 'layers': each layer "
                   "gives its own operation keys, the top level only input, layers, "
                   "caption and style" +
                   (row->name == "grad_output" ? " (eval --backward takes one operation)" : ""));
  }
  Scene stack;
  stack.source = r_.source();
  stack.view = View::kReceptiveField;  // the one view that draws a stack
  if (top["view"].present()) {
    std::size_t index = 0;
    Status status = top.GetWord("view", &index);
    if (!status.ok()) return status;
    if (ViewTable()[index].view != View::kReceptiveField) {
      return r_.Error(top["view"].value,
                      "view '" + std::string(ViewTable()[index].word) +
                          "' draws one operation; a stack of layers is drawn by view '" +
                          ViewName(View::kReceptiveField) + "' (its default)");
    }
  }
  KeySection in(r_, KeyFile::kScene, "input");
  Status status = ReadInput(root, top, &stack, &in);
  if (status.ok()) status = top.Get("caption", &stack.caption);
  if (status.ok() && top["style"].present())
    status = ReadStyle(r_, top["style"].value, &stack.style);
  if (!status.ok()) return status;
  const NodeId list = top["layers"].value;
  stack.layers_where = r_.Where(top["layers"].key);
  const int max_layers = top.Row("layers").max_items;
  if (r_.Kind(list) != NodeKind::kSequence || r_.doc().size(list) < 1 ||
      r_.doc().size(list) > static_cast<uint32_t>(max_layers)) {
    return r_.Error(list, "'layers' must be a list of 1 to " + Str(max_layers) +
                              " layers (mappings with an operation and its keys), got " +
                              r_.Describe(list));
  }
  int channels = stack.in_channels;  // the next layer's input
  Pair size = stack.input_size;
  for (uint32_t i = 0; i < r_.doc().size(list); ++i) {
    Scene layer;
    layer.dims = stack.dims;
    layer.in_channels = channels;
    layer.input_size = size;
    scene_checks::Axes axes;
    status = ReadLayer(r_.doc().item(list, i), "layer " + Str(i), &layer, &axes);
    if (!status.ok()) return status;
    channels = layer.out_channels;
    for (std::size_t a = 0; a < 2; ++a) size[a] = static_cast<int>(axes[a].output);
    stack.layers.push_back(std::move(layer));
  }
  status = ReadFocus(top, size, &stack);
  if (!status.ok()) return status;
  const int h = stack.input_size[0], w = stack.input_size[1];
  status = scene_checks::FillTensor(r_, {in["values"], in["seed"], in["range"]}, "input",
                                    {stack.in_channels, h, w}, {"channel", "row", "column"},
                                    "channels, rows, columns", kDefaultInputSeed,
                                    kDefaultInputRange, &stack.input);
  if (status.ok()) *out = std::move(stack);
  return status;
}

Status SceneReader::ReadFocus(const KeySection& top, Pair output, Scene* scene) {
  if (!top["focus"].present()) return Status::Ok();
  Status status = top.Get("focus", &scene->focus);
  if (!status.ok()) return status;
  if (scene->view != View::kReceptiveField) {
    return r_.Error(top["focus"].key, "'focus' applies to view 'receptive_field' only, not '" +
                                          std::string(ViewName(scene->view)) + "'");
  }
  if (scene->focus[0] >= output[0] || scene->focus[1] >= output[1]) {
    return r_.Error(top["focus"].value,
                    "focus [" + Str(scene->focus[0]) + ", " + Str(scene->focus[1]) +
                        "] is outside the last layer's output of " + Str(output[0]) + "x" +
                        Str(output[1]) + " cells (rows and columns count from 0)");
  }
  return Status::Ok();
}

// One layer of a stack; the keys of the whole scene it holds are refused by name.
Status SceneReader::ReadLayer(NodeId node, const std::string& name, Scene* layer,
                              scene_checks::Axes* axes) {
  if (r_.Kind(node) != NodeKind::kMap) {
    return r_.Error(
        node, name + " must be a mapping with an operation and its keys, got " + r_.Describe(node));
  }
  KeySection all(r_, KeyFile::kScene, "");  // to name the keys a layer does not take
  Status status = all.Read(node, name);
  if (!status.ok()) return status;
  const std::vector<std::string> layer_keys = SectionKeyNames(KeyFile::kScene, "layer");
  for (const KeySpec* row : SectionKeys(KeyFile::kScene, "")) {
    const Entry& e = all[row->name.c_str()];
    if (!e.present() || std::count(layer_keys.begin(), layer_keys.end(), row->name) > 0) continue;
    return r_.Error(e.key, "'" + row->name + "' does not go in " + name + ": " +
                               (row->name == "input"
                                    ? "a layer's input is the previous layer's output (the first "
                                      "layer's, the scene's input)"
                                    : "it belongs to the whole scene"));
  }
  KeySection ops(r_, KeyFile::kScene, "layer");
  status = ops.Read(node, name);
  if (!status.ok()) return status;
  blame_ = scene_checks::Blame{};
  layer->where = r_.Where(node);
  return ReadOperation(node, ops, nullptr, layer, axes);
}

// kernel.bias: a list of one number per output channel, or a mapping with values, or seed
// and range for random integers (like input values).
Status SceneReader::ReadBias(NodeId n, int channels, Tensor* out) const {
  if (r_.Kind(n) == NodeKind::kSequence) {
    return scene_checks::ReadVector(r_, n, "kernel.bias", channels, "output channel",
                                    "[" + Str(channels) + "] (one number per output channel)", out);
  }
  if (r_.Kind(n) != NodeKind::kMap) {
    return r_.Error(n, "kernel.bias must be a list of " + Str(channels) +
                           (channels == 1 ? " number" : " numbers") +
                           " (one per output channel) or a mapping with seed and range, got " +
                           r_.Describe(n));
  }
  KeySection e(r_, KeyFile::kScene, "kernel.bias");
  Status status = e.Read(n, "'kernel.bias'");
  if (!status.ok()) return status;
  if (!e["values"].present()) {
    return scene_checks::FillTensor(r_, {e["values"], e["seed"], e["range"]}, "kernel.bias",
                                    {channels}, {"output channel"}, "", kDefaultBiasSeed,
                                    kDefaultBiasRange, out);
  }
  for (const char* key : {"seed", "range"}) {
    if (e[key].present()) {
      return r_.Error(e[key].key, "'kernel.bias." + std::string(key) +
                                      "' has no effect when 'kernel.bias.values' is given; "
                                      "remove one of them");
    }
  }
  return ReadBias(e["values"].value, channels, out);
}

// grad_output: dL/dy in the output's shape, values or random ones.
Status SceneReader::ReadGradOutput(NodeId n, const Scene& scene, const scene_checks::Axes& axes,
                                   Tensor* out) const {
  if (r_.Kind(n) != NodeKind::kMap) {
    return r_.Error(
        n, "'grad_output' must be a mapping with values, or seed and range, got " + r_.Describe(n));
  }
  KeySection e(r_, KeyFile::kScene, "grad_output");
  Status status = e.Read(n, "'grad_output'");
  if (!status.ok()) return status;
  return scene_checks::FillTensor(
      r_, {e["values"], e["seed"], e["range"]}, "grad_output",
      {scene.out_channels, static_cast<int>(axes[0].output), static_cast<int>(axes[1].output)},
      {"output channel", "row", "column"}, "output channels, output rows, output columns",
      kDefaultGradSeed, kDefaultGradRange, out);
}

}  // namespace

Status ParseScene(const std::string& text, const std::string& source_name, Scene* scene) {
  if (static_cast<int64_t>(text.size()) > limits::kMaxSceneFileBytes) {
    return Status::InvalidScene("the scene file is " + Str(static_cast<int64_t>(text.size())) +
                                    " bytes, more than the limit of " +
                                    Str(limits::kMaxSceneFileBytes),
                                SourceLocation{source_name, 0, 0});
  }
  // A line longer than the limit makes yaml-cpp slow (its scanner looks back along the line).
  Status status = text::CheckLineLengths(text, source_name, limits::kMaxSceneLineBytes,
                                         "break long lists over several lines");
  if (!status.ok()) return status;
  status = text::CheckFileCharacters(text, source_name);
  if (!status.ok()) return status;
  yaml::Document doc;
  status = doc.Parse(text, source_name);
  if (!status.ok()) return status;
  try {
    status = SceneReader(doc, source_name).Read(scene);
    if (status.ok()) scene->notes = IneffectiveStyleNotes(*scene);
    return status;
  } catch (const std::bad_alloc&) {
    return Status::Internal(source_name + ": out of memory while reading the scene");
  }
}

Status LoadSceneFile(const std::string& path, Scene* scene) {
  std::string text;
  Status read = file_io::ReadRegularFile(path, limits::kMaxSceneFileBytes, "the scene file", &text);
  if (!read.ok())
    return read.code() == Status::Code::kInvalidScene
               ? Status::InvalidScene(read.message(), SourceLocation{path, 0, 0})
               : read;
  return ParseScene(text, path, scene);
}

}  // namespace convanim
