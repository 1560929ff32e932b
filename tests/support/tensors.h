// Small tensors written out in tests, row by row as the guide prints them.
#pragma once

#include <vector>

#include "core/tensor.h"

namespace convanim::testing {

using Grid = std::vector<std::vector<double>>;  // rows of one map

Tensor Map(const Grid& rows);                                 // [1][H][W]
Tensor Maps(const std::vector<Grid>& channels);               // [C][H][W]
Tensor Kernel(const std::vector<std::vector<Grid>>& blocks);  // [A][B][kH][kW]

// The guide's numerical example (its Figures 1.1, 1.2, 1.5 and 1.6): the 5x5 input and
// the 3x3 kernel.
extern const Grid kGuideInput;
extern const Grid kGuideKernel;

}  // namespace convanim::testing
