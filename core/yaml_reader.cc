#include "core/yaml_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/text.h"
#include "core/yaml_words.h"

namespace convanim {
namespace yaml {
namespace {

std::string Str(int64_t v) { return std::to_string(v); }

const char* const kAxisNames[2] = {"H", "W"};

}  // namespace

static bool AllDigits(std::string_view s) {
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
  if (AllDigits(t))
    return t.size() > 1 && t[0] == '0' ? ScalarClass::kLeadingZero : ScalarClass::kInteger;
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
static bool Underflows(std::string_view s) {
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
  const std::string decimal =
      sign + std::string(digits.substr(std::min(digits.find_first_not_of('0'), digits.size() - 1)));
  const bool octal = digits.find_first_of("89") == std::string_view::npos;
  std::string yaml11 = "text";
  if (octal) {
    int64_t value = 0;
    const auto result = std::from_chars(digits.data(), digits.data() + digits.size(), value, 8);
    yaml11 = result.ec == std::errc() ? "the octal number " + sign + std::to_string(value)
                                      : "an octal number";
  }
  return std::string(s) +
         " has a leading zero, which YAML readers disagree on (YAML 1.1 reads "
         "it as " +
         yaml11 + ", YAML 1.2 as " + decimal + "); write " + decimal + " without it";
}

// Text from the file, made safe to print inside quotes in a one-line message: at most 40
// characters, control characters and bytes that are not UTF-8 escaped.
std::string Quote(std::string_view s) { return "'" + text::Printable(s, 40) + "'"; }

std::string Reader::Describe(NodeId n) const {
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

Status Reader::ReadMapping(NodeId map, const std::string& where,
                           const std::vector<std::string>& known,
                           std::vector<Entry>* entries) const {
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

Status Reader::ReadInt(NodeId n, const std::string& name, int64_t min, int64_t max,
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
                        (*limits_ != 0 ? " (see " + std::string(limits_) + ")" : std::string()));
  }
  *out = value;
  return Status::Ok();
}

Status Reader::ReadInt(NodeId n, const std::string& name, int min, int max, int* out) const {
  int64_t value = 0;
  Status status = ReadInt(n, name, static_cast<int64_t>(min), static_cast<int64_t>(max), &value);
  if (status.ok()) *out = static_cast<int>(value);
  return status;
}

Status Reader::ReadPair(NodeId n, const std::string& name, int min, int max,
                        std::array<int, 2>* out) const {
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
  if (status.ok()) *out = std::array<int, 2>{value, value};
  return status;
}

Status Reader::ReadNumber(NodeId n, const std::string& name, double* out) const {
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

Status Reader::ReadBool(NodeId n, const std::string& name, bool* out) const {
  if (!IsPlain(n) || Classify(doc_.scalar(n)) != ScalarClass::kBool) {
    return Error(n, name + " must be true or false, got " + Describe(n));
  }
  const std::string_view text = doc_.scalar(n);
  *out = text[0] == 't' || text[0] == 'T';
  return Status::Ok();
}

Status Reader::ReadWord(NodeId n, const std::string& name, const std::vector<std::string>& words,
                        std::size_t* index, bool any_case) const {
  const bool text = Kind(n) == NodeKind::kScalar &&
                    (!doc_.node(n).plain || Classify(doc_.scalar(n)) == ScalarClass::kWord);
  if (!text) return Error(n, name + " must be one of " + JoinWords(words) + ", got " + Describe(n));
  const std::string word(doc_.scalar(n));
  const auto lower = [](std::string s) {
    for (char& c : s) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return s;
  };
  const auto found = std::find_if(words.begin(), words.end(), [&](const std::string& w) {
    return any_case ? lower(w) == lower(word) : w == word;
  });
  if (found != words.end()) {
    *index = static_cast<std::size_t>(found - words.begin());
    return Status::Ok();
  }
  const std::string hint = ClosestWord(word, words);
  return Error(n, "unknown " + name + " " + Quote(word) +
                      (hint.empty() ? "; it must be one of " + JoinWords(words)
                                    : ", did you mean '" + hint + "'?"));
}

Status Reader::ReadText(NodeId n, const std::string& name, std::size_t max_characters,
                        std::string* out) const {
  if (Kind(n) == NodeKind::kNull) {
    out->clear();
    return Status::Ok();
  }
  if (Kind(n) != NodeKind::kScalar) return Error(n, name + " must be text, got " + Describe(n));
  const std::string_view value = doc_.scalar(n);
  // The one text gate (core/text.h); it also covers what escapes in quoted text make.
  const std::string fault = text::TextFault(value, text::TextRule{max_characters, true});
  if (!fault.empty()) return Error(n, name + " " + fault);
  *out = std::string(value);
  return Status::Ok();
}

Status Reader::ReadSeed(NodeId n, const std::string& name, uint64_t* out) const {
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

Status Reader::ReadRange(NodeId n, const std::string& name, int64_t magnitude,
                         int64_t range[2]) const {
  if (Kind(n) != NodeKind::kSequence || doc_.size(n) != 2) {
    return Error(n, name + " must be a list [low, high] of 2 integers, got " + Describe(n));
  }
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

Status Reader::Error(NodeId at, const std::string& message) const {
  SourceLocation where{source_, 0, 0};
  std::string text = message;
  if (at != kNone) {
    const Node& node = doc_.node(at);
    where.line = node.line;
    where.column = node.column;
    if (node.written_line > 0) {
      text += " (through the alias here; the value is written at line " + Str(node.written_line) +
              ", column " + Str(node.written_column) + ")";
    }
  }
  return Status::InvalidScene(text, std::move(where));
}

SourceLocation Reader::Where(NodeId n) const {
  return SourceLocation{source_, doc_.node(n).line, doc_.node(n).column};
}

std::string Reader::At(NodeId n) const {
  return "line " + Str(doc_.node(n).line) + ", column " + Str(doc_.node(n).column);
}

}  // namespace yaml
}  // namespace convanim
