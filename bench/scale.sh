#!/usr/bin/env bash
# Scale benchmark: 1,000 tenants provisioned and touched, on both backends.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p innexar
python3 bench/bench.py scale "$@"
