#include "core/figure_spec.h"

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <system_error>

#include "core/file_io.h"
#include "core/key_section.h"
#include "core/text.h"
#include "core/yaml_reader.h"
#include "core/yaml_tree.h"
#include "core/yaml_words.h"

namespace convanim {
namespace {

namespace fs = std::filesystem;

using yaml::kNone;
using yaml::NodeId;
using yaml::NodeKind;

const FigureLayout kLayouts[] = {FigureLayout::kSteps, FigureLayout::kChannels,
                                 FigureLayout::kStrideSubsampling, FigureLayout::kKernelPositions,
                                 FigureLayout::kViews};

uint32_t LayoutBit(FigureLayout layout) { return 1u << static_cast<unsigned>(layout); }

// "layout 'steps'", "layouts 'kernel_positions' and 'views'": the layouts of a row.
std::string LayoutsText(uint32_t mask) {
  std::vector<std::string> names;
  for (FigureLayout layout : kLayouts) {
    if (mask & LayoutBit(layout))
      names.push_back("'" + std::string(FigureLayoutName(layout)) + "'");
  }
  std::string text = names.size() == 1 ? "layout " : "layouts ";
  for (std::size_t i = 0; i < names.size(); ++i) {
    text += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
  }
  return text;
}

// Reads one figure document (a tree of core/yaml_tree.h) with the figure rows of the key
// table; every method returns the first fault found.
class FigureParser {
 public:
  FigureParser(const yaml::Document& doc, const std::string& source, std::string base_dir)
      : r_(doc, source, ""), base_dir_(std::move(base_dir)) {}

  Status Parse(FigureSpec* spec) {
    const yaml::Document& doc = r_.doc();
    spec->source = r_.source();
    const NodeId root = doc.root();
    if (r_.Kind(root) != NodeKind::kMap) {
      return r_.Error(root,
                      "a figure file is a mapping of keys (figure, layout, scene, ...); this "
                      "document is " +
                          r_.Describe(root));
    }
    KeySection top(r_, KeyFile::kFigure, "");
    Status status = top.Read(root, "the figure");
    if (!status.ok()) return status;

    if (!top["figure"].present()) {
      return r_.Error(root,
                      "missing key 'figure' (the figure's number, e.g. figure: \"2.1\"; it "
                      "names the output files figure-2.1.pdf, .svg, .png)");
    }
    status = ReadFigureNumber(top, &spec->figure);
    if (status.ok()) status = top.Get("caption", &spec->caption);
    if (status.ok()) status = top.Get("show_caption", &spec->show_caption);
    if (!status.ok()) return status;

    spec->layout = FigureLayout::kSteps;
    std::size_t index = 0;
    if (top["layout"].present()) {
      status = top.GetWord("layout", &index);
      if (!status.ok()) return status;
      spec->layout = kLayouts[index];
    }
    const std::string layout_name = FigureLayoutName(spec->layout);

    // Keys that belong to other layouts are refused rather than ignored.
    const bool is_panels =
        spec->layout == FigureLayout::kKernelPositions || spec->layout == FigureLayout::kViews;
    if (top["scene"].present() && is_panels) {
      return r_.Error(top["scene"].key, "layout '" + layout_name +
                                            "' takes its scenes from 'panels' (a list of "
                                            "{scene: ..., caption: ...}), not from 'scene'");
    }
    if (const KeySpec* other = top.FirstOutsideLayout(LayoutBit(spec->layout))) {
      return r_.Error(top[other->name.c_str()].key, "key '" + other->name + "' is only for " +
                                                        LayoutsText(other->layouts) + ", not '" +
                                                        layout_name + "'");
    }

    spec->panels.clear();
    if (is_panels) {
      if (!top["panels"].present()) {
        return r_.Error(root, "missing key 'panels' (layout '" + layout_name +
                                  "' draws one panel per entry: panels: [{scene: a.yaml, "
                                  "caption: \"(a) ...\"}, ...])");
      }
      status = ReadPanels(top["panels"].value, spec->layout, &spec->panels);
      if (!status.ok()) return status;
    } else {
      if (!top["scene"].present()) {
        return r_.Error(root, "missing key 'scene' (the scene file layout '" + layout_name +
                                  "' draws, relative to this file)");
      }
      FigurePanel panel;
      status = ReadScenePath(top["scene"].value, &panel);
      if (!status.ok()) return status;
      spec->panels.push_back(std::move(panel));
    }

    spec->steps.clear();
    spec->step_locations.clear();
    if (top["steps"].present()) {
      status = ReadSteps(top["steps"].value, spec);
      if (!status.ok()) return status;
    }
    spec->columns = 0;
    spec->columns_where = SourceLocation{r_.source(), 0, 0};
    if (top["columns"].present()) {
      status = top.Get("columns", &spec->columns);
      if (!status.ok()) return status;
      spec->columns_where = r_.Where(top["columns"].value);
      if (!spec->steps.empty() && spec->columns > static_cast<int>(spec->steps.size())) {
        return r_.Error(top["columns"].key,
                        "columns: " + std::to_string(spec->columns) + " is more than the " +
                            std::to_string(spec->steps.size()) + " steps listed");
      }
    }
    return Status::Ok();
  }

 private:
  Status ReadFigureNumber(const KeySection& top, std::string* out) const {
    const NodeId value = top["figure"].value;
    Status status = top.Get("figure", out);
    if (!status.ok()) return status;
    // The number becomes part of a file name: keep it to characters safe everywhere.
    bool safe = !out->empty() && out->front() != '.' && out->front() != '-';
    for (char c : *out) {
      safe = safe && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      c == '.' || c == '-' || c == '_');
    }
    if (!safe) {
      return r_.Error(value, "figure: '" + *out +
                                 "' is not a usable figure number (it names the output files): "
                                 "use up to 32 letters, digits, '.', '-' or '_', not starting "
                                 "with '.' or '-'");
    }
    return Status::Ok();
  }

  Status ReadScenePath(NodeId value, FigurePanel* panel) const {
    std::string written;
    Status status = r_.ReadText(value, "scene", 4096, &written);
    if (!status.ok()) return status;
    if (written.empty()) return r_.Error(value, "'scene' is empty; name a scene file");
    fs::path path(written);
    if (path.is_relative() && !base_dir_.empty()) path = fs::path(base_dir_) / path;
    path = path.lexically_normal();
    std::error_code error;
    const fs::file_status file = fs::status(path, error);
    if (error || !fs::exists(file)) {
      return r_.Error(value, "scene file '" + written + "' does not exist (looked for '" +
                                 path.string() + "')");
    }
    if (!fs::is_regular_file(file)) {
      return r_.Error(value, "scene '" + written + "' is not a file ('" + path.string() + "')");
    }
    if (LooksLikeFigureFile(path.string())) {
      return r_.Error(value, "scene '" + written +
                                 "' is a figure file, not a scene; a figure draws scene files");
    }
    panel->scene_path = path.string();
    panel->scene_written = written;
    panel->where = r_.Where(value);
    return Status::Ok();
  }

  Status ReadPanels(NodeId list, FigureLayout layout, std::vector<FigurePanel>* panels) const {
    const yaml::Document& doc = r_.doc();
    const KeySpec& row = FindKey(KeyFile::kFigure, "", "panels");
    if (r_.Kind(list) != NodeKind::kSequence || doc.size(list) == 0) {
      return r_.Error(list,
                      "'panels' is a list of {scene: ..., caption: ...} with at least one entry");
    }
    if (doc.size(list) > static_cast<uint32_t>(row.max_items)) {
      return r_.Error(list, "'panels' lists " + std::to_string(doc.size(list)) +
                                " panels; at most " + std::to_string(row.max_items) + " are drawn");
    }
    for (uint32_t i = 0; i < doc.size(list); ++i) {
      const NodeId item = doc.item(list, i);
      if (r_.Kind(item) != NodeKind::kMap) {
        return r_.Error(
            item, "each panel is a mapping {scene: ..., caption: ...}, not " + r_.Describe(item));
      }
      KeySection keys(r_, KeyFile::kFigure, row.items);
      Status status = keys.Read(item, "a panel");
      if (!status.ok()) return status;
      if (!keys["scene"].present()) return r_.Error(item, "panel without a 'scene' key");
      if (const KeySpec* other = keys.FirstOutsideLayout(LayoutBit(layout))) {
        return r_.Error(
            keys[other->name.c_str()].key,
            "panel key '" + other->name + "' is only for " + LayoutsText(other->layouts));
      }
      FigurePanel panel;
      status = ReadScenePath(keys["scene"].value, &panel);
      if (status.ok()) status = keys.Get("caption", &panel.caption);
      std::size_t view = 0;
      if (status.ok() && keys["view"].present()) {
        status = keys.GetWord("view", &view);
        if (status.ok()) panel.view = ViewTable()[view].view;
      }
      if (status.ok()) status = keys.Get("step", &panel.step);
      if (!status.ok()) return status;
      panel.panel_where = r_.Where(item);
      panels->push_back(std::move(panel));
    }
    return Status::Ok();
  }

  Status ReadSteps(NodeId list, FigureSpec* spec) const {
    const yaml::Document& doc = r_.doc();
    const KeySpec& row = FindKey(KeyFile::kFigure, "", "steps");
    if (r_.Kind(list) != NodeKind::kSequence || doc.size(list) == 0) {
      return r_.Error(list, "'steps' is a list of step numbers (from 0), e.g. [0, 1, 2, 3]");
    }
    if (doc.size(list) > static_cast<uint32_t>(row.max_items)) {
      return r_.Error(list, "'steps' lists " + std::to_string(doc.size(list)) + " steps; at most " +
                                std::to_string(row.max_items) + " fit on one figure");
    }
    for (uint32_t i = 0; i < doc.size(list); ++i) {
      const NodeId item = doc.item(list, i);
      int64_t step = 0;
      // Scene step counts are bounded by core/limits.h; the exact bound is the scene's
      // and is checked when the figure is laid out.
      Status status = r_.ReadInt(item, "a step number", static_cast<int64_t>(row.min),
                                 static_cast<int64_t>(row.max), &step);
      if (!status.ok()) return status;
      spec->steps.push_back(step);
      spec->step_locations.push_back(r_.Where(item));
    }
    return Status::Ok();
  }

  yaml::Reader r_;
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
  yaml::Document doc;
  Status status = doc.Parse(text, source_name, "figure");
  if (!status.ok()) return status;
  if (doc.empty()) {
    return Status::InvalidScene("the figure file is empty (it needs at least 'figure' and 'scene')",
                                file);
  }
  try {
    return FigureParser(doc, source_name, base_dir).Parse(spec);
  } catch (const std::bad_alloc&) {
    return Status::Internal(source_name + ": out of memory while reading the figure");
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
