// Spelling help for scene-file messages: the known word a typo most likely meant.
#pragma once

#include <cstddef>
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

// The words of an enum's `values`, in their order, as its `name` function spells them
// (e.g. OperationName): so a word list and the enum's names are written once.
template <typename T, std::size_t N>
std::vector<std::string> WordsOf(const T (&values)[N], const char* (*name)(T)) {
  std::vector<std::string> words;
  for (T value : values) words.push_back(name(value));
  return words;
}

}  // namespace convanim
