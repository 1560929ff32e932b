#!/usr/bin/env bash
# Builds convanim with its tests and runs them (CTest), the browser tests (label
# `browser`, headless Chromium) included. .ci/run calls this.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
root=$(convanim_root)
convanim_install_missing "${CONVANIM_PACKAGES[@]}" "${CONVANIM_BROWSER_PACKAGES[@]}"
convanim_build
cd "$root/build"
ctest --output-on-failure -j "$(nproc)" --timeout 300
