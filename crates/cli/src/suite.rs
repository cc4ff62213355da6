//! Deploying the CHLOM suite through an alloy provider.

use std::collections::BTreeMap;

use alloy::network::TransactionBuilder;
use alloy::primitives::{Address, B256, Bytes, U256, keccak256};
use alloy::providers::Provider;
use alloy::rpc::types::TransactionRequest;
use alloy::sol_types::{SolCall, SolConstructor};
use chlom_bindings::{DIDRegistry, DLAEnforcement, GovernanceEmitter, LicenseRegistry, SettlementEngine};
use chlom_core::license::model;
use eyre::{Result, WrapErr, bail, eyre};

use crate::record::ContractRecord;

/// Who gets the roles of the suite. The approver also verifies DIDs, holds the license registry's
/// issuer, compliance and enforcement roles, the settlement engine's settler, graph, tax,
/// enforcement and pauser roles and the DLA enforcement contract's triage, investigator and council
/// roles until the council names others (`grantRole` on each contract).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Roles {
    /// Holds every contract's admin role.
    pub(crate) admin: Address,
    /// Approves proposals, verifies DIDs, issues licenses, records risk, enforces, runs the
    /// settlement engine (settles, registers graphs and tax tables, holds escrow, pauses) and the
    /// DLA's cases (triages, investigates, sits on the appeal council).
    pub(crate) approver: Address,
}

/// The settlement engine's epoch length when none is configured: one day, in seconds.
pub(crate) const DEFAULT_EPOCH_SECONDS: u64 = 86_400;

/// The settlement engine's `MIN_SUSTAINABILITY_BPS`, the sustainability share its constructor
/// sets; the wallet hand-over keeps it.
const MIN_SUSTAINABILITY_BPS: u16 = 100;

/// How the suite is deployed: who gets the roles, and the settlement engine's epoch length.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Settings {
    /// The role holders.
    pub(crate) roles: Roles,
    /// The settlement engine's `epochLength` in seconds (not zero): settlements are filed under
    /// `block.timestamp / epochSeconds`, and each epoch's Merkle root closes after it.
    pub(crate) epoch_seconds: u64,
}

/// The name the DLA enforcement contract is recorded under (`chlom case` reads it).
pub(crate) const DLA_ENFORCEMENT: &str = "DLAEnforcement";

/// A DLA enforcement contract that gets `ENFORCEMENT_ROLE` on the license registry and the
/// settlement engine, which its sanctions need: the Solidity one or the Stylus one, so the name
/// travels with the address and the printed plan says which.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Enforcer {
    /// The name it is recorded under ([`DLA_ENFORCEMENT`], or `DLAEnforcement.stylus`).
    pub(crate) name: &'static str,
    /// Its address (the Stylus one's entry program).
    pub(crate) address: Address,
}

/// One contract of the suite, ready to deploy.
pub(crate) struct Planned {
    /// The name it is recorded under.
    pub(crate) name: &'static str,
    /// Creation code with the constructor arguments.
    pub(crate) initcode: Bytes,
    /// Where the creation lands, from the deployer's nonce.
    pub(crate) address: Address,
}

/// A call after the creations that sets who may do what: a role granted or renounced (the
/// license registry, the settlement engine and the DLA enforcement contract grant their roles by
/// call, not by constructor), or one of the settlement engine's wallets (or the DLA's treasury)
/// handed to the admin with its admin role.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RoleCall {
    /// The contract called, as recorded.
    pub(crate) contract: &'static str,
    /// `grantRole`, `renounceRole`, or a wallet setter (`setFee`, `setSustainability`,
    /// `setCommunityPool`, `setTreasury`).
    pub(crate) function: &'static str,
    /// The role's name in the contract; `None` for a wallet setter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) role_name: Option<&'static str>,
    /// The role id; `None` for a wallet setter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) role: Option<B256>,
    /// Who gets (or renounces) the role, or the wallet set.
    pub(crate) account: Address,
    /// The arguments as a person reads them.
    #[serde(skip)]
    pub(crate) shown: String,
    /// The encoded call.
    #[serde(skip)]
    pub(crate) calldata: Bytes,
}

impl RoleCall {
    /// `grantRole(role, account)` (`renounce`: `renounceRole(role, account)`) on `contract`; the
    /// license registry, the settlement engine and the DLA enforcement contract share
    /// OpenZeppelin's AccessControl ABI.
    fn role(contract: &'static str, renounce: bool, role_name: &'static str, role: B256, account: Address) -> Self {
        let (function, calldata) = if renounce {
            ("renounceRole", LicenseRegistry::renounceRoleCall { role, callerConfirmation: account }.abi_encode())
        } else {
            ("grantRole", LicenseRegistry::grantRoleCall { role, account }.abi_encode())
        };
        Self {
            contract,
            function,
            role_name: Some(role_name),
            role: Some(role),
            account,
            shown: format!("{role_name}, {account}"),
            calldata: calldata.into(),
        }
    }

    /// A call on `contract` that sets a wallet to `account`.
    fn wallet(
        contract: &'static str,
        function: &'static str,
        shown: String,
        account: Address,
        calldata: Vec<u8>,
    ) -> Self {
        Self { contract, function, role_name: None, role: None, account, shown, calldata: calldata.into() }
    }

    /// `ENFORCEMENT_ROLE` granted on `contract` to the DLA enforcement contract `dla`, named as
    /// such when printed.
    fn enforcer(contract: &'static str, dla: Enforcer) -> Self {
        let mut call = Self::role(contract, false, "ENFORCEMENT_ROLE", model::enforcement_role(), dla.address);
        call.shown = format!("ENFORCEMENT_ROLE, {} ({})", dla.address, dla.name);
        call
    }

    /// The call as a person reads it: `Contract.function(arguments)`.
    pub(crate) fn describe(&self) -> String {
        format!("{}.{}({})", self.contract, self.function, self.shown)
    }
}

/// The whole deployment: creations in order, then the role calls.
pub(crate) struct Plan {
    /// The creations, in order.
    pub(crate) contracts: Vec<Planned>,
    /// The role calls, in order, after the creations.
    pub(crate) role_calls: Vec<RoleCall>,
}

/// The suite's contracts in deployment order, with their constructor arguments, as `deployer`
/// sends them from `nonce` on.
///
/// The license registry's, the settlement engine's and the DLA enforcement contract's constructors
/// grant only the admin role, so the deployer takes it first, grants the other roles to the
/// approver ([`license_role_calls`], [`engine_role_calls`], [`dla_role_calls`]) and
/// `ENFORCEMENT_ROLE` on the registry and the engine to the DLA, and hands the admin role to
/// `roles.admin` when that is another account (grant, then renounce its own).
pub(crate) fn plan(settings: Settings, deployer: Address, nonce: u64) -> Plan {
    let roles = settings.roles;
    let engine =
        SettlementEngine::constructorCall { admin: deployer, epochSeconds: settings.epoch_seconds }.abi_encode();
    let emitter = GovernanceEmitter::constructorCall { admin: roles.admin, approver: roles.approver }.abi_encode();
    let registry = DIDRegistry::constructorCall { admin: roles.admin, verifier: roles.approver }.abi_encode();
    let did_registry = deployer.create(nonce + 1);
    let licenses = LicenseRegistry::constructorCall { admin: deployer, dids: did_registry }.abi_encode();
    let (license_registry, settlement_engine, dla) =
        (deployer.create(nonce + 2), deployer.create(nonce + 3), deployer.create(nonce + 4));
    let enforcement = DLAEnforcement::constructorCall {
        admin: deployer,
        didRegistry: did_registry,
        licenseRegistry: license_registry,
        settlementEngine: settlement_engine,
    }
    .abi_encode();
    let contracts = vec![
        Planned {
            name: "GovernanceEmitter",
            initcode: [GovernanceEmitter::BYTECODE.as_ref(), &emitter].concat().into(),
            address: deployer.create(nonce),
        },
        Planned {
            name: "DIDRegistry",
            initcode: [DIDRegistry::BYTECODE.as_ref(), &registry].concat().into(),
            address: did_registry,
        },
        Planned {
            name: "LicenseRegistry",
            initcode: [LicenseRegistry::BYTECODE.as_ref(), &licenses].concat().into(),
            address: license_registry,
        },
        Planned {
            name: "SettlementEngine",
            initcode: [SettlementEngine::BYTECODE.as_ref(), &engine].concat().into(),
            address: settlement_engine,
        },
        Planned {
            name: DLA_ENFORCEMENT,
            initcode: [DLAEnforcement::BYTECODE.as_ref(), &enforcement].concat().into(),
            address: dla,
        },
    ];

    let enforcer = Enforcer { name: DLA_ENFORCEMENT, address: dla };
    let mut role_calls = license_role_calls("LicenseRegistry", roles, deployer, enforcer);
    role_calls.extend(engine_role_calls("SettlementEngine", roles, deployer, enforcer));
    role_calls.extend(dla_role_calls(DLA_ENFORCEMENT, roles, deployer));
    Plan { contracts, role_calls }
}

/// The role calls that follow a license registry's creation when `deployer` created it as its
/// admin (the Solidity and the Stylus deployments alike): the approver gets `ISSUER_ROLE`,
/// `COMPLIANCE_ROLE` and `ENFORCEMENT_ROLE`, and so does the DLA enforcement contract `dla`
/// (before the admin role is handed over, since granting needs it); when `roles.admin` is another
/// account, it gets the admin role and the deployer renounces its own. `contract` is the name the
/// registry is recorded under.
pub(crate) fn license_role_calls(
    contract: &'static str,
    roles: Roles,
    deployer: Address,
    dla: Enforcer,
) -> Vec<RoleCall> {
    let grant = |role_name, role| RoleCall::role(contract, false, role_name, role, roles.approver);
    let mut role_calls = vec![
        grant("ISSUER_ROLE", model::issuer_role()),
        grant("COMPLIANCE_ROLE", model::compliance_role()),
        grant("ENFORCEMENT_ROLE", model::enforcement_role()),
        RoleCall::enforcer(contract, dla),
    ];
    role_calls.extend(admin_hand_over(contract, roles, deployer));
    role_calls
}

/// The settlement engine's operational roles and their role ids (`keccak256("CHLOM_…")`), in the
/// order they are granted.
pub(crate) const ENGINE_ROLES: [(&str, &str); 5] = [
    ("SETTLER_ROLE", "CHLOM_SETTLER_ROLE"),
    ("GRAPH_ROLE", "CHLOM_GRAPH_ROLE"),
    ("TAX_ROLE", "CHLOM_TAX_ROLE"),
    ("ENFORCEMENT_ROLE", "CHLOM_ENFORCEMENT_ROLE"),
    ("PAUSER_ROLE", "CHLOM_PAUSER_ROLE"),
];

/// The calls that follow a settlement engine's creation when `deployer` created it as its admin
/// (the Solidity and the Stylus deployments alike): the approver gets `SETTLER_ROLE`,
/// `GRAPH_ROLE`, `TAX_ROLE`, `ENFORCEMENT_ROLE` (as on the license registry) and `PAUSER_ROLE`,
/// and the DLA enforcement contract `dla` gets `ENFORCEMENT_ROLE` (before the admin role is
/// handed over, since granting needs it). When `roles.admin` is another account, the engine's
/// wallets, which its constructor set to the deployer, are handed to the admin first (`setFee`
/// with the fee left at 0, `setSustainability` with the minimum share left, `setCommunityPool`),
/// then the admin role. `contract` is the name the engine is recorded under.
pub(crate) fn engine_role_calls(
    contract: &'static str,
    roles: Roles,
    deployer: Address,
    dla: Enforcer,
) -> Vec<RoleCall> {
    let mut role_calls: Vec<RoleCall> = ENGINE_ROLES
        .iter()
        .map(|(role_name, id)| RoleCall::role(contract, false, role_name, keccak256(id), roles.approver))
        .collect();
    role_calls.push(RoleCall::enforcer(contract, dla));
    if roles.admin != deployer {
        let admin = roles.admin;
        role_calls.push(RoleCall::wallet(
            contract,
            "setFee",
            format!("0, {admin}"),
            admin,
            SettlementEngine::setFeeCall { feeBps: 0, feeWallet: admin }.abi_encode(),
        ));
        role_calls.push(RoleCall::wallet(
            contract,
            "setSustainability",
            format!("{MIN_SUSTAINABILITY_BPS}, {admin}"),
            admin,
            SettlementEngine::setSustainabilityCall { shareBps: MIN_SUSTAINABILITY_BPS, wallet: admin }.abi_encode(),
        ));
        role_calls.push(RoleCall::wallet(
            contract,
            "setCommunityPool",
            admin.to_string(),
            admin,
            SettlementEngine::setCommunityPoolCall { pool: admin }.abi_encode(),
        ));
    }
    role_calls.extend(admin_hand_over(contract, roles, deployer));
    role_calls
}

/// The DLA enforcement contract's roles and their role ids (`keccak256("CHLOM_…")`), in the order
/// they are granted.
pub(crate) const DLA_ROLES: [(&str, &str); 3] = [
    ("TRIAGE_ROLE", "CHLOM_TRIAGE_ROLE"),
    ("INVESTIGATOR_ROLE", "CHLOM_INVESTIGATOR_ROLE"),
    ("COUNCIL_ROLE", "CHLOM_COUNCIL_ROLE"),
];

/// The calls that follow the DLA enforcement contract's creation when `deployer` created it as its
/// admin (the Solidity and the Stylus deployments alike): the approver gets `TRIAGE_ROLE`, `INVESTIGATOR_ROLE` and `COUNCIL_ROLE` (with the
/// contract's council quorum of 1, the approver alone decides appeals until governance names a
/// council). When `roles.admin` is another account, the treasury, which the constructor set to the
/// deployer, is handed to the admin first (`setTreasury`), then the admin role. `contract` is the
/// name the DLA is recorded under.
pub(crate) fn dla_role_calls(contract: &'static str, roles: Roles, deployer: Address) -> Vec<RoleCall> {
    let mut role_calls: Vec<RoleCall> = DLA_ROLES
        .iter()
        .map(|(role_name, id)| RoleCall::role(contract, false, role_name, keccak256(id), roles.approver))
        .collect();
    if roles.admin != deployer {
        let admin = roles.admin;
        role_calls.push(RoleCall::wallet(
            contract,
            "setTreasury",
            admin.to_string(),
            admin,
            DLAEnforcement::setTreasuryCall { treasury: admin }.abi_encode(),
        ));
    }
    role_calls.extend(admin_hand_over(contract, roles, deployer));
    role_calls
}

/// When `roles.admin` is not the deployer: the admin role granted to it, then renounced by the
/// deployer.
fn admin_hand_over(contract: &'static str, roles: Roles, deployer: Address) -> Vec<RoleCall> {
    if roles.admin == deployer {
        return Vec::new();
    }
    vec![
        RoleCall::role(contract, false, "DEFAULT_ADMIN_ROLE", B256::ZERO, roles.admin),
        RoleCall::role(contract, true, "DEFAULT_ADMIN_ROLE", B256::ZERO, deployer),
    ]
}

/// What a simulation predicts for one contract.
#[derive(Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Simulated {
    /// The contract's name.
    pub(crate) name: &'static str,
    /// Where it would land.
    pub(crate) address: Address,
    /// `eth_estimateGas` of its creation.
    pub(crate) estimated_gas: u64,
}

/// Checks each creation against the chain's current state with `eth_estimateGas` and predicts the
/// addresses from the deployer's nonce. Sends nothing. The role calls that follow cannot be
/// estimated before the contracts exist; they are returned as planned.
pub(crate) async fn simulate(
    provider: &impl Provider,
    deployer: Address,
    settings: Settings,
) -> Result<(Vec<Simulated>, Vec<RoleCall>)> {
    let nonce = provider.get_transaction_count(deployer).await.wrap_err("cannot read the deployer's nonce")?;
    let plan = plan(settings, deployer, nonce);
    let mut simulated = Vec::new();
    for contract in plan.contracts {
        let request = TransactionRequest::default().with_from(deployer).with_deploy_code(contract.initcode);
        let estimated_gas =
            provider.estimate_gas(request).await.wrap_err_with(|| format!("{} would fail to deploy", contract.name))?;
        simulated.push(Simulated { name: contract.name, address: contract.address, estimated_gas });
    }
    Ok((simulated, plan.role_calls))
}

/// Deploys each contract from `deployer` (the provider's signer) and waits for its receipt, then
/// sends the role calls (the license registry's, the settlement engine's, then the DLA's).
pub(crate) async fn deploy(
    provider: &impl Provider,
    deployer: Address,
    settings: Settings,
) -> Result<BTreeMap<String, ContractRecord>> {
    let nonce = provider.get_transaction_count(deployer).await.wrap_err("cannot read the deployer's nonce")?;
    let plan = plan(settings, deployer, nonce);
    let mut records = BTreeMap::new();
    for contract in plan.contracts {
        tracing::info!(contract = contract.name, "deploying");
        let request = TransactionRequest::default()
            .with_from(deployer)
            .with_deploy_code(contract.initcode)
            .with_value(U256::ZERO);
        let receipt = provider
            .send_transaction(request)
            .await
            .wrap_err_with(|| format!("cannot send the {} deployment", contract.name))?
            .get_receipt()
            .await
            .wrap_err_with(|| format!("no receipt for the {} deployment", contract.name))?;
        if !receipt.status() {
            bail!("the {} deployment reverted in transaction {}", contract.name, receipt.transaction_hash);
        }
        let address =
            receipt.contract_address.ok_or_else(|| eyre!("{} receipt has no contract address", contract.name))?;
        if address != contract.address {
            bail!(
                "{} landed at {address}, not at the planned {}: another transaction from {deployer} interleaved; \
                 deploy again from an idle account",
                contract.name,
                contract.address
            );
        }
        let record = ContractRecord {
            address,
            transaction_hash: receipt.transaction_hash,
            block_number: receipt.block_number.unwrap_or_default(),
        };
        tracing::info!(contract = contract.name, %address, "deployed");
        records.insert(contract.name.to_owned(), record);
    }
    for call in plan.role_calls {
        let target = records
            .get(call.contract)
            .map(|record| record.address)
            .ok_or_else(|| eyre!("{} is not part of the suite", call.contract))?;
        let described = call.describe();
        tracing::info!(call = %described, "setting up roles");
        let request = TransactionRequest::default().with_from(deployer).with_to(target).with_input(call.calldata);
        let receipt = provider
            .send_transaction(request)
            .await
            .wrap_err_with(|| format!("cannot send {described}"))?
            .get_receipt()
            .await
            .wrap_err_with(|| format!("no receipt for {described}"))?;
        if !receipt.status() {
            bail!("{described} reverted in transaction {}", receipt.transaction_hash);
        }
    }
    Ok(records)
}
