// Invariants the fuzz targets check on what the core returns; a violation aborts, which
// libFuzzer reports as a finding.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/scene.h"
#include "core/status.h"
#include "core/text.h"

namespace convanim::fuzz {

[[noreturn]] inline void Fail(const std::string& what) {
  std::fprintf(stderr, "fuzz invariant violated: %s\n", what.c_str());
  std::abort();
}

// A refusal is an invalid scene (never an internal error) and prints safely: valid UTF-8
// without control characters.
inline void CheckRefusal(const Status& status) {
  if (status.ok()) return;
  if (status.code() == Status::Code::kInternal) Fail("internal error: " + status.ToString());
  const std::string printed = status.ToString();
  if (!text::IsPrintable(printed)) Fail("unprintable message: " + text::Printable(printed));
}

// What the loader guarantees of an accepted scene's text.
inline void CheckScene(const Scene& scene) {
  if (!text::IsValidUtf8(scene.caption) || !text::IsValidUtf8(scene.style.title)) {
    Fail("accepted text that is not UTF-8");
  }
}

}  // namespace convanim::fuzz
