#include "renderer/sinks/gif_palette.h"

#include <algorithm>
#include <utility>

namespace convanim {
namespace sinks {
namespace {

constexpr uint32_t kRgbMask = 0xFFFFFF;
constexpr std::size_t kMaxPaletteColours = 256;

int Channel(uint32_t rgb, int shift) { return static_cast<int>((rgb >> shift) & 0xFF); }

using CountedColour = std::pair<uint32_t, uint64_t>;
using ColourIterator = std::vector<CountedColour>::iterator;

// A box of the median cut: a range of colours, its widest channel and its mode.
struct ColourBox {
  ColourIterator begin, end;
  int widest_shift = 0;  // 16 red, 8 green, 0 blue
  int low = 0;           // smallest value of the widest channel
  int range = 0;         // its extent (0: one colour)
  uint32_t representative = 0;
};

ColourBox MakeBox(ColourIterator begin, ColourIterator end) {
  ColourBox box;
  box.begin = begin;
  box.end = end;
  uint64_t best_count = 0;
  for (int shift : {16, 8, 0}) {
    int low = 255, high = 0;
    for (auto it = begin; it != end; ++it) {
      low = std::min(low, Channel(it->first, shift));
      high = std::max(high, Channel(it->first, shift));
    }
    if (high - low > box.range || shift == 16) {
      box.widest_shift = shift;
      box.low = low;
      box.range = std::max(0, high - low);
    }
  }
  for (auto it = begin; it != end; ++it) {
    // Boxes keep colours in value order, so the first of equal counts is the smallest.
    if (it->second > best_count) {
      best_count = it->second;
      box.representative = it->first;
    }
  }
  return box;
}

}  // namespace

void ColourCounter::Add(uint32_t rgb, uint64_t pixel_count) {
  rgb &= kRgbMask;
  auto found = counts_.find(rgb);
  if (found != counts_.end()) {
    found->second += pixel_count;
  } else if (counts_.size() < kMaxDistinctColours) {
    counts_.emplace(rgb, pixel_count);
  } else {
    overflowed_ = true;
  }
}

void ColourCounter::AddRow(const uint32_t* pixels, int width) {
  // Flat figures are long runs of one colour: count runs, not pixels.
  int x = 0;
  while (x < width) {
    const uint32_t rgb = pixels[x] & kRgbMask;
    int end = x + 1;
    while (end < width && (pixels[end] & kRgbMask) == rgb) ++end;
    Add(rgb, static_cast<uint64_t>(end - x));
    x = end;
  }
}

std::vector<uint32_t> BuildPalette(const ColourCounter& counter) {
  std::vector<CountedColour> colours(counter.counts().begin(), counter.counts().end());
  std::sort(colours.begin(), colours.end());  // by value: unordered_map order is not stable
  std::vector<uint32_t> palette;
  if (colours.size() <= kMaxPaletteColours && !counter.overflowed()) {
    for (const auto& colour : colours) palette.push_back(colour.first);
    return palette;
  }
  // Median cut (split at the middle of the widest channel), each box represented by
  // its most frequent colour: flat fills dominate their boxes and stay exact, and
  // antialiasing shades spread over the remaining boxes.
  std::vector<ColourBox> boxes = {MakeBox(colours.begin(), colours.end())};
  while (boxes.size() < kMaxPaletteColours - 1) {
    std::size_t widest = boxes.size();
    for (std::size_t i = 0; i < boxes.size(); ++i) {
      if (boxes[i].range == 0) continue;
      if (widest == boxes.size() || boxes[i].range > boxes[widest].range) widest = i;
    }
    if (widest == boxes.size()) break;  // every box holds a single colour
    ColourBox box = boxes[widest];
    const int shift = box.widest_shift;
    const int middle = box.low + box.range / 2;
    auto second = std::stable_partition(box.begin, box.end, [&](const CountedColour& c) {
      return Channel(c.first, shift) <= middle;
    });
    boxes[widest] = MakeBox(box.begin, second);
    boxes.push_back(MakeBox(second, box.end));
  }
  for (const ColourBox& box : boxes) palette.push_back(box.representative);
  std::sort(palette.begin(), palette.end());
  return palette;
}

PaletteMapper::PaletteMapper(std::vector<uint32_t> palette) : palette_(std::move(palette)) {
  for (std::size_t i = 0; i < palette_.size(); ++i) {
    cache_.emplace(palette_[i], static_cast<uint8_t>(i));
  }
}

uint8_t PaletteMapper::Nearest(uint32_t rgb) const {
  uint8_t best = 0;
  int best_distance = 0x7FFFFFFF;
  for (std::size_t i = 0; i < palette_.size(); ++i) {
    const int dr = Channel(rgb, 16) - Channel(palette_[i], 16);
    const int dg = Channel(rgb, 8) - Channel(palette_[i], 8);
    const int db = Channel(rgb, 0) - Channel(palette_[i], 0);
    const int distance = dr * dr + dg * dg + db * db;
    if (distance < best_distance) {
      best_distance = distance;
      best = static_cast<uint8_t>(i);
    }
  }
  return best;
}

uint8_t PaletteMapper::IndexOf(uint32_t rgb) {
  rgb &= kRgbMask;
  auto found = cache_.find(rgb);
  if (found != cache_.end()) return found->second;
  const uint8_t index = Nearest(rgb);
  if (cache_.size() < kMaxCachedColours) cache_.emplace(rgb, index);
  return index;
}

void PaletteMapper::MapRow(const uint32_t* pixels, int width, uint8_t* indices) {
  int x = 0;
  while (x < width) {
    const uint32_t rgb = pixels[x] & kRgbMask;
    const uint8_t index = IndexOf(rgb);
    indices[x++] = index;
    while (x < width && (pixels[x] & kRgbMask) == rgb) indices[x++] = index;
  }
}

}  // namespace sinks
}  // namespace convanim
