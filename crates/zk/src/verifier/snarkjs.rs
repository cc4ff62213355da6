//! snarkjs's JSON files as arkworks values: `verification_key.json` as a [`VerifyingKey`],
//! `proof.json` as a [`Proof`] and `public.json` as public inputs; and the other way, a verifying
//! key as snarkjs's `verification_key.json` ([`verification_key_json`]), which snarkjs's own
//! Solidity verifier template renders.
//!
//! snarkjs writes every number as a decimal string and every point in projective form with
//! `z = 1`: G1 as `[x, y, "1"]`, G2 as `[[x.c0, x.c1], [y.c0, y.c1], ["1", "0"]]`, real part first
//! (the EVM's EIP-197 order is the other way round; [`super::g2_words`] swaps). Each point is
//! checked to be on the curve and, for G2, in the prime-order subgroup, so a key or proof that
//! parses is one the pairing precompile accepts too. Errors name the field, as a JSON path.

use alloy_primitives::U256;
use ark_bn254::{Bn254, Fq, Fq2, G1Affine, G2Affine};
use ark_ff::{BigInt, PrimeField};
use ark_groth16::{Proof, VerifyingKey};
use serde_json::Value;

use crate::{Fr, ZkError};

/// A snarkjs `verification_key.json` (protocol `groth16`, curve `bn128`) as a verifying key.
pub fn verifying_key(json: &str) -> Result<VerifyingKey<Bn254>, ZkError> {
    let root = parse(json)?;
    expect_str(&root, "protocol", "groth16")?;
    expect_str(&root, "curve", "bn128")?;
    let ic = array(field(&root, "IC")?, "IC")?
        .iter()
        .enumerate()
        .map(|(i, point)| g1(point, &format!("IC[{i}]")))
        .collect::<Result<Vec<_>, _>>()?;
    if ic.is_empty() {
        return Err(ZkError::SnarkjsJson { field: "IC".into(), problem: "is empty".into() });
    }
    // nPublic is redundant with IC; a file where they disagree is not one snarkjs wrote.
    if let Some(n_public) = root.get("nPublic")
        && n_public.as_u64() != Some(ic.len() as u64 - 1)
    {
        return Err(ZkError::SnarkjsJson {
            field: "nPublic".into(),
            problem: format!("is {n_public}, but IC has {} points", ic.len()),
        });
    }
    Ok(VerifyingKey {
        alpha_g1: g1(field(&root, "vk_alpha_1")?, "vk_alpha_1")?,
        beta_g2: g2(field(&root, "vk_beta_2")?, "vk_beta_2")?,
        gamma_g2: g2(field(&root, "vk_gamma_2")?, "vk_gamma_2")?,
        delta_g2: g2(field(&root, "vk_delta_2")?, "vk_delta_2")?,
        gamma_abc_g1: ic,
    })
}

/// A verifying key as snarkjs writes `verification_key.json` (protocol `groth16`, curve `bn128`,
/// affine points with `z = 1`, G2 real part first). `vk_alphabeta_12`, which snarkjs adds as a
/// cache for its own verifier, is left out: neither the Solidity template nor
/// [`verifying_key`] reads it.
pub fn verification_key_json(vk: &VerifyingKey<Bn254>) -> String {
    let fq = |value: Fq| Value::String(value.into_bigint().to_string());
    let g1 = |point: &G1Affine| Value::Array(vec![fq(point.x), fq(point.y), "1".into()]);
    let g2 = |point: &G2Affine| {
        let pair = |value: Fq2| Value::Array(vec![fq(value.c0), fq(value.c1)]);
        Value::Array(vec![pair(point.x), pair(point.y), Value::Array(vec!["1".into(), "0".into()])])
    };
    // Keys in a fixed order whatever serde_json's features (see `crate::proof_file`).
    let fields = [
        ("protocol", Value::from("groth16")),
        ("curve", Value::from("bn128")),
        ("nPublic", Value::from(vk.gamma_abc_g1.len() - 1)),
        ("vk_alpha_1", g1(&vk.alpha_g1)),
        ("vk_beta_2", g2(&vk.beta_g2)),
        ("vk_gamma_2", g2(&vk.gamma_g2)),
        ("vk_delta_2", g2(&vk.delta_g2)),
        ("IC", Value::Array(vk.gamma_abc_g1.iter().map(g1).collect())),
    ];
    let body: Vec<String> = fields.iter().map(|(name, value)| format!("  {name:?}: {value}")).collect();
    format!("{{\n{}\n}}\n", body.join(",\n"))
}

/// A snarkjs `proof.json` as a proof.
pub fn proof(json: &str) -> Result<Proof<Bn254>, ZkError> {
    let root = parse(json)?;
    if root.get("protocol").is_some() {
        expect_str(&root, "protocol", "groth16")?;
    }
    Ok(Proof {
        a: g1(field(&root, "pi_a")?, "pi_a")?,
        b: g2(field(&root, "pi_b")?, "pi_b")?,
        c: g1(field(&root, "pi_c")?, "pi_c")?,
    })
}

/// A snarkjs `public.json` (an array of decimal strings: outputs first, then public inputs) as
/// the public inputs, in that order.
pub fn public_inputs(json: &str) -> Result<Vec<Fr>, ZkError> {
    let root = parse(json)?;
    array(&root, "public")?
        .iter()
        .enumerate()
        .map(|(i, value)| {
            let path = format!("public[{i}]");
            Fr::from_bigint(bigint(number(value, &path)?))
                .ok_or(ZkError::SnarkjsJson { field: path, problem: "is not below the scalar field modulus r".into() })
        })
        .collect()
}

fn parse(json: &str) -> Result<Value, ZkError> {
    serde_json::from_str(json).map_err(|error| ZkError::SnarkjsJson { field: "$".into(), problem: error.to_string() })
}

fn field<'a>(object: &'a Value, name: &str) -> Result<&'a Value, ZkError> {
    object.get(name).ok_or_else(|| ZkError::SnarkjsJson { field: name.into(), problem: "is missing".into() })
}

fn expect_str(object: &Value, name: &str, expected: &str) -> Result<(), ZkError> {
    match field(object, name)?.as_str() {
        Some(value) if value == expected => Ok(()),
        other => Err(ZkError::SnarkjsJson {
            field: name.into(),
            problem: format!("is {}, not \"{expected}\" (the only one supported)", other.unwrap_or("not a string")),
        }),
    }
}

fn array<'a>(value: &'a Value, path: &str) -> Result<&'a Vec<Value>, ZkError> {
    value.as_array().ok_or_else(|| ZkError::SnarkjsJson { field: path.into(), problem: "is not an array".into() })
}

/// `value` as an array of exactly `len` elements.
fn tuple<'a>(value: &'a Value, len: usize, path: &str) -> Result<&'a [Value], ZkError> {
    let items = array(value, path)?;
    if items.len() != len {
        return Err(ZkError::SnarkjsJson {
            field: path.into(),
            problem: format!("has {} elements, not {len}", items.len()),
        });
    }
    Ok(items)
}

/// A decimal string (snarkjs never writes JSON numbers for field elements, which would lose
/// precision in JavaScript).
fn number(value: &Value, path: &str) -> Result<U256, ZkError> {
    let text = value.as_str().ok_or_else(|| ZkError::SnarkjsJson {
        field: path.into(),
        problem: "is not a string of decimal digits".into(),
    })?;
    // Checked by hand: U256's parser would also take underscores.
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ZkError::NotDecimal { field: path.into(), value: text.into() });
    }
    U256::from_str_radix(text, 10).map_err(|_| ZkError::NotDecimal { field: path.into(), value: text.into() })
}

fn bigint(value: U256) -> BigInt<4> {
    BigInt(value.into_limbs())
}

fn fq(value: &Value, path: &str) -> Result<Fq, ZkError> {
    Fq::from_bigint(bigint(number(value, path)?))
        .ok_or(ZkError::SnarkjsJson { field: path.into(), problem: "is not below the base field modulus q".into() })
}

/// The projective `z` of an affine point: 1 (or, in G2, `["1", "0"]`).
fn expect_affine(value: &Value, expected: &[U256], path: &str) -> Result<(), ZkError> {
    let values = match value.as_array() {
        Some(items) => items.iter().map(|item| number(item, path)).collect::<Result<Vec<_>, _>>()?,
        None => vec![number(value, path)?],
    };
    if values != expected {
        return Err(ZkError::SnarkjsJson {
            field: path.into(),
            problem: "is not 1: only affine points (as snarkjs writes them) are supported".into(),
        });
    }
    Ok(())
}

fn g1(value: &Value, path: &str) -> Result<G1Affine, ZkError> {
    let items = tuple(value, 3, path)?;
    expect_affine(&items[2], &[U256::from(1)], &format!("{path}[2]"))?;
    let point = G1Affine::new_unchecked(fq(&items[0], &format!("{path}[0]"))?, fq(&items[1], &format!("{path}[1]"))?);
    // BN254's G1 has cofactor 1: on the curve is in the group.
    if !point.is_on_curve() {
        return Err(ZkError::NotOnCurve { field: path.into() });
    }
    Ok(point)
}

fn g2(value: &Value, path: &str) -> Result<G2Affine, ZkError> {
    let items = tuple(value, 3, path)?;
    expect_affine(&items[2], &[U256::from(1), U256::ZERO], &format!("{path}[2]"))?;
    let coordinate = |i: usize| -> Result<Fq2, ZkError> {
        let pair = tuple(&items[i], 2, &format!("{path}[{i}]"))?;
        Ok(Fq2::new(fq(&pair[0], &format!("{path}[{i}][0]"))?, fq(&pair[1], &format!("{path}[{i}][1]"))?))
    };
    let point = G2Affine::new_unchecked(coordinate(0)?, coordinate(1)?);
    if !point.is_on_curve() || !point.is_in_correct_subgroup_assuming_on_curve() {
        return Err(ZkError::NotOnCurve { field: path.into() });
    }
    Ok(point)
}
