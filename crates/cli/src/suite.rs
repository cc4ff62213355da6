//! Deploying the CHLOM suite through an alloy provider.

use std::collections::BTreeMap;

use alloy::network::TransactionBuilder;
use alloy::primitives::{Address, B256, Bytes, U256};
use alloy::providers::Provider;
use alloy::rpc::types::TransactionRequest;
use alloy::sol_types::{SolCall, SolConstructor};
use chlom_bindings::{DIDRegistry, GovernanceEmitter, LicenseRegistry};
use chlom_core::license::model;
use eyre::{Result, WrapErr, bail, eyre};

use crate::record::ContractRecord;

/// Who gets the roles of the suite. The approver also verifies DIDs and holds the license
/// registry's issuer, compliance and enforcement roles until the council names others
/// (`grantRole` on the registries).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Roles {
    /// Holds every contract's admin role.
    pub(crate) admin: Address,
    /// Approves proposals, verifies DIDs, issues licenses, records risk and enforces.
    pub(crate) approver: Address,
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

/// A role-setting call after the creations (the license registry grants its roles by call, not
/// by constructor).
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RoleCall {
    /// The contract called.
    pub(crate) contract: &'static str,
    /// `grantRole` or `renounceRole`.
    pub(crate) function: &'static str,
    /// The role's name in the contract.
    pub(crate) role_name: &'static str,
    /// The role id.
    pub(crate) role: B256,
    /// Who gets (or renounces) the role.
    pub(crate) account: Address,
    /// The encoded call.
    #[serde(skip)]
    pub(crate) calldata: Bytes,
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
/// The license registry's constructor grants only the admin role, so the deployer takes it first,
/// grants the issuer, compliance and enforcement roles to the approver, and hands the admin role
/// to `roles.admin` when that is another account (grant, then renounce its own).
pub(crate) fn plan(roles: Roles, deployer: Address, nonce: u64) -> Plan {
    let emitter = GovernanceEmitter::constructorCall { admin: roles.admin, approver: roles.approver }.abi_encode();
    let registry = DIDRegistry::constructorCall { admin: roles.admin, verifier: roles.approver }.abi_encode();
    let did_registry = deployer.create(nonce + 1);
    let licenses = LicenseRegistry::constructorCall { admin: deployer, dids: did_registry }.abi_encode();
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
            address: deployer.create(nonce + 2),
        },
    ];

    Plan { contracts, role_calls: license_role_calls("LicenseRegistry", roles, deployer) }
}

/// The role calls that follow a license registry's creation when `deployer` created it as its
/// admin (the Solidity and the Stylus deployments alike): the approver gets `ISSUER_ROLE`,
/// `COMPLIANCE_ROLE` and `ENFORCEMENT_ROLE`; when `roles.admin` is another account, it gets the
/// admin role and the deployer renounces its own. `contract` is the name the registry is recorded
/// under.
pub(crate) fn license_role_calls(contract: &'static str, roles: Roles, deployer: Address) -> Vec<RoleCall> {
    let grant = |role_name, role, account| RoleCall {
        contract,
        function: "grantRole",
        role_name,
        role,
        account,
        calldata: LicenseRegistry::grantRoleCall { role, account }.abi_encode().into(),
    };
    let mut role_calls = vec![
        grant("ISSUER_ROLE", model::issuer_role(), roles.approver),
        grant("COMPLIANCE_ROLE", model::compliance_role(), roles.approver),
        grant("ENFORCEMENT_ROLE", model::enforcement_role(), roles.approver),
    ];
    if roles.admin != deployer {
        role_calls.push(grant("DEFAULT_ADMIN_ROLE", B256::ZERO, roles.admin));
        role_calls.push(RoleCall {
            contract,
            function: "renounceRole",
            role_name: "DEFAULT_ADMIN_ROLE",
            role: B256::ZERO,
            account: deployer,
            calldata: LicenseRegistry::renounceRoleCall { role: B256::ZERO, callerConfirmation: deployer }
                .abi_encode()
                .into(),
        });
    }
    role_calls
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
    roles: Roles,
) -> Result<(Vec<Simulated>, Vec<RoleCall>)> {
    let nonce = provider.get_transaction_count(deployer).await.wrap_err("cannot read the deployer's nonce")?;
    let plan = plan(roles, deployer, nonce);
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
/// sends the role calls.
pub(crate) async fn deploy(
    provider: &impl Provider,
    deployer: Address,
    roles: Roles,
) -> Result<BTreeMap<String, ContractRecord>> {
    let nonce = provider.get_transaction_count(deployer).await.wrap_err("cannot read the deployer's nonce")?;
    let plan = plan(roles, deployer, nonce);
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
        tracing::info!(contract = call.contract, function = call.function, role = call.role_name, account = %call.account, "setting a role");
        let request = TransactionRequest::default().with_from(deployer).with_to(target).with_input(call.calldata);
        let receipt = provider
            .send_transaction(request)
            .await
            .wrap_err_with(|| format!("cannot send {}.{}({})", call.contract, call.function, call.role_name))?
            .get_receipt()
            .await
            .wrap_err_with(|| format!("no receipt for {}.{}({})", call.contract, call.function, call.role_name))?;
        if !receipt.status() {
            bail!(
                "{}.{}({}, {}) reverted in transaction {}",
                call.contract,
                call.function,
                call.role_name,
                call.account,
                receipt.transaction_hash
            );
        }
    }
    Ok(records)
}
