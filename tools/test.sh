#!/usr/bin/env bash
# Builds convanim with its tests and runs them (CTest). .ci/run calls this.
#   bash tools/test.sh              Release build in build/, the browser tests (label
#                                   `browser`, headless Chromium) included
#   bash tools/test.sh --sanitize   ASan + UBSan build (clang) in build-asan/, shared with
#                                   tools/fuzz.sh (every sanitizer report
#                                   is fatal, the tool's child processes included); fails on
#                                   any report (the browser and docs-site tests, labels
#                                   `browser` and `python`, are left out: they test the pages
#                                   the tool writes, not the tool's memory; so is the install
#                                   test)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
root=$(convanim_root)
mode=${1:-}
case "$mode" in
  "") ;;
  --sanitize) ;;
  *) echo "usage: bash tools/test.sh [--sanitize]" >&2; exit 2 ;;
esac
convanim_install_missing "${CONVANIM_PACKAGES[@]}" "${CONVANIM_BROWSER_PACKAGES[@]}"

if [ "$mode" != --sanitize ]; then
  CONVANIM_WERROR=ON convanim_build
  cd "$root/build"
  ctest --output-on-failure -j "$(nproc)" --timeout 300
  exit
fi

convanim_install_missing "${CONVANIM_CLANG_PACKAGES[@]}"
build=$(convanim_configure_sanitized)
reports="$build/sanitizer-reports"
cmake --build "$build" -j "$(nproc)"
rm -rf "$reports" && mkdir -p "$reports"
# Reports also go to files, so one from a child process whose exit status a test does not
# look at still fails the run.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:log_path=$reports/asan"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$reports/ubsan"
cd "$build"
status=0
ctest --output-on-failure -j "$(nproc)" --timeout 900 -LE 'browser|python' || status=$?
if compgen -G "$reports/*" >/dev/null; then
  echo "sanitizer reports:" >&2
  head -n 60 "$reports"/* >&2
  status=1
fi
exit $status
