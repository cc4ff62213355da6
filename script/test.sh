#!/usr/bin/env bash
# Runs every test: formatting, lints, the artifact drift check, the forge tests and the cargo tests.
# Installs what it needs first (script/setup.sh). With CI=true, forge uses its `ci` profile (more
# fuzz and invariant runs).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
script/setup.sh

forge=node_modules/@foundry-rs/forge-linux-amd64/bin/forge
step() { printf '\n==> %s\n' "$*" >&2; }

step "cargo fmt --check"
cargo fmt --all --check
(cd contracts/stylus && cargo fmt --all --check)
step "forge fmt --check"
"$forge" fmt --check

step "forge build and the committed-artifact drift check"
"$forge" build
node script/artifacts.mjs --check

step "Stylus contracts: WASM build, packaging and size report, ABI export"
script/build-stylus.sh

if [ "${CI:-}" = "true" ]; then
  step "Stylus WASM through Debian's rustc-web and -Zbuild-std (the path for machines without rustup targets)"
  debian_out=$(mktemp -d)
  CHLOM_WASM_TOOLCHAIN=debian CHLOM_STYLUS_OUT="$debian_out" CHLOM_STYLUS_EXPORT=0 \
    CHLOM_STYLUS_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}/stylus-debian" script/build-stylus.sh
  rm -rf "$debian_out"
fi

step "cargo clippy (warnings denied)"
cargo clippy --workspace --all-targets --locked -- -D warnings
# RUSTC_BOOTSTRAP matches script/build-stylus.sh so that cargo reuses the Stylus crates it built.
(cd contracts/stylus && RUSTC_BOOTSTRAP=1 cargo clippy --workspace --all-targets --locked -- -D warnings)

step "forge test"
if [ "${CI:-}" = "true" ]; then export FOUNDRY_PROFILE=ci; fi
"$forge" test

step "Stylus contract unit tests (stylus-sdk TestVM)"
(cd contracts/stylus && RUSTC_BOOTSTRAP=1 cargo test --workspace --locked)

step "cargo tests"
if cargo nextest --version >/dev/null 2>&1; then
  # Doc tests first, so that the run closes with nextest's summary of every test.
  cargo test --workspace --locked --doc
  cargo nextest run --workspace --locked --no-fail-fast
else
  cargo test --workspace --locked
fi
