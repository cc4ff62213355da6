//! Every state change of a license, in the Solidity registry's check order (role, existence,
//! authority, state, arguments, compliance) and with its events in the same order.

use alloy_primitives::{Address, B256, U8, U256};
use alloy_sol_types::{SolError, SolEvent};
use chlom_core::identity::is_valid_region;
use chlom_core::license::errors::*;
use chlom_core::license::{self, LicenseState, MAX_ALLOWED_REGIONS, MAX_ROYALTY_BPS, Parent, pack_regions};
use chlom_stylus_access_control::DEFAULT_ADMIN_ROLE;
use stylus_sdk::prelude::*;

use crate::Revert;
use crate::abi::*;
use crate::encode::{Word, revert, string, words};
use crate::store::{EXPIRY_RECORDED, FROZEN, LicenseStore, RENEWABLE, RESTRICTED, SUBLICENSABLE, Scalars};

/// `LicenseType.Sublicense`.
const SUBLICENSE_TYPE: u8 = 1;
/// How many `LicenseType`s the ABI has.
const LICENSE_TYPES: u8 = 6;
/// The largest risk score and threshold.
const MAX_SCORE: u8 = 100;

impl LicenseStore {
    /// `issueLicense`.
    pub fn issue_license(&mut self, request: IssueRequest) -> Result<U256, Revert> {
        let sender = self.vm().msg_sender();
        self.roles.check_role(ISSUER_ROLE, sender)?;
        let caller = self.standing_of(sender)?;
        if caller.did_hash != request.issuerDid || caller.did_hash.is_zero() {
            return Err(revert(NotAuthorized::SELECTOR, &[sender.word(), U256::ZERO.word()]));
        }
        if request.licenseType >= LICENSE_TYPES {
            // Solidity refuses an out-of-range enum where it first reads it, with empty data.
            return Err(Revert::new());
        }
        if request.licenseType == SUBLICENSE_TYPE {
            return Err(revert(InvalidLicenseType::SELECTOR, &[request.licenseType.word()]));
        }
        let jurisdiction = &request.jurisdiction;
        if !is_valid_region(jurisdiction.region.0) {
            return Err(revert(InvalidJurisdiction::SELECTOR, &[jurisdiction.region.word()]));
        }
        if jurisdiction.allowedRegions.len() > MAX_ALLOWED_REGIONS {
            return Err(revert(InvalidJurisdiction::SELECTOR, &[B256::ZERO]));
        }
        let mut codes = alloc::vec::Vec::with_capacity(jurisdiction.allowedRegions.len());
        for code in &jurisdiction.allowedRegions {
            if !is_valid_region(code.0) {
                return Err(revert(InvalidJurisdiction::SELECTOR, &[code.word()]));
            }
            codes.push(code.0);
        }
        let allowed = pack_regions(&codes);
        if request.royaltyBps > MAX_ROYALTY_BPS {
            return Err(revert(InvalidRoyalty::SELECTOR, &[request.royaltyBps.word(), MAX_ROYALTY_BPS.word()]));
        }
        let now = self.vm().block_timestamp();
        if request.expiresAt <= now {
            return Err(invalid_expiry(request.expiresAt, now, u64::MAX));
        }
        if request.termsUri.is_empty() {
            return Err(revert(InvalidTerms::SELECTOR, &[]));
        }
        self.require_compliant(&caller)?;
        let holder = self.controller_of(request.holderDid)?;
        self.require_compliant(&holder)?;
        if !allowed.is_zero() {
            self.require_region(allowed, &holder)?;
        }

        let id = self.new_id(request.issuerDid, request.holderDid);
        let mut scalars = Scalars {
            issued_at: now,
            expires_at: request.expiresAt,
            royalty_bps: request.royaltyBps,
            region: jurisdiction.region.0,
            license_type: request.licenseType,
            ..Scalars::default()
        };
        scalars.set(RENEWABLE, request.renewable);
        scalars.set(SUBLICENSABLE, request.sublicensable);
        scalars.set(RESTRICTED, !allowed.is_zero());
        self.write_terms(id, request.termsUri.as_bytes(), &mut scalars);
        let mut record = self.licenses.setter(id);
        record.issuer_did.set(request.issuerDid);
        record.save(&scalars);
        if !jurisdiction.lawRef.is_zero() {
            record.law_ref.set(jurisdiction.lawRef);
        }
        if !allowed.is_zero() {
            record.allowed_regions.set(allowed);
        }
        drop(record);

        self.log(&[LicenseIssued::SIGNATURE_HASH, id.word(), request.issuerDid, request.holderDid], &[]);
        self.mint(holder.controller, id)?;
        Ok(id)
    }

    /// `activateLicense`.
    pub fn activate_license(&mut self, id: U256) -> Result<(), Revert> {
        let mut scalars = self.existing(id)?;
        self.require_issuer(id)?;
        self.require_live(id, &scalars)?;
        require_state(id, &scalars, LicenseState::Draft)?;
        let holder = self.standing_of(self.owner_of_raw(id))?;
        self.require_compliant(&holder)?;

        self.set_state(id, &mut scalars, LicenseState::Active);
        let by = self.vm().msg_sender();
        self.log(&[LicenseActivated::SIGNATURE_HASH, id.word(), by.word()], &[]);
        Ok(())
    }

    /// `renewLicense`.
    pub fn renew_license(&mut self, id: U256, new_expiry: u64) -> Result<(), Revert> {
        let mut scalars = self.existing(id)?;
        self.require_issuer(id)?;
        let now = self.vm().block_timestamp();
        let previous = scalars.expires_at;
        if scalars.stored_state() == LicenseState::Revoked {
            return Err(revert(AlreadyRevoked::SELECTOR, &[id.word()]));
        }
        if !scalars.has(RENEWABLE) {
            if now > previous {
                return Err(revert(LicenseHasExpired::SELECTOR, &[id.word(), previous.word()]));
            }
            return Err(revert(NotRenewable::SELECTOR, &[id.word()]));
        }
        if license::check_renewal(previous, new_expiry, now).is_err() {
            return Err(invalid_expiry(new_expiry, previous.max(now), u64::MAX));
        }

        scalars.expires_at = new_expiry;
        if scalars.has(EXPIRY_RECORDED) {
            scalars.set(EXPIRY_RECORDED, false);
            let state = scalars.stored_state();
            self.append_history(id, &mut scalars, state);
        }
        self.licenses.setter(id).save(&scalars);
        self.log(&[LicenseRenewed::SIGNATURE_HASH, id.word()], &words(&[previous.word(), new_expiry.word()]));
        self.metadata_update(id);
        Ok(())
    }

    /// `suspendLicense`.
    pub fn suspend_license(&mut self, id: U256, reason: B256) -> Result<(), Revert> {
        let by = self.enforcement_move(id, LicenseState::Active, LicenseState::Suspended)?;
        self.log(&[LicenseSuspended::SIGNATURE_HASH, id.word(), by.word()], reason.as_slice());
        Ok(())
    }

    /// `reinstateLicense`.
    pub fn reinstate_license(&mut self, id: U256) -> Result<(), Revert> {
        let by = self.enforcement_move(id, LicenseState::Suspended, LicenseState::Active)?;
        self.log(&[LicenseReinstated::SIGNATURE_HASH, id.word(), by.word()], &[]);
        Ok(())
    }

    /// `revokeLicense`.
    pub fn revoke_license(&mut self, id: U256, reason: B256) -> Result<(), Revert> {
        let mut scalars = self.existing(id)?;
        let by = self.vm().msg_sender();
        if !self.roles.has_role(ENFORCEMENT_ROLE, by) {
            self.require_issuer(id)?;
        }
        self.require_live(id, &scalars)?;

        self.licenses.setter(id).revoked_by.set(by);
        self.set_state(id, &mut scalars, LicenseState::Revoked);
        self.log(&[LicenseRevoked::SIGNATURE_HASH, id.word(), by.word()], reason.as_slice());
        Ok(())
    }

    /// `createSublicense`.
    pub fn create_sublicense(
        &mut self,
        parent_id: U256,
        new_holder_did: B256,
        royalty_bps: u16,
        expires_at: u64,
    ) -> Result<U256, Revert> {
        let parent = self.existing(parent_id)?;
        let sender = self.vm().msg_sender();
        if self.owner_of_raw(parent_id) != sender {
            return Err(revert(NotAuthorized::SELECTOR, &[sender.word(), parent_id.word()]));
        }
        self.require_usable(parent_id, &parent)?;
        let terms = Parent {
            expires_at: parent.expires_at,
            royalty_bps: parent.royalty_bps,
            sublicensable: parent.has(SUBLICENSABLE),
            depth: parent.depth,
        };
        let now = self.vm().block_timestamp();
        match license::check_sublicense(terms, royalty_bps, expires_at, now) {
            Ok(()) => {}
            Err(license::LicenseRejection::InvalidRoyalty { max }) => {
                return Err(revert(InvalidRoyalty::SELECTOR, &[royalty_bps.word(), max.word()]));
            }
            Err(license::LicenseRejection::InvalidExpiry { not_before, not_after }) => {
                return Err(invalid_expiry(expires_at, not_before, not_after));
            }
            Err(_) => return Err(revert(NotSublicensable::SELECTOR, &[parent_id.word()])),
        }
        let grantor = self.standing_of(sender)?;
        self.require_compliant(&grantor)?;
        let holder = self.controller_of(new_holder_did)?;
        self.require_compliant(&holder)?;
        let restricted = parent.has(RESTRICTED);
        if restricted {
            let allowed = self.root_of(parent_id).1;
            self.require_region(allowed, &holder)?;
        }

        let child_id = self.new_id(grantor.did_hash, new_holder_did);
        let mut scalars = Scalars {
            issued_at: now,
            expires_at,
            royalty_bps,
            region: parent.region,
            license_type: SUBLICENSE_TYPE,
            state: LicenseState::Active as u8,
            depth: parent.depth + 1,
            ..Scalars::default()
        };
        scalars.set(RESTRICTED, restricted);
        let mut child = self.licenses.setter(child_id);
        child.issuer_did.set(grantor.did_hash);
        child.save(&scalars);
        child.parent_id.set(parent_id);
        drop(child);

        self.log(&[LicenseIssued::SIGNATURE_HASH, child_id.word(), grantor.did_hash, new_holder_did], &[]);
        self.log(&[SublicenseCreated::SIGNATURE_HASH, parent_id.word(), child_id.word()], &[]);
        self.mint(holder.controller, child_id)?;
        Ok(child_id)
    }

    /// `updateTerms`.
    pub fn update_terms(&mut self, id: U256, terms_uri: alloc::string::String) -> Result<(), Revert> {
        let mut scalars = self.existing(id)?;
        self.require_issuer(id)?;
        self.require_live(id, &scalars)?;
        if terms_uri.is_empty() {
            return Err(revert(InvalidTerms::SELECTOR, &[]));
        }
        self.write_terms(id, terms_uri.as_bytes(), &mut scalars);
        self.licenses.setter(id).save(&scalars);
        self.log(&[TermsUpdated::SIGNATURE_HASH, id.word()], &string(terms_uri.as_bytes()));
        self.metadata_update(id);
        Ok(())
    }

    /// `recordCompliance`.
    pub fn record_compliance(&mut self, id: U256, score: u8) -> Result<(), Revert> {
        self.roles.check_role(COMPLIANCE_ROLE, self.vm().msg_sender())?;
        self.existing(id)?;
        if score > MAX_SCORE {
            return Err(revert(InvalidScore::SELECTOR, &[score.word()]));
        }
        let holder = self.owner_of_raw(id);
        let holder_did = self.did_of(holder)?;
        if holder_did.is_zero() {
            return Err(revert(InvalidAccount::SELECTOR, &[holder.word()]));
        }
        self.risk_scores.insert(holder_did, U8::from(score));
        self.log(&[ComplianceRecorded::SIGNATURE_HASH, id.word()], score.word().as_slice());
        Ok(())
    }

    /// `recordHolderRisk`.
    pub fn record_holder_risk(&mut self, did_hash: B256, score: u8) -> Result<(), Revert> {
        self.roles.check_role(COMPLIANCE_ROLE, self.vm().msg_sender())?;
        if score > MAX_SCORE {
            return Err(revert(InvalidScore::SELECTOR, &[score.word()]));
        }
        self.risk_scores.insert(did_hash, U8::from(score));
        self.log(&[HolderRiskRecorded::SIGNATURE_HASH, did_hash], score.word().as_slice());
        Ok(())
    }

    /// `freezeLicense` (`frozen`) or `unfreezeLicense`.
    pub fn set_frozen(&mut self, id: U256, frozen: bool) -> Result<(), Revert> {
        let by = self.vm().msg_sender();
        self.roles.check_role(ENFORCEMENT_ROLE, by)?;
        let mut scalars = self.existing(id)?;
        self.require_live(id, &scalars)?;
        if scalars.has(FROZEN) == frozen {
            return Err(revert(FreezeUnchanged::SELECTOR, &[id.word(), frozen.word()]));
        }
        scalars.set(FROZEN, frozen);
        self.licenses.setter(id).save(&scalars);
        self.metadata_update(id);
        let topic = if frozen { LicenseFrozen::SIGNATURE_HASH } else { LicenseUnfrozen::SIGNATURE_HASH };
        self.log(&[topic, id.word(), by.word()], &[]);
        Ok(())
    }

    /// `recordExpiry`.
    pub fn record_expiry(&mut self, id: U256) -> Result<(), Revert> {
        let mut scalars = self.existing(id)?;
        let state = scalars.stored_state();
        if state == LicenseState::Revoked {
            return Err(revert(AlreadyRevoked::SELECTOR, &[id.word()]));
        }
        if self.vm().block_timestamp() <= scalars.expires_at {
            return Err(revert(InvalidState::SELECTOR, &[id.word(), scalars.state.word()]));
        }
        if scalars.has(EXPIRY_RECORDED) {
            return Err(revert(InvalidState::SELECTOR, &[id.word(), (LicenseState::Expired as u8).word()]));
        }
        scalars.set(EXPIRY_RECORDED, true);
        self.append_history(id, &mut scalars, LicenseState::Expired);
        self.licenses.setter(id).save(&scalars);
        self.log(&[LicenseExpired::SIGNATURE_HASH, id.word()], scalars.expires_at.word().as_slice());
        self.metadata_update(id);
        Ok(())
    }

    /// `setRiskThreshold`.
    pub fn set_risk_threshold(&mut self, threshold: u8) -> Result<(), Revert> {
        self.roles.check_role(DEFAULT_ADMIN_ROLE, self.vm().msg_sender())?;
        if threshold == 0 || threshold > MAX_SCORE {
            return Err(revert(InvalidScore::SELECTOR, &[threshold.word()]));
        }
        let previous = self.risk_threshold.get().to::<u8>();
        self.risk_threshold.set(U8::from(threshold));
        self.log(&[RiskThresholdChanged::SIGNATURE_HASH], &words(&[previous.word(), threshold.word()]));
        Ok(())
    }

    /// The transfer gate (`_update`'s override): usable license, compliant receiver in an
    /// allowed region.
    pub fn require_transferable(&self, id: U256, to: Address) -> Result<(), Revert> {
        let scalars = self.licenses.getter(id).read_scalars();
        self.require_usable(id, &scalars)?;
        let receiver = self.standing_of(to)?;
        self.require_compliant(&receiver)?;
        if scalars.has(RESTRICTED) {
            let allowed = self.root_of(id).1;
            self.require_region(allowed, &receiver)?;
        }
        Ok(())
    }

    // ------------------------------------------------------------------ checks and helpers

    /// The scalars of an existing license, or `LicenseNotFound`.
    pub fn existing(&self, id: U256) -> Result<Scalars, Revert> {
        let record = self.licenses.getter(id);
        if !record.exists() {
            return Err(revert(LicenseNotFound::SELECTOR, &[id.word()]));
        }
        Ok(record.read_scalars())
    }

    /// `NotAuthorized` unless the caller controls the license's issuer DID.
    fn require_issuer(&self, id: U256) -> Result<(), Revert> {
        let sender = self.vm().msg_sender();
        let issuer = self.controller_of(self.licenses.getter(id).issuer_did.get())?;
        if issuer.controller != sender {
            return Err(revert(NotAuthorized::SELECTOR, &[sender.word(), id.word()]));
        }
        Ok(())
    }

    /// Not Revoked and not past its expiry.
    fn require_live(&self, id: U256, scalars: &Scalars) -> Result<(), Revert> {
        if scalars.stored_state() == LicenseState::Revoked {
            return Err(revert(AlreadyRevoked::SELECTOR, &[id.word()]));
        }
        if self.vm().block_timestamp() > scalars.expires_at {
            return Err(revert(LicenseHasExpired::SELECTOR, &[id.word(), scalars.expires_at.word()]));
        }
        Ok(())
    }

    /// Active, unexpired and unfrozen, and so is every ancestor (read through, at most
    /// `MAX_SUBLICENSE_DEPTH` extra reads).
    fn require_usable(&self, id: U256, scalars: &Scalars) -> Result<(), Revert> {
        self.require_live(id, scalars)?;
        require_state(id, scalars, LicenseState::Active)?;
        if scalars.has(FROZEN) {
            return Err(revert(LicenseNotUsable::SELECTOR, &[id.word()]));
        }
        if scalars.depth == 0 {
            return Ok(());
        }
        let now = self.vm().block_timestamp();
        let (mut depth, mut parent) = (scalars.depth, self.licenses.getter(id).parent_id.get());
        while depth != 0 {
            let ancestor = self.licenses.getter(parent);
            let above = ancestor.read_scalars();
            let state = license::effective_state(above.stored_state(), above.expires_at, now);
            if above.has(FROZEN) || state != LicenseState::Active {
                return Err(revert(LicenseNotUsable::SELECTOR, &[id.word()]));
            }
            (depth, parent) = (above.depth, ancestor.parent_id.get());
        }
        Ok(())
    }

    fn enforcement_move(&mut self, id: U256, from: LicenseState, to: LicenseState) -> Result<Address, Revert> {
        let by = self.vm().msg_sender();
        self.roles.check_role(ENFORCEMENT_ROLE, by)?;
        let mut scalars = self.existing(id)?;
        self.require_live(id, &scalars)?;
        require_state(id, &scalars, from)?;
        self.set_state(id, &mut scalars, to);
        Ok(by)
    }

    /// Moves to `state`, records it and saves the scalars; emits `MetadataUpdate`.
    fn set_state(&mut self, id: U256, scalars: &mut Scalars, state: LicenseState) {
        scalars.state = state as u8;
        self.append_history(id, scalars, state);
        self.licenses.setter(id).save(scalars);
        self.metadata_update(id);
    }

    /// Appends `(state, now)` to the history (the caller saves the scalars).
    fn append_history(&mut self, id: U256, scalars: &mut Scalars, state: LicenseState) {
        let entry = (U256::from(state as u8) << 64) | U256::from(self.vm().block_timestamp());
        self.history.setter(id).insert(U256::from(scalars.history_length), entry);
        scalars.history_length += 1;
    }

    /// Writes the terms URI's words (the caller saves the scalars with the new length).
    fn write_terms(&mut self, id: U256, text: &[u8], scalars: &mut Scalars) {
        let mut record = self.licenses.setter(id);
        for (index, chunk) in text.chunks(32).enumerate() {
            let mut word = [0u8; 32];
            word[..chunk.len()].copy_from_slice(chunk);
            record.terms.insert(U256::from(index), B256::from(word));
        }
        scalars.terms_length = text.len() as u32;
    }

    /// A fresh id for `(issuer, holder)`: the issuer's next nonce, recorded in its index.
    fn new_id(&mut self, issuer_did: B256, holder_did: B256) -> U256 {
        let nonce = self.issued.getter(issuer_did).len();
        if nonce == 0 {
            self.issuers.push(issuer_did);
        }
        let id = license::license_id(issuer_did, holder_did, U256::from(nonce));
        self.issued.setter(issuer_did).push(id);
        id
    }

    /// The original license above `id` (itself when original): its id and packed allowed regions.
    pub fn root_of(&self, id: U256) -> (U256, B256) {
        let mut current = id;
        loop {
            let record = self.licenses.getter(current);
            if record.read_scalars().depth == 0 {
                return (current, record.allowed_regions.get());
            }
            current = record.parent_id.get();
        }
    }

    /// Emits `MetadataUpdate(id)` (ERC-4906).
    fn metadata_update(&self, id: U256) {
        self.log(&[MetadataUpdate::SIGNATURE_HASH], id.word().as_slice());
    }
}

fn require_state(id: U256, scalars: &Scalars, wanted: LicenseState) -> Result<(), Revert> {
    if scalars.stored_state() != wanted {
        return Err(revert(InvalidState::SELECTOR, &[id.word(), scalars.state.word()]));
    }
    Ok(())
}

fn invalid_expiry(expires_at: u64, not_before: u64, not_after: u64) -> Revert {
    revert(InvalidExpiry::SELECTOR, &[expires_at.word(), not_before.word(), not_after.word()])
}
