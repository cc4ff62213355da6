// Prints circomlibjs's Poseidon hash of each pair of decimal field elements on standard input
// (one "a b" pair per line, optionally "a b tag" with the permutation's initial capacity element,
// as circomlib's PoseidonEx takes it in initialState), one decimal hash per line: the reference the Rust Poseidon of
// crates/zk is checked against (crates/zk/tests/poseidon_circomlibjs.rs).
import { buildPoseidon } from "circomlibjs";
import { readFileSync } from "node:fs";

const poseidon = await buildPoseidon();
const lines = readFileSync(0, "utf8").split("\n").filter((line) => line.trim() !== "");
for (const line of lines) {
  const [a, b, tag] = line.trim().split(/\s+/).map((value) => BigInt(value));
  console.log(poseidon.F.toString(tag === undefined ? poseidon([a, b]) : poseidon([a, b], tag), 10));
}
