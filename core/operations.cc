#include "core/operations.h"

#include <cstdlib>

namespace convanim {

const std::vector<OperationTraits>& OperationTable() {
  // clang-format off
  static const std::vector<OperationTraits> table = {
      // operation                          word                      reduction                pool   weights transp groups outpad ceil   cip    linear scatter empty_window
      {Operation::kConvolution,           "convolution",            Reduction::kWeightedSum, false, true,  false, true,  false, false, false, true,  false, ""},
      {Operation::kTransposedConvolution, "transposed_convolution", Reduction::kWeightedSum, false, true,  true,  true,  true,  false, false, true,  true, ""},
      {Operation::kMaxPooling,            "max_pooling",            Reduction::kMaximum,     true,  false, false, false, false, true,  false, false, false,
       "PyTorch's max pooling would output -inf there"},
      {Operation::kAveragePooling,        "average_pooling",        Reduction::kMean,        true,  false, false, false, false, true,  true,  true,  false,
       "average pooling would divide by no cell there (PyTorch has no dilated average pooling; "
       "ONNX Runtime would give 0)"},
  };
  // clang-format on
  return table;
}

const OperationTraits& TraitsOf(Operation op) {
  for (const OperationTraits& row : OperationTable()) {
    if (row.operation == op) return row;
  }
  std::abort();  // every Operation has a row
}

bool OperationFromWord(const std::string& word, Operation* op) {
  for (const OperationTraits& row : OperationTable()) {
    if (word == row.word) {
      *op = row.operation;
      return true;
    }
  }
  return false;
}

const std::vector<std::string>& OperationWords() {
  static const std::vector<std::string> words = [] {
    std::vector<std::string> out;
    for (const OperationTraits& row : OperationTable()) out.push_back(row.word);
    return out;
  }();
  return words;
}

const std::vector<ViewTraits>& ViewTable() {
  static const std::vector<ViewTraits> table = {
      {View::kArithmetic, "arithmetic", nullptr, ""},
      {View::kNumerical, "numerical", nullptr, ""},
      {View::kMatrix, "matrix", &OperationTraits::linear,
       "draws the operation as output = M x, and max pooling has no matrix: its output is the "
       "largest value under the window, not a fixed weighted sum of the values (average "
       "pooling has one)"},
      {View::kScatter, "scatter", &OperationTraits::has_scatter,
       "shows a transposed convolution as input cells stamping the kernel onto the output; "
       "{op} has no such picture (use numerical)"},
      {View::kInputGradient, "input_gradient", nullptr, ""},
      {View::kWeightGradient, "weight_gradient", &OperationTraits::has_weights,
       "draws dL/dW, the gradient of the weights, and {op} has no weights (use input_gradient)"},
      {View::kReceptiveField, "receptive_field", nullptr, ""},
  };
  return table;
}

const ViewTraits& TraitsOf(View view) {
  for (const ViewTraits& row : ViewTable()) {
    if (row.view == view) return row;
  }
  std::abort();  // every View has a row
}

bool ViewFromWord(const std::string& word, View* view) {
  for (const ViewTraits& row : ViewTable()) {
    if (word == row.word) {
      *view = row.view;
      return true;
    }
  }
  return false;
}

const std::vector<std::string>& ViewWords() {
  static const std::vector<std::string> words = [] {
    std::vector<std::string> out;
    for (const ViewTraits& row : ViewTable()) out.push_back(row.word);
    return out;
  }();
  return words;
}

bool ViewDraws(View view, Operation op) {
  const ViewTraits& row = TraitsOf(view);
  return row.draws == nullptr || TraitsOf(op).*row.draws;
}

std::string WithOperation(const std::string& text, Operation op) {
  std::string out = text;
  const std::string word = TraitsOf(op).word;
  for (std::size_t at = out.find("{op}"); at != std::string::npos;
       at = out.find("{op}", at + word.size())) {
    out.replace(at, 4, word);
  }
  return out;
}

std::string ViewRefusal(View view, Operation op) {
  const ViewTraits& row = TraitsOf(view);
  return "view '" + std::string(row.word) + "' " + WithOperation(row.refusal, op);
}

}  // namespace convanim
