#!/usr/bin/env bash
# clang-format-14 over every C++ file git tracks (the repo's .clang-format).
#   bash tools/format.sh          reformat in place
#   bash tools/format.sh --check  change nothing; exit 1 naming each file that differs (CI)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$(convanim_root)"
convanim_install_missing clang-format-14
mapfile -t files < <(git ls-files '*.cc' '*.h')
if [ "${1:-}" = --check ]; then
  clang-format-14 --dry-run -Werror "${files[@]}"
  echo "format: ${#files[@]} files are clang-format clean"
else
  clang-format-14 -i "${files[@]}"
fi
