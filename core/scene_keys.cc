#include "core/scene_keys.h"

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <set>

#include "core/figure_spec.h"
#include "core/language_names.h"
#include "core/limits.h"
#include "core/padding_words.h"
#include "core/theme_names.h"
#include "core/yaml_words.h"

namespace convanim {
namespace {

// The scenes some style keys change (KeySpec::applies). `struct Scene`: the type, not the
// row maker below.
bool TeachingLayout(const struct Scene& scene) {
  const bool laid_out = scene.view == View::kArithmetic || scene.view == View::kNumerical ||
                        scene.view == View::kMatrix || scene.view == View::kScatter;
  return laid_out && !InGuideLook(scene);
}
bool ScatterView(const struct Scene& scene) { return scene.view == View::kScatter; }
bool TransposedMatrix(const struct Scene& scene) {
  return scene.view == View::kMatrix && scene.operation == Operation::kTransposedConvolution;
}

KeySpec Key(KeyFile file, const char* section, const char* name, KeyType type) {
  KeySpec key;
  key.file = file;
  key.section = section;
  key.name = name;
  key.type = type;
  return key;
}
KeySpec Scene(const char* section, const char* name, KeyType type) {
  return Key(KeyFile::kScene, section, name, type);
}
KeySpec Figure(const char* section, const char* name, KeyType type) {
  return Key(KeyFile::kFigure, section, name, type);
}

std::string RangeJson(const int64_t range[2]) {
  return "[" + std::to_string(range[0]) + ", " + std::to_string(range[1]) + "]";
}
uint32_t LayoutBit(FigureLayout layout) { return 1u << static_cast<unsigned>(layout); }

const Preset kPresets[] = {Preset::kTeaching, Preset::kGuide};
const MotionStyle kMotions[] = {MotionStyle::kDiscrete, MotionStyle::kGlide};
const PageLayout kPageLayouts[] = {PageLayout::kPage, PageLayout::kSlide};

constexpr int kMaxLayers = 8;  // layers of a stack

using T = KeyType;
using Op = OperationTraits;

std::vector<KeySpec> BuildTable() {
  const double kMaxMagnitude = limits::kMaxValueMagnitude;
  const uint32_t kOneScene = LayoutBit(FigureLayout::kSteps) | LayoutBit(FigureLayout::kChannels) |
                             LayoutBit(FigureLayout::kStrideSubsampling);
  const uint32_t kPanels =
      LayoutBit(FigureLayout::kKernelPositions) | LayoutBit(FigureLayout::kViews);
  // clang-format off
  std::vector<KeySpec> table = {
    // Scene files, top level.
    Scene("", "operation", T::kWord).Required().Words(&OperationWords)
        .Doc("the operation computed and drawn"),
    Scene("", "view", T::kWord).Words(&ViewWords).Default("\"arithmetic\"").InStack()
        .Doc("how it is drawn: the guide's oblique figure, flat grids with numbers, the matrix, the scatter of a transposed convolution, or the receptive field of every layer (a stack takes only receptive_field, its default)"),
    Scene("", "input", T::kMapping).Required().InStack().Holds("input")
        .Doc("the input feature maps"),
    Scene("", "kernel", T::kMapping).Required().Holds("kernel")
        .Doc("the kernel, or for pooling the window"),
    Scene("", "stride", T::kIntegerPair).Range(1, limits::kMaxStride).Default("1")
        .Doc("step of the window (for a transposed convolution: of the convolution it transposes)"),
    Scene("", "padding", T::kPadding).Range(0, limits::kMaxPadding).Words(&PaddingWords).Default("0")
        .Doc("zero padding in cells: one integer, [pH, pW], [top, left, bottom, right] or a word"),
    Scene("", "dilation", T::kIntegerPair).Range(1, limits::kMaxDilation).Default("1")
        .Doc("spacing of the kernel taps; k taps span d(k-1)+1 cells"),
    Scene("", "output_padding", T::kIntegerPair).Range(0, std::max(limits::kMaxStride, limits::kMaxDilation)).Default("0")
        .OnlyFor(&Op::takes_output_padding, "applies to transposed_convolution only, not {op}")
        .Doc("transposed_convolution only: cells added to the output at the bottom and right"),
    Scene("", "groups", T::kInteger).Range(1, limits::kMaxChannels).Default("1")
        .OnlyFor(&Op::takes_groups, "applies to convolutions only, not {op}")
        .Doc("convolutions only: channel groups; must divide both channel counts"),
    Scene("", "ceil_mode", T::kBool).Default("false")
        .OnlyFor(&Op::takes_ceil_mode, "applies to pooling only, not {op}")
        .Doc("pooling only: round the output size up, as PyTorch"),
    Scene("", "count_include_pad", T::kBool).Default("false")
        .OnlyFor(&Op::takes_count_include_pad, "applies to average_pooling only, not {op}")
        .Doc("average_pooling only: divide by the window's cells inside the padded input"),
    Scene("", "caption", T::kText).Range(0, limits::kMaxCaptionChars).Default("\"\"").InStack()
        .Doc("free text for galleries and alt text; not drawn"),
    Scene("", "style", T::kMapping).Holds("style").InStack()
        .Doc("drawing preferences"),
    Scene("", "grad_output", T::kMapping).Holds("grad_output")
        .Doc("dL/dy for eval --backward, in the output's shape: values, or random ones (absent: 1 everywhere)"),
    Scene("", "layers", T::kMappingList).Items(kMaxLayers).Holds("layer").InStack()
        .Doc("a stack: layers applied in order to the input, each the keys of one operation; the top level then holds only input, layers, view, focus, caption and style"),
    Scene("", "focus", T::kIntegerPair).Range(0, limits::kMaxSpatialSize).InStack()
        .Doc("view receptive_field: the one output cell [row, column] of the last layer drawn, as a still (default: a step per cell)"),

    // Scene files, input.
    Scene("input", "size", T::kIntegerPair).Required().Range(1, limits::kMaxSpatialSize)
        .Doc("the input's height and width: one integer or [H, W]"),
    Scene("input", "dims", T::kInteger).Range(1, 2).Default("2")
        .Doc("1: a 1-D signal of length size (the input is [1, W]); kernel size, stride, padding, dilation and output_padding are then one integer each, for that axis"),
    Scene("input", "channels", T::kInteger).Range(1, limits::kMaxChannels).Default("1")
        .Doc("number of input feature maps"),
    Scene("input", "values", T::kValues)
        .Doc("the values: [H][W] (one channel) or [C][H][W]; random when absent"),
    Scene("input", "seed", T::kSeed).Default(std::to_string(kDefaultInputSeed))
        .Doc("seed of the random values used when values is absent"),
    Scene("input", "range", T::kRange).Range(-kMaxMagnitude, kMaxMagnitude).Default(RangeJson(kDefaultInputRange))
        .Doc("the random values are integers from low to high, both included"),

    // Scene files, kernel.
    Scene("kernel", "size", T::kIntegerPair).Required().Range(1, limits::kMaxKernelSize)
        .Doc("the kernel's (or pooling window's) height and width: one integer or [kH, kW]"),
    Scene("kernel", "out_channels", T::kInteger).Range(1, limits::kMaxChannels).Default("1")
        .OnlyFor(&Op::has_weights, "applies to convolutions only: {op} keeps the input's channels")
        .Doc("convolutions only: number of output feature maps"),
    Scene("kernel", "values", T::kValues)
        .OnlyFor(&Op::has_weights, "gives kernel weights, but {op} has none")
        .Doc("convolutions only: the weights, [kH][kW] or [out][in/groups][kH][kW] ([in][out/groups][kH][kW] transposed)"),
    Scene("kernel", "seed", T::kSeed).Default(std::to_string(kDefaultKernelSeed))
        .OnlyFor(&Op::has_weights, "gives kernel weights, but {op} has none")
        .Doc("convolutions only: seed of the random weights"),
    Scene("kernel", "range", T::kRange).Range(-kMaxMagnitude, kMaxMagnitude).Default(RangeJson(kDefaultKernelRange))
        .OnlyFor(&Op::has_weights, "gives kernel weights, but {op} has none")
        .Doc("convolutions only: the random weights are integers from low to high"),
    Scene("kernel", "bias", T::kValuesOrMapping).Holds("kernel.bias")
        .OnlyFor(&Op::has_weights, "gives a bias, but {op} has none")
        .Doc("convolutions only: one number per output channel, added to its outputs; or a mapping with values, or seed and range"),

    // Scene files, the mapping form of kernel.bias.
    Scene("kernel.bias", "values", T::kValues)
        .Doc("the bias, [out_channels]"),
    Scene("kernel.bias", "seed", T::kSeed).Default(std::to_string(kDefaultBiasSeed))
        .Doc("seed of the random bias used when values is absent"),
    Scene("kernel.bias", "range", T::kRange).Range(-kMaxMagnitude, kMaxMagnitude).Default(RangeJson(kDefaultBiasRange))
        .Doc("the random bias values are integers from low to high"),

    // Scene files, grad_output.
    Scene("grad_output", "values", T::kValues)
        .Doc("dL/dy: [H'][W'] (one output channel) or [C'][H'][W']"),
    Scene("grad_output", "seed", T::kSeed).Default(std::to_string(kDefaultGradSeed))
        .Doc("seed of the random dL/dy used when values is absent"),
    Scene("grad_output", "range", T::kRange).Range(-kMaxMagnitude, kMaxMagnitude).Default(RangeJson(kDefaultGradRange))
        .Doc("the random dL/dy values are integers from low to high"),

    // Scene files, style.
    Scene("style", "preset", T::kWord).Words(&PresetWords).Default("\"teaching\"")
        .Doc("teaching (labels, legend, equation) or guide (the paper's own look)"),
    Scene("style", "decimals", T::kIntegerOrWord).Range(0, 6).Words(&DecimalsWords).Default("\"auto\"")
        .Doc("digits after the point for output values; auto: the fewest, up to 4, that show the inputs, weights, bias and outputs exactly, else 2, an inexact result written with an approximately-equal sign"),
    Scene("style", "value_decimals", T::kInteger).Range(0, 6)
        .Doc("digits after the point for input values and weights (default: as written)"),
    Scene("style", "frame_duration", T::kNumber).Range(0.01, 3600).Unit("seconds").Default("1.0")
        .Doc("seconds each step is shown in animations"),
    Scene("style", "cell_size", T::kNumber).ZeroOr(4, 400, "pixels").Default("0")
        .Doc("pixels per cell at scale 1; 0 lets the renderer choose"),
    Scene("style", "theme", T::kWord).Words(&ThemeWords).Default("\"light\"")
        .Doc("colours: a palette of assets/palettes/"),
    Scene("style", "language", T::kWord).Words(&LanguageWords).AnyCase().Default("\"en\"")
        .Doc("the reader's language (BCP 47): every word the picture shows, from a catalog of assets/locales/; render --language overrides it"),
    Scene("style", "background", T::kWord).Words(&BackgroundWords).Default("\"opaque\"")
        .Doc("transparent leaves the background out"),
    Scene("style", "title", T::kText).Range(0, limits::kMaxTitleChars).Default("\"\"")
        .Doc("a title drawn above the picture (empty: none)"),
    Scene("style", "font", T::kPath).Range(0, 4096)
        .Doc("a font file (OTF or TTF) for characters the embedded fonts lack; relative to the scene file"),
    Scene("style", "progressive", T::kBool).Default("true")
        .Doc("teaching style: output cells show their value from the step that computes them on"),
    Scene("style", "motion", T::kWord).Words(&MotionWords).Default("\"discrete\"")
        .Doc("video: discrete steps or a gliding window"),
    Scene("style", "equation", T::kBool)
        .Doc("teaching style: the equation of each step (default: shown when a step lasts at least 0.5 s)"),
    Scene("style", "overlap", T::kBool).Default("false").AppliesTo(&ScatterView, "view scatter")
        .Doc("view scatter: a heat map of how many kernel copies touch each output cell"),
    Scene("style", "layout", T::kWord).Words(&PageLayoutWords).Default("\"page\"")
        .AppliesTo(&TeachingLayout, "the teaching style's arithmetic, numerical, matrix and scatter views")
        .Doc("teaching style: page (landscape where a portrait is not needed: channels side by side, text under or beside the grids) or slide (16:9, text beside the grids)"),
    Scene("style", "show_direct", T::kBool).Default("false")
        .AppliesTo(&TransposedMatrix, "view matrix of a transposed convolution")
        .Doc("view matrix of a transposed convolution: C, the direct convolution's matrix, drawn beside its transpose"),

    // Figure files, top level.
    Figure("", "figure", T::kText).Required().Range(0, 32)
        .Doc("the figure's number or name, e.g. \"2.1\"; names the output files figure-2.1.*"),
    Figure("", "caption", T::kText).Range(0, limits::kMaxCaptionChars)
        .Doc("the caption: gallery and alt text; drawn only with show_caption"),
    Figure("", "show_caption", T::kBool).Default("false")
        .Doc("draw \"Figure N: caption\" under the figure"),
    Figure("", "layout", T::kWord).Words(&FigureLayoutNames).Default("\"steps\"")
        .Doc("how the figure is composed from scenes"),
    Figure("", "scene", T::kPath).Layouts(kOneScene)
        .Doc("the scene file drawn, relative to the figure file's folder"),
    Figure("", "steps", T::kIntegerList).Range(0, 1'000'000'000).Items(figure_limits::kMaxSteps)
        .Layouts(LayoutBit(FigureLayout::kSteps))
        .Doc("which steps to draw, numbered from 0 (default: the first four)"),
    Figure("", "columns", T::kInteger).Range(1, figure_limits::kMaxSteps)
        .Layouts(LayoutBit(FigureLayout::kSteps))
        .Doc("steps per row (default: all in one row)"),
    Figure("", "panels", T::kMappingList).Items(figure_limits::kMaxPanels).Holds("panels")
        .Layouts(kPanels)
        .Doc("one panel per entry, each a scene drawn side by side"),

    // Figure files, each entry of panels.
    Figure("panels", "scene", T::kPath).Required()
        .Doc("the scene file of the panel, relative to the figure file's folder"),
    Figure("panels", "caption", T::kText).Range(0, limits::kMaxCaptionChars)
        .Doc("a caption drawn under the panel"),
    Figure("panels", "view", T::kWord).Words(&ViewWords).Layouts(LayoutBit(FigureLayout::kViews))
        .Doc("layout views: the view the panel draws the scene in (default: the scene's own)"),
    Figure("panels", "step", T::kInteger).Range(0, 1'000'000'000).Layouts(LayoutBit(FigureLayout::kViews))
        .Doc("layout views: the step drawn (default: the middle one)"),
  };
  // clang-format on
  // Each layer of a stack: the top level's operation keys, named alone in messages.
  std::vector<KeySpec> layer;
  for (const KeySpec& key : table) {
    if (key.file != KeyFile::kScene || !key.section.empty()) continue;
    if (key.in_stack || key.name == "view" || key.name == "grad_output") continue;
    layer.push_back(key);
    layer.back().section = "layer";
    layer.back().section_in_name = false;
  }
  const auto figures = std::find_if(
      table.begin(), table.end(), [](const KeySpec& key) { return key.file == KeyFile::kFigure; });
  table.insert(figures, layer.begin(), layer.end());
  return table;
}

}  // namespace

const std::vector<KeySpec>& KeyTable() {
  static const std::vector<KeySpec> table = BuildTable();
  return table;
}

std::vector<const KeySpec*> SectionKeys(KeyFile file, const std::string& section) {
  std::vector<const KeySpec*> keys;
  for (const KeySpec& key : KeyTable()) {
    if (key.file == file && key.section == section) keys.push_back(&key);
  }
  return keys;
}

std::vector<SceneNote> IneffectiveStyleNotes(const struct Scene& scene) {
  std::vector<SceneNote> notes;
  for (const auto& [name, where] : scene.style.given) {
    for (const KeySpec* row : SectionKeys(KeyFile::kScene, "style")) {
      if (row->name != name || row->applies == nullptr || row->applies(scene)) continue;
      notes.push_back({where, "style." + name + " changes nothing in this picture: it is for " +
                                  row->applies_to});
    }
  }
  return notes;
}

std::vector<std::string> SectionKeyNames(KeyFile file, const std::string& section) {
  std::vector<std::string> names;
  for (const KeySpec* key : SectionKeys(file, section)) names.push_back(key->name);
  return names;
}

const KeySpec& FindKey(KeyFile file, const std::string& section, const std::string& name) {
  for (const KeySpec& key : KeyTable()) {
    if (key.file == file && key.section == section && key.name == name) return key;
  }
  std::abort();  // a loader asked for a key the table lacks
}

std::string QualifiedName(const KeySpec& key) {
  return key.section.empty() || !key.section_in_name ? key.name : key.section + "." + key.name;
}

bool Accepts(const KeySpec& key, Operation op) {
  return key.accepted_by == nullptr || TraitsOf(op).*key.accepted_by;
}

const std::vector<std::string>& PresetWords() {
  static const std::vector<std::string> words = WordsOf(kPresets, &PresetName);
  return words;
}
const std::vector<std::string>& DecimalsWords() {
  static const std::vector<std::string> words = {"auto"};
  return words;
}
const std::vector<std::string>& MotionWords() {
  static const std::vector<std::string> words = WordsOf(kMotions, &MotionStyleName);
  return words;
}
const std::vector<std::string>& PageLayoutWords() {
  static const std::vector<std::string> words = WordsOf(kPageLayouts, &PageLayoutName);
  return words;
}
const std::vector<std::string>& BackgroundWords() {
  static const std::vector<std::string> words = {"opaque", "transparent"};
  return words;
}
const std::vector<std::string>& ThemeWords() {
  static const std::vector<std::string> words(std::begin(kThemeNames), std::end(kThemeNames));
  return words;
}

const std::vector<std::string>& LanguageWords() {
  static const std::vector<std::string> words = [] {
    std::vector<std::string> all(std::begin(kLanguageNames), std::end(kLanguageNames));
    for (const auto& alias : kLanguageAliases) {
      if (alias[0] != nullptr) all.emplace_back(alias[0]);
    }
    return all;
  }();
  return words;
}

bool LanguageFromTag(const std::string& tag, std::string* language) {
  for (const char* name : kLanguageNames) {
    if (tag == name) {
      *language = name;
      return true;
    }
  }
  for (const auto& alias : kLanguageAliases) {
    if (alias[0] != nullptr && tag == alias[0]) {
      *language = alias[1];
      return true;
    }
  }
  return false;
}

std::vector<std::string> EnumWords(KeyFile file) {
  std::vector<std::string> words;
  std::set<std::string> seen;
  for (const KeySpec& key : KeyTable()) {
    if (key.file != file || key.words == nullptr) continue;
    for (const std::string& word : key.words()) {
      if (seen.insert(word).second) words.push_back(word);
    }
  }
  return words;
}

}  // namespace convanim
