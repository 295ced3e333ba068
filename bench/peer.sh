#!/usr/bin/env bash
# Side-by-side benchmark against the seed's stack (NestJS + Prisma, ../shared/peers/nest-prisma or
# PEER_DIR): builds the release binary, then bench.py peer (arguments passed on).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
command -v pgbench >/dev/null || { apt-get update -qq && apt-get install -y -qq postgresql-client; }
command -v node >/dev/null || { echo "bench-peer needs Node.js >= 20.19 and npm (the peer is a NestJS app)"; exit 1; }
cargo build --release -p innexar
python3 bench/bench.py peer "$@"
