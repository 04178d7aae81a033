# The two commands a newcomer needs: `make run` and `make test`. Both install missing tools.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/tools/node_modules/.bin:$(PATH)

# PostgreSQL server the PostgreSQL test variants create their throw-away databases on.
export PORTAL_TEST_PG_URL ?= postgres://postgres@127.0.0.1:5432/test
PG_HOST := 127.0.0.1
PG_PORT := 5432

.PHONY: run release test test-rust test-e2e test-e2e-debug build build-release setup lint bench bench-chat bench-load bench-import

## run: build and serve the portal with demo data at http://127.0.0.1:3000 (PORTAL_ADDR to change)
run:
	scripts/setup.sh
	PORTAL_DEMO=$${PORTAL_DEMO:-1} cargo leptos serve

## release: optimised build (server binary + wasm bundle shrunk by wasm-opt)
release:
	scripts/setup.sh release
	cargo leptos build --release

## test: every test layer: unit, services on SQLite and PostgreSQL, HTTP, Playwright in Chromium
## against the release build (what users deploy)
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

## test-e2e: the Playwright suite (with JavaScript, and the no-JavaScript project) on the release build
test-e2e: build-release
	cd end2end && CI=1 PORTAL_E2E_PROFILE=release npx playwright test

## test-e2e-debug: the same suite on the faster-to-build debug build, for developers
test-e2e-debug: build
	cd end2end && CI=1 PORTAL_E2E_PROFILE=debug npx playwright test

build:
	cargo leptos build

build-release:
	cargo leptos build --release

## lint: formatting (rustfmt.toml) and clippy with warnings as errors, server and browser builds;
## .ci/run runs it before the tests
lint:
	scripts/setup.sh lint
	cargo fmt --all -- --check
	cargo clippy --workspace --exclude frontend --all-targets -- -D warnings
	cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

## bench: every benchmark (release builds), one table printed and written to target/bench/report.md
BENCH_DIR := target/bench
PORTAL_BENCH_BIN = $${CARGO_TARGET_DIR:-target}/release/portal-bench
bench:
	scripts/setup.sh bench
	rm -rf $(BENCH_DIR) && mkdir -p $(BENCH_DIR)
	cargo build --release -p server --bin portal-bench
	$(PORTAL_BENCH_BIN) --database both --requests $${BENCH_REQUESTS:-1000000} --json $(BENCH_DIR)
	$(PORTAL_BENCH_BIN) --mode kb --database sqlite --articles $${BENCH_ARTICLES:-100000} --json $(BENCH_DIR)
	$(PORTAL_BENCH_BIN) --mode chat --database sqlite --json $(BENCH_DIR)
	$(PORTAL_BENCH_BIN) --mode load --database both --json $(BENCH_DIR)
	$(PORTAL_BENCH_BIN) --mode pages --database both --loads $${BENCH_PAGE_LOADS:-20000} --json $(BENCH_DIR)
	$(PORTAL_BENCH_BIN) --mode import --database both --json $(BENCH_DIR)
	cargo leptos build --release
	node scripts/bench/web.mjs $(BENCH_DIR)/web-release.json
	cd end2end && CI=1 PORTAL_BENCH=1 PORTAL_E2E_PROFILE=release PORTAL_BENCH_JSON=$(CURDIR)/$(BENCH_DIR)/browser-release.json \
	  npx playwright test --project=bench --reporter=list
	node scripts/bench/report.mjs $(BENCH_DIR) $(BENCH_DIR)/report.md

## bench-lists: request creation throughput and list latency with 1 000 000 requests, SQLite and PostgreSQL
.PHONY: bench-lists
bench-lists:
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
	cargo run --release -p server --bin portal-bench -- --mode load --database $${BENCH_DATABASE:-both} --users $${BENCH_USERS:-200} --seconds $${BENCH_SECONDS:-60}
.PHONY: bench-pages
## bench-pages: every page type by 16 and 64 clients on a saturated CPU — stalled pages, panics, pages/s
bench-pages:
	cargo run --release -p server --bin portal-bench -- --mode pages --database $${BENCH_DATABASE:-both} --loads $${BENCH_PAGE_LOADS:-20000}
## bench-import: `portal import` of 10 000 organizations, 50 000 people, 20 000 certificates — time, records/s, peak memory, second run
bench-import:
	cargo run --release -p server --bin portal-bench -- --mode import --database $${BENCH_DATABASE:-both} --organizations $${BENCH_ORGANIZATIONS:-10000} --people $${BENCH_PEOPLE:-50000} --certificates $${BENCH_CERTIFICATES:-20000}
