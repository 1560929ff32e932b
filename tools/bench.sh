#!/usr/bin/env bash
# Measures the goals of docs/performance.md on this machine and prints a Markdown report:
#  - the 40x40 example (scenes/examples/large_input.yaml, 1,600 steps) to GIF and to MP4;
#  - the whole `convanim guide` (GIF and MP4 of the 19 animations, PDF, SVG and PNG of the
#    22 figures);
#  - peak memory of each;
#  - the bytes of every guide animation as GIF and as animated SVG.
# With --baseline, the version that closed issue 4 (commit 99ec04b) is built in
# build-baseline/ (once) and measured side by side in the same run.
# Usage: bash tools/bench.sh [--baseline] [RUNS]   (build first: bash tools/quickstart.sh)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
baseline=0
if [ "${1:-}" = "--baseline" ]; then baseline=1; shift; fi
runs=${1:-5}
tool=$PWD/build/convanim
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

if [ "$baseline" = 1 ] && [ ! -x build-baseline/convanim ]; then
  echo "building the baseline (99ec04b) in build-baseline/ ..." >&2
  rm -rf "$out/src"
  git worktree add -q --detach "$out/src" 99ec04b
  cmake -S "$out/src" -B build-baseline -DCMAKE_BUILD_TYPE=Release -DCONVANIM_BUILD_TESTS=OFF \
    -DCONVANIM_BUILD_BENCHMARKS=OFF >/dev/null
  cmake --build build-baseline -j "$(nproc)" >/dev/null
  git worktree remove --force "$out/src"
fi

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# seconds and peak kilobytes of one run: "SECONDS KB"
measure() { /usr/bin/time -f '%e %M' "$@" 2>&1 >/dev/null | tail -1; }
# "MEDIAN_SECONDS PEAK_KB" of $runs runs of a command.
timed() {
  local times=() peak=0 result
  for ((i = 0; i < runs; i++)); do
    result=$(measure "$@")
    times+=("${result% *}")
    peak=$(( ${result#* } > peak ? ${result#* } : peak ))
  done
  echo "$(printf '%s\n' "${times[@]}" | median) $peak"
}

row() {  # label, new "s kb", baseline "s kb" or ""
  local label=$1 new=$2 old=${3:-}
  local ns=${new% *} nk=${new#* }
  if [ -n "$old" ]; then
    local os=${old% *} ok=${old#* }
    printf '| %s | %.2f s, %d MB | %.2f s, %d MB | %.1fx |\n' "$label" "$os" $((ok / 1024)) \
      "$ns" $((nk / 1024)) "$(echo "$os / $ns" | bc -l)"
  else
    printf '| %s | | %.2f s, %d MB | |\n' "$label" "$ns" $((nk / 1024))
  fi
}

echo "## Measured $(date -u +%Y-%m-%d) on $(nproc) cores ($(uname -m)), median of $runs runs"
echo
echo "| what | 99ec04b | now | faster |"
echo "|---|---|---|---|"
large=scenes/examples/large_input.yaml
new=$(timed "$tool" render "$large" -o "$out/large.gif" -q)
old=""
if [ "$baseline" = 1 ]; then old=$(timed build-baseline/convanim render "$large" -o "$out/large-old.gif" -q); fi
row "large_input.yaml to GIF (1,600 steps)" "$new" "$old"
new=$(timed "$tool" guide -o "$out/guide" -q)
old=""
if [ "$baseline" = 1 ]; then
  # The baseline draws the guide's look by default and does not know `preset: guide`.
  mkdir -p "$out/old-scenes/figures"
  for file in scenes/guide/*.yaml scenes/guide/figures/*.yaml; do
    sed '/preset: guide/d' "$file" >"$out/old-scenes/${file#scenes/guide/}"
  done
  old=$(timed build-baseline/convanim guide -o "$out/guide-old" --scenes "$out/old-scenes" -q)
fi
row "\`convanim guide\` (19 GIF + 19 MP4 + 22 figures x 3)" "$new" "$old"
mp4_runs=$(( runs < 3 ? runs : 3 ))
saved=$runs; runs=$mp4_runs
new=$(timed "$tool" render "$large" -o "$out/large.mp4" -q)
old=""
if [ "$baseline" = 1 ]; then old=$(timed build-baseline/convanim render "$large" -o "$out/large-old.mp4" -q); fi
runs=$saved
row "large_input.yaml to MP4" "$new" "$old"
echo
printf -- '- large_input: GIF %d bytes, MP4 %d bytes (now)\n' "$(stat -c %s "$out/large.gif")" \
  "$(stat -c %s "$out/large.mp4")"
echo

"$tool" guide -o "$out/web" --formats gif,svg --figure-formats none -q
echo "| animation | GIF bytes | animated SVG bytes | SVG / GIF |"
echo "|---|---|---|---|"
total_gif=0; total_svg=0
for gif in "$out"/web/*.gif; do
  name=$(basename "$gif" .gif)
  g=$(stat -c %s "$gif"); s=$(stat -c %s "$out/web/$name.svg")
  total_gif=$((total_gif + g)); total_svg=$((total_svg + s))
  printf '| %s | %d | %d | %.2f |\n' "$name" "$g" "$s" "$(echo "$s / $g" | bc -l)"
done
printf '| **all 19** | **%d** | **%d** | **%.2f** |\n' "$total_gif" "$total_svg" \
  "$(echo "$total_svg / $total_gif" | bc -l)"
