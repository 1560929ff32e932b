#!/usr/bin/env bash
# Quick start: install what is missing, build, and regenerate the guide into out/guide/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
root=$(convanim_root)
convanim_install_missing
convanim_build -DCONVANIM_BUILD_TESTS=OFF -DCONVANIM_BUILD_BENCHMARKS=OFF
"$root/build/convanim" check "$root/scenes"
