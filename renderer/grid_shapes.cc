#include "renderer/grid_shapes.h"

#include <algorithm>

namespace convanim {

bool CanvasNumber(const Scene& scene, const Schedule& schedule, int channel, int row, int col,
                  double* value) {
  const Canvas& canvas = schedule.canvas();
  switch (canvas.KindAt(row, col)) {
    case CellKind::kInput:
      *value =
          scene.input.at(channel, canvas.rows.InputIndexAt(row), canvas.cols.InputIndexAt(col));
      return true;
    case CellKind::kPadding:
      *value = 0.0;
      return schedule.padding_counts();
    case CellKind::kInsertedZero:
      *value = 0.0;
      return true;
    case CellKind::kOutside:
      return false;
  }
  return false;
}

std::vector<CellRun> RunsOf(std::vector<std::pair<int, int>> cells) {
  std::sort(cells.begin(), cells.end());
  cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
  std::vector<CellRun> runs;
  for (const auto& [row, col] : cells) {
    if (!runs.empty() && runs.back().row == row && runs.back().col_end == col) {
      ++runs.back().col_end;
    } else {
      runs.push_back({row, col, col + 1});
    }
  }
  return runs;
}

bool RunsFormBlock(const std::vector<CellRun>& runs, int* row_end) {
  if (runs.empty()) return false;
  for (std::size_t i = 1; i < runs.size(); ++i) {
    if (runs[i].row != runs[i - 1].row + 1 || runs[i].col_begin != runs[0].col_begin ||
        runs[i].col_end != runs[0].col_end) {
      return false;
    }
  }
  *row_end = runs.back().row + 1;
  return true;
}

void PathBuilder::MoveTo(Point p) {
  if (!points_.empty()) breaks_.push_back(static_cast<uint32_t>(points_.size()));
  points_.push_back(p);
}

void PathBuilder::LineTo(Point p) { points_.push_back(p); }

void PathBuilder::Ring(const GridMap& map, double r0, double r1, double c0, double c1) {
  MoveTo(map(r0, c0));
  LineTo(map(r0, c1));
  LineTo(map(r1, c1));
  LineTo(map(r1, c0));
}

void PathBuilder::Runs(const GridMap& map, const std::vector<CellRun>& runs) {
  int row_end = 0;
  if (RunsFormBlock(runs, &row_end)) {
    Ring(map, runs.front().row, row_end, runs.front().col_begin, runs.front().col_end);
    return;
  }
  for (const CellRun& run : runs) Ring(map, run.row, run.row + 1, run.col_begin, run.col_end);
}

void PathBuilder::Segment(Point a, Point b, double half_pixel) {
  if (half_pixel != 0.0) {
    if (a.y == b.y) {
      a.y += half_pixel;
      b.y += half_pixel;
    } else if (a.x == b.x) {
      a.x += half_pixel;
      b.x += half_pixel;
    }
  }
  MoveTo(a);
  LineTo(b);
}

void PathBuilder::GridLines(const GridMap& map, int r0, int r1, int c0, int c1, double half_pixel,
                            bool outline_only) {
  const int row_step = outline_only ? std::max(1, r1 - r0) : 1;
  const int col_step = outline_only ? std::max(1, c1 - c0) : 1;
  for (int r = r0; r <= r1; r += row_step) Segment(map(r, c0), map(r, c1), half_pixel);
  for (int c = c0; c <= c1; c += col_step) Segment(map(r0, c), map(r1, c), half_pixel);
}

Shape PathBuilder::Fill(Role role, std::string id) const {
  Shape shape = Polygon(role, std::move(id), points_);
  shape.breaks = breaks_;
  return shape;
}

Shape PathBuilder::Stroked(Role role, std::string id, const Stroke& stroke) const {
  Shape shape;
  shape.kind = ShapeKind::kLine;
  shape.role = role;
  shape.id = std::move(id);
  shape.points = points_;
  shape.breaks = breaks_;
  shape.stroke = stroke;
  return shape;
}

}  // namespace convanim
