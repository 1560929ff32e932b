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
constexpr std::size_t kInitialSlots = 256;

int Channel(uint32_t rgb, int shift) { return static_cast<int>((rgb >> shift) & 0xFF); }

using CountedColour = std::pair<uint32_t, uint64_t>;

// Calls on_run(start, length) for each run of one colour (alpha ignored) of `width`
// pixels, left to right.
template <typename OnRun>
inline void ForEachRun(const uint32_t* pixels, int width, OnRun on_run) {
  if (width <= 0) return;
  int start = 0;  // of the current run
  int x = 1;      // pixel x starts a run when its colour differs from pixel x - 1's
#if defined(__SSE2__)
  // Four pixel pairs per step: a bit per run start, so long runs cost little and each
  // short one (antialiased edges, thin lines, text) a few instructions.
  const __m128i mask = _mm_set1_epi32(static_cast<int>(kRgbMask));
  for (; x + 4 <= width; x += 4) {
    const __m128i here =
        _mm_and_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(pixels + x)), mask);
    const __m128i before =
        _mm_and_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(pixels + x - 1)), mask);
    int starts = ~_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(here, before))) & 0xF;
    while (starts != 0) {
      const int next = x + __builtin_ctz(static_cast<unsigned>(starts));
      on_run(start, next - start);
      start = next;
      starts &= starts - 1;
    }
  }
#endif
  for (; x < width; ++x) {
    if (((pixels[x] ^ pixels[x - 1]) & kRgbMask) != 0) {
      on_run(start, x - start);
      start = x;
    }
  }
  on_run(start, width - start);
}

}  // namespace

// ---------------------------------------------------------------------------------
// Runs

void ExpandRuns(const ColourRuns& runs, const std::vector<uint8_t>& index_of_id,
                PaletteMapper* mapper, uint8_t* indices) {
  static_assert(kExpandSlack >= sizeof(uint64_t), "short runs are written 8 bytes at a time");
  constexpr uint32_t kLengthMask = (1u << ColourRuns::kRunLengthBits) - 1;
  std::size_t next_overflow = 0;
  for (uint32_t run : runs.runs) {
    const uint32_t id = run >> ColourRuns::kRunLengthBits;
    const uint8_t index = id == ColourRuns::kOverflowId
                              ? mapper->IndexOf(runs.overflow[next_overflow++])
                              : index_of_id[id];
    const std::size_t length = (run & kLengthMask) + 1;
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

template class ColourTable<uint16_t>;
template class ColourTable<uint8_t>;

// ---------------------------------------------------------------------------------
// ColourCounter

uint32_t ColourCounter::IdOf(uint32_t rgb) {
  if (const uint16_t* id = ids_.Find(rgb)) return *id;
  const uint16_t id = static_cast<uint16_t>(colours_.size());
  if (ids_.Insert(rgb, id) == nullptr) {
    overflowed_ = true;
    return ColourRuns::kOverflowId;
  }
  colours_.push_back(rgb);
  pixels_.push_back(0);
  return id;
}

void ColourCounter::Add(uint32_t rgb, uint64_t pixel_count) {
  const uint32_t id = IdOf(rgb & kRgbMask);
  if (id != ColourRuns::kOverflowId) pixels_[id] += pixel_count;
}

void ColourCounter::AddRow(const uint32_t* pixels, int width, ColourRuns* runs) {
  ForEachRun(pixels, width, [&](int start, int length) {
    const uint32_t rgb = pixels[start] & kRgbMask;
    // Neighbouring runs often share a colour (row ends, a line crossing a fill).
    if (rgb != last_rgb_) {
      last_id_ = IdOf(rgb);
      last_rgb_ = rgb;
    }
    if (last_id_ != ColourRuns::kOverflowId) {
      pixels_[last_id_] += static_cast<uint64_t>(length);
    } else if (runs != nullptr) {
      runs->overflow.push_back(rgb);
    }
    if (runs != nullptr) {
      runs->runs.push_back(last_id_ << ColourRuns::kRunLengthBits |
                           static_cast<uint32_t>(length - 1));
    }
  });
}

std::vector<std::pair<uint32_t, uint64_t>> ColourCounter::counts() const {
  std::vector<std::pair<uint32_t, uint64_t>> counts;
  counts.reserve(colours_.size());
  for (std::size_t id = 0; id < colours_.size(); ++id)
    counts.emplace_back(colours_[id], pixels_[id]);
  std::sort(counts.begin(), counts.end());
  return counts;
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
  ForEachRun(pixels, width, [&](int start, int length) {
    const uint8_t index = IndexOf(pixels[start]);
    if (length <= 8) {
      for (int i = 0; i < length; ++i) indices[start + i] = index;
    } else {
      std::memset(indices + start, index, static_cast<std::size_t>(length));
    }
  });
}

std::vector<uint8_t> PaletteMapper::IndicesOf(const ColourCounter& counter) {
  std::vector<uint8_t> indices(counter.distinct());
  for (std::size_t id = 0; id < indices.size(); ++id) indices[id] = IndexOf(counter.colour(id));
  return indices;
}

}  // namespace sinks
}  // namespace convanim
