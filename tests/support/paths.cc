#include "tests/support/paths.h"

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <vector>

namespace convanim::testing {
namespace {
std::vector<std::string>& TempDirs() {
  static auto* dirs = new std::vector<std::string>();
  return *dirs;
}
void RemoveTempDirs() {
  for (const auto& dir : TempDirs()) {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
}
}  // namespace

std::string SourcePath(const std::string& relative) {
  return std::string(CONVANIM_SOURCE_DIR) + "/" + relative;
}

std::string ConvanimBinary() { return CONVANIM_BINARY; }

std::string MakeTempDir() {
  static std::once_flag registered;
  std::call_once(registered, [] { std::atexit(RemoveTempDirs); });
  std::string pattern = (std::filesystem::temp_directory_path() / "convanim_test_XXXXXX").string();
  char* made = mkdtemp(pattern.data());
  if (made == nullptr) std::abort();
  TempDirs().push_back(made);
  return made;
}

}  // namespace convanim::testing
