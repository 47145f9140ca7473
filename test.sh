#!/usr/bin/env bash
# Sets everything up on first use, then checks style and types and runs the whole test suite.
# Extra arguments go to pytest (e.g. ./test.sh -k declaration).
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure-venv.sh dev
.venv/bin/ruff check bot flows storage tests
.venv/bin/ruff format --check bot flows storage
.venv/bin/mypy
exec .venv/bin/python -m pytest "$@"
