//! The in-process chain on small hand-assembled contracts: deploy, call, transact with value,
//! receipts and logs, block control, snapshots and typed revert decoding.

use alloy_primitives::{Address, B256, Bytes, U256, keccak256};
use alloy_sol_types::{ContractError, SolError};
use chlom_evm::{Chain, ChainConfig, Error, Status, TxRequest};

alloy_sol_types::sol! {
    interface Bomb {
        error Boom();
        error Fizzle(uint256 code);
    }
}

const ALICE: Address = Address::repeat_byte(0xa1);
const BOB: Address = Address::repeat_byte(0xb0);

/// Initcode that returns `runtime` as the contract's code.
fn initcode(runtime: &[u8]) -> Vec<u8> {
    let len = u8::try_from(runtime.len()).expect("test programs are short");
    [&[0x60, len, 0x80, 0x60, 0x0b, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3][..], runtime].concat()
}

/// Returns (block.number, block.timestamp, msg.value, address(this).balance).
const CLOCK: &[u8] = &[
    0x43, 0x60, 0x00, 0x52, // NUMBER -> mem[0]
    0x42, 0x60, 0x20, 0x52, // TIMESTAMP -> mem[32]
    0x34, 0x60, 0x40, 0x52, // CALLVALUE -> mem[64]
    0x47, 0x60, 0x60, 0x52, // SELFBALANCE -> mem[96]
    0x60, 0x80, 0x60, 0x00, 0xf3, // RETURN mem[0..128]
];

/// slot0 += 1, then LOG1 with the new value as topic.
const COUNTER: &[u8] =
    &[0x60, 0x00, 0x54, 0x60, 0x01, 0x01, 0x80, 0x60, 0x00, 0x55, 0x60, 0x00, 0x60, 0x00, 0xa1, 0x00];

/// Loops forever.
const SPIN: &[u8] = &[0x5b, 0x60, 0x00, 0x56];

/// Reverts with `data` (at most 32 bytes), left-aligned in memory.
fn reverter(data: &[u8]) -> Vec<u8> {
    assert!(data.len() <= 32);
    let mut word = [0u8; 32];
    word[..data.len()].copy_from_slice(data);
    let len = u8::try_from(data.len()).expect("short");
    [&[0x7f][..], &word, &[0x60, 0x00, 0x52, 0x60, len, 0x60, 0x00, 0xfd]].concat()
}

fn decode_words(output: &[u8]) -> Vec<U256> {
    output.chunks(32).map(U256::from_be_slice).collect()
}

#[test]
fn deploys_and_calls_with_block_context() {
    let mut chain = Chain::new();
    let clock = chain.deploy(ALICE, initcode(CLOCK)).expect("deploys");
    assert_eq!(chain.code(clock).as_ref(), CLOCK);

    let words = decode_words(&chain.call_raw(TxRequest::call(ALICE, clock, Bytes::new())).expect("call").output);
    assert_eq!(words[0], U256::from(1), "the chain starts at block 1");
    assert_eq!(words[1], U256::from(ChainConfig::default().timestamp));

    chain.set_block_number(100);
    chain.set_timestamp(2_000_000_000);
    chain.mine(5, 60);
    let words = decode_words(&chain.call_raw(TxRequest::call(ALICE, clock, Bytes::new())).expect("call").output);
    assert_eq!(words[0], U256::from(105));
    assert_eq!(words[1], U256::from(2_000_000_060));
}

#[test]
fn value_moves_between_accounts_and_into_contracts() {
    let mut chain = Chain::new();
    chain.fund(ALICE, U256::from(1_000));
    chain.transfer(ALICE, BOB, U256::from(300)).expect("transfer");
    assert_eq!(chain.balance(ALICE), U256::from(700));
    assert_eq!(chain.balance(BOB), U256::from(300));
    assert_eq!(chain.nonce(ALICE), 1);

    let clock = chain.deploy(ALICE, initcode(CLOCK)).expect("deploys");
    let receipt = chain.transact(TxRequest::call(ALICE, clock, Bytes::new()).with_value(U256::from(50))).expect("runs");
    let words = decode_words(&receipt.output);
    assert_eq!(words[2], U256::from(50), "msg.value");
    assert_eq!(words[3], U256::from(50), "the contract's balance");
    assert_eq!(chain.balance(clock), U256::from(50));
}

#[test]
fn sending_more_than_the_balance_is_rejected_before_execution() {
    let mut chain = Chain::new();
    chain.fund(ALICE, U256::from(10));
    let error = chain.transfer(ALICE, BOB, U256::from(11)).expect_err("insufficient funds");
    assert!(matches!(error, Error::Invalid(_)), "{error}");
    assert_eq!(chain.balance(ALICE), U256::from(10), "nothing moved");
}

#[test]
fn transactions_commit_storage_and_logs_while_calls_do_not() {
    let mut chain = Chain::new();
    let counter = chain.deploy(ALICE, initcode(COUNTER)).expect("deploys");

    let receipt = chain.transact(TxRequest::call(ALICE, counter, Bytes::new())).expect("runs");
    assert_eq!(receipt.status, Status::Success);
    assert_eq!(receipt.logs.len(), 1);
    assert_eq!(receipt.logs[0].address, counter);
    assert_eq!(receipt.logs[0].topics()[0], B256::from(U256::from(1)));
    assert!(receipt.gas_used > 21_000 + 20_000, "a fresh SSTORE was charged: {}", receipt.gas_used);
    assert_eq!(receipt.block_number, 1);

    let call = chain.call_raw(TxRequest::call(ALICE, counter, Bytes::new())).expect("runs");
    assert_eq!(call.logs[0].topics()[0], B256::from(U256::from(2)));
    assert_eq!(chain.storage(counter, U256::ZERO), U256::from(1), "a call commits nothing");

    chain.transact(TxRequest::call(ALICE, counter, Bytes::new())).expect("runs");
    assert_eq!(chain.storage(counter, U256::ZERO), U256::from(2));
}

#[test]
fn snapshots_restore_state_and_block_and_are_consumed() {
    let mut chain = Chain::new();
    let counter = chain.deploy(ALICE, initcode(COUNTER)).expect("deploys");
    let before = chain.snapshot();
    chain.transact(TxRequest::call(ALICE, counter, Bytes::new())).expect("runs");
    chain.mine(10, 120);
    let later = chain.snapshot();
    chain.transact(TxRequest::call(ALICE, counter, Bytes::new())).expect("runs");
    assert_eq!(chain.storage(counter, U256::ZERO), U256::from(2));

    chain.revert_to(before).expect("known snapshot");
    assert_eq!(chain.storage(counter, U256::ZERO), U256::ZERO);
    assert_eq!(chain.block_number(), 1);
    assert!(matches!(chain.revert_to(later), Err(Error::UnknownSnapshot(1))), "later snapshots are consumed");
    assert!(matches!(chain.revert_to(before), Err(Error::UnknownSnapshot(0))), "the snapshot itself is consumed");
}

#[test]
fn reverts_decode_into_the_contract_error_enum() {
    let mut chain = Chain::new();
    let boom = chain.deploy(ALICE, initcode(&reverter(&Bomb::Boom::SELECTOR))).expect("deploys");
    let error =
        chain.transact(TxRequest::call(ALICE, boom, Bytes::new())).expect("runs").into_result().expect_err("reverts");
    assert_eq!(error.revert_data().map(|d| d.as_ref()), Some(&Bomb::Boom::SELECTOR[..]));
    assert!(matches!(error.custom_error::<Bomb::BombErrors>(), Some(Bomb::BombErrors::Boom(_))));

    // Data that is no error of the interface decodes to nothing rather than to a wrong variant.
    let junk = chain.deploy(ALICE, initcode(&reverter(&keccak256("junk")[..4]))).expect("deploys");
    let error =
        chain.transact(TxRequest::call(ALICE, junk, Bytes::new())).expect("runs").into_result().expect_err("reverts");
    assert!(error.custom_error::<Bomb::BombErrors>().is_none());
    assert!(error.revert_as::<Bomb::BombErrors>().is_none());

    // An empty revert is ContractError-decodable as nothing; the raw data is still there.
    let empty = chain.deploy(ALICE, initcode(&reverter(&[]))).expect("deploys");
    let error =
        chain.transact(TxRequest::call(ALICE, empty, Bytes::new())).expect("runs").into_result().expect_err("reverts");
    assert_eq!(error.revert_data().map(|data| data.len()), Some(0));
    assert!(!matches!(error.revert_as::<Bomb::BombErrors>(), Some(ContractError::CustomError(_))));
}

#[test]
fn running_out_of_gas_is_a_halt_that_uses_the_whole_limit() {
    let mut chain = Chain::new();
    let spin = chain.deploy(ALICE, initcode(SPIN)).expect("deploys");
    let receipt = chain.transact(TxRequest::call(ALICE, spin, Bytes::new()).with_gas_limit(100_000)).expect("runs");
    assert!(matches!(&receipt.status, Status::Halt(reason) if reason.contains("OutOfGas")), "{:?}", receipt.status);
    assert_eq!(receipt.gas_used, 100_000);
    assert!(matches!(receipt.into_result(), Err(Error::Halted { .. })));
}

#[test]
fn failed_creation_is_an_error() {
    let mut chain = Chain::new();
    // Initcode that reverts.
    let error = chain.deploy(ALICE, reverter(&[1, 2])).expect_err("creation reverts");
    assert!(matches!(error, Error::Reverted { ref data, .. } if data.as_ref() == [1, 2]));
}
