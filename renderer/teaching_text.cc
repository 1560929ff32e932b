#include "renderer/teaching_text.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "renderer/arithmetic_words.h"
#include "renderer/describe.h"
#include "renderer/numbers.h"
#include "renderer/words.h"

namespace convanim {
namespace {

const char* const kMinus = "\xE2\x88\x92";   // −
const char* const kDot = "\xC2\xB7";         // ·
const char* const kApprox = "\xE2\x89\x88";  // ≈
const char* const kPrime = "\xE2\x80\xB2";   // ′

std::string WithMinus(const std::string& text) {
  if (text.empty() || text[0] != '-') return text;
  if (text.find_first_not_of("-0.") == std::string::npos) return text.substr(1);
  return kMinus + text.substr(1);
}

// A factor in a product: negative numbers in parentheses, "3·(−1)".
std::string Factor(const std::string& number) {
  const std::size_t sign = number.rfind(kApprox, 0) == 0 ? std::string(kApprox).size() : 0;
  return number.compare(sign, std::string(kMinus).size(), kMinus) == 0 ? "(" + number + ")"
                                                                       : number;
}

std::string Pair2(int a, int b) { return std::to_string(a) + ", " + std::to_string(b); }

std::string PerAxis(const std::string& symbol, Pair value) {
  if (value[0] == value[1]) return symbol + " = " + std::to_string(value[0]);
  return symbol + " = (" + Pair2(value[0], value[1]) + ")";
}

std::string PaddingWords(const Padding& p, const Words& words) {
  if (p.top == p.left && p.top == p.bottom && p.top == p.right) return std::to_string(p.top);
  if (p.top == p.bottom && p.left == p.right) return "(" + Pair2(p.top, p.left) + ")";
  return words.Say("parameters.padding_sides", {{"top", std::to_string(p.top)},
                                                {"left", std::to_string(p.left)},
                                                {"bottom", std::to_string(p.bottom)},
                                                {"right", std::to_string(p.right)}});
}

}  // namespace

std::string FormatValue(double value, int decimals, bool* rounded) {
  char text[64];
  if (decimals >= 0) {
    const bool changed = !ExactAt(value, decimals);
    if (changed) *rounded = true;
    return (changed ? std::string(kApprox) : "") + FormatFixed(value, decimals);
  }
  for (int digits = 1; digits <= kMaxSignificantDigits; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, value);
    if (std::strtod(text, nullptr) == value) {
      // %g may choose an exponent; numbers in cells read better in plain notation.
      if (std::string(text).find('e') == std::string::npos) return WithMinus(text);
      break;
    }
  }
  // Plain notation with the significant digits kept, or an exponent for the extremes.
  const double magnitude = std::fabs(value);
  if (magnitude >= 1e-4 && magnitude < 1e7) {
    const int exponent = magnitude > 0 ? static_cast<int>(std::floor(std::log10(magnitude))) : 0;
    const int places = std::max(0, kMaxSignificantDigits - 1 - exponent);
    std::snprintf(text, sizeof text, "%.*f", places, value);
    std::string plain = text;
    if (plain.find('.') != std::string::npos) {
      while (plain.back() == '0') plain.pop_back();
      if (plain.back() == '.') plain.pop_back();
    }
    const bool changed = std::strtod(plain.c_str(), nullptr) != value;
    if (changed) *rounded = true;
    return (changed ? std::string(kApprox) : "") + WithMinus(plain);
  }
  std::snprintf(text, sizeof text, "%.*g", kMaxSignificantDigits, value);
  const bool changed = std::strtod(text, nullptr) != value;
  if (changed) *rounded = true;
  return (changed ? std::string(kApprox) : "") + WithMinus(text);
}

std::string BiasTerm(const Step& step, int, bool*) {
  // Named as PyTorch names it; its value stands beside the step's weight slice.
  return "bias[" + std::to_string(step.out_channel) + "]";
}

std::string OutputName(const Schedule& schedule, const Step& step) {
  std::string name = "y";
  if (schedule.output_channels() > 1) name += "[" + std::to_string(step.out_channel) + "]";
  return name + "[" + Pair2(step.out_row, step.out_col) + "]";
}

std::vector<EquationLine> StepEquation(const Scene& scene, const Schedule& schedule,
                                       const Step& step, const EquationOptions& options,
                                       bool* rounded) {
  const Words& words = options.words != nullptr ? *options.words : Words::English();
  std::vector<EquationLine> lines;
  const std::string result = ResultText(step.output, options.decimals);  // "= 12.0", "≈ 0.31"
  const std::string name = OutputName(schedule, step);
  auto value = [&](double v) { return FormatValue(v, options.value_decimals, rounded); };

  if (scene.operation == Operation::kMaxPooling || scene.operation == Operation::kAveragePooling) {
    const bool max = scene.operation == Operation::kMaxPooling;
    EquationLine line;
    std::vector<std::string> values;
    for (const Tap& tap : step.taps) {
      if (tap.counted) values.push_back(value(tap.value));
    }
    line.terms.push_back(name + " =");
    if (static_cast<int>(values.size()) > options.max_terms) {
      line.terms.push_back(words.Say(max ? "equation.largest_of" : "equation.sum_of_values",
                                     {{"count", std::to_string(values.size())}}));
      if (!max) line.terms.push_back("(" + FormatShown(step.sum, options.decimals) + ")");
    } else {
      for (std::size_t i = 0; i < values.size(); ++i) {
        std::string term = values[i];
        if (i == 0) term = (max ? "max(" : "(") + term;
        if (i + 1 < values.size()) {
          term += max ? "," : "";
        } else {
          term += ")";
        }
        line.terms.push_back((i > 0 && !max ? "+ " : "") + term);
      }
    }
    if (!max) {
      char divisor[32];
      std::snprintf(divisor, sizeof divisor, "%g", step.divisor);
      line.terms.push_back("/ " + std::string(divisor));
    }
    line.terms.push_back(result);
    lines.push_back(std::move(line));
    return lines;
  }

  // Convolutions: the products of each input channel the output sees.
  const std::size_t channels = step.channel_sums.size();
  std::size_t tap = 0;
  for (std::size_t c = 0; c < channels; ++c) {
    EquationLine line;
    const int in_channel = tap < step.taps.size() ? step.taps[tap].in_channel : 0;
    line.terms.push_back(
        channels > 1 ? words.Say("equation.channel", {{"channel", std::to_string(in_channel)}})
                     : name + " =");
    std::size_t begin = tap;
    while (tap < step.taps.size() && step.taps[tap].in_channel == in_channel) ++tap;
    const std::size_t count = tap - begin;
    if (static_cast<int>(count) > options.max_terms) {
      line.terms.push_back(
          words.Say("equation.sum_of_products", {{"count", std::to_string(count)}}));
    } else {
      for (std::size_t i = begin; i < tap; ++i) {
        const Tap& t = step.taps[i];
        line.terms.push_back((i > begin ? "+ " : "") + Factor(value(t.value)) + kDot +
                             Factor(value(t.weight)));
      }
    }
    // kernel.bias: the single line ends "+ b = result" (several channels: the total does).
    if (channels == 1 && !scene.bias.empty())
      line.terms.push_back("+ " + BiasTerm(step, options.value_decimals, rounded));
    line.terms.push_back(
        ResultText(channels > 1 ? step.channel_sums[c] : step.output, options.decimals));
    lines.push_back(std::move(line));
  }
  if (channels > 1) {
    EquationLine total;
    total.terms.push_back(name + " =");
    for (std::size_t c = 0; c < channels; ++c) {
      const std::string sum = FormatShown(step.channel_sums[c], options.decimals);
      total.terms.push_back((c > 0 ? "+ " : "") + Factor(sum));
    }
    if (!scene.bias.empty())
      total.terms.push_back("+ " + BiasTerm(step, options.value_decimals, rounded));
    total.terms.push_back(result);
    lines.push_back(std::move(total));
  }
  return lines;
}

std::string PrettyFormula(const std::string& formula) {
  std::string out;
  std::vector<const char*> closers;  // per open parenthesis: what closes it
  for (std::size_t i = 0; i < formula.size(); ++i) {
    if (formula.compare(i, 6, "floor(") == 0) {
      out += "\xE2\x8C\x8A";  // ⌊
      closers.push_back("\xE2\x8C\x8B");
      i += 5;
    } else if (formula.compare(i, 5, "ceil(") == 0) {
      out += "\xE2\x8C\x88";  // ⌈
      closers.push_back("\xE2\x8C\x89");
      i += 4;
    } else if (formula[i] == '(') {
      out += '(';
      closers.push_back(")");
    } else if (formula[i] == ')' && !closers.empty()) {
      out += closers.back();
      closers.pop_back();
    } else if (formula[i] == '*') {
      out += kDot;
    } else if (formula[i] == '-' && i > 0 && formula[i - 1] == ' ') {
      out += kMinus;
    } else if (formula[i] == '\'') {
      out += kPrime;
    } else {
      out += formula[i];
    }
  }
  return out;
}

std::vector<std::string> ParameterLines(const Scene& scene, const Schedule& schedule,
                                        const Words& words, bool equivalent) {
  std::vector<std::string> lines;
  const bool transposed = scene.operation == Operation::kTransposedConvolution;
  // A 1-D signal written [1, W]: only the W axis says anything.
  const bool one_d = scene.input_size[0] == 1 && scene.kernel_size[0] == 1 &&
                     scene.stride[0] == 1 && scene.dilation[0] == 1 && scene.padding.top == 0 &&
                     scene.padding.bottom == 0 && scene.output_padding[0] == 0;
  if (one_d) {
    auto w = [](Pair p) { return Pair{p[1], p[1]}; };
    std::string params = std::string(transposed ? "i\xE2\x80\xB2" : "i") + " = " +
                         std::to_string(scene.input_size[1]) +
                         ", k = " + std::to_string(scene.kernel_size[1]) +
                         ", s = " + std::to_string(scene.stride[1]) + ", p = " +
                         (scene.padding.left == scene.padding.right
                              ? std::to_string(scene.padding.left)
                              : words.Say("parameters.padding_left_right",
                                          {{"left", std::to_string(scene.padding.left)},
                                           {"right", std::to_string(scene.padding.right)}}));
    if (scene.dilation[1] != 1) params += ", " + PerAxis("d", w(scene.dilation));
    if (transposed && scene.output_padding[1] != 0)
      params += ", " + PerAxis("a", w(scene.output_padding));
    if (scene.groups != 1)
      params += words.Say("parameters.groups", {{"groups", std::to_string(scene.groups)}});
    lines.push_back(words.Say("parameters.one_d", {{"parameters", params}}));
    lines.push_back(PrettyFormula(Formula(schedule.axis(kAxisW), words)));
    return lines;
  }
  std::string params = PerAxis(transposed ? std::string("i") + kPrime : "i", scene.input_size) +
                       ", " + PerAxis("k", scene.kernel_size) + ", " + PerAxis("s", scene.stride) +
                       ", p = " + PaddingWords(scene.padding, words);
  if (scene.padding_mode != PaddingMode::kExplicit) {
    params += words.Say(
        "parameters.padding_mode",
        {{"mode", words.Say(std::string("padding_mode.") + PaddingModeName(scene.padding_mode))}});
  }
  if (scene.dilation[0] != 1 || scene.dilation[1] != 1)
    params += ", " + PerAxis("d", scene.dilation);
  if (transposed && (scene.output_padding[0] != 0 || scene.output_padding[1] != 0)) {
    params += ", " + PerAxis("a", scene.output_padding);
  }
  if (scene.groups != 1)
    params += words.Say("parameters.groups", {{"groups", std::to_string(scene.groups)}});
  if (scene.ceil_mode) params += words.Say("parameters.ceil_mode");
  if (scene.count_include_pad) params += words.Say("parameters.count_include_pad");
  lines.push_back(params);
  const AxisArithmetic& h = schedule.axis(kAxisH);
  const AxisArithmetic& w = schedule.axis(kAxisW);
  const std::string fh = Formula(h, words), fw = Formula(w, words);
  if (fh == fw) {
    lines.push_back(PrettyFormula(fh));
  } else {
    lines.push_back(words.Say("parameters.rows", {{"formula", PrettyFormula(fh)}}));
    lines.push_back(words.Say("parameters.columns", {{"formula", PrettyFormula(fw)}}));
  }
  if (transposed && equivalent) {
    const EquivalentConvolution& eh = h.equivalent;
    const EquivalentConvolution& ew = w.equivalent;
    auto both = [](const std::string& symbol, int64_t a, int64_t b) {
      return a == b ? symbol + " = " + std::to_string(a)
                    : symbol + " = (" + std::to_string(a) + ", " + std::to_string(b) + ")";
    };
    const std::string tilde_i = std::string("\xC4\xA9") + kPrime;  // ĩ′
    std::string line =
        words.Say("parameters.equivalent",
                  {{"input", both(std::string("i") + kPrime, eh.input, ew.input)},
                   {"stretched", both(tilde_i, eh.stretched, ew.stretched)},
                   {"rest", both(std::string("k") + kPrime, eh.kernel, ew.kernel) + ", " +
                                both(std::string("s") + kPrime, eh.stride, ew.stride) + ", " +
                                both(std::string("p") + kPrime, eh.pad_begin, ew.pad_begin)}});
    if (eh.output_padding != 0 || ew.output_padding != 0) {
      line += ", " + both("a", eh.output_padding, ew.output_padding);
    }
    lines.push_back(line);
    lines.push_back(words.Say("parameters.rotated_kernel"));
  }
  return lines;
}

}  // namespace convanim
