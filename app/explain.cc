// convanim explain -i I -k K [-s S] [-p P] [-d D] [--transposed [-a A]] [--pooling max|average]
// Output size along one axis, the guide's Relationship, its formula with the numbers, and
// for a transposed convolution the equivalent direct convolution the guide draws.
#include <cstdio>
#include <string>

#include "app/cli_common.h"
#include "app/commands.h"
#include "core/arithmetic.h"
#include "core/padding_words.h"
#include "core/yaml_words.h"

namespace convanim {
int RunExplain(int argc, char** argv) {
  CLI::App app(
      "Explain the output size of a convolution, transposed convolution or pooling along one "
      "axis: the result, which of the guide's Relationships 1-15 applies, the formula with your "
      "numbers, and for a transposed convolution its equivalent direct convolution.\n"
      "Example: convanim explain -i 6 -k 3 -s 2 -p 1   |   convanim explain -i 3 -k 3 -s 2 -p 1 "
      "--transposed -a 1",
      "explain");
  AxisConfig config;
  std::string padding = "0";
  std::string pooling;
  bool transposed = false;
  int pad_end = -1;
  app.add_option("-i,--input", config.input,
                 "input size i (for --transposed: the transposed convolution's input i')")
      ->required()
      ->check(CLI::Range(1, 1 << 20));
  app.add_option("-k,--kernel", config.kernel, "kernel (or pooling window) size k")
      ->required()
      ->check(CLI::Range(1, 1 << 20));
  app.add_option("-s,--stride", config.stride, "stride s (default 1)")
      ->check(CLI::Range(1, 1 << 20));
  app.add_option(
      "-p,--padding", padding,
      "zero padding p per side: a number or one of " + JoinWords(PaddingWords()) + " (default 0)");
  app.add_option("--pad-end", pad_end,
                 "padding at the end of the axis when it differs from the start (default: p)")
      ->check(CLI::Range(0, 1 << 20));
  app.add_option("-d,--dilation", config.dilation, "dilation d (default 1)")
      ->check(CLI::Range(1, 1 << 20));
  app.add_flag("-t,--transposed", transposed, "a transposed convolution");
  app.add_option("-a,--output-padding", config.output_padding,
                 "the transposed convolution's a (output_padding; default 0)")
      ->check(CLI::Range(0, 1 << 20));
  app.add_option("--pooling", pooling, "a pooling layer instead of a convolution")
      ->check(CLI::IsMember({"max", "average"}));
  app.add_flag("--ceil-mode", config.ceil_mode, "pooling with ceil_mode");
  if (auto exit = ParseCommandLine(app, argc, argv)) return *exit;

  if (transposed && !pooling.empty()) {
    std::fprintf(stderr, "convanim explain: --transposed and --pooling do not go together\n");
    return kExitInvalid;
  }
  if (config.output_padding > 0 && !transposed) {
    std::fprintf(stderr, "convanim explain: -a/--output-padding needs --transposed\n");
    return kExitInvalid;
  }
  if (config.ceil_mode && pooling.empty()) {
    std::fprintf(stderr, "convanim explain: --ceil-mode needs --pooling\n");
    return kExitInvalid;
  }
  config.operation = transposed             ? Operation::kTransposedConvolution
                     : pooling == "max"     ? Operation::kMaxPooling
                     : pooling == "average" ? Operation::kAveragePooling
                                            : Operation::kConvolution;
  PaddingMode mode = PaddingMode::kExplicit;
  if (ParsePaddingWord(padding, &mode)) {
    auto [begin, end] = ResolvePaddingWord(mode, config.operation, config.input, config.kernel,
                                           config.stride, config.dilation, config.output_padding);
    config.pad_begin = begin;
    config.pad_end = end;
  } else {
    std::size_t used = 0;
    int value = -1;
    try {
      value = std::stoi(padding, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != padding.size() || value < 0 || value > (1 << 20)) {
      const std::string hint = ClosestWord(padding, PaddingWords());
      std::fprintf(stderr,
                   "convanim explain: padding '%s' is neither a non-negative number nor one of "
                   "%s%s\n",
                   padding.c_str(), JoinWords(PaddingWords()).c_str(),
                   hint.empty() ? "" : (" (did you mean '" + hint + "'?)").c_str());
      return kExitInvalid;
    }
    config.pad_begin = config.pad_end = value;
  }
  if (pad_end >= 0) config.pad_end = pad_end;

  AxisArithmetic result;
  Status status = ComputeAxis(config, &result);
  if (!status.ok()) {
    std::fprintf(stderr, "convanim explain: %s\n", status.message().c_str());
    return kExitInvalid;
  }

  const bool is_transposed = config.operation == Operation::kTransposedConvolution;
  std::string padding_text = std::to_string(config.pad_begin);
  if (config.pad_end != config.pad_begin)
    padding_text += " (start), " + std::to_string(config.pad_end) + " (end)";
  if (mode != PaddingMode::kExplicit) padding_text += " (" + padding + ")";
  std::printf("%s: %s = %d, k = %d, s = %d, p = %s, d = %d", OperationName(config.operation),
              is_transposed ? "i'" : "i", config.input, config.kernel, config.stride,
              padding_text.c_str(), config.dilation);
  if (is_transposed) std::printf(", a = %d", config.output_padding);
  if (config.ceil_mode) std::printf(", ceil_mode");
  std::printf("\noutput size: %d", result.output);
  if (result.effective_kernel != config.kernel) {
    std::printf(" (the dilated kernel spans k_eff = %d cells)", result.effective_kernel);
  }
  std::printf("\n%s\n  %s\n  %s\n", result.relationship_name.c_str(),
              result.general_formula.c_str(), result.formula.c_str());
  if (is_transposed) {
    const EquivalentConvolution& e = result.equivalent;
    const int zeros = config.stride - 1;
    std::printf(
        "equivalent direct convolution (as the guide draws it): a unit-stride convolution of "
        "the %d-wide kernel over the input of %d",
        e.kernel, e.input);
    if (zeros > 0) {
      std::printf(" with %d zero%s inserted between units (stretched to %d)", zeros,
                  zeros == 1 ? "" : "s", e.stretched);
    }
    std::printf(", padded by p' = k_eff - p - 1 = %d at the start and %d at the end%s\n",
                e.pad_begin, e.pad_end, e.output_padding > 0 ? " (a extra at the end)" : "");
    std::printf("  i' = %d, i~' = %d, k' = %d, s' = 1, p' = %d", e.input, e.stretched, e.kernel,
                e.pad_begin);
    if (e.pad_end != e.pad_begin) std::printf(" (end %d)", e.pad_end);
    if (e.dilation > 1) std::printf(", d' = %d", e.dilation);
    std::printf(", a = %d\n", e.output_padding);
    std::printf("it is the transpose of a convolution with i = %d, k = %d, s = %d, p = %s%s\n",
                result.output, config.kernel, config.stride, padding_text.c_str(),
                config.dilation > 1 ? (", d = " + std::to_string(config.dilation)).c_str() : "");
  }
  return kExitSuccess;
}

}  // namespace convanim
