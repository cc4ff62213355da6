#!/usr/bin/env bash
# Deploys the CHLOM suite with forge and records it in deployments/<chainId>.json.
#
#   CHLOM_DEPLOYER_KEY=0x… script/deploy.sh --rpc-url URL            # simulate only
#   CHLOM_DEPLOYER_KEY=0x… script/deploy.sh --rpc-url URL --broadcast # send and record
#
# The key is read from the environment only; CHLOM_DEPLOYMENTS_DIR moves the record (default
# deployments/). Extra arguments go to `forge script`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if [ -z "${CHLOM_DEPLOYER_KEY:-}" ]; then
  echo "error: set CHLOM_DEPLOYER_KEY to the deployer's private key (hex)" >&2
  exit 2
fi
rpc_url=""
broadcast=false
for ((i = 1; i <= $#; i++)); do
  case "${!i}" in
    --rpc-url) j=$((i + 1)); rpc_url="${!j:-}" ;;
    --rpc-url=*) rpc_url="${!i#--rpc-url=}" ;;
    --broadcast) broadcast=true ;;
  esac
done
if [ -z "$rpc_url" ]; then
  echo "error: pass --rpc-url URL" >&2
  exit 2
fi

forge=node_modules/@foundry-rs/forge-linux-amd64/bin/forge
[ -x "$forge" ] || { echo "error: forge is missing: run script/setup.sh first" >&2; exit 2; }

"$forge" script script/01_DeployGovernance.s.sol:DeployGovernance "$@"

if $broadcast; then
  chain_id=$(node_modules/@foundry-rs/cast-linux-amd64/bin/cast chain-id --rpc-url "$rpc_url")
  node script/record-deployment.mjs "broadcast/01_DeployGovernance.s.sol/$chain_id/run-latest.json" "${CHLOM_DEPLOYMENTS_DIR:-deployments}"
else
  echo "simulation only: pass --broadcast to deploy and record" >&2
fi
