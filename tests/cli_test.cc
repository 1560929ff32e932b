// End-to-end tests of the convanim command line: exit statuses, messages, outputs.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/support/paths.h"
#include "tests/support/run.h"

namespace convanim::testing {
namespace {

using nlohmann::json;

std::string GuideScene(const std::string& name) {
  return SourcePath("scenes/guide/" + name + ".yaml");
}

TEST(CliTest, EvalReproducesTheGuidesNumbers) {
  RunResult run = RunConvanim({"eval", GuideScene("numerical_no_padding_no_strides")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  json out = json::parse(run.out);
  EXPECT_EQ(out["operation"], "convolution");
  EXPECT_EQ(out["output_size"], json::parse("[3, 3]"));
  EXPECT_EQ(out["output"], json::parse("[[[12, 12, 17], [10, 17, 19], [9, 6, 14]]]"));
  EXPECT_EQ(out["kernel"], json::parse("[[[[0, 1, 2], [2, 2, 0], [0, 1, 2]]]]"));
  EXPECT_EQ(out["input"][0][0], json::parse("[3, 3, 2, 1, 0]"));
  ASSERT_EQ(out["steps"].size(), 9u);
  // Step 4 is the centre output: its window starts at (1, 1) and its products sum to 17.
  const json& step = out["steps"][4];
  EXPECT_EQ(step["output_index"], json::parse("[0, 1, 1]"));
  EXPECT_EQ(step["window"]["origin"], json::parse("[1, 1]"));
  ASSERT_EQ(step["taps"].size(), 9u);
  double sum = 0;
  for (const json& tap : step["taps"]) sum += tap["product"].get<double>();
  EXPECT_EQ(sum, 17.0);
  EXPECT_EQ(step["output"], 17);
}

TEST(CliTest, EvalPaddedStridedAndPoolingScenes) {
  RunResult run = RunConvanim({"eval", "--no-steps", GuideScene("numerical_padding_strides")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  json out = json::parse(run.out);
  EXPECT_EQ(out["output"], json::parse("[[[6, 17, 3], [8, 17, 13], [6, 4, 4]]]"));
  EXPECT_FALSE(out.contains("steps"));
  EXPECT_EQ(out["arithmetic"]["height"]["relationship"], 6);

  run = RunConvanim({"eval", "--no-steps", GuideScene("numerical_max_pooling")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  out = json::parse(run.out);
  EXPECT_EQ(out["output"], json::parse("[[[3, 3, 3], [3, 3, 3], [3, 2, 3]]]"));
  EXPECT_FALSE(out.contains("kernel"));

  run = RunConvanim({"eval", "--no-steps", GuideScene("numerical_average_pooling")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  out = json::parse(run.out);
  EXPECT_NEAR(out["output"][0][1][2].get<double>(), 16.0 / 9.0, 1e-12);
  EXPECT_NEAR(out["output"][0][2][1].get<double>(), 7.0 / 9.0, 1e-12);
}

TEST(CliTest, EvalTransposedReportsEquivalentConvolution) {
  RunResult run = RunConvanim({"eval", "--no-steps", GuideScene("padding_strides_odd_transposed")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  json out = json::parse(run.out);
  EXPECT_EQ(out["output_size"], json::parse("[6, 6]"));
  const json& eq = out["arithmetic"]["width"]["equivalent_convolution"];
  EXPECT_EQ(eq["stretched_input"], 5);
  EXPECT_EQ(eq["pad_begin"], 1);
  EXPECT_EQ(eq["pad_end"], 2);
  EXPECT_EQ(out["arithmetic"]["width"]["relationship"], 14);
  EXPECT_EQ(out["canvas_size"], json::parse("[8, 8]"));
}

TEST(CliTest, CheckAcceptsEveryShippedScene) {
  RunResult run = RunConvanim({"check", SourcePath("scenes")});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("numerical_max_pooling.yaml: ok"), std::string::npos);
  EXPECT_NE(run.out.find("of"), std::string::npos);
}

TEST(CliTest, CheckRefusesTypoWithLocationAndSuggestion) {
  const std::string dir = MakeTempDir();
  const std::string scene = dir + "/typo.yaml";
  WriteFile(scene, "operation: convolution\ninput: {size: 5}\nkernel: {size: 3}\nstrides: 2\n");
  RunResult run = RunConvanim({"check", scene});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find(scene + ":4:1:"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("did you mean 'stride'"), std::string::npos) << run.err;
}

TEST(CliTest, CheckAndGuideRefuseAFigureThatCannotBeLaidOut) {
  const std::string dir = MakeTempDir();
  std::filesystem::create_directories(dir + "/guide/figures");
  std::filesystem::copy_file(GuideScene("padding_strides"), dir + "/guide/padding_strides.yaml");
  // The scene has 9 steps (0..8): step 12 is past its end, a fault of the figure file.
  WriteFile(dir + "/guide/figures/figure-9.9.yaml",
            "figure: \"9.9\"\nlayout: steps\nscene: ../padding_strides.yaml\nsteps: [0, 12]\n");
  RunResult run = RunConvanim({"check", dir + "/guide"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("figure-9.9.yaml:4:"), std::string::npos) << run.err;
  EXPECT_NE(run.out.find("padding_strides.yaml: ok"), std::string::npos) << run.out;

  run = RunConvanim({"guide", "--scenes", dir + "/guide", "-o", dir + "/out"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("figure-9.9.yaml:4:"), std::string::npos) << run.err;
  EXPECT_FALSE(FileExists(dir + "/out"));  // refused before anything was written
}

TEST(CliTest, CheckMissingFileIsAnIoFailure) {
  RunResult run = RunConvanim({"check", "/nonexistent/scene.yaml"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("/nonexistent/scene.yaml"), std::string::npos);
}

TEST(CliTest, ExplainConvolutionAndTransposed) {
  RunResult run = RunConvanim({"explain", "-i", "6", "-k", "3", "-s", "2", "-p", "1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("output size: 3"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("Relationship 6"), std::string::npos);
  EXPECT_NE(run.out.find("o = floor((6 + 2*1 - 3) / 2) + 1 = 3"), std::string::npos);

  run = RunConvanim(
      {"explain", "-i", "3", "-k", "3", "-s", "2", "-p", "1", "--transposed", "-a", "1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("output size: 6"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("Relationship 14"), std::string::npos);
  EXPECT_NE(run.out.find("i' = 3, i~' = 5, k' = 3, s' = 1, p' = 1 (end 2), a = 1"),
            std::string::npos)
      << run.out;

  run = RunConvanim({"explain", "-i", "5", "-k", "3", "-p", "half"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("Relationship 3"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("output size: 5"), std::string::npos);

  run = RunConvanim({"explain", "-i", "7", "-k", "3", "-d", "2"});
  EXPECT_NE(run.out.find("Relationship 15"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("k_eff = 5"), std::string::npos);
}

TEST(CliTest, ExplainRefusesBadValues) {
  RunResult run = RunConvanim({"explain", "-i", "3", "-k", "5"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("does not fit"), std::string::npos) << run.err;
  run = RunConvanim({"explain", "-i", "5", "-k", "3", "-p", "hlf"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("did you mean 'half'"), std::string::npos) << run.err;
  run = RunConvanim({"explain", "-i", "3", "-k", "3", "-s", "2", "--transposed", "-a", "2"});
  EXPECT_EQ(run.exit_code, 2);
  run = RunConvanim({"explain", "-k", "3"});
  EXPECT_EQ(run.exit_code, 2);
}

TEST(CliTest, ExplainTakesItsLargestNumbersWithoutOverflow) {
  // s(i'-1) = 2^20 (2^20 - 1) overflows 32 bits.
  RunResult run = RunConvanim({"explain", "-i", "1048576", "-k", "3", "-s", "1048576", "-t"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("output size: 1099510579203\n"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("o' = 1048576*(1048576 - 1) + 3 = 1099510579203"), std::string::npos);

  // Every flag at the top of its range at once.
  run = RunConvanim({"explain", "-i", "1048576", "-k", "1048576", "-s", "1048576", "-d", "1048576",
                     "-t", "-a", "1048575", "-p", "1048576", "--pad-end", "1048576"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  // 2^20 (2^20 - 1) + (2^20 - 1) + 2^20 (2^20 - 1) + 1 - 2^21.
  EXPECT_NE(run.out.find("output size: 2199020109824 (the dilated kernel spans k_eff = "
                         "1099510579201 cells)"),
            std::string::npos)
      << run.out;
  // A padding word resolved from the largest dilated kernel: full = k_eff - 1 = 2^40 - 2^20,
  // o = i + k_eff - 1 = 2^40.
  run = RunConvanim({"explain", "-i", "1048576", "-k", "1048576", "-d", "1048576", "-p", "full"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("output size: 1099511627776 ("), std::string::npos) << run.out;
  run = RunConvanim({"explain", "-i", "1048576", "-k", "1048576", "-d", "1048576", "-s", "1048576",
                     "--pooling", "max", "--ceil-mode", "-p", "half"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("output size: 2 ("), std::string::npos) << run.out;

  // The bottoms of the ranges.
  run = RunConvanim(
      {"explain", "-i", "1", "-k", "1", "-s", "1", "-d", "1", "-p", "0", "--pad-end", "0"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("output size: 1\n"), std::string::npos) << run.out;

  // One past each end is a usage error, not a wrapped number.
  for (const std::vector<std::string>& args : {std::vector<std::string>{"-i", "1048577", "-k", "1"},
                                               {"-i", "0", "-k", "1"},
                                               {"-i", "1", "-k", "1048577"},
                                               {"-i", "1", "-k", "0"},
                                               {"-i", "1", "-k", "1", "-s", "0"},
                                               {"-i", "1", "-k", "1", "-s", "1048577"},
                                               {"-i", "1", "-k", "1", "-d", "1048577"},
                                               {"-i", "1", "-k", "1", "-p", "1048577"},
                                               {"-i", "1", "-k", "1", "-p", "-1"},
                                               {"-i", "1", "-k", "1", "--pad-end", "1048577"},
                                               {"-i", "1", "-k", "1", "-t", "-a", "1048577"},
                                               {"-i", "1", "-k", "1", "-p", "99999999999999999999"},
                                               {"-i", "4294967297", "-k", "1"}}) {
    std::vector<std::string> command = {"explain"};
    command.insert(command.end(), args.begin(), args.end());
    run = RunConvanim(command);
    EXPECT_EQ(run.exit_code, 2) << args[0] << " " << args[1] << " ... " << run.out;
  }
}

TEST(CliTest, CheckRefusesTextThatCannotBeDrawn) {
  const std::string dir = MakeTempDir();
  const std::string bad_utf8 = dir + "/title.yaml";
  WriteFile(bad_utf8,
            "operation: convolution\ninput: {size: 3}\nkernel: {size: 2}\n"
            "style: {title: \"caf\xe9\"}\n");
  RunResult run = RunConvanim({"check", bad_utf8});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find(bad_utf8 + ":4:20: error: the file is not valid UTF-8"), std::string::npos)
      << run.err;
  const std::string long_title = dir + "/long.yaml";
  WriteFile(long_title,
            "operation: convolution\ninput: {size: 3}\nkernel: {size: 2}\n"
            "style: {title: " +
                std::string(200000, 'T') + "}\n");
  run = RunConvanim({"check", long_title});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find(long_title + ":4:16: error: style.title is 200000 characters long"),
            std::string::npos)
      << run.err.substr(0, 300);
}

TEST(CliTest, UnknownCommandSuggestsTheClosest) {
  RunResult run = RunConvanim({"rendr"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("did you mean 'render'"), std::string::npos) << run.err;
  run = RunConvanim({});
  EXPECT_EQ(run.exit_code, 2);
}

TEST(CliTest, HelpAndVersion) {
  RunResult run = RunConvanim({"--version"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out.rfind("convanim ", 0), 0u);
  run = RunConvanim({"--help"});
  EXPECT_EQ(run.exit_code, 0);
  for (const char* command : {"render", "guide", "eval", "check", "explain"}) {
    EXPECT_NE(run.out.find(command), std::string::npos);
    RunResult help = RunConvanim({command, "--help"});
    EXPECT_EQ(help.exit_code, 0) << command;
    EXPECT_NE(help.out.find("Usage"), std::string::npos) << command << help.out;
  }
}

TEST(CliTest, RenderWritesEveryFormat) {
  const std::string dir = MakeTempDir();
  struct Case {
    std::string file;
    std::string magic;
  };
  for (const Case& c : {Case{"a.png", "\x89PNG"}, Case{"a.pdf", "%PDF"}, Case{"a.svg", "<?xml"}}) {
    RunResult run = RunConvanim(
        {"render", GuideScene("padding_strides"), "-o", dir + "/" + c.file, "--frame", "2"});
    ASSERT_EQ(run.exit_code, 0) << c.file << run.err;
    EXPECT_EQ(ReadFile(dir + "/" + c.file).rfind(c.magic, 0), 0u) << c.file;
  }
  // Formats that write every step refuse --frame rather than ignore it.
  RunResult refused =
      RunConvanim({"render", GuideScene("padding_strides"), "-o", dir + "/b.gif", "--frame", "2"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("--frame"), std::string::npos) << refused.err;
  EXPECT_FALSE(FileExists(dir + "/b.gif"));
  for (const Case& c : {Case{"a.gif", "GIF89a"}, Case{"anim.svg", "<?xml"},
                        Case{"a.json", "{\"format\":\"convanim-animation\""}}) {
    RunResult run =
        RunConvanim({"render", GuideScene("padding_strides"), "-o", dir + "/" + c.file});
    ASSERT_EQ(run.exit_code, 0) << c.file << run.err;
    EXPECT_EQ(ReadFile(dir + "/" + c.file).rfind(c.magic, 0), 0u) << c.file;
  }
  RunResult run = RunConvanim({"render", GuideScene("no_padding_strides"), "-o", dir + "/a.mp4"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(ReadFile(dir + "/a.mp4").substr(4, 4), "ftyp");

  run = RunConvanim({"render", GuideScene("no_padding_strides"), "-o", dir + "/f_%02d.png", "-q"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(run.err.empty());
  for (const char* name : {"f_00.png", "f_01.png", "f_02.png", "f_03.png"}) {
    EXPECT_TRUE(FileExists(dir + "/" + name)) << name;
  }
  EXPECT_FALSE(FileExists(dir + "/f_04.png"));
}

TEST(CliTest, RenderHtmlPageAndFragment) {
  const std::string dir = MakeTempDir();
  RunResult run =
      RunConvanim({"render", GuideScene("numerical_padding_strides"), "-o", dir + "/page.html"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string page = ReadFile(dir + "/page.html");
  EXPECT_EQ(page.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0), 0u);
  EXPECT_NE(page.find("data-step=\"0\""), std::string::npos);
  EXPECT_NE(page.find(" data-standalone>"), std::string::npos);
  EXPECT_NE(page.find("data-link=\"8\""), std::string::npos);  // the last output cell
  EXPECT_NE(page.find("Step 9 of 9: "), std::string::npos);    // every step's description
  EXPECT_EQ(page.find("http://", page.find("</svg>")), std::string::npos) << "no network";
  EXPECT_EQ(page.find("https://"), std::string::npos);

  run = RunConvanim({"render", GuideScene("numerical_padding_strides"), "-o",
                     dir + "/fragment.html", "--html-fragment", "--frame", "3"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string fragment = ReadFile(dir + "/fragment.html");
  EXPECT_EQ(fragment.find("<html"), std::string::npos);
  EXPECT_EQ(fragment.find(" data-standalone>"), std::string::npos);
  EXPECT_NE(fragment.find("<div class=\"convanim-player"), std::string::npos);
  EXPECT_NE(fragment.find("data-step=\"3\""), std::string::npos);
  EXPECT_NE(fragment.find("\"start\":3"), std::string::npos);

  run = RunConvanim(
      {"render", GuideScene("padding_strides"), "-o", dir + "/x.svg", "--html-fragment"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--html-fragment"), std::string::npos) << run.err;
  EXPECT_FALSE(FileExists(dir + "/x.svg"));
}

TEST(CliTest, RenderCreatesMissingFolders) {
  const std::string dir = MakeTempDir();
  RunResult run = RunConvanim(
      {"render", GuideScene("padding_strides"), "-o", dir + "/a/b/frames/step_%03d.png", "-q"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  for (const char* name : {"step_000.png", "step_004.png", "step_008.png"}) {
    EXPECT_TRUE(FileExists(dir + "/a/b/frames/" + name)) << name;
  }
  EXPECT_FALSE(FileExists(dir + "/a/b/frames/step_009.png"));
  for (const char* path : {"/c/d/x.svg", "/e/f/g/x.html", "/h/x.gif"}) {
    run = RunConvanim({"render", GuideScene("padding_strides"), "-o", dir + path, "-q"});
    ASSERT_EQ(run.exit_code, 0) << path << run.err;
    EXPECT_TRUE(FileExists(dir + path)) << path;
  }
}

TEST(CliTest, RenderBadInputLeavesNothingAndKeepsExistingFiles) {
  const std::string dir = MakeTempDir();
  const std::string bad = dir + "/bad.yaml";
  WriteFile(bad, "operation: convolution\ninput: {size: 5}\nkernel: {size: 9}\n");
  const std::string existing = dir + "/keep.gif";
  WriteFile(existing, "precious bytes");
  RunResult run = RunConvanim({"render", bad, "-o", existing});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("bad.yaml"), std::string::npos) << run.err;
  EXPECT_EQ(ReadFile(existing), "precious bytes");

  run = RunConvanim({"render", bad, "-o", dir + "/new.mp4"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_FALSE(FileExists(dir + "/new.mp4"));

  run =
      RunConvanim({"render", GuideScene("padding_strides"), "-o", dir + "/x.png", "--frame", "9"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("9 steps"), std::string::npos) << run.err;
  EXPECT_FALSE(FileExists(dir + "/x.png"));

  run = RunConvanim({"render", GuideScene("padding_strides"), "-o", dir + "/x.bmp"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_FALSE(FileExists(dir + "/x.bmp"));

  // Only the final file and nothing temporary is left behind.
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++entries;
  EXPECT_EQ(entries, 2u);  // bad.yaml and keep.gif
}

TEST(CliTest, GuideWritesEveryAnimationTheSameBytesEveryRun) {
  const std::string first = MakeTempDir(), second = MakeTempDir();
  const std::string gallery = first + "/gallery.md";
  RunResult run = RunConvanim(
      {"guide", "-o", first + "/out", "--figure-formats", "none", "--gallery", gallery});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(run.err.empty()) << "no progress display when not on a terminal: " << run.err;
  run = RunConvanim({"guide", "-o", second + "/out", "--figure-formats", "none"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(first + "/out")) {
    const std::string name = entry.path().filename().string();
    ++files;
    EXPECT_EQ(ReadFile(entry.path().string()), ReadFile(second + "/out/" + name)) << name;
  }
  EXPECT_EQ(files, 38);  // 19 animations, GIF and MP4 each
  for (const char* name :
       {"padding_strides_odd_transposed.gif", "dilation.mp4", "numerical_max_pooling.gif"}) {
    EXPECT_TRUE(FileExists(first + "/out/" + name)) << name;
  }
  const std::string markdown = ReadFile(gallery);
  std::size_t entries = 0;
  for (std::size_t at = markdown.find("; steps: "); at != std::string::npos;
       at = markdown.find("; steps: ", at + 1)) {
    ++entries;
  }
  EXPECT_EQ(entries, 19u);
  EXPECT_NE(markdown.find("o' = 2*(3 - 1) + 1 + 3 - 2*1 = 6"), std::string::npos);
  EXPECT_NE(markdown.find("alt=\"Animation of a transposed convolution"), std::string::npos);
}

}  // namespace
}  // namespace convanim::testing

namespace convanim {
namespace {

using nlohmann::json;

// eval --matrix: output = matrix . input, rows and columns flattened channel by channel,
// row by row; max pooling is refused with the reason.
TEST(CliTest, EvalMatrixTimesTheInputIsTheOutput) {
  for (const char* scene :
       {"scenes/examples/matrix_guide_4_1.yaml", "scenes/examples/transposed_numerical.yaml",
        "scenes/examples/grouped_convolution.yaml",
        "scenes/examples/average_pooling_ceil_mode.yaml",
        "scenes/examples/asymmetric_padding_strides.yaml"}) {
    testing::RunResult run =
        testing::RunConvanim({"eval", testing::SourcePath(scene), "--matrix", "--no-steps"});
    ASSERT_EQ(run.exit_code, 0) << scene << run.err;
    const json result = json::parse(run.out);
    std::vector<double> input, output;
    for (const auto& channel : result["input"]) {
      for (const auto& row : channel) {
        for (double v : row) input.push_back(v);
      }
    }
    for (const auto& channel : result["output"]) {
      for (const auto& row : channel) {
        for (double v : row) output.push_back(v);
      }
    }
    const json& matrix = result["matrix"];
    ASSERT_EQ(matrix.size(), output.size()) << scene;
    for (std::size_t r = 0; r < output.size(); ++r) {
      ASSERT_EQ(matrix[r].size(), input.size()) << scene;
      double sum = 0.0;
      for (std::size_t c = 0; c < input.size(); ++c) sum += matrix[r][c].get<double>() * input[c];
      EXPECT_NEAR(sum, output[r], 1e-9) << scene << " row " << r;
    }
  }
  testing::RunResult max = testing::RunConvanim(
      {"eval", testing::SourcePath("scenes/guide/numerical_max_pooling.yaml"), "--matrix"});
  EXPECT_EQ(max.exit_code, 2);
  EXPECT_NE(max.err.find("max pooling has no matrix"), std::string::npos) << max.err;
  EXPECT_TRUE(max.out.empty());
}

}  // namespace
}  // namespace convanim

namespace convanim {
namespace {

// The matrix and scatter views write every format; the scatter of a 3x3 input has 9 steps.
TEST(CliTest, MatrixAndScatterViewsRenderToEveryFormat) {
  const std::string dir = testing::MakeTempDir();
  struct Case {
    std::string file;
    std::vector<std::string> extra;
    std::string magic;
  };
  const std::vector<Case> cases = {{"a.gif", {}, "GIF89a"},
                                   {"a.mp4", {}, ""},
                                   {"a.svg", {}, "<?xml"},
                                   {"a.html", {}, "<!DOCTYPE html>"},
                                   {"a.json", {}, "{\"format\""},
                                   {"a.png", {"--frame", "1"}, "\x89PNG"},
                                   {"a.pdf", {"--frame", "1"}, "%PDF"},
                                   {"f_%d.png", {}, ""}};
  for (const char* scene : {"matrix_guide_4_1", "scatter_uneven"}) {
    for (const Case& c : cases) {
      const std::string out = dir + "/" + scene + "_" + c.file;
      std::vector<std::string> args = {
          "render", testing::SourcePath(std::string("scenes/examples/") + scene + ".yaml"), "-o",
          out};
      args.insert(args.end(), c.extra.begin(), c.extra.end());
      testing::RunResult run = testing::RunConvanim(args);
      ASSERT_EQ(run.exit_code, 0) << scene << " " << c.file << ": " << run.err;
      if (c.file == "f_%d.png") {
        const int steps = std::string(scene) == "scatter_uneven" ? 9 : 4;
        for (int n = 0; n < steps; ++n) {
          EXPECT_TRUE(testing::FileExists(dir + "/" + scene + "_f_" + std::to_string(n) + ".png"));
        }
        EXPECT_FALSE(
            testing::FileExists(dir + "/" + scene + "_f_" + std::to_string(steps) + ".png"));
        continue;
      }
      const std::string bytes = testing::ReadFile(out);
      if (c.magic.empty()) {
        EXPECT_EQ(bytes.substr(4, 4), "ftyp") << out;
      } else {
        EXPECT_EQ(bytes.rfind(c.magic, 0), 0u) << out << ": " << bytes.substr(0, 40);
      }
    }
  }
  const json model = json::parse(testing::ReadFile(dir + "/scatter_uneven_a.json"));
  EXPECT_EQ(model["step_count"], 9);
  EXPECT_EQ(model["steps"].size(), 9u);
}

}  // namespace
}  // namespace convanim

namespace convanim {
namespace {

// A character no embedded font has is refused at its line, naming it; a font file given
// with --font (or style.font) draws it, in PNG and as <text> with the font in SVG.
TEST(CliTest, CharactersOfOtherScriptsNeedAFontAndAreNeverDropped) {
  const std::string font = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";
  const std::string dir = testing::MakeTempDir();
  const std::string scene = dir + "/cjk.yaml";
  testing::WriteFile(
      scene,
      "operation: convolution\nview: numerical\ninput: {size: 4, seed: 1}\n"
      "kernel: {size: 3, seed: 2}\n"
      "style: {title: \"\xE5\x8D\xB7\xE7\xA7\xAF (convolution): \xCE\xB1 \xE2\x89\xA4 "
      "\xCE\xB2 \xE2\x8A\x9B w\xE2\x82\x80\"}\n");
  testing::RunResult check = testing::RunConvanim({"check", scene});
  EXPECT_EQ(check.exit_code, 2);
  EXPECT_NE(
      check.err.find(scene + ":5:16: error: style.title has the character '\xE5\x8D\xB7' (U+5377)"),
      std::string::npos)
      << check.err;
  testing::RunResult refused = testing::RunConvanim({"render", scene, "-o", dir + "/a.png"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_FALSE(testing::FileExists(dir + "/a.png"));
  if (!testing::FileExists(font)) {
    if (std::getenv("CI") != nullptr) FAIL() << font << " is missing (fonts-wqy-microhei)";
    GTEST_SKIP() << font << " is not installed (fonts-wqy-microhei)";
  }
  testing::RunResult png =
      testing::RunConvanim({"render", scene, "-o", dir + "/a.png", "--font", font});
  EXPECT_EQ(png.exit_code, 0) << png.err;
  testing::RunResult svg =
      testing::RunConvanim({"render", scene, "-o", dir + "/a.svg", "--frame", "1", "--font", font});
  ASSERT_EQ(svg.exit_code, 0) << svg.err;
  const std::string text = testing::ReadFile(dir + "/a.svg");
  EXPECT_NE(text.find(">\xE5\x8D\xB7\xE7\xA7\xAF (convolution): \xCE\xB1 \xE2\x89\xA4 \xCE\xB2 "
                      "\xE2\x8A\x9B w\xE2\x82\x80</text>"),
            std::string::npos);
  // Three fonts drawn from: Latin Modern, the CJK font, DejaVu for the symbols.
  std::size_t faces = 0;
  for (std::size_t at = text.find("@font-face"); at != std::string::npos;
       at = text.find("@font-face", at + 1)) {
    ++faces;
  }
  EXPECT_GE(faces, 3u);
}

}  // namespace
}  // namespace convanim
