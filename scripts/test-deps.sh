#!/usr/bin/env bash
# What `make test` needs besides Rust, installed when missing: the PostgreSQL client
# (pg_isready), Node.js with npm (the web app), Debian's Chromium (the browser journeys; no
# browser is downloaded), moto's S3-compatible server (PyPI `moto[server]`, for the storage
# tests), aiosmtpd (PyPI, the SMTP server the e-mail tests send to) and Schemathesis (PyPI, the
# API fuzzing); then PostgreSQL at TEST_DATABASE_URL and RabbitMQ, started
# when it is a local cluster that is down.
# When everything is there it only checks, in about a second. `make test` and .ci/run call it.
# Installing needs root, or sudo; without either it says what is missing and fails.
set -euo pipefail

url="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"

say() { echo "test-deps: $*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif have sudo; then
    sudo "$@"
  else
    say "needs root (or sudo) to run: $*"
    return 1
  fi
}

apt_updated=
apt_install() {
  say "installing $* (Debian packages)"
  if [ -z "$apt_updated" ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

missing=()
have pg_isready || missing+=(postgresql-client)
have make || missing+=(make)
have node || missing+=(nodejs)
have python3 || missing+=(python3)
# scripts/api-fuzz.sh signs in and waits for the server with it.
have curl || missing+=(curl)
# The browser journeys drive this path (CHROMIUM_PATH in web/e2e/browser.ts defaults to it).
[ -x /usr/bin/chromium ] || missing+=(chromium)
# The PDF tests read the text of the documents the server renders (ADR 0027).
have pdftotext || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
  apt_install "${missing[@]}"
fi
# Some Node.js packages carry npm and some leave it to Debian's own package.
have npm || apt_install npm

# Vite needs Node.js 20.19 or later (web/package.json "engines"); an older one fails mid-build.
node -e '
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    console.error(`test-deps: the web app needs Node.js 20.19 or later; this is ${process.version}`);
    process.exit(1);
  }'

# Found without importing them (importing moto takes seconds); flask and flask_cors come with
# the `server` extra.
moto_ok() {
  python3 -c 'import importlib.util as u, sys; sys.exit(not all(map(u.find_spec, ["moto", "flask", "flask_cors"])))' \
    >/dev/null 2>&1
}
if ! moto_ok; then
  python3 -m pip --version >/dev/null 2>&1 || apt_install python3-pip
  say "installing moto[server] (PyPI)"
  # Debian's own Python refuses pip installs outside a venv unless told otherwise.
  python3 -m pip install -q 'moto[server]' 2>/dev/null ||
    python3 -m pip install -q --break-system-packages 'moto[server]'
  moto_ok || { say "moto[server] did not install"; exit 1; }
fi

# The e-mail tests hand messages to a real SMTP server, which they start (crates/app/tests/api/notify.rs).
AIOSMTPD='aiosmtpd==1.4.*'
if ! python3 -c 'import importlib.util as u, sys; sys.exit(not u.find_spec("aiosmtpd"))' >/dev/null 2>&1; then
  say "installing $AIOSMTPD (PyPI)"
  python3 -m pip install -q "$AIOSMTPD" 2>/dev/null ||
    python3 -m pip install -q --break-system-packages "$AIOSMTPD"
  python3 -c 'import aiosmtpd' >/dev/null 2>&1 || { say "aiosmtpd did not install"; exit 1; }
fi

# Schemathesis fuzzes the API from its document (scripts/api-fuzz.sh); pinned, so a new release's
# checks change the run only when the pin moves.
SCHEMATHESIS='schemathesis==4.32.*'
if ! python3 -c 'import schemathesis, sys; sys.exit(not schemathesis.__version__.startswith("4.32."))' >/dev/null 2>&1; then
  say "installing $SCHEMATHESIS (PyPI)"
  python3 -m pip install -q "$SCHEMATHESIS" 2>/dev/null ||
    python3 -m pip install -q --break-system-packages "$SCHEMATHESIS"
  have schemathesis || { say "schemathesis did not install"; exit 1; }
fi

if ! pg_isready -d "$url" -q; then
  case "$url" in
    *@127.0.0.1[:/]* | *@localhost[:/]* | *@[:/]*)
      if have pg_lsclusters; then
        # Debian's clusters: the first that is down (version, name, port, status, ...).
        read -r version name _ < <(pg_lsclusters -h | awk '$4 == "down" { print $1, $2; exit }') || true
        if [ -n "${version:-}" ]; then
          say "PostgreSQL is down; starting cluster $version/$name"
          as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start || true
          for _ in $(seq 1 30); do
            pg_isready -d "$url" -q && break
            sleep 1
          done
        fi
      fi
      ;;
  esac
fi
pg_isready -d "$url" -q || {
  say "PostgreSQL at $url is unreachable (set TEST_DATABASE_URL, or install and start a server)"
  exit 1
}

# RabbitMQ for the event relay and consumers (crates/events, crates/server/tests/broker.rs), at
# INNEXAR_TEST_AMQP_URL's host (default the local broker, guest/guest): started when it is a
# local node that is down.
amqp="${INNEXAR_TEST_AMQP_URL:-amqp://guest:guest@127.0.0.1:5672/%2f}"
amqp_hostport="${amqp#*@}"
amqp_hostport="${amqp_hostport%%/*}"
amqp_host="${amqp_hostport%%:*}"
amqp_port="${amqp_hostport##*:}"
[ "$amqp_port" = "$amqp_hostport" ] && amqp_port=5672
amqp_up() { (exec 3<>"/dev/tcp/$amqp_host/$amqp_port") 2>/dev/null; }
if ! amqp_up && { [ "$amqp_host" = 127.0.0.1 ] || [ "$amqp_host" = localhost ]; }; then
  if have rabbitmq-server; then
    say "RabbitMQ is down; starting it"
    as_root rabbitmq-server -detached >/dev/null 2>&1 || true
    for _ in $(seq 1 60); do
      amqp_up && break
      sleep 1
    done
  fi
fi
amqp_up || {
  say "RabbitMQ at $amqp_host:$amqp_port is unreachable (set INNEXAR_TEST_AMQP_URL, or install and start a broker)"
  exit 1
}
