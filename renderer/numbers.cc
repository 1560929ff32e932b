#include "renderer/numbers.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace convanim {
namespace {

// Replaces a leading ASCII hyphen with the typographic minus (U+2212), and drops the
// sign of a number that prints as zero.
std::string WithMinus(std::string text) {
  if (text.empty() || text[0] != '-') return text;
  if (text.find_first_not_of("-0.") == std::string::npos) return text.substr(1);
  return "\xE2\x88\x92" + text.substr(1);
}

// `decimals` digits after the point, rounded half away from zero as people round by
// hand (0.3125 to 3 decimals is 0.313; printf would round the tie to even), judged on
// the decimal the value stands for (0.285 is 0.28499999999999998 in binary, still 0.29).
std::string Printf(double value, int decimals) {
  char buffer[64];
  const double scale = std::pow(10.0, decimals);
  const double scaled = value * scale;
  if (std::isfinite(scaled) && std::fabs(scaled) < 1e15) {
    const double nudged = scaled + std::copysign(std::fabs(scaled) * 1e-14, scaled);
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, std::round(nudged) / scale);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  }
  return buffer;
}

}  // namespace

std::string FormatFixed(double value, int decimals) {
  return WithMinus(Printf(value, std::clamp(decimals, 0, 12)));
}

bool ExactAt(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.15g", value);  // the decimal the value stands for
  const double clean = std::strtod(buffer, nullptr);
  const double shown = std::strtod(Printf(value, std::clamp(decimals, 0, 12)).c_str(), nullptr);
  return std::fabs(shown - clean) <= 1e-12 * std::fabs(clean);
}

std::string FormatShown(double value, int decimals) {
  return (ExactAt(value, decimals) ? "" : "\xE2\x89\x88") + FormatFixed(value, decimals);
}

std::string ResultText(double value, int decimals) {
  const std::string sign = ExactAt(value, decimals) ? "=" : "\xE2\x89\x88";  // ≈
  return sign + " " + FormatFixed(value, decimals);
}

std::string FormatCompact(double value) {
  const double tolerance = 1e-9 * std::max(1.0, std::fabs(value));
  for (int decimals = 0; decimals <= 2; ++decimals) {
    std::string text = Printf(value, decimals);
    if (std::fabs(std::strtod(text.c_str(), nullptr) - value) <= tolerance) return WithMinus(text);
  }
  std::string text = Printf(value, 2);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return WithMinus(text);
}

}  // namespace convanim
