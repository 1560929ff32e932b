#!/usr/bin/env bash
# Builds convanim with its tests and runs them (CTest). .ci/run calls this.
#   bash tools/test.sh              Release build in build/, the browser tests (label
#                                   `browser`, headless Chromium) included
#   bash tools/test.sh --sanitize   ASan + UBSan build in build-asan/ (every sanitizer report
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

build="$root/build-asan"
reports="$build/sanitizer-reports"
flags="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
# -O1 and line tables only: about half the compile time of -O2 -g, and reports still name
# the file and line.
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -g1 $flags" \
  -DCMAKE_EXE_LINKER_FLAGS="$flags" -DCMAKE_SHARED_LINKER_FLAGS="$flags" \
  -DCONVANIM_BUILD_BENCHMARKS=OFF -DCONVANIM_INSTALL=OFF >/dev/null
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
