// Fuzz target: the figure-file loader on arbitrary text, with relative scene paths taken
// from scenes/guide/figures so the guide's own references resolve.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/figure_spec.h"
#include "fuzz/fuzz_checks.h"

#ifndef CONVANIM_SOURCE_DIR
#error "CONVANIM_SOURCE_DIR must name the source tree"
#endif

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  convanim::FigureSpec spec;
  const convanim::Status status = convanim::ParseFigure(
      text, "fuzz.yaml", std::string(CONVANIM_SOURCE_DIR) + "/scenes/guide/figures", &spec);
  convanim::fuzz::CheckRefusal(status);
  (void)convanim::LooksLikeFigureText(text);
  return 0;
}
