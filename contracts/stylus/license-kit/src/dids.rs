//! Reading the DID registry, and the compliance gate built on it.

use alloy_primitives::{Address, B256, FixedBytes};
use alloy_sol_types::{SolCall, SolError};

use crate::encode::{Word, calldata, revert};
use chlom_core::identity::Status;
use chlom_core::license::errors::{ComplianceFailed, HolderRegionNotAllowed};
use chlom_core::license::{compliance_gate, region_allowed};
use stylus_sdk::call::static_call;
use stylus_sdk::prelude::*;
use stylus_sdk::stylus_core::Call;

use crate::Revert;
use crate::abi::{controllerOfCall, didOfCall, standingOfCall};
use crate::store::LicenseStore;

/// What the DID registry says of an account or a DID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// The DID (zero when the account controls none).
    pub did_hash: B256,
    /// The DID's controller (only from [`LicenseStore::controller_of`]).
    pub controller: Address,
    /// Its region code.
    pub region: [u8; 2],
    /// Its status.
    pub status: Status,
}

impl LicenseStore {
    /// `IDIDRegistry.standingOf(account)`.
    pub fn standing_of(&self, account: Address) -> Result<Standing, Revert> {
        let [did, region, status] = self.read_dids(standingOfCall::SELECTOR, account.word())?;
        Ok(Standing { did_hash: did, controller: account, region: region_of(region), status: status_of(status) })
    }

    /// `IDIDRegistry.controllerOf(didHash)`.
    pub fn controller_of(&self, did_hash: B256) -> Result<Standing, Revert> {
        let [controller, region, status] = self.read_dids(controllerOfCall::SELECTOR, did_hash)?;
        Ok(Standing {
            did_hash,
            controller: Address::from_word(controller),
            region: region_of(region),
            status: status_of(status),
        })
    }

    /// `IDIDRegistry.didOf(account)`.
    pub fn did_of(&self, account: Address) -> Result<B256, Revert> {
        Ok(self.read_dids(didOfCall::SELECTOR, account.word())?[0])
    }

    /// The compliance gate: a registered DID, Valid, with a risk score below the threshold.
    pub fn require_compliant(&self, standing: &Standing) -> Result<(), Revert> {
        let score = self.risk_scores.get(standing.did_hash).to::<u8>();
        let threshold = self.risk_threshold.get().to::<u8>();
        let good_standing = !standing.did_hash.is_zero() && standing.status == Status::Valid;
        compliance_gate(score, threshold, good_standing).map_err(|_| {
            revert(ComplianceFailed::SELECTOR, &[standing.did_hash, score.word(), (standing.status as u8).word()])
        })
    }

    /// A restricted license's holders must be in one of its allowed regions.
    pub fn require_region(&self, allowed: B256, standing: &Standing) -> Result<(), Revert> {
        if region_allowed(allowed, standing.region) {
            return Ok(());
        }
        Err(revert(HolderRegionNotAllowed::SELECTOR, &[standing.did_hash, FixedBytes(standing.region).word()]))
    }

    /// A static call of a one-argument DID registry view; its first three return words (zero
    /// where it returned fewer). A revert there (which a well-formed registry never does for these
    /// views) is passed on unchanged.
    fn read_dids(&self, selector: [u8; 4], argument: B256) -> Result<[B256; 3], Revert> {
        let calldata = calldata(selector, &[argument]);
        let output = static_call(self.vm(), Call::new(), self.dids.get(), &calldata).map_err(|error| match error {
            stylus_sdk::stylus_core::calls::errors::Error::Revert(data) => data,
            _ => Revert::new(),
        })?;
        let mut words = [B256::ZERO; 3];
        for (word, chunk) in words.iter_mut().zip(output.chunks_exact(32)) {
            *word = B256::from_slice(chunk);
        }
        Ok(words)
    }
}

fn region_of(word: B256) -> [u8; 2] {
    [word[0], word[1]]
}

fn status_of(word: B256) -> Status {
    Status::from_u8(word[31]).unwrap_or(Status::None)
}
