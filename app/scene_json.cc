#include "app/scene_json.h"

#include <cmath>

namespace convanim {
namespace {

using Json = nlohmann::ordered_json;

// Integral values print as integers ("12", not "12.0") so the JSON reads like the
// scene that produced it; others keep full double precision.
Json Number(double value) {
  if (std::isfinite(value) && std::fabs(value) < 9.0e15 && value == std::floor(value)) {
    return Json(static_cast<long long>(value));
  }
  return Json(value);
}

// Nested arrays for a tensor of any rank.
Json TensorJson(const Tensor& tensor, int axis = 0, std::size_t offset = 0) {
  Json array = Json::array();
  if (tensor.rank() == 0) return array;
  std::size_t stride = 1;
  for (int a = axis + 1; a < tensor.rank(); ++a) stride *= static_cast<std::size_t>(tensor.dim(a));
  for (int i = 0; i < tensor.dim(axis); ++i) {
    const std::size_t at = offset + static_cast<std::size_t>(i) * stride;
    if (axis + 1 == tensor.rank()) {
      array.push_back(Number(tensor.data()[at]));
    } else {
      array.push_back(TensorJson(tensor, axis + 1, at));
    }
  }
  return array;
}

Json PairJson(Pair pair) { return Json::array({pair[0], pair[1]}); }

Json AxisJson(const AxisArithmetic& axis) {
  Json out = {{"output", axis.output},
              {"effective_kernel", axis.effective_kernel},
              {"relationship", axis.relationship},
              {"relationship_name", axis.relationship_name},
              {"general_formula", axis.general_formula},
              {"formula", axis.formula}};
  if (axis.has_equivalent) {
    const EquivalentConvolution& e = axis.equivalent;
    out["equivalent_convolution"] = {{"input", e.input},     {"stretched_input", e.stretched},
                                     {"kernel", e.kernel},   {"dilation", e.dilation},
                                     {"stride", e.stride},   {"pad_begin", e.pad_begin},
                                     {"pad_end", e.pad_end}, {"output_padding", e.output_padding}};
  }
  return out;
}

Json StepJson(const Scene& scene, const Step& step) {
  Json taps = Json::array();
  for (const Tap& tap : step.taps) {
    Json t = {{"channel", tap.in_channel},
              {"canvas", Json::array({tap.canvas_row, tap.canvas_col})},
              {"kind", CellKindName(tap.kind)},
              {"value", Number(tap.value)}};
    if (IsConvolution(scene.operation)) {
      t["kernel"] = Json::array({tap.kernel_row, tap.kernel_col});
      t["weight"] = Number(tap.weight);
      t["product"] = Number(tap.product);
    } else {
      t["counted"] = tap.counted;
    }
    taps.push_back(std::move(t));
  }
  Json out = {{"index", step.index},
              {"output_index", Json::array({step.out_channel, step.out_row, step.out_col})},
              {"group", step.group},
              {"window",
               {{"origin", PairJson(step.window_origin)},
                {"extent", PairJson(step.window_extent)},
                {"tap_spacing", PairJson(step.tap_spacing)}}},
              {"taps", std::move(taps)},
              {"output", Number(step.output)}};
  if (scene.operation == Operation::kMaxPooling) out["selected_tap"] = step.selected_tap;
  if (scene.operation == Operation::kAveragePooling) out["divisor"] = Number(step.divisor);
  return out;
}

}  // namespace

const char* CellKindName(CellKind kind) {
  switch (kind) {
    case CellKind::kInput:
      return "input";
    case CellKind::kPadding:
      return "padding";
    case CellKind::kInsertedZero:
      return "inserted_zero";
    case CellKind::kOutside:
      return "outside";
  }
  return "input";
}

Json EvalJson(const Scene& scene, const Schedule& schedule, const EvalJsonOptions& options) {
  Json out;
  out["operation"] = OperationName(scene.operation);
  out["input"] = TensorJson(scene.input);
  if (IsConvolution(scene.operation)) out["kernel"] = TensorJson(scene.kernel);
  out["output"] = TensorJson(schedule.output());
  out["output_size"] = PairJson(schedule.output_size());
  out["arithmetic"] = {{"height", AxisJson(schedule.axis(kAxisH))},
                       {"width", AxisJson(schedule.axis(kAxisW))}};
  const Canvas& canvas = schedule.canvas();
  out["canvas_size"] = Json::array({canvas.rows.length, canvas.cols.length});
  if (options.include_steps) {
    Json steps = Json::array();
    for (int64_t i = 0; i < schedule.step_count(); ++i) {
      steps.push_back(StepJson(scene, schedule.StepAt(i)));
    }
    out["steps"] = std::move(steps);
  }
  return out;
}

}  // namespace convanim
