#include "exporters/repaint.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>

namespace convanim {

std::vector<PixelRect> Region(const std::vector<PixelRect>& rects) {
  std::vector<cairo_rectangle_int_t> input;
  input.reserve(rects.size());
  for (const PixelRect& r : rects) {
    if (r.width > 0 && r.height > 0) input.push_back({r.x, r.y, r.width, r.height});
  }
  cairo_region_t* region =
      cairo_region_create_rectangles(input.data(), static_cast<int>(input.size()));
  std::vector<PixelRect> out;
  const int count = cairo_region_num_rectangles(region);
  for (int i = 0; i < count; ++i) {
    cairo_rectangle_int_t rect;
    cairo_region_get_rectangle(region, i, &rect);
    out.push_back({rect.x, rect.y, rect.width, rect.height});
  }
  cairo_region_destroy(region);
  return out;
}

bool SafeToCut(const Shape& shape) {
  switch (shape.kind) {
    case ShapeKind::kRect:
    case ShapeKind::kText:
      return true;
    case ShapeKind::kArrow:
      return false;
    case ShapeKind::kPolygon:
    case ShapeKind::kLine: {
      std::size_t next_break = 0;
      for (std::size_t i = 1; i < shape.points.size(); ++i) {
        if (next_break < shape.breaks.size() && shape.breaks[next_break] == i) {
          ++next_break;
          continue;
        }
        const Point a = shape.points[i - 1], b = shape.points[i];
        if (a.x != b.x && a.y != b.y) return false;
      }
      // A polygon closes from its last point to its first.
      return shape.kind == ShapeKind::kLine || shape.points.empty() ||
             shape.points.front().x == shape.points.back().x ||
             shape.points.front().y == shape.points.back().y;
    }
    case ShapeKind::kGroup:
      return std::all_of(shape.children.begin(), shape.children.end(), SafeToCut);
  }
  return false;
}

namespace {

// Copies `rect` (in `to`'s pixels) from `from`, whose first pixel is `to`'s (x0, y0), and
// returns the box around the pixels that differed (empty when none did). `mask`: the
// bits of a pixel that show (an opaque image's top byte is padding).
PixelRect CopyChanged(const uint8_t* from, int from_stride, int x0, int y0, uint8_t* to,
                      int to_stride, const PixelRect& rect, uint32_t mask) {
  int bx0 = rect.x + rect.width, bx1 = rect.x, by0 = rect.y + rect.height, by1 = rect.y;
  const uint64_t mask2 = uint64_t{mask} << 32 | mask;  // two pixels
  auto differ2 = [mask2](const uint32_t* a, const uint32_t* b) {
    uint64_t x, y;
    std::memcpy(&x, a, 8);
    std::memcpy(&y, b, 8);
    return ((x ^ y) & mask2) != 0;
  };
  const int w = rect.width;
  for (int y = rect.y; y < rect.y + rect.height; ++y) {
    const auto* src = reinterpret_cast<const uint32_t*>(
        from + static_cast<std::ptrdiff_t>(y - y0) * from_stride + std::size_t{4} * (rect.x - x0));
    auto* dst = reinterpret_cast<uint32_t*>(to + static_cast<std::ptrdiff_t>(y) * to_stride +
                                            std::size_t{4} * rect.x);
    int first = 0;
    while (first + 2 <= w && !differ2(src + first, dst + first)) first += 2;
    while (first < w && ((src[first] ^ dst[first]) & mask) == 0) ++first;
    if (first == w) continue;
    int last = w - 1;
    while (last - 1 > first && !differ2(src + last - 1, dst + last - 1)) last -= 2;
    while (((src[last] ^ dst[last]) & mask) == 0) --last;
    std::memcpy(dst + first, src + first, static_cast<std::size_t>(last - first + 1) * 4);
    bx0 = std::min(bx0, rect.x + first);
    bx1 = std::max(bx1, rect.x + last + 1);
    by0 = std::min(by0, y);
    by1 = y + 1;
  }
  if (bx0 >= bx1) return PixelRect{rect.x, rect.y, 0, 0};
  return PixelRect{bx0, by0, bx1 - bx0, by1 - by0};
}

}  // namespace

// Nothing is painted through a clip: rectangles are painted on a surface of their own and
// copied in, as the pixels must be those of a painting of the whole surface. That surface
// spans the rectangle's rows and, across, the rectangle and all that `reach` adds to it. A
// shape cut there that meets no copied rectangle changes no copied pixel: Cairo
// rasterises each shape on its own. Cuts at whole rows change nothing, so the surfaces of
// several rectangles (rows apart or not) merge into one spanning them all when that adds
// little area: a surface costs a fixed overhead (compositing every layer image, walking
// the shapes) worth about kMergeSlack pixels, and a step's changes are often a staircase
// of a hundred small rectangles along a few diagonal lines.
cairo_status_t RepaintExactly(cairo_surface_t* surface, const std::vector<PixelRect>& rects,
                              double scale, const std::function<void(const Box&, Box*)>& reach,
                              const std::function<void(cairo_t*, const Box&)>& paint,
                              ScratchMemory* scratch, std::vector<PixelRect>* changed) {
  constexpr int64_t kMergeSlack = 16384;
  const cairo_format_t format = cairo_image_surface_get_format(surface);
  const int width = cairo_image_surface_get_width(surface);
  const int height = cairo_image_surface_get_height(surface);
  auto unit_box = [scale](const PixelRect& r) {
    Box box;
    box.AddRect(r.x / scale, r.y / scale, r.width / scale, r.height / scale);
    return box;
  };
  struct Piece {
    int x0, x1, y0, y1;  // the surface's columns and rows
    Box clip;
    std::vector<PixelRect> rects;
    int64_t area() const { return int64_t{x1 - x0} * (y1 - y0); }
  };
  std::vector<Piece> pieces;
  for (PixelRect rect : rects) {
    rect.width = std::min(rect.x + rect.width, width) - std::max(rect.x, 0);
    rect.height = std::min(rect.y + rect.height, height) - std::max(rect.y, 0);
    rect.x = std::max(rect.x, 0);
    rect.y = std::max(rect.y, 0);
    if (rect.width <= 0 || rect.height <= 0) continue;
    const Box clip = unit_box(rect);
    Box across = clip;
    reach(clip, &across);
    Piece piece{std::max(0, static_cast<int>(std::floor(across.x0 * scale)) - 1),
                std::min(width, static_cast<int>(std::ceil(across.x1 * scale)) + 1),
                rect.y,
                rect.y + rect.height,
                clip,
                {rect}};
    // The surface whose growth to take this one in adds the least area, if little.
    Piece* best = nullptr;
    int64_t best_added = kMergeSlack;
    for (Piece& other : pieces) {
      const int64_t joined = int64_t{std::max(other.x1, piece.x1) - std::min(other.x0, piece.x0)} *
                             (std::max(other.y1, piece.y1) - std::min(other.y0, piece.y0));
      const int64_t added = joined - other.area() - piece.area();
      if (added <= best_added) {
        best_added = added;
        best = &other;
      }
    }
    if (best == nullptr) {
      pieces.push_back(std::move(piece));
      continue;
    }
    best->x0 = std::min(best->x0, piece.x0);
    best->x1 = std::max(best->x1, piece.x1);
    best->y0 = std::min(best->y0, piece.y0);
    best->y1 = std::max(best->y1, piece.y1);
    best->clip.AddBox(piece.clip);
    best->rects.push_back(rect);
  }
  const uint32_t mask = format == CAIRO_FORMAT_RGB24 ? 0x00FFFFFFu : 0xFFFFFFFFu;
  cairo_status_t status = CAIRO_STATUS_SUCCESS;
  cairo_surface_flush(surface);
  uint8_t* data = cairo_image_surface_get_data(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  for (const Piece& piece : pieces) {
    const int piece_width = piece.x1 - piece.x0, piece_height = piece.y1 - piece.y0;
    const int piece_stride = cairo_format_stride_for_width(format, piece_width);
    const std::size_t words = static_cast<std::size_t>(piece_stride / 4) * piece_height;
    if (scratch->size() < words) scratch->resize(words);
    auto* memory = reinterpret_cast<uint8_t*>(scratch->data());
    cairo_surface_t* part = cairo_image_surface_create_for_data(memory, format, piece_width,
                                                                piece_height, piece_stride);
    cairo_t* cr = cairo_create(part);
    cairo_translate(cr, -piece.x0, -piece.y0);
    paint(cr, piece.clip);
    if (status == CAIRO_STATUS_SUCCESS) status = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_flush(part);
    for (const PixelRect& r : piece.rects) {
      const PixelRect box =
          CopyChanged(memory, piece_stride, piece.x0, piece.y0, data, stride, r, mask);
      if (changed != nullptr && box.width > 0) changed->push_back(box);
    }
    cairo_surface_finish(part);
    cairo_surface_destroy(part);
  }
  cairo_surface_mark_dirty(surface);
  return status;
}

}  // namespace convanim
