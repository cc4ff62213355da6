//! The Stylus executor: the compiled GovernanceEmitter WASM next to EVM bytecode in one chain,
//! calls from EVM into Stylus with reverts travelling back, metering, and bad programs ending in
//! clean reverts.

use alloy_primitives::{Address, B256, Bytes, U256, address};
use alloy_sol_types::{Revert, SolCall, SolError, sol};
use chlom_evm::stylus::arbwasm::{ARB_WASM, ArbWasm};
use chlom_evm::stylus::program;
use chlom_evm::{Chain, Error, Status, TxRequest};

sol! {
    #[sol(all_derives)]
    interface Emitter {
        function emitApproval(bytes32 proposalId, bytes payloadHash, address executor);
        function lastSequence() external view returns (uint64);
        function grantRole(bytes32 role, address account);
        function hasRole(bytes32 role, address account) external view returns (bool);
        error AccessControlUnauthorizedAccount(address account, bytes32 neededRole);
        error GovernanceProposalAlreadyApproved(bytes32 proposalId, uint64 sequence);
        event LicenseActionApproved(bytes32 indexed proposalId, bytes payloadHash, address executor);
    }
}

const ADMIN: Address = address!("00000000000000000000000000000000000a11ce");
const STRANGER: Address = address!("0000000000000000000000000000000000000bad");
const APPROVER_ROLE: B256 = alloy_primitives::b256!("22db119603aa63c2fa0208654d24bf348ad8fd8a3b5e6274069e0aa31b1c0446");
fn emitter_code() -> Bytes {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../contracts/stylus/out/chlom_stylus_governance_emitter.code");
    program::read_code(path).unwrap_or_else(|e| panic!("{e}"))
}

const ONE_ETHER: u128 = 1_000_000_000_000_000_000;

/// Deploys and activates `code`, funding ADMIN for the data fee.
fn deploy_program(chain: &mut Chain, code: &[u8]) -> Address {
    chain.fund(ADMIN, chain.balance(ADMIN) + U256::from(ONE_ETHER));
    chain.deploy_stylus(ADMIN, code).expect("the Stylus program deploys and activates")
}

fn wat_program(wat: &str) -> Bytes {
    program::compress(&wat::parse_str(wat).expect("wat")).expect("compresses")
}

/// Deploys the Stylus emitter with ADMIN as admin and approver.
fn deploy_emitter(chain: &mut Chain) -> Address {
    chain.fund(ADMIN, chain.balance(ADMIN) + U256::from(ONE_ETHER));
    let args = [ADMIN.into_word().0, ADMIN.into_word().0].concat();
    let emitter = chain.deploy_stylus_with_constructor(ADMIN, &emitter_code(), &args).expect("deploys");
    assert!(program::is_stylus(&chain.code(emitter)), "deployed code is Stylus code");
    emitter
}

fn approve(id: u8) -> Emitter::emitApprovalCall {
    Emitter::emitApprovalCall { proposalId: B256::repeat_byte(id), payloadHash: vec![0xaa; 32].into(), executor: ADMIN }
}

/// EVM bytecode that forwards its calldata to `target` with CALL and returns or reverts with
/// whatever came back.
fn proxy_runtime(target: Address) -> Vec<u8> {
    let mut code = vec![0x36, 0x60, 0x00, 0x60, 0x00, 0x37]; // calldatacopy(0, 0, calldatasize)
    code.extend_from_slice(&[0x60, 0x00, 0x60, 0x00, 0x36, 0x60, 0x00, 0x60, 0x00, 0x73]);
    code.extend_from_slice(target.as_slice());
    code.extend_from_slice(&[0x5a, 0xf1]); // gas, call
    code.extend_from_slice(&[0x3d, 0x60, 0x00, 0x60, 0x00, 0x3e]); // returndatacopy(0, 0, returndatasize)
    let jump_dest = u8::try_from(code.len() + 7).expect("short");
    code.extend_from_slice(&[0x60, jump_dest, 0x57]); // jumpi(success)
    code.extend_from_slice(&[0x3d, 0x60, 0x00, 0xfd]); // revert(0, returndatasize)
    code.extend_from_slice(&[0x5b, 0x3d, 0x60, 0x00, 0xf3]); // return(0, returndatasize)
    code
}

fn deploy_runtime(chain: &mut Chain, runtime: &[u8]) -> Address {
    let len = u8::try_from(runtime.len()).expect("short");
    let initcode = [&[0x60, len, 0x80, 0x60, 0x0b, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3][..], runtime].concat();
    chain.deploy(ADMIN, initcode).expect("deploys")
}

#[test]
fn storage_persists_across_transactions() {
    let mut chain = Chain::new();
    let emitter = deploy_emitter(&mut chain);
    chain.send(ADMIN, emitter, &approve(1)).expect("approves");
    chain.mine(1, 12);
    chain.send(ADMIN, emitter, &approve(2)).expect("approves");
    assert_eq!(chain.view(emitter, &Emitter::lastSequenceCall {}).expect("view"), 2);
    let error = chain.send(ADMIN, emitter, &approve(1)).expect_err("duplicate");
    assert!(matches!(
        error.custom_error::<Emitter::EmitterErrors>(),
        Some(Emitter::EmitterErrors::GovernanceProposalAlreadyApproved(e)) if e.sequence == 1
    ));
}

#[test]
fn an_evm_contract_calls_stylus_and_reverts_travel_back() {
    let mut chain = Chain::new();
    let emitter = deploy_emitter(&mut chain);
    let proxy = deploy_runtime(&mut chain, &proxy_runtime(emitter));

    // The proxy is not an approver yet: the Stylus revert comes back through the EVM frame.
    let error = chain.send(STRANGER, proxy, &approve(1)).expect_err("the proxy lacks the role");
    match error.custom_error::<Emitter::EmitterErrors>() {
        Some(Emitter::EmitterErrors::AccessControlUnauthorizedAccount(e)) => {
            assert_eq!(e.account, proxy, "msg.sender inside Stylus is the calling contract");
            assert_eq!(e.neededRole, APPROVER_ROLE);
        }
        other => panic!("expected AccessControlUnauthorizedAccount, got {other:?}"),
    }

    chain.send(ADMIN, emitter, &Emitter::grantRoleCall { role: APPROVER_ROLE, account: proxy }).expect("granted");
    let receipt = chain.send(STRANGER, proxy, &approve(1)).expect("approved through the proxy");
    let events = receipt.events::<Emitter::LicenseActionApproved>();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].0, emitter, "the log belongs to the Stylus contract");
    assert_eq!(chain.view(emitter, &Emitter::lastSequenceCall {}).expect("view"), 1);
}

#[test]
fn a_reverted_stylus_call_leaves_no_state() {
    let mut chain = Chain::new();
    let emitter = deploy_emitter(&mut chain);
    chain.send(ADMIN, emitter, &approve(1)).expect("approves");
    let _ = chain.send(ADMIN, emitter, &approve(1)).expect_err("duplicate reverts");
    assert_eq!(chain.view(emitter, &Emitter::lastSequenceCall {}).expect("view"), 1);
}

#[test]
fn value_sent_to_a_non_payable_stylus_function_is_refused() {
    let mut chain = Chain::new();
    let emitter = deploy_emitter(&mut chain);
    chain.fund(ADMIN, U256::from(1_000));
    let request = TxRequest::call(ADMIN, emitter, approve(1).abi_encode()).with_value(U256::from(5));
    let receipt = chain.transact(request).expect("runs");
    assert_eq!(receipt.status, Status::Revert);
    assert_eq!(chain.balance(emitter), U256::ZERO, "the value went back");
    assert_eq!(chain.balance(ADMIN), U256::from(1_000));
}

#[test]
fn running_out_of_gas_in_wasm_is_a_halt() {
    let mut chain = Chain::new();
    let emitter = deploy_emitter(&mut chain);
    let request = TxRequest::call(ADMIN, emitter, approve(1).abi_encode()).with_gas_limit(30_000);
    let receipt = chain.transact(request).expect("runs");
    assert!(matches!(&receipt.status, Status::Halt(reason) if reason.contains("OutOfGas")), "{:?}", receipt.status);
    assert_eq!(chain.view(emitter, &Emitter::lastSequenceCall {}).expect("view"), 0);
}

/// Deploys `code` without activating it, then tries to activate it.
fn activation_error(chain: &mut Chain, code: Bytes) -> Error {
    chain.fund(ADMIN, U256::from(ONE_ETHER));
    let address = chain.deploy(ADMIN, program::initcode(&code)).expect("any code deploys");
    chain.activate_stylus(ADMIN, address).expect_err("activation refuses it")
}

fn is_not_wasm(error: &Error) -> bool {
    let data = error.revert_data().expect("a revert");
    data.as_ref() == ArbWasm::ProgramNotWasm {}.abi_encode().as_slice()
}

#[test]
fn activation_refuses_what_arbitrum_would_refuse() {
    let mut chain = Chain::new();
    // Not a brotli stream: `activate_stylus` cannot even compute the fee.
    let address = chain.deploy(ADMIN, program::initcode(&[0xEF, 0xF0, 0x00, 0x00, 0xFF, 0x00, 0x12])).expect("deploys");
    assert!(matches!(chain.activate_stylus(ADMIN, address), Err(Error::StylusProgram(_))));
    // Valid brotli, not WASM.
    assert!(is_not_wasm(&activation_error(&mut chain, program::compress(b"definitely not wasm").expect("compresses"))));
    // WASM without an entry point.
    assert!(is_not_wasm(&activation_error(&mut chain, wat_program(r#"(module (memory (export "memory") 1))"#))));
    // An import the host does not provide.
    let unknown_import = wat_program(
        r#"(module (import "vm_hooks" "no_such_hook" (func)) (memory (export "memory") 1)
            (func (export "user_entrypoint") (param i32) (result i32) i32.const 0))"#,
    );
    assert!(is_not_wasm(&activation_error(&mut chain, unknown_import)));
}

#[test]
fn a_program_that_was_not_activated_does_not_run() {
    let mut chain = Chain::new();
    let address = chain.deploy(ADMIN, program::initcode(&emitter_code())).expect("deploys");
    let receipt =
        chain.transact(TxRequest::call(ADMIN, address, Emitter::lastSequenceCall {}.abi_encode())).expect("runs");
    assert_eq!(receipt.status, Status::Revert);
    assert_eq!(receipt.output.as_ref(), ArbWasm::ProgramNotActivated {}.abi_encode().as_slice());

    chain.fund(ADMIN, U256::from(ONE_ETHER));
    let fee = chlom_evm::stylus::arbwasm::data_fee(&chain.code(address)).expect("fee");
    // Too little value for the data fee.
    let call = ArbWasm::activateProgramCall { program: address }.abi_encode();
    let short = chain
        .transact(TxRequest::call(ADMIN, ARB_WASM, call.clone()).with_value(fee - U256::from(1)))
        .expect("runs")
        .into_result()
        .expect_err("insufficient value");
    assert!(short.revert_data().is_some_and(|d| d.starts_with(&ArbWasm::ProgramInsufficientValue::SELECTOR)));

    // Paying more than the fee refunds the excess.
    let before = chain.balance(ADMIN);
    let receipt =
        chain.transact(TxRequest::call(ADMIN, ARB_WASM, call.clone()).with_value(fee * U256::from(3))).expect("runs");
    let activated = ArbWasm::activateProgramCall::abi_decode_returns(&receipt.output).expect("activated");
    assert_eq!((activated.version, activated.dataFee), (1, fee));
    assert_eq!(chain.balance(ADMIN), before - fee, "only the fee was kept");
    assert!(
        chain
            .transact(TxRequest::call(ADMIN, address, Emitter::lastSequenceCall {}.abi_encode()))
            .expect("runs")
            .is_success()
    );

    // Activating again is refused; the version is readable.
    let again = chain.transact(TxRequest::call(ADMIN, ARB_WASM, call).with_value(fee)).expect("runs");
    assert_eq!(again.output.as_ref(), ArbWasm::ProgramUpToDate {}.abi_encode().as_slice());
    assert_eq!(chain.view(ARB_WASM, &ArbWasm::programVersionCall { program: address }).expect("version"), 1);
}

#[test]
fn a_trap_is_a_clean_revert_with_a_reason() {
    let mut chain = Chain::new();
    let trap = deploy_program(
        &mut chain,
        &wat_program(
            r#"(module (memory (export "memory") 1) (func (export "user_entrypoint") (param i32) (result i32) unreachable))"#,
        ),
    );
    let receipt = chain.transact(TxRequest::call(ADMIN, trap, Bytes::new())).expect("runs");
    assert_eq!(receipt.status, Status::Revert, "a trap reverts, it does not halt the host");
    let reason = Revert::abi_decode(&receipt.output).expect("Error(string)").reason;
    assert!(reason.contains("trapped"), "{reason}");
}

#[test]
fn an_infinite_loop_runs_out_of_gas() {
    let mut chain = Chain::new();
    let spin = wat::parse_str(
        r#"(module (memory (export "memory") 1)
            (func (export "user_entrypoint") (param i32) (result i32) (loop $l (br $l)) i32.const 0))"#,
    )
    .expect("wat");
    let target = deploy_program(&mut chain, &program::compress(&spin).expect("compresses"));
    let receipt = chain.transact(TxRequest::call(ADMIN, target, Bytes::new()).with_gas_limit(200_000)).expect("runs");
    assert!(matches!(&receipt.status, Status::Halt(reason) if reason.contains("OutOfGas")), "{:?}", receipt.status);
    assert_eq!(receipt.gas_used, 200_000);
}

#[test]
fn stylus_reads_its_arguments_and_writes_its_result() {
    // An echo program: returns its calldata.
    let echo = wat::parse_str(
        r#"(module
            (import "vm_hooks" "read_args" (func $read_args (param i32)))
            (import "vm_hooks" "write_result" (func $write_result (param i32 i32)))
            (memory (export "memory") 1)
            (func (export "user_entrypoint") (param $len i32) (result i32)
              (call $read_args (i32.const 0))
              (call $write_result (i32.const 0) (local.get $len))
              i32.const 0))"#,
    )
    .expect("wat");
    let mut chain = Chain::new();
    let target = deploy_program(&mut chain, &program::compress(&echo).expect("compresses"));
    let receipt = chain.call_raw(TxRequest::call(ADMIN, target, Bytes::from_static(b"hello stylus"))).expect("runs");
    assert!(receipt.is_success());
    assert_eq!(receipt.output.as_ref(), b"hello stylus");
}

/// A Stylus program (hand-written WASM) that forwards `args[20..]` to the address `args[..20]` with
/// `call_contract` and returns or reverts with what came back; with empty args it returns one byte,
/// `msg_reentrant`.
const FORWARDER: &str = r#"(module
  (import "vm_hooks" "read_args" (func $read_args (param i32)))
  (import "vm_hooks" "write_result" (func $write_result (param i32 i32)))
  (import "vm_hooks" "call_contract" (func $call (param i32 i32 i32 i32 i64 i32) (result i32)))
  (import "vm_hooks" "read_return_data" (func $read_return_data (param i32 i32 i32) (result i32)))
  (import "vm_hooks" "msg_reentrant" (func $reentrant (result i32)))
  (memory (export "memory") 2)
  (func (export "user_entrypoint") (param $len i32) (result i32)
    (local $status i32) (local $returned i32)
    (if (i32.eqz (local.get $len))
      (then
        (i32.store8 (i32.const 1024) (call $reentrant))
        (call $write_result (i32.const 1024) (i32.const 1))
        (return (i32.const 0))))
    (call $read_args (i32.const 1024))
    (local.set $status
      (call $call (i32.const 1024) (i32.const 1044) (i32.sub (local.get $len) (i32.const 20))
                  (i32.const 0) (i64.const -1) (i32.const 64)))
    (local.set $returned (call $read_return_data (i32.const 32768) (i32.const 0) (i32.load (i32.const 64))))
    (call $write_result (i32.const 32768) (local.get $returned))
    (local.get $status)))"#;

fn deploy_forwarder(chain: &mut Chain) -> Address {
    deploy_program(chain, &wat_program(FORWARDER))
}

fn forward(chain: &mut Chain, forwarder: Address, to: Address, calldata: &[u8]) -> chlom_evm::Receipt {
    chain.transact(TxRequest::call(STRANGER, forwarder, [to.as_slice(), calldata].concat())).expect("runs")
}

/// slot0 += 1, then LOG1 with the new value as topic.
const COUNTER: &[u8] =
    &[0x60, 0x00, 0x54, 0x60, 0x01, 0x01, 0x80, 0x60, 0x00, 0x55, 0x60, 0x00, 0x60, 0x00, 0xa1, 0x00];

#[test]
fn stylus_calls_an_evm_contract_and_resumes() {
    let mut chain = Chain::new();
    let forwarder = deploy_forwarder(&mut chain);
    let counter = deploy_runtime(&mut chain, COUNTER);
    let receipt = forward(&mut chain, forwarder, counter, &[]);
    assert!(receipt.is_success(), "{:?}", receipt.status);
    assert_eq!(chain.storage(counter, U256::ZERO), U256::from(1), "the EVM callee's write committed");
    assert_eq!(receipt.logs.len(), 1);
    assert_eq!(receipt.logs[0].address, counter);
    forward(&mut chain, forwarder, counter, &[]).into_result().expect("again");
    assert_eq!(chain.storage(counter, U256::ZERO), U256::from(2));
}

#[test]
fn an_evm_revert_travels_back_through_stylus() {
    let mut chain = Chain::new();
    let forwarder = deploy_forwarder(&mut chain);
    // Reverts with 0xdeadbeef.
    let reverter = deploy_runtime(
        &mut chain,
        &[0x63, 0xde, 0xad, 0xbe, 0xef, 0x60, 0xe0, 0x1b, 0x60, 0x00, 0x52, 0x60, 0x04, 0x60, 0x00, 0xfd],
    );
    let receipt = forward(&mut chain, forwarder, reverter, &[]);
    assert_eq!(receipt.status, Status::Revert);
    assert_eq!(receipt.output.as_ref(), &[0xde, 0xad, 0xbe, 0xef]);
}

#[test]
fn stylus_calls_stylus() {
    let mut chain = Chain::new();
    let emitter = deploy_emitter(&mut chain);
    let forwarder = deploy_forwarder(&mut chain);
    chain.send(ADMIN, emitter, &Emitter::grantRoleCall { role: APPROVER_ROLE, account: forwarder }).expect("granted");
    let receipt = forward(&mut chain, forwarder, emitter, &approve(3).abi_encode());
    assert!(receipt.is_success(), "{:?} {}", receipt.status, receipt.output);
    assert_eq!(receipt.events::<Emitter::LicenseActionApproved>()[0].0, emitter);
    assert_eq!(chain.view(emitter, &Emitter::lastSequenceCall {}).expect("view"), 1);

    // A Stylus revert (the duplicate) comes back through the Stylus caller, data intact.
    let receipt = forward(&mut chain, forwarder, emitter, &approve(3).abi_encode());
    let error = receipt.into_result().expect_err("duplicate");
    assert!(matches!(
        error.custom_error::<Emitter::EmitterErrors>(),
        Some(Emitter::EmitterErrors::GovernanceProposalAlreadyApproved(_))
    ));
}

#[test]
fn the_reentrancy_flag_is_set_when_a_program_is_already_running() {
    let mut chain = Chain::new();
    let forwarder = deploy_forwarder(&mut chain);
    let direct = chain.call_raw(TxRequest::call(STRANGER, forwarder, Bytes::new())).expect("runs");
    assert_eq!(direct.output.as_ref(), &[0], "not reentrant when called directly");
    let reentered = forward(&mut chain, forwarder, forwarder, &[]);
    assert_eq!(reentered.output.as_ref(), &[1], "reentrant when it calls itself");
}

/// [`FORWARDER`] with `delegate_call_contract`: runs `args[..20]`'s code on its own storage.
const DELEGATOR: &str = r#"(module
  (import "vm_hooks" "read_args" (func $read_args (param i32)))
  (import "vm_hooks" "write_result" (func $write_result (param i32 i32)))
  (import "vm_hooks" "delegate_call_contract" (func $delegate (param i32 i32 i32 i64 i32) (result i32)))
  (import "vm_hooks" "read_return_data" (func $read_return_data (param i32 i32 i32) (result i32)))
  (import "vm_hooks" "msg_reentrant" (func $reentrant (result i32)))
  (memory (export "memory") 2)
  (func (export "user_entrypoint") (param $len i32) (result i32)
    (local $status i32) (local $returned i32)
    (if (i32.eqz (local.get $len))
      (then
        (i32.store8 (i32.const 1024) (call $reentrant))
        (call $write_result (i32.const 1024) (i32.const 1))
        (return (i32.const 0))))
    (call $read_args (i32.const 1024))
    (local.set $status
      (call $delegate (i32.const 1024) (i32.const 1044) (i32.sub (local.get $len) (i32.const 20))
                      (i64.const -1) (i32.const 64)))
    (local.set $returned (call $read_return_data (i32.const 32768) (i32.const 0) (i32.load (i32.const 64))))
    (call $write_result (i32.const 32768) (local.get $returned))
    (local.get $status)))"#;

/// As Nitro counts it: a DELEGATECALL, even to the program's own code, does not re-enter it (the
/// Stylus settlement engine's `settle` runs the engine's own `settlePacked` that way).
#[test]
fn a_delegatecall_to_its_own_code_is_not_reentrant() {
    let mut chain = Chain::new();
    let delegator = deploy_program(&mut chain, &wat_program(DELEGATOR));
    let receipt = chain.transact(TxRequest::call(STRANGER, delegator, delegator.to_vec())).expect("runs");
    assert!(receipt.is_success(), "{:?} {}", receipt.status, receipt.output);
    assert_eq!(receipt.output.as_ref(), &[0], "not reentrant through its own code");
    let forwarder = deploy_forwarder(&mut chain);
    // delegator → (delegate) forwarder's code → (call) delegator: entered by CALL twice.
    let calldata = [forwarder.as_slice(), delegator.as_slice()].concat();
    let receipt = chain.transact(TxRequest::call(STRANGER, delegator, calldata)).expect("runs");
    assert_eq!(receipt.output.as_ref(), &[1], "a CALL back is reentrant");
}

/// A Stylus factory: deploys its calldata as initcode with `create1` and returns the new address,
/// or reverts with the initcode's revert data.
const FACTORY: &str = r#"(module
  (import "vm_hooks" "read_args" (func $read_args (param i32)))
  (import "vm_hooks" "write_result" (func $write_result (param i32 i32)))
  (import "vm_hooks" "create1" (func $create1 (param i32 i32 i32 i32 i32)))
  (import "vm_hooks" "read_return_data" (func $read_return_data (param i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (func (export "user_entrypoint") (param $len i32) (result i32)
    (call $read_args (i32.const 1024))
    (call $create1 (i32.const 1024) (local.get $len) (i32.const 0) (i32.const 64) (i32.const 96))
    (if (i64.eqz (i64.or (i64.load (i32.const 64))
                         (i64.or (i64.load (i32.const 72)) (i64.extend_i32_u (i32.load (i32.const 80))))))
      (then
        (call $write_result (i32.const 32768)
          (call $read_return_data (i32.const 32768) (i32.const 0) (i32.load (i32.const 96))))
        (return (i32.const 1))))
    (call $write_result (i32.const 64) (i32.const 20))
    (i32.const 0)))"#;

fn evm_initcode(runtime: &[u8]) -> Vec<u8> {
    let len = u8::try_from(runtime.len()).expect("short");
    [&[0x60, len, 0x80, 0x60, 0x0b, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3][..], runtime].concat()
}

#[test]
fn stylus_creates_contracts_and_sees_failed_creations() {
    let mut chain = Chain::new();
    let factory = deploy_program(&mut chain, &wat_program(FACTORY));

    let receipt = chain.transact(TxRequest::call(ADMIN, factory, evm_initcode(COUNTER))).expect("runs");
    assert!(receipt.is_success(), "{:?} {}", receipt.status, receipt.output);
    let created = Address::from_slice(&receipt.output);
    assert_eq!(created, factory.create(1), "CREATE from the program's address and nonce");
    assert_eq!(chain.code(created).as_ref(), COUNTER);
    chain.transact(TxRequest::call(ADMIN, created, Bytes::new())).expect("runs").into_result().expect("counter runs");
    assert_eq!(chain.storage(created, U256::ZERO), U256::from(1));

    // Initcode that reverts with 0x0102: the factory sees a zero address and the revert data.
    let reverting = [0x61, 0x01, 0x02, 0x60, 0xf0, 0x1b, 0x60, 0x00, 0x52, 0x60, 0x02, 0x60, 0x00, 0xfd];
    let receipt = chain.transact(TxRequest::call(ADMIN, factory, reverting.to_vec())).expect("runs");
    assert_eq!(receipt.status, Status::Revert);
    assert_eq!(receipt.output.as_ref(), &[0x01, 0x02]);
}

/// Stores its first calldata word in transient slot 0 unless the calldata is empty, and returns
/// what transient slot 0 holds.
const TRANSIENT: &str = r#"(module
  (import "vm_hooks" "read_args" (func $read_args (param i32)))
  (import "vm_hooks" "write_result" (func $write_result (param i32 i32)))
  (import "vm_hooks" "transient_store_bytes32" (func $tstore (param i32 i32)))
  (import "vm_hooks" "transient_load_bytes32" (func $tload (param i32 i32)))
  (memory (export "memory") 1)
  (func (export "user_entrypoint") (param $len i32) (result i32)
    (if (local.get $len)
      (then
        (call $read_args (i32.const 64))
        (call $tstore (i32.const 0) (i32.const 64))))
    (call $tload (i32.const 0) (i32.const 128))
    (call $write_result (i32.const 128) (i32.const 32))
    (i32.const 0)))"#;

#[test]
fn transient_storage_lasts_for_the_transaction_only() {
    let mut chain = Chain::new();
    let program = deploy_program(&mut chain, &wat_program(TRANSIENT));
    let word = B256::repeat_byte(0x42);
    let stored = chain.transact(TxRequest::call(ADMIN, program, word.to_vec())).expect("runs");
    assert_eq!(stored.output.as_ref(), word.as_slice(), "visible within the transaction");
    let later = chain.transact(TxRequest::call(ADMIN, program, Bytes::new())).expect("runs");
    assert_eq!(later.output.as_ref(), B256::ZERO.as_slice(), "gone in the next transaction");
}

#[test]
fn value_sent_to_a_program_stays_with_it() {
    // The echo program does not check msg.value, so it accepts value like a payable function.
    let echo = wat_program(
        r#"(module (memory (export "memory") 1)
            (func (export "user_entrypoint") (param i32) (result i32) i32.const 0))"#,
    );
    let mut chain = Chain::new();
    let program = deploy_program(&mut chain, &echo);
    let before = chain.balance(ADMIN);
    chain
        .transact(TxRequest::call(ADMIN, program, Bytes::new()).with_value(U256::from(777)))
        .expect("runs")
        .into_result()
        .expect("accepted");
    assert_eq!(chain.balance(program), U256::from(777));
    assert_eq!(chain.balance(ADMIN), before - U256::from(777));
}

#[test]
fn a_static_call_cannot_make_stylus_write() {
    let mut chain = Chain::new();
    let emitter = deploy_emitter(&mut chain);
    // Forwards its calldata with STATICCALL and returns 1 on success, 0 on failure.
    let mut runtime = vec![0x36, 0x60, 0x00, 0x60, 0x00, 0x37, 0x60, 0x00, 0x60, 0x00, 0x36, 0x60, 0x00, 0x73];
    runtime.extend_from_slice(emitter.as_slice());
    runtime.extend_from_slice(&[0x5a, 0xfa, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3]);
    let proxy = deploy_runtime(&mut chain, &runtime);
    chain.send(ADMIN, emitter, &Emitter::grantRoleCall { role: APPROVER_ROLE, account: proxy }).expect("granted");

    let receipt = chain.transact(TxRequest::call(ADMIN, proxy, approve(1).abi_encode())).expect("runs");
    assert!(receipt.is_success());
    assert_eq!(U256::from_be_slice(&receipt.output), U256::ZERO, "the static call failed");
    assert_eq!(chain.view(emitter, &Emitter::lastSequenceCall {}).expect("view"), 0, "nothing was written");

    let receipt =
        chain.transact(TxRequest::call(ADMIN, proxy, Emitter::lastSequenceCall {}.abi_encode())).expect("runs");
    assert_eq!(U256::from_be_slice(&receipt.output), U256::from(1), "a read-only static call succeeds");
}

/// Returns sender, origin, contract address (20 bytes each), then block number, timestamp and
/// chain id (8 bytes each, little-endian, as WASM stores them).
const CONTEXT_PROBE: &str = r#"(module
  (import "vm_hooks" "write_result" (func $write_result (param i32 i32)))
  (import "vm_hooks" "msg_sender" (func $msg_sender (param i32)))
  (import "vm_hooks" "tx_origin" (func $tx_origin (param i32)))
  (import "vm_hooks" "contract_address" (func $contract_address (param i32)))
  (import "vm_hooks" "block_number" (func $block_number (result i64)))
  (import "vm_hooks" "block_timestamp" (func $block_timestamp (result i64)))
  (import "vm_hooks" "chainid" (func $chainid (result i64)))
  (memory (export "memory") 1)
  (func (export "user_entrypoint") (param i32) (result i32)
    (call $msg_sender (i32.const 0))
    (call $tx_origin (i32.const 20))
    (call $contract_address (i32.const 40))
    (i64.store (i32.const 60) (call $block_number))
    (i64.store (i32.const 68) (call $block_timestamp))
    (i64.store (i32.const 76) (call $chainid))
    (call $write_result (i32.const 0) (i32.const 84))
    (i32.const 0)))"#;

#[test]
fn programs_see_the_message_transaction_and_block_context() {
    let mut chain = Chain::new();
    let probe = deploy_program(&mut chain, &wat_program(CONTEXT_PROBE));
    let proxy = deploy_runtime(&mut chain, &proxy_runtime(probe));
    chain.set_block_number(4_242);
    chain.set_timestamp(1_800_000_000);
    let output = chain.transact(TxRequest::call(STRANGER, proxy, Bytes::new())).expect("runs").output;
    assert_eq!(&output[0..20], proxy.as_slice(), "msg.sender is the calling contract");
    assert_eq!(&output[20..40], STRANGER.as_slice(), "tx.origin is the transaction's sender");
    assert_eq!(&output[40..60], probe.as_slice());
    let number = |at: usize| u64::from_le_bytes(output[at..at + 8].try_into().expect("8 bytes"));
    assert_eq!((number(60), number(68), number(76)), (4_242, 1_800_000_000, chain.chain_id()));
}
