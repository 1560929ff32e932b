// Tests of the GIF and MP4 writers (exporters/video.h): what they write is read back
// through libavformat/libavcodec and, for GIF timing, from the file's own blocks.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "exporters/video.h"
#include "tests/support/paths.h"

namespace convanim {
namespace {

// Solarized, as the guide's figures use it (0xRRGGBB).
constexpr uint32_t kBase3 = 0xFDF6E3;   // 253,246,227
constexpr uint32_t kBlue = 0x268BD2;    // 38,139,210
constexpr uint32_t kCyan = 0x2AA198;    // 42,161,152
constexpr uint32_t kOrange = 0xCB4B16;  // 203,75,22
constexpr uint32_t kBase02 = 0x073642;  // 7,54,66

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A Cairo-like ARGB32 canvas that remembers what changed since the last frame.
struct Canvas {
  Canvas(int w, int h, uint32_t argb) : width(w), height(h), stride(w + 3) {
    pixels.assign(static_cast<std::size_t>(stride) * height, argb);
    changed.push_back(PixelRect{0, 0, w, h});
  }
  void Fill(int x, int y, int w, int h, uint32_t argb) {
    for (int row = y; row < y + h; ++row) {
      for (int column = x; column < x + w; ++column) pixels[row * stride + column] = argb;
    }
    changed.push_back(PixelRect{x, y, w, h});
  }
  void Set(int x, int y, uint32_t argb) { Fill(x, y, 1, 1, argb); }
  uint32_t At(int x, int y) const { return pixels[y * stride + x]; }
  // The frame as it is now; what changed starts over.
  RasterFrame Frame(double duration, bool has_alpha = false) {
    RasterFrame frame;
    frame.pixels = pixels.data();
    frame.width = width;
    frame.height = height;
    frame.stride_words = stride;
    frame.has_alpha = has_alpha;
    frame.changed = std::move(changed);
    frame.duration = duration;
    changed.clear();
    return frame;
  }
  int width, height, stride;
  std::vector<uint32_t> pixels;
  std::vector<PixelRect> changed;
};

uint32_t Opaque(uint32_t rgb) { return 0xFF000000u | rgb; }

// A figure-like sequence: a background, a fixed grid of cells, a highlight moving over
// the cells and an output cell filling up, `count` frames.
std::vector<Canvas> Sequence(int width, int height, int count) {
  std::vector<Canvas> frames;
  Canvas canvas(width, height, Opaque(kBase3));
  canvas.Fill(4, 4, width / 2 - 8, height / 2 - 8, Opaque(kCyan));
  for (int i = 0; i < count; ++i) {
    // Small frames still move (no modulo by zero).
    const int x = 4 + (i * 7) % std::max(1, width / 2 - 20);
    const int y = 4 + (i * 5) % std::max(1, height / 2 - 20);
    canvas.Fill(x, y, 12, 12, Opaque(i % 2 ? kBlue : kBase02));
    canvas.Fill(width / 2 + (i * 3) % std::max(1, width / 2 - 6), height - 8, 3, 3,
                Opaque(kOrange));
    frames.push_back(canvas);
    canvas.changed.clear();
  }
  return frames;
}

// ---------------------------------------------------------------------------------
// Reading back

struct Decoded {
  int width = 0, height = 0;
  std::string pix_fmt;
  int profile = 0, level = 0;
  AVColorRange range = AVCOL_RANGE_UNSPECIFIED;
  AVColorSpace space = AVCOL_SPC_UNSPECIFIED;
  AVColorPrimaries primaries = AVCOL_PRI_UNSPECIFIED;
  AVColorTransferCharacteristic transfer = AVCOL_TRC_UNSPECIFIED;
  int has_b_frames = -1;
  double stream_duration = 0, format_duration = 0;
  AVRational avg_frame_rate{0, 1}, r_frame_rate{0, 1};
  std::vector<double> packet_pts, packet_durations;  // seconds, in file order
  std::vector<std::vector<uint32_t>> frames;         // 0xAARRGGBB, width x height each
};

void Decode(const std::string& path, Decoded* out) {
  AVFormatContext* format = nullptr;
  ASSERT_EQ(avformat_open_input(&format, path.c_str(), nullptr, nullptr), 0) << path;
  ASSERT_GE(avformat_find_stream_info(format, nullptr), 0);
  ASSERT_EQ(format->nb_streams, 1u);
  AVStream* stream = format->streams[0];
  const AVCodecParameters* parameters = stream->codecpar;
  out->width = parameters->width;
  out->height = parameters->height;
  out->pix_fmt = av_get_pix_fmt_name(static_cast<AVPixelFormat>(parameters->format));
  out->profile = parameters->profile;
  out->level = parameters->level;
  out->range = parameters->color_range;
  out->space = parameters->color_space;
  out->primaries = parameters->color_primaries;
  out->transfer = parameters->color_trc;
  out->has_b_frames = parameters->video_delay;
  out->stream_duration = static_cast<double>(stream->duration) * av_q2d(stream->time_base);
  out->format_duration = static_cast<double>(format->duration) / AV_TIME_BASE;
  out->avg_frame_rate = stream->avg_frame_rate;
  out->r_frame_rate = stream->r_frame_rate;

  const AVCodec* codec = avcodec_find_decoder(parameters->codec_id);
  AVCodecContext* decoder = avcodec_alloc_context3(codec);
  ASSERT_GE(avcodec_parameters_to_context(decoder, parameters), 0);
  decoder->thread_count = 1;
  ASSERT_GE(avcodec_open2(decoder, codec, nullptr), 0);
  AVPacket* packet = av_packet_alloc();
  AVFrame* frame = av_frame_alloc();
  SwsContext* scaler = nullptr;
  auto receive = [&] {
    while (avcodec_receive_frame(decoder, frame) == 0) {
      std::vector<uint32_t> pixels(static_cast<std::size_t>(frame->width) * frame->height);
      if (frame->format == AV_PIX_FMT_RGB32) {
        for (int y = 0; y < frame->height; ++y) {
          std::memcpy(&pixels[y * frame->width], frame->data[0] + y * frame->linesize[0],
                      frame->width * 4u);
        }
      } else {  // yuv420p, BT.709 limited range, as the MP4 writer tags it
        scaler = sws_getCachedContext(
            scaler, frame->width, frame->height, static_cast<AVPixelFormat>(frame->format),
            frame->width, frame->height, AV_PIX_FMT_RGB32,
            SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT, nullptr, nullptr, nullptr);
        const int* bt709 = sws_getCoefficients(SWS_CS_ITU709);
        sws_setColorspaceDetails(scaler, bt709, 0, bt709, 1, 0, 1 << 16, 1 << 16);
        uint8_t* data[1] = {reinterpret_cast<uint8_t*>(pixels.data())};
        const int stride[1] = {frame->width * 4};
        sws_scale(scaler, frame->data, frame->linesize, 0, frame->height, data, stride);
      }
      out->frames.push_back(std::move(pixels));
    }
  };
  while (av_read_frame(format, packet) >= 0) {
    out->packet_pts.push_back(static_cast<double>(packet->pts) * av_q2d(stream->time_base));
    out->packet_durations.push_back(static_cast<double>(packet->duration) *
                                    av_q2d(stream->time_base));
    ASSERT_GE(avcodec_send_packet(decoder, packet), 0);
    av_packet_unref(packet);
    receive();
  }
  avcodec_send_packet(decoder, nullptr);
  receive();
  sws_freeContext(scaler);
  av_frame_free(&frame);
  av_packet_free(&packet);
  avcodec_free_context(&decoder);
  avformat_close_input(&format);
}

// The blocks of a GIF file, read directly (libavformat's gif demuxer replaces delays
// under 2 cs by 10 cs, as browsers do).
struct GifImage {
  int delay = -1, disposal = 0, transparent = -1;  // from its graphic control extension
  int x = 0, y = 0, width = 0, height = 0;
  bool local_palette = false;
};
struct GifBlocks {
  int loop = -1;  // the NETSCAPE2.0 loop count, -1 without the block
  int palette_entries = 0;
  std::vector<uint32_t> palette;  // global, 0xRRGGBB
  std::vector<GifImage> images;
  bool trailer = false;
};

GifBlocks ReadGif(const std::string& bytes) {
  GifBlocks gif;
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  const std::size_t size = bytes.size();
  std::size_t at = 13;
  if (size < at || bytes.compare(0, 6, "GIF89a") != 0) return gif;
  if (data[10] & 0x80) {
    gif.palette_entries = 2 << (data[10] & 7);
    for (int i = 0; i < gif.palette_entries; ++i, at += 3) {
      gif.palette.push_back(data[at] << 16 | data[at + 1] << 8 | data[at + 2]);
    }
  }
  auto skip_sub_blocks = [&] {
    while (at < size && data[at] != 0) at += data[at] + 1u;
    ++at;
  };
  GifImage pending;
  while (at < size) {
    if (data[at] == 0x3B) {
      gif.trailer = at + 1 == size;
      break;
    }
    if (data[at] == 0x21 && data[at + 1] == 0xF9) {
      pending.disposal = (data[at + 3] >> 2) & 7;
      pending.delay = data[at + 4] | data[at + 5] << 8;
      pending.transparent = (data[at + 3] & 1) ? data[at + 6] : -1;
      at += 2;
      skip_sub_blocks();
    } else if (data[at] == 0x21 && data[at + 1] == 0xFF) {
      if (bytes.compare(at + 3, 11, "NETSCAPE2.0") == 0) {
        gif.loop = data[at + 16] | data[at + 17] << 8;
      }
      at += 2;
      skip_sub_blocks();
    } else if (data[at] == 0x21) {
      at += 2;
      skip_sub_blocks();
    } else if (data[at] == 0x2C) {
      pending.x = data[at + 1] | data[at + 2] << 8;
      pending.y = data[at + 3] | data[at + 4] << 8;
      pending.width = data[at + 5] | data[at + 6] << 8;
      pending.height = data[at + 7] | data[at + 8] << 8;
      pending.local_palette = data[at + 9] & 0x80;
      at += 10;
      if (pending.local_palette) at += 3u * (2u << (data[at - 1] & 7));
      ++at;  // LZW minimum code size
      skip_sub_blocks();
      gif.images.push_back(pending);
      pending = GifImage();
    } else {
      break;  // malformed: the tests see it as missing images or trailer
    }
  }
  return gif;
}

Status WriteGif(const std::string& path, std::vector<Canvas> frames,
                const std::vector<double>& durations, const GifOptions& options,
                bool preview = true, bool has_alpha = false) {
  std::unique_ptr<FrameWriter> writer;
  Status status = OpenGifWriter(path, frames[0].width, frames[0].height, options, &writer);
  if (!status.ok()) return status;
  if (preview) {
    for (std::size_t i : {std::size_t{0}, frames.size() - 1}) {
      Canvas copy = frames[i];
      status = writer->Preview(copy.Frame(1.0, has_alpha));
      if (!status.ok()) return status;
    }
  }
  for (std::size_t i = 0; i < frames.size(); ++i) {
    status = writer->Add(frames[i].Frame(durations[i % durations.size()], has_alpha));
    if (!status.ok()) return status;
  }
  return writer->Finish();
}

Status WriteMp4(const std::string& path, std::vector<Canvas> frames,
                const std::vector<double>& durations, const Mp4Options& options = {}) {
  std::unique_ptr<FrameWriter> writer;
  Status status = OpenMp4Writer(path, frames[0].width, frames[0].height, options, &writer);
  if (!status.ok()) return status;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    status = writer->Add(frames[i].Frame(durations[i % durations.size()]));
    if (!status.ok()) return status;
  }
  return writer->Finish();
}

std::vector<int> Delays(const GifBlocks& gif) {
  std::vector<int> delays;
  for (const GifImage& image : gif.images) delays.push_back(image.delay);
  return delays;
}

// ---------------------------------------------------------------------------------
// GIF

TEST(Gif, DelaysFollowTheCumulativeTimeIncludingTheLastFrameAndLoopForever) {
  const std::string dir = testing::MakeTempDir();
  const std::vector<double> durations = {0.5, 1 / 3.0, 1 / 3.0, 1 / 3.0, 1.0, 0.004, 0.25};
  ASSERT_TRUE(WriteGif(dir + "/a.gif", Sequence(60, 40, 7), durations, GifOptions{}).ok());
  const GifBlocks gif = ReadGif(ReadBytes(dir + "/a.gif"));
  // Ends at 50, 83, 117, 150, 250, 251 (250.4 rounds to 250, but each frame lasts at
  // least 1 cs) and 275.
  EXPECT_EQ(Delays(gif), (std::vector<int>{50, 33, 34, 33, 100, 1, 24}));
  EXPECT_EQ(gif.loop, 0);
  EXPECT_TRUE(gif.trailer);
  Decoded decoded;
  Decode(dir + "/a.gif", &decoded);
  EXPECT_EQ(decoded.frames.size(), 7u);
}

TEST(Gif, SubCentisecondFramesTakeOneAndTheTotalCatchesUp) {
  const std::string dir = testing::MakeTempDir();
  ASSERT_TRUE(WriteGif(dir + "/a.gif", Sequence(60, 40, 6),
                       {0.004, 0.004, 0.004, 0.004, 0.004, 0.1}, GifOptions{})
                  .ok());
  // 0.12 s in all: five frames of 1 cs, then the rest of the 12.
  EXPECT_EQ(Delays(ReadGif(ReadBytes(dir + "/a.gif"))), (std::vector<int>{1, 1, 1, 1, 1, 7}));
}

TEST(Gif, OneFrameKeepsItsDurationAndPlaysOnceWhenAsked) {
  const std::string dir = testing::MakeTempDir();
  GifOptions options;
  options.loop = false;
  ASSERT_TRUE(WriteGif(dir + "/a.gif", Sequence(30, 30, 1), {2.5}, options).ok());
  const GifBlocks gif = ReadGif(ReadBytes(dir + "/a.gif"));
  EXPECT_EQ(Delays(gif), (std::vector<int>{250}));
  EXPECT_EQ(gif.loop, -1);
  EXPECT_TRUE(gif.trailer);
}

TEST(Gif, EveryFrameDecodesToExactlyItsColours) {
  const std::string dir = testing::MakeTempDir();
  const std::vector<Canvas> frames = Sequence(64, 48, 12);
  ASSERT_TRUE(WriteGif(dir + "/a.gif", frames, {0.1}, GifOptions{}).ok());
  const GifBlocks gif = ReadGif(ReadBytes(dir + "/a.gif"));
  ASSERT_EQ(gif.palette_entries, 8);  // five colours and the transparent index
  // Five colours, sorted by value, exact.
  EXPECT_EQ(std::vector<uint32_t>(gif.palette.begin(), gif.palette.begin() + 5),
            (std::vector<uint32_t>{kBase02, kBlue, kCyan, kOrange, kBase3}));
  Decoded decoded;
  Decode(dir + "/a.gif", &decoded);
  ASSERT_EQ(decoded.frames.size(), frames.size());
  for (std::size_t i = 0; i < frames.size(); ++i) {
    for (int y = 0; y < 48; ++y) {
      for (int x = 0; x < 64; ++x) {
        ASSERT_EQ(decoded.frames[i][y * 64 + x], frames[i].At(x, y))
            << "frame " << i << " at " << x << "," << y;
      }
    }
  }
  EXPECT_EQ(decoded.frames[0][17 * 64 + 20], Opaque(kCyan));  // 42,161,152
}

TEST(Gif, LaterFramesStoreOnlyTheRectangleThatChanged) {
  const std::string dir = testing::MakeTempDir();
  Canvas canvas(200, 100, Opaque(kBase3));
  std::vector<Canvas> frames;
  frames.push_back(canvas);
  canvas.changed.clear();
  canvas.Fill(20, 30, 8, 5, Opaque(kBlue));
  frames.push_back(canvas);
  canvas.changed.clear();
  frames.push_back(canvas);  // nothing changed
  ASSERT_TRUE(WriteGif(dir + "/a.gif", frames, {0.5}, GifOptions{}).ok());
  const GifBlocks gif = ReadGif(ReadBytes(dir + "/a.gif"));
  ASSERT_EQ(gif.images.size(), 3u);
  EXPECT_EQ(gif.images[0].width, 200);
  EXPECT_EQ(gif.images[1].x, 20);
  EXPECT_EQ(gif.images[1].y, 30);
  EXPECT_EQ(gif.images[1].width, 8);
  EXPECT_EQ(gif.images[1].height, 5);
  EXPECT_FALSE(gif.images[1].local_palette);
  EXPECT_LE(gif.images[2].width * gif.images[2].height, 1);
}

TEST(Gif, ChangedRectanglesGiveTheSameBytesAsWholeFrames) {
  const std::string dir = testing::MakeTempDir();
  std::vector<Canvas> frames = Sequence(90, 70, 15);
  std::vector<Canvas> whole = frames;
  for (Canvas& frame : whole) frame.changed = {PixelRect{0, 0, 90, 70}};
  // Rectangles reaching past the frame are clipped.
  frames[3].changed.push_back(PixelRect{80, 60, 50, 50});
  frames[4].changed.push_back(PixelRect{-5, -5, 10, 10});
  ASSERT_TRUE(WriteGif(dir + "/a.gif", frames, {0.2}, GifOptions{}).ok());
  ASSERT_TRUE(WriteGif(dir + "/b.gif", whole, {0.2}, GifOptions{}).ok());
  EXPECT_EQ(ReadBytes(dir + "/a.gif"), ReadBytes(dir + "/b.gif"));
}

TEST(Gif, MoreColoursThanThePaletteKeepTheMostFrequentExact) {
  const std::string dir = testing::MakeTempDir();
  Canvas canvas(80, 60, Opaque(kBase3));
  canvas.Fill(0, 0, 40, 30, Opaque(kBlue));
  canvas.Fill(40, 0, 40, 30, Opaque(kCyan));
  canvas.Fill(0, 30, 30, 30, Opaque(kOrange));
  for (int i = 0; i < 10; ++i) canvas.Set(i, 10, Opaque(kBlue + 0x010101 * (i + 1)));  // shades
  GifOptions options;
  options.colours = 4;
  ASSERT_TRUE(WriteGif(dir + "/a.gif", {canvas}, {1.0}, options).ok());
  Decoded decoded;
  Decode(dir + "/a.gif", &decoded);
  ASSERT_EQ(decoded.frames.size(), 1u);
  EXPECT_EQ(decoded.frames[0][20 * 80 + 20], Opaque(kBlue));  // 38,139,210
  EXPECT_EQ(decoded.frames[0][20 * 80 + 60], Opaque(kCyan));  // 42,161,152
  EXPECT_EQ(decoded.frames[0][40 * 80 + 10], Opaque(kOrange));
  EXPECT_EQ(decoded.frames[0][40 * 80 + 60], Opaque(kBase3));
  EXPECT_EQ(decoded.frames[0][10 * 80 + 5], Opaque(kBlue));  // nearest kept colour
}

TEST(Gif, WithoutPreviewThePaletteComesFromTheFirstFrame) {
  const std::string dir = testing::MakeTempDir();
  Canvas canvas(40, 40, Opaque(kBase3));
  canvas.Fill(0, 0, 20, 20, Opaque(kBlue));
  std::vector<Canvas> frames = {canvas};
  canvas.changed.clear();
  canvas.Fill(20, 20, 10, 10, Opaque(0x2A8CD0));  // close to blue, not in the first frame
  frames.push_back(canvas);
  ASSERT_TRUE(WriteGif(dir + "/a.gif", frames, {1.0}, GifOptions{}, /*preview=*/false).ok());
  Decoded decoded;
  Decode(dir + "/a.gif", &decoded);
  ASSERT_EQ(decoded.frames.size(), 2u);
  EXPECT_EQ(decoded.frames[1][25 * 40 + 25], Opaque(kBlue));
  EXPECT_EQ(decoded.frames[1][5 * 40 + 5], Opaque(kBlue));
  EXPECT_EQ(decoded.frames[1][35 * 40 + 5], Opaque(kBase3));
}

TEST(Gif, TransparentBackgroundIncludingPixelsThatTurnTransparent) {
  const std::string dir = testing::MakeTempDir();
  constexpr uint32_t kClear = 0x00000000;
  Canvas canvas(50, 40, kClear);
  canvas.Fill(5, 5, 10, 10, Opaque(kBlue));
  canvas.Set(30, 30, 0x80134569);  // alpha 128, premultiplied kBlue / 2
  canvas.Set(31, 30, 0x7F134569);  // alpha 127: transparent
  std::vector<Canvas> frames = {canvas};
  canvas.changed.clear();
  canvas.Fill(5, 5, 10, 10, kClear);  // the square moves: its old pixels turn transparent
  canvas.Fill(20, 5, 10, 10, Opaque(kCyan));
  frames.push_back(canvas);
  canvas.changed.clear();
  canvas.Fill(20, 5, 5, 10, kClear);
  frames.push_back(canvas);
  ASSERT_TRUE(WriteGif(dir + "/a.gif", frames, {0.5}, GifOptions{}, true, /*has_alpha=*/true).ok());
  Decoded decoded;
  Decode(dir + "/a.gif", &decoded);
  ASSERT_EQ(decoded.frames.size(), 3u);
  for (std::size_t i = 0; i < frames.size(); ++i) {
    for (int y = 0; y < 40; ++y) {
      for (int x = 0; x < 50; ++x) {
        uint32_t expected = frames[i].At(x, y);
        if (expected >> 24 < 128) {
          EXPECT_EQ(decoded.frames[i][y * 50 + x] >> 24, 0u) << i << ": " << x << "," << y;
        } else {
          if (expected == 0x80134569) expected = 0xFF2689D1;  // un-premultiplied
          EXPECT_EQ(decoded.frames[i][y * 50 + x], expected) << i << ": " << x << "," << y;
        }
      }
    }
  }
}

TEST(Gif, TransparentGifFrameWithoutATransparentPixelDecodesOpaque) {
  // Every frame of a transparent GIF is whole and disposed to the background: a frame
  // may cover everything, and the next may turn pixels transparent again.
  const std::string dir = testing::MakeTempDir();
  Canvas canvas(20, 20, 0);
  std::vector<Canvas> frames = {canvas};
  canvas.Fill(0, 0, 20, 20, Opaque(kBlue));
  frames.push_back(canvas);
  canvas.Fill(0, 0, 10, 20, 0);
  frames.push_back(canvas);
  ASSERT_TRUE(WriteGif(dir + "/a.gif", frames, {0.5}, GifOptions{}, true, true).ok());
  const GifBlocks gif = ReadGif(ReadBytes(dir + "/a.gif"));
  ASSERT_EQ(gif.images.size(), 3u);
  for (const GifImage& image : gif.images) {
    EXPECT_EQ(image.disposal, 2);
    EXPECT_EQ(image.width * image.height, 400);
  }
  Decoded decoded;
  Decode(dir + "/a.gif", &decoded);
  ASSERT_EQ(decoded.frames.size(), 3u);
  EXPECT_EQ(decoded.frames[0][5 * 20 + 15] >> 24, 0u);
  EXPECT_EQ(decoded.frames[1][5 * 20 + 5], Opaque(kBlue));
  EXPECT_EQ(decoded.frames[1][5 * 20 + 15], Opaque(kBlue));
  EXPECT_EQ(decoded.frames[2][5 * 20 + 5] >> 24, 0u);
  EXPECT_EQ(decoded.frames[2][5 * 20 + 15], Opaque(kBlue));
}

// Frames of pseudo-random pixels from `colours` colours, in runs of 1 to `max_run`,
// changing in random rectangles: LZW from the shortest codes to table resets. The
// first row of the first frame holds every colour (width >= colours).
std::vector<Canvas> Noise(int width, int height, int count, int colours, int max_run,
                          uint32_t seed) {
  auto next = [&seed](uint32_t bound) {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 8) % bound;
  };
  auto colour = [&](uint32_t i) { return Opaque((i * 0x9E3779B1u) & 0xFFFFFFu); };
  std::vector<Canvas> frames;
  Canvas canvas(width, height, colour(0));
  for (int f = 0; f < count; ++f) {
    const int w = f == 0 ? width : 1 + static_cast<int>(next(static_cast<uint32_t>(width)));
    const int h = f == 0 ? height : 1 + static_cast<int>(next(static_cast<uint32_t>(height)));
    const int x0 = static_cast<int>(next(static_cast<uint32_t>(width - w + 1)));
    const int y0 = static_cast<int>(next(static_cast<uint32_t>(height - h + 1)));
    for (int y = y0; y < y0 + h; ++y) {
      for (int x = x0; x < x0 + w;) {
        const uint32_t value = colour(next(static_cast<uint32_t>(colours)));
        for (int run = 1 + static_cast<int>(next(static_cast<uint32_t>(max_run)));
             run > 0 && x < x0 + w; --run, ++x) {
          canvas.pixels[static_cast<std::size_t>(y) * canvas.stride + x] = value;
        }
      }
    }
    if (f == 0) {  // every colour, so that the palette (from the first frame) has them all
      for (int i = 0; i < colours; ++i) canvas.pixels[i] = colour(static_cast<uint32_t>(i));
    }
    canvas.changed.push_back(PixelRect{x0, y0, w, h});
    if (f % 3 == 2) canvas.changed.push_back(PixelRect{x0, y0, w / 2 + 1, h});  // overlapping
    frames.push_back(canvas);
    canvas.changed.clear();
  }
  return frames;
}

void ExpectDecodesTo(const std::string& path, const std::vector<Canvas>& frames) {
  Decoded decoded;
  Decode(path, &decoded);
  ASSERT_EQ(decoded.frames.size(), frames.size());
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const Canvas& frame = frames[i];
    for (int y = 0; y < frame.height; ++y) {
      for (int x = 0; x < frame.width; ++x) {
        ASSERT_EQ(decoded.frames[i][static_cast<std::size_t>(y) * frame.width + x], frame.At(x, y))
            << path << " frame " << i << " at " << x << "," << y;
      }
    }
  }
}

TEST(Gif, LzwOfEveryCodeWidthDecodesExactly) {
  // 2 colours (2-bit codes at least), 16, and 255 (8-bit indices); noise without runs
  // fills the 4096-code table many times, long runs grow long strings.
  const std::string dir = testing::MakeTempDir();
  int n = 0;
  for (const int colours : {2, 3, 16, 255}) {
    for (const int max_run : {1, 3, 200}) {
      const std::vector<Canvas> frames = Noise(263, 91, 8, colours, max_run, 7u + n);
      GifOptions options;
      options.colours = 256;
      const std::string path = dir + "/" + std::to_string(n++) + ".gif";
      ASSERT_TRUE(WriteGif(path, frames, {0.1}, options).ok());
      const GifBlocks gif = ReadGif(ReadBytes(path));
      EXPECT_EQ(gif.images.size(), frames.size());
      EXPECT_TRUE(gif.trailer) << path;
      int bits = 1;
      while ((1 << bits) < colours + 1) ++bits;
      EXPECT_EQ(gif.palette_entries, 1 << std::max(2, bits)) << path;
      ExpectDecodesTo(path, frames);
    }
  }
}

TEST(Gif, ALaterFrameIsTheBoxAroundThePixelsThatDiffer) {
  // The changed rectangle spans 10..60, but only two pixels differ.
  const std::string dir = testing::MakeTempDir();
  Canvas canvas(80, 40, Opaque(kBase3));
  std::vector<Canvas> frames = {canvas};
  canvas.changed.clear();
  canvas.Fill(10, 5, 50, 30, Opaque(kBase3));
  canvas.Set(12, 7, Opaque(kBlue));
  canvas.Set(40, 20, Opaque(kOrange));
  frames.push_back(canvas);
  ASSERT_TRUE(WriteGif(dir + "/a.gif", frames, {0.1}, GifOptions{}).ok());
  const GifBlocks gif = ReadGif(ReadBytes(dir + "/a.gif"));
  ASSERT_EQ(gif.images.size(), 2u);
  EXPECT_EQ(gif.images[0].disposal, 1);
  EXPECT_EQ(gif.images[0].transparent, -1);
  EXPECT_EQ(gif.images[1].disposal, 1);     // do not dispose: unchanged pixels stay
  EXPECT_EQ(gif.images[1].transparent, 3);  // after kBase3, kBlue, kOrange
  EXPECT_EQ(gif.images[1].x, 12);
  EXPECT_EQ(gif.images[1].y, 7);
  EXPECT_EQ(gif.images[1].width, 29);
  EXPECT_EQ(gif.images[1].height, 14);
  ExpectDecodesTo(dir + "/a.gif", frames);
}

TEST(Gif, RefusesBadArgumentsAndFrames) {
  const std::string dir = testing::MakeTempDir();
  std::unique_ptr<FrameWriter> writer;
  GifOptions options;
  options.colours = 1;
  EXPECT_EQ(OpenGifWriter(dir + "/a.gif", 10, 10, options, &writer).code(),
            Status::Code::kInvalidScene);
  EXPECT_EQ(OpenGifWriter(dir + "/a.gif", 0, 10, GifOptions{}, &writer).code(),
            Status::Code::kInvalidScene);
  ASSERT_TRUE(OpenGifWriter(dir + "/a.gif", 10, 10, GifOptions{}, &writer).ok());
  Canvas wrong(11, 10, Opaque(kBlue));
  EXPECT_EQ(writer->Add(wrong.Frame(1.0)).code(), Status::Code::kInternal);
  Canvas right(10, 10, Opaque(kBlue));
  EXPECT_EQ(writer->Add(right.Frame(0.0)).code(), Status::Code::kInvalidScene);
  EXPECT_EQ(writer->Add(right.Frame(NAN)).code(), Status::Code::kInvalidScene);
  EXPECT_EQ(writer->Finish().code(), Status::Code::kInternal);  // no frame
  writer.reset();
  EXPECT_FALSE(std::ifstream(dir + "/a.gif").good());
  EXPECT_EQ(OpenGifWriter("/proc/no/a.gif", 10, 10, GifOptions{}, &writer).code(),
            Status::Code::kIoError);
}

TEST(Gif, AFailingWriteIsAnIoErrorAtOnceAndLeavesNothing) {
  // A file size limit makes write(2) fail with EFBIG, as a full disk fails with ENOSPC.
  const std::string dir = testing::MakeTempDir();
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t child = fork();
  if (child == 0) {
    signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{10000, 10000};
    if (setrlimit(RLIMIT_FSIZE, &limit) != 0) _exit(3);
    Canvas noise(200, 200, Opaque(kBase3));
    uint32_t seed = 1;
    std::unique_ptr<FrameWriter> writer;
    if (!OpenGifWriter(dir + "/a.gif", 200, 200, GifOptions{}, &writer).ok()) _exit(4);
    for (int i = 0; i < 20; ++i) {
      for (uint32_t& pixel : noise.pixels) {
        seed = seed * 1103515245 + 12345;
        pixel = Opaque((seed >> 16) * 0x111111u);  // 16 greys, no runs
      }
      noise.changed = {PixelRect{0, 0, 200, 200}};
      const Status status = writer->Add(noise.Frame(0.1));
      if (!status.ok()) {
        const std::string report = std::to_string(i) + " " + status.message();
        if (write(pipe_fds[1], report.data(), report.size()) < 0) _exit(5);
        writer.reset();
        _exit(status.code() == Status::Code::kIoError ? 0 : 6);
      }
    }
    _exit(7);
  }
  close(pipe_fds[1]);
  char buffer[512] = {0};
  ASSERT_GT(read(pipe_fds[0], buffer, sizeof(buffer) - 1), 0);
  close(pipe_fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << buffer;
  const std::string report(buffer);
  // Reported by the Add() whose packet filled avio's 32 KiB buffer, not by Finish().
  EXPECT_LT(std::atoi(report.c_str()), 19) << report;
  EXPECT_NE(report.find("'" + dir + "/a.gif'"), std::string::npos) << report;
  EXPECT_NE(report.find("File too large"), std::string::npos) << report;
  std::error_code ignored;
  EXPECT_TRUE(std::filesystem::is_empty(dir, ignored));
}

TEST(Gif, SameFramesSameBytesAlsoFromConcurrentWriters) {
  const std::string dir = testing::MakeTempDir();
  const std::vector<Canvas> frames = Sequence(120, 90, 20);
  ASSERT_TRUE(WriteGif(dir + "/reference.gif", frames, {0.1, 0.25}, GifOptions{}).ok());
  const std::string reference = ReadBytes(dir + "/reference.gif");
  Status statuses[2];
  std::thread threads[2];
  for (int t = 0; t < 2; ++t) {
    threads[t] = std::thread([&, t] {
      statuses[t] =
          WriteGif(dir + "/" + std::to_string(t) + ".gif", frames, {0.1, 0.25}, GifOptions{});
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < 2; ++t) {
    ASSERT_TRUE(statuses[t].ok()) << statuses[t].message();
    EXPECT_EQ(ReadBytes(dir + "/" + std::to_string(t) + ".gif"), reference);
  }
}

// ---------------------------------------------------------------------------------
// MP4

// Top-level boxes of an MP4 file, in order.
std::vector<std::string> TopLevelBoxes(const std::string& bytes) {
  std::vector<std::string> boxes;
  std::size_t at = 0;
  while (at + 8 <= bytes.size()) {
    const auto* p = reinterpret_cast<const uint8_t*>(bytes.data() + at);
    uint64_t size = uint64_t{p[0]} << 24 | p[1] << 16 | p[2] << 8 | p[3];
    boxes.push_back(bytes.substr(at + 4, 4));
    if (size == 1 && at + 16 <= bytes.size()) {
      size = 0;
      for (int i = 8; i < 16; ++i) size = size << 8 | p[i];
    }
    if (size < 8) break;
    at += size;
  }
  return boxes;
}

TEST(Mp4, EachFrameIsOneSampleLastingItsDurationInAFastStartFile) {
  const std::string dir = testing::MakeTempDir();
  const std::vector<double> durations = {0.5, 1 / 3.0, 1 / 3.0, 1 / 3.0, 1.0, 0.0004, 0.25};
  ASSERT_TRUE(WriteMp4(dir + "/a.mp4", Sequence(101, 81, 7), durations).ok());
  Decoded decoded;
  Decode(dir + "/a.mp4", &decoded);
  EXPECT_EQ(decoded.pix_fmt, "yuv420p");
  EXPECT_EQ(decoded.width, 102);  // even: the extra column and row repeat the last
  EXPECT_EQ(decoded.height, 82);
  EXPECT_EQ(decoded.profile, FF_PROFILE_H264_HIGH);
  EXPECT_GT(decoded.level, 0);
  EXPECT_LE(decoded.level, 30);  // 3.0 at most: a small picture, nominally 30 frames/s
  EXPECT_EQ(decoded.range, AVCOL_RANGE_MPEG);
  EXPECT_EQ(decoded.space, AVCOL_SPC_BT709);
  EXPECT_EQ(decoded.primaries, AVCOL_PRI_BT709);
  EXPECT_EQ(decoded.transfer, AVCOL_TRC_BT709);
  EXPECT_EQ(decoded.has_b_frames, 0);
  ASSERT_EQ(decoded.frames.size(), 7u);
  ASSERT_EQ(decoded.packet_pts.size(), 7u);
  // Milliseconds from the cumulative time: 0, 500, 833, 1167, 1500, 2500, 2501 (the
  // 0.4 ms frame lasts 1 ms), ending at 2750 (2750.4 rounded: the last one catches up).
  const std::vector<double> starts = {0, 0.5, 0.833, 1.167, 1.5, 2.5, 2.501};
  for (std::size_t i = 0; i < starts.size(); ++i) {
    EXPECT_NEAR(decoded.packet_pts[i], starts[i], 1e-6) << i;
    const double end = i + 1 < starts.size() ? starts[i + 1] : 2.750;
    EXPECT_NEAR(decoded.packet_durations[i], end - starts[i], 1e-6) << i;
  }
  EXPECT_NEAR(decoded.stream_duration, 2.750, 1e-6);
  EXPECT_NEAR(decoded.format_duration, 2.750, 1e-6);
  // Frame rates players can show: 7 frames in 2.75 s on average.
  EXPECT_NEAR(av_q2d(decoded.avg_frame_rate), 7 / 2.750, 0.01);
  EXPECT_GT(av_q2d(decoded.r_frame_rate), 0);
  EXPECT_LE(av_q2d(decoded.r_frame_rate), 60);
  const std::vector<std::string> boxes = TopLevelBoxes(ReadBytes(dir + "/a.mp4"));
  ASSERT_GE(boxes.size(), 3u);
  EXPECT_EQ(boxes[0], "ftyp");
  EXPECT_EQ(boxes[1], "moov");  // +faststart
  EXPECT_EQ(boxes.back(), "mdat");
}

TEST(Mp4, FlatColoursDecodeWithinASmallTolerance) {
  const std::string dir = testing::MakeTempDir();
  Canvas canvas(121, 65, Opaque(kBase3));
  canvas.Fill(8, 8, 48, 48, Opaque(kBlue));
  canvas.Fill(64, 8, 57, 48, Opaque(kCyan));  // reaches the odd last column
  std::vector<Canvas> frames = {canvas};
  canvas.changed.clear();
  canvas.Fill(16, 16, 16, 16, Opaque(kOrange));
  frames.push_back(canvas);
  ASSERT_TRUE(WriteMp4(dir + "/a.mp4", frames, {1.0}).ok());
  Decoded decoded;
  Decode(dir + "/a.mp4", &decoded);
  ASSERT_EQ(decoded.frames.size(), 2u);
  auto expect_near = [&](const std::vector<uint32_t>& pixels, int x, int y, uint32_t rgb) {
    const uint32_t got = pixels[y * decoded.width + x];
    for (int shift = 0; shift <= 16; shift += 8) {
      EXPECT_NEAR(static_cast<int>((got >> shift) & 0xFF), static_cast<int>((rgb >> shift) & 0xFF),
                  3)
          << x << "," << y << " got " << std::hex << got << " want " << rgb;
    }
  };
  expect_near(decoded.frames[0], 30, 30, kBlue);
  expect_near(decoded.frames[0], 90, 30, kCyan);
  expect_near(decoded.frames[0], 60, 62, kBase3);
  expect_near(decoded.frames[1], 24, 24, kOrange);
  expect_near(decoded.frames[1], 45, 45, kBlue);
  expect_near(decoded.frames[1], 121, 30, kCyan);  // the padding column
  expect_near(decoded.frames[1], 90, 65, kBase3);  // the padding row
}

TEST(Mp4, X264GetsTheQualityOneThreadNoBFramesAndAnimationTuning) {
  const std::string dir = testing::MakeTempDir();
  Mp4Options options;
  options.crf = 30;
  ASSERT_TRUE(WriteMp4(dir + "/a.mp4", Sequence(64, 48, 3), {0.5}, options).ok());
  // x264 writes its settings into the stream (a user data SEI).
  const std::string bytes = ReadBytes(dir + "/a.mp4");
  for (const char* setting : {" crf=30.0 ", " threads=1 ", " lookahead_threads=1 ", " bframes=0 ",
                              " deblock=1:1:1 ", " psy_rd=0.40:", " aq=1:0.60"}) {
    EXPECT_NE(bytes.find(setting), std::string::npos) << setting;
  }
}

TEST(Mp4, ChangedRectanglesGiveTheSameBytesAsWholeFrames) {
  const std::string dir = testing::MakeTempDir();
  std::vector<Canvas> frames = Sequence(91, 67, 10);  // odd: padding column and row
  std::vector<Canvas> whole = frames;
  for (Canvas& frame : whole) frame.changed = {PixelRect{0, 0, 91, 67}};
  frames[3].changed.push_back(PixelRect{80, 60, 50, 50});  // clipped
  frames[4].changed.push_back(PixelRect{-5, -5, 10, 10});
  ASSERT_TRUE(WriteMp4(dir + "/a.mp4", frames, {0.2}).ok());
  ASSERT_TRUE(WriteMp4(dir + "/b.mp4", whole, {0.2}).ok());
  EXPECT_EQ(ReadBytes(dir + "/a.mp4"), ReadBytes(dir + "/b.mp4"));
}

TEST(Mp4, RefusesTransparentFramesAndBadArguments) {
  const std::string dir = testing::MakeTempDir();
  std::unique_ptr<FrameWriter> writer;
  Mp4Options options;
  options.crf = 52;
  EXPECT_EQ(OpenMp4Writer(dir + "/a.mp4", 10, 10, options, &writer).code(),
            Status::Code::kInvalidScene);
  ASSERT_TRUE(OpenMp4Writer(dir + "/a.mp4", 10, 10, Mp4Options{}, &writer).ok());
  Canvas canvas(10, 10, 0);
  const Status status = writer->Add(canvas.Frame(1.0, /*has_alpha=*/true));
  EXPECT_EQ(status.code(), Status::Code::kInvalidScene);
  EXPECT_NE(status.message().find("MP4 has no transparency"), std::string::npos);
  writer.reset();
  EXPECT_FALSE(std::ifstream(dir + "/a.mp4").good());
}

TEST(Mp4, SameFramesSameBytesAlsoFromConcurrentWriters) {
  const std::string dir = testing::MakeTempDir();
  const std::vector<Canvas> frames = Sequence(161, 121, 12);
  const std::vector<double> durations = {0.3, 1.0, 0.05};
  ASSERT_TRUE(WriteMp4(dir + "/reference.mp4", frames, durations).ok());
  const std::string reference = ReadBytes(dir + "/reference.mp4");
  ASSERT_GT(reference.size(), 1000u);
  for (int round = 0; round < 5; ++round) {
    Status statuses[2];
    std::thread threads[2];
    for (int t = 0; t < 2; ++t) {
      threads[t] = std::thread([&, t] {
        statuses[t] = WriteMp4(dir + "/" + std::to_string(t) + ".mp4", frames, durations);
      });
    }
    for (std::thread& thread : threads) thread.join();
    for (int t = 0; t < 2; ++t) {
      ASSERT_TRUE(statuses[t].ok()) << statuses[t].message();
      EXPECT_EQ(ReadBytes(dir + "/" + std::to_string(t) + ".mp4"), reference)
          << "round " << round << ", thread " << t;
    }
  }
}

}  // namespace
}  // namespace convanim
