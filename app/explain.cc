// convanim explain -i I -k K [-s S] [-p P] [-d D] [--transposed [-a A]] [--pooling max|average]
// Output size along one axis, the guide's Relationship, its formula with the numbers, and
// for a transposed convolution the equivalent direct convolution the guide draws.
#include <cstdio>
#include <new>
#include <string>

#include "app/cli_common.h"
#include "app/commands.h"
#include "core/arithmetic.h"
#include "core/operations.h"
#include "core/padding_words.h"
#include "core/scene_keys.h"
#include "core/scene_loader.h"
#include "core/stack.h"
#include "core/yaml_words.h"
#include "renderer/arithmetic_words.h"
#include "renderer/words.h"

namespace convanim {
namespace {

std::string N(int64_t v) { return std::to_string(v); }

// The operation as explain names it (its scene word in English).
std::string OperationWord(Operation op, const Words& words) {
  return words.Say(std::string("explain.operation.") + OperationName(op));
}

// explain --backward: the gradients' sizes along the axis and the layer that computes dL/dx.
std::string ExplainBackward(const AxisConfig& config, const AxisArithmetic& forward,
                            const Words& words) {
  const int64_t i = config.input, o = forward.output, k_eff = forward.effective_kernel;
  const std::string p = config.pad_begin == config.pad_end
                            ? N(config.pad_begin)
                            : words.Say("explain.padding_sides", {{"begin", N(config.pad_begin)},
                                                                  {"end", N(config.pad_end)}});
  const std::string d = config.dilation > 1 ? ", d = " + N(config.dilation) : "";
  std::string out = words.Say(o == 1 ? "explain.backward.sizes_one" : "explain.backward.sizes",
                              {{"o", N(o)}, {"i", N(i)}}) +
                    "\n";
  switch (config.operation) {
    case Operation::kConvolution: {
      // dL/dx = C^T dL/dy: the transposed convolution with the same k, s, p, d, and the
      // output_padding that gives back i cells.
      AxisConfig t = config;
      t.operation = Operation::kTransposedConvolution;
      t.input = o;
      t.output_padding = (i + config.pad_begin + config.pad_end - k_eff) % config.stride;
      AxisArithmetic back;
      const Status status = ComputeAxis(t, &back);
      if (!status.ok()) {
        return out + words.Say("explain.backward.no_transposed", {{"reason", status.message()}}) +
               "\n";
      }
      const EquivalentConvolution& e = back.equivalent;
      const std::string a = N(t.output_padding);
      out += words.Say("explain.backward.convolution_dx", {{"o", N(o)},
                                                           {"k", N(config.kernel)},
                                                           {"s", N(config.stride)},
                                                           {"p", p},
                                                           {"dilation", d},
                                                           {"a", a}}) +
             "\n";
      out += words.Say("explain.backward.a", {{"i", N(i)},
                                              {"p_begin", N(config.pad_begin)},
                                              {"p_end", N(config.pad_end)},
                                              {"k_eff", N(k_eff)},
                                              {"s", N(config.stride)},
                                              {"a", a}}) +
             (t.output_padding > 0 ? words.Say("explain.backward.a_needed", {{"a", a}, {"i", N(i)}})
                                   : words.Say("explain.backward.a_none")) +
             "\n";
      out += "  " + Formula(back, words) + "\n";
      std::string inserted;
      if (config.stride > 1) {
        inserted = words.Say(config.stride == 2 ? "explain.backward.inserted_zero"
                                                : "explain.backward.inserted_zeros",
                             {{"zeros", N(config.stride - 1)}, {"stretched", N(e.stretched)}});
      }
      out += words.Say(
                 "explain.backward.as_drawn",
                 {{"inserted", inserted}, {"p_begin", N(e.pad_begin)}, {"p_end", N(e.pad_end)}}) +
             "\n";
      out += words.Say("explain.backward.pytorch", {{"a", a}}) + "\n";
      const std::string dilated =
          config.stride > 1
              ? words.Say("explain.backward.dilated", {{"o", N(o)}, {"s", N(config.stride)}})
              : std::string();
      out += words.Say("explain.backward.convolution_dw",
                       {{"k", N(config.kernel)}, {"p", p}, {"dilated", dilated}}) +
             "\n";
      return out;
    }
    case Operation::kTransposedConvolution: {
      AxisConfig c = config;
      c.operation = Operation::kConvolution;
      c.input = o;
      c.output_padding = 0;
      AxisArithmetic back;
      const Status status = ComputeAxis(c, &back);
      if (!status.ok()) {
        return out + words.Say("explain.backward.no_direct", {{"reason", status.message()}}) + "\n";
      }
      out += words.Say("explain.backward.transposed_dx", {{"o", N(o)},
                                                          {"k", N(config.kernel)},
                                                          {"s", N(config.stride)},
                                                          {"p", p},
                                                          {"dilation", d}}) +
             "\n  " + Formula(back, words) + "\n";
      out += words.Say("explain.backward.transposed_dw", {{"k", N(config.kernel)}}) + "\n";
      return out;
    }
    case Operation::kMaxPooling:
      return out + words.Say("explain.backward.max_pooling") + "\n";
    case Operation::kAveragePooling:
      return out + words.Say("explain.backward.average_pooling") + "\n";
  }
  return out;
}

// explain SCENE: each layer's output size (with the Relationship used) and receptive field,
// in `language` (empty: the scene's style.language).
int ExplainScene(const std::string& path, const std::string& language) {
  Scene scene;
  const Status status = LoadSceneFile(path, &scene);
  if (!status.ok()) return Report(status);
  const Words* found = Words::Find(language.empty() ? scene.style.language : language);
  const Words& words = found != nullptr ? *found : Words::English();
  const std::vector<const Scene*> layers = LayersOf(scene);
  const ReceptiveField field = ComputeReceptiveField(scene);
  const auto number = [](double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", v);
    return std::string(text);
  };
  const auto per_axis = [&](const std::array<double, 2>& v, const char* between) {
    return v[0] == v[1] ? number(v[0]) : number(v[0]) + between + number(v[1]);
  };
  std::string out = words.Say(scene.layers.empty() ? "explain.scene.one" : "explain.scene.stack",
                              {{"layers", N(static_cast<int64_t>(layers.size()))},
                               {"c", N(scene.in_channels)},
                               {"h", N(scene.input_size[0])},
                               {"w", N(scene.input_size[1])}}) +
                    "\n";
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const Scene& layer = *layers[l];
    AxisArithmetic axes[2];
    for (int a = 0; a < 2; ++a) ComputeAxis(AxisOf(layer, a), &axes[a]);  // checked on load
    out += words.Say("explain.scene.layer", {{"layer", N(static_cast<int64_t>(l))},
                                             {"operation", OperationWord(layer.operation, words)},
                                             {"in", N(layer.in_channels)},
                                             {"out", N(layer.out_channels)},
                                             {"c", N(layer.out_channels)},
                                             {"h", N(axes[0].output)},
                                             {"w", N(axes[1].output)}}) +
           "\n";
    const std::string formulas[2] = {Formula(axes[0], words), Formula(axes[1], words)};
    if (formulas[0] == formulas[1]) {
      out += words.Say(
                 "explain.scene.both_axes",
                 {{"formula", formulas[0]}, {"relationship", RelationshipName(axes[0], words)}}) +
             "\n";
    } else {
      out += words.Say("explain.scene.rows", {{"formula", formulas[0]},
                                              {"relationship", RelationshipName(axes[0], words)}}) +
             "\n";
      out += words.Say(
                 "explain.scene.columns",
                 {{"formula", formulas[1]}, {"relationship", RelationshipName(axes[1], words)}}) +
             "\n";
    }
    const LayerField& f = field.layers[l];
    out += words.Say("explain.scene.field", {{"size", per_axis(f.size, "x")},
                                             {"jump", per_axis(f.jump, "x")},
                                             {"start", per_axis(f.start, ", ")}}) +
           "\n";
  }
  std::fputs(out.c_str(), stdout);
  return kExitSuccess;
}

int Explain(int argc, char** argv) {
  CLI::App app(
      "Explain the output size of a convolution, transposed convolution or pooling along one "
      "axis: the result, which of the guide's Relationships 1-15 applies, the formula with your "
      "numbers, and for a transposed convolution its equivalent direct convolution.\n"
      "Example: convanim explain -i 6 -k 3 -s 2 -p 1   |   convanim explain -i 3 -k 3 -s 2 -p 1 "
      "--transposed -a 1   |   convanim explain stack.yaml (a scene file: every layer, with its "
      "receptive field)",
      "explain");
  AxisConfig config;
  std::string padding = "0";
  std::string pooling;
  bool transposed = false, backward = false;
  int pad_end = -1;
  std::string scene_path;
  app.add_option("scene", scene_path,
                 "a scene file instead of -i/-k: every layer of a stack ('layers:'), or its one "
                 "operation, with the output size along each axis and the receptive field");
  CLI::Option* input_option =
      app.add_option("-i,--input", config.input,
                     "input size i (for --transposed: the transposed convolution's input i')")
          ->check(CLI::Range(1, 1 << 20));
  CLI::Option* kernel_option =
      app.add_option("-k,--kernel", config.kernel, "kernel (or pooling window) size k")
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
  app.add_flag("--backward", backward,
               "also explain the backward pass along the axis: the shapes of dL/dy and dL/dx, "
               "which (transposed) convolution computes dL/dx (its i', k', s', p', a), and "
               "dL/dW");
  std::string language;
  app.add_option("--language", language,
                 "the language of the explanation (default: a scene file's style.language, "
                 "else en); messages stay English")
      ->transform(CLI::IsMember(LanguageWords(), CLI::ignore_case));
  if (auto exit = ParseCommandLine(app, argc, argv)) return *exit;
  if (!scene_path.empty()) return ExplainScene(scene_path, language);
  if (input_option->count() == 0 || kernel_option->count() == 0) {
    std::fprintf(stderr, "convanim explain: give -i and -k (or a scene file)\n");
    return kExitInvalid;
  }

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
  // The operation table's row: transposed or not, pooling or not, and the pooling's kind
  // ("max" is the row max_pooling).
  for (const OperationTraits& row : OperationTable()) {
    const std::string word = row.word;
    if (row.transposed == transposed && row.pooling == !pooling.empty() &&
        (pooling.empty() || word.rfind(pooling + "_", 0) == 0)) {
      config.operation = row.operation;
    }
  }
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

  const bool is_transposed = TraitsOf(config.operation).transposed;
  const Words& words = *Words::Find(language.empty() ? "en" : language);
  const auto n = [](int64_t v) { return std::to_string(v); };
  std::string padding_text =
      config.pad_end != config.pad_begin
          ? words.Say("explain.padding_sides",
                      {{"begin", n(config.pad_begin)}, {"end", n(config.pad_end)}})
          : n(config.pad_begin);
  if (mode != PaddingMode::kExplicit) padding_text += " (" + padding + ")";
  std::string out =
      words.Say(is_transposed ? "explain.parameters_transposed" : "explain.parameters",
                {{"operation", OperationWord(config.operation, words)},
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
  if (backward) out += ExplainBackward(config, result, words);
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
