use alloy_primitives::{Address, Bytes, TxKind, U256};
use alloy_sol_types::SolCall;
use revm::bytecode::Bytecode;
use revm::context::{BlockEnv, CfgEnv, TxEnv};
use revm::context_interface::JournalTr;
use revm::context_interface::result::{EVMError, InvalidTransaction};
use revm::context_interface::result::{ExecutionResult, Output};
use revm::database::InMemoryDB;
use revm::handler::{EthFrame, Handler, MainnetHandler};
use revm::primitives::hardfork::SpecId;
use revm::state::AccountInfo;
use revm::{Context, DatabaseCommit, DatabaseRef, MainContext};

use crate::stylus::{StylusEvm, arbwasm, program};
use crate::{Error, Receipt, Result, Status};

/// Settings of a new [`Chain`].
#[derive(Debug, Clone)]
pub struct ChainConfig {
    /// EIP-155 chain id; anvil's 31337 by default.
    pub chain_id: u64,
    /// The hard fork whose rules apply; Prague by default (what the target chains run).
    pub spec: SpecId,
    /// Block number of the first block; 1 by default, so that "published at block 0" means never.
    pub block_number: u64,
    /// Unix timestamp of the first block.
    pub timestamp: u64,
    /// Gas limit given to transactions and calls that do not set one.
    pub default_gas_limit: u64,
}

impl Default for ChainConfig {
    fn default() -> Self {
        Self {
            chain_id: 31_337,
            spec: SpecId::PRAGUE,
            block_number: 1,
            timestamp: 1_700_000_000,
            default_gas_limit: 30_000_000,
        }
    }
}

/// A transaction or call to run on the [`Chain`].
#[derive(Debug, Clone, Default)]
pub struct TxRequest {
    /// The sender.
    pub from: Address,
    /// The callee, or `None` for a contract creation with `data` as initcode.
    pub to: Option<Address>,
    /// Calldata or initcode.
    pub data: Bytes,
    /// Wei sent along.
    pub value: U256,
    /// Gas limit; the chain's default when `None`.
    pub gas_limit: Option<u64>,
}

impl TxRequest {
    /// A call of `to` with `data` from `from`.
    pub fn call(from: Address, to: Address, data: impl Into<Bytes>) -> Self {
        Self { from, to: Some(to), data: data.into(), ..Self::default() }
    }

    /// A contract creation from `from` running `initcode`.
    pub fn create(from: Address, initcode: impl Into<Bytes>) -> Self {
        Self { from, to: None, data: initcode.into(), ..Self::default() }
    }

    /// Sends `value` wei along.
    pub fn with_value(mut self, value: U256) -> Self {
        self.value = value;
        self
    }

    /// Sets the gas limit.
    pub fn with_gas_limit(mut self, gas_limit: u64) -> Self {
        self.gas_limit = Some(gas_limit);
        self
    }
}

/// Identifies a state saved by [`Chain::snapshot`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SnapshotId(usize);

/// An in-process chain: one revm EVM over an in-memory state.
///
/// Transactions commit one after the other in the current block; the block moves only when the
/// test says so ([`Chain::set_block_number`], [`Chain::set_timestamp`], [`Chain::mine`]), as with
/// forge. Gas is priced at zero, so senders need a balance only for the value they send.
pub struct Chain {
    evm: StylusEvm,
    default_gas_limit: u64,
    snapshots: Vec<(InMemoryDB, BlockEnv)>,
}

impl std::fmt::Debug for Chain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Chain")
            .field("chain_id", &self.chain_id())
            .field("block_number", &self.block_number())
            .field("timestamp", &self.timestamp())
            .field("snapshots", &self.snapshots.len())
            .finish_non_exhaustive()
    }
}

impl Default for Chain {
    fn default() -> Self {
        Self::new()
    }
}

impl Chain {
    /// A chain with the default [`ChainConfig`].
    pub fn new() -> Self {
        Self::with_config(ChainConfig::default())
    }

    /// A chain with the given settings.
    pub fn with_config(config: ChainConfig) -> Self {
        let mut cfg = CfgEnv::new_with_spec(config.spec);
        cfg.chain_id = config.chain_id;
        // Stylus programs are deployed as code starting with EF F0 00, which EIP-3541 would refuse.
        // Arbitrum admits exactly that prefix; this chain admits all 0xEF code (a known difference).
        cfg.disable_eip3541 = true;
        let block = BlockEnv {
            number: U256::from(config.block_number),
            timestamp: U256::from(config.timestamp),
            gas_limit: config.default_gas_limit.max(30_000_000),
            basefee: 0,
            ..BlockEnv::default()
        };
        let evm = StylusEvm::new(Context::mainnet().with_cfg(cfg).with_block(block).with_db(InMemoryDB::default()));
        Self { evm, default_gas_limit: config.default_gas_limit, snapshots: Vec::new() }
    }

    /// The chain id.
    pub fn chain_id(&self) -> u64 {
        self.evm.inner.ctx.cfg.chain_id
    }

    /// The current block number.
    pub fn block_number(&self) -> u64 {
        self.evm.inner.ctx.block.number.saturating_to()
    }

    /// The current block timestamp.
    pub fn timestamp(&self) -> u64 {
        self.evm.inner.ctx.block.timestamp.saturating_to()
    }

    /// Moves to block `number`.
    pub fn set_block_number(&mut self, number: u64) {
        self.evm.inner.ctx.block.number = U256::from(number);
    }

    /// Sets the block timestamp.
    pub fn set_timestamp(&mut self, timestamp: u64) {
        self.evm.inner.ctx.block.timestamp = U256::from(timestamp);
    }

    /// Advances `blocks` blocks and `seconds` seconds.
    pub fn mine(&mut self, blocks: u64, seconds: u64) {
        self.set_block_number(self.block_number() + blocks);
        self.set_timestamp(self.timestamp() + seconds);
    }

    /// Sets the balance of `account` to `wei`.
    pub fn fund(&mut self, account: Address, wei: U256) {
        let mut info = self.account(account);
        info.balance = wei;
        self.db_mut().insert_account_info(account, info);
    }

    /// The balance of `account`.
    pub fn balance(&self, account: Address) -> U256 {
        self.account(account).balance
    }

    /// The nonce of `account`.
    pub fn nonce(&self, account: Address) -> u64 {
        self.account(account).nonce
    }

    /// The runtime code at `account` (empty for an account without code).
    pub fn code(&self, account: Address) -> Bytes {
        let info = self.account(account);
        match info.code {
            Some(code) => code.original_bytes(),
            None => self.db().code_by_hash_ref(info.code_hash).map(|code| code.original_bytes()).unwrap_or_default(),
        }
    }

    /// Puts `code` at `account` directly, without running initcode (for fixtures and for code that
    /// no creation may produce).
    pub fn set_code(&mut self, account: Address, code: Bytes) {
        let info = self.account(account).with_code(Bytecode::new_raw(code));
        self.db_mut().insert_account_info(account, info);
    }

    /// The value of storage `slot` of `account`.
    pub fn storage(&self, account: Address, slot: U256) -> U256 {
        self.db().storage_ref(account, slot).unwrap_or_default()
    }

    /// Saves the whole state and block so that [`Chain::revert_to`] can return to it.
    pub fn snapshot(&mut self) -> SnapshotId {
        self.snapshots.push((self.db().clone(), self.evm.inner.ctx.block.clone()));
        SnapshotId(self.snapshots.len() - 1)
    }

    /// Returns to the state saved as `id`. That snapshot and every later one are consumed, as with
    /// anvil's `evm_revert`.
    pub fn revert_to(&mut self, id: SnapshotId) -> Result<()> {
        if id.0 >= self.snapshots.len() {
            return Err(Error::UnknownSnapshot(id.0));
        }
        self.snapshots.truncate(id.0 + 1);
        let (db, block) = self.snapshots.pop().ok_or(Error::UnknownSnapshot(id.0))?;
        *self.db_mut() = db;
        self.evm.inner.ctx.block = block;
        Ok(())
    }

    /// Runs `request` as a transaction and commits its effects. A revert or halt is a receipt with
    /// that status, not an error; only a transaction invalid before execution is an `Err`.
    pub fn transact(&mut self, request: TxRequest) -> Result<Receipt> {
        let result = self.execute(&request, true)?;
        Ok(self.receipt(result))
    }

    /// Runs `request` without committing anything (an `eth_call`).
    pub fn call_raw(&mut self, request: TxRequest) -> Result<Receipt> {
        let result = self.execute(&request, false)?;
        Ok(self.receipt(result))
    }

    /// Runs `request` through revm's mainnet handler on the Stylus-aware EVM, then commits the
    /// state changes or drops them.
    fn execute(&mut self, request: &TxRequest, commit: bool) -> Result<ExecutionResult> {
        self.evm.inner.ctx.tx = self.tx_env(request);
        let outcome =
            MainnetHandler::<StylusEvm, EVMError<std::convert::Infallible, InvalidTransaction>, EthFrame>::default()
                .run(&mut self.evm);
        let state = self.evm.inner.ctx.journaled_state.finalize();
        let result = outcome.map_err(|error| Error::Invalid(error.to_string()))?;
        if commit {
            self.db_mut().commit(state);
        }
        Ok(result)
    }

    /// Deploys `initcode` (creation bytecode with constructor arguments appended) from `from`.
    pub fn deploy(&mut self, from: Address, initcode: impl Into<Bytes>) -> Result<Address> {
        self.deploy_with_receipt(from, initcode).map(|(address, _)| address)
    }

    /// Deploys `initcode` from `from` and returns the receipt too.
    pub fn deploy_with_receipt(&mut self, from: Address, initcode: impl Into<Bytes>) -> Result<(Address, Receipt)> {
        let receipt = self.transact(TxRequest::create(from, initcode))?.into_result()?;
        let address = receipt.contract_address.ok_or(Error::NoContractCreated)?;
        Ok((address, receipt))
    }

    /// Deploys Stylus `code` (`EF F0 00 00` + brotli, see [`crate::stylus::program`]) from `from`
    /// and activates it through ArbWasm, paying the data fee, as `cargo stylus deploy` does. `from`
    /// needs the fee in its balance.
    pub fn deploy_stylus(&mut self, from: Address, code: &[u8]) -> Result<Address> {
        let address = self.deploy(from, program::initcode(code))?;
        self.activate_stylus(from, address)?;
        Ok(address)
    }

    /// [`Chain::deploy_stylus`], then the program's constructor with `constructor_args` (ABI-encoded),
    /// as `cargo stylus deploy` does.
    pub fn deploy_stylus_with_constructor(
        &mut self,
        from: Address,
        code: &[u8],
        constructor_args: &[u8],
    ) -> Result<Address> {
        let address = self.deploy_stylus(from, code)?;
        let calldata = [&program::CONSTRUCTOR_SELECTOR[..], constructor_args].concat();
        self.transact(TxRequest::call(from, address, calldata))?.into_result()?;
        Ok(address)
    }

    /// Deploys a Stylus contract split into programs chained by `DELEGATECALL` (the CHLOM license
    /// registry and settlement engine are): each of `parts` first, then `entry`, whose
    /// constructor takes `constructor_args` (ABI-encoded, static types only) followed by the
    /// parts' addresses in order. Returns the entry program's address, the contract's.
    pub fn deploy_stylus_split(
        &mut self,
        from: Address,
        entry: &[u8],
        parts: &[&[u8]],
        constructor_args: &[u8],
    ) -> Result<Address> {
        let mut args = constructor_args.to_vec();
        for part in parts {
            let address = self.deploy_stylus(from, part)?;
            args.extend_from_slice(address.into_word().as_slice());
        }
        self.deploy_stylus_with_constructor(from, entry, &args)
    }

    /// Activates the Stylus program at `program` through ArbWasm, paying its data fee from `from`.
    pub fn activate_stylus(&mut self, from: Address, program: Address) -> Result<Receipt> {
        let fee = arbwasm::data_fee(&self.code(program))?;
        let call = arbwasm::ArbWasm::activateProgramCall { program };
        self.transact(TxRequest::call(from, arbwasm::ARB_WASM, call.abi_encode()).with_value(fee))?.into_result()
    }

    /// Sends `value` wei from `from` to `to`.
    pub fn transfer(&mut self, from: Address, to: Address, value: U256) -> Result<Receipt> {
        self.transact(TxRequest::call(from, to, Bytes::new()).with_value(value))?.into_result()
    }

    /// Sends the typed call `call` to `to` as a transaction; fails on revert or halt.
    pub fn send<C: SolCall>(&mut self, from: Address, to: Address, call: &C) -> Result<Receipt> {
        self.transact(TxRequest::call(from, to, call.abi_encode()))?.into_result()
    }

    /// Runs the typed call `call` on `to` without committing and decodes what it returns.
    pub fn view<C: SolCall>(&mut self, to: Address, call: &C) -> Result<C::Return> {
        let receipt = self.call_raw(TxRequest::call(Address::ZERO, to, call.abi_encode()))?.into_result()?;
        C::abi_decode_returns(&receipt.output).map_err(|source| Error::ReturnDecode { to, source })
    }

    fn tx_env(&self, request: &TxRequest) -> TxEnv {
        TxEnv {
            caller: request.from,
            kind: request.to.map_or(TxKind::Create, TxKind::Call),
            data: request.data.clone(),
            value: request.value,
            gas_limit: request.gas_limit.unwrap_or(self.default_gas_limit),
            gas_price: 0,
            nonce: self.nonce(request.from),
            chain_id: Some(self.chain_id()),
            ..TxEnv::default()
        }
    }

    fn receipt(&self, result: ExecutionResult) -> Receipt {
        let gas_used = result.tx_gas_used();
        let block_number = self.block_number();
        match result {
            ExecutionResult::Success { logs, output, .. } => {
                let (output, contract_address) = match output {
                    Output::Call(bytes) => (bytes, None),
                    Output::Create(bytes, address) => (bytes, address),
                };
                Receipt { status: Status::Success, gas_used, logs, output, contract_address, block_number }
            }
            ExecutionResult::Revert { output, .. } => Receipt {
                status: Status::Revert,
                gas_used,
                logs: Vec::new(),
                output,
                contract_address: None,
                block_number,
            },
            ExecutionResult::Halt { reason, .. } => Receipt {
                status: Status::Halt(format!("{reason:?}")),
                gas_used,
                logs: Vec::new(),
                output: Bytes::new(),
                contract_address: None,
                block_number,
            },
        }
    }

    fn account(&self, account: Address) -> AccountInfo {
        self.db().basic_ref(account).ok().flatten().unwrap_or_default()
    }

    fn db(&self) -> &InMemoryDB {
        &self.evm.inner.ctx.journaled_state.database
    }

    fn db_mut(&mut self) -> &mut InMemoryDB {
        &mut self.evm.inner.ctx.journaled_state.database
    }
}
