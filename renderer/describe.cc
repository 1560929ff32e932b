#include "renderer/describe.h"

#include "renderer/arithmetic_words.h"

namespace convanim {
namespace {

std::string PerAxis(const char* symbol, Pair value) {
  if (value[0] == value[1]) return std::string(symbol) + " = " + std::to_string(value[0]);
  return std::string(symbol) + " = [" + std::to_string(value[0]) + ", " + std::to_string(value[1]) +
         "]";
}

std::string PaddingText(const Padding& p) {
  if (p.top == p.left && p.top == p.bottom && p.top == p.right) return std::to_string(p.top);
  if (p.top == p.bottom && p.left == p.right) {
    return "[" + std::to_string(p.top) + ", " + std::to_string(p.left) + "]";
  }
  return "[" + std::to_string(p.top) + ", " + std::to_string(p.left) + ", " +
         std::to_string(p.bottom) + ", " + std::to_string(p.right) + "] (top, left, bottom, right)";
}

const char* OperationWords(Operation op) {
  switch (op) {
    case Operation::kConvolution:
      return "a convolution";
    case Operation::kTransposedConvolution:
      return "a transposed convolution";
    case Operation::kMaxPooling:
      return "max pooling";
    case Operation::kAveragePooling:
      return "average pooling";
  }
  return "";
}

}  // namespace

std::string SizeText(Pair size) { return std::to_string(size[0]) + "x" + std::to_string(size[1]); }

std::string ParameterText(const Scene& scene) {
  const bool transposed = scene.operation == Operation::kTransposedConvolution;
  std::string text = PerAxis(transposed ? "i'" : "i", scene.input_size) + ", " +
                     PerAxis("k", scene.kernel_size) + ", " + PerAxis("s", scene.stride) +
                     ", p = " + PaddingText(scene.padding);
  if (scene.padding_mode != PaddingMode::kExplicit) {
    text += std::string(" (") + PaddingModeName(scene.padding_mode) + ")";
  }
  if (scene.dilation[0] != 1 || scene.dilation[1] != 1) text += ", " + PerAxis("d", scene.dilation);
  if (transposed) text += ", " + PerAxis("a", scene.output_padding);
  if (scene.in_channels != 1 || scene.out_channels != 1) {
    text += ", channels " + std::to_string(scene.in_channels) + " -> " +
            std::to_string(scene.out_channels);
  }
  if (scene.groups != 1) text += ", groups = " + std::to_string(scene.groups);
  return text;
}

std::string AltText(const Scene& scene, const Schedule& schedule) {
  const bool pooling = IsPooling(scene.operation);
  std::string text =
      std::string(scene.view == View::kNumerical ? "Animation with numbers of " : "Animation of ") +
      OperationWords(scene.operation) + ": a " + SizeText(scene.kernel_size) +
      (pooling ? " window" : " kernel") + " slides over a " + SizeText(scene.input_size) + " input";
  if (scene.in_channels > 1) text += " with " + std::to_string(scene.in_channels) + " channels";
  const Padding& p = scene.padding;
  if (p.top || p.left || p.bottom || p.right) text += " padded by " + PaddingText(p);
  if (scene.operation == Operation::kTransposedConvolution) {
    text += ", drawn as the equivalent unit-stride convolution over the " +
            SizeText({schedule.canvas().rows.length, schedule.canvas().cols.length}) +
            " zero-stretched, padded input";
  }
  if (scene.stride[0] != 1 || scene.stride[1] != 1) {
    text += std::string(scene.operation == Operation::kTransposedConvolution ? " (stride "
                                                                             : " with stride ") +
            (scene.stride[0] == scene.stride[1] ? std::to_string(scene.stride[0])
                                                : SizeText(scene.stride)) +
            (scene.operation == Operation::kTransposedConvolution ? ")" : "");
  }
  if (scene.dilation[0] != 1 || scene.dilation[1] != 1) {
    text += " and dilation " + (scene.dilation[0] == scene.dilation[1]
                                    ? std::to_string(scene.dilation[0])
                                    : SizeText(scene.dilation));
  }
  text += ", giving a " + SizeText(schedule.output_size()) + " output";
  if (schedule.output_channels() > 1)
    text += " with " + std::to_string(schedule.output_channels()) + " channels";
  if (scene.view == View::kScatter) {
    // One step per input cell: each stamps its value times the kernel onto the output.
    const int64_t cells = static_cast<int64_t>(scene.in_channels) * scene.input_size[0] *
                          scene.input_size[1];
    return text + ", shown as a scatter: each input cell adds its value times the kernel to "
                  "the output, one frame per input cell (" +
           std::to_string(cells) + " frame" + (cells == 1 ? "" : "s") + ").";
  }
  if (scene.view == View::kMatrix) text += ", shown beside its matrix (y = C x)";
  const int64_t steps = schedule.step_count();
  text += "; one frame per output cell (" + std::to_string(steps) + " frame" +
          (steps == 1 ? "" : "s") + ").";
  return text;
}

std::string StepDescription(const Scene& scene, const Schedule& schedule, const Step& step,
                            int decimals) {
  std::string text = "Step " + std::to_string(step.index + 1) + " of " +
                     std::to_string(schedule.step_count()) + ": output ";
  if (schedule.output_channels() > 1) text += "channel " + std::to_string(step.out_channel + 1) + ", ";
  text += "row " + std::to_string(step.out_row + 1) + ", column " +
          std::to_string(step.out_col + 1) + " is " + FormatFixed(step.output, decimals);
  const int r0 = step.window_origin[0] + 1, c0 = step.window_origin[1] + 1;
  const int r1 = step.window_origin[0] + step.window_extent[0];
  const int c1 = step.window_origin[1] + step.window_extent[1];
  const char* what = IsPooling(scene.operation) ? "the window" : "the kernel";
  const char* over = scene.operation == Operation::kTransposedConvolution
                         ? "the zero-stretched, padded input"
                         : "the padded input";
  text += ", from " + std::string(what) + " over rows " + std::to_string(r0) + " to " +
          std::to_string(r1) + ", columns " + std::to_string(c0) + " to " + std::to_string(c1) +
          " of " + over + ".";
  return text;
}

std::string FormulaText(const Schedule& schedule) {
  const AxisArithmetic& h = schedule.axis(kAxisH);
  const AxisArithmetic& w = schedule.axis(kAxisW);
  const Words& words = Words::English();
  const std::string fh = Formula(h, words), fw = Formula(w, words);
  if (fh == fw) return fh;
  return words.Say("describe.formula_per_axis", {{"height", fh}, {"width", fw}});
}

}  // namespace convanim
