// Animated GIF, written here: GIF89a with one global palette (from the preview frames),
// a NETSCAPE2.0 loop block, and per frame a graphic control extension (its delay) and
// one image of the box around the pixels that changed, LZW-compressed by the encoder
// below. Each frame costs what its changed rectangles hold plus its box, never the whole
// frame: the writer keeps the indices a viewer shows and compares only within the
// rectangles the painter says changed.
//
// - Opaque frames: "do not dispose"; in a later frame's box, pixels that stay the same
//   take the transparent index (one past the colours), so LZW sees long runs and the
//   viewer keeps what it showed. A frame where nothing changed is one transparent pixel
//   (a frame of its own: the frame count and the delays stay those of the steps).
// - Transparent frames (has_alpha): every frame whole, disposed to the background
//   (transparent) after showing, so pixels can turn transparent.
// - Delays in centiseconds from the cumulative time (FrameClock), each at least 1.
// The same frames give the same bytes: nothing depends on time, threads or heap.
#include <algorithm>
#include <cstring>
#include <initializer_list>
#include <unordered_map>
#include <utility>

#include "exporters/libav_util.h"
#include "exporters/output_file.h"
#include "exporters/video.h"

namespace convanim {
namespace {

constexpr int kMaxColours = 255;                // one index stays free for transparency
constexpr uint32_t kTransparent = 0xFF000000u;  // not a 0xRRGGBB colour

// The 0xRRGGBB a Cairo pixel shows (un-premultiplied), or kTransparent for alpha < 128.
uint32_t ColourOf(uint32_t pixel, bool has_alpha) {
  const uint32_t alpha = pixel >> 24;
  if (!has_alpha || alpha == 255) return pixel & 0xFFFFFFu;
  if (alpha < 128) return kTransparent;
  uint32_t rgb = 0;
  for (int shift = 0; shift <= 16; shift += 8) {
    const uint32_t channel = (pixel >> shift) & 0xFF;
    rgb |= std::min<uint32_t>(255, (channel * 255 + alpha / 2) / alpha) << shift;
  }
  return rgb;
}

void PutBytes(std::vector<uint8_t>* out, std::initializer_list<uint8_t> bytes) {
  for (const uint8_t byte : bytes) out->push_back(byte);
}

void PutText(std::vector<uint8_t>* out, const char* text) {
  for (; *text != 0; ++text) out->push_back(static_cast<uint8_t>(*text));
}

void PutWord(std::vector<uint8_t>* out, int value) {
  out->push_back(static_cast<uint8_t>(value & 0xFF));
  out->push_back(static_cast<uint8_t>((value >> 8) & 0xFF));
}

// The length of the run of `value` bytes from `p` (at most end - p), eight at a time.
std::size_t RunLength(const uint8_t* p, const uint8_t* end, uint8_t value) {
  const uint8_t* start = p;
  const uint64_t pattern = 0x0101010101010101ull * value;
  while (end - p >= 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    const uint64_t differs = word ^ pattern;
    if (differs != 0) {  // little-endian: the lowest set byte is the first that differs
      return static_cast<std::size_t>(p - start) +
             static_cast<std::size_t>(__builtin_ctzll(differs) / 8);
    }
    p += 8;
  }
  while (p < end && *p == value) ++p;
  return static_cast<std::size_t>(p - start);
}

// GIF's variable-length LZW (codes of 3..12 bits, least significant bit first) over
// indices below 1 << min_bits. The dictionary is a table of (code, index) -> code;
// Reset() clears only the rows used. A run of one index costs per code, not per pixel:
// for each index the codes of its strings of 1, 2, 3 ... are kept in order (runs_), and a
// run moves along them. Most of a later frame's box is the transparent index,
// `run_index`: AddRunOf() adds such runs without reading them. The codes are those of
// the plain algorithm, pixel by pixel.
class LzwEncoder {
 public:
  LzwEncoder(int min_bits, uint8_t run_index)
      : min_bits_(min_bits),
        clear_(1 << min_bits),
        run_index_(run_index),
        table_(static_cast<std::size_t>(kMaxCodes) << min_bits, 0),
        runs_(static_cast<std::size_t>(kMaxCodes + 1) << min_bits, 0),
        longest_run_(static_cast<std::size_t>(1) << min_bits, 1) {}

  // Starts an image's data: min code size, then sub-blocks as Add() and End() go.
  void Begin(std::vector<uint8_t>* out) {
    out_ = out;
    out_->push_back(static_cast<uint8_t>(min_bits_));
    block_start_ = out_->size();
    out_->push_back(0);
    bits_ = 0;
    bit_count_ = 0;
    Reset();
    Emit(clear_);
    first_code_ = true;
    current_ = -1;
    run_ = 0;
  }

  void Add(const uint8_t* indices, std::size_t count) {
    const uint8_t* p = indices;
    const uint8_t* const end = indices + count;
    if (current_ < 0 && p < end) {
      current_ = *p++;
      run_ = 1;
      run_of_ = current_;
    }
    uint16_t* const table = table_.data();
    const int shift = min_bits_;
    int current = current_;
    while (p < end) {
      const int index = *p;
      if (run_ > 0 && index == run_of_) {  // current is run_ of this index: the run goes on
        const std::size_t length = RunLength(p, end, static_cast<uint8_t>(index));
        p += length;
        AddRun(static_cast<int>(length));
        current = Run(run_of_, run_);
        continue;
      }
      ++p;
      uint16_t& next = table[(static_cast<std::size_t>(current) << shift) + index];
      if (next != 0) {
        current = next;
        run_ = 0;
        continue;
      }
      Emit(current);
      first_code_ = false;
      next = static_cast<uint16_t>(++max_code_);
      Grow();
      current = index;
      run_ = 1;
      run_of_ = index;
    }
    current_ = current;
  }

  // `count` run_index (what Add() of as many would do, without reading them).
  void AddRunOf(std::size_t count) {
    const uint8_t index = run_index_;
    while (count > 0 && (current_ < 0 || run_ == 0 || run_of_ != index)) {
      Add(&index, 1);
      --count;
    }
    if (count > 0) {
      AddRun(static_cast<int>(count));
      current_ = Run(run_of_, run_);
    }
  }

  // A decoder reading the last code adds an entry (unless it is the first after a
  // clear) and may widen the codes before the end code, as after any other.
  void End() {
    if (current_ >= 0) {
      Emit(current_);
      if (!first_code_ && max_code_ + 1 >= (1 << code_bits_) && code_bits_ < 12) ++code_bits_;
    }
    Emit(clear_ + 1);
    if (bit_count_ > 0) PutByte(static_cast<uint8_t>(bits_ & 0xFF));
    (*out_)[block_start_] = static_cast<uint8_t>(out_->size() - block_start_ - 1);
    out_->push_back(0);
  }

 private:
  static constexpr int kMaxCodes = 4096;

  // The code of `length` (1..longest) `index` in a row.
  uint16_t& Run(int index, int length) {
    return runs_[(static_cast<std::size_t>(length) << min_bits_) + static_cast<std::size_t>(index)];
  }

  void Reset() {
    // Rows of codes up to max_code_ may hold entries (the roots' rows included).
    const int rows = std::max(max_code_ + 1, clear_);
    std::fill_n(table_.begin(), static_cast<std::size_t>(rows) << min_bits_, 0);
    max_code_ = clear_ + 1;
    code_bits_ = min_bits_ + 1;
    for (int index = 0; index < clear_; ++index) {
      Run(index, 1) = static_cast<uint16_t>(index);
      longest_run_[static_cast<std::size_t>(index)] = 1;
    }
  }

  // After adding code max_code_: wider codes from the next one, or a clear at 4095.
  void Grow() {
    if (max_code_ >= (1 << code_bits_)) ++code_bits_;
    if (max_code_ == kMaxCodes - 1) {
      Emit(clear_);
      Reset();
      first_code_ = true;
    }
  }

  // The current string, run_ >= 1 of run_of_, takes `length` more of them. A run's
  // strings are only made here (a string of one index, taking one more of it, is always
  // the current run), so the code after the longest known run is not in the table.
  void AddRun(int length) {
    const int index = run_of_;
    int& longest = longest_run_[static_cast<std::size_t>(index)];
    int run = run_;
    while (length > 0) {
      if (run + length <= longest) {
        run += length;
        break;
      }
      length -= longest - run;
      // The longest known run and one more: emit it, and that string is the next code.
      const int code = Run(index, longest);
      Emit(code);
      first_code_ = false;
      const uint16_t added = static_cast<uint16_t>(++max_code_);
      table_[(static_cast<std::size_t>(code) << min_bits_) + static_cast<std::size_t>(index)] =
          added;
      Run(index, ++longest) = added;
      Grow();  // may reset: then the longest run is the index alone
      run = 1;
      --length;
    }
    run_ = run;
  }

  void Emit(int code) {
    bits_ |= static_cast<uint64_t>(code) << bit_count_;
    bit_count_ += code_bits_;
    while (bit_count_ >= 8) {
      PutByte(static_cast<uint8_t>(bits_ & 0xFF));
      bits_ >>= 8;
      bit_count_ -= 8;
    }
  }

  void PutByte(uint8_t byte) {
    if (out_->size() - block_start_ == 256) {  // a full sub-block of 255 bytes
      (*out_)[block_start_] = 255;
      block_start_ = out_->size();
      out_->push_back(0);
    }
    out_->push_back(byte);
  }

  const int min_bits_, clear_;
  const uint8_t run_index_;
  std::vector<uint16_t> table_;   // 0: no entry (code 0 is a root, never a child)
  std::vector<uint16_t> runs_;    // Run(index, length)
  std::vector<int> longest_run_;  // per index: the longest run with a code
  int run_ = 0, run_of_ = 0;      // the current string is run_ of index run_of_ (0: not a run)
  std::vector<uint8_t>* out_ = nullptr;
  std::size_t block_start_ = 0;
  uint64_t bits_ = 0;
  int bit_count_ = 0;
  int max_code_ = 0, code_bits_ = 0, current_ = -1;
  bool first_code_ = true;  // no code yet since the last clear
};

class GifWriter : public FrameWriter {
 public:
  GifWriter(std::string path, int width, int height, const GifOptions& options)
      : path_(std::move(path)), width_(width), height_(height), options_(options) {}

  Status Create() { return OutputFile::Create(path_, &file_); }

  Status Preview(const RasterFrame& frame) override {
    if (started_) return Status::Internal("GIF '" + path_ + "': Preview() after Add()");
    Status status = Check(frame, /*check_duration=*/false);
    if (status.ok()) Count(frame);
    previewed_ = true;
    return status;
  }

  Status Add(const RasterFrame& frame) override {
    Status status = Check(frame, /*check_duration=*/true);
    if (!status.ok()) return status;
    const int64_t start = clock_.Add(frame.duration);
    const int64_t delay = clock_.end() - start;
    if (delay > 65535) {  // the most a GIF delay field holds
      return Status::InvalidScene("GIF '" + path_ + "': a frame lasts at most 655.35 s");
    }
    bytes_.clear();
    if (!started_) {
      if (!previewed_) Count(frame);
      Start();
    }
    PixelRect box{0, 0, width_, height_};
    if (added_ == 0 || has_alpha_) {
      ConvertRect(frame, box, shown_.data());
    } else {
      box = Difference(frame);
    }
    // Graphic control extension: disposal, delay, transparent index.
    const int disposal = has_alpha_ ? 2 : 1;  // to the background / do not dispose
    const bool transparency = has_alpha_ || added_ > 0;
    PutBytes(&bytes_, {0x21, 0xF9, 0x04});
    bytes_.push_back(static_cast<uint8_t>(disposal << 2 | (transparency ? 1 : 0)));
    PutWord(&bytes_, static_cast<int>(delay));
    bytes_.push_back(transparent_index_);
    bytes_.push_back(0);
    // Image descriptor (no local palette, not interlaced) and the LZW data.
    bytes_.push_back(0x2C);
    PutWord(&bytes_, box.x);
    PutWord(&bytes_, box.y);
    PutWord(&bytes_, box.width);
    PutWord(&bytes_, box.height);
    bytes_.push_back(0);
    lzw_->Begin(&bytes_);
    if (added_ == 0 || has_alpha_) {
      for (int y = box.y; y < box.y + box.height; ++y) {
        lzw_->Add(shown_.data() + static_cast<std::size_t>(y) * width_ + box.x,
                  static_cast<std::size_t>(box.width));
      }
    } else {
      // A row's pixels outside its first and last that differ are transparent: runs,
      // not read. A frame costs its changed pixels and the codes of its box.
      const int end = box.x + box.width;
      for (int y = box.y; y < box.y + box.height; ++y) {
        const int first = row_first_[static_cast<std::size_t>(y)];
        const int last = row_last_[static_cast<std::size_t>(y)];
        if (first > last) {
          lzw_->AddRunOf(static_cast<std::size_t>(box.width));
          continue;
        }
        lzw_->AddRunOf(static_cast<std::size_t>(first - box.x));
        lzw_->Add(diff_.data() + static_cast<std::size_t>(y) * width_ + first,
                  static_cast<std::size_t>(last - first + 1));
        lzw_->AddRunOf(static_cast<std::size_t>(end - last - 1));
        row_first_[static_cast<std::size_t>(y)] = width_;
        row_last_[static_cast<std::size_t>(y)] = -1;
      }
    }
    lzw_->End();
    if (added_ > 0 && !has_alpha_) ClearDifference();
    ++added_;
    return file_->Write(bytes_.data(), bytes_.size());
  }

  Status Finish() override {
    if (added_ == 0) return Status::Internal("GIF '" + path_ + "' finished without a frame");
    const uint8_t trailer = 0x3B;
    Status status = file_->Write(&trailer, 1);
    if (status.ok()) status = file_->Commit();
    return status;
  }

 private:
  Status Check(const RasterFrame& frame, bool check_duration) {
    Status status = CheckFrame(frame, width_, height_, path_, check_duration);
    if (status.ok() && seen_frame_ && frame.has_alpha != has_alpha_) {
      status = Status::Internal("GIF '" + path_ + "': frames with and without transparency");
    }
    seen_frame_ = true;
    has_alpha_ = frame.has_alpha;
    return status;
  }

  // Counts the colours of `frame` (a run of one pixel value is looked up once).
  void Count(const RasterFrame& frame) {
    for (int y = 0; y < height_; ++y) {
      const uint32_t* row = frame.pixels + static_cast<std::ptrdiff_t>(y) * frame.stride_words;
      for (int x = 0, end = 1; x < width_; x = end++) {
        while (end < width_ && row[end] == row[x]) ++end;
        const uint32_t rgb = ColourOf(row[x], has_alpha_);
        if (rgb != kTransparent) counts_[rgb] += static_cast<uint64_t>(end - x);
      }
    }
  }

  // The palette (the most frequent colours counted, sorted by value: deterministic),
  // the file's header and the LZW encoder.
  void Start() {
    started_ = true;
    std::vector<std::pair<uint32_t, uint64_t>> counted(counts_.begin(), counts_.end());
    std::sort(counted.begin(), counted.end());
    const std::size_t limit = static_cast<std::size_t>(std::min(options_.colours, kMaxColours));
    if (counted.size() > limit) {
      std::stable_sort(counted.begin(), counted.end(),
                       [](const auto& a, const auto& b) { return a.second > b.second; });
      counted.resize(limit);
      std::sort(counted.begin(), counted.end());
    }
    for (const auto& colour : counted) colours_.push_back(colour.first);
    if (colours_.empty()) colours_.push_back(0);  // all transparent so far
    transparent_index_ = static_cast<uint8_t>(colours_.size());
    for (CacheEntry& entry : cache_) entry = CacheEntry{Key(0), Map(Key(0))};
    shown_.assign(static_cast<std::size_t>(width_) * height_, 0);
    diff_.assign(shown_.size(), transparent_index_);
    row_first_.assign(static_cast<std::size_t>(height_), width_);
    row_last_.assign(static_cast<std::size_t>(height_), -1);

    // The palette holds the colours and the transparent index: 2^bits entries, the
    // unused ones (and the transparent one) a copy of the first colour.
    int bits = 2;  // LZW's minimum code size is 2
    while ((1 << bits) < static_cast<int>(colours_.size()) + 1) ++bits;
    lzw_ = std::make_unique<LzwEncoder>(bits, transparent_index_);
    bytes_.clear();
    PutText(&bytes_, "GIF89a");
    PutWord(&bytes_, width_);
    PutWord(&bytes_, height_);
    bytes_.push_back(static_cast<uint8_t>(0x80 | (bits - 1) << 4 | (bits - 1)));
    bytes_.push_back(has_alpha_ ? transparent_index_ : 0);  // background index
    bytes_.push_back(0);                                    // no aspect ratio
    for (int i = 0; i < (1 << bits); ++i) {
      const uint32_t rgb = colours_[i < static_cast<int>(colours_.size()) ? i : 0];
      PutBytes(&bytes_, {static_cast<uint8_t>(rgb >> 16), static_cast<uint8_t>(rgb >> 8),
                         static_cast<uint8_t>(rgb)});
    }
    if (options_.loop) {  // NETSCAPE2.0: loop count 0, forever
      PutBytes(&bytes_, {0x21, 0xFF, 0x0B});
      PutText(&bytes_, "NETSCAPE2.0");
      PutBytes(&bytes_, {0x03, 0x01, 0x00, 0x00, 0x00});
    }
  }

  uint32_t Key(uint32_t pixel) const { return has_alpha_ ? pixel : pixel & 0xFFFFFFu; }

  // The palette index of a pixel: transparent, or the nearest colour by squared RGB
  // distance (the lowest index on ties). No dithering.
  uint8_t Map(uint32_t key) const {
    const uint32_t rgb = ColourOf(key, has_alpha_);
    if (rgb == kTransparent) return transparent_index_;
    std::size_t best = 0;
    int best_distance = 1 << 30;
    for (std::size_t i = 0; i < colours_.size(); ++i) {
      int distance = 0;
      for (int shift = 0; shift <= 16; shift += 8) {
        const int d = static_cast<int>((rgb >> shift & 0xFF) - (colours_[i] >> shift & 0xFF));
        distance += d * d;
      }
      if (distance < best_distance) {
        best_distance = distance;
        best = i;
      }
    }
    return static_cast<uint8_t>(best);
  }

  uint8_t Index(uint32_t pixel, uint32_t* last_key, uint8_t* last_index) {
    const uint32_t key = Key(pixel);
    if (key != *last_key) {
      CacheEntry& entry = cache_[(key * 2654435761u) >> (32 - kCacheBits)];
      if (entry.key != key) entry = CacheEntry{key, Map(key)};
      *last_key = key;
      *last_index = entry.index;
    }
    return *last_index;
  }

  // Maps the pixels of `rect` into `out` (a whole frame of indices).
  void ConvertRect(const RasterFrame& frame, const PixelRect& rect, uint8_t* out) {
    uint32_t last_key = cache_[0].key;
    uint8_t last_index = cache_[0].index;
    for (int y = rect.y; y < rect.y + rect.height; ++y) {
      const uint32_t* row = frame.pixels + static_cast<std::ptrdiff_t>(y) * frame.stride_words;
      uint8_t* indices = out + static_cast<std::ptrdiff_t>(y) * width_;
      for (int x = rect.x; x < rect.x + rect.width; ++x) {
        indices[x] = Index(row[x], &last_key, &last_index);
      }
    }
  }

  // Maps the changed rectangles; where an index differs from the one shown, writes it
  // into diff_ and shown_. The box around those pixels (one pixel when none differs).
  PixelRect Difference(const RasterFrame& frame) {
    int x0 = width_, y0 = height_, x1 = 0, y1 = 0;
    uint32_t last_key = cache_[0].key;
    uint8_t last_index = cache_[0].index;
    rects_.clear();
    for (const PixelRect& changed : frame.changed) {
      const PixelRect rect = Clip(changed, width_, height_);
      if (rect.width <= 0 || rect.height <= 0) continue;
      rects_.push_back(rect);
      row_.resize(static_cast<std::size_t>(rect.width));
      for (int y = rect.y; y < rect.y + rect.height; ++y) {
        // The row's indices (a run of one pixel value is looked up once), then what differs
        // from what is shown, eight indices at a time.
        const uint32_t* pixels =
            frame.pixels + static_cast<std::ptrdiff_t>(y) * frame.stride_words + rect.x;
        for (int i = 0; i < rect.width; ++i) {
          const uint32_t key = pixels[i] & 0xFFFFFFu;  // opaque frames only
          if (key != last_key) {
            CacheEntry& entry = cache_[(key * 2654435761u) >> (32 - kCacheBits)];
            if (entry.key != key) entry = CacheEntry{key, Map(key)};
            last_key = key;
            last_index = entry.index;
          }
          row_[static_cast<std::size_t>(i)] = last_index;
        }
        const std::size_t offset = static_cast<std::size_t>(y) * width_ + rect.x;
        uint8_t* shown = shown_.data() + offset;
        uint8_t* diff = diff_.data() + offset;
        const uint8_t* now = row_.data();
        int first = -1, last = -1;
        for (int i = 0; i < rect.width;) {
          if (rect.width - i >= 8) {
            uint64_t a, b;
            std::memcpy(&a, now + i, 8);
            std::memcpy(&b, shown + i, 8);
            if (a == b) {
              i += 8;
              continue;
            }
          }
          for (const int stop = std::min(rect.width, i + 8); i < stop; ++i) {
            if (now[i] != shown[i]) {
              shown[i] = diff[i] = now[i];
              if (first < 0) first = i;
              last = i;
            }
          }
        }
        if (first >= 0) {
          x0 = std::min(x0, rect.x + first);
          x1 = std::max(x1, rect.x + last + 1);
          y0 = std::min(y0, y);
          y1 = std::max(y1, y + 1);
          int& row_first = row_first_[static_cast<std::size_t>(y)];
          int& row_last = row_last_[static_cast<std::size_t>(y)];
          row_first = std::min(row_first, rect.x + first);
          row_last = std::max(row_last, rect.x + last);
        }
      }
    }
    if (x0 >= x1) return PixelRect{0, 0, 1, 1};  // diff_ is transparent everywhere
    return PixelRect{x0, y0, x1 - x0, y1 - y0};
  }

  // diff_ back to transparent where Difference() may have written.
  void ClearDifference() {
    for (const PixelRect& rect : rects_) {
      for (int y = rect.y; y < rect.y + rect.height; ++y) {
        std::memset(diff_.data() + static_cast<std::size_t>(y) * width_ + rect.x,
                    transparent_index_, static_cast<std::size_t>(rect.width));
      }
    }
  }

  const std::string path_;
  const int width_, height_;
  const GifOptions options_;
  std::unique_ptr<OutputFile> file_;
  bool seen_frame_ = false, has_alpha_ = false, previewed_ = false, started_ = false;
  std::unordered_map<uint32_t, uint64_t> counts_;  // pixels per colour, preview frames
  std::vector<uint32_t> colours_;                  // the palette's colours, 0xRRGGBB
  uint8_t transparent_index_ = 0;                  // the first index after them
  static constexpr int kCacheBits = 12;
  struct CacheEntry {
    uint32_t key;
    uint8_t index;
  };
  CacheEntry cache_[1 << kCacheBits];  // direct-mapped: Key(pixel) -> Map(Key(pixel))
  std::unique_ptr<LzwEncoder> lzw_;
  std::vector<uint8_t> shown_;  // the indices a viewer shows after the last frame
  std::vector<uint8_t> diff_;   // this frame's changed indices, else transparent
  std::vector<PixelRect> rects_;
  std::vector<uint8_t> row_;  // one row's indices
  // Per row, the first and last column whose index differs in this frame (first > last:
  // none); reset as the frame is written.
  std::vector<int> row_first_, row_last_;
  std::vector<uint8_t> bytes_;  // one frame's blocks
  int64_t added_ = 0;           // frames
  FrameClock clock_{100};       // GIF delays are centiseconds
};

}  // namespace

Status OpenGifWriter(const std::string& path, int width, int height, const GifOptions& options,
                     std::unique_ptr<FrameWriter>* out) {
  if (width < 1 || height < 1 || width > 65535 || height > 65535) {
    return Status::InvalidScene("a GIF of " + std::to_string(width) + "x" + std::to_string(height) +
                                " pixels (1..65535 each way)");
  }
  if (options.colours < 2 || options.colours > 256) {
    return Status::InvalidScene("GIF colours " + std::to_string(options.colours) +
                                " must be between 2 and 256");
  }
  auto writer = std::make_unique<GifWriter>(path, width, height, options);
  Status status = writer->Create();
  if (status.ok()) *out = std::move(writer);
  return status;
}

}  // namespace convanim
