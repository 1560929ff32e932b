// The output-size arithmetic of core/arithmetic.h in words: the name of the guide's
// Relationship that applies, its general formula and the formula with the numbers, from
// the message catalog (renderer/words.h, keys case.* and formula.*).
#pragma once

#include <string>

#include "core/arithmetic.h"
#include "renderer/words.h"

namespace convanim {

// "Relationship 6 (zero padding, non-unit strides)", or the case's name alone when it lies
// outside the guide's (relationship 0).
std::string RelationshipName(const AxisArithmetic& axis, const Words& words);
// "o = floor((i + 2p - k) / s) + 1"
std::string GeneralFormula(const AxisArithmetic& axis, const Words& words);
// With the numbers: "o = floor((5 + 2*1 - 3) / 2) + 1 = 3"
std::string Formula(const AxisArithmetic& axis, const Words& words);

}  // namespace convanim
