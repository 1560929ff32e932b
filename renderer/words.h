// The words the reader sees, from the message catalogs of assets/locales/ (one file per
// language, named by its BCP 47 tag: en.txt, ...; embedded in the binary). Every label,
// legend entry, parameter line, caption, alt text and `explain` line is a key of the
// catalog; code names the key and its placeholders, the catalog holds the words:
//   const Words& words = Words::English();
//   words.Say("label.output_channel", {{"channel", "2"}, {"channels", "3"}})
//     -> "output channel 2 of 3"
// Placeholders are by name ({channel}), so another language can reorder them.
//
// The file format (assets/locales/README.md): one entry a line, `key = text`; the text is
// everything after the first " = " up to the end of the line, with leading and trailing
// blanks dropped (a text written in double quotes, "like this ", keeps its quotes' inside
// verbatim, blanks included); `#` starts a comment line; blank lines are ignored; "{name}" is
// filled with the argument `name`, "{{" and "}}" write a brace. A key missing from a language falls
// back to English.
//
// Messages on standard error (refusals, notes) are for the scene's author and go into bug
// reports: they stay English and are not in the catalogs.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace convanim {

// The arguments of Words::Say: placeholder name and its text.
using WordArgs = std::vector<std::pair<std::string_view, std::string>>;

class Words {
 public:
  // The catalog of assets/locales/en.txt.
  static const Words& English();
  // The catalog of BCP 47 tag `tag` (a file name of assets/locales/ without .txt, or a tag
  // its `language.also` names: zh-Hans is zh), or null.
  static const Words* Find(const std::string& tag);
  // The languages there are catalogs for, sorted ("en", ...).
  static std::vector<std::string> Languages();

  // Reads a catalog's text; `name` names it in errors ("en.txt:12: ...").
  static Status Parse(const std::string& text, const std::string& name, Words* out);

  // The text of `key` with its placeholders filled. A key this catalog lacks falls back to
  // English; a key English lacks too is written as "[key]" (tests/words_test.cc checks
  // that every key the code names exists).
  std::string Say(std::string_view key, const WordArgs& args = {}) const;

  bool Has(std::string_view key) const { return entries_.count(std::string(key)) > 0; }
  const std::string& language() const { return language_; }
  // Every key and its raw text (placeholders unfilled).
  const std::map<std::string, std::string>& entries() const { return entries_; }
  // The catalog asked for the keys this one lacks (English, for every other language).
  void set_fallback(const Words* fallback) { fallback_ = fallback; }

 private:
  std::string language_;
  std::map<std::string, std::string> entries_;
  const Words* fallback_ = nullptr;
};

// Fills the placeholders of `text` ("{name}") from `args`; a placeholder without an
// argument stays as written.
std::string FillPlaceholders(std::string_view text, const WordArgs& args);

// The placeholder names of `text`, in order of appearance.
std::vector<std::string> PlaceholderNames(std::string_view text);

}  // namespace convanim
