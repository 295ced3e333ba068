# Innexar: `make help` lists the targets.
SHELL := /bin/bash
CARGO ?= cargo
# The PostgreSQL server the tests create (and drop) their databases on.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres
ADDR ?= 127.0.0.1:3001

.PHONY: help run build test test-sqlite test-postgres check fmt clippy openapi ci bench bench-scale

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-14s %s\n", $$1, $$2}'

run: ## Build and serve Innexar on SQLite with the demo tenant (http://demo.localhost:3001)
	$(CARGO) run -p innexar -- serve --demo --addr $(ADDR)

build: ## Build the release binary (target/release/innexar)
	$(CARGO) build --release -p innexar

test: test-sqlite test-postgres ## Run every test: the whole suite on SQLite, the API suite again on PostgreSQL

test-sqlite: ## Unit, schema and API tests on the embedded SQLite backend
	$(CARGO) test --workspace

test-postgres: ## The API suite on PostgreSQL at TEST_DATABASE_URL (fails if it is unreachable)
	@pg_isready -d "$(TEST_DATABASE_URL)" -q || { echo "PostgreSQL is not reachable at $(TEST_DATABASE_URL)"; exit 1; }
	TEST_DATABASE_URL="$(TEST_DATABASE_URL)" $(CARGO) test -p innexar-app --test api -p innexar-db --test schema

check: ## Formatting and lints (warnings are errors)
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

fmt: ## Format the code
	$(CARGO) fmt --all

openapi: ## Regenerate docs/openapi.json (a test fails when it is stale)
	$(CARGO) run -q -p innexar -- openapi > docs/openapi.json

ci: check test ## What CI runs

bench: ## Load benchmark (see bench/README.md); results in bench/results/
	bash bench/run.sh

bench-scale: ## Provision 1,000 tenants and touch each; results in bench/results/
	bash bench/scale.sh
