// The drawing limits from estimated cost (exporters/cost.h): scenes that 99ec04b rendered are
// accepted, the worst accepted scene of a family is accepted and the next one refused, and
// refusals name the format and the limit that applies to it. Whether an accepted scene
// renders within its budget is measured, not asserted here: tools/bench.sh --cost.
#include "exporters/cost.h"

#include <gtest/gtest.h>

#include <string>

#include "exporters/formats.h"
#include "tests/support/models.h"

namespace convanim {
namespace {

std::string Scene(const std::string& view, int size, const std::string& extra) {
  return "operation: convolution\nview: " + view + "\ninput: {size: " + std::to_string(size) +
         ", seed: 40}\nkernel: {size: 3, seed: 41}\n" + extra;
}

// The 40x40 example in the guide's look: 1,600 steps of 1238x1537 px.
std::string GuideLook(int size) {
  return Scene("arithmetic", size, "padding: half\nstyle: {frame_duration: 0.1, preset: guide}\n");
}

// A numerical scene with padding 1 (the 40x40 one streamed to GIF in 99ec04b).
std::string Numerical(int size) {
  return Scene("numerical", size, "padding: 1\nstyle: {frame_duration: 0.1, decimals: 1}\n");
}

Status Cost(const Animation& animation, const std::string& format) {
  const Format* found = FormatNamed(format);
  EXPECT_NE(found, nullptr) << format;
  return CheckCost(animation, *found, ExportOptions());
}

TEST(Cost, GuideLook40x40IsAcceptedForGifAndMp4) {
  auto built = testing::BuildSceneText(GuideLook(40));
  ASSERT_NE(built, nullptr);
  EXPECT_EQ(built->animation.step_count, 1600);
  EXPECT_TRUE(Cost(built->animation, "gif").ok()) << Cost(built->animation, "gif").message();
  EXPECT_TRUE(Cost(built->animation, "mp4").ok()) << Cost(built->animation, "mp4").message();
  EXPECT_TRUE(Cost(built->animation, "svg").ok());
  EXPECT_TRUE(CheckRenderable(built->animation, {FormatNamed("gif"), FormatNamed("mp4")}).ok());
}

TEST(Cost, ATransparentGifCountsEveryPixelOfEveryFrame) {
  // Measured 11.7 s for the guide look at 40x40 with a transparent background (whole
  // frames), 1.7 s opaque; at 70x70 the numerical scene would take minutes.
  auto built = testing::BuildSceneText(GuideLook(40));
  ASSERT_NE(built, nullptr);
  ExportOptions transparent;
  transparent.transparent = 1;
  EXPECT_TRUE(CheckCost(built->animation, *FormatNamed("gif"), transparent).ok());
  auto big = testing::BuildSceneText(Numerical(70));
  ASSERT_NE(big, nullptr);
  EXPECT_TRUE(Cost(big->animation, "gif").ok());
  const Status refused = CheckCost(big->animation, *FormatNamed("gif"), transparent);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find("CPU time (gif is at most 60 s)"), std::string::npos)
      << refused.message();
}

TEST(Cost, GuideLook30x30IsAcceptedEverywhere) {
  auto built = testing::BuildSceneText(GuideLook(30));
  ASSERT_NE(built, nullptr);
  const Status status = CheckRenderable(built->animation);
  EXPECT_TRUE(status.ok()) << status.message();
}

TEST(Cost, TheWorstNumericalGifIsAcceptedAndTheNextRefused) {
  // 70x70: about 11 s and 993 MB estimated (measured 9.0 s, 892 MB); 71x71: 1,019 MB
  // (docs/performance.md). A GIF frame costs what it changes: memory is the limit.
  auto worst = testing::BuildSceneText(Numerical(70));
  auto past = testing::BuildSceneText(Numerical(71));
  ASSERT_NE(worst, nullptr);
  ASSERT_NE(past, nullptr);
  EXPECT_TRUE(Cost(worst->animation, "gif").ok()) << Cost(worst->animation, "gif").message();
  const Status refused = Cost(past->animation, "gif");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.code(), Status::Code::kInvalidScene);
  const std::string message = refused.message();
  EXPECT_EQ(message.rfind("gif: 5041 frames of ", 0), 0u) << message;
  EXPECT_NE(message.find("of memory (gif is at most 1000 MB)"), std::string::npos) << message;
}

TEST(Cost, RefusalsNameTheFormatAskedForAndListTheOthers) {
  auto built = testing::BuildSceneText(Numerical(40));
  ASSERT_NE(built, nullptr);
  EXPECT_TRUE(Cost(built->animation, "gif").ok());  // it streamed in 99ec04b
  const Status mp4 = Cost(built->animation, "mp4");
  ASSERT_FALSE(mp4.ok());
  EXPECT_EQ(mp4.message().rfind("mp4: 1600 frames of 2247x4404 pixels", 0), 0u) << mp4.message();
  EXPECT_NE(mp4.message().find("(mp4 is at most 60 s)"), std::string::npos);
  // check: the first refusal, with the formats that are within their limits.
  const Status all = CheckRenderable(built->animation);
  ASSERT_FALSE(all.ok());
  EXPECT_NE(all.message().find("(within the limits: gif, svg, html, png, pdf, json)"),
            std::string::npos)
      << all.message();
  EXPECT_TRUE(CheckRenderable(built->animation, {FormatNamed("gif")}).ok());
}

TEST(Cost, AnimatedSvgOfABigMatrixViewIsRefusedForItsMemory) {
  // 900 steps, each id of the windowed 900x1024 matrix tracked over every step: the SVG
  // writer needed 2.7 GB; JSON writes the same shapes in 40 MB.
  auto built = testing::BuildSceneText(Scene("matrix", 32, ""));
  ASSERT_NE(built, nullptr);
  const Status svg = Cost(built->animation, "svg");
  ASSERT_FALSE(svg.ok());
  EXPECT_EQ(svg.message().rfind("svg: ", 0), 0u) << svg.message();
  EXPECT_NE(svg.message().find("of memory (svg is at most 1000 MB)"), std::string::npos)
      << svg.message();
  EXPECT_FALSE(Cost(built->animation, "html").ok());
  EXPECT_TRUE(Cost(built->animation, "json").ok()) << Cost(built->animation, "json").message();
  // One step of it is a picture like any other.
  ExportOptions one;
  one.frame = 3;
  EXPECT_TRUE(CheckCost(built->animation, *FormatNamed("svg"), one).ok());
}

TEST(Cost, EveryFormatKeepsThePictureLimit) {
  Animation tall;
  tall.width = 1092;
  tall.height = 1182812;  // a figure with a 950 KB caption
  for (const Format& format : Formats()) {
    const Status status = CheckCost(tall, format, ExportOptions());
    ASSERT_FALSE(status.ok()) << format.name;
    EXPECT_EQ(status.message().rfind(std::string(format.name) +
                                         ": the picture would be 1092x1182812 px; pictures are "
                                         "at most 8192 px a side",
                                     0),
              0u)
        << status.message();
  }
  // check: the picture limit first, for every format at once.
  const Status all = CheckRenderable(tall);
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.message().rfind("every format: the picture would be 1092x1182812 px", 0), 0u)
      << all.message();
}

TEST(Cost, EstimatesFollowWhatChanges) {
  const Format& gif = *FormatNamed("gif");
  FrameProfile still;
  still.width = 1000;
  still.height = 1000;
  still.frames = still.steps = 1000;
  still.strata = 1;
  FrameProfile moving = still;
  moving.changed = 2e8;
  moving.crop = 4e8;
  const CostEstimate a = EstimateRasterCost(gif, still);
  const CostEstimate b = EstimateRasterCost(gif, moving);
  EXPECT_LT(a.seconds, 0.5);  // nothing changes: a few whole repaints, a pixel a frame
  EXPECT_GT(b.seconds, a.seconds + 5.0);
  EXPECT_EQ(a.bytes, b.bytes);  // memory does not grow with the frames
  // A transparent GIF stores every frame whole.
  FrameProfile clear = still;
  clear.transparent = true;
  EXPECT_GT(EstimateRasterCost(gif, clear).seconds, a.seconds + 1000 * 1e6 * 4e-9);
  // x264 sees every pixel of every frame, changed or not.
  const CostEstimate mp4 = EstimateRasterCost(*FormatNamed("mp4"), still);
  FrameProfile twice = still;
  twice.frames *= 2;
  EXPECT_GT(EstimateRasterCost(*FormatNamed("mp4"), twice).seconds, 1.9 * mp4.seconds - 0.1);
}

}  // namespace
}  // namespace convanim
