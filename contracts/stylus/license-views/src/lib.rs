//! The CHLOM LicenseRegistry for Arbitrum Stylus: the views half.
//!
//! The entry program (`chlom-stylus-license-registry`) and then the lifecycle program forward
//! every selector they do not implement here by `DELEGATECALL`, so these functions run on that program's storage (the
//! shared `chlom_stylus_license_kit::LicenseStore`) with its caller: the license views, ERC-721
//! and ERC-2981 views, metadata, ERC-165 and the AccessControl views. Called directly, this
//! program only sees its own empty storage.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]

#[macro_use]
extern crate alloc;

use alloc::string::String;
use alloc::vec::Vec;

use alloy_primitives::{Address, B256, FixedBytes, U256};
use chlom_core::license::{self, DEFAULT_RISK_THRESHOLD, MAX_ROYALTY_BPS, MAX_SUBLICENSE_DEPTH};
use chlom_stylus_access_control::DEFAULT_ADMIN_ROLE;
use chlom_stylus_license_kit::abi::{COMPLIANCE_ROLE, ENFORCEMENT_ROLE, ISSUER_ROLE, License, StateChange};
use chlom_stylus_license_kit::{LicenseStore, Revert};
use stylus_sdk::prelude::*;

/// The registry's state; see `chlom_stylus_license_kit::store`.
#[storage]
#[entrypoint]
pub struct LicenseRegistryViews {
    store: LicenseStore,
}

#[public]
impl LicenseRegistryViews {
    /// `ISSUER_ROLE`.
    #[selector(name = "ISSUER_ROLE")]
    pub fn issuer_role(&self) -> B256 {
        ISSUER_ROLE
    }

    /// `COMPLIANCE_ROLE`.
    #[selector(name = "COMPLIANCE_ROLE")]
    pub fn compliance_role(&self) -> B256 {
        COMPLIANCE_ROLE
    }

    /// `ENFORCEMENT_ROLE`.
    #[selector(name = "ENFORCEMENT_ROLE")]
    pub fn enforcement_role(&self) -> B256 {
        ENFORCEMENT_ROLE
    }

    /// `DEFAULT_ADMIN_ROLE` (zero).
    #[selector(name = "DEFAULT_ADMIN_ROLE")]
    pub fn default_admin_role(&self) -> B256 {
        DEFAULT_ADMIN_ROLE
    }

    /// `MAX_ROYALTY_BPS`.
    #[selector(name = "MAX_ROYALTY_BPS")]
    pub fn max_royalty_bps(&self) -> u16 {
        MAX_ROYALTY_BPS
    }

    /// `MAX_SUBLICENSE_DEPTH`.
    #[selector(name = "MAX_SUBLICENSE_DEPTH")]
    pub fn max_sublicense_depth(&self) -> u8 {
        MAX_SUBLICENSE_DEPTH
    }

    /// `MAX_PAGE`.
    #[selector(name = "MAX_PAGE")]
    pub fn max_page(&self) -> U256 {
        U256::from(chlom_stylus_license_kit::views::MAX_PAGE)
    }

    /// `DEFAULT_RISK_THRESHOLD`.
    #[selector(name = "DEFAULT_RISK_THRESHOLD")]
    pub fn default_risk_threshold(&self) -> u8 {
        DEFAULT_RISK_THRESHOLD
    }

    /// See `ILicenseRegistry.getLicense`.
    #[selector(name = "getLicense")]
    pub fn get_license(&self, id: U256) -> Result<License, Revert> {
        self.store.get_license(id)
    }

    /// See `ILicenseRegistry.stateOf`.
    #[selector(name = "stateOf")]
    pub fn state_of(&self, id: U256) -> Result<u8, Revert> {
        self.store.state_of(id)
    }

    /// See `ILicenseRegistry.isUsable`.
    #[selector(name = "isUsable")]
    pub fn is_usable(&self, id: U256) -> bool {
        self.store.is_usable(id)
    }

    /// See `ILicenseRegistry.stateHistory`.
    #[selector(name = "stateHistory")]
    pub fn state_history(&self, id: U256) -> Result<Vec<StateChange>, Revert> {
        self.store.state_history(id)
    }

    /// See `ILicenseRegistry.nextNonce`.
    #[selector(name = "nextNonce")]
    pub fn next_nonce(&self, issuer_did: B256) -> U256 {
        self.store.next_nonce(issuer_did)
    }

    /// See `ILicenseRegistry.licensesOfIssuer`.
    #[selector(name = "licensesOfIssuer")]
    pub fn licenses_of_issuer(&self, issuer_did: B256, start: U256, limit: U256) -> Vec<U256> {
        self.store.licenses_of_issuer(issuer_did, start, limit)
    }

    /// See `ILicenseRegistry.licensesOfHolder`.
    #[selector(name = "licensesOfHolder")]
    pub fn licenses_of_holder(&self, holder: Address, cursor: U256, limit: U256) -> (Vec<U256>, U256) {
        self.store.licenses_of_holder(holder, cursor, limit)
    }

    /// See `ILicenseRegistry.riskScoreOf`.
    #[selector(name = "riskScoreOf")]
    pub fn risk_score_of(&self, did_hash: B256) -> u8 {
        self.store.risk_scores.get(did_hash).to::<u8>()
    }

    /// See `ILicenseRegistry.riskThreshold`.
    #[selector(name = "riskThreshold")]
    pub fn risk_threshold(&self) -> u8 {
        self.store.risk_threshold.get().to::<u8>()
    }

    /// See `ILicenseRegistry.computeLicenseId`.
    #[selector(name = "computeLicenseId")]
    pub fn compute_license_id(issuer_did: B256, holder_did: B256, nonce: U256) -> U256 {
        license::license_id(issuer_did, holder_did, nonce)
    }

    /// See `ILicenseRegistry.didRegistry`.
    #[selector(name = "didRegistry")]
    pub fn did_registry(&self) -> Address {
        self.store.dids.get()
    }

    /// ERC-2981 `royaltyInfo`.
    #[selector(name = "royaltyInfo")]
    pub fn royalty_info(&self, token_id: U256, sale_price: U256) -> Result<(Address, U256), Revert> {
        self.store.royalty_info(token_id, sale_price)
    }

    /// ERC-721 metadata `name`.
    pub fn name(&self) -> String {
        String::from("CHLOM Smart License")
    }

    /// ERC-721 metadata `symbol`.
    pub fn symbol(&self) -> String {
        String::from("CHLOM-L")
    }

    /// ERC-721 metadata `tokenURI`: the license's terms URI.
    #[selector(name = "tokenURI")]
    pub fn token_uri(&self, token_id: U256) -> Result<String, Revert> {
        self.store.token_uri(token_id)
    }

    /// ERC-721 `balanceOf`.
    #[selector(name = "balanceOf")]
    pub fn balance_of(&self, owner: Address) -> Result<U256, Revert> {
        self.store.balance_of(owner)
    }

    /// ERC-721 `ownerOf`.
    #[selector(name = "ownerOf")]
    pub fn owner_of(&self, token_id: U256) -> Result<Address, Revert> {
        self.store.require_owned(token_id)
    }

    /// ERC-721 `getApproved`.
    #[selector(name = "getApproved")]
    pub fn get_approved(&self, token_id: U256) -> Result<Address, Revert> {
        self.store.get_approved(token_id)
    }

    /// ERC-721 `isApprovedForAll`.
    #[selector(name = "isApprovedForAll")]
    pub fn is_approved_for_all(&self, owner: Address, operator: Address) -> bool {
        self.store.is_approved_for_all(owner, operator)
    }

    /// ERC-165: ERC-721, ERC-721 metadata, ERC-2981, ERC-4906, AccessControl, ERC-165.
    #[selector(name = "supportsInterface")]
    pub fn supports_interface(&self, interface_id: FixedBytes<4>) -> bool {
        LicenseStore::supports(interface_id.0)
    }

    /// AccessControl `hasRole`.
    #[selector(name = "hasRole")]
    pub fn has_role(&self, role: B256, account: Address) -> bool {
        self.store.roles.has_role(role, account)
    }

    /// AccessControl `getRoleAdmin`.
    #[selector(name = "getRoleAdmin")]
    pub fn get_role_admin(&self, role: B256) -> B256 {
        self.store.roles.get_role_admin(role)
    }
}
