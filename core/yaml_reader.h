// YAML scalar typing and the typed readers shared by scene files and figure files: what a
// plain scalar means (YAML 1.2's core schema), and readers of integers, pairs, numbers,
// booleans, words, text, seeds and ranges that refuse anything else with a message naming
// the key and the place (file:line:col). Which keys exist, their ranges and words, is the
// key table's (core/scene_keys.h); this file only reads values.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/yaml_tree.h"

namespace convanim {
namespace yaml {

constexpr NodeId kNone = std::numeric_limits<NodeId>::max();

// What a plain scalar means, after YAML 1.2's core schema (decimal integers only). An
// integer with a leading zero (010) is kLeadingZero: YAML 1.1 reads it as octal (8),
// YAML 1.2 as decimal (10), so it is refused as ambiguous.
enum class ScalarClass { kInteger, kLeadingZero, kDecimal, kInfinity, kNaN, kBool, kWord };
ScalarClass Classify(std::string_view s);
// Parses a kInteger/kDecimal scalar (locale-independent). A number too small for a double
// is 0 (IEEE 754 underflow); one too large is infinite.
double ToDouble(std::string_view s);
// Why an integer with a leading zero is refused, and what to write instead.
std::string LeadingZeroMessage(std::string_view s);
// Text from the file, made safe to print inside quotes in a one-line message.
std::string Quote(std::string_view s);

// A key found in a mapping: the key's node and its value's.
struct Entry {
  NodeId key = kNone;
  NodeId value = kNone;
  bool present() const { return key != kNone; }
};

class Reader {
 public:
  // `limits` names where the file format's limits are documented, for messages about a
  // number past one ("" names none).
  Reader(const Document& doc, const std::string& source,
         const char* limits = "docs/scene-format.md, Limits")
      : doc_(doc), source_(source), limits_(limits) {}

  const Document& doc() const { return doc_; }
  const std::string& source() const { return source_; }

  // A fault at node `at` (kNone: the file). Inside what an alias repeats, the place is the
  // alias's and the message says where the value itself is written.
  Status Error(NodeId at, const std::string& message) const;
  SourceLocation Where(NodeId n) const;
  NodeKind Kind(NodeId n) const { return doc_.node(n).kind; }
  bool IsPlain(NodeId n) const { return Kind(n) == NodeKind::kScalar && doc_.node(n).plain; }
  // "the integer 3", "a list of 2 items", "the word 'foo'": what a value is, for messages.
  std::string Describe(NodeId n) const;
  std::string At(NodeId n) const;  // "line 3, column 5"

  // Checks a mapping's keys against `known` (words; no duplicates; "did you mean") and
  // fills entries[i] for known[i]. `where` names the mapping in messages ("'input'").
  Status ReadMapping(NodeId map, const std::string& where, const std::vector<std::string>& known,
                     std::vector<Entry>* entries) const;

  Status ReadInt(NodeId n, const std::string& name, int64_t min, int64_t max, int64_t* out) const;
  Status ReadInt(NodeId n, const std::string& name, int min, int max, int* out) const;
  // One integer, or a list [H, W] of two.
  Status ReadPair(NodeId n, const std::string& name, int min, int max,
                  std::array<int, 2>* out) const;
  Status ReadNumber(NodeId n, const std::string& name, double* out) const;
  Status ReadBool(NodeId n, const std::string& name, bool* out) const;
  // One of `words`; *index is its position. `any_case`: ASCII letters match in either case.
  Status ReadWord(NodeId n, const std::string& name, const std::vector<std::string>& words,
                  std::size_t* index, bool any_case = false) const;
  // UTF-8 text without control characters but tabs and line breaks; an empty value is "".
  Status ReadText(NodeId n, const std::string& name, std::size_t max_characters,
                  std::string* out) const;
  Status ReadSeed(NodeId n, const std::string& name, uint64_t* out) const;
  // [low, high], both within +-magnitude, low <= high.
  Status ReadRange(NodeId n, const std::string& name, int64_t magnitude, int64_t range[2]) const;

 private:
  const Document& doc_;
  const std::string& source_;
  const char* limits_;
};

}  // namespace yaml
}  // namespace convanim
