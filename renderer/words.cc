#include "renderer/words.h"

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "core/scene_keys.h"
#include "renderer/embedded_file.h"

namespace convanim {

extern const EmbeddedFile kEmbeddedLocales[];
extern const std::size_t kEmbeddedLocales_count;

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool IsKeyCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

// Every embedded catalog, read once; English falls back to nothing, the others to English.
struct Catalogs {
  std::map<std::string, std::unique_ptr<Words>> by_language;
};

const Catalogs& All() {
  static const Catalogs* catalogs = [] {
    auto* all = new Catalogs;
    for (std::size_t i = 0; i < kEmbeddedLocales_count; ++i) {
      const EmbeddedFile& file = kEmbeddedLocales[i];
      auto words = std::make_unique<Words>();
      const std::string text(reinterpret_cast<const char*>(file.data), file.size);
      const Status status = Words::Parse(text, file.name, words.get());
      if (!status.ok()) {
        // The build embeds the catalogs and tests/words_test.cc reads them: this is a bug.
        std::fprintf(stderr, "internal error: %s\n", status.message().c_str());
        std::abort();
      }
      all->by_language[words->language()] = std::move(words);
    }
    auto english = all->by_language.find("en");
    for (auto& [language, words] : all->by_language) {
      if (language != "en" && english != all->by_language.end()) {
        words->set_fallback(english->second.get());
      }
    }
    return all;
  }();
  return *catalogs;
}

}  // namespace

std::vector<std::string> PlaceholderNames(std::string_view text) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '{') continue;
    if (i + 1 < text.size() && text[i + 1] == '{') {
      ++i;
      continue;
    }
    const std::size_t end = text.find('}', i);
    if (end == std::string_view::npos) break;
    names.emplace_back(text.substr(i + 1, end - i - 1));
    i = end;
  }
  return names;
}

std::string FillPlaceholders(std::string_view text, const WordArgs& args) {
  std::string out;
  out.reserve(text.size() + 16);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
      out += c;
      ++i;
      continue;
    }
    if (c == '{') {
      const std::size_t end = text.find('}', i);
      if (end != std::string_view::npos) {
        const std::string_view name = text.substr(i + 1, end - i - 1);
        bool found = false;
        for (const auto& [arg, value] : args) {
          if (arg == name) {
            out += value;
            found = true;
            break;
          }
        }
        if (found) {
          i = end;
          continue;
        }
      }
    }
    out += c;
  }
  return out;
}

Status Words::Parse(const std::string& text, const std::string& name, Words* out) {
  out->entries_.clear();
  std::string language = name;
  if (language.size() > 4 && language.compare(language.size() - 4, 4, ".txt") == 0) {
    language.resize(language.size() - 4);
  }
  out->language_ = language;
  std::size_t start = 0;
  int line_number = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string_view line = Trim(std::string_view(text).substr(start, end - start));
    ++line_number;
    start = end + 1;
    if (line.empty() || line.front() == '#') continue;
    const std::string where = name + ":" + std::to_string(line_number) + ": ";
    const std::size_t equals = line.find(" = ");
    if (equals == std::string_view::npos) {
      return Status::InvalidScene(where + "expected 'key = text'");
    }
    const std::string_view key = Trim(line.substr(0, equals));
    for (char c : key) {
      if (!IsKeyCharacter(c)) {
        return Status::InvalidScene(where + "a key is made of a-z, 0-9, '_' and '.'");
      }
    }
    if (key.empty()) return Status::InvalidScene(where + "the key is empty");
    std::string_view value = Trim(line.substr(equals + 3));
    // "text" keeps its blanks: fragments such as " with 3 channels" that start with one.
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    if (!out->entries_.emplace(std::string(key), std::string(value)).second) {
      return Status::InvalidScene(where + "the key '" + std::string(key) + "' is given twice");
    }
    if (end == text.size()) break;
  }
  return Status::Ok();
}

const Words& Words::English() {
  static const Words* english = Find("en");
  if (english == nullptr) {
    std::fprintf(stderr, "internal error: no English catalog (assets/locales/en.txt)\n");
    std::abort();
  }
  return *english;
}

const Words* Words::Find(const std::string& tag) {
  const Catalogs& all = All();
  std::string language = tag;
  LanguageFromTag(tag, &language);  // zh-Hans: zh
  auto it = all.by_language.find(language);
  if (it == all.by_language.end()) return nullptr;
  return it->second.get();
}

std::vector<std::string> Words::Languages() {
  std::vector<std::string> languages;
  for (const auto& entry : All().by_language) languages.push_back(entry.first);
  return languages;
}

std::string Words::Say(std::string_view key, const WordArgs& args) const {
  auto it = entries_.find(std::string(key));
  if (it != entries_.end()) return FillPlaceholders(it->second, args);
  if (fallback_ != nullptr) return fallback_->Say(key, args);
  return "[" + std::string(key) + "]";
}

}  // namespace convanim
