//! A whole license registry as a plain Rust value: the reference model the differential tests run
//! beside the Solidity and Stylus registries. Every call returns what the contracts would (the new
//! id, or the exact ABI-encoded revert), and the views return what `getLicense`, `stateHistory`,
//! `isUsable` and the ERC-721 views return.
//!
//! The DID registry is represented by its observable state only (controller, region and status of
//! each DID): the tests apply identity changes to the real DID registry and mirror the accepted
//! ones here with [`Registry::set_did`].

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::string::String;
use alloc::vec::Vec;

use alloy_primitives::{Address, B256, FixedBytes, U256, keccak256};
use alloy_sol_types::SolError;

use super::errors::*;
use super::rules::{self, LicenseState, MAX_ROYALTY_BPS, Parent};
use crate::identity::{self, Status};

/// An ABI-encoded revert, exactly as a registry returns it.
pub type Revert = Vec<u8>;

/// `keccak256("CHLOM_ISSUER_ROLE")`, the registries' `ISSUER_ROLE`.
pub fn issuer_role() -> B256 {
    keccak256("CHLOM_ISSUER_ROLE")
}

/// `keccak256("CHLOM_COMPLIANCE_ROLE")`, the registries' `COMPLIANCE_ROLE`.
pub fn compliance_role() -> B256 {
    keccak256("CHLOM_COMPLIANCE_ROLE")
}

/// `keccak256("CHLOM_ENFORCEMENT_ROLE")`, the registries' `ENFORCEMENT_ROLE`.
pub fn enforcement_role() -> B256 {
    keccak256("CHLOM_ENFORCEMENT_ROLE")
}

/// The `Sublicense` license type, which only `createSublicense` produces.
pub const SUBLICENSE_TYPE: u8 = 1;

/// The license types an ABI caller may name (`Standard` to `Creative`).
pub const LICENSE_TYPES: u8 = 6;

/// What the DID registry says of a DID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Did {
    /// Who controls the DID.
    pub controller: Address,
    /// Its region code.
    pub region: [u8; 2],
    /// Its verification status.
    pub status: Status,
}

/// An `issueLicense` request (the ABI's `IssueRequest`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueRequest {
    /// The issuing DID; the caller must control it.
    pub issuer_did: B256,
    /// The holder DID; the token goes to its controller.
    pub holder_did: B256,
    /// The license type as its ABI number (`LicenseType`).
    pub license_type: u8,
    /// The jurisdiction's region code.
    pub region: [u8; 2],
    /// The hash of the governing law reference.
    pub law_ref: B256,
    /// The regions holders must be in (empty: anywhere).
    pub allowed_regions: Vec<[u8; 2]>,
    /// The expiry (Unix seconds).
    pub expires_at: u64,
    /// The royalty in basis points.
    pub royalty_bps: u16,
    /// Whether the license may be renewed.
    pub renewable: bool,
    /// Whether the license may be sublicensed.
    pub sublicensable: bool,
    /// The terms URI.
    pub terms_uri: String,
}

/// A license as `getLicense` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenseView {
    /// The id.
    pub id: U256,
    /// The parent's id (0 for an original license).
    pub parent_id: U256,
    /// The issuer DID.
    pub issuer_did: B256,
    /// The DID the holder controls now (zero if none).
    pub holder_did: B256,
    /// The token owner.
    pub holder: Address,
    /// The license type's ABI number.
    pub license_type: u8,
    /// The jurisdiction's region code.
    pub region: [u8; 2],
    /// The law reference (the root license's).
    pub law_ref: B256,
    /// The allowed regions (the root license's).
    pub allowed_regions: Vec<[u8; 2]>,
    /// When it was issued.
    pub issued_at: u64,
    /// When it expires.
    pub expires_at: u64,
    /// Its royalty.
    pub royalty_bps: u16,
    /// Its effective state now.
    pub state: LicenseState,
    /// Whether it is renewable.
    pub renewable: bool,
    /// Whether it is sublicensable.
    pub sublicensable: bool,
    /// Whether enforcement froze it.
    pub frozen: bool,
    /// Its sublicense depth.
    pub depth: u8,
    /// Who revoked it (zero if not revoked).
    pub revoked_by: Address,
    /// Its terms URI (a sublicense without its own reads its parent's).
    pub terms_uri: String,
}

#[derive(Debug, Clone)]
struct Record {
    issuer_did: B256,
    issued_at: u64,
    expires_at: u64,
    royalty_bps: u16,
    region: [u8; 2],
    license_type: u8,
    state: LicenseState,
    renewable: bool,
    sublicensable: bool,
    frozen: bool,
    restricted: bool,
    expiry_recorded: bool,
    depth: u8,
    law_ref: B256,
    allowed_regions: B256,
    parent_id: U256,
    revoked_by: Address,
    terms_uri: String,
    history: Vec<(LicenseState, u64)>,
}

/// The reference registry.
#[derive(Debug, Clone)]
pub struct Registry {
    now: u64,
    threshold: u8,
    roles: BTreeSet<(B256, Address)>,
    dids: BTreeMap<B256, Did>,
    did_of: BTreeMap<Address, B256>,
    risk: BTreeMap<B256, u8>,
    licenses: BTreeMap<U256, Record>,
    owners: BTreeMap<U256, Address>,
    token_approvals: BTreeMap<U256, Address>,
    operators: BTreeSet<(Address, Address)>,
    issued: BTreeMap<B256, Vec<U256>>,
}

fn revert(error: impl SolError) -> Revert {
    error.abi_encode()
}

fn state_number(state: LicenseState) -> u8 {
    state as u8
}

impl Registry {
    /// A registry as deployed with `admin`, at block time `now`.
    pub fn new(admin: Address, now: u64) -> Self {
        let mut roles = BTreeSet::new();
        roles.insert((B256::ZERO, admin));
        Self {
            now,
            threshold: rules::DEFAULT_RISK_THRESHOLD,
            roles,
            dids: BTreeMap::new(),
            did_of: BTreeMap::new(),
            risk: BTreeMap::new(),
            licenses: BTreeMap::new(),
            owners: BTreeMap::new(),
            token_approvals: BTreeMap::new(),
            operators: BTreeSet::new(),
            issued: BTreeMap::new(),
        }
    }

    /// Moves the block clock.
    pub fn set_time(&mut self, now: u64) {
        self.now = now;
    }

    /// The block clock.
    pub fn now(&self) -> u64 {
        self.now
    }

    /// Grants `role` to `account` (as the admin would).
    pub fn grant_role(&mut self, role: B256, account: Address) {
        self.roles.insert((role, account));
    }

    /// Mirrors the DID registry's state of `did_hash`.
    pub fn set_did(&mut self, did_hash: B256, did: Did) {
        if let Some(previous) = self.dids.get(&did_hash) {
            self.did_of.remove(&previous.controller);
        }
        self.did_of.insert(did.controller, did_hash);
        self.dids.insert(did_hash, did);
    }

    // ------------------------------------------------------------------ calls

    /// `issueLicense`.
    pub fn issue(&mut self, caller: Address, request: &IssueRequest) -> Result<U256, Revert> {
        self.require_role(issuer_role(), caller)?;
        let (caller_did, _, caller_status) = self.standing_of(caller);
        if caller_did != request.issuer_did || caller_did.is_zero() {
            return Err(revert(NotAuthorized { caller, id: U256::ZERO }));
        }
        if request.license_type >= LICENSE_TYPES {
            // Solidity validates a calldata enum where it is first read, here, reverting without data.
            return Err(Vec::new());
        }
        if request.license_type == SUBLICENSE_TYPE {
            return Err(revert(InvalidLicenseType { licenseType: request.license_type }));
        }
        let allowed = check_jurisdiction(request.region, &request.allowed_regions)?;
        rules::check_royalty(request.royalty_bps)
            .map_err(|_| revert(InvalidRoyalty { royaltyBps: request.royalty_bps, maxBps: MAX_ROYALTY_BPS }))?;
        if rules::check_issue_expiry(request.expires_at, self.now).is_err() {
            return Err(revert(InvalidExpiry {
                expiresAt: request.expires_at,
                notBefore: self.now,
                notAfter: u64::MAX,
            }));
        }
        if request.terms_uri.is_empty() {
            return Err(revert(InvalidTerms {}));
        }
        self.require_compliant(caller_did, caller_status)?;
        let holder = self.dids.get(&request.holder_did).copied().unwrap_or(Did {
            controller: Address::ZERO,
            region: [0, 0],
            status: Status::None,
        });
        self.require_compliant(request.holder_did, holder.status)?;
        if !allowed.is_zero() && !rules::region_allowed(allowed, holder.region) {
            return Err(revert(HolderRegionNotAllowed {
                didHash: request.holder_did,
                region: FixedBytes(holder.region),
            }));
        }

        let id = self.new_id(request.issuer_did, request.holder_did);
        self.licenses.insert(
            id,
            Record {
                issuer_did: request.issuer_did,
                issued_at: self.now,
                expires_at: request.expires_at,
                royalty_bps: request.royalty_bps,
                region: request.region,
                license_type: request.license_type,
                state: LicenseState::Draft,
                renewable: request.renewable,
                sublicensable: request.sublicensable,
                frozen: false,
                restricted: !allowed.is_zero(),
                expiry_recorded: false,
                depth: 0,
                law_ref: request.law_ref,
                allowed_regions: allowed,
                parent_id: U256::ZERO,
                revoked_by: Address::ZERO,
                terms_uri: request.terms_uri.clone(),
                history: Vec::new(),
            },
        );
        self.mint(holder.controller, id);
        Ok(id)
    }

    /// `activateLicense`.
    pub fn activate(&mut self, caller: Address, id: U256) -> Result<(), Revert> {
        let record = self.existing(id)?;
        self.require_issuer(caller, id, record)?;
        self.require_live(id, record)?;
        if record.state != LicenseState::Draft {
            return Err(revert(InvalidState { id, state: state_number(record.state) }));
        }
        let (holder_did, _, status) = self.standing_of(self.owner(id));
        self.require_compliant(holder_did, status)?;
        self.set_state(id, LicenseState::Active);
        Ok(())
    }

    /// `renewLicense`.
    pub fn renew(&mut self, caller: Address, id: U256, new_expiry: u64) -> Result<(), Revert> {
        let record = self.existing(id)?;
        self.require_issuer(caller, id, record)?;
        if record.state == LicenseState::Revoked {
            return Err(revert(AlreadyRevoked { id }));
        }
        if !record.renewable {
            if self.now > record.expires_at {
                return Err(revert(LicenseHasExpired { id, expiresAt: record.expires_at }));
            }
            return Err(revert(NotRenewable { id }));
        }
        if let Err(rules::LicenseRejection::InvalidExpiry { not_before, not_after }) =
            rules::check_renewal(record.expires_at, new_expiry, self.now)
        {
            return Err(revert(InvalidExpiry { expiresAt: new_expiry, notBefore: not_before, notAfter: not_after }));
        }
        let now = self.now;
        let record = self.record_mut(id);
        record.expires_at = new_expiry;
        if record.expiry_recorded {
            record.expiry_recorded = false;
            let state = record.state;
            record.history.push((state, now));
        }
        Ok(())
    }

    /// `suspendLicense`.
    pub fn suspend(&mut self, caller: Address, id: U256) -> Result<(), Revert> {
        self.enforcement_move(caller, id, LicenseState::Active, LicenseState::Suspended)
    }

    /// `reinstateLicense`.
    pub fn reinstate(&mut self, caller: Address, id: U256) -> Result<(), Revert> {
        self.enforcement_move(caller, id, LicenseState::Suspended, LicenseState::Active)
    }

    /// `revokeLicense`.
    pub fn revoke(&mut self, caller: Address, id: U256) -> Result<(), Revert> {
        let record = self.existing(id)?;
        if !self.has_role(enforcement_role(), caller) {
            self.require_issuer(caller, id, record)?;
        }
        self.require_live(id, record)?;
        self.record_mut(id).revoked_by = caller;
        self.set_state(id, LicenseState::Revoked);
        Ok(())
    }

    /// `createSublicense`.
    pub fn create_sublicense(
        &mut self,
        caller: Address,
        parent_id: U256,
        new_holder_did: B256,
        royalty_bps: u16,
        expires_at: u64,
    ) -> Result<U256, Revert> {
        let parent = self.existing(parent_id)?.clone();
        if self.owner(parent_id) != caller {
            return Err(revert(NotAuthorized { caller, id: parent_id }));
        }
        self.require_usable(parent_id)?;
        let terms = Parent {
            expires_at: parent.expires_at,
            royalty_bps: parent.royalty_bps,
            sublicensable: parent.sublicensable,
            depth: parent.depth,
        };
        match rules::check_sublicense(terms, royalty_bps, expires_at, self.now) {
            Ok(()) => {}
            Err(rules::LicenseRejection::NotSublicensable) => {
                return Err(revert(NotSublicensable { parentId: parent_id }));
            }
            Err(rules::LicenseRejection::InvalidRoyalty { max }) => {
                return Err(revert(InvalidRoyalty { royaltyBps: royalty_bps, maxBps: max }));
            }
            Err(rules::LicenseRejection::InvalidExpiry { not_before, not_after }) => {
                return Err(revert(InvalidExpiry {
                    expiresAt: expires_at,
                    notBefore: not_before,
                    notAfter: not_after,
                }));
            }
            Err(other) => unreachable!("check_sublicense does not return {other:?}"),
        }
        let (grantor_did, _, grantor_status) = self.standing_of(caller);
        self.require_compliant(grantor_did, grantor_status)?;
        let holder = self.did(new_holder_did);
        self.require_compliant(new_holder_did, holder.status)?;
        if parent.restricted && !rules::region_allowed(self.root(parent_id).allowed_regions, holder.region) {
            return Err(revert(HolderRegionNotAllowed { didHash: new_holder_did, region: FixedBytes(holder.region) }));
        }

        let child_id = self.new_id(grantor_did, new_holder_did);
        self.licenses.insert(
            child_id,
            Record {
                issuer_did: grantor_did,
                issued_at: self.now,
                expires_at,
                royalty_bps,
                region: parent.region,
                license_type: SUBLICENSE_TYPE,
                state: LicenseState::Active,
                renewable: false,
                sublicensable: false,
                frozen: false,
                restricted: parent.restricted,
                expiry_recorded: false,
                depth: parent.depth + 1,
                law_ref: B256::ZERO,
                allowed_regions: B256::ZERO,
                parent_id,
                revoked_by: Address::ZERO,
                terms_uri: String::new(),
                history: Vec::new(),
            },
        );
        self.mint(holder.controller, child_id);
        Ok(child_id)
    }

    /// `updateTerms`.
    pub fn update_terms(&mut self, caller: Address, id: U256, terms_uri: &str) -> Result<(), Revert> {
        let record = self.existing(id)?;
        self.require_issuer(caller, id, record)?;
        self.require_live(id, record)?;
        if terms_uri.is_empty() {
            return Err(revert(InvalidTerms {}));
        }
        self.record_mut(id).terms_uri = terms_uri.into();
        Ok(())
    }

    /// `recordCompliance`.
    pub fn record_compliance(&mut self, caller: Address, id: U256, score: u8) -> Result<(), Revert> {
        self.require_role(compliance_role(), caller)?;
        self.existing(id)?;
        if score > 100 {
            return Err(revert(InvalidScore { score }));
        }
        let holder = self.owner(id);
        let holder_did = self.did_of.get(&holder).copied().unwrap_or_default();
        if holder_did.is_zero() {
            return Err(revert(InvalidAccount { account: holder }));
        }
        self.risk.insert(holder_did, score);
        Ok(())
    }

    /// `recordHolderRisk`.
    pub fn record_holder_risk(&mut self, caller: Address, did_hash: B256, score: u8) -> Result<(), Revert> {
        self.require_role(compliance_role(), caller)?;
        if score > 100 {
            return Err(revert(InvalidScore { score }));
        }
        self.risk.insert(did_hash, score);
        Ok(())
    }

    /// `freezeLicense` (`frozen` true) or `unfreezeLicense` (false).
    pub fn set_frozen(&mut self, caller: Address, id: U256, frozen: bool) -> Result<(), Revert> {
        self.require_role(enforcement_role(), caller)?;
        let record = self.existing(id)?;
        self.require_live(id, record)?;
        if record.frozen == frozen {
            return Err(revert(FreezeUnchanged { id, frozen: record.frozen }));
        }
        self.record_mut(id).frozen = frozen;
        Ok(())
    }

    /// `recordExpiry`.
    pub fn record_expiry(&mut self, id: U256) -> Result<(), Revert> {
        let record = self.existing(id)?;
        if record.state == LicenseState::Revoked {
            return Err(revert(AlreadyRevoked { id }));
        }
        if self.now <= record.expires_at {
            return Err(revert(InvalidState { id, state: state_number(record.state) }));
        }
        if record.expiry_recorded {
            return Err(revert(InvalidState { id, state: state_number(LicenseState::Expired) }));
        }
        let now = self.now;
        let record = self.record_mut(id);
        record.expiry_recorded = true;
        record.history.push((LicenseState::Expired, now));
        Ok(())
    }

    /// `setRiskThreshold`.
    pub fn set_risk_threshold(&mut self, caller: Address, threshold: u8) -> Result<(), Revert> {
        self.require_role(B256::ZERO, caller)?;
        if threshold == 0 || threshold > 100 {
            return Err(revert(InvalidScore { score: threshold }));
        }
        self.threshold = threshold;
        Ok(())
    }

    /// ERC-721 `approve`.
    pub fn approve(&mut self, caller: Address, to: Address, id: U256) -> Result<(), Revert> {
        let owner = self.owner(id);
        if owner.is_zero() {
            return Err(revert(ERC721NonexistentToken { tokenId: id }));
        }
        if owner != caller && !self.operators.contains(&(owner, caller)) {
            return Err(revert(ERC721InvalidApprover { approver: caller }));
        }
        self.token_approvals.insert(id, to);
        Ok(())
    }

    /// ERC-721 `setApprovalForAll` (the model does not check the zero operator, which OpenZeppelin
    /// refuses; the tests never pass it).
    pub fn set_approval_for_all(&mut self, caller: Address, operator: Address, approved: bool) {
        if approved {
            self.operators.insert((caller, operator));
        } else {
            self.operators.remove(&(caller, operator));
        }
    }

    /// ERC-721 `transferFrom`, with the registry's gate.
    pub fn transfer_from(&mut self, caller: Address, from: Address, to: Address, id: U256) -> Result<(), Revert> {
        if to.is_zero() {
            return Err(revert(ERC721InvalidReceiver { receiver: to }));
        }
        let owner = self.owner(id);
        if owner.is_zero() {
            return Err(revert(ERC721NonexistentToken { tokenId: id }));
        }
        let authorized = caller == owner
            || self.operators.contains(&(owner, caller))
            || self.token_approvals.get(&id) == Some(&caller);
        if caller.is_zero() || !authorized {
            return Err(revert(ERC721InsufficientApproval { operator: caller, tokenId: id }));
        }
        self.require_usable(id)?;
        let (receiver_did, receiver_region, status) = self.standing_of(to);
        self.require_compliant(receiver_did, status)?;
        let record = &self.licenses[&id];
        if record.restricted && !rules::region_allowed(self.root(id).allowed_regions, receiver_region) {
            return Err(revert(HolderRegionNotAllowed { didHash: receiver_did, region: FixedBytes(receiver_region) }));
        }
        if owner != from {
            return Err(revert(ERC721IncorrectOwner { sender: from, tokenId: id, owner }));
        }
        self.token_approvals.remove(&id);
        self.owners.insert(id, to);
        Ok(())
    }

    // ------------------------------------------------------------------ views

    /// `getLicense`, or `None` where the registry reverts with `LicenseNotFound`.
    pub fn license(&self, id: U256) -> Option<LicenseView> {
        let record = self.licenses.get(&id)?;
        let root = self.root(id);
        let holder = self.owner(id);
        Some(LicenseView {
            id,
            parent_id: record.parent_id,
            issuer_did: record.issuer_did,
            holder_did: self.did_of.get(&holder).copied().unwrap_or_default(),
            holder,
            license_type: record.license_type,
            region: record.region,
            law_ref: root.law_ref,
            allowed_regions: rules::unpack_regions(root.allowed_regions).collect(),
            issued_at: record.issued_at,
            expires_at: record.expires_at,
            royalty_bps: record.royalty_bps,
            state: self.effective_state(record),
            renewable: record.renewable,
            sublicensable: record.sublicensable,
            frozen: record.frozen,
            depth: record.depth,
            revoked_by: record.revoked_by,
            terms_uri: self.terms(id),
        })
    }

    /// `stateHistory`: the issuance entry, then the recorded changes.
    pub fn history(&self, id: U256) -> Option<Vec<(LicenseState, u64)>> {
        let record = self.licenses.get(&id)?;
        let initial = if record.depth == 0 { LicenseState::Draft } else { LicenseState::Active };
        Some(core::iter::once((initial, record.issued_at)).chain(record.history.iter().copied()).collect())
    }

    /// `isUsable`.
    pub fn is_usable(&self, id: U256) -> bool {
        let mut current = id;
        loop {
            let Some(record) = self.licenses.get(&current) else { return false };
            if record.frozen || self.effective_state(record) != LicenseState::Active {
                return false;
            }
            if record.depth == 0 {
                return true;
            }
            current = record.parent_id;
        }
    }

    /// ERC-721 `ownerOf` (zero where the registry reverts).
    pub fn owner(&self, id: U256) -> Address {
        self.owners.get(&id).copied().unwrap_or_default()
    }

    /// ERC-721 `balanceOf`.
    pub fn balance_of(&self, account: Address) -> usize {
        self.owners.values().filter(|owner| **owner == account).count()
    }

    /// `nextNonce`.
    pub fn next_nonce(&self, issuer_did: B256) -> usize {
        self.issued.get(&issuer_did).map_or(0, Vec::len)
    }

    /// `riskScoreOf`.
    pub fn risk_score(&self, did_hash: B256) -> u8 {
        self.risk.get(&did_hash).copied().unwrap_or(0)
    }

    /// `riskThreshold`.
    pub fn risk_threshold(&self) -> u8 {
        self.threshold
    }

    /// Every license id, in issuance order per issuer.
    pub fn ids(&self) -> impl Iterator<Item = U256> + '_ {
        self.issued.values().flatten().copied()
    }

    // ------------------------------------------------------------------ internals

    fn has_role(&self, role: B256, account: Address) -> bool {
        self.roles.contains(&(role, account))
    }

    fn require_role(&self, role: B256, account: Address) -> Result<(), Revert> {
        if self.has_role(role, account) {
            Ok(())
        } else {
            Err(revert(AccessControlUnauthorizedAccount { account, neededRole: role }))
        }
    }

    /// What the model knows of `did_hash` (status None when unregistered).
    pub fn did(&self, did_hash: B256) -> Did {
        self.dids.get(&did_hash).copied().unwrap_or(Did {
            controller: Address::ZERO,
            region: [0, 0],
            status: Status::None,
        })
    }

    fn standing_of(&self, account: Address) -> (B256, [u8; 2], Status) {
        let did_hash = self.did_of.get(&account).copied().unwrap_or_default();
        let did = self.did(did_hash);
        (did_hash, did.region, did.status)
    }

    fn require_compliant(&self, did_hash: B256, status: Status) -> Result<(), Revert> {
        let score = self.risk_score(did_hash);
        let good_standing = !did_hash.is_zero() && status == Status::Valid;
        rules::compliance_gate(score, self.threshold, good_standing)
            .map_err(|_| revert(ComplianceFailed { didHash: did_hash, riskScore: score, status: status as u8 }))
    }

    fn existing(&self, id: U256) -> Result<&Record, Revert> {
        self.licenses.get(&id).ok_or_else(|| revert(LicenseNotFound { id }))
    }

    fn record_mut(&mut self, id: U256) -> &mut Record {
        self.licenses.get_mut(&id).expect("checked by existing()")
    }

    fn require_issuer(&self, caller: Address, id: U256, record: &Record) -> Result<(), Revert> {
        if self.did(record.issuer_did).controller != caller {
            return Err(revert(NotAuthorized { caller, id }));
        }
        Ok(())
    }

    fn require_live(&self, id: U256, record: &Record) -> Result<(), Revert> {
        if record.state == LicenseState::Revoked {
            return Err(revert(AlreadyRevoked { id }));
        }
        if self.now > record.expires_at {
            return Err(revert(LicenseHasExpired { id, expiresAt: record.expires_at }));
        }
        Ok(())
    }

    fn require_usable(&self, id: U256) -> Result<(), Revert> {
        let record = &self.licenses[&id];
        self.require_live(id, record)?;
        if record.state != LicenseState::Active {
            return Err(revert(InvalidState { id, state: state_number(record.state) }));
        }
        if record.frozen {
            return Err(revert(LicenseNotUsable { id }));
        }
        let mut ancestor = record;
        while ancestor.depth != 0 {
            ancestor = &self.licenses[&ancestor.parent_id];
            if ancestor.frozen || self.effective_state(ancestor) != LicenseState::Active {
                return Err(revert(LicenseNotUsable { id }));
            }
        }
        Ok(())
    }

    fn enforcement_move(
        &mut self,
        caller: Address,
        id: U256,
        from: LicenseState,
        to: LicenseState,
    ) -> Result<(), Revert> {
        self.require_role(enforcement_role(), caller)?;
        let record = self.existing(id)?;
        self.require_live(id, record)?;
        if record.state != from {
            return Err(revert(InvalidState { id, state: state_number(record.state) }));
        }
        self.set_state(id, to);
        Ok(())
    }

    fn set_state(&mut self, id: U256, state: LicenseState) {
        let now = self.now;
        let record = self.record_mut(id);
        record.state = state;
        record.history.push((state, now));
    }

    fn new_id(&mut self, issuer_did: B256, holder_did: B256) -> U256 {
        let issued = self.issued.entry(issuer_did).or_default();
        let id = rules::license_id(issuer_did, holder_did, U256::from(issued.len()));
        issued.push(id);
        id
    }

    fn mint(&mut self, to: Address, id: U256) {
        // The registries mint to the holder DID's controller, which the compliance gate has
        // already required to exist, so OpenZeppelin's receiver and sender checks cannot fail.
        debug_assert!(!to.is_zero() && !self.owners.contains_key(&id));
        self.owners.insert(id, to);
    }

    fn root(&self, id: U256) -> &Record {
        let mut record = &self.licenses[&id];
        while record.depth != 0 {
            record = &self.licenses[&record.parent_id];
        }
        record
    }

    fn terms(&self, id: U256) -> String {
        let mut record = &self.licenses[&id];
        while record.terms_uri.is_empty() && record.depth != 0 {
            record = &self.licenses[&record.parent_id];
        }
        record.terms_uri.clone()
    }

    fn effective_state(&self, record: &Record) -> LicenseState {
        rules::effective_state(record.state, record.expires_at, self.now)
    }
}

/// Checks the jurisdiction's region codes and packs the allowed regions.
fn check_jurisdiction(region: [u8; 2], allowed: &[[u8; 2]]) -> Result<B256, Revert> {
    if !identity::is_valid_region(region) {
        return Err(revert(InvalidJurisdiction { region: FixedBytes(region) }));
    }
    if allowed.len() > rules::MAX_ALLOWED_REGIONS {
        return Err(revert(InvalidJurisdiction { region: FixedBytes::ZERO }));
    }
    if let Some(bad) = allowed.iter().find(|code| !identity::is_valid_region(**code)) {
        return Err(revert(InvalidJurisdiction { region: FixedBytes(*bad) }));
    }
    Ok(rules::pack_regions(allowed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::address;

    const ADMIN: Address = address!("00000000000000000000000000000000000a11ce");
    const ISSUER: Address = address!("0000000000000000000000000000000000001551");
    const HOLDER: Address = address!("00000000000000000000000000000000000000a1");
    const OTHER: Address = address!("00000000000000000000000000000000000000b2");

    fn registry() -> (Registry, B256, B256, B256) {
        let mut registry = Registry::new(ADMIN, 1_000);
        registry.grant_role(issuer_role(), ISSUER);
        let (issuer, holder, other) = (B256::repeat_byte(1), B256::repeat_byte(2), B256::repeat_byte(3));
        registry.set_did(issuer, Did { controller: ISSUER, region: *b"US", status: Status::Valid });
        registry.set_did(holder, Did { controller: HOLDER, region: *b"DE", status: Status::Valid });
        registry.set_did(other, Did { controller: OTHER, region: *b"FR", status: Status::Valid });
        (registry, issuer, holder, other)
    }

    fn request(issuer: B256, holder: B256) -> IssueRequest {
        IssueRequest {
            issuer_did: issuer,
            holder_did: holder,
            license_type: 0,
            region: *b"DE",
            law_ref: B256::repeat_byte(9),
            allowed_regions: alloc::vec![*b"DE", *b"FR"],
            expires_at: 2_000,
            royalty_bps: 500,
            renewable: true,
            sublicensable: true,
            terms_uri: "ipfs://terms".into(),
        }
    }

    #[test]
    fn a_license_lives_through_its_lifecycle() {
        let (mut registry, issuer, holder, other) = registry();
        let id = registry.issue(ISSUER, &request(issuer, holder)).expect("issues");
        assert_eq!(id, rules::license_id(issuer, holder, U256::ZERO));
        assert_eq!(registry.owner(id), HOLDER);
        assert_eq!(registry.transfer_from(HOLDER, HOLDER, OTHER, id), Err(revert(InvalidState { id, state: 0 })));
        registry.activate(ISSUER, id).expect("activates");
        registry.transfer_from(HOLDER, HOLDER, OTHER, id).expect("moves");
        assert_eq!(registry.license(id).expect("exists").holder_did, other);
        let child = registry.create_sublicense(OTHER, id, holder, 400, 1_500).expect("sublicenses");
        assert_eq!(registry.license(child).expect("exists").terms_uri, "ipfs://terms", "read through");
        registry.set_time(1_501);
        assert!(!registry.is_usable(child));
        registry.record_expiry(child).expect("records");
        assert_eq!(
            registry.history(child).expect("exists"),
            [(LicenseState::Active, 1_000), (LicenseState::Expired, 1_501)]
        );
    }

    #[test]
    fn refusals_are_the_registry_errors() {
        let (mut registry, issuer, holder, _) = registry();
        assert_eq!(
            registry.issue(HOLDER, &request(issuer, holder)),
            Err(revert(AccessControlUnauthorizedAccount { account: HOLDER, neededRole: issuer_role() }))
        );
        let mut bad = request(issuer, holder);
        bad.allowed_regions = alloc::vec![*b"US"];
        assert_eq!(
            registry.issue(ISSUER, &bad),
            Err(revert(HolderRegionNotAllowed { didHash: holder, region: FixedBytes(*b"DE") }))
        );
        registry.record_holder_risk(ADMIN, holder, 90).expect_err("needs the compliance role");
        registry.grant_role(compliance_role(), ADMIN);
        registry.record_holder_risk(ADMIN, holder, 90).expect("records");
        assert_eq!(
            registry.issue(ISSUER, &request(issuer, holder)),
            Err(revert(ComplianceFailed { didHash: holder, riskScore: 90, status: Status::Valid as u8 }))
        );
    }
}
