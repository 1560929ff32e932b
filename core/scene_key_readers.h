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
// Where the keys that give one number per axis are written (kNone: not given).
struct AxisKeys {
  yaml::NodeId kernel_size = yaml::kNone;
  yaml::NodeId stride = yaml::kNone;
  yaml::NodeId dilation = yaml::kNone;
  yaml::NodeId padding = yaml::kNone;
  yaml::NodeId output_padding = yaml::kNone;
};

// 1-D signals, once the keys of `keys` are read into *scene and *padding as if 2-D:
//  - input.dims: 1: the one axis is W (input [1, W]); kernel size, stride, dilation,
//    output_padding and padding are one integer each (or a padding word), for W only;
//  - a scene with a 1-row input and a 1-row kernel (a 1-D signal written [1, W]): one
//    integer of stride, dilation or output_padding is for W; a padding, stride or
//    output_padding that pads or strides the height of 1 is refused with the reason, as it
//    adds rows of zeros no window needs (PyTorch's Conv2d would compute them).
Status ApplyAxes(const yaml::Reader& r, const AxisKeys& keys, Scene* scene, PaddingSpec* padding);
// `style`: the keys of the style section (a font file is checked to be there).
Status ReadStyle(const yaml::Reader& r, yaml::NodeId n, Style* style);

}  // namespace convanim
