// convanim schema [--figure] [--dict]: prints the JSON Schema of scene (figure) files.
#include "app/schema.h"

#include <cstdio>
#include <set>

#include "app/cli_common.h"
#include "app/commands.h"
#include "core/figure_spec.h"

namespace convanim {
namespace {

using Json = nlohmann::ordered_json;

Json IntegerSchema(double min, double max) {
  return Json{{"type", "integer"},
              {"minimum", static_cast<int64_t>(min)},
              {"maximum", static_cast<int64_t>(max)}};
}

Json ArrayOf(const Json& item, int min_items, int max_items) {
  Json out{{"type", "array"}, {"items", item}, {"minItems", min_items}};
  if (max_items > 0) out["maxItems"] = max_items;
  return out;
}

Json SectionSchema(KeyFile file, const std::string& section);
Json OperationRules(const std::string& section);

// The words in any letter case, as a JSON Schema pattern (ECMA 262 has no flag for it):
// "zh-Hans" becomes [zZ][hH]-[hH][aA][nN][sS].
std::string AnyCasePattern(const std::vector<std::string>& words) {
  std::string pattern = "^(?:";
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) pattern += '|';
    for (char c : words[i]) {
      const char upper = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
      const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      if (upper != lower) {
        pattern += std::string("[") + lower + upper + "]";
      } else if (std::string("\\^$.|?*+()[]{}").find(c) != std::string::npos) {
        pattern += std::string("\\") + c;
      } else {
        pattern += c;
      }
    }
  }
  return pattern + ")$";
}

Json KeySchema(const KeySpec& key) {
  Json out;
  switch (key.type) {
    case KeyType::kWord:
      if (key.any_case) {
        out["type"] = "string";
        out["pattern"] = AnyCasePattern(key.words());
      } else {
        out["enum"] = key.words();
      }
      break;
    case KeyType::kInteger:
      out = IntegerSchema(key.min, key.max);
      break;
    case KeyType::kIntegerOrWord:
      out["anyOf"] = Json::array({IntegerSchema(key.min, key.max), Json{{"enum", key.words()}}});
      break;
    case KeyType::kIntegerPair: {
      const Json one = IntegerSchema(key.min, key.max);
      out["anyOf"] = Json::array({one, ArrayOf(one, 2, 2)});
      break;
    }
    case KeyType::kPadding: {
      const Json one = IntegerSchema(key.min, key.max);
      out["anyOf"] =
          Json::array({one, ArrayOf(one, 2, 2), ArrayOf(one, 4, 4), Json{{"enum", key.words()}}});
      break;
    }
    case KeyType::kBool:
      out["type"] = "boolean";
      break;
    case KeyType::kNumber: {
      const Json range{{"type", "number"}, {"minimum", key.min}, {"maximum", key.max}};
      if (key.zero_allowed) {
        out["anyOf"] = Json::array({Json{{"const", 0}}, range});
      } else {
        out = range;
      }
      break;
    }
    case KeyType::kText:
      out["type"] = Json::array({"string", "null"});
      if (key.max > 0) out["maxLength"] = static_cast<int64_t>(key.max);
      break;
    case KeyType::kPath:
      out["type"] = "string";
      out["minLength"] = 1;
      if (key.max > 0) out["maxLength"] = static_cast<int64_t>(key.max);
      break;
    case KeyType::kSeed:
      out = Json{{"type", "integer"}, {"minimum", 0}, {"maximum", UINT64_MAX}};
      break;
    case KeyType::kRange:
      out = ArrayOf(IntegerSchema(key.min, key.max), 2, 2);
      break;
    case KeyType::kValues:
      out["$ref"] = "#/$defs/values";
      break;
    case KeyType::kIntegerList:
      out = ArrayOf(IntegerSchema(key.min, key.max), 1, key.max_items);
      break;
    case KeyType::kMapping:
      out = SectionSchema(key.file, key.items);
      break;
    case KeyType::kMappingList:
      out = ArrayOf(SectionSchema(key.file, key.items), 1, key.max_items);
      break;
    case KeyType::kValuesOrMapping:
      out["anyOf"] =
          Json::array({Json{{"$ref", "#/$defs/values"}}, SectionSchema(key.file, key.items)});
      break;
  }
  Json described{{"description", key.doc}};
  described.update(out);
  if (!key.default_json.empty()) described["default"] = Json::parse(key.default_json);
  return described;
}

Json SectionSchema(KeyFile file, const std::string& section) {
  Json properties = Json::object();
  Json required = Json::array();
  for (const KeySpec* key : SectionKeys(file, section)) {
    properties[key->name] = KeySchema(*key);
    if (key->required) required.push_back(key->name);
  }
  Json out{{"type", "object"}, {"properties", properties}};
  if (!required.empty()) out["required"] = required;
  out["additionalProperties"] = false;
  // A layer of a stack: the keys its operation does not take.
  if (file == KeyFile::kScene && !section.empty() && properties.contains("operation")) {
    out["allOf"] = OperationRules(section);
  }
  return out;
}

// `then` forbidding `key` (nested under `holder`, the mapping key holding it, if any).
Json Forbid(const KeySpec& key, const std::string& holder = "") {
  Json forbid{{"properties", {{key.name, false}}}};
  if (holder.empty()) return forbid;
  return Json{{"properties", {{holder, forbid}}}};
}

// Scene files: in the mapping of one operation (`section`: the top level, or a layer), a
// key only some operations take, and at the top level a view only some operations have.
Json OperationRules(const std::string& section) {
  Json rules = Json::array();
  std::vector<std::pair<const KeySpec*, std::string>> keys;  // a key and its holder
  for (const KeySpec* key : SectionKeys(KeyFile::kScene, section)) {
    if (key->accepted_by != nullptr) keys.emplace_back(key, "");
    if (key->type != KeyType::kMapping) continue;
    for (const KeySpec* inner : SectionKeys(KeyFile::kScene, key->items)) {
      if (inner->accepted_by != nullptr) keys.emplace_back(inner, key->name);
    }
  }
  for (const auto& [key, holder] : keys) {
    Json refusing = Json::array();
    for (const OperationTraits& op : OperationTable()) {
      if (!Accepts(*key, op.operation)) refusing.push_back(op.word);
    }
    rules.push_back(
        Json{{"if",
              {{"properties", {{"operation", {{"enum", refusing}}}}}, {"required", {"operation"}}}},
             {"then", Forbid(*key, holder)}});
  }
  if (!section.empty()) return rules;
  for (const ViewTraits& view : ViewTable()) {
    Json refusing = Json::array();
    for (const OperationTraits& op : OperationTable()) {
      if (!ViewDraws(view.view, op.operation)) refusing.push_back(op.word);
    }
    if (refusing.empty()) continue;
    rules.push_back(
        Json{{"if",
              {{"properties", {{"operation", {{"enum", refusing}}}}}, {"required", {"operation"}}}},
             {"then", {{"properties", {{"view", {{"not", {{"const", view.word}}}}}}}}}});
  }
  return rules;
}

// Scene files: a stack (the key of kind kMappingList, `layers`) takes at its top level only
// the keys marked in_stack; any other scene needs every required key.
Json StackRule() {
  Json stack_keys = Json::object(), required = Json::array();
  std::string list;
  for (const KeySpec* key : SectionKeys(KeyFile::kScene, "")) {
    if (key->type == KeyType::kMappingList) list = key->name;
    if (!key->in_stack) stack_keys[key->name] = false;
    if (!key->in_stack && key->required) required.push_back(key->name);
  }
  stack_keys["view"] = Json{{"const", ViewName(View::kReceptiveField)}};  // the one view of a stack
  return Json{{"if", {{"required", {list}}}},
              {"then", {{"properties", stack_keys}}},
              {"else", {{"required", required}}}};
}

// Figure files: a key only some layouts take (layout steps when none is given).
Json LayoutRules() {
  Json rules = Json::array();
  const std::vector<std::string>& layouts = FigureLayoutNames();
  const std::string fallback = FigureLayoutName(FigureLayout::kSteps);
  for (const KeySpec& key : KeyTable()) {
    if (key.file != KeyFile::kFigure || key.layouts == 0) continue;
    Json taking = Json::array();
    bool fallback_takes = false;
    for (std::size_t i = 0; i < layouts.size(); ++i) {
      if ((key.layouts >> i & 1u) == 0) continue;
      taking.push_back(layouts[i]);
      fallback_takes = fallback_takes || layouts[i] == fallback;
    }
    Json takes = Json::array(
        {Json{{"properties", {{"layout", {{"enum", taking}}}}}, {"required", {"layout"}}}});
    if (fallback_takes) takes.push_back(Json{{"not", {{"required", {"layout"}}}}});
    Json then = Forbid(key);
    if (!key.section.empty()) {  // a key of each panel
      Json item{{"properties", {{key.name, false}}}};
      Json list{{"items", item}};
      then = Json{{"properties", {{key.section, list}}}};
    }
    rules.push_back(Json{{"if", {{"not", {{"anyOf", takes}}}}}, {"then", then}});
  }
  return rules;
}

int Schema(int argc, char** argv) {
  CLI::App app(
      "Print the JSON Schema (draft 2020-12) of scene files, or with --figure of figure "
      "files, for editors that complete and check YAML (see docs/scene-format.md, Editor "
      "support).",
      "schema");
  bool figure = false, dict = false;
  app.add_flag("--figure", figure, "the schema of figure files");
  app.add_flag("--dict", dict,
               "instead, every key and word of both formats, one a line, quoted (the words of "
               "the fuzzers' dictionary fuzz/scene.dict)");
  if (auto exit = ParseCommandLine(app, argc, argv)) return *exit;
  if (dict) {
    for (const std::string& word : FormatWords()) std::printf("\"%s\"\n", word.c_str());
    return kExitSuccess;
  }
  const std::string text = FileSchema(figure ? KeyFile::kFigure : KeyFile::kScene).dump(2);
  std::printf("%s\n", text.c_str());
  return kExitSuccess;
}

}  // namespace

nlohmann::ordered_json FileSchema(KeyFile file) {
  const bool scene = file == KeyFile::kScene;
  Json out{{"$schema", "https://json-schema.org/draft/2020-12/schema"},
           {"title", scene ? "convanim scene file" : "convanim figure file"},
           {"description", scene ? "A scene of convanim (docs/scene-format.md)"
                                 : "A figure of convanim (docs/figure-format.md)"}};
  out.update(SectionSchema(file, ""));
  out["allOf"] = scene ? OperationRules("") : LayoutRules();
  if (scene) {
    Json required = Json::array();  // what a stack needs too
    for (const KeySpec* key : SectionKeys(file, "")) {
      if (key->required && key->in_stack) required.push_back(key->name);
    }
    out["required"] = required;
    out["allOf"].push_back(StackRule());
    out["$defs"] = {{"values",
                     {{"type", "array"},
                      {"items",
                       {{"anyOf", Json::array({Json{{"type", "number"}},
                                               Json{{"$ref", "#/$defs/values"}}})}}}}}};
  }
  return out;
}

std::vector<std::string> FormatWords() {
  std::vector<std::string> words;
  std::set<std::string> seen;
  auto add = [&](const std::string& word) {
    if (seen.insert(word).second) words.push_back(word);
  };
  for (KeyFile file : {KeyFile::kScene, KeyFile::kFigure}) {
    for (const KeySpec& key : KeyTable()) {
      if (key.file == file) add(key.name);
    }
    for (const std::string& word : EnumWords(file)) add(word);
  }
  add("true");
  add("false");
  return words;
}

int RunSchema(int argc, char** argv) { return Schema(argc, argv); }

}  // namespace convanim
