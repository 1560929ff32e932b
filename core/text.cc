#include "core/text.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>

namespace convanim {
namespace text {
namespace {

// Decodes the character at s[at]. Returns its length in bytes, or 0 when the bytes there
// are not well-formed UTF-8 (RFC 3629, Table 3-7 of the Unicode standard).
std::size_t Decode(std::string_view s, std::size_t at, char32_t* code) {
  const auto byte = [&](std::size_t i) { return static_cast<uint8_t>(s[at + i]); };
  const uint8_t b0 = byte(0);
  if (b0 < 0x80) {
    *code = b0;
    return 1;
  }
  std::size_t length = 0;
  uint8_t low = 0x80, high = 0xBF;  // the allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3;
    if (b0 == 0xE0) low = 0xA0;   // overlong
    if (b0 == 0xED) high = 0x9F;  // surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4;
    if (b0 == 0xF0) low = 0x90;   // overlong
    if (b0 == 0xF4) high = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (at + length > s.size()) return 0;
  if (byte(1) < low || byte(1) > high) return 0;
  char32_t c = b0 & (0xFF >> (length + 1));
  c = (c << 6) | (byte(1) & 0x3F);
  for (std::size_t i = 2; i < length; ++i) {
    if (byte(i) < 0x80 || byte(i) > 0xBF) return 0;
    c = (c << 6) | (byte(i) & 0x3F);
  }
  *code = c;
  return length;
}

bool IsBidiControl(char32_t c) {
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

}  // namespace

std::size_t FirstInvalidUtf8(std::string_view s) {
  char32_t code = 0;
  for (std::size_t at = 0; at < s.size();) {
    const std::size_t length = Decode(s, at, &code);
    if (length == 0) return at;
    at += length;
  }
  return kNone;
}

std::size_t CountCharacters(std::string_view s) {
  std::size_t count = 0;
  for (char c : s) {
    if ((static_cast<uint8_t>(c) & 0xC0) != 0x80) ++count;  // not a continuation byte
  }
  return count;
}

bool IsControl(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

std::size_t FirstControl(std::string_view s, std::string_view allowed, char32_t* code) {
  for (std::size_t at = 0; at < s.size();) {
    const std::size_t length = Decode(s, at, code);
    if (length == 0) {
      ++at;
      continue;
    }
    if (IsControl(*code) && (*code >= 0x80 || allowed.find(static_cast<char>(*code)) == kNone)) {
      return at;
    }
    at += length;
  }
  return kNone;
}

std::string EscapedCharacter(char32_t c) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "\\u%04X", static_cast<unsigned>(c));
  return buffer;
}

std::string Printable(std::string_view s, std::size_t max_characters) {
  std::string out;
  out.reserve(s.size());
  std::size_t characters = 0;
  for (std::size_t at = 0; at < s.size();) {
    if (characters == max_characters) {
      out += "...";
      break;
    }
    ++characters;
    char32_t code = 0;
    const std::size_t length = Decode(s, at, &code);
    if (length == 0) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\x%02X",
                    static_cast<unsigned>(static_cast<uint8_t>(s[at])));
      out += buffer;
      ++at;
      continue;
    }
    if (IsControl(code) || IsBidiControl(code)) {
      out += EscapedCharacter(code);
    } else {
      out.append(s.substr(at, length));
    }
    at += length;
  }
  return out;
}

bool IsPrintable(std::string_view s) { return Printable(s) == s; }

// The place of byte `offset` of `text` (columns count bytes, as yaml-cpp's do).
namespace {

SourceLocation PlaceOf(const std::string& text, std::size_t offset, const std::string& source) {
  const std::size_t line_start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  const std::size_t column =
      line_start == std::string::npos || offset == 0 ? offset : offset - line_start - 1;
  const auto line =
      std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n');
  return SourceLocation{source, static_cast<int>(line + 1), static_cast<int>(column + 1)};
}

}  // namespace

// A scene or figure file is UTF-8 text (YAML's other encodings, UTF-16 and UTF-32, are refused
// with a hint) without control characters other than tab, line feed and carriage return.
bool IsNoncharacter(char32_t c) {
  return (c >= 0xFDD0 && c <= 0xFDEF) || ((c & 0xFFFE) == 0xFFFE && c <= 0x10FFFF);
}

std::string TextFault(std::string_view s, const TextRule& rule) {
  std::size_t characters = 0;
  char32_t c = 0;
  for (std::size_t at = 0; at < s.size();) {
    const std::size_t length = Decode(s, at, &c);
    if (length == 0) {
      return "is not valid UTF-8 text (byte " + std::to_string(at + 1) +
             " is not part of a character)";
    }
    at += length;
    ++characters;
    if (c == '\t' || (c == '\n' && rule.line_breaks)) continue;
    if (IsControl(c)) {
      return "holds the control character " + EscapedCharacter(c) +
             (rule.line_breaks ? " (only tabs and line breaks may appear in text)"
                               : " (only tabs may appear in this text; it is one line)");
    }
    if (IsNoncharacter(c)) {
      char code[16];
      std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(c));
      return std::string("holds the noncharacter ") + code + " (it is not text)";
    }
  }
  if (rule.max_characters != kNone && characters > rule.max_characters) {
    return "is " + std::to_string(characters) + " characters long, more than the limit of " +
           std::to_string(rule.max_characters);
  }
  return std::string();
}

std::string TabsAsSpaces(std::string s) {
  std::replace(s.begin(), s.end(), '\t', ' ');
  return s;
}

Status CheckFileCharacters(const std::string& text, const std::string& source) {
  const std::size_t invalid = FirstInvalidUtf8(text);
  if (invalid != kNone) {
    const bool utf16 = text.size() >= 2 && ((text[0] == '\xFF' && text[1] == '\xFE') ||
                                            (text[0] == '\xFE' && text[1] == '\xFF'));
    std::string message = "the file is not valid UTF-8 text: byte " +
                          Printable(text.substr(invalid, 1)) + " is not part of a character";
    if (utf16 || (text.size() >= 2 && (text[0] == '\0' || text[1] == '\0'))) {
      message += " (the file looks like UTF-16 or UTF-32; save it as UTF-8)";
    }
    return Status::InvalidScene(message, PlaceOf(text, invalid, source));
  }
  char32_t control = 0;
  const std::size_t at = FirstControl(text, "\t\n\r", &control);
  if (at != kNone) {
    return Status::InvalidScene("the file holds the control character " +
                                    EscapedCharacter(control) +
                                    "; a scene or figure file may hold tabs and line breaks only",
                                PlaceOf(text, at, source));
  }
  return Status::Ok();
}

Status CheckLineLengths(const std::string& text, const std::string& source, int64_t max_bytes,
                        const std::string& advice) {
  int64_t line = 1;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const int64_t length = static_cast<int64_t>(end - start);
    if (length > max_bytes) {
      return Status::InvalidScene(
          "line " + std::to_string(line) + " is " + std::to_string(length) +
              " bytes long, more than the limit of " + std::to_string(max_bytes) + "; " + advice,
          SourceLocation{source, static_cast<int>(line), static_cast<int>(max_bytes + 1)});
    }
    start = end + 1;
    ++line;
  }
  return Status::Ok();
}

}  // namespace text
}  // namespace convanim
