#!/usr/bin/env bash
# The main job on the embedded default: installs what is needed, then `chlom devnet` (a local anvil,
# the suite deployed, one proposal approved and read back, a summary). Arguments go to `chlom devnet`
# (for example --json, --hold, --port).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
script/setup.sh
exec cargo run --quiet --locked -p chlom -- devnet "$@"
