#!/usr/bin/env bash
# Regenerates the pictures of docs/reading-a-frame.md and docs/views.md (docs/images/
# after-*.png, frame-*.png, view-*.png) with build/convanim. The before-*.png pictures were drawn once by the
# version that closed issue 4 (99ec04b) from the same scenes, and are kept as they are; the
# before15-*.png ones likewise by the version before issue 15's work (b1a4958: CONVANIM=that
# build's convanim BEFORE15=1 bash tools/docs_images.sh draws them again).
# Usage: bash tools/docs_images.sh   (build first: bash tools/quickstart.sh)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
tool=${CONVANIM:-build/convanim}
out=docs/images
mkdir -p "$out"
render() { "$tool" render "$@" -q; }
# Issue 15's before pictures (groups, a transposed convolution with two channels from
# docs/scenes/, a fractional average, three channels on the page), drawn by the old build.
if [ -n "${BEFORE15:-}" ]; then
  render docs/scenes/grouped_numerical.yaml -o "$out/before15-grouped.png" --frame 21
  render docs/scenes/transposed_two_channels.yaml -o "$out/before15-transposed_two_channels.png" --frame 13
  render scenes/examples/average_pooling_ceil_mode.yaml -o "$out/before15-average_pooling_ceil_mode.png" --frame 3
  render scenes/examples/three_channels.yaml -o "$out/before15-three_channels.png" --frame 5
  echo "wrote the before15-*.png pictures into $out"
  exit 0
fi
render scenes/examples/asymmetric_padding_strides.yaml -o "$out/after-asymmetric_padding_strides.png" --frame 2
render scenes/examples/average_pooling_ceil_mode.yaml -o "$out/after-average_pooling_ceil_mode.png" --frame 3
render scenes/examples/three_channels.yaml -o "$out/after-three_channels.png" --frame 5
render scenes/examples/transposed_numerical.yaml -o "$out/frame-transposed.png" --frame 5
render scenes/examples/transposed_numerical.yaml -o "$out/frame-transposed-zh.png" --frame 5 --language zh
render scenes/examples/max_pooling_dilated.yaml -o "$out/frame-max-pooling.png" --frame 4
render scenes/examples/max_pooling_dilated.yaml -o "$out/frame-max-pooling-dark.png" --frame 4 --theme dark
render scenes/examples/same_padding_strided.yaml -o "$out/frame-arithmetic.png" --frame 4
render scenes/examples/three_channels.yaml -o "$out/slide-three_channels.png" --layout slide --frame 5
# Issue 15's frames: groups and a transposed convolution with two channels (docs/scenes/).
render docs/scenes/grouped_numerical.yaml -o "$out/after-grouped.png" --frame 21
render docs/scenes/transposed_two_channels.yaml -o "$out/after-transposed_two_channels.png" --frame 13

# docs/views.md
render scenes/examples/matrix_guide_4_1.yaml -o "$out/view-matrix.png" --frame 1
render scenes/examples/scatter_uneven.yaml -o "$out/view-scatter.png" --frame 4
render scenes/examples/scatter_even.yaml -o "$out/view-scatter-even.png" --frame 8
render scenes/examples/backward_guide_2_1.yaml -o "$out/view-input-gradient.png" --frame 5
render scenes/examples/backward_strided_padded.yaml -o "$out/view-input-gradient-strided.png" --frame 7
render scenes/examples/backward_guide_2_1_weights.yaml -o "$out/view-weight-gradient.png" --frame 4
render scenes/examples/backward_max_pooling_tie.yaml -o "$out/view-max-pooling-gradient.png" --frame 1
render scenes/examples/stack_convolution_pooling.yaml -o "$out/view-receptive-field.png" --frame 1
render scenes/examples/figures/three_ways.yaml -o "$out/view-three-ways.png" --scale 0.6
echo "wrote the pictures of docs/reading-a-frame.md and docs/views.md into $out"
