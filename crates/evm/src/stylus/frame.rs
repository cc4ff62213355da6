//! Running one Stylus call frame: compile (cached), instantiate, run `user_entrypoint`, serve the
//! host requests against revm's journal, suspend for calls to other contracts, and turn the outcome
//! into an `InterpreterResult`.
//!
//! Gas lives in the frame's revm `Gas` between runs and in wasmi fuel while the WASM runs: fuel is
//! filled from the frame's remaining gas before each run and what was burnt is charged back when
//! the program finishes or suspends for a call. For a call, the frame pays like the CALL opcode
//! (account access, value transfer, the child's gas under EIP-150's 63/64 rule); when the child
//! returns, revm's own `EthFrame::return_result` refunds its unused gas and sets the return data.

use std::collections::HashMap;

use alloy_primitives::{Address, B256, Bytes, Log, LogData, U256};
use alloy_sol_types::{Revert, SolError};
use revm::context::ContextTr;
use revm::context_interface::CreateScheme;
use revm::context_interface::JournalTr;
use revm::database::InMemoryDB;
use revm::handler::{EthFrame, MainnetContext};
use revm::interpreter::interpreter_action::{
    CallInput, CallInputs, CallScheme, CallValue, CreateInputs, FrameInit, FrameInput,
};
use revm::interpreter::{InstructionResult, InterpreterResult};
use wasmi::{
    CompilationMode, Config, Engine, Linker, Module, Store, TrapCode, TypedResumableCall, TypedResumableCallHostTrap,
    Val,
};

use super::host::{CallKind, FrameEnv, HostState, Request, linker};
use super::{FUEL_PER_GAS, program};

type Ctx = MainnetContext<InMemoryDB>;

/// Fuel allowed for instantiating a program while validating it.
const VALIDATION_FUEL: u64 = 10_000_000;

/// How a program ended, before gas is settled.
enum Ending {
    Return(Bytes),
    Revert(Bytes),
    OutOfGas,
    StaticViolation,
}

/// Compiled programs and the shared wasmi engine and linker.
pub(crate) struct Programs {
    engine: Engine,
    linker: Linker<HostState>,
    modules: HashMap<B256, Module>,
}

impl std::fmt::Debug for Programs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Programs").field("compiled", &self.modules.len()).finish_non_exhaustive()
    }
}

impl Programs {
    /// A fuel-metered engine (eager compilation, so that fuel counts execution only).
    pub(crate) fn new() -> Self {
        let mut config = Config::default();
        config.consume_fuel(true);
        config.compilation_mode(CompilationMode::Eager);
        let engine = Engine::new(&config);
        // The host functions are fixed; failing to register them is a bug in this crate.
        let linker = linker(&engine).expect("the vm_hooks host functions register");
        Self { engine, linker, modules: HashMap::new() }
    }

    /// Checks that `code` is a program Arbitrum would activate: Stylus code that decompresses to
    /// valid WASM exporting `memory` and `user_entrypoint`, importing only host functions this
    /// executor provides. Returns the WASM's size.
    pub(crate) fn validate(&mut self, code: &[u8]) -> Result<usize, String> {
        let wasm = program::decompress(code).map_err(|e| e.to_string())?;
        let module = Module::new(&self.engine, &wasm).map_err(|e| format!("invalid WASM: {e}"))?;
        // Instantiating links every import against the host functions (an unknown one fails); the
        // fuel bounds a start function, which Stylus programs do not have.
        let mut store = Store::new(&self.engine, HostState::default());
        store.set_fuel(VALIDATION_FUEL).map_err(|e| e.to_string())?;
        self.linker.instantiate_and_start(&mut store, &module).map_err(|e| format!("cannot instantiate: {e}"))?;
        for required in ["memory", "user_entrypoint"] {
            if !module.exports().any(|export| export.name() == required) {
                return Err(format!("missing export {required}"));
            }
        }
        self.modules.insert(alloy_primitives::keccak256(code), module);
        Ok(wasm.len())
    }

    fn module(&mut self, code_hash: B256, code: &[u8]) -> Result<Module, String> {
        if let Some(module) = self.modules.get(&code_hash) {
            return Ok(module.clone());
        }
        let wasm = program::decompress(code).map_err(|e| format!("stylus: {e}"))?;
        let module = Module::new(&self.engine, &wasm).map_err(|e| format!("stylus: invalid WASM: {e}"))?;
        self.modules.insert(code_hash, module.clone());
        Ok(module)
    }

    /// Starts the Stylus program of `frame`: runs it until it finishes or calls out.
    pub(crate) fn start(&mut self, ctx: &mut Ctx, frame: &mut EthFrame, reentrant: bool) -> Step {
        let mut env = frame_env(ctx, frame);
        env.reentrant = reentrant;
        let code_hash = frame.interpreter.bytecode.get_or_calculate_hash();
        if !super::arbwasm::is_activated(ctx, code_hash) {
            let data = super::arbwasm::ArbWasm::ProgramNotActivated {}.abi_encode();
            return Step::Done(finish(frame, Ending::Revert(data.into())));
        }
        let module = match self.module(code_hash, frame.interpreter.bytecode.original_byte_slice()) {
            Ok(module) => module,
            Err(message) => return Step::Done(finish(frame, Ending::Revert(error_data(&message)))),
        };
        let contract = env.contract;
        let is_static = env.is_static;
        let args_len = env.args.len();
        let mut store = Store::new(&self.engine, HostState { env, ..HostState::default() });
        let fuel = frame.interpreter.gas.remaining().saturating_mul(FUEL_PER_GAS);
        if store.set_fuel(fuel).is_err() {
            return Step::Done(finish(frame, Ending::Revert(error_data("stylus: fuel metering is off"))));
        }
        let fail = |frame: &mut EthFrame, store: &Store<HostState>, message: String| {
            let ending = if charge_burnt(frame, fuel, fuel_left(store)) {
                Ending::Revert(error_data(&message))
            } else {
                Ending::OutOfGas
            };
            Step::Done(finish(frame, ending))
        };
        let instance = match self.linker.instantiate_and_start(&mut store, &module) {
            Ok(instance) => instance,
            Err(error) => return fail(frame, &store, format!("stylus: cannot instantiate: {error}")),
        };
        let Ok(entry) = instance.get_typed_func::<i32, i32>(&store, "user_entrypoint") else {
            return fail(frame, &store, "stylus: the program exports no user_entrypoint(i32) -> i32".into());
        };
        let Some(memory) = instance.get_memory(&store, "memory") else {
            return fail(frame, &store, "stylus: the program exports no memory".into());
        };
        let Ok(len) = i32::try_from(args_len) else {
            return fail(frame, &store, "stylus: calldata too large".into());
        };
        let outcome = entry.call_resumable(&mut store, len);
        let execution = Execution { store, memory, contract, is_static, segment_fuel: fuel, pending: None };
        execution.drive(ctx, frame, outcome)
    }
}

/// What a frame run produced.
pub(crate) enum Step {
    /// The program finished; hand this to revm.
    Done(InterpreterResult),
    /// The program called out: revm runs this child frame, then the execution resumes.
    Call(Box<Execution>, FrameInit),
}

/// A Stylus program suspended in a call to another contract.
pub(crate) struct Execution {
    store: Store<HostState>,
    memory: wasmi::Memory,
    contract: Address,
    is_static: bool,
    /// Fuel when the current run segment started.
    segment_fuel: u64,
    /// The suspended host call and what to do with the child's result.
    pending: Option<(TypedResumableCallHostTrap<i32>, Pending)>,
}

/// Where a child's result goes when the program resumes.
#[derive(Debug, Clone, Copy)]
enum Pending {
    /// A call: write the return-data length here; the host function returns the status.
    Call { return_data_len: u32 },
    /// A creation: write the new address and the revert-data length here.
    Create { contract: u32, revert_data_len: u32 },
}

impl Execution {
    /// Resumes after the child frame returned: revm already refunded the child's unused gas to
    /// the frame, pushed its success flag and set the return data.
    pub(crate) fn resume(mut self, ctx: &mut Ctx, frame: &mut EthFrame) -> Step {
        let Some((invocation, pending)) = self.pending.take() else {
            return Step::Done(finish(frame, Ending::Revert(error_data("stylus: resumed without a call"))));
        };
        // revm pushed the success flag (a call) or the new address, zero on failure (a creation).
        let pushed = frame.interpreter.stack.pop().unwrap_or_default();
        let return_data = frame.interpreter.return_data.0.clone();
        let len = u32::try_from(return_data.len()).unwrap_or(u32::MAX).to_le_bytes();
        self.store.data_mut().return_data = return_data;
        let fuel = frame.interpreter.gas.remaining().saturating_mul(FUEL_PER_GAS);
        let (writes, results): (Vec<(u32, Vec<u8>)>, Vec<Val>) = match pending {
            Pending::Call { return_data_len } => {
                (vec![(return_data_len, len.to_vec())], vec![Val::I32(i32::from(pushed.is_zero()))])
            }
            Pending::Create { contract, revert_data_len } => {
                let address = Address::from_word(B256::from(pushed));
                (vec![(contract, address.to_vec()), (revert_data_len, len.to_vec())], vec![])
            }
        };
        let written =
            writes.iter().all(|(ptr, bytes)| self.memory.write(&mut self.store, *ptr as usize, bytes).is_ok());
        if self.store.set_fuel(fuel).is_err() || !written {
            return Step::Done(finish(frame, Ending::Revert(error_data("stylus: cannot resume after the call"))));
        }
        self.segment_fuel = fuel;
        let outcome = invocation.resume(&mut self.store, &results);
        self.drive(ctx, frame, outcome)
    }

    /// Runs until the program finishes or calls out, serving host requests on the way.
    fn drive(
        mut self,
        ctx: &mut Ctx,
        frame: &mut EthFrame,
        mut outcome: Result<TypedResumableCall<i32>, wasmi::Error>,
    ) -> Step {
        loop {
            let ending = match outcome {
                Ok(TypedResumableCall::Finished(status)) => match status {
                    0 => match flush(ctx, &mut self.store, self.contract, self.is_static) {
                        Ok(()) => Ending::Return(std::mem::take(&mut self.store.data_mut().result).into()),
                        Err(ending) => ending,
                    },
                    1 => Ending::Revert(std::mem::take(&mut self.store.data_mut().result).into()),
                    other => Ending::Revert(error_data(&format!("stylus: user_entrypoint returned {other}"))),
                },
                Ok(TypedResumableCall::OutOfFuel(_)) => Ending::OutOfGas,
                Ok(TypedResumableCall::HostTrap(invocation)) => {
                    match invocation.host_error().downcast_ref::<Request>().cloned() {
                        None => trap_ending(invocation.host_error()),
                        Some(Request::Call { kind, to, calldata, value, gas, return_data_len }) => {
                            if !charge_burnt(frame, self.segment_fuel, fuel_left(&self.store)) {
                                return Step::Done(finish(frame, Ending::OutOfGas));
                            }
                            match call_frame(ctx, frame, kind, to, calldata, value, gas) {
                                Ok(init) => {
                                    self.pending = Some((invocation, Pending::Call { return_data_len }));
                                    return Step::Call(Box::new(self), init);
                                }
                                Err(ending) => return Step::Done(finish(frame, ending)),
                            }
                        }
                        Some(Request::Create { code, value, salt, contract, revert_data_len }) => {
                            if !charge_burnt(frame, self.segment_fuel, fuel_left(&self.store)) {
                                return Step::Done(finish(frame, Ending::OutOfGas));
                            }
                            match create_frame(frame, code, value, salt) {
                                Ok(init) => {
                                    self.pending = Some((invocation, Pending::Create { contract, revert_data_len }));
                                    return Step::Call(Box::new(self), init);
                                }
                                Err(ending) => return Step::Done(finish(frame, ending)),
                            }
                        }
                        Some(request) => {
                            match serve(ctx, &mut self.store, self.memory, self.contract, self.is_static, request) {
                                Ok(results) => {
                                    outcome = invocation.resume(&mut self.store, &results);
                                    continue;
                                }
                                Err(ending) => ending,
                            }
                        }
                    }
                }
                Err(error) => trap_ending(&error),
            };
            let ending = match ending {
                Ending::OutOfGas => Ending::OutOfGas,
                other if charge_burnt(frame, self.segment_fuel, fuel_left(&self.store)) => other,
                _ => Ending::OutOfGas,
            };
            return Step::Done(finish(frame, ending));
        }
    }
}

/// Charges the frame for the fuel burnt in a run segment; `false` when the frame is out of gas.
fn charge_burnt(frame: &mut EthFrame, segment_fuel: u64, fuel_left: u64) -> bool {
    let burnt = segment_fuel.saturating_sub(fuel_left).div_ceil(FUEL_PER_GAS);
    frame.interpreter.gas.record_regular_cost(burnt)
}

/// Prepares the child frame of a creation, charging the frame as CREATE or CREATE2 would
/// (32,000, initcode words per EIP-3860, hashing for CREATE2, the child's gas under EIP-150).
fn create_frame(frame: &mut EthFrame, code: Bytes, value: U256, salt: Option<U256>) -> Result<FrameInit, Ending> {
    if frame.interpreter.runtime_flag.is_static {
        return Err(Ending::StaticViolation);
    }
    let words = code.len().div_ceil(32) as u64;
    let cost = 32_000 + 2 * words + if salt.is_some() { 6 * words } else { 0 };
    let gas = &mut frame.interpreter.gas;
    if !gas.record_regular_cost(cost) {
        return Err(Ending::OutOfGas);
    }
    let remaining = gas.remaining();
    let child_gas = remaining - remaining / 64;
    if !gas.record_regular_cost(child_gas) {
        return Err(Ending::OutOfGas);
    }
    let scheme = match salt {
        Some(salt) => CreateScheme::Create2 { salt },
        None => CreateScheme::Create,
    };
    let caller = frame.interpreter.input.target_address;
    Ok(FrameInit {
        depth: frame.depth + 1,
        memory: frame.interpreter.memory.new_child_context(),
        frame_input: FrameInput::Create(Box::new(CreateInputs::new(caller, scheme, value, code, child_gas, 0))),
    })
}

/// Prepares the child frame of a call, charging the frame as the CALL opcode would.
fn call_frame(
    ctx: &mut Ctx,
    frame: &mut EthFrame,
    kind: CallKind,
    to: Address,
    calldata: Bytes,
    value: U256,
    requested_gas: u64,
) -> Result<FrameInit, Ending> {
    let has_value = !value.is_zero();
    let is_static = frame.interpreter.runtime_flag.is_static || kind == CallKind::Static;
    if has_value && frame.interpreter.runtime_flag.is_static {
        return Err(Ending::StaticViolation);
    }
    let account = ctx.journal_mut().load_account_with_code(to).map_err(db_error)?;
    let access_cost = if account.is_cold { 2_600 } else { 100 };
    let code = account.data.info.code.clone().unwrap_or_default();
    let code_hash = account.data.info.code_hash;
    let gas = &mut frame.interpreter.gas;
    if !gas.record_regular_cost(access_cost + if has_value { 9_000 } else { 0 }) {
        return Err(Ending::OutOfGas);
    }
    // EIP-150: at most all but one 64th of what is left.
    let remaining = gas.remaining();
    let mut child_gas = requested_gas.min(remaining - remaining / 64);
    if !gas.record_regular_cost(child_gas) {
        return Err(Ending::OutOfGas);
    }
    if has_value {
        child_gas = child_gas.saturating_add(2_300);
    }
    let input = &frame.interpreter.input;
    let (target_address, caller, call_value, scheme) = match kind {
        CallKind::Call => (to, input.target_address, CallValue::Transfer(value), CallScheme::Call),
        CallKind::Static => (to, input.target_address, CallValue::Transfer(U256::ZERO), CallScheme::StaticCall),
        CallKind::Delegate => (
            input.target_address,
            input.caller_address,
            CallValue::Apparent(input.call_value),
            CallScheme::DelegateCall,
        ),
    };
    Ok(FrameInit {
        depth: frame.depth + 1,
        memory: frame.interpreter.memory.new_child_context(),
        frame_input: FrameInput::Call(Box::new(CallInputs {
            input: CallInput::Bytes(calldata),
            return_memory_offset: 0..0,
            gas_limit: child_gas,
            reservoir: 0,
            bytecode_address: to,
            known_bytecode: (code_hash, code),
            target_address,
            caller,
            value: call_value,
            scheme,
            is_static,
            charged_new_account_state_gas: false,
        })),
    })
}

fn fuel_left(store: &Store<HostState>) -> u64 {
    store.get_fuel().unwrap_or(0)
}

fn trap_ending(error: &wasmi::Error) -> Ending {
    if error.as_trap_code() == Some(TrapCode::OutOfFuel) {
        return Ending::OutOfGas;
    }
    Ending::Revert(error_data(&format!("stylus: the program trapped: {error}")))
}

/// Serves one host request; `Ok` holds the host function's results to resume with.
fn serve(
    ctx: &mut Ctx,
    store: &mut Store<HostState>,
    memory: wasmi::Memory,
    contract: Address,
    is_static: bool,
    request: Request,
) -> Result<Vec<Val>, Ending> {
    let write = |store: &mut Store<HostState>, ptr: u32, bytes: &[u8]| {
        memory.write(&mut *store, ptr as usize, bytes).map_err(|e| Ending::Revert(error_data(&format!("stylus: {e}"))))
    };
    let journal = ctx.journal_mut();
    match request {
        Request::StorageLoad { key, dest } => {
            let loaded = journal.sload(contract, U256::from_be_bytes(key.0)).map_err(db_error)?;
            charge(store, if loaded.is_cold { 2_100 } else { 100 })?;
            let value = B256::from(loaded.data);
            store.data_mut().cache.insert(key, value);
            write(store, dest, value.as_slice())?;
            Ok(vec![])
        }
        Request::StorageFlush { clear } => {
            flush(ctx, store, contract, is_static)?;
            if clear {
                store.data_mut().cache.clear();
            }
            Ok(vec![])
        }
        Request::TransientLoad { key, dest } => {
            charge(store, 100)?;
            let value = journal.tload(contract, U256::from_be_bytes(key.0));
            write(store, dest, &value.to_be_bytes::<32>())?;
            Ok(vec![])
        }
        Request::TransientStore { key, value } => {
            if is_static {
                return Err(Ending::StaticViolation);
            }
            charge(store, 100)?;
            journal.tstore(contract, U256::from_be_bytes(key.0), U256::from_be_bytes(value.0));
            Ok(vec![])
        }
        Request::Log { topics, data } => {
            if is_static {
                return Err(Ending::StaticViolation);
            }
            charge(store, 375 + 375 * topics.len() as u64 + 8 * data.len() as u64)?;
            journal.log(Log { address: contract, data: LogData::new_unchecked(topics, data) });
            Ok(vec![])
        }
        Request::Balance { address, dest } => {
            let account = journal.load_account(address).map_err(db_error)?;
            let (balance, cold) = (account.data.info.balance, account.is_cold);
            charge(store, if cold { 2_600 } else { 100 })?;
            write(store, dest, &balance.to_be_bytes::<32>())?;
            Ok(vec![])
        }
        Request::CodeHash { address, dest } => {
            let hash = journal.code_hash(address).map_err(db_error)?;
            charge(store, if hash.is_cold { 2_600 } else { 100 })?;
            write(store, dest, hash.data.as_slice())?;
            Ok(vec![])
        }
        Request::CodeSize { address } => {
            let code = journal.code(address).map_err(db_error)?;
            charge(store, if code.is_cold { 2_600 } else { 100 })?;
            Ok(vec![Val::I32(i32::try_from(code.data.len()).unwrap_or(i32::MAX))])
        }
        Request::Code { address, offset, size, dest } => {
            let code = journal.code(address).map_err(db_error)?;
            let start = (offset as usize).min(code.data.len());
            let end = start.saturating_add(size as usize).min(code.data.len());
            charge(store, if code.is_cold { 2_600 } else { 100 } + 3 * (end - start).div_ceil(32) as u64)?;
            write(store, dest, &code.data[start..end])?;
            Ok(vec![Val::I32((end - start) as i32)])
        }
        Request::Call { .. } | Request::Create { .. } => {
            Err(Ending::Revert(error_data("stylus: a call reached the plain request path")))
        }
        Request::Unsupported(message) => Err(Ending::Revert(error_data(&format!("stylus: {message}")))),
        Request::Exit { status } => {
            let result = std::mem::take(&mut store.data_mut().result);
            if status == 0 {
                flush(ctx, store, contract, is_static)?;
                Err(Ending::Return(result.into()))
            } else {
                Err(Ending::Revert(result.into()))
            }
        }
    }
}

/// Writes the SDK's dirty slots to the journal, charging EVM store prices (EIP-2200 with EIP-2929
/// cold access; refunds are not modelled).
fn flush(ctx: &mut Ctx, store: &mut Store<HostState>, contract: Address, is_static: bool) -> Result<(), Ending> {
    let dirty = std::mem::take(&mut store.data_mut().dirty);
    if dirty.is_empty() {
        return Ok(());
    }
    if is_static {
        return Err(Ending::StaticViolation);
    }
    for (key, value) in dirty {
        let stored = ctx
            .journal_mut()
            .sstore(contract, U256::from_be_bytes(key.0), U256::from_be_bytes(value.0))
            .map_err(db_error)?;
        let result = stored.data;
        let mut cost = if stored.is_cold { 2_100 } else { 0 };
        cost += if result.new_value == result.present_value {
            100
        } else if result.original_value == result.present_value {
            if result.original_value.is_zero() { 20_000 } else { 2_900 }
        } else {
            100
        };
        charge(store, cost)?;
        store.data_mut().cache.insert(key, value);
    }
    Ok(())
}

/// Takes `gas` from the fuel.
fn charge(store: &mut Store<HostState>, gas: u64) -> Result<(), Ending> {
    let fuel = gas.saturating_mul(FUEL_PER_GAS);
    let left = store.get_fuel().unwrap_or(0);
    if left < fuel {
        let _ = store.set_fuel(0);
        return Err(Ending::OutOfGas);
    }
    store.set_fuel(left - fuel).map_err(|_| Ending::OutOfGas)
}

fn db_error(error: std::convert::Infallible) -> Ending {
    match error {}
}

/// `Error(string)` revert data, as Solidity's `revert("…")` produces: callers see why.
fn error_data(message: &str) -> Bytes {
    Revert::from(message).abi_encode().into()
}

/// Builds the interpreter result from the frame's gas (already charged for the fuel burnt).
fn finish(frame: &mut EthFrame, ending: Ending) -> InterpreterResult {
    let mut gas = frame.interpreter.gas;
    let (result, output) = match ending {
        Ending::OutOfGas => (InstructionResult::OutOfGas, Bytes::new()),
        Ending::StaticViolation => (InstructionResult::StateChangeDuringStaticCall, Bytes::new()),
        Ending::Return(output) => (InstructionResult::Return, output),
        Ending::Revert(output) => (InstructionResult::Revert, output),
    };
    if matches!(result, InstructionResult::OutOfGas | InstructionResult::StateChangeDuringStaticCall) {
        gas.spend_all();
    }
    InterpreterResult::new(result, output, gas)
}

/// What the program can learn without touching state.
fn frame_env(ctx: &mut Ctx, frame: &EthFrame) -> FrameEnv {
    let input = &frame.interpreter.input;
    FrameEnv {
        args: input.input.bytes(ctx),
        contract: input.target_address,
        sender: input.caller_address,
        value: input.call_value,
        origin: ctx.tx().caller,
        gas_price: U256::from(ctx.tx().gas_price),
        basefee: U256::from(ctx.block().basefee),
        coinbase: ctx.block().beneficiary,
        block_gas_limit: ctx.block().gas_limit,
        block_number: ctx.block().number.saturating_to(),
        timestamp: ctx.block().timestamp.saturating_to(),
        chain_id: ctx.cfg().chain_id,
        is_static: frame.interpreter.runtime_flag.is_static,
        reentrant: false,
    }
}
