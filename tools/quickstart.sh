#!/usr/bin/env bash
# Quick start: install what is missing, build build/convanim, check every scene and
# regenerate the guide (19 GIFs, 19 MP4s, the paper's figures) into out/guide/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
root=$(convanim_root)
convanim_install_missing
convanim_build
"$root/build/convanim" check --quiet "$root/scenes"
"$root/build/convanim" guide -o "$root/out/guide"
echo "the guide is in $root/out/guide (see docs/gallery.md for which file is which)"
