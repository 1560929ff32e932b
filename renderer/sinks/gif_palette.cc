#include "renderer/sinks/gif_palette.h"

#include <algorithm>
#include <cstring>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace convanim {
namespace sinks {
namespace {

constexpr uint32_t kRgbMask = 0xFFFFFF;
constexpr uint32_t kMaxRunLength = 256;
constexpr std::size_t kInitialSlots = 256;

int Channel(uint32_t rgb, int shift) { return static_cast<int>((rgb >> shift) & 0xFF); }

using CountedColour = std::pair<uint32_t, uint64_t>;

// Where the run of `colour` (alpha ignored) that reaches pixel x ends: the first pixel
// from x on of another colour, or `width`.
int RunEnd(const uint32_t* pixels, int x, int width, uint32_t colour) {
  // Antialiased edges, thin lines and text make runs of a pixel or two: look at the
  // next few one by one before going four at a time.
  for (const int scalar_end = std::min(x + 4, width); x < scalar_end; ++x) {
    if (((pixels[x] ^ colour) & kRgbMask) != 0) return x;
  }
#if defined(__SSE2__)
  // Four pixels per step: the flat fills of a figure are runs of hundreds of pixels.
  const __m128i mask = _mm_set1_epi32(static_cast<int>(kRgbMask));
  const __m128i wanted = _mm_set1_epi32(static_cast<int>(colour & kRgbMask));
  for (; x + 4 <= width; x += 4) {
    const __m128i four = _mm_loadu_si128(reinterpret_cast<const __m128i*>(pixels + x));
    const int equal = _mm_movemask_epi8(_mm_cmpeq_epi32(_mm_and_si128(four, mask), wanted));
    if (equal != 0xFFFF) return x + __builtin_ctz(static_cast<unsigned>(~equal) & 0xFFFFu) / 4;
  }
#endif
  while (x < width && ((pixels[x] ^ colour) & kRgbMask) == 0) ++x;
  return x;
}

// Sets `length` bytes to `index`; short runs without a call.
void Fill(uint8_t* indices, uint8_t index, std::size_t length) {
  if (length <= 8) {
    for (std::size_t i = 0; i < length; ++i) indices[i] = index;
  } else {
    std::memset(indices, index, length);
  }
}

}  // namespace

// ---------------------------------------------------------------------------------
// Runs

void AppendRuns(const uint32_t* pixels, int width, ColourRuns* runs) {
  int x = 0;
  while (x < width) {
    const uint32_t first = pixels[x];
    const int end = RunEnd(pixels, x + 1, width, first);
    const uint32_t rgb = (first & kRgbMask) << 8;
    uint32_t length = static_cast<uint32_t>(end - x);
    for (; length > kMaxRunLength; length -= kMaxRunLength) runs->push_back(rgb | 0xFF);
    runs->push_back(rgb | (length - 1));
    x = end;
  }
}

std::size_t RunPixels(const ColourRuns& runs) {
  std::size_t pixels = 0;
  for (uint32_t run : runs) pixels += (run & 0xFF) + 1;
  return pixels;
}

void ExpandIndexRuns(const ColourRuns& index_runs, uint8_t* indices) {
  static_assert(kExpandSlack >= sizeof(uint64_t), "short runs are written 8 bytes at a time");
  for (uint32_t run : index_runs) {
    const uint8_t index = static_cast<uint8_t>(run >> 8);
    const std::size_t length = (run & 0xFF) + 1;
    if (length <= sizeof(uint64_t)) {
      // Most runs are a few antialiased pixels: one store, the excess overwritten by
      // the next runs (or landing in the slack).
      const uint64_t eight = index * 0x0101010101010101ull;
      std::memcpy(indices, &eight, sizeof(eight));
    } else {
      std::memset(indices, index, length);
    }
    indices += length;
  }
}

// ---------------------------------------------------------------------------------
// ColourTable

template <typename Value>
ColourTable<Value>::ColourTable(std::size_t max_entries) : max_entries_(max_entries) {
  keys_.assign(kInitialSlots, kEmpty);
  values_.resize(kInitialSlots);
  mask_ = kInitialSlots - 1;
  shift_ = 32 - 8;  // log2(kInitialSlots) bits of the hash
}

template <typename Value>
std::size_t ColourTable<Value>::SlotOf(uint32_t rgb) const {
  // Fibonacci hashing: neighbouring shades spread over the table.
  return static_cast<std::size_t>((rgb * 2654435761u) >> shift_);
}

template <typename Value>
Value* ColourTable<Value>::Find(uint32_t rgb) {
  for (std::size_t slot = SlotOf(rgb);; slot = (slot + 1) & mask_) {
    if (keys_[slot] == rgb) return &values_[slot];
    if (keys_[slot] == kEmpty) return nullptr;
  }
}

template <typename Value>
Value* ColourTable<Value>::Insert(uint32_t rgb, Value value) {
  if (size_ >= max_entries_) return nullptr;
  if (2 * (size_ + 1) > keys_.size()) Grow();  // at most half full: probes stay short
  std::size_t slot = SlotOf(rgb);
  while (keys_[slot] != kEmpty) slot = (slot + 1) & mask_;
  keys_[slot] = rgb;
  values_[slot] = value;
  ++size_;
  return &values_[slot];
}

template <typename Value>
void ColourTable<Value>::Grow() {
  std::vector<uint32_t> old_keys(keys_.size() * 2, kEmpty);
  std::vector<Value> old_values(values_.size() * 2);
  old_keys.swap(keys_);
  old_values.swap(values_);
  mask_ = keys_.size() - 1;
  --shift_;
  for (std::size_t i = 0; i < old_keys.size(); ++i) {
    if (old_keys[i] == kEmpty) continue;
    std::size_t slot = SlotOf(old_keys[i]);
    while (keys_[slot] != kEmpty) slot = (slot + 1) & mask_;
    keys_[slot] = old_keys[i];
    values_[slot] = old_values[i];
  }
}

template <typename Value>
std::vector<std::pair<uint32_t, Value>> ColourTable<Value>::Entries() const {
  std::vector<std::pair<uint32_t, Value>> entries;
  entries.reserve(size_);
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i] != kEmpty) entries.emplace_back(keys_[i], values_[i]);
  }
  std::sort(entries.begin(), entries.end());
  return entries;
}

template class ColourTable<uint64_t>;
template class ColourTable<uint8_t>;

// ---------------------------------------------------------------------------------
// ColourCounter

void ColourCounter::Add(uint32_t rgb, uint64_t pixel_count) {
  rgb &= kRgbMask;
  if (uint64_t* count = counts_.Find(rgb)) {
    *count += pixel_count;
  } else if (counts_.Insert(rgb, pixel_count) == nullptr) {
    overflowed_ = true;
  }
}

void ColourCounter::AddRow(const uint32_t* pixels, int width) {
  ColourRuns runs;
  AppendRuns(pixels, width, &runs);
  AddRuns(runs);
}

void ColourCounter::AddRuns(const ColourRuns& runs) {
  // Long runs are split and rows end at the same colour they start the next with:
  // neighbouring runs often share a colour, so the last one's count is kept at hand.
  uint32_t last_rgb = 0xFFFFFFFFu;
  uint64_t* last_count = nullptr;
  for (uint32_t run : runs) {
    const uint32_t rgb = run >> 8;
    const uint64_t length = (run & 0xFF) + 1;
    if (rgb == last_rgb && last_count != nullptr) {
      *last_count += length;
      continue;
    }
    last_rgb = rgb;
    last_count = counts_.Find(rgb);
    if (last_count != nullptr) {
      *last_count += length;
    } else {
      last_count = counts_.Insert(rgb, length);
      if (last_count == nullptr) overflowed_ = true;
    }
  }
}

std::vector<uint32_t> BuildPalette(const ColourCounter& counter, std::size_t max_colours) {
  max_colours = std::clamp<std::size_t>(max_colours, 2, 256);
  std::vector<CountedColour> colours = counter.counts();  // by value: deterministic
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

// ---------------------------------------------------------------------------------
// PaletteMapper

PaletteMapper::PaletteMapper(std::vector<uint32_t> palette)
    : palette_(std::move(palette)), cache_(kMaxCachedColours) {
  for (std::size_t i = 0; i < palette_.size(); ++i) {
    if (cache_.Find(palette_[i]) == nullptr) cache_.Insert(palette_[i], static_cast<uint8_t>(i));
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
  if (const uint8_t* found = cache_.Find(rgb)) return *found;
  const uint8_t index = Nearest(rgb);
  cache_.Insert(rgb, index);  // refused once the cache is full: computed again next time
  return index;
}

void PaletteMapper::MapRow(const uint32_t* pixels, int width, uint8_t* indices) {
  int x = 0;
  while (x < width) {
    const uint32_t first = pixels[x];
    const int end = RunEnd(pixels, x + 1, width, first);
    Fill(indices + x, IndexOf(first), static_cast<std::size_t>(end - x));
    x = end;
  }
}

void PaletteMapper::IndexRuns(ColourRuns* runs) {
  uint32_t last_rgb = 0xFFFFFFFFu;
  uint32_t index = 0;
  for (uint32_t& run : *runs) {
    const uint32_t rgb = run >> 8;
    if (rgb != last_rgb) {
      index = IndexOf(rgb);
      last_rgb = rgb;
    }
    run = index << 8 | (run & 0xFF);
  }
}

}  // namespace sinks
}  // namespace convanim
