# Innexar: `make help` lists the targets.
SHELL := /bin/bash
CARGO ?= cargo
# The PostgreSQL server the tests create (and drop) their databases on.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres
ADDR ?= 127.0.0.1:3001
# The debug binary that `make run` builds and the browser journeys drive.
INNEXAR := $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)/debug/innexar

.PHONY: help run build web web-deps test test-deps test-build test-sqlite test-postgres test-web test-e2e test-api-fuzz check check-web fmt clippy openapi ci bench bench-scale bench-search bench-web bench-peer bench-crm bench-sales bench-events

help: ## List the targets
	@grep -hE '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-14s %s\n", $$1, $$2}'

# `cargo build --workspace` rather than `cargo run -p innexar`: the workspace's features, which
# are the tests' too, so `make test` reuses this build (docs/adr/0016-config-and-builds.md).
run: web ## Build the web app and the binary; serve on SQLite with the demo tenant (http://demo.localhost:3001)
	$(CARGO) build --workspace
	$(INNEXAR) serve --demo --addr $(ADDR)

build: web ## Build the release binary with the web app inside (target/release/innexar)
	$(CARGO) build --release -p innexar

web-deps: web/node_modules/.package-lock.json

# `npm ci` only when the lockfile changed since the last install.
web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

web: web-deps ## Build the web app into web/dist (served by innexar at /)
	cd web && npm run build

test: test-deps web test-build test-sqlite test-postgres test-web test-e2e test-api-fuzz ## Run every test: Rust on SQLite and PostgreSQL, the web app's unit and browser tests, the API fuzzing

test-deps: ## Install what the tests need when it is missing (Chromium, Node.js, moto, the PostgreSQL client) and start PostgreSQL
	@TEST_DATABASE_URL="$(TEST_DATABASE_URL)" bash scripts/test-deps.sh

# `make run`'s build, then the tests' on top of it. Fails when the tests build a dependency in a
# variant (features, hence file names) that the first build did not: a feature only a
# dev-dependency or one member enables, which makes every `make test` after `make run` rebuild
# part of the tree (ADR 0016). It compares the artifacts' names, so a target directory that
# already holds both variants fails too.
test-build: ## Build as `make run` does, then the tests; fails if the tests need a dependency built with other features
	@set -euo pipefail; ids=$$(mktemp -d); trap 'rm -rf "$$ids"' EXIT; \
	artifacts() { grep '"reason":"compiler-artifact"' | grep -v '"package_id":"path+' \
	  | sed -E 's/.*"package_id":"([^"]*)".*"filenames":\[([^]]*)\].*/\1 \2/' | sort -u; }; \
	$(CARGO) build --workspace --message-format=json-render-diagnostics > "$$ids/run.json"; \
	$(CARGO) test --workspace --no-run --message-format=json-render-diagnostics > "$$ids/test.json"; \
	artifacts < "$$ids/run.json" > "$$ids/run"; artifacts < "$$ids/test.json" > "$$ids/test"; \
	again=$$(comm -12 <(cut -d' ' -f1 "$$ids/run" | sort -u) <(comm -13 "$$ids/run" "$$ids/test" | cut -d' ' -f1 | sort -u)); \
	if [ -n "$$again" ]; then \
	  echo "cargo test --workspace builds these with other features than cargo build --workspace (so twice):"; \
	  echo "$$again"; echo "(see: cargo tree --workspace -e features,normal,build,dev -i <crate>)"; exit 1; \
	fi

test-sqlite: test-deps ## Unit, schema and API tests on the embedded SQLite backend (needs `make web` for the SPA tests)
	$(CARGO) test --workspace

test-postgres: test-deps ## The API suite, schema parity, the kill -9 test and the database-level suites on PostgreSQL at TEST_DATABASE_URL (fails if it is unreachable)
	@pg_isready -d "$(TEST_DATABASE_URL)" -q || { echo "PostgreSQL is not reachable at $(TEST_DATABASE_URL)"; exit 1; }
	TEST_DATABASE_URL="$(TEST_DATABASE_URL)" $(CARGO) test -p innexar-app --test api -p innexar-db --test schema -p innexar --test crash -p innexar-jobs --test outbox -p innexar-testdb --test templates -p innexar-identity --test sessions -p innexar-org --test stores

test-web: test-deps web-deps ## The web app's unit tests (Vitest) and its JavaScript budget
	cd web && npm test && npm run size

test-e2e: test-deps web-deps ## Browser journeys: Chromium (/usr/bin/chromium) against a real `innexar serve`
	@# The binary `make run` builds; `cargo test --workspace` reuses that build, features and all.
	$(CARGO) build --workspace -q
	cd web && E2E_INNEXAR_BIN="$(INNEXAR)" npm run e2e

test-api-fuzz: test-deps ## Schemathesis against a real `innexar serve` from its OpenAPI document, on SQLite and on PostgreSQL
	$(CARGO) build --workspace -q
	INNEXAR="$(INNEXAR)" TEST_DATABASE_URL="$(TEST_DATABASE_URL)" bash scripts/api-fuzz.sh sqlite
	INNEXAR="$(INNEXAR)" TEST_DATABASE_URL="$(TEST_DATABASE_URL)" bash scripts/api-fuzz.sh postgres

check: check-web ## Formatting and lints (warnings are errors), the web app's types and its API client
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

check-web: web-deps ## TypeScript strict check and ESLint; fails when src/api/schema.gen.ts or src/api/problems.gen.ts is stale
	cd web && npm run check

fmt: ## Format the code
	$(CARGO) fmt --all

openapi: ## Regenerate docs/openapi.json, docs/problems.json and the web app's typed client and problem codes (tests fail when any is stale)
	$(CARGO) build -q --workspace
	$(INNEXAR) openapi > docs/openapi.json
	$(INNEXAR) problems > docs/problems.json
	cd web && npm run api:generate && npm run problems:generate

ci: check test ## What CI runs

bench: ## Load benchmark (see bench/README.md); results in bench/results/
	bash bench/run.sh

bench-scale: ## Provision 1,000 tenants and touch each; results in bench/results/
	bash bench/scale.sh

bench-search: ## Text search alone at 1, 4 and 16 connections on 100,000 vehicles, both backends; bench/results/search.md
	bash bench/run.sh --scenarios search --connections 1,4,16 --duration 15 --out search

bench-peer: ## Side by side with the seed's stack (NestJS + Prisma) on the same PostgreSQL, 100,000 vehicles; bench/results/peer.md
	bash bench/peer.sh

bench-crm: ## CRM: customer search on 200,000 customers, the board of a store with 5,000 open leads, intake; bench/results/crm.md
	command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
	cargo build --release -p innexar
	python3 bench/bench.py crm --backends sqlite,postgres

bench-sales: ## Sales: the financing simulation and complete quote -> sale flows; bench/results/sales.md
	command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
	cargo build --release -p innexar
	python3 bench/bench.py sales --backends sqlite,postgres

bench-events: ## Events outbox -> RabbitMQ -> consumer (events/s, p50/p99) and webhook deliveries/s, PostgreSQL; bench/results/events.md
	$(CARGO) build --release -p innexar
	python3 bench/events.py

bench-web: build web-deps ## Web app timings in Chromium on the demo tenant (300 and 100,000 vehicles)
	bash bench/web.sh
