#!/usr/bin/env bash
# Measures the goals of docs/performance.md on this machine and prints a Markdown report.
# Times are CPU seconds (user + system: 6 jobs may share the 2 cores, so wall time says
# little), memory the peak resident size, each the median / peak of RUNS runs:
#  - the 40x40 example (scenes/examples/large_input.yaml, 1,600 steps) to GIF and to MP4;
#  - the 40x40 and 30x30 scenes in the guide's look (preset: guide) to GIF and MP4, and a
#    40x40 numerical scene (padding 1) to GIF;
#  - the whole `convanim guide` (GIF and MP4 of the 19 animations, PDF, SVG and PNG of the
#    22 figures);
#  - peak memory of each;
#  - the bytes of every guide animation as GIF and as animated SVG.
# With --baseline, the version that closed issue 4 (commit 99ec04b) is built in
# build-baseline/ (once) and measured side by side in the same run.
# With --cost, it instead renders the worst scene `check` accepts for each format (the
# largest of a family whose estimate is within the limits; exporters/cost.h) with
# build/bench/cost_bench and fails when one takes more than 60 s of CPU time or 1 GB.
# Usage: bash tools/bench.sh [--baseline|--cost] [RUNS]   (build first: bash tools/quickstart.sh)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
baseline=0 cost=0
if [ "${1:-}" = "--baseline" ]; then baseline=1; shift; fi
if [ "${1:-}" = "--cost" ]; then cost=1; shift; fi
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

# Scenes of the goals, written into $out: NAME SIZE.
scene() {
  local name=$1 size=$2
  case $name in
    guide) printf 'operation: convolution\nview: arithmetic\ninput: {size: %d, seed: 40}\nkernel: {size: 3, seed: 41}\npadding: half\nstyle: {frame_duration: 0.1, preset: guide}\n' "$size" ;;
    numerical) printf 'operation: convolution\nview: numerical\ninput: {size: %d, seed: 40}\nkernel: {size: 3, seed: 41}\npadding: 1\nstyle: {frame_duration: 0.1}\n' "$size" ;;
    matrix) printf 'operation: convolution\nview: matrix\ninput: {size: %d, seed: 1}\nkernel: {size: 3, seed: 2}\n' "$size" ;;
    arithmetic) printf 'operation: convolution\nview: arithmetic\ninput: {size: %d, seed: 1}\nkernel: {size: 3, seed: 2}\npadding: half\n' "$size" ;;
  esac >"$out/$name$size.yaml"
  # The baseline draws the guide's look by default and does not know `preset: guide`.
  sed 's/, preset: guide//' "$out/$name$size.yaml" >"$out/$name$size-old.yaml"
}

if [ "$cost" = 1 ]; then
  # FORMAT FAMILY SIZE: the worst accepted scene of each format (docs/performance.md).
  status=0
  echo "| format | worst accepted scene | estimated | measured CPU | peak memory |"
  echo "|---|---|---|---|---|"
  for job in "gif numerical 70" "mp4 numerical 36" "png-sequence numerical 30" \
             "svg matrix 24" "html matrix 24" "json arithmetic 140"; do
    set -- $job
    scene "$2" "$3"
    dest="$out/worst.$1"
    if [ "$1" = png-sequence ]; then mkdir -p "$out/seq"; dest="$out/seq/f_%05d.png"; fi
    line=$(build/bench/cost_bench "$1" "$out/$2$3.yaml" "$dest")
    rm -rf "$out/seq" "$dest"
    est=$(echo "$line" | sed -E 's/.* est ([0-9.]+) s measured ([0-9.]+) s .* est ([0-9]+) MB peak ([0-9]+) MB/\1 \2 \3 \4/')
    read -r es ms em pm <<<"$est"
    printf '| %s | %s %sx%s | %s s, %s MB | %s s | %s MB |\n' "$1" "$2" "$3" "$3" "$es" "$em" "$ms" "$pm"
    if (( $(echo "$ms > 60 || $pm > 1000" | bc -l) )); then
      echo "FAILED: $1 of $2 $3 took $ms s and $pm MB (at most 60 s and 1000 MB)" >&2
      status=1
    fi
  done
  exit $status
fi

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# CPU seconds (user + system) and peak kilobytes of one run: "SECONDS KB"
measure() { /usr/bin/time -f '%U %S %M' "$@" 2>&1 >/dev/null | tail -1 | awk '{print $1 + $2, $3}'; }
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

echo "## Measured $(date -u +%Y-%m-%d) on $(nproc) cores ($(uname -m)), CPU time (user + system), median of $runs runs"
echo
echo "| what | 99ec04b | now | faster |"
echo "|---|---|---|---|"
large=scenes/examples/large_input.yaml
new=$(timed "$tool" render "$large" -o "$out/large.gif" -q)
old=""
if [ "$baseline" = 1 ]; then old=$(timed build-baseline/convanim render "$large" -o "$out/large-old.gif" -q); fi
row "large_input.yaml to GIF (1,600 steps)" "$new" "$old"
scene guide 40; scene guide 30; scene numerical 40
for job in "guide40 gif" "guide40 mp4" "guide30 mp4" "numerical40 gif"; do
  set -- $job
  saved=$runs; [ "$2" = mp4 ] && runs=$(( runs < 3 ? runs : 3 ))
  new=$(timed "$tool" render "$out/$1.yaml" -o "$out/$1.$2" -q)
  old=""
  if [ "$baseline" = 1 ]; then old=$(timed build-baseline/convanim render "$out/$1-old.yaml" -o "$out/$1-old.$2" -q); fi
  runs=$saved
  row "$1 to $2" "$new" "$old"
done
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
