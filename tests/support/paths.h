// Paths tests need: the source tree (scenes/, ../shared) and the built tool.
#pragma once

#include <string>

namespace convanim::testing {

std::string SourcePath(const std::string& relative);  // CONVANIM_SOURCE_DIR/relative
std::string ConvanimBinary();                         // build/convanim
// A fresh empty directory under the system temp dir, removed at process exit.
std::string MakeTempDir();

}  // namespace convanim::testing
