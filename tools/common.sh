# Shared by tools/quickstart.sh and tools/test.sh: install what is missing, then build.
# Idempotent: a second run installs nothing and rebuilds only what changed.

CONVANIM_PACKAGES=(
  build-essential cmake pkg-config
  libcairo2-dev libfreetype-dev libharfbuzz-dev libfontconfig-dev
  libavcodec-dev libavformat-dev libavutil-dev libswscale-dev
  libyaml-cpp-dev nlohmann-json3-dev libcli11-dev
  libgtest-dev libbenchmark-dev
)

# What the tests add: the browser tests' packages (tests/browser/run.sh), a CJK font for
# the tests of --font, and a JSON Schema validator for the schema test. tools/test.sh installs them.
CONVANIM_BROWSER_PACKAGES=(chromium chromium-driver python3-selenium python3-pil python3-numpy
  fonts-wqy-microhei  # a CJK font for the tests of --font
  fonts-noto-cjk      # the CJK font of the tests of --language zh
  python3-jsonschema python3-yaml)  # tests/schema/validate.py: `convanim schema` checked

# What the Python package's tests add (tests/python/run.sh: Sphinx, MkDocs Material, Jupyter;
# pip and venv for `pip install --no-build-isolation ./python`; Debian's jQuery for a browser
# test), added to the test packages, which tools/test.sh installs.
CONVANIM_BROWSER_PACKAGES+=(python3-sphinx furo mkdocs mkdocs-material jupyter-nbconvert
  python3-ipykernel python3-nbclient python3-nbsphinx python3-markdown python3-pip python3-venv
  python3-setuptools libjs-jquery)

# What the sanitized build adds (clang with libFuzzer and its sanitizer runtimes), installed
# by tools/test.sh --sanitize and tools/fuzz.sh.
CONVANIM_CLANG_PACKAGES=(clang-14 libfuzzer-14-dev libclang-rt-14-dev)

# The one sanitized build, build-asan/: clang-14 with ASan + UBSan on everything it compiles,
# the tests and the libFuzzer targets in one tree, so tools/test.sh --sanitize and
# tools/fuzz.sh (CI runs both) compile the project once. -O1 and line tables only: about
# half the compile time of -O2 -g, and reports still name the file and line.
CONVANIM_SANITIZE="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
convanim_configure_sanitized() {
  local root
  root=$(convanim_root)
  cmake -S "$root" -B "$root/build-asan" -DCMAKE_BUILD_TYPE=None \
    -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
    -DCMAKE_CXX_FLAGS="-O1 -g1 $CONVANIM_SANITIZE -fsanitize=fuzzer-no-link" \
    -DCMAKE_EXE_LINKER_FLAGS="$CONVANIM_SANITIZE" -DCMAKE_SHARED_LINKER_FLAGS="$CONVANIM_SANITIZE" \
    -DCONVANIM_BUILD_FUZZERS=ON -DCONVANIM_BUILD_TESTS=ON -DCONVANIM_BUILD_BENCHMARKS=OFF \
    -DCONVANIM_INSTALL=OFF >/dev/null
  echo "$root/build-asan"
}

convanim_root() { cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd; }

# Installs the Debian packages named (default: CONVANIM_PACKAGES, what the build needs)
# when any is missing (apt-get as root), or prints the exact apt-get line to run when
# not root.
convanim_install_missing() {
  local wanted=("$@")
  if [ ${#wanted[@]} -eq 0 ]; then wanted=("${CONVANIM_PACKAGES[@]}"); fi
  local missing=()
  for package in "${wanted[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$package")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "convanim needs these Debian packages; run:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    return 1
  fi
  echo "installing: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Configures (Release) and builds into build/: every target, or those named
# (convanim_build convanim: the tool alone, no tests or benchmarks). In CI and in the test
# build (tools/test.sh sets CONVANIM_WERROR=ON), warnings are errors, so a warning fails on
# the developer's machine before it fails CI.
convanim_build() {
  local root
  root=$(convanim_root)
  local werror=${CONVANIM_WERROR:-OFF}
  if [ "${CI:-}" = "true" ]; then werror=ON; fi
  local targets=()
  for target in "$@"; do targets+=(--target "$target"); done
  cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=Release -DCONVANIM_WERROR=$werror \
    >/dev/null &&
    cmake --build "$root/build" -j "$(nproc)" "${targets[@]}"
}

# The gallery's browser test (tests/browser/gallery_test.py) builds the gallery with
# Python-Markdown and with cmark-gfm.
CONVANIM_BROWSER_PACKAGES+=(python3-markdown cmark-gfm)
