# Innexar: `make help` lists the targets.
SHELL := /bin/bash
CARGO ?= cargo
# The PostgreSQL server the tests create (and drop) their databases on.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres
ADDR ?= 127.0.0.1:3001

.PHONY: help run build web web-deps test test-sqlite test-postgres test-web test-e2e check check-web fmt clippy openapi ci bench bench-scale bench-search bench-web

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-14s %s\n", $$1, $$2}'

run: web ## Build the web app and the binary; serve on SQLite with the demo tenant (http://demo.localhost:3001)
	$(CARGO) run -p innexar -- serve --demo --addr $(ADDR)

build: web ## Build the release binary with the web app inside (target/release/innexar)
	$(CARGO) build --release -p innexar

web-deps: web/node_modules/.package-lock.json

# `npm ci` only when the lockfile changed since the last install.
web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

web: web-deps ## Build the web app into web/dist (served by innexar at /)
	cd web && npm run build

test: web test-sqlite test-postgres test-web test-e2e ## Run every test: Rust on SQLite and PostgreSQL, the web app's unit and browser tests

test-sqlite: ## Unit, schema and API tests on the embedded SQLite backend (needs `make web` for the SPA tests)
	$(CARGO) test --workspace

test-postgres: ## The API suite, schema parity, the kill -9 test and the database-level suites on PostgreSQL at TEST_DATABASE_URL (fails if it is unreachable)
	@pg_isready -d "$(TEST_DATABASE_URL)" -q || { echo "PostgreSQL is not reachable at $(TEST_DATABASE_URL)"; exit 1; }
	TEST_DATABASE_URL="$(TEST_DATABASE_URL)" $(CARGO) test -p innexar-app --test api -p innexar-db --test schema -p innexar --test crash -p innexar-jobs --test outbox -p innexar-testdb --test templates

test-web: web-deps ## The web app's unit tests (Vitest) and its JavaScript budget
	cd web && npm test && npm run size

test-e2e: web-deps ## Browser journeys: Chromium (/usr/bin/chromium) against a real `innexar serve`
	@# The same build as the test suite's (it builds the binary too), so no second set of features.
	$(CARGO) test --workspace --no-run -q
	cd web && E2E_INNEXAR_BIN="$${CARGO_TARGET_DIR:-$(CURDIR)/target}/debug/innexar" npm run e2e

check: check-web ## Formatting and lints (warnings are errors), the web app's types and its API client
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

check-web: web-deps ## TypeScript strict check; fails when src/api/schema.gen.ts is stale against docs/openapi.json
	cd web && npm run typecheck && npm run api:check

fmt: ## Format the code
	$(CARGO) fmt --all

openapi: ## Regenerate docs/openapi.json and the web app's typed client (tests fail when either is stale)
	$(CARGO) run -q -p innexar -- openapi > docs/openapi.json
	cd web && npm run api:generate

ci: check test ## What CI runs

bench: ## Load benchmark (see bench/README.md); results in bench/results/
	bash bench/run.sh

bench-scale: ## Provision 1,000 tenants and touch each; results in bench/results/
	bash bench/scale.sh

bench-search: ## Text search alone at 1, 4 and 16 connections on 100,000 vehicles, both backends; bench/results/search.md
	bash bench/run.sh --scenarios search --connections 1,4,16 --duration 15 --out search

bench-web: build web-deps ## Web app timings in Chromium on the demo tenant (300 and 100,000 vehicles)
	bash bench/web.sh
