#include "tests/support/tensors.h"

#include <stdexcept>
#include <utility>

namespace convanim::testing {
namespace {

int Rows(const Grid& grid) { return static_cast<int>(grid.size()); }
int Columns(const Grid& grid) { return static_cast<int>(grid.at(0).size()); }

// Appends `grid` row by row. Every grid of one tensor has the first one's shape; a
// ragged grid is a mistake in the test, reported instead of read out of bounds.
void AppendRows(const Grid& grid, const Grid& first, std::vector<double>* data) {
  if (Rows(grid) != Rows(first)) throw std::invalid_argument("tests/support: maps differ in rows");
  for (const auto& row : grid) {
    if (static_cast<int>(row.size()) != Columns(first)) {
      throw std::invalid_argument("tests/support: rows differ in length");
    }
    data->insert(data->end(), row.begin(), row.end());
  }
}

}  // namespace

Tensor Map(const Grid& rows) { return Maps({rows}); }

Tensor Maps(const std::vector<Grid>& channels) {
  const Grid& first = channels.at(0);
  std::vector<double> data;
  for (const Grid& grid : channels) AppendRows(grid, first, &data);
  return Tensor({static_cast<int>(channels.size()), Rows(first), Columns(first)}, std::move(data));
}

Tensor Kernel(const std::vector<std::vector<Grid>>& blocks) {
  const Grid& first = blocks.at(0).at(0);
  std::vector<double> data;
  for (const auto& block : blocks) {
    if (block.size() != blocks[0].size()) {
      throw std::invalid_argument("tests/support: kernel blocks differ in size");
    }
    for (const Grid& grid : block) AppendRows(grid, first, &data);
  }
  return Tensor({static_cast<int>(blocks.size()), static_cast<int>(blocks[0].size()), Rows(first),
                 Columns(first)},
                std::move(data));
}

const Grid kGuideInput = {
    {3, 3, 2, 1, 0}, {0, 0, 1, 3, 1}, {3, 1, 2, 2, 3}, {2, 0, 0, 2, 2}, {2, 0, 0, 0, 1}};
const Grid kGuideKernel = {{0, 1, 2}, {2, 2, 0}, {0, 1, 2}};

}  // namespace convanim::testing
