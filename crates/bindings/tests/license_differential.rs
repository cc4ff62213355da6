//! Differential fuzzing of the license registry. proptest generates operation sequences (issue,
//! activate, suspend, reinstate, revoke, renew, sublicense, terms, compliance, freezes, expiry,
//! transfers, approvals, clock jumps, DID status changes and controller rotations, by the natural
//! caller most of the time and by anyone otherwise); each sequence runs on the registry in revm and
//! on the `chlom-core` reference model, and after every step the outcome (return value or exact
//! revert bytes) and the touched licenses must agree; after the sequence, everything must.
//!
//! By default 10,000 sequences against the Solidity registry, checked after every step, and
//! 10,000 against the Stylus registry, checked after every step by outcome (return data or revert
//! bytes) and at the end of the sequence by full state: the Stylus programs run in an interpreter
//! at about a millisecond per call, so checking every view after every step would take an hour.
//! `CHLOM_FUZZ=intense` runs ten times as many; `PROPTEST_CASES=n` sets the count for both. A
//! failure shrinks to a minimal sequence and prints it.

#[allow(dead_code)] // The module serves several test crates; this one uses the registry world.
mod license_world;

use alloy::primitives::{Address, B256, Bytes, FixedBytes, U256, address};
use alloy::sol_types::{SolInterface, SolValue};
use chlom_bindings::{DIDRegistry, ILicenseRegistry, LicenseRegistry};
use chlom_core::identity::Status;
use chlom_core::license::LicenseState;
use chlom_core::license::model::{Did, IssueRequest, LicenseView, Revert};
use chlom_evm::TxRequest;
use license_world::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::collections::BTreeMap;

// Each table lists the values that let an operation through first and the ones that should
// refuse it last; `pick` mostly draws from the first part, so that sequences get far enough to
// reach deep states while every refusal still comes up thousands of times.
const REGIONS: ([[u8; 2]; 6], usize) = ([*b"DE", *b"US", *b"FR", *b"ZZ", *b"us", *b"D1"], 4);
const EXPIRIES: ([u64; 5], usize) = ([1_000, 10_000, 100_000, 100, 0], 4);
const ROYALTIES: ([u16; 5], usize) = ([0, 250, 500, 10_000, 10_001], 4);
const SCORES: ([u8; 6], usize) = ([0, 50, 79, 80, 100, 101], 3);
const THRESHOLDS: ([u8; 6], usize) = ([50, 80, 100, 0, 1, 101], 3);
const WARPS: ([u64; 5], usize) = ([1, 500, 5_000, 50_000, 1_000_000], 3);
const KINDS: ([u8; 7], usize) = ([0, 2, 3, 4, 5, 1, 6], 5);
const ISSUER_DIDS: ([usize; 6], usize) = ([0, 1, 2, 3, 4, 5], 2);
const HOLDER_DIDS: ([usize; 6], usize) = ([2, 3, 0, 1, 4, 5], 4);
const DID_STEPS: [Status; 4] = [Status::Verified, Status::Valid, Status::Suspended, Status::Revoked];

/// Draws from the first `valid` entries of `table` for most choices, from all of it otherwise.
fn pick<T: Copy, const N: usize>((table, valid): ([T; N], usize), choice: u8) -> T {
    if choice < 240 { table[choice as usize % valid] } else { table[choice as usize % N] }
}
/// An id no license has.
const UNKNOWN_ID: U256 = U256::from_limbs([0x5eed, 0, 0, 0]);

fn allowed_regions(choice: u8) -> Vec<[u8; 2]> {
    match if choice < 240 { choice % 3 } else { choice % 7 } {
        0 => vec![],
        1 => vec![*b"DE", *b"FR"],
        2 => vec![*b"DE", *b"FR", *b"US"],
        3 => vec![*b"DE"],
        4 => vec![*b"US"],
        5 => vec![*b"xx"],
        _ => vec![*b"DE"; 17],
    }
}

fn terms(choice: u8) -> String {
    match if choice < 240 { 1 + choice % 2 } else { 0 } {
        0 => String::new(),
        1 => "ipfs://t".into(),
        _ => format!("ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi/{choice}"),
    }
}

/// One random operation. Small integers index the tables above, the created licenses and the
/// actors; `caller` below 200 means "the caller the operation needs" and anything else a random
/// account, so that both the paths that work and the refusals are exercised.
#[derive(Debug, Clone)]
enum Op {
    Issue {
        caller: u8,
        issuer: u8,
        holder: u8,
        kind: u8,
        region: u8,
        allowed: u8,
        expiry: u8,
        royalty: u8,
        renewable: bool,
        sublicensable: bool,
        terms: u8,
    },
    Activate {
        caller: u8,
        license: u8,
    },
    Renew {
        caller: u8,
        license: u8,
        expiry: u8,
    },
    Suspend {
        caller: u8,
        license: u8,
    },
    Reinstate {
        caller: u8,
        license: u8,
    },
    Revoke {
        caller: u8,
        license: u8,
    },
    Sublicense {
        caller: u8,
        license: u8,
        holder: u8,
        royalty: u8,
        expiry: u8,
    },
    UpdateTerms {
        caller: u8,
        license: u8,
        terms: u8,
    },
    RecordCompliance {
        caller: u8,
        license: u8,
        score: u8,
    },
    RecordHolderRisk {
        caller: u8,
        holder: u8,
        score: u8,
    },
    Freeze {
        caller: u8,
        license: u8,
        frozen: bool,
    },
    RecordExpiry {
        license: u8,
    },
    SetThreshold {
        caller: u8,
        threshold: u8,
    },
    Transfer {
        caller: u8,
        license: u8,
        wrong_from: bool,
        to: u8,
    },
    Approve {
        caller: u8,
        license: u8,
        to: u8,
    },
    Warp {
        seconds: u8,
    },
    SetDidStatus {
        did: u8,
        status: u8,
    },
    RotateDid {
        did: u8,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let issue = (
        any::<u8>(),
        any::<u8>(),
        any::<u8>(),
        any::<u8>(),
        any::<u8>(),
        any::<u8>(),
        any::<u8>(),
        any::<u8>(),
        any::<bool>(),
        any::<bool>(),
        any::<u8>(),
    )
        .prop_map(
            |(caller, issuer, holder, kind, region, allowed, expiry, royalty, renewable, sublicensable, terms)| {
                Op::Issue {
                    caller,
                    issuer,
                    holder,
                    kind,
                    region,
                    allowed,
                    expiry,
                    royalty,
                    renewable,
                    sublicensable,
                    terms,
                }
            },
        );
    prop_oneof![
        5 => issue,
        4 => (any::<u8>(), any::<u8>()).prop_map(|(caller, license)| Op::Activate { caller, license }),
        1 => (any::<u8>(), any::<u8>(), any::<u8>()).prop_map(|(caller, license, expiry)| Op::Renew { caller, license, expiry }),
        1 => (any::<u8>(), any::<u8>()).prop_map(|(caller, license)| Op::Suspend { caller, license }),
        1 => (any::<u8>(), any::<u8>()).prop_map(|(caller, license)| Op::Reinstate { caller, license }),
        1 => (any::<u8>(), any::<u8>()).prop_map(|(caller, license)| Op::Revoke { caller, license }),
        2 => (any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>())
            .prop_map(|(caller, license, holder, royalty, expiry)| Op::Sublicense { caller, license, holder, royalty, expiry }),
        1 => (any::<u8>(), any::<u8>(), any::<u8>()).prop_map(|(caller, license, terms)| Op::UpdateTerms { caller, license, terms }),
        1 => (any::<u8>(), any::<u8>(), any::<u8>()).prop_map(|(caller, license, score)| Op::RecordCompliance { caller, license, score }),
        1 => (any::<u8>(), any::<u8>(), any::<u8>()).prop_map(|(caller, holder, score)| Op::RecordHolderRisk { caller, holder, score }),
        1 => (any::<u8>(), any::<u8>(), any::<bool>()).prop_map(|(caller, license, frozen)| Op::Freeze { caller, license, frozen }),
        1 => any::<u8>().prop_map(|license| Op::RecordExpiry { license }),
        1 => (any::<u8>(), any::<u8>()).prop_map(|(caller, threshold)| Op::SetThreshold { caller, threshold }),
        4 => (any::<u8>(), any::<u8>(), prop::bool::weighted(0.05), any::<u8>())
            .prop_map(|(caller, license, wrong_from, to)| Op::Transfer { caller, license, wrong_from, to }),
        1 => (any::<u8>(), any::<u8>(), any::<u8>()).prop_map(|(caller, license, to)| Op::Approve { caller, license, to }),
        2 => any::<u8>().prop_map(|seconds| Op::Warp { seconds }),
        1 => (0..6u8, any::<u8>()).prop_map(|(did, status)| Op::SetDidStatus { did, status }),
        1 => prop_oneof![8 => 2..5u8, 1 => 0..6u8].prop_map(|did| Op::RotateDid { did }),
    ]
}

/// The sequence being run: the world plus the ids created and the accounts seen so far.
struct Run<'w> {
    world: &'w mut World,
    /// What happened to each kind of operation.
    tally: &'w mut Tally,
    ids: Vec<U256>,
    accounts: Vec<Address>,
    rotations: u64,
}

impl Run<'_> {
    /// Mostly a license the operation applies to (as the model sees it), sometimes any license,
    /// rarely one that does not exist: guided generation, so that deep states are reached.
    fn license_where(&self, choice: u8, applies: impl Fn(&LicenseView) -> bool) -> U256 {
        if self.ids.is_empty() || choice == u8::MAX {
            return UNKNOWN_ID;
        }
        if choice < 192 {
            let fitting: Vec<U256> = self
                .ids
                .iter()
                .copied()
                .filter(|id| self.world.model.license(*id).is_some_and(|view| applies(&view)))
                .collect();
            if !fitting.is_empty() {
                return fitting[choice as usize % fitting.len()];
            }
        }
        self.ids[choice as usize % self.ids.len()]
    }

    fn license(&self, choice: u8) -> U256 {
        self.license_where(choice, |_| true)
    }

    fn usable_license(&self, choice: u8) -> U256 {
        self.license_where(choice, |view| self.world.model.is_usable(view.id))
    }

    /// Mostly an account that controls a Valid DID (a receiver that can pass the gate).
    fn account(&self, choice: u8) -> Address {
        if choice < 192 {
            let holders: Vec<Address> = (0..DIDS.len())
                .map(|index| self.world.model.did(did_hash(index)))
                .filter(|did| did.status == Status::Valid)
                .map(|did| did.controller)
                .collect();
            if !holders.is_empty() {
                return holders[choice as usize % holders.len()];
            }
        }
        self.accounts[choice as usize % self.accounts.len()]
    }

    fn caller(&self, choice: u8, natural: Address) -> Address {
        if choice < 200 { natural } else { self.account(choice) }
    }

    fn issuer_of(&self, id: U256) -> Address {
        self.world.model.license(id).map_or(ISSUER_A, |view| self.world.model.did(view.issuer_did).controller)
    }

    fn owner_of(&self, id: U256) -> Address {
        let owner = self.world.model.owner(id);
        if owner.is_zero() { HOLDER_1 } else { owner }
    }

    /// Runs one operation on both sides and compares; returns the licenses it touched.
    fn step(&mut self, op: &Op) -> Result<Vec<U256>, TestCaseError> {
        let now = self.world.model.now();
        let (expected, actual, touched): (Result<Option<U256>, Revert>, Outcome, Vec<U256>) = match *op {
            Op::Issue {
                caller,
                issuer,
                holder,
                kind,
                region,
                allowed,
                expiry,
                royalty,
                renewable,
                sublicensable,
                terms: t,
            } => {
                let issuer_did = did_hash(pick(ISSUER_DIDS, issuer));
                let natural = self.world.model.did(issuer_did).controller;
                let caller = self.caller(caller, if natural.is_zero() { ISSUER_A } else { natural });
                let request = IssueRequest {
                    issuer_did,
                    holder_did: did_hash(pick(HOLDER_DIDS, holder)),
                    license_type: pick(KINDS, kind),
                    region: pick(REGIONS, region),
                    law_ref: if region % 2 == 0 { B256::repeat_byte(0x1a) } else { B256::ZERO },
                    allowed_regions: allowed_regions(allowed),
                    expires_at: now + pick(EXPIRIES, expiry),
                    royalty_bps: pick(ROYALTIES, royalty),
                    renewable,
                    sublicensable,
                    terms_uri: terms(t),
                };
                let expected = self.world.model.issue(caller, &request).map(Some);
                let call = LicenseRegistry::issueLicenseCall { request: abi_request(&request) };
                let actual = self.world.call(caller, &call);
                let touched = expected.clone().ok().flatten().into_iter().collect();
                (expected, actual, touched)
            }
            Op::Activate { caller, license } => {
                let id = self.license_where(license, |view| view.state == LicenseState::Draft);
                let caller = self.caller(caller, self.issuer_of(id));
                let expected = self.world.model.activate(caller, id).map(|()| None);
                (expected, self.world.call(caller, &LicenseRegistry::activateLicenseCall { id }), vec![id])
            }
            Op::Renew { caller, license, expiry } => {
                let id = self.license_where(license, |view| view.renewable);
                let caller = self.caller(caller, self.issuer_of(id));
                let current = self.world.model.license(id).map_or(now, |view| view.expires_at);
                let new_expiry = current.max(now) + pick(EXPIRIES, expiry);
                let expected = self.world.model.renew(caller, id, new_expiry).map(|()| None);
                let call = LicenseRegistry::renewLicenseCall { id, newExpiry: new_expiry };
                (expected, self.world.call(caller, &call), vec![id])
            }
            Op::Suspend { caller, license } => {
                let id = self.license_where(license, |view| view.state == LicenseState::Active);
                let caller = self.caller(caller, ENFORCER);
                let expected = self.world.model.suspend(caller, id).map(|()| None);
                let call = LicenseRegistry::suspendLicenseCall { id, reason: B256::repeat_byte(0xca) };
                (expected, self.world.call(caller, &call), vec![id])
            }
            Op::Reinstate { caller, license } => {
                let id = self.license_where(license, |view| view.state == LicenseState::Suspended);
                let caller = self.caller(caller, ENFORCER);
                let expected = self.world.model.reinstate(caller, id).map(|()| None);
                (expected, self.world.call(caller, &LicenseRegistry::reinstateLicenseCall { id }), vec![id])
            }
            Op::Revoke { caller, license } => {
                let id = self.license_where(license, |view| view.state < LicenseState::Revoked);
                let natural = if caller % 2 == 0 { ENFORCER } else { self.issuer_of(id) };
                let caller = self.caller(caller, natural);
                let expected = self.world.model.revoke(caller, id).map(|()| None);
                let call = LicenseRegistry::revokeLicenseCall { id, reason: B256::repeat_byte(0xde) };
                (expected, self.world.call(caller, &call), vec![id])
            }
            Op::Sublicense { caller, license, holder, royalty, expiry } => {
                let parent = self.license_where(license, |view| {
                    view.sublicensable && view.depth == 0 && self.world.model.is_usable(view.id)
                });
                let caller = self.caller(caller, self.owner_of(parent));
                let holder_did = did_hash(pick(HOLDER_DIDS, holder));
                let parent_view = self.world.model.license(parent);
                let royalty_bps = match (royalty % 4, &parent_view) {
                    (0 | 1, Some(view)) => view.royalty_bps / (1 + u16::from(royalty % 2)),
                    (2, Some(view)) => view.royalty_bps.saturating_add(1),
                    _ => pick(ROYALTIES, royalty),
                };
                let expires_at = match (expiry % 4, &parent_view) {
                    (0 | 1, Some(view)) => view.expires_at.min(now + pick(EXPIRIES, expiry)),
                    (2, Some(view)) => view.expires_at + 1,
                    _ => now + pick(EXPIRIES, expiry),
                };
                let expected =
                    self.world.model.create_sublicense(caller, parent, holder_did, royalty_bps, expires_at).map(Some);
                let call = LicenseRegistry::createSublicenseCall {
                    parentId: parent,
                    newHolderDid: holder_did,
                    royaltyBps: royalty_bps,
                    expiresAt: expires_at,
                };
                let actual = self.world.call(caller, &call);
                let mut touched = vec![parent];
                touched.extend(expected.clone().ok().flatten());
                (expected, actual, touched)
            }
            Op::UpdateTerms { caller, license, terms: t } => {
                let id = self.license(license);
                let caller = self.caller(caller, self.issuer_of(id));
                let uri = terms(t);
                let expected = self.world.model.update_terms(caller, id, &uri).map(|()| None);
                let call = LicenseRegistry::updateTermsCall { id, termsUri: uri };
                (expected, self.world.call(caller, &call), vec![id])
            }
            Op::RecordCompliance { caller, license, score } => {
                let id = self.license(license);
                let caller = self.caller(caller, COMPLIANCE);
                let score = pick(SCORES, score);
                let expected = self.world.model.record_compliance(caller, id, score).map(|()| None);
                (expected, self.world.call(caller, &LicenseRegistry::recordComplianceCall { id, score }), vec![id])
            }
            Op::RecordHolderRisk { caller, holder, score } => {
                let caller = self.caller(caller, COMPLIANCE);
                let (did, score) = (did_hash(pick(HOLDER_DIDS, holder)), pick(SCORES, score));
                let expected = self.world.model.record_holder_risk(caller, did, score).map(|()| None);
                let call = LicenseRegistry::recordHolderRiskCall { didHash: did, score };
                (expected, self.world.call(caller, &call), vec![])
            }
            Op::Freeze { caller, license, frozen } => {
                let id =
                    self.license_where(license, |view| view.frozen != frozen && view.state < LicenseState::Revoked);
                let caller = self.caller(caller, ENFORCER);
                let expected = self.world.model.set_frozen(caller, id, frozen).map(|()| None);
                let actual = if frozen {
                    self.world.call(caller, &LicenseRegistry::freezeLicenseCall { id })
                } else {
                    self.world.call(caller, &LicenseRegistry::unfreezeLicenseCall { id })
                };
                (expected, actual, vec![id])
            }
            Op::RecordExpiry { license } => {
                let id = self.license_where(license, |view| view.state == LicenseState::Expired);
                let expected = self.world.model.record_expiry(id).map(|()| None);
                (expected, self.world.call(NO_DID, &LicenseRegistry::recordExpiryCall { id }), vec![id])
            }
            Op::SetThreshold { caller, threshold } => {
                let caller = self.caller(caller, ADMIN);
                let threshold = pick(THRESHOLDS, threshold);
                let expected = self.world.model.set_risk_threshold(caller, threshold).map(|()| None);
                (expected, self.world.call(caller, &LicenseRegistry::setRiskThresholdCall { threshold }), vec![])
            }
            Op::Transfer { caller, license, wrong_from, to } => {
                let id = self.usable_license(license);
                let owner = self.owner_of(id);
                let caller = self.caller(caller, owner);
                let from = if wrong_from { NO_DID } else { owner };
                let to = self.account(to);
                let expected = self.world.model.transfer_from(caller, from, to, id).map(|()| None);
                let call = LicenseRegistry::transferFromCall { from, to, tokenId: id };
                (expected, self.world.call(caller, &call), vec![id])
            }
            Op::Approve { caller, license, to } => {
                let id = self.usable_license(license);
                let caller = self.caller(caller, self.owner_of(id));
                let to = self.account(to);
                let expected = self.world.model.approve(caller, to, id).map(|()| None);
                (expected, self.world.call(caller, &LicenseRegistry::approveCall { to, tokenId: id }), vec![])
            }
            Op::Warp { seconds } => {
                self.world.warp(pick(WARPS, seconds));
                return Ok(vec![]);
            }
            Op::SetDidStatus { did, status } => {
                let did_hash = did_hash(did as usize);
                let next = DID_STEPS[status as usize % DID_STEPS.len()];
                let call = DIDRegistry::setStatusCall { didHash: did_hash, next: next as u8 };
                let receipt = self
                    .world
                    .chain
                    .transact(TxRequest::call(VERIFIER, self.world.dids, alloy::sol_types::SolCall::abi_encode(&call)))
                    .expect("valid");
                if receipt.is_success() {
                    let current = self.world.model.did(did_hash);
                    self.world.model.set_did(did_hash, Did { status: next, ..current });
                }
                return Ok(vec![]);
            }
            Op::RotateDid { did } => {
                let did_hash = did_hash(did as usize);
                let current = self.world.model.did(did_hash);
                self.rotations += 1;
                let next = Address::from_word(B256::from(U256::from(0x5000 + self.rotations)));
                let call = DIDRegistry::rotateControllerCall { didHash: did_hash, next };
                let receipt = self
                    .world
                    .chain
                    .transact(TxRequest::call(
                        current.controller,
                        self.world.dids,
                        alloy::sol_types::SolCall::abi_encode(&call),
                    ))
                    .expect("valid");
                if receipt.is_success() {
                    self.world.model.set_did(did_hash, Did { controller: next, ..current });
                    self.accounts.push(next);
                }
                return Ok(vec![]);
            }
        };

        self.tally.record(op, &actual);
        match (&expected, &actual) {
            (Ok(id), Ok(output)) => {
                if let Some(id) = id {
                    let returned = U256::abi_decode(output)
                        .map_err(|e| TestCaseError::fail(format!("{op:?}: return data: {e}")))?;
                    prop_assert_eq!(returned, *id, "{:?}: returned id", op);
                    self.ids.push(*id);
                }
            }
            (Err(expected), Err(actual)) => {
                prop_assert_eq!(Bytes::from(expected.clone()), actual.clone(), "{:?}: revert data", op);
            }
            _ => {
                return Err(TestCaseError::fail(format!(
                    "{op:?}: model {expected:x?} but registry {}",
                    match &actual {
                        Ok(_) => "succeeded".to_string(),
                        Err(data) => format!("reverted with {data}"),
                    }
                )));
            }
        }
        Ok(touched)
    }
}

/// Two Active licenses (one open, one restricted to DE and FR), a Draft, and a sublicense.
fn prelude_ops() -> Vec<Op> {
    let issue = |issuer, holder, allowed| Op::Issue {
        caller: 0,
        issuer,
        holder,
        kind: 0,
        region: 0,
        allowed,
        expiry: 2,
        royalty: 2,
        renewable: true,
        sublicensable: true,
        terms: 1,
    };
    vec![
        issue(0, 0, 0),
        issue(1, 1, 1),
        issue(0, 1, 0),
        Op::Activate { caller: 0, license: 0 },
        Op::Activate { caller: 0, license: 1 },
        Op::Sublicense { caller: 0, license: 0, holder: 1, royalty: 1, expiry: 1 },
    ]
}

fn abi_request(request: &IssueRequest) -> ILicenseRegistry::IssueRequest {
    ILicenseRegistry::IssueRequest {
        issuerDid: request.issuer_did,
        holderDid: request.holder_did,
        licenseType: request.license_type,
        jurisdiction: ILicenseRegistry::Jurisdiction {
            region: FixedBytes(request.region),
            lawRef: request.law_ref,
            allowedRegions: request.allowed_regions.iter().map(|code| FixedBytes(*code)).collect(),
        },
        expiresAt: request.expires_at,
        royaltyBps: request.royalty_bps,
        renewable: request.renewable,
        sublicensable: request.sublicensable,
        termsUri: request.terms_uri.clone(),
    }
}

/// How often each kind of operation succeeded, and how often it reverted with each error.
#[derive(Default)]
struct Tally {
    outcomes: BTreeMap<String, (u64, u64)>,
    reverts: BTreeMap<(String, String), u64>,
}

impl Tally {
    fn record(&mut self, op: &Op, outcome: &Outcome) {
        let kind = first_word(&format!("{op:?}"));
        let entry = self.outcomes.entry(kind.clone()).or_default();
        match outcome {
            Ok(_) => entry.0 += 1,
            Err(data) => {
                entry.1 += 1;
                let error = LicenseRegistry::LicenseRegistryErrors::abi_decode(data)
                    .map(|error| first_word(&format!("{error:?}")))
                    .unwrap_or_else(|_| format!("undecoded 0x{}", alloy::primitives::hex::encode(data)));
                *self.reverts.entry((kind, error)).or_default() += 1;
            }
        }
    }

    /// Prints the table and fails unless every kind of operation both succeeded and reverted
    /// often enough for the fuzz to be worth its time.
    fn check(&self) {
        eprintln!("{:<18} {:>9} {:>9}  most frequent refusals", "operation", "succeeded", "reverted");
        for (kind, (ok, reverted)) in &self.outcomes {
            let mut reasons: Vec<(&String, &u64)> =
                self.reverts.iter().filter(|((k, _), _)| k == kind).map(|((_, error), n)| (error, n)).collect();
            reasons.sort_by(|a, b| b.1.cmp(a.1));
            let top: Vec<String> = reasons.iter().take(3).map(|(error, n)| format!("{error} {n}")).collect();
            eprintln!("{kind:<18} {ok:>9} {reverted:>9}  {}", top.join(", "));
        }
        for (kind, (ok, reverted)) in &self.outcomes {
            let total = ok + reverted;
            if total >= 200 {
                assert!(*ok * 50 >= total, "{kind} succeeded in only {ok} of {total} runs");
                assert!(*reverted > 0, "{kind} never reverted in {total} runs");
            }
        }
    }
}

fn first_word(debug: &str) -> String {
    debug.split([' ', '{', '(']).next().unwrap_or_default().to_owned()
}

fn cases() -> u32 {
    let default = if std::env::var("CHLOM_FUZZ").is_ok_and(|profile| profile == "intense") { 100_000 } else { 10_000 };
    std::env::var("PROPTEST_CASES").ok().and_then(|cases| cases.parse().ok()).unwrap_or(default)
}

/// How much of the state each step compares.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Checks {
    /// Outcomes after every step, the touched licenses after every step, everything at the end.
    EveryStep,
    /// Outcomes after every step, at the end every license and balance, and the lookups of one
    /// actor and one DID (a different one each sequence).
    AtTheEnd,
}

/// Runs the differential fuzz against the registry `deployer` deploys.
fn differential(deployer: &mut impl chlom_vectors::Deployer, checks: Checks) {
    let mut world = World::new(deployer);
    // A few licenses in several states before every sequence, so that sequences start deep.
    let mut tally = Tally::default();
    let mut prelude =
        Run { world: &mut world, tally: &mut tally, ids: Vec::new(), accounts: ACTORS.to_vec(), rotations: 0 };
    for op in prelude_ops() {
        prelude.step(&op).unwrap_or_else(|e| panic!("prelude {op:?}: {e}"));
    }
    let seeded = prelude.ids.clone();
    assert_eq!(seeded.len(), 4, "the prelude issues four licenses");
    world.assert_all_match("after the prelude");
    let clean = world.model.clone();
    // Every case starts by returning to this snapshot, so that a case that panicked (and left the
    // chain dirty) cannot leak into the next one or into shrinking.
    let base = world.chain.snapshot();
    let world = std::cell::RefCell::new(world);
    let tally = std::cell::RefCell::new(Tally::default());
    let sequence = std::cell::Cell::new(0usize);
    let config = Config { cases: cases(), failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new(config);
    let sequences = prop::collection::vec(op(), 1..32);
    let result = runner.run(&sequences, |ops| {
        let mut world = world.borrow_mut();
        let mut tally = tally.borrow_mut();
        world.chain.revert_to(base).expect("the base snapshot exists");
        world.chain.snapshot();
        world.model = clean.clone();
        let mut run =
            Run { world: &mut world, tally: &mut tally, ids: seeded.clone(), accounts: ACTORS.to_vec(), rotations: 0 };
        for (index, op) in ops.iter().enumerate() {
            let touched = run.step(op)?;
            if checks == Checks::EveryStep {
                for id in touched {
                    run.world.assert_license_matches(id, &format!("step {index} {op:?}"));
                }
            }
        }
        let sample = (checks == Checks::AtTheEnd).then(|| sequence.replace(sequence.get() + 1));
        run.world.assert_matches("end of sequence", sample);
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
    tally.into_inner().check();
}

#[test]
fn solidity_registry_agrees_with_the_reference_model() {
    differential(&mut deploy_solidity, Checks::EveryStep);
}

#[test]
fn stylus_registry_agrees_with_the_reference_model() {
    differential(&mut deploy_stylus, Checks::AtTheEnd);
}

#[test]
fn the_reference_world_starts_in_step() {
    let mut world = World::new(&mut deploy_solidity);
    world.assert_all_match("fresh world");
    let holder = address!("00000000000000000000000000000000000000a1");
    assert_eq!(world.model.did(did_hash(2)).controller, holder);
}
