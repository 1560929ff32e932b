#include "renderer/sinks/gif_container.h"

#include <algorithm>
#include <cstring>

namespace convanim {
namespace sinks {
namespace {

constexpr uint8_t kExtensionIntroducer = 0x21;
constexpr uint8_t kGraphicControlLabel = 0xF9;
constexpr uint8_t kApplicationLabel = 0xFF;
constexpr uint8_t kTrailer = 0x3B;
constexpr std::size_t kScreenDescriptorEnd = 13;  // "GIF89a", size, flags, bg, aspect
constexpr std::size_t kGraphicControlSize = 8;    // 21 f9 04 flags delay(2) index 00
constexpr char kNetscape[] = "NETSCAPE2.0";
constexpr std::size_t kNetscapeLength = sizeof(kNetscape) - 1;

void Append(const uint8_t* begin, const uint8_t* end, std::vector<uint8_t>* out) {
  out->insert(out->end(), begin, end);
}

void AppendLittleEndian16(int value, std::vector<uint8_t>* out) {
  out->push_back(static_cast<uint8_t>(value & 0xFF));
  out->push_back(static_cast<uint8_t>((value >> 8) & 0xFF));
}

// Where the extension starting at `at` ends (after its block terminator), or 0 when
// it runs past `size`.
std::size_t ExtensionEnd(const uint8_t* packet, std::size_t size, std::size_t at) {
  at += 2;  // introducer and label
  while (at < size && packet[at] != 0) at += packet[at] + 1u;
  return at < size ? at + 1 : 0;
}

Status Malformed(const char* what) {
  return Status::Internal(std::string("the GIF encoder returned a malformed packet: ") + what);
}

}  // namespace

Status GifContainer::AppendFrame(const uint8_t* packet, std::size_t size,
                                 int64_t delay_centiseconds, std::vector<uint8_t>* out) {
  const int delay =
      static_cast<int>(std::clamp<int64_t>(delay_centiseconds, 0, kMaxGifDelayCentiseconds));
  if (size == 0) return Malformed("an empty packet");
  std::size_t at = 0;
  if (frames_ == 0) {
    // The header, logical screen descriptor and global colour table.
    if (size < kScreenDescriptorEnd || std::memcmp(packet, "GIF8", 4) != 0) {
      return Malformed("the first frame has no GIF header");
    }
    std::size_t header_end = kScreenDescriptorEnd;
    if (packet[10] & 0x80) header_end += 3u * (2u << (packet[10] & 0x07));
    if (size < header_end + 2) return Malformed("the first frame ends in its header");
    Append(packet, packet + header_end, out);
    at = header_end;
    // A loop block of the encoder's own gives way to ours, as in FFmpeg's muxer.
    if (packet[at] == kExtensionIntroducer && packet[at + 1] == kApplicationLabel &&
        at + 3 + kNetscapeLength <= size &&
        std::memcmp(packet + at + 3, kNetscape, kNetscapeLength) == 0) {
      at = ExtensionEnd(packet, size, at);
      if (at == 0) return Malformed("a truncated application extension");
    }
    if (loop_) {
      const uint8_t application[] = {kExtensionIntroducer, kApplicationLabel, 0x0B};
      Append(application, application + sizeof(application), out);
      Append(reinterpret_cast<const uint8_t*>(kNetscape),
             reinterpret_cast<const uint8_t*>(kNetscape) + kNetscapeLength, out);
      const uint8_t loop_forever[] = {0x03, 0x01, 0x00, 0x00, 0x00};  // loop count 0
      Append(loop_forever, loop_forever + sizeof(loop_forever), out);
    }
  }

  // The frame's extensions up to its image: the Graphic Control Extension gets the delay.
  std::size_t block = at;
  while (block < size && packet[block] == kExtensionIntroducer) {
    if (block + 1 >= size) return Malformed("a truncated extension");
    if (packet[block + 1] == kGraphicControlLabel) break;
    block = ExtensionEnd(packet, size, block);
    if (block == 0) return Malformed("a truncated extension");
  }
  if (block < size && packet[block] == kExtensionIntroducer) {
    if (block + kGraphicControlSize > size || packet[block + 2] != 4) {
      return Malformed("a truncated graphic control extension");
    }
    Append(packet + at, packet + block + 4, out);  // up to the flags
    AppendLittleEndian16(delay, out);
    Append(packet + block + 6, packet + size, out);
  } else {
    Append(packet + at, packet + block, out);
    const uint8_t control[] = {kExtensionIntroducer, kGraphicControlLabel, 0x04, 0x00};
    Append(control, control + sizeof(control), out);
    AppendLittleEndian16(delay, out);
    out->push_back(0x00);  // transparent index (unused: the flags say none)
    out->push_back(0x00);  // block terminator
    Append(packet + block, packet + size, out);
  }
  packet_ended_with_trailer_ = size > 0 && packet[size - 1] == kTrailer;
  ++frames_;
  return Status::Ok();
}

void GifContainer::AppendTrailer(std::vector<uint8_t>* out) const {
  if (!packet_ended_with_trailer_) out->push_back(kTrailer);
}

}  // namespace sinks
}  // namespace convanim
