#!/usr/bin/env bash
# Run the test suite again against the lowest versions pyproject.toml allows:
# uv's --resolution lowest-direct puts every direct dependency at its lower
# bound (what those pull in stays at its newest), so a bound that is too low
# fails here instead of on a user's machine. Needs .venv (scripts/test.sh makes
# it); uv comes from PATH or is installed into .venv with pip.
set -euo pipefail
cd "$(dirname "$0")/.."
UV=$(command -v uv || true)
if [ -z "$UV" ]; then
  [ -x .venv/bin/uv ] || .venv/bin/python -m pip install -q uv
  UV=.venv/bin/uv
fi
rm -rf .venv-lowest  # fresh each time: an old env would keep newer versions it already has
"$UV" venv -q --python .venv/bin/python .venv-lowest
"$UV" pip install -q --python .venv-lowest/bin/python --resolution lowest-direct -e ".[test,ray,parquet]"
echo "lowest allowed versions:" >&2
"$UV" pip list -q --python .venv-lowest/bin/python 2>/dev/null \
  | grep -iE '^(pydantic|openai|httpx2|instructor|tenacity|rapidfuzz|typer|rich|jinja2|number-parser|python-dateutil|pyyaml|aiolimiter|pytest|pytest-recording|vcrpy|hypothesis|selenium) ' \
  | tr -s ' ' | paste -sd, >&2 || true
.venv-lowest/bin/python -m pytest "$@"
