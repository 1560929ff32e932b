#include "core/scene.h"

#include "core/operations.h"

namespace convanim {

const char* OperationName(Operation op) { return TraitsOf(op).word; }

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

const char* PageLayoutName(PageLayout layout) {
  switch (layout) {
    case PageLayout::kPage:
      return "page";
    case PageLayout::kSlide:
      return "slide";
  }
  return "";
}

const char* ViewName(View view) { return TraitsOf(view).word; }

bool InGuideLook(const Scene& scene) {
  return scene.style.preset == Preset::kGuide &&
         (scene.view == View::kArithmetic || scene.view == View::kNumerical);
}

bool IsPooling(Operation op) { return TraitsOf(op).pooling; }

bool IsConvolution(Operation op) { return TraitsOf(op).has_weights; }

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
