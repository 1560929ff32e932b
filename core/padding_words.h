// The padding words of the scene format (valid, half, full, same, same_lower),
// resolved to cells along one axis. Shared by the scene loader and `convanim explain`.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/scene.h"

namespace convanim {

// The words, in the order messages list them.
const std::vector<std::string>& PaddingWords();

// Sets *mode for a known word and returns true; false for anything else.
bool ParsePaddingWord(const std::string& word, PaddingMode* mode);

// {begin, end} padding along one axis for `mode` (not kExplicit). k_eff = d(k-1)+1.
// valid: 0. half: floor(k_eff/2) both sides. full: k_eff-1 both sides.
// same / same_lower: ONNX SAME_UPPER / SAME_LOWER. For convolution and pooling the
// output is ceil(i/s) and the odd cell goes at the end (upper) or start (lower). For a
// transposed convolution the output is i*s and the total padding
// s(i-1) + a + k_eff - i*s (at least 0) is split the same way (ONNX ConvTranspose).
// 64-bit, for `convanim explain`'s large numbers (each at most 2^30, as in arithmetic.h).
std::pair<int64_t, int64_t> ResolvePaddingWord(PaddingMode mode, Operation operation, int64_t input,
                                               int64_t kernel, int64_t stride, int64_t dilation,
                                               int64_t output_padding);

}  // namespace convanim
