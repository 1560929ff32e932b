// The GIF file around libavcodec's GIF encoder packets, written the way FFmpeg 5.1's
// gif muxer writes it, without libavformat:
//
//   the first packet's header: "GIF89a", the logical screen descriptor and the global
//     colour table (the encoder writes them into its first packet);
//   a NETSCAPE2.0 application extension with loop count 0 (forever) when looping;
//   every frame's blocks, its Graphic Control Extension carrying the frame's delay
//     (one is inserted before the image when a packet has none);
//   the trailer 0x3B.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace convanim {
namespace sinks {

// GIF delays are 16-bit centiseconds: longer delays are clamped to this.
constexpr int kMaxGifDelayCentiseconds = 65535;

class GifContainer {
 public:
  // `loop`: play forever (NETSCAPE2.0 loop count 0); otherwise no loop block, so
  // viewers play the animation once.
  explicit GifContainer(bool loop) : loop_(loop) {}

  // Appends to `out` the file bytes for one encoder packet shown for
  // `delay_centiseconds` (clamped to 0..65535). The first packet must start with the
  // GIF header; Internal error when a packet is not made of GIF blocks.
  Status AppendFrame(const uint8_t* packet, std::size_t size, int64_t delay_centiseconds,
                     std::vector<uint8_t>* out);

  // Appends the trailer (unless the encoder's last packet already ended with it).
  void AppendTrailer(std::vector<uint8_t>* out) const;

  int64_t frames() const { return frames_; }

 private:
  bool loop_;
  int64_t frames_ = 0;
  bool packet_ended_with_trailer_ = false;
};

}  // namespace sinks
}  // namespace convanim
