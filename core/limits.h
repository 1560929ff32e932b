// Documented limits on what a scene may ask for (docs/scene-format.md repeats them).
// The loader checks them before allocating anything, so a hostile or mistyped scene
// is refused fast instead of exhausting memory or time.
#pragma once

#include <cstddef>
#include <cstdint>

namespace convanim {
namespace limits {

constexpr int kMaxSpatialSize = 1024;  // input H or W; also padded/stretched extents
constexpr int kMaxKernelSize = 64;     // kH or kW
constexpr int kMaxStride = 64;
constexpr int kMaxDilation = 64;
constexpr int kMaxPadding = 1024;                  // cells on one side
constexpr int kMaxChannels = 256;                  // input or output channels
constexpr int64_t kMaxTensorElements = 1 << 22;    // input, kernel or output (about 4 M)
constexpr int64_t kMaxSteps = 20000;               // steps (output cells) of one scene
constexpr int64_t kMaxMultiplyAdds = 100'000'000;  // numerics work of one scene
// Taps of all steps (each step lists the taps of its window over every input channel it
// sees): what `eval` writes (about 100 bytes of JSON each, so at most about 1 GB) and what
// an animation draws.
constexpr int64_t kMaxTaps = 10'000'000;
constexpr int kMaxCanvasCells = 1024;        // drawn grid cells along one axis
constexpr double kMaxValueMagnitude = 1e12;  // |value| of any input or weight
constexpr int64_t kMaxYamlNodes = 1 << 21;   // nodes, also after alias expansion (alias bombs)
constexpr int64_t kMaxSceneFileBytes = 16 << 20;
constexpr int64_t kMaxFontFileBytes = 64 << 20;  // style.font, --font
constexpr int kMaxYamlDepth = 64;                // nested lists/mappings (a scene needs about 7)
constexpr int64_t kMaxSceneLineBytes = 1 << 18;  // one line; yaml-cpp slows down on longer ones

// Text. A title is drawn with the figure (the renderer wraps it); a caption is not drawn
// but goes into galleries and alt text. Counted in characters (Unicode code points).
constexpr std::size_t kMaxTitleChars = 300;
constexpr std::size_t kMaxCaptionChars = 2000;

// Drawing: what a picture may cost, checked by `check` and by every render (the renderer and
// the exporters apply them; the loader cannot, as they depend on the drawn sizes).
constexpr double kMaxPictureSide = 8192;  // a picture's width or height at scale 1
constexpr int kMaxPixelSide = 16384;      // a raster's width or height after --scale
// What writing one output may cost on the reference machine (2 cores, x86_64): CPU time
// and peak memory, estimated per format from what the scene's frames change
// (exporters/cost.h, with constants measured by bench/cost_bench.cc).
constexpr double kMaxRenderSeconds = 60;
constexpr double kMaxRenderBytes = 1e9;

}  // namespace limits
}  // namespace convanim
