#!/bin/sh
# The CMake package as its users meet it (CTest: install.Consumer). Installs this build into
# a fresh prefix, then builds two ten-line consumer projects: one with find_package(convanim)
# (tests/consumer/installed), one with add_subdirectory (tests/consumer/subdirectory). Each
# renders two scenes (one a figure file) to SVG and PDF with convanim_add_figures(); a second
# build renders nothing, and editing one scene re-renders that scene's outputs alone.
#   run.sh SOURCE_DIR BUILD_DIR WORK_DIR
set -eu
source_dir=$1 build_dir=$2 work=$3
rm -rf "$work" && mkdir -p "$work/scenes/figures"
fail() { echo "consumer test: $*" >&2; exit 1; }

cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
[ -x "$work/prefix/bin/convanim" ] || fail "no bin/convanim in the prefix"
"$work/prefix/bin/convanim" --version | grep -q '^convanim ' || fail "the installed tool does not run"
for licence in LICENSE-latin-modern.txt LICENSE-dejavu.txt; do
  [ -s "$work/prefix/share/doc/convanim/$licence" ] || fail "no $licence in share/doc/convanim"
done
[ -f "$work/prefix/lib/cmake/convanim/convanimConfig.cmake" ] || fail "no CMake package"

cp "$source_dir/scenes/guide/padding_strides.yaml" "$source_dir/scenes/guide/no_padding_no_strides.yaml" "$work/scenes/"
cp "$source_dir/scenes/guide/figures/figure-2.1.yaml" "$work/scenes/figures/"

# Checks the four figures of a consumer's build folder.
check_outputs() {
  for name in padding_strides figure-2.1; do
    head -c 200 "$1/out/$name.svg" | grep -q '<svg' || fail "$1/out/$name.svg is not an SVG"
    [ "$(head -c 5 "$1/out/$name.pdf")" = "%PDF-" ] || fail "$1/out/$name.pdf is not a PDF"
  done
}
# Builds a consumer and prints how many renders it ran.
# (in parallel: the subdirectory consumer compiles convanim itself)
jobs=$(nproc 2>/dev/null || echo 2)
renders() { cmake --build "$1" -j "$jobs" 2>&1 | tee "$1/last-build.log" | grep -c 'convanim: ' || true; }

consumer() {
  kind=$1 dir="$work/$1"
  shift
  cmake -S "$source_dir/tests/consumer/$kind" -B "$dir" -G "Unix Makefiles" \
    -DSCENES_DIR="$work/scenes" "$@" >"$work/$kind-configure.log" 2>&1 ||
    { cat "$work/$kind-configure.log" >&2; fail "$kind: configure failed"; }
  n=$(renders "$dir")
  [ "$n" -eq 4 ] || { cat "$dir/last-build.log" >&2; fail "$kind: first build ran $n renders, not 4"; }
  check_outputs "$dir"
  n=$(renders "$dir")
  [ "$n" -eq 0 ] || fail "$kind: a second build ran $n renders, not 0"
}

consumer installed -DCMAKE_PREFIX_PATH="$work/prefix"
echo "# edited" >>"$work/scenes/padding_strides.yaml"
n=$(renders "$work/installed")
[ "$n" -eq 2 ] || fail "installed: editing one scene ran $n renders, not its 2"
grep -q 'convanim: padding_strides.svg' "$work/installed/last-build.log" || fail "installed: padding_strides.svg was not re-rendered"
echo "# edited" >>"$work/scenes/no_padding_no_strides.yaml"
n=$(renders "$work/installed")
[ "$n" -eq 2 ] || fail "installed: editing the scene a figure draws ran $n renders, not the figure's 2"

# Unoptimized: this checks that convanim builds inside another project and renders there, not
# its speed; -O0 compiles in about half the time of the default Release build.
consumer subdirectory -DCONVANIM_SOURCE_DIR="$source_dir" -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS=-O0
[ ! -e "$work/subdirectory/convanim/tests" ] || fail "subdirectory: convanim's tests were configured"
echo "consumer test: passed (installed and subdirectory)"
