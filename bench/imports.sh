#!/usr/bin/env bash
# Imports memory benchmark: builds the release binary, then bench/imports.py (see bench/README.md).
# Pass --label before --binary PATH to measure another build into the same results.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ " $* " != *" --binary "* ]]; then
  cargo build --release -p innexar
fi
if [[ " $* " == *" --label "* ]]; then
  python3 bench/imports.py "$@"
else
  python3 bench/imports.py --label after "$@"
fi
