#!/usr/bin/env bash
# Installs what the project needs on a new machine: the pinned npm tools (forge, anvil, cast,
# solc-js, OpenZeppelin) and checks the Rust toolchain. Safe to run again; does nothing when current.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

need() { command -v "$1" >/dev/null 2>&1 || { echo "error: $1 is required: $2" >&2; exit 2; }; }
need node "install Node.js 20 or newer (Debian: apt-get install nodejs npm)"
need npm "install npm (Debian: apt-get install npm)"
need cargo "install Rust with rustup"

# Install only when package.json or package-lock.json changed since the last install. Not `npm ci`:
# the lock file lists only this platform's forge/anvil/cast binaries (npm leaves the other platforms'
# optional packages out), which `npm ci` refuses; `npm install --no-save` installs exactly the pinned
# versions from the lock file and never rewrites it.
stamp=node_modules/.chlom-installed
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  echo "setup: installing npm packages (forge, anvil, cast, solc, @openzeppelin/contracts)" >&2
  npm install --no-save --no-audit --no-fund --loglevel=error >&2
  touch "$stamp"
fi
for tool in forge anvil cast; do
  bin="node_modules/@foundry-rs/$tool-linux-amd64/bin/$tool"
  [ -x "$bin" ] || { echo "error: $bin is missing after npm install" >&2; exit 1; }
done

for component in rustfmt clippy; do
  if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1; then
    echo "setup: adding the $component component" >&2
    rustup component add "$component" >&2
  fi
done
