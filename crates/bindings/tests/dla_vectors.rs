//! The DLAEnforcement vectors (`test/vectors/dla_enforcement.json`) against both implementations:
//! the Solidity bytecode and the Stylus programs (`contracts/stylus/dla-*`, compiled by
//! `script/build-stylus.sh`). Each run must meet every expectation of the file: the same return
//! data, revert bytes, logs and views.
//!
//! The DLA reads a DID registry, sanctions licenses in a license registry and holds money in a
//! settlement engine; the file names them as its prerequisites `dids`, `licenses` and
//! `settlement`. The chain each run starts from is the one [`World::new`] builds (the DIDs of
//! `license_world::DIDS`, the license registry with its issuers), plus the two Active licenses the
//! file names and a Solidity settlement engine. They are bound with their ABIs, so that the file
//! states the registry's and the engine's events (`"emitter"`) and the registry's errors that
//! bubble. Every scenario deploys a fresh DLA with the constructor arguments
//! `[admin, dids, licenses, settlement]`, after which the deployer grants it `ENFORCEMENT_ROLE` in
//! the registry and the engine, as the file's prerequisites describe.

#[allow(dead_code)] // The module serves several test crates; this one uses its world and accounts.
mod license_world;

use std::collections::BTreeSet;

use alloy::dyn_abi::{DynSolValue, JsonAbiExt};
use alloy::primitives::{Address, B256, FixedBytes, U256, keccak256};
use alloy::sol_types::{SolConstructor, SolValue};
use chlom_bindings::{DLAEnforcement, ILicenseRegistry, LicenseRegistry, SettlementEngine, artifacts};
use chlom_evm::Chain;
use chlom_vectors::{Error, Runner, ScenarioReport, VectorFile, repository_vector};
use license_world::*;

const VECTORS: &str = "dla_enforcement.json";

/// The DLA's officers and the treasury: accounts with no DID and no part in the world.
const TRIAGE: Address = Address::repeat_byte(0x7a);
const INVESTIGATOR: Address = Address::repeat_byte(0x1e);
const INVESTIGATOR_2: Address = Address::repeat_byte(0x2e);
const COUNCIL_1: Address = Address::repeat_byte(0xc1);
const COUNCIL_2: Address = Address::repeat_byte(0xc2);
const COUNCIL_3: Address = Address::repeat_byte(0xc3);
const TREASURY: Address = Address::repeat_byte(0x7e);

/// Which implementation of a contract a run deploys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Implementation {
    Solidity,
    Stylus,
}

/// The licenses of the file: (issuer, issuer DID index, holder DID index, region), nonce 0 each.
const LICENSES: [(Address, usize, usize, [u8; 2]); 2] = [(ISSUER_A, 0, 2, *b"DE"), (ISSUER_B, 1, 3, *b"FR")];

/// Scenarios the Solidity implementation fails because it departs from IDLAEnforcement's NatSpec,
/// each with the discrepancy: they are skipped in the replay, and a test checks they still fail
/// (so that a fix is noticed and the entry removed). Empty: no discrepancy is known.
const KNOWN_DISCREPANCIES: &[(&str, &str)] = &[];

fn load() -> VectorFile {
    VectorFile::load(repository_vector(VECTORS)).unwrap_or_else(|e| panic!("{e}"))
}

/// The chain the scenarios start from, and the prerequisites on it.
struct Prerequisites {
    chain: Chain,
    dids: Address,
    licenses: Address,
    settlement: Address,
    license_ids: [U256; 2],
}

impl Prerequisites {
    /// The prerequisites in Solidity.
    fn new() -> Self {
        Self::on(Implementation::Solidity)
    }

    /// The license registry and the settlement engine in `implementation` (the DID registry is
    /// the Solidity one either way: the DLA only reads it).
    fn on(implementation: Implementation) -> Self {
        let mut world = match implementation {
            Implementation::Solidity => World::new(&mut deploy_solidity),
            Implementation::Stylus => World::new(&mut deploy_stylus),
        };
        let start = world.chain.timestamp();
        let license_ids = LICENSES.map(|(issuer, issuer_did, holder_did, region)| {
            let request = ILicenseRegistry::IssueRequest {
                issuerDid: did_hash(issuer_did),
                holderDid: did_hash(holder_did),
                licenseType: 0,
                jurisdiction: ILicenseRegistry::Jurisdiction {
                    region: FixedBytes(region),
                    lawRef: B256::ZERO,
                    allowedRegions: vec![],
                },
                expiresAt: start + 365 * 86_400,
                royaltyBps: 500,
                renewable: false,
                sublicensable: false,
                termsUri: "ipfs://chlom/terms/standard".into(),
            };
            let output = world.call(issuer, &LicenseRegistry::issueLicenseCall { request }).expect("license issued");
            let id = U256::abi_decode(&output).expect("an id");
            world.call(issuer, &LicenseRegistry::activateLicenseCall { id }).expect("license activated");
            id
        });
        let args = SettlementEngine::constructorCall { admin: ADMIN, epochSeconds: 86_400 }.abi_encode();
        let settlement = match implementation {
            Implementation::Solidity => {
                world.chain.deploy(ADMIN, [SettlementEngine::BYTECODE.as_ref(), &args].concat())
            }
            Implementation::Stylus => {
                let (entry, parts) = STYLUS_SETTLEMENT_ENGINE;
                deploy_stylus_programs(&mut world.chain, ADMIN, entry, &parts, &args)
            }
        }
        .expect("engine deploys");
        Self { chain: world.chain, dids: world.dids, licenses: world.registry, settlement, license_ids }
    }

    /// A runner for `file` with the prerequisites bound with their ABIs.
    fn runner(&self, file: VectorFile) -> Runner {
        let abi = |artifact| artifacts::abi(artifact).expect("artifact ABI");
        Runner::new(abi(artifacts::DLA_ENFORCEMENT), file)
            .bind_with_abi("dids", self.dids, abi(artifacts::DID_REGISTRY))
            .and_then(|runner| runner.bind_with_abi("licenses", self.licenses, abi(artifacts::LICENSE_REGISTRY)))
            .and_then(|runner| runner.bind_with_abi("settlement", self.settlement, abi(artifacts::SETTLEMENT_ENGINE)))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// The Solidity DLA from the vector's constructor arguments, then `ENFORCEMENT_ROLE` for it in
    /// the registry and the engine, granted by their admin.
    fn deployer(&self) -> impl FnMut(&mut Chain, Address, &[DynSolValue]) -> chlom_evm::Result<Address> + use<> {
        self.deployer_of(Implementation::Solidity)
    }

    /// [`Self::deployer`] for the DLA in `implementation`: the Stylus DLA is its sanctions and
    /// administration programs, then its entry program constructed with the vector's arguments
    /// followed by their addresses.
    fn deployer_of(
        &self,
        implementation: Implementation,
    ) -> impl FnMut(&mut Chain, Address, &[DynSolValue]) -> chlom_evm::Result<Address> + use<> {
        let (licenses, settlement) = (self.licenses, self.settlement);
        move |chain, from, args| {
            let abi = artifacts::abi(artifacts::DLA_ENFORCEMENT).expect("artifact ABI");
            let encoded = abi.constructor.expect("constructor").abi_encode_input(args).expect("arguments encode");
            let dla = match implementation {
                Implementation::Solidity => {
                    chain.deploy(from, [DLAEnforcement::BYTECODE.as_ref(), &encoded].concat())?
                }
                Implementation::Stylus => {
                    let (entry, parts) = STYLUS_DLA;
                    let dla = deploy_stylus_programs(chain, from, entry, &parts, &encoded)?;
                    assert!(chain.code(dla).starts_with(&[0xef, 0xf0, 0x00]), "a Stylus program at the DLA's address");
                    dla
                }
            };
            let role = keccak256("CHLOM_ENFORCEMENT_ROLE");
            chain.send(ADMIN, licenses, &LicenseRegistry::grantRoleCall { role, account: dla })?;
            chain.send(ADMIN, settlement, &SettlementEngine::grantRoleCall { role, account: dla })?;
            Ok(dla)
        }
    }

    /// Runs `file` from this chain with the Solidity DLA.
    fn run(self, file: VectorFile) -> chlom_vectors::Result<Vec<ScenarioReport>> {
        self.run_with(Implementation::Solidity, file)
    }

    /// Runs `file` from this chain with the DLA in `implementation`.
    fn run_with(
        mut self,
        implementation: Implementation,
        file: VectorFile,
    ) -> chlom_vectors::Result<Vec<ScenarioReport>> {
        let (runner, mut deployer) = (self.runner(file), self.deployer_of(implementation));
        runner.run(&mut self.chain, &mut deployer)
    }
}

/// The file without the scenarios of [`KNOWN_DISCREPANCIES`].
fn replayable(mut file: VectorFile) -> VectorFile {
    for (name, discrepancy) in KNOWN_DISCREPANCIES {
        eprintln!("skipped scenario {name:?}: the Solidity DLA departs from IDLAEnforcement: {discrepancy}");
    }
    file.scenarios.retain(|scenario| !KNOWN_DISCREPANCIES.iter().any(|(name, _)| *name == scenario.name));
    file
}

#[test]
fn the_vector_accounts_are_the_world_accounts() {
    let file = load();
    let expected: [(&str, Address); 15] = [
        ("admin", ADMIN),
        ("verifier", VERIFIER),
        ("issuer_a", ISSUER_A),
        ("issuer_b", ISSUER_B),
        ("holder_1", HOLDER_1),
        ("holder_2", HOLDER_2),
        ("holder_3", HOLDER_3),
        ("no_did", NO_DID),
        ("triage", TRIAGE),
        ("investigator", INVESTIGATOR),
        ("investigator_2", INVESTIGATOR_2),
        ("council_1", COUNCIL_1),
        ("council_2", COUNCIL_2),
        ("council_3", COUNCIL_3),
        ("treasury", TREASURY),
    ];
    assert_eq!(file.accounts.len(), expected.len(), "accounts: {:?}", file.accounts.keys());
    for (name, address) in expected {
        assert_eq!(file.accounts.get(name), Some(&address), "@{name}");
    }
    let prerequisites: Vec<&str> = file.prerequisites.keys().map(String::as_str).collect();
    assert_eq!(prerequisites, ["dids", "licenses", "settlement"]);
}

#[test]
fn the_license_ids_in_the_file_are_the_issued_licenses() {
    let mut prerequisites = Prerequisites::new();
    let file = load();
    let description = &file.prerequisites["licenses"];
    for ((issuer, issuer_did, holder_did, _), id) in LICENSES.into_iter().zip(prerequisites.license_ids) {
        let computed =
            U256::from_be_bytes(keccak256((did_hash(issuer_did), did_hash(holder_did), U256::ZERO).abi_encode()).0);
        assert_eq!(id, computed, "issueLicense returns computeLicenseId(issuerDid, holderDid, 0)");
        let call = LicenseRegistry::computeLicenseIdCall {
            issuerDid: did_hash(issuer_did),
            holderDid: did_hash(holder_did),
            nonce: U256::ZERO,
        };
        assert_eq!(prerequisites.chain.view(prerequisites.licenses, &call).expect("computeLicenseId"), id);
        assert!(description.contains(&id.to_string()), "the file names license {id} (issued by {issuer})");
        let holder = DIDS[holder_did].0;
        let owner = LicenseRegistry::ownerOfCall { tokenId: id };
        assert_eq!(prerequisites.chain.view(prerequisites.licenses, &owner).expect("ownerOf"), holder);
        assert!(description.contains(&format!("{id} = computeLicenseId(")), "{description}");
    }
    // Every decimal value of the file long enough to be a license id is one of the two.
    let text = std::fs::read_to_string(repository_vector(VECTORS)).expect("readable");
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    let mut long_numbers = BTreeSet::new();
    collect_long_numbers(&json, &mut long_numbers);
    let ids: BTreeSet<String> = prerequisites.license_ids.iter().map(U256::to_string).collect();
    assert_eq!(long_numbers, ids);
}

/// Every string of `value` that is a decimal number of more than 20 digits.
fn collect_long_numbers(value: &serde_json::Value, found: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::String(text) if text.len() > 20 && text.bytes().all(|b| b.is_ascii_digit()) => {
            found.insert(text.clone());
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| collect_long_numbers(item, found)),
        serde_json::Value::Object(map) => map.values().for_each(|item| collect_long_numbers(item, found)),
        _ => {}
    }
}

/// Replays every scenario with the DLA in `dla` and its prerequisites in `prerequisites`.
fn replay(dla: Implementation, prerequisites: Implementation) {
    let file = replayable(load());
    let reports = Prerequisites::on(prerequisites).run_with(dla, file.clone()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(reports.len(), file.scenarios.len());
    for (report, scenario) in reports.iter().zip(&file.scenarios) {
        assert_eq!(report.name, scenario.name);
        assert_eq!(report.setup.len(), file.setup.len(), "{}", scenario.name);
        assert_eq!(report.steps.len(), scenario.steps.len(), "{}", scenario.name);
    }
}

#[test]
fn solidity_dla_replays_every_vector() {
    replay(Implementation::Solidity, Implementation::Solidity);
}

#[test]
fn stylus_dla_replays_every_vector() {
    replay(Implementation::Stylus, Implementation::Solidity);
}

/// Every contract in Stylus: the DLA's calls, and the errors and events the registry and the
/// engine answer with, are those of the Solidity world.
#[test]
fn stylus_dla_on_stylus_registry_and_engine_replays_every_vector() {
    replay(Implementation::Stylus, Implementation::Stylus);
}

#[test]
fn known_discrepancies_still_fail() {
    let file = load();
    for (name, discrepancy) in KNOWN_DISCREPANCIES {
        let mut only = file.clone();
        only.scenarios.retain(|scenario| scenario.name == *name);
        assert_eq!(only.scenarios.len(), 1, "no scenario {name:?} in the file");
        let outcome = Prerequisites::new().run(only);
        assert!(outcome.is_err(), "scenario {name:?} passes now ({discrepancy}): remove it from KNOWN_DISCREPANCIES");
    }
}

/// The first expected event of the file's scenarios that `emitter` emits: (scenario, step, event).
fn first_event_of(json: &serde_json::Value, emitter: &str) -> (usize, usize, usize) {
    for (s, scenario) in json["scenarios"].as_array().expect("scenarios").iter().enumerate() {
        for (i, step) in scenario["steps"].as_array().expect("steps").iter().enumerate() {
            let events = step["expect"]["events"].as_array().into_iter().flatten();
            if let Some(e) = events.into_iter().position(|event| event["emitter"] == emitter) {
                return (s, i, e);
            }
        }
    }
    panic!("no event of {emitter} in the file")
}

fn edited(edit: impl FnOnce(&mut serde_json::Value)) -> VectorFile {
    let text = std::fs::read_to_string(repository_vector(VECTORS)).expect("readable");
    let mut json: serde_json::Value = serde_json::from_str(&text).expect("json");
    edit(&mut json);
    VectorFile::parse(&json.to_string()).expect("still well-formed")
}

#[test]
fn an_event_expected_from_the_wrong_emitter_is_a_mismatch() {
    let mut at = (0, 0, 0);
    let file = edited(|json| {
        at = first_event_of(json, "@licenses");
        let (s, i, e) = at;
        json["scenarios"][s]["steps"][i]["expect"]["events"][e]["emitter"] = "@settlement".into();
    });
    let name = file.scenarios[at.0].name.clone();
    match Prerequisites::new().run(file).expect_err("the mismatch is caught") {
        Error::Mismatch { scenario, step, message } => {
            assert_eq!((scenario, step), (name, at.1));
            assert!(message.contains("not @settlement"), "{message}");
        }
        other => panic!("expected a mismatch, got {other}"),
    }
}

#[test]
fn the_caller_a_registry_event_names_is_the_contract_under_test() {
    // `LicenseFrozen(id, by)`: `by` is "@this"; claim the admin froze it.
    let mut at = (0, 0, 0);
    let file = edited(|json| {
        for (s, scenario) in json["scenarios"].as_array_mut().expect("scenarios").iter_mut().enumerate() {
            for (i, step) in scenario["steps"].as_array_mut().expect("steps").iter_mut().enumerate() {
                let events = step.get_mut("expect").and_then(|expect| expect.get_mut("events"));
                let Some(events) = events.and_then(serde_json::Value::as_array_mut) else { continue };
                if let Some(e) = events.iter().position(|event| event["name"] == "LicenseFrozen") {
                    assert_eq!(events[e]["args"][1], "@this");
                    events[e]["args"][1] = "@admin".into();
                    at = (s, i, e);
                    return;
                }
            }
        }
        panic!("no LicenseFrozen in the file");
    });
    match Prerequisites::new().run(file).expect_err("the mismatch is caught") {
        Error::Mismatch { step, message, .. } => {
            assert_eq!(step, at.1);
            assert!(message.contains("LicenseFrozen"), "{message}");
        }
        other => panic!("expected a mismatch, got {other}"),
    }
}

#[test]
fn events_of_a_prerequisite_bound_without_its_abi_cannot_be_checked() {
    let mut prerequisites = Prerequisites::new();
    let abi = |artifact| artifacts::abi(artifact).expect("artifact ABI");
    let runner = Runner::new(abi(artifacts::DLA_ENFORCEMENT), load())
        .bind_with_abi("dids", prerequisites.dids, abi(artifacts::DID_REGISTRY))
        .and_then(|runner| runner.bind("licenses", prerequisites.licenses))
        .and_then(|runner| {
            runner.bind_with_abi("settlement", prerequisites.settlement, abi(artifacts::SETTLEMENT_ENGINE))
        })
        .expect("declared prerequisites");
    let mut deployer = prerequisites.deployer();
    let error = runner.run(&mut prerequisites.chain, &mut deployer).expect_err("no ABI for @licenses");
    assert!(error.to_string().contains("bind_with_abi"), "{error}");
}

#[test]
fn this_is_reserved_for_the_contract_under_test() {
    let file = edited(|json| json["accounts"]["this"] = "0x00000000000000000000000000000000000000ee".into());
    let error = Prerequisites::new().run(file).expect_err("the name is reserved");
    assert!(matches!(error, Error::ReservedName(ref name) if name == "this"), "{error}");
}

#[test]
fn a_bubbled_registry_error_needs_the_registry_abi() {
    // `openCase` on a license that does not exist: the registry's `ERC721NonexistentToken`
    // bubbles. Without the registry's ABI bound, the file cannot name it. (That scenario expects
    // no event of another contract.)
    let mut prerequisites = Prerequisites::new();
    let mut file = load();
    file.scenarios.retain(|scenario| scenario.name.starts_with("reporting:"));
    assert_eq!(file.scenarios.len(), 1);
    let runner = Runner::new(artifacts::abi(artifacts::DLA_ENFORCEMENT).expect("artifact ABI"), file)
        .bind("dids", prerequisites.dids)
        .and_then(|runner| runner.bind("licenses", prerequisites.licenses))
        .and_then(|runner| runner.bind("settlement", prerequisites.settlement))
        .expect("declared prerequisites");
    let mut deployer = prerequisites.deployer();
    match runner.run(&mut prerequisites.chain, &mut deployer).expect_err("unknown error name") {
        Error::Mismatch { message, .. } => assert!(message.contains("ERC721NonexistentToken"), "{message}"),
        other => panic!("expected a mismatch, got {other}"),
    }
}
