#include "core/stack.h"

#include <algorithm>
#include <cstddef>

#include "core/arithmetic.h"
#include "core/numerics.h"

namespace convanim {

std::vector<const Scene*> LayersOf(const Scene& scene) {
  std::vector<const Scene*> layers;
  if (scene.layers.empty()) {
    layers.push_back(&scene);
  } else {
    for (const Scene& layer : scene.layers) layers.push_back(&layer);
  }
  return layers;
}

std::vector<Tensor> EvaluateStack(const Scene& scene) {
  std::vector<Tensor> outputs;
  const Tensor* input = &scene.input;
  for (const Scene* layer : LayersOf(scene)) {
    Scene applied = *layer;
    applied.layers.clear();
    applied.input = *input;
    outputs.push_back(Evaluate(applied));
    input = &outputs.back();
  }
  return outputs;
}

CellField ReceptiveField::CellAt(int row, int col) const {
  CellField cell;
  cell.input[0] = spans[0][static_cast<std::size_t>(row)];
  cell.input[1] = spans[1][static_cast<std::size_t>(col)];
  cell.empty = cell.input[0][0] > cell.input[0][1] || cell.input[1][0] > cell.input[1][1];
  return cell;
}

ReceptiveField ComputeReceptiveField(const Scene& scene) {
  ReceptiveField field;
  LayerField running;
  // Per axis: for each cell of the current layer, the first and last input index it
  // depends on ({1, 0}: none). The input's cells depend on themselves.
  std::array<std::vector<std::array<int, 2>>, 2> spans;
  for (std::size_t a = 0; a < 2; ++a) {
    for (int x = 0; x < scene.input_size[a]; ++x) spans[a].push_back({x, x});
  }
  for (const Scene* layer : LayersOf(scene)) {
    for (int axis = 0; axis < 2; ++axis) {
      const std::size_t a = static_cast<std::size_t>(axis);
      const AxisConfig c = AxisOf(*layer, axis);
      AxisArithmetic arithmetic;
      ComputeAxis(c, &arithmetic);  // the loader checked every layer
      const int64_t k_eff = arithmetic.effective_kernel;
      const bool transposed = c.operation == Operation::kTransposedConvolution;
      if (transposed) {
        running.jump[a] /= static_cast<double>(c.stride);
        running.size[a] += static_cast<double>(k_eff - 1) * running.jump[a];
        running.start[a] -= static_cast<double>(k_eff - 1 - c.pad_begin) * running.jump[a];
      } else {
        running.size[a] += static_cast<double>(k_eff - 1) * running.jump[a];
        running.start[a] -= static_cast<double>(c.pad_begin) * running.jump[a];
        running.jump[a] *= static_cast<double>(c.stride);
      }
      // The exact spans: each output cell's taps, through the previous spans.
      const int n_in = static_cast<int>(c.input);
      std::vector<std::array<int, 2>> next;
      for (int64_t o = 0; o < arithmetic.output; ++o) {
        std::array<int, 2> span{1, 0};
        const auto take = [&](int64_t x) {
          if (x < 0 || x >= n_in) return;  // padding
          const std::array<int, 2>& from = spans[a][static_cast<std::size_t>(x)];
          if (from[0] > from[1]) return;
          if (span[0] > span[1]) {
            span = from;
          } else {
            span[0] = std::min(span[0], from[0]);
            span[1] = std::max(span[1], from[1]);
          }
        };
        for (int64_t t = 0; t < c.kernel; ++t) {
          if (transposed) {
            // Input x lands on o when x s + t d - p_b = o.
            const int64_t numerator = o + c.pad_begin - t * c.dilation;
            if (numerator >= 0 && numerator % c.stride == 0) take(numerator / c.stride);
          } else {
            take(o * c.stride - c.pad_begin + t * c.dilation);
          }
        }
        next.push_back(span);
      }
      spans[a] = std::move(next);
    }
    field.layers.push_back(running);
  }
  field.output_size = {static_cast<int>(spans[0].size()), static_cast<int>(spans[1].size())};
  field.spans = std::move(spans);
  return field;
}

namespace {

// The input coordinates (possibly outside [0, n)) output coordinate o of one axis taps.
std::vector<int64_t> TapsOf(const AxisConfig& c, int64_t o) {
  std::vector<int64_t> taps;
  const bool transposed = c.operation == Operation::kTransposedConvolution;
  for (int64_t t = 0; t < c.kernel; ++t) {
    if (transposed) {
      const int64_t numerator = o + c.pad_begin - t * c.dilation;
      if (numerator >= 0 && numerator % c.stride == 0 && numerator / c.stride < c.input) {
        taps.push_back(numerator / c.stride);
      }
    } else {
      taps.push_back(o * c.stride - c.pad_begin + t * c.dilation);
    }
  }
  return taps;
}

}  // namespace

std::vector<std::array<AxisDependence, 2>> DependenceOf(const Scene& scene, int row, int col) {
  const std::vector<const Scene*> layers = LayersOf(scene);
  std::vector<std::array<AxisDependence, 2>> levels(layers.size() + 1);
  levels.back()[0].cells = {row};
  levels.back()[1].cells = {col};
  for (std::size_t l = layers.size(); l-- > 0;) {
    for (int axis = 0; axis < 2; ++axis) {
      const std::size_t a = static_cast<std::size_t>(axis);
      const AxisConfig c = AxisOf(*layers[l], axis);
      std::vector<int> cells, padding;
      for (int o : levels[l + 1][a].cells) {
        for (int64_t x : TapsOf(c, o)) {
          (x >= 0 && x < c.input ? cells : padding).push_back(static_cast<int>(x));
        }
      }
      for (std::vector<int>* v : {&cells, &padding}) {
        std::sort(v->begin(), v->end());
        v->erase(std::unique(v->begin(), v->end()), v->end());
      }
      levels[l][a] = {std::move(cells), std::move(padding)};
    }
  }
  return levels;
}

std::vector<std::array<std::array<int, 2>, 2>> TapExtents(const Scene& scene) {
  std::vector<std::array<std::array<int, 2>, 2>> extents;
  for (const Scene* layer : LayersOf(scene)) {
    std::array<std::array<int, 2>, 2> extent{};
    for (int axis = 0; axis < 2; ++axis) {
      const AxisConfig c = AxisOf(*layer, axis);
      AxisArithmetic arithmetic;
      ComputeAxis(c, &arithmetic);
      int64_t lo = 0, hi = c.input - 1;
      for (int64_t o : {int64_t{0}, arithmetic.output - 1}) {
        for (int64_t x : TapsOf(c, o)) {
          lo = std::min(lo, x);
          hi = std::max(hi, x);
        }
      }
      extent[static_cast<std::size_t>(axis)] = {static_cast<int>(lo), static_cast<int>(hi)};
    }
    extents.push_back(extent);
  }
  return extents;
}

}  // namespace convanim
