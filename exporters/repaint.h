// Repainting parts of a Cairo image exactly as a painting of the whole image would give
// them (exporters/raster_frames.h uses it for its frame and its layer images).
#pragma once

#include <cairo.h>

#include <cstdint>
#include <functional>
#include <vector>

#include "exporters/video.h"
#include "renderer/model.h"

namespace convanim {

// The pixels covered by `rects`, as non-overlapping rectangles (a pixman region, built
// at once: rectangle by rectangle costs the square of their number).
std::vector<PixelRect> Region(const std::vector<PixelRect>& rects);

// Whether Cairo paints `shape` the same when a side of the surface cuts it. Rectilinear
// fills and strokes become boxes and text becomes glyph masks, both composited pixel by
// pixel; anything else goes through the scan converter, which Cairo feeds, where a
// surface's left or right side cuts a polygon, edges that start within a pixel row, and
// it rasterises the rows they cross differently. Cuts at whole rows change nothing.
bool SafeToCut(const Shape& shape);

// Pixel memory that RepaintExactly paints its pieces in, kept from one call to the next
// (a piece's surface costs no allocation).
using ScratchMemory = std::vector<uint32_t>;

// Repaints the rectangles `rects` (may overlap) of `surface` with `paint(cr, clip)`, which
// draws the whole picture (cr in pixels, on a surface whose every pixel it sets) and may
// leave out what lies outside `clip` (a box in picture units). `reach(clip, &box)` adds to
// `box` the shapes meeting `clip` that must not be cut (SafeToCut). When `changed` is not
// null, it receives, for each rectangle, the box around its pixels that differ from what
// `surface` held (none when none differs): every pixel that changed lies in one of them.
cairo_status_t RepaintExactly(cairo_surface_t* surface, const std::vector<PixelRect>& rects,
                              double scale, const std::function<void(const Box&, Box*)>& reach,
                              const std::function<void(cairo_t*, const Box&)>& paint,
                              ScratchMemory* scratch, std::vector<PixelRect>* changed);

}  // namespace convanim
