// Frames per second of each encoder (GIF, MP4, PNG, PNG sequence, PDF, SVG) on a
// synthetic 400 x 450 frame in the guide's style: flat cells, dashed padding cells, a
// shaded window and four thin antialiased lines that move every step.
//
//   build/bench/sinks_bench --benchmark_filter='Gif|Mp4|Png|Pdf|Svg|Draw'
//
// items_per_second is steps (frames handed to the sink) per second of wall time (the
// GIF and MP4 sinks load their module in a second thread, the GIF sink encodes on two),
// including the GIF's preview pass, the drawing and the file write. The first GIF or MP4 iteration
// also loads its encoder module. docs/performance.md has the numbers measured on the 2-core
// development machine.
#include <benchmark/benchmark.h>
#include <cairo.h>
#include <stdlib.h>
#include <sys/resource.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "renderer/frame_sink.h"
#include "renderer/sinks/gif_palette.h"
#include "renderer/sinks/raster.h"
#include "renderer/sinks/sinks.h"

namespace convanim {
namespace {

constexpr double kWidth = 400;
constexpr double kHeight = 450;

// A figure like the guide's arithmetic view: a 5 x 5 input with a ring of padding,
// the 3 x 3 window at step `step`, and lines up to the output cell.
void DrawGuideLikeFrame(cairo_t* cr, int step) {
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  const double cell = 40, left = 60, top = 170;
  const int window_row = (step / 5) % 5, window_col = step % 5;
  for (int row = 0; row < 7; ++row) {
    for (int col = 0; col < 7; ++col) {
      const bool padding = row == 0 || col == 0 || row == 6 || col == 6;
      const bool in_window =
          row >= window_row && row < window_row + 3 && col >= window_col && col < window_col + 3;
      cairo_rectangle(cr, left + col * cell, top + row * cell, cell, cell);
      if (padding) {
        cairo_set_source_rgb(cr, in_window ? 0.85 : 1, in_window ? 0.85 : 1, 1);
        cairo_fill_preserve(cr);
        const double dashes[] = {3, 3};
        cairo_set_dash(cr, dashes, 2, 0);
      } else {
        cairo_set_source_rgb(cr, in_window ? 0.05 : 0.36, in_window ? 0.2 : 0.58,
                             in_window ? 0.55 : 0.84);
        cairo_fill_preserve(cr);
        cairo_set_dash(cr, nullptr, 0, 0);
      }
      cairo_set_source_rgb(cr, 0, 0, 0);
      cairo_set_line_width(cr, 1);
      cairo_stroke(cr);
    }
  }
  cairo_set_dash(cr, nullptr, 0, 0);
  // The output map above, with the current cell shaded.
  const double out_left = 130, out_top = 20, out_cell = 30;
  for (int row = 0; row < 5; ++row) {
    for (int col = 0; col < 5; ++col) {
      cairo_rectangle(cr, out_left + col * out_cell, out_top + row * out_cell, out_cell, out_cell);
      const bool current = row == window_row && col == window_col;
      cairo_set_source_rgb(cr, current ? 0.1 : 0.6, current ? 0.55 : 0.86, current ? 0.6 : 0.88);
      cairo_fill_preserve(cr);
      cairo_set_source_rgb(cr, 0, 0, 0);
      cairo_stroke(cr);
    }
  }
  // Four thin lines from the window's corners to the output cell.
  const double wx = left + window_col * cell, wy = top + window_row * cell;
  const double ox = out_left + window_col * out_cell, oy = out_top + window_row * out_cell;
  cairo_set_line_width(cr, 0.7);
  const double corners[4][4] = {{wx, wy, ox, oy},
                                {wx + 3 * cell, wy, ox + out_cell, oy},
                                {wx, wy + 3 * cell, ox, oy + out_cell},
                                {wx + 3 * cell, wy + 3 * cell, ox + out_cell, oy + out_cell}};
  for (const auto& line : corners) {
    cairo_move_to(cr, line[0], line[1]);
    cairo_line_to(cr, line[2], line[3]);
  }
  cairo_stroke(cr);
}

DrawFn Step(int step) {
  return [step](cairo_t* cr) { DrawGuideLikeFrame(cr, step); };
}

class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "convanim_bench_XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Makes the sink for `path` as `convanim render` does.
std::unique_ptr<FrameSink> SinkFromPath(const std::string& path, const SinkOptions& options,
                                        Status* status) {
  std::unique_ptr<FrameSink> sink;
  *status = CreateSinkForPath(path, options, &sink);
  return sink;
}

// A GIF sink that keeps no preview frame: every frame is drawn twice (as this sink did before
// keeping them).
std::unique_ptr<FrameSink> GifSinkDrawingTwice(const std::string& path, const SinkOptions& options,
                                               Status* status) {
  *status = Status::Ok();
  return sinks::MakeGifSink(path, options, /*preview_memory_budget=*/0);
}

using SinkFactory = std::unique_ptr<FrameSink> (*)(const std::string&, const SinkOptions&, Status*);

// One iteration writes a whole file of `steps` frames, 1 s each (the MP4 sink encodes
// fps video frames per step), drawn at `scale`.
void RenderFile(benchmark::State& state, const std::string& name, int steps, double scale = 1.0,
                SinkFactory make_sink = SinkFromPath) {
  ScratchDir dir;
  if (dir.path().empty()) {
    state.SkipWithError("cannot make a scratch directory");
    return;
  }
  const std::string path = dir.path() + "/" + name;
  FrameGeometry geometry;
  geometry.width = kWidth;
  geometry.height = kHeight;
  geometry.scale = scale;
  SinkOptions options;
  for (auto _ : state) {
    Status status;
    std::unique_ptr<FrameSink> sink = make_sink(path, options, &status);
    if (status.ok()) status = sink->Begin(geometry);
    if (status.ok() && sink->WantsPreviewPass()) {
      for (int i = 0; i < steps && status.ok(); ++i) status = sink->Preview(Step(i));
    }
    for (int i = 0; i < steps && status.ok(); ++i) status = sink->AddFrame(Step(i), 1.0);
    if (status.ok()) status = sink->Finish();
    if (!status.ok()) {
      state.SkipWithError(status.ToString().c_str());
      return;
    }
  }
  state.SetItemsProcessed(state.iterations() * steps);
  std::error_code error;
  state.counters["bytes_per_step"] =
      static_cast<double>(std::filesystem::file_size(
          name.find('%') == std::string::npos ? path : sinks::FormatFramePath(path, 0), error)) /
      (name.find('%') == std::string::npos ? steps : 1);
  // Peak resident memory of the whole process so far: run one benchmark at a time
  // (--benchmark_filter) to read it for that one.
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  state.counters["peak_rss_MiB"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void BM_DrawOnly(benchmark::State& state) {
  sinks::Raster raster;
  if (!raster.Init({400, 450}, 1.0, CAIRO_FORMAT_ARGB32).ok()) {
    state.SkipWithError("raster");
    return;
  }
  int step = 0;
  for (auto _ : state) {
    const Status status = raster.Draw(Step(step++));
    benchmark::DoNotOptimize(status.ok());
  }
  state.SetItemsProcessed(state.iterations());
}

// The GIF sink's own work per frame: the preview pass counts the raster's colours and
// keeps it as runs, AddFrame() expands them into palette indices for the encoder.
void BM_GifColourRuns(benchmark::State& state) {
  sinks::Raster raster;
  if (!raster.Init({400, 450}, 1.0, CAIRO_FORMAT_ARGB32).ok() || !raster.Draw(Step(7)).ok()) {
    state.SkipWithError("raster");
    return;
  }
  sinks::ColourCounter counter;
  for (int y = 0; y < raster.height(); ++y) counter.AddRow(raster.row(y), raster.width());
  sinks::PaletteMapper mapper(sinks::BuildPalette(counter, 16));
  const std::vector<uint8_t> index_of_id = mapper.IndicesOf(counter);
  std::vector<uint8_t> indices(static_cast<std::size_t>(400 * 450) + sinks::kExpandSlack);
  sinks::ColourRuns runs;
  for (auto _ : state) {
    runs.runs.clear();
    for (int y = 0; y < raster.height(); ++y) counter.AddRow(raster.row(y), raster.width(), &runs);
    sinks::ExpandRuns(runs, index_of_id, &mapper, indices.data());
    benchmark::DoNotOptimize(indices.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["runs_per_frame"] = static_cast<double>(runs.runs.size());
}

void BM_Gif(benchmark::State& state) { RenderFile(state, "bench.gif", 25); }
void BM_GifDrawingTwice(benchmark::State& state) {
  RenderFile(state, "bench.gif", 25, 1.0, GifSinkDrawingTwice);
}
void BM_Mp4(benchmark::State& state) { RenderFile(state, "bench.mp4", 25); }
void BM_PngSequence(benchmark::State& state) { RenderFile(state, "step_%03d.png", 25); }
void BM_PngStill(benchmark::State& state) { RenderFile(state, "bench.png", 1); }
void BM_PdfStill(benchmark::State& state) { RenderFile(state, "bench.pdf", 1); }
void BM_SvgStill(benchmark::State& state) { RenderFile(state, "bench.svg", 1); }
// A 40 x 40 input has 1,600 steps; its figure is about 1000 x 1125 pixels (scale 2.5).
void BM_Gif1600StepsLarge(benchmark::State& state) { RenderFile(state, "long.gif", 1600, 2.5); }
void BM_Mp41600Steps(benchmark::State& state) { RenderFile(state, "long.mp4", 1600); }

BENCHMARK(BM_DrawOnly)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GifColourRuns)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Gif)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_GifDrawingTwice)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Mp4)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_PngSequence)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_PngStill)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_PdfStill)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_SvgStill)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Gif1600StepsLarge)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK(BM_Mp41600Steps)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

}  // namespace
}  // namespace convanim
