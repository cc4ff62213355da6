//! Unit tests of the Rust contract logic on stylus-sdk's `TestVM` (native, no WASM). The compiled
//! WASM itself runs in revm in the host workspace's tests.

use alloy_primitives::{Address, B256, Bytes, U256, address, b256};
use alloy_sol_types::{SolError, SolEvent};
use chlom_stylus_governance_emitter::*;
use stylus_sdk::testing::*;

const ADMIN: Address = address!("00000000000000000000000000000000000a11ce");
const APPROVER: Address = address!("00000000000000000000000000000000000c0c11");
const EXECUTOR: Address = address!("000000000000000000000000000000000000e0e0");
const STRANGER: Address = address!("0000000000000000000000000000000000000bad");
const PROPOSAL: B256 = b256!("1111111111111111111111111111111111111111111111111111111111111111");
const HASH: B256 = b256!("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");

fn deployed() -> (TestVM, GovernanceEmitter) {
    let vm = TestVM::default();
    vm.set_sender(ADMIN);
    let mut emitter = GovernanceEmitter::from(&vm);
    emitter.constructor(ADMIN, APPROVER).map_err(revert_data).expect("constructor succeeds");
    (vm, emitter)
}

fn revert_data(error: EmitterError) -> Vec<u8> {
    error.into()
}

#[test]
fn constructor_grants_the_roles() {
    let (_vm, emitter) = deployed();
    assert!(emitter.has_role(DEFAULT_ADMIN_ROLE, ADMIN));
    assert!(emitter.has_role(APPROVER_ROLE, APPROVER));
    assert!(!emitter.has_role(APPROVER_ROLE, ADMIN));
}

#[test]
fn constructor_refuses_a_zero_admin() {
    let vm = TestVM::default();
    let mut emitter = GovernanceEmitter::from(&vm);
    let error = emitter.constructor(Address::ZERO, APPROVER).map_err(revert_data).expect_err("zero admin");
    assert_eq!(error, GovernanceInvalidAdmin {}.abi_encode());
}

#[test]
fn approval_records_and_emits_in_order() {
    let (vm, mut emitter) = deployed();
    vm.set_sender(APPROVER);
    vm.set_block_number(42);
    let logs_before = vm.get_emitted_logs().len();
    emitter
        .emit_approval(PROPOSAL, Bytes::copy_from_slice(HASH.as_slice()), EXECUTOR)
        .map_err(revert_data)
        .expect("approved");

    assert_eq!(emitter.last_sequence(), 1);
    assert_eq!(emitter.sequence_of(PROPOSAL), 1);
    assert_eq!(emitter.proposal_at_sequence(1), PROPOSAL);
    let approval = emitter.approval_of(PROPOSAL);
    assert_eq!(
        (approval.sequence, approval.blockNumber, approval.executor, approval.payloadHash),
        (1, 42, EXECUTOR, HASH)
    );

    let logs = vm.get_emitted_logs();
    let new = &logs[logs_before..];
    assert_eq!(new.len(), 2);
    assert_eq!(new[0].0[0], ApprovalSequenced::SIGNATURE_HASH);
    assert_eq!(new[0].0[1], B256::from(U256::from(1)));
    assert_eq!(new[1].0[0], LicenseActionApproved::SIGNATURE_HASH);
    assert_eq!(new[1].0[1], PROPOSAL);
}

#[test]
fn errors_are_encoded_as_solidity_custom_errors() {
    let (vm, mut emitter) = deployed();
    vm.set_sender(STRANGER);
    let error =
        emitter.emit_approval(PROPOSAL, HASH.to_vec().into(), EXECUTOR).map_err(revert_data).expect_err("stranger");
    assert_eq!(error, AccessControlUnauthorizedAccount { account: STRANGER, neededRole: APPROVER_ROLE }.abi_encode());

    vm.set_sender(APPROVER);
    let error =
        emitter.emit_approval(PROPOSAL, vec![1u8; 31].into(), EXECUTOR).map_err(revert_data).expect_err("short");
    assert_eq!(error, GovernanceInvalidPayloadHash { length: U256::from(31) }.abi_encode());
    let error =
        emitter.emit_approval(PROPOSAL, HASH.to_vec().into(), Address::ZERO).map_err(revert_data).expect_err("zero");
    assert_eq!(error, GovernanceInvalidExecutor {}.abi_encode());

    emitter.emit_approval(PROPOSAL, HASH.to_vec().into(), EXECUTOR).map_err(revert_data).expect("first");
    let error = emitter.emit_approval(PROPOSAL, HASH.to_vec().into(), EXECUTOR).map_err(revert_data).expect_err("dup");
    assert_eq!(error, GovernanceProposalAlreadyApproved { proposalId: PROPOSAL, sequence: 1 }.abi_encode());
    assert_eq!(emitter.last_sequence(), 1, "failed approvals took no sequence number");
}

#[test]
fn payload_hash_is_the_core_hash_and_publication_is_recorded_once() {
    let (vm, mut emitter) = deployed();
    let payload = || ActionPayload {
        targetChainId: U256::from(421_614),
        target: address!("0000000000000000000000000000000000001234"),
        callData: Bytes::from_static(&[0xde, 0xad, 0xbe, 0xef]),
        nonce: U256::from(7),
        regionTag: b256!("4555000000000000000000000000000000000000000000000000000000000000"),
    };
    let expected = chlom_core::governance::ActionPayload::from(payload()).hash();
    assert_eq!(GovernanceEmitter::hash_payload(payload()), expected);

    vm.set_block_number(5);
    assert_eq!(emitter.publish_payload(payload()).map_err(revert_data).expect("published"), expected);
    vm.set_block_number(9);
    emitter.publish_payload(payload()).map_err(revert_data).expect("published again");
    assert_eq!(emitter.payload_published_at(expected), U256::from(5), "the first block is kept");

    let mut no_target = payload();
    no_target.target = Address::ZERO;
    let error = emitter.publish_payload(no_target).map_err(revert_data).expect_err("no target");
    assert_eq!(
        error,
        GovernanceInvalidPayload { targetChainId: U256::from(421_614), target: Address::ZERO }.abi_encode()
    );
}

#[test]
fn roles_follow_open_zeppelin_access_control() {
    let (vm, mut emitter) = deployed();
    vm.set_sender(STRANGER);
    let error = emitter.grant_role(APPROVER_ROLE, STRANGER).map_err(revert_data).expect_err("not admin");
    assert_eq!(
        error,
        AccessControlUnauthorizedAccount { account: STRANGER, neededRole: DEFAULT_ADMIN_ROLE }.abi_encode()
    );

    vm.set_sender(ADMIN);
    emitter.grant_role(APPROVER_ROLE, STRANGER).map_err(revert_data).expect("admin grants");
    assert!(emitter.has_role(APPROVER_ROLE, STRANGER));

    let error = emitter.renounce_role(APPROVER_ROLE, STRANGER).map_err(revert_data).expect_err("not self");
    assert_eq!(error, AccessControlBadConfirmation {}.abi_encode());
    vm.set_sender(STRANGER);
    emitter.renounce_role(APPROVER_ROLE, STRANGER).map_err(revert_data).expect("self renounces");
    assert!(!emitter.has_role(APPROVER_ROLE, STRANGER));
    assert!(emitter.supports_interface([0x79, 0x65, 0xdb, 0x0b].into()));
    assert!(!emitter.supports_interface([0xde, 0xad, 0xbe, 0xef].into()));
}

#[test]
fn event_signatures_match_the_solidity_artifact() {
    let artifact: serde_json::Value =
        serde_json::from_str(include_str!("../../../../crates/bindings/artifacts/GovernanceEmitter.json"))
            .expect("json");
    let solidity: std::collections::BTreeSet<String> = artifact["abi"]
        .as_array()
        .expect("abi")
        .iter()
        .filter(|item| item["type"] == "event")
        .map(|event| {
            let types: Vec<&str> =
                event["inputs"].as_array().expect("inputs").iter().map(|i| i["type"].as_str().expect("type")).collect();
            format!("{}({})", event["name"].as_str().expect("name"), types.join(","))
        })
        .collect();
    let stylus: std::collections::BTreeSet<String> = [
        LicenseActionApproved::SIGNATURE,
        ApprovalSequenced::SIGNATURE,
        ActionPayloadPublished::SIGNATURE,
        RoleAdminChanged::SIGNATURE,
        RoleGranted::SIGNATURE,
        RoleRevoked::SIGNATURE,
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    assert_eq!(stylus, solidity);
}
