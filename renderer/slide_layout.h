// style.layout: slide (and render --layout slide): a frame of the teaching style laid out
// for a 16:9 slide. The grids stay one column on the left; the text blocks (equation,
// parameters, legend) go beside them, wrapped to the width that fills the slide best, or
// under them when the grids are wide; the title runs across the top; the canvas is padded
// to 16:9 with the content centred. Text keeps its size.
#pragma once

#include <functional>
#include <string>

#include "renderer/teaching_blocks.h"

namespace convanim {
namespace teaching {

constexpr double kSlideRatio = 16.0 / 9.0;
constexpr double kMaxSlideTextWidth = 960.0;  // a text column wraps at most this wide
constexpr double kMaxSlideRowWidth = 1400.0;  // grids in a row up to this wide on a slide

struct SlidePlan {
  bool beside = true;                  // the text right of the grids; false: under them
  double text_width = kMinTextWidth;   // what the text wraps to
  double title_width = kMinTextWidth;  // what the title wraps to
  double width = 0.0, height = 0.0;    // the canvas, 16:9
  Point grids;                         // the grids' column's top-left corner
  Point text;                          // the text column's top-left corner
  Point title;                         // the title's top-left corner
};

// Chooses where the blocks go. `grids_width` x `grids_height`: the grids' column;
// `text_height(w)`: the height of the text blocks wrapped to w; `title_height(w)`: the
// title's (0 without a title, else with the gap under it); `min_text_width`: the widest
// line the text cannot wrap. The plan whose 16:9 canvas is smallest wins, text beside the
// grids preferred.
SlidePlan PlanSlide(double grids_width, double grids_height,
                    const std::function<double(double)>& text_height,
                    const std::function<double(double)>& title_height,
                    double min_text_width = kMinTextWidth);

// The height `title` takes wrapped to `width` in the title font, with the gap under it; 0
// without a title. The title_height of PlanSlide and PageTextBeside.
double TitleHeight(const Fonts& fonts, const std::string& title, double width);

// The page layout (style.layout: page, the default) of the views that stack their text
// under the grids: 0 to keep it there (that picture, `under_text_width` wide, is landscape,
// or no text column makes a picture of at most kMaxPageWidth a better one), else the width
// of the text column to put beside the grids. Landscape beats portrait; among landscape
// pictures the smallest area wins, among portraits the least tall.
constexpr double kMaxPageWidth = 1600.0;  // a page grows at most this wide to be landscape
double PageTextBeside(double grids_width, double grids_height, double under_text_width,
                      const std::function<double(double)>& text_height,
                      const std::function<double(double)>& title_height,
                      double min_text_width = kMinTextWidth);

}  // namespace teaching
}  // namespace convanim
