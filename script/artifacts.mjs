#!/usr/bin/env node
// Copies the forge artifacts the Rust side needs (ABI, creation and runtime bytecode) from out/ to
// crates/bindings/artifacts/, so that `cargo build` never needs Node or forge.
//
//   node script/artifacts.mjs          write the committed artifacts from out/
//   node script/artifacts.mjs --check  fail (exit 1) when out/ and the committed artifacts differ
//
// Run `forge build` first. Every concrete contract under contracts/solidity/ (interfaces excluded)
// is exported, one file per contract, named after the contract.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = path.join(root, 'contracts', 'solidity');
const outDir = path.join(root, 'out');
const artifactDir = path.join(root, 'crates', 'bindings', 'artifacts');
const check = process.argv.includes('--check');

function solidityFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'interfaces' ? [] : solidityFiles(full);
    return entry.name.endsWith('.sol') ? [full] : [];
  });
}

function exported(file) {
  const name = path.basename(file, '.sol');
  const forgeArtifact = path.join(outDir, `${name}.sol`, `${name}.json`);
  if (!fs.existsSync(forgeArtifact)) {
    throw new Error(`missing ${path.relative(root, forgeArtifact)}: run \`forge build\` first`);
  }
  const artifact = JSON.parse(fs.readFileSync(forgeArtifact, 'utf8'));
  const trimmed = {
    contractName: name,
    sourceName: path.relative(root, file),
    abi: artifact.abi,
    bytecode: { object: artifact.bytecode.object },
    deployedBytecode: { object: artifact.deployedBytecode.object },
    methodIdentifiers: artifact.methodIdentifiers,
  };
  return { name, json: JSON.stringify(trimmed, null, 2) + '\n' };
}

let drift = 0;
const expected = new Set();
fs.mkdirSync(artifactDir, { recursive: true });
for (const file of solidityFiles(sourceDir).sort()) {
  const { name, json } = exported(file);
  const target = path.join(artifactDir, `${name}.json`);
  expected.add(`${name}.json`);
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : null;
  if (current === json) continue;
  if (check) {
    drift++;
    console.error(`drift: ${path.relative(root, target)} differs from the compiled ${name}`);
  } else {
    fs.writeFileSync(target, json);
    console.log(`wrote ${path.relative(root, target)}`);
  }
}
for (const stale of fs.readdirSync(artifactDir).filter((f) => f.endsWith('.json') && !expected.has(f))) {
  if (check) {
    drift++;
    console.error(`drift: ${stale} has no Solidity source any more`);
  } else {
    fs.rmSync(path.join(artifactDir, stale));
    console.log(`removed ${stale}`);
  }
}
if (drift > 0) {
  console.error(`${drift} artifact(s) drifted from contracts/solidity: run \`forge build && node script/artifacts.mjs\` and commit`);
  process.exit(1);
}
if (check) console.log('artifacts match the Solidity sources');
