// Reproducible random integers: the same seed gives the same values on every
// machine, compiler and standard library (std:: distributions do not promise that).
#pragma once

#include <cstdint>

namespace convanim {

class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t Next();
  // Uniform integer in [low, high] (inclusive), without modulo bias. Requires low <= high.
  int64_t UniformInt(int64_t low, int64_t high);

 private:
  uint64_t state_;
};

}  // namespace convanim
