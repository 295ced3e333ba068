#!/usr/bin/env bash
# Load benchmark: builds the release binary, then bench.py load on both backends.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cargo build --release -p innexar
python3 bench/bench.py load "$@"
