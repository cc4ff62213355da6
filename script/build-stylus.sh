#!/usr/bin/env bash
# Builds every Stylus contract under contracts/stylus/ for wasm32-unknown-unknown, packages it as
# `cargo stylus` does (EF F0 00 00 + brotli, and its initcode), prints the size report (failing over
# Arbitrum's 24,576-byte limit), and exports each contract's Solidity interface for the ABI parity
# test. Everything lands in contracts/stylus/out/.
#
# The wasm32 standard library comes from rustup where `rustup target add` works; where it cannot
# (no rustup dist server on a closed network), from Debian's rustc-web and rust-web-src with
# -Zbuild-std. CHLOM_WASM_TOOLCHAIN=rustup|debian forces one path.
#
# CHLOM_STYLUS_OUT moves the output folder, CHLOM_STYLUS_TARGET_DIR the cargo target directory, and
# CHLOM_STYLUS_EXPORT=0 skips the ABI export (CI uses them to build through both toolchains).
#
# Size flags: -Zfmt-debug=none and -Zlocation-detail=none drop Debug formatting and panic locations,
# which are dead weight on chain (they cut the emitter from 24.7 KB to 18 KB compressed). They are
# nightly flags, enabled on the stable compiler with RUSTC_BOOTSTRAP=1, which -Zbuild-std needs anyway.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

target=wasm32-unknown-unknown
mode=${CHLOM_WASM_TOOLCHAIN:-auto}
rustup_lld="$(rustc --print sysroot)/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld"
size_flags="-Zfmt-debug=none -Zlocation-detail=none"

have_rustup_target() { command -v rustup >/dev/null 2>&1 && rustup target list --installed 2>/dev/null | grep -qx "$target"; }

if [ "$mode" = auto ]; then
  if have_rustup_target; then
    mode=rustup
  elif command -v rustup >/dev/null 2>&1 && timeout 120 rustup target add "$target" >&2 && have_rustup_target; then
    mode=rustup
  else
    echo "build-stylus: rustup cannot install $target here; using Debian's rustc-web with -Zbuild-std" >&2
    mode=debian
  fi
fi

build_args=(build --release --locked --target "$target" --lib)
case "$mode" in
  rustup)
    export RUSTFLAGS="$size_flags"
    ;;
  debian)
    if ! dpkg -s rustc-web rust-web-src >/dev/null 2>&1; then
      echo "build-stylus: installing rustc-web and rust-web-src from Debian" >&2
      apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rustc-web rust-web-src >&2
    fi
    # Debian's rust-lld links to an lld it does not install; rustup's toolchain carries one.
    linker=$rustup_lld
    [ -x "$linker" ] || linker=$(command -v wasm-ld || true)
    [ -n "$linker" ] || { echo "error: no wasm linker: install Debian's lld or a rustup toolchain" >&2; exit 1; }
    export RUSTC=/usr/bin/rustc
    export RUSTFLAGS="$size_flags -Clinker=$linker"
    build_args+=(-Zbuild-std=std,panic_abort)
    ;;
  *) echo "error: CHLOM_WASM_TOOLCHAIN must be rustup or debian, not $mode" >&2; exit 2 ;;
esac
export RUSTC_BOOTSTRAP=1

target_dir=${CHLOM_STYLUS_TARGET_DIR:-${CARGO_TARGET_DIR:-$root/contracts/stylus/target}}
out=${CHLOM_STYLUS_OUT:-contracts/stylus/out}
mkdir -p "$out"
out_abs=$(cd "$out" && pwd)

echo "build-stylus: compiling for $target ($mode toolchain)" >&2
(cd contracts/stylus && CARGO_TARGET_DIR="$target_dir" cargo "${build_args[@]}")

# The contracts are the crates that build a cdylib; the others are libraries they share.
contracts=()
for crate in contracts/stylus/*/Cargo.toml; do
  grep -q 'cdylib' "$crate" && contracts+=("$crate")
done

wasm=()
for crate in "${contracts[@]}"; do
  name=$(sed -n 's/^name = "\(.*\)"/\1/p' "$crate" | head -n 1)
  wasm+=("$target_dir/$target/release/${name//-/_}.wasm")
done

# Packaging and the size report: the same code the in-process executor unpacks.
(unset RUSTC RUSTFLAGS RUSTC_BOOTSTRAP; cargo run --quiet --locked -p chlom -- stylus package --out "$out" "${wasm[@]}")

# The exported Solidity interfaces, for the ABI parity test.
if [ "${CHLOM_STYLUS_EXPORT:-1}" = 0 ]; then
  echo "build-stylus: wrote $out/ (ABI export skipped)" >&2
  exit 0
fi
for crate in "${contracts[@]}"; do
  dir=$(dirname "$crate")
  name=$(sed -n 's/^name = "\(.*\)"/\1/p' "$crate" | head -n 1)
  (
    # Native build for the host; RUSTC_BOOTSTRAP stays set so that cargo reuses what it compiled.
    unset RUSTC RUSTFLAGS
    cd "$dir"
    CARGO_TARGET_DIR="$target_dir" cargo run --quiet --locked --features export-abi -- abi > "$out_abs/${name//-/_}.abi.sol"
    CARGO_TARGET_DIR="$target_dir" cargo run --quiet --locked --features export-abi -- constructor > "$out_abs/${name//-/_}.constructor.sol"
  )
done
echo "build-stylus: wrote $out/" >&2
