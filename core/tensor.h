// A small dense tensor of doubles, row-major, used for inputs, kernels and outputs.
#pragma once

#include <cstddef>
#include <vector>

namespace convanim {

class Tensor {
 public:
  Tensor() = default;
  // Zero-filled tensor of the given shape (every dimension >= 0).
  explicit Tensor(std::vector<int> shape);
  Tensor(std::vector<int> shape, std::vector<double> data);

  const std::vector<int>& shape() const { return shape_; }
  int dim(int axis) const { return shape_[static_cast<std::size_t>(axis)]; }
  int rank() const { return static_cast<int>(shape_.size()); }
  std::size_t size() const { return data_.size(); }
  bool empty() const { return data_.empty(); }

  const std::vector<double>& data() const { return data_; }
  std::vector<double>& data() { return data_; }

  // Element access for rank-3 ([C][H][W]) and rank-4 ([A][B][H][W]) tensors.
  double& at(int c, int y, int x) { return data_[Offset3(c, y, x)]; }
  double at(int c, int y, int x) const { return data_[Offset3(c, y, x)]; }
  double& at(int a, int b, int y, int x) { return data_[Offset4(a, b, y, x)]; }
  double at(int a, int b, int y, int x) const { return data_[Offset4(a, b, y, x)]; }

  bool operator==(const Tensor& other) const {
    return shape_ == other.shape_ && data_ == other.data_;
  }

 private:
  std::size_t Offset3(int c, int y, int x) const {
    return (static_cast<std::size_t>(c) * shape_[1] + y) * shape_[2] + x;
  }
  std::size_t Offset4(int a, int b, int y, int x) const {
    return ((static_cast<std::size_t>(a) * shape_[1] + b) * shape_[2] + y) * shape_[3] + x;
  }

  std::vector<int> shape_;
  std::vector<double> data_;
};

}  // namespace convanim
