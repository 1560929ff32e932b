#!/usr/bin/env bash
# Compares, byte for byte, what two convanim binaries write for every scene and figure of
# scenes/guide and scenes/examples: the JSON model, the animated SVG, PNGs of the first and
# last step, `eval`'s JSON, and `explain` for a set of cases. For refactors that must not
# change a single frame (e.g. moving words into assets/locales/).
#   tools/compare_outputs.sh REFERENCE_BINARY NEW_BINARY [WORK_DIR]
# KEEP_REF=1 reuses the reference's outputs of an earlier run into WORK_DIR.
# QUICK=1 compares only the JSON models, `eval` and `explain` (seconds, not minutes).
# Prints one line per difference and exits 1 if there is any, 0 when all are identical.
set -u
ref=$1
new=$2
work=${3:-$(mktemp -d)}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mkdir -p "$work/ref" "$work/new"
differences=0
compared=0

# run NAME ARGS...: runs both binaries with ARGS, where @OUT@ is replaced by the output path
# NAME in each side's folder; compares exit status, stdout and the output file.
run() {
  local name=$1
  shift
  local side bin
  for side in ref new; do
    bin=$ref
    [ $side = new ] && bin=$new
    # The reference's outputs are kept from an earlier run into the same WORK_DIR.
    [ $side = ref ] && [ "${KEEP_REF:-0}" = 1 ] && [ -e "$work/ref/$name.status" ] && continue
    local args=()
    for a in "$@"; do args+=("${a//@OUT@/$work/$side/$name}"); done
    (cd "$root" && "$bin" "${args[@]}" >"$work/$side/$name.stdout" 2>"$work/$side/$name.stderr")
    echo $? >"$work/$side/$name.status"
  done
  local f
  for f in "$name" "$name.stdout" "$name.stderr" "$name.status"; do
    [ -e "$work/ref/$f" ] || [ -e "$work/new/$f" ] || continue
    compared=$((compared + 1))
    if ! cmp -s "$work/ref/$f" "$work/new/$f"; then
      echo "differs: $f"
      differences=$((differences + 1))
    fi
  done
}

for scene in "$root"/scenes/guide/*.yaml "$root"/scenes/examples/*.yaml \
             "$root"/scenes/guide/figures/*.yaml "$root"/scenes/examples/figures/*.yaml; do
  rel=${scene#"$root"/}
  base=$(echo "${rel%.yaml}" | tr / _)
  run "$base.json" render -q "$rel" -o @OUT@
  if [ "${QUICK:-0}" = 0 ]; then
    run "$base.svg" render -q "$rel" -o @OUT@
    run "$base.png" render -q "$rel" -o @OUT@
  fi
  steps=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["steps"]))' \
          "$work/new/$base.json" 2>/dev/null || echo 1)
  if [ "$steps" -gt 1 ] && [ "${QUICK:-0}" = 0 ]; then
    run "$base.last.png" render -q "$rel" -o @OUT@ --frame $((steps - 1))
    run "$base.last.svg" render -q "$rel" -o @OUT@ --frame $((steps - 1))
  fi
  case $rel in
    */figures/*) ;;
    *) run "$base.eval" eval "$rel" ;;
  esac
done

# explain: every Relationship, the cases outside the guide and a refusal.
n=0
while read -r line; do
  n=$((n + 1))
  # shellcheck disable=SC2086
  run "explain$n" explain $line
done <<'CASES'
-i 5 -k 3
-i 5 -k 4 -p 2
-i 5 -k 3 -p half
-i 5 -k 3 -p full
-i 5 -k 3 -s 2
-i 5 -k 3 -s 2 -p 1
-i 6 -k 3 -s 2 -p 1
-i 5 -k 3 -s 2 -p 1 --pad-end 2
-i 7 -k 3 -d 2
-i 7 -k 3 -d 2 -p 1 --pad-end 0
-i 5 -k 3 --pooling max
-i 5 -k 3 -s 2 --pooling average -p 1
-i 6 -k 3 -s 2 --pooling max --ceil-mode
-i 5 -k 2 -s 2 --pooling max --ceil-mode
-i 7 -k 3 -d 2 --pooling max
-i 3 -k 3 --transposed
-i 3 -k 4 -p 2 --transposed
-i 5 -k 3 -p 1 --transposed
-i 5 -k 3 -p 2 --transposed
-i 2 -k 3 -s 2 --transposed
-i 3 -k 3 -s 2 -p 1 --transposed
-i 3 -k 3 -s 2 -p 1 --transposed -a 1
-i 3 -k 3 -d 2 --transposed
-i 3 -k 3 -p 1 --pad-end 0 --transposed
-i 3 -k 9
-i 1048576 -k 3 -s 7 -p same
CASES

echo "compared $compared files: $differences differ (outputs in $work)"
[ $differences -eq 0 ]
