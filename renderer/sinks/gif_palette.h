// The GIF sink's palette: built from the colours actually drawn, so flat figures keep
// their exact colours and no dithering noise appears. Colours are 0xRRGGBB.
#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace convanim {
namespace sinks {

// Counts the pixels of each colour over every frame of the preview pass. Memory is
// bounded: at most kMaxDistinctColours colours are tracked; later new colours are
// only noted as an overflow (they map to their nearest palette colour).
class ColourCounter {
 public:
  static constexpr std::size_t kMaxDistinctColours = 4096;

  // `pixels` are Cairo ARGB32/RGB24 words; the alpha byte is ignored.
  void AddRow(const uint32_t* pixels, int width);
  void Add(uint32_t rgb, uint64_t pixel_count);

  const std::unordered_map<uint32_t, uint64_t>& counts() const { return counts_; }
  bool overflowed() const { return overflowed_; }
  bool empty() const { return counts_.empty(); }

 private:
  std::unordered_map<uint32_t, uint64_t> counts_;
  bool overflowed_ = false;
};

// At most `max_colours` (2..256) colours, sorted by value (deterministic). When the
// counter saw no more colours than that (and no overflow) they are all kept, so every
// pixel stays exact. Otherwise the max_colours - 1 most frequent are kept (ties: the
// smaller value): flat fills dominate and stay exact, antialiasing shades map to their
// nearest kept colour. One index stays unused so the GIF encoder always finds a free
// transparent index for unchanged pixels. Fewer colours make smaller files: LZW finds
// longer repeats when edges use a few shades rather than dozens.
std::vector<uint32_t> BuildPalette(const ColourCounter& counter, std::size_t max_colours = 256);

// Maps colours to palette indices: the exact entry when present, else the nearest by
// squared RGB distance (lowest index on ties). No dithering. Results are cached.
class PaletteMapper {
 public:
  explicit PaletteMapper(std::vector<uint32_t> palette);

  uint8_t IndexOf(uint32_t rgb);
  // Maps `width` ARGB words (alpha ignored) to indices.
  void MapRow(const uint32_t* pixels, int width, uint8_t* indices);

  const std::vector<uint32_t>& palette() const { return palette_; }

 private:
  uint8_t Nearest(uint32_t rgb) const;

  static constexpr std::size_t kMaxCachedColours = 1 << 16;
  std::vector<uint32_t> palette_;
  std::unordered_map<uint32_t, uint8_t> cache_;
};

}  // namespace sinks
}  // namespace convanim
