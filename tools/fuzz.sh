#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang-14, ASan and UBSan in build-asan/ (the tree
# tools/test.sh --sanitize builds: after it, only the targets' own files compile), and runs
# each for SECONDS (default 60) on a corpus seeded from the scenes and the tests' inputs.
# A crash, sanitizer report, leak, timeout or out-of-memory is a finding: it is saved under
# build-asan/findings/TARGET/ and the script exits 1 (after running every target).
# Usage: bash tools/fuzz.sh [SECONDS]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
seconds=${1:-60}
root=$(convanim_root)
CONVANIM_PACKAGES+=("${CONVANIM_CLANG_PACKAGES[@]}")
convanim_install_missing

build=$(convanim_configure_sanitized)
targets=()
for source in "$root"/fuzz/*_fuzz.cc; do targets+=("$(basename "$source" .cc)"); done
cmake --build "$build" -j "$(nproc)" --target "${targets[@]}"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# Runs one target; its status file says whether it found something.
run_target() {
  local target=$1
  local corpus="$build/corpus/$target" findings="$build/findings/$target"
  mkdir -p "$corpus" "$findings"
  local seeds=()
  while read -r folder; do
    [ -n "$folder" ] && [ -d "$root/$folder" ] && seeds+=("$root/$folder")
  done <"$build/fuzz/$target.seeds"
  # New inputs go to the first folder (the corpus kept between runs); the seeds are read only.
  local status=0
  "$build/fuzz/$target" "$corpus" "${seeds[@]}" -dict="$root/fuzz/scene.dict" \
    -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 -max_len=8192 \
    -artifact_prefix="$findings/" -print_final_stats=1 2>"$build/$target.log" || status=$?
  echo "$status" >"$build/$target.status"
}
# As many targets at once as there are cores (each fuzzer is one process).
jobs=$(nproc)
running=0
for target in "${targets[@]}"; do
  echo "== $target: ${seconds}s"
  run_target "$target" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait
failed=()
for target in "${targets[@]}"; do
  echo "== $target"
  grep -E "^stat::number_of_executed_units|^Done|ERROR|SUMMARY" "$build/$target.log" || true
  [ "$(cat "$build/$target.status")" = 0 ] || failed+=("$target")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: findings in ${failed[*]} (see build-asan/findings/ and build-asan/TARGET.log)" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} targets ran ${seconds}s each without a finding"
