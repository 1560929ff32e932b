#include "core/scene_key_readers.h"

#include <initializer_list>
#include <string>
#include <utility>

#include "core/file_io.h"
#include "core/key_section.h"
#include "core/limits.h"
#include "core/padding_words.h"
#include "core/scene_keys.h"
#include "core/text.h"
#include "core/yaml_words.h"

namespace convanim {
namespace {

using yaml::NodeId;
using yaml::NodeKind;
using yaml::ScalarClass;

const char* const kAxisNames[2] = {"H", "W"};

// The enum value of a word of PresetWords() / MotionWords().
Preset ParsePreset(const std::string& word) {
  return word == PresetName(Preset::kGuide) ? Preset::kGuide : Preset::kTeaching;
}
MotionStyle ParseMotion(const std::string& word) {
  return word == MotionStyleName(MotionStyle::kGlide) ? MotionStyle::kGlide
                                                      : MotionStyle::kDiscrete;
}

}  // namespace

Status ReadPadding(const yaml::Reader& r, NodeId n, PaddingSpec* out) {
  const KeySpec& row = FindKey(KeyFile::kScene, "", "padding");
  const int max = static_cast<int>(row.max);
  static const std::string kForms =
      "padding must be one integer, [pH, pW], [top, left, bottom, right] or one of " +
      JoinWords(row.words());
  if (r.Kind(n) == NodeKind::kScalar &&
      (!r.doc().node(n).plain || yaml::Classify(r.doc().scalar(n)) == ScalarClass::kWord)) {
    std::size_t index = 0;
    Status status = r.ReadWord(n, "padding word", row.words(), &index);
    if (!status.ok()) return status;
    ParsePaddingWord(row.words()[index], &out->mode);
    return Status::Ok();
  }
  out->mode = PaddingMode::kExplicit;
  if (r.Kind(n) == NodeKind::kScalar) {
    int p = 0;
    Status status = r.ReadInt(n, "padding", 0, max, &p);
    out->cells = Padding{p, p, p, p};
    return status;
  }
  if (r.Kind(n) != NodeKind::kSequence) return r.Error(n, kForms + ", got " + r.Describe(n));
  const uint32_t size = r.doc().size(n);
  if (size != 2 && size != 4) return r.Error(n, kForms + ", got " + r.Describe(n));
  static const char* const kSides[4] = {"top", "left", "bottom", "right"};
  int cells[4] = {0, 0, 0, 0};
  for (uint32_t i = 0; i < size; ++i) {
    const std::string name = size == 2 ? std::string("padding along ") + kAxisNames[i]
                                       : std::string("padding ") + kSides[i];
    Status status = r.ReadInt(r.doc().item(n, i), name, 0, max, &cells[i]);
    if (!status.ok()) return status;
  }
  out->cells = size == 2 ? Padding{cells[0], cells[1], cells[0], cells[1]}
                         : Padding{cells[0], cells[1], cells[2], cells[3]};
  return Status::Ok();
}

namespace {

std::string Str(int v) { return std::to_string(v); }

// "[0, 1]": a list as a file writes it.
std::string List(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out += (out.empty() ? "[" : ", ") + Str(v);
  return out + "]";
}

}  // namespace

Status ApplyAxes(const yaml::Reader& r, const AxisKeys& keys, Scene* scene, PaddingSpec* padding) {
  const auto given = [](NodeId n) { return n != yaml::kNone; };
  const auto scalar = [&](NodeId n) { return given(n) && r.Kind(n) == NodeKind::kScalar; };
  Padding& cells = padding->cells;
  const bool explicit_padding = padding->mode == PaddingMode::kExplicit;
  if (scene->dims == 1) {
    const std::pair<NodeId, const char*> one[] = {{keys.kernel_size, "kernel.size"},
                                                  {keys.stride, "stride"},
                                                  {keys.dilation, "dilation"},
                                                  {keys.output_padding, "output_padding"}};
    for (const auto& [n, name] : one) {
      if (given(n) && !scalar(n)) {
        return r.Error(n, std::string("with input.dims: 1, ") + name +
                              " is one integer for the signal's one axis, got " + r.Describe(n));
      }
    }
    if (given(keys.padding) && !scalar(keys.padding)) {
      return r.Error(keys.padding,
                     "with input.dims: 1, padding is one integer (cells at each end) or a word, "
                     "got " +
                         r.Describe(keys.padding) +
                         "; for different ends leave dims out and write padding: "
                         "[0, left, 0, right]");
    }
    scene->input_size[kAxisH] = 1;
    scene->kernel_size[kAxisH] = 1;
    scene->stride[kAxisH] = 1;
    scene->dilation[kAxisH] = 1;
    scene->output_padding[kAxisH] = 0;
    if (explicit_padding) cells.top = cells.bottom = 0;
    return Status::Ok();
  }
  // A 1-D signal written in 2-D: one row of input, one row of kernel.
  if (scene->input_size[kAxisH] != 1 || scene->kernel_size[kAxisH] != 1) return Status::Ok();
  if (scalar(keys.stride)) scene->stride[kAxisH] = 1;
  if (scalar(keys.dilation)) scene->dilation[kAxisH] = 1;
  if (scalar(keys.output_padding)) scene->output_padding[kAxisH] = 0;
  if (explicit_padding && (cells.top > 0 || cells.bottom > 0)) {
    const bool four = given(keys.padding) && r.Kind(keys.padding) == NodeKind::kSequence &&
                      r.doc().size(keys.padding) == 4;
    const std::string written = scalar(keys.padding) ? Str(cells.top)
                                : four ? List({cells.top, cells.left, cells.bottom, cells.right})
                                       : List({cells.top, cells.left});
    const std::string instead =
        four ? List({0, cells.left, 0, cells.right}) : List({0, cells.left});
    return r.Error(keys.padding, "padding: " + written +
                                     " pads the height of a 1-row input (a 1-D signal with a "
                                     "1-row kernel) with rows no window needs; write padding: " +
                                     instead + " or input.dims: 1");
  }
  if (given(keys.stride) && scene->stride[kAxisH] > 1) {
    return r.Error(keys.stride, "stride: " + List({scene->stride[kAxisH], scene->stride[kAxisW]}) +
                                    " strides the height of a 1-row input (a 1-D signal with a "
                                    "1-row kernel); write stride: " +
                                    Str(scene->stride[kAxisW]) + " or input.dims: 1");
  }
  if (given(keys.output_padding) && scene->output_padding[kAxisH] > 0) {
    return r.Error(
        keys.output_padding,
        "output_padding: " + List({scene->output_padding[kAxisH], scene->output_padding[kAxisW]}) +
            " adds rows to the height of a 1-row input (a 1-D signal with a 1-row "
            "kernel); write output_padding: " +
            Str(scene->output_padding[kAxisW]) + " or input.dims: 1");
  }
  return Status::Ok();
}

Status ReadStyle(const yaml::Reader& r, NodeId n, Style* style) {
  if (r.Kind(n) != NodeKind::kMap) {
    return r.Error(
        n, "'style' must be a mapping (decimals, frame_duration, ...), got " + r.Describe(n));
  }
  KeySection e(r, KeyFile::kScene, "style");
  Status status = e.Read(n, "'style'");
  std::size_t index = 0;
  for (const std::string& name : SectionKeyNames(KeyFile::kScene, "style")) {
    if (status.ok() && e[name.c_str()].present()) {
      style->given.emplace_back(name, r.Where(e[name.c_str()].value));
    }
  }
  if (status.ok() && e["preset"].present()) {
    status = e.GetWord("preset", &index);
    if (status.ok()) style->preset = ParsePreset(PresetWords()[index]);
  }
  if (status.ok() && e["decimals"].present()) {
    index = DecimalsWords().size();  // an integer unless a word is given
    status = e.GetIntegerOrWord("decimals", &style->decimals, &index);
    if (status.ok() && index < DecimalsWords().size()) style->decimals = kAutoDecimals;  // auto
  }
  if (status.ok()) status = e.Get("value_decimals", &style->value_decimals);
  if (status.ok() && e["background"].present()) {
    status = e.GetWord("background", &index);
    style->transparent = index == 1;
  }
  if (status.ok() && e["font"].present()) {
    status = r.ReadText(e["font"].value, "style.font", static_cast<std::size_t>(e.Row("font").max),
                        &style->font);
    if (!status.ok()) return status;
    // Relative to the scene file's folder; it must be there to be checked.
    const std::string& source = r.source();
    if (!style->font.empty() && style->font[0] != '/') {
      const std::size_t slash = source.rfind('/');
      if (slash != std::string::npos) style->font = source.substr(0, slash + 1) + style->font;
    }
    status = file_io::CheckRegularFile(style->font, limits::kMaxFontFileBytes, "the font file");
    if (!status.ok()) return r.Error(e["font"].value, "style.font: " + status.message());
  }
  if (status.ok()) status = e.Get("progressive", &style->progressive);
  if (status.ok() && e["equation"].present()) {
    bool shown = true;
    status = e.Get("equation", &shown);
    style->equation = shown ? 1 : 0;
  }
  if (status.ok()) status = e.Get("overlap", &style->overlap);
  if (status.ok() && e["layout"].present()) {
    status = e.GetWord("layout", &index);
    if (status.ok())
      style->layout = PageLayoutWords()[index] == "slide" ? PageLayout::kSlide : PageLayout::kPage;
  }
  if (status.ok()) status = e.Get("show_direct", &style->show_direct);
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
  if (status.ok() && e["language"].present()) {
    status = e.GetWord("language", &index);
    if (status.ok()) {
      LanguageFromTag(LanguageWords()[index], &style->language);
      style->language_where = r.Where(e["language"].value);
    }
  }
  if (status.ok() && e["title"].present()) {
    status = e.Get("title", &style->title);
    style->title = text::TabsAsSpaces(style->title);  // a tab is drawn as a space
    style->title_where = r.Where(e["title"].value);
  }
  return status;
}

}  // namespace convanim
