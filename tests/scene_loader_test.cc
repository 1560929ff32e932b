// The scene loader: every class of bad input is refused with its place in the file,
// and good scenes resolve to the numbers PyTorch/ONNX would use.
//
// tests/data/bad/*.yaml each start with "# expect: LINE:COL: fragment | fragment ...":
// the file must be refused as an invalid scene at exactly that line and column (0:0
// for faults without a place), with every fragment in the message.
#include "core/scene_loader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "core/limits.h"
#include "core/scene.h"
#include "core/status.h"
#include "core/yaml_words.h"
#include "tests/support/paths.h"
#include "tests/support/run.h"

namespace convanim {
namespace {

namespace fs = std::filesystem;

Status Parse(const std::string& text, Scene* scene) {
  return ParseScene(text, "scene.yaml", scene);
}

Scene MustParse(const std::string& text) {
  Scene scene;
  Status status = Parse(text, &scene);
  EXPECT_TRUE(status.ok()) << status.ToString() << "\n" << text;
  return scene;
}

// The refusal of `text`, checked to be an invalid scene.
Status Refusal(const std::string& text) {
  Scene scene;
  Status status = Parse(text, &scene);
  EXPECT_EQ(status.code(), Status::Code::kInvalidScene) << status.ToString() << "\n" << text;
  EXPECT_EQ(ExitCodeFor(status), kExitInvalid);
  return status;
}

std::vector<double> Values(std::initializer_list<double> v) { return std::vector<double>(v); }

std::vector<double> Head(const Tensor& t, std::size_t n) {
  return std::vector<double>(t.data().begin(),
                             t.data().begin() + static_cast<std::ptrdiff_t>(std::min(n, t.size())));
}

using testing::ReadFile;

// ----- The bad-input table --------------------------------------------------------------

struct Expectation {
  int line = -1, column = -1;
  std::vector<std::string> fragments;
};

Expectation ParseExpectation(const std::string& text) {
  Expectation e;
  const std::string prefix = "# expect: ";
  if (text.compare(0, prefix.size(), prefix) != 0) return e;
  std::string rest = text.substr(prefix.size(), text.find('\n') - prefix.size());
  std::sscanf(rest.c_str(), "%d:%d:", &e.line, &e.column);
  rest = rest.substr(rest.find(':', rest.find(':') + 1) + 1);
  std::size_t start = 0;
  while (start <= rest.size()) {
    std::size_t end = rest.find(" | ", start);
    if (end == std::string::npos) end = rest.size();
    std::string fragment = rest.substr(start, end - start);
    fragment.erase(0, fragment.find_first_not_of(' '));
    if (!fragment.empty()) e.fragments.push_back(fragment);
    start = end + 3;
  }
  return e;
}

TEST(SceneLoaderBadFiles, EachIsRefusedAtItsPlaceWithItsMessage) {
  const fs::path dir = testing::SourcePath("tests/data/bad");
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 70u);
  for (const fs::path& path : files) {
    SCOPED_TRACE(path.filename().string());
    const Expectation expect = ParseExpectation(ReadFile(path.string()));
    ASSERT_GE(expect.line, 0) << "no '# expect: LINE:COL: ...' header";
    ASSERT_FALSE(expect.fragments.empty());
    Scene scene;
    const Status status = LoadSceneFile(path.string(), &scene);
    EXPECT_EQ(status.code(), Status::Code::kInvalidScene) << status.ToString();
    EXPECT_EQ(ExitCodeFor(status), kExitInvalid);
    EXPECT_EQ(status.where().file, path.string());
    EXPECT_EQ(status.where().line, expect.line) << status.ToString();
    EXPECT_EQ(status.where().column, expect.column) << status.ToString();
    for (const std::string& fragment : expect.fragments) {
      EXPECT_NE(status.message().find(fragment), std::string::npos)
          << "missing '" << fragment << "' in: " << status.ToString();
    }
    // The printed form leads with the place, as compilers do.
    const std::string place = expect.line > 0 ? path.string() + ":" + std::to_string(expect.line) +
                                                    ":" + std::to_string(expect.column) + ": "
                                              : path.string() + ": ";
    EXPECT_EQ(status.ToString().rfind(place + "error: ", 0), 0u) << status.ToString();
  }
}

TEST(SceneLoaderBadFiles, MessageFormIsCompilerLike) {
  Scene scene;
  const Status status =
      Parse("operation: convolution\ninput: {size: 5}\nkernel:\n  size: 3\n  seeed: 2\n", &scene);
  EXPECT_EQ(status.ToString(),
            "scene.yaml:5:3: error: unknown key 'seeed' in 'kernel', did you mean 'seed'?");
}

// ----- Bad input that is generated rather than committed ---------------------------------

TEST(SceneLoaderBadInput, EmptyTextHasNoPlace) {
  const Status status = Refusal("");
  EXPECT_EQ(status.where().line, 0);
  EXPECT_EQ(status.ToString(),
            "scene.yaml: error: the scene file is empty; a scene is a mapping "
            "with at least 'operation', 'input' and 'kernel'");
}

TEST(SceneLoaderBadInput, NullDocumentIsNotAMapping) {
  const Status status = Refusal("---\n~\n");
  EXPECT_EQ(status.where().line, 2);
  EXPECT_NE(status.message().find("must be a YAML mapping"), std::string::npos);
}

TEST(SceneLoaderBadInput, DeeplyNestedListsAreRefusedWithoutCrashing) {
  const std::string deep = std::string(100000, '[') + "1" + std::string(100000, ']');
  const Status status = Refusal(deep);
  EXPECT_EQ(status.where().line, 1);
  // The first list deeper than the limit starts at this column.
  EXPECT_EQ(status.where().column, limits::kMaxYamlDepth + 1);
  EXPECT_NE(status.message().find("nested more than 64 deep"), std::string::npos);
  // Exactly at the limit is fine for the YAML reader (the scene reader then refuses it
  // for not being a mapping).
  const std::string at_limit = std::string(64, '[') + "1" + std::string(64, ']');
  EXPECT_NE(Refusal(at_limit).message().find("must be a YAML mapping"), std::string::npos);
}

TEST(SceneLoaderBadInput, UnclosedBracketsAreRefusedWithoutCrashing) {
  const Status status = Refusal(std::string(100000, '['));
  EXPECT_EQ(status.where().line, 1);
  // yaml-cpp opens a list and a possible one-pair mapping for each unclosed '[', so the
  // depth limit is reached at the 33rd bracket.
  EXPECT_EQ(status.where().column, 33);
  EXPECT_NE(status.message().find("nested more than 64 deep"), std::string::npos);
}

TEST(SceneLoaderBadInput, DeeplyNestedMappingsAreRefused) {
  std::string text;
  for (int i = 0; i < 100000; ++i) text += "{a:\n";
  text += "1" + std::string(100000, '}');
  const Status status = Refusal(text);
  EXPECT_EQ(status.where().line, limits::kMaxYamlDepth + 1);
  EXPECT_EQ(status.where().column, 1);
  EXPECT_NE(status.message().find("nested more than"), std::string::npos);
}

TEST(SceneLoaderBadInput, DeeplyNestedBlockListsAreRefused) {
  std::string text = "operation: convolution\ninput:\n  values:\n    ";
  for (int i = 0; i < 100000; ++i) text += "- ";
  text += "1\n";
  const Status status = Refusal(text);
  EXPECT_EQ(status.where().line, 4);
  EXPECT_NE(status.message().find("nested"), std::string::npos) << status.ToString();
}

TEST(SceneLoaderBadInput, FileLargerThanTheLimitIsRefusedUnread) {
  const std::string dir = testing::MakeTempDir();
  const std::string path = dir + "/huge.yaml";
  {
    std::ofstream out(path, std::ios::binary);
    const std::string line = "# " + std::string(1000, 'x') + "\n";
    for (int64_t written = 0; written <= limits::kMaxSceneFileBytes;
         written += static_cast<int64_t>(line.size())) {
      out << line;
    }
  }
  Scene scene;
  const Status status = LoadSceneFile(path, &scene);
  EXPECT_EQ(status.code(), Status::Code::kInvalidScene);
  EXPECT_EQ(status.where().file, path);
  EXPECT_EQ(status.where().line, 0);
  EXPECT_NE(status.message().find("larger than the limit of 16777216 bytes"), std::string::npos);
  // ParseScene applies the same limit to text it is handed.
  const Status text_status = Refusal(std::string(limits::kMaxSceneFileBytes + 1, ' '));
  EXPECT_NE(text_status.message().find("more than the limit of 16777216"), std::string::npos);
}

TEST(SceneLoaderBadInput, OverlongLineIsRefusedAtIt) {
  std::string text = "operation: convolution\ncaption: \"";
  text += std::string(limits::kMaxSceneLineBytes, 'x');
  text += "\"\n";
  const Status status = Refusal(text);
  EXPECT_EQ(status.where().line, 2);
  EXPECT_EQ(status.where().column, limits::kMaxSceneLineBytes + 1);
  EXPECT_NE(status.message().find("break long lists over several lines"), std::string::npos);
}

TEST(SceneLoaderBadInput, WideAliasFanOutIsRefused) {
  // One anchor referenced a million times from one list: cheap to parse, huge to walk.
  std::string text = "operation: convolution\nx: &a [1, 2, 3, 4, 5, 6, 7, 8]\ny: [";
  for (int i = 0; i < 600000; ++i) text += i % 16 == 15 ? "*a,\n" : "*a, ";
  text += "*a]\n";
  const Status status = Refusal(text);
  // Refused at the alias whose copy would pass the node limit: about 2^21 / 9 aliases in,
  // 16 a line.
  EXPECT_EQ(status.where().line, 3 + (limits::kMaxYamlNodes / 9) / 16);
  EXPECT_NE(status.message().find("alias bomb"), std::string::npos);
}

TEST(SceneLoaderBadInput, MissingFileIsAnIoError) {
  Scene scene;
  const Status status = LoadSceneFile(testing::SourcePath("tests/data/no_such_scene.yaml"), &scene);
  EXPECT_EQ(status.code(), Status::Code::kIoError);
  EXPECT_EQ(ExitCodeFor(status), kExitFailure);
  EXPECT_NE(status.message().find("No such file"), std::string::npos);
}

TEST(SceneLoaderBadInput, DirectoryIsAnIoError) {
  Scene scene;
  const Status status = LoadSceneFile(testing::SourcePath("tests/data"), &scene);
  EXPECT_EQ(status.code(), Status::Code::kIoError) << status.ToString();
}

// ----- Good scenes ---------------------------------------------------------------------------

TEST(SceneLoaderGood, TheGuidesNumericalSceneKeepsItsNumbers) {
  const Scene scene =
      MustParse(ReadFile(testing::SourcePath("scenes/guide/numerical_no_padding_no_strides.yaml")));
  EXPECT_EQ(scene.operation, Operation::kConvolution);
  EXPECT_EQ(scene.view, View::kNumerical);
  EXPECT_EQ(scene.caption, "Computing the output values of a discrete convolution.");
  EXPECT_EQ(scene.input.shape(), (std::vector<int>{1, 5, 5}));
  EXPECT_EQ(scene.input.data(),
            Values({3, 3, 2, 1, 0, 0, 0, 1, 3, 1, 3, 1, 2, 2, 3, 2, 0, 0, 2, 2, 2, 0, 0, 0, 1}));
  EXPECT_EQ(scene.kernel.shape(), (std::vector<int>{1, 1, 3, 3}));
  EXPECT_EQ(scene.kernel.data(), Values({0, 1, 2, 2, 2, 0, 0, 1, 2}));
  EXPECT_EQ(scene.padding_mode, PaddingMode::kExplicit);
  EXPECT_EQ(scene.padding, (Padding{0, 0, 0, 0}));
}

TEST(SceneLoaderGood, DefaultsAreThoseDocumented) {
  const Scene scene = MustParse("operation: convolution\ninput: {size: 4}\nkernel: {size: 3}\n");
  EXPECT_EQ(scene.view, View::kArithmetic);
  EXPECT_EQ(scene.in_channels, 1);
  EXPECT_EQ(scene.out_channels, 1);
  EXPECT_EQ(scene.input_size, (Pair{4, 4}));
  EXPECT_EQ(scene.kernel_size, (Pair{3, 3}));
  EXPECT_EQ(scene.stride, (Pair{1, 1}));
  EXPECT_EQ(scene.dilation, (Pair{1, 1}));
  EXPECT_EQ(scene.output_padding, (Pair{0, 0}));
  EXPECT_EQ(scene.padding, (Padding{0, 0, 0, 0}));
  EXPECT_EQ(scene.groups, 1);
  EXPECT_FALSE(scene.ceil_mode);
  EXPECT_FALSE(scene.count_include_pad);
  EXPECT_EQ(scene.caption, "");
  EXPECT_EQ(scene.style.decimals, kAutoDecimals);
  EXPECT_EQ(scene.style.frame_duration, 1.0);
  EXPECT_EQ(scene.style.theme, "light");
  EXPECT_EQ(scene.source, "scene.yaml");
}

TEST(SceneLoaderGood, EveryKeySpelledOut) {
  Scene scene;
  const std::string path = testing::SourcePath("tests/data/good/everything.yaml");
  ASSERT_TRUE(LoadSceneFile(path, &scene).ok());
  EXPECT_EQ(scene.source, path);
  EXPECT_EQ(scene.caption, "A grouped, strided convolution with asymmetric padding.");
  EXPECT_EQ(scene.input_size, (Pair{4, 5}));
  EXPECT_EQ(scene.in_channels, 2);
  EXPECT_EQ(scene.out_channels, 4);
  EXPECT_EQ(scene.kernel_size, (Pair{3, 2}));
  EXPECT_EQ(scene.stride, (Pair{2, 1}));
  EXPECT_EQ(scene.padding, (Padding{1, 0, 0, 1}));  // top, left, bottom, right
  EXPECT_EQ(scene.dilation, (Pair{1, 2}));
  EXPECT_EQ(scene.groups, 2);
  EXPECT_EQ(scene.input.shape(), (std::vector<int>{2, 4, 5}));
  EXPECT_EQ(scene.kernel.shape(), (std::vector<int>{4, 1, 3, 2}));  // [out][in/groups][kH][kW]
  // SplitMix64, pinned once (cross-checked with an independent Python implementation).
  EXPECT_EQ(Head(scene.input, 10), Values({3, 0, 2, 3, 1, 1, 2, 3, 3, 3}));  // seed 1234, [0, 3]
  EXPECT_EQ(Head(scene.kernel, 9), Values({1, -1, 1, 1, 0, 0, 0, -1, -1}));  // seed 5678, [-1, 1]
  EXPECT_EQ(scene.style.decimals, 2);
  EXPECT_EQ(scene.style.frame_duration, 0.5);
  EXPECT_EQ(scene.style.cell_size, 40.0);
  EXPECT_EQ(scene.style.title, "Grouped convolution");
}

TEST(SceneLoaderGood, DefaultSeedsGiveTheseValuesEverywhere) {
  const Scene scene = MustParse(
      "operation: convolution\ninput: {size: [2, 5]}\nkernel: {size: 3}\n"
      "padding: 1\n");
  // Input: seed 0 over [0, 3]; kernel: seed 1 over [0, 2]. Row-major.
  EXPECT_EQ(scene.input.data(), Values({3, 0, 3, 0, 3, 2, 1, 0, 3, 2}));
  EXPECT_EQ(scene.kernel.data(), Values({2, 1, 0, 2, 0, 2, 0, 0, 0}));
  // The same text loads to the same numbers again.
  EXPECT_EQ(MustParse("operation: convolution\ninput: {size: [2, 5]}\nkernel: {size: 3}\n"
                      "padding: 1\n")
                .input,
            scene.input);
}

TEST(SceneLoaderGood, RandomValuesCoverTheInclusiveRange) {
  const Scene scene = MustParse(
      "operation: convolution\ninput: {size: 32, seed: 99, range: [-2, 2]}\n"
      "kernel: {size: 3, range: [5, 5]}\n");
  std::set<double> seen(scene.input.data().begin(), scene.input.data().end());
  EXPECT_EQ(seen, (std::set<double>{-2, -1, 0, 1, 2}));
  // Every value about equally often: 1024 draws, about 205 each.
  for (double v : seen) {
    const auto n = std::count(scene.input.data().begin(), scene.input.data().end(), v);
    EXPECT_GT(n, 150) << v;
    EXPECT_LT(n, 260) << v;
  }
  EXPECT_EQ(scene.kernel.data(), std::vector<double>(9, 5.0));
  // A different seed gives different values.
  const Scene other = MustParse(
      "operation: convolution\ninput: {size: 32, seed: 100, range: [-2, 2]}\n"
      "kernel: {size: 3}\n");
  EXPECT_NE(other.input.data(), scene.input.data());
}

TEST(SceneLoaderGood, OneDimensionalAsOneByW) {
  const Scene scene = MustParse(ReadFile(testing::SourcePath("scenes/examples/conv1d.yaml")));
  EXPECT_EQ(scene.input_size, (Pair{1, 8}));
  EXPECT_EQ(scene.kernel_size, (Pair{1, 3}));
  EXPECT_EQ(scene.stride, (Pair{1, 2}));
  EXPECT_EQ(scene.padding, (Padding{0, 1, 0, 1}));
  EXPECT_EQ(scene.input.shape(), (std::vector<int>{1, 1, 8}));
  EXPECT_EQ(scene.input.data(), Values({1, 4, 2, 0, 3, 5, 1, 2}));
  EXPECT_EQ(scene.kernel.shape(), (std::vector<int>{1, 1, 1, 3}));
  EXPECT_EQ(scene.kernel.data(), Values({1, 0, -1}));
}

TEST(SceneLoaderGood, OneChannelValuesMayBeHWOrCHW) {
  const Scene hw = MustParse(
      "operation: convolution\ninput: {size: 2, values: [[1, 2], [3, 4]]}\n"
      "kernel: {size: 1, values: [[7]]}\n");
  const Scene chw = MustParse(
      "operation: convolution\ninput: {size: 2, values: [[[1, 2], [3, 4]]]}\n"
      "kernel: {size: 1, values: [[[[7]]]]}\n");
  EXPECT_EQ(hw.input.shape(), (std::vector<int>{1, 2, 2}));
  EXPECT_EQ(hw.input, chw.input);
  EXPECT_EQ(hw.kernel, chw.kernel);
  EXPECT_EQ(hw.kernel.shape(), (std::vector<int>{1, 1, 1, 1}));
}

TEST(SceneLoaderGood, ChannelsFirstLayouts) {
  Scene scene;
  ASSERT_TRUE(
      LoadSceneFile(testing::SourcePath("tests/data/good/channels_first.yaml"), &scene).ok());
  EXPECT_EQ(scene.input.shape(), (std::vector<int>{2, 2, 2}));
  EXPECT_EQ(scene.input.at(1, 0, 1), 6);
  EXPECT_EQ(scene.input.at(0, 1, 0), 3);
  EXPECT_EQ(scene.kernel.shape(), (std::vector<int>{1, 2, 1, 1}));
  EXPECT_EQ(scene.kernel.at(0, 1, 0, 0), -1);

  ASSERT_TRUE(
      LoadSceneFile(testing::SourcePath("tests/data/good/transposed_channels.yaml"), &scene).ok());
  EXPECT_EQ(scene.out_channels, 3);
  EXPECT_EQ(scene.kernel.shape(), (std::vector<int>{2, 3, 1, 1}));  // [in][out/groups][kH][kW]
  EXPECT_EQ(scene.kernel.at(1, 0, 0, 0), 4);
  EXPECT_EQ(scene.kernel.at(0, 2, 0, 0), 3);
}

TEST(SceneLoaderGood, AliasesAreOrdinaryYaml) {
  Scene scene;
  ASSERT_TRUE(LoadSceneFile(testing::SourcePath("tests/data/good/aliases.yaml"), &scene).ok());
  EXPECT_EQ(scene.input.data(), Values({1, 2, 3, 1, 2, 3, 7, 8, 9}));
  EXPECT_EQ(scene.kernel.data(), Values({1, 2, 3}));
}

TEST(SceneLoaderGood, QuotedWordsAndPoolingDefaults) {
  Scene scene;
  ASSERT_TRUE(LoadSceneFile(testing::SourcePath("tests/data/good/quoted_words.yaml"), &scene).ok());
  EXPECT_EQ(scene.operation, Operation::kMaxPooling);
  EXPECT_EQ(scene.view, View::kNumerical);
  EXPECT_TRUE(scene.ceil_mode);
  EXPECT_EQ(scene.out_channels, scene.in_channels);
  EXPECT_TRUE(scene.kernel.empty());
  EXPECT_EQ(scene.kernel.rank(), 0);
}

TEST(SceneLoaderGood, PoolingOutChannelsFollowInput) {
  const Scene scene = MustParse(
      "operation: average_pooling\ninput: {size: 4, channels: 3}\nkernel: {size: 2}\n"
      "padding: 1\ncount_include_pad: true\nceil_mode: false\n");
  EXPECT_EQ(scene.out_channels, 3);
  EXPECT_TRUE(scene.count_include_pad);
  EXPECT_EQ(scene.input.shape(), (std::vector<int>{3, 4, 4}));
}

// ----- Padding words, resolved per scene -------------------------------------------------

struct PaddingCase {
  const char* scene;
  PaddingMode mode;
  Padding expected;  // top, left, bottom, right
};

TEST(SceneLoaderPadding, WordsResolveForTheScenesSizes) {
  const PaddingCase cases[] = {
      // k_eff = 3: half 1, full 2.
      {"operation: convolution\ninput: {size: 5}\nkernel: {size: 3}\npadding: valid\n",
       PaddingMode::kValid,
       {0, 0, 0, 0}},
      {"operation: convolution\ninput: {size: 5}\nkernel: {size: 3}\npadding: half\n",
       PaddingMode::kHalf,
       {1, 1, 1, 1}},
      {"operation: convolution\ninput: {size: 5}\nkernel: {size: 3}\npadding: full\n",
       PaddingMode::kFull,
       {2, 2, 2, 2}},
      // Dilated kernel: k_eff = 2*(3-1)+1 = 5 along H, 3 along W; even kernel 4: half 2.
      {"operation: convolution\ninput: {size: 7}\nkernel: {size: [3, 4]}\ndilation: [2, 1]\n"
       "padding: half\n",
       PaddingMode::kHalf,
       {2, 2, 2, 2}},
      {"operation: convolution\ninput: {size: 7}\nkernel: {size: [3, 4]}\ndilation: [2, 1]\n"
       "padding: full\n",
       PaddingMode::kFull,
       {4, 3, 4, 3}},
      // same: o = ceil(6/2) = 3, total = (3-1)*2 + 3 - 6 = 1: the odd cell at the end (upper)
      // or start (lower). W: o = ceil(5/1) = 5, total = 4 + 3 - 5 = 2.
      {"operation: convolution\ninput: {size: [6, 5]}\nkernel: {size: 3}\nstride: [2, 1]\n"
       "padding: same\n",
       PaddingMode::kSame,
       {0, 1, 1, 1}},
      {"operation: convolution\ninput: {size: [6, 5]}\nkernel: {size: 3}\nstride: [2, 1]\n"
       "padding: same_lower\n",
       PaddingMode::kSameLower,
       {1, 1, 0, 1}},
      // Pooling: 2x2 window, stride 2 over 5: o = 3, total = 4 + 2 - 5 = 1.
      {"operation: max_pooling\ninput: {size: 5}\nkernel: {size: 2}\nstride: 2\npadding: same\n",
       PaddingMode::kSame,
       {0, 0, 1, 1}},
      // Transposed (ONNX ConvTranspose auto_pad): output i*s = 6, total = s(i-1)+a+k_eff-i*s.
      {"operation: transposed_convolution\ninput: {size: 3}\nkernel: {size: 3}\nstride: 2\n"
       "padding: same\n",
       PaddingMode::kSame,
       {0, 0, 1, 1}},
      {"operation: transposed_convolution\ninput: {size: 3}\nkernel: {size: 3}\nstride: 2\n"
       "padding: same_lower\n",
       PaddingMode::kSameLower,
       {1, 1, 0, 0}},
      {"operation: transposed_convolution\ninput: {size: 3}\nkernel: {size: 3}\nstride: 2\n"
       "output_padding: 1\npadding: same\n",
       PaddingMode::kSame,
       {1, 1, 1, 1}},
      // Transposed half/full crop the same numbers a convolution pads (Relationships 10, 11).
      {"operation: transposed_convolution\ninput: {size: 5}\nkernel: {size: 3}\npadding: half\n",
       PaddingMode::kHalf,
       {1, 1, 1, 1}},
      {"operation: transposed_convolution\ninput: {size: 5}\nkernel: {size: 3}\npadding: full\n",
       PaddingMode::kFull,
       {2, 2, 2, 2}},
      // k_eff + a < s: ONNX's total is negative; clamped to no padding.
      {"operation: transposed_convolution\ninput: {size: 3}\nkernel: {size: 1}\nstride: 3\n"
       "padding: same\n",
       PaddingMode::kSame,
       {0, 0, 0, 0}},
  };
  for (const PaddingCase& c : cases) {
    SCOPED_TRACE(c.scene);
    const Scene scene = MustParse(c.scene);
    EXPECT_EQ(scene.padding_mode, c.mode);
    EXPECT_EQ(scene.padding, c.expected) << scene.padding.top << " " << scene.padding.left << " "
                                         << scene.padding.bottom << " " << scene.padding.right;
  }
}

TEST(SceneLoaderPadding, ExplicitForms) {
  EXPECT_EQ(MustParse("operation: convolution\ninput: {size: 5}\nkernel: {size: 3}\npadding: 2\n")
                .padding,
            (Padding{2, 2, 2, 2}));
  EXPECT_EQ(
      MustParse("operation: convolution\ninput: {size: 5}\nkernel: {size: 3}\npadding: [1, 2]\n")
          .padding,
      (Padding{1, 2, 1, 2}));
  EXPECT_EQ(MustParse("operation: convolution\ninput: {size: 5}\nkernel: {size: 3}\n"
                      "padding: [1, 2, 3, 4]\n")
                .padding,
            (Padding{1, 2, 3, 4}));
}

// ----- Edges that are accepted, on purpose ------------------------------------------------

TEST(SceneLoaderEdges, WindowExactlyFillingThePaddedInputFits) {
  // k_eff = 2*(5-1)+1 = 9 = 4 + 3 + 2 along both axes: one output cell.
  const Scene scene = MustParse(
      "operation: convolution\ninput: {size: 4}\nkernel: {size: 5}\n"
      "dilation: 2\npadding: [3, 3, 2, 2]\n");
  EXPECT_EQ(scene.padding, (Padding{3, 3, 2, 2}));
  // One cell less along H does not fit.
  const Status status = Refusal(
      "operation: convolution\ninput: {size: 4}\nkernel: {size: 5}\n"
      "dilation: 2\npadding: [2, 3, 2, 2]\n");
  EXPECT_EQ(status.message(),
            "the 5x5 kernel (dilated to 9x9) does not fit the 4x4 input padded to 8x9 (as in "
            "PyTorch, a kernel may not be larger than the padded input)");
  EXPECT_EQ(status.where().line, 3);
  EXPECT_EQ(status.where().column, 16);
}

TEST(SceneLoaderEdges, OutputPaddingBelowDilationIsAllowed) {
  // a < max(s, d): stride 2, dilation 3 allows a = 2 (PyTorch).
  const Scene scene = MustParse(
      "operation: transposed_convolution\ninput: {size: 3}\n"
      "kernel: {size: 2}\nstride: 2\ndilation: 3\noutput_padding: 2\n");
  EXPECT_EQ(scene.output_padding, (Pair{2, 2}));
}

TEST(SceneLoaderEdges, PoolingWindowHalfInPaddingIsAllowed) {
  // The window of output 0 taps rows -1 and 0: one input row is enough.
  const Scene scene =
      MustParse("operation: max_pooling\ninput: {size: 4}\nkernel: {size: 2}\npadding: 1\n");
  EXPECT_EQ(scene.padding, (Padding{1, 1, 1, 1}));
}

TEST(SceneLoaderEdges, LimitsThemselvesAreAllowed) {
  // 20000 steps exactly: 2 x 100 x 100, nothing over any limit.
  const Scene scene = MustParse(
      "operation: convolution\ninput: {size: 100}\n"
      "kernel: {size: 1, out_channels: 2}\n");
  EXPECT_EQ(scene.out_channels * scene.input_size[0] * scene.input_size[1], limits::kMaxSteps);
  // One more row is one step too many.
  const Status status = Refusal(
      "operation: convolution\ninput: {size: [100, 101]}\n"
      "kernel: {size: 1, out_channels: 2}\n");
  EXPECT_NE(status.message().find("20200 steps"), std::string::npos) << status.ToString();
}

TEST(SceneLoaderEdges, DrawnGridLimitCountsTheWholeCanvas) {
  // The limit holds the canvas the schedule builds (core/schedule.h CanvasAxisFor), not an
  // estimate of it. A transposed convolution whose padding crops more than the kernel
  // reaches at the start (p' = 8 - 20 < 0) keeps every stretched input unit on the
  // canvas, plus p' = 8 cells at the end: 1020 + 8.
  Status status = Refusal(
      "operation: transposed_convolution\ninput: {size: [1, 1020]}\nkernel: {size: [1, 9]}\n"
      "padding: [0, 20, 0, 0]\n");
  EXPECT_NE(status.message().find("a grid of 1x1028 cells"), std::string::npos)
      << status.ToString();
  EXPECT_EQ(status.where().line, 2);
  // Four cells fewer fit exactly.
  MustParse(
      "operation: transposed_convolution\ninput: {size: [1, 1016]}\nkernel: {size: [1, 9]}\n"
      "padding: [0, 20, 0, 0]\n");
  // A ceil_mode window hanging past the padded input: the last of 17 windows (stride 63)
  // starts at 1008 < 1024 and reaches 1008 + 64 = 1072.
  status = Refusal(
      "operation: max_pooling\ninput: {size: [1, 1024]}\nkernel: {size: [1, 64]}\n"
      "stride: [1, 63]\nceil_mode: true\n");
  EXPECT_NE(status.message().find("a grid of 1x1072 cells"), std::string::npos)
      << status.ToString();
}

TEST(SceneLoaderEdges, EveryCommittedSceneLoads) {
  int loaded = 0;
  for (const char* folder : {"scenes/guide", "scenes/examples", "tests/data/good"}) {
    const fs::path dir = testing::SourcePath(folder);
    if (!fs::exists(dir)) continue;
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().extension() != ".yaml") continue;
      Scene scene;
      const Status status = LoadSceneFile(entry.path().string(), &scene);
      EXPECT_TRUE(status.ok()) << status.ToString();
      ++loaded;
    }
  }
  EXPECT_GE(loaded, 5);
}

// ----- Text, numbers and aliases (issue 11) -----------------------------------------------

const std::string kMinimal = "operation: convolution\ninput: {size: 2}\nkernel: {size: 1}\n";

TEST(SceneLoaderNumbers, UnderflowIsZeroAndOverflowIsRefused) {
  const Scene scene = MustParse(
      "operation: convolution\ninput: {size: [1, 3], values: [[1e-400, -1e-400, 4.9e-324]]}\n"
      "kernel: {size: 1}\n");
  EXPECT_EQ(scene.input.data()[0], 0.0);
  EXPECT_EQ(scene.input.data()[1], 0.0);
  EXPECT_TRUE(std::signbit(scene.input.data()[1]));  // -0, as IEEE 754 rounds it
  EXPECT_GT(scene.input.data()[2], 0.0);             // the smallest subnormal still reads
  // 0.0001e-390 also underflows; 1e309 is too large for a double.
  EXPECT_EQ(MustParse("operation: convolution\ninput: {size: 1, values: [[0.0001e-390]]}\n"
                      "kernel: {size: 1}\n")
                .input.data()[0],
            0.0);
  const Status status =
      Refusal("operation: convolution\ninput: {size: 1, values: [[1e309]]}\nkernel: {size: 1}\n");
  EXPECT_NE(status.message().find("too large to be finite"), std::string::npos)
      << status.ToString();
  // An underflowing frame_duration is 0, below the documented range.
  const Status duration = Refusal(kMinimal + "style: {frame_duration: 1e-400}\n");
  EXPECT_NE(duration.message().find("between 0.01 and 3600 seconds, got 1e-400"), std::string::npos)
      << duration.ToString();
}

TEST(SceneLoaderNumbers, LeadingZeroIntegersAreRefusedAsAmbiguous) {
  Status status = Refusal("operation: convolution\ninput: {size: 010}\nkernel: {size: 1}\n");
  EXPECT_EQ(status.message(),
            "input.size 010 has a leading zero, which YAML readers disagree on (YAML 1.1 reads it "
            "as the octal number 8, YAML 1.2 as 10); write 10 without it");
  EXPECT_EQ(status.where().line, 2);
  EXPECT_EQ(status.where().column, 15);
  status = Refusal(kMinimal + "style: {decimals: 09}\n");
  EXPECT_NE(status.message().find("YAML 1.1 reads it as text, YAML 1.2 as 9"), std::string::npos)
      << status.ToString();
  status =
      Refusal("operation: convolution\ninput: {size: 1, values: [[-007]]}\nkernel: {size: 1}\n");
  EXPECT_NE(status.message().find("octal number -7"), std::string::npos) << status.ToString();
  status = Refusal("operation: convolution\ninput: {size: 1, seed: 00}\nkernel: {size: 1}\n");
  EXPECT_NE(status.message().find("leading zero"), std::string::npos) << status.ToString();
  // Zero itself, and decimals with a leading zero, are not ambiguous.
  EXPECT_EQ(MustParse("operation: convolution\ninput: {size: 1, values: [[0]]}\n"
                      "kernel: {size: 1, values: [[0.5]]}\npadding: 0\n")
                .kernel.data()[0],
            0.5);
}

TEST(SceneLoaderText, InvalidUtf8AnywhereIsRefusedAtItsByte) {
  // In the title, a key, a comment: the place of the first bad byte.
  Status status = Refusal(kMinimal + "style: {title: \"ab\xff\"}\n");
  EXPECT_EQ(status.where().line, 4);
  EXPECT_EQ(status.where().column, 19);
  EXPECT_NE(status.message().find("not valid UTF-8"), std::string::npos);
  EXPECT_NE(status.message().find("\\xFF"), std::string::npos) << status.message();
  status = Refusal("operation: convolution\nin\xc3put: {size: 2}\n");
  EXPECT_EQ(status.where().line, 2);
  EXPECT_EQ(status.where().column, 3);
  status = Refusal(kMinimal + "# a surrogate \xed\xa0\x80 in a comment\n");
  EXPECT_EQ(status.where().line, 4);
  EXPECT_EQ(status.where().column, 15);
  // UTF-16 gets a hint.
  status = Refusal(std::string("\xff\xfeo\0p\0", 6));
  EXPECT_NE(status.message().find("UTF-16"), std::string::npos) << status.ToString();
}

TEST(SceneLoaderText, ControlCharactersAreRefusedOrEscapedNeverEchoed) {
  // Raw in the file (here U+009B, the 8-bit CSI): refused at its place.
  Status status = Refusal(kMinimal +
                          "caption: \"red \xc2\x9b"
                          "31m\"\n");
  EXPECT_EQ(status.where().line, 4);
  EXPECT_EQ(status.where().column, 15);
  EXPECT_NE(status.message().find("control character \\u009B"), std::string::npos)
      << status.message();
  // Made by an escape in quoted text: refused in text values...
  status = Refusal(kMinimal + "style: {title: \"\\e[31mred\"}\n");
  EXPECT_NE(status.message().find("style.title holds the control character \\u001B"),
            std::string::npos)
      << status.message();
  // ...and escaped wherever a message quotes it.
  status = Refusal(kMinimal + "\"x\\u009By\\0\": 1\n");
  EXPECT_NE(status.message().find("unknown key 'x\\u009By\\u0000'"), std::string::npos)
      << status.message();
  for (const Status& s : {status, Refusal(kMinimal + "view: \"\\x9b\\x07\"\n")}) {
    const std::string printed = s.ToString();
    for (unsigned char c : printed) EXPECT_GE(c, 0x20) << printed;
    EXPECT_EQ(printed.find("\xc2\x9b"), std::string::npos) << printed;
  }
  // Tabs and line breaks are text.
  EXPECT_EQ(MustParse(kMinimal + "caption: \"a\\tb\\nc\"\n").caption, "a\tb\nc");
}

TEST(SceneLoaderText, QuotedTextIsCutBetweenCharacters) {
  // 39 ASCII letters, then two-byte characters: the cut after 40 characters keeps é whole.
  const std::string key = std::string(39, 'x') + "\xc3\xa9\xc3\xa9\xc3\xa9";
  const Status status = Refusal(kMinimal + key + ": 1\n");
  EXPECT_NE(status.message().find("'" + std::string(39, 'x') + "\xc3\xa9...'"), std::string::npos)
      << status.message();
}

TEST(SceneLoaderText, TitleAndCaptionLengthLimits) {
  const std::string title(limits::kMaxTitleChars, 'T');
  EXPECT_EQ(MustParse(kMinimal + "style: {title: " + title + "}\n").style.title, title);
  // Characters, not bytes: 300 two-byte characters fit.
  std::string wide;
  for (std::size_t i = 0; i < limits::kMaxTitleChars; ++i) wide += "\xc3\xa9";
  EXPECT_EQ(MustParse(kMinimal + "style: {title: " + wide + "}\n").style.title, wide);
  const Status status = Refusal(kMinimal + "style: {title: " + title + "U}\n");
  EXPECT_NE(status.message().find("style.title is 301 characters long, more than the limit of 300"),
            std::string::npos)
      << status.message();
  EXPECT_EQ(status.where().line, 4);
  EXPECT_EQ(status.where().column, 16);
  const Status caption =
      Refusal(kMinimal + "caption: " + std::string(limits::kMaxCaptionChars + 1, 'c') + "\n");
  EXPECT_NE(caption.message().find("caption is 2001 characters long"), std::string::npos);
}

TEST(SceneLoaderStyle, CellSizeRangeIsTheRendersOne) {
  EXPECT_EQ(MustParse(kMinimal + "style: {cell_size: 400}\n").style.cell_size, 400.0);
  EXPECT_EQ(MustParse(kMinimal + "style: {cell_size: 4}\n").style.cell_size, 4.0);
  for (const char* bad : {"401", "512", "3.5"}) {
    const Status status = Refusal(kMinimal + "style: {cell_size: " + bad + "}\n");
    EXPECT_NE(status.message().find("between 4 and 400 pixels"), std::string::npos) << bad;
  }
}

TEST(SceneLoaderAliases, FaultsInsideAnAliasPointAtItsUse) {
  // The kernel repeats the input's first row through an alias; it has 3 columns, not 2.
  Status status = Refusal(
      "operation: convolution\n"
      "input: {size: [2, 3], values: [&row [1, 2, 3], *row]}\n"
      "kernel: {size: [1, 2], values: [*row]}\n");
  EXPECT_EQ(status.where().line, 3);
  EXPECT_EQ(status.where().column, 33);  // the *row
  EXPECT_NE(status.message().find("kernel.values[0] has 3 columns, expected 2"), std::string::npos)
      << status.message();
  EXPECT_NE(status.message().find("through the alias here; the value is written at line 2, "
                                  "column 32"),
            std::string::npos)
      << status.message();
  // A bad number deep inside an aliased block points at the alias too.
  status = Refusal(
      "operation: convolution\n"
      "kernel: {size: 2, values: &v [[1, 2], [3, x]]}\n"
      "input: {size: 2, values: *v}\n");
  EXPECT_EQ(status.where().line, 3);
  EXPECT_EQ(status.where().column, 26);
  EXPECT_NE(status.message().find("input.values[1][1] must be a number"), std::string::npos)
      << status.message();
  EXPECT_NE(status.message().find("written at line 2, column 43"), std::string::npos)
      << status.message();
}

// ----- Spelling help --------------------------------------------------------------------------

TEST(ClosestWord, SuggestsPlausibleTyposOnly) {
  const std::vector<std::string> words = {"convolution", "transposed_convolution", "max_pooling",
                                          "average_pooling"};
  EXPECT_EQ(ClosestWord("convolutoin", words), "convolution");  // a swap is one edit
  EXPECT_EQ(ClosestWord("Convolution", words), "convolution");  // case
  EXPECT_EQ(ClosestWord("max_poling", words), "max_pooling");
  EXPECT_EQ(ClosestWord("average", words), "average_pooling");  // a unique prefix
  EXPECT_EQ(ClosestWord("deconvolve", words), "");
  EXPECT_EQ(ClosestWord("pool", words), "");
  EXPECT_EQ(ClosestWord("", words), "");
  EXPECT_EQ(JoinWords({"a", "b", "c"}), "a, b or c");
  EXPECT_EQ(JoinWords({"a"}), "a");
}

}  // namespace
}  // namespace convanim
