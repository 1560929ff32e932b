// The key table: every key of scene files and figure files, one row each (its name, the
// section it sits in, its type and reader, range, words, default, the operations that
// accept it and a one-line description). The loaders read their keys, ranges and words
// from it (unknown keys, "did you mean", "only for" refusals); `convanim schema` builds the
// JSON Schema from it; tests check docs/scene-format.md, docs/figure-format.md and
// fuzz/scene.dict against it. Adding a key is one row here plus the line of the loader
// that stores its value (core/scene_loader.cc or core/figure_spec.cc).
//
// A section is a mapping (`input:`, `style:`) or a list of mappings (`panels:`): a row of
// type kMapping or kMappingList whose `items` names the section holding its keys. Several
// rows may name the same `items` section, so a list of layers can reuse one set of rows.
// A section's name is how messages prefix its keys ("kernel.bias" for "kernel.bias.seed");
// the rows of a layer (section "layer") are the top level's operation keys, named alone:
// BuildTable copies every top-level row that is not in_stack (nor view or grad_output, which
// belong to a scene of one operation), so an operation key is written once.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/operations.h"
#include "core/scene.h"

namespace convanim {

enum class KeyFile { kScene, kFigure };

enum class KeyType {
  kWord,             // one of words()
  kInteger,          // an integer from min to max
  kIntegerOrWord,    // an integer from min to max, or one of words() (style.decimals: auto)
  kIntegerPair,      // one integer or a list [H, W] of two, each from min to max
  kPadding,          // an integer, [pH, pW], [top, left, bottom, right] (0 to max) or a word
  kBool,             // true or false
  kNumber,           // a finite number from min to max (or 0 when zero_allowed)
  kText,             // text of at most max characters (an empty value is "")
  kPath,             // a file name, relative to the file that names it
  kSeed,             // an integer from 0 to 2^64-1
  kRange,            // [low, high] integers, each at most max in magnitude
  kValues,           // nested lists of numbers (the tensor's shape is checked by the loader)
  kIntegerList,      // a list of at most max_items integers from min to max
  kMapping,          // a mapping whose keys are the rows of section `items`
  kMappingList,      // a list (1 to max_items entries) of such mappings
  kValuesOrMapping,  // kValues, or a mapping whose keys are the rows of section `items`
};

struct KeySpec {
  KeyFile file = KeyFile::kScene;
  std::string section;  // "" for the top level, else the section's name ("input", "panels")
  std::string name;
  KeyType type = KeyType::kText;
  bool required = false;
  double min = 0, max = 0;
  bool zero_allowed = false;  // kNumber: 0 (automatic) is allowed besides min..max
  const char* unit = "";      // kNumber: "seconds", for messages
  int max_items = 0;          // kIntegerList, kMappingList
  const std::vector<std::string>& (*words)() = nullptr;  // kWord, kPadding, kIntegerOrWord
  std::string default_json;                      // the default as JSON ("" when none or computed)
  bool OperationTraits::*accepted_by = nullptr;  // nullptr: every operation takes it
  const char* refusal = "";     // why other operations refuse it (after "'key' "); {op}
  uint32_t layouts = 0;         // figure keys: bit per FigureLayout that takes it (0: all)
  std::string items;            // kMapping, kMappingList, kValuesOrMapping: its keys' section
  bool in_stack = false;        // top level: also goes at the top of a stack (a scene with layers)
  bool section_in_name = true;  // messages name it "section.key" (false: "key" alone)
  bool any_case = false;        // kWord: matched whatever the letters' case (BCP 47 tags)
  // Style keys that change only some pictures: whether `scene` is one, and which ones in
  // words ("view scatter"). Given where it changes nothing, the key earns a note.
  bool (*applies)(const Scene& scene) = nullptr;
  const char* applies_to = "";
  std::string doc;  // one line

  // Chained setters, so that a row reads as one line of the table.
  KeySpec& Required() {
    required = true;
    return *this;
  }
  KeySpec& Range(double lo, double hi) {
    min = lo;
    max = hi;
    return *this;
  }
  KeySpec& ZeroOr(double lo, double hi, const char* u) {
    zero_allowed = true;
    unit = u;
    return Range(lo, hi);
  }
  KeySpec& Unit(const char* u) {
    unit = u;
    return *this;
  }
  KeySpec& Items(int n) {
    max_items = n;
    return *this;
  }
  KeySpec& Words(const std::vector<std::string>& (*w)()) {
    words = w;
    return *this;
  }
  KeySpec& Default(std::string json) {
    default_json = std::move(json);
    return *this;
  }
  KeySpec& OnlyFor(bool OperationTraits::*trait, const char* why) {
    accepted_by = trait;
    refusal = why;
    return *this;
  }
  KeySpec& Layouts(uint32_t mask) {
    layouts = mask;
    return *this;
  }
  KeySpec& Holds(std::string section_name) {
    items = std::move(section_name);
    return *this;
  }
  KeySpec& AppliesTo(bool (*when)(const Scene&), const char* which) {
    applies = when;
    applies_to = which;
    return *this;
  }
  KeySpec& AnyCase() {
    any_case = true;
    return *this;
  }
  KeySpec& InStack() {
    in_stack = true;
    return *this;
  }
  KeySpec& Doc(std::string text) {
    doc = std::move(text);
    return *this;
  }
};

// Notes for the style keys `scene` gives that change nothing in its picture (rows with
// `applies`): "style.overlap changes nothing here: it is for view scatter".
std::vector<SceneNote> IneffectiveStyleNotes(const Scene& scene);

// Every row, scenes' then figures', each section's keys in the order messages list them.
const std::vector<KeySpec>& KeyTable();
// The rows of one section, in table order.
std::vector<const KeySpec*> SectionKeys(KeyFile file, const std::string& section);
std::vector<std::string> SectionKeyNames(KeyFile file, const std::string& section);
// The row of a key; aborts when there is none (a loader asking for a key the table lacks).
const KeySpec& FindKey(KeyFile file, const std::string& section, const std::string& name);
// "kernel.values"; "stride" at the top level and in a layer.
std::string QualifiedName(const KeySpec& key);
// True when `op` takes the key; else WithOperation(key.refusal, op) says why not.
bool Accepts(const KeySpec& key, Operation op);

// Defaults the loader applies and the table documents.
constexpr uint64_t kDefaultInputSeed = 0;
constexpr uint64_t kDefaultKernelSeed = 1;
constexpr int64_t kDefaultInputRange[2] = {0, 3};
constexpr int64_t kDefaultKernelRange[2] = {0, 2};
constexpr uint64_t kDefaultBiasSeed = 3;
constexpr int64_t kDefaultBiasRange[2] = {-1, 1};
constexpr uint64_t kDefaultGradSeed = 2;
constexpr int64_t kDefaultGradRange[2] = {-2, 2};

// Words of the scene format's enums, in the order messages list them.
const std::vector<std::string>& PresetWords();
const std::vector<std::string>& MotionWords();
const std::vector<std::string>& PageLayoutWords();
const std::vector<std::string>& BackgroundWords();  // opaque, transparent
const std::vector<std::string>& ThemeWords();       // the files of assets/palettes/
// The languages (files of assets/locales/, then the other tags each accepts: zh-Hans).
const std::vector<std::string>& LanguageWords();
// The language of BCP 47 tag `tag` ("zh" for "zh" and "zh-Hans"); false when no catalog
// reads it.
bool LanguageFromTag(const std::string& tag, std::string* language);
const std::vector<std::string>& DecimalsWords();  // auto (style.decimals)
// Every word of every kWord / kPadding / kIntegerOrWord row (keys excluded), for the fuzz
// dictionary.
std::vector<std::string> EnumWords(KeyFile file);

}  // namespace convanim
