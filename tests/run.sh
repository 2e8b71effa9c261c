#!/usr/bin/env bash
# Sets up everything the tests need on a fresh machine, then runs the whole suite.
# Usage: bash tests/run.sh [pytest arguments, e.g. --update-baselines or -k search]
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'

# A real Chromium for the browser tests: Playwright's own if it is installed, otherwise
# Debian's (Playwright's browser download does not work on every network).
if ! .venv/bin/python - <<'PY'
import os, sys
from playwright.sync_api import sync_playwright
with sync_playwright() as p:
    own = p.chromium.executable_path
sys.exit(0 if (own and os.path.exists(own)) or os.path.exists("/usr/bin/chromium") else 1)
PY
then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's chromium for the browser tests..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "No Chromium found and cannot install one (needs root and apt-get);" \
         "the browser tests will be skipped." >&2
  fi
fi

# The Nu HTML Checker (vnu-jar, run with Java) for the markup test.
if [ ! -f tests/.tools/node_modules/vnu-jar/build/dist/vnu.jar ]; then
  if command -v npm >/dev/null && command -v java >/dev/null; then
    mkdir -p tests/.tools
    (cd tests/.tools && npm install --no-save --no-audit --no-fund --silent vnu-jar@26 >/dev/null) \
      || echo "Could not install vnu-jar; the HTML validity test will be skipped." >&2
  elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && command -v npm >/dev/null; then
    echo "Installing Java for the HTML checker..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null \
      && mkdir -p tests/.tools \
      && (cd tests/.tools && npm install --no-save --no-audit --no-fund --silent vnu-jar@26 >/dev/null)
  else
    echo "No npm or Java: the HTML validity test will be skipped." >&2
  fi
fi

# One worker per core (pytest-xdist), each taking whole files (their tests in order);
# `bash tests/run.sh -n 0` runs in this process.
exec .venv/bin/python -m pytest -n auto --dist loadfile "$@"
