#!/usr/bin/env bash
# Fuzzes the API from its own OpenAPI document with Schemathesis (`--checks all`), as an
# integrator's client generator or a hostile client would call it: on a fresh `innexar serve`
# with the demo tenant and a second tenant, as the demo tenant's Owner and as its Sales user.
# Fails on any failed check. Usage: scripts/api-fuzz.sh sqlite|postgres [max-examples]
# Needs the debug binary (`cargo build --workspace`) and `schemathesis` (PyPI); .ci/run installs it.
set -euo pipefail
cd "$(dirname "$0")/.."

backend="${1:-sqlite}"
examples="${2:-25}"
bin="${INNEXAR:-${CARGO_TARGET_DIR:-target}/debug/innexar}"
work="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
base="http://127.0.0.1:$port"
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  if [ "$backend" = postgres ]; then
    for db in $(psql "$pg/postgres" -Atc "SELECT datname FROM pg_database WHERE datname LIKE '${prefix}%' OR datname = '$control'"); do
      psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null
    done
  fi
  rm -rf "$work"
}
trap cleanup EXIT

export INNEXAR_DATA_DIR="$work/data" INNEXAR_LOG_LEVEL=warn
case "$backend" in
  sqlite) ;;
  postgres)
    pg="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
    pg="${pg%/*}"
    suffix="$(printf '%04x%04x' $RANDOM $RANDOM)"
    control="innexar_fuzz_$suffix" prefix="fz${suffix}_"
    export INNEXAR_DATABASE_URL="$pg/$control" INNEXAR_DATABASE_TENANT_DB_PREFIX="$prefix"
    ;;
  *) echo "usage: $0 sqlite|postgres [max-examples]" >&2; exit 2 ;;
esac

INNEXAR_ADMIN_PASSWORD='outra-loja-senha-longa' "$bin" tenant create loja-dois --name "Loja Dois" \
  --cnpj 11.222.333/0001-81 --admin-email dono@lojadois.com.br >/dev/null
"$bin" serve --demo --addr "127.0.0.1:$port" >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 150); do
  curl -fs "$base/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fs "$base/readyz" >/dev/null || { cat "$work/server.log"; echo "api-fuzz: the server did not start" >&2; exit 1; }

login() { # tenant email password
  curl -fs -X POST "$base/api/v1/auth/login" -H "X-Tenant: $1" -H 'content-type: application/json' \
    -d "{\"email\":\"$2\",\"password\":\"$3\"}" | python3 -c 'import json, sys; print(json.load(sys.stdin)["accessToken"])'
}


# Both sign in first, and Sales runs first: the Owner's run may change or deactivate users it
# finds, Sales among them.
declare -A tokens
for who in vendas dono; do
  tokens[$who]="$(login demo "$who@demo.innexar.com.br" innexar-demo)"
done

status=0
for who in vendas dono; do
  # As the document's bearer scheme (scripts/schemathesis.toml), so the checks can leave it out.
  INNEXAR_FUZZ_TOKEN="${tokens[$who]}"
  # A store the user may file vehicles under, for valid requests that name one (the hooks).
  INNEXAR_FUZZ_STORE_ID="$(curl -fs "$base/api/v1/stores" -H 'X-Tenant: demo' -H "Authorization: Bearer $INNEXAR_FUZZ_TOKEN" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["items"][0]["id"])')"
  export INNEXAR_FUZZ_TOKEN INNEXAR_FUZZ_STORE_ID
  echo "api-fuzz: $backend, as $who@demo (max $examples examples per operation)"
  # Excluded operations end the session the run authenticates with (sign-out, ending every
  # session, a password change); they have tests of their own.
  schemathesis --config-file scripts/schemathesis.toml run "$base/api/v1/openapi.json" \
    --checks all \
    --phases examples,coverage,fuzzing \
    --max-examples "$examples" \
    --seed 20261201 \
    --workers 1 \
    --request-timeout 30 \
    --exclude-path /api/v1/auth/logout \
    --exclude-path /api/v1/me/sessions/revoke \
    --exclude-path /api/v1/me/password \
    -H "X-Tenant: demo" \
    --report junit --report-dir "$work/report-$who" \
    --no-color || status=$?
done
if [ "$status" -ne 0 ]; then
  echo "api-fuzz: failures found ($backend); the server's log:" >&2
  grep -E '"level":"(ERROR|WARN)"' "$work/server.log" | tail -20 >&2 || true
fi
exit "$status"
