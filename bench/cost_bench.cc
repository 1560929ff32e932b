// The constants of exporters/cost.cc, measured: for each scene file and format, what the
// cost model estimates and what writing the file takes (CPU seconds, user + system, and
// peak resident memory of this process), one line each. Run one scene and format per
// process for the memory column (peak memory is the process's); tools/bench.sh --cost
// runs it over the worst accepted scenes and fails when a render passes its budget.
//
//   cost_bench FORMAT SCENE [OUT]   (OUT "-": estimate only, write nothing) prints: scene
//     format width height frames strata shapes changed crop shared per_step
//     text_bytes track_slots, then the estimated and measured seconds and memory.
#include <sys/resource.h>

#include <cstdio>
#include <string>

#include "app/render_job.h"
#include "exporters/cost.h"
#include "exporters/formats.h"

namespace {

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6;
}

double PeakMegabytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) * 1024 / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace convanim;
  if (argc < 3) {
    std::fprintf(stderr, "usage: cost_bench FORMAT SCENE [OUT]\n");
    return 2;
  }
  const Format* format = FormatNamed(argv[1]);
  if (format == nullptr) {
    std::fprintf(stderr, "unknown format %s\n", argv[1]);
    return 2;
  }
  const std::string out =
      argc > 3 ? argv[3]
               : std::string("/tmp/cost_bench_out") +
                     (format->pattern ? "_%04d.png" : "." + std::string(format->extension));
  std::unique_ptr<LoadedAnimation> loaded;
  Status status = LoadAnimation(argv[2], BuildOptions(), &loaded);
  if (!status.ok()) {
    std::fprintf(stderr, "%s\n", status.message().c_str());
    return 2;
  }
  const Animation& animation = loaded->model();
  const double start = CpuSeconds();
  FrameProfile profile;
  ShapeProfile shapes;
  CostEstimate estimate;
  if (format->raster) {
    status = ProfileFrames(animation, 1.0, animation.step_duration, &profile);
    if (!status.ok()) {
      std::fprintf(stderr, "%s\n", status.message().c_str());
      return 1;
    }
    estimate = EstimateRasterCost(*format, profile);
  } else {
    shapes = ProfileShapes(animation);
    estimate = EstimateVectorCost(*format, shapes);
  }
  const double profiled = CpuSeconds();
  ExportOptions options;
  ExportSummary summary;
  if (out != "-") status = format->write(*format, animation, options, out, &summary);
  const double written = CpuSeconds();
  if (!status.ok()) {
    std::fprintf(stderr, "%s\n", status.message().c_str());
    return 1;
  }
  std::printf(
      "%s %s %d %d %lld %lld %lld %.0f %.0f %lld %lld %lld %lld est %.2f s measured %.2f s "
      "(profile %.3f s) est %.0f MB peak %.0f MB\n",
      argv[2], format->name, profile.width, profile.height, static_cast<long long>(profile.frames),
      static_cast<long long>(profile.strata), static_cast<long long>(profile.shared_shapes),
      profile.changed, profile.crop, static_cast<long long>(shapes.shared),
      static_cast<long long>(shapes.per_step), static_cast<long long>(shapes.text_bytes),
      static_cast<long long>(shapes.track_slots), estimate.seconds, written - profiled,
      profiled - start, estimate.bytes / 1e6, PeakMegabytes());
  return 0;
}
