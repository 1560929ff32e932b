// The fonts text is measured and drawn with: Latin Modern Roman (the guide's font),
// then DejaVu Serif and DejaVu Sans for what it lacks (Greek, mathematical symbols,
// subscripts, arrows), all compiled into the binary (assets/fonts/, licences there),
// and optionally font files a user names (for other scripts, e.g. CJK), tried after
// Latin Modern. Each character is drawn with the first font that has it; a character
// none has is an error naming it, never a silent gap.
//
// FreeType only (no Cairo): the renderer measures with it, the exporters draw with the
// same faces (the painter through cairo-ft, SVG through subsets of the same files), so
// every format lays text out alike. Glyph positions use unhinted advances without
// kerning, so they depend only on the font bytes. Thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace convanim {

class Fonts {
 public:
  // The embedded fonts alone, loaded once. Null only if FreeType failed (reported by
  // EmbeddedStatus()).
  static std::shared_ptr<const Fonts> Embedded();
  static Status EmbeddedStatus();
  // The embedded fonts with `files` tried after Latin Modern, in order. A missing or
  // unreadable file is Status::InvalidScene naming it.
  // `system` adds fonts found on this machine (FindSystemFont) after `files`.
  struct SystemFont {
    std::string path;
    unsigned index = 0;  // the face in a font collection (.ttc)
  };
  static Status Load(const std::vector<std::string>& files, std::shared_ptr<const Fonts>* out,
                     const std::vector<SystemFont>& system = {});
  // The font fontconfig picks for text in `language` (a BCP 47 tag: "zh" asks for
  // Simplified Chinese), serif first; false when fontconfig finds none for it.
  static bool FindSystemFont(const std::string& language, SystemFont* out);

  ~Fonts();
  Fonts(const Fonts&) = delete;
  Fonts& operator=(const Fonts&) = delete;

  struct Glyph {
    int face = 0;        // index into the faces below
    uint32_t index = 0;  // glyph index in that face
    uint32_t codepoint = 0;
    double x_em = 0.0;  // pen position from the text's start, in ems
  };
  // Lays `utf8` out on one line. Returns false when a character is in no font (its code
  // point in *missing) or the text is not valid UTF-8 (*missing = 0xFFFFFFFF).
  bool Layout(const std::string& utf8, std::vector<Glyph>* glyphs, double* advance_em,
              uint32_t* missing = nullptr) const;

  // Width of `utf8` at `size` pixels per em (characters no font has count as 0.5 em).
  double Advance(const std::string& utf8, double size) const;

  // Ok, or InvalidScene "<what> has the character 'x' (U+XXXX), which none of the fonts
  // (Latin Modern Roman, DejaVu Serif, DejaVu Sans, ...) has; name a font file that
  // has it with --font or style.font", or a message about invalid UTF-8.
  Status CheckCovered(const std::string& utf8, const std::string& what) const;

  // Vertical metrics in ems, from the baseline (y down): the middle of the digits'
  // height (negative: above the baseline), the top of capitals, the bottom of
  // descenders.
  double digit_middle_em() const { return digit_middle_em_; }
  double ascent_em() const { return ascent_em_; }
  double descent_em() const { return descent_em_; }

  struct Face {
    std::string name;                  // "Latin Modern Roman", or the user file's family name
    std::string family;                // a CSS font-family name unique in this set ("convanim-0")
    std::vector<unsigned char> bytes;  // the whole font file
    unsigned index = 0;                // the face in the file (a collection: .ttc)
    void* ft_face = nullptr;           // FT_Face for measuring (this class's own)
  };
  int face_count() const { return static_cast<int>(faces_.size()); }
  const Face& face(int i) const { return faces_[static_cast<std::size_t>(i)]; }

 private:
  Fonts() = default;
  Status AddFace(std::vector<unsigned char> bytes, const std::string& label, unsigned index = 0);
  struct CharInfo {
    int face = -1;
    uint32_t index = 0;
    double advance_em = 0.0;
  };
  const CharInfo& Lookup(uint32_t codepoint) const;

  void* library_ = nullptr;  // FT_Library
  std::vector<Face> faces_;
  double digit_middle_em_ = -0.33, ascent_em_ = 0.7, descent_em_ = 0.25;
  mutable std::mutex mutex_;
  mutable std::unordered_map<uint32_t, CharInfo> cache_;
};

// Decodes UTF-8; false on invalid input (overlong forms, surrogates, > U+10FFFF).
bool DecodeUtf8(const std::string& utf8, std::vector<uint32_t>* codepoints);
std::string EncodeUtf8(uint32_t codepoint);

}  // namespace convanim
