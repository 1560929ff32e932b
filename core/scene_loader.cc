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

#include "core/key_section.h"
#include "core/limits.h"
#include "core/operations.h"
#include "core/padding_words.h"
#include "core/scene_checks.h"
#include "core/scene_keys.h"
#include "core/file_io.h"
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

// The enum value of a word of PresetWords() / MotionWords().
Preset ParsePreset(const std::string& word) {
  return word == PresetName(Preset::kGuide) ? Preset::kGuide : Preset::kTeaching;
}
MotionStyle ParseMotion(const std::string& word) {
  return word == MotionStyleName(MotionStyle::kGlide) ? MotionStyle::kGlide
                                                      : MotionStyle::kDiscrete;
}

// The padding as the file wrote it, before words are resolved.
struct PaddingSpec {
  PaddingMode mode = PaddingMode::kExplicit;
  Padding cells;  // kExplicit
};

class SceneReader {
 public:
  SceneReader(const Document& doc, const std::string& source) : r_(doc, source) {}

  Status Read(Scene* out);

 private:
  Status ReadPadding(NodeId n, PaddingSpec* out) const;
  Status ReadStyle(NodeId n, Style* style) const;

  yaml::Reader r_;
  scene_checks::Blame blame_;
};

Status SceneReader::ReadPadding(NodeId n, PaddingSpec* out) const {
  const KeySpec& row = FindKey(KeyFile::kScene, "", "padding");
  const int max = static_cast<int>(row.max);
  static const std::string kForms =
      "padding must be one integer, [pH, pW], [top, left, bottom, right] or one of " +
      JoinWords(row.words());
  if (r_.Kind(n) == NodeKind::kScalar &&
      (!r_.doc().node(n).plain || yaml::Classify(r_.doc().scalar(n)) == ScalarClass::kWord)) {
    std::size_t index = 0;
    Status status = r_.ReadWord(n, "padding word", row.words(), &index);
    if (!status.ok()) return status;
    ParsePaddingWord(row.words()[index], &out->mode);
    return Status::Ok();
  }
  out->mode = PaddingMode::kExplicit;
  if (r_.Kind(n) == NodeKind::kScalar) {
    int p = 0;
    Status status = r_.ReadInt(n, "padding", 0, max, &p);
    out->cells = Padding{p, p, p, p};
    return status;
  }
  if (r_.Kind(n) != NodeKind::kSequence) return r_.Error(n, kForms + ", got " + r_.Describe(n));
  const uint32_t size = r_.doc().size(n);
  if (size != 2 && size != 4) return r_.Error(n, kForms + ", got " + r_.Describe(n));
  static const char* const kSides[4] = {"top", "left", "bottom", "right"};
  int cells[4] = {0, 0, 0, 0};
  for (uint32_t i = 0; i < size; ++i) {
    const std::string name = size == 2 ? std::string("padding along ") + kAxisNames[i]
                                       : std::string("padding ") + kSides[i];
    Status status = r_.ReadInt(r_.doc().item(n, i), name, 0, max, &cells[i]);
    if (!status.ok()) return status;
  }
  out->cells = size == 2 ? Padding{cells[0], cells[1], cells[0], cells[1]}
                         : Padding{cells[0], cells[1], cells[2], cells[3]};
  return Status::Ok();
}

Status SceneReader::ReadStyle(NodeId n, Style* style) const {
  if (r_.Kind(n) != NodeKind::kMap) {
    return r_.Error(
        n, "'style' must be a mapping (decimals, frame_duration, ...), got " + r_.Describe(n));
  }
  KeySection e(r_, KeyFile::kScene, "style");
  Status status = e.Read(n, "'style'");
  std::size_t index = 0;
  if (status.ok() && e["preset"].present()) {
    status = e.GetWord("preset", &index);
    if (status.ok()) style->preset = ParsePreset(PresetWords()[index]);
  }
  if (status.ok()) status = e.Get("decimals", &style->decimals);
  if (status.ok()) status = e.Get("value_decimals", &style->value_decimals);
  if (status.ok() && e["background"].present()) {
    status = e.GetWord("background", &index);
    style->transparent = index == 1;
  }
  if (status.ok() && e["font"].present()) {
    status = r_.ReadText(e["font"].value, "style.font", static_cast<std::size_t>(e.Row("font").max),
                         &style->font);
    if (!status.ok()) return status;
    // Relative to the scene file's folder; it must be there to be checked.
    const std::string& source = r_.source();
    if (!style->font.empty() && style->font[0] != '/') {
      const std::size_t slash = source.rfind('/');
      if (slash != std::string::npos) style->font = source.substr(0, slash + 1) + style->font;
    }
    status = file_io::CheckRegularFile(style->font, limits::kMaxFontFileBytes, "the font file");
    if (!status.ok()) return r_.Error(e["font"].value, "style.font: " + status.message());
  }
  if (status.ok()) status = e.Get("progressive", &style->progressive);
  if (status.ok() && e["equation"].present()) {
    bool shown = true;
    status = e.Get("equation", &shown);
    style->equation = shown ? 1 : 0;
  }
  if (status.ok()) status = e.Get("overlap", &style->overlap);
  if (status.ok() && e["motion"].present()) {
    status = e.GetWord("motion", &index);
    if (status.ok()) style->motion = ParseMotion(MotionWords()[index]);
  }
  if (status.ok()) status = e.Get("frame_duration", &style->frame_duration);
  if (status.ok()) status = e.Get("cell_size", &style->cell_size);
  if (status.ok() && e["theme"].present()) {
    status = e.GetWord("theme", &index);
    if (status.ok()) style->theme = ThemeWords()[index];
  }
  if (status.ok() && e["title"].present()) {
    status = e.Get("title", &style->title);
    style->title = text::TabsAsSpaces(style->title);  // a tab is drawn as a space
    style->title_where = r_.Where(e["title"].value);
  }
  return status;
}

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

  Scene scene;
  scene.source = source;

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
  if (top["view"].present()) {
    status = top.GetWord("view", &index);
    if (!status.ok()) return status;
    scene.view = ViewTable()[index].view;
    if (!ViewDraws(scene.view, op)) return r_.Error(top["view"].value, ViewRefusal(scene.view, op));
  }

  // input
  if (!top["input"].present()) {
    return r_.Error(root, "missing required key 'input' (a mapping with at least 'size')");
  }
  const NodeId input = top["input"].value;
  scene.where = r_.Where(input);
  if (r_.Kind(input) != NodeKind::kMap) {
    return r_.Error(input,
                    "'input' must be a mapping with at least 'size', got " + r_.Describe(input));
  }
  KeySection in(r_, KeyFile::kScene, "input");
  status = in.Read(input, "'input'");
  if (!status.ok()) return status;
  if (!in["size"].present()) return r_.Error(input, "missing required key 'size' in 'input'");
  blame_.input_size = in["size"].value;
  status = in.Get("size", &scene.input_size);
  if (status.ok()) status = in.Get("channels", &scene.in_channels);
  if (!status.ok()) return status;

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

  // stride, dilation, padding, then the keys only some operations take
  status = top.Get("stride", &scene.stride);
  if (status.ok()) status = top.Get("dilation", &scene.dilation);
  if (!status.ok()) return status;
  PaddingSpec padding;
  if (top["padding"].present()) {
    blame_.padding = top["padding"].value;
    status = ReadPadding(blame_.padding, &padding);
    if (!status.ok()) return status;
  }
  blame_.output_padding = top["output_padding"].value;
  blame_.groups = top["groups"].value;
  status = top.RefuseUnaccepted(op);
  if (status.ok()) status = top.Get("output_padding", &scene.output_padding);
  if (status.ok()) status = top.Get("groups", &scene.groups);
  if (status.ok()) status = top.Get("ceil_mode", &scene.ceil_mode);
  if (status.ok()) status = top.Get("count_include_pad", &scene.count_include_pad);
  if (status.ok()) status = top.Get("caption", &scene.caption);
  if (status.ok() && top["style"].present()) status = ReadStyle(top["style"].value, &scene.style);
  if (!status.ok()) return status;

  // Groups must split both channel counts evenly.
  if (scene.in_channels % scene.groups != 0 || scene.out_channels % scene.groups != 0) {
    const bool input_bad = scene.in_channels % scene.groups != 0;
    return r_.Error(blame_.groups, "groups " + Str(scene.groups) + " does not divide the " +
                                       Str(input_bad ? scene.in_channels : scene.out_channels) +
                                       (input_bad ? " input" : " output") + " channels");
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

  scene_checks::Axes axes;
  status = scene_checks::CheckArithmetic(r_, blame_, scene, &axes);
  if (status.ok() && traits.pooling) {
    status = scene_checks::CheckPoolingWindows(r_, blame_, scene, axes);
  }
  if (status.ok()) status = scene_checks::CheckDerivedLimits(r_, blame_, scene, axes);
  if (!status.ok()) return status;

  // Values: only now, with every size known to be within the limits.
  const int h = scene.input_size[0], w = scene.input_size[1];
  status = scene_checks::FillTensor(r_, {in["values"], in["seed"], in["range"]}, "input",
                                    {scene.in_channels, h, w}, {"channel", "row", "column"},
                                    "channels, rows, columns", kDefaultInputSeed,
                                    kDefaultInputRange, &scene.input);
  if (!status.ok()) return status;
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
  }
  *out = std::move(scene);
  return Status::Ok();
}

// A line longer than the limit makes yaml-cpp slow (its scanner looks back along the line).
Status CheckLines(const std::string& text, const std::string& source) {
  int64_t line = 1;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (static_cast<int64_t>(end - start) > limits::kMaxSceneLineBytes) {
      return Status::InvalidScene(
          "line " + Str(line) + " is " + Str(static_cast<int64_t>(end - start)) +
              " bytes long, more than the limit of " + Str(limits::kMaxSceneLineBytes) +
              "; break long lists over several lines",
          SourceLocation{source, static_cast<int>(line),
                         static_cast<int>(limits::kMaxSceneLineBytes + 1)});
    }
    start = end + 1;
    ++line;
  }
  return Status::Ok();
}

}  // namespace

Status ParseScene(const std::string& text, const std::string& source_name, Scene* scene) {
  if (static_cast<int64_t>(text.size()) > limits::kMaxSceneFileBytes) {
    return Status::InvalidScene("the scene file is " + Str(static_cast<int64_t>(text.size())) +
                                    " bytes, more than the limit of " +
                                    Str(limits::kMaxSceneFileBytes),
                                SourceLocation{source_name, 0, 0});
  }
  Status status = CheckLines(text, source_name);
  if (!status.ok()) return status;
  status = text::CheckFileCharacters(text, source_name);
  if (!status.ok()) return status;
  yaml::Document doc;
  status = doc.Parse(text, source_name);
  if (!status.ok()) return status;
  try {
    return SceneReader(doc, source_name).Read(scene);
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
