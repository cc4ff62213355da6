//! The ABI each Stylus contract exports (`cargo run --features export-abi`, written to
//! `contracts/stylus/out/` by `script/build-stylus.sh`) against its forge artifact: the same
//! functions (selectors, state mutability, return types), custom errors and constructor.
//! stylus-sdk's export has no events; their topics are compared by the differential vector runs,
//! which check every log byte for byte.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use alloy::json_abi::{JsonAbi, Param, StateMutability};
use chlom_bindings::artifacts;

/// Each Stylus contract and the forge artifact of its Solidity twin.
const CONTRACTS: [(&str, &str); 2] = [
    ("chlom_stylus_governance_emitter", artifacts::GOVERNANCE_EMITTER),
    ("chlom_stylus_did_registry", artifacts::DID_REGISTRY),
];

fn exported(name: &str, suffix: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../../contracts/stylus/out/{name}.{suffix}"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {} ({e}): run script/build-stylus.sh first", path.display()))
}

/// Struct name → its fields' types, from `struct X {t a;t b;}` declarations.
fn structs(text: &str) -> BTreeMap<String, Vec<String>> {
    let mut structs = BTreeMap::new();
    for declaration in text.split("struct ").skip(1) {
        let (name, rest) = declaration.split_once('{').expect("struct body");
        let body = rest.split_once('}').expect("struct end").0;
        let fields = body.split(';').filter(|f| !f.trim().is_empty()).map(|f| first_word(f).to_owned()).collect();
        structs.insert(name.trim().to_owned(), fields);
    }
    structs
}

fn first_word(text: &str) -> &str {
    text.split_whitespace().next().unwrap_or_default()
}

/// The canonical ABI type: struct names become tuples, recursively; array suffixes are kept.
fn canonical(ty: &str, structs: &BTreeMap<String, Vec<String>>) -> String {
    let base_end = ty.find('[').unwrap_or(ty.len());
    let (base, suffix) = ty.split_at(base_end);
    match structs.get(base) {
        Some(fields) => {
            let inner: Vec<String> = fields.iter().map(|f| canonical(f, structs)).collect();
            format!("({}){suffix}", inner.join(","))
        }
        None => ty.to_owned(),
    }
}

/// Splits `a, (b,c) d, e` at top-level commas and returns each parameter's canonical type.
fn param_types(list: &str, structs: &BTreeMap<String, Vec<String>>) -> Vec<String> {
    let mut params = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in list.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                params.push(&list[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    params.push(&list[start..]);
    params.into_iter().filter(|p| !p.trim().is_empty()).map(|p| canonical(first_word(p), structs)).collect()
}

/// The text between the parenthesis opening at `open` and its match.
fn parenthesized(text: &str, open: usize) -> &str {
    let mut depth = 0;
    for (i, c) in text[open..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return &text[open + 1..open + i];
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced parentheses in {text}")
}

type Signature = (String, String, Vec<String>);

/// (signature, state mutability, return types) of every function in the exported interface.
fn exported_functions(text: &str) -> BTreeSet<Signature> {
    let structs = structs(text);
    text.lines()
        .filter_map(|line| line.trim().strip_prefix("function "))
        .map(|line| {
            let open = line.find('(').expect("parameters");
            let name = &line[..open];
            let inputs = param_types(parenthesized(line, open), &structs);
            let after = &line[open + parenthesized(line, open).len() + 2..];
            let mutability =
                ["view", "pure", "payable"].into_iter().find(|m| after.split_whitespace().any(|w| w == *m));
            let outputs = match after.find("returns (") {
                Some(at) => param_types(parenthesized(after, at + "returns ".len()), &structs),
                None => Vec::new(),
            };
            (format!("{name}({})", inputs.join(",")), mutability.unwrap_or("nonpayable").to_owned(), outputs)
        })
        .collect()
}

fn abi_types(params: &[Param]) -> Vec<String> {
    params.iter().map(|p| p.selector_type().into_owned()).collect()
}

fn forge_abi(artifact: &str) -> JsonAbi {
    artifacts::abi(artifact).expect("artifact ABI")
}

fn mutability_name(m: StateMutability) -> &'static str {
    match m {
        StateMutability::Pure => "pure",
        StateMutability::View => "view",
        StateMutability::NonPayable => "nonpayable",
        StateMutability::Payable => "payable",
    }
}

#[test]
fn stylus_functions_match_the_solidity_abi() {
    for (name, artifact) in CONTRACTS {
        let stylus = exported_functions(&exported(name, "abi.sol"));
        let solidity: BTreeSet<Signature> = forge_abi(artifact)
            .functions()
            .map(|f| (f.signature(), mutability_name(f.state_mutability).to_owned(), abi_types(&f.outputs)))
            .collect();
        let missing: Vec<_> = solidity.difference(&stylus).collect();
        let extra: Vec<_> = stylus.difference(&solidity).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{name}: missing in Stylus: {missing:#?}\nextra in Stylus: {extra:#?}"
        );
    }
}

/// stylus-sdk exports the errors of a `SolidityError` enum (the emitter). The DID registry reverts
/// with raw encoded errors, so its export lists none; its revert data is compared byte for byte by
/// the vector runs instead.
/// The Stylus LicenseRegistry is three programs behind one address (see the license-kit crate):
/// together they must export exactly the Solidity functions, and no function twice (the entry
/// program would shadow a later one).
const LICENSE_REGISTRY_PARTS: [&str; 3] =
    ["chlom_stylus_license_registry", "chlom_stylus_license_lifecycle", "chlom_stylus_license_views"];

/// The Stylus SettlementEngine is four programs behind one address (see the settlement-kit
/// crate), likewise.
const SETTLEMENT_ENGINE_PARTS: [&str; 4] = [
    "chlom_stylus_settlement_engine",
    "chlom_stylus_settlement_graphs",
    "chlom_stylus_settlement_config",
    "chlom_stylus_settlement_views",
];

/// The Stylus DLAEnforcement is three programs behind one address (see the dla-kit crate),
/// likewise.
const DLA_ENFORCEMENT_PARTS: [&str; 3] =
    ["chlom_stylus_dla_enforcement", "chlom_stylus_dla_sanctions", "chlom_stylus_dla_admin"];

/// The union of a split contract's exports must be exactly the Solidity functions, with no
/// function exported twice (the entry program would shadow a later one).
fn assert_parts_match(parts: &[&str], artifact: &str) {
    let mut union = BTreeSet::new();
    for part in parts {
        for function in exported_functions(&exported(part, "abi.sol")) {
            let signature = function.0.clone();
            assert!(union.insert(function), "{signature} is exported by more than one part ({part})");
        }
    }
    let solidity: BTreeSet<Signature> = forge_abi(artifact)
        .functions()
        .map(|f| (f.signature(), mutability_name(f.state_mutability).to_owned(), abi_types(&f.outputs)))
        .collect();
    let missing: Vec<_> = solidity.difference(&union).collect();
    let extra: Vec<_> = union.difference(&solidity).collect();
    assert!(missing.is_empty() && extra.is_empty(), "missing in Stylus: {missing:#?}\nextra in Stylus: {extra:#?}");
}

/// The entry program's constructor takes the Solidity arguments, then the other parts' addresses.
fn assert_constructor_extends(parts: &[&str], artifact: &str) {
    let text = exported(parts[0], "constructor.sol");
    let open = text.find('(').expect("constructor(...)");
    let stylus = param_types(parenthesized(&text, open), &BTreeMap::new());
    let mut expected = abi_types(&forge_abi(artifact).constructor.expect("constructor").inputs);
    expected.extend(parts[1..].iter().map(|_| "address".to_owned()));
    assert_eq!(stylus, expected);
}

#[test]
fn the_stylus_license_registry_parts_together_match_the_solidity_abi() {
    assert_parts_match(&LICENSE_REGISTRY_PARTS, artifacts::LICENSE_REGISTRY);
}

#[test]
fn the_stylus_license_registry_constructor_extends_the_solidity_one() {
    assert_constructor_extends(&LICENSE_REGISTRY_PARTS, artifacts::LICENSE_REGISTRY);
}

#[test]
fn the_stylus_settlement_engine_parts_together_match_the_solidity_abi() {
    assert_parts_match(&SETTLEMENT_ENGINE_PARTS, artifacts::SETTLEMENT_ENGINE);
}

#[test]
fn the_stylus_settlement_engine_constructor_extends_the_solidity_one() {
    assert_constructor_extends(&SETTLEMENT_ENGINE_PARTS, artifacts::SETTLEMENT_ENGINE);
}

#[test]
fn the_stylus_dla_parts_together_match_the_solidity_abi() {
    assert_parts_match(&DLA_ENFORCEMENT_PARTS, artifacts::DLA_ENFORCEMENT);
}

#[test]
fn the_stylus_dla_constructor_extends_the_solidity_one() {
    assert_constructor_extends(&DLA_ENFORCEMENT_PARTS, artifacts::DLA_ENFORCEMENT);
}

#[test]
fn stylus_errors_match_the_solidity_abi() {
    let (name, artifact) = CONTRACTS[0];
    let text = exported(name, "abi.sol");
    let structs = structs(&text);
    let stylus: BTreeSet<String> = text
        .lines()
        .filter_map(|line| line.trim().strip_prefix("error "))
        .map(|line| {
            let open = line.find('(').expect("parameters");
            format!("{}({})", &line[..open], param_types(parenthesized(line, open), &structs).join(","))
        })
        .collect();
    let solidity: BTreeSet<String> = forge_abi(artifact).errors().map(|e| e.signature()).collect();
    assert_eq!(stylus, solidity);
}

#[test]
fn the_stylus_groth16_verifiers_match_the_generated_solidity_ones() {
    for (name, artifact) in [
        ("chlom_stylus_sanctions_clean_verifier", artifacts::SANCTIONS_CLEAN_VERIFIER),
        ("chlom_stylus_license_tier_verifier", artifacts::LICENSE_TIER_VERIFIER),
    ] {
        assert_parts_match(&[name], artifact);
        // Neither side has a constructor.
        assert!(forge_abi(artifact).constructor.is_none(), "{name}: the Solidity verifier takes no arguments");
        assert!(!exported(name, "constructor.sol").contains("constructor"), "{name}: nor does the Stylus one");
    }
}

#[test]
fn stylus_constructor_takes_the_solidity_arguments() {
    for (name, artifact) in CONTRACTS {
        let text = exported(name, "constructor.sol");
        let open = text.find('(').expect("constructor(...)");
        let stylus = param_types(parenthesized(&text, open), &BTreeMap::new());
        let solidity = abi_types(&forge_abi(artifact).constructor.expect("constructor").inputs);
        assert_eq!(stylus, solidity, "{name}");
    }
}

#[test]
fn the_parser_sees_a_difference() {
    // A renamed function and a changed return type must both show up, or the parity tests prove nothing.
    let text = exported(CONTRACTS[0].0, "abi.sol").replace("function lastSequence()", "function lastSeq()").replace(
        "sequenceOf(bytes32 proposal_id) external view returns (uint64)",
        "sequenceOf(bytes32 proposal_id) external view returns (uint256)",
    );
    let stylus = exported_functions(&text);
    assert!(!stylus.iter().any(|(sig, _, _)| sig == "lastSequence()"));
    assert!(stylus.contains(&("sequenceOf(bytes32)".to_owned(), "view".to_owned(), vec!["uint256".to_owned()])));
}
