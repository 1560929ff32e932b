#include "core/figure_spec.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <system_error>

#include "core/file_io.h"
#include "core/limits.h"
#include "core/text.h"
#include "core/yaml_words.h"

namespace convanim {
namespace {

namespace fs = std::filesystem;

constexpr const char* kKeyFigure = "figure";
constexpr const char* kKeyCaption = "caption";
constexpr const char* kKeyShowCaption = "show_caption";
constexpr const char* kKeyLayout = "layout";
constexpr const char* kKeyScene = "scene";
constexpr const char* kKeySteps = "steps";
constexpr const char* kKeyColumns = "columns";
constexpr const char* kKeyPanels = "panels";

const std::vector<std::string>& TopLevelKeys() {
  static const std::vector<std::string> keys = {kKeyFigure,  kKeyCaption, kKeyShowCaption,
                                                kKeyLayout,  kKeyScene,   kKeySteps,
                                                kKeyColumns, kKeyPanels};
  return keys;
}

const FigureLayout kLayouts[] = {FigureLayout::kSteps, FigureLayout::kChannels,
                                 FigureLayout::kStrideSubsampling, FigureLayout::kKernelPositions,
                                 FigureLayout::kViews};

constexpr const char* kKeyView = "view";
constexpr const char* kKeyStep = "step";

const std::vector<std::string>& PanelKeys() {
  static const std::vector<std::string> keys = {kKeyScene, kKeyCaption, kKeyView, kKeyStep};
  return keys;
}

const std::vector<std::string>& PanelViewWords() {
  static const std::vector<std::string> words = {"arithmetic", "numerical", "matrix", "scatter"};
  return words;
}

// "unknown X 'word' (did you mean 'y'?)" or "...; expected one of a, b or c".
std::string UnknownWordMessage(const std::string& what, const std::string& word,
                               const std::vector<std::string>& known) {
  const std::string hint = ClosestWord(word, known);
  std::string message = "unknown " + what + " '" + word + "'";
  if (!hint.empty()) return message + " (did you mean '" + hint + "'?)";
  return message + "; expected " + JoinWords(known);
}

SourceLocation At(const std::string& source, const YAML::Mark& mark) {
  SourceLocation where;
  where.file = source;
  if (!mark.is_null() && mark.line >= 0 && mark.column >= 0) {
    where.line = mark.line + 1;
    where.column = mark.column + 1;
  }
  return where;
}

const char* KindName(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
      return "nothing";
    case YAML::NodeType::Scalar:
      return "a single value";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    default:
      return "an undefined value";
  }
}

// Counts what the text holds before any node tree is built: documents, events and
// aliases. Figure files need no aliases, so none is accepted (no alias bombs), and the
// event count bounds the work of building the tree.
class PrePass : public YAML::EventHandler {
 public:
  struct TooManyEvents {};

  int documents = 0;
  bool has_alias = false;
  YAML::Mark alias_mark;
  YAML::Mark second_document_mark;

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents == 2) second_document_mark = mark;
    Count();
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override { Count(); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    if (!has_alias) alias_mark = mark;
    has_alias = true;
    Count();
  }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {
    Count();
  }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    Count();
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    Count();
  }
  void OnMapEnd() override {}

 private:
  void Count() {
    if (++events_ > figure_limits::kMaxYamlEvents) throw TooManyEvents{};
  }
  int64_t events_ = 0;
};

// Reads one figure document; every method returns the first fault found.
class FigureParser {
 public:
  FigureParser(std::string source, std::string base_dir)
      : source_(std::move(source)), base_dir_(std::move(base_dir)) {}

  Status Parse(const YAML::Node& root, FigureSpec* spec) {
    spec->source = source_;
    if (!root.IsMap()) {
      return Error(root.Mark(),
                   std::string("a figure file is a mapping of keys (figure, layout, scene, "
                               "...); this document is ") +
                       KindName(root));
    }
    std::map<std::string, std::pair<YAML::Node, YAML::Mark>> entries;
    Status status = CollectKeys(root, TopLevelKeys(), "key", &entries);
    if (!status.ok()) return status;

    auto find = [&entries](const char* key) -> const std::pair<YAML::Node, YAML::Mark>* {
      auto it = entries.find(key);
      return it == entries.end() ? nullptr : &it->second;
    };

    const auto* figure = find(kKeyFigure);
    if (figure == nullptr) {
      return Error(root.Mark(),
                   "missing key 'figure' (the figure's number, e.g. figure: \"2.1\"; it names "
                   "the output files figure-2.1.pdf, .svg, .png)");
    }
    status = ReadFigureNumber(*figure, &spec->figure);
    if (!status.ok()) return status;

    if (const auto* caption = find(kKeyCaption)) {
      status = ReadString(*caption, kKeyCaption, &spec->caption);
      if (status.ok()) status = CheckCaption(*caption, spec->caption);
      if (!status.ok()) return status;
    }
    if (const auto* show = find(kKeyShowCaption)) {
      status = ReadBool(*show, kKeyShowCaption, &spec->show_caption);
      if (!status.ok()) return status;
    }

    spec->layout = FigureLayout::kSteps;
    if (const auto* layout = find(kKeyLayout)) {
      std::string word;
      status = ReadString(*layout, kKeyLayout, &word);
      if (!status.ok()) return status;
      const auto* const known = std::find_if(
          std::begin(kLayouts), std::end(kLayouts),
          [&word](FigureLayout candidate) { return word == FigureLayoutName(candidate); });
      if (known != std::end(kLayouts)) {
        spec->layout = *known;
      } else {
        return Error(layout->first.Mark(), UnknownWordMessage("layout", word, FigureLayoutNames()));
      }
    }
    const std::string layout_name = FigureLayoutName(spec->layout);

    // Keys that belong to one layout only are refused elsewhere rather than ignored.
    const bool is_steps = spec->layout == FigureLayout::kSteps;
    const bool is_panels = spec->layout == FigureLayout::kKernelPositions ||
                           spec->layout == FigureLayout::kViews;
    for (const char* key : {kKeySteps, kKeyColumns}) {
      if (const auto* entry = find(key); entry != nullptr && !is_steps) {
        return Error(entry->second, std::string("key '") + key + "' is only for layout 'steps'" +
                                        ", not '" + layout_name + "'");
      }
    }
    if (const auto* entry = find(kKeyPanels); entry != nullptr && !is_panels) {
      return Error(entry->second,
                   "key 'panels' is only for layouts 'kernel_positions' and 'views', not '" +
                       layout_name + "' (which draws the one 'scene')");
    }
    if (const auto* entry = find(kKeyScene); entry != nullptr && is_panels) {
      return Error(entry->second,
                   "layout '" + layout_name +
                       "' takes its scenes from 'panels' (a list of "
                       "{scene: ..., caption: ...}), not from 'scene'");
    }

    spec->panels.clear();
    if (is_panels) {
      const auto* panels = find(kKeyPanels);
      if (panels == nullptr) {
        return Error(root.Mark(),
                     "missing key 'panels' (layout '" + layout_name +
                         "' draws one panel per entry: panels: [{scene: a.yaml, caption: "
                         "\"(a) ...\"}, ...])");
      }
      status = ReadPanels(*panels, spec->layout == FigureLayout::kViews, &spec->panels);
      if (!status.ok()) return status;
    } else {
      const auto* scene = find(kKeyScene);
      if (scene == nullptr) {
        return Error(root.Mark(), "missing key 'scene' (the scene file layout '" + layout_name +
                                      "' draws, relative to this file)");
      }
      FigurePanel panel;
      status = ReadScenePath(*scene, &panel);
      if (!status.ok()) return status;
      spec->panels.push_back(std::move(panel));
    }

    spec->steps.clear();
    spec->step_locations.clear();
    if (const auto* steps = find(kKeySteps)) {
      status = ReadSteps(*steps, spec);
      if (!status.ok()) return status;
    }
    spec->columns = 0;
    spec->columns_where = SourceLocation{source_, 0, 0};
    if (const auto* columns = find(kKeyColumns)) {
      int64_t value = 0;
      status = ReadInteger(columns->first, columns->second, kKeyColumns, 1,
                           figure_limits::kMaxSteps, &value);
      if (!status.ok()) return status;
      spec->columns = static_cast<int>(value);
      spec->columns_where = At(source_, columns->second);
      if (!spec->steps.empty() && spec->columns > static_cast<int>(spec->steps.size())) {
        return Error(columns->second, "columns: " + std::to_string(spec->columns) +
                                          " is more than the " +
                                          std::to_string(spec->steps.size()) + " steps listed");
      }
    }
    return Status::Ok();
  }

 private:
  Status Error(const YAML::Mark& mark, const std::string& message) const {
    return Status::InvalidScene(message, At(source_, mark));
  }

  // Copies a mapping's entries into *entries after checking keys: scalars, known,
  // no duplicates. Each entry keeps its value and the key's mark.
  Status CollectKeys(const YAML::Node& map, const std::vector<std::string>& known,
                     const std::string& what,
                     std::map<std::string, std::pair<YAML::Node, YAML::Mark>>* entries) const {
    for (auto it = map.begin(); it != map.end(); ++it) {
      const YAML::Node key = it->first;
      const YAML::Node value = it->second;
      if (!key.IsScalar()) {
        return Error(key.Mark(), "a " + what + " must be a word, not " + KindName(key));
      }
      const std::string name = key.Scalar();
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        return Error(key.Mark(), UnknownWordMessage(what, name, known));
      }
      auto [existing, inserted] = entries->emplace(name, std::make_pair(value, key.Mark()));
      if (!inserted) {
        const SourceLocation first = At(source_, existing->second.second);
        return Error(key.Mark(), "duplicate " + what + " '" + name + "' (first given at line " +
                                     std::to_string(first.line) + ")");
      }
    }
    return Status::Ok();
  }

  // The value's own mark, or the key's when the value has none (an empty value).
  static YAML::Mark MarkOf(const std::pair<YAML::Node, YAML::Mark>& entry) {
    const YAML::Mark mark = entry.first.Mark();
    return mark.is_null() || entry.first.IsNull() ? entry.second : mark;
  }

  Status ReadString(const std::pair<YAML::Node, YAML::Mark>& entry, const std::string& key,
                    std::string* out) const {
    const YAML::Node& node = entry.first;
    if (!node.IsScalar()) {
      return Error(MarkOf(entry), "'" + key + "' takes a single value, not " + KindName(node));
    }
    *out = node.Scalar();
    return Status::Ok();
  }

  // The one text gate (core/text.h), with the scene caption's limit.
  Status CheckCaption(const std::pair<YAML::Node, YAML::Mark>& entry,
                      const std::string& caption) const {
    const std::string fault =
        text::TextFault(caption, text::TextRule{limits::kMaxCaptionChars, true});
    if (fault.empty()) return Status::Ok();
    return Error(MarkOf(entry), std::string(kKeyCaption) + " " + fault);
  }

  Status ReadBool(const std::pair<YAML::Node, YAML::Mark>& entry, const std::string& key,
                  bool* out) const {
    std::string word;
    Status status = ReadString(entry, key, &word);
    if (!status.ok()) return status;
    if (entry.first.Tag() == "?") {
      if (word == "true" || word == "True" || word == "TRUE") {
        *out = true;
        return Status::Ok();
      }
      if (word == "false" || word == "False" || word == "FALSE") {
        *out = false;
        return Status::Ok();
      }
    }
    return Error(MarkOf(entry), "'" + key + "' is true or false, not '" + word + "'");
  }

  // A plain (unquoted) whole number in [min, max].
  Status ReadInteger(const YAML::Node& node, const YAML::Mark& fallback, const std::string& what,
                     int64_t min, int64_t max, int64_t* out) const {
    const YAML::Mark mark = node.Mark().is_null() || node.IsNull() ? fallback : node.Mark();
    if (!node.IsScalar()) {
      return Error(mark, what + " must be a whole number, not " + KindName(node));
    }
    const std::string& text = node.Scalar();
    bool digits = node.Tag() == "?" && !text.empty() && text.size() <= 12;
    std::size_t start = 0;
    if (digits && (text[0] == '-' || text[0] == '+')) start = 1;
    digits = digits && start < text.size();
    for (std::size_t n = start; digits && n < text.size(); ++n) {
      digits = text[n] >= '0' && text[n] <= '9';
    }
    if (!digits) {
      return Error(mark, what + " must be a whole number, not '" + text + "'");
    }
    const int64_t value = std::stoll(text);
    if (value < min || value > max) {
      return Error(mark, what + " is " + std::to_string(value) + "; it must be from " +
                             std::to_string(min) + " to " + std::to_string(max));
    }
    *out = value;
    return Status::Ok();
  }

  Status ReadFigureNumber(const std::pair<YAML::Node, YAML::Mark>& entry, std::string* out) const {
    Status status = ReadString(entry, kKeyFigure, out);
    if (!status.ok()) return status;
    // The number becomes part of a file name: keep it to characters safe everywhere.
    bool safe = !out->empty() && out->size() <= 32 && out->front() != '.' && out->front() != '-';
    for (char c : *out) {
      safe = safe && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      c == '.' || c == '-' || c == '_');
    }
    if (!safe) {
      return Error(MarkOf(entry),
                   "figure: '" + *out +
                       "' is not a usable figure number (it names the output files): use up "
                       "to 32 letters, digits, '.', '-' or '_', not starting with '.' or '-'");
    }
    return Status::Ok();
  }

  Status ReadScenePath(const std::pair<YAML::Node, YAML::Mark>& entry, FigurePanel* panel) const {
    std::string written;
    Status status = ReadString(entry, kKeyScene, &written);
    if (!status.ok()) return status;
    const YAML::Mark mark = MarkOf(entry);
    if (written.empty()) return Error(mark, "'scene' is empty; name a scene file");
    fs::path path(written);
    if (path.is_relative() && !base_dir_.empty()) path = fs::path(base_dir_) / path;
    path = path.lexically_normal();
    std::error_code error;
    const fs::file_status file = fs::status(path, error);
    if (error || !fs::exists(file)) {
      return Error(
          mark, "scene file '" + written + "' does not exist (looked for '" + path.string() + "')");
    }
    if (!fs::is_regular_file(file)) {
      return Error(mark, "scene '" + written + "' is not a file ('" + path.string() + "')");
    }
    if (LooksLikeFigureFile(path.string())) {
      return Error(mark, "scene '" + written +
                             "' is a figure file, not a scene; a figure draws scene files");
    }
    panel->scene_path = path.string();
    panel->scene_written = written;
    panel->where = At(source_, mark);
    return Status::Ok();
  }

  Status ReadPanels(const std::pair<YAML::Node, YAML::Mark>& entry, bool views,
                    std::vector<FigurePanel>* panels) const {
    const YAML::Node& list = entry.first;
    if (!list.IsSequence() || list.size() == 0) {
      return Error(MarkOf(entry),
                   "'panels' is a list of {scene: ..., caption: ...} with at least one entry");
    }
    if (list.size() > static_cast<std::size_t>(figure_limits::kMaxPanels)) {
      return Error(MarkOf(entry), "'panels' lists " + std::to_string(list.size()) +
                                      " panels; at most " +
                                      std::to_string(figure_limits::kMaxPanels) + " are drawn");
    }
    for (const YAML::Node& item : list) {
      if (!item.IsMap()) {
        return Error(item.Mark(), std::string("each panel is a mapping {scene: ..., caption: "
                                              "...}, not ") +
                                      KindName(item));
      }
      std::map<std::string, std::pair<YAML::Node, YAML::Mark>> keys;
      Status status = CollectKeys(item, PanelKeys(), "panel key", &keys);
      if (!status.ok()) return status;
      auto scene = keys.find(kKeyScene);
      if (scene == keys.end()) return Error(item.Mark(), "panel without a 'scene' key");
      FigurePanel panel;
      status = ReadScenePath(scene->second, &panel);
      if (!status.ok()) return status;
      auto caption = keys.find(kKeyCaption);
      if (caption != keys.end()) {
        status = ReadString(caption->second, kKeyCaption, &panel.caption);
        if (status.ok()) status = CheckCaption(caption->second, panel.caption);
        if (!status.ok()) return status;
      }
      for (const char* key : {kKeyView, kKeyStep}) {
        auto found = keys.find(key);
        if (found != keys.end() && !views) {
          return Error(MarkOf(found->second), std::string("panel key '") + key +
                                                  "' is only for layout 'views'");
        }
      }
      if (auto view = keys.find(kKeyView); view != keys.end()) {
        status = ReadString(view->second, kKeyView, &panel.view);
        if (!status.ok()) return status;
        const auto& words = PanelViewWords();
        if (std::find(words.begin(), words.end(), panel.view) == words.end()) {
          return Error(MarkOf(view->second), UnknownWordMessage("view", panel.view, words));
        }
      }
      if (auto step = keys.find(kKeyStep); step != keys.end()) {
        status = ReadInteger(step->second.first, step->second.second, "a step number", 0,
                             1'000'000'000, &panel.step);
        if (!status.ok()) return status;
      }
      panel.panel_where = At(source_, item.Mark());
      panels->push_back(std::move(panel));
    }
    return Status::Ok();
  }

  Status ReadSteps(const std::pair<YAML::Node, YAML::Mark>& entry, FigureSpec* spec) const {
    const YAML::Node& list = entry.first;
    if (!list.IsSequence() || list.size() == 0) {
      return Error(MarkOf(entry), "'steps' is a list of step numbers (from 0), e.g. [0, 1, 2, 3]");
    }
    if (list.size() > static_cast<std::size_t>(figure_limits::kMaxSteps)) {
      return Error(MarkOf(entry),
                   "'steps' lists " + std::to_string(list.size()) + " steps; at most " +
                       std::to_string(figure_limits::kMaxSteps) + " fit on one figure");
    }
    for (const YAML::Node& item : list) {
      int64_t step = 0;
      // Scene step counts are bounded by core/limits.h; the exact bound is the scene's
      // and is checked when the figure is laid out.
      Status status = ReadInteger(item, entry.second, "a step number", 0, 1'000'000'000, &step);
      if (!status.ok()) return status;
      spec->steps.push_back(step);
      spec->step_locations.push_back(At(source_, item.Mark()));
    }
    return Status::Ok();
  }

  std::string source_;
  std::string base_dir_;
};

// Reads the file at `path` into *text, stopping once it holds more than `limit` bytes
// (so a huge file costs nothing). False when the file cannot be opened or read.
bool ReadAtMost(const std::string& path, int64_t limit, std::string* text) {
  return file_io::ReadRegularFile(path, limit, "the figure file", text).ok();
}

bool IsKeyChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// True when `text` at `pos` starts the key `figure` or `layout` (optionally quoted),
// followed by optional blanks and ':'.
bool FigureKeyAt(const std::string& text, std::size_t pos) {
  for (const char* key : {"figure", "layout"}) {
    std::size_t at = pos;
    char quote = 0;
    if (at < text.size() && (text[at] == '"' || text[at] == '\'')) quote = text[at++];
    const std::string word(key);
    if (text.compare(at, word.size(), word) != 0) continue;
    at += word.size();
    if (quote != 0) {
      if (at >= text.size() || text[at] != quote) continue;
      ++at;
    } else if (at < text.size() && IsKeyChar(text[at])) {
      continue;
    }
    while (at < text.size() && (text[at] == ' ' || text[at] == '\t')) ++at;
    if (at < text.size() && text[at] == ':') return true;
  }
  return false;
}

}  // namespace

const char* FigureLayoutName(FigureLayout layout) {
  switch (layout) {
    case FigureLayout::kSteps:
      return "steps";
    case FigureLayout::kChannels:
      return "channels";
    case FigureLayout::kStrideSubsampling:
      return "stride_subsampling";
    case FigureLayout::kKernelPositions:
      return "kernel_positions";
    case FigureLayout::kViews:
      return "views";
  }
  return "steps";
}

const std::vector<std::string>& FigureLayoutNames() {
  static const std::vector<std::string> names = WordsOf(kLayouts, &FigureLayoutName);
  return names;
}

Status ParseFigure(const std::string& text, const std::string& source_name,
                   const std::string& base_dir, FigureSpec* spec) {
  const SourceLocation file{source_name, 0, 0};
  if (static_cast<int64_t>(text.size()) > figure_limits::kMaxFileBytes) {
    return Status::InvalidScene("the figure file is " + std::to_string(text.size()) +
                                    " bytes; figure files are at most " +
                                    std::to_string(figure_limits::kMaxFileBytes) + " bytes",
                                file);
  }
  Status characters = text::CheckFileCharacters(text, source_name);
  if (!characters.ok()) return characters;
  try {
    PrePass counter;
    {
      std::istringstream stream(text);
      YAML::Parser parser(stream);
      while (parser.HandleNextDocument(counter)) {
      }
    }
    if (counter.documents == 0) {
      return Status::InvalidScene(
          "the figure file is empty (it needs at least 'figure' and "
          "'scene')",
          file);
    }
    if (counter.documents > 1) {
      return Status::InvalidScene(
          "a figure file holds one YAML document; a second one starts "
          "here",
          At(source_name, counter.second_document_mark));
    }
    if (counter.has_alias) {
      return Status::InvalidScene("YAML aliases (*name) are not accepted in figure files",
                                  At(source_name, counter.alias_mark));
    }
    const YAML::Node root = YAML::Load(text);
    FigureParser parser(source_name, base_dir);
    return parser.Parse(root, spec);
  } catch (const PrePass::TooManyEvents&) {
    return Status::InvalidScene("the figure file holds more than " +
                                    std::to_string(figure_limits::kMaxYamlEvents) +
                                    " YAML values; figure files are small",
                                file);
  } catch (const YAML::Exception& error) {
    return Status::InvalidScene("YAML syntax error: " + error.msg, At(source_name, error.mark));
  } catch (const std::exception& error) {
    return Status::InvalidScene(std::string("cannot read the figure file: ") + error.what(), file);
  }
}

Status LoadFigureFile(const std::string& path, FigureSpec* spec) {
  std::string text;
  Status read =
      file_io::ReadRegularFile(path, figure_limits::kMaxFileBytes, "the figure file", &text);
  if (!read.ok())
    return read.code() == Status::Code::kInvalidScene
               ? Status::InvalidScene(read.message(), SourceLocation{path, 0, 0})
               : read;
  const std::string base_dir = fs::path(path).parent_path().string();
  return ParseFigure(text, path, base_dir, spec);
}

bool LooksLikeFigureText(const std::string& text) {
  // Block style: the key at the start of a line (column 0 is the top level).
  // Flow style: the key right after the document's opening '{' or a ','.
  std::size_t line_start = 0;
  while (line_start < text.size()) {
    if (FigureKeyAt(text, line_start)) return true;
    const std::size_t next = text.find('\n', line_start);
    if (next == std::string::npos) break;
    line_start = next + 1;
  }
  std::size_t at = 0;
  // Skip blank lines, comments and a document marker before a flow mapping.
  while (at < text.size()) {
    if (text[at] == '#') {
      at = text.find('\n', at);
      if (at == std::string::npos) return false;
    } else if (text.compare(at, 3, "---") == 0) {
      at += 3;
    } else if (text[at] == ' ' || text[at] == '\t' || text[at] == '\n' || text[at] == '\r') {
      ++at;
    } else {
      break;
    }
  }
  if (at >= text.size() || text[at] != '{') return false;
  int depth = 0;
  for (std::size_t n = at; n < text.size(); ++n) {
    const char c = text[n];
    if (c == '{' || c == '[') ++depth;
    if (c == '}' || c == ']') --depth;
    if (depth == 1 && (c == '{' || c == ',')) {
      std::size_t key = n + 1;
      while (key < text.size() &&
             (text[key] == ' ' || text[key] == '\n' || text[key] == '\t' || text[key] == '\r')) {
        ++key;
      }
      if (FigureKeyAt(text, key)) return true;
    }
    if (depth <= 0) break;
  }
  return false;
}

bool LooksLikeFigureFile(const std::string& path) {
  std::error_code error;
  if (!fs::is_regular_file(path, error)) return false;
  std::string text;
  return ReadAtMost(path, figure_limits::kMaxFileBytes, &text) && LooksLikeFigureText(text);
}

}  // namespace convanim
