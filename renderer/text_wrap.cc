#include "renderer/text_wrap.h"

namespace convanim {
namespace {

// Decodes the UTF-8 sequence at text[*i] (advancing *i past it); invalid bytes decode as
// themselves.
char32_t Next(const std::string& text, std::size_t* i) {
  const unsigned char lead = static_cast<unsigned char>(text[*i]);
  int length = lead < 0x80           ? 1
               : (lead >> 5) == 0x6  ? 2
               : (lead >> 4) == 0xE  ? 3
               : (lead >> 3) == 0x1E ? 4
                                     : 1;
  if (*i + static_cast<std::size_t>(length) > text.size()) length = 1;
  char32_t c = length == 1 ? lead : lead & (0x3F >> (length - 1));
  for (int k = 1; k < length; ++k) c = (c << 6) | (static_cast<unsigned char>(text[*i + k]) & 0x3F);
  *i += static_cast<std::size_t>(length);
  return c;
}

bool IsBlank(char32_t c) { return c == ' ' || c == '\t' || c == '\n'; }

// Characters a line may break before and after (UAX #14's ID class, roughly): CJK
// ideographs, kana, hangul, fullwidth forms.
bool IsIdeographic(char32_t c) {
  return (c >= 0x2E80 && c <= 0x2FFF) || (c >= 0x3040 && c <= 0x30FF) ||
         (c >= 0x3100 && c <= 0x31FF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF01 && c <= 0xFF60) ||
         (c >= 0x20000 && c <= 0x3FFFF);
}

// No break before these (UAX #14's CL, CP, EX, IS and the CJK ones of NS).
bool IsClosing(char32_t c) {
  switch (c) {
    case ')':
    case ']':
    case '}':
    case ',':
    case '.':
    case ';':
    case ':':
    case '!':
    case '?':
    case 0x3001:
    case 0x3002:
    case 0xFF0C:
    case 0xFF0E:
    case 0xFF1A:
    case 0xFF1B:
    case 0xFF01:
    case 0xFF1F:
    case 0xFF09:
    case 0xFF3D:
    case 0xFF5D:
    case 0x300D:
    case 0x300F:
    case 0x3011:
    case 0x300B:
    case 0x3009:
    case 0x3015:
    case 0x3017:
    case 0x201D:
    case 0x2019:
    case 0x30FB:
    case 0x30FC:
    case 0x2026:
      return true;
    default:
      return false;
  }
}

// No break after these (UAX #14's OP and the opening quotation marks).
bool IsOpening(char32_t c) {
  switch (c) {
    case 0xFF08:
    case 0xFF3B:
    case 0xFF5B:
    case 0x300C:
    case 0x300E:
    case 0x3010:
    case 0x300A:
    case 0x3008:
    case 0x3014:
    case 0x3016:
    case 0x201C:
    case 0x2018:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::vector<WrapUnit> BreakUnits(const std::string& text) {
  std::vector<WrapUnit> units;
  WrapUnit unit;
  bool blank_before = false;
  char32_t last = 0;  // the last character of `unit`
  auto finish = [&]() {
    if (!unit.text.empty()) units.push_back(std::move(unit));
    unit = WrapUnit();
  };
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t start = i;
    const char32_t c = Next(text, &i);
    if (IsBlank(c)) {
      finish();
      blank_before = true;
      continue;
    }
    // A break between the unit so far and c: at CJK characters on either side, unless c
    // closes or the unit ends in an opening mark.
    if (!unit.text.empty() && (IsIdeographic(c) || IsIdeographic(last)) && !IsClosing(c) &&
        !IsOpening(last)) {
      finish();
    }
    if (unit.text.empty()) {
      unit.space_before = blank_before && !units.empty();
      blank_before = false;
    }
    unit.text.append(text, start, i - start);
    last = c;
  }
  finish();
  return units;
}

std::string JoinUnits(const std::vector<WrapUnit>& units) {
  std::string line;
  for (std::size_t n = 0; n < units.size(); ++n) {
    if (n > 0 && units[n].space_before) line += ' ';
    line += units[n].text;
  }
  return line;
}

namespace {

// The units, each one wider than `width` cut between characters into pieces that fit (the
// last resort, as CSS's overflow-wrap: a word wider than the line is broken, never cut off at
// the picture's edge). The pieces after the first of a word join it with no space.
std::vector<WrapUnit> FitUnits(const Fonts& fonts, const std::vector<WrapUnit>& units, double width,
                               double size) {
  std::vector<WrapUnit> out;
  for (const WrapUnit& unit : units) {
    if (fonts.Advance(unit.text, size) <= width) {
      out.push_back(unit);
      continue;
    }
    WrapUnit piece;
    piece.space_before = unit.space_before;
    std::size_t at = 0;
    while (at < unit.text.size()) {
      std::size_t next = at + 1;  // one character: its UTF-8 continuation bytes with it
      while (next < unit.text.size() &&
             (static_cast<unsigned char>(unit.text[next]) & 0xC0) == 0x80) {
        ++next;
      }
      const std::string longer = piece.text + unit.text.substr(at, next - at);
      if (!piece.text.empty() && fonts.Advance(longer, size) > width) {
        out.push_back(piece);
        piece = WrapUnit();
        continue;  // the same character starts the next piece
      }
      piece.text = longer;
      at = next;
    }
    if (!piece.text.empty()) out.push_back(piece);
  }
  return out;
}

}  // namespace

std::vector<std::string> Wrap(const Fonts& fonts, const std::string& text, double size,
                              double width) {
  std::vector<std::string> lines;
  std::string line;
  for (const WrapUnit& unit : FitUnits(fonts, BreakUnits(text), width, size)) {
    if (line.empty()) {
      line = unit.text;
      continue;
    }
    const std::string candidate = line + (unit.space_before ? " " : "") + unit.text;
    if (fonts.Advance(candidate, size) > width) {
      lines.push_back(line);
      line = unit.text;
    } else {
      line = candidate;
    }
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

std::vector<std::vector<WrapUnit>> WrapUnits(const Fonts& fonts, const std::vector<WrapUnit>& units,
                                             double width, double size) {
  std::vector<std::vector<WrapUnit>> lines;
  const double space = fonts.Advance(" ", size);
  double used = 0;
  for (const WrapUnit& unit : FitUnits(fonts, units, width, size)) {
    const double w = fonts.Advance(unit.text, size);
    const double gap = unit.space_before ? space : 0.0;
    if (!lines.empty() && !lines.back().empty() && used + gap + w <= width) {
      lines.back().push_back(unit);
      used += gap + w;
    } else {
      lines.push_back({unit});
      used = w;
    }
  }
  return lines;
}

}  // namespace convanim
