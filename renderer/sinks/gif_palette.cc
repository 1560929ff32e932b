#include "renderer/sinks/gif_palette.h"

#include <algorithm>
#include <utility>

namespace convanim {
namespace sinks {
namespace {

constexpr uint32_t kRgbMask = 0xFFFFFF;

int Channel(uint32_t rgb, int shift) { return static_cast<int>((rgb >> shift) & 0xFF); }

using CountedColour = std::pair<uint32_t, uint64_t>;

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

std::vector<uint32_t> BuildPalette(const ColourCounter& counter, std::size_t max_colours) {
  max_colours = std::clamp<std::size_t>(max_colours, 2, 256);
  std::vector<CountedColour> colours(counter.counts().begin(), counter.counts().end());
  std::sort(colours.begin(), colours.end());  // by value: unordered_map order is not stable
  std::vector<uint32_t> palette;
  if (colours.size() <= max_colours && !counter.overflowed()) {
    for (const auto& colour : colours) palette.push_back(colour.first);
    return palette;
  }
  // The most frequent colours: the flat fills of a figure cover far more pixels than any
  // antialiasing shade, so they stay exact, and the shades left out map to their nearest
  // kept colour. One index stays free for the encoder's transparent colour.
  std::stable_sort(
      colours.begin(), colours.end(),
      [](const CountedColour& a, const CountedColour& b) { return a.second > b.second; });
  for (std::size_t i = 0; i + 1 < max_colours; ++i) palette.push_back(colours[i].first);
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
