//! Deploying the CHLOM suite through an alloy provider.

use std::collections::BTreeMap;

use alloy::network::TransactionBuilder;
use alloy::primitives::{Address, Bytes, U256};
use alloy::providers::Provider;
use alloy::rpc::types::TransactionRequest;
use alloy::sol_types::SolConstructor;
use chlom_bindings::{DIDRegistry, GovernanceEmitter};
use eyre::{Result, WrapErr, eyre};

use crate::record::ContractRecord;

/// Who gets the roles of the suite. The approver also verifies DIDs until the council names a
/// separate verifier (`grantRole` on the registry).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Roles {
    pub(crate) admin: Address,
    pub(crate) approver: Address,
}

/// One contract of the suite, ready to deploy.
pub(crate) struct Planned {
    pub(crate) name: &'static str,
    pub(crate) initcode: Bytes,
}

/// The suite's contracts in deployment order, with their constructor arguments.
pub(crate) fn plan(roles: Roles) -> Vec<Planned> {
    let emitter = GovernanceEmitter::constructorCall { admin: roles.admin, approver: roles.approver }.abi_encode();
    let registry = DIDRegistry::constructorCall { admin: roles.admin, verifier: roles.approver }.abi_encode();
    vec![
        Planned {
            name: "GovernanceEmitter",
            initcode: [GovernanceEmitter::BYTECODE.as_ref(), &emitter].concat().into(),
        },
        Planned { name: "DIDRegistry", initcode: [DIDRegistry::BYTECODE.as_ref(), &registry].concat().into() },
    ]
}

/// What a simulation predicts for one contract.
#[derive(Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Simulated {
    pub(crate) name: &'static str,
    pub(crate) address: Address,
    pub(crate) estimated_gas: u64,
}

/// Checks each creation against the chain's current state with `eth_estimateGas` and predicts the
/// addresses from the deployer's nonce. Sends nothing.
pub(crate) async fn simulate(provider: &impl Provider, deployer: Address, roles: Roles) -> Result<Vec<Simulated>> {
    let nonce = provider.get_transaction_count(deployer).await.wrap_err("cannot read the deployer's nonce")?;
    let mut simulated = Vec::new();
    for (offset, contract) in plan(roles).into_iter().enumerate() {
        let request = TransactionRequest::default().with_from(deployer).with_deploy_code(contract.initcode);
        let estimated_gas =
            provider.estimate_gas(request).await.wrap_err_with(|| format!("{} would fail to deploy", contract.name))?;
        simulated.push(Simulated {
            name: contract.name,
            address: deployer.create(nonce + offset as u64),
            estimated_gas,
        });
    }
    Ok(simulated)
}

/// Deploys each contract and waits for its receipt.
pub(crate) async fn deploy(provider: &impl Provider, roles: Roles) -> Result<BTreeMap<String, ContractRecord>> {
    let mut records = BTreeMap::new();
    for contract in plan(roles) {
        tracing::info!(contract = contract.name, "deploying");
        let request = TransactionRequest::default().with_deploy_code(contract.initcode).with_value(U256::ZERO);
        let receipt = provider
            .send_transaction(request)
            .await
            .wrap_err_with(|| format!("cannot send the {} deployment", contract.name))?
            .get_receipt()
            .await
            .wrap_err_with(|| format!("no receipt for the {} deployment", contract.name))?;
        if !receipt.status() {
            return Err(eyre!("the {} deployment reverted in transaction {}", contract.name, receipt.transaction_hash));
        }
        let address =
            receipt.contract_address.ok_or_else(|| eyre!("{} receipt has no contract address", contract.name))?;
        let record = ContractRecord {
            address,
            transaction_hash: receipt.transaction_hash,
            block_number: receipt.block_number.unwrap_or_default(),
        };
        tracing::info!(contract = contract.name, %address, "deployed");
        records.insert(contract.name.to_owned(), record);
    }
    Ok(records)
}
