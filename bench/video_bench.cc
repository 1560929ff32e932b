// Frames per second of the GIF and MP4 writers (exporters/video.h) on figure-like
// frame sequences, and x264 presets compared on the big frames.
//
//   BM_Gif/<scene>/<frames>, BM_Mp4/<scene>/<frames>: whole files, Finish() included.
//     scene 0: 400x400, a 90x90 square moves each frame.
//     scene 1: 1200x1500 and scene 2: 800x1000, a 40x40-input convolution (3x3
//       kernel): the window and the output cell move, four thin diagonal lines join
//       them, the output cell fills in; 1444 steps in all.
//   X264Preset/<preset>: libx264 alone (the writer's settings) on 100 steps of scene 1.
//   BM_Yuv420Conversion: swscale's whole-frame conversion of scene 1, for comparison.
#include <benchmark/benchmark.h>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libswscale/swscale.h>
}

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "exporters/video.h"

namespace convanim {
namespace {

constexpr uint32_t kBase3 = 0xFFFDF6E3, kBase2 = 0xFFEEE8D5, kBase1 = 0xFF93A1A1;
constexpr uint32_t kBlue = 0xFF268BD2, kCyan = 0xFF2AA198, kOrange = 0xFFCB4B16;
constexpr uint32_t kLineShade = 0xFF7FA9C0;  // an antialiasing shade of the lines

class Scene {
 public:
  Scene(int kind) : kind_(kind) {
    width_ = kind == 0 ? 400 : kind == 1 ? 1200 : 800;
    height_ = kind == 0 ? 400 : kind == 1 ? 1500 : 1000;
    base_.assign(static_cast<std::size_t>(width_) * height_, kBase3);
    if (kind != 0) {
      cell_ = kind == 1 ? 16 : 11;
      input_x_ = (width_ - 40 * cell_) / 2;
      input_y_ = 60;
      output_x_ = (width_ - 38 * cell_) / 2;
      output_y_ = height_ - 60 - 38 * cell_;
      DrawGrid(input_x_, input_y_, 40);
      DrawGrid(output_x_, output_y_, 38);
    }
    pixels_ = base_;
    changed_.push_back(PixelRect{0, 0, width_, height_});
  }
  int width() const { return width_; }
  int height() const { return height_; }
  int steps() const { return kind_ == 0 ? 1000000 : 38 * 38; }

  // Draws step `step` over the previous one.
  void Step(int step) {
    for (const PixelRect& rect : drawn_) Restore(rect);  // undo the previous highlights
    changed_ = drawn_;
    drawn_.clear();
    if (kind_ == 0) {
      const int x = (step * 37) % 310, y = (step * 53) % 310;
      Fill(&pixels_, x, y, 90, 90, step % 2 ? kBlue : kOrange);
      drawn_.push_back(PixelRect{x, y, 90, 90});
    } else {
      const int column = step % 38, row = step / 38;
      const int wx = input_x_ + column * cell_, wy = input_y_ + row * cell_;
      const int ox = output_x_ + column * cell_, oy = output_y_ + row * cell_;
      Fill(&base_, ox + 1, oy + 1, cell_ - 1, cell_ - 1, kCyan);  // the output stays
      Restore(PixelRect{ox, oy, cell_, cell_});
      changed_.push_back(PixelRect{ox, oy, cell_, cell_});
      Frame(wx, wy, 3 * cell_, kBlue);
      Frame(ox, oy, cell_, kOrange);
      Line(wx, wy + 3 * cell_, ox, oy);
      Line(wx + 3 * cell_, wy + 3 * cell_, ox + cell_, oy);
      Line(wx, wy, ox, oy + cell_);
      Line(wx + 3 * cell_, wy, ox + cell_, oy + cell_);
    }
    changed_.insert(changed_.end(), drawn_.begin(), drawn_.end());
  }

  RasterFrame Frame(double duration) {
    RasterFrame frame;
    frame.pixels = pixels_.data();
    frame.width = width_;
    frame.height = height_;
    frame.stride_words = width_;
    frame.changed = std::move(changed_);
    changed_.clear();
    frame.duration = duration;
    return frame;
  }

 private:
  void Fill(std::vector<uint32_t>* pixels, int x, int y, int w, int h, uint32_t argb) {
    for (int row = y; row < y + h; ++row) {
      std::fill_n(pixels->begin() + row * width_ + x, w, argb);
    }
  }
  void Restore(const PixelRect& rect) {
    for (int row = rect.y; row < rect.y + rect.height; ++row) {
      const std::size_t at = static_cast<std::size_t>(row) * width_ + rect.x;
      std::copy_n(base_.begin() + at, rect.width, pixels_.begin() + at);
    }
  }
  void DrawGrid(int x, int y, int cells) {
    Fill(&base_, x, y, cells * cell_ + 1, cells * cell_ + 1, kBase1);
    for (int r = 0; r < cells; ++r) {
      for (int c = 0; c < cells; ++c) {
        Fill(&base_, x + c * cell_ + 1, y + r * cell_ + 1, cell_ - 1, cell_ - 1,
             (r + c) % 7 ? kBase2 : kBase3);
      }
    }
  }
  void Frame(int x, int y, int size, uint32_t argb) {  // a 2-pixel outline
    Fill(&pixels_, x, y, size + 1, 2, argb);
    Fill(&pixels_, x, y + size - 1, size + 1, 2, argb);
    Fill(&pixels_, x, y, 2, size + 1, argb);
    Fill(&pixels_, x + size - 1, y, 2, size + 1, argb);
    drawn_.push_back(PixelRect{x, y, size + 1, size + 1});
  }
  // A thin line with a shade beside it; its pixels are reported in bands of 32 rows.
  void Line(int x0, int y0, int x1, int y1) {
    const int steps = std::max(std::abs(x1 - x0), std::abs(y1 - y0));
    int band_top = y0, band_left = width_, band_right = 0;
    for (int i = 0; i <= steps; ++i) {
      const int x = x0 + (x1 - x0) * i / steps, y = y0 + (y1 - y0) * i / steps;
      pixels_[y * width_ + x] = kBlue;
      pixels_[y * width_ + x + 1] = kLineShade;
      band_left = std::min(band_left, x);
      band_right = std::max(band_right, x + 2);
      if (y - band_top == 31 || i == steps) {
        drawn_.push_back(PixelRect{band_left, band_top, band_right - band_left, y - band_top + 1});
        band_top = y + 1;
        band_left = width_;
        band_right = 0;
      }
    }
  }

  int kind_, width_, height_;
  int cell_ = 0, input_x_ = 0, input_y_ = 0, output_x_ = 0, output_y_ = 0;
  std::vector<uint32_t> base_, pixels_;  // without and with the highlights
  std::vector<PixelRect> drawn_, changed_;
};

std::string OutputPath(const char* extension) {
  return "/tmp/convanim_video_bench_" + std::to_string(getpid()) + extension;
}

void WriteFile(benchmark::State& state, bool gif) {
  const int kind = static_cast<int>(state.range(0));
  const int frames = static_cast<int>(state.range(1));
  std::size_t bytes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    Scene scene(kind);
    std::unique_ptr<FrameWriter> writer;
    const std::string path = OutputPath(gif ? ".gif" : ".mp4");
    state.ResumeTiming();
    Status status = gif ? OpenGifWriter(path, scene.width(), scene.height(), GifOptions{}, &writer)
                        : OpenMp4Writer(path, scene.width(), scene.height(), Mp4Options{}, &writer);
    if (gif && status.ok()) {  // the palette: the first frame and one with highlights
      state.PauseTiming();
      Scene preview(kind);
      preview.Step(0);
      state.ResumeTiming();
      status = writer->Preview(preview.Frame(1.0));
    }
    for (int i = 0; i < frames && status.ok(); ++i) {
      if (i > 0) {
        state.PauseTiming();
        scene.Step(i - 1);
        state.ResumeTiming();
      }
      status = writer->Add(scene.Frame(i % 10 == 0 ? 1.0 : 0.25));
    }
    if (status.ok()) status = writer->Finish();
    if (!status.ok()) {
      state.SkipWithError(status.message().c_str());
      break;
    }
    state.PauseTiming();
    FILE* file = std::fopen(path.c_str(), "rb");
    std::fseek(file, 0, SEEK_END);
    bytes = static_cast<std::size_t>(std::ftell(file));
    std::fclose(file);
    std::remove(path.c_str());
    state.ResumeTiming();
  }
  state.counters["frames/s"] = benchmark::Counter(static_cast<double>(frames),
                                                  benchmark::Counter::kIsIterationInvariantRate);
  state.counters["KiB"] = static_cast<double>(bytes) / 1024;
}

void BM_Gif(benchmark::State& state) { WriteFile(state, true); }
void BM_Mp4(benchmark::State& state) { WriteFile(state, false); }
BENCHMARK(BM_Gif)
    ->Args({0, 200})
    ->Args({1, 200})
    ->Args({2, 200})
    ->Args({1, 1445})
    ->Args({2, 1445})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Mp4)
    ->Args({0, 200})
    ->Args({1, 100})
    ->Args({2, 100})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

// libx264 as the MP4 writer sets it up, with `preset`, on scene 1: encoding only.
void X264Preset(benchmark::State& state, const char* preset) {
  constexpr int kFrames = 100;
  Scene scene(1);
  const int width = scene.width(), height = scene.height();
  std::vector<std::vector<uint32_t>> frames;
  for (int i = 0; i < kFrames; ++i) {
    if (i > 0) scene.Step(i);
    RasterFrame frame = scene.Frame(1.0);
    frames.emplace_back(frame.pixels, frame.pixels + static_cast<std::size_t>(width) * height);
  }
  std::size_t bytes = 0;
  av_log_set_level(AV_LOG_ERROR);
  for (auto _ : state) {
    const AVCodec* codec = avcodec_find_encoder_by_name("libx264");
    AVCodecContext* context = avcodec_alloc_context3(codec);
    context->width = width;
    context->height = height;
    context->pix_fmt = AV_PIX_FMT_YUV420P;
    context->time_base = AVRational{1, 1000};
    context->thread_count = 1;
    context->max_b_frames = 0;
    context->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    AVDictionary* options = nullptr;
    av_dict_set(&options, "preset", preset, 0);
    av_dict_set(&options, "tune", "animation", 0);
    av_dict_set(&options, "profile", "high", 0);
    av_dict_set(&options, "crf", "18", 0);
    if (avcodec_open2(context, codec, &options) < 0) {
      state.SkipWithError("cannot open libx264");
      break;
    }
    av_dict_free(&options);
    SwsContext* scaler =
        sws_getContext(width, height, AV_PIX_FMT_RGB32, width, height, AV_PIX_FMT_YUV420P,
                       SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT | SWS_BITEXACT, nullptr,
                       nullptr, nullptr);
    AVFrame* frame = av_frame_alloc();
    frame->format = AV_PIX_FMT_YUV420P;
    frame->width = width;
    frame->height = height;
    av_frame_get_buffer(frame, 0);
    AVPacket* packet = av_packet_alloc();
    bytes = 0;
    for (int i = 0; i <= kFrames; ++i) {
      if (i < kFrames) {  // swscale is not what is measured here
        state.PauseTiming();
        const uint8_t* source[1] = {reinterpret_cast<const uint8_t*>(frames[i].data())};
        const int stride[1] = {width * 4};
        sws_scale(scaler, source, stride, 0, height, frame->data, frame->linesize);
        frame->pts = i * 250;
        state.ResumeTiming();
      }
      avcodec_send_frame(context, i < kFrames ? frame : nullptr);
      while (avcodec_receive_packet(context, packet) == 0) {
        bytes += static_cast<std::size_t>(packet->size);
        av_packet_unref(packet);
      }
    }
    av_packet_free(&packet);
    av_frame_free(&frame);
    sws_freeContext(scaler);
    avcodec_free_context(&context);
  }
  state.counters["frames/s"] =
      benchmark::Counter(kFrames, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["KiB"] = static_cast<double>(bytes) / 1024;
}
// The RGB to yuv420p conversion alone (as the MP4 writer does it), scene 1.
void BM_Yuv420Conversion(benchmark::State& state) {
  Scene scene(1);
  const int width = scene.width(), height = scene.height();
  const RasterFrame frame = scene.Frame(1.0);
  SwsContext* scaler =
      sws_getContext(width, height, AV_PIX_FMT_RGB32, width, height, AV_PIX_FMT_YUV420P,
                     SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT | SWS_BITEXACT, nullptr,
                     nullptr, nullptr);
  AVFrame* out = av_frame_alloc();
  out->format = AV_PIX_FMT_YUV420P;
  out->width = width;
  out->height = height;
  av_frame_get_buffer(out, 0);
  for (auto _ : state) {
    const uint8_t* source[1] = {reinterpret_cast<const uint8_t*>(frame.pixels)};
    const int stride[1] = {width * 4};
    sws_scale(scaler, source, stride, 0, height, out->data, out->linesize);
  }
  av_frame_free(&out);
  sws_freeContext(scaler);
}
BENCHMARK(BM_Yuv420Conversion)->Unit(benchmark::kMillisecond);

BENCHMARK_CAPTURE(X264Preset, medium, "medium")->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK_CAPTURE(X264Preset, faster, "faster")->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK_CAPTURE(X264Preset, veryfast, "veryfast")->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK_CAPTURE(X264Preset, superfast, "superfast")->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace convanim
