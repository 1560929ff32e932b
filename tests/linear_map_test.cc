// The operation as a matrix (core/linear_map.h) and transposed convolution as a scatter
// (core/scatter.h): M · x equals the numerics for any input x, the transposed
// convolution's matrix is the transpose of its direct convolution's (the guide's
// Section 4.1), and the scatter's sums are the output.
#include "core/linear_map.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "core/numerics.h"
#include "core/scatter.h"
#include "core/scene_loader.h"
#include "core/schedule.h"

namespace convanim {
namespace {

struct Loaded {
  Scene scene;
  Schedule schedule;
};

std::unique_ptr<Loaded> Load(const std::string& text) {
  auto loaded = std::make_unique<Loaded>();
  Status status = ParseScene(text, "<test>", &loaded->scene);
  EXPECT_TRUE(status.ok()) << status.ToString() << "\n" << text;
  if (!status.ok()) return nullptr;
  status = Schedule::Build(loaded->scene, &loaded->schedule);
  EXPECT_TRUE(status.ok()) << status.ToString();
  if (!status.ok()) return nullptr;
  return loaded;
}

std::vector<double> Multiply(const LinearMap& map, const std::vector<double>& x) {
  std::vector<double> y(static_cast<std::size_t>(map.rows), 0.0);
  for (int64_t r = 0; r < map.rows; ++r) {
    for (const MatrixEntry& e : map.row_entries[static_cast<std::size_t>(r)]) {
      y[static_cast<std::size_t>(r)] += e.value * x[static_cast<std::size_t>(e.column)];
    }
  }
  return y;
}

std::vector<std::vector<double>> Dense(const LinearMap& map) {
  std::vector<std::vector<double>> dense(static_cast<std::size_t>(map.rows),
                                         std::vector<double>(static_cast<std::size_t>(map.cols)));
  for (int64_t r = 0; r < map.rows; ++r) {
    for (const MatrixEntry& e : map.row_entries[static_cast<std::size_t>(r)]) {
      dense[static_cast<std::size_t>(r)][static_cast<std::size_t>(e.column)] += e.value;
    }
  }
  return dense;
}

// M · x against the numerics, for the scene's own input and for random ones.
void ExpectMatrixComputesTheOutput(const std::string& text) {
  auto loaded = Load(text);
  ASSERT_NE(loaded, nullptr);
  LinearMap map;
  ASSERT_TRUE(BuildLinearMap(loaded->scene, loaded->schedule, &map).ok()) << text;
  EXPECT_EQ(map.rows, static_cast<int64_t>(loaded->schedule.output().size()));
  EXPECT_EQ(map.cols, static_cast<int64_t>(loaded->scene.input.size()));
  std::mt19937 random(7);
  std::uniform_real_distribution<double> value(-3.0, 3.0);
  for (int trial = 0; trial < 4; ++trial) {
    Scene scene = loaded->scene;
    if (trial > 0) {
      for (double& v : scene.input.data()) v = value(random);
    }
    const Tensor expected = Evaluate(scene);
    const std::vector<double> y = Multiply(map, scene.input.data());
    ASSERT_EQ(y.size(), expected.size());
    for (std::size_t i = 0; i < y.size(); ++i) {
      EXPECT_NEAR(y[i], expected.data()[i], 1e-9) << text << " trial " << trial << " cell " << i;
    }
  }
}

TEST(LinearMap, GuideSection41IsTheFourBySixteenMatrixC) {
  // Figure 2.1's convolution: a 3x3 kernel over a 4x4 input, no padding, unit strides.
  auto loaded = Load(
      "operation: convolution\ninput: {size: 4}\n"
      "kernel: {size: 3, values: [[1, 2, 3], [4, 5, 6], [7, 8, 9]]}\n");
  ASSERT_NE(loaded, nullptr);
  LinearMap map;
  ASSERT_TRUE(BuildLinearMap(loaded->scene, loaded->schedule, &map).ok());
  ASSERT_EQ(map.rows, 4);
  ASSERT_EQ(map.cols, 16);
  // The guide's C: row 0 is w00 w01 w02 0 w10 w11 w12 0 w20 w21 w22 0 0 0 0 0, and each
  // next row the same pattern shifted (by 1, then by 4, then by 5).
  const std::vector<double> row0 = {1, 2, 3, 0, 4, 5, 6, 0, 7, 8, 9, 0, 0, 0, 0, 0};
  const auto dense = Dense(map);
  const int shifts[4] = {0, 1, 4, 5};
  for (int r = 0; r < 4; ++r) {
    for (int c = 0; c < 16; ++c) {
      const int source = c - shifts[r];
      const double expected = source >= 0 ? row0[static_cast<std::size_t>(source)] : 0.0;
      EXPECT_EQ(dense[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)], expected)
          << "row " << r << " column " << c;
    }
  }
  // Entries remember which weight they are.
  EXPECT_EQ(map.row_entries[3].front().kernel_row, 0);
  EXPECT_EQ(map.row_entries[3].front().kernel_col, 0);
  EXPECT_EQ(map.row_entries[3].front().column, 5);
}

TEST(LinearMap, TransposedConvolutionIsTheTransposeOfItsDirectConvolution) {
  // Direct: i = 5, k = 3, s = 2, p = 1 gives o = 3; its transpose maps 3x3 back to 5x5.
  const std::string kernel = "kernel: {size: 3, values: [[1, -2, 3], [0, 5, -1], [2, 1, 4]]}\n";
  auto direct =
      Load("operation: convolution\ninput: {size: 5}\n" + kernel + "stride: 2\npadding: 1\n");
  auto transposed = Load("operation: transposed_convolution\ninput: {size: 3}\n" + kernel +
                         "stride: 2\npadding: 1\n");
  ASSERT_TRUE(direct && transposed);
  LinearMap c, t;
  ASSERT_TRUE(BuildLinearMap(direct->scene, direct->schedule, &c).ok());
  ASSERT_TRUE(BuildLinearMap(transposed->scene, transposed->schedule, &t).ok());
  ASSERT_EQ(c.rows, 9);
  ASSERT_EQ(c.cols, 25);
  ASSERT_EQ(t.rows, 25);
  ASSERT_EQ(t.cols, 9);
  const auto dc = Dense(c), dt = Dense(t);
  for (int r = 0; r < 25; ++r) {
    for (int col = 0; col < 9; ++col) {
      EXPECT_EQ(dt[static_cast<std::size_t>(r)][static_cast<std::size_t>(col)],
                dc[static_cast<std::size_t>(col)][static_cast<std::size_t>(r)])
          << r << ", " << col;
    }
  }
}

TEST(LinearMap, EqualsTheNumericsForEveryOperationAndParameter) {
  const char* scenes[] = {
      "operation: convolution\ninput: {size: [5, 6], seed: 1}\nkernel: {size: [3, 2], seed: 2, "
      "range: [-2, 2]}\nstride: [2, 1]\npadding: [1, 0, 2, 1]\n",
      "operation: convolution\ninput: {size: 7, seed: 3}\nkernel: {size: 3, seed: 4}\n"
      "dilation: 2\npadding: 2\n",
      "operation: convolution\ninput: {size: 4, channels: 4, seed: 5}\nkernel: {size: 3, "
      "out_channels: 6, seed: 6, range: [-1, 1]}\ngroups: 2\npadding: 1\nstride: 2\n",
      "operation: convolution\ninput: {size: 5, channels: 3, seed: 7}\nkernel: {size: 2, "
      "out_channels: 2, seed: 8}\npadding: same\n",
      "operation: transposed_convolution\ninput: {size: 3, seed: 9}\nkernel: {size: 3, seed: "
      "10}\nstride: 2\npadding: 1\noutput_padding: 1\n",
      "operation: transposed_convolution\ninput: {size: [3, 4], channels: 2, seed: 11}\n"
      "kernel: {size: [2, 3], out_channels: 4, seed: 12, range: [-2, 2]}\nstride: [2, 3]\n"
      "dilation: [2, 1]\ngroups: 2\npadding: [0, 1, 1, 0]\n",
      "operation: average_pooling\ninput: {size: 6, seed: 13, range: [0, 9]}\nkernel: {size: 3}"
      "\nstride: 2\npadding: 1\nceil_mode: true\ncount_include_pad: true\n",
      "operation: average_pooling\ninput: {size: 5, channels: 2, seed: 14}\nkernel: {size: 2}\n"
      "padding: 1\n",
  };
  for (const char* text : scenes) ExpectMatrixComputesTheOutput(text);
}

TEST(LinearMap, MaxPoolingHasNoMatrixAndSaysWhy) {
  auto loaded = Load("operation: max_pooling\ninput: {size: 4}\nkernel: {size: 2}\n");
  ASSERT_NE(loaded, nullptr);
  LinearMap map;
  const Status status = BuildLinearMap(loaded->scene, loaded->schedule, &map);
  EXPECT_EQ(status.code(), Status::Code::kInvalidScene);
  EXPECT_NE(status.message().find("not a fixed weighted sum"), std::string::npos)
      << status.message();
}

TEST(Scatter, StepsAreInputCellsAndTheirSumsAreTheOutput) {
  auto loaded = Load(
      "operation: transposed_convolution\ninput: {size: 3, values: [[1, 2, 0], [0, 1, 3], "
      "[2, 0, 1]]}\nkernel: {size: 3, values: [[0, 1, 2], [2, 2, 0], [0, 1, 2]]}\n"
      "stride: 2\npadding: 1\noutput_padding: 1\n");
  ASSERT_NE(loaded, nullptr);
  ScatterSchedule scatter;
  ASSERT_TRUE(ScatterSchedule::Build(loaded->scene, loaded->schedule, &scatter).ok());
  EXPECT_EQ(scatter.step_count(), 9);
  EXPECT_EQ(scatter.full_size()[0], 2 * (3 - 1) + 3 + 1);  // s(i'-1) + k + a = 8
  EXPECT_EQ(scatter.crop_begin()[0], 1);
  const ScatterStep step = scatter.StepAt(5);  // row 1, column 2: the value 3
  EXPECT_EQ(step.in_row, 1);
  EXPECT_EQ(step.in_col, 2);
  EXPECT_EQ(step.value, 3.0);
  ASSERT_EQ(step.taps.size(), 9u);
  EXPECT_EQ(step.taps[0].full_row, 2);
  EXPECT_EQ(step.taps[0].full_col, 4);
  EXPECT_EQ(step.taps[0].out_row, 1);
  EXPECT_EQ(step.taps[0].out_col, 3);
  EXPECT_EQ(step.taps[5].product, 3.0 * 0.0);
  EXPECT_EQ(step.taps[2].product, 3.0 * 2.0);
  EXPECT_TRUE(scatter.AccumulatedAfter(scatter.step_count() - 1) == loaded->schedule.output());
  // Before any step, all zeros; the first step adds the first cell's copy only.
  const Tensor none = scatter.AccumulatedAfter(-1);
  for (double v : none.data()) EXPECT_EQ(v, 0.0);
}

TEST(Scatter, OverlapIsUnevenWhenTheKernelIsNotAMultipleOfTheStride) {
  auto uneven = Load(
      "operation: transposed_convolution\ninput: {size: 4, seed: 1}\nkernel: {size: 3, seed: "
      "2}\nstride: 2\n");
  auto even = Load(
      "operation: transposed_convolution\ninput: {size: 4, seed: 1}\nkernel: {size: 4, seed: "
      "2}\nstride: 2\n");
  ASSERT_TRUE(uneven && even);
  ScatterSchedule a, b;
  ASSERT_TRUE(ScatterSchedule::Build(uneven->scene, uneven->schedule, &a).ok());
  ASSERT_TRUE(ScatterSchedule::Build(even->scene, even->schedule, &b).ok());
  // k = 3, s = 2 along one axis: 1 1 2 1 2 1 2 1 1 copies; in 2-D the products, a
  // checkerboard of 1, 2 and 4.
  const std::vector<double> row = {1, 1, 2, 1, 2, 1, 2, 1, 1};
  for (int r = 0; r < 9; ++r) {
    for (int c = 0; c < 9; ++c) {
      EXPECT_EQ(a.overlap().at(0, r, c),
                row[static_cast<std::size_t>(r)] * row[static_cast<std::size_t>(c)]);
    }
  }
  // k = 4, s = 2: along one axis 1 1 2 2 2 2 2 2 1 1 copies; every inner cell is
  // touched by 2 x 2 of them, evenly.
  const std::vector<double> even_row = {1, 1, 2, 2, 2, 2, 2, 2, 1, 1};
  for (int r = 0; r < 10; ++r) {
    for (int c = 0; c < 10; ++c) {
      EXPECT_EQ(b.overlap().at(0, r, c),
                even_row[static_cast<std::size_t>(r)] * even_row[static_cast<std::size_t>(c)])
          << r << ", " << c;
    }
  }
}

TEST(Scatter, OtherOperationsAreRefused) {
  auto loaded = Load("operation: convolution\ninput: {size: 4}\nkernel: {size: 3}\n");
  ASSERT_NE(loaded, nullptr);
  ScatterSchedule scatter;
  EXPECT_EQ(ScatterSchedule::Build(loaded->scene, loaded->schedule, &scatter).code(),
            Status::Code::kInvalidScene);
}

}  // namespace
}  // namespace convanim
