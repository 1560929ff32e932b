// Style keys that change only some pictures (the key table's AppliesTo rows: overlap,
// show_direct, layout): given where they change nothing, the scene still loads and renders,
// and the author is told so at the key's line, by check and render alike, and --layout too.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/scene.h"
#include "core/scene_keys.h"
#include "core/scene_loader.h"
#include "support/paths.h"
#include "support/run.h"

namespace convanim {
namespace {

Scene Parsed(const std::string& text) {
  Scene scene;
  const Status status = ParseScene(text, "s.yaml", &scene);
  EXPECT_TRUE(status.ok()) << status.message();
  return scene;
}

TEST(StyleNotes, KeysThatChangeNothingAreNotedAtTheirLines) {
  const Scene scene = Parsed(
      "operation: convolution\n"
      "view: numerical\n"
      "input: {size: 4}\n"
      "kernel: {size: 3}\n"
      "style:\n"
      "  overlap: true\n"
      "  decimals: 2\n"
      "  show_direct: true\n");
  ASSERT_EQ(scene.notes.size(), 2u);
  EXPECT_EQ(scene.notes[0].where.line, 6);
  EXPECT_EQ(scene.notes[0].where.column, 12);
  EXPECT_EQ(scene.notes[0].text,
            "style.overlap changes nothing in this picture: it is for view scatter");
  EXPECT_EQ(scene.notes[1].where.line, 8);
  EXPECT_EQ(scene.notes[1].text,
            "style.show_direct changes nothing in this picture: it is for view matrix of a "
            "transposed convolution");
}

TEST(StyleNotes, WhereTheKeysChangeThePictureThereIsNoNote) {
  EXPECT_TRUE(Parsed("operation: transposed_convolution\n"
                     "view: scatter\n"
                     "input: {size: 3}\n"
                     "kernel: {size: 3}\n"
                     "stride: 2\n"
                     "style: {overlap: true, layout: slide}\n")
                  .notes.empty());
  EXPECT_TRUE(Parsed("operation: transposed_convolution\n"
                     "view: matrix\n"
                     "input: {size: 2}\n"
                     "kernel: {size: 3}\n"
                     "style: {show_direct: true, layout: page}\n")
                  .notes.empty());
  // Not given, not noted (the defaults change nothing either).
  EXPECT_TRUE(
      Parsed("operation: max_pooling\ninput: {size: 4}\nkernel: {size: 2}\n").notes.empty());
}

TEST(StyleNotes, TheGuideLookAndAStackTakeNoLayout) {
  const Scene guide = Parsed(
      "operation: convolution\ninput: {size: 4}\nkernel: {size: 3}\n"
      "style: {preset: guide, layout: slide}\n");
  ASSERT_EQ(guide.notes.size(), 1u);
  EXPECT_EQ(guide.notes[0].text.rfind("style.layout changes nothing", 0), 0u)
      << guide.notes[0].text;
  // The guide's look is for the arithmetic and numerical views; its matrix view is a teaching one.
  EXPECT_TRUE(Parsed("operation: convolution\nview: matrix\ninput: {size: 3}\nkernel: {size: 2}\n"
                     "style: {preset: guide, layout: slide}\n")
                  .notes.empty());
  const Scene stack = Parsed(
      "input: {size: 6}\nlayers:\n  - {operation: convolution, kernel: {size: 3}}\n"
      "style: {layout: slide}\n");
  ASSERT_EQ(stack.notes.size(), 1u);
  EXPECT_EQ(stack.notes[0].where.line, 4);
}

TEST(StyleNotes, CheckAndRenderPrintTheNoteAndStillSucceed) {
  const std::string dir = testing::MakeTempDir();
  const std::string path = dir + "/s.yaml";
  testing::WriteFile(path,
                     "operation: convolution\nview: numerical\ninput: {size: 4}\n"
                     "kernel: {size: 3}\nstyle: {overlap: true}\n");
  const std::string note =
      path + ":5:18: note: style.overlap changes nothing in this picture: it is for view scatter";
  const testing::RunResult checked = testing::RunConvanim({"check", path});
  EXPECT_EQ(checked.exit_code, 0) << checked.err;
  EXPECT_NE(checked.err.find(note), std::string::npos) << checked.err;
  const testing::RunResult rendered = testing::RunConvanim({"render", path, "-o", dir + "/s.png"});
  EXPECT_EQ(rendered.exit_code, 0) << rendered.err;
  EXPECT_NE(rendered.err.find(note), std::string::npos) << rendered.err;
  EXPECT_TRUE(testing::FileExists(dir + "/s.png"));
  // Quiet means quiet.
  const testing::RunResult quiet = testing::RunConvanim({"check", "-q", path});
  EXPECT_EQ(quiet.exit_code, 0);
  EXPECT_EQ(quiet.err, "");
}

TEST(StyleNotes, LayoutOnTheCommandLineIsNotedWhereItChangesNothing) {
  const std::string dir = testing::MakeTempDir();
  const std::string path = dir + "/stack.yaml";
  testing::WriteFile(
      path, "input: {size: 6}\nlayers:\n  - {operation: convolution, kernel: {size: 3}}\n");
  const testing::RunResult run =
      testing::RunConvanim({"render", path, "-o", dir + "/s.json", "--layout", "slide"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find(path + ": note: --layout changes nothing in this picture"),
            std::string::npos)
      << run.err;
  testing::WriteFile(dir + "/one.yaml",
                     "operation: convolution\ninput: {size: 4}\nkernel: {size: 3}\n");
  const testing::RunResult slide = testing::RunConvanim(
      {"render", dir + "/one.yaml", "-o", dir + "/one.json", "--layout", "slide"});
  EXPECT_EQ(slide.exit_code, 0) << slide.err;
  EXPECT_EQ(slide.err.find("note:"), std::string::npos) << slide.err;
}

}  // namespace
}  // namespace convanim
