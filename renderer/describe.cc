#include "renderer/describe.h"

#include "core/stack.h"
#include "renderer/arithmetic_words.h"
#include "renderer/numbers.h"
#include "renderer/teaching_text.h"
#include "renderer/words.h"

namespace convanim {
namespace {

std::string PerAxis(const char* symbol, Pair value) {
  if (value[0] == value[1]) return std::string(symbol) + " = " + std::to_string(value[0]);
  return std::string(symbol) + " = [" + std::to_string(value[0]) + ", " + std::to_string(value[1]) +
         "]";
}

std::string PaddingText(const Padding& p, const Words& words) {
  if (p.top == p.left && p.top == p.bottom && p.top == p.right) return std::to_string(p.top);
  if (p.top == p.bottom && p.left == p.right) {
    return "[" + std::to_string(p.top) + ", " + std::to_string(p.left) + "]";
  }
  return words.Say("describe.padding_sides", {{"top", std::to_string(p.top)},
                                              {"left", std::to_string(p.left)},
                                              {"bottom", std::to_string(p.bottom)},
                                              {"right", std::to_string(p.right)}});
}

const char* OperationKey(Operation op) {
  switch (op) {
    case Operation::kConvolution:
      return "describe.operation.convolution";
    case Operation::kTransposedConvolution:
      return "describe.operation.transposed_convolution";
    case Operation::kMaxPooling:
      return "describe.operation.max_pooling";
    case Operation::kAveragePooling:
      return "describe.operation.average_pooling";
  }
  return "";
}

std::string FrameCount(int64_t frames, const Words& words) {
  return words.Say(frames == 1 ? "describe.frames_one" : "describe.frames_many",
                   {{"count", std::to_string(frames)}});
}

}  // namespace

std::string SizeText(Pair size) { return std::to_string(size[0]) + "x" + std::to_string(size[1]); }

std::string ParameterText(const Scene& scene, const Words& words) {
  if (!scene.layers.empty()) {
    std::string text;
    for (const Scene& layer : scene.layers) {
      text += (text.empty() ? "" : "; ") + ParameterText(layer, words);
    }
    return text;
  }
  const bool transposed = scene.operation == Operation::kTransposedConvolution;
  std::string text = PerAxis(transposed ? "i'" : "i", scene.input_size) + ", " +
                     PerAxis("k", scene.kernel_size) + ", " + PerAxis("s", scene.stride) +
                     ", p = " + PaddingText(scene.padding, words);
  if (scene.padding_mode != PaddingMode::kExplicit) {
    text += words.Say(
        "parameters.padding_mode",
        {{"mode", words.Say(std::string("padding_mode.") + PaddingModeName(scene.padding_mode))}});
  }
  if (scene.dilation[0] != 1 || scene.dilation[1] != 1) text += ", " + PerAxis("d", scene.dilation);
  if (transposed) text += ", " + PerAxis("a", scene.output_padding);
  if (scene.in_channels != 1 || scene.out_channels != 1) {
    text += words.Say("describe.channels", {{"in", std::to_string(scene.in_channels)},
                                            {"out", std::to_string(scene.out_channels)}});
  }
  if (scene.groups != 1)
    text += words.Say("parameters.groups", {{"groups", std::to_string(scene.groups)}});
  return text;
}

std::string ReceptiveFieldAltText(const Scene& scene, const Words& words) {
  const ReceptiveField field = ComputeReceptiveField(scene);
  const LayerField& last = field.layers.back();
  const auto pair = [](double h, double w) {
    return h == w ? FormatCompact(h) : "[" + FormatCompact(h) + ", " + FormatCompact(w) + "]";
  };
  return words.Say("rf.alt", {{"layers", std::to_string(field.layers.size())},
                              {"input", SizeText(scene.input_size)},
                              {"output", SizeText(field.output_size)},
                              {"r", pair(last.size[0], last.size[1])},
                              {"j", pair(last.jump[0], last.jump[1])}});
}

std::string AltText(const Scene& scene, const Schedule& schedule, const Words& words) {
  if (scene.view == View::kReceptiveField) return ReceptiveFieldAltText(scene, words);
  const bool pooling = IsPooling(scene.operation);
  const bool transposed = scene.operation == Operation::kTransposedConvolution;
  std::string text = words.Say(scene.view == View::kNumerical ? "alt.start_numerical" : "alt.start",
                               {{"operation", words.Say(OperationKey(scene.operation))},
                                {"kernel", SizeText(scene.kernel_size)},
                                {"window", words.Say(pooling ? "alt.window" : "alt.kernel")},
                                {"input", SizeText(scene.input_size)}});
  if (scene.in_channels > 1) {
    text += words.Say("alt.input_channels", {{"channels", std::to_string(scene.in_channels)}});
  }
  const Padding& p = scene.padding;
  if (p.top || p.left || p.bottom || p.right) {
    text += words.Say("alt.padded", {{"padding", PaddingText(p, words)}});
  }
  if (transposed) {
    text += words.Say(
        "alt.transposed",
        {{"canvas", SizeText({schedule.canvas().rows.length, schedule.canvas().cols.length})}});
  }
  if (scene.stride[0] != 1 || scene.stride[1] != 1) {
    text +=
        words.Say(transposed ? "alt.stride_transposed" : "alt.stride",
                  {{"stride", scene.stride[0] == scene.stride[1] ? std::to_string(scene.stride[0])
                                                                 : SizeText(scene.stride)}});
  }
  if (scene.dilation[0] != 1 || scene.dilation[1] != 1) {
    text += words.Say("alt.dilation", {{"dilation", scene.dilation[0] == scene.dilation[1]
                                                        ? std::to_string(scene.dilation[0])
                                                        : SizeText(scene.dilation)}});
  }
  text += words.Say("alt.output", {{"output", SizeText(schedule.output_size())}});
  if (schedule.output_channels() > 1) {
    text += words.Say("alt.output_channels",
                      {{"channels", std::to_string(schedule.output_channels())}});
  }
  if (scene.view == View::kScatter) {
    // One step per input cell: each stamps its value times the kernel onto the output.
    const int64_t cells =
        static_cast<int64_t>(scene.in_channels) * scene.input_size[0] * scene.input_size[1];
    return text + words.Say("alt.end_scatter", {{"frames", FrameCount(cells, words)}});
  }
  if (scene.view == View::kInputGradient) {
    // One step per input cell: its gradient dL/dx.
    const int64_t cells =
        static_cast<int64_t>(scene.in_channels) * scene.input_size[0] * scene.input_size[1];
    return text + words.Say("alt.end_input_gradient", {{"frames", FrameCount(cells, words)}});
  }
  if (scene.view == View::kWeightGradient) {
    return text +
           words.Say("alt.end_weight_gradient",
                     {{"frames", FrameCount(static_cast<int64_t>(scene.kernel.size()), words)}});
  }
  if (scene.view == View::kMatrix) text += words.Say("alt.matrix");
  return text + words.Say("alt.end", {{"frames", FrameCount(schedule.step_count(), words)}});
}

std::string StepDescription(const Scene& scene, const Schedule& schedule, const Step& step,
                            int decimals, const Words& words) {
  // Cells named as the equation names them: y[i, j] (y[c][i, j] with channels), 0-based.
  const int r0 = step.window_origin[0], c0 = step.window_origin[1];
  const int r1 = step.window_origin[0] + step.window_extent[0] - 1;
  const int c1 = step.window_origin[1] + step.window_extent[1] - 1;
  const bool stretched = scene.operation == Operation::kTransposedConvolution;
  WordArgs args = {
      {"step", std::to_string(step.index + 1)},
      {"steps", std::to_string(schedule.step_count())},
      {"cell", OutputName(schedule, step)},
      {"value", ResultText(step.output, decimals)},
      {"what", words.Say(IsPooling(scene.operation) ? "step.the_window" : "step.the_kernel")},
      {"first_row", std::to_string(r0)},
      {"last_row", std::to_string(r1)},
      {"first_column", std::to_string(c0)},
      {"last_column", std::to_string(c1)},
      {"over", words.Say(stretched ? "step.stretched_input" : "step.padded_input")}};
  return words.Say("step.sentence", args);
}

std::string FormulaText(const Schedule& schedule, const Words& words) {
  const AxisArithmetic& h = schedule.axis(kAxisH);
  const AxisArithmetic& w = schedule.axis(kAxisW);
  const std::string fh = Formula(h, words), fw = Formula(w, words);
  if (fh == fw) return fh;
  return words.Say("describe.formula_per_axis", {{"height", fh}, {"width", fw}});
}

}  // namespace convanim
