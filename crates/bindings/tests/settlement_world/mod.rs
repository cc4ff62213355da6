//! A chain with a settlement engine on it, for the settlement tests: the Solidity engine (its
//! bytecode) or the Stylus engine (its four compiled WASM programs), with every operational role
//! but the pauser's granted to [`ADMIN`] and [`POOL`] as the community pool.

use alloy::primitives::{Address, U256, keccak256};
use alloy::sol_types::{SolCall, SolConstructor};
use chlom_bindings::SettlementEngine;
use chlom_evm::Chain;
use proptest::test_runner::TestCaseError;

/// The engine's admin, who holds every role [`World::new`] grants.
pub(crate) const ADMIN: Address = Address::repeat_byte(0xad);
/// The community pool.
pub(crate) const POOL: Address = Address::repeat_byte(0x90);
/// The epoch length, in seconds.
pub(crate) const EPOCH: u64 = 86_400;

/// The two implementations of `ISettlementEngine`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Engine {
    Solidity,
    Stylus,
}

/// A compiled Stylus program from `contracts/stylus/out`.
pub(crate) fn stylus_code(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../contracts/stylus/out/{name}.code"));
    chlom_evm::stylus::program::read_code(path)
        .unwrap_or_else(|e| panic!("{e}: run script/build-stylus.sh first"))
        .to_vec()
}

/// The Stylus engine: the views, configuration and graphs programs, then the entry program.
pub(crate) fn deploy_stylus(chain: &mut Chain) -> Address {
    chain.fund(ADMIN, U256::from(10u128.pow(20)));
    let parts: Vec<Vec<u8>> =
        ["chlom_stylus_settlement_graphs", "chlom_stylus_settlement_config", "chlom_stylus_settlement_views"]
            .into_iter()
            .map(stylus_code)
            .collect();
    let parts: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    let args = SettlementEngine::constructorCall { admin: ADMIN, epochSeconds: EPOCH }.abi_encode();
    chain
        .deploy_stylus_split(ADMIN, &stylus_code("chlom_stylus_settlement_engine"), &parts, &args)
        .expect("the Stylus engine deploys")
}

/// A chain and an engine on it.
pub(crate) struct World {
    pub(crate) chain: Chain,
    pub(crate) engine: Address,
}

impl World {
    /// A fresh chain with `implementation` deployed by [`ADMIN`], who gets the settler, graph, tax
    /// and enforcement roles and almost unlimited ETH; [`POOL`] is the community pool.
    pub(crate) fn new(implementation: Engine) -> Self {
        let mut chain = Chain::new();
        let args = SettlementEngine::constructorCall { admin: ADMIN, epochSeconds: EPOCH }.abi_encode();
        let engine = match implementation {
            Engine::Solidity => {
                chain.deploy(ADMIN, [SettlementEngine::BYTECODE.as_ref(), &args].concat()).expect("engine deploys")
            }
            Engine::Stylus => deploy_stylus(&mut chain),
        };
        for role in ["CHLOM_SETTLER_ROLE", "CHLOM_GRAPH_ROLE", "CHLOM_TAX_ROLE", "CHLOM_ENFORCEMENT_ROLE"] {
            let call = SettlementEngine::grantRoleCall { role: keccak256(role), account: ADMIN };
            chain.send(ADMIN, engine, &call).expect("role granted");
        }
        chain.send(ADMIN, engine, &SettlementEngine::setCommunityPoolCall { pool: POOL }).expect("pool set");
        chain.fund(ADMIN, U256::MAX >> 1);
        Self { chain, engine }
    }

    /// Sends `call` to the engine from [`ADMIN`]; a revert is a test failure.
    pub(crate) fn send(&mut self, call: &impl SolCall) -> Result<chlom_evm::Receipt, TestCaseError> {
        self.chain.send(ADMIN, self.engine, call).map_err(|e| TestCaseError::fail(format!("setup call failed: {e}")))
    }

    /// The ETH credit of `account`.
    pub(crate) fn credit(&mut self, account: Address) -> U256 {
        self.chain
            .view(self.engine, &SettlementEngine::creditOfCall { token: Address::ZERO, account })
            .expect("creditOf")
    }
}
