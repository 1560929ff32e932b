#include "app/commands.h"

#include <algorithm>

namespace convanim {

const std::vector<Command>& Commands() {
  static const std::vector<Command> commands = {
      {"render", "render a scene to GIF, MP4, PNG, PDF, SVG or numbered PNGs", RunRender},
      {"guide", "regenerate every animation and figure of the guide", RunGuide},
      {"eval", "print a scene's numbers (input, kernel, output, steps) as JSON", RunEval},
      {"check", "validate scene files (and folders of them)", RunCheck},
      {"explain", "output size, the guide's Relationship and its formula for i, k, s, p, d",
       RunExplain},
  };
  return commands;
}

std::string SuggestClosest(const std::string& word, const std::vector<std::string>& known) {
  std::string best;
  std::size_t best_distance = std::string::npos;
  for (const std::string& candidate : known) {
    // Levenshtein distance, two rows.
    std::vector<std::size_t> previous(candidate.size() + 1), current(candidate.size() + 1);
    for (std::size_t j = 0; j <= candidate.size(); ++j) previous[j] = j;
    for (std::size_t i = 1; i <= word.size(); ++i) {
      current[0] = i;
      for (std::size_t j = 1; j <= candidate.size(); ++j) {
        const std::size_t substitution = previous[j - 1] + (word[i - 1] == candidate[j - 1] ? 0 : 1);
        current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
      }
      std::swap(previous, current);
    }
    if (previous[candidate.size()] < best_distance) {
      best_distance = previous[candidate.size()];
      best = candidate;
    }
  }
  // Plausible typos only: at most a third of the word changed (and at least one edit allowed).
  const std::size_t allowed = std::max<std::size_t>(1, std::max(word.size(), best.size()) / 3);
  return best_distance <= allowed ? best : std::string();
}

}  // namespace convanim
