// The scene keys with forms of their own, read for core/scene_loader.cc: padding (numbers
// or a word, resolved later for the scene's sizes) and the style mapping.
#pragma once

#include "core/scene.h"
#include "core/yaml_reader.h"

namespace convanim {

// The padding as the file wrote it, before words are resolved.
struct PaddingSpec {
  PaddingMode mode = PaddingMode::kExplicit;
  Padding cells;  // kExplicit
};

// `padding`: one integer, [pH, pW], [top, left, bottom, right] or a word of its row.
Status ReadPadding(const yaml::Reader& r, yaml::NodeId n, PaddingSpec* out);
// `style`: the keys of the style section (a font file is checked to be there).
Status ReadStyle(const yaml::Reader& r, yaml::NodeId n, Style* style);

}  // namespace convanim
