#include "core/tensor.h"

#include <utility>

namespace convanim {
namespace {
std::size_t Count(const std::vector<int>& shape) {
  std::size_t n = 1;
  for (int d : shape) n *= static_cast<std::size_t>(d);
  return n;
}
}  // namespace

Tensor::Tensor(std::vector<int> shape) : shape_(std::move(shape)), data_(Count(shape_), 0.0) {}

Tensor::Tensor(std::vector<int> shape, std::vector<double> data)
    : shape_(std::move(shape)), data_(std::move(data)) {}

}  // namespace convanim
