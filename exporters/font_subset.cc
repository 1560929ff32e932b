#include "exporters/font_subset.h"

#include <hb-subset.h>
#include <hb.h>

namespace convanim {

std::string Base64(const std::string& bytes) {
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const uint32_t v = (static_cast<uint8_t>(bytes[i]) << 16) |
                       (static_cast<uint8_t>(bytes[i + 1]) << 8) |
                       static_cast<uint8_t>(bytes[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i < bytes.size()) {
    uint32_t v = static_cast<uint8_t>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<uint8_t>(bytes[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

namespace {

std::string MimeOf(const std::string& bytes) {
  const bool cff = bytes.size() >= 4 && bytes.compare(0, 4, "OTTO") == 0;
  return cff ? "font/otf" : "font/ttf";
}

// The subset, or "" when HarfBuzz cannot make one.
std::string Subset(const Fonts::Face& face, const std::set<uint32_t>& codepoints) {
  hb_blob_t* blob = hb_blob_create(reinterpret_cast<const char*>(face.bytes.data()),
                                   static_cast<unsigned int>(face.bytes.size()),
                                   HB_MEMORY_MODE_READONLY, nullptr, nullptr);
  hb_face_t* source = hb_face_create(blob, face.index);
  hb_blob_destroy(blob);
  hb_subset_input_t* input = hb_subset_input_create_or_fail();
  if (input == nullptr) {
    hb_face_destroy(source);
    return std::string();
  }
  hb_set_t* unicodes = hb_subset_input_unicode_set(input);
  for (uint32_t cp : codepoints) hb_set_add(unicodes, cp);
  hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_DESUBROUTINIZE);
  // Text is laid out without kerning or ligatures (renderer/fonts.h): no layout tables.
  hb_set_t* dropped = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
  for (const char* tag : {"GSUB", "GPOS", "GDEF", "kern", "BASE", "JSTF", "MATH", "DSIG"}) {
    hb_set_add(dropped, hb_tag_from_string(tag, -1));
  }
  hb_face_t* subset = hb_subset_or_fail(source, input);
  hb_subset_input_destroy(input);
  hb_face_destroy(source);
  if (subset == nullptr) return std::string();
  hb_blob_t* result = hb_face_reference_blob(subset);
  unsigned int length = 0;
  const char* data = hb_blob_get_data(result, &length);
  std::string bytes(data != nullptr ? data : "", data != nullptr ? length : 0);
  hb_blob_destroy(result);
  hb_face_destroy(subset);
  return bytes;
}

}  // namespace

Status SubsetFont(const Fonts::Face& face, const std::set<uint32_t>& codepoints, FontSubset* out) {
  std::string bytes = Subset(face, codepoints);
  // A font FreeType reads (so PNG, GIF, MP4 and PDF draw it) but HarfBuzz cannot subset
  // (a damaged or unusual table) is embedded whole: every format accepts the same fonts.
  if (bytes.empty()) {
    bytes.assign(face.bytes.begin(), face.bytes.end());
    out->whole = true;
  }
  out->mime = MimeOf(bytes);
  out->base64 = Base64(bytes);
  return Status::Ok();
}

}  // namespace convanim
