#!/usr/bin/env bash
# Installs the build tools the portal needs, skipping whatever is already present.
#   scripts/setup.sh          build tools (wasm target, cargo-leptos, wasm-bindgen-cli)
#   scripts/setup.sh test     plus Chromium (Debian package), the Playwright npm packages and wasm-opt
#   scripts/setup.sh release  plus wasm-opt from the npm package `binaryen`
#   scripts/setup.sh bench    plus Chromium, wasm-opt and Lighthouse (npm) for `make bench`
#   scripts/setup.sh lint     plus the rustfmt and clippy components for `make lint`
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10
# Must equal the `wasm-bindgen` version pinned in Cargo.toml.
WASM_BINDGEN_VERSION=0.2.130
BINARYEN_VERSION=132.0.0
# The newest Lighthouse that runs on Debian's Node 20.
LIGHTHOUSE_VERSION=12.8.2

say() { printf '\033[1;34m==> %s\033[0m\n' "$*"; }

if ! command -v cargo >/dev/null; then
  echo "cargo is not installed: install Rust with rustup (https://rustup.rs) first" >&2
  exit 1
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q " $CARGO_LEPTOS_VERSION\$"; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (takes ~30 min on 2 cores, once)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# wasm-opt shrinks the release wasm (cargo-leptos runs it); from the npm package, never a download.
install_wasm_opt() {
  if [ ! -x tools/node_modules/.bin/wasm-opt ]; then
    say "installing wasm-opt (npm binaryen $BINARYEN_VERSION)"
    mkdir -p tools
    (cd tools && npm install --no-audit --no-fund --no-save "binaryen@$BINARYEN_VERSION")
  fi
}

need_apt=()
case "${1:-}" in
  test)
    command -v chromium >/dev/null || need_apt+=(chromium)
    # The request PDF test reads the generated file back with pdftotext.
    command -v pdftotext >/dev/null || need_apt+=(poppler-utils)
    command -v pg_isready >/dev/null || need_apt+=(postgresql-client)
    if [ ${#need_apt[@]} -gt 0 ]; then
      say "installing ${need_apt[*]} (Debian packages)"
      SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
      $SUDO apt-get update -qq
      $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"
    fi
    if [ ! -d end2end/node_modules/@playwright/test ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
      say "installing the Playwright packages (npm ci)"
      (cd end2end && npm ci --no-audit --no-fund)
    fi
    # The browser suite runs on the release build, whose wasm goes through wasm-opt.
    install_wasm_opt
    ;;
  release)
    install_wasm_opt
    ;;
  lint)
    for component in rustfmt clippy; do
      if ! rustup component list --installed | grep -q "^$component"; then
        say "adding the $component component"
        rustup component add "$component"
      fi
    done
    ;;
  bench)
    command -v chromium >/dev/null || need_apt+=(chromium)
    if [ ${#need_apt[@]} -gt 0 ]; then
      say "installing ${need_apt[*]} (Debian packages)"
      SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
      $SUDO apt-get update -qq
      $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"
    fi
    if [ ! -x tools/node_modules/.bin/wasm-opt ] || [ ! -x tools/node_modules/.bin/lighthouse ]; then
      say "installing wasm-opt and Lighthouse (npm binaryen $BINARYEN_VERSION, lighthouse $LIGHTHOUSE_VERSION)"
      mkdir -p tools
      # One install command for both: a later `npm install --no-save` would prune the other.
      (cd tools && npm install --no-audit --no-fund --no-save "binaryen@$BINARYEN_VERSION" "lighthouse@$LIGHTHOUSE_VERSION")
    fi
    ;;
esac
