// Spelling help for scene-file messages: the known word a typo most likely meant.
#pragma once

#include <string>
#include <vector>

namespace convanim {

// The word of `known` closest to `word` (case-insensitive edit distance, a swap of two
// neighbours counting as one edit), or "" when none is close enough to be a plausible
// typo: at most a third of the longer word may differ (at least one edit allowed, two
// for words of six letters or more). A word that is a prefix of exactly one known
// word of at least 3 letters ("transposed") also suggests that word.
std::string ClosestWord(const std::string& word, const std::vector<std::string>& known);

// "a, b or c", for messages that list the allowed words.
std::string JoinWords(const std::vector<std::string>& words);

}  // namespace convanim
