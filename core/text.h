// Text from scene files: UTF-8 validity, and a printable form for messages (so that a
// hostile file cannot put terminal escapes, invalid UTF-8 or half a character on the
// user's terminal).
#pragma once

#include <cstddef>
#include <cstdint>
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

// A noncharacter: U+FDD0-U+FDEF and the last two code points of every plane (U+FFFE,
// U+FFFF, U+1FFFE, ..., U+10FFFF). XML forbids U+FFFE and U+FFFF; none of them is text.
bool IsNoncharacter(char32_t c);

// What one text key (a title, a caption, a figure caption) accepts.
struct TextRule {
  std::size_t max_characters = kNone;  // a limit in characters (code points)
  bool line_breaks = true;             // "\n" allowed (a tab always is: drawn as a space)
};

// The one gate for text a scene, a figure file or an option brings into an output: valid
// UTF-8, no control character (C0, DEL, C1) other than tab and, when the rule allows,
// line feed, no noncharacter, at most rule.max_characters characters. Returns "" when the
// text passes, else why not, worded to follow the key's name ("holds the control
// character \u0001 ..."). The reason never quotes the text (it may be another file's).
std::string TextFault(std::string_view s, const TextRule& rule);

// Tabs replaced by spaces: how a drawn text (a title) shows a tab.
std::string TabsAsSpaces(std::string s);

// Checks that a scene or figure file is UTF-8 (UTF-16 and UTF-32 get a hint) without
// control characters other than tab, line feed and carriage return; the refusal
// (InvalidScene) names the line and column (in bytes) of the first offending byte.
Status CheckFileCharacters(const std::string& text, const std::string& source);

// InvalidScene at the first line of `text` longer than `max_bytes` (at its column
// max_bytes + 1), the message ending with `advice`.
Status CheckLineLengths(const std::string& text, const std::string& source, int64_t max_bytes,
                        const std::string& advice);

}  // namespace text
}  // namespace convanim
