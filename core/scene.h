// The validated scene: what a scene file means once the loader has checked it.
// Every field here is resolved (no "half" or "same" words, no missing values): the
// numerics and the renderer read it and never re-validate.
#pragma once

#include <array>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "core/tensor.h"

namespace convanim {

enum class Operation { kConvolution, kTransposedConvolution, kMaxPooling, kAveragePooling };
enum class View {
  kArithmetic,      // the guide's oblique drawing
  kNumerical,       // flat grids with every value
  kMatrix,          // output = M x beside the grids (convolutions and average pooling)
  kScatter,         // transposed convolution: each input cell stamps the kernel onto the output
  kInputGradient,   // dL/dx, one input cell a step (the transposed convolution of dL/dy)
  kWeightGradient,  // dL/dW, one weight a step (x correlated with dL/dy); convolutions
  kReceptiveField,  // a stack's layers: the input cells each last-layer output cell sees
};

const char* OperationName(Operation op);  // the scene-file word, e.g. "transposed_convolution"
const char* ViewName(View view);
bool IsPooling(Operation op);
bool IsConvolution(Operation op);  // direct or transposed

// How the scene file spelled the padding; kept so `explain` and captions can say "half".
enum class PaddingMode { kExplicit, kValid, kHalf, kFull, kSame, kSameLower };
const char* PaddingModeName(PaddingMode mode);

// Indices into the per-axis arrays below.
constexpr int kAxisH = 0;
constexpr int kAxisW = 1;
using Pair = std::array<int, 2>;  // [H, W]

// Zero padding, resolved to cells per side. For a transposed convolution it is the
// PyTorch/ONNX `padding`, i.e. what is cropped from the full output.
struct Padding {
  int top = 0, left = 0, bottom = 0, right = 0;
  int Begin(int axis) const { return axis == kAxisH ? top : left; }
  int End(int axis) const { return axis == kAxisH ? bottom : right; }
  bool operator==(const Padding& o) const {
    return top == o.top && left == o.left && bottom == o.bottom && right == o.right;
  }
};

// How a scene is drawn: the teaching style (labels, legend, the kernel, the step's
// equation, progressive output), or the guide's own look.
enum class Preset { kTeaching, kGuide };
const char* PresetName(Preset preset);
// How video moves from one step to the next.
enum class MotionStyle { kDiscrete, kGlide };
const char* MotionStyleName(MotionStyle motion);
// How the teaching style arranges a frame: a page (a docs column, text under the grids) or
// a 16:9 slide (text beside the grids).
enum class PageLayout { kPage, kSlide };
const char* PageLayoutName(PageLayout layout);

// Drawing preferences a scene file may set; the renderer reads them, the core ignores them.
constexpr double kMinEquationSeconds = 0.5;

// style.decimals: auto, resolved by ResolveDecimals (core/numerics.h) once the outputs are known.
constexpr int kAutoDecimals = -1;

// What the author should know about how a scene was read (printed as a note, never an
// error): where it is written and what it says.
struct SceneNote {
  SourceLocation where;
  std::string text;
};

struct Style {
  Preset preset = Preset::kTeaching;
  int decimals = kAutoDecimals;  // digits after the point for output values (kAutoDecimals: auto)
  int value_decimals = -1;       // digits after the point for inputs and weights; -1: as written
  double frame_duration = 1.0;   // seconds each step is shown
  double cell_size = 0.0;        // pixels per cell at scale 1; 0 lets the renderer choose
  std::string theme = "light";   // palette name
  bool transparent = false;      // no background
  std::string title;             // optional title drawn with the figure (empty: none)
  SourceLocation title_where;    // where the title is written, for messages about it
  std::string font;              // a font file for characters the embedded fonts lack
  bool progressive = true;       // teaching: outputs appear as they are computed
  // Teaching: the step's equation. -1: shown when a step lasts at least
  // kMinEquationSeconds (shorter, it cannot be read); 0: never; 1: always.
  int equation = -1;
  MotionStyle motion = MotionStyle::kDiscrete;  // video: discrete steps or a gliding window
  bool overlap = false;  // view scatter: a heat map of kernel copies per output cell
  // The reader's language: a catalog of assets/locales/ (a BCP 47 tag, core/scene_keys.h
  // LanguageFromTag); `render --language` overrides it.
  std::string language = "en";
  SourceLocation language_where;          // where `language` is written (unset: not written)
  PageLayout layout = PageLayout::kPage;  // teaching style: page or 16:9 slide
  bool show_direct = false;  // view matrix, transposed convolution: C drawn beside Cᵀ
  // The keys the file gives (in its order) with where their values are written.
  std::vector<std::pair<std::string, SourceLocation>> given;
};

struct Scene {
  std::string source;  // file the scene came from, for messages ("<string>" when parsed from text)
  // Where faults of the whole scene are reported (what it costs to draw): its `input`.
  SourceLocation where;
  std::string caption;  // free text for galleries and alt text (scene key `caption`; may be empty)

  Operation operation = Operation::kConvolution;
  View view = View::kArithmetic;

  int in_channels = 1;
  Pair input_size{1, 1};  // [H, W]
  // input.dims: 2, or 1 for a 1-D signal (input_size [1, W]; every per-axis key gives W's).
  int dims = 2;
  Tensor input;  // [in_channels][H][W]

  int out_channels = 1;    // convolutions; for pooling it equals in_channels
  Pair kernel_size{1, 1};  // [kH, kW]; the window size for pooling
  // Convolution: [out_channels][in_channels/groups][kH][kW].
  // Transposed convolution: [in_channels][out_channels/groups][kH][kW] (PyTorch/ONNX).
  // Pooling: empty.
  Tensor kernel;
  // Convolutions: one bias per output channel ([out_channels], PyTorch's Conv2d.bias and
  // ConvTranspose2d.bias), added to every output cell of its channel. Empty: no bias.
  Tensor bias;
  // dL/dy for `eval --backward`, in the output's shape [out_channels][H'][W']. Empty: the
  // scene gives none (eval --backward then takes dL/dy = 1 everywhere, L = sum of y).
  Tensor grad_output;

  Pair stride{1, 1};
  PaddingMode padding_mode = PaddingMode::kExplicit;
  Padding padding;  // resolved from padding_mode for the scene's sizes
  Pair dilation{1, 1};
  Pair output_padding{0, 0};  // transposed convolution only
  int groups = 1;
  bool ceil_mode = false;          // pooling
  bool count_include_pad = false;  // average pooling

  Style style;

  // A stack (scene key `layers`): the layers applied in order to `input`, each a scene of
  // one operation whose in_channels and input_size are the previous layer's output and
  // whose `input` tensor is empty (core/stack.h computes it). The stack's own operation
  // fields are unused. Empty for a scene of one operation. Only view receptive_field draws a
  // stack (its default there).
  std::vector<Scene> layers;
  SourceLocation layers_where;  // the `layers` key, for messages about the whole stack
  // View receptive_field (scene key `focus`): the one output cell [row, col] of the last layer
  // drawn, as a still; {-1, -1}: a step per cell.
  Pair focus{-1, -1};

  // Notes for the author (IneffectiveStyleNotes, core/scene_keys.h), in the file's order.
  std::vector<SceneNote> notes;
};

// Whether `scene` is drawn in the paper's own look: preset guide in the arithmetic and
// numerical views (the guide has no matrix or scatter pictures: those views are always
// teaching ones). The renderer's dispatch and the key table's AppliesTo read it.
bool InGuideLook(const Scene& scene);

}  // namespace convanim
