#!/usr/bin/env bash
# Starts the portal for the Playwright suite: 127.0.0.1:$PORTAL_E2E_PORT (default 3100), a fresh temporary SQLite
# database with the demo data (or the one in $PORTAL_DATA_DIR), the site built by `cargo leptos build`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# `make bench` measures the release build: PORTAL_E2E_PROFILE=release.
bin="${CARGO_TARGET_DIR:-$root/target}/${PORTAL_E2E_PROFILE:-debug}/portal"
if [ ! -x "$bin" ]; then
  echo "start-server.sh: $bin is missing; run 'cargo leptos build' (make test does)" >&2
  exit 1
fi
# Data directories of earlier runs are kept for an hour for post-mortems, then removed.
find "${TMPDIR:-/tmp}" -maxdepth 1 -name 'portal-e2e.*' -mmin +60 -exec rm -rf {} + 2>/dev/null || true
# A test that restarts the server passes its own PORTAL_DATA_DIR, so the data survives.
data_dir="${PORTAL_DATA_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/portal-e2e.XXXXXX")}"
export PORTAL_DATA_DIR="$data_dir"
# PORTAL_E2E_DEMO=0: an empty install (the first-administrator journey starts from nothing).
export PORTAL_DEMO="${PORTAL_E2E_DEMO:-1}"
export PORTAL_ADDR=127.0.0.1:${PORTAL_E2E_PORT:-3100}
export LEPTOS_OUTPUT_NAME=portal
export LEPTOS_SITE_ROOT="$root/target/site"
export LEPTOS_SITE_PKG_DIR=pkg
unset DATABASE_URL
exec "$bin" serve
