// convanim explain -i I -k K [-s S] [-p P] [-d D] [--transposed [-a A]] [--pooling max|average]
// Output size along one axis, the guide's Relationship, its formula with the numbers, and
// for a transposed convolution the equivalent direct convolution the guide draws.
#include <cstdio>
#include <new>
#include <string>

#include "app/cli_common.h"
#include "app/commands.h"
#include "core/arithmetic.h"
#include "core/padding_words.h"
#include "core/yaml_words.h"
#include "renderer/arithmetic_words.h"
#include "renderer/words.h"

namespace convanim {
namespace {

int Explain(int argc, char** argv) {
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
  std::string language = "en";
  app.add_option("--language", language, "the language of the explanation (default en)")
      ->check(CLI::IsMember(Words::Languages()));
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
    long long value = -1;
    try {
      value = std::stoll(padding, &used);
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
  const Words& words = *Words::Find(language);
  const auto n = [](int64_t v) { return std::to_string(v); };
  std::string padding_text =
      config.pad_end != config.pad_begin
          ? words.Say("explain.padding_sides",
                      {{"begin", n(config.pad_begin)}, {"end", n(config.pad_end)}})
          : n(config.pad_begin);
  if (mode != PaddingMode::kExplicit) padding_text += " (" + padding + ")";
  std::string out =
      words.Say(is_transposed ? "explain.parameters_transposed" : "explain.parameters",
                {{"operation", OperationName(config.operation)},
                 {"i", n(config.input)},
                 {"k", n(config.kernel)},
                 {"s", n(config.stride)},
                 {"p", padding_text},
                 {"d", n(config.dilation)},
                 {"a", n(config.output_padding)}});
  if (config.ceil_mode) out += words.Say("parameters.ceil_mode");
  out += "\n" + words.Say("explain.output_size", {{"o", n(result.output)}});
  if (result.effective_kernel != config.kernel) {
    out += words.Say("explain.dilated_kernel", {{"k_eff", n(result.effective_kernel)}});
  }
  out += "\n" + RelationshipName(result, words) + "\n  " + GeneralFormula(result, words) + "\n  " +
         Formula(result, words) + "\n";
  if (is_transposed) {
    const EquivalentConvolution& e = result.equivalent;
    const int64_t zeros = config.stride - 1;
    std::string inserted;
    if (zeros > 0) {
      inserted = words.Say(zeros == 1 ? "explain.inserted_zero" : "explain.inserted_zeros",
                           {{"zeros", n(zeros)}, {"stretched", n(e.stretched)}});
    }
    out += words.Say(e.output_padding > 0 ? "explain.equivalent_a" : "explain.equivalent",
                     {{"k", n(e.kernel)},
                      {"i", n(e.input)},
                      {"inserted", inserted},
                      {"p_begin", n(e.pad_begin)},
                      {"p_end", n(e.pad_end)}}) +
           "\n";
    out += "  i' = " + n(e.input) + ", i~' = " + n(e.stretched) + ", k' = " + n(e.kernel) +
           ", s' = 1, p' = " + n(e.pad_begin);
    if (e.pad_end != e.pad_begin)
      out += words.Say("explain.end_padding", {{"p_end", n(e.pad_end)}});
    if (e.dilation > 1) out += ", d' = " + n(e.dilation);
    out += ", a = " + n(e.output_padding) + "\n";
    out +=
        words.Say(
            "explain.transpose_of",
            {{"i", n(result.output)},
             {"k", n(config.kernel)},
             {"s", n(config.stride)},
             {"p", padding_text},
             {"dilation", config.dilation > 1 ? ", d = " + n(config.dilation) : std::string()}}) +
        "\n";
  }
  std::fputs(out.c_str(), stdout);
  return kExitSuccess;
}

}  // namespace

int RunExplain(int argc, char** argv) {
  try {
    return Explain(argc, argv);
  } catch (const std::bad_alloc&) {
    return Report(Status::Internal("explain: out of memory"));
  }
}

}  // namespace convanim
