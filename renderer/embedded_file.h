// A file compiled into the binary (cmake/EmbedAsset.cmake): fonts, palettes, catalogs.
#pragma once

#include <cstddef>

namespace convanim {

struct EmbeddedFile {
  const char* name;  // the file's name, e.g. "light.txt"
  const unsigned char* data;
  std::size_t size;
};

}  // namespace convanim
