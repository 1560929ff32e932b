// How numbers are written in pictures.
#pragma once

#include <string>

namespace convanim {

// A value with exactly `decimals` digits after the point ("12.0"), rounded half away
// from zero; negative numbers with a typographic minus, and never "-0.0".
std::string FormatFixed(double value, int decimals);

// The shortest of up to two decimals that shows `value` ("2", "0.5", "1.25"; 1/3 as
// "0.33"). The guide's style for inputs and kernel weights.
std::string FormatCompact(double value);

// Whether `value` is shown exactly by FormatFixed(value, decimals) (binary noise such as
// 0.1 + 0.2 aside).
bool ExactAt(double value, int decimals);

// A computed value in a cell: FormatFixed, with "\u2248" in front when the shown digits
// are not exact ("\u22483.67" for 11/3 at 2 decimals).
std::string FormatShown(double value, int decimals);

// A computed result after its name: "= 12.0" when the shown digits are exact, else
// "≈ 0.31" (the equation's right side, the step descriptions).
std::string ResultText(double value, int decimals);

}  // namespace convanim
