#include "app/scene_json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/operations.h"
#include "renderer/arithmetic_words.h"

namespace convanim {
namespace {

// A JSON writer that streams what nlohmann::json's dump(indent) would print for the same
// document: compact with indent -1, else one element per line. Scalars that need care
// (decimals, strings) are formatted by nlohmann itself, so the bytes are the same.
class JsonWriter {
 public:
  JsonWriter(std::FILE* out, int indent) : out_(out), indent_(indent) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  void Key(const char* key) {
    Element();
    buffer_ += '"';
    buffer_ += key;
    buffer_ += indent_ >= 0 ? "\": " : "\":";
    after_key_ = true;
  }
  void Int(int64_t value) {
    Element();
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    buffer_.append(digits, end);
  }
  // Integral values print as integers ("12", not "12.0") so the JSON reads like the scene
  // that produced it; others keep full double precision.
  void Number(double value) {
    if (std::isfinite(value) && std::fabs(value) < 9.0e15 && value == std::floor(value)) {
      Int(static_cast<int64_t>(value));
      return;
    }
    Element();
    buffer_ += nlohmann::json(value).dump();
  }
  void String(const std::string& value) {
    Element();
    buffer_ += nlohmann::json(value).dump();
  }
  void Bool(bool value) {
    Element();
    buffer_ += value ? "true" : "false";
  }
  void Pair(int64_t a, int64_t b) {
    BeginArray();
    Int(a);
    Int(b);
    EndArray();
  }

  // Writes what is buffered once it is large; returns false after a failed write.
  bool Flush(bool force = false) {
    if (failed_) return false;
    if (!force && buffer_.size() < (1u << 20)) return true;
    if (!buffer_.empty() &&
        std::fwrite(buffer_.data(), 1, buffer_.size(), out_) != buffer_.size()) {
      failed_ = true;
    }
    buffer_.clear();
    if (force && std::fflush(out_) != 0) failed_ = true;
    return !failed_;
  }
  void Newline() { buffer_ += '\n'; }

 private:
  void Open(char bracket) {
    Element();
    buffer_ += bracket;
    empty_.push_back(true);
  }
  void Close(char bracket) {
    const bool empty = empty_.back();
    empty_.pop_back();
    if (!empty && indent_ >= 0) LineBreak();
    buffer_ += bracket;
  }
  // Before a key, or a value that has no key: the separator and line break it needs.
  void Element() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (empty_.empty()) return;  // the document itself
    if (!empty_.back()) buffer_ += ',';
    empty_.back() = false;
    if (indent_ >= 0) LineBreak();
  }
  void LineBreak() {
    buffer_ += '\n';
    buffer_.append(empty_.size() * static_cast<std::size_t>(indent_), ' ');
  }

  std::FILE* out_;
  int indent_;
  std::string buffer_;
  std::vector<bool> empty_;  // per open container: nothing written in it yet
  bool after_key_ = false;
  bool failed_ = false;
};

// Nested arrays for a tensor of any rank.
void WriteTensor(JsonWriter& json, const Tensor& tensor, int axis = 0, std::size_t offset = 0) {
  json.BeginArray();
  if (tensor.rank() > 0) {
    std::size_t stride = 1;
    for (int a = axis + 1; a < tensor.rank(); ++a)
      stride *= static_cast<std::size_t>(tensor.dim(a));
    for (int i = 0; i < tensor.dim(axis); ++i) {
      const std::size_t at = offset + static_cast<std::size_t>(i) * stride;
      if (axis + 1 == tensor.rank()) {
        json.Number(tensor.data()[at]);
      } else {
        WriteTensor(json, tensor, axis + 1, at);
      }
    }
  }
  json.EndArray();
}

void WriteAxis(JsonWriter& json, const AxisArithmetic& axis) {
  json.BeginObject();
  json.Key("output");
  json.Int(axis.output);
  json.Key("effective_kernel");
  json.Int(axis.effective_kernel);
  json.Key("relationship");
  json.Int(axis.relationship);
  json.Key("relationship_name");
  json.String(RelationshipName(axis, Words::English()));
  json.Key("general_formula");
  json.String(GeneralFormula(axis, Words::English()));
  json.Key("formula");
  json.String(Formula(axis, Words::English()));
  if (axis.has_equivalent) {
    const EquivalentConvolution& e = axis.equivalent;
    json.Key("equivalent_convolution");
    json.BeginObject();
    const std::pair<const char*, int64_t> fields[] = {
        {"input", e.input},     {"stretched_input", e.stretched},
        {"kernel", e.kernel},   {"dilation", e.dilation},
        {"stride", e.stride},   {"pad_begin", e.pad_begin},
        {"pad_end", e.pad_end}, {"output_padding", e.output_padding}};
    for (const auto& [key, value] : fields) {
      json.Key(key);
      json.Int(value);
    }
    json.EndObject();
  }
  json.EndObject();
}

void WriteStep(JsonWriter& json, const Scene& scene, const Step& step) {
  json.BeginObject();
  json.Key("index");
  json.Int(step.index);
  json.Key("output_index");
  json.BeginArray();
  json.Int(step.out_channel);
  json.Int(step.out_row);
  json.Int(step.out_col);
  json.EndArray();
  json.Key("group");
  json.Int(step.group);
  json.Key("window");
  json.BeginObject();
  json.Key("origin");
  json.Pair(step.window_origin[0], step.window_origin[1]);
  json.Key("extent");
  json.Pair(step.window_extent[0], step.window_extent[1]);
  json.Key("tap_spacing");
  json.Pair(step.tap_spacing[0], step.tap_spacing[1]);
  json.EndObject();
  json.Key("taps");
  json.BeginArray();
  const bool convolution = TraitsOf(scene.operation).has_weights;
  for (const Tap& tap : step.taps) {
    json.BeginObject();
    json.Key("channel");
    json.Int(tap.in_channel);
    json.Key("canvas");
    json.Pair(tap.canvas_row, tap.canvas_col);
    json.Key("kind");
    json.String(CellKindName(tap.kind));
    json.Key("value");
    json.Number(tap.value);
    if (convolution) {
      json.Key("kernel");
      json.Pair(tap.kernel_row, tap.kernel_col);
      json.Key("weight");
      json.Number(tap.weight);
      json.Key("product");
      json.Number(tap.product);
    } else {
      json.Key("counted");
      json.Bool(tap.counted);
    }
    json.EndObject();
  }
  json.EndArray();
  if (!scene.bias.empty()) {  // output = the products' sum + bias
    json.Key("bias");
    json.Number(step.bias);
  }
  json.Key("output");
  json.Number(step.output);
  const OperationTraits& traits = TraitsOf(scene.operation);
  if (!traits.linear) {  // max pooling: the output is one tap's value
    json.Key("selected_tap");
    json.Int(step.selected_tap);
  }
  if (traits.pooling && traits.linear) {  // average pooling: a sum divided
    json.Key("divisor");
    json.Number(step.divisor);
  }
  json.EndObject();
}

void WriteTriple(JsonWriter& json, const std::array<double, 2>& values) {
  json.BeginArray();
  json.Number(values[0]);
  json.Number(values[1]);
  json.EndArray();
}

// "receptive_field": [{"layer", "size", "jump", "start"}, ...] and "receptive_field_cells":
// [{"output": [i, j], "input": [[r0, r1], [c0, c1]] or null}, ...].
bool WriteReceptiveField(JsonWriter& json, const ReceptiveField& field) {
  json.Key("receptive_field");
  json.BeginArray();
  for (std::size_t l = 0; l < field.layers.size(); ++l) {
    json.BeginObject();
    json.Key("layer");
    json.Int(static_cast<int64_t>(l));
    json.Key("size");
    WriteTriple(json, field.layers[l].size);
    json.Key("jump");
    WriteTriple(json, field.layers[l].jump);
    json.Key("start");
    WriteTriple(json, field.layers[l].start);
    json.EndObject();
  }
  json.EndArray();
  json.Key("receptive_field_cells");
  json.BeginArray();
  for (int i = 0; i < field.output_size[0]; ++i) {
    for (int j = 0; j < field.output_size[1]; ++j) {
      const CellField cell = field.CellAt(i, j);
      json.BeginObject();
      json.Key("output");
      json.Pair(i, j);
      json.Key("input");
      if (cell.empty) {
        json.BeginArray();  // no input cell: padding only
        json.EndArray();
      } else {
        json.BeginArray();
        json.Pair(cell.input[0][0], cell.input[0][1]);
        json.Pair(cell.input[1][0], cell.input[1][1]);
        json.EndArray();
      }
      json.EndObject();
      if (!json.Flush()) return false;
    }
  }
  json.EndArray();
  return true;
}

}  // namespace

Status WriteStackJson(const Scene& scene, const std::vector<Tensor>& outputs,
                      const EvalJsonOptions& options, std::FILE* out) {
  const Status write_error = Status::IoError("could not write to standard output");
  JsonWriter json(out, options.indent);
  json.BeginObject();
  json.Key("input");
  WriteTensor(json, scene.input);
  json.Key("layers");
  json.BeginArray();
  for (std::size_t l = 0; l < outputs.size(); ++l) {
    const Scene& layer = scene.layers[l];
    json.BeginObject();
    json.Key("operation");
    json.String(OperationName(layer.operation));
    if (IsConvolution(layer.operation)) {
      json.Key("kernel");
      WriteTensor(json, layer.kernel);
      if (!layer.bias.empty()) {
        json.Key("bias");
        WriteTensor(json, layer.bias);
      }
    }
    json.Key("output_size");
    json.Pair(outputs[l].dim(1), outputs[l].dim(2));
    json.Key("output");
    WriteTensor(json, outputs[l]);
    json.EndObject();
    if (!json.Flush()) return write_error;
  }
  json.EndArray();
  json.Key("output");
  WriteTensor(json, outputs.back());
  json.Key("output_size");
  json.Pair(outputs.back().dim(1), outputs.back().dim(2));
  if (options.receptive_field != nullptr && !WriteReceptiveField(json, *options.receptive_field)) {
    return write_error;
  }
  json.EndObject();
  json.Newline();
  return json.Flush(/*force=*/true) ? Status::Ok() : write_error;
}

const char* CellKindName(CellKind kind) {
  switch (kind) {
    case CellKind::kInput:
      return "input";
    case CellKind::kPadding:
      return "padding";
    case CellKind::kInsertedZero:
      return "inserted_zero";
    case CellKind::kOutside:
      return "outside";
  }
  return "input";
}

Status WriteEvalJson(const Scene& scene, const Schedule& schedule, const EvalJsonOptions& options,
                     std::FILE* out) {
  const Status write_error = Status::IoError("could not write to standard output");
  JsonWriter json(out, options.indent);
  json.BeginObject();
  json.Key("operation");
  json.String(OperationName(scene.operation));
  json.Key("input");
  WriteTensor(json, scene.input);
  if (TraitsOf(scene.operation).has_weights) {
    json.Key("kernel");
    WriteTensor(json, scene.kernel);
    if (!scene.bias.empty()) {
      json.Key("bias");
      WriteTensor(json, scene.bias);
    }
  }
  json.Key("output");
  WriteTensor(json, schedule.output());
  json.Key("output_size");
  json.Pair(schedule.output_size()[0], schedule.output_size()[1]);
  json.Key("arithmetic");
  json.BeginObject();
  json.Key("height");
  WriteAxis(json, schedule.axis(kAxisH));
  json.Key("width");
  WriteAxis(json, schedule.axis(kAxisW));
  json.EndObject();
  json.Key("canvas_size");
  json.Pair(schedule.canvas().rows.length, schedule.canvas().cols.length);
  if (options.matrix != nullptr) {
    // Dense rows, one at a time: output = matrix . input.
    const LinearMap& map = *options.matrix;
    json.Key("matrix");
    json.BeginArray();
    std::vector<double> row(static_cast<std::size_t>(map.cols));
    for (int64_t r = 0; r < map.rows; ++r) {
      std::fill(row.begin(), row.end(), 0.0);
      for (const MatrixEntry& e : map.row_entries[static_cast<std::size_t>(r)]) {
        row[static_cast<std::size_t>(e.column)] += e.value;
      }
      json.BeginArray();
      for (double v : row) json.Number(v);
      json.EndArray();
      if (!json.Flush()) return write_error;
    }
    json.EndArray();
    if (!map.offset.empty()) {  // affine: output = matrix . input + matrix_bias
      json.Key("matrix_bias");
      json.BeginArray();
      for (double v : map.offset) json.Number(v);
      json.EndArray();
    }
  }
  if (options.gradients != nullptr && options.grad_output != nullptr) {
    json.Key("grad_output");
    WriteTensor(json, *options.grad_output);
    json.Key("grad_input");
    WriteTensor(json, options.gradients->input);
    if (IsConvolution(scene.operation)) {
      json.Key("grad_weight");
      WriteTensor(json, options.gradients->weight);
      if (!scene.bias.empty()) {
        json.Key("grad_bias");
        WriteTensor(json, options.gradients->bias);
      }
    }
    if (!json.Flush()) return write_error;
  }
  if (options.receptive_field != nullptr && !WriteReceptiveField(json, *options.receptive_field)) {
    return write_error;
  }
  if (options.include_steps) {
    json.Key("steps");
    json.BeginArray();
    for (int64_t i = 0; i < schedule.step_count(); ++i) {
      WriteStep(json, scene, schedule.StepAt(i));
      if (!json.Flush()) return write_error;
    }
    json.EndArray();
  }
  json.EndObject();
  json.Newline();
  return json.Flush(/*force=*/true) ? Status::Ok() : write_error;
}

}  // namespace convanim
