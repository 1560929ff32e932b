#!/bin/sh
# Runs tests/python/integrations_test.py (arguments passed on) with Debian's python3 after
# checking for what it needs: python3-sphinx, furo, mkdocs, mkdocs-material,
# jupyter-nbconvert, python3-ipykernel, python3-nbclient, python3-markdown, python3-venv's
# pip (tools/common.sh installs them: CONVANIM_PYTHON_PACKAGES). Missing any: exit 77
# (CTest: skipped) with the reason; in CI (CI=true) a failure instead.
missing=""
if [ -x /usr/bin/python3 ]; then
  for module in sphinx:python3-sphinx furo:furo mkdocs:mkdocs \
      nbconvert:jupyter-nbconvert ipykernel:python3-ipykernel nbclient:python3-nbclient \
      markdown:python3-markdown pip:python3-pip; do
    /usr/bin/python3 -c "import ${module%%:*}" 2>/dev/null || missing="$missing ${module#*:}"
  done
  /usr/bin/python3 -c "from mkdocs.utils import get_theme_names as t; assert 'material' in t()" \
    2>/dev/null || missing="$missing mkdocs-material"
  /usr/bin/python3 -c "import ensurepip" 2>/dev/null || missing="$missing python3-venv"
else
  missing=" python3"
fi
if [ -n "$missing" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "python tests: missing Debian packages:$missing (tools/test.sh installs them)" >&2
    exit 1
  fi
  echo "SKIPPED python tests: missing Debian packages:$missing (apt-get install$missing)"
  exit 77
fi
# --file NAME: another test file (default integrations_test.py).
script=integrations_test.py
if [ "${1:-}" = "--file" ]; then script=$2; shift 2; fi
exec /usr/bin/python3 "$(dirname "$0")/$script" "$@"
