#include "core/padding_words.h"

#include <algorithm>

#include "core/operations.h"
#include "core/yaml_words.h"

namespace convanim {
namespace {
// Every mode but kExplicit, which has no word.
const PaddingMode kWordModes[] = {PaddingMode::kValid, PaddingMode::kHalf, PaddingMode::kFull,
                                  PaddingMode::kSame, PaddingMode::kSameLower};
}  // namespace

const std::vector<std::string>& PaddingWords() {
  static const std::vector<std::string> words = WordsOf(kWordModes, &PaddingModeName);
  return words;
}

bool ParsePaddingWord(const std::string& word, PaddingMode* mode) {
  for (PaddingMode candidate : kWordModes) {
    if (word == PaddingModeName(candidate)) {
      *mode = candidate;
      return true;
    }
  }
  return false;
}

std::pair<int64_t, int64_t> ResolvePaddingWord(PaddingMode mode, Operation operation, int64_t input,
                                               int64_t kernel, int64_t stride, int64_t dilation,
                                               int64_t output_padding) {
  const int64_t k_eff = dilation * (kernel - 1) + 1;
  int64_t total = 0;
  switch (mode) {
    case PaddingMode::kExplicit:
    case PaddingMode::kValid:
      return {0, 0};
    case PaddingMode::kHalf:
      return {k_eff / 2, k_eff / 2};
    case PaddingMode::kFull:
      return {k_eff - 1, k_eff - 1};
    case PaddingMode::kSame:
    case PaddingMode::kSameLower:
      if (TraitsOf(operation).transposed) {
        total = stride * (input - 1) + output_padding + k_eff - input * stride;
      } else {
        const int64_t output = (input + stride - 1) / stride;
        total = (output - 1) * stride + k_eff - input;
      }
      break;
  }
  total = std::max<int64_t>(0, total);
  const int64_t small = total / 2;
  const int64_t large = total - total / 2;
  return mode == PaddingMode::kSame ? std::make_pair(small, large) : std::make_pair(large, small);
}

}  // namespace convanim
