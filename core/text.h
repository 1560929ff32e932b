// Text from scene files: UTF-8 validity, and a printable form for messages (so that a
// hostile file cannot put terminal escapes, invalid UTF-8 or half a character on the
// user's terminal).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/status.h"

namespace convanim {
namespace text {

constexpr std::size_t kNone = std::string_view::npos;

// Offset of the first byte that does not belong to a well-formed UTF-8 character
// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), or kNone.
std::size_t FirstInvalidUtf8(std::string_view s);
inline bool IsValidUtf8(std::string_view s) { return FirstInvalidUtf8(s) == kNone; }

// Characters (code points) of valid UTF-8 text.
std::size_t CountCharacters(std::string_view s);

// A control character: C0 (U+0000-U+001F), DEL (U+007F) or C1 (U+0080-U+009F).
bool IsControl(char32_t c);

// Offset of the first control character of valid UTF-8 text other than those in
// `allowed` (e.g. "\t\n"), or kNone; *code receives the character.
std::size_t FirstControl(std::string_view s, std::string_view allowed, char32_t* code);

// "\u009B" for a character, the way messages show it.
std::string EscapedCharacter(char32_t c);

// `s` made safe to print: control characters and the bidirectional controls
// (U+202A-U+202E, U+2066-U+2069) become \uXXXX, bytes that are not UTF-8 become \xHH.
// With max_characters, the text is cut after that many characters (never inside one)
// and "..." is appended.
std::string Printable(std::string_view s, std::size_t max_characters = kNone);

// True when Printable(s) == s.
bool IsPrintable(std::string_view s);

// Checks that a scene or figure file is UTF-8 (UTF-16 and UTF-32 get a hint) without
// control characters other than tab, line feed and carriage return; the refusal
// (InvalidScene) names the line and column (in bytes) of the first offending byte.
Status CheckFileCharacters(const std::string& text, const std::string& source);

}  // namespace text
}  // namespace convanim
