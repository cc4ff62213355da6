//! The enforcement plane end to end in one revm chain: the DID registry, the license registry, the
//! settlement engine and the DLA contract, wired as they are deployed (the DLA holds
//! `ENFORCEMENT_ROLE` in the registry and the engine). Every scenario runs twice: with the license
//! registry, the engine and the DLA in Solidity, and with all three in Stylus (their compiled WASM
//! programs); the DID registry, which the others only read, is Solidity in both.
//!
//! A report leads to a freeze and an escrow hold; a settlement for the license routes the held
//! share to escrow; the holder appeals; the council upholds the appeal, which lifts the freeze and
//! releases the escrow to the holder, who withdraws it. A second case runs to a final fine: the
//! appeal is rejected and what the hold kept goes to the treasury. A third is appealed while its
//! issuer revokes the frozen license: the upheld appeal asks the registry nothing it would refuse
//! and still releases the escrow to the holder.

#[allow(dead_code)] // The module serves several test crates; this one uses its world and accounts.
mod license_world;

use alloy::primitives::{Address, B256, Bytes, FixedBytes, U256, keccak256};
use alloy::sol_types::{SolCall, SolConstructor, SolError, SolValue};
use chlom_bindings::{
    DLAEnforcement, IDLAEnforcement, ILicenseRegistry, ISettlementEngine, LicenseRegistry, SettlementEngine,
};
use chlom_evm::{Receipt, TxRequest};
use license_world::*;

/// The council and the treasury: accounts with no other part.
const COUNCIL_1: Address = Address::repeat_byte(0xc1);
const COUNCIL_2: Address = Address::repeat_byte(0xc2);
const TREASURY: Address = Address::repeat_byte(0x7e);
/// The reporter is a holder with a Valid DID (DIDS[3]); the triage officer and the investigator
/// are the world's compliance and enforcement accounts.
const REPORTER: Address = HOLDER_2;
const TRIAGE: Address = COMPLIANCE;
const INVESTIGATOR: Address = ENFORCER;
const REASON: u16 = 7;
const DAY: u64 = 86_400;

/// `Sanction` numbers.
const FREEZE: u8 = 0;
const ESCROW: u8 = 1;
const FINE: u8 = 2;

/// Which implementation of the registry, the engine and the DLA a plane runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Implementation {
    Solidity,
    Stylus,
}

struct Plane {
    world: World,
    engine: Address,
    dla: Address,
    license: U256,
}

impl Plane {
    /// The plane with the license registry, the engine and the DLA in `implementation`.
    fn on(implementation: Implementation) -> Self {
        let stylus = implementation == Implementation::Stylus;
        let mut world = if stylus { World::new(&mut deploy_stylus) } else { World::new(&mut deploy_solidity) };
        // A license from issuer A to holder 1, active.
        let request = ILicenseRegistry::IssueRequest {
            issuerDid: did_hash(0),
            holderDid: did_hash(2),
            licenseType: 0,
            jurisdiction: ILicenseRegistry::Jurisdiction {
                region: FixedBytes(*b"DE"),
                lawRef: B256::ZERO,
                allowedRegions: vec![],
            },
            expiresAt: world.chain.timestamp() + 365 * DAY,
            royaltyBps: 500,
            renewable: false,
            sublicensable: false,
            termsUri: "ipfs://terms".into(),
        };
        let output = world.call(ISSUER_A, &LicenseRegistry::issueLicenseCall { request }).expect("issued");
        let license = U256::abi_decode(&output).expect("an id");
        world.call(ISSUER_A, &LicenseRegistry::activateLicenseCall { id: license }).expect("activated");

        let chain = &mut world.chain;
        let args = SettlementEngine::constructorCall { admin: ADMIN, epochSeconds: DAY }.abi_encode();
        let engine = if stylus {
            let (entry, parts) = STYLUS_SETTLEMENT_ENGINE;
            deploy_stylus_programs(chain, ADMIN, entry, &parts, &args)
        } else {
            chain.deploy(ADMIN, [SettlementEngine::BYTECODE.as_ref(), &args].concat())
        }
        .expect("engine");
        for role in ["CHLOM_SETTLER_ROLE", "CHLOM_GRAPH_ROLE"] {
            let call = SettlementEngine::grantRoleCall { role: keccak256(role), account: ADMIN };
            chain.send(ADMIN, engine, &call).expect("engine role");
        }
        let args = DLAEnforcement::constructorCall {
            admin: ADMIN,
            didRegistry: world.dids,
            licenseRegistry: world.registry,
            settlementEngine: engine,
        }
        .abi_encode();
        let dla = if stylus {
            let (entry, parts) = STYLUS_DLA;
            deploy_stylus_programs(chain, ADMIN, entry, &parts, &args)
        } else {
            chain.deploy(ADMIN, [DLAEnforcement::BYTECODE.as_ref(), &args].concat())
        }
        .expect("DLA");
        let enforcement = keccak256("CHLOM_ENFORCEMENT_ROLE");
        chain
            .send(ADMIN, world.registry, &LicenseRegistry::grantRoleCall { role: enforcement, account: dla })
            .expect("registry enforcement role");
        chain
            .send(ADMIN, engine, &SettlementEngine::grantRoleCall { role: enforcement, account: dla })
            .expect("engine enforcement role");
        let roles = [
            ("CHLOM_TRIAGE_ROLE", TRIAGE),
            ("CHLOM_INVESTIGATOR_ROLE", INVESTIGATOR),
            ("CHLOM_COUNCIL_ROLE", COUNCIL_1),
            ("CHLOM_COUNCIL_ROLE", COUNCIL_2),
        ];
        for (role, account) in roles {
            chain.send(ADMIN, dla, &DLAEnforcement::grantRoleCall { role: keccak256(role), account }).expect("role");
        }
        let policy = DLAEnforcement::setReasonPolicyCall {
            reasonCode: REASON,
            allowedSanctions: (1 << FREEZE) | (1 << ESCROW) | (1 << FINE),
            appealWindow: 3 * DAY,
        };
        chain.send(ADMIN, dla, &policy).expect("policy");
        chain.send(ADMIN, dla, &DLAEnforcement::setCouncilQuorumCall { quorum: 2 }).expect("quorum");
        chain.send(ADMIN, dla, &DLAEnforcement::setTreasuryCall { treasury: TREASURY }).expect("treasury");
        chain.fund(ADMIN, U256::from(10u128.pow(24)));
        Self { world, engine, dla, license }
    }

    fn dla(&mut self, from: Address, call: &impl SolCall) -> Receipt {
        let receipt = self.world.chain.transact(TxRequest::call(from, self.dla, call.abi_encode())).expect("valid");
        assert!(receipt.is_success(), "{}: {}", std::any::type_name_of_val(call), receipt.output);
        receipt
    }

    fn dla_reverts(&mut self, from: Address, call: &impl SolCall) -> Bytes {
        let receipt = self.world.chain.transact(TxRequest::call(from, self.dla, call.abi_encode())).expect("valid");
        assert!(!receipt.is_success(), "{} succeeded", std::any::type_name_of_val(call));
        receipt.output
    }

    /// Sends raw calldata (and `value`) to the DLA; returns whether it succeeded and its output.
    fn dla_raw(&mut self, from: Address, calldata: Vec<u8>, value: u64) -> (bool, Bytes) {
        let request = TxRequest::call(from, self.dla, calldata).with_value(U256::from(value));
        let receipt = self.world.chain.transact(request).expect("valid");
        (receipt.is_success(), receipt.output)
    }

    fn frozen(&mut self) -> bool {
        self.world.view(&LicenseRegistry::getLicenseCall { id: self.license }).expect("license").frozen
    }

    fn engine_view<C: SolCall>(&mut self, call: &C) -> C::Return {
        self.world.chain.view(self.engine, call).expect("engine view")
    }

    /// A graph paying the holder 90% and the issuer 10%, registered once.
    fn graph(&mut self) -> (B256, Vec<ISettlementEngine::Share>) {
        let share = |recipient, bps| ISettlementEngine::Share {
            recipient,
            kind: 0,
            bps,
            floor: 0,
            cap: 0,
            adjustment: 0,
            vestingCliff: 0,
            vestingEnd: 0,
        };
        let shares = vec![share(HOLDER_1, 9_000), share(ISSUER_A, 1_000)];
        let graph_id = B256::repeat_byte(0x99);
        if self.engine_view(&SettlementEngine::graphHashOfCall { graphId: graph_id }).is_zero() {
            let call = SettlementEngine::registerGraphCall { graphId: graph_id, shares: shares.clone() };
            self.world.chain.send(ADMIN, self.engine, &call).expect("graph");
        }
        (graph_id, shares)
    }

    /// Settles `amount` wei for the license.
    fn settle(&mut self, txid: u8, amount: u64) -> ISettlementEngine::Totals {
        let (graph_id, shares) = self.graph();
        let request = ISettlementEngine::SettleRequest {
            txid: B256::repeat_byte(txid),
            graphId: graph_id,
            licenseId: self.license,
            token: Address::ZERO,
            amount: U256::from(amount),
            mcc: 0,
        };
        let call = SettlementEngine::settleCall { request, shares };
        let receipt = self
            .world
            .chain
            .transact(TxRequest::call(ADMIN, self.engine, call.abi_encode()).with_value(U256::from(amount)))
            .expect("valid")
            .into_result()
            .expect("settles");
        SettlementEngine::settleCall::abi_decode_returns(&receipt.output).expect("totals")
    }

    fn credit(&mut self, account: Address) -> U256 {
        self.engine_view(&SettlementEngine::creditOfCall { token: Address::ZERO, account })
    }

    /// Opens a case on the license and takes it to Investigation with the investigator.
    fn investigate(&mut self, evidence: u8) -> U256 {
        let open = DLAEnforcement::openCaseCall {
            licenseId: self.license,
            reasonCode: REASON,
            evidenceRef: B256::repeat_byte(evidence),
        };
        let receipt = self.dla(REPORTER, &open);
        let opened = receipt.events::<DLAEnforcement::CaseOpened>();
        assert_eq!(opened.len(), 1);
        let case_id = opened[0].1.caseId;
        assert_eq!(opened[0].1.licenseId, self.license);
        self.dla(TRIAGE, &DLAEnforcement::triageCaseCall { caseId: case_id, priority: 1 });
        self.dla(TRIAGE, &DLAEnforcement::assignInvestigatorCall { caseId: case_id, account: INVESTIGATOR });
        self.dla(INVESTIGATOR, &DLAEnforcement::addEvidenceCall { caseId: case_id, proofRef: B256::repeat_byte(0xee) });
        case_id
    }

    fn case(&mut self, case_id: U256) -> IDLAEnforcement::Case {
        self.world.chain.view(self.dla, &DLAEnforcement::getCaseCall { caseId: case_id }).expect("case")
    }

    fn sanction(&mut self, case_id: U256, sanction: u8, params: Bytes) -> Receipt {
        self.dla(INVESTIGATOR, &DLAEnforcement::applySanctionCall { caseId: case_id, sanction, params })
    }
}

fn amount(value: u64) -> Bytes {
    U256::from(value).abi_encode().into()
}

fn a_report_freezes_and_escrows_and_an_upheld_appeal_releases_everything_to_the_holder(mut plane: Plane) {
    let case_id = plane.investigate(0x0e);

    // Sanctions: a freeze in the registry, a hold of 300,000 wei in the engine.
    let receipt = plane.sanction(case_id, FREEZE, Bytes::new());
    assert_eq!(receipt.events::<DLAEnforcement::SanctionApplied>().len(), 1);
    assert!(receipt.events::<LicenseRegistry::LicenseFrozen>().len() == 1, "the registry froze the license");
    assert!(plane.frozen());
    plane.sanction(case_id, ESCROW, amount(300_000));
    let hold = plane.engine_view(&SettlementEngine::holdOfCall { licenseId: plane.license });
    assert_eq!(hold.outstanding, U256::from(300_000));
    assert_eq!(plane.case(case_id).stage, 4, "Sanction");

    // A frozen license cannot move.
    let transfer = LicenseRegistry::transferFromCall { from: HOLDER_1, to: HOLDER_2, tokenId: plane.license };
    assert!(plane.world.call(HOLDER_1, &transfer).is_err(), "frozen licenses do not transfer");

    // A settlement of 1,000,000 wei: the hold takes 300,000 into escrow, the shares split the rest.
    let totals = plane.settle(1, 1_000_000);
    assert_eq!(totals.escrow, U256::from(300_000));
    let escrowed =
        plane.engine_view(&SettlementEngine::escrowOfCall { licenseId: plane.license, token: Address::ZERO });
    assert_eq!(escrowed, U256::from(300_000));
    assert_eq!(plane.credit(HOLDER_1), U256::from(630_000));
    assert_eq!(plane.credit(ISSUER_A), U256::from(70_000));

    // Only the holder appeals; the council upholds with two votes.
    plane.dla_reverts(REPORTER, &DLAEnforcement::fileAppealCall { caseId: case_id, memoRef: B256::repeat_byte(1) });
    plane.dla(HOLDER_1, &DLAEnforcement::fileAppealCall { caseId: case_id, memoRef: B256::repeat_byte(1) });
    assert_eq!(plane.case(case_id).stage, 5, "Appeal");
    let first = plane.dla(COUNCIL_1, &DLAEnforcement::decideAppealCall { caseId: case_id, uphold: true });
    assert!(first.events::<DLAEnforcement::AppealDecided>().is_empty(), "one vote is not a quorum of two");
    plane.dla_reverts(COUNCIL_1, &DLAEnforcement::decideAppealCall { caseId: case_id, uphold: true });
    let decided = plane.dla(COUNCIL_2, &DLAEnforcement::decideAppealCall { caseId: case_id, uphold: true });
    let decision = decided.events::<DLAEnforcement::AppealDecided>();
    assert_eq!(decision.len(), 1);
    assert!(decision[0].1.upheld);
    assert_eq!(decided.events::<DLAEnforcement::CaseResolved>()[0].1.ruling, 3, "Overturned");

    // Everything lifted: the freeze, the hold, and the escrow credited to the holder.
    assert!(!plane.frozen());
    let hold = plane.engine_view(&SettlementEngine::holdOfCall { licenseId: plane.license });
    assert_eq!(hold.outstanding, U256::ZERO);
    let escrowed =
        plane.engine_view(&SettlementEngine::escrowOfCall { licenseId: plane.license, token: Address::ZERO });
    assert_eq!(escrowed, U256::ZERO);
    assert_eq!(plane.credit(HOLDER_1), U256::from(930_000));
    let case = plane.case(case_id);
    assert_eq!((case.stage, case.ruling, case.sanctions), (6, 3, 0));
    assert_eq!(
        plane
            .world
            .chain
            .view(plane.dla, &DLAEnforcement::activeCaseOfCall { licenseId: plane.license })
            .expect("view"),
        U256::ZERO
    );

    // The holder withdraws it all, and the next settlement is not held.
    let before = plane.world.chain.balance(HOLDER_1);
    let withdraw = SettlementEngine::withdrawCall { token: Address::ZERO };
    plane.world.chain.send(HOLDER_1, plane.engine, &withdraw).expect("withdraws");
    assert_eq!(plane.world.chain.balance(HOLDER_1) - before, U256::from(930_000));
    assert_eq!(plane.settle(2, 1_000).escrow, U256::ZERO);
    assert!(plane.world.call(HOLDER_1, &transfer).is_ok(), "unfrozen, the license moves again");
}

fn a_rejected_appeal_makes_a_fine_final_and_pays_the_treasury(mut plane: Plane) {
    let case_id = plane.investigate(0x0f);
    plane.sanction(case_id, FINE, amount(200_000));
    plane.settle(1, 500_000);
    let escrowed =
        plane.engine_view(&SettlementEngine::escrowOfCall { licenseId: plane.license, token: Address::ZERO });
    assert_eq!(escrowed, U256::from(200_000));

    plane.dla(HOLDER_1, &DLAEnforcement::fileAppealCall { caseId: case_id, memoRef: B256::repeat_byte(2) });
    plane.dla(COUNCIL_1, &DLAEnforcement::decideAppealCall { caseId: case_id, uphold: false });
    let decided = plane.dla(COUNCIL_2, &DLAEnforcement::decideAppealCall { caseId: case_id, uphold: false });
    assert!(!decided.events::<DLAEnforcement::AppealDecided>()[0].1.upheld);
    assert_eq!(plane.case(case_id).ruling, 2, "Sanctioned");
    assert_eq!(plane.credit(TREASURY), U256::from(200_000), "the fine went to the treasury");
    let escrowed =
        plane.engine_view(&SettlementEngine::escrowOfCall { licenseId: plane.license, token: Address::ZERO });
    assert_eq!(escrowed, U256::ZERO);
    assert_eq!(plane.settle(2, 1_000).escrow, U256::ZERO, "the hold ended");
}

fn an_upheld_appeal_on_a_license_its_issuer_revoked_meanwhile_still_releases_the_escrow(mut plane: Plane) {
    let case_id = plane.investigate(0x12);
    plane.sanction(case_id, FREEZE, Bytes::new());
    plane.sanction(case_id, FINE, amount(100_000));
    plane.settle(1, 500_000);
    plane.dla(HOLDER_1, &DLAEnforcement::fileAppealCall { caseId: case_id, memoRef: B256::repeat_byte(3) });

    // The issuer revokes the frozen license while the appeal is pending: unfreezing it would be
    // refused (AlreadyRevoked), so the DLA does not ask.
    let revoke = LicenseRegistry::revokeLicenseCall { id: plane.license, reason: B256::repeat_byte(0x1a) };
    plane.world.call(ISSUER_A, &revoke).expect("the issuer revokes");
    plane.dla(COUNCIL_1, &DLAEnforcement::decideAppealCall { caseId: case_id, uphold: true });
    let decided = plane.dla(COUNCIL_2, &DLAEnforcement::decideAppealCall { caseId: case_id, uphold: true });
    assert_eq!(decided.events::<DLAEnforcement::CaseResolved>()[0].1.ruling, 3, "Overturned");
    assert_eq!(decided.events::<DLAEnforcement::SanctionLifted>().len(), 2, "Freeze and Fine lifted in the case");
    assert!(decided.events::<LicenseRegistry::LicenseUnfrozen>().is_empty(), "no unfreeze of a revoked license");

    let state = plane.world.view(&LicenseRegistry::stateOfCall { id: plane.license }).expect("state");
    assert_eq!(state, 3, "the issuer's revocation stands");
    assert!(plane.frozen(), "and so does the freeze the registry keeps");
    assert_eq!(plane.credit(HOLDER_1), U256::from(360_000 + 100_000), "90% of the 400,000 left, then the escrow");
    let case = plane.case(case_id);
    assert_eq!((case.stage, case.sanctions, case.held), (6, 0, U256::ZERO));
}

fn appeals_close_with_their_window_and_the_case_resolves_as_sanctioned(mut plane: Plane) {
    let case_id = plane.investigate(0x10);
    plane.sanction(case_id, FREEZE, Bytes::new());
    // Resolving before the window closes would cut the holder's appeal short.
    plane.dla_reverts(INVESTIGATOR, &DLAEnforcement::resolveCall { caseId: case_id, ruling: 2 });
    plane.world.warp(3 * DAY + 1);
    let late = plane.dla_reverts(HOLDER_1, &DLAEnforcement::fileAppealCall { caseId: case_id, memoRef: B256::ZERO });
    assert_eq!(&late[..4], DLAEnforcement::AppealWindow::SELECTOR.as_slice());
    plane.dla(INVESTIGATOR, &DLAEnforcement::resolveCall { caseId: case_id, ruling: 2 });
    assert!(plane.frozen(), "a final freeze stays");
    assert_eq!(plane.case(case_id).stage, 6, "Resolved");
}

fn the_settled_event_of_a_held_settlement_names_the_escrow(mut plane: Plane) {
    let case_id = plane.investigate(0x11);
    plane.sanction(case_id, ESCROW, amount(50));
    let (graph_id, shares) = plane.graph();
    let request = ISettlementEngine::SettleRequest {
        txid: B256::repeat_byte(9),
        graphId: graph_id,
        licenseId: plane.license,
        token: Address::ZERO,
        amount: U256::from(80),
        mcc: 0,
    };
    let receipt = plane
        .world
        .chain
        .transact(
            TxRequest::call(ADMIN, plane.engine, SettlementEngine::settleCall { request, shares }.abi_encode())
                .with_value(U256::from(80)),
        )
        .expect("valid");
    let settled = receipt.events::<SettlementEngine::Settled>();
    assert_eq!(settled[0].1.escrow, U256::from(50));
}

/// Malformed calldata gets what Solidity's decoder and dispatcher give, on both planes: an enum
/// out of range, a truncated argument, an unknown selector and value sent to a function that takes
/// none all revert without data, and nothing changes.
fn malformed_calldata_reverts_without_data_and_changes_nothing(mut plane: Plane) {
    let case_id = plane.investigate(0x0e);
    let before = plane.case(case_id);
    let mut out_of_range =
        DLAEnforcement::applySanctionCall { caseId: case_id, sanction: FREEZE, params: Bytes::new() }.abi_encode();
    out_of_range[4 + 63] = 7; // Sanction has 7 members (0 to 6).
    let mut ruling = DLAEnforcement::resolveCall { caseId: case_id, ruling: 1 }.abi_encode();
    ruling[4 + 63] = 4; // Ruling has 4 members.
    let mut stage = DLAEnforcement::setSlaCall { stage: 1, seconds_: 60 }.abi_encode();
    stage[4 + 31] = 8; // Stage has 8 members.
    let truncated = DLAEnforcement::triageCaseCall { caseId: case_id, priority: 1 }.abi_encode()[..40].to_vec();
    let unknown = vec![0xde, 0xad, 0xbe, 0xef];
    let valued = DLAEnforcement::prioritizeCall { caseId: case_id, level: 2 }.abi_encode();
    let attempts = [
        (INVESTIGATOR, out_of_range, 0, "sanction 7"),
        (INVESTIGATOR, ruling, 0, "ruling 4"),
        (ADMIN, stage.clone(), 0, "stage 8"),
        (TRIAGE, stage, 0, "stage 8 from an account without the admin role (decoded before the role check)"),
        (TRIAGE, truncated, 0, "truncated"),
        (ADMIN, unknown, 0, "unknown selector"),
        (ADMIN, valued, 1, "value to a non-payable function"),
    ];
    for (from, calldata, value, what) in attempts {
        let (succeeded, output) = plane.dla_raw(from, calldata, value);
        assert!(!succeeded, "{what} succeeded");
        assert!(output.is_empty(), "{what}: reverted with {output}");
    }
    let after = plane.case(case_id);
    assert_eq!((after.stage, after.sanctions, after.priority), (before.stage, before.sanctions, before.priority));
    let sla = plane.world.chain.view(plane.dla, &DLAEnforcement::slaOfCall { stage: 1 }).expect("slaOf");
    assert_eq!(sla, 0, "no SLA was set");
}

/// Each scenario on the Solidity plane and on the Stylus plane.
macro_rules! on_both_planes {
    ($($scenario:ident),* $(,)?) => {
        mod solidity {
            $(#[test]
            fn $scenario() {
                super::$scenario(super::Plane::on(super::Implementation::Solidity));
            })*
        }
        mod stylus {
            $(#[test]
            fn $scenario() {
                super::$scenario(super::Plane::on(super::Implementation::Stylus));
            })*
        }
    };
}

on_both_planes!(
    malformed_calldata_reverts_without_data_and_changes_nothing,
    a_report_freezes_and_escrows_and_an_upheld_appeal_releases_everything_to_the_holder,
    a_rejected_appeal_makes_a_fine_final_and_pays_the_treasury,
    an_upheld_appeal_on_a_license_its_issuer_revoked_meanwhile_still_releases_the_escrow,
    appeals_close_with_their_window_and_the_case_resolves_as_sanctioned,
    the_settled_event_of_a_held_settlement_names_the_escrow,
);
