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

std::string Printf(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
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
