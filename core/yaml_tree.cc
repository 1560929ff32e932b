#include "core/yaml_tree.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <limits>
#include <new>
#include <sstream>
#include <utility>

#include "core/limits.h"
#include "core/text.h"

namespace convanim {
namespace yaml {
namespace {

// Thrown out of the event handler to stop the parser; caught in Document::Parse.
struct Refusal {
  std::string message;
  YAML::Mark mark;
};

constexpr NodeId kNoNode = std::numeric_limits<NodeId>::max();

SourceLocation LocationOf(const std::string& source, const YAML::Mark& mark) {
  SourceLocation where{source, 0, 0};
  if (!mark.is_null() && mark.line >= 0) {  // yaml-cpp counts from 0
    where.line = mark.line + 1;
    where.column = mark.column + 1;
  }
  return where;
}

// Stops at the start of a second document.
class SecondDocumentGuard : public YAML::EventHandler {
 public:
  explicit SecondDocumentGuard(const std::string& kind) : kind_(kind) {}
  void OnDocumentStart(const YAML::Mark& mark) override {
    throw Refusal{"a " + kind_ + " file holds one YAML document, but a second one starts here",
                  mark};
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

 private:
  const std::string& kind_;
};

}  // namespace

class TreeBuilder : public YAML::EventHandler {
 public:
  explicit TreeBuilder(Document* doc) : doc_(doc) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Leaf(NodeKind::kNull, mark, anchor, /*plain=*/true, std::string());
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    // yaml-cpp tags plain scalars "?" and quoted ones "!"; explicit tags are kept as text.
    Leaf(NodeKind::kScalar, mark, anchor, tag == "?", value);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (anchor == 0 || anchor > anchors_.size() || anchors_[anchor - 1] == kNoNode) {
      throw Refusal{"this alias refers to an anchor that is not defined", mark};
    }
    const NodeId target = anchors_[anchor - 1];
    if (!doc_->nodes_[target].closed) {
      throw Refusal{"this alias refers to a list or mapping that contains it (a cycle)", mark};
    }
    if (static_cast<int64_t>(doc_->nodes_.size()) + doc_->nodes_[target].expanded >
        limits::kMaxYamlNodes) {
      throw Refusal{"with its aliases expanded, the document has more than " +
                        std::to_string(limits::kMaxYamlNodes) +
                        " nodes (the limit; an alias bomb?)",
                    mark};
    }
    AddChild(Copy(target, mark));
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Open(NodeKind::kSequence, mark, anchor);
  }
  void OnSequenceEnd() override { Close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Open(NodeKind::kMap, mark, anchor);
  }
  void OnMapEnd() override { Close(); }

 private:
  NodeId NewNode(NodeKind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (static_cast<int64_t>(doc_->nodes_.size()) >= limits::kMaxYamlNodes) {
      throw Refusal{"the document has more than " + std::to_string(limits::kMaxYamlNodes) +
                        " nodes (the limit)",
                    mark};
    }
    const NodeId id = static_cast<NodeId>(doc_->nodes_.size());
    Node node;
    node.kind = kind;
    if (!mark.is_null() && mark.line >= 0) {
      node.line = mark.line + 1;
      node.column = mark.column + 1;
    }
    doc_->nodes_.push_back(node);
    if (anchor != 0) {
      if (anchors_.size() < anchor) anchors_.resize(anchor, kNoNode);
      anchors_[anchor - 1] = id;
    }
    return id;
  }

  // A copy of `original` and everything below it, placed at the alias's `mark`.
  NodeId Copy(NodeId original, const YAML::Mark& mark) {
    const NodeId id = NewNode(doc_->nodes_[original].kind, mark, 0);
    const Node from = doc_->nodes_[original];
    Node& node = doc_->nodes_[id];
    node.plain = from.plain;
    node.closed = true;
    node.begin = from.begin;
    node.count = from.count;
    node.expanded = from.expanded;
    node.written_line = from.written_line > 0 ? from.written_line : from.line;
    node.written_column = from.written_line > 0 ? from.written_column : from.column;
    if (from.kind == NodeKind::kSequence || from.kind == NodeKind::kMap) {
      const std::size_t block = doc_->children_.size();
      doc_->children_.resize(block + from.count);
      doc_->nodes_[id].begin = static_cast<uint32_t>(block);
      for (uint32_t i = 0; i < from.count; ++i) {
        const NodeId copy = Copy(doc_->children_[from.begin + i], mark);
        doc_->children_[block + i] = copy;
      }
    }
    return id;
  }

  void AddChild(NodeId id) {
    if (!open_.empty()) pending_[open_.size() - 1].push_back(id);
  }

  void Leaf(NodeKind kind, const YAML::Mark& mark, YAML::anchor_t anchor, bool plain,
            const std::string& text) {
    const NodeId id = NewNode(kind, mark, anchor);
    Node& node = doc_->nodes_[id];
    if (kind == NodeKind::kNull && !open_.empty() &&
        doc_->nodes_[open_.back()].kind == NodeKind::kMap &&
        pending_[open_.size() - 1].size() % 2 == 1) {
      // yaml-cpp marks an empty value where the next token starts, often the next line;
      // the key it belongs to is the better place to point at.
      const Node& key = doc_->nodes_[pending_[open_.size() - 1].back()];
      node.line = key.line;
      node.column = key.column;
    }
    node.plain = plain;
    node.begin = static_cast<uint32_t>(doc_->pool_.size());
    node.count = static_cast<uint32_t>(text.size());
    node.closed = true;
    doc_->pool_ += text;
    AddChild(id);
  }

  void Open(NodeKind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (static_cast<int>(open_.size()) >= limits::kMaxYamlDepth) {
      throw Refusal{"lists and mappings are nested more than " +
                        std::to_string(limits::kMaxYamlDepth) + " deep (the limit)",
                    mark};
    }
    const NodeId id = NewNode(kind, mark, anchor);
    AddChild(id);
    open_.push_back(id);
    if (pending_.size() < open_.size()) pending_.emplace_back();
    pending_[open_.size() - 1].clear();
  }

  void Close() {
    const NodeId id = open_.back();
    std::vector<NodeId>& items = pending_[open_.size() - 1];
    Node& node = doc_->nodes_[id];
    node.begin = static_cast<uint32_t>(doc_->children_.size());
    node.count = static_cast<uint32_t>(items.size());
    // Aliases make the tree a DAG; count what a walk that follows them would visit.
    int64_t expanded = 1;
    for (NodeId child : items) {
      expanded += doc_->nodes_[child].expanded;
      if (expanded > limits::kMaxYamlNodes) {
        YAML::Mark mark;
        mark.line = node.line - 1;
        mark.column = node.column - 1;
        throw Refusal{"with its aliases expanded, this part of the document has more than " +
                          std::to_string(limits::kMaxYamlNodes) +
                          " nodes (the limit; an alias bomb?)",
                      mark};
      }
    }
    node.expanded = static_cast<uint32_t>(expanded);
    node.closed = true;
    doc_->children_.insert(doc_->children_.end(), items.begin(), items.end());
    items.clear();
    open_.pop_back();
  }

  Document* doc_;
  std::vector<NodeId> anchors_;               // anchor number - 1 -> node
  std::vector<NodeId> open_;                  // lists and mappings being built
  std::vector<std::vector<NodeId>> pending_;  // their children so far, one list per depth
};

Status Document::Parse(const std::string& text, const std::string& source,
                       const std::string& kind) {
  nodes_.clear();
  children_.clear();
  pool_.clear();
  try {
    std::istringstream in(text);
    YAML::Parser parser(in);
    TreeBuilder builder(this);
    if (!parser.HandleNextDocument(builder)) {
      nodes_.clear();
      return Status::Ok();
    }
    SecondDocumentGuard guard(kind);
    parser.HandleNextDocument(guard);
    return Status::Ok();
  } catch (const Refusal& refusal) {
    return Status::InvalidScene(refusal.message, LocationOf(source, refusal.mark));
  } catch (const YAML::Exception& e) {
    // yaml-cpp quotes the offending character in some messages ("unknown escape character").
    return Status::InvalidScene("YAML syntax error: " + text::Printable(e.msg),
                                LocationOf(source, e.mark));
  } catch (const std::bad_alloc&) {
    return Status::InvalidScene("the document is too large to parse", SourceLocation{source});
  } catch (const std::exception& e) {
    return Status::Internal(source + ": YAML parser failure: " + e.what());
  }
}

}  // namespace yaml
}  // namespace convanim
