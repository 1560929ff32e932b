#!/usr/bin/env bash
# Builds convanim with its tests and runs them (CTest). .ci/run calls this.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
root=$(convanim_root)
convanim_install_missing
convanim_build
cd "$root/build"
ctest --output-on-failure -j "$(nproc)" --timeout 300
