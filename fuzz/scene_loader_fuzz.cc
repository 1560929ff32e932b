// Fuzz target: the scene loader on arbitrary text. It must return a Status (never crash,
// hang or trip a sanitizer), and every refusal must be an invalid scene whose message is
// printable (valid UTF-8, no control characters).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/scene_loader.h"
#include "fuzz/fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  convanim::Scene scene;
  const convanim::Status status = convanim::ParseScene(text, "fuzz.yaml", &scene);
  convanim::fuzz::CheckRefusal(status);
  if (status.ok()) convanim::fuzz::CheckScene(scene);
  return 0;
}
