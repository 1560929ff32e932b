#include "renderer/fonts.h"

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_ADVANCES_H
#include FT_SFNT_NAMES_H

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <iterator>

#include "core/file_io.h"
#include "core/limits.h"
#include "renderer/embedded_file.h"

namespace convanim {

// assets/fonts/, in fallback order (renderer/CMakeLists.txt).
extern const EmbeddedFile kEmbeddedFonts[];
extern const std::size_t kEmbeddedFonts_count;

namespace {

constexpr uint32_t kInvalidUtf8 = 0xFFFFFFFF;

std::string CodepointText(uint32_t codepoint) {
  char hex[16];
  std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(codepoint));
  return hex;
}

struct EmbeddedState {
  Status status;
  std::shared_ptr<const Fonts> fonts;
};

}  // namespace

bool DecodeUtf8(const std::string& utf8, std::vector<uint32_t>* codepoints) {
  codepoints->clear();
  const auto* s = reinterpret_cast<const unsigned char*>(utf8.data());
  const std::size_t n = utf8.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned char c = s[i];
    uint32_t cp = 0;
    int extra = 0;
    if (c < 0x80) {
      cp = c;
    } else if (c >= 0xC2 && c <= 0xDF) {
      cp = c & 0x1Fu;
      extra = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      cp = c & 0x0Fu;
      extra = 2;
    } else if (c >= 0xF0 && c <= 0xF4) {
      cp = c & 0x07u;
      extra = 3;
    } else {
      return false;
    }
    if (i + static_cast<std::size_t>(extra) >= n && extra > 0) return false;
    for (int k = 1; k <= extra; ++k) {
      const unsigned char follow = s[i + static_cast<std::size_t>(k)];
      if ((follow & 0xC0u) != 0x80u) return false;
      cp = (cp << 6) | (follow & 0x3Fu);
    }
    if ((extra == 2 && cp < 0x800) || (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    codepoints->push_back(cp);
    i += static_cast<std::size_t>(extra) + 1;
  }
  return true;
}

std::string EncodeUtf8(uint32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

Fonts::~Fonts() {
  for (Face& face : faces_) {
    if (face.ft_face != nullptr) FT_Done_Face(static_cast<FT_Face>(face.ft_face));
  }
  if (library_ != nullptr) FT_Done_FreeType(static_cast<FT_Library>(library_));
}

Status Fonts::AddFace(std::vector<unsigned char> bytes, const std::string& label, unsigned index) {
  Face face;
  face.bytes = std::move(bytes);
  face.index = index;
  FT_Face ft = nullptr;
  if (FT_New_Memory_Face(static_cast<FT_Library>(library_), face.bytes.data(),
                         static_cast<FT_Long>(face.bytes.size()), static_cast<FT_Long>(index),
                         &ft) != 0) {
    return Status::InvalidScene(label + " is not a font file FreeType can read");
  }
  if (FT_Select_Charmap(ft, FT_ENCODING_UNICODE) != 0) {
    FT_Done_Face(ft);
    return Status::InvalidScene(label + " has no Unicode character map");
  }
  face.ft_face = ft;
  face.name = ft->family_name != nullptr ? ft->family_name : label;
  face.family = "convanim-" + std::to_string(faces_.size());
  faces_.push_back(std::move(face));
  return Status::Ok();
}

namespace {
const EmbeddedState& Embedded() {
  static const EmbeddedState* state = [] {
    auto* result = new EmbeddedState();
    result->status = Fonts::Load({}, &result->fonts);
    return result;
  }();
  return *state;
}
}  // namespace

std::shared_ptr<const Fonts> Fonts::Embedded() { return convanim::Embedded().fonts; }

Status Fonts::EmbeddedStatus() { return convanim::Embedded().status; }

bool Fonts::FindSystemFont(const std::string& language, SystemFont* out) {
  // fontconfig's language names: zh-cn for Simplified Chinese, else the tag as given.
  std::string lang = language == "zh" || language == "zh-Hans" ? "zh-cn" : language;
  std::transform(lang.begin(), lang.end(), lang.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  FcConfig* config = FcInitLoadConfigAndFonts();
  if (config == nullptr) return false;
  bool found = false;
  FcPattern* pattern = FcPatternCreate();
  FcLangSet* langs = FcLangSetCreate();
  FcLangSetAdd(langs, reinterpret_cast<const FcChar8*>(lang.c_str()));
  FcPatternAddLangSet(pattern, FC_LANG, langs);
  FcPatternAddString(pattern, FC_FAMILY, reinterpret_cast<const FcChar8*>("serif"));
  FcConfigSubstitute(config, pattern, FcMatchPattern);
  FcDefaultSubstitute(pattern);
  FcResult result = FcResultNoMatch;
  FcPattern* match = FcFontMatch(config, pattern, &result);
  if (match != nullptr) {
    // The match must support the language: fontconfig returns its best font even when
    // no installed font has the script.
    FcLangSet* supported = nullptr;
    FcChar8* file = nullptr;
    int index = 0;
    if (FcPatternGetLangSet(match, FC_LANG, 0, &supported) == FcResultMatch &&
        FcLangSetHasLang(supported, reinterpret_cast<const FcChar8*>(lang.c_str())) !=
            FcLangDifferentLang &&
        FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch && file != nullptr) {
      FcPatternGetInteger(match, FC_INDEX, 0, &index);
      out->path = reinterpret_cast<const char*>(file);
      out->index = static_cast<unsigned>(std::max(0, index));
      found = true;
    }
    FcPatternDestroy(match);
  }
  FcLangSetDestroy(langs);
  FcPatternDestroy(pattern);
  FcConfigDestroy(config);
  return found;
}

Status Fonts::Load(const std::vector<std::string>& files, std::shared_ptr<const Fonts>* out,
                   const std::vector<SystemFont>& system) {
  std::shared_ptr<Fonts> fonts(new Fonts());
  FT_Library library = nullptr;
  if (FT_Init_FreeType(&library) != 0) return Status::Internal("FreeType could not start");
  fonts->library_ = library;
  for (std::size_t i = 0; i < kEmbeddedFonts_count; ++i) {
    const EmbeddedFile& file = kEmbeddedFonts[i];
    Status status = fonts->AddFace(std::vector<unsigned char>(file.data, file.data + file.size),
                                   std::string("the embedded font ") + file.name);
    if (!status.ok()) return Status::Internal(status.message());
    if (i == 0) {
      // User fonts come right after Latin Modern: their scripts, the guide's Latin.
      for (const std::string& path : files) {
        std::string text;
        status = file_io::ReadRegularFile(path, limits::kMaxFontFileBytes, "the font file", &text);
        if (!status.ok()) return Status::InvalidScene(status.message());
        std::vector<unsigned char> bytes(text.begin(), text.end());
        status = fonts->AddFace(std::move(bytes), "the font file '" + path + "'");
        if (!status.ok()) return status;
      }
      for (const SystemFont& font : system) {
        std::string text;
        status =
            file_io::ReadRegularFile(font.path, limits::kMaxFontFileBytes, "the font file", &text);
        if (!status.ok()) return Status::InvalidScene(status.message());
        std::vector<unsigned char> bytes(text.begin(), text.end());
        status = fonts->AddFace(std::move(bytes), "the font file '" + font.path + "'", font.index);
        if (!status.ok()) return status;
      }
    }
  }
  // Metrics of the first face: the digits' middle and the capitals' top.
  FT_Face first = static_cast<FT_Face>(fonts->faces_.front().ft_face);
  const double units = first->units_per_EM > 0 ? first->units_per_EM : 1000.0;
  double digit_top = 0.0;
  for (char digit = '0'; digit <= '9'; ++digit) {
    const FT_UInt glyph = FT_Get_Char_Index(first, static_cast<FT_ULong>(digit));
    if (glyph != 0 && FT_Load_Glyph(first, glyph, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING) == 0) {
      digit_top = std::max(digit_top, static_cast<double>(first->glyph->metrics.horiBearingY));
    }
  }
  if (digit_top > 0) fonts->digit_middle_em_ = -digit_top / units / 2.0;
  fonts->ascent_em_ = first->ascender / units;
  fonts->descent_em_ = -first->descender / units;
  *out = fonts;
  return Status::Ok();
}

const Fonts::CharInfo& Fonts::Lookup(uint32_t codepoint) const {
  // Callers hold mutex_.
  auto found = cache_.find(codepoint);
  if (found != cache_.end()) return found->second;
  CharInfo info;
  for (std::size_t f = 0; f < faces_.size(); ++f) {
    FT_Face face = static_cast<FT_Face>(faces_[f].ft_face);
    const FT_UInt glyph = FT_Get_Char_Index(face, codepoint);
    if (glyph == 0) continue;
    FT_Fixed advance = 0;
    FT_Get_Advance(face, glyph, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING, &advance);
    info.face = static_cast<int>(f);
    info.index = glyph;
    info.advance_em =
        static_cast<double>(advance) / (face->units_per_EM > 0 ? face->units_per_EM : 1000);
    break;
  }
  return cache_.emplace(codepoint, info).first->second;
}

bool Fonts::Layout(const std::string& utf8, std::vector<Glyph>* glyphs, double* advance_em,
                   uint32_t* missing) const {
  glyphs->clear();
  *advance_em = 0.0;
  std::vector<uint32_t> codepoints;
  if (!DecodeUtf8(utf8, &codepoints)) {
    if (missing != nullptr) *missing = kInvalidUtf8;
    return false;
  }
  bool ok = true;
  std::lock_guard<std::mutex> lock(mutex_);
  for (uint32_t cp : codepoints) {
    const CharInfo& info = Lookup(cp);
    if (info.face < 0) {
      if (ok && missing != nullptr) *missing = cp;
      ok = false;
      *advance_em += 0.5;
      continue;
    }
    glyphs->push_back(Glyph{info.face, info.index, cp, *advance_em});
    *advance_em += info.advance_em;
  }
  return ok;
}

double Fonts::Advance(const std::string& utf8, double size) const {
  std::vector<Glyph> glyphs;
  double advance = 0.0;
  Layout(utf8, &glyphs, &advance);
  return advance * size;
}

Status Fonts::CheckCovered(const std::string& utf8, const std::string& what) const {
  std::vector<Glyph> glyphs;
  double advance = 0.0;
  uint32_t missing = 0;
  if (Layout(utf8, &glyphs, &advance, &missing)) return Status::Ok();
  if (missing == kInvalidUtf8) return Status::InvalidScene(what + " is not valid UTF-8");
  std::string names;
  for (const Face& face : faces_) names += (names.empty() ? "" : ", ") + face.name;
  return Status::InvalidScene(what + " has the character '" + EncodeUtf8(missing) + "' (" +
                              CodepointText(missing) + "), which none of the fonts (" + names +
                              ") has; name a font file that has it with --font or style.font");
}

}  // namespace convanim
