#include "core/scene.h"

namespace convanim {

const char* OperationName(Operation op) {
  switch (op) {
    case Operation::kConvolution:
      return "convolution";
    case Operation::kTransposedConvolution:
      return "transposed_convolution";
    case Operation::kMaxPooling:
      return "max_pooling";
    case Operation::kAveragePooling:
      return "average_pooling";
  }
  return "unknown";
}

const char* PresetName(Preset preset) {
  switch (preset) {
    case Preset::kTeaching:
      return "teaching";
    case Preset::kGuide:
      return "guide";
  }
  return "";
}

const char* MotionStyleName(MotionStyle motion) {
  switch (motion) {
    case MotionStyle::kDiscrete:
      return "discrete";
    case MotionStyle::kGlide:
      return "glide";
  }
  return "";
}

const char* ViewName(View view) {
  switch (view) {
    case View::kArithmetic:
      return "arithmetic";
    case View::kNumerical:
      return "numerical";
    case View::kMatrix:
      return "matrix";
    case View::kScatter:
      return "scatter";
  }
  return "unknown";
}

bool IsPooling(Operation op) {
  return op == Operation::kMaxPooling || op == Operation::kAveragePooling;
}

bool IsConvolution(Operation op) {
  return op == Operation::kConvolution || op == Operation::kTransposedConvolution;
}

const char* PaddingModeName(PaddingMode mode) {
  switch (mode) {
    case PaddingMode::kExplicit:
      return "explicit";
    case PaddingMode::kValid:
      return "valid";
    case PaddingMode::kHalf:
      return "half";
    case PaddingMode::kFull:
      return "full";
    case PaddingMode::kSame:
      return "same";
    case PaddingMode::kSameLower:
      return "same_lower";
  }
  return "unknown";
}

}  // namespace convanim
