#include "core/scene_loader.h"

#include "core/theme_names.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "core/arithmetic.h"
#include "core/limits.h"
#include "core/padding_words.h"
#include "core/random.h"
#include "core/schedule.h"
#include "core/text.h"
#include "core/yaml_tree.h"
#include "core/yaml_words.h"

namespace convanim {
namespace {

using yaml::Document;
using yaml::NodeId;
using yaml::NodeKind;

constexpr NodeId kNone = std::numeric_limits<NodeId>::max();

// Defaults of the random values (docs/scene-format.md).
constexpr uint64_t kDefaultInputSeed = 0;
constexpr uint64_t kDefaultKernelSeed = 1;
constexpr int64_t kDefaultInputRange[2] = {0, 3};
constexpr int64_t kDefaultKernelRange[2] = {0, 2};
constexpr uint64_t kDefaultBiasSeed = 3;
constexpr int64_t kDefaultBiasRange[2] = {-1, 1};
constexpr int kMaxLayers = 8;  // layers of a stack (scene key `layers`)
constexpr uint64_t kDefaultGradSeed = 2;
constexpr int64_t kDefaultGradRange[2] = {-2, 2};

// Style bounds (docs/scene-format.md).
constexpr int kMaxDecimals = 6;
constexpr double kMinFrameDuration = 0.01;  // a GIF cannot show a frame for less
constexpr double kMaxFrameDuration = 3600;
constexpr double kMinCellSize = 4;
constexpr double kMaxCellSize = 400;  // the renderer's largest cell (renderer/layout.h)

const std::vector<std::string>& TopKeys() {
  static const std::vector<std::string> words = {
      "operation",         "view",     "input",          "kernel",      "stride",
      "padding",           "dilation", "output_padding", "groups",      "ceil_mode",
      "count_include_pad", "caption",  "style",          "grad_output", "layers"};
  return words;
}
enum TopKey {
  kOperationKey,
  kViewKey,
  kInputKey,
  kKernelKey,
  kStrideKey,
  kPaddingKey,
  kDilationKey,
  kOutputPaddingKey,
  kGroupsKey,
  kCeilModeKey,
  kCountIncludePadKey,
  kCaptionKey,
  kStyleKey,
  kGradOutputKey,
  kLayersKey
};
const std::vector<std::string>& InputKeys() {
  static const std::vector<std::string> words = {"size", "channels", "values", "seed", "range"};
  return words;
}
enum InputKey { kInSize, kInChannels, kInValues, kInSeed, kInRange };
const std::vector<std::string>& KernelKeys() {
  static const std::vector<std::string> words = {"size", "out_channels", "values",
                                                 "seed", "range",        "bias"};
  return words;
}
enum KernelKey { kKerSize, kKerOutChannels, kKerValues, kKerSeed, kKerRange, kKerBias };
// grad_output and the mapping form of kernel.bias: values, or random ones.
const std::vector<std::string>& ValueKeys() {
  static const std::vector<std::string> words = {"values", "seed", "range"};
  return words;
}
enum ValueKey { kValValues, kValSeed, kValRange };
const std::vector<std::string>& StyleKeys() {
  static const std::vector<std::string> words = {
      "preset", "decimals", "value_decimals", "frame_duration", "cell_size", "theme",
      "background", "title", "font", "progressive", "motion", "equation", "overlap"};
  return words;
}
enum StyleKey {
  kStyPreset,
  kStyDecimals,
  kStyValueDecimals,
  kStyFrameDuration,
  kStyCellSize,
  kStyTheme,
  kStyBackground,
  kStyTitle,
  kStyFont,
  kStyProgressive,
  kStyMotion,
  kStyEquation,
  kStyOverlap
};
const Preset kPresets[] = {Preset::kTeaching, Preset::kGuide};
const std::vector<std::string>& PresetWords() {
  static const std::vector<std::string> words = WordsOf(kPresets, &PresetName);
  return words;
}
const MotionStyle kMotions[] = {MotionStyle::kDiscrete, MotionStyle::kGlide};
const std::vector<std::string>& MotionWords() {
  static const std::vector<std::string> words = WordsOf(kMotions, &MotionStyleName);
  return words;
}
const std::vector<std::string>& BackgroundWords() {
  static const std::vector<std::string> words = {"opaque", "transparent"};
  return words;
}

const Operation kOperations[] = {Operation::kConvolution, Operation::kTransposedConvolution,
                                 Operation::kMaxPooling, Operation::kAveragePooling};
const std::vector<std::string>& OperationWords() {
  static const std::vector<std::string> words = WordsOf(kOperations, &OperationName);
  return words;
}
const View kViews[] = {View::kArithmetic, View::kNumerical, View::kMatrix, View::kScatter};
const std::vector<std::string>& ViewWords() {
  static const std::vector<std::string> words = WordsOf(kViews, &ViewName);
  return words;
}
// The themes: the files of assets/palettes/ (generated/core/theme_names.h).
const std::vector<std::string>& ThemeWords() {
  static const std::vector<std::string> words(std::begin(kThemeNames), std::end(kThemeNames));
  return words;
}

const char* const kAxisNames[2] = {"H", "W"};
const char* const kAxisLongNames[2] = {"H (rows)", "W (columns)"};

std::string Str(int64_t v) { return std::to_string(v); }
std::string Dims(int64_t h, int64_t w) { return Str(h) + "x" + Str(w); }
// "1 row", "2 rows".
std::string Count(int64_t n, const std::string& noun) {
  return Str(n) + " " + noun + (n == 1 ? "" : "s");
}

// What a plain scalar means, after YAML 1.2's core schema (decimal integers only). An
// integer with a leading zero (010) is kLeadingZero: YAML 1.1 reads it as octal (8),
// YAML 1.2 as decimal (10), so it is refused as ambiguous.
enum class ScalarClass { kInteger, kLeadingZero, kDecimal, kInfinity, kNaN, kBool, kWord };

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

ScalarClass Classify(std::string_view s) {
  if (s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" || s == "FALSE") {
    return ScalarClass::kBool;
  }
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return ScalarClass::kNaN;
  std::string_view t = s;
  if (!t.empty() && (t[0] == '+' || t[0] == '-')) t.remove_prefix(1);
  if (t == ".inf" || t == ".Inf" || t == ".INF") return ScalarClass::kInfinity;
  if (AllDigits(t)) return t.size() > 1 && t[0] == '0' ? ScalarClass::kLeadingZero
                                                        : ScalarClass::kInteger;
  // [digits][.digits][e[+-]digits], with at least one digit before the exponent.
  std::size_t i = 0, digits = 0;
  while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i, ++digits;
  if (i < t.size() && t[i] == '.') {
    ++i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i, ++digits;
  }
  if (digits == 0) return ScalarClass::kWord;
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
    if (!AllDigits(t.substr(i))) return ScalarClass::kWord;
    i = t.size();
  }
  return i == t.size() ? ScalarClass::kDecimal : ScalarClass::kWord;
}

// True when a decimal number that does not fit a double is tiny (it underflows) rather
// than huge: the power of ten of its first significant digit is negative.
bool Underflows(std::string_view s) {
  const std::size_t e = s.find_first_of("eE");
  const std::string_view mantissa = s.substr(0, e);
  int64_t exponent = 0;
  if (e != std::string_view::npos) {
    std::string_view digits = s.substr(e + 1);
    if (!digits.empty() && digits[0] == '+') digits.remove_prefix(1);
    const auto result = std::from_chars(digits.data(), digits.data() + digits.size(), exponent);
    // An exponent beyond 64 bits: its sign decides.
    if (result.ec != std::errc()) return !digits.empty() && digits[0] == '-';
  }
  const std::size_t point = std::min(mantissa.find('.'), mantissa.size());
  const std::size_t first = mantissa.find_first_of("123456789");
  if (first == std::string_view::npos) return true;  // zero
  const int64_t position = first < point ? static_cast<int64_t>(point - first) - 1
                                         : -static_cast<int64_t>(first - point);
  return exponent < 0 && position < -exponent;
}

// Parses a kInteger/kDecimal scalar (locale-independent). A number too small for a double
// is 0 (IEEE 754 underflow, as other YAML and JSON readers give); one too large is infinite.
double ToDouble(std::string_view s) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  const bool negative = !s.empty() && s[0] == '-';
  double value = 0;
  const auto result = std::from_chars(s.data(), s.data() + s.size(), value);
  if (result.ec == std::errc::result_out_of_range) {
    if (Underflows(negative ? s.substr(1) : s)) return negative ? -0.0 : 0.0;
    return negative ? -std::numeric_limits<double>::infinity()
                    : std::numeric_limits<double>::infinity();
  }
  return value;
}

// Why an integer with a leading zero is refused, and what to write instead.
std::string LeadingZeroMessage(std::string_view s) {
  std::string_view digits = s;
  std::string sign;
  if (digits[0] == '+' || digits[0] == '-') {
    if (digits[0] == '-') sign = "-";
    digits.remove_prefix(1);
  }
  const std::string decimal = sign + std::string(digits.substr(std::min(
                                         digits.find_first_not_of('0'), digits.size() - 1)));
  const bool octal = digits.find_first_of("89") == std::string_view::npos;
  std::string yaml11 = "text";
  if (octal) {
    int64_t value = 0;
    const auto result = std::from_chars(digits.data(), digits.data() + digits.size(), value, 8);
    yaml11 = result.ec == std::errc() ? "the octal number " + sign + std::to_string(value)
                                      : "an octal number";
  }
  return std::string(s) + " has a leading zero, which YAML readers disagree on (YAML 1.1 reads "
                          "it as " +
         yaml11 + ", YAML 1.2 as " + decimal + "); write " + decimal + " without it";
}

// Text from the file, made safe to print inside quotes in a one-line message: at most 40
// characters, control characters and bytes that are not UTF-8 escaped.
std::string Quote(std::string_view s) { return "'" + text::Printable(s, 40) + "'"; }

struct Entry {
  NodeId key = kNone;
  NodeId value = kNone;
  bool present() const { return key != kNone; }
};
using Entries = std::vector<Entry>;

// The output-size arithmetic of both axes ([kAxisH], [kAxisW]).
using Axes = std::array<AxisArithmetic, 2>;

// The padding as the file wrote it, before words are resolved.
struct PaddingSpec {
  PaddingMode mode = PaddingMode::kExplicit;
  Padding cells;  // kExplicit
};

class SceneReader {
 public:
  SceneReader(const Document& doc, const std::string& source) : doc_(doc), source_(source) {}

  Status Read(Scene* out);

 private:
  // One operation: the whole scene, or (`from` given) a layer of a stack whose input has
  // from->in_channels and from->input_size and no values.
  Status ReadOperation(NodeId root, const Entries& top, const Scene* from, Scene* out);
  Status ReadInput(NodeId root, const Entries& top, Scene* scene, Entries* in);
  Status ReadStack(NodeId root, const Entries& top, Scene* out);

 private:
  // A fault at node `at`. Inside what an alias repeats, the place is the alias's and the
  // message says where the value itself is written.
  Status Error(NodeId at, const std::string& message) const {
    SourceLocation where{source_, 0, 0};
    std::string text = message;
    if (at != kNone) {
      const yaml::Node& node = doc_.node(at);
      where.line = node.line;
      where.column = node.column;
      if (node.written_line > 0) {
        text += " (through the alias here; the value is written at line " +
                Str(node.written_line) + ", column " + Str(node.written_column) + ")";
      }
    }
    return Status::InvalidScene(text, std::move(where));
  }
  NodeKind Kind(NodeId n) const { return doc_.node(n).kind; }
  bool IsPlain(NodeId n) const { return Kind(n) == NodeKind::kScalar && doc_.node(n).plain; }
  std::string Describe(NodeId n) const;
  std::string At(NodeId n) const {
    return "line " + Str(doc_.node(n).line) + ", column " + Str(doc_.node(n).column);
  }

  Status ReadMapping(NodeId map, const std::string& where, const std::vector<std::string>& known,
                     Entries* entries) const;
  Status ReadInt(NodeId n, const std::string& name, int64_t min, int64_t max, int64_t* out) const;
  Status ReadInt(NodeId n, const std::string& name, int min, int max, int* out) const;
  Status ReadPair(NodeId n, const std::string& name, int min, int max, Pair* out) const;
  Status ReadNumber(NodeId n, const std::string& name, double* out) const;
  Status ReadBool(NodeId n, const std::string& name, bool* out) const;
  Status ReadWord(NodeId n, const std::string& name, const std::vector<std::string>& words,
                  std::size_t* index) const;
  Status ReadText(NodeId n, const std::string& name, std::size_t max_characters,
                  std::string* out) const;
  Status ReadSeed(NodeId n, const std::string& name, uint64_t* out) const;
  Status ReadRange(NodeId n, const std::string& name, int64_t range[2]) const;
  Status ReadPadding(NodeId n, PaddingSpec* out) const;
  Status ReadStyle(NodeId n, Style* style) const;

  // Refuses a key that the operation does not take.
  Status RefuseFor(const Entry& e, const std::string& key, const std::string& why) const {
    if (!e.present()) return Status::Ok();
    return Error(e.key, "'" + key + "' " + why);
  }

  Status ReadBias(NodeId n, int channels, Tensor* out) const;
  Status CheckArithmetic(const Scene& scene, Axes* axes) const;
  Status CheckPoolingWindows(const Scene& scene, const Axes& axes) const;
  Status CheckDerivedLimits(const Scene& scene, const Axes& axes) const;
  Status ReadValues(NodeId n, const std::string& name, const std::vector<int>& dims,
                    const std::vector<std::string>& dim_names, const std::string& shape_text,
                    std::vector<double>* out) const;
  Status FillTensor(const Entries& entries, int values_key, int seed_key, int range_key,
                    const std::string& name, const std::vector<int>& shape,
                    const std::vector<std::string>& dim_names, const std::string& layout,
                    uint64_t default_seed, const int64_t default_range[2], Tensor* out) const;

  const Document& doc_;
  const std::string& source_;
  // Where the keys that later checks blame sit.
  NodeId input_size_node_ = kNone;
  NodeId kernel_size_node_ = kNone;
  NodeId padding_node_ = kNone;
  NodeId output_padding_node_ = kNone;
  NodeId groups_node_ = kNone;
};

std::string SceneReader::Describe(NodeId n) const {
  switch (Kind(n)) {
    case NodeKind::kNull:
      return "nothing (an empty value)";
    case NodeKind::kMap:
      return "a mapping";
    case NodeKind::kSequence: {
      const uint32_t size = doc_.size(n);
      return "a list of " + Str(size) + (size == 1 ? " item" : " items");
    }
    case NodeKind::kScalar:
      break;
  }
  const std::string_view text = doc_.scalar(n);
  if (!doc_.node(n).plain) return "the quoted text " + Quote(text);
  switch (Classify(text)) {
    case ScalarClass::kInteger:
      return "the integer " + std::string(text);
    case ScalarClass::kLeadingZero:
      return "the integer " + std::string(text) + " (" + LeadingZeroMessage(text) + ")";
    case ScalarClass::kDecimal: {
      const double v = ToDouble(text);
      if (!std::isfinite(v)) return "the number " + std::string(text) + ", too large to be finite";
      if (v == std::floor(v)) return "the decimal number " + std::string(text);
      return "the fractional number " + std::string(text);
    }
    case ScalarClass::kInfinity:
      return "the non-finite number " + std::string(text);
    case ScalarClass::kNaN:
      return "the non-finite number " + std::string(text) + " (not a number)";
    case ScalarClass::kBool:
      return "the boolean " + std::string(text);
    case ScalarClass::kWord:
      break;
  }
  return "the word " + Quote(text);
}

Status SceneReader::ReadMapping(NodeId map, const std::string& where,
                                const std::vector<std::string>& known, Entries* entries) const {
  entries->assign(known.size(), Entry{});
  for (uint32_t i = 0; i < doc_.size(map); ++i) {
    const NodeId key = doc_.key(map, i);
    if (Kind(key) != NodeKind::kScalar) {
      return Error(key, "keys must be words, but " + where + " has " + Describe(key) + " as a key");
    }
    const std::string name(doc_.scalar(key));
    const auto found = std::find(known.begin(), known.end(), name);
    if (found == known.end()) {
      const std::string hint = ClosestWord(name, known);
      return Error(key, "unknown key " + Quote(name) + " in " + where +
                            (hint.empty() ? "; the keys are " + JoinWords(known)
                                          : ", did you mean '" + hint + "'?"));
    }
    Entry& entry = (*entries)[static_cast<std::size_t>(found - known.begin())];
    if (entry.present()) {
      return Error(key, "duplicate key " + Quote(name) + " in " + where + " (first given at " +
                            At(entry.key) + ")");
    }
    entry = Entry{key, doc_.value(map, i)};
  }
  return Status::Ok();
}

Status SceneReader::ReadInt(NodeId n, const std::string& name, int64_t min, int64_t max,
                            int64_t* out) const {
  if (IsPlain(n) && Classify(doc_.scalar(n)) == ScalarClass::kLeadingZero) {
    return Error(n, name + " " + LeadingZeroMessage(doc_.scalar(n)));
  }
  if (!IsPlain(n) || Classify(doc_.scalar(n)) != ScalarClass::kInteger) {
    std::string hint;
    if (IsPlain(n) && Classify(doc_.scalar(n)) == ScalarClass::kDecimal) {
      const double v = ToDouble(doc_.scalar(n));
      if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) {
        hint = " (write " + Str(static_cast<int64_t>(v)) + ")";
      }
    }
    return Error(n, name + " must be an integer, got " + Describe(n) + hint);
  }
  std::string_view text = doc_.scalar(n);
  if (text[0] == '+') text.remove_prefix(1);
  int64_t value = 0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  const bool huge = result.ec == std::errc::result_out_of_range;
  if (!huge && value < min) {
    if (min == 0) return Error(n, name + " must not be negative, got " + Str(value));
    if (min == 1) return Error(n, name + " must be positive, got " + Str(value));
    return Error(n, name + " must be at least " + Str(min) + ", got " + Str(value));
  }
  if (huge || value > max) {
    if (huge && text[0] == '-')
      return Error(n, name + " " + std::string(text) + " is far too small");
    return Error(n, name + " " + std::string(text) + " exceeds the limit of " + Str(max) +
                        " (see docs/scene-format.md, Limits)");
  }
  *out = value;
  return Status::Ok();
}

Status SceneReader::ReadInt(NodeId n, const std::string& name, int min, int max, int* out) const {
  int64_t value = 0;
  Status status = ReadInt(n, name, static_cast<int64_t>(min), static_cast<int64_t>(max), &value);
  if (status.ok()) *out = static_cast<int>(value);
  return status;
}

Status SceneReader::ReadPair(NodeId n, const std::string& name, int min, int max, Pair* out) const {
  if (Kind(n) == NodeKind::kSequence) {
    if (doc_.size(n) != 2) {
      return Error(
          n, name + " must be one integer or a list [H, W] of 2 integers, got " + Describe(n));
    }
    for (int axis = 0; axis < 2; ++axis) {
      Status status =
          ReadInt(doc_.item(n, static_cast<uint32_t>(axis)), name + " along " + kAxisNames[axis],
                  min, max, &(*out)[static_cast<std::size_t>(axis)]);
      if (!status.ok()) return status;
    }
    return Status::Ok();
  }
  if (Kind(n) != NodeKind::kScalar) {
    return Error(n,
                 name + " must be one integer or a list [H, W] of 2 integers, got " + Describe(n));
  }
  int value = 0;
  Status status = ReadInt(n, name, min, max, &value);
  if (status.ok()) *out = Pair{value, value};
  return status;
}

Status SceneReader::ReadNumber(NodeId n, const std::string& name, double* out) const {
  const ScalarClass kind = IsPlain(n) ? Classify(doc_.scalar(n)) : ScalarClass::kWord;
  if (kind == ScalarClass::kLeadingZero) {
    return Error(n, name + " " + LeadingZeroMessage(doc_.scalar(n)));
  }
  if (kind == ScalarClass::kInfinity || kind == ScalarClass::kNaN) {
    return Error(n, name + " must be a finite number, got " + Describe(n));
  }
  if (kind != ScalarClass::kInteger && kind != ScalarClass::kDecimal) {
    return Error(n, name + " must be a number, got " + Describe(n));
  }
  const double value = ToDouble(doc_.scalar(n));
  if (!std::isfinite(value)) return Error(n, name + " must be a finite number, got " + Describe(n));
  *out = value;
  return Status::Ok();
}

Status SceneReader::ReadBool(NodeId n, const std::string& name, bool* out) const {
  if (!IsPlain(n) || Classify(doc_.scalar(n)) != ScalarClass::kBool) {
    return Error(n, name + " must be true or false, got " + Describe(n));
  }
  const std::string_view text = doc_.scalar(n);
  *out = text[0] == 't' || text[0] == 'T';
  return Status::Ok();
}

Status SceneReader::ReadWord(NodeId n, const std::string& name,
                             const std::vector<std::string>& words, std::size_t* index) const {
  const bool text = Kind(n) == NodeKind::kScalar &&
                    (!doc_.node(n).plain || Classify(doc_.scalar(n)) == ScalarClass::kWord);
  if (!text) return Error(n, name + " must be one of " + JoinWords(words) + ", got " + Describe(n));
  const std::string word(doc_.scalar(n));
  const auto found = std::find(words.begin(), words.end(), word);
  if (found != words.end()) {
    *index = static_cast<std::size_t>(found - words.begin());
    return Status::Ok();
  }
  const std::string hint = ClosestWord(word, words);
  return Error(n, "unknown " + name + " " + Quote(word) +
                      (hint.empty() ? "; it must be one of " + JoinWords(words)
                                    : ", did you mean '" + hint + "'?"));
}

Status SceneReader::ReadText(NodeId n, const std::string& name, std::size_t max_characters,
                             std::string* out) const {
  if (Kind(n) == NodeKind::kNull) {
    out->clear();
    return Status::Ok();
  }
  if (Kind(n) != NodeKind::kScalar) return Error(n, name + " must be text, got " + Describe(n));
  const std::string_view value = doc_.scalar(n);
  // The file was checked to be UTF-8; this also covers what escapes in quoted text make.
  if (!text::IsValidUtf8(value)) {
    return Error(n, name + " is not valid UTF-8 text: " + Quote(value));
  }
  char32_t control = 0;
  if (text::FirstControl(value, "\t\n", &control) != text::kNone) {
    return Error(n, name + " holds the control character " + text::EscapedCharacter(control) +
                        " (only tabs and line breaks may appear in text): " + Quote(value));
  }
  const std::size_t characters = text::CountCharacters(value);
  if (characters > max_characters) {
    return Error(n, name + " is " + Str(static_cast<int64_t>(characters)) +
                        " characters long, more than the limit of " +
                        Str(static_cast<int64_t>(max_characters)) + ": " + Quote(value));
  }
  *out = std::string(value);
  return Status::Ok();
}

Status SceneReader::ReadSeed(NodeId n, const std::string& name, uint64_t* out) const {
  if (IsPlain(n) && Classify(doc_.scalar(n)) == ScalarClass::kLeadingZero) {
    return Error(n, name + " " + LeadingZeroMessage(doc_.scalar(n)));
  }
  if (!IsPlain(n) || Classify(doc_.scalar(n)) != ScalarClass::kInteger) {
    return Error(n, name + " must be an integer, got " + Describe(n));
  }
  std::string_view text = doc_.scalar(n);
  if (text[0] == '-') return Error(n, name + " must not be negative, got " + std::string(text));
  if (text[0] == '+') text.remove_prefix(1);
  const auto result = std::from_chars(text.data(), text.data() + text.size(), *out);
  if (result.ec != std::errc()) {
    return Error(n, name + " " + std::string(text) + " does not fit in 64 bits");
  }
  return Status::Ok();
}

Status SceneReader::ReadRange(NodeId n, const std::string& name, int64_t range[2]) const {
  if (Kind(n) != NodeKind::kSequence || doc_.size(n) != 2) {
    return Error(n, name + " must be a list [low, high] of 2 integers, got " + Describe(n));
  }
  const auto magnitude = static_cast<int64_t>(limits::kMaxValueMagnitude);
  for (uint32_t i = 0; i < 2; ++i) {
    Status status = ReadInt(doc_.item(n, i), name + (i == 0 ? " low" : " high"), -magnitude,
                            magnitude, &range[i]);
    if (!status.ok()) return status;
  }
  if (range[0] > range[1]) {
    return Error(n, name + " [" + Str(range[0]) + ", " + Str(range[1]) +
                        "] is empty: low must not exceed high");
  }
  return Status::Ok();
}

Status SceneReader::ReadPadding(NodeId n, PaddingSpec* out) const {
  static const std::string kForms =
      "padding must be one integer, [pH, pW], [top, left, bottom, right] or one of " +
      JoinWords(PaddingWords());
  if (Kind(n) == NodeKind::kScalar &&
      (!doc_.node(n).plain || Classify(doc_.scalar(n)) == ScalarClass::kWord)) {
    std::size_t index = 0;
    Status status = ReadWord(n, "padding word", PaddingWords(), &index);
    if (!status.ok()) return status;
    ParsePaddingWord(PaddingWords()[index], &out->mode);
    return Status::Ok();
  }
  out->mode = PaddingMode::kExplicit;
  if (Kind(n) == NodeKind::kScalar) {
    int p = 0;
    Status status = ReadInt(n, "padding", 0, limits::kMaxPadding, &p);
    out->cells = Padding{p, p, p, p};
    return status;
  }
  if (Kind(n) != NodeKind::kSequence) return Error(n, kForms + ", got " + Describe(n));
  const uint32_t size = doc_.size(n);
  if (size != 2 && size != 4) return Error(n, kForms + ", got " + Describe(n));
  static const char* const kSides[4] = {"top", "left", "bottom", "right"};
  int cells[4] = {0, 0, 0, 0};
  for (uint32_t i = 0; i < size; ++i) {
    const std::string name = size == 2 ? std::string("padding along ") + kAxisNames[i]
                                       : std::string("padding ") + kSides[i];
    Status status = ReadInt(doc_.item(n, i), name, 0, limits::kMaxPadding, &cells[i]);
    if (!status.ok()) return status;
  }
  out->cells = size == 2 ? Padding{cells[0], cells[1], cells[0], cells[1]}
                         : Padding{cells[0], cells[1], cells[2], cells[3]};
  return Status::Ok();
}

Status SceneReader::ReadStyle(NodeId n, Style* style) const {
  if (Kind(n) != NodeKind::kMap) {
    return Error(n,
                 "'style' must be a mapping (decimals, frame_duration, ...), got " + Describe(n));
  }
  Entries e;
  Status status = ReadMapping(n, "'style'", StyleKeys(), &e);
  if (!status.ok()) return status;
  if (e[kStyPreset].present()) {
    std::size_t index = 0;
    status = ReadWord(e[kStyPreset].value, "style.preset", PresetWords(), &index);
    if (!status.ok()) return status;
    style->preset = kPresets[index];
  }
  if (e[kStyDecimals].present()) {
    status = ReadInt(e[kStyDecimals].value, "style.decimals", 0, kMaxDecimals, &style->decimals);
    if (!status.ok()) return status;
  }
  if (e[kStyValueDecimals].present()) {
    status = ReadInt(e[kStyValueDecimals].value, "style.value_decimals", 0, kMaxDecimals,
                     &style->value_decimals);
    if (!status.ok()) return status;
  }
  if (e[kStyBackground].present()) {
    std::size_t index = 0;
    status = ReadWord(e[kStyBackground].value, "style.background", BackgroundWords(), &index);
    if (!status.ok()) return status;
    style->transparent = index == 1;
  }
  if (e[kStyFont].present()) {
    status = ReadText(e[kStyFont].value, "style.font", 4096, &style->font);
    if (!status.ok()) return status;
    // Relative to the scene file's folder; it must be there to be checked.
    if (!style->font.empty() && style->font[0] != '/') {
      const std::size_t slash = source_.rfind('/');
      if (slash != std::string::npos) style->font = source_.substr(0, slash + 1) + style->font;
    }
    std::FILE* file = std::fopen(style->font.c_str(), "rb");
    if (file == nullptr) {
      return Error(e[kStyFont].value, "style.font: cannot read the font file '" + style->font +
                                          "': " + std::strerror(errno));
    }
    std::fclose(file);
  }
  if (e[kStyProgressive].present()) {
    status = ReadBool(e[kStyProgressive].value, "style.progressive", &style->progressive);
    if (!status.ok()) return status;
  }
  if (e[kStyEquation].present()) {
    bool shown = true;
    status = ReadBool(e[kStyEquation].value, "style.equation", &shown);
    if (!status.ok()) return status;
    style->equation = shown ? 1 : 0;
  }
  if (e[kStyOverlap].present()) {
    status = ReadBool(e[kStyOverlap].value, "style.overlap", &style->overlap);
    if (!status.ok()) return status;
  }
  if (e[kStyMotion].present()) {
    std::size_t index = 0;
    status = ReadWord(e[kStyMotion].value, "style.motion", MotionWords(), &index);
    if (!status.ok()) return status;
    style->motion = kMotions[index];
  }
  if (e[kStyFrameDuration].present()) {
    const NodeId v = e[kStyFrameDuration].value;
    status = ReadNumber(v, "style.frame_duration", &style->frame_duration);
    if (!status.ok()) return status;
    if (style->frame_duration < kMinFrameDuration || style->frame_duration > kMaxFrameDuration) {
      return Error(v, "style.frame_duration must be between 0.01 and 3600 seconds, got " +
                          std::string(doc_.scalar(v)));
    }
  }
  if (e[kStyCellSize].present()) {
    const NodeId v = e[kStyCellSize].value;
    status = ReadNumber(v, "style.cell_size", &style->cell_size);
    if (!status.ok()) return status;
    if (style->cell_size != 0 &&
        (style->cell_size < kMinCellSize || style->cell_size > kMaxCellSize)) {
      return Error(v, "style.cell_size must be 0 (automatic) or between 4 and 400 pixels, got " +
                          std::string(doc_.scalar(v)));
    }
  }
  if (e[kStyTheme].present()) {
    std::size_t index = 0;
    status = ReadWord(e[kStyTheme].value, "style.theme", ThemeWords(), &index);
    if (!status.ok()) return status;
    style->theme = ThemeWords()[index];
  }
  if (e[kStyTitle].present()) {
    status = ReadText(e[kStyTitle].value, "style.title", limits::kMaxTitleChars, &style->title);
    if (!status.ok()) return status;
    const yaml::Node& node = doc_.node(e[kStyTitle].value);
    style->title_where = SourceLocation{source_, node.line, node.column};
  }
  return Status::Ok();
}

// kernel.bias: a list of one number per output channel, or a mapping with values, or
// seed and range for random integers (like input values).
Status SceneReader::ReadBias(NodeId n, int channels, Tensor* out) const {
  const std::string shape = "[" + Str(channels) + "] (one number per output channel)";
  if (Kind(n) == NodeKind::kSequence) {
    std::vector<double> data;
    Status status = ReadValues(n, "kernel.bias", {channels}, {"output channel"}, shape, &data);
    if (status.ok()) *out = Tensor({channels}, std::move(data));
    return status;
  }
  if (Kind(n) != NodeKind::kMap) {
    return Error(n, "kernel.bias must be a list of " + Count(channels, "number") +
                        " (one per output channel) or a mapping with seed and range, got " +
                        Describe(n));
  }
  Entries e;
  Status status = ReadMapping(n, "'kernel.bias'", ValueKeys(), &e);
  if (!status.ok()) return status;
  if (e[kValValues].present()) {
    for (int key : {kValSeed, kValRange}) {
      if (e[static_cast<std::size_t>(key)].present()) {
        return Error(e[static_cast<std::size_t>(key)].key,
                     "'kernel.bias." + ValueKeys()[static_cast<std::size_t>(key)] +
                         "' has no effect when 'kernel.bias.values' is given; remove one of them");
      }
    }
    return ReadBias(e[kValValues].value, channels, out);
  }
  uint64_t seed = kDefaultBiasSeed;
  int64_t range[2] = {kDefaultBiasRange[0], kDefaultBiasRange[1]};
  if (e[kValSeed].present()) status = ReadSeed(e[kValSeed].value, "kernel.bias.seed", &seed);
  if (status.ok() && e[kValRange].present()) {
    status = ReadRange(e[kValRange].value, "kernel.bias.range", range);
  }
  if (!status.ok()) return status;
  Tensor tensor({channels});
  SplitMix64 random(seed);
  for (double& v : tensor.data()) v = static_cast<double>(random.UniformInt(range[0], range[1]));
  *out = std::move(tensor);
  return Status::Ok();
}

// Window fit, output_padding and the per-axis output sizes (core/arithmetic.h).
// ComputeAxis refuses the same faults one axis at a time; the two checks before it say
// them for both axes at once and point at the key at fault.
Status SceneReader::CheckArithmetic(const Scene& scene, Axes* axes) const {
  const bool transposed = scene.operation == Operation::kTransposedConvolution;
  const bool pooling = IsPooling(scene.operation);
  const bool ceil_mode = pooling && scene.ceil_mode;
  int64_t k_eff[2], padded[2];
  bool fits[2];
  for (std::size_t a = 0; a < 2; ++a) {
    k_eff[a] = int64_t{scene.dilation[a]} * (scene.kernel_size[a] - 1) + 1;
    padded[a] = int64_t{scene.input_size[a]} + scene.padding.Begin(static_cast<int>(a)) +
                scene.padding.End(static_cast<int>(a));
    // With ceil_mode PyTorch accepts a window larger than the padded input when its output
    // formula still gives a cell.
    fits[a] = ceil_mode ? PoolingOutputSize(AxisOf(scene, static_cast<int>(a))) >= 1
                        : k_eff[a] <= padded[a];
  }
  if (pooling) {
    // PyTorch's pool2d_shape_check: pad <= effective kernel size / 2 (per side here, as
    // the scene format also takes asymmetric padding).
    for (std::size_t a = 0; a < 2; ++a) {
      const int64_t pad = std::max(scene.padding.Begin(static_cast<int>(a)),
                                   scene.padding.End(static_cast<int>(a)));
      if (pad <= k_eff[a] / 2) continue;
      std::string window = "window of " + Str(scene.kernel_size[a]);
      if (k_eff[a] != scene.kernel_size[a]) window += " dilated to " + Str(k_eff[a]);
      std::string word;
      if (scene.padding_mode != PaddingMode::kExplicit) {
        word = " (padding '" + std::string(PaddingModeName(scene.padding_mode)) + "')";
      }
      return Error(padding_node_ != kNone ? padding_node_ : kernel_size_node_,
                   "pooling padding must be at most half the window size, as in PyTorch: along " +
                       std::string(kAxisLongNames[a]) + " the padding is " + Str(pad) + word +
                       ", more than floor(" + Str(k_eff[a]) + " / 2) = " + Str(k_eff[a] / 2) +
                       " for the " + window);
    }
  }
  if (!transposed && (!fits[0] || !fits[1])) {
    std::string message = std::string("the ") + Dims(scene.kernel_size[0], scene.kernel_size[1]) +
                          (pooling ? " window" : " kernel");
    if (k_eff[0] != scene.kernel_size[0] || k_eff[1] != scene.kernel_size[1]) {
      message += " (dilated to " + Dims(k_eff[0], k_eff[1]) + ")";
    }
    message += " does not fit the " + Dims(scene.input_size[0], scene.input_size[1]) + " input";
    if (padded[0] != scene.input_size[0] || padded[1] != scene.input_size[1]) {
      message += " padded to " + Dims(padded[0], padded[1]);
    }
    if (ceil_mode) {
      message += ", even with ceil_mode (PyTorch takes a larger window only while it still "
                 "gives one output: k_eff <= i + p_begin + p_end + stride - 1)";
    } else {
      message += std::string(" (as in PyTorch, a ") + (pooling ? "window" : "kernel") +
                 " may not be larger than the padded input)";
    }
    return Error(kernel_size_node_, message);
  }
  if (transposed) {
    for (std::size_t a = 0; a < 2; ++a) {
      const int limit = std::max(scene.stride[a], scene.dilation[a]);
      if (scene.output_padding[a] >= limit) {
        return Error(output_padding_node_,
                     "output_padding along " + std::string(kAxisNames[a]) + " is " +
                         Str(scene.output_padding[a]) +
                         ", but it must be smaller than max(stride, dilation) = max(" +
                         Str(scene.stride[a]) + ", " + Str(scene.dilation[a]) +
                         ") = " + Str(limit) + " (as in PyTorch)");
      }
    }
  }
  for (int axis = 0; axis < 2; ++axis) {
    Status status = ComputeAxis(AxisOf(scene, axis), &(*axes)[static_cast<std::size_t>(axis)]);
    if (!status.ok()) {
      const NodeId at = padding_node_ != kNone && transposed ? padding_node_ : kernel_size_node_;
      return Error(at, "along " + std::string(kAxisLongNames[axis]) + ", " + status.message());
    }
  }
  return Status::Ok();
}

// Every pooling window must tap at least one input cell (else max pooling has nothing
// to take and average pooling nothing to divide by).
Status SceneReader::CheckPoolingWindows(const Scene& scene, const Axes& axes) const {
  for (int axis = 0; axis < 2; ++axis) {
    const std::size_t a = static_cast<std::size_t>(axis);
    const int64_t i = scene.input_size[a], k = scene.kernel_size[a], s = scene.stride[a],
                  d = scene.dilation[a], begin = scene.padding.Begin(axis);
    for (int64_t j = 0; j < axes[a].output; ++j) {
      const int64_t start = j * s - begin;  // first tap, in input coordinates
      const int64_t first_inside = start >= 0 ? 0 : (-start + d - 1) / d;  // first tap >= 0
      if (first_inside < k && start + first_inside * d < i) continue;
      const std::string unit = axis == kAxisH ? "row" : "column";
      const std::string consequence =
          scene.operation == Operation::kMaxPooling
              ? "PyTorch's max pooling would output -inf there"
              : "average pooling would divide by no cell there (PyTorch has no dilated "
                "average pooling; ONNX Runtime would give 0)";
      return Error(padding_node_ != kNone ? padding_node_ : kernel_size_node_,
                   "along " + std::string(kAxisLongNames[axis]) + ", the window of output " + unit +
                       " " + Str(j) + " taps only padding (input " + unit + "s " + Str(start) +
                       " to " + Str(start + (k - 1) * d) + " in steps of " + Str(d) + "): " +
                       consequence +
                       ", so convanim refuses it; every pooling window must tap at least one "
                       "input cell (use less padding or dilation)");
    }
  }
  return Status::Ok();
}

Status SceneReader::CheckDerivedLimits(const Scene& scene, const Axes& axes) const {
  const bool transposed = scene.operation == Operation::kTransposedConvolution;
  // The grids drawn along each axis: the canvas the schedule builds (the padded input,
  // or the stretched, padded input of a transposed convolution) and the output.
  int64_t drawn[2];
  Pair output{0, 0};
  for (std::size_t a = 0; a < 2; ++a) {
    output[a] = static_cast<int>(axes[a].output);  // bounded by the size limits
    const CanvasAxis canvas = CanvasAxisFor(scene, static_cast<int>(a), axes[a]);
    drawn[a] = std::max(canvas.length, output[a]);
  }
  if (drawn[0] > limits::kMaxCanvasCells || drawn[1] > limits::kMaxCanvasCells) {
    return Error(input_size_node_,
                 "the figure would draw a grid of " + Dims(drawn[0], drawn[1]) + " cells (the " +
                     (transposed ? "input stretched by the stride and padded" : "padded input") +
                     "), more than the limit of " + Str(limits::kMaxCanvasCells) +
                     " cells along one axis");
  }
  const int64_t outputs = int64_t{output[0]} * output[1];
  const int64_t steps = int64_t{scene.out_channels} * outputs;
  if (steps > limits::kMaxSteps) {
    return Error(input_size_node_, "the scene has " + Str(steps) + " steps (" +
                                       Count(scene.out_channels, "output channel") + " x " +
                                       Dims(output[0], output[1]) +
                                       " output cells), more than the limit of " +
                                       Str(limits::kMaxSteps));
  }
  const int64_t input_cells =
      int64_t{scene.in_channels} * scene.input_size[0] * scene.input_size[1];
  if (input_cells > limits::kMaxTensorElements) {
    return Error(input_size_node_, "the input has " + Str(input_cells) +
                                       " values, more than the limit of " +
                                       Str(limits::kMaxTensorElements));
  }
  const int64_t taps = int64_t{scene.kernel_size[0]} * scene.kernel_size[1];
  const int64_t taps_per_step =
      IsPooling(scene.operation) ? taps : (scene.in_channels / scene.groups) * taps;
  if (steps * taps_per_step > limits::kMaxTaps) {
    return Error(kernel_size_node_,
                 "the scene's steps have " + Str(steps * taps_per_step) + " taps in all (" +
                     Str(steps) + " steps x " + Str(taps_per_step) +
                     " taps each), more than the limit of " + Str(limits::kMaxTaps) +
                     " (what eval lists and an animation draws; use a smaller kernel, fewer "
                     "channels or a larger stride)");
  }
  int64_t work = 0;
  if (IsPooling(scene.operation)) {
    work = steps * taps;
  } else {
    const int64_t kernel_cells =
        int64_t{scene.in_channels} * (scene.out_channels / scene.groups) * taps;
    if (kernel_cells > limits::kMaxTensorElements) {
      return Error(kernel_size_node_, "the kernel has " + Str(kernel_cells) +
                                          " weights, more than the limit of " +
                                          Str(limits::kMaxTensorElements));
    }
    // Per output cell: (in/groups) * kH * kW products. A transposed convolution scatters
    // each input cell instead: (out/groups) * kH * kW products per input cell.
    const int64_t direct = steps * (scene.in_channels / scene.groups) * taps;
    const int64_t scatter = input_cells * (scene.out_channels / scene.groups) * taps;
    work = transposed ? std::max(direct, scatter) : direct;
  }
  if (work > limits::kMaxMultiplyAdds) {
    return Error(input_size_node_, "the scene needs " + Str(work) +
                                       " multiply-adds, more than the limit of " +
                                       Str(limits::kMaxMultiplyAdds));
  }
  return Status::Ok();
}

// Reads nested lists of numbers of exactly the shape `dims` into `out`, row-major.
Status SceneReader::ReadValues(NodeId n, const std::string& name, const std::vector<int>& dims,
                               const std::vector<std::string>& dim_names,
                               const std::string& shape_text, std::vector<double>* out) const {
  const std::size_t level = dim_names.size() - dims.size();
  const int expected = dims.front();
  const std::string& what = dim_names[level];
  if (Kind(n) != NodeKind::kSequence) {
    return Error(n, name + " must be a list of " + Count(expected, what) + ", got " + Describe(n) +
                        "; the expected shape is " + shape_text);
  }
  if (doc_.size(n) != static_cast<uint32_t>(expected)) {
    return Error(n, name + " has " + Count(doc_.size(n), what) + ", expected " + Str(expected) +
                        "; the expected shape is " + shape_text);
  }
  const std::vector<int> rest(dims.begin() + 1, dims.end());
  for (uint32_t i = 0; i < doc_.size(n); ++i) {
    const NodeId item = doc_.item(n, i);
    const std::string item_name = name + "[" + Str(i) + "]";
    if (!rest.empty()) {
      Status status = ReadValues(item, item_name, rest, dim_names, shape_text, out);
      if (!status.ok()) return status;
      continue;
    }
    double value = 0;
    Status status = ReadNumber(item, item_name, &value);
    if (!status.ok()) return status;
    if (std::fabs(value) > limits::kMaxValueMagnitude) {
      return Error(item, item_name + " = " + std::string(doc_.scalar(item)) +
                             " exceeds the limit of 1e12 in magnitude");
    }
    out->push_back(value);
  }
  return Status::Ok();
}

// Nesting depth of the first items: [[1]] is 2.
int FirstItemDepth(const Document& doc, NodeId n) {
  int depth = 0;
  while (doc.node(n).kind == NodeKind::kSequence && depth < limits::kMaxYamlDepth) {
    ++depth;
    if (doc.size(n) == 0) break;
    n = doc.item(n, 0);
  }
  return depth;
}

std::string ShapeText(const std::vector<int>& shape) {
  std::string out;
  for (int d : shape) out += "[" + Str(d) + "]";
  return out;
}

Status SceneReader::FillTensor(const Entries& e, int values_key, int seed_key, int range_key,
                               const std::string& name, const std::vector<int>& shape,
                               const std::vector<std::string>& dim_names, const std::string& layout,
                               uint64_t default_seed, const int64_t default_range[2],
                               Tensor* out) const {
  const Entry& values = e[static_cast<std::size_t>(values_key)];
  if (values.present()) {
    for (int key : {seed_key, range_key}) {
      const Entry& extra = e[static_cast<std::size_t>(key)];
      if (extra.present()) {
        return Error(extra.key, "'" + name + "." + std::string(doc_.scalar(extra.key)) +
                                    "' has no effect when '" + name +
                                    ".values' is given; remove one of them");
      }
    }
    // [H][W] for one map (the leading dimensions are all 1), else the full layout.
    const bool leading_ones =
        std::all_of(shape.begin(), shape.end() - 2, [](int d) { return d == 1; });
    const int depth = FirstItemDepth(doc_, values.value);
    std::vector<int> dims = shape;
    std::vector<std::string> names = dim_names;
    std::string shape_text = ShapeText(shape) + " (" + layout + ")";
    if (depth <= 2) {
      if (!leading_ones) {
        return Error(values.value, name + ".values gives one [H][W] map, but the " + name +
                                       " has shape " + ShapeText(shape) + " (" + layout +
                                       "); give values of that shape");
      }
      dims.assign(shape.end() - 2, shape.end());
      names.assign(dim_names.end() - 2, dim_names.end());
      shape_text = ShapeText(dims) + " (rows, columns)";
    }
    std::vector<double> data;
    int64_t cells = 1;  // within limits::kMaxTensorElements, checked before
    for (int d : shape) cells *= d;
    data.reserve(static_cast<std::size_t>(cells));
    Status status = ReadValues(values.value, name + ".values", dims, names, shape_text, &data);
    if (!status.ok()) return status;
    *out = Tensor(shape, std::move(data));
    return Status::Ok();
  }
  uint64_t seed = default_seed;
  int64_t range[2] = {default_range[0], default_range[1]};
  const Entry& seed_entry = e[static_cast<std::size_t>(seed_key)];
  if (seed_entry.present()) {
    Status status = ReadSeed(seed_entry.value, name + ".seed", &seed);
    if (!status.ok()) return status;
  }
  const Entry& range_entry = e[static_cast<std::size_t>(range_key)];
  if (range_entry.present()) {
    Status status = ReadRange(range_entry.value, name + ".range", range);
    if (!status.ok()) return status;
  }
  Tensor tensor(shape);
  SplitMix64 random(seed);
  for (double& v : tensor.data()) v = static_cast<double>(random.UniformInt(range[0], range[1]));
  *out = std::move(tensor);
  return Status::Ok();
}

Status SceneReader::Read(Scene* out) {
  if (doc_.empty()) {
    return Status::InvalidScene(
        "the scene file is empty; a scene is a mapping with at least 'operation', 'input' and "
        "'kernel'",
        SourceLocation{source_, 0, 0});
  }
  const NodeId root = doc_.root();
  if (Kind(root) != NodeKind::kMap) {
    return Error(root,
                 "a scene must be a YAML mapping (operation: ..., input: ..., kernel: ...), "
                 "got " +
                     Describe(root));
  }
  Entries top;
  Status status = ReadMapping(root, "the scene", TopKeys(), &top);
  if (!status.ok()) return status;
  if (top[kLayersKey].present()) return ReadStack(root, top, out);
  return ReadOperation(root, top, nullptr, out);
}

Status SceneReader::ReadInput(NodeId root, const Entries& top, Scene* out, Entries* in) {
  Scene& scene = *out;
  if (!top[kInputKey].present()) {
    return Error(root, "missing required key 'input' (a mapping with at least 'size')");
  }
  const NodeId input = top[kInputKey].value;
  scene.where = SourceLocation{source_, doc_.node(input).line, doc_.node(input).column};
  if (Kind(input) != NodeKind::kMap) {
    return Error(input, "'input' must be a mapping with at least 'size', got " + Describe(input));
  }
  Status status = ReadMapping(input, "'input'", InputKeys(), in);
  if (!status.ok()) return status;
  if (!(*in)[kInSize].present()) return Error(input, "missing required key 'size' in 'input'");
  input_size_node_ = (*in)[kInSize].value;
  status = ReadPair(input_size_node_, "input.size", 1, limits::kMaxSpatialSize, &scene.input_size);
  if (!status.ok()) return status;
  if ((*in)[kInChannels].present()) {
    status = ReadInt((*in)[kInChannels].value, "input.channels", 1, limits::kMaxChannels,
                     &scene.in_channels);
    if (!status.ok()) return status;
  }
  return Status::Ok();
}

// A stack: `input`, `layers` (each layer a mapping with an operation and its keys, its
// input the previous layer's output), `caption` and `style`.
Status SceneReader::ReadStack(NodeId root, const Entries& top, Scene* out) {
  for (std::size_t key = 0; key < top.size(); ++key) {
    if (!top[key].present() || key == kInputKey || key == kLayersKey || key == kCaptionKey ||
        key == kStyleKey) {
      continue;
    }
    return Error(top[key].key,
                 "'" + TopKeys()[key] +
                     "' does not go at the top of a scene with 'layers': each "
                     "layer gives its own operation keys, the top level only "
                     "input, layers, caption and style" +
                     (key == kGradOutputKey ? " (eval --backward takes one operation)" : ""));
  }
  Scene stack;
  stack.source = source_;
  Entries in;
  Status status = ReadInput(root, top, &stack, &in);
  if (!status.ok()) return status;
  if (top[kCaptionKey].present()) {
    status = ReadText(top[kCaptionKey].value, "caption", limits::kMaxCaptionChars, &stack.caption);
    if (!status.ok()) return status;
  }
  if (top[kStyleKey].present()) {
    status = ReadStyle(top[kStyleKey].value, &stack.style);
    if (!status.ok()) return status;
  }
  const NodeId list = top[kLayersKey].value;
  stack.layers_where = SourceLocation{source_, doc_.node(top[kLayersKey].key).line,
                                      doc_.node(top[kLayersKey].key).column};
  if (Kind(list) != NodeKind::kSequence || doc_.size(list) < 1 ||
      doc_.size(list) > static_cast<uint32_t>(kMaxLayers)) {
    return Error(list, "'layers' must be a list of 1 to " + Str(kMaxLayers) +
                           " layers (mappings with an operation and its keys), got " +
                           Describe(list));
  }
  Scene shape;  // the next layer's input: channels and size
  shape.in_channels = stack.in_channels;
  shape.input_size = stack.input_size;
  for (uint32_t i = 0; i < doc_.size(list); ++i) {
    const NodeId node = doc_.item(list, i);
    const std::string name = "layer " + Str(i);
    if (Kind(node) != NodeKind::kMap) {
      return Error(
          node, name + " must be a mapping with an operation and its keys, got " + Describe(node));
    }
    Entries layer_top;
    status = ReadMapping(node, name, TopKeys(), &layer_top);
    if (!status.ok()) return status;
    for (int key : {kInputKey, kViewKey, kCaptionKey, kStyleKey, kGradOutputKey, kLayersKey}) {
      const Entry& e = layer_top[static_cast<std::size_t>(key)];
      if (e.present()) {
        return Error(e.key, "'" + TopKeys()[static_cast<std::size_t>(key)] + "' does not go in " +
                                name + ": " +
                                (key == kInputKey ? "a layer's input is the previous layer's "
                                                    "output (the first layer's, the scene's input)"
                                                  : "it belongs to the whole scene"));
      }
    }
    input_size_node_ = kernel_size_node_ = padding_node_ = output_padding_node_ = groups_node_ =
        kNone;
    shape.where = SourceLocation{source_, doc_.node(node).line, doc_.node(node).column};
    Scene layer;
    status = ReadOperation(node, layer_top, &shape, &layer);
    if (!status.ok()) return status;
    shape.in_channels = layer.out_channels;
    for (int axis = 0; axis < 2; ++axis) {
      AxisArithmetic arithmetic;
      status = ComputeAxis(AxisOf(layer, axis), &arithmetic);
      if (!status.ok()) return Error(node, status.message());
      shape.input_size[static_cast<std::size_t>(axis)] = static_cast<int>(arithmetic.output);
    }
    stack.layers.push_back(std::move(layer));
  }
  const int h = stack.input_size[0], w = stack.input_size[1];
  status = FillTensor(in, kInValues, kInSeed, kInRange, "input", {stack.in_channels, h, w},
                      {"channel", "row", "column"}, "channels, rows, columns", kDefaultInputSeed,
                      kDefaultInputRange, &stack.input);
  if (!status.ok()) return status;
  *out = std::move(stack);
  return Status::Ok();
}

Status SceneReader::ReadOperation(NodeId root, const Entries& top, const Scene* from, Scene* out) {
  Status status;
  Scene scene;
  scene.source = source_;

  // operation, view
  if (!top[kOperationKey].present()) {
    return Error(root, "missing required key 'operation' (" + JoinWords(OperationWords()) + ")");
  }
  std::size_t index = 0;
  status = ReadWord(top[kOperationKey].value, "operation", OperationWords(), &index);
  if (!status.ok()) return status;
  scene.operation = kOperations[index];
  const Operation op = scene.operation;
  const std::string op_name = OperationName(op);
  const bool pooling = IsPooling(op);
  const bool transposed = op == Operation::kTransposedConvolution;
  if (top[kViewKey].present()) {
    status = ReadWord(top[kViewKey].value, "view", ViewWords(), &index);
    if (!status.ok()) return status;
    scene.view = kViews[index];
    if (scene.view == View::kScatter && !transposed) {
      return Error(top[kViewKey].value,
                   "view 'scatter' shows a transposed convolution as input cells stamping the "
                   "kernel onto the output; " + op_name + " has no such picture (use numerical)");
    }
    if (scene.view == View::kMatrix && op == Operation::kMaxPooling) {
      return Error(top[kViewKey].value,
                   "view 'matrix' draws the operation as output = M x, and max pooling has no "
                   "matrix: its output is the largest value under the window, not a fixed "
                   "weighted sum of the values (average pooling has one)");
    }
  }

  // input (a layer of a stack: the previous layer's output, blamed on the layer)
  Entries in;
  if (from != nullptr) {
    scene.in_channels = from->in_channels;
    scene.input_size = from->input_size;
    scene.where = from->where;
    input_size_node_ = root;
  } else {
    status = ReadInput(root, top, &scene, &in);
    if (!status.ok()) return status;
  }

  // kernel
  if (!top[kKernelKey].present()) {
    return Error(root, std::string("missing required key 'kernel' (a mapping with at least "
                                   "'size'") +
                           (pooling ? ", the pooling window)" : ")"));
  }
  const NodeId kernel = top[kKernelKey].value;
  if (Kind(kernel) != NodeKind::kMap) {
    return Error(kernel,
                 "'kernel' must be a mapping with at least 'size', got " + Describe(kernel));
  }
  Entries ker;
  status = ReadMapping(kernel, "'kernel'", KernelKeys(), &ker);
  if (!status.ok()) return status;
  if (!ker[kKerSize].present()) return Error(kernel, "missing required key 'size' in 'kernel'");
  kernel_size_node_ = ker[kKerSize].value;
  status =
      ReadPair(kernel_size_node_, "kernel.size", 1, limits::kMaxKernelSize, &scene.kernel_size);
  if (!status.ok()) return status;
  if (pooling) {
    for (int key : {kKerValues, kKerSeed, kKerRange, kKerBias}) {
      const Entry& entry = ker[static_cast<std::size_t>(key)];
      status = RefuseFor(entry, "kernel." + KernelKeys()[static_cast<std::size_t>(key)],
                         std::string(key == kKerBias ? "gives a bias" : "gives kernel weights") +
                             ", but " + op_name + " has none");
      if (!status.ok()) return status;
    }
    status = RefuseFor(ker[kKerOutChannels], "kernel.out_channels",
                       "applies to convolutions only: " + op_name + " keeps the input's channels");
    if (!status.ok()) return status;
    scene.out_channels = scene.in_channels;
  } else if (ker[kKerOutChannels].present()) {
    status = ReadInt(ker[kKerOutChannels].value, "kernel.out_channels", 1, limits::kMaxChannels,
                     &scene.out_channels);
    if (!status.ok()) return status;
  }
  if (ker[kKerBias].present() && (scene.view == View::kMatrix || scene.view == View::kScatter)) {
    return Error(ker[kKerBias].key,
                 "view '" + std::string(ViewName(scene.view)) +
                     "' does not draw a bias yet (its output would not be the sum it shows); "
                     "use view numerical or arithmetic, or eval (eval --matrix gives the "
                     "affine map y = M x + b)");
  }

  // stride, dilation, padding, output_padding, groups, ceil_mode, count_include_pad
  if (top[kStrideKey].present()) {
    status = ReadPair(top[kStrideKey].value, "stride", 1, limits::kMaxStride, &scene.stride);
    if (!status.ok()) return status;
  }
  if (top[kDilationKey].present()) {
    status =
        ReadPair(top[kDilationKey].value, "dilation", 1, limits::kMaxDilation, &scene.dilation);
    if (!status.ok()) return status;
  }
  PaddingSpec padding;
  if (top[kPaddingKey].present()) {
    padding_node_ = top[kPaddingKey].value;
    status = ReadPadding(padding_node_, &padding);
    if (!status.ok()) return status;
  }
  if (!transposed) {
    status = RefuseFor(top[kOutputPaddingKey], "output_padding",
                       "applies to transposed_convolution only, not " + op_name);
    if (!status.ok()) return status;
  } else if (top[kOutputPaddingKey].present()) {
    output_padding_node_ = top[kOutputPaddingKey].value;
    status = ReadPair(output_padding_node_, "output_padding", 0,
                      std::max(limits::kMaxStride, limits::kMaxDilation), &scene.output_padding);
    if (!status.ok()) return status;
  }
  if (pooling) {
    status = RefuseFor(top[kGroupsKey], "groups", "applies to convolutions only, not " + op_name);
    if (!status.ok()) return status;
  } else if (top[kGroupsKey].present()) {
    groups_node_ = top[kGroupsKey].value;
    status = ReadInt(groups_node_, "groups", 1, limits::kMaxChannels, &scene.groups);
    if (!status.ok()) return status;
  }
  if (!pooling) {
    status = RefuseFor(top[kCeilModeKey], "ceil_mode", "applies to pooling only, not " + op_name);
    if (!status.ok()) return status;
  } else if (top[kCeilModeKey].present()) {
    status = ReadBool(top[kCeilModeKey].value, "ceil_mode", &scene.ceil_mode);
    if (!status.ok()) return status;
  }
  if (op != Operation::kAveragePooling) {
    status = RefuseFor(top[kCountIncludePadKey], "count_include_pad",
                       "applies to average_pooling only, not " + op_name);
    if (!status.ok()) return status;
  } else if (top[kCountIncludePadKey].present()) {
    status =
        ReadBool(top[kCountIncludePadKey].value, "count_include_pad", &scene.count_include_pad);
    if (!status.ok()) return status;
  }

  // caption, style
  if (top[kCaptionKey].present()) {
    status = ReadText(top[kCaptionKey].value, "caption", limits::kMaxCaptionChars, &scene.caption);
    if (!status.ok()) return status;
  }
  if (top[kStyleKey].present()) {
    status = ReadStyle(top[kStyleKey].value, &scene.style);
    if (!status.ok()) return status;
  }

  // Groups must split both channel counts evenly.
  if (scene.in_channels % scene.groups != 0 || scene.out_channels % scene.groups != 0) {
    const bool input_bad = scene.in_channels % scene.groups != 0;
    return Error(groups_node_, "groups " + Str(scene.groups) + " does not divide the " +
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
        return Error(padding_node_, "padding '" + std::string(PaddingModeName(padding.mode)) +
                                        "' resolves to " + Str(std::max(begin, end)) +
                                        " cells along " + kAxisNames[a] +
                                        ", more than the limit of " + Str(limits::kMaxPadding));
      }
      cells[a][0] = static_cast<int>(begin);
      cells[a][1] = static_cast<int>(end);
    }
    scene.padding = Padding{cells[0][0], cells[1][0], cells[0][1], cells[1][1]};
  }

  Axes axes;
  status = CheckArithmetic(scene, &axes);
  if (!status.ok()) return status;
  if (pooling) {
    status = CheckPoolingWindows(scene, axes);
    if (!status.ok()) return status;
  }
  status = CheckDerivedLimits(scene, axes);
  if (!status.ok()) return status;

  // Values: only now, with every size known to be within the limits.
  const int h = scene.input_size[0], w = scene.input_size[1];
  if (from == nullptr) {
    status = FillTensor(in, kInValues, kInSeed, kInRange, "input", {scene.in_channels, h, w},
                        {"channel", "row", "column"}, "channels, rows, columns", kDefaultInputSeed,
                        kDefaultInputRange, &scene.input);
    if (!status.ok()) return status;
  }
  if (!pooling) {
    const int kh = scene.kernel_size[0], kw = scene.kernel_size[1];
    if (transposed) {
      status = FillTensor(ker, kKerValues, kKerSeed, kKerRange, "kernel",
                          {scene.in_channels, scene.out_channels / scene.groups, kh, kw},
                          {"input channel", "output channel (per group)", "row", "column"},
                          "in, out/groups, kH, kW", kDefaultKernelSeed, kDefaultKernelRange,
                          &scene.kernel);
    } else {
      status = FillTensor(ker, kKerValues, kKerSeed, kKerRange, "kernel",
                          {scene.out_channels, scene.in_channels / scene.groups, kh, kw},
                          {"output channel", "input channel (per group)", "row", "column"},
                          "out, in/groups, kH, kW", kDefaultKernelSeed, kDefaultKernelRange,
                          &scene.kernel);
    }
    if (!status.ok()) return status;
    if (ker[kKerBias].present()) {
      status = ReadBias(ker[kKerBias].value, scene.out_channels, &scene.bias);
      if (!status.ok()) return status;
    }
  }
  if (top[kGradOutputKey].present()) {
    const NodeId grad = top[kGradOutputKey].value;
    Entries gr;
    if (Kind(grad) != NodeKind::kMap) {
      return Error(grad, "'grad_output' must be a mapping with values, or seed and range, got " +
                             Describe(grad));
    }
    status = ReadMapping(grad, "'grad_output'", ValueKeys(), &gr);
    if (!status.ok()) return status;
    status = FillTensor(
        gr, kValValues, kValSeed, kValRange, "grad_output",
        {scene.out_channels, static_cast<int>(axes[0].output), static_cast<int>(axes[1].output)},
        {"output channel", "row", "column"}, "output channels, output rows, output columns",
        kDefaultGradSeed, kDefaultGradRange, &scene.grad_output);
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
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) return Status::IoError(path + ": " + std::strerror(errno));
  // Read at most one byte past the limit: a huge file (or an endless pipe) costs nothing.
  std::string text;
  char buffer[1 << 16];
  while (static_cast<int64_t>(text.size()) <= limits::kMaxSceneFileBytes) {
    const std::size_t got = std::fread(buffer, 1, sizeof buffer, file.get());
    text.append(buffer, got);
    if (got < sizeof buffer) break;
  }
  if (std::ferror(file.get())) return Status::IoError(path + ": " + std::strerror(errno));
  if (static_cast<int64_t>(text.size()) > limits::kMaxSceneFileBytes) {
    return Status::InvalidScene(
        "the scene file is larger than the limit of " + Str(limits::kMaxSceneFileBytes) + " bytes",
        SourceLocation{path, 0, 0});
  }
  return ParseScene(text, path, scene);
}

}  // namespace convanim
