//! Deploying Stylus programs the way `cargo stylus deploy` does: the creation transaction with the
//! initcode, `activateProgram` on ArbWasm (0x71) with its data fee, then the constructor. The steps
//! run against any [`Transactor`]: an alloy provider for real Arbitrum chains, or the in-process
//! chain (which models ArbWasm) for tests, since no Arbitrum node runs here.
//!
//! [`deploy_suite`] deploys the whole Stylus suite in order ([`Program::ALL`]): the
//! GovernanceEmitter, the DIDRegistry, the LicenseRegistry, which is three programs (the lifecycle
//! and views programs first, then the entry program, whose constructor takes the Solidity
//! constructor's arguments followed by their addresses), the SettlementEngine, which is four
//! (views, config and graphs first, then the entry program, likewise), and the DLAEnforcement,
//! which is three (admin and sanctions first, then the entry program, likewise). It then sends the
//! role calls the Solidity deployment sends ([`suite::license_role_calls`],
//! [`suite::engine_role_calls`], [`suite::dla_role_calls`]), among them `ENFORCEMENT_ROLE` for the
//! DLA on the license registry and the settlement engine.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use alloy::network::TransactionBuilder;
use alloy::primitives::{Address, Bytes, TxHash, U256};
use alloy::providers::Provider;
use alloy::rpc::types::TransactionRequest;
use alloy::sol_types::SolCall;
use chlom_evm::stylus::arbwasm::{ARB_WASM, ArbWasm};
use chlom_evm::stylus::program;
use eyre::{Result, WrapErr, eyre};
use serde::Serialize;

use crate::record::{ContractRecord, DeploymentRecord, current_commit, unix_now};
use crate::suite::{self, RoleCall, Roles, Settings};

/// Headroom on the estimated data fee (percent); ArbWasm refunds what is not needed.
const DATA_FEE_HEADROOM_PERCENT: u64 = 10;

/// What to do when the packaged programs are missing or broken.
const BUILD_HINT: &str = "build them with script/build-stylus.sh, or pass --stylus-out <dir> with the folder it wrote";

/// A committed transaction.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sent {
    pub(crate) hash: Option<TxHash>,
    pub(crate) block: u64,
    pub(crate) contract: Option<Address>,
}

/// Something that sends transactions and runs calls as one account.
#[allow(async_fn_in_trait)] // used with concrete types only, never through `dyn` or across threads
pub(crate) trait Transactor {
    /// The account that sends.
    fn sender(&self) -> Address;
    /// Sends and waits for the receipt; a revert is an error.
    async fn send(&mut self, to: Option<Address>, data: Bytes, value: U256) -> Result<Sent>;
    /// Runs a call without committing.
    async fn call(&mut self, to: Address, data: Bytes, value: U256) -> Result<Bytes>;
    /// The sender's balance.
    async fn balance(&mut self) -> Result<U256>;
}

/// What a Stylus deployment did.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct StylusDeployment {
    pub(crate) address: Address,
    pub(crate) deployment: Option<TxHash>,
    pub(crate) activation: Option<TxHash>,
    /// The constructor call, for programs that have one.
    pub(crate) constructor: Option<TxHash>,
    pub(crate) block_number: u64,
    pub(crate) data_fee: U256,
    pub(crate) stylus_version: u16,
}

/// Deploys Stylus `code`, activates it and, when `constructor_args` is given, calls its
/// constructor with them (ABI-encoded, without selector).
pub(crate) async fn deploy(
    transactor: &mut impl Transactor,
    code: &[u8],
    constructor_args: Option<&[u8]>,
) -> Result<StylusDeployment> {
    program::decompress(code).wrap_err("the Stylus code does not unpack: rebuild it with script/build-stylus.sh")?;
    let created = transactor.send(None, program::initcode(code), U256::ZERO).await.wrap_err("the deployment failed")?;
    let address = created.contract.ok_or_else(|| eyre!("the deployment receipt names no contract"))?;
    tracing::info!(%address, "Stylus program deployed; activating");

    // ArbWasm reports the fee when asked with at least the fee: offer the whole balance in a call.
    let activate = Bytes::from(ArbWasm::activateProgramCall { program: address }.abi_encode());
    let balance = transactor.balance().await.wrap_err("cannot read the deployer's balance")?;
    let quoted = transactor.call(ARB_WASM, activate.clone(), balance).await.wrap_err_with(|| {
        format!(
            "ArbWasm refused the activation of the program created at {address}: the program is invalid or the \
             deployer cannot pay the data fee"
        )
    })?;
    let quote = ArbWasm::activateProgramCall::abi_decode_returns(&quoted).wrap_err_with(|| {
        format!(
            "unexpected ArbWasm answer when activating the program created at {address}: is the chain Arbitrum \
             with Stylus?"
        )
    })?;
    let value = quote.dataFee + quote.dataFee * U256::from(DATA_FEE_HEADROOM_PERCENT) / U256::from(100);
    let activated = transactor
        .send(Some(ARB_WASM), activate, value)
        .await
        .wrap_err_with(|| format!("the activation of the program created at {address} failed"))?;

    let mut constructed = None;
    if let Some(args) = constructor_args {
        let constructor = [&program::CONSTRUCTOR_SELECTOR[..], args].concat();
        let sent = transactor
            .send(Some(address), constructor.into(), U256::ZERO)
            .await
            .wrap_err_with(|| format!("the constructor of the program at {address} reverted"))?;
        constructed = sent.hash;
    }
    Ok(StylusDeployment {
        address,
        deployment: created.hash,
        activation: activated.hash,
        constructor: constructed,
        block_number: created.block,
        data_fee: quote.dataFee,
        stylus_version: quote.version,
    })
}

/// A program of the Stylus suite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Program {
    /// `contracts/stylus/governance-emitter`.
    GovernanceEmitter,
    /// `contracts/stylus/did-registry`.
    DidRegistry,
    /// The license registry's lifecycle program (no constructor).
    LicenseLifecycle,
    /// The license registry's views program (no constructor).
    LicenseViews,
    /// The license registry's entry program, the address users call.
    LicenseRegistry,
    /// The settlement engine's views program (no constructor).
    SettlementViews,
    /// The settlement engine's configuration program (no constructor).
    SettlementConfig,
    /// The settlement engine's graphs program (no constructor).
    SettlementGraphs,
    /// The settlement engine's entry program, the address users call.
    SettlementEngine,
    /// The DLA enforcement contract's administration program, the end of its `DELEGATECALL`
    /// chain: governance, role administration and every view (no constructor).
    DlaAdmin,
    /// The DLA enforcement contract's sanctions program (no constructor).
    DlaSanctions,
    /// The DLA enforcement contract's entry program, the address users call.
    DlaEnforcement,
}

impl Program {
    /// Every program, in deployment order: each program's constructor names only programs before it
    /// (the DLA's names the DID registry, the license registry and the engine, so it comes last).
    pub(crate) const ALL: [Self; 12] = [
        Self::GovernanceEmitter,
        Self::DidRegistry,
        Self::LicenseLifecycle,
        Self::LicenseViews,
        Self::LicenseRegistry,
        Self::SettlementViews,
        Self::SettlementConfig,
        Self::SettlementGraphs,
        Self::SettlementEngine,
        Self::DlaAdmin,
        Self::DlaSanctions,
        Self::DlaEnforcement,
    ];

    /// The name in `deployments/<chainId>.json`.
    pub(crate) const fn record_name(self) -> &'static str {
        match self {
            Self::GovernanceEmitter => "GovernanceEmitter.stylus",
            Self::DidRegistry => "DIDRegistry.stylus",
            Self::LicenseLifecycle => "LicenseRegistry.stylus.lifecycle",
            Self::LicenseViews => "LicenseRegistry.stylus.views",
            Self::LicenseRegistry => "LicenseRegistry.stylus",
            Self::SettlementViews => "SettlementEngine.stylus.views",
            Self::SettlementConfig => "SettlementEngine.stylus.config",
            Self::SettlementGraphs => "SettlementEngine.stylus.graphs",
            Self::SettlementEngine => "SettlementEngine.stylus",
            Self::DlaAdmin => "DLAEnforcement.stylus.admin",
            Self::DlaSanctions => "DLAEnforcement.stylus.sanctions",
            Self::DlaEnforcement => "DLAEnforcement.stylus",
        }
    }

    /// The file name without `.code`, as `script/build-stylus.sh` writes it.
    pub(crate) const fn file_stem(self) -> &'static str {
        match self {
            Self::GovernanceEmitter => "chlom_stylus_governance_emitter",
            Self::DidRegistry => "chlom_stylus_did_registry",
            Self::LicenseLifecycle => "chlom_stylus_license_lifecycle",
            Self::LicenseViews => "chlom_stylus_license_views",
            Self::LicenseRegistry => "chlom_stylus_license_registry",
            Self::SettlementViews => "chlom_stylus_settlement_views",
            Self::SettlementConfig => "chlom_stylus_settlement_config",
            Self::SettlementGraphs => "chlom_stylus_settlement_graphs",
            Self::SettlementEngine => "chlom_stylus_settlement_engine",
            Self::DlaAdmin => "chlom_stylus_dla_admin",
            Self::DlaSanctions => "chlom_stylus_dla_sanctions",
            Self::DlaEnforcement => "chlom_stylus_dla_enforcement",
        }
    }

    /// The constructor's arguments, or `None` for a program without constructor. `address_of`
    /// gives the address of a program deployed before this one.
    ///
    /// The license registry, the settlement engine and the DLA enforcement contract are created with
    /// the deployer as admin, as the Solidity deployment does ([`suite::plan`]): the deployer grants
    /// the other roles and then hands the admin role over.
    pub(crate) fn constructor(
        self,
        settings: Settings,
        deployer: Address,
        address_of: impl Fn(Self) -> Option<Address>,
    ) -> Option<Vec<Argument>> {
        let roles = settings.roles;
        let earlier = |program: Self| {
            address_of(program).expect("Program::ALL deploys every program a constructor names before it")
        };
        let argument = |name, address| Argument { name, value: Value::Address(address) };
        match self {
            Self::GovernanceEmitter => Some(vec![argument("admin", roles.admin), argument("approver", roles.approver)]),
            Self::DidRegistry => Some(vec![argument("admin", roles.admin), argument("verifier", roles.approver)]),
            Self::LicenseLifecycle
            | Self::LicenseViews
            | Self::SettlementViews
            | Self::SettlementConfig
            | Self::SettlementGraphs
            | Self::DlaAdmin
            | Self::DlaSanctions => None,
            Self::LicenseRegistry => Some(vec![
                argument("admin", deployer),
                argument("didRegistry", earlier(Self::DidRegistry)),
                argument("lifecycle", earlier(Self::LicenseLifecycle)),
                argument("views", earlier(Self::LicenseViews)),
            ]),
            Self::SettlementEngine => Some(vec![
                argument("admin", deployer),
                Argument { name: "epochSeconds", value: Value::Uint64(settings.epoch_seconds) },
                argument("graphsProgram", earlier(Self::SettlementGraphs)),
                argument("configProgram", earlier(Self::SettlementConfig)),
                argument("viewsProgram", earlier(Self::SettlementViews)),
            ]),
            Self::DlaEnforcement => Some(vec![
                argument("admin", deployer),
                argument("didRegistry", earlier(Self::DidRegistry)),
                argument("licenseRegistry", earlier(Self::LicenseRegistry)),
                argument("settlementEngine", earlier(Self::SettlementEngine)),
                argument("sanctionsProgram", earlier(Self::DlaSanctions)),
                argument("adminProgram", earlier(Self::DlaAdmin)),
            ]),
        }
    }

    /// How many transactions deploying it takes: creation, activation and, if it has one, the
    /// constructor.
    fn transactions(self) -> u64 {
        match self {
            Self::LicenseLifecycle
            | Self::LicenseViews
            | Self::SettlementViews
            | Self::SettlementConfig
            | Self::SettlementGraphs
            | Self::DlaAdmin
            | Self::DlaSanctions => 2,
            Self::GovernanceEmitter
            | Self::DidRegistry
            | Self::LicenseRegistry
            | Self::SettlementEngine
            | Self::DlaEnforcement => 3,
        }
    }
}

/// One constructor argument (the suite's constructors take addresses and, for the settlement
/// engine's epoch length, a `uint64`: static types only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct Argument {
    /// The parameter's name.
    pub(crate) name: &'static str,
    /// Its value, serialized under its type's name (`"address": "0x…"`, `"uint64": 86400`).
    #[serde(flatten)]
    pub(crate) value: Value,
}

/// The value of a constructor argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) enum Value {
    /// An `address`.
    Address(Address),
    /// A `uint64`.
    Uint64(u64),
}

impl Value {
    /// The value's ABI word.
    fn word(self) -> [u8; 32] {
        match self {
            Self::Address(address) => address.into_word().0,
            Self::Uint64(value) => U256::from(value).to_be_bytes(),
        }
    }
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Address(address) => write!(f, "{address}"),
            Self::Uint64(value) => write!(f, "{value}"),
        }
    }
}

/// The ABI encoding of `arguments` (static types: one word each).
pub(crate) fn encode_arguments(arguments: &[Argument]) -> Vec<u8> {
    arguments.iter().flat_map(|argument| argument.value.word()).collect()
}

/// One program's packaged code, read and checked.
#[derive(Debug, Clone)]
pub(crate) struct Packaged {
    pub(crate) program: Program,
    pub(crate) path: PathBuf,
    /// The deployable code (`EF F0 00 00` + brotli).
    pub(crate) code: Bytes,
    /// The size of the WASM it unpacks to.
    pub(crate) wasm_bytes: usize,
}

/// The whole suite's code, in [`Program::ALL`] order.
#[derive(Debug, Clone)]
pub(crate) struct StylusSuite {
    pub(crate) programs: Vec<Packaged>,
}

impl StylusSuite {
    /// Reads every program from `out` (`<file stem>.code`, hex) and checks that each unpacks, so
    /// that nothing is sent when one of them is missing or broken.
    pub(crate) fn load(out: &Path) -> Result<Self> {
        let mut programs = Vec::new();
        for program in Program::ALL {
            let path = out.join(format!("{}.code", program.file_stem()));
            let code = program::read_code(&path).wrap_err_with(|| {
                format!("the Stylus {} is missing from {}: {BUILD_HINT}", program.record_name(), out.display())
            })?;
            let wasm = program::decompress(&code).wrap_err_with(|| {
                format!("{} does not unpack: rebuild it with script/build-stylus.sh", path.display())
            })?;
            programs.push(Packaged { program, path, code, wasm_bytes: wasm.len() });
        }
        Ok(Self { programs })
    }
}

/// One program in a plan.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Planned {
    /// The name it is recorded under.
    pub(crate) name: &'static str,
    pub(crate) file: PathBuf,
    pub(crate) compressed_bytes: usize,
    pub(crate) wasm_bytes: usize,
    /// Where its creation lands, from the deployer's nonce.
    pub(crate) address: Address,
    /// The constructor's arguments; `None` when the program has no constructor.
    pub(crate) constructor: Option<Vec<Argument>>,
    /// `eth_estimateGas` of the creation, when simulated.
    pub(crate) estimated_gas: Option<u64>,
}

/// The Stylus deployment: the programs in order, then the license registry's, the settlement
/// engine's and the DLA enforcement contract's role calls.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SuitePlan {
    pub(crate) programs: Vec<Planned>,
    pub(crate) role_calls: Vec<RoleCall>,
}

/// What [`deploy_suite`] will do when `deployer` sends from `nonce` on, with the addresses its
/// creations will get (each program takes two transactions, three with a constructor).
pub(crate) fn plan(suite: &StylusSuite, settings: Settings, deployer: Address, nonce: u64) -> SuitePlan {
    let mut next = nonce;
    let mut addresses = BTreeMap::new();
    for packaged in &suite.programs {
        addresses.insert(packaged.program, deployer.create(next));
        next += packaged.program.transactions();
    }
    let programs = suite
        .programs
        .iter()
        .map(|packaged| Planned {
            name: packaged.program.record_name(),
            file: packaged.path.clone(),
            compressed_bytes: packaged.code.len(),
            wasm_bytes: packaged.wasm_bytes,
            address: addresses[&packaged.program],
            constructor: packaged.program.constructor(settings, deployer, |program| addresses.get(&program).copied()),
            estimated_gas: None,
        })
        .collect();
    let dla = *addresses.get(&Program::DlaEnforcement).expect("StylusSuite::load reads every program of Program::ALL");
    SuitePlan { programs, role_calls: role_calls(settings.roles, deployer, dla) }
}

/// The calls after the programs, on the entry programs, as the Solidity deployment sends them: the
/// license registry's roles, the settlement engine's (both with `ENFORCEMENT_ROLE` for the DLA
/// enforcement contract's entry program at `dla`), then the DLA's.
fn role_calls(roles: Roles, deployer: Address, dla: Address) -> Vec<RoleCall> {
    let name = Program::DlaEnforcement.record_name();
    let enforcer = suite::Enforcer { name, address: dla };
    let mut calls = suite::license_role_calls(Program::LicenseRegistry.record_name(), roles, deployer, enforcer);
    calls.extend(suite::engine_role_calls(Program::SettlementEngine.record_name(), roles, deployer, enforcer));
    calls.extend(suite::dla_role_calls(name, roles, deployer));
    calls
}

/// One deployed program.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DeployedProgram {
    pub(crate) name: &'static str,
    #[serde(skip)]
    pub(crate) program: Program,
    #[serde(flatten)]
    pub(crate) deployment: StylusDeployment,
}

/// A role call that was sent.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SentRoleCall {
    #[serde(flatten)]
    pub(crate) call: RoleCall,
    pub(crate) transaction_hash: Option<TxHash>,
}

/// What [`deploy_suite`] did so far.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SuiteDeployment {
    pub(crate) programs: Vec<DeployedProgram>,
    pub(crate) role_calls: Vec<SentRoleCall>,
}

impl SuiteDeployment {
    /// The address of `program`, if deployed.
    pub(crate) fn address_of(&self, program: Program) -> Option<Address> {
        self.programs.iter().find(|deployed| deployed.program == program).map(|deployed| deployed.deployment.address)
    }

    /// The record of chain `chain_id`: one entry per deployed program, under
    /// [`Program::record_name`].
    pub(crate) fn record(&self, chain_id: u64, deployer: Address) -> DeploymentRecord {
        let contracts = self
            .programs
            .iter()
            .map(|deployed| {
                let record = ContractRecord {
                    address: deployed.deployment.address,
                    transaction_hash: deployed.deployment.deployment.unwrap_or_default(),
                    block_number: deployed.deployment.block_number,
                };
                (deployed.name.to_owned(), record)
            })
            .collect();
        DeploymentRecord {
            chain_id,
            commit: current_commit(),
            deployer,
            recorded_at: unix_now(),
            tool: "chlom deploy --stylus".into(),
            contracts,
        }
    }

    /// The programs deployed, activated and constructed so far, for an error that stops the
    /// deployment halfway.
    pub(crate) fn summary(&self) -> String {
        if self.programs.is_empty() {
            return "no program was completed".to_owned();
        }
        let deployed: Vec<String> = self
            .programs
            .iter()
            .map(|deployed| format!("{} at {}", deployed.name, deployed.deployment.address))
            .collect();
        format!("completed before the failure: {}", deployed.join(", "))
    }
}

/// Deploys the whole suite in [`Program::ALL`] order as the transactor's sender, then sends the
/// license registry's, the settlement engine's and the DLA enforcement contract's role calls.
/// `progress` collects each step as it completes, so that a caller can report what was deployed
/// when a later step fails.
pub(crate) async fn deploy_suite(
    transactor: &mut impl Transactor,
    suite: &StylusSuite,
    settings: Settings,
    progress: &mut SuiteDeployment,
) -> Result<()> {
    let deployer = transactor.sender();
    let count = suite.programs.len();
    for (index, packaged) in suite.programs.iter().enumerate() {
        let name = packaged.program.record_name();
        tracing::info!(step = index + 1, of = count, program = name, "deploying");
        let arguments = packaged.program.constructor(settings, deployer, |program| progress.address_of(program));
        let encoded = arguments.as_deref().map(encode_arguments);
        let deployment = deploy(transactor, &packaged.code, encoded.as_deref())
            .await
            .wrap_err_with(|| format!("cannot deploy the Stylus {name} ({})", packaged.path.display()))?;
        tracing::info!(program = name, address = %deployment.address, data_fee = %deployment.data_fee, "deployed and activated");
        progress.programs.push(DeployedProgram { name, program: packaged.program, deployment });
    }
    let dla = progress
        .address_of(Program::DlaEnforcement)
        .expect("StylusSuite::load reads every program of Program::ALL, and the loop above deployed each or returned");
    for call in role_calls(settings.roles, deployer, dla) {
        let described = call.describe();
        let target = progress
            .programs
            .iter()
            .find(|deployed| deployed.name == call.contract)
            .map(|deployed| deployed.deployment.address)
            .ok_or_else(|| eyre!("{} is not part of the Stylus suite", call.contract))?;
        tracing::info!(call = %described, "setting up roles");
        let sent = transactor.send(Some(target), call.calldata.clone(), U256::ZERO).await.wrap_err_with(|| {
            format!("{described} failed: send it from {deployer} to {target} by hand, then the calls after it")
        })?;
        progress.role_calls.push(SentRoleCall { call, transaction_hash: sent.hash });
    }
    Ok(())
}

/// An alloy provider with a wallet, sending as `sender`.
pub(crate) struct ProviderTransactor<P> {
    pub(crate) provider: P,
    pub(crate) sender: Address,
}

impl<P: Provider> Transactor for ProviderTransactor<P> {
    fn sender(&self) -> Address {
        self.sender
    }

    async fn send(&mut self, to: Option<Address>, data: Bytes, value: U256) -> Result<Sent> {
        let mut request = TransactionRequest::default().with_from(self.sender).with_value(value);
        request = match to {
            Some(to) => request.with_to(to).with_input(data),
            None => request.with_deploy_code(data),
        };
        let receipt = self.provider.send_transaction(request).await?.get_receipt().await?;
        if !receipt.status() {
            return Err(eyre!("transaction {} reverted", receipt.transaction_hash));
        }
        Ok(Sent {
            hash: Some(receipt.transaction_hash),
            block: receipt.block_number.unwrap_or_default(),
            contract: receipt.contract_address,
        })
    }

    async fn call(&mut self, to: Address, data: Bytes, value: U256) -> Result<Bytes> {
        let request =
            TransactionRequest::default().with_from(self.sender).with_to(to).with_input(data).with_value(value);
        Ok(self.provider.call(request).await?)
    }

    async fn balance(&mut self) -> Result<U256> {
        Ok(self.provider.get_balance(self.sender).await?)
    }
}

/// The in-process chain, sending as `sender`.
#[cfg(test)]
pub(crate) struct ChainTransactor<'a> {
    pub(crate) chain: &'a mut chlom_evm::Chain,
    pub(crate) sender: Address,
}

#[cfg(test)]
impl Transactor for ChainTransactor<'_> {
    fn sender(&self) -> Address {
        self.sender
    }

    async fn send(&mut self, to: Option<Address>, data: Bytes, value: U256) -> Result<Sent> {
        let request = chlom_evm::TxRequest { from: self.sender, to, data, value, gas_limit: None };
        let receipt = self.chain.transact(request)?.into_result()?;
        Ok(Sent { hash: None, block: receipt.block_number, contract: receipt.contract_address })
    }

    async fn call(&mut self, to: Address, data: Bytes, value: U256) -> Result<Bytes> {
        let request = chlom_evm::TxRequest { from: self.sender, to: Some(to), data, value, gas_limit: None };
        Ok(self.chain.call_raw(request)?.into_result()?.output)
    }

    async fn balance(&mut self) -> Result<U256> {
        Ok(self.chain.balance(self.sender))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy::primitives::{B256, FixedBytes, keccak256};
    use alloy::sol_types::SolConstructor;
    use chlom_bindings::{
        DIDRegistry, DLAEnforcement, GovernanceEmitter, ILicenseRegistry, LicenseRegistry, SettlementEngine,
    };
    use chlom_core::enforcement::Sanction;
    use chlom_core::identity::Status;
    use chlom_core::license::model;
    use chlom_evm::Chain;

    fn stylus_out() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../contracts/stylus/out")
    }

    fn emitter_code() -> Bytes {
        program::read_code(stylus_out().join("chlom_stylus_governance_emitter.code")).unwrap_or_else(|e| panic!("{e}"))
    }

    #[tokio::test]
    async fn deploys_activates_and_constructs_like_cargo_stylus() {
        let mut chain = Chain::new();
        let deployer = Address::repeat_byte(0xd0);
        chain.fund(deployer, U256::from(10u64).pow(U256::from(19)));
        let args = GovernanceEmitter::constructorCall { admin: deployer, approver: deployer }.abi_encode();
        let deployment =
            deploy(&mut ChainTransactor { chain: &mut chain, sender: deployer }, &emitter_code(), Some(&args))
                .await
                .expect("deploys");

        assert_eq!(deployment.stylus_version, 1);
        assert!(deployment.data_fee > U256::ZERO);
        let version =
            chain.view(ARB_WASM, &ArbWasm::programVersionCall { program: deployment.address }).expect("active");
        assert_eq!(version, 1);
        let role = chain.view(deployment.address, &GovernanceEmitter::APPROVER_ROLECall {}).expect("runs");
        let has =
            chain.view(deployment.address, &GovernanceEmitter::hasRoleCall { role, account: deployer }).expect("runs");
        assert!(has, "the constructor ran");
        assert_eq!(
            U256::from(10u64).pow(U256::from(19)) - chain.balance(deployer),
            deployment.data_fee,
            "the headroom was refunded"
        );
    }

    #[tokio::test]
    async fn code_that_is_not_stylus_is_refused_before_sending() {
        let mut chain = Chain::new();
        let error =
            deploy(&mut ChainTransactor { chain: &mut chain, sender: Address::repeat_byte(1) }, &[0x60, 0x00], None)
                .await
                .expect_err("not Stylus");
        assert!(format!("{error:#}").contains("script/build-stylus.sh"), "{error:#}");
        assert_eq!(chain.nonce(Address::repeat_byte(1)), 0, "nothing was sent");
    }

    #[tokio::test]
    async fn a_deployer_without_the_data_fee_fails_at_activation() {
        let mut chain = Chain::new();
        let broke = Address::repeat_byte(2);
        let error = deploy(&mut ChainTransactor { chain: &mut chain, sender: broke }, &emitter_code(), Some(&[]))
            .await
            .expect_err("cannot pay");
        assert!(format!("{error:#}").contains("cannot pay the data fee"), "{error:#}");
    }

    #[test]
    fn constructor_arguments_encode_as_the_solidity_constructors_do() {
        let (admin, approver, deployer) = (Address::repeat_byte(1), Address::repeat_byte(2), Address::repeat_byte(3));
        let settings = Settings { roles: Roles { admin, approver }, epoch_seconds: 3_600 };
        let none = |_| None;
        let encoded = |program: Program| {
            let addresses = |program| Some(Address::with_last_byte(program as u8 + 0x10));
            encode_arguments(&program.constructor(settings, deployer, addresses).expect("has a constructor"))
        };
        assert_eq!(
            encoded(Program::GovernanceEmitter),
            GovernanceEmitter::constructorCall { admin, approver }.abi_encode()
        );
        assert_eq!(
            encoded(Program::DidRegistry),
            DIDRegistry::constructorCall { admin, verifier: approver }.abi_encode()
        );
        let dids = Address::with_last_byte(Program::DidRegistry as u8 + 0x10);
        let solidity = LicenseRegistry::constructorCall { admin: deployer, dids }.abi_encode();
        let stylus = encoded(Program::LicenseRegistry);
        assert_eq!(stylus[..64], solidity[..], "the Solidity arguments first, the deployer as admin");
        assert_eq!(stylus[64..96], Address::with_last_byte(Program::LicenseLifecycle as u8 + 0x10).into_word()[..]);
        assert_eq!(stylus[96..], Address::with_last_byte(Program::LicenseViews as u8 + 0x10).into_word()[..]);
        let solidity = SettlementEngine::constructorCall { admin: deployer, epochSeconds: 3_600 }.abi_encode();
        let stylus = encoded(Program::SettlementEngine);
        assert_eq!(stylus[..64], solidity[..], "the Solidity arguments first, the deployer as admin");
        let part = |program: Program| Address::with_last_byte(program as u8 + 0x10).into_word();
        assert_eq!(stylus[64..96], part(Program::SettlementGraphs)[..]);
        assert_eq!(stylus[96..128], part(Program::SettlementConfig)[..]);
        assert_eq!(stylus[128..], part(Program::SettlementViews)[..]);
        let solidity = DLAEnforcement::constructorCall {
            admin: deployer,
            didRegistry: dids,
            licenseRegistry: Address::with_last_byte(Program::LicenseRegistry as u8 + 0x10),
            settlementEngine: Address::with_last_byte(Program::SettlementEngine as u8 + 0x10),
        }
        .abi_encode();
        let stylus = encoded(Program::DlaEnforcement);
        assert_eq!(stylus[..128], solidity[..], "the Solidity arguments first, the deployer as admin");
        assert_eq!(stylus[128..160], part(Program::DlaSanctions)[..]);
        assert_eq!(stylus[160..], part(Program::DlaAdmin)[..]);
        for program in [
            Program::LicenseLifecycle,
            Program::LicenseViews,
            Program::SettlementViews,
            Program::SettlementConfig,
            Program::SettlementGraphs,
            Program::DlaAdmin,
            Program::DlaSanctions,
        ] {
            assert!(program.constructor(settings, deployer, none).is_none(), "{program:?}");
        }
    }

    #[test]
    fn a_missing_or_broken_program_is_refused_with_what_to_run() {
        let dir = tempfile::tempdir().expect("tempdir");
        let error = StylusSuite::load(dir.path()).expect_err("empty folder");
        let message = format!("{error:#}");
        assert!(
            message.contains("GovernanceEmitter.stylus") && message.contains("script/build-stylus.sh"),
            "{message}"
        );

        for program in Program::ALL {
            let name = format!("{}.code", program.file_stem());
            std::fs::copy(stylus_out().join(&name), dir.path().join(&name)).expect("copies");
        }
        StylusSuite::load(dir.path()).expect("the whole suite");
        std::fs::write(dir.path().join("chlom_stylus_license_views.code"), "0xeff00000deadbeef").expect("writes");
        let message = format!("{:#}", StylusSuite::load(dir.path()).expect_err("views broken"));
        assert!(
            message.contains("chlom_stylus_license_views.code does not unpack") && message.contains("build-stylus.sh"),
            "{message}"
        );
    }

    /// Registers `did` for `controller` and has the verifier move it to Valid.
    fn valid_did(chain: &mut Chain, dids: Address, verifier: Address, controller: Address, did: &str) -> B256 {
        let register = DIDRegistry::registerDIDCall {
            did: Bytes::copy_from_slice(did.as_bytes()),
            region: FixedBytes(*b"DE"),
            biometricCommitment: B256::repeat_byte(0x42),
        };
        chain.send(controller, dids, &register).expect("the DID registers");
        for next in [Status::Verified, Status::Valid] {
            let call = DIDRegistry::setStatusCall { didHash: keccak256(did), next: next as u8 };
            chain.send(verifier, dids, &call).expect("the verifier moves the DID");
        }
        keccak256(did)
    }

    #[tokio::test]
    async fn deploys_the_whole_suite_wired_and_a_license_can_be_issued_activated_and_sanctioned() {
        let mut chain = Chain::new();
        let (deployer, admin, approver, holder) = (
            Address::repeat_byte(0xd0),
            Address::repeat_byte(0xad),
            Address::repeat_byte(0xa9),
            Address::repeat_byte(0xb1),
        );
        chain.fund(deployer, U256::from(10u64).pow(U256::from(20)));
        let roles = Roles { admin, approver };
        let settings = Settings { roles, epoch_seconds: 3_600 };
        let suite = StylusSuite::load(&stylus_out()).expect("built by script/build-stylus.sh");
        let planned = plan(&suite, settings, deployer, chain.nonce(deployer));

        let mut deployment = SuiteDeployment::default();
        deploy_suite(&mut ChainTransactor { chain: &mut chain, sender: deployer }, &suite, settings, &mut deployment)
            .await
            .expect("the suite deploys");

        // In order, at the planned addresses, each active.
        let names: Vec<&str> = deployment.programs.iter().map(|deployed| deployed.name).collect();
        assert_eq!(
            names,
            [
                "GovernanceEmitter.stylus",
                "DIDRegistry.stylus",
                "LicenseRegistry.stylus.lifecycle",
                "LicenseRegistry.stylus.views",
                "LicenseRegistry.stylus",
                "SettlementEngine.stylus.views",
                "SettlementEngine.stylus.config",
                "SettlementEngine.stylus.graphs",
                "SettlementEngine.stylus",
                "DLAEnforcement.stylus.admin",
                "DLAEnforcement.stylus.sanctions",
                "DLAEnforcement.stylus",
            ]
        );
        for (planned, deployed) in planned.programs.iter().zip(&deployment.programs) {
            assert_eq!((planned.name, planned.address), (deployed.name, deployed.deployment.address));
            let version = chain
                .view(ARB_WASM, &ArbWasm::programVersionCall { program: deployed.deployment.address })
                .expect("activated");
            assert_eq!(version, 1, "{}", deployed.name);
        }
        let address = |program| deployment.address_of(program).expect("deployed");
        let (emitter, dids, registry) =
            (address(Program::GovernanceEmitter), address(Program::DidRegistry), address(Program::LicenseRegistry));
        let sent: Vec<(&str, &str, Option<&str>, Address)> = deployment
            .role_calls
            .iter()
            .map(|sent| (sent.call.contract, sent.call.function, sent.call.role_name, sent.call.account))
            .collect();
        let (licenses, engine, dla) = ("LicenseRegistry.stylus", "SettlementEngine.stylus", "DLAEnforcement.stylus");
        let enforcer = address(Program::DlaEnforcement);
        assert_eq!(
            sent,
            [
                (licenses, "grantRole", Some("ISSUER_ROLE"), approver),
                (licenses, "grantRole", Some("COMPLIANCE_ROLE"), approver),
                (licenses, "grantRole", Some("ENFORCEMENT_ROLE"), approver),
                (licenses, "grantRole", Some("ENFORCEMENT_ROLE"), enforcer),
                (licenses, "grantRole", Some("DEFAULT_ADMIN_ROLE"), admin),
                (licenses, "renounceRole", Some("DEFAULT_ADMIN_ROLE"), deployer),
                (engine, "grantRole", Some("SETTLER_ROLE"), approver),
                (engine, "grantRole", Some("GRAPH_ROLE"), approver),
                (engine, "grantRole", Some("TAX_ROLE"), approver),
                (engine, "grantRole", Some("ENFORCEMENT_ROLE"), approver),
                (engine, "grantRole", Some("PAUSER_ROLE"), approver),
                (engine, "grantRole", Some("ENFORCEMENT_ROLE"), enforcer),
                (engine, "setFee", None, admin),
                (engine, "setSustainability", None, admin),
                (engine, "setCommunityPool", None, admin),
                (engine, "grantRole", Some("DEFAULT_ADMIN_ROLE"), admin),
                (engine, "renounceRole", Some("DEFAULT_ADMIN_ROLE"), deployer),
                (dla, "grantRole", Some("TRIAGE_ROLE"), approver),
                (dla, "grantRole", Some("INVESTIGATOR_ROLE"), approver),
                (dla, "grantRole", Some("COUNCIL_ROLE"), approver),
                (dla, "setTreasury", None, admin),
                (dla, "grantRole", Some("DEFAULT_ADMIN_ROLE"), admin),
                (dla, "renounceRole", Some("DEFAULT_ADMIN_ROLE"), deployer),
            ],
            "the Solidity deployment's role calls"
        );
        // Exactly the Solidity deployment's calls, with the Stylus DLA where the Solidity one's
        // address (another nonce) is granted its role.
        let solidity_plan = suite::plan(settings, deployer, 0);
        let solidity_dla =
            solidity_plan.contracts.iter().find(|c| c.name == suite::DLA_ENFORCEMENT).expect("planned").address;
        let to_stylus = |account: Address| if account == solidity_dla { enforcer } else { account };
        let solidity: Vec<(String, &str, Option<&str>, Address, Bytes)> = solidity_plan
            .role_calls
            .iter()
            .map(|call| {
                // Every argument is one word (a role id or an account): swap the DLA's word.
                let mut calldata = call.calldata.to_vec();
                for word in calldata[4..].chunks_mut(32) {
                    if word == solidity_dla.into_word().as_slice() {
                        word.copy_from_slice(enforcer.into_word().as_slice());
                    }
                }
                let contract = format!("{}.stylus", call.contract);
                (contract, call.function, call.role_name, to_stylus(call.account), calldata.into())
            })
            .collect();
        let stylus: Vec<(String, &str, Option<&str>, Address, Bytes)> = deployment
            .role_calls
            .iter()
            .map(|sent| {
                let call = &sent.call;
                (call.contract.to_owned(), call.function, call.role_name, call.account, call.calldata.clone())
            })
            .collect();
        assert_eq!(stylus, solidity, "the same calls as the Solidity deployment");

        // The wiring: roles as the Solidity deployment leaves them, the Stylus DID registry.
        let has = |chain: &mut Chain, contract, role, account| {
            chain.view(contract, &LicenseRegistry::hasRoleCall { role, account }).expect("hasRole")
        };
        let approver_role = chain.view(emitter, &GovernanceEmitter::APPROVER_ROLECall {}).expect("runs");
        assert!(has(&mut chain, emitter, approver_role, approver) && has(&mut chain, emitter, B256::ZERO, admin));
        let verifier_role = chain.view(dids, &DIDRegistry::VERIFIER_ROLECall {}).expect("runs");
        assert!(has(&mut chain, dids, verifier_role, approver) && has(&mut chain, dids, B256::ZERO, admin));
        for role in [model::issuer_role(), model::compliance_role(), model::enforcement_role()] {
            assert!(has(&mut chain, registry, role, approver), "{role}");
        }
        assert!(has(&mut chain, registry, B256::ZERO, admin), "the admin role was handed over");
        assert!(!has(&mut chain, registry, B256::ZERO, deployer), "the deployer renounced it");
        assert!(has(&mut chain, registry, model::enforcement_role(), enforcer), "the DLA enforces on the registry");
        assert_eq!(chain.view(registry, &LicenseRegistry::didRegistryCall {}).expect("runs"), dids);

        // The settlement engine: its epoch length, its roles with the approver, its admin role and
        // wallets with the admin, and the four programs wired (a settlement runs through them).
        let engine = address(Program::SettlementEngine);
        assert_eq!(chain.view(engine, &SettlementEngine::epochLengthCall {}).expect("runs"), 3_600);
        let roles_on_chain = [
            chain.view(engine, &SettlementEngine::SETTLER_ROLECall {}).expect("runs"),
            chain.view(engine, &SettlementEngine::GRAPH_ROLECall {}).expect("runs"),
            chain.view(engine, &SettlementEngine::TAX_ROLECall {}).expect("runs"),
            chain.view(engine, &SettlementEngine::ENFORCEMENT_ROLECall {}).expect("runs"),
            chain.view(engine, &SettlementEngine::PAUSER_ROLECall {}).expect("runs"),
        ];
        let granted: Vec<B256> = suite::ENGINE_ROLES.iter().map(|(_, id)| keccak256(id)).collect();
        assert_eq!(granted, roles_on_chain, "the role ids the deployment grants are the engine's");
        for role in roles_on_chain {
            assert!(has(&mut chain, engine, role, approver), "{role}");
            assert!(!has(&mut chain, engine, role, deployer), "{role}");
        }
        assert!(has(&mut chain, engine, B256::ZERO, admin), "the admin role was handed over");
        assert!(!has(&mut chain, engine, B256::ZERO, deployer), "the deployer renounced it");
        let engine_enforcement = chain.view(engine, &SettlementEngine::ENFORCEMENT_ROLECall {}).expect("runs");
        assert!(has(&mut chain, engine, engine_enforcement, enforcer), "the DLA enforces on the engine");
        let fee = chain.view(engine, &SettlementEngine::feeCall {}).expect("runs");
        assert_eq!((fee.feeBps, fee.feeWallet), (0, admin));
        let sustainability = chain.view(engine, &SettlementEngine::sustainabilityCall {}).expect("runs");
        let minimum = chain.view(engine, &SettlementEngine::MIN_SUSTAINABILITY_BPSCall {}).expect("runs");
        assert_eq!((sustainability.shareBps, sustainability.wallet), (minimum, admin));
        assert_eq!(chain.view(engine, &SettlementEngine::communityPoolCall {}).expect("runs"), admin);

        let payee = Address::repeat_byte(0x77);
        let shares = vec![chlom_bindings::ISettlementEngine::Share {
            recipient: payee,
            kind: 0,
            bps: 10_000,
            floor: 0,
            cap: 0,
            adjustment: 0,
            vestingCliff: 0,
            vestingEnd: 0,
        }];
        let graph_id = keccak256("deployed graph");
        let register = SettlementEngine::registerGraphCall { graphId: graph_id, shares: shares.clone() };
        chain.send(approver, engine, &register).expect("the approver registers a graph");
        let treasury = Address::repeat_byte(0x7e);
        chain
            .send(admin, engine, &SettlementEngine::setFeeCall { feeBps: 100, feeWallet: treasury })
            .expect("the admin sets a fee");
        let amount = U256::from(1_000_000u64);
        chain.fund(approver, amount);
        let request = chlom_bindings::ISettlementEngine::SettleRequest {
            txid: B256::repeat_byte(1),
            graphId: graph_id,
            licenseId: U256::ZERO,
            token: Address::ZERO,
            amount,
            mcc: 0,
        };
        let settle = SettlementEngine::settleCall { request, shares }.abi_encode();
        chain
            .transact(chlom_evm::TxRequest::call(approver, engine, settle).with_value(amount))
            .and_then(|outcome| outcome.into_result())
            .expect("the approver settles");
        let credit = |chain: &mut Chain, account| {
            chain.view(engine, &SettlementEngine::creditOfCall { token: Address::ZERO, account }).expect("runs")
        };
        assert_eq!(credit(&mut chain, admin), U256::from(100u64), "1% of the fee to the admin's sustainability wallet");
        assert_eq!(credit(&mut chain, treasury), U256::from(9_900u64));
        assert_eq!(credit(&mut chain, payee), U256::from(990_000u64));
        assert_eq!(credit(&mut chain, deployer), U256::ZERO, "no wallet is left with the deployer");

        // A license through the Stylus registry and the Stylus DID registry.
        let issuer_did = valid_did(&mut chain, dids, approver, approver, "did:chlom:stylus-issuer");
        let holder_did = valid_did(&mut chain, dids, approver, holder, "did:chlom:stylus-holder");
        let request = ILicenseRegistry::IssueRequest {
            issuerDid: issuer_did,
            holderDid: holder_did,
            licenseType: 0,
            jurisdiction: ILicenseRegistry::Jurisdiction {
                region: FixedBytes(*b"DE"),
                lawRef: B256::ZERO,
                allowedRegions: Vec::new(),
            },
            expiresAt: chain.timestamp() + 365 * 86_400,
            royaltyBps: 250,
            renewable: true,
            sublicensable: true,
            termsUri: "ipfs://terms".into(),
        };
        chain.send(approver, registry, &LicenseRegistry::issueLicenseCall { request }).expect("the approver issues");
        let id = chlom_core::license::license_id(issuer_did, holder_did, U256::ZERO);
        assert_eq!(chain.view(registry, &LicenseRegistry::ownerOfCall { tokenId: id }).expect("minted"), holder);
        chain.send(approver, registry, &LicenseRegistry::activateLicenseCall { id }).expect("the issuer activates");
        let state = chain.view(registry, &LicenseRegistry::stateOfCall { id }).expect("runs");
        assert_eq!(state, chlom_core::license::LicenseState::Active as u8);
        assert!(chain.view(registry, &LicenseRegistry::isUsableCall { id }).expect("runs"));

        // The DLA enforcement contract: wired to the Stylus DID registry, license registry and
        // engine, its case roles with the approver, its admin role and treasury with the admin.
        let dla = address(Program::DlaEnforcement);
        assert_eq!(chain.view(dla, &DLAEnforcement::didRegistryCall {}).expect("runs"), dids);
        assert_eq!(chain.view(dla, &DLAEnforcement::licenseRegistryCall {}).expect("runs"), registry);
        assert_eq!(chain.view(dla, &DLAEnforcement::settlementEngineCall {}).expect("runs"), engine);
        assert_eq!(chain.view(dla, &DLAEnforcement::treasuryCall {}).expect("runs"), admin, "handed to the admin");
        assert_eq!(chain.view(dla, &DLAEnforcement::councilQuorumCall {}).expect("runs"), 1);
        let dla_roles = [
            chain.view(dla, &DLAEnforcement::TRIAGE_ROLECall {}).expect("runs"),
            chain.view(dla, &DLAEnforcement::INVESTIGATOR_ROLECall {}).expect("runs"),
            chain.view(dla, &DLAEnforcement::COUNCIL_ROLECall {}).expect("runs"),
        ];
        let granted: Vec<B256> = suite::DLA_ROLES.iter().map(|(_, id)| keccak256(id)).collect();
        assert_eq!(granted, dla_roles, "the role ids the deployment grants are the DLA's");
        for role in dla_roles {
            assert!(has(&mut chain, dla, role, approver), "{role}");
            assert!(!has(&mut chain, dla, role, deployer), "{role}");
        }
        assert!(has(&mut chain, dla, B256::ZERO, admin), "the admin role was handed over");
        assert!(!has(&mut chain, dla, B256::ZERO, deployer), "the deployer renounced it");

        // A case through the Stylus DLA: its sanctions act on the Stylus registry and engine,
        // which only the ENFORCEMENT_ROLE granted to it there allows.
        let reason = 7;
        let policy = DLAEnforcement::setReasonPolicyCall {
            reasonCode: reason,
            allowedSanctions: Sanction::Freeze.bit() | Sanction::Escrow.bit(),
            appealWindow: 7 * 86_400,
        };
        chain.send(admin, dla, &policy).expect("the admin sets a reason policy");
        let open =
            DLAEnforcement::openCaseCall { licenseId: id, reasonCode: reason, evidenceRef: B256::repeat_byte(0xe1) };
        chain.send(approver, dla, &open).expect("the approver, with a valid DID, reports the license");
        let case_id = chain.view(dla, &DLAEnforcement::activeCaseOfCall { licenseId: id }).expect("runs");
        assert_eq!(case_id, U256::from(1));
        chain.send(approver, dla, &DLAEnforcement::triageCaseCall { caseId: case_id, priority: 1 }).expect("triages");
        let assign = DLAEnforcement::assignInvestigatorCall { caseId: case_id, account: approver };
        chain.send(approver, dla, &assign).expect("assigns the approver, an investigator");
        chain.send(approver, dla, &DLAEnforcement::freezeLicenseCall { licenseId: id }).expect("the DLA freezes");
        assert!(chain.view(registry, &LicenseRegistry::getLicenseCall { id }).expect("runs").frozen);
        let hold = U256::from(5_000u64);
        let escrow = DLAEnforcement::setEscrowCall { licenseId: id, amount: hold, r#ref: B256::repeat_byte(0xe2) };
        chain.send(approver, dla, &escrow).expect("the DLA holds escrow");
        let held = chain.view(engine, &SettlementEngine::holdOfCall { licenseId: id }).expect("runs");
        assert_eq!((held.outstanding, held.r#ref), (hold, case_id.into()), "the engine holds for the case");

        // The record holds every program and keeps what the chain's record already had.
        let dir = tempfile::tempdir().expect("tempdir");
        let mut existing = deployment.record(chain.chain_id(), deployer);
        existing.contracts.clear();
        existing.tool = "chlom deploy".into();
        let solidity =
            ContractRecord { address: Address::repeat_byte(0x50), transaction_hash: TxHash::ZERO, block_number: 1 };
        existing.contracts.insert("LicenseRegistry".into(), solidity.clone());
        existing.write(dir.path()).expect("writes");
        let record = deployment.record(chain.chain_id(), deployer).merge_existing(dir.path()).expect("merges");
        record.write(dir.path()).expect("writes");
        for deployed in &deployment.programs {
            let recorded = DeploymentRecord::address_of(dir.path(), chain.chain_id(), deployed.name).expect("recorded");
            assert_eq!(recorded, deployed.deployment.address, "{}", deployed.name);
        }
        assert_eq!(record.contracts["LicenseRegistry"], solidity, "the Solidity record is kept");
    }
}
