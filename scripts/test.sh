#!/usr/bin/env bash
# Set up a venv with the test extras and run the whole test suite offline, then
# run it again with the lowest dependency versions allowed (scripts/test_lowest.sh).
# The HTML report tests look at pages in a real headless Chromium (Debian's
# chromium + chromium-driver); as root this installs them when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian's chromium and chromium-driver for the browser tests" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "warning: chromium/chromedriver missing; the browser tests will fail." >&2
    echo "         install them with: sudo apt-get install chromium chromium-driver" >&2
  fi
fi
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".[test,ray,parquet]"
.venv/bin/python -m pytest "$@"
# once more with the lowest versions pyproject.toml allows (FIGCHECK_LOWEST=0 skips it locally)
if [ "${FIGCHECK_LOWEST:-1}" != 0 ]; then
  bash scripts/test_lowest.sh "$@"
fi
