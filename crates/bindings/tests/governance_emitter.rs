//! GovernanceEmitter scenarios in Rust through the typed bindings on the in-process chain.

use alloy::primitives::{Address, B256, Bytes, U256, address, b256, keccak256};
use alloy::sol_types::{SolCall, SolConstructor};
use chlom_bindings::GovernanceEmitter::{self, GovernanceEmitterErrors as Errors};
use chlom_bindings::IGovernanceEmitter;
use chlom_core::governance::ActionPayload;
use chlom_core::sequence::{Observation, SequenceTracker};
use chlom_evm::{Chain, Receipt};

const ADMIN: Address = address!("00000000000000000000000000000000000a11ce");
const APPROVER: Address = address!("00000000000000000000000000000000000c0c11");
const EXECUTOR: Address = address!("000000000000000000000000000000000000e0e0");
const STRANGER: Address = address!("0000000000000000000000000000000000000bad");
const HASH: B256 = b256!("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");

fn deploy(chain: &mut Chain) -> Address {
    let args = GovernanceEmitter::constructorCall { admin: ADMIN, approver: APPROVER }.abi_encode();
    let initcode = [GovernanceEmitter::BYTECODE.as_ref(), &args].concat();
    chain.deploy(ADMIN, initcode).expect("emitter deploys")
}

fn proposal(n: u8) -> B256 {
    keccak256([n])
}

fn approve(chain: &mut Chain, emitter: Address, from: Address, id: B256) -> chlom_evm::Result<Receipt> {
    let call = GovernanceEmitter::emitApprovalCall {
        proposalId: id,
        payloadHash: Bytes::copy_from_slice(HASH.as_slice()),
        executor: EXECUTOR,
    };
    chain.send(from, emitter, &call)
}

#[test]
fn approval_events_decode_into_typed_structs() {
    let mut chain = Chain::new();
    let emitter = deploy(&mut chain);
    let receipt = approve(&mut chain, emitter, APPROVER, proposal(1)).expect("approved");

    let sequenced = receipt.events::<GovernanceEmitter::ApprovalSequenced>();
    let approved = receipt.events::<GovernanceEmitter::LicenseActionApproved>();
    assert_eq!(sequenced.len(), 1);
    assert_eq!(approved.len(), 1);
    assert_eq!(sequenced[0].0, emitter);
    assert_eq!(sequenced[0].1.sequence, 1);
    assert_eq!(approved[0].1.proposalId, proposal(1));
    assert_eq!(approved[0].1.payloadHash.as_ref(), HASH.as_slice());
    assert_eq!(approved[0].1.executor, EXECUTOR);
    assert!(receipt.gas_used > 21_000);
}

#[test]
fn a_duplicate_decodes_into_the_typed_error() {
    let mut chain = Chain::new();
    let emitter = deploy(&mut chain);
    approve(&mut chain, emitter, APPROVER, proposal(1)).expect("first approval");
    let error = approve(&mut chain, emitter, APPROVER, proposal(1)).expect_err("duplicate reverts");
    match error.custom_error::<Errors>() {
        Some(Errors::GovernanceProposalAlreadyApproved(e)) => {
            assert_eq!(e.proposalId, proposal(1));
            assert_eq!(e.sequence, 1);
        }
        other => panic!("expected GovernanceProposalAlreadyApproved, got {other:?}"),
    }
    let last = chain.view(emitter, &GovernanceEmitter::lastSequenceCall {}).expect("view");
    assert_eq!(last, 1, "the duplicate took no sequence number");
}

#[test]
fn an_unauthorized_caller_gets_the_access_control_error() {
    let mut chain = Chain::new();
    let emitter = deploy(&mut chain);
    let error = approve(&mut chain, emitter, STRANGER, proposal(1)).expect_err("stranger is refused");
    let role = chain.view(emitter, &GovernanceEmitter::APPROVER_ROLECall {}).expect("role");
    match error.custom_error::<Errors>() {
        Some(Errors::AccessControlUnauthorizedAccount(e)) => {
            assert_eq!(e.account, STRANGER);
            assert_eq!(e.neededRole, role);
        }
        other => panic!("expected AccessControlUnauthorizedAccount, got {other:?}"),
    }
}

#[test]
fn a_follower_detects_and_recovers_a_missed_approval_from_the_sequence() {
    let mut chain = Chain::new();
    let emitter = deploy(&mut chain);
    let receipts: Vec<Receipt> =
        (1..=4).map(|n| approve(&mut chain, emitter, APPROVER, proposal(n)).expect("approved")).collect();

    // The follower's RPC node drops the log of the third approval.
    let mut tracker = SequenceTracker::new();
    let mut observations = Vec::new();
    for (index, receipt) in receipts.iter().enumerate() {
        if index == 2 {
            continue;
        }
        for (_, event) in receipt.events::<GovernanceEmitter::ApprovalSequenced>() {
            observations.push(tracker.observe(event.sequence).expect("non-zero sequence"));
        }
    }
    assert_eq!(observations, vec![Observation::InOrder, Observation::InOrder, Observation::Gap(3..=3)]);

    // The gap is recovered from chain state, not from the node's logs.
    let last = chain.view(emitter, &GovernanceEmitter::lastSequenceCall {}).expect("view");
    let missing = tracker.missing_up_to(last);
    assert_eq!(missing, vec![3..=3]);
    let recovered =
        chain.view(emitter, &GovernanceEmitter::proposalAtSequenceCall { sequence: 3 }).expect("reverse lookup");
    assert_eq!(recovered, proposal(3));
    assert_eq!(tracker.observe(3), Ok(Observation::FillsGap));
    assert!(tracker.missing_up_to(last).is_empty());
}

#[test]
fn core_payload_hash_matches_the_contract_and_the_published_log() {
    let mut chain = Chain::new();
    let emitter = deploy(&mut chain);
    let payload = ActionPayload::new(
        421_614,
        address!("0000000000000000000000000000000000001234"),
        Bytes::from_static(&[0xde, 0xad, 0xbe, 0xef]),
        7,
        Some("EU"),
    )
    .expect("valid payload");
    let sol_payload = IGovernanceEmitter::ActionPayload::from(&payload);
    let on_chain =
        chain.view(emitter, &GovernanceEmitter::hashPayloadCall { payload: sol_payload.clone() }).expect("hash");
    assert_eq!(on_chain, payload.hash());

    let call = GovernanceEmitter::emitApprovalWithPayloadCall {
        proposalId: proposal(9),
        payload: sol_payload,
        executor: EXECUTOR,
    };
    let receipt = chain.send(APPROVER, emitter, &call).expect("approved with payload");
    let returned =
        GovernanceEmitter::emitApprovalWithPayloadCall::abi_decode_returns(&receipt.output).expect("returns");
    assert_eq!(returned, payload.hash());

    // A relayer's path: the approval announces a hash; the published log yields bytes that verify.
    let published = receipt.events::<GovernanceEmitter::ActionPayloadPublished>();
    let approved = receipt.events::<GovernanceEmitter::LicenseActionApproved>();
    let recovered =
        ActionPayload::decode_verified(&published[0].1.payload, &approved[0].1.payloadHash).expect("verifies");
    assert_eq!(recovered, payload);
    let at =
        chain.view(emitter, &GovernanceEmitter::payloadPublishedAtCall { payloadHash: payload.hash() }).expect("view");
    assert_eq!(at, U256::from(chain.block_number()));
}
