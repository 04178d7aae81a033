# The two commands a newcomer needs: `make run` and `make test`. Both install missing tools.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/tools/node_modules/.bin:$(PATH)

# PostgreSQL server the PostgreSQL test variants create their throw-away databases on.
export PORTAL_TEST_PG_URL ?= postgres://postgres@127.0.0.1:5432/test
PG_HOST := 127.0.0.1
PG_PORT := 5432

.PHONY: run release test test-rust test-e2e build setup lint bench bench-chat bench-load

## run: build and serve the portal with demo data at http://127.0.0.1:3000 (PORTAL_ADDR to change)
run:
	scripts/setup.sh
	PORTAL_DEMO=$${PORTAL_DEMO:-1} cargo leptos serve

## release: optimised build (server binary + wasm bundle shrunk by wasm-opt)
release:
	scripts/setup.sh release
	cargo leptos build --release

## test: every test layer: unit, services on SQLite and PostgreSQL, HTTP, Playwright in Chromium
test:
	scripts/setup.sh test
	$(MAKE) test-rust
	$(MAKE) test-e2e

test-rust:
	@if pg_isready -q -h $(PG_HOST) -p $(PG_PORT); then \
	  echo "PostgreSQL answers at $(PG_HOST):$(PG_PORT): PostgreSQL test variants are required"; \
	  export PORTAL_REQUIRE_PG=1; \
	else \
	  echo "WARNING: PostgreSQL is not reachable at $(PG_HOST):$(PG_PORT): only the SQLite variants run"; \
	fi; \
	cargo test --workspace --exclude frontend

test-e2e: build
	cd end2end && CI=1 npx playwright test

build:
	cargo leptos build

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --exclude frontend --all-targets -- -D warnings

## bench: request creation throughput and list latency with 1 000 000 requests, SQLite and PostgreSQL
bench:
	scripts/setup.sh
	cargo run --release -p server --bin portal-bench -- --database $${BENCH_DATABASE:-both} --requests $${BENCH_REQUESTS:-1000000}

## bench-browser: suggestions under «Тема запроса» timed in Chromium (last keystroke → painted list)
.PHONY: bench-browser
bench-browser: build
	cd end2end && CI=1 PORTAL_BENCH=1 npx playwright test --project=bench --reporter=list

## bench-kb: knowledge base search with 100 000 generated articles: index build, memory, suggest p50/p99
.PHONY: bench-kb
bench-kb:
	cargo run --release -p server --bin portal-bench -- --mode kb --database $${BENCH_DATABASE:-sqlite} --articles $${BENCH_ARTICLES:-100000} --queries $${BENCH_QUERIES:-2000}
## bench-chat: live chat delivery — 1 000 SSE subscribers on loopback, latency p50/p99, messages/s, server RSS
bench-chat:
	cargo run --release -p server --bin portal-bench -- --mode chat --database $${BENCH_DATABASE:-sqlite} --subscribers $${BENCH_SUBSCRIBERS:-1000}
## bench-load: 200 virtual users for 60 s on loopback — per-action p50/p99, errors, lost chat messages; SQLite and PostgreSQL
bench-load:
	cargo run --release -p server --bin portal-bench -- --mode load --database $${BENCH_DATABASE:-both} --users $${BENCH_USERS:-200} --seconds $${BENCH_SECONDS:-60} $${BENCH_JSON:+--json $$BENCH_JSON}
