#!/bin/sh
# Runs tests/browser/browser_test.py, or --file NAME (arguments passed on), with Debian's python3, after
# checking for what it needs: chromium, chromium-driver, python3-selenium, python3-pil,
# python3-numpy (tools/common.sh installs them: CONVANIM_BROWSER_PACKAGES).
# Missing any: exit 77, which CTest reports as skipped, with the reason; in CI (CI=true)
# a missing browser is a failure instead.
# CONVANIM_CHROMIUM and CONVANIM_CHROMEDRIVER may name other binaries.
missing=""
[ -x "${CONVANIM_CHROMIUM:-/usr/bin/chromium}" ] || missing="$missing chromium"
[ -x "${CONVANIM_CHROMEDRIVER:-/usr/bin/chromedriver}" ] || missing="$missing chromium-driver"
if [ -x /usr/bin/python3 ]; then
  /usr/bin/python3 -c "import selenium" 2>/dev/null || missing="$missing python3-selenium"
  /usr/bin/python3 -c "import PIL" 2>/dev/null || missing="$missing python3-pil"
  /usr/bin/python3 -c "import numpy" 2>/dev/null || missing="$missing python3-numpy"
else
  missing="$missing python3"
fi
if [ -n "$missing" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "browser tests: missing Debian packages:$missing (CI must have them: tools/test.sh installs them)" >&2
    exit 1
  fi
  echo "SKIPPED browser tests: missing Debian packages:$missing (apt-get install$missing)"
  exit 77
fi
# --file NAME: another test file of this folder (default browser_test.py).
script=browser_test.py
if [ "${1:-}" = "--file" ]; then script=$2; shift 2; fi
exec /usr/bin/python3 "$(dirname "$0")/$script" "$@"
