#include "core/padding_words.h"

#include <algorithm>

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

std::pair<int, int> ResolvePaddingWord(PaddingMode mode, Operation operation, int input, int kernel,
                                       int stride, int dilation, int output_padding) {
  const long long k_eff = static_cast<long long>(dilation) * (kernel - 1) + 1;
  long long total = 0;
  switch (mode) {
    case PaddingMode::kExplicit:
    case PaddingMode::kValid:
      return {0, 0};
    case PaddingMode::kHalf:
      return {static_cast<int>(k_eff / 2), static_cast<int>(k_eff / 2)};
    case PaddingMode::kFull:
      return {static_cast<int>(k_eff - 1), static_cast<int>(k_eff - 1)};
    case PaddingMode::kSame:
    case PaddingMode::kSameLower:
      if (operation == Operation::kTransposedConvolution) {
        total = static_cast<long long>(stride) * (input - 1) + output_padding + k_eff -
                static_cast<long long>(input) * stride;
      } else {
        const long long output = (input + stride - 1) / stride;
        total = (output - 1) * stride + k_eff - input;
      }
      break;
  }
  total = std::max(0LL, total);
  const int small = static_cast<int>(total / 2);
  const int large = static_cast<int>(total - total / 2);
  return mode == PaddingMode::kSame ? std::make_pair(small, large) : std::make_pair(large, small);
}

}  // namespace convanim
