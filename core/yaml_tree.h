// A compact, read-only YAML document tree for the scene loader, built from yaml-cpp's
// parser events (not YAML::Load: its node graph costs about 475 bytes a node, this one
// 32). Building it enforces the limits that keep hostile files cheap: nesting depth and
// the number of nodes, aliases expanded ("billion laughs").
// An alias is expanded into a copy of the anchored node and everything below it, placed
// where the alias is written, so that a fault inside it is reported where the `*alias`
// appears; each copy remembers where its original is written. The copies count toward the
// node limit. An alias that would make the tree cyclic (`&a [*a]`) is refused. Nothing
// here throws.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace convanim {
namespace yaml {

enum class NodeKind : uint8_t { kNull, kScalar, kSequence, kMap };

using NodeId = uint32_t;

struct Node {
  NodeKind kind = NodeKind::kNull;
  bool plain = false;          // a scalar written without quotes or tag (may be a number or bool)
  bool closed = false;         // building only: the node and all its children are complete
  int32_t line = 0;            // 1-based position of the node's first character (0: unknown);
  int32_t column = 0;          // for a copy made by an alias, the position of the alias
  int32_t written_line = 0;    // a copy made by an alias: where its original is written
  int32_t written_column = 0;  // (0 for nodes that are not copies)
  uint32_t begin = 0;          // scalar: offset into the text pool; sequence/map: into children
  uint32_t count = 0;          // scalar: bytes; sequence: items; map: 2 * pairs (key, value, ...)
  uint32_t expanded = 1;       // nodes below and including this one, aliases expanded (saturates)
};

class Document {
 public:
  // Parses `text` (one YAML document). On failure returns Status::InvalidScene with
  // `source` and the 1-based line and column of the fault. `kind` names the file in
  // messages ("scene", "figure"). An empty document (no
  // content at all) is not an error: empty() is then true.
  Status Parse(const std::string& text, const std::string& source,
               const std::string& kind = "scene");

  bool empty() const { return nodes_.empty(); }
  NodeId root() const { return 0; }
  const Node& node(NodeId id) const { return nodes_[id]; }
  std::string_view scalar(NodeId id) const {
    const Node& n = nodes_[id];
    return std::string_view(pool_).substr(n.begin, n.count);
  }
  // Sequences: item i. Maps: key i and value i (i < pairs).
  uint32_t size(NodeId id) const {
    const Node& n = nodes_[id];
    return n.kind == NodeKind::kMap ? n.count / 2 : n.count;
  }
  NodeId item(NodeId id, uint32_t i) const { return children_[nodes_[id].begin + i]; }
  NodeId key(NodeId id, uint32_t i) const { return children_[nodes_[id].begin + 2 * i]; }
  NodeId value(NodeId id, uint32_t i) const { return children_[nodes_[id].begin + 2 * i + 1]; }

 private:
  friend class TreeBuilder;
  std::vector<Node> nodes_;
  std::vector<NodeId> children_;
  std::string pool_;  // scalar text, concatenated
};

}  // namespace yaml
}  // namespace convanim
