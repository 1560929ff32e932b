// How numbers are written in pictures.
#pragma once

#include <string>

namespace convanim {

// A value with exactly `decimals` digits after the point ("12.0"); negative numbers
// with a typographic minus, and never "-0.0".
std::string FormatFixed(double value, int decimals);

// The shortest of up to two decimals that shows `value` ("2", "0.5", "1.25"; 1/3 as
// "0.33"). The guide's style for inputs and kernel weights.
std::string FormatCompact(double value);

}  // namespace convanim
