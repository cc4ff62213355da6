//! alloy `sol!` bindings over the committed forge artifacts of the CHLOM contracts.
//!
//! The artifacts under `artifacts/` (ABI, creation and runtime bytecode) are exported from `out/` by
//! `node script/artifacts.mjs` after `forge build`, and committed, so that building the Rust side
//! needs neither Node nor forge. CI fails when they drift from the Solidity sources
//! (`node script/artifacts.mjs --check`).
//!
//! Each contract module has the typed calls, events and errors (`…Calls`, `…Events`, `…Errors`),
//! `BYTECODE` and `DEPLOYED_BYTECODE`, and an alloy provider-backed instance type (`#[sol(rpc)]`).

#![allow(missing_docs, unreachable_pub)] // the sol! macro generates undocumented items

/// The raw committed artifacts, for tools that compare ABIs (for example, against a Stylus export).
pub mod artifacts {
    /// `GovernanceEmitter.json`: the trimmed forge artifact.
    pub const GOVERNANCE_EMITTER: &str = include_str!("../artifacts/GovernanceEmitter.json");

    /// `DIDRegistry.json`: the trimmed forge artifact.
    pub const DID_REGISTRY: &str = include_str!("../artifacts/DIDRegistry.json");

    /// `LicenseRegistry.json`: the trimmed forge artifact.
    pub const LICENSE_REGISTRY: &str = include_str!("../artifacts/LicenseRegistry.json");

    /// `SettlementEngine.json`: the trimmed forge artifact.
    pub const SETTLEMENT_ENGINE: &str = include_str!("../artifacts/SettlementEngine.json");

    /// `DLAEnforcement.json`: the trimmed forge artifact.
    pub const DLA_ENFORCEMENT: &str = include_str!("../artifacts/DLAEnforcement.json");

    /// `ReferenceERC721.json`: the plain OpenZeppelin ERC-721 the benchmarks compare with.
    pub const REFERENCE_ERC721: &str = include_str!("../artifacts/ReferenceERC721.json");

    /// The JSON ABI inside a committed artifact.
    pub fn abi(artifact: &str) -> Result<alloy::json_abi::JsonAbi, serde_json::Error> {
        #[derive(serde::Deserialize)]
        struct Artifact {
            abi: alloy::json_abi::JsonAbi,
        }
        serde_json::from_str::<Artifact>(artifact).map(|artifact| artifact.abi)
    }
}

alloy::sol!(
    #[sol(rpc, all_derives)]
    GovernanceEmitter,
    "artifacts/GovernanceEmitter.json"
);

alloy::sol!(
    #[sol(rpc, all_derives)]
    DIDRegistry,
    "artifacts/DIDRegistry.json"
);

/// The license registry, in a module of its own: its ABI names `IDIDRegistry.Status`, which would
/// otherwise clash with the DID registry's `IDIDRegistry` module.
pub mod license_registry {
    alloy::sol!(
        #[sol(rpc, all_derives)]
        LicenseRegistry,
        "artifacts/LicenseRegistry.json"
    );
}
pub use license_registry::{ILicenseRegistry, LicenseRegistry};

/// The settlement engine (its `Settled` event has twelve fields, so the generated constructor has
/// twelve arguments, which clippy would refuse).
#[allow(clippy::too_many_arguments)]
pub mod settlement_engine {
    alloy::sol!(
        #[sol(rpc, all_derives)]
        SettlementEngine,
        "artifacts/SettlementEngine.json"
    );
}
pub use settlement_engine::{ISettlementEngine, SettlementEngine};

/// The DLA enforcement contract, in a module of its own like the registries: its ABI names the
/// `IDLAEnforcement` structs and enums (`Case`, `ReasonPolicy`, `Stage`, `Sanction`, `Ruling`).
pub mod dla_enforcement {
    alloy::sol!(
        #[sol(rpc, all_derives)]
        DLAEnforcement,
        "artifacts/DLAEnforcement.json"
    );
}
pub use dla_enforcement::{DLAEnforcement, IDLAEnforcement};

alloy::sol!(
    #[sol(rpc, all_derives)]
    ReferenceERC721,
    "artifacts/ReferenceERC721.json"
);

impl From<&chlom_core::governance::ActionPayload> for IGovernanceEmitter::ActionPayload {
    fn from(payload: &chlom_core::governance::ActionPayload) -> Self {
        Self {
            targetChainId: payload.targetChainId,
            target: payload.target,
            callData: payload.callData.clone(),
            nonce: payload.nonce,
            regionTag: payload.regionTag,
        }
    }
}
