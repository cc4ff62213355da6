//! Deploying a Stylus program the way `cargo stylus deploy` does: the creation transaction with the
//! initcode, `activateProgram` on ArbWasm (0x71) with its data fee, then the constructor. The steps
//! run against any [`Transactor`]: an alloy provider for real Arbitrum chains, or the in-process
//! chain (which models ArbWasm) for tests, since no Arbitrum node runs here.

use alloy::network::TransactionBuilder;
use alloy::primitives::{Address, Bytes, TxHash, U256};
use alloy::providers::Provider;
use alloy::rpc::types::TransactionRequest;
use alloy::sol_types::SolCall;
use chlom_evm::stylus::arbwasm::{ARB_WASM, ArbWasm};
use chlom_evm::stylus::program;
use eyre::{Result, WrapErr, eyre};
use serde::Serialize;

/// Headroom on the estimated data fee (percent); ArbWasm refunds what is not needed.
const DATA_FEE_HEADROOM_PERCENT: u64 = 10;

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
    pub(crate) block_number: u64,
    pub(crate) data_fee: U256,
    pub(crate) stylus_version: u16,
}

/// Deploys Stylus `code`, activates it and calls its constructor with `constructor_args`.
pub(crate) async fn deploy(
    transactor: &mut impl Transactor,
    code: &[u8],
    constructor_args: &[u8],
) -> Result<StylusDeployment> {
    program::decompress(code).wrap_err("the Stylus code does not unpack: rebuild it with script/build-stylus.sh")?;
    let created = transactor.send(None, program::initcode(code), U256::ZERO).await.wrap_err("the deployment failed")?;
    let address = created.contract.ok_or_else(|| eyre!("the deployment receipt names no contract"))?;
    tracing::info!(%address, "Stylus program deployed; activating");

    // ArbWasm reports the fee when asked with at least the fee: offer the whole balance in a call.
    let activate = Bytes::from(ArbWasm::activateProgramCall { program: address }.abi_encode());
    let balance = transactor.balance().await.wrap_err("cannot read the deployer's balance")?;
    let quoted = transactor
        .call(ARB_WASM, activate.clone(), balance)
        .await
        .wrap_err("ArbWasm refused the activation: the program is invalid or the deployer cannot pay the data fee")?;
    let quote = ArbWasm::activateProgramCall::abi_decode_returns(&quoted).wrap_err("unexpected ArbWasm answer")?;
    let value = quote.dataFee + quote.dataFee * U256::from(DATA_FEE_HEADROOM_PERCENT) / U256::from(100);
    let activated = transactor.send(Some(ARB_WASM), activate, value).await.wrap_err("the activation failed")?;

    let constructor = [&program::CONSTRUCTOR_SELECTOR[..], constructor_args].concat();
    transactor.send(Some(address), constructor.into(), U256::ZERO).await.wrap_err("the constructor reverted")?;
    Ok(StylusDeployment {
        address,
        deployment: created.hash,
        activation: activated.hash,
        block_number: created.block,
        data_fee: quote.dataFee,
        stylus_version: quote.version,
    })
}

/// An alloy provider with a wallet, sending as `sender`.
pub(crate) struct ProviderTransactor<P> {
    pub(crate) provider: P,
    pub(crate) sender: Address,
}

impl<P: Provider> Transactor for ProviderTransactor<P> {
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
    use alloy::sol_types::SolConstructor;
    use chlom_bindings::GovernanceEmitter;
    use chlom_evm::Chain;

    fn emitter_code() -> Bytes {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../contracts/stylus/out/chlom_stylus_governance_emitter.code");
        program::read_code(path).unwrap_or_else(|e| panic!("{e}"))
    }

    #[tokio::test]
    async fn deploys_activates_and_constructs_like_cargo_stylus() {
        let mut chain = Chain::new();
        let deployer = Address::repeat_byte(0xd0);
        chain.fund(deployer, U256::from(10u64).pow(U256::from(19)));
        let args = GovernanceEmitter::constructorCall { admin: deployer, approver: deployer }.abi_encode();
        let deployment = deploy(&mut ChainTransactor { chain: &mut chain, sender: deployer }, &emitter_code(), &args)
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
            deploy(&mut ChainTransactor { chain: &mut chain, sender: Address::repeat_byte(1) }, &[0x60, 0x00], &[])
                .await
                .expect_err("not Stylus");
        assert!(format!("{error:#}").contains("script/build-stylus.sh"), "{error:#}");
        assert_eq!(chain.nonce(Address::repeat_byte(1)), 0, "nothing was sent");
    }

    #[tokio::test]
    async fn a_deployer_without_the_data_fee_fails_at_activation() {
        let mut chain = Chain::new();
        let broke = Address::repeat_byte(2);
        let error = deploy(&mut ChainTransactor { chain: &mut chain, sender: broke }, &emitter_code(), &[])
            .await
            .expect_err("cannot pay");
        assert!(format!("{error:#}").contains("cannot pay the data fee"), "{error:#}");
    }
}
