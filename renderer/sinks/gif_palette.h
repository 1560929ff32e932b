// The GIF sink's palette: built from the colours actually drawn, so flat figures keep
// their exact colours and no dithering noise appears. Colours are 0xRRGGBB.
//
// Figures are long runs of one colour, so frames are handled as runs: the preview pass
// scans each frame once, counting its colours and (while memory allows) keeping it as
// runs of the counter's colour numbers; once the palette is known, a table from colour
// number to palette index expands the runs for the encoder without hashing again.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace convanim {
namespace sinks {

// An open-addressing hash table from 0xRRGGBB colours to values, growing up to
// `max_entries` entries (after which Insert() refuses new colours).
template <typename Value>
class ColourTable {
 public:
  explicit ColourTable(std::size_t max_entries);

  // The value of `rgb`, or nullptr when absent.
  Value* Find(uint32_t rgb);
  // Adds `rgb` (which must be absent) with `value`; nullptr when the table is full.
  Value* Insert(uint32_t rgb, Value value);

  std::size_t size() const { return size_; }

 private:
  static constexpr uint32_t kEmpty = 0xFFFFFFFFu;  // not a 24-bit colour
  std::size_t SlotOf(uint32_t rgb) const;
  void Grow();

  std::size_t max_entries_;
  std::size_t size_ = 0;
  std::size_t mask_ = 0;
  int shift_ = 0;
  std::vector<uint32_t> keys_;
  std::vector<Value> values_;
};

// A frame as runs of one colour in raster order. Each word is id << kRunLengthBits |
// (length - 1): `id` numbers the colour in the ColourCounter that made the runs, or is
// kOverflowId for a colour it could not count, whose value is then the next one of
// `overflow`. A run never takes more memory than its pixels.
struct ColourRuns {
  static constexpr int kRunLengthBits = 19;  // rows are at most 16384 pixels wide
  static constexpr uint32_t kOverflowId = (1u << (32 - kRunLengthBits)) - 1;

  std::vector<uint32_t> runs;
  std::vector<uint32_t> overflow;  // 0xRRGGBB of each kOverflowId run, in order

  std::size_t bytes() const { return (runs.size() + overflow.size()) * sizeof(uint32_t); }
};

// Counts the pixels of each colour over every frame of the preview pass and numbers
// the colours from 0 in the order first seen. Memory is bounded: at most
// kMaxDistinctColours colours are counted; later new colours are only noted as an
// overflow (they map to their nearest palette colour).
class ColourCounter {
 public:
  static constexpr std::size_t kMaxDistinctColours = 4096;
  static_assert(kMaxDistinctColours < ColourRuns::kOverflowId, "ids must fit a run");

  ColourCounter() : ids_(kMaxDistinctColours) {}

  // Counts `width` Cairo ARGB32/RGB24 words (the alpha byte is ignored) and, when
  // `runs` is given, appends them to it as runs.
  void AddRow(const uint32_t* pixels, int width, ColourRuns* runs = nullptr);
  void Add(uint32_t rgb, uint64_t pixel_count);

  // Every counted colour with its pixel count, sorted by colour.
  std::vector<std::pair<uint32_t, uint64_t>> counts() const;
  std::size_t distinct() const { return colours_.size(); }
  uint32_t colour(std::size_t id) const { return colours_[id]; }
  bool overflowed() const { return overflowed_; }

 private:
  // The colour's number, a new one if there is room, else kOverflowId.
  uint32_t IdOf(uint32_t rgb);

  ColourTable<uint16_t> ids_;
  std::vector<uint32_t> colours_;  // by id
  std::vector<uint64_t> pixels_;   // by id
  uint32_t last_rgb_ = 0xFFFFFFFFu;
  uint32_t last_id_ = 0;
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
  // The index of every colour of `counter`, by its number.
  std::vector<uint8_t> IndicesOf(const ColourCounter& counter);

  const std::vector<uint32_t>& palette() const { return palette_; }

 private:
  uint8_t Nearest(uint32_t rgb) const;

  static constexpr std::size_t kMaxCachedColours = 1 << 16;
  std::vector<uint32_t> palette_;
  ColourTable<uint8_t> cache_;
};

// Expands `runs` (made by the counter that `index_of_id` comes from: IndicesOf()) into
// one palette index per pixel; `mapper` maps the overflow colours. Writes up to
// kExpandSlack bytes past the last pixel: `indices` must have room for the frame's
// pixels + kExpandSlack bytes.
constexpr std::size_t kExpandSlack = 8;
void ExpandRuns(const ColourRuns& runs, const std::vector<uint8_t>& index_of_id,
                PaletteMapper* mapper, uint8_t* indices);

}  // namespace sinks
}  // namespace convanim
