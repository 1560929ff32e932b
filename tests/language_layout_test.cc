// Layout that holds in every language (issue 19): for every example of scenes/examples/ and
// every scene of the guide drawn in the teaching style, in English and in Chinese, the
// model's texts are measured (ShapeBounds with the animation's fonts) and checked: no text
// overlaps another text, no label, legend, equation or caption overlaps a grid cell, no
// number overlaps a cell other than its own, nothing lies outside the canvas, and no glyph
// is .notdef (glyph 0). In Chinese, the label, legend, caption and equation texts hold no
// English word (the guide's notation aside).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "renderer/fonts.h"
#include "renderer/model.h"
#include "renderer/scene_model.h"
#include "renderer/words.h"
#include "support/models.h"
#include "support/paths.h"

namespace convanim {
namespace {

// A shape with the offset of the groups it is in.
struct Placed {
  const Shape* shape = nullptr;
  double dx = 0.0, dy = 0.0;
};

void Flatten(const std::vector<Shape>& shapes, double dx, double dy, int64_t step, bool shared,
             std::vector<Placed>* out) {
  for (const Shape& shape : shapes) {
    if (shared && !shape.VisibleAt(step)) continue;
    if (shape.kind == ShapeKind::kGroup) {
      Flatten(shape.children, dx + shape.x, dy + shape.y, step, false, out);
    } else {
      out->push_back({&shape, dx, dy});
    }
  }
}

Box Moved(Box box, const Placed& placed) {
  box.x0 += placed.dx;
  box.x1 += placed.dx;
  box.y0 += placed.dy;
  box.y1 += placed.dy;
  return box;
}

bool IsCell(Role role) {
  switch (role) {
    case Role::kInputCell:
    case Role::kPaddingCell:
    case Role::kInsertedZero:
    case Role::kOutsideCell:
    case Role::kOutputCell:
    case Role::kPendingCell:
    case Role::kKernelCell:
      return true;
    default:
      return false;
  }
}

bool IsNumber(Role role) {
  return role == Role::kValue || role == Role::kMutedValue || role == Role::kWeight ||
         role == Role::kOutputValue;
}

bool IsWords(Role role) {
  return role == Role::kLabel || role == Role::kLegend || role == Role::kCaption ||
         role == Role::kEquation || role == Role::kTitle;
}

// Boxes that overlap by more than `tolerance` pixels both ways.
bool Overlap(const Box& a, const Box& b, double tolerance) {
  return std::min(a.x1, b.x1) - std::max(a.x0, b.x0) > tolerance &&
         std::min(a.y1, b.y1) - std::max(a.y0, b.y0) > tolerance;
}

bool Contains(const Box& box, Point p) {
  return p.x >= box.x0 && p.x <= box.x1 && p.y >= box.y0 && p.y <= box.y1;
}

// English words in a Chinese text: runs of two or more Latin letters that are not the
// guide's notation (max, floor, ceil, dL/dy, k_eff, ...), PyTorch's names (the slice labels
// index PyTorch's tensors, weight[o, c] and bias[o], of Conv2d / ConvTranspose2d; the flags
// ceil_mode, count_include_pad) or the name PyTorch itself.
std::vector<std::string> EnglishWords(const std::string& text) {
  static const std::set<std::string> kNotation = {"max",
                                                  "floor",
                                                  "ceil",
                                                  "dL",
                                                  "dy",
                                                  "dx",
                                                  "dW",
                                                  "db",
                                                  "mod",
                                                  "weight",
                                                  "bias",
                                                  "Conv",
                                                  "ConvTranspose",
                                                  "groups",
                                                  "PyTorch",
                                                  "ceil_mode",
                                                  "count_include_pad",
                                                  "output_padding"};
  std::vector<std::string> words;
  static const std::regex kWord("[A-Za-z_]{2,}");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kWord);
       it != std::sregex_iterator(); ++it) {
    std::string word = it->str();
    if (kNotation.count(word) > 0) continue;
    // k_eff, p_begin: notation with a subscript.
    if (word.size() >= 2 && word[1] == '_') continue;
    words.push_back(word);
  }
  return words;
}

struct Counts {
  int scenes = 0, texts = 0, glyphs = 0, oblique_cells = 0;
};

// The faults of `animation`, each a sentence.
std::vector<std::string> Faults(const std::string& where, const Animation& animation, bool chinese,
                                Counts* counts) {
  std::vector<std::string> faults;
  const Fonts* fonts = animation.fonts.get();
  if (fonts == nullptr) return {where + ": no fonts"};
  std::set<int64_t> steps = {0, animation.still_step, animation.step_count / 2,
                             animation.step_count - 1};
  std::ostringstream fault;
  const auto report = [&fault]() {
    fault.str("");
    return true;
  };
  const auto add = [&faults, &fault]() { faults.push_back(fault.str()); };
  for (int64_t step : steps) {
    const StepShapes per_step = animation.Step(step);
    std::vector<Placed> placed;
    for (std::size_t l = 0; l < animation.layers.size(); ++l) {
      Flatten(animation.layers[l].shapes, 0, 0, step, true, &placed);
      if (l < per_step.layers.size()) Flatten(per_step.layers[l], 0, 0, step, false, &placed);
    }
    std::vector<std::pair<const Placed*, Box>> texts, cells;
    std::vector<const Placed*> polygons;  // the arithmetic view's oblique cells
    for (const Placed& p : placed) {
      if (p.shape->kind == ShapeKind::kText && !p.shape->text.empty()) {
        texts.emplace_back(&p, Moved(ShapeBounds(*p.shape, fonts), p));
      } else if (p.shape->kind == ShapeKind::kRect && IsCell(p.shape->role)) {
        Box box;
        box.AddRect(p.shape->x + p.dx, p.shape->y + p.dy, p.shape->width, p.shape->height);
        cells.emplace_back(&p, box);
      } else if (p.shape->kind == ShapeKind::kPolygon && IsCell(p.shape->role)) {
        polygons.push_back(&p);
        ++counts->oblique_cells;
      }
    }
    const std::string at = where + " step " + std::to_string(step) + ": ";
    for (std::size_t i = 0; i < texts.size(); ++i) {
      const Shape& shape = *texts[i].first->shape;
      const Box& box = texts[i].second;
      ++counts->texts;
      // On the canvas.
      if ((box.x0 < -0.5 || box.y0 < -0.5 || box.x1 > animation.width + 0.5 ||
           box.y1 > animation.height + 0.5) &&
          report()) {
        fault << at << "'" << shape.text << "' (" << shape.id << ") [" << box.x0 << ", " << box.y0
              << ", " << box.x1 << ", " << box.y1 << "] leaves the canvas " << animation.width
              << "x" << animation.height;
        add();
      }
      // No .notdef.
      std::vector<Fonts::Glyph> glyphs;
      double advance = 0.0;
      uint32_t missing = 0;
      const bool laid = fonts->Layout(shape.text, &glyphs, &advance, &missing);
      if (!laid && report()) {
        fault << at << "'" << shape.text << "' has U+" << std::hex << missing << std::dec
              << ", which no font has";
        add();
      }
      for (const Fonts::Glyph& glyph : glyphs) {
        ++counts->glyphs;
        if (glyph.index == 0 && report()) {
          fault << at << "'" << shape.text << "': .notdef for U+" << std::hex << glyph.codepoint
                << std::dec;
          add();
        }
      }
      // No text on another.
      for (std::size_t j = i + 1; j < texts.size(); ++j) {
        if (Overlap(box, texts[j].second, 1.0) && report()) {
          fault << at << "'" << shape.text << "' (" << shape.id << ") overlaps '"
                << texts[j].first->shape->text << "' (" << texts[j].first->shape->id << ")";
          add();
        }
      }
      // Words off the grids; a number only on its own cell.
      const Point anchor{shape.x + texts[i].first->dx, shape.y + texts[i].first->dy};
      for (const auto& [cell, cell_box] : cells) {
        if (!Overlap(box, cell_box, 1.0)) continue;
        const bool own = IsNumber(shape.role) && Contains(cell_box, anchor);
        if (!own && (IsWords(shape.role) || IsNumber(shape.role)) && report()) {
          fault << at << "'" << shape.text << "' (" << shape.id << ", " << RoleName(shape.role)
                << ") overlaps the cell " << cell->shape->id;
          add();
        }
      }
      // Words off the oblique cells: no point of the text's box (1 px in) is in one.
      for (const Placed* polygon : polygons) {
        if (!IsWords(shape.role)) break;
        bool inside = false;
        for (int a = 0; a <= 4 && !inside; ++a) {
          for (int b = 0; b <= 2 && !inside; ++b) {
            const Point q{box.x0 + 1 + (box.width() - 2) * a / 4.0 - polygon->dx,
                          box.y0 + 1 + (box.height() - 2) * b / 2.0 - polygon->dy};
            inside = testing::PolygonContains(*polygon->shape, q);
          }
        }
        if (inside && report()) {
          fault << at << "'" << shape.text << "' (" << shape.id << ", " << RoleName(shape.role)
                << ") overlaps the cell " << polygon->shape->id;
          add();
        }
      }
      // Chinese words only.
      if (chinese && shape.role != Role::kTitle && IsWords(shape.role)) {
        for (const std::string& word : EnglishWords(shape.text)) {
          if (report()) {
            fault << at << "'" << shape.text << "' (" << RoleName(shape.role)
                  << ") holds the English word '" << word << "'";
            add();
          }
        }
      }
    }
  }
  ++counts->scenes;
  return faults;
}

void CheckAnimation(const std::string& where, const Animation& animation, bool chinese,
                    Counts* counts) {
  const std::vector<std::string> faults = Faults(where, animation, chinese, counts);
  for (std::size_t i = 0; i < faults.size() && i < 12; ++i) ADD_FAILURE() << faults[i];
}

void CheckLanguage(const std::string& language, Counts* counts) {
  SceneModelOptions options;
  ASSERT_TRUE(testing::OptionsInLanguage(language, &options));
  for (const auto& [name, text] : testing::TeachingStyleScenes()) {
    auto built = testing::BuildSceneText(text, options);
    ASSERT_NE(built, nullptr) << name;
    EXPECT_EQ(built->animation.language, language);
    CheckAnimation(language + " " + name, built->animation, language != "en", counts);
  }
}

TEST(LanguageLayout, EnglishTextsNeitherOverlapNorLeaveTheCanvas) {
  Counts counts;
  CheckLanguage("en", &counts);
  std::printf("%d scenes, %d texts, %d glyphs checked\n", counts.scenes, counts.texts,
              counts.glyphs);
  EXPECT_GE(counts.scenes, 40);
  EXPECT_GE(counts.texts, 2000);
  EXPECT_GE(counts.glyphs, 20000);
  EXPECT_GE(counts.oblique_cells, 100);
}

TEST(LanguageLayout, ChineseTextsNeitherOverlapNorLeaveTheCanvasNorHoldEnglish) {
  Counts counts;
  CheckLanguage("zh", &counts);
  std::printf("%d scenes, %d texts, %d glyphs checked\n", counts.scenes, counts.texts,
              counts.glyphs);
  EXPECT_GE(counts.scenes, 40);
  EXPECT_GE(counts.texts, 2000);
  EXPECT_GE(counts.glyphs, 20000);
  EXPECT_GE(counts.oblique_cells, 100);
}

TEST(LanguageLayout, TheCheckFindsOverlapsAndEnglish) {
  Animation animation;
  animation.width = 200;
  animation.height = 100;
  animation.fonts = Fonts::Embedded();
  ASSERT_NE(animation.fonts, nullptr);
  Layer layer;
  layer.shapes.push_back(Rect(Role::kInputCell, "cell/0", 10, 10, 20, 20));
  layer.shapes.push_back(Rect(Role::kInputCell, "cell/1", 30, 10, 20, 20));
  layer.shapes.push_back(Text(Role::kValue, "value/0", "3", 20, 20, 12));     // its own cell
  layer.shapes.push_back(Text(Role::kValue, "value/1", "3.25", 32, 20, 12));  // two cells
  layer.shapes.push_back(Text(Role::kLabel, "label", "input", 40, 15, 12));   // on cell/1
  layer.shapes.push_back(Text(Role::kLegend, "a", "kernel", 100, 60, 12));
  layer.shapes.push_back(Text(Role::kLegend, "b", "window", 110, 62, 12));  // on "kernel"
  layer.shapes.push_back(Text(Role::kLegend, "c", "far right", 198, 80, 12));
  layer.shapes.push_back(Text(Role::kEquation, "d", "y = max(1, 2)", 60, 90, 12));
  layer.shapes.push_back(
      Polygon(Role::kOutputCell, "oblique/0", {{120, 10}, {160, 10}, {150, 30}, {110, 30}}));
  layer.shapes.push_back(Text(Role::kLabel, "on-oblique", "output", 135, 24, 12));
  animation.layers.push_back(layer);
  Counts counts;
  const std::vector<std::string> faults = Faults("t", animation, true, &counts);
  const auto found = [&faults](const std::string& part) {
    return std::count_if(faults.begin(), faults.end(), [&part](const std::string& fault) {
      return fault.find(part) != std::string::npos;
    });
  };
  EXPECT_EQ(found("'3' (value/0, value) overlaps the cell"), 0);  // its own cell
  EXPECT_EQ(found("'3.25' (value/1, value) overlaps the cell cell/0"), 1);
  EXPECT_EQ(found("'input' (label, label) overlaps the cell cell/1"), 1);
  EXPECT_EQ(found("'kernel' (a) overlaps 'window' (b)"), 1);
  EXPECT_EQ(found("'3' (value/0) overlaps '3.25' (value/1)"), 1);
  EXPECT_EQ(found("'output' (on-oblique, label) overlaps the cell oblique/0"), 1);
  EXPECT_EQ(found("'y = max(1, 2)'"), 0);    // notation, on the canvas, off the cells
  EXPECT_EQ(found("'far right' (c) ["), 1);  // leaves the canvas
  EXPECT_EQ(found("holds the English word 'input'"), 1);
  EXPECT_EQ(found("holds the English word"), 6);  // input, kernel, window, far, right, output

  EXPECT_TRUE(Overlap({0, 0, 10, 10}, {8, 8, 20, 20}, 1.0));
  EXPECT_FALSE(Overlap({0, 0, 10, 10}, {9.5, 0, 20, 10}, 1.0));  // touching cells
  EXPECT_EQ(EnglishWords("输出 y[0, 1] = max(3, 4) = 4"), std::vector<std::string>{});
  EXPECT_EQ(EnglishWords("卷积核 k_eff = 5, dL/dy"), std::vector<std::string>{});
  EXPECT_EQ(EnglishWords("输入 input 5x5"), std::vector<std::string>{"input"});
}

}  // namespace
}  // namespace convanim
