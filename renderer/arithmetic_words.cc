#include "renderer/arithmetic_words.h"

namespace convanim {
namespace {

std::string Str(int64_t v) { return std::to_string(v); }

// The catalog's name for the case: "r6", "ceil", "transposed".
std::string CaseKey(AxisCase kind) {
  switch (kind) {
    case AxisCase::kPoolingCeilMode:
      return "ceil";
    case AxisCase::kTransposedGeneral:
      return "transposed";
    default:
      return "r" + Str(static_cast<int>(kind) + 1);
  }
}

}  // namespace

std::string RelationshipName(const AxisArithmetic& axis, const Words& words) {
  const AxisConfig& c = axis.config;
  const std::string base = "case." + CaseKey(axis.kind) + ".";
  const bool pooling = IsPooling(c.operation);
  const bool symmetric = c.pad_begin == c.pad_end;
  std::string name;
  switch (axis.kind) {
    case AxisCase::kPaddingStrides:
    case AxisCase::kDilated:
      name = words.Say(base + (pooling ? (symmetric ? "name_pooling" : "name_pooling_asymmetric")
                                       : (symmetric ? "name" : "name_asymmetric")));
      break;
    case AxisCase::kTransposedGeneral:
      name = words.Say(base + (c.dilation > 1 ? "name_dilated" : "name_asymmetric"));
      break;
    default:
      name = words.Say(base + "name");
  }
  if (axis.relationship == 0) return name;
  return words.Say("relationship.numbered", {{"number", Str(axis.relationship)}, {"name", name}});
}

std::string GeneralFormula(const AxisArithmetic& axis, const Words& words) {
  return words.Say("case." + CaseKey(axis.kind) + ".general");
}

std::string Formula(const AxisArithmetic& axis, const Words& words) {
  const AxisConfig& c = axis.config;
  const std::string padding =
      c.pad_begin == c.pad_end
          ? words.Say("formula.padding_symmetric", {{"p", Str(c.pad_begin)}})
          : words.Say("formula.padding_asymmetric",
                      {{"p_begin", Str(c.pad_begin)}, {"p_end", Str(c.pad_end)}});
  const std::string kernel =
      c.dilation == 1
          ? Str(c.kernel)
          : words.Say("formula.dilated_kernel", {{"d", Str(c.dilation)}, {"k", Str(c.kernel)}});
  const WordArgs args = {{"i", Str(c.input)},
                         {"k", Str(c.kernel)},
                         {"s", Str(c.stride)},
                         {"p", Str(c.pad_begin)},
                         {"p_begin", Str(c.pad_begin)},
                         {"p_end", Str(c.pad_end)},
                         {"d", Str(c.dilation)},
                         {"a", Str(c.output_padding)},
                         {"o", Str(axis.output)},
                         {"padding", padding},
                         {"kernel", kernel}};
  const std::string base = "case." + CaseKey(axis.kind) + ".";
  if (axis.kind == AxisCase::kPoolingCeilMode && axis.last_window_dropped) {
    return words.Say(base + "formula_dropped", args);
  }
  return words.Say(base + "formula", args);
}

}  // namespace convanim
