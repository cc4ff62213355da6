#!/usr/bin/env node
// Turns forge's broadcast log (broadcast/<script>/<chainId>/run-latest.json) into the project's
// deployment record, deployments/<chainId>.json: the same format `chlom deploy` writes.
//
//   node script/record-deployment.mjs BROADCAST_JSON DEPLOYMENTS_DIR
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

const [broadcastFile, deploymentsDir] = process.argv.slice(2);
if (!broadcastFile || !deploymentsDir) {
  console.error('usage: record-deployment.mjs BROADCAST_JSON DEPLOYMENTS_DIR');
  process.exit(2);
}
const run = JSON.parse(fs.readFileSync(broadcastFile, 'utf8'));
const receipts = new Map(run.receipts.map((r) => [r.transactionHash.toLowerCase(), r]));

const contracts = {};
let deployer = null;
for (const tx of run.transactions) {
  if (tx.transactionType !== 'CREATE' && tx.transactionType !== 'CREATE2') continue;
  const receipt = receipts.get(tx.hash.toLowerCase());
  if (!receipt || receipt.status !== '0x1') {
    console.error(`error: the ${tx.contractName} deployment (${tx.hash}) has no successful receipt`);
    process.exit(1);
  }
  deployer = tx.transaction.from;
  contracts[tx.contractName] = {
    address: tx.contractAddress,
    transactionHash: tx.hash,
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
