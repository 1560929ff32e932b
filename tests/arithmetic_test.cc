// Output-size arithmetic against the guide's figures (Relationships 1-15).
#include "core/arithmetic.h"

#include <gtest/gtest.h>

#include "renderer/arithmetic_words.h"

namespace convanim {
namespace {

struct FigureCase {
  const char* figure;
  Operation operation;
  int i, k, s, p, d, a;
  int expected_output;
  int expected_relationship;
  const char* expected_formula;
};

// One axis with p cells of padding on both sides.
AxisConfig Axis(Operation op, int i, int k, int s = 1, int p = 0, int d = 1, int a = 0) {
  AxisConfig config;
  config.operation = op;
  config.input = i;
  config.kernel = k;
  config.stride = s;
  config.pad_begin = config.pad_end = p;
  config.dilation = d;
  config.output_padding = a;
  return config;
}

AxisConfig ConfigOf(const FigureCase& c) { return Axis(c.operation, c.i, c.k, c.s, c.p, c.d, c.a); }

// ComputeAxis's refusal of `config`, checked to be an invalid scene.
Status Refusal(const AxisConfig& config) {
  AxisArithmetic result;
  const Status status = ComputeAxis(config, &result);
  EXPECT_EQ(status.code(), Status::Code::kInvalidScene) << status.ToString();
  return status;
}

class GuideFigureTest : public ::testing::TestWithParam<FigureCase> {};

TEST_P(GuideFigureTest, OutputSizeAndRelationship) {
  const FigureCase& c = GetParam();
  AxisArithmetic result;
  ASSERT_TRUE(ComputeAxis(ConfigOf(c), &result).ok()) << c.figure;
  EXPECT_EQ(result.output, c.expected_output) << c.figure;
  EXPECT_EQ(result.relationship, c.expected_relationship) << c.figure;
  EXPECT_EQ(Formula(result, Words::English()), c.expected_formula) << c.figure;
  const std::string name = RelationshipName(result, Words::English());
  EXPECT_NE(name.find("Relationship " + std::to_string(c.expected_relationship)), std::string::npos)
      << name;
}

constexpr Operation kConv = Operation::kConvolution;
constexpr Operation kTConv = Operation::kTransposedConvolution;
constexpr Operation kMax = Operation::kMaxPooling;
constexpr Operation kAvg = Operation::kAveragePooling;

// Transposed rows are written in the scene format's terms: i is the transposed
// convolution's input i' (the direct convolution's output), with the same k, s, p.
INSTANTIATE_TEST_SUITE_P(
    Guide, GuideFigureTest,
    ::testing::Values(
        FigureCase{"2.1", kConv, 4, 3, 1, 0, 1, 0, 2, 1, "o = (4 - 3) + 1 = 2"},
        FigureCase{"2.2", kConv, 5, 4, 1, 2, 1, 0, 6, 2, "o = (5 - 4) + 2*2 + 1 = 6"},
        FigureCase{"2.3", kConv, 5, 3, 1, 1, 1, 0, 5, 3, "o = 5 + 2*1 - (3 - 1) = 5"},
        FigureCase{"2.4", kConv, 5, 3, 1, 2, 1, 0, 7, 4, "o = 5 + (3 - 1) = 7"},
        FigureCase{"2.5", kConv, 5, 3, 2, 0, 1, 0, 2, 5, "o = floor((5 - 3) / 2) + 1 = 2"},
        FigureCase{"2.6", kConv, 5, 3, 2, 1, 1, 0, 3, 6, "o = floor((5 + 2*1 - 3) / 2) + 1 = 3"},
        FigureCase{"2.7", kConv, 6, 3, 2, 1, 1, 0, 3, 6, "o = floor((6 + 2*1 - 3) / 2) + 1 = 3"},
        FigureCase{"1.5", kAvg, 5, 3, 1, 0, 1, 0, 3, 7, "o = floor((5 - 3) / 1) + 1 = 3"},
        FigureCase{"1.6", kMax, 5, 3, 1, 0, 1, 0, 3, 7, "o = floor((5 - 3) / 1) + 1 = 3"},
        FigureCase{"4.1", kTConv, 2, 3, 1, 0, 1, 0, 4, 8, "o' = 2 + (3 - 1) = 4"},
        FigureCase{"4.2", kTConv, 6, 4, 1, 2, 1, 0, 5, 9, "o' = 6 + (4 - 1) - 2*2 = 5"},
        FigureCase{"4.3", kTConv, 5, 3, 1, 1, 1, 0, 5, 10, "o' = 5 + (3 - 1) - 2*1 = 5"},
        FigureCase{"4.4", kTConv, 7, 3, 1, 2, 1, 0, 5, 11, "o' = 7 - (3 - 1) = 5"},
        FigureCase{"4.5", kTConv, 2, 3, 2, 0, 1, 0, 5, 12, "o' = 2*(2 - 1) + 3 = 5"},
        FigureCase{"4.6", kTConv, 3, 3, 2, 1, 1, 0, 5, 13, "o' = 2*(3 - 1) + 3 - 2*1 = 5"},
        FigureCase{"4.7", kTConv, 3, 3, 2, 1, 1, 1, 6, 14, "o' = 2*(3 - 1) + 1 + 3 - 2*1 = 6"},
        FigureCase{"5.1", kConv, 7, 3, 1, 0, 2, 0, 3, 15,
                   "o = floor((7 + 2*0 - 3 - (3 - 1)*(2 - 1)) / 1) + 1 = 3"}),
    [](const ::testing::TestParamInfo<FigureCase>& param_info) {
      std::string name = std::string("Figure_") + param_info.param.figure;
      for (char& ch : name) {
        if (ch == '.') ch = '_';
      }
      return name;
    });

// The guide's equivalent direct convolutions (Figures 4.1-4.7 captions).
struct EquivalentCase {
  const char* figure;
  int i_prime, k, s, p, a;
  int stretched, pad_begin, pad_end;
};

class EquivalentTest : public ::testing::TestWithParam<EquivalentCase> {};

TEST_P(EquivalentTest, MatchesCaption) {
  const EquivalentCase& c = GetParam();
  AxisArithmetic result;
  ASSERT_TRUE(ComputeAxis(Axis(kTConv, c.i_prime, c.k, c.s, c.p, 1, c.a), &result).ok());
  ASSERT_TRUE(result.has_equivalent);
  EXPECT_EQ(result.equivalent.input, c.i_prime);
  EXPECT_EQ(result.equivalent.stretched, c.stretched);
  EXPECT_EQ(result.equivalent.kernel, c.k);
  EXPECT_EQ(result.equivalent.stride, 1);
  EXPECT_EQ(result.equivalent.pad_begin, c.pad_begin);
  EXPECT_EQ(result.equivalent.pad_end, c.pad_end);
  EXPECT_EQ(result.equivalent.output_padding, c.a);
  // The equivalent unit-stride convolution produces the transposed output size.
  EXPECT_EQ(c.stretched + c.pad_begin + c.pad_end - c.k + 1, result.output);
}

INSTANTIATE_TEST_SUITE_P(Guide, EquivalentTest,
                         ::testing::Values(EquivalentCase{"4.1", 2, 3, 1, 0, 0, 2, 2, 2},
                                           EquivalentCase{"4.2", 6, 4, 1, 2, 0, 6, 1, 1},
                                           EquivalentCase{"4.3", 5, 3, 1, 1, 0, 5, 1, 1},
                                           EquivalentCase{"4.4", 7, 3, 1, 2, 0, 7, 0, 0},
                                           EquivalentCase{"4.5", 2, 3, 2, 0, 0, 3, 2, 2},
                                           EquivalentCase{"4.6", 3, 3, 2, 1, 0, 5, 1, 1},
                                           EquivalentCase{"4.7", 3, 3, 2, 1, 1, 5, 1, 2}));

TEST(ArithmeticTest, AsymmetricPaddingUsesBothSides) {
  AxisConfig config = Axis(kConv, 5, 3, 2);
  config.pad_end = 1;
  AxisArithmetic result;
  ASSERT_TRUE(ComputeAxis(config, &result).ok());
  EXPECT_EQ(result.output, 2);  // floor((5 + 0 + 1 - 3) / 2) + 1
  EXPECT_EQ(result.relationship, 6);
  EXPECT_EQ(Formula(result, Words::English()), "o = floor((5 + 0 + 1 - 3) / 2) + 1 = 2");
}

// Pooling sizes worked by hand, with ceil_mode off and on (PyTorch's rule: the last
// window must start inside the input or its leading padding).
struct CeilCase {
  int i, k, s, p;
  int floor_output, ceil_output;
  const char* why;
};

TEST(ArithmeticTest, CeilModeRoundsUpButDropsAWindowStartingPastTheInput) {
  const CeilCase cases[] = {
      {5, 2, 2, 0, 2, 3, "span 3: ceil(3/2) + 1 = 3; the last window starts at 4 < 5"},
      {4, 3, 2, 1, 2, 3, "span 3: ceil(3/2) + 1 = 3; the last starts at 4 < 4 + 1"},
      {5, 2, 2, 1, 3, 3, "span 5: ceil(5/2) + 1 = 4, but the last would start at 6 >= 5 + 1"},
      {2, 1, 3, 0, 1, 1, "span 1: ceil(1/3) + 1 = 2, but the last would start at 3 >= 2"},
      {4, 3, 3, 1, 2, 2, "span 3, divisible: both modes give 2"},
      {3, 2, 3, 1, 2, 2, "span 3, divisible: the second window starts at 3 < 3 + 1"},
  };
  for (const CeilCase& c : cases) {
    SCOPED_TRACE(c.why);
    for (Operation op : {kMax, kAvg}) {
      AxisConfig config = Axis(op, c.i, c.k, c.s, c.p);
      AxisArithmetic result;
      ASSERT_TRUE(ComputeAxis(config, &result).ok());
      EXPECT_EQ(result.output, c.floor_output);
      config.ceil_mode = true;
      ASSERT_TRUE(ComputeAxis(config, &result).ok());
      EXPECT_EQ(result.output, c.ceil_output);
      EXPECT_EQ(result.relationship, 0);  // outside the guide's cases
    }
  }
}

TEST(ArithmeticTest, RefusesWindowLargerThanPaddedInputNamingEffectiveSizes) {
  EXPECT_EQ(Refusal(Axis(kConv, 4, 5, 1, 1, 2)).message(),
            "the kernel of 5 (dilated to 9) does not fit the input of 4 padded to 6 (as in "
            "PyTorch, a kernel may not be larger than the padded input)");
  EXPECT_EQ(Refusal(Axis(kMax, 2, 3)).message(),
            "the window of 3 does not fit the input of 2 (as in PyTorch, a window may not be "
            "larger than the padded input)");
}

TEST(ArithmeticTest, RefusesOutputPaddingNotSmallerThanStrideOrDilation) {
  AxisConfig config = Axis(kTConv, 3, 3, 2, 0, 1, 2);
  EXPECT_EQ(
      Refusal(config).message(),
      "output_padding 2 must be smaller than either the stride (2) or the dilation (1), as in "
      "PyTorch");
  config.dilation = 3;  // a < max(s, d) = 3 now holds
  AxisArithmetic result;
  EXPECT_TRUE(ComputeAxis(config, &result).ok());
  EXPECT_EQ(result.output, 2 * (3 - 1) + 2 + 3 * (3 - 1) + 1);
  EXPECT_EQ(result.relationship, 0);
}

TEST(ArithmeticTest, RefusesTransposedPaddingThatCropsEverything) {
  EXPECT_EQ(Refusal(Axis(kTConv, 1, 2, 1, 1)).message(),
            "the padding (1 + 1) crops the whole output of the transposed convolution (2 "
            "before cropping; PyTorch refuses it too: output size too small)");
}

TEST(ArithmeticTest, NegativeEquivalentPaddingWhenPaddingExceedsKernelReach) {
  AxisConfig config = Axis(kTConv, 4, 2, 2);
  config.pad_begin = 2;
  config.pad_end = 1;
  AxisArithmetic result;
  ASSERT_TRUE(ComputeAxis(config, &result).ok());
  EXPECT_EQ(result.output, 2 * 3 + 2 - 3);
  EXPECT_EQ(result.equivalent.pad_begin, -1);
  EXPECT_EQ(result.equivalent.pad_end, 0);
}

// ----- 64-bit arithmetic at the extremes -------------------------------------------------

namespace extremes {

constexpr int64_t kBig = kMaxAxisValue;  // 2^30

AxisConfig Config64(Operation op, int64_t i, int64_t k, int64_t s, int64_t d, int64_t a,
                    int64_t p) {
  AxisConfig c;
  c.operation = op;
  c.input = i;
  c.kernel = k;
  c.stride = s;
  c.dilation = d;
  c.output_padding = a;
  c.pad_begin = c.pad_end = p;
  return c;
}

TEST(ArithmeticExtremes, TransposedAtTheLargestNumbers) {
  // o' = s(i'-1) + a + d(k-1) + 1 - 2p with every term at its largest: about 2^61.
  AxisArithmetic out;
  ASSERT_TRUE(
      ComputeAxis(Config64(Operation::kTransposedConvolution, kBig, kBig, kBig, kBig, kBig - 1, 0),
                  &out)
          .ok());
  EXPECT_EQ(out.effective_kernel, kBig * (kBig - 1) + 1);
  EXPECT_EQ(out.output, 2 * kBig * (kBig - 1) + (kBig - 1) + 1);
  EXPECT_EQ(out.output, 2305843008139952128);  // written out: 2^61 - 2^31 + 2^30
  EXPECT_EQ(out.equivalent.stretched, kBig * (kBig - 1) + 1);
  // The largest padding crops all of it.
  EXPECT_FALSE(ComputeAxis(Config64(Operation::kTransposedConvolution, kBig, kBig, kBig, kBig,
                                    kBig - 1, kMaxAxisPadding),
                           &out)
                   .ok());
}

TEST(ArithmeticExtremes, DirectAndPoolingAtTheLargestNumbers) {
  AxisArithmetic out;
  // A convolution padded by 2^60 on each side: o = (2^30 + 2^61 - 1) / 1 + 1.
  ASSERT_TRUE(
      ComputeAxis(Config64(Operation::kConvolution, kBig, 1, 1, 1, 0, kMaxAxisPadding), &out).ok());
  EXPECT_EQ(out.output, kBig + 2 * kMaxAxisPadding);
  // Max pooling, ceil_mode, a window of k_eff ~ 2^60 over 2^30 cells with the largest stride.
  AxisConfig pool = Config64(Operation::kMaxPooling, kBig, kBig, kBig, kBig, 0, 0);
  pool.ceil_mode = true;
  pool.pad_begin = pool.pad_end = (kBig * (kBig - 1) + 1) / 2;
  ASSERT_TRUE(ComputeAxis(pool, &out).ok());
  // span = 2^30 + 2 * floor(k_eff/2) - k_eff = 2^30 - 1; ceil((2^30 - 1) / 2^30) + 1 = 2.
  EXPECT_EQ(out.output, 2);
}

TEST(ArithmeticExtremes, NumbersPastTheLimitsAreRefusedNotWrapped) {
  AxisArithmetic out;
  Status status =
      ComputeAxis(Config64(Operation::kTransposedConvolution, kBig + 1, 3, 1, 1, 0, 0), &out);
  EXPECT_EQ(status.message(),
            "sizes, strides and dilations must be at most 1073741824, got "
            "1073741825");
  status = ComputeAxis(Config64(Operation::kConvolution, 1, 1, 1, 1, 0, kMaxAxisPadding + 1), &out);
  EXPECT_NE(status.message().find("padding and output_padding must be at most"), std::string::npos);
  status = ComputeAxis(Config64(Operation::kConvolution, 1, 1, 1, 1, 0, -1), &out);
  EXPECT_FALSE(status.ok());
}

}  // namespace extremes

}  // namespace
}  // namespace convanim
