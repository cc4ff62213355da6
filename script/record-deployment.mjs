#!/usr/bin/env node
// Turns forge's broadcast log (broadcast/<script>/<chainId>/run-latest.json) into the project's
// deployment record, deployments/<chainId>.json: the same format `chlom deploy` writes.
//
//   node script/record-deployment.mjs BROADCAST_JSON DEPLOYMENTS_DIR
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const [broadcastFile, deploymentsDir] = process.argv.slice(2);
if (!broadcastFile || !deploymentsDir) {
  console.error('usage: record-deployment.mjs BROADCAST_JSON DEPLOYMENTS_DIR');
  process.exit(2);
}
const run = JSON.parse(fs.readFileSync(broadcastFile, 'utf8'));
const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'out');

// Forge names a creation after the artifact its initcode matches, and leaves the name null when
// out/ holds one contract compiled under two compiler profiles (foundry.toml compiles the
// LicenseRegistry, and whatever imports it, at fewer optimizer runs). Then the name comes from the
// one artifact whose creation code starts the initcode.
let artifacts = null;
function artifactsInOut(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'build-info' ? [] : artifactsInOut(full);
    if (!entry.name.endsWith('.json')) return [];
    const code = JSON.parse(fs.readFileSync(full, 'utf8')).bytecode?.object ?? '0x';
    return code.length > 2 ? [{ name: path.basename(entry.name, '.json'), code: code.toLowerCase() }] : [];
  });
}
function contractNameOf(tx) {
  if (tx.contractName) return tx.contractName;
  artifacts ??= artifactsInOut(outDir);
  const input = (tx.transaction.input ?? '').toLowerCase();
  const names = new Set(artifacts.filter((a) => input.startsWith(a.code)).map((a) => a.name));
  if (names.size !== 1) {
    console.error(
      `error: cannot tell which contract ${tx.hash} created (${names.size} artifacts in out/ match): run \`forge build\` and deploy again`,
    );
    process.exit(1);
  }
  return [...names][0];
}
// Receipts are matched by the address they created, not by the transaction entry's hash: forge
// 1.7 can pair the entries of a batch with the wrong hashes when it sends them concurrently.
const receipts = new Map(
  run.receipts.filter((r) => r.contractAddress).map((r) => [r.contractAddress.toLowerCase(), r]),
);

const contracts = {};
let deployer = null;
for (const tx of run.transactions) {
  if (tx.transactionType !== 'CREATE' && tx.transactionType !== 'CREATE2') continue;
  const receipt = receipts.get((tx.contractAddress ?? '').toLowerCase());
  if (!receipt || receipt.status !== '0x1') {
    console.error(`error: the ${tx.contractName ?? 'contract'} deployment (${tx.hash}) has no successful receipt`);
    process.exit(1);
  }
  deployer = tx.transaction.from;
  const name = contractNameOf(tx);
  if (contracts[name]) {
    console.error(`error: ${broadcastFile} creates ${name} twice; the record holds one address per contract`);
    process.exit(1);
  }
  contracts[name] = {
    address: tx.contractAddress,
    transactionHash: receipt.transactionHash,
    blockNumber: Number(BigInt(receipt.blockNumber)),
  };
}
if (Object.keys(contracts).length === 0) {
  console.error(`error: ${broadcastFile} contains no contract creation`);
  process.exit(1);
}

let commit = null;
try {
  commit = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
} catch {
  // Not a git checkout: the record says so with null.
}
const record = {
  chainId: Number(run.chain),
  commit,
  deployer,
  recordedAt: Math.floor(Date.now() / 1000),
  tool: 'forge script',
  contracts,
};
fs.mkdirSync(deploymentsDir, { recursive: true });
const target = path.join(deploymentsDir, `${record.chainId}.json`);
fs.writeFileSync(`${target}.tmp`, JSON.stringify(record, null, 2) + '\n');
fs.renameSync(`${target}.tmp`, target);
console.log(`recorded ${Object.keys(contracts).join(', ')} in ${target}`);
