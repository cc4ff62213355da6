// The snarkjs side of `chlom bench zk --snarkjs`, run by it with node. Prints one JSON object:
//
// - the circom version of SanctionsClean (script/zk/circom/sanctions_clean.circom, compiled with
//   circom2 --O2): its constraint count, and the median time of `snarkjs.groth16.fullProve`
//   (witness and proof, in this process after one warm-up run) on the witness the Rust side wrote;
// - snarkjs's own Solidity verifier for the Rust side's verifying key: snarkjs's template
//   (templates/verifier_groth16.sol.ejs, what `snarkjs zkey export solidityverifier` renders)
//   filled with that key, compiled with solc-js with the project's optimizer settings.
//
// The circuit's keys come from single-party test contributions (a powers of tau of 2^13 and a
// circuit-specific phase with fixed entropy): for measuring only. They and the compiled circuit
// are cached under --cache by the circuit's hash, because preparing the phase 2 takes minutes.
//
// Usage: node script/zk/snarkjs_bench.mjs --cache DIR --input input.json --vk verification_key.json --runs N
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ejs from "ejs";
import * as snarkjs from "snarkjs";
import solc from "solc";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
for (const name of ["cache", "input", "vk", "runs"]) {
  if (!args[name]) throw new Error(`--${name} is required`);
}
const runs = Number(args.runs);
const log = (message) => process.stderr.write(`snarkjs bench: ${message}\n`);

const circuit = path.join(root, "script/zk/circom/sanctions_clean.circom");
const hash = createHash("sha256").update(readFileSync(circuit)).update("O2 pot13").digest("hex").slice(0, 16);
const dir = path.join(args.cache, hash);
mkdirSync(dir, { recursive: true });
const file = (name) => path.join(dir, name);

// Writes `name` through `make(temporary)` unless it exists, so an interrupted run leaves no half file.
async function cached(name, what, make) {
  if (existsSync(file(name))) return;
  log(`${what} (cached in ${dir} afterwards)`);
  await make(file(`${name}.partial`));
  renameSync(file(`${name}.partial`), file(name));
}

// circom names its outputs after the circuit, so it compiles into a folder of its own, and the r1cs
// is moved into place last (the wasm beside it is complete by then).
await cached("sanctions_clean.r1cs", "compiling the circom circuit", async (out) => {
  const cli = path.join(root, "node_modules/circom2/cli.js");
  const includes = path.join(root, "node_modules");
  execFileSync(process.execPath, [cli, circuit, "--O2", "--r1cs", "--wasm", "-o", dir, "-l", includes], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  renameSync(file("sanctions_clean.r1cs"), out);
});
const wasm = file("sanctions_clean_js/sanctions_clean.wasm");
const curve = await snarkjs.curves.getCurveFromName("bn128");
await cached("pot13.ptau", "powers of tau 2^13 and phase 2 preparation (minutes)", async (out) => {
  await snarkjs.powersOfTau.newAccumulator(curve, 13, file("pot13_0.ptau"));
  await snarkjs.powersOfTau.contribute(file("pot13_0.ptau"), file("pot13_1.ptau"), "chlom bench", "chlom bench entropy 1");
  await snarkjs.powersOfTau.preparePhase2(file("pot13_1.ptau"), out);
});
await cached("sanctions_clean.zkey", "circuit-specific setup", async (out) => {
  await snarkjs.zKey.newZKey(file("sanctions_clean.r1cs"), file("pot13.ptau"), file("sanctions_clean_0.zkey"));
  await snarkjs.zKey.contribute(file("sanctions_clean_0.zkey"), out, "chlom bench", "chlom bench entropy 2");
});

const info = await snarkjs.r1cs.info(file("sanctions_clean.r1cs"));
const input = JSON.parse(readFileSync(args.input, "utf8"));
const zkey = file("sanctions_clean.zkey");
const circuitKey = await snarkjs.zKey.exportVerificationKey(zkey);
let last;
const times = [];
for (let run = 0; run <= runs; run++) {
  const started = process.hrtime.bigint();
  last = await snarkjs.groth16.fullProve(input, wasm, zkey);
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (run > 0) times.push(elapsed); // run 0 warms up (wasm compilation, worker start)
}
if (!(await snarkjs.groth16.verify(circuitKey, last.publicSignals, last.proof))) {
  throw new Error("snarkjs's proof of the circom circuit does not verify");
}
times.sort((a, b) => a - b);

// snarkjs's Solidity verifier of the Rust key, compiled as forge compiles the project.
const template = readFileSync(path.join(root, "node_modules/snarkjs/templates/verifier_groth16.sol.ejs"), "utf8");
const source = ejs.render(template, JSON.parse(readFileSync(args.vk, "utf8")));
const compiled = JSON.parse(
  solc.compile(
    JSON.stringify({
      language: "Solidity",
      sources: { "Groth16Verifier.sol": { content: source } },
      settings: {
        optimizer: { enabled: true, runs: 20000 },
        evmVersion: "cancun",
        outputSelection: { "*": { Groth16Verifier: ["evm.bytecode.object"] } },
      },
    }),
  ),
);
const errors = (compiled.errors ?? []).filter((error) => error.severity === "error");
if (errors.length > 0) throw new Error(errors.map((error) => error.formattedMessage).join("\n"));

console.log(
  JSON.stringify({
    constraints: info.nConstraints,
    proveMedianMs: times[Math.floor(times.length / 2)],
    proveRuns: times.length,
    publicSignals: last.publicSignals,
    verifierBytecode: `0x${compiled.contracts["Groth16Verifier.sol"].Groth16Verifier.evm.bytecode.object}`,
  }),
);
await curve.terminate();
process.exit(0);
