// The GIF sink's palette: built from the colours actually drawn, so flat figures keep
// their exact colours and no dithering noise appears. Colours are 0xRRGGBB.
//
// Figures are long runs of one colour, so frames are handled as runs: a frame is
// scanned once into ColourRuns, which the counter counts and the mapper expands into
// palette indices, one hash lookup per run instead of per pixel.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace convanim {
namespace sinks {

// A frame (or rows of one) as runs of one colour in raster order: each word is
// rgb << 8 | (length - 1), so a run covers 1..256 pixels (longer ones are split) and
// the runs never take more memory than the pixels.
using ColourRuns = std::vector<uint32_t>;

// Appends the runs of `width` Cairo ARGB32/RGB24 words (the alpha byte is ignored).
void AppendRuns(const uint32_t* pixels, int width, ColourRuns* runs);

// The number of pixels `runs` cover.
std::size_t RunPixels(const ColourRuns& runs);

// Expands runs whose colours were replaced by palette indices (PaletteMapper::
// IndexRuns) into one index per pixel. Writes up to kExpandSlack bytes past the last
// pixel: `indices` must have room for RunPixels(runs) + kExpandSlack bytes.
constexpr std::size_t kExpandSlack = 8;
void ExpandIndexRuns(const ColourRuns& index_runs, uint8_t* indices);

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
  // Every (colour, value) pair, sorted by colour.
  std::vector<std::pair<uint32_t, Value>> Entries() const;

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

// Counts the pixels of each colour over every frame of the preview pass. Memory is
// bounded: at most kMaxDistinctColours colours are tracked; later new colours are
// only noted as an overflow (they map to their nearest palette colour).
class ColourCounter {
 public:
  static constexpr std::size_t kMaxDistinctColours = 4096;

  ColourCounter() : counts_(kMaxDistinctColours) {}

  // `pixels` are Cairo ARGB32/RGB24 words; the alpha byte is ignored.
  void AddRow(const uint32_t* pixels, int width);
  void AddRuns(const ColourRuns& runs);
  void Add(uint32_t rgb, uint64_t pixel_count);

  // Every counted colour with its pixel count, sorted by colour.
  std::vector<std::pair<uint32_t, uint64_t>> counts() const { return counts_.Entries(); }
  std::size_t distinct() const { return counts_.size(); }
  bool overflowed() const { return overflowed_; }
  bool empty() const { return counts_.size() == 0; }

 private:
  ColourTable<uint64_t> counts_;
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
  // Replaces the colour of every run by its palette index (index << 8 | (length - 1)),
  // for ExpandIndexRuns().
  void IndexRuns(ColourRuns* runs);

  const std::vector<uint32_t>& palette() const { return palette_; }

 private:
  uint8_t Nearest(uint32_t rgb) const;

  static constexpr std::size_t kMaxCachedColours = 1 << 16;
  std::vector<uint32_t> palette_;
  ColourTable<uint8_t> cache_;
};

}  // namespace sinks
}  // namespace convanim
