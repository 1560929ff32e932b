// 1-D as 1-D (issue 15, point 9): input.dims: 1 makes a scene a 1-D signal whose kernel size,
// stride, padding, dilation and output_padding are one integer for its one axis; a scene with a
// 1-row input and a 1-row kernel takes one integer of stride or dilation for W, and a scene that
// pads or strides the height of such an input is refused with the reason and its place.
#include <gtest/gtest.h>

#include <string>

#include "core/numerics.h"
#include "core/scene.h"
#include "core/scene_loader.h"
#include "tests/support/paths.h"

namespace convanim {
namespace {

Scene MustParse(const std::string& yaml) {
  Scene scene;
  const Status status = ParseScene(yaml, "signal.yaml", &scene);
  EXPECT_TRUE(status.ok()) << status.ToString() << "\n" << yaml;
  return scene;
}

// The scene is refused as invalid at `place` ("signal.yaml:LINE:COL") with `fragment`.
void ExpectRefused(const std::string& yaml, const std::string& place, const std::string& fragment) {
  Scene scene;
  const Status status = ParseScene(yaml, "signal.yaml", &scene);
  ASSERT_FALSE(status.ok()) << yaml;
  EXPECT_EQ(status.code(), Status::Code::kInvalidScene);
  EXPECT_NE(status.ToString().find(place + ": "), std::string::npos) << status.ToString();
  EXPECT_NE(status.message().find(fragment), std::string::npos) << status.message();
}

TEST(OneD, DimsOneTakesOneIntegerPerKey) {
  // 8 samples, kernel 3, stride 2, padding 1 at each end, dilation 1:
  // o = floor((8 + 2 - 3) / 2) + 1 = 4 outputs, one row.
  const Scene scene = MustParse(R"(operation: convolution
input: {size: 8, dims: 1, values: [1, 2, 3, 4, 5, 6, 7, 8]}
kernel: {size: 3, values: [1, 0, -1]}
stride: 2
padding: 1
)");
  EXPECT_EQ(scene.dims, 1);
  EXPECT_EQ(scene.input_size, (Pair{1, 8}));
  EXPECT_EQ(scene.kernel_size, (Pair{1, 3}));
  EXPECT_EQ(scene.stride, (Pair{1, 2}));
  EXPECT_EQ(scene.padding, (Padding{0, 1, 0, 1}));
  const Tensor y = Evaluate(scene);
  ASSERT_EQ(y.dim(1), 1);
  ASSERT_EQ(y.dim(2), 4);
  // Windows over [0 1 2 3 4 5 6 7 8 0] at 0, 2, 4, 6: 0 - 2, 2 - 4, 4 - 6, 6 - 8.
  for (int j = 0; j < 4; ++j) EXPECT_EQ(y.at(0, 0, j), -2.0) << j;
}

TEST(OneD, DimsOneDilationAndWords) {
  // Dilation 2: k_eff = 5; 'same' pads (5 - 1) / 2 = 2 at each end of W and none in H.
  const Scene scene = MustParse(R"(operation: convolution
input: {size: 6, dims: 1}
kernel: {size: 3}
dilation: 2
padding: same
)");
  EXPECT_EQ(scene.dilation, (Pair{1, 2}));
  EXPECT_EQ(scene.padding, (Padding{0, 2, 0, 2}));
  // A transposed 1-D convolution: output_padding is for W too.
  // o = (4 - 1) * 2 + 3 + 1 = 10.
  const Scene transposed = MustParse(R"(operation: transposed_convolution
input: {size: 4, dims: 1}
kernel: {size: 3}
stride: 2
output_padding: 1
)");
  EXPECT_EQ(transposed.output_padding, (Pair{0, 1}));
  EXPECT_EQ(Evaluate(transposed).dim(2), 10);
  EXPECT_EQ(Evaluate(transposed).dim(1), 1);
}

TEST(OneD, DimsOneRefusesLists) {
  ExpectRefused("operation: convolution\ninput: {size: [1, 8], dims: 1}\nkernel: {size: 3}\n",
                "signal.yaml:2:15", "input.size is the signal's length, one integer");
  ExpectRefused("operation: convolution\ninput: {size: 8, dims: 1}\nkernel: {size: [1, 3]}\n",
                "signal.yaml:3:16", "kernel.size is one integer for the signal's one axis");
  ExpectRefused(
      "operation: convolution\ninput: {size: 8, dims: 1}\nkernel: {size: 3}\npadding: [1, 2]\n",
      "signal.yaml:4:10", "padding is one integer (cells at each end) or a word");
  ExpectRefused("operation: convolution\ninput: {size: 8, dims: 3}\nkernel: {size: 3}\n",
                "signal.yaml:2:24", "input.dims 3 exceeds the limit of 2");
}

TEST(OneD, OneRowScenesTakeOneIntegerForW) {
  // [1, 8] with a [1, 3] kernel: stride 2 and dilation 2 are for W (H has one output either way).
  const Scene scene = MustParse(R"(operation: convolution
input: {size: [1, 8], values: [1, 2, 3, 4, 5, 6, 7, 8]}
kernel: {size: [1, 3], values: [1, 1, 1]}
stride: 2
dilation: 2
padding: [0, 1]
)");
  EXPECT_EQ(scene.dims, 2);
  EXPECT_EQ(scene.stride, (Pair{1, 2}));
  EXPECT_EQ(scene.dilation, (Pair{1, 2}));
  const Tensor y = Evaluate(scene);
  // Padded row [0 1 2 3 4 5 6 7 8 0], taps at 0, 2, 4 from origins 0, 2, 4:
  // 0 + 2 + 4 = 6, 2 + 4 + 6 = 12, 4 + 6 + 8 = 18.
  ASSERT_EQ(y.dim(2), 3);
  EXPECT_EQ(y.at(0, 0, 0), 6.0);
  EXPECT_EQ(y.at(0, 0, 1), 12.0);
  EXPECT_EQ(y.at(0, 0, 2), 18.0);
  // A 3x3 kernel over one row is 2-D (its padding is needed): taken as written.
  const Scene tall = MustParse(
      "operation: convolution\ninput: {size: [1, 8]}\nkernel: {size: 3}\npadding: 1\nstride: 2\n");
  EXPECT_EQ(tall.stride, (Pair{2, 2}));
  EXPECT_EQ(tall.padding, (Padding{1, 1, 1, 1}));
}

TEST(OneD, PaddingOrStridingTheHeightOfOneRowIsRefused) {
  const std::string head =
      "operation: convolution\ninput: {size: [1, 8]}\nkernel: {size: [1, 3]}\n";
  ExpectRefused(head + "padding: 1\nstride: 2\n", "signal.yaml:4:10",
                "padding: 1 pads the height of a 1-row input (a 1-D signal with a 1-row kernel) "
                "with rows no window needs; write padding: [0, 1] or input.dims: 1");
  ExpectRefused(head + "padding: [2, 1]\n", "signal.yaml:4:10", "write padding: [0, 1] or");
  ExpectRefused(head + "padding: [1, 2, 0, 3]\n", "signal.yaml:4:10",
                "padding: [1, 2, 0, 3] pads the height");
  ExpectRefused(head + "stride: [2, 3]\n", "signal.yaml:4:9",
                "stride: [2, 3] strides the height of a 1-row input (a 1-D signal with a 1-row "
                "kernel); write stride: 3 or input.dims: 1");
  ExpectRefused(
      "operation: transposed_convolution\ninput: {size: [1, 4]}\nkernel: {size: [1, 3]}\n"
      "stride: 2\noutput_padding: [1, 1]\n",
      "signal.yaml:5:17", "output_padding: [1, 1] adds rows to the height");
  // A padding word pads the height of a 1-row kernel by nothing: accepted.
  const Scene same = MustParse(head + "padding: same\n");
  EXPECT_EQ(same.padding, (Padding{0, 1, 0, 1}));
}

TEST(OneD, TheOneDExampleLoads) {
  Scene scene;
  const Status status =
      LoadSceneFile(testing::SourcePath("scenes/examples/signal_1d.yaml"), &scene);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(scene.dims, 1);
  EXPECT_EQ(scene.input_size[kAxisH], 1);
}

}  // namespace
}  // namespace convanim
