// Building blocks of grid pictures, shared by the scene and figure models: paths of
// cell rings and grid lines on any mapping of grid corners to the picture (flat or the
// guide's oblique projection).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/scene.h"
#include "core/schedule.h"
#include "renderer/model.h"

namespace convanim {

// Grid corner (row, col) -> picture point; fractional rows and columns allowed.
using GridMap = std::function<Point(double row, double col)>;

// Cells of one row, [col_begin, col_end).
struct CellRun {
  int row = 0, col_begin = 0, col_end = 0;
};

// Merges cells (row, col) into runs along rows (cells need not be sorted; duplicates
// are dropped).
std::vector<CellRun> RunsOf(std::vector<std::pair<int, int>> cells);
// Whether the runs stack into one rectangle; then *block is it as one run per row
// range: rows [block->row, row_end), columns [col_begin, col_end).
bool RunsFormBlock(const std::vector<CellRun>& runs, int* row_end);

// The number canvas cell (row, col) of input channel `channel` shows: the input value, 0
// in inserted zeros and in padding the operation counts; false (nothing) in padding it
// ignores and past the padded input.
bool CanvasNumber(const Scene& scene, const Schedule& schedule, int channel, int row, int col,
                  double* value);

// A path of several subpaths, turned into a filled polygon or a stroked line shape.
class PathBuilder {
 public:
  void MoveTo(Point p);
  void LineTo(Point p);
  // The ring of grid rows [r0, r1) x columns [c0, c1) under `map` (a parallelogram in
  // the oblique view).
  void Ring(const GridMap& map, double r0, double r1, double c0, double c1);
  void Runs(const GridMap& map, const std::vector<CellRun>& runs);
  // A segment; `half_pixel` shifts horizontal and vertical ones across their length
  // (odd line widths sit on pixel centres).
  void Segment(Point a, Point b, double half_pixel = 0.0);
  // Every line of the grid rows [r0, r1] x columns [c0, c1]; `outline_only`: the four
  // edges only.
  void GridLines(const GridMap& map, int r0, int r1, int c0, int c1, double half_pixel,
                 bool outline_only = false);

  bool empty() const { return points_.empty(); }
  Shape Fill(Role role, std::string id) const;
  Shape Stroked(Role role, std::string id, const Stroke& stroke) const;

 private:
  std::vector<Point> points_;
  std::vector<uint32_t> breaks_;
};

}  // namespace convanim
