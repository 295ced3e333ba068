#!/usr/bin/env bash
# Web app timings (bench/web.mjs) against a release `innexar` with the demo tenant: once with the
# demo's 300 vehicles and once with 100,000. Needs `make build` and Chromium at /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="$(realpath "${CARGO_TARGET_DIR:-target}/release/innexar")"
ROOT="$PWD"
PORT="${PORT:-3101}"
DATA="$(mktemp -d /var/tmp/innexar-bench-web.XXXXXX)"
trap 'kill "${PID:-0}" 2>/dev/null || true; rm -rf "$DATA"' EXIT
export INNEXAR_DATA_DIR="$DATA" INNEXAR_LOG_LEVEL=warn
export INNEXAR_AUTH_JWT_SECRET="bench-web-secret-0123456789-0123456789"
# Built-in defaults, not the checkout's config/default.toml.
cd "$DATA"

serve() {
  "$BIN" serve --demo --addr "127.0.0.1:$PORT" & PID=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && return; sleep 0.2; done
  echo "innexar did not start"; exit 1
}

serve
node "$ROOT/bench/web.mjs" "http://demo.localhost:$PORT" demo-300
kill "$PID"; wait "$PID" 2>/dev/null || true
# A second tenant with the demo's stores and users and 100,000 vehicles.
"$BIN" tenant create big --name "Grande Revenda" --cnpj 11.444.777/0001-61 \
  --admin-email dono@demo.innexar.com.br --admin-password innexar-demo
"$BIN" demo seed --tenant big --vehicles 100000
serve
node "$ROOT/bench/web.mjs" "http://big.localhost:$PORT" big-100k
