// Transposed convolutions in the matrix view (issue 15 point 7): the step's equation is the
// highlighted row of Cᵀ times x, entry by entry, its result the output cell; the header
// names C with its shape; style.show_direct draws C = (Cᵀ)ᵀ beside Cᵀ.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/linear_map.h"
#include "core/scatter.h"
#include "exporters/theme.h"
#include "renderer/numbers.h"
#include "tests/support/contrast.h"
#include "tests/support/models.h"

namespace convanim {
namespace {

// The equation's rows of a step, joined.
std::string Equation(const StepShapes& step) {
  std::string text;
  for (const auto& layer : step.layers) {
    for (const Shape* shape : testing::ShapesWithRole(layer, Role::kEquation))
      text += shape->text + " ";
  }
  return text;
}

// "4", "(−1)", "≈0.3" as a number.
double Number(std::string text) {
  for (const char* drop : {"(", ")", "\xE2\x89\x88"}) {
    for (std::size_t at; (at = text.find(drop)) != std::string::npos;)
      text.erase(at, std::string(drop).size());
  }
  const std::string minus = "\xE2\x88\x92";
  if (text.rfind(minus, 0) == 0) text = "-" + text.substr(minus.size());
  return std::strtod(text.c_str(), nullptr);
}

struct Product {
  double left = 0, right = 0;
};

// The "a·b" terms of an equation, in order, and the number after its last "=".
std::vector<Product> Products(const std::string& equation, double* result) {
  std::vector<Product> products;
  std::istringstream in(equation);
  std::string term, last;
  const std::string dot = "\xC2\xB7";
  while (in >> term) {
    const std::size_t at = term.find(dot);
    if (at != std::string::npos) {
      products.push_back({Number(term.substr(0, at)), Number(term.substr(at + dot.size()))});
    }
    if (last == "=") *result = Number(term);
    last = term;
  }
  return products;
}

const char* const kBody =
    "operation: transposed_convolution\n"
    "view: matrix\n"
    "input: {size: 2, values: [[1, 2], [3, 4]]}\n"
    "kernel: {size: 3, values: [[4, 0, 1], [2, -1, 3], [0, 5, 1]]}\n";
const std::string kScene = std::string(kBody) + "style: {equation: true, decimals: 0}\n";

void ExpectRowEquations(const std::string& yaml, int64_t rows, int64_t cols) {
  auto built = testing::BuildSceneText(yaml);
  ASSERT_NE(built, nullptr);
  LinearMap map;
  ASSERT_TRUE(BuildLinearMap(built->scene(), built->schedule(), &map).ok());
  ASSERT_EQ(map.rows, rows);
  ASSERT_EQ(map.cols, cols);
  const std::vector<double>& x = built->scene().input.data();
  const std::vector<double>& y = built->schedule().output().data();
  ASSERT_EQ(built->animation.step_count, map.rows);
  for (int64_t n = 0; n < built->animation.step_count; ++n) {
    const std::string equation = Equation(built->animation.Step(n));
    double result = 1e9;
    const std::vector<Product> products = Products(equation, &result);
    const std::vector<MatrixEntry>& entries = map.row_entries[static_cast<std::size_t>(n)];
    ASSERT_EQ(products.size(), entries.size()) << "step " << n << ": " << equation;
    for (std::size_t e = 0; e < entries.size(); ++e) {
      EXPECT_EQ(products[e].left, entries[e].value) << "step " << n << ": " << equation;
      EXPECT_EQ(products[e].right, x[static_cast<std::size_t>(entries[e].column)])
          << "step " << n << ": " << equation;
    }
    EXPECT_EQ(result, y[static_cast<std::size_t>(n)]) << "step " << n << ": " << equation;
  }
}

TEST(TransposedMatrix, EquationIsTheRowOfCTransposeTimesX) {
  // Stride 1, no padding: a 4x4 output, Cᵀ is 16x4.
  ExpectRowEquations(kScene, 16, 4);
  // Stride 2, padding 1: a 3x3 output; some rows of Cᵀ hold one entry.
  ExpectRowEquations(std::string(kScene) + "stride: 2\npadding: 1\n", 9, 4);
}

TEST(TransposedMatrix, HandWorkedRow) {
  // y[1, 1] (step 5) of the stride-1 scene: the stretched window is x itself under the
  // rotated kernel; Cᵀ's row 5 holds w[1,1], w[1,0], w[0,1], w[0,0] for x[0,0], x[0,1],
  // x[1,0], x[1,1]: (−1)·1 + 2·2 + 0·3 + 4·4 = 19.
  auto built = testing::BuildSceneText(kScene);
  ASSERT_NE(built, nullptr);
  const std::string equation = Equation(built->animation.Step(5));
  EXPECT_NE(equation.find("y[1, 1] = (\xE2\x88\x92"
                          "1)\xC2\xB7"
                          "1 + 2\xC2\xB7"
                          "2 + 0\xC2\xB7"
                          "3 + 4\xC2\xB7"
                          "4 = 19"),
            std::string::npos)
      << equation;
}

TEST(TransposedMatrix, HeaderNamesCWithItsShape) {
  auto built = testing::BuildSceneText(kScene);
  ASSERT_NE(built, nullptr);
  std::string header;
  for (const Shape& shape : FlattenStep(built->animation, 0)) {
    if (shape.id.rfind("matrix/header/", 0) == 0) header += shape.text + " ";
  }
  EXPECT_NE(header.find("C\xE1\xB5\x80 (16\xC3\x97"
                        "4)"),
            std::string::npos)
      << header;
  EXPECT_NE(header.find("C (4\xC3\x97"
                        "16)"),
            std::string::npos)
      << header;
}

TEST(TransposedMatrix, ShowDirectDrawsC) {
  auto plain = testing::BuildSceneText(kScene);
  auto built = testing::BuildSceneText(std::string(kBody) +
                                       "style: {equation: true, decimals: 0, show_direct: true}\n");
  ASSERT_NE(plain, nullptr);
  ASSERT_NE(built, nullptr);
  EXPECT_GT(built->animation.width, plain->animation.width);
  LinearMap map;
  ASSERT_TRUE(BuildLinearMap(built->scene(), built->schedule(), &map).ok());
  const std::vector<Shape> shapes = FlattenStep(built->animation, 0);
  int entries = 0;
  for (int64_t row = 0; row < map.rows; ++row) {
    for (const MatrixEntry& e : map.row_entries[static_cast<std::size_t>(row)]) {
      // C[column][row] = Cᵀ[row][column], drawn under C's row `column`, column `row`.
      const Shape& c = testing::MustFind(
          shapes, "matrix/direct/entry/" + std::to_string(e.column) + "/" + std::to_string(row));
      const Shape& ct = testing::MustFind(
          shapes, "matrix/entry/" + std::to_string(row) + "/" + std::to_string(e.column));
      EXPECT_EQ(c.text, ct.text);
      // C is drawn transposed: its rows go down with Cᵀ's columns.
      const Shape& first = testing::MustFind(shapes, "matrix/direct/entry/0/0");
      EXPECT_EQ(c.x > first.x, row > 0);
      EXPECT_EQ(c.y > first.y, e.column > 0);
      ++entries;
    }
  }
  EXPECT_EQ(entries, 36);  // each of the 4 inputs meets the 9 weights
  // Each step outlines one column of C.
  const StepShapes step = built->animation.Step(3);
  int outlines = 0;
  for (const auto& layer : step.layers) {
    for (const Shape& shape : layer) outlines += shape.id == "matrix/direct/column" ? 1 : 0;
  }
  EXPECT_EQ(outlines, 1);
  EXPECT_NE(Equation(plain->animation.Step(0)), "");
  // Without show_direct, no C.
  for (const Shape& shape : FlattenStep(plain->animation, 0))
    EXPECT_EQ(shape.id.rfind("matrix/direct/", 0), std::string::npos) << shape.id;
}

// The scatter view (issue 15 point 8): each step lists "y[i, j] += x·w" per output cell a
// product lands on, one line per output row when there are more than 9; adding up every
// step's listed products cell by cell gives the output.
void ExpectScatterTargets(const std::string& path_or_yaml, bool file) {
  auto built = file ? testing::BuildSceneFile(path_or_yaml) : testing::BuildSceneText(path_or_yaml);
  ASSERT_NE(built, nullptr);
  ScatterSchedule scatter;
  ASSERT_TRUE(ScatterSchedule::Build(built->scene(), built->schedule(), &scatter).ok());
  const Tensor& y = built->schedule().output();
  const Pair o = scatter.output_size();
  const int outs = scatter.output_channels();
  std::vector<double> sums(static_cast<std::size_t>(outs * o[0] * o[1]), 0.0);
  const std::string dot = "\xC2\xB7";
  for (int64_t n = 0; n < scatter.step_count(); ++n) {
    const ScatterStep step = scatter.StepAt(n);
    std::vector<std::string> rows;
    for (const auto& layer : built->animation.Step(n).layers) {
      for (const Shape* shape : testing::ShapesWithRole(layer, Role::kEquation))
        rows.push_back(shape->text);
    }
    std::size_t landed = 0;
    for (const ScatterTap& tap : step.taps) landed += tap.out_row >= 0 ? 1 : 0;
    // Parse "y[c][i, j] += a·b" terms.
    std::size_t found = 0;
    std::vector<int> row_of_line;
    for (const std::string& row : rows) {
      std::set<int> out_rows;
      for (std::size_t at = row.find("y["); at != std::string::npos; at = row.find("y[", at + 1)) {
        int c = 0, i = 0, j = 0;
        std::size_t end = row.find("] += ", at);
        ASSERT_NE(end, std::string::npos) << row;
        const std::string cell = row.substr(at + 2, end - at - 2);
        if (outs > 1) {
          ASSERT_EQ(std::sscanf(cell.c_str(), "%d][%d, %d", &c, &i, &j), 3) << cell;
        } else {
          ASSERT_EQ(std::sscanf(cell.c_str(), "%d, %d", &i, &j), 2) << cell;
        }
        std::size_t stop = row.find(", y[", end);
        const std::string product =
            row.substr(end + 5, stop == std::string::npos ? std::string::npos : stop - end - 5);
        const std::size_t d = product.find(dot);
        ASSERT_NE(d, std::string::npos) << product;
        const double a = Number(product.substr(0, d)), b = Number(product.substr(d + dot.size()));
        EXPECT_EQ(a, step.value) << row;
        // The weight is the one the core lands on that cell.
        bool matched = false;
        for (const ScatterTap& tap : step.taps) {
          if (tap.out_channel == c && tap.out_row == i && tap.out_col == j) {
            EXPECT_EQ(b, tap.weight) << row;
            matched = true;
          }
        }
        EXPECT_TRUE(matched) << row;
        sums[static_cast<std::size_t>((c * o[0] + i) * o[1] + j)] += a * b;
        out_rows.insert(c * 1000 + i);
        ++found;
      }
      if (landed > 9) {
        EXPECT_LE(out_rows.size(), 1u) << "one output row per line: " << row;
      }
    }
    EXPECT_EQ(found, landed) << "step " << n;
  }
  // The listed products, added up, are the output (the scene has no bias).
  for (std::size_t k = 0; k < sums.size(); ++k) EXPECT_DOUBLE_EQ(sums[k], y.data()[k]) << k;
}

TEST(Scatter, EachProductNamesItsOutputCell) {
  ExpectScatterTargets("scenes/examples/scatter_uneven.yaml", true);  // 9 targets at most
  ExpectScatterTargets("scenes/examples/scatter_even.yaml", true);    // 16: by row
  // Two output channels: y[c][i, j].
  ExpectScatterTargets(
      "operation: transposed_convolution\nview: scatter\n"
      "input: {size: 2, values: [[1, -2], [3, 4]]}\n"
      "kernel: {size: 2, out_channels: 2, values: [[[[1, 2], [-3, 4]], [[0, 1], [1, 0]]]]}\n"
      "stride: 2\nstyle: {equation: true}\n",
      false);
}

// output_padding (issue 15 point 8): the padding cells it adds at the end of each axis have
// their own role, outlined in a colour of at least 3:1 against the background, with a
// legend entry; other padding stays ordinary padding.
TEST(OutputPadding, ItsCellsHaveTheirOwnRoleAndLegend) {
  const std::string body =
      "operation: transposed_convolution\nview: numerical\n"
      "input: {size: 3, values: [[1, 2, 0], [0, 1, 3], [2, 0, 1]]}\n"
      "kernel: {size: 3, values: [[0, 1, 2], [2, 2, 0], [0, 1, 2]]}\nstride: 2\npadding: 1\n";
  auto with = testing::BuildSceneText(body + "output_padding: 1\n");
  auto without = testing::BuildSceneText(body);
  ASSERT_NE(with, nullptr);
  ASSERT_NE(without, nullptr);
  // Stretched 5 + p' = 1 before and p' + a = 2 after: an 8x8 canvas whose last row and
  // column are output_padding's, and only those.
  const Canvas& canvas = with->schedule().canvas();
  ASSERT_EQ(canvas.rows.length, 8);
  int added = 0;
  for (int r = 0; r < 8; ++r) {
    for (int c = 0; c < 8; ++c) {
      EXPECT_EQ(canvas.OutputPaddingAt(r, c), r == 7 || c == 7) << r << ", " << c;
      added += canvas.OutputPaddingAt(r, c) ? 1 : 0;
    }
  }
  EXPECT_EQ(added, 15);
  EXPECT_EQ(canvas.KindAt(7, 7), CellKind::kPadding);
  const std::vector<Shape> shapes = FlattenStep(with->animation, 0);
  const Shape& rings = testing::MustFind(shapes, "input/0/output_padding");
  EXPECT_EQ(rings.role, Role::kOutputPadding);
  std::string legend;
  for (const Shape* shape : testing::ShapesWithRole(shapes, Role::kLegend)) legend += shape->text;
  EXPECT_NE(legend.find("padding output_padding adds at the end"), std::string::npos) << legend;
  for (const Shape& shape : FlattenStep(without->animation, 0)) {
    EXPECT_NE(shape.role, Role::kOutputPadding) << shape.id;
    EXPECT_EQ(shape.text.find("output_padding adds"), std::string::npos) << shape.id;
  }
  EXPECT_EQ(without->schedule().canvas().cols.output_padding, 0);
}

// The numerical view shows each slice as written (weight[c, o], as ConvTranspose2d.weight
// holds it) beside the rotated one the stretched input's window applies.
TEST(TransposedNumerical, KernelAsWrittenAndRotated) {
  auto built = testing::BuildSceneText(
      "operation: transposed_convolution\nview: numerical\n"
      "input: {size: 2, channels: 2, values: [[[1, 2], [3, 4]], [[0, 1], [1, 0]]]}\n"
      "kernel: {size: [2, 3], out_channels: 2, values: [[[[1, 2, 3], [4, 5, 6]], "
      "[[7, 8, 9], [10, 11, 12]]], [[[-1, -2, -3], [-4, -5, -6]], [[0, 1, 0], [2, 0, 3]]]]}\n");
  ASSERT_NE(built, nullptr);
  const Scene& scene = built->scene();
  for (int o = 0; o < 2; ++o) {
    int64_t first = 0;
    while (built->schedule().StepAt(first).out_channel != o) ++first;
    const std::vector<Shape> shapes = FlattenStep(built->animation, first);
    for (int c = 0; c < 2; ++c) {
      const std::string base = "kernel/" + std::to_string(o) + "/" + std::to_string(c);
      EXPECT_EQ(testing::MustFind(shapes, base + "/written/label").text,
                "weight[" + std::to_string(c) + ", " + std::to_string(o) +
                    "] 2\xC3\x97"
                    "3 as written");
      EXPECT_NE(testing::MustFind(shapes, base + "/label").text.find("rotated 180"),
                std::string::npos);
      const Shape& rotated0 = testing::MustFind(shapes, base + "/weight/0/0");
      const Shape& written0 = testing::MustFind(shapes, base + "/written/weight/0/0");
      EXPECT_GT(written0.x, rotated0.x + 3 * 20.0);  // beside it, to the right
      for (int u = 0; u < 2; ++u) {
        for (int v = 0; v < 3; ++v) {
          const std::string cell = "/" + std::to_string(u) + "/" + std::to_string(v);
          EXPECT_EQ(Number(testing::MustFind(shapes, base + "/written/weight" + cell).text),
                    scene.kernel.at(c, o, u, v));
          EXPECT_EQ(Number(testing::MustFind(shapes, base + "/weight" + cell).text),
                    scene.kernel.at(c, o, 1 - u, 2 - v));
        }
      }
    }
  }
}

TEST(OutputPadding, ItsOutlineHasThreeToOneAgainstTheBackground) {
  for (const std::string& name : ThemeNames()) {
    Theme theme;
    ASSERT_TRUE(GetTheme(name, &theme).ok());
    EXPECT_GE(testing::Contrast(theme[Role::kOutputPadding], theme[Role::kBackground]), 3.0)
        << name;
    // And it is not the ordinary padding's colour.
    EXPECT_FALSE(testing::RgbOf(theme[Role::kOutputPadding]) ==
                 testing::RgbOf(theme[Role::kPaddingCell]))
        << name;
  }
}

}  // namespace
}  // namespace convanim
