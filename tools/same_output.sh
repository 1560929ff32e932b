#!/usr/bin/env bash
# Compares two convanim binaries on every scene and figure of scenes/ (eval JSON, render
# JSON and SVG) and on the loader's bad fixtures (check's messages): a refactoring that must
# not change behaviour passes with "same". Usage: tools/same_output.sh OLD_BINARY NEW_BINARY
set -u
old=$1 new=$2
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
differ=0 compared=0
run() {  # name, then the arguments after the binary; OUT stands for the output file
  local name=$1 ext=$2; shift 2
  local args=("${@//OUT/$out/o.$ext}")  # the same name for both: messages print it
  "$old" "${args[@]}" >"$out/old.stdout" 2>"$out/old.stderr"; echo "rc $?" >>"$out/old.stderr"
  if [ -e "$out/o.$ext" ]; then mv "$out/o.$ext" "$out/old.$ext"; fi
  "$new" "${args[@]}" >"$out/new.stdout" 2>"$out/new.stderr"; echo "rc $?" >>"$out/new.stderr"
  if [ -e "$out/o.$ext" ]; then mv "$out/o.$ext" "$out/new.$ext"; fi
  compared=$((compared + 1))
  for f in stdout stderr "$ext"; do
    if [ -e "$out/old.$f" ] || [ -e "$out/new.$f" ]; then
      if ! cmp -s "$out/old.$f" "$out/new.$f"; then
        echo "DIFFERENT: $name ($f)"; differ=$((differ + 1))
      fi
    fi
  done
  rm -f "$out"/old.* "$out"/new.*
}
while IFS= read -r scene; do
  if grep -qE '^(figure|layout):' "$scene"; then
    run "$scene svg" svg render "$scene" -o OUT
  else
    run "$scene eval" json eval "$scene"
    run "$scene json" json render "$scene" -o OUT
    run "$scene svg" svg render "$scene" -o OUT
  fi
done < <(cd "$root" && find scenes -name '*.yaml' | sort)
for bad in "$root"/tests/data/bad/*.yaml; do
  run "$bad check" txt check "$bad"
done
echo "$compared runs, $differ differences"
[ "$differ" -eq 0 ] && echo same
