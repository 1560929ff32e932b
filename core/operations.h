// The operation table and the view table: one row per operation and per view. The loader,
// the key table (core/scene_keys.h), the views and `explain` read these traits instead of
// testing Operation::k... values, so an operation is one row here plus its numerics
// (core/numerics.cc, core/schedule.cc), and a view one row plus its drawing.
#pragma once

#include <string>
#include <vector>

#include "core/scene.h"

namespace convanim {

// What an output cell is made of: the taps' weighted sum (convolutions), their largest
// value (max pooling) or their mean (average pooling).
enum class Reduction { kWeightedSum, kMaximum, kMean };

struct OperationTraits {
  Operation operation;
  const char* word;              // the scene-file word, e.g. "transposed_convolution"
  Reduction reduction;           // what an output cell is made of
  bool pooling;                  // a window with no weights (max or average)
  bool has_weights;              // kernel.values / seed / range / out_channels
  bool transposed;               // the gradient of a convolution: scatters each input cell
  bool takes_groups;             // `groups`
  bool takes_output_padding;     // `output_padding`
  bool takes_ceil_mode;          // `ceil_mode`
  bool takes_count_include_pad;  // `count_include_pad`
  bool linear;                   // output = M x for a fixed M: has a matrix (view matrix)
  bool has_scatter;              // each input cell stamps the kernel (view scatter)
  // Pooling: what a window that taps only padding would compute (why it is refused).
  const char* empty_window;
};

// Every operation, in the order messages and the schema list them.
const std::vector<OperationTraits>& OperationTable();
const OperationTraits& TraitsOf(Operation op);
// Sets *op for a known word and returns true; false for anything else.
bool OperationFromWord(const std::string& word, Operation* op);
const std::vector<std::string>& OperationWords();

struct ViewTraits {
  View view;
  const char* word;  // the scene-file word, e.g. "numerical"
  // Which operations the view draws: a trait of OperationTraits (nullptr: all).
  bool OperationTraits::*draws;
  // Why a view refuses an operation it cannot draw (what follows "view 'X' "); "{op}"
  // stands for the operation's word.
  const char* refusal;
};

const std::vector<ViewTraits>& ViewTable();
const ViewTraits& TraitsOf(View view);
bool ViewFromWord(const std::string& word, View* view);
const std::vector<std::string>& ViewWords();
// True when `view` can draw `op`.
bool ViewDraws(View view, Operation op);
// "view 'scatter' shows ...; max_pooling has no such picture (use numerical)".
std::string ViewRefusal(View view, Operation op);

// `text` with every "{op}" replaced by `op`'s word.
std::string WithOperation(const std::string& text, Operation op);

}  // namespace convanim
