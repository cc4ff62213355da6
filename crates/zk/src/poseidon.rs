//! Poseidon over BN254 exactly as circomlib's `Poseidon(2)` (and circomlibjs's `poseidon`)
//! computes it, so that a hash from this crate, from a circom circuit or from JavaScript agree.
//!
//! The parameters: the S-box x^5, width 3 (two inputs), 8 full rounds (4 before, 4 after) and 57
//! partial rounds, with the round constants and MDS matrix of the Poseidon paper's Grain LFSR. Those
//! are what arkworks' `find_poseidon_ark_and_mds` generates for this field and these rounds (the
//! tests check them against circomlibjs's `poseidon_constants.json` values through the hashes).
//!
//! arkworks' own `PoseidonSponge` runs the same permutation but squeezes `state[1]`; circomlib's
//! hash is `state[0]` of one permutation of `[0, a, b]`. So the permutation is written here, once
//! for values ([`hash2`]) and once as a gadget ([`crate::gadgets::hash2`]), over the same
//! [`Params`].

use std::sync::OnceLock;

use ark_crypto_primitives::sponge::poseidon::find_poseidon_ark_and_mds;
use ark_ff::{Field, PrimeField};

use crate::Fr;

/// The state width: a capacity element and two inputs.
pub const WIDTH: usize = 3;
/// Full rounds, half before and half after the partial ones.
pub const FULL_ROUNDS: usize = 8;
/// Partial rounds (the S-box on the first element only).
pub const PARTIAL_ROUNDS: usize = 57;

/// The round constants (one row of [`WIDTH`] per round) and the MDS matrix.
#[derive(Debug, Clone)]
pub struct Params {
    /// `constants[round][i]`, added to `state[i]` at the start of `round`.
    pub constants: Vec<[Fr; WIDTH]>,
    /// `state'[i] = Σ_j mds[i][j] · state[j]` at the end of every round.
    pub mds: [[Fr; WIDTH]; WIDTH],
}

impl Params {
    /// Whether `round` applies the S-box to the whole state.
    pub fn is_full_round(round: usize) -> bool {
        !(FULL_ROUNDS / 2..FULL_ROUNDS / 2 + PARTIAL_ROUNDS).contains(&round)
    }
}

/// circomlib's parameters, generated once.
pub fn params() -> &'static Params {
    static PARAMS: OnceLock<Params> = OnceLock::new();
    PARAMS.get_or_init(|| {
        let field_bits = u64::from(Fr::MODULUS_BIT_SIZE);
        // The rate is 2 (two inputs), the S-box exponent's "skip" argument 0, as circomlib's
        // generator.
        let (ark, mds) = find_poseidon_ark_and_mds::<Fr>(field_bits, 2, FULL_ROUNDS as u64, PARTIAL_ROUNDS as u64, 0);
        let constants = ark.iter().map(|row| [row[0], row[1], row[2]]).collect();
        let mds =
            [[mds[0][0], mds[0][1], mds[0][2]], [mds[1][0], mds[1][1], mds[1][2]], [mds[2][0], mds[2][1], mds[2][2]]];
        Params { constants, mds }
    })
}

/// What a hash is for. Its tag is the permutation's initial capacity element (circomlib's
/// `PoseidonEx(2, 1)` with `initialState` set to the tag, circomlibjs's `poseidon([a, b], tag)`),
/// so hashes made for different purposes never collide, at no cost in constraints. Without the
/// tags a nullifier `hash(secret, scope)` in a scope equal to the holder's DID would *be* its
/// identity commitment `hash(secret, did)`, which the snapshot publishes: the proof would name its
/// holder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Domain {
    /// A Merkle tree's inner node: tag 0, plain circomlib `Poseidon(2)`, so that trees stay
    /// compatible with circomlib's and Semaphore's.
    Node,
    /// An identity commitment `(secret, did)`.
    Identity,
    /// A nullifier `(secret, scope)`.
    Nullifier,
    /// A credential leaf `(identity, tier)`.
    Credential,
    /// A sanctions snapshot leaf `(identity, listed)`.
    Registration,
}

impl Domain {
    /// The capacity element's initial value.
    pub const fn tag(self) -> u64 {
        match self {
            Domain::Node => 0,
            Domain::Identity => 1,
            Domain::Nullifier => 2,
            Domain::Credential => 3,
            Domain::Registration => 4,
        }
    }
}

/// circomlib's `Poseidon(2)`: `state[0]` after one permutation of `[0, a, b]`. The hash of
/// Merkle nodes ([`Domain::Node`]).
pub fn hash2(a: Fr, b: Fr) -> Fr {
    hash2_in(Domain::Node, a, b)
}

/// circomlib's `PoseidonEx(2, 1)` with the initial state `domain`'s tag: `state[0]` after one
/// permutation of `[tag, a, b]`.
pub fn hash2_in(domain: Domain, a: Fr, b: Fr) -> Fr {
    let params = params();
    let mut state = [Fr::from(domain.tag()), a, b];
    for (round, constants) in params.constants.iter().enumerate() {
        for (element, constant) in state.iter_mut().zip(constants) {
            *element += constant;
        }
        if Params::is_full_round(round) {
            state.iter_mut().for_each(|element| *element = pow5(*element));
        } else {
            state[0] = pow5(state[0]);
        }
        state = mix(&params.mds, &state);
    }
    state[0]
}

fn pow5(x: Fr) -> Fr {
    x.square().square() * x
}

fn mix(mds: &[[Fr; WIDTH]; WIDTH], state: &[Fr; WIDTH]) -> [Fr; WIDTH] {
    let row = |i: usize| mds[i].iter().zip(state).map(|(m, s)| *m * s).sum();
    [row(0), row(1), row(2)]
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    fn fr(decimal: &str) -> Fr {
        Fr::from_str(decimal).expect("a field element")
    }

    /// Values circomlibjs 0.1.7 computes (`poseidon([a, b])`); `tests/poseidon_circomlibjs.rs`
    /// recomputes more with circomlibjs itself.
    #[test]
    fn matches_circomlib_reference_values() {
        let cases = [
            (1u64, 2u64, "7853200120776062878684798364095072458815029376092732009249414926327459813530"),
            (0, 0, "14744269619966411208579211824598458697587494354926760081771325075741142829156"),
            (123, 456, "19620391833206800292073497099357851348339828238212863168390691880932172496143"),
        ];
        for (a, b, expected) in cases {
            assert_eq!(hash2(Fr::from(a), Fr::from(b)), fr(expected), "poseidon([{a}, {b}])");
        }
    }

    #[test]
    fn the_parameters_have_the_round_structure() {
        let params = params();
        assert_eq!(params.constants.len(), FULL_ROUNDS + PARTIAL_ROUNDS);
        let full: Vec<usize> = (0..65).filter(|round| Params::is_full_round(*round)).collect();
        assert_eq!(full, [0, 1, 2, 3, 61, 62, 63, 64]);
    }
}
