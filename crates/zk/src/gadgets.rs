//! R1CS gadgets the circuits share: Poseidon, range checks and Merkle paths.

use ark_r1cs_std::boolean::Boolean;
use ark_r1cs_std::fields::FieldVar;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::SynthesisError;

use crate::Fr;
use crate::poseidon::{Domain, Params, params};

/// [`crate::poseidon::hash2`] in the circuit (a Merkle node): 240 constraints (three per S-box:
/// x², x⁴, x⁵).
pub fn hash2(a: &FpVar<Fr>, b: &FpVar<Fr>) -> Result<FpVar<Fr>, SynthesisError> {
    hash2_in(Domain::Node, a, b)
}

/// [`crate::poseidon::hash2_in`] in the circuit: the tag is a constant, so the same 240
/// constraints.
pub fn hash2_in(domain: Domain, a: &FpVar<Fr>, b: &FpVar<Fr>) -> Result<FpVar<Fr>, SynthesisError> {
    let params = params();
    let mut state = [FpVar::Constant(Fr::from(domain.tag())), a.clone(), b.clone()];
    for (round, constants) in params.constants.iter().enumerate() {
        for (element, constant) in state.iter_mut().zip(constants) {
            *element += *constant;
        }
        if Params::is_full_round(round) {
            for element in state.iter_mut() {
                *element = pow5(element)?;
            }
        } else {
            state[0] = pow5(&state[0])?;
        }
        // Linear: no constraint.
        let row = |i: usize| -> FpVar<Fr> {
            params.mds[i].iter().zip(&state).fold(FpVar::Constant(Fr::from(0u64)), |sum, (m, s)| sum + s * *m)
        };
        state = [row(0), row(1), row(2)];
    }
    let [first, _, _] = state;
    Ok(first)
}

fn pow5(x: &FpVar<Fr>) -> Result<FpVar<Fr>, SynthesisError> {
    let x4 = x.square()?.square()?;
    Ok(x4 * x)
}

/// Enforces `0 ≤ x < 2^bits` for a value the circuit computed (`bits` + 1 constraints: the bits
/// and their recomposition). `bits` must be at most 252, so that two such values sum below the
/// modulus: the comparisons built on it rely on that.
pub fn range_check(x: &FpVar<Fr>, bits: usize) -> Result<(), SynthesisError> {
    assert!(bits <= MAX_RANGE_BITS, "a range check of {bits} bits is unsound for comparisons");
    // The bits themselves are not needed: allocating them and their recomposition is the check.
    let _bits = x.to_bits_le_with_top_bits_zero(bits)?;
    Ok(())
}

/// The widest [`range_check`].
pub const MAX_RANGE_BITS: usize = 252;

/// A Merkle path in the circuit: at each level the sibling, and whether the node is the right child.
pub type PathVar = Vec<(FpVar<Fr>, Boolean<Fr>)>;

/// The root of the tree `leaf` is in, given its path: at each level the sibling, and whether the
/// node is the right child (the index's bit at that level). One constraint per level to select the
/// order, plus a hash.
pub fn merkle_root(leaf: FpVar<Fr>, path: &[(FpVar<Fr>, Boolean<Fr>)]) -> Result<FpVar<Fr>, SynthesisError> {
    let mut node = leaf;
    for (sibling, is_right) in path {
        // left = node + is_right · (sibling − node); right = node + sibling − left.
        let left = &node + FpVar::from(is_right.clone()) * (sibling - &node);
        let right = &node + sibling - &left;
        node = hash2(&left, &right)?;
    }
    Ok(node)
}

#[cfg(test)]
mod tests {
    use ark_r1cs_std::GR1CSVar;
    use ark_r1cs_std::alloc::AllocVar;
    use ark_relations::gr1cs::ConstraintSystem;

    use super::*;
    use crate::poseidon;

    #[test]
    fn the_gadget_equals_the_hash_in_240_constraints() {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let a = FpVar::new_witness(cs.clone(), || Ok(Fr::from(1u64))).expect("witness");
        let b = FpVar::new_witness(cs.clone(), || Ok(Fr::from(2u64))).expect("witness");
        let hash = hash2(&a, &b).expect("gadget");
        assert_eq!(hash.value().expect("value"), poseidon::hash2(Fr::from(1u64), Fr::from(2u64)));
        assert_eq!(cs.num_constraints(), 240);
        assert!(cs.is_satisfied().expect("satisfiable"));
    }

    #[test]
    fn the_tagged_gadget_equals_the_tagged_hash_at_the_same_cost() {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let a = FpVar::new_witness(cs.clone(), || Ok(Fr::from(1u64))).expect("witness");
        let b = FpVar::new_witness(cs.clone(), || Ok(Fr::from(2u64))).expect("witness");
        let hash = hash2_in(Domain::Nullifier, &a, &b).expect("gadget");
        let expected = poseidon::hash2_in(Domain::Nullifier, Fr::from(1u64), Fr::from(2u64));
        assert_eq!(hash.value().expect("value"), expected);
        assert_ne!(expected, poseidon::hash2(Fr::from(1u64), Fr::from(2u64)));
        assert_eq!(cs.num_constraints(), 240);
    }

    #[test]
    fn a_range_check_refuses_a_value_one_past_its_bound() {
        for (value, satisfied) in [(255u64, true), (256, false)] {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let x = FpVar::new_witness(cs.clone(), || Ok(Fr::from(value))).expect("witness");
            range_check(&x, 8).expect("gadget");
            assert_eq!(cs.is_satisfied().expect("evaluates"), satisfied, "{value} < 2^8");
            assert_eq!(cs.num_constraints(), 9);
        }
        let cs = ConstraintSystem::<Fr>::new_ref();
        let minus_one = FpVar::new_witness(cs.clone(), || Ok(-Fr::from(1u64))).expect("witness");
        range_check(&minus_one, 252).expect("gadget");
        assert!(!cs.is_satisfied().expect("evaluates"), "p − 1 is not below 2^252");
    }
}
