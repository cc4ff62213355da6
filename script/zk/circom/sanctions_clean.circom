pragma circom 2.0.0;
// SanctionsClean in circom, the reference `chlom bench zk --snarkjs` proves with snarkjs: the same
// statement as crates/zk/src/circuits/sanctions_clean.rs, with the same hashes (circomlib's
// PoseidonEx with a domain tag as initialState, as chlom_zk::poseidon::hash2_in), the same public
// inputs in the same order, and the same depth. A witness for one is a witness for the other, so
// the benchmark checks that both prove the same public inputs.
include "circomlib/circuits/poseidon.circom";

// Poseidon(2) with `tag` as the initial capacity element (chlom_zk::poseidon::Domain).
template Tagged(tag) {
    signal input a;
    signal input b;
    signal output out;
    component hash = PoseidonEx(2, 1);
    hash.initialState <== tag;
    hash.inputs[0] <== a;
    hash.inputs[1] <== b;
    out <== hash.out[0];
}

// "The identity I registered is clean on the snapshot with this root."
template SanctionsClean(depth) {
    signal input root;
    signal input scope;
    signal input nullifier;
    signal input secret;
    signal input did;
    signal input siblings[depth];
    signal input bits[depth];

    // identity = hash(Identity; secret, did); its clean leaf = hash(Registration; identity, 0).
    component identity = Tagged(1);
    identity.a <== secret;
    identity.b <== did;
    component leaf = Tagged(4);
    leaf.a <== identity.out;
    leaf.b <== 0;

    component nodes[depth];
    signal current[depth + 1];
    signal left[depth];
    current[0] <== leaf.out;
    for (var i = 0; i < depth; i++) {
        bits[i] * (bits[i] - 1) === 0;
        left[i] <== current[i] + bits[i] * (siblings[i] - current[i]);
        nodes[i] = Poseidon(2);
        nodes[i].inputs[0] <== left[i];
        nodes[i].inputs[1] <== current[i] + siblings[i] - left[i];
        current[i + 1] <== nodes[i].out;
    }
    root === current[depth];

    // nullifier = hash(Nullifier; secret, scope).
    component spent = Tagged(2);
    spent.a <== secret;
    spent.b <== scope;
    nullifier === spent.out;
}

component main {public [root, scope, nullifier]} = SanctionsClean(20);
