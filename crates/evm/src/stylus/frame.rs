//! Running one Stylus call frame: compile (cached), instantiate, run `user_entrypoint`, serve the
//! host requests against revm's journal, and turn the outcome into an `InterpreterResult`.

use std::collections::HashMap;

use alloy_primitives::{Address, B256, Bytes, Log, LogData, U256};
use alloy_sol_types::{Revert, SolError};
use revm::context::ContextTr;
use revm::context_interface::JournalTr;
use revm::database::InMemoryDB;
use revm::handler::{EthFrame, MainnetContext};
use revm::interpreter::{Gas, InstructionResult, InterpreterResult};
use wasmi::{CompilationMode, Config, Engine, Linker, Module, Store, TrapCode, TypedResumableCall, Val};

use super::host::{FrameEnv, HostState, Request, linker};
use super::{FUEL_PER_GAS, program};

type Ctx = MainnetContext<InMemoryDB>;

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

    /// Runs the Stylus program of `frame` to completion.
    pub(crate) fn execute(&mut self, ctx: &mut Ctx, frame: &mut EthFrame) -> InterpreterResult {
        let gas_limit = frame.interpreter.gas.remaining();
        let env = frame_env(ctx, frame);
        let code_hash = frame.interpreter.bytecode.hash_slow();
        let module = match self.module(code_hash, frame.interpreter.bytecode.original_byte_slice()) {
            Ok(module) => module,
            Err(message) => return finish(frame.interpreter.gas, Ending::Revert(error_data(&message)), 0),
        };
        let fuel_limit = gas_limit.saturating_mul(FUEL_PER_GAS);
        let (ending, fuel_left) = self.run(ctx, &module, env, fuel_limit);
        let fuel_used = fuel_limit.saturating_sub(fuel_left);
        finish(frame.interpreter.gas, ending, fuel_used.div_ceil(FUEL_PER_GAS))
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

    fn run(&self, ctx: &mut Ctx, module: &Module, env: FrameEnv, fuel_limit: u64) -> (Ending, u64) {
        let contract = env.contract;
        let is_static = env.is_static;
        let args_len = env.args.len();
        let mut store = Store::new(&self.engine, HostState { env, ..HostState::default() });
        if store.set_fuel(fuel_limit).is_err() {
            return (Ending::Revert(error_data("stylus: fuel metering is off")), 0);
        }
        let instance = match self.linker.instantiate_and_start(&mut store, module) {
            Ok(instance) => instance,
            Err(error) => {
                return (Ending::Revert(error_data(&format!("stylus: cannot instantiate: {error}"))), fuel_left(&store));
            }
        };
        let Ok(entry) = instance.get_typed_func::<i32, i32>(&store, "user_entrypoint") else {
            return (
                Ending::Revert(error_data("stylus: the program exports no user_entrypoint(i32) -> i32")),
                fuel_left(&store),
            );
        };
        let Some(memory) = instance.get_memory(&store, "memory") else {
            return (Ending::Revert(error_data("stylus: the program exports no memory")), fuel_left(&store));
        };
        let Ok(len) = i32::try_from(args_len) else {
            return (Ending::Revert(error_data("stylus: calldata too large")), fuel_left(&store));
        };

        let mut outcome = entry.call_resumable(&mut store, len);
        loop {
            match outcome {
                Ok(TypedResumableCall::Finished(status)) => {
                    let ending = match status {
                        0 => match flush(ctx, &mut store, contract, is_static) {
                            Ok(()) => Ending::Return(std::mem::take(&mut store.data_mut().result).into()),
                            Err(ending) => ending,
                        },
                        1 => Ending::Revert(std::mem::take(&mut store.data_mut().result).into()),
                        other => Ending::Revert(error_data(&format!("stylus: user_entrypoint returned {other}"))),
                    };
                    return (ending, fuel_left(&store));
                }
                Ok(TypedResumableCall::OutOfFuel(_)) => return (Ending::OutOfGas, 0),
                Ok(TypedResumableCall::HostTrap(invocation)) => {
                    let Some(request) = invocation.host_error().downcast_ref::<Request>().cloned() else {
                        return trap_ending(invocation.host_error(), &store);
                    };
                    let served = serve(ctx, &mut store, memory, contract, is_static, request);
                    let results = match served {
                        Ok(results) => results,
                        Err(ending) => return (ending, fuel_left(&store)),
                    };
                    outcome = invocation.resume(&mut store, &results);
                }
                Err(error) => return trap_ending(&error, &store),
            }
        }
    }
}

fn fuel_left(store: &Store<HostState>) -> u64 {
    store.get_fuel().unwrap_or(0)
}

fn trap_ending(error: &wasmi::Error, store: &Store<HostState>) -> (Ending, u64) {
    if error.as_trap_code() == Some(TrapCode::OutOfFuel) {
        return (Ending::OutOfGas, 0);
    }
    (Ending::Revert(error_data(&format!("stylus: the program trapped: {error}"))), fuel_left(store))
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

/// Settles gas on the frame's `Gas` and builds the interpreter result.
fn finish(mut gas: Gas, ending: Ending, gas_used: u64) -> InterpreterResult {
    let halt = |mut gas: Gas, result| {
        gas.spend_all();
        InterpreterResult::new(result, Bytes::new(), gas)
    };
    let (result, output) = match ending {
        Ending::OutOfGas => return halt(gas, InstructionResult::OutOfGas),
        Ending::StaticViolation => return halt(gas, InstructionResult::StateChangeDuringStaticCall),
        Ending::Return(output) => (InstructionResult::Return, output),
        Ending::Revert(output) => (InstructionResult::Revert, output),
    };
    if !gas.record_regular_cost(gas_used) {
        return halt(gas, InstructionResult::OutOfGas);
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
