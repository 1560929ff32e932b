#!/usr/bin/env bash
# Quick start: install what is missing, build build/convanim, check every scene and
# regenerate the guide (19 animations as GIF, MP4 and animated SVG, the paper's figures)
# into out/guide/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
root=$(convanim_root)
convanim_install_missing
convanim_build convanim  # the tool alone: the tests build with tools/test.sh
"$root/build/convanim" check --quiet "$root/scenes"
"$root/build/convanim" guide -o "$root/out/guide" --formats gif,mp4,svg
echo "the guide is in $root/out/guide (see docs/gallery.md for which file is which)"
