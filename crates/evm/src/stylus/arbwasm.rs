//! ArbWasm (`0x…71`), modelled enough for deployment: `activateProgram` validates and activates a
//! deployed program, and a program that was never activated does not run, as on Arbitrum.
//!
//! Activation is recorded in the precompile account's storage, keyed by the program's code hash
//! (as on Arbitrum, identical code shares one activation), so snapshots and reverts cover it.
//!
//! Approximations, documented: the data fee is [`DATA_FEE_WEI_PER_KIB`] per started KiB of WASM
//! (Arbitrum prices it dynamically); activation costs [`ACTIVATION_BASE_GAS`] plus
//! [`ACTIVATION_GAS_PER_BYTE`] per WASM byte; excess value is refunded to the caller.

use alloy_primitives::{Address, Bytes, U256, address};
use alloy_sol_types::{SolCall, SolError, SolInterface};
use revm::context::ContextTr;
use revm::context_interface::JournalTr;
use revm::database::InMemoryDB;
use revm::handler::{EthPrecompiles, MainnetContext, PrecompileProvider};
use revm::interpreter::{CallInputs, Gas, InstructionResult, InterpreterResult};
use revm::primitives::AddressSet;
use revm::primitives::hardfork::SpecId;

use super::frame::Programs;

type Ctx = MainnetContext<InMemoryDB>;

/// The ArbWasm precompile's address.
pub const ARB_WASM: Address = address!("0000000000000000000000000000000000000071");

/// The Stylus version this executor implements.
pub const STYLUS_VERSION: u16 = 1;

/// Data fee per started KiB of uncompressed WASM, in wei.
pub const DATA_FEE_WEI_PER_KIB: u64 = 1_000_000_000_000;

/// Fixed gas of an activation.
pub const ACTIVATION_BASE_GAS: u64 = 100_000;

/// Gas per byte of uncompressed WASM activated.
pub const ACTIVATION_GAS_PER_BYTE: u64 = 2;

alloy_sol_types::sol! {
    /// The part of Arbitrum's ArbWasm precompile this executor models.
    #[sol(all_derives)]
    interface ArbWasm {
        /// Activates the program deployed at `program`; pays the data fee.
        function activateProgram(address program) external payable returns (uint16 version, uint256 dataFee);
        /// The Stylus version `program` was activated with; reverts when it was not.
        function programVersion(address program) external view returns (uint16 version);
        /// The current Stylus version.
        function stylusVersion() external view returns (uint16 version);
        /// The account has no valid Stylus program.
        error ProgramNotWasm();
        /// The program was not activated.
        error ProgramNotActivated();
        /// The program is already active at the current version.
        error ProgramUpToDate();
        /// Too little value for the data fee.
        error ProgramInsufficientValue(uint256 have, uint256 want);
    }
}

/// The mainnet precompiles plus ArbWasm, and the compiled-program cache both share.
pub struct StylusPrecompiles {
    eth: EthPrecompiles,
    warm: AddressSet,
    pub(crate) programs: Programs,
}

impl std::fmt::Debug for StylusPrecompiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StylusPrecompiles").field("programs", &self.programs).finish_non_exhaustive()
    }
}

impl StylusPrecompiles {
    /// The precompiles of `spec`, with ArbWasm.
    pub fn new(spec: SpecId) -> Self {
        let eth = EthPrecompiles::new(spec);
        let warm = with_arb_wasm(eth.warm_addresses());
        Self { eth, warm, programs: Programs::new() }
    }
}

fn with_arb_wasm(addresses: &AddressSet) -> AddressSet {
    let mut warm = addresses.clone();
    warm.insert(ARB_WASM);
    warm
}

impl PrecompileProvider<Ctx> for StylusPrecompiles {
    type Output = InterpreterResult;

    fn set_spec(&mut self, spec: SpecId) -> bool {
        let changed = <EthPrecompiles as PrecompileProvider<Ctx>>::set_spec(&mut self.eth, spec);
        if changed {
            self.warm = with_arb_wasm(self.eth.warm_addresses());
        }
        changed
    }

    fn run(&mut self, context: &mut Ctx, inputs: &CallInputs) -> Result<Option<InterpreterResult>, String> {
        if inputs.bytecode_address != ARB_WASM {
            return self.eth.run(context, inputs);
        }
        Ok(Some(self.arb_wasm(context, inputs)))
    }

    fn warm_addresses(&self) -> &AddressSet {
        &self.warm
    }
}

impl StylusPrecompiles {
    fn arb_wasm(&mut self, ctx: &mut Ctx, inputs: &CallInputs) -> InterpreterResult {
        let mut gas = Gas::new(inputs.gas_limit);
        let calldata = inputs.input.bytes(ctx);
        let call = match ArbWasm::ArbWasmCalls::abi_decode(&calldata) {
            Ok(call) => call,
            Err(_) => return revert(gas, Bytes::new()),
        };
        match call {
            ArbWasm::ArbWasmCalls::stylusVersion(_) => {
                ok(gas, ArbWasm::stylusVersionCall::abi_encode_returns(&STYLUS_VERSION))
            }
            ArbWasm::ArbWasmCalls::programVersion(call) => match activated_version(ctx, call.program) {
                0 => revert(gas, ArbWasm::ProgramNotActivated {}.abi_encode()),
                version => ok(gas, ArbWasm::programVersionCall::abi_encode_returns(&version)),
            },
            ArbWasm::ArbWasmCalls::activateProgram(call) => {
                if inputs.is_static {
                    return InterpreterResult::new(InstructionResult::StateChangeDuringStaticCall, Bytes::new(), gas);
                }
                let code = match ctx.journal_mut().code(call.program) {
                    Ok(code) => code.data,
                    Err(never) => match never {},
                };
                let wasm_len = match self.programs.validate(&code) {
                    Ok(len) => len,
                    Err(_) => return revert(gas, ArbWasm::ProgramNotWasm {}.abi_encode()),
                };
                if !gas.record_regular_cost(ACTIVATION_BASE_GAS + ACTIVATION_GAS_PER_BYTE * wasm_len as u64) {
                    return InterpreterResult::new(InstructionResult::OutOfGas, Bytes::new(), gas);
                }
                if activated_version(ctx, call.program) == STYLUS_VERSION {
                    return revert(gas, ArbWasm::ProgramUpToDate {}.abi_encode());
                }
                let fee = U256::from(wasm_len.div_ceil(1024) as u64) * U256::from(DATA_FEE_WEI_PER_KIB);
                let paid = inputs.call_value();
                if paid < fee {
                    return revert(gas, ArbWasm::ProgramInsufficientValue { have: paid, want: fee }.abi_encode());
                }
                let key = activation_key(ctx, call.program);
                let journal = ctx.journal_mut();
                let _ = journal.sstore(ARB_WASM, key, U256::from(STYLUS_VERSION));
                if paid > fee && !matches!(journal.transfer(ARB_WASM, inputs.caller, paid - fee), Ok(None)) {
                    return revert(gas, Bytes::new());
                }
                ok(
                    gas,
                    ArbWasm::activateProgramCall::abi_encode_returns(&ArbWasm::activateProgramReturn {
                        version: STYLUS_VERSION,
                        dataFee: fee,
                    }),
                )
            }
        }
    }
}

/// The data fee `activateProgram` asks for Stylus `code`.
pub fn data_fee(code: &[u8]) -> crate::Result<U256> {
    let wasm = super::program::decompress(code)?;
    Ok(U256::from(wasm.len().div_ceil(1024) as u64) * U256::from(DATA_FEE_WEI_PER_KIB))
}

/// The storage key of a program's activation: its code hash.
fn activation_key(ctx: &mut Ctx, program: Address) -> U256 {
    match ctx.journal_mut().code_hash(program) {
        Ok(hash) => U256::from_be_bytes(hash.data.0),
        Err(never) => match never {},
    }
}

/// The Stylus version `program`'s code was activated with, or 0.
pub(crate) fn activated_version(ctx: &mut Ctx, program: Address) -> u16 {
    let key = activation_key(ctx, program);
    version_of(ctx, key)
}

/// Whether code with this hash was activated.
pub(crate) fn is_activated(ctx: &mut Ctx, code_hash: alloy_primitives::B256) -> bool {
    version_of(ctx, U256::from_be_bytes(code_hash.0)) != 0
}

fn version_of(ctx: &mut Ctx, key: U256) -> u16 {
    let journal = ctx.journal_mut();
    if journal.load_account(ARB_WASM).is_err() {
        return 0;
    }
    match journal.sload(ARB_WASM, key) {
        Ok(value) => value.data.saturating_to(),
        Err(never) => match never {},
    }
}

fn ok(gas: Gas, output: Vec<u8>) -> InterpreterResult {
    InterpreterResult::new(InstructionResult::Return, output.into(), gas)
}

fn revert(gas: Gas, output: impl Into<Bytes>) -> InterpreterResult {
    InterpreterResult::new(InstructionResult::Revert, output.into(), gas)
}
