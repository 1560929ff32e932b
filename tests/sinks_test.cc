// Tests of the frame sinks: round trips through libavformat/libavcodec for GIF and
// MP4, PNG/PDF/SVG stills, PNG sequences, the GIF palette, determinism and atomicity.
#include <cairo.h>
#include <gtest/gtest.h>
#include <signal.h>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "renderer/frame_sink.h"
#include "renderer/sinks/atomic_file.h"
#include "renderer/sinks/gif_container.h"
#include "renderer/sinks/gif_palette.h"
#include "renderer/sinks/raster.h"
#include "renderer/sinks/sinks.h"
#include "tests/support/paths.h"

namespace convanim {
namespace {

namespace fs = std::filesystem;
using sinks::ColourCounter;
using sinks::PaletteMapper;

// ---------------------------------------------------------------------------------
// Synthetic scenes

struct Box {
  int x, y, width, height;
  uint32_t rgb;  // 0xRRGGBB
};

constexpr uint32_t kWhite = 0xFFFFFF;
constexpr uint32_t kBlue = 0x1F4E9A;
constexpr uint32_t kCyan = 0x4FC3D9;
constexpr uint32_t kOrange = 0xE8A33C;
constexpr uint32_t kBlack = 0x000000;

void SetColour(cairo_t* cr, uint32_t rgb) {
  cairo_set_source_rgb(cr, ((rgb >> 16) & 0xFF) / 255.0, ((rgb >> 8) & 0xFF) / 255.0,
                       (rgb & 0xFF) / 255.0);
}

// White background, pixel-aligned boxes, and optionally an antialiased diagonal line
// (a few dozen blended colours).
DrawFn DrawBoxes(std::vector<Box> boxes, bool with_line = false) {
  return [boxes, with_line](cairo_t* cr) {
    SetColour(cr, kWhite);
    cairo_paint(cr);
    for (const Box& box : boxes) {
      SetColour(cr, box.rgb);
      cairo_rectangle(cr, box.x, box.y, box.width, box.height);
      cairo_fill(cr);
    }
    if (with_line) {
      SetColour(cr, kBlack);
      cairo_set_line_width(cr, 1.3);
      cairo_move_to(cr, 2.3, 3.1);
      cairo_line_to(cr, 57.7, 44.2);
      cairo_stroke(cr);
    }
  };
}

// Step `step` of a little animation: a square that moves right and changes colour.
DrawFn MovingSquare(int step) {
  const uint32_t colours[] = {kBlue, kCyan, kOrange};
  return DrawBoxes({{4 + 10 * step, 6, 12, 12, colours[step % 3]}, {0, 40, 60, 4, kBlue}},
                   /*with_line=*/true);
}

FrameGeometry Geometry(double width, double height, double scale = 1.0) {
  FrameGeometry geometry;
  geometry.width = width;
  geometry.height = height;
  geometry.scale = scale;
  return geometry;
}

// What the render loop does: Begin, the preview pass if wanted, the frames, Finish.
Status RenderAll(FrameSink* sink, const FrameGeometry& geometry, const std::vector<DrawFn>& frames,
                 const std::vector<double>& durations) {
  Status status = sink->Begin(geometry);
  if (!status.ok()) return status;
  if (sink->WantsPreviewPass()) {
    for (const DrawFn& frame : frames) {
      status = sink->Preview(frame);
      if (!status.ok()) return status;
    }
  }
  for (std::size_t i = 0; i < frames.size(); ++i) {
    status = sink->AddFrame(frames[i], durations[i]);
    if (!status.ok()) return status;
  }
  return sink->Finish();
}

std::unique_ptr<FrameSink> SinkFor(const std::string& path, SinkOptions options = {}) {
  std::unique_ptr<FrameSink> sink;
  const Status status = CreateSinkForPath(path, options, &sink);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return sink;
}

std::vector<DrawFn> MovingSquareFrames(int count) {
  std::vector<DrawFn> frames;
  for (int i = 0; i < count; ++i) frames.push_back(MovingSquare(i));
  return frames;
}

// The exact pixels a raster sink draws for `draw`, as 0xRRGGBB.
std::vector<uint32_t> Rasterize(const DrawFn& draw, int width, int height) {
  sinks::Raster raster;
  EXPECT_TRUE(raster.Init({width, height}, 1.0, CAIRO_FORMAT_ARGB32).ok());
  EXPECT_TRUE(raster.Draw(draw).ok());
  std::vector<uint32_t> pixels;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) pixels.push_back(raster.row(y)[x] & 0xFFFFFF);
  }
  return pixels;
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

std::vector<std::string> ListDir(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// ---------------------------------------------------------------------------------
// Decoding through libavformat/libavcodec

struct DecodedFrame {
  int64_t pts = 0;
  std::vector<uint32_t> rgb;  // 0xRRGGBB, row-major
};

struct Decoded {
  std::string codec;
  int width = 0, height = 0;
  int pix_fmt = -1;
  AVRational time_base{0, 1};
  AVRational avg_frame_rate{0, 1};
  double format_duration_seconds = 0;
  int color_primaries = -1, color_trc = -1, color_space = -1, color_range = -1;
  std::vector<int64_t> packet_pts, packet_durations;
  std::vector<int> packet_sizes;
  std::vector<DecodedFrame> frames;

  uint32_t Pixel(std::size_t frame, int x, int y) const {
    return frames[frame].rgb[static_cast<std::size_t>(y) * width + x];
  }
};

void Decode(const std::string& path, Decoded* out) {
  AVFormatContext* format = nullptr;
  ASSERT_EQ(avformat_open_input(&format, path.c_str(), nullptr, nullptr), 0) << path;
  ASSERT_GE(avformat_find_stream_info(format, nullptr), 0);
  ASSERT_EQ(format->nb_streams, 1u);
  AVStream* stream = format->streams[0];
  const AVCodec* codec = avcodec_find_decoder(stream->codecpar->codec_id);
  ASSERT_NE(codec, nullptr);
  AVCodecContext* context = avcodec_alloc_context3(codec);
  ASSERT_GE(avcodec_parameters_to_context(context, stream->codecpar), 0);
  context->thread_count = 1;
  ASSERT_EQ(avcodec_open2(context, codec, nullptr), 0);
  out->codec = codec->name;
  out->width = stream->codecpar->width;
  out->height = stream->codecpar->height;
  out->pix_fmt = stream->codecpar->format;
  out->time_base = stream->time_base;
  out->avg_frame_rate = stream->avg_frame_rate;
  out->format_duration_seconds = static_cast<double>(format->duration) / AV_TIME_BASE;
  out->color_primaries = stream->codecpar->color_primaries;
  out->color_trc = stream->codecpar->color_trc;
  out->color_space = stream->codecpar->color_space;
  out->color_range = stream->codecpar->color_range;

  AVPacket* packet = av_packet_alloc();
  AVFrame* frame = av_frame_alloc();
  auto receive_all = [&]() {
    while (avcodec_receive_frame(context, frame) == 0) {
      DecodedFrame decoded;
      decoded.pts = frame->best_effort_timestamp;
      const AVPixelFormat source_format = static_cast<AVPixelFormat>(frame->format);
      SwsContext* scaler = sws_getContext(
          frame->width, frame->height, source_format, frame->width, frame->height, AV_PIX_FMT_RGB24,
          SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT, nullptr, nullptr, nullptr);
      if (source_format == AV_PIX_FMT_YUV420P) {
        const int* bt709 = sws_getCoefficients(SWS_CS_ITU709);
        sws_setColorspaceDetails(scaler, bt709, 0, bt709, 1, 0, 1 << 16, 1 << 16);
      }
      std::vector<uint8_t> rgb(static_cast<std::size_t>(frame->width) * frame->height * 3);
      uint8_t* planes[1] = {rgb.data()};
      const int strides[1] = {frame->width * 3};
      sws_scale(scaler, frame->data, frame->linesize, 0, frame->height, planes, strides);
      sws_freeContext(scaler);
      for (std::size_t i = 0; i < rgb.size(); i += 3) {
        decoded.rgb.push_back(static_cast<uint32_t>(rgb[i]) << 16 |
                              static_cast<uint32_t>(rgb[i + 1]) << 8 | rgb[i + 2]);
      }
      out->frames.push_back(std::move(decoded));
    }
  };
  while (av_read_frame(format, packet) >= 0) {
    out->packet_pts.push_back(packet->pts);
    out->packet_durations.push_back(packet->duration);
    out->packet_sizes.push_back(packet->size);
    EXPECT_GE(avcodec_send_packet(context, packet), 0);
    av_packet_unref(packet);
    receive_all();
  }
  avcodec_send_packet(context, nullptr);
  receive_all();
  av_frame_free(&frame);
  av_packet_free(&packet);
  avcodec_free_context(&context);
  avformat_close_input(&format);
}

// The loop count of a GIF's NETSCAPE2.0 extension, or -1 when it has none.
int GifLoopCount(const std::string& bytes) {
  const std::size_t at = bytes.find("NETSCAPE2.0");
  if (at == std::string::npos) return -1;
  const std::size_t block = at + 11;
  EXPECT_LT(block + 5, bytes.size());
  EXPECT_EQ(bytes[block], 0x03);
  EXPECT_EQ(bytes[block + 1], 0x01);
  EXPECT_EQ(bytes[block + 4], 0x00);
  return static_cast<unsigned char>(bytes[block + 2]) | static_cast<unsigned char>(bytes[block + 3])
                                                            << 8;
}

// Entries of the colour table the first image of a GIF uses: its local table when it
// has one, else the global table (0: no table, -1: not a well-formed GIF).
int GifFirstImageColourTableSize(const std::string& bytes) {
  auto byte = [&](std::size_t at) {
    return at < bytes.size() ? static_cast<unsigned char>(bytes[at]) : 0;
  };
  auto table_entries = [](unsigned packed) { return packed & 0x80 ? 2 << (packed & 7) : 0; };
  if (bytes.compare(0, 6, "GIF89a") != 0 || bytes.size() < 13) return -1;
  const int global = table_entries(byte(10));
  std::size_t at = 13 + 3 * static_cast<std::size_t>(global);
  while (at < bytes.size()) {
    if (byte(at) == 0x21) {  // an extension: label, then data sub-blocks
      at += 2;
      while (at < bytes.size() && byte(at) != 0) at += byte(at) + 1u;
      ++at;
    } else if (byte(at) == 0x2C) {  // the image descriptor
      const int local = table_entries(byte(at + 9));
      return local > 0 ? local : global;
    } else {
      return -1;
    }
  }
  return -1;
}

// Offsets of an MP4's top-level boxes by type.
std::vector<std::pair<std::string, uint64_t>> TopLevelBoxes(const std::string& bytes) {
  std::vector<std::pair<std::string, uint64_t>> boxes;
  uint64_t offset = 0;
  auto be = [&](uint64_t at, int n) {
    uint64_t value = 0;
    for (int i = 0; i < n; ++i) value = value << 8 | static_cast<unsigned char>(bytes[at + i]);
    return value;
  };
  while (offset + 8 <= bytes.size()) {
    uint64_t size = be(offset, 4);
    const std::string type = bytes.substr(offset + 4, 4);
    if (size == 1) size = be(offset + 8, 8);
    if (size < 8) break;
    boxes.emplace_back(type, offset);
    offset += size;
  }
  return boxes;
}

uint64_t BoxOffset(const std::vector<std::pair<std::string, uint64_t>>& boxes,
                   const std::string& type) {
  for (const auto& box : boxes) {
    if (box.first == type) return box.second;
  }
  return UINT64_MAX;
}

int ChannelDistance(uint32_t a, uint32_t b) {
  int worst = 0;
  for (int shift : {16, 8, 0}) {
    worst = std::max(worst, std::abs(static_cast<int>((a >> shift) & 0xFF) -
                                     static_cast<int>((b >> shift) & 0xFF)));
  }
  return worst;
}

// ---------------------------------------------------------------------------------
// Choosing a sink

TEST(CreateSinkForPath, PicksByExtensionIgnoringCase) {
  for (const std::string path :
       {"a.gif", "b.GIF", "c.Mp4", "d.png", "e.PDF", "f.svg", "g/step_%03d.png", "h%d.PNG"}) {
    std::unique_ptr<FrameSink> sink;
    const Status status = CreateSinkForPath(path, SinkOptions{}, &sink);
    EXPECT_TRUE(status.ok()) << path << ": " << status.ToString();
    ASSERT_NE(sink, nullptr) << path;
    // Only the GIF sink needs the colours of every frame first.
    const bool is_gif =
        path.find(".gif") != std::string::npos || path.find(".GIF") != std::string::npos;
    EXPECT_EQ(sink->WantsPreviewPass(), is_gif) << path;
  }
}

TEST(CreateSinkForPath, RefusesUnknownExtensionsNamingPathAndFormats) {
  for (const std::string path : {"out.bmp", "out", "dir.gif/out", "out.gif.txt"}) {
    std::unique_ptr<FrameSink> sink;
    const Status status = CreateSinkForPath(path, SinkOptions{}, &sink);
    EXPECT_EQ(status.code(), Status::Code::kInvalidScene) << path;
    EXPECT_NE(status.message().find("'" + path + "'"), std::string::npos) << status.message();
    for (const char* extension : {".gif", ".mp4", ".png", ".pdf", ".svg", "%03d"}) {
      EXPECT_NE(status.message().find(extension), std::string::npos) << status.message();
    }
    EXPECT_EQ(sink, nullptr);
  }
}

TEST(CreateSinkForPath, RefusesBadPatterns) {
  for (const std::string path : {"step_%03d.gif", "frames%d/step.png", "step_%s.png",
                                 "step_%d_%d.png", "50%.png", "step_%0100d.png"}) {
    std::unique_ptr<FrameSink> sink;
    const Status status = CreateSinkForPath(path, SinkOptions{}, &sink);
    EXPECT_EQ(status.code(), Status::Code::kInvalidScene) << path;
    EXPECT_NE(status.message().find(path), std::string::npos) << status.message();
  }
}

TEST(CheckFramePattern, AcceptsOneConversionInTheFileNameUpTo64Digits) {
  for (const std::string pattern :
       {"step_%d.png", "f/step_%03d.png", "/f%%/s_%064d.png", "100%%_%d.png"}) {
    EXPECT_TRUE(sinks::CheckFramePattern(pattern).ok()) << pattern;
  }
  for (const std::string pattern : {"step.png", "f%d/s.png", "s_%065d.png", "s_%d_%d.png"}) {
    const Status status = sinks::CheckFramePattern(pattern);
    EXPECT_EQ(status.code(), Status::Code::kInvalidScene) << pattern;
    EXPECT_NE(status.message().find("'" + pattern + "'"), std::string::npos) << status.message();
  }
}

TEST(FormatFramePath, ExpandsTheOneConversion) {
  EXPECT_EQ(sinks::FormatFramePath("frames/step_%03d.png", 7), "frames/step_007.png");
  EXPECT_EQ(sinks::FormatFramePath("frames/step_%03d.png", 1234), "frames/step_1234.png");
  EXPECT_EQ(sinks::FormatFramePath("100%%_%d.png", 12), "100%_12.png");
  EXPECT_EQ(sinks::FormatFramePath("f%4d.png", 5), "f   5.png");
  EXPECT_EQ(sinks::FormatFramePath("a%%b/%%%02d%%.png", 3), "a%b/%03%.png");
  EXPECT_EQ(sinks::FormatFramePath("f_%d.png", 0), "f_0.png");
}

// ---------------------------------------------------------------------------------
// The GIF palette

TEST(GifPalette, KeepsUpTo256ColoursExactlyInValueOrder) {
  ColourCounter counter;
  std::vector<uint32_t> expected;
  for (uint32_t i = 0; i < 256; ++i) {
    const uint32_t colour = (i * 0x010203u * 7u) & 0xFFFFFFu;
    counter.Add(colour, 1 + i % 5);
    expected.push_back(colour);
  }
  std::sort(expected.begin(), expected.end());
  expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
  ASSERT_EQ(expected.size(), 256u);
  EXPECT_EQ(sinks::BuildPalette(counter), expected);
}

TEST(GifPalette, MoreColoursThanTheLimitKeepTheMostFrequentInValueOrder) {
  ColourCounter counter;
  // Five flat fills and nine greys: the 14 most frequent colours.
  counter.Add(kWhite, 5000);
  counter.Add(kBlue, 4000);
  counter.Add(kCyan, 3000);
  counter.Add(kOrange, 2000);
  counter.Add(kBlack, 1000);
  for (uint32_t k = 1; k <= 9; ++k) counter.Add(k * 0x101010u, 100 + k);
  // A tie for the 15th place: the smaller value wins.
  counter.Add(0x808000, 50);
  counter.Add(0x800080, 50);
  // Rare antialiasing shades, some of them smaller values than kept colours.
  counter.Add(0x1F4E9B, 1);
  counter.Add(0xFEFEFE, 2);
  counter.Add(0xE8A33D, 3);
  ASSERT_EQ(counter.counts().size(), 19u);

  const std::vector<uint32_t> palette = sinks::BuildPalette(counter, 16);
  // 15 entries (one index stays free for transparency), in value order.
  const std::vector<uint32_t> expected = {0x000000, 0x101010, 0x1F4E9A, 0x202020, 0x303030,
                                          0x404040, 0x4FC3D9, 0x505050, 0x606060, 0x707070,
                                          0x800080, 0x808080, 0x909090, 0xE8A33C, 0xFFFFFF};
  EXPECT_EQ(palette, expected);
  EXPECT_EQ(sinks::BuildPalette(counter, 16), palette);  // deterministic

  // Colours left out map to their nearest kept colour.
  PaletteMapper mapper(palette);
  for (uint32_t kept : expected) EXPECT_EQ(palette[mapper.IndexOf(kept)], kept);
  EXPECT_EQ(palette[mapper.IndexOf(0x1F4E9B)], kBlue);
  EXPECT_EQ(palette[mapper.IndexOf(0xFEFEFE)], kWhite);
  EXPECT_EQ(palette[mapper.IndexOf(0xE8A33D)], kOrange);
  EXPECT_EQ(palette[mapper.IndexOf(0x808000)], 0x505050u);  // (48, 48, 80) away

  // At the limit or under it every colour stays.
  ColourCounter sixteen;
  std::vector<uint32_t> all;
  for (uint32_t k = 0; k < 16; ++k) {
    sixteen.Add(0xF0F0F0u - k * 0x0F0F0Fu, 1 + k);
    all.push_back(0xF0F0F0u - k * 0x0F0F0Fu);
  }
  std::sort(all.begin(), all.end());
  EXPECT_EQ(sinks::BuildPalette(sixteen, 16), all);
  EXPECT_EQ(sinks::BuildPalette(sixteen, 15).size(), 14u);
}

TEST(GifPalette, MoreThan256ColoursKeepThe255MostFrequent) {
  ColourCounter counter;
  const std::vector<uint32_t> flats = {kWhite, kBlue, kCyan, kOrange, kBlack};
  for (uint32_t flat : flats) counter.Add(flat, 100000);
  // 1000 shades of a red-to-green ramp, 3 pixels each, and one shade seen 4 times.
  std::vector<uint32_t> ramp;
  for (int i = 0; i < 1000; ++i) {
    const uint32_t red = static_cast<uint32_t>(255 - i * 255 / 999);
    const uint32_t green = static_cast<uint32_t>(i * 255 / 999);
    const uint32_t blue = static_cast<uint32_t>(i % 7);
    ramp.push_back(red << 16 | green << 8 | blue);
    counter.Add(ramp.back(), 3);
  }
  const uint32_t frequent_shade = ramp.front();  // 0xFF0000, the largest ramp value
  counter.Add(frequent_shade, 1);
  // The flats, the frequent shade, then 249 of the equally frequent shades: the smallest.
  std::vector<uint32_t> expected = flats;
  expected.push_back(frequent_shade);
  std::vector<uint32_t> ties(ramp.begin() + 1, ramp.end());
  std::sort(ties.begin(), ties.end());
  ties.erase(std::unique(ties.begin(), ties.end()), ties.end());
  ASSERT_EQ(ties.size(), 999u);  // distinct shades
  expected.insert(expected.end(), ties.begin(), ties.begin() + 249);
  std::sort(expected.begin(), expected.end());
  const std::vector<uint32_t> palette = sinks::BuildPalette(counter);  // 256 by default
  EXPECT_EQ(palette.size(), 255u);  // one index left free for transparency
  EXPECT_EQ(palette, expected);
  EXPECT_TRUE(std::binary_search(palette.begin(), palette.end(), 0xFF0000u));
  EXPECT_FALSE(std::binary_search(palette.begin(), palette.end(), ramp[1]));
}

TEST(GifPalette, CounterIsBoundedAndMapperPicksTheNearest) {
  ColourCounter counter;
  for (uint32_t i = 0; i < 5000; ++i) counter.Add(i * 3, 1);
  EXPECT_EQ(counter.counts().size(), ColourCounter::kMaxDistinctColours);
  EXPECT_TRUE(counter.overflowed());

  PaletteMapper mapper({0x000000, 0x808080, 0xFF0000});
  EXPECT_EQ(mapper.IndexOf(0x101010), 0);
  EXPECT_EQ(mapper.IndexOf(0x707A80), 1);
  EXPECT_EQ(mapper.IndexOf(0xD01010), 2);
  EXPECT_EQ(mapper.IndexOf(0xFF808080), 1);  // the alpha byte is ignored
  const uint32_t row[] = {0x000000, 0x000000, 0xF00000, 0x7F7F7F, 0x7F7F7F};
  uint8_t indices[5];
  mapper.MapRow(row, 5, indices);
  EXPECT_EQ(std::vector<uint8_t>(indices, indices + 5), (std::vector<uint8_t>{0, 0, 2, 1, 1}));
}

// ---------------------------------------------------------------------------------
// GIF round trips

TEST(GifSink, RoundTripsFramesDurationsLoopAndExactPixels) {
  const std::string dir = testing::MakeTempDir();
  const std::string path = dir + "/anim.gif";
  SinkOptions options;
  options.gif_colours = 256;  // the antialiased line has more than 16 shades: keep all
  auto sink = SinkFor(path, options);
  const auto frames = MovingSquareFrames(4);
  ASSERT_TRUE(RenderAll(sink.get(), Geometry(60, 45), frames, {1, 1, 1, 1}).ok());

  Decoded gif;
  ASSERT_NO_FATAL_FAILURE(Decode(path, &gif));
  EXPECT_EQ(gif.codec, "gif");
  EXPECT_EQ(gif.width, 60);
  EXPECT_EQ(gif.height, 45);
  EXPECT_EQ(gif.time_base.num, 1);
  EXPECT_EQ(gif.time_base.den, 100);
  EXPECT_EQ(gif.packet_pts, (std::vector<int64_t>{0, 100, 200, 300}));
  EXPECT_EQ(gif.packet_durations, (std::vector<int64_t>{100, 100, 100, 100}));
  EXPECT_EQ(GifLoopCount(ReadBytes(path)), 0);  // forever
  ASSERT_EQ(gif.frames.size(), 4u);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(gif.frames[i].rgb, Rasterize(frames[i], 60, 45)) << "frame " << i;
  }
  EXPECT_EQ(gif.Pixel(2, 24 + 5, 6 + 5), kOrange);
  EXPECT_EQ(gif.Pixel(2, 4 + 5, 6 + 5), kWhite);  // where the square was two steps ago
  EXPECT_EQ(ListDir(dir), std::vector<std::string>{"anim.gif"});  // no temporary left
}

TEST(GifSink, CentisecondsFollowTheCumulativeTimeIncludingTheLastFrame) {
  const std::string path = testing::MakeTempDir() + "/timing.gif";
  auto sink = SinkFor(path);
  // 1, 1/3, 1/3, 1/3 s: start times 0, 1, 1.333, 1.667, end 2 -> 100, 33, 34, 33 cs.
  ASSERT_TRUE(RenderAll(sink.get(), Geometry(40, 45), MovingSquareFrames(4),
                        {1.0, 1.0 / 3, 1.0 / 3, 1.0 / 3})
                  .ok());
  Decoded gif;
  ASSERT_NO_FATAL_FAILURE(Decode(path, &gif));
  EXPECT_EQ(gif.packet_pts, (std::vector<int64_t>{0, 100, 133, 167}));
  EXPECT_EQ(gif.packet_durations, (std::vector<int64_t>{100, 33, 34, 33}));
}

TEST(GifSink, SingleFrameKeepsItsDurationAndPlaysOnceWhenAsked) {
  const std::string path = testing::MakeTempDir() + "/once.gif";
  SinkOptions options;
  options.gif_loop = false;
  auto sink = SinkFor(path, options);
  ASSERT_TRUE(RenderAll(sink.get(), Geometry(30, 20), {MovingSquare(0)}, {2.5}).ok());
  Decoded gif;
  ASSERT_NO_FATAL_FAILURE(Decode(path, &gif));
  EXPECT_EQ(gif.packet_durations, std::vector<int64_t>{250});
  EXPECT_EQ(GifLoopCount(ReadBytes(path)), -1);  // no NETSCAPE2.0 block: plays once
}

TEST(GifSink, UnchangedFramesCostAlmostNothing) {
  const std::string path = testing::MakeTempDir() + "/still.gif";
  SinkOptions options;
  options.gif_colours = 256;  // every colour exact, so whole frames compare
  auto sink = SinkFor(path, options);
  const DrawFn same = MovingSquare(1);
  ASSERT_TRUE(
      RenderAll(sink.get(), Geometry(120, 90), {same, same, MovingSquare(2)}, {1, 1, 1}).ok());
  Decoded gif;
  ASSERT_NO_FATAL_FAILURE(Decode(path, &gif));
  ASSERT_EQ(gif.packet_sizes.size(), 3u);
  EXPECT_GT(gif.packet_sizes[0], 300);
  EXPECT_LT(gif.packet_sizes[1], 40);                   // one transparent pixel's worth
  EXPECT_LT(gif.packet_sizes[2], gif.packet_sizes[0]);  // only the changed rectangle
  ASSERT_EQ(gif.frames.size(), 3u);
  EXPECT_EQ(gif.frames[1].rgb, Rasterize(same, 120, 90));
  EXPECT_EQ(gif.frames[2].rgb, Rasterize(MovingSquare(2), 120, 90));
}

TEST(GifSink, ManyColoursKeepFlatFillsExact) {
  const std::string path = testing::MakeTempDir() + "/ramp.gif";
  // 600 ramp columns (600 colours) beside flat boxes.
  const DrawFn ramp = [](cairo_t* cr) {
    SetColour(cr, kWhite);
    cairo_paint(cr);
    for (int x = 0; x < 600; ++x) {
      cairo_set_source_rgb(cr, (599 - x) / 599.0, 0.2, x / 599.0);
      cairo_rectangle(cr, x, 0, 1, 10);
      cairo_fill(cr);
    }
    SetColour(cr, kBlue);
    cairo_rectangle(cr, 0, 20, 100, 30);
    cairo_fill(cr);
    SetColour(cr, kOrange);
    cairo_rectangle(cr, 200, 20, 100, 30);
    cairo_fill(cr);
  };
  SinkOptions options;
  options.gif_colours = 256;
  auto sink = SinkFor(path, options);
  ASSERT_TRUE(RenderAll(sink.get(), Geometry(600, 60), {ramp}, {1}).ok());
  Decoded gif;
  ASSERT_NO_FATAL_FAILURE(Decode(path, &gif));
  ASSERT_EQ(gif.frames.size(), 1u);
  const std::vector<uint32_t> drawn = Rasterize(ramp, 600, 60);
  std::set<uint32_t> distinct(drawn.begin(), drawn.end());
  EXPECT_GT(distinct.size(), 256u);
  EXPECT_EQ(gif.Pixel(0, 50, 35), kBlue);
  EXPECT_EQ(gif.Pixel(0, 250, 35), kOrange);
  EXPECT_EQ(gif.Pixel(0, 450, 35), kWhite);
  // Every pixel is the nearest of the 255 most frequent colours: no dithering noise.
  ColourCounter counter;
  for (uint32_t pixel : drawn) counter.Add(pixel, 1);
  PaletteMapper mapper(sinks::BuildPalette(counter, 256));
  ASSERT_EQ(mapper.palette().size(), 255u);
  std::set<uint32_t> decoded(gif.frames[0].rgb.begin(), gif.frames[0].rgb.end());
  int exact = 0;
  for (std::size_t i = 0; i < drawn.size(); ++i) {
    const uint32_t nearest = mapper.palette()[mapper.IndexOf(drawn[i])];
    ASSERT_EQ(gif.frames[0].rgb[i], nearest) << "pixel " << i;
    exact += drawn[i] == nearest;
  }
  // Only the pixels of the least frequent colours left out differ from the drawing.
  EXPECT_EQ(decoded.size(), 255u);  // every kept colour is used
  std::vector<uint64_t> counts;
  for (const auto& colour : counter.counts()) counts.push_back(colour.second);
  std::sort(counts.begin(), counts.end());
  uint64_t dropped_pixels = 0;
  for (std::size_t i = 0; i + 255 < counts.size(); ++i) dropped_pixels += counts[i];
  EXPECT_GT(dropped_pixels, 0u);
  EXPECT_EQ(static_cast<uint64_t>(exact), drawn.size() - dropped_pixels);
}

// A flat figure with antialiased edges: more than 16 colours drawn, 15 kept.
DrawFn FlatFigure() {
  return [](cairo_t* cr) {
    SetColour(cr, kWhite);
    cairo_paint(cr);
    const Box boxes[] = {
        {10, 10, 40, 30, kBlue}, {60, 10, 40, 30, kCyan}, {10, 50, 40, 30, kOrange}};
    for (const Box& box : boxes) {
      SetColour(cr, box.rgb);
      cairo_rectangle(cr, box.x, box.y, box.width, box.height);
      cairo_fill(cr);
    }
    SetColour(cr, kBlue);  // a disc: antialiased blue-white edge
    cairo_arc(cr, 85.3, 65.2, 18.0, 0, 2.0 * std::acos(-1.0));
    cairo_fill(cr);
    SetColour(cr, kBlack);  // a diagonal over everything: black blends
    cairo_set_line_width(cr, 1.3);
    cairo_move_to(cr, 2.3, 3.1);
    cairo_line_to(cr, 117.7, 86.2);
    cairo_stroke(cr);
  };
}

TEST(GifSink, DefaultSixteenColoursKeepEveryFlatFillExact) {
  const std::string path = testing::MakeTempDir() + "/flat.gif";
  const DrawFn figure = FlatFigure();
  auto sink = SinkFor(path);
  ASSERT_EQ(SinkOptions{}.gif_colours, 16);
  ASSERT_TRUE(RenderAll(sink.get(), Geometry(120, 90), {figure}, {1}).ok());
  Decoded gif;
  ASSERT_NO_FATAL_FAILURE(Decode(path, &gif));
  ASSERT_EQ(gif.frames.size(), 1u);
  const std::vector<uint32_t>& got = gif.frames[0].rgb;
  const std::vector<uint32_t> drawn = Rasterize(figure, 120, 90);
  EXPECT_GT(std::set<uint32_t>(drawn.begin(), drawn.end()).size(), 16u);  // the limit bites
  // 16 colours at most; one index stays free for transparency and all 15 are used.
  EXPECT_EQ(std::set<uint32_t>(got.begin(), got.end()).size(), 15u);
  // The frame's colour table is that small too (the muxer's global one has 256 entries).
  EXPECT_EQ(GifFirstImageColourTableSize(ReadBytes(path)), 16);

  // Inside every fill, 2 pixels from its edges and 3 from the line, pixels are exact.
  auto off_the_line = [](int x, int y) {
    const double dx = 117.7 - 2.3, dy = 86.2 - 3.1;
    const double distance =
        std::abs(dy * (x + 0.5 - 2.3) - dx * (y + 0.5 - 3.1)) / std::hypot(dx, dy);
    return distance > 3.0;
  };
  auto expect_fill = [&](int x0, int y0, int x1, int y1, uint32_t colour,
                         const std::function<bool(int, int)>& inside) {
    int checked = 0;
    for (int y = y0; y < y1; ++y) {
      for (int x = x0; x < x1; ++x) {
        if (!inside(x, y) || !off_the_line(x, y)) continue;
        ASSERT_EQ(drawn[static_cast<std::size_t>(y) * 120 + x], colour) << x << "," << y;
        ASSERT_EQ(got[static_cast<std::size_t>(y) * 120 + x], colour) << x << "," << y;
        ++checked;
      }
    }
    EXPECT_GT(checked, 100) << std::hex << colour;
  };
  auto everywhere = [](int, int) { return true; };
  expect_fill(12, 12, 48, 38, kBlue, everywhere);
  expect_fill(62, 12, 98, 38, kCyan, everywhere);
  expect_fill(12, 52, 48, 78, kOrange, everywhere);
  expect_fill(68, 48, 103, 83, kBlue,
              [](int x, int y) { return std::hypot(x + 0.5 - 85.3, y + 0.5 - 65.2) < 16.0; });
  // The white background: away from the shapes and the line.
  expect_fill(0, 0, 120, 90, kWhite, [](int x, int y) {
    const bool near_box = (x >= 8 && x < 52 && y >= 8 && y < 42) ||
                          (x >= 58 && x < 102 && y >= 8 && y < 42) ||
                          (x >= 8 && x < 52 && y >= 48 && y < 82);
    return !near_box && std::hypot(x + 0.5 - 85.3, y + 0.5 - 65.2) > 20.0;
  });
  // Edge shades map to their nearest kept colour.
  ColourCounter counter;
  for (uint32_t pixel : drawn) counter.Add(pixel, 1);
  PaletteMapper mapper(sinks::BuildPalette(counter, 16));
  for (std::size_t i = 0; i < drawn.size(); ++i) {
    ASSERT_EQ(got[i], mapper.palette()[mapper.IndexOf(drawn[i])]) << "pixel " << i;
  }
}

// ---------------------------------------------------------------------------------
// MP4 round trips

TEST(Mp4Sink, IsH264Yuv420pEvenFastStartWithTheRightDuration) {
  const std::string path = testing::MakeTempDir() + "/anim.mp4";
  SinkOptions options;
  options.mp4_fps = 10;
  auto sink = SinkFor(path, options);
  // 61 x 45 at scale 1 is odd: the video is padded to 62 x 46.
  ASSERT_TRUE(RenderAll(sink.get(), Geometry(61, 45), MovingSquareFrames(3), {1, 1, 1}).ok());

  Decoded mp4;
  ASSERT_NO_FATAL_FAILURE(Decode(path, &mp4));
  EXPECT_EQ(mp4.codec, "h264");
  EXPECT_EQ(mp4.pix_fmt, AV_PIX_FMT_YUV420P);
  EXPECT_EQ(mp4.width, 62);
  EXPECT_EQ(mp4.height, 46);
  EXPECT_EQ(mp4.color_primaries, AVCOL_PRI_BT709);
  EXPECT_EQ(mp4.color_trc, AVCOL_TRC_BT709);
  EXPECT_EQ(mp4.color_space, AVCOL_SPC_BT709);
  EXPECT_EQ(mp4.color_range, AVCOL_RANGE_MPEG);
  EXPECT_EQ(mp4.avg_frame_rate.num, 10);
  EXPECT_EQ(mp4.avg_frame_rate.den, 1);
  EXPECT_NEAR(mp4.format_duration_seconds, 3.0, 1e-3);
  ASSERT_EQ(mp4.frames.size(), 30u);  // 3 steps x 1 s x 10 fps
  ASSERT_EQ(mp4.packet_durations.size(), 30u);
  for (std::size_t i = 0; i < mp4.frames.size(); ++i) {
    // Constant frame rate: frame i at i/10 s.
    EXPECT_EQ(av_rescale_q(mp4.frames[i].pts, mp4.time_base, AVRational{1, 10}),
              static_cast<int64_t>(i));
    const int step = static_cast<int>(i / 10);
    const uint32_t colours[] = {kBlue, kCyan, kOrange};
    EXPECT_LE(ChannelDistance(mp4.Pixel(i, 4 + 10 * step + 6, 12), colours[step]), 6)
        << "frame " << i;
    EXPECT_LE(ChannelDistance(mp4.Pixel(i, 50, 25), kWhite), 3) << "frame " << i;
    EXPECT_LE(ChannelDistance(mp4.Pixel(i, 61, 45), kWhite), 3) << "padding, frame " << i;
  }
  const auto boxes = TopLevelBoxes(ReadBytes(path));
  ASSERT_NE(BoxOffset(boxes, "moov"), UINT64_MAX);
  ASSERT_NE(BoxOffset(boxes, "mdat"), UINT64_MAX);
  EXPECT_LT(BoxOffset(boxes, "moov"), BoxOffset(boxes, "mdat"));  // +faststart
}

TEST(Mp4Sink, HoldsEachStepForItsCumulativeShareOfFrames) {
  const std::string path = testing::MakeTempDir() + "/cfr.mp4";
  SinkOptions options;
  options.mp4_fps = 10;
  auto sink = SinkFor(path, options);
  // Ends at 0.25, 0.5 and 1.0 s: frames [0, 3), [3, 5), [5, 10).
  ASSERT_TRUE(
      RenderAll(sink.get(), Geometry(40, 46, 2.0), MovingSquareFrames(3), {0.25, 0.25, 0.5}).ok());
  Decoded mp4;
  ASSERT_NO_FATAL_FAILURE(Decode(path, &mp4));
  EXPECT_EQ(mp4.width, 80);
  EXPECT_EQ(mp4.height, 92);
  ASSERT_EQ(mp4.frames.size(), 10u);
  EXPECT_NEAR(mp4.format_duration_seconds, 1.0, 1e-3);
  const int expected_step[] = {0, 0, 0, 1, 1, 2, 2, 2, 2, 2};
  const uint32_t colours[] = {kBlue, kCyan, kOrange};
  for (int i = 0; i < 10; ++i) {
    const int step = expected_step[i];
    // The square's centre at scale 2.
    EXPECT_LE(ChannelDistance(mp4.Pixel(i, 2 * (4 + 10 * step + 6), 24), colours[step]), 6)
        << "frame " << i;
  }
}

// The encoder options x264 writes into the stream's SEI ("... options: cabac=1 ...").
std::string X264Options(const std::string& bytes) {
  const std::size_t at = bytes.find(" options: ");
  if (at == std::string::npos) return "";
  return bytes.substr(at, bytes.find('\0', at) - at) + " ";
}

TEST(Mp4Sink, X264GetsTheQualityKeyFramesOneThreadAndFlatGraphicsTuning) {
  const std::string dir = testing::MakeTempDir();
  SinkOptions custom;
  custom.mp4_fps = 12;
  custom.mp4_crf = 30;
  for (const SinkOptions& options : {SinkOptions{}, custom}) {
    const std::string path = dir + "/q" + std::to_string(options.mp4_crf) + ".mp4";
    auto sink = SinkFor(path, options);
    ASSERT_TRUE(RenderAll(sink.get(), Geometry(40, 30), MovingSquareFrames(2), {1, 1}).ok());
    const std::string x264 = X264Options(ReadBytes(path));
    ASSERT_FALSE(x264.empty());
    const bool default_options = options.mp4_crf == SinkOptions{}.mp4_crf;
    EXPECT_NE(x264.find(default_options ? " crf=18.0 " : " crf=30.0 "), std::string::npos) << x264;
    // A key frame at least every 10 s.
    EXPECT_NE(x264.find(default_options ? " keyint=100 " : " keyint=120 "), std::string::npos)
        << x264;
    EXPECT_NE(x264.find(" threads=1 "), std::string::npos) << x264;  // bytes independent of cores
    // Preset medium (3 reference frames, 3 B-frames) tuned for animation: twice the
    // references, two more B-frames, a stronger deblocking filter, weaker psychovisual
    // optimisation.
    for (const char* tuned : {" ref=6 ", " bframes=5 ", " deblock=1:1:1 ", " psy_rd=0.40:0.00 "}) {
      EXPECT_NE(x264.find(tuned), std::string::npos) << tuned << " in" << x264;
    }
    Decoded mp4;
    ASSERT_NO_FATAL_FAILURE(Decode(path, &mp4));
    EXPECT_EQ(mp4.avg_frame_rate.num, options.mp4_fps);
    EXPECT_EQ(mp4.frames.size(), 2u * static_cast<std::size_t>(options.mp4_fps));
  }
}

// ---------------------------------------------------------------------------------
// Stills and sequences

uint32_t PngPixel(cairo_surface_t* image, int x, int y) {
  const unsigned char* data = cairo_image_surface_get_data(image);
  const int stride = cairo_image_surface_get_stride(image);
  return reinterpret_cast<const uint32_t*>(data + y * stride)[x] & 0xFFFFFF;
}

TEST(PngSink, WritesOneRasterAtTheScaleRoundedUp) {
  const std::string path = testing::MakeTempDir() + "/still.png";
  auto sink = SinkFor(path);
  ASSERT_TRUE(RenderAll(sink.get(), Geometry(60.2, 45, 1.5), {MovingSquare(2)}, {1}).ok());
  cairo_surface_t* image = cairo_image_surface_create_from_png(path.c_str());
  ASSERT_EQ(cairo_surface_status(image), CAIRO_STATUS_SUCCESS);
  EXPECT_EQ(cairo_image_surface_get_width(image), 91);                   // ceil(60.2 * 1.5)
  EXPECT_EQ(cairo_image_surface_get_height(image), 68);                  // ceil(45 * 1.5)
  EXPECT_EQ(cairo_image_surface_get_format(image), CAIRO_FORMAT_RGB24);  // no alpha
  EXPECT_EQ(PngPixel(image, static_cast<int>(1.5 * 30), static_cast<int>(1.5 * 12)), kOrange);
  EXPECT_EQ(PngPixel(image, 80, 30), kWhite);
  EXPECT_EQ(PngPixel(image, 30, static_cast<int>(1.5 * 42)), kBlue);
  cairo_surface_destroy(image);
}

TEST(StillSinks, TakeExactlyOneFrame) {
  const std::string dir = testing::MakeTempDir();
  for (const std::string name : {"a.png", "a.pdf", "a.svg"}) {
    auto sink = SinkFor(dir + "/" + name);
    ASSERT_TRUE(sink->Begin(Geometry(20, 20)).ok());
    EXPECT_EQ(sink->Finish().code(), Status::Code::kInternal) << name << ": no frame";
    ASSERT_TRUE(sink->AddFrame(MovingSquare(0), 1).ok());
    EXPECT_EQ(sink->AddFrame(MovingSquare(1), 1).code(), Status::Code::kInternal) << name;
    EXPECT_TRUE(sink->Finish().ok()) << name;
  }
  EXPECT_EQ(ListDir(dir), (std::vector<std::string>{"a.pdf", "a.png", "a.svg"}));
}

TEST(VectorSinks, KeepVectorsAtThePictureSize) {
  const std::string dir = testing::MakeTempDir();
  auto pdf = SinkFor(dir + "/f.pdf");
  ASSERT_TRUE(RenderAll(pdf.get(), Geometry(60, 45, 3.0), {MovingSquare(0)}, {1}).ok());
  const std::string pdf_bytes = ReadBytes(dir + "/f.pdf");
  EXPECT_EQ(pdf_bytes.rfind("%PDF-1.5", 0), 0u);
  EXPECT_NE(pdf_bytes.find("/MediaBox [ 0 0 60 45 ]"), std::string::npos);  // scale ignored
  EXPECT_EQ(pdf_bytes.find("CreationDate"), std::string::npos);             // no clock in the bytes
  EXPECT_EQ(pdf_bytes.find("ModDate"), std::string::npos);
  EXPECT_EQ(pdf_bytes.find("/Subtype /Image"), std::string::npos);  // vectors, no raster

  auto svg = SinkFor(dir + "/f.svg");
  ASSERT_TRUE(RenderAll(svg.get(), Geometry(60, 45, 3.0), {MovingSquare(0)}, {1}).ok());
  const std::string svg_bytes = ReadBytes(dir + "/f.svg");
  EXPECT_NE(svg_bytes.find("width=\"60px\" height=\"45px\""), std::string::npos) << svg_bytes;
  EXPECT_NE(svg_bytes.find("version=\"1.1\""), std::string::npos);
  EXPECT_EQ(svg_bytes.find("<image"), std::string::npos);
  // Cairo's process-wide surface counter is renumbered, so ids do not depend on what
  // else the process drew before.
  EXPECT_NE(svg_bytes.find("<g id=\"surface1\">"), std::string::npos) << svg_bytes;
  EXPECT_NE(svg_bytes.find("rgb(12.156863%,30.588235%,60.392157%)"), std::string::npos);
}

TEST(PngSequenceSink, WritesEveryFrameNumberedFromZero) {
  const std::string dir = testing::MakeTempDir();
  auto sink = SinkFor(dir + "/step_%03d.png");
  ASSERT_TRUE(RenderAll(sink.get(), Geometry(60, 45), MovingSquareFrames(3), {1, 1, 1}).ok());
  EXPECT_EQ(ListDir(dir),
            (std::vector<std::string>{"step_000.png", "step_001.png", "step_002.png"}));
  const uint32_t colours[] = {kBlue, kCyan, kOrange};
  for (int i = 0; i < 3; ++i) {
    const std::string path = sinks::FormatFramePath(dir + "/step_%03d.png", i);
    cairo_surface_t* image = cairo_image_surface_create_from_png(path.c_str());
    ASSERT_EQ(cairo_surface_status(image), CAIRO_STATUS_SUCCESS);
    EXPECT_EQ(cairo_image_surface_get_width(image), 60);
    EXPECT_EQ(PngPixel(image, 4 + 10 * i + 6, 12), colours[i]);
    cairo_surface_destroy(image);
  }
}

// ---------------------------------------------------------------------------------
// Determinism

TEST(Sinks, SameFramesGiveSameBytesInEveryFormat) {
  const std::string dir = testing::MakeTempDir();
  for (const std::string name : {"x.gif", "x.mp4", "x.png", "x.pdf", "x.svg", "x_%d.png"}) {
    std::string bytes[2];
    for (int run = 0; run < 2; ++run) {
      const std::string path = dir + "/run" + std::to_string(run) + "_" + name;
      auto sink = SinkFor(path);
      const bool still = name != "x.gif" && name != "x.mp4" && name != "x_%d.png";
      const auto frames = still ? MovingSquareFrames(1) : MovingSquareFrames(3);
      ASSERT_TRUE(RenderAll(sink.get(), Geometry(60, 45, 1.5), frames,
                            std::vector<double>(frames.size(), 0.5))
                      .ok())
          << name;
      bytes[run] = ReadBytes(path);
      if (name == "x_%d.png") {
        bytes[run] =
            ReadBytes(sinks::FormatFramePath(path, 0)) + ReadBytes(sinks::FormatFramePath(path, 2));
      }
    }
    EXPECT_GT(bytes[0].size(), 100u) << name;
    EXPECT_TRUE(bytes[0] == bytes[1]) << name << " differs between runs:\n"
                                      << bytes[0] << "\n----\n"
                                      << bytes[1];
  }
}

// ---------------------------------------------------------------------------------
// Atomicity

TEST(Atomicity, MissingOrBadDirectoryIsAnIoErrorAndWritesNothing) {
  const std::string dir = testing::MakeTempDir();
  WriteBytes(dir + "/plain_file", "x");
  for (const std::string name : {"a.gif", "a.mp4", "a.png", "a.pdf", "a.svg", "a_%02d.png"}) {
    for (const std::string& parent : {dir + "/missing", dir + "/plain_file"}) {
      const std::string path = parent + "/" + name;
      auto sink = SinkFor(path);
      const Status status = sink->Begin(Geometry(20, 20));
      EXPECT_EQ(status.code(), Status::Code::kIoError) << path;
      EXPECT_NE(status.message().find(parent), std::string::npos) << status.message();
      const std::string reason =
          parent.find("missing") != std::string::npos ? "No such file" : "Not a directory";
      EXPECT_NE(status.message().find(reason), std::string::npos) << status.message();
    }
  }
  EXPECT_EQ(ListDir(dir), std::vector<std::string>{"plain_file"});
}

TEST(Atomicity, UnfinishedSinkLeavesAnExistingTargetAndNoTemporaryFile) {
  for (const std::string name : {"a.gif", "a.mp4", "a.png", "a.pdf", "a.svg"}) {
    const std::string dir = testing::MakeTempDir();
    const std::string path = dir + "/" + name;
    WriteBytes(path, "precious old bytes");
    {
      auto sink = SinkFor(path);
      ASSERT_TRUE(sink->Begin(Geometry(30, 20)).ok()) << name;
      if (sink->WantsPreviewPass()) {
        ASSERT_TRUE(sink->Preview(MovingSquare(0)).ok());
      }
      ASSERT_TRUE(sink->AddFrame(MovingSquare(0), 1).ok()) << name;
      EXPECT_EQ(ListDir(dir).size(), 2u) << name << ": the temporary file sits beside it";
    }  // destroyed without Finish()
    EXPECT_EQ(ReadBytes(path), "precious old bytes") << name;
    EXPECT_EQ(ListDir(dir), std::vector<std::string>{name});
  }
}

TEST(Atomicity, FinishReplacesAnExistingTarget) {
  const std::string dir = testing::MakeTempDir();
  const std::string path = dir + "/a.png";
  WriteBytes(path, "old");
  auto sink = SinkFor(path);
  ASSERT_TRUE(RenderAll(sink.get(), Geometry(20, 20), {MovingSquare(0)}, {1}).ok());
  EXPECT_EQ(ReadBytes(path).substr(1, 3), "PNG");
  EXPECT_EQ(ListDir(dir), std::vector<std::string>{"a.png"});
  EXPECT_EQ(fs::status(path).permissions() & fs::perms::owner_read, fs::perms::owner_read);
}

TEST(Atomicity, UnfinishedSequenceWritesNoFrame) {
  const std::string dir = testing::MakeTempDir();
  WriteBytes(dir + "/f_0.png", "old zero");
  {
    auto sink = SinkFor(dir + "/f_%d.png");
    ASSERT_TRUE(sink->Begin(Geometry(30, 20)).ok());
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(sink->AddFrame(MovingSquare(i), 1).ok());
  }
  EXPECT_EQ(ListDir(dir), std::vector<std::string>{"f_0.png"});
  EXPECT_EQ(ReadBytes(dir + "/f_0.png"), "old zero");
}

TEST(Atomicity, FailedSequenceCommitRestoresEveryReplacedFrame) {
  const std::string dir = testing::MakeTempDir();
  WriteBytes(dir + "/f_0.png", "old zero");
  WriteBytes(dir + "/f_1.png", "old one");
  fs::create_directories(dir + "/f_2.png/occupied");  // frame 2 cannot be renamed over this
  auto sink = SinkFor(dir + "/f_%d.png");
  const Status status =
      RenderAll(sink.get(), Geometry(30, 20), MovingSquareFrames(4), {1, 1, 1, 1});
  EXPECT_EQ(status.code(), Status::Code::kIoError);
  EXPECT_NE(status.message().find("f_2.png"), std::string::npos) << status.message();
  EXPECT_EQ(ListDir(dir), (std::vector<std::string>{"f_0.png", "f_1.png", "f_2.png"}));
  EXPECT_EQ(ReadBytes(dir + "/f_0.png"), "old zero");
  EXPECT_EQ(ReadBytes(dir + "/f_1.png"), "old one");
  EXPECT_TRUE(fs::is_directory(dir + "/f_2.png/occupied"));
}

// An interrupt (SIGINT/SIGTERM) while a sink is writing removes its temporary files.
void WriteAndGetKilled(const std::string& path, int signal_number) {
  auto sink = SinkFor(path);
  if (!sink->Begin(Geometry(30, 20)).ok()) std::_Exit(3);
  if (sink->WantsPreviewPass() && !sink->Preview(MovingSquare(0)).ok()) std::_Exit(4);
  if (!sink->AddFrame(MovingSquare(0), 1).ok()) std::_Exit(5);
  raise(signal_number);
  std::_Exit(6);  // not reached: the signal's default action ends the process
}

TEST(AtomicityDeathTest, InterruptLeavesNoPartialFile) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  for (const std::string name : {"a.gif", "a.mp4", "a.png", "s_%d.png"}) {
    const std::string dir = testing::MakeTempDir();
    WriteBytes(dir + "/a.gif", "old");
    const int signal_number = name == "a.mp4" ? SIGINT : SIGTERM;
    EXPECT_EXIT(WriteAndGetKilled(dir + "/" + name, signal_number),
                ::testing::KilledBySignal(signal_number), "")
        << name;
    EXPECT_EQ(ListDir(dir), std::vector<std::string>{"a.gif"}) << name;
    EXPECT_EQ(ReadBytes(dir + "/a.gif"), "old");
  }
}

// ---------------------------------------------------------------------------------
// Bad values

TEST(Sinks, RefuseBadDurationsAndHugeScales) {
  const std::string dir = testing::MakeTempDir();
  for (const std::string name : {"a.gif", "a.mp4", "a.png", "a_%d.png"}) {
    auto sink = SinkFor(dir + "/" + name);
    const Status huge = sink->Begin(Geometry(400, 450, 100.0));
    EXPECT_EQ(huge.code(), Status::Code::kInvalidScene) << name;
    EXPECT_NE(huge.message().find("40000 x 45000"), std::string::npos) << huge.message();
  }
  for (const std::string name : {"b.gif", "b.mp4", "b.png", "b.pdf"}) {
    auto sink = SinkFor(dir + "/" + name);
    ASSERT_TRUE(sink->Begin(Geometry(20, 20)).ok());
    if (sink->WantsPreviewPass()) {
      ASSERT_TRUE(sink->Preview(MovingSquare(0)).ok());
    }
    EXPECT_EQ(sink->AddFrame(MovingSquare(0), 0).code(), Status::Code::kInvalidScene) << name;
    EXPECT_EQ(sink->AddFrame(MovingSquare(0), std::nan("")).code(), Status::Code::kInvalidScene)
        << name;
  }
  EXPECT_TRUE(ListDir(dir).empty());
}

TEST(Sinks, DrawingThatThrowsOrFailsIsAnInternalErrorAndWritesNothing) {
  const DrawFn throws = [](cairo_t* cr) {
    cairo_paint(cr);
    throw std::runtime_error("a bug in the drawing");
  };
  const DrawFn unbalanced = [](cairo_t* cr) { cairo_restore(cr); };  // no matching save
  const std::string dir = testing::MakeTempDir();
  for (const std::string name : {"a.gif", "a.mp4", "a.png", "a.pdf", "a.svg", "a_%d.png"}) {
    const std::pair<DrawFn, std::string> failures[] = {
        {throws, "drawing a frame threw an exception"},
        {unbalanced, "drawing a frame failed: " +
                         std::string(cairo_status_to_string(CAIRO_STATUS_INVALID_RESTORE))}};
    for (const auto& [bad, reason] : failures) {
      auto sink = SinkFor(dir + "/" + name);
      ASSERT_TRUE(sink->Begin(Geometry(20, 20)).ok()) << name;
      const Status status = sink->WantsPreviewPass() ? sink->Preview(bad) : sink->AddFrame(bad, 1);
      EXPECT_EQ(status.code(), Status::Code::kInternal) << name;
      EXPECT_NE(status.message().find(reason), std::string::npos) << status.message();
    }
  }
  EXPECT_TRUE(ListDir(dir).empty());
}

TEST(GifSink, WithoutPreviewPassIsAnInternalError) {
  const std::string dir = testing::MakeTempDir();
  auto sink = SinkFor(dir + "/a.gif");
  ASSERT_TRUE(sink->Begin(Geometry(20, 20)).ok());
  EXPECT_EQ(sink->AddFrame(MovingSquare(0), 1).code(), Status::Code::kInternal);
}

TEST(GifSink, MoreFramesThanPreviewsIsAnInternalError) {
  const std::string dir = testing::MakeTempDir();
  auto sink = SinkFor(dir + "/a.gif");
  ASSERT_TRUE(sink->Begin(Geometry(30, 20)).ok());
  ASSERT_TRUE(sink->Preview(MovingSquare(0)).ok());
  ASSERT_TRUE(sink->AddFrame(MovingSquare(0), 1).ok());
  const Status extra = sink->AddFrame(MovingSquare(1), 1);
  EXPECT_EQ(extra.code(), Status::Code::kInternal);
  EXPECT_NE(extra.message().find("more frames (2) than its preview pass (1)"), std::string::npos)
      << extra.message();
}

// ---------------------------------------------------------------------------------
// The GIF container, written by the sink around the encoder's packets

std::vector<uint8_t> Bytes(std::initializer_list<int> values) {
  std::vector<uint8_t> bytes;
  for (int value : values) bytes.push_back(static_cast<uint8_t>(value));
  return bytes;
}

std::vector<uint8_t> Concat(std::initializer_list<std::vector<uint8_t>> parts) {
  std::vector<uint8_t> all;
  for (const auto& part : parts) all.insert(all.end(), part.begin(), part.end());
  return all;
}

// A 2 x 2 GIF's header with a global table of two colours, as the encoder's first
// packet starts.
const std::vector<uint8_t> kHeader = Bytes(
    {'G', 'I', 'F', '8', '9', 'a', 2, 0, 2, 0, 0x80, 0, 0, 0x1F, 0x4E, 0x9A, 0xFF, 0xFF, 0xFF});
// An image: descriptor, LZW minimum code size, one data sub-block, terminator.
const std::vector<uint8_t> kImage = Bytes({0x2C, 0, 0, 0, 0, 2, 0, 2, 0, 0, 2, 2, 0x44, 0x01, 0});
// The encoder's Graphic Control Extensions carry its default delay of 5 cs.
const std::vector<uint8_t> kControl = Bytes({0x21, 0xF9, 4, 0x05, 5, 0, 0x02, 0});
const std::vector<uint8_t> kLoopForever = Concat(
    {Bytes({0x21, 0xFF, 0x0B}), Bytes({'N', 'E', 'T', 'S', 'C', 'A', 'P', 'E', '2', '.', '0'}),
     Bytes({3, 1, 0, 0, 0})});

std::vector<uint8_t> ControlWithDelay(int flags, int delay, int transparent) {
  return Bytes({0x21, 0xF9, 4, flags, delay & 0xFF, delay >> 8, transparent, 0});
}

TEST(GifContainer, HeaderLoopBlockDelaysAndTrailer) {
  sinks::GifContainer container(/*loop=*/true);
  std::vector<uint8_t> out;
  const auto first = Concat({kHeader, kControl, kImage});
  ASSERT_TRUE(container.AppendFrame(first.data(), first.size(), 100, &out).ok());
  const auto second = Concat({kControl, kImage});
  ASSERT_TRUE(container.AppendFrame(second.data(), second.size(), 33, &out).ok());
  // A packet without a control extension gets one, with no flags.
  ASSERT_TRUE(container.AppendFrame(kImage.data(), kImage.size(), 70000, &out).ok());
  // Another extension (a comment) before the control extension stays where it is.
  const auto comment = Bytes({0x21, 0xFE, 3, 'a', 'b', 'c', 0});
  const auto fourth = Concat({comment, kControl, kImage});
  ASSERT_TRUE(container.AppendFrame(fourth.data(), fourth.size(), 258, &out).ok());
  container.AppendTrailer(&out);
  EXPECT_EQ(container.frames(), 4);
  const auto expected = Concat(
      {kHeader, kLoopForever, ControlWithDelay(5, 100, 2), kImage, ControlWithDelay(5, 33, 2),
       kImage, ControlWithDelay(0, 65535, 0),  // clamped to 16 bits
       kImage, comment, ControlWithDelay(5, 258, 2), kImage, Bytes({0x3B})});
  EXPECT_EQ(out, expected);
}

TEST(GifContainer, PlaysOnceWithoutALoopBlockAndReplacesTheEncodersOwn) {
  const auto encoders_loop = Concat({Bytes({0x21, 0xFF, 0x0B}),
                                     Bytes({'N', 'E', 'T', 'S', 'C', 'A', 'P', 'E', '2', '.', '0'}),
                                     Bytes({3, 1, 5, 0, 0})});  // loop 5 times
  const auto first = Concat({kHeader, encoders_loop, kControl, kImage});
  for (bool loop : {false, true}) {
    sinks::GifContainer container(loop);
    std::vector<uint8_t> out;
    ASSERT_TRUE(container.AppendFrame(first.data(), first.size(), 7, &out).ok());
    container.AppendTrailer(&out);
    const auto expected =
        loop ? Concat({kHeader, kLoopForever, ControlWithDelay(5, 7, 2), kImage, Bytes({0x3B})})
             : Concat({kHeader, ControlWithDelay(5, 7, 2), kImage, Bytes({0x3B})});
    EXPECT_EQ(out, expected) << "loop " << loop;
  }
}

TEST(GifContainer, KeepsOneTrailerAndRefusesMalformedPackets) {
  sinks::GifContainer container(false);
  std::vector<uint8_t> out;
  const auto ends_with_trailer = Concat({kHeader, kControl, kImage, Bytes({0x3B})});
  ASSERT_TRUE(
      container.AppendFrame(ends_with_trailer.data(), ends_with_trailer.size(), 10, &out).ok());
  container.AppendTrailer(&out);
  EXPECT_EQ(out.back(), 0x3B);
  EXPECT_NE(out[out.size() - 2], 0x3B);  // the packet's own, not a second one

  const auto not_a_gif = Concat({Bytes({'P', 'N', 'G'}), kHeader});
  const auto short_header = Bytes({'G', 'I', 'F', '8', '9', 'a', 2, 0});
  const auto truncated_control = Concat({kHeader, Bytes({0x21, 0xF9, 4, 5})});
  const auto truncated_comment = Concat({kHeader, Bytes({0x21, 0xFE, 9, 'a'})});
  for (const auto& bad : {not_a_gif, short_header, truncated_control, truncated_comment}) {
    sinks::GifContainer fresh(true);
    std::vector<uint8_t> ignored;
    const Status status = fresh.AppendFrame(bad.data(), bad.size(), 10, &ignored);
    EXPECT_EQ(status.code(), Status::Code::kInternal);
    EXPECT_NE(status.message().find("malformed packet"), std::string::npos) << status.message();
  }
  sinks::GifContainer fresh(true);
  std::vector<uint8_t> ignored;
  EXPECT_EQ(fresh.AppendFrame(kImage.data(), 0, 10, &ignored).code(), Status::Code::kInternal);
}

// The blocks of a GIF file, walked from its header to its trailer.
struct GifStructure {
  std::string signature;
  int width = 0, height = 0;
  int global_table_entries = 0;
  int loop_count = -1;  // the NETSCAPE2.0 block's, -1 without one
  bool loop_block_before_images = false;
  std::vector<int> delays;  // one per image, from the GCE just before it
  int images = 0;
  int controls = 0;                // Graphic Control Extensions in all
  bool ends_with_trailer = false;  // one 0x3B, the file's last byte
};

void ParseGif(const std::string& text, GifStructure* gif) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const std::size_t size = text.size();
  ASSERT_GE(size, 14u);
  gif->signature = text.substr(0, 6);
  gif->width = bytes[6] | bytes[7] << 8;
  gif->height = bytes[8] | bytes[9] << 8;
  gif->global_table_entries = bytes[10] & 0x80 ? 2 << (bytes[10] & 7) : 0;
  std::size_t at = 13 + 3 * static_cast<std::size_t>(gif->global_table_entries);
  int pending_delay = -1;
  auto skip_sub_blocks = [&] {
    while (at < size && bytes[at] != 0) at += bytes[at] + 1u;
    ++at;  // the terminator
  };
  while (at < size) {
    const uint8_t introducer = bytes[at];
    if (introducer == 0x3B) {
      gif->ends_with_trailer = at + 1 == size;
      return;
    }
    if (introducer == 0x21) {
      ASSERT_LT(at + 2, size);
      const uint8_t label = bytes[at + 1];
      if (label == 0xF9) {
        ASSERT_EQ(bytes[at + 2], 4) << "GCE at " << at;
        ASSERT_EQ(pending_delay, -1) << "two GCEs before one image, at " << at;
        pending_delay = bytes[at + 4] | bytes[at + 5] << 8;
        ++gif->controls;
      } else if (label == 0xFF && text.compare(at + 3, 11, "NETSCAPE2.0") == 0) {
        gif->loop_count = bytes[at + 16] | bytes[at + 17] << 8;
        gif->loop_block_before_images = gif->images == 0;
      }
      at += 2;
      skip_sub_blocks();
    } else if (introducer == 0x2C) {
      ASSERT_LT(at + 10, size);
      const int local = bytes[at + 9] & 0x80 ? 2 << (bytes[at + 9] & 7) : 0;
      at += 10 + 3 * static_cast<std::size_t>(local) + 1;  // descriptor, table, code size
      skip_sub_blocks();
      gif->delays.push_back(pending_delay);
      pending_delay = -1;
      ++gif->images;
    } else {
      FAIL() << "unexpected byte " << int{introducer} << " at " << at;
    }
  }
}

TEST(GifSink, FileIsHeaderLoopBlockOneControlPerFrameWithItsDelayAndTrailer) {
  const std::string dir = testing::MakeTempDir();
  const std::vector<double> durations = {1.0, 1.0 / 3, 1.0 / 3, 1.0 / 3, 0.5, 2.0};
  for (bool loop : {true, false}) {
    const std::string path = dir + (loop ? "/loop.gif" : "/once.gif");
    SinkOptions options;
    options.gif_loop = loop;
    auto sink = SinkFor(path, options);
    ASSERT_TRUE(RenderAll(sink.get(), Geometry(60, 45), MovingSquareFrames(6), durations).ok());
    GifStructure gif;
    ASSERT_NO_FATAL_FAILURE(ParseGif(ReadBytes(path), &gif));
    EXPECT_EQ(gif.signature, "GIF89a");
    EXPECT_EQ(gif.width, 60);
    EXPECT_EQ(gif.height, 45);
    EXPECT_EQ(gif.global_table_entries, 256);
    EXPECT_EQ(gif.loop_count, loop ? 0 : -1);
    EXPECT_EQ(gif.loop_block_before_images, loop);
    EXPECT_EQ(gif.images, 6);
    EXPECT_EQ(gif.controls, 6);
    // Cumulative 0, 1, 1.333, 1.667, 2, 2.5, 4.5 s in whole centiseconds.
    EXPECT_EQ(gif.delays, (std::vector<int>{100, 33, 34, 33, 50, 200}));
    EXPECT_TRUE(gif.ends_with_trailer);
  }
}

TEST(GifSink, FramesShorterThanOneCentisecondAreHeldForOneAndTheTotalCatchesUp) {
  const std::string path = testing::MakeTempDir() + "/short.gif";
  auto sink = SinkFor(path);
  // Cumulative 0.004, 0.008, 0.012, 1.012 s: 0, 1, 1, 101 cs rounded.
  ASSERT_TRUE(
      RenderAll(sink.get(), Geometry(60, 45), MovingSquareFrames(4), {0.004, 0.004, 0.004, 1.0})
          .ok());
  GifStructure gif;
  ASSERT_NO_FATAL_FAILURE(ParseGif(ReadBytes(path), &gif));
  EXPECT_EQ(gif.images, 4);
  EXPECT_EQ(gif.delays, (std::vector<int>{1, 1, 1, 98}));
}

// What the sink wrote when libavformat's gif muxer wrote the file: the same frames
// (the sink's palette and indices), the same encoder settings, the muxer's loop and
// final_delay options.
void MuxWithLibavformat(const std::vector<DrawFn>& frames, int width, int height,
                        std::size_t colours, const std::vector<int64_t>& starts, int64_t end,
                        bool loop, const std::string& path) {
  ColourCounter counter;
  std::vector<std::vector<uint32_t>> pixels;
  for (const DrawFn& frame : frames) {
    pixels.push_back(Rasterize(frame, width, height));
    for (int y = 0; y < height; ++y) counter.AddRow(pixels.back().data() + y * width, width);
  }
  PaletteMapper mapper(sinks::BuildPalette(counter, colours));

  AVFormatContext* format = nullptr;
  ASSERT_GE(avformat_alloc_output_context2(&format, nullptr, "gif", path.c_str()), 0);
  format->flags |= AVFMT_FLAG_BITEXACT;
  AVStream* stream = avformat_new_stream(format, nullptr);
  const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_GIF);
  AVCodecContext* context = avcodec_alloc_context3(codec);
  context->width = width;
  context->height = height;
  context->pix_fmt = AV_PIX_FMT_PAL8;
  context->time_base = AVRational{1, 100};
  context->flags |= AV_CODEC_FLAG_BITEXACT;
  AVDictionary* codec_options = nullptr;
  av_dict_set(&codec_options, "gifflags", "+offsetting+transdiff", 0);
  av_dict_set(&codec_options, "global_palette", "1", 0);
  ASSERT_EQ(avcodec_open2(context, codec, &codec_options), 0);
  av_dict_free(&codec_options);
  ASSERT_GE(avcodec_parameters_from_context(stream->codecpar, context), 0);
  stream->time_base = context->time_base;
  ASSERT_GE(avio_open(&format->pb, path.c_str(), AVIO_FLAG_WRITE), 0);
  AVDictionary* muxer_options = nullptr;
  av_dict_set(&muxer_options, "loop", loop ? "0" : "-1", 0);
  ASSERT_GE(avformat_write_header(format, &muxer_options), 0);
  av_dict_free(&muxer_options);

  AVFrame* frame = av_frame_alloc();
  frame->format = AV_PIX_FMT_PAL8;
  frame->width = width;
  frame->height = height;
  ASSERT_GE(av_frame_get_buffer(frame, 0), 0);
  AVPacket* packet = av_packet_alloc();
  for (std::size_t i = 0; i <= frames.size(); ++i) {
    if (i < frames.size()) {
      ASSERT_GE(av_frame_make_writable(frame), 0);
      auto* palette = reinterpret_cast<uint32_t*>(frame->data[1]);
      for (std::size_t entry = 0; entry < 256; ++entry) {
        palette[entry] =
            0xFF000000u | mapper.palette()[std::min(entry, mapper.palette().size() - 1)];
      }
      for (int y = 0; y < height; ++y) {
        mapper.MapRow(pixels[i].data() + y * width, width, frame->data[0] + y * frame->linesize[0]);
      }
      frame->pts = starts[i];
      ASSERT_GE(avcodec_send_frame(context, frame), 0);
    } else {
      ASSERT_GE(avcodec_send_frame(context, nullptr), 0);
    }
    while (avcodec_receive_packet(context, packet) == 0) {
      packet->stream_index = stream->index;
      av_packet_rescale_ts(packet, context->time_base, stream->time_base);
      ASSERT_GE(av_interleaved_write_frame(format, packet), 0);
    }
  }
  ASSERT_GE(av_opt_set_int(format->priv_data, "final_delay", end - starts.back(), 0), 0);
  ASSERT_GE(av_write_trailer(format), 0);
  avio_closep(&format->pb);
  av_packet_free(&packet);
  av_frame_free(&frame);
  avcodec_free_context(&context);
  avformat_free_context(format);
}

// Counts its calls, then draws `draw`.
DrawFn Counted(DrawFn draw, int* calls) {
  return [draw, calls](cairo_t* cr) {
    ++*calls;
    draw(cr);
  };
}

TEST(GifSink, SameBytesAsLibavformatsMuxerWhetherFramesAreKeptOrDrawnAgain) {
  const std::string dir = testing::MakeTempDir();
  const int width = 60, height = 45;
  std::vector<DrawFn> frames = MovingSquareFrames(6);
  frames.push_back(frames[2]);  // an unchanged stretch and a change back
  frames.push_back(frames[2]);
  frames.push_back(MovingSquare(0));
  const std::vector<double> durations = {1.0, 1.0 / 3, 1.0 / 3, 1.0 / 3, 0.5, 2.0, 0.25, 1.0, 1.0};
  const std::vector<int64_t> starts = {0, 100, 133, 167, 200, 250, 450, 475, 575};
  const int64_t end = 675;

  // The runs a kept frame takes, to set a budget that keeps exactly two of them.
  std::vector<std::size_t> run_bytes;
  for (const DrawFn& frame : frames) {
    sinks::Raster raster;
    ASSERT_TRUE(raster.Init({width, height}, 1.0, CAIRO_FORMAT_ARGB32).ok());
    ASSERT_TRUE(raster.Draw(frame).ok());
    ColourCounter counter;
    sinks::ColourRuns runs;
    for (int y = 0; y < height; ++y) counter.AddRow(raster.row(y), width, &runs);
    run_bytes.push_back(runs.bytes());
  }
  ASSERT_GT(run_bytes[2], 0u);

  for (bool loop : {true, false}) {
    for (std::size_t colours : {16, 256}) {
      const std::string reference = dir + "/reference.gif";
      ASSERT_NO_FATAL_FAILURE(
          MuxWithLibavformat(frames, width, height, colours, starts, end, loop, reference));
      const std::string expected = ReadBytes(reference);
      ASSERT_GT(expected.size(), 500u);
      SinkOptions options;
      options.gif_loop = loop;
      options.gif_colours = static_cast<int>(colours);
      // Every frame kept (the second half encoded on a second thread), the first two
      // kept, none kept: each frame drawn once, then again when not kept.
      const std::pair<std::size_t, int> budgets[] = {
          {sinks::kGifPreviewMemoryBudget, 9}, {run_bytes[0] + run_bytes[1], 9 + 7}, {0, 18}};
      for (const auto& [budget, expected_draws] : budgets) {
        const std::string path = dir + "/sink.gif";
        auto sink = sinks::MakeGifSink(path, options, budget);
        int draws = 0;
        std::vector<DrawFn> counted;
        for (const DrawFn& frame : frames) counted.push_back(Counted(frame, &draws));
        ASSERT_TRUE(RenderAll(sink.get(), Geometry(width, height), counted, durations).ok());
        EXPECT_EQ(draws, expected_draws) << "budget " << budget;
        EXPECT_TRUE(ReadBytes(path) == expected)
            << "loop " << loop << ", " << colours << " colours, budget " << budget;
      }
    }
  }
}

}  // namespace
}  // namespace convanim
