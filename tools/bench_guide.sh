#!/usr/bin/env bash
# Measures issue 4's goals on this machine and prints a Markdown report:
#  - regenerating the whole guide (19 GIFs, 19 MP4s, the figures) with `convanim guide`;
#  - one animation (padding_strides, 9 steps) to GIF, against the original toolchain's 5.8 s;
#  - the 19 GIFs' bytes against the originals' (../shared/reference/gif), and pixel sizes;
#  - peak memory of the 1,600-step 40x40 example to GIF.
# Usage: bash tools/bench_guide.sh [RUNS]   (build first: bash tools/quickstart.sh)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-5}
tool=build/convanim
reference=../shared/reference/gif
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

now() { echo "$EPOCHREALTIME"; }  # bash 5: no process started to read the clock
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "## Measured $(date -u +%Y-%m-%d) on $(nproc) cores ($(uname -m)), $runs runs each, medians"
echo
# One animation first, while nothing else has just run (page cache, CPU clocks).
one_times=()
for ((i = 0; i < runs * 4; i++)); do
  start=$(now); "$tool" render scenes/guide/padding_strides.yaml -o "$out/ps.gif" -q; end=$(now)
  one_times+=("$(echo "$end - $start" | bc -l)")
done
one=$(printf '%s\n' "${one_times[@]}" | median)
printf -- '- padding_strides.gif (9 steps), whole process: **%.1f ms**, %.0f times faster than the original toolchain'"'"'s 5.8 s\n' \
  "$(echo "$one * 1000" | bc -l)" "$(echo "5.8 / $one" | bc -l)"

sleep 2
guide_times=()
for ((i = 0; i < runs; i++)); do
  rm -rf "$out/guide"
  start=$(now); "$tool" guide -o "$out/guide" -q; end=$(now)
  guide_times+=("$(echo "$end - $start" | bc -l)")
done
guide=$(printf '%s\n' "${guide_times[@]}" | median)
files=$(ls "$out/guide" | wc -l)
printf -- '- `convanim guide` (%d files: GIF + MP4 per animation, PDF + SVG + PNG per figure): **%.2f s**\n' "$files" "$guide"

ours=0; theirs=0; smaller=0
table="| animation | frames (ours/original) | pixels (ours / original) | bytes (ours / original) |\n|---|---|---|---|\n"
for gif in "$reference"/*.gif; do
  name=$(basename "$gif")
  mine="$out/guide/$name"
  o=$(stat -c %s "$mine"); t=$(stat -c %s "$gif")
  ours=$((ours + o)); theirs=$((theirs + t))
  od=$(ffprobe -v error -show_entries stream=width,height -of csv=p=0:s=x "$mine")
  td=$(ffprobe -v error -show_entries stream=width,height -of csv=p=0:s=x "$gif")
  of=$(ffprobe -v error -count_frames -show_entries stream=nb_read_frames -of csv=p=0 "$mine")
  tf=$(ffprobe -v error -count_frames -show_entries stream=nb_read_frames -of csv=p=0 "$gif")
  if [ "${od%x*}" -lt "${td%x*}" ] || [ "${od#*x}" -lt "${td#*x}" ]; then smaller=$((smaller + 1)); fi
  table+="| $name | $of / $tf | $od / $td | $o / $t |\n"
done
printf -- '- the 19 GIFs: **%d bytes**, %.1f %% of the originals'"'"' %d bytes; animations smaller in pixels than the original: %d\n' \
  "$ours" "$(echo "100 * $ours / $theirs" | bc -l)" "$theirs" "$smaller"

rss=$( { /usr/bin/time -f '%M' "$tool" render scenes/examples/large_input.yaml -o "$out/large.gif" -q; } 2>&1 | tail -1)
printf -- '- large_input.gif (40x40 input, 1,600 steps): peak memory **%d MB**\n' "$((rss / 1024))"
echo
printf "$table"
