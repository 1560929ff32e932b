// The GIF writer (exporters/gif_writer.cc) writes each frame as the box around the pixels
// that changed, over the frames shown before ("do not dispose", unchanged pixels
// transparent). These tests render real scenes to GIF through Export(), decode every
// frame with libavformat/libavcodec (an independent decoder composing the frames), and
// compare each composed frame, pixel for pixel, with the painter's frame mapped to the
// file's palette (the nearest colour: the writer's mapping, no dithering).
#include <gtest/gtest.h>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "exporters/export_common.h"
#include "exporters/formats.h"
#include "exporters/painter.h"
#include "exporters/raster_frames.h"
#include "tests/support/models.h"
#include "tests/support/paths.h"

namespace convanim {
namespace {

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Every frame of a GIF as libavcodec composes it: 0xRRGGBB, width x height each.
struct DecodedGif {
  int width = 0, height = 0;
  std::vector<std::vector<uint32_t>> frames;
};

void DecodeGif(const std::string& path, DecodedGif* out) {
  AVFormatContext* format = nullptr;
  ASSERT_EQ(avformat_open_input(&format, path.c_str(), nullptr, nullptr), 0) << path;
  ASSERT_GE(avformat_find_stream_info(format, nullptr), 0);
  ASSERT_EQ(format->nb_streams, 1u);
  const AVCodecParameters* parameters = format->streams[0]->codecpar;
  ASSERT_EQ(parameters->codec_id, AV_CODEC_ID_GIF);
  out->width = parameters->width;
  out->height = parameters->height;
  const AVCodec* codec = avcodec_find_decoder(parameters->codec_id);
  AVCodecContext* decoder = avcodec_alloc_context3(codec);
  ASSERT_GE(avcodec_parameters_to_context(decoder, parameters), 0);
  ASSERT_GE(avcodec_open2(decoder, codec, nullptr), 0);
  AVPacket* packet = av_packet_alloc();
  AVFrame* frame = av_frame_alloc();
  bool formats_ok = true;
  auto receive = [&] {
    while (avcodec_receive_frame(decoder, frame) == 0) {
      if (frame->format != AV_PIX_FMT_RGB32) formats_ok = false;
      std::vector<uint32_t> pixels(static_cast<std::size_t>(frame->width) * frame->height);
      for (int y = 0; formats_ok && y < frame->height; ++y) {
        const auto* row =
            reinterpret_cast<const uint32_t*>(frame->data[0] + y * frame->linesize[0]);
        for (int x = 0; x < frame->width; ++x) {
          pixels[static_cast<std::size_t>(y) * frame->width + x] = row[x] & 0xFFFFFFu;
          if (row[x] >> 24 != 0xFF) formats_ok = false;  // opaque scenes: every pixel shown
        }
      }
      out->frames.push_back(std::move(pixels));
    }
  };
  while (av_read_frame(format, packet) >= 0) {
    EXPECT_GE(avcodec_send_packet(decoder, packet), 0);
    av_packet_unref(packet);
    receive();
  }
  avcodec_send_packet(decoder, nullptr);
  receive();
  EXPECT_TRUE(formats_ok) << path << ": frames not RGB32 or not opaque";
  av_frame_free(&frame);
  av_packet_free(&packet);
  avcodec_free_context(&decoder);
  avformat_close_input(&format);
}

// The global palette (0xRRGGBB) of a GIF's logical screen descriptor.
std::vector<uint32_t> GlobalPalette(const std::string& bytes) {
  std::vector<uint32_t> palette;
  if (bytes.size() < 13 || !(static_cast<uint8_t>(bytes[10]) & 0x80)) return palette;
  const int entries = 2 << (bytes[10] & 7);
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  for (int i = 0; i < entries && 13u + 3u * i + 2u < bytes.size(); ++i) {
    palette.push_back(static_cast<uint32_t>(data[13 + 3 * i]) << 16 | data[14 + 3 * i] << 8 |
                      data[15 + 3 * i]);
  }
  return palette;
}

uint32_t Nearest(const std::vector<uint32_t>& palette, uint32_t rgb) {
  uint32_t best = 0;
  int best_distance = 1 << 30;
  for (const uint32_t colour : palette) {
    int distance = 0;
    for (int shift : {0, 8, 16}) {
      const int d =
          static_cast<int>((rgb >> shift) & 0xFF) - static_cast<int>((colour >> shift) & 0xFF);
      distance += d * d;
    }
    if (distance < best_distance) {
      best_distance = distance;
      best = colour;
    }
  }
  return best;
}

// Renders `animation` to GIF, decodes it and compares every frame with the painter's
// frames of the same timeline. Returns the number of frames compared.
int64_t ExpectGifShowsThePaintersFrames(const Animation& animation, const std::string& what,
                                        const ExportOptions& options = {}) {
  const std::string dir = testing::MakeTempDir();
  const std::string path = dir + "/a.gif";
  ExportSummary summary;
  const Status written = Export(animation, options, path, &summary);
  EXPECT_TRUE(written.ok()) << what << ": " << written.ToString();
  if (!written.ok()) return 0;
  const std::string bytes = ReadBytes(path);
  // Deterministic: a second rendering gives the same bytes.
  const Status again = Export(animation, options, dir + "/b.gif", &summary);
  EXPECT_TRUE(again.ok());
  EXPECT_EQ(bytes, ReadBytes(dir + "/b.gif")) << what;

  DecodedGif decoded;
  DecodeGif(path, &decoded);
  const std::vector<uint32_t> palette = GlobalPalette(bytes);
  EXPECT_FALSE(palette.empty()) << what;

  Theme theme;
  EXPECT_TRUE(ResolveTheme(animation, options, &theme).ok());
  const Painter painter(theme, animation.fonts, ResolveTransparent(animation, options));
  RasterFrames frames(animation, painter, options.scale);
  EXPECT_TRUE(frames.Begin().ok());
  EXPECT_EQ(decoded.width, frames.width()) << what;
  EXPECT_EQ(decoded.height, frames.height()) << what;
  std::size_t n = 0;
  int64_t mismatched_frames = 0;
  const Status painted = PaintTimeline(
      animation, StepDuration(animation, options), &frames, [&](const RasterFrame& frame) {
        const std::size_t i = n++;
        if (i >= decoded.frames.size()) return Status::Ok();
        const std::vector<uint32_t>& shown = decoded.frames[i];
        int64_t differing = 0;
        int first_x = -1, first_y = -1;
        uint32_t last_pixel = 0xFFFFFFFFu, last_colour = 0;
        for (int y = 0; y < frame.height; ++y) {
          for (int x = 0; x < frame.width; ++x) {
            const uint32_t pixel =
                frame.pixels[static_cast<std::size_t>(y) * frame.stride_words + x] & 0xFFFFFFu;
            if (pixel != last_pixel) {
              last_pixel = pixel;
              last_colour = Nearest(palette, pixel);
            }
            if (shown[static_cast<std::size_t>(y) * frame.width + x] != last_colour) {
              if (differing++ == 0) {
                first_x = x;
                first_y = y;
              }
            }
          }
        }
        if (differing > 0) ++mismatched_frames;
        EXPECT_EQ(differing, 0) << what << " frame " << i << ": first at " << first_x << ","
                                << first_y;
        return Status::Ok();
      });
  EXPECT_TRUE(painted.ok()) << painted.ToString();
  EXPECT_EQ(decoded.frames.size(), n) << what;
  EXPECT_EQ(mismatched_frames, 0) << what;
  return static_cast<int64_t>(n);
}

class GuideScene : public ::testing::TestWithParam<const char*> {};

TEST_P(GuideScene, EveryDecodedFrameIsThePaintersFrame) {
  const auto built = testing::BuildSceneFile(GetParam());
  ASSERT_NE(built, nullptr);
  EXPECT_EQ(ExpectGifShowsThePaintersFrames(built->animation, GetParam()),
            built->animation.step_count);
}

INSTANTIATE_TEST_SUITE_P(GifDecode, GuideScene,
                         ::testing::Values("scenes/guide/padding_strides.yaml",
                                           "scenes/guide/dilation.yaml",
                                           "scenes/guide/numerical_padding_strides.yaml",
                                           "scenes/guide/no_padding_strides_transposed.yaml",
                                           "scenes/examples/stack_convolution_pooling.yaml",
                                           "scenes/examples/three_channels.yaml"));

TEST(GifDecode, GlidesDarkThemeAndAScaleDecodeToThePaintersFrames) {
  const auto built = testing::BuildSceneText(
      "operation: convolution\nview: arithmetic\ninput: {size: 5, seed: 1}\n"
      "kernel: {size: 3, seed: 2}\npadding: 1\nstride: 2\n"
      "style: {motion: glide, frame_duration: 0.5}\n");
  ASSERT_NE(built, nullptr);
  ExportOptions options;
  options.theme = "dark";
  options.scale = 1.5;
  // Glide frames between the steps: more frames than steps.
  EXPECT_GT(ExpectGifShowsThePaintersFrames(built->animation, "glide", options),
            built->animation.step_count);
}

TEST(GifDecode, TheGuideLookAtFortyByFortyDecodesFrameByFrame) {
  // The benchmark's scene (docs/performance.md), smaller: 12x12, 144 steps, the guide's look.
  const auto built = testing::BuildSceneText(
      "operation: convolution\nview: arithmetic\ninput: {size: 12, seed: 40}\n"
      "kernel: {size: 3, seed: 41}\npadding: half\n"
      "style: {frame_duration: 0.1, preset: guide}\n");
  ASSERT_NE(built, nullptr);
  EXPECT_EQ(ExpectGifShowsThePaintersFrames(built->animation, "guide 12x12"), 144);
}

}  // namespace
}  // namespace convanim
