// The key table (core/scene_keys.cc) against everything that repeats it: the key tables of
// docs/scene-format.md and docs/figure-format.md, the fuzzers' dictionary, the JSON Schema
// (and its copies in docs/schema/), and the loader's own refusals. A key added to the table
// but not to the docs (or the other way round) fails here.
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "app/schema.h"
#include "core/figure_spec.h"
#include "core/scene_keys.h"
#include "core/scene_loader.h"
#include "tests/support/paths.h"

namespace convanim {
namespace {

using Json = nlohmann::ordered_json;

std::string ReadSource(const std::string& relative) {
  std::ifstream in(testing::SourcePath(relative), std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_TRUE(in.good() || in.eof()) << relative;
  return text.str();
}

std::vector<std::string> Split(const std::string& text, char separator) {
  std::vector<std::string> out;
  std::stringstream stream(text);
  std::string part;
  while (std::getline(stream, part, separator)) out.push_back(part);
  return out;
}

std::string Trim(const std::string& s) {
  const std::size_t begin = s.find_first_not_of(' ');
  if (begin == std::string::npos) return "";
  return s.substr(begin, s.find_last_not_of(' ') - begin + 1);
}

// The rows (cells of each line) of the `index`-th table after the line `heading` and
// before the next heading of the same or a higher level.
std::vector<std::vector<std::string>> TableAfter(const std::string& markdown,
                                                 const std::string& heading, int index) {
  const std::vector<std::string> lines = Split(markdown, '\n');
  const std::string level = heading.substr(0, heading.find(' ') + 1);
  std::vector<std::vector<std::string>> rows;
  bool inside = false, in_table = false;
  int table = -1;
  for (const std::string& line : lines) {
    if (line == heading) {
      inside = true;
      continue;
    }
    if (!inside) continue;
    if (line.rfind("#", 0) == 0 && line.find(' ') <= level.size() - 1) break;
    const bool table_line = line.rfind("|", 0) == 0;
    if (table_line && !in_table) ++table;
    in_table = table_line;
    if (!table_line || table != index || line.rfind("|---", 0) == 0) continue;
    std::vector<std::string> cells = Split(line.substr(1), '|');
    for (std::string& cell : cells) cell = Trim(cell);
    rows.push_back(cells);
  }
  if (!rows.empty()) rows.erase(rows.begin());  // the header
  return rows;
}

// `name` -> the first cell of each row, without its backquotes.
std::vector<std::string> FirstColumn(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::string> names;
  for (const auto& row : rows) {
    std::string name = row.at(0);
    if (name.size() >= 2 && name.front() == '`' && name.back() == '`') {
      name = name.substr(1, name.size() - 2);
    }
    names.push_back(name);
  }
  return names;
}

TEST(KeyTable, SceneFormatDocsListEveryKeyOfEachSection) {
  const std::string docs = ReadSource("docs/scene-format.md");
  const std::map<std::string, std::string> sections = {{"", "### Top level"},
                                                       {"input", "### input"},
                                                       {"kernel", "### kernel"},
                                                       {"kernel.bias", "### kernel.bias"},
                                                       {"grad_output", "### grad_output"},
                                                       {"layer", "### layers"},
                                                       {"style", "### style"}};
  for (const auto& [section, heading] : sections) {
    EXPECT_EQ(FirstColumn(TableAfter(docs, heading, 0)), SectionKeyNames(KeyFile::kScene, section))
        << "docs/scene-format.md, " << heading << ": the keys, in the table's order";
  }
  std::set<std::string> table_sections;
  for (const KeySpec& key : KeyTable()) {
    if (key.file == KeyFile::kScene) table_sections.insert(key.section);
  }
  EXPECT_EQ(table_sections.size(), sections.size()) << "a scene section the docs lack";
}

TEST(KeyTable, FigureFormatDocsListEveryKeyAndItsLayouts) {
  const std::string docs = ReadSource("docs/figure-format.md");
  const std::vector<std::string>& layouts = FigureLayoutNames();
  for (const auto& [section, index] : std::map<std::string, int>{{"", 0}, {"panels", 1}}) {
    const auto rows = TableAfter(docs, "## Keys", index);
    EXPECT_EQ(FirstColumn(rows), SectionKeyNames(KeyFile::kFigure, section)) << section;
    for (const auto& row : rows) {
      const std::string name = FirstColumn({row})[0];
      const KeySpec& key = FindKey(KeyFile::kFigure, section, name);
      uint32_t mask = 0;
      for (std::size_t i = 0; i < layouts.size(); ++i) {
        if (row.at(3).find("`" + layouts[i] + "`") != std::string::npos) mask |= 1u << i;
      }
      EXPECT_EQ(mask, key.layouts) << "the layouts column of '" << name << "': " << row.at(3);
      if (key.required) {
        EXPECT_EQ(row.at(2), "required") << name;
      }
    }
  }
}

TEST(KeyTable, FuzzDictionaryHoldsExactlyTheFormatsWords) {
  const std::vector<std::string> words = FormatWords();
  const std::set<std::string> expected(words.begin(), words.end());
  std::set<std::string> in_dict;
  for (const std::string& line : Split(ReadSource("fuzz/scene.dict"), '\n')) {
    std::smatch match;
    if (std::regex_match(line, match, std::regex("\"([A-Za-z_][A-Za-z_-]*)\"")))
      in_dict.insert(match[1]);
  }
  for (const std::string& word : expected) EXPECT_TRUE(in_dict.count(word)) << word;
  for (const std::string& word : in_dict) EXPECT_TRUE(expected.count(word)) << word;
  // Spot checks that the words come from every kind of row.
  for (const char* word : {"count_include_pad", "same_lower", "glide", "dark", "kernel_positions",
                           "show_caption", "step", "scatter"}) {
    EXPECT_TRUE(expected.count(word)) << word;
  }
}

// The schema object of a section: found through the first row holding it (and that row's
// own section), following `items` through lists and the mapping form of a list or mapping.
const Json& SectionObject(const Json& schema, KeyFile file, const std::string& section) {
  if (section.empty()) return schema;
  for (const KeySpec& key : KeyTable()) {
    if (key.file != file || key.items != section) continue;
    const Json& holder = SectionObject(schema, file, key.section).at("properties").at(key.name);
    if (holder.contains("items")) return holder.at("items");
    if (holder.contains("anyOf")) {
      for (const Json& form : holder.at("anyOf")) {
        if (form.contains("properties")) return form;
      }
    }
    return holder;
  }
  ADD_FAILURE() << "no row holds section " << section;
  return schema;
}

TEST(KeyTable, SchemaHasEveryKeyWithItsWordsAndNoOther) {
  for (KeyFile file : {KeyFile::kScene, KeyFile::kFigure}) {
    const Json schema = FileSchema(file);
    std::set<std::string> sections;
    for (const KeySpec& key : KeyTable()) {
      if (key.file == file) sections.insert(key.section);
    }
    for (const std::string& section : sections) {
      const Json& object = SectionObject(schema, file, section);
      const Json& properties = object.at("properties");
      std::vector<std::string> names;
      for (const auto& [name, value] : properties.items()) {
        names.push_back(name);
        const KeySpec& key = FindKey(file, section, name);
        EXPECT_EQ(value.at("description"), key.doc) << name;
        if (key.type == KeyType::kWord && !key.any_case) {
          EXPECT_EQ(value.at("enum").get<std::vector<std::string>>(), key.words()) << name;
        }
        if (key.type == KeyType::kWord && key.any_case) {
          // Each word, its letters in either case: "en" is ^(?:[eE][nN]|...)$.
          const std::string pattern = value.at("pattern").get<std::string>();
          for (const std::string& word : key.words()) {
            std::string any_case;
            for (char c : word) {
              const bool letter = std::isalpha(static_cast<unsigned char>(c)) != 0;
              any_case += letter ? std::string("[") + static_cast<char>(std::tolower(c)) +
                                       static_cast<char>(std::toupper(c)) + "]"
                                 : std::string(1, c);
            }
            EXPECT_NE(pattern.find(any_case), std::string::npos) << name << ": " << word;
          }
        }
        if (key.type == KeyType::kInteger) {
          EXPECT_EQ(value.at("maximum").get<double>(), key.max) << name;
          EXPECT_EQ(value.at("minimum").get<double>(), key.min) << name;
        }
      }
      EXPECT_EQ(names, SectionKeyNames(file, section)) << "section '" << section << "'";
      EXPECT_EQ(object.at("additionalProperties"), false) << section;
    }
  }
  const Json scene = FileSchema(KeyFile::kScene);
  // A stack needs only input (and layers); any other scene operation, input and kernel.
  EXPECT_EQ(scene.at("required"), Json({"input"}));
  const Json& stack_rule = scene.at("allOf").back();
  EXPECT_EQ(stack_rule.at("if").at("required"), Json({"layers"}));
  EXPECT_EQ(stack_rule.at("else").at("required"), Json({"operation", "kernel"}));
  EXPECT_EQ(stack_rule.at("then").at("properties").at("stride"), false);
  EXPECT_FALSE(stack_rule.at("then").at("properties").contains("caption"));
  // A layer refuses the keys its own operation does not take.
  const Json& layer = SectionObject(scene, KeyFile::kScene, "layer");
  EXPECT_EQ(layer.at("required"), Json({"operation", "kernel"}));
  EXPECT_FALSE(layer.at("allOf").empty());
  EXPECT_EQ(scene.at("$schema"), "https://json-schema.org/draft/2020-12/schema");
}

TEST(KeyTable, SchemaCopiesInDocsAreTheToolsOutput) {
  EXPECT_EQ(ReadSource("docs/schema/scene.schema.json"), FileSchema(KeyFile::kScene).dump(2) + "\n")
      << "regenerate: build/convanim schema > docs/schema/scene.schema.json";
  EXPECT_EQ(ReadSource("docs/schema/figure.schema.json"),
            FileSchema(KeyFile::kFigure).dump(2) + "\n")
      << "regenerate: build/convanim schema --figure > docs/schema/figure.schema.json";
}

using Pairs = std::vector<std::pair<std::string, std::string>>;

// Sets `name` to `value` in `pairs` (adding it when absent).
void Set(Pairs* pairs, const std::string& name, const std::string& value) {
  for (auto& [key, written] : *pairs) {
    if (key == name) {
      written = value;
      return;
    }
  }
  pairs->emplace_back(name, value);
}

std::string Flow(const Pairs& pairs) {
  std::string line;
  for (const auto& [name, written] : pairs)
    line += (line.empty() ? "" : ", ") + name + ": " + written;
  return "{" + line + "}";
}

// A small valid scene of `op` (one channel, a 6x6 input, a 2x2 kernel) with `key` set to
// `value` in its section; for a key of a layer, a stack of one such layer.
std::string SceneWith(Operation op, const KeySpec& key, const std::string& value) {
  Pairs top = {{"operation", TraitsOf(op).word}}, input = {{"size", "6"}}, kernel = {{"size", "2"}};
  Pairs bias, grad, style;
  const std::map<std::string, Pairs*> sections = {
      {"", &top},          {"layer", &top},        {"input", &input},
      {"kernel", &kernel}, {"kernel.bias", &bias}, {"grad_output", &grad},
      {"style", &style}};
  Set(sections.at(key.section), key.name, value);
  if (!bias.empty()) Set(&kernel, "bias", Flow(bias));
  if (!grad.empty()) Set(&top, "grad_output", Flow(grad));
  if (!style.empty()) Set(&top, "style", Flow(style));
  if (key.section == "layer") {
    Set(&top, "kernel", Flow(kernel));
    return "input: " + Flow(input) + "\nlayers:\n  - " + Flow(top) + "\n";
  }
  std::string text;
  for (const auto& [name, written] : top) text += name + ": " + written + "\n";
  return text + "input: " + Flow(input) + "\nkernel: " + Flow(kernel) + "\n";
}

// A value each key with an "only for" rule accepts.
std::string GoodValue(const KeySpec& key) {
  switch (key.type) {
    case KeyType::kBool:
      return "true";
    case KeyType::kValues:
    case KeyType::kValuesOrMapping:
      return key.name == "bias" ? "[1]" : "[[1, 2], [3, 4]]";
    case KeyType::kRange:
      return "[0, 1]";
    default:
      return key.name == "output_padding" ? "0" : "1";
  }
}

TEST(KeyTable, LoaderRefusesAKeyForEveryOperationThatDoesNotTakeIt) {
  int refused = 0, accepted = 0;
  for (const KeySpec& key : KeyTable()) {
    if (key.file != KeyFile::kScene || key.accepted_by == nullptr) continue;
    for (const OperationTraits& op : OperationTable()) {
      const std::string text = SceneWith(op.operation, key, GoodValue(key));
      Scene scene;
      const Status status = ParseScene(text, "s.yaml", &scene);
      if (Accepts(key, op.operation)) {
        EXPECT_TRUE(status.ok()) << status.ToString() << "\n" << text;
        ++accepted;
        continue;
      }
      ++refused;
      EXPECT_EQ(status.message(),
                "'" + QualifiedName(key) + "' " + WithOperation(key.refusal, op.operation))
          << text;
    }
  }
  // output_padding 3 operations, groups 2, ceil_mode 2, count_include_pad 3 (at the top
  // level and in a layer), and the five kernel keys that give weights or a bias 2 each (the
  // poolings); 13 keys x 4 operations in all.
  EXPECT_EQ(refused, 2 * 10 + 5 * 2);
  EXPECT_EQ(accepted, 13 * 4 - 30);
}

TEST(KeyTable, LoaderSuggestsEveryKeyFromATypo) {
  for (const KeySpec& key : KeyTable()) {
    if (key.file != KeyFile::kScene || key.name.size() < 4) continue;
    std::string typo = key.name;
    std::swap(typo[1], typo[2]);
    if (typo == key.name) std::swap(typo[0], typo[1]);
    const std::string text = SceneWith(Operation::kConvolution, key, "1");
    std::string misspelt = text;
    misspelt.replace(misspelt.rfind(key.name), key.name.size(), typo);
    Scene scene;
    const Status status = ParseScene(misspelt, "s.yaml", &scene);
    EXPECT_NE(status.message().find("did you mean '" + key.name + "'?"), std::string::npos)
        << status.message() << "\n"
        << misspelt;
  }
}

TEST(KeyTable, LoaderEnforcesEveryIntegerRowsBounds) {
  for (const KeySpec& key : KeyTable()) {
    if (key.file != KeyFile::kScene) continue;
    if (key.type != KeyType::kInteger && key.type != KeyType::kIntegerPair) continue;
    const Operation op =
        key.name == "output_padding" ? Operation::kTransposedConvolution : Operation::kConvolution;
    for (const double bad : {key.min - 1, key.max + 1}) {
      const std::string text = SceneWith(op, key, std::to_string(static_cast<int64_t>(bad)));
      Scene scene;
      const Status status = ParseScene(text, "s.yaml", &scene);
      EXPECT_EQ(status.message().rfind(QualifiedName(key) + " ", 0), 0u) << status.message() << "\n"
                                                                         << text;
    }
  }
}

TEST(KeyTable, DefaultsAreTheLoadersDefaults) {
  Scene scene;
  ASSERT_TRUE(
      ParseScene("operation: convolution\ninput: {size: 3}\nkernel: {size: 2}\n", "s.yaml", &scene)
          .ok());
  auto default_of = [](const char* section, const char* name) {
    return Json::parse(FindKey(KeyFile::kScene, section, name).default_json);
  };
  EXPECT_EQ(default_of("", "view"), ViewName(scene.view));
  EXPECT_EQ(default_of("", "stride"), scene.stride[0]);
  EXPECT_EQ(default_of("", "dilation"), scene.dilation[0]);
  EXPECT_EQ(default_of("", "output_padding"), scene.output_padding[0]);
  EXPECT_EQ(default_of("", "groups"), scene.groups);
  EXPECT_EQ(default_of("", "ceil_mode"), scene.ceil_mode);
  EXPECT_EQ(default_of("", "count_include_pad"), scene.count_include_pad);
  EXPECT_EQ(default_of("", "caption"), scene.caption);
  EXPECT_EQ(default_of("input", "channels"), scene.in_channels);
  EXPECT_EQ(default_of("kernel", "out_channels"), scene.out_channels);
  EXPECT_EQ(default_of("input", "seed"), kDefaultInputSeed);
  EXPECT_EQ(default_of("kernel", "range"), Json({kDefaultKernelRange[0], kDefaultKernelRange[1]}));
  const Style& style = scene.style;
  EXPECT_EQ(default_of("style", "preset"), PresetName(style.preset));
  EXPECT_EQ(default_of("style", "decimals"), "auto");  // resolved from the numbers
  EXPECT_EQ(style.decimals, kAutoDecimals);
  EXPECT_EQ(default_of("input", "dims"), scene.dims);
  EXPECT_EQ(default_of("style", "frame_duration"), style.frame_duration);
  EXPECT_EQ(default_of("style", "cell_size"), style.cell_size);
  EXPECT_EQ(default_of("style", "theme"), style.theme);
  EXPECT_EQ(default_of("style", "background"), style.transparent ? "transparent" : "opaque");
  EXPECT_EQ(default_of("style", "title"), style.title);
  EXPECT_EQ(default_of("style", "progressive"), style.progressive);
  EXPECT_EQ(default_of("style", "motion"), MotionStyleName(style.motion));
  EXPECT_EQ(default_of("style", "overlap"), style.overlap);
  EXPECT_EQ(default_of("style", "layout"), PageLayoutName(style.layout));
}

TEST(OperationTable, EveryOperationAndViewHasOneRowAndItsWord) {
  EXPECT_EQ(OperationWords(), (std::vector<std::string>{"convolution", "transposed_convolution",
                                                        "max_pooling", "average_pooling"}));
  EXPECT_EQ(ViewWords(),
            (std::vector<std::string>{"arithmetic", "numerical", "matrix", "scatter",
                                      "input_gradient", "weight_gradient", "receptive_field"}));
  for (const OperationTraits& row : OperationTable()) {
    Operation op = Operation::kConvolution;
    ASSERT_TRUE(OperationFromWord(row.word, &op));
    EXPECT_EQ(op, row.operation);
    EXPECT_EQ(OperationName(op), std::string(row.word));
    EXPECT_EQ(IsPooling(op), !row.has_weights);
  }
  EXPECT_FALSE(ViewDraws(View::kMatrix, Operation::kMaxPooling));
  EXPECT_TRUE(ViewDraws(View::kMatrix, Operation::kAveragePooling));
  EXPECT_TRUE(ViewDraws(View::kScatter, Operation::kTransposedConvolution));
  EXPECT_FALSE(ViewDraws(View::kScatter, Operation::kAveragePooling));
  EXPECT_TRUE(ViewDraws(View::kReceptiveField, Operation::kMaxPooling));
  EXPECT_EQ(ViewRefusal(View::kScatter, Operation::kConvolution),
            "view 'scatter' shows a transposed convolution as input cells stamping the kernel "
            "onto the output; convolution has no such picture (use numerical)");
  for (const OperationTraits& row : OperationTable()) {
    EXPECT_TRUE(ViewDraws(View::kInputGradient, row.operation)) << row.word;
    EXPECT_EQ(ViewDraws(View::kWeightGradient, row.operation), row.has_weights) << row.word;
  }
  EXPECT_EQ(ViewRefusal(View::kWeightGradient, Operation::kMaxPooling),
            "view 'weight_gradient' draws dL/dW, the gradient of the weights, and max_pooling has "
            "no weights (use input_gradient)");
}

}  // namespace
}  // namespace convanim
