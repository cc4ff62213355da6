//! The `vm_hooks` host functions the Stylus SDK imports, as wasmi host functions.
//!
//! Everything a frame knows from the start (arguments, message, transaction and block context) is
//! answered from [`HostState`] directly. What needs the EVM state (storage, logs, accounts,
//! transient storage) suspends the WASM with a [`Request`]; the frame loop serves it against revm's
//! journal, writes the answer into WASM memory and resumes. So the store never holds a reference
//! into revm, and no `unsafe` is needed.

use std::collections::BTreeMap;

use alloy_primitives::{Address, B256, Bytes, U256, keccak256};
use wasmi::errors::HostError;
use wasmi::{Caller, Engine, Error as WasmError, Extern, Linker};

use super::{FUEL_PER_GAS, HOSTIO_INK, INK_PER_FUEL};

/// What a frame knows before it runs.
#[derive(Debug, Clone, Default)]
pub(crate) struct FrameEnv {
    pub(crate) args: Bytes,
    pub(crate) contract: Address,
    pub(crate) sender: Address,
    pub(crate) value: U256,
    pub(crate) origin: Address,
    pub(crate) gas_price: U256,
    pub(crate) basefee: U256,
    pub(crate) coinbase: Address,
    pub(crate) block_gas_limit: u64,
    pub(crate) block_number: u64,
    pub(crate) timestamp: u64,
    pub(crate) chain_id: u64,
    pub(crate) is_static: bool,
    pub(crate) reentrant: bool,
}

/// The store data of one WASM execution.
#[derive(Debug, Default)]
pub(crate) struct HostState {
    pub(crate) env: FrameEnv,
    /// What `write_result` wrote: return data or revert data.
    pub(crate) result: Vec<u8>,
    /// The SDK's write cache: slots written with `storage_cache_bytes32`, not yet flushed.
    pub(crate) dirty: BTreeMap<B256, B256>,
    /// Values read or written during this execution, so repeated loads do not go back to revm.
    pub(crate) cache: BTreeMap<B256, B256>,
    /// Pages grown so far, for `pay_for_memory_grow`.
    pub(crate) pages: u32,
    /// What the last call returned (or the last failed creation reverted with).
    pub(crate) return_data: Bytes,
}

/// A host function's need for the EVM state; the frame loop serves it and resumes the WASM.
#[derive(Debug, Clone)]
pub(crate) enum Request {
    /// Load `key` and write it at `dest`.
    StorageLoad { key: B256, dest: u32 },
    /// Write the dirty slots to the journal; `clear` also forgets the read cache.
    StorageFlush { clear: bool },
    /// Transient load of `key` into `dest`.
    TransientLoad { key: B256, dest: u32 },
    /// Transient store.
    TransientStore { key: B256, value: B256 },
    /// Emit a log.
    Log { topics: Vec<B256>, data: Bytes },
    /// Balance of `address` into `dest` (32 bytes).
    Balance { address: Address, dest: u32 },
    /// Code hash of `address` into `dest`.
    CodeHash { address: Address, dest: u32 },
    /// Code size of `address`, returned as i32.
    CodeSize { address: Address },
    /// `size` bytes of `address`'s code from `offset` into `dest`; returns the bytes written.
    Code { address: Address, offset: u32, size: u32, dest: u32 },
    /// A call to another contract: the frame suspends, revm runs the callee as a child frame.
    Call {
        /// Which kind of call.
        kind: CallKind,
        /// The callee.
        to: Address,
        /// Its calldata.
        calldata: Bytes,
        /// Wei sent along (zero for delegate and static calls).
        value: U256,
        /// The gas the program offers (capped by EIP-150's 63/64 rule).
        gas: u64,
        /// Where to write the length of the return data.
        return_data_len: u32,
    },
    /// A contract creation: the frame suspends, revm runs the initcode as a child frame.
    Create {
        /// The initcode.
        code: Bytes,
        /// The endowment.
        value: U256,
        /// The CREATE2 salt, or `None` for CREATE.
        salt: Option<U256>,
        /// Where to write the new contract's address (zero on failure).
        contract: u32,
        /// Where to write the length of the revert data.
        revert_data_len: u32,
    },
    /// A feature this executor does not provide; ends the program with this message.
    Unsupported(&'static str),
    /// `exit_early(status)`: stop now with the result written so far.
    Exit { status: u32 },
}

/// The three calls a Stylus program can make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CallKind {
    /// `call_contract`.
    Call,
    /// `delegate_call_contract`.
    Delegate,
    /// `static_call_contract`.
    Static,
}

impl std::fmt::Display for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "stylus host request {self:?}")
    }
}

impl HostError for Request {}

type HostCaller<'a> = Caller<'a, HostState>;

fn memory(caller: &HostCaller<'_>) -> Result<wasmi::Memory, WasmError> {
    caller
        .get_export("memory")
        .and_then(Extern::into_memory)
        .ok_or_else(|| WasmError::new("the program exports no memory"))
}

fn read(caller: &HostCaller<'_>, ptr: u32, len: u32) -> Result<Vec<u8>, WasmError> {
    let mut buffer = vec![0u8; len as usize];
    memory(caller)?.read(caller, ptr as usize, &mut buffer).map_err(|e| WasmError::new(e.to_string()))?;
    Ok(buffer)
}

fn read_word(caller: &HostCaller<'_>, ptr: u32) -> Result<B256, WasmError> {
    Ok(B256::from_slice(&read(caller, ptr, 32)?))
}

fn read_address(caller: &HostCaller<'_>, ptr: u32) -> Result<Address, WasmError> {
    Ok(Address::from_slice(&read(caller, ptr, 20)?))
}

fn write(caller: &mut HostCaller<'_>, ptr: u32, bytes: &[u8]) -> Result<(), WasmError> {
    let memory = memory(caller)?;
    memory.write(caller, ptr as usize, bytes).map_err(|e| WasmError::new(e.to_string()))
}

/// Charges `ink` against the fuel, failing like an out-of-fuel trap when it runs out.
pub(crate) fn charge_ink(caller: &mut HostCaller<'_>, ink: u64) -> Result<(), WasmError> {
    let fuel = ink.div_ceil(INK_PER_FUEL);
    let left = caller.get_fuel()?;
    if left < fuel {
        caller.set_fuel(0)?;
        return Err(WasmError::from(wasmi::TrapCode::OutOfFuel));
    }
    caller.set_fuel(left - fuel)
}

/// Charges `gas` (EVM-priced work) plus the host-call overhead.
fn charge_gas(caller: &mut HostCaller<'_>, gas: u64) -> Result<(), WasmError> {
    charge_ink(caller, gas.saturating_mul(FUEL_PER_GAS * INK_PER_FUEL).saturating_add(HOSTIO_INK))
}

fn suspend(request: Request) -> WasmError {
    WasmError::host(request)
}

/// The linker with every `vm_hooks` import stylus-sdk 0.10 can ask for (and its `console` debug
/// imports, as no-ops). Built once per engine and reused by every execution.
pub(crate) fn linker(engine: &Engine) -> Result<Linker<HostState>, WasmError> {
    let mut linker = Linker::<HostState>::new(engine);
    let hooks = "vm_hooks";

    linker.func_wrap(hooks, "read_args", |mut c: HostCaller<'_>, dest: u32| {
        charge_ink(&mut c, HOSTIO_INK)?;
        let args = c.data().env.args.clone();
        write(&mut c, dest, &args)
    })?;
    linker.func_wrap(hooks, "write_result", |mut c: HostCaller<'_>, ptr: u32, len: u32| {
        charge_ink(&mut c, HOSTIO_INK)?;
        let data = read(&c, ptr, len)?;
        c.data_mut().result = data;
        Ok(())
    })?;
    linker.func_wrap(hooks, "exit_early", |_: HostCaller<'_>, status: u32| -> Result<(), WasmError> {
        Err(suspend(Request::Exit { status }))
    })?;

    // Storage with the SDK's write cache: writes stay in the store until flushed.
    linker.func_wrap(hooks, "storage_load_bytes32", |mut c: HostCaller<'_>, key: u32, dest: u32| {
        let key = read_word(&c, key)?;
        let cached = c.data().dirty.get(&key).or_else(|| c.data().cache.get(&key)).copied();
        match cached {
            Some(value) => {
                charge_ink(&mut c, HOSTIO_INK)?;
                write(&mut c, dest, value.as_slice())
            }
            None => Err(suspend(Request::StorageLoad { key, dest })),
        }
    })?;
    linker.func_wrap(hooks, "storage_cache_bytes32", |mut c: HostCaller<'_>, key: u32, value: u32| {
        charge_ink(&mut c, HOSTIO_INK)?;
        let (key, value) = (read_word(&c, key)?, read_word(&c, value)?);
        c.data_mut().dirty.insert(key, value);
        Ok(())
    })?;
    linker.func_wrap(hooks, "storage_flush_cache", |c: HostCaller<'_>, clear: u32| -> Result<(), WasmError> {
        if c.data().dirty.is_empty() && clear == 0 {
            return Ok(());
        }
        Err(suspend(Request::StorageFlush { clear: clear != 0 }))
    })?;
    linker.func_wrap(
        hooks,
        "transient_load_bytes32",
        |c: HostCaller<'_>, key: u32, dest: u32| -> Result<(), WasmError> {
            Err(suspend(Request::TransientLoad { key: read_word(&c, key)?, dest }))
        },
    )?;
    linker.func_wrap(
        hooks,
        "transient_store_bytes32",
        |c: HostCaller<'_>, key: u32, value: u32| -> Result<(), WasmError> {
            Err(suspend(Request::TransientStore { key: read_word(&c, key)?, value: read_word(&c, value)? }))
        },
    )?;

    linker.func_wrap(
        hooks,
        "emit_log",
        |c: HostCaller<'_>, ptr: u32, len: u32, topics: u32| -> Result<(), WasmError> {
            if topics > 4 || u64::from(len) < u64::from(topics) * 32 {
                return Err(suspend(Request::Unsupported("emit_log with more than 4 topics or too little data")));
            }
            let bytes = read(&c, ptr, len)?;
            let (head, data) = bytes.split_at(topics as usize * 32);
            let topics = head.chunks(32).map(B256::from_slice).collect();
            Err(suspend(Request::Log { topics, data: Bytes::copy_from_slice(data) }))
        },
    )?;

    // Accounts.
    linker.func_wrap(
        hooks,
        "account_balance",
        |c: HostCaller<'_>, address: u32, dest: u32| -> Result<(), WasmError> {
            Err(suspend(Request::Balance { address: read_address(&c, address)?, dest }))
        },
    )?;
    linker.func_wrap(
        hooks,
        "account_codehash",
        |c: HostCaller<'_>, address: u32, dest: u32| -> Result<(), WasmError> {
            Err(suspend(Request::CodeHash { address: read_address(&c, address)?, dest }))
        },
    )?;
    linker.func_wrap(hooks, "account_code_size", |c: HostCaller<'_>, address: u32| -> Result<u32, WasmError> {
        Err(suspend(Request::CodeSize { address: read_address(&c, address)? }))
    })?;
    linker.func_wrap(
        hooks,
        "account_code",
        |c: HostCaller<'_>, address: u32, offset: u32, size: u32, dest: u32| -> Result<u32, WasmError> {
            Err(suspend(Request::Code { address: read_address(&c, address)?, offset, size, dest }))
        },
    )?;

    // Message, transaction and block context, known before the frame runs.
    type EnvBytes = fn(&FrameEnv) -> Vec<u8>;
    let writers: [(&str, EnvBytes); 7] = [
        ("msg_sender", |env| env.sender.to_vec()),
        ("msg_value", |env| env.value.to_be_bytes::<32>().to_vec()),
        ("tx_origin", |env| env.origin.to_vec()),
        ("tx_gas_price", |env| env.gas_price.to_be_bytes::<32>().to_vec()),
        ("block_basefee", |env| env.basefee.to_be_bytes::<32>().to_vec()),
        ("block_coinbase", |env| env.coinbase.to_vec()),
        ("contract_address", |env| env.contract.to_vec()),
    ];
    for (name, get) in writers {
        linker.func_wrap(hooks, name, move |mut c: HostCaller<'_>, dest: u32| {
            charge_ink(&mut c, HOSTIO_INK)?;
            let bytes = get(&c.data().env);
            write(&mut c, dest, &bytes)
        })?;
    }
    type EnvNumber = fn(&FrameEnv) -> u64;
    let numbers: [(&str, EnvNumber); 4] = [
        ("block_gas_limit", |env| env.block_gas_limit),
        ("block_number", |env| env.block_number),
        ("block_timestamp", |env| env.timestamp),
        ("chainid", |env| env.chain_id),
    ];
    for (name, get) in numbers {
        linker.func_wrap(hooks, name, move |mut c: HostCaller<'_>| -> Result<u64, WasmError> {
            charge_ink(&mut c, HOSTIO_INK)?;
            Ok(get(&c.data().env))
        })?;
    }
    linker.func_wrap(hooks, "msg_reentrant", |mut c: HostCaller<'_>| -> Result<u32, WasmError> {
        charge_ink(&mut c, HOSTIO_INK)?;
        Ok(u32::from(c.data().env.reentrant))
    })?;
    linker.func_wrap(hooks, "tx_ink_price", |mut c: HostCaller<'_>| -> Result<u32, WasmError> {
        charge_ink(&mut c, HOSTIO_INK)?;
        Ok(u32::try_from(super::INK_PER_GAS).unwrap_or(u32::MAX))
    })?;
    linker.func_wrap(hooks, "evm_ink_left", |mut c: HostCaller<'_>| -> Result<u64, WasmError> {
        charge_ink(&mut c, HOSTIO_INK)?;
        Ok(c.get_fuel()?.saturating_mul(INK_PER_FUEL))
    })?;
    linker.func_wrap(hooks, "evm_gas_left", |mut c: HostCaller<'_>| -> Result<u64, WasmError> {
        charge_ink(&mut c, HOSTIO_INK)?;
        Ok(c.get_fuel()? / FUEL_PER_GAS)
    })?;

    // Computation the host does for the program.
    linker.func_wrap(hooks, "native_keccak256", |mut c: HostCaller<'_>, ptr: u32, len: u32, dest: u32| {
        charge_gas(&mut c, 30 + 6 * u64::from(len).div_ceil(32))?;
        let hash = keccak256(read(&c, ptr, len)?);
        write(&mut c, dest, hash.as_slice())
    })?;
    linker.func_wrap(hooks, "pay_for_memory_grow", |mut c: HostCaller<'_>, pages: u32| {
        let total = c.data().pages.saturating_add(pages);
        if total > super::MAX_PAGES {
            return Err(suspend(Request::Unsupported("memory grew beyond the 128-page limit")));
        }
        let paid_before = c.data().pages.saturating_sub(super::FREE_PAGES);
        let paid_after = total.saturating_sub(super::FREE_PAGES);
        c.data_mut().pages = total;
        charge_gas(&mut c, u64::from(paid_after - paid_before) * super::GAS_PER_PAGE)
    })?;
    math_hooks(&mut linker)?;

    // Calls suspend the program; revm runs the callee as a child frame, EVM or Stylus.
    linker.func_wrap(
        hooks,
        "call_contract",
        |c: HostCaller<'_>, to: u32, data: u32, len: u32, value: u32, gas: u64, out: u32| -> Result<u32, WasmError> {
            let value = U256::from_be_slice(&read(&c, value, 32)?);
            Err(suspend(call_request(&c, CallKind::Call, to, data, len, value, gas, out)?))
        },
    )?;
    linker.func_wrap(
        hooks,
        "delegate_call_contract",
        |c: HostCaller<'_>, to: u32, data: u32, len: u32, gas: u64, out: u32| -> Result<u32, WasmError> {
            Err(suspend(call_request(&c, CallKind::Delegate, to, data, len, U256::ZERO, gas, out)?))
        },
    )?;
    linker.func_wrap(
        hooks,
        "static_call_contract",
        |c: HostCaller<'_>, to: u32, data: u32, len: u32, gas: u64, out: u32| -> Result<u32, WasmError> {
            Err(suspend(call_request(&c, CallKind::Static, to, data, len, U256::ZERO, gas, out)?))
        },
    )?;
    linker.func_wrap(
        hooks,
        "create1",
        |c: HostCaller<'_>, code: u32, len: u32, value: u32, contract: u32, revert_len: u32| -> Result<(), WasmError> {
            Err(suspend(Request::Create {
                code: read(&c, code, len)?.into(),
                value: U256::from_be_slice(&read(&c, value, 32)?),
                salt: None,
                contract,
                revert_data_len: revert_len,
            }))
        },
    )?;
    linker.func_wrap(
        hooks,
        "create2",
        |c: HostCaller<'_>,
         code: u32,
         len: u32,
         value: u32,
         salt: u32,
         contract: u32,
         revert_len: u32|
         -> Result<(), WasmError> {
            Err(suspend(Request::Create {
                code: read(&c, code, len)?.into(),
                value: U256::from_be_slice(&read(&c, value, 32)?),
                salt: Some(U256::from_be_slice(&read(&c, salt, 32)?)),
                contract,
                revert_data_len: revert_len,
            }))
        },
    )?;
    linker.func_wrap(hooks, "return_data_size", |mut c: HostCaller<'_>| -> Result<u32, WasmError> {
        charge_ink(&mut c, HOSTIO_INK)?;
        Ok(u32::try_from(c.data().return_data.len()).unwrap_or(u32::MAX))
    })?;
    linker.func_wrap(
        hooks,
        "read_return_data",
        |mut c: HostCaller<'_>, dest: u32, offset: u32, size: u32| -> Result<u32, WasmError> {
            let data = c.data().return_data.clone();
            let start = (offset as usize).min(data.len());
            let end = start.saturating_add(size as usize).min(data.len());
            charge_gas(&mut c, 3 * (end - start).div_ceil(32) as u64)?;
            write(&mut c, dest, &data[start..end])?;
            Ok((end - start) as u32)
        },
    )?;

    // Debug output of debug builds: accepted and dropped.
    linker.func_wrap("console", "log_txt", |_: HostCaller<'_>, _: u32, _: u32| {})?;
    linker.func_wrap("console", "log_i32", |_: HostCaller<'_>, _: i32| {})?;
    linker.func_wrap("console", "log_i64", |_: HostCaller<'_>, _: i64| {})?;
    linker.func_wrap("console", "log_f32", |_: HostCaller<'_>, _: f32| {})?;
    linker.func_wrap("console", "log_f64", |_: HostCaller<'_>, _: f64| {})?;
    Ok(linker)
}

/// Reads a call's arguments out of WASM memory.
#[allow(clippy::too_many_arguments)] // the shape of the vm_hooks import
fn call_request(
    c: &HostCaller<'_>,
    kind: CallKind,
    to: u32,
    data: u32,
    len: u32,
    value: U256,
    gas: u64,
    return_data_len: u32,
) -> Result<Request, WasmError> {
    Ok(Request::Call {
        kind,
        to: read_address(c, to)?,
        calldata: read(c, data, len)?.into(),
        value,
        gas,
        return_data_len,
    })
}

/// `math_div`, `math_mod`, `math_pow`, `math_add_mod`, `math_mul_mod` on 256-bit words in place.
fn math_hooks(linker: &mut Linker<HostState>) -> Result<(), WasmError> {
    fn word(c: &HostCaller<'_>, ptr: u32) -> Result<U256, WasmError> {
        Ok(U256::from_be_slice(&read(c, ptr, 32)?))
    }
    linker.func_wrap("vm_hooks", "math_div", |mut c: HostCaller<'_>, a: u32, b: u32| {
        charge_gas(&mut c, 5)?;
        let (x, y) = (word(&c, a)?, word(&c, b)?);
        let r = x.checked_div(y).unwrap_or_default();
        write(&mut c, a, &r.to_be_bytes::<32>())
    })?;
    linker.func_wrap("vm_hooks", "math_mod", |mut c: HostCaller<'_>, a: u32, b: u32| {
        charge_gas(&mut c, 5)?;
        let (x, y) = (word(&c, a)?, word(&c, b)?);
        let r = x.checked_rem(y).unwrap_or_default();
        write(&mut c, a, &r.to_be_bytes::<32>())
    })?;
    linker.func_wrap("vm_hooks", "math_pow", |mut c: HostCaller<'_>, a: u32, b: u32| {
        let (x, y) = (word(&c, a)?, word(&c, b)?);
        charge_gas(&mut c, 10 + 50 * u64::from(y.bit_len().div_ceil(8) as u32))?;
        write(&mut c, a, &x.pow(y).to_be_bytes::<32>())
    })?;
    linker.func_wrap("vm_hooks", "math_add_mod", |mut c: HostCaller<'_>, a: u32, b: u32, m: u32| {
        charge_gas(&mut c, 8)?;
        let (x, y, n) = (word(&c, a)?, word(&c, b)?, word(&c, m)?);
        write(&mut c, a, &x.add_mod(y, n).to_be_bytes::<32>())
    })?;
    linker.func_wrap("vm_hooks", "math_mul_mod", |mut c: HostCaller<'_>, a: u32, b: u32, m: u32| {
        charge_gas(&mut c, 8)?;
        let (x, y, n) = (word(&c, a)?, word(&c, b)?, word(&c, m)?);
        write(&mut c, a, &x.mul_mod(y, n).to_be_bytes::<32>())
    })?;
    Ok(())
}
