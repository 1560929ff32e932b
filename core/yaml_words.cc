#include "core/yaml_words.h"

#include <algorithm>
#include <cctype>

namespace convanim {
namespace {

std::string Lower(const std::string& s) {
  std::string out = s;
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
// adjacent letters each cost 1.
std::size_t EditDistance(const std::string& a, const std::string& b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[n][m];
}

}  // namespace

std::string ClosestWord(const std::string& word, const std::vector<std::string>& known) {
  // Typos are short; a long string is free text, and the distance table stays small.
  if (word.empty() || word.size() > 64) return std::string();
  const std::string lower = Lower(word);
  std::string best;
  std::size_t best_distance = std::string::npos;
  for (const std::string& candidate : known) {
    const std::size_t distance = EditDistance(lower, Lower(candidate));
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  const std::size_t longer = std::max(word.size(), best.size());
  const std::size_t allowed = std::max<std::size_t>(longer >= 6 ? 2 : 1, longer / 3);
  if (best_distance <= allowed) return best;

  std::string prefix_match;
  int prefix_matches = 0;
  if (lower.size() >= 3) {
    for (const std::string& candidate : known) {
      if (Lower(candidate).compare(0, lower.size(), lower) == 0) {
        prefix_match = candidate;
        ++prefix_matches;
      }
    }
  }
  return prefix_matches == 1 ? prefix_match : std::string();
}

std::string JoinWords(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " or " : ", ";
    out += words[i];
  }
  return out;
}

}  // namespace convanim
