// The render loop (renderer/render_loop.cc) against a fake sink: which frames reach the
// sink, in which order, for how long, at what geometry, and how errors propagate.
#include <cairo.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/schedule.h"
#include "renderer/frame_sink.h"
#include "renderer/scene_renderer.h"

namespace convanim {
namespace {

// Steps [first, last) (last < 0: to the end).
RenderLoopOptions Frames(int64_t first, int64_t last) {
  RenderLoopOptions options;
  options.first = first;
  options.last = last;
  return options;
}

Scene PaddingStrides() {  // the guide's padding_strides: 9 steps
  Scene scene;
  scene.operation = Operation::kConvolution;
  scene.input_size = {5, 5};
  scene.input = Tensor({1, 5, 5});
  for (std::size_t i = 0; i < scene.input.size(); ++i) {
    scene.input.data()[i] = static_cast<double>(i % 4);
  }
  scene.kernel_size = {3, 3};
  scene.kernel = Tensor({1, 1, 3, 3}, {0, 1, 2, 2, 2, 0, 0, 1, 2});
  scene.stride = {2, 2};
  scene.padding = {1, 1, 1, 1};
  return scene;
}

// Pixels of one frame drawn at `scale` (what a raster sink would encode).
std::vector<unsigned char> Rasterize(const DrawFn& draw, const FrameGeometry& geometry) {
  const int width = static_cast<int>(std::ceil(geometry.width * geometry.scale));
  const int height = static_cast<int>(std::ceil(geometry.height * geometry.scale));
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
  cairo_t* cr = cairo_create(surface);
  cairo_scale(cr, geometry.scale, geometry.scale);
  draw(cr);
  cairo_destroy(cr);
  cairo_surface_flush(surface);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  std::vector<unsigned char> bytes(
      data, data + static_cast<std::size_t>(cairo_image_surface_get_stride(surface)) *
                       static_cast<std::size_t>(height));
  cairo_surface_destroy(surface);
  return bytes;
}

// Records everything the loop does; can fail at a chosen call.
class FakeSink : public FrameSink {
 public:
  Status Begin(const FrameGeometry& geometry) override {
    events.push_back("begin");
    geometry_ = geometry;
    ++begin_calls;
    return fail_begin ? Status::IoError("begin failed") : Status::Ok();
  }
  bool WantsPreviewPass() const override { return wants_preview; }
  Status Preview(const DrawFn& draw) override {
    events.push_back("preview");
    previews.push_back(Rasterize(draw, geometry_));
    if (fail_preview_at >= 0 && static_cast<int>(previews.size()) - 1 == fail_preview_at) {
      return Status::Internal("preview failed");
    }
    return Status::Ok();
  }
  Status AddFrame(const DrawFn& draw, double duration_seconds) override {
    events.push_back("frame");
    frames.push_back(Rasterize(draw, geometry_));
    durations.push_back(duration_seconds);
    if (fail_frame_at >= 0 && static_cast<int>(frames.size()) - 1 == fail_frame_at) {
      return Status::IoError("disk full at frame " + std::to_string(fail_frame_at));
    }
    return Status::Ok();
  }
  Status Finish() override {
    events.push_back("finish");
    return fail_finish ? Status::IoError("rename failed") : Status::Ok();
  }

  const FrameGeometry& geometry() const { return geometry_; }

  bool wants_preview = false;
  bool fail_begin = false;
  bool fail_finish = false;
  int fail_frame_at = -1;    // 0-based index of the AddFrame call that fails
  int fail_preview_at = -1;  // likewise for Preview
  int begin_calls = 0;
  std::vector<std::string> events;
  std::vector<std::vector<unsigned char>> previews, frames;
  std::vector<double> durations;

 private:
  FrameGeometry geometry_;
};

class RenderLoopTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scene_ = PaddingStrides();
    ASSERT_TRUE(Schedule::Build(scene_, &schedule_).ok());
    renderer_ = std::make_unique<SceneRenderer>(scene_, schedule_, RenderOptions{});
    ASSERT_TRUE(renderer_->status().ok());
    ASSERT_EQ(schedule_.step_count(), 9);
  }

  Status Run(const RenderLoopOptions& options, FakeSink* sink) {
    return RenderToSink(*renderer_, options, sink);
  }

  // Runs the loop into a fresh fake sink; the run must succeed.
  FakeSink RunOk(const RenderLoopOptions& options) {
    FakeSink sink;
    const Status status = Run(options, &sink);
    EXPECT_TRUE(status.ok()) << status.ToString();
    return sink;
  }

  std::vector<unsigned char> StepPixels(int64_t step, double scale = 1.0) {
    FrameGeometry geometry{renderer_->width(), renderer_->height(), scale};
    return Rasterize(renderer_->StepDrawer(step), geometry);
  }

  Scene scene_;
  Schedule schedule_;
  std::unique_ptr<SceneRenderer> renderer_;
};

TEST_F(RenderLoopTest, EveryStepBecomesOneFrameOfOneSecond) {
  const FakeSink sink = RunOk(RenderLoopOptions{});
  EXPECT_EQ(sink.begin_calls, 1);
  EXPECT_EQ(sink.geometry().width, renderer_->width());
  EXPECT_EQ(sink.geometry().height, renderer_->height());
  EXPECT_EQ(sink.geometry().scale, 1.0);
  ASSERT_EQ(sink.frames.size(), 9u);
  EXPECT_TRUE(sink.previews.empty());
  for (double duration : sink.durations) EXPECT_EQ(duration, 1.0);
  for (int64_t n = 0; n < 9; ++n) EXPECT_EQ(sink.frames[n], StepPixels(n)) << "frame " << n;
  EXPECT_NE(sink.frames[0], sink.frames[1]);
  ASSERT_EQ(sink.events.size(), 11u);
  EXPECT_EQ(sink.events.front(), "begin");
  EXPECT_EQ(sink.events.back(), "finish");
}

TEST_F(RenderLoopTest, DurationComesFromTheOptionThenTheStyle) {
  scene_.style.frame_duration = 2.5;
  const FakeSink styled = RunOk(RenderLoopOptions{});
  ASSERT_EQ(styled.durations.size(), 9u);
  for (double duration : styled.durations) EXPECT_EQ(duration, 2.5);

  RenderLoopOptions options;
  options.frame_duration = 0.25;
  const FakeSink overridden = RunOk(options);
  ASSERT_EQ(overridden.durations.size(), 9u);
  for (double duration : overridden.durations) EXPECT_EQ(duration, 0.25);
}

TEST_F(RenderLoopTest, FrameRangeSelectsThoseSteps) {
  const FakeSink sink = RunOk(Frames(2, 5));
  ASSERT_EQ(sink.frames.size(), 3u);
  for (int64_t i = 0; i < 3; ++i) EXPECT_EQ(sink.frames[i], StepPixels(2 + i));

  const FakeSink last = RunOk(Frames(8, -1));  // to the end
  ASSERT_EQ(last.frames.size(), 1u);
  EXPECT_EQ(last.frames[0], StepPixels(8));
}

TEST_F(RenderLoopTest, ScaleReachesTheSink) {
  RenderLoopOptions options = Frames(0, 1);
  options.scale = 2.0;
  const FakeSink sink = RunOk(options);
  EXPECT_EQ(sink.geometry().scale, 2.0);
  EXPECT_EQ(sink.geometry().width, renderer_->width());  // user units do not scale
  ASSERT_EQ(sink.frames.size(), 1u);
  EXPECT_EQ(sink.frames[0], StepPixels(0, 2.0));
  EXPECT_EQ(sink.frames[0].size(), 4 * StepPixels(0).size());
}

TEST_F(RenderLoopTest, PreviewPassSeesEveryFrameBeforeTheFirstFrame) {
  FakeSink sink;
  sink.wants_preview = true;
  ASSERT_TRUE(Run(Frames(3, -1), &sink).ok());
  ASSERT_EQ(sink.previews.size(), 6u);
  ASSERT_EQ(sink.frames.size(), 6u);
  EXPECT_EQ(sink.previews, sink.frames);
  const std::vector<std::string> expected = {"begin",   "preview", "preview", "preview", "preview",
                                             "preview", "preview", "frame",   "frame",   "frame",
                                             "frame",   "frame",   "frame",   "finish"};
  EXPECT_EQ(sink.events, expected);
}

TEST_F(RenderLoopTest, AFailingFrameStopsTheLoopWithItsError) {
  FakeSink sink;
  sink.fail_frame_at = 4;
  const Status status = Run(RenderLoopOptions{}, &sink);
  EXPECT_EQ(status.code(), Status::Code::kIoError);
  EXPECT_EQ(status.message(), "disk full at frame 4");
  EXPECT_EQ(sink.frames.size(), 5u);       // the failing one was attempted, none after
  EXPECT_EQ(sink.events.back(), "frame");  // never finished: the sink discards its file
}

TEST_F(RenderLoopTest, BeginPreviewAndFinishErrorsPropagate) {
  FakeSink begin;
  begin.fail_begin = true;
  EXPECT_EQ(Run(RenderLoopOptions{}, &begin).message(), "begin failed");
  EXPECT_EQ(begin.events, std::vector<std::string>{"begin"});

  FakeSink preview;
  preview.wants_preview = true;
  preview.fail_preview_at = 2;
  EXPECT_EQ(Run(RenderLoopOptions{}, &preview).message(), "preview failed");
  EXPECT_EQ(preview.previews.size(), 3u);
  EXPECT_TRUE(preview.frames.empty());

  FakeSink finish;
  finish.fail_finish = true;
  EXPECT_EQ(Run(RenderLoopOptions{}, &finish).code(), Status::Code::kIoError);
  EXPECT_EQ(finish.frames.size(), 9u);
}

TEST_F(RenderLoopTest, OutOfRangeFramesAreRefusedBeforeTheSinkStarts) {
  const std::vector<std::pair<int64_t, int64_t>> bad = {{-1, -1}, {9, -1}, {0, 10},
                                                        {5, 5},   {6, 2},  {100, 200}};
  for (const auto& [first, last] : bad) {
    FakeSink sink;
    const Status status = Run(Frames(first, last), &sink);
    EXPECT_EQ(status.code(), Status::Code::kInvalidScene) << first << ".." << last;
    EXPECT_NE(status.message().find("9 steps"), std::string::npos) << status.message();
    EXPECT_EQ(sink.begin_calls, 0);
    EXPECT_TRUE(sink.events.empty());
  }
}

TEST_F(RenderLoopTest, ABrokenRendererIsReportedBeforeTheSinkStarts) {
  scene_.style.theme = "no-such-theme";
  SceneRenderer broken(scene_, schedule_, RenderOptions{});
  FakeSink sink;
  const Status status = RenderToSink(broken, RenderLoopOptions{}, &sink);
  EXPECT_EQ(status.code(), Status::Code::kInvalidScene);
  EXPECT_TRUE(sink.events.empty());
}

}  // namespace
}  // namespace convanim
