// Plain-language descriptions of a scene, for alt text, gallery entries and progress.
#pragma once

#include <string>

#include "core/scene.h"
#include "core/schedule.h"
#include "renderer/numbers.h"
#include "renderer/words.h"

namespace convanim {

// "3x3" or "5" style sizes: "HxW" always, so screen readers say both dimensions.
std::string SizeText(Pair size);

// The parameters in the guide's notation, e.g. "i = 5, k = 3, s = 2, p = 1" (per axis
// "i = [6, 5]" when they differ; transposed scenes say i' and a). A stack: each layer's,
// joined by "; ".
std::string ParameterText(const Scene& scene, const Words& words = Words::English());

// A sentence for alt text: "Animation of a convolution: a 3x3 kernel slides over a 5x5 input
// padded by 1 with stride 2, giving a 3x3 output, one frame per output cell (9 frames)."
std::string AltText(const Scene& scene, const Schedule& schedule,
                    const Words& words = Words::English());

// The alt text of view receptive_field (which AltText gives for that view): the stack's
// layers, input and output sizes, and the last layer's receptive field and jump.
std::string ReceptiveFieldAltText(const Scene& scene, const Words& words = Words::English());

// What step `step` computes, in one sentence for screen readers and live regions:
// "Step 4 of 9: output row 2, column 1 is 8.0, from the kernel over rows 3 to 5, columns
// 1 to 3 of the padded input." Rows and columns count from 1.
std::string StepDescription(const Scene& scene, const Schedule& schedule, const Step& step,
                            int decimals, const Words& words = Words::English());

// The output-size formula with the scene's numbers, per axis when they differ.
std::string FormulaText(const Schedule& schedule, const Words& words = Words::English());

}  // namespace convanim
