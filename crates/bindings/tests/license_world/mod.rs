//! A populated chain for the license-registry tests: a DID registry with issuers and holders in
//! several regions and statuses, a license registry deployed by a [`Deployer`] (Solidity bytecode or
//! Stylus WASM), the roles granted, and the `chlom-core` reference model in the same state.

use alloy::dyn_abi::{DynSolValue, JsonAbiExt};
use alloy::primitives::{Address, B256, Bytes, FixedBytes, U256, address, keccak256};
use alloy::sol_types::SolCall;
use chlom_bindings::{DIDRegistry, ILicenseRegistry, LicenseRegistry, artifacts};
use chlom_core::identity::Status;
use chlom_core::license::model::{self, Did, LicenseView, Registry};
use chlom_evm::{Chain, TxRequest};
use chlom_vectors::Deployer;

pub(crate) const ADMIN: Address = address!("00000000000000000000000000000000000a11ce");
pub(crate) const VERIFIER: Address = address!("000000000000000000000000000000000000fe11");
pub(crate) const COMPLIANCE: Address = address!("000000000000000000000000000000000000c0c0");
pub(crate) const ENFORCER: Address = address!("000000000000000000000000000000000000e4f0");
pub(crate) const ISSUER_A: Address = address!("0000000000000000000000000000000000001a1a");
pub(crate) const ISSUER_B: Address = address!("0000000000000000000000000000000000001b1b");
pub(crate) const HOLDER_1: Address = address!("00000000000000000000000000000000000000a1");
pub(crate) const HOLDER_2: Address = address!("00000000000000000000000000000000000000a2");
pub(crate) const HOLDER_3: Address = address!("00000000000000000000000000000000000000a3");
pub(crate) const NO_DID: Address = address!("00000000000000000000000000000000000000ff");

/// Every account a random operation may act as.
pub(crate) const ACTORS: [Address; 10] =
    [ADMIN, COMPLIANCE, ENFORCER, ISSUER_A, ISSUER_B, HOLDER_1, HOLDER_2, HOLDER_3, NO_DID, VERIFIER];

/// The DIDs: (controller, identifier, region, final status). HOLDER_3 stays Verified, not Valid.
pub(crate) const DIDS: [(Address, &str, [u8; 2], Status); 5] = [
    (ISSUER_A, "did:chlom:issuer-a", *b"US", Status::Valid),
    (ISSUER_B, "did:chlom:issuer-b", *b"DE", Status::Valid),
    (HOLDER_1, "did:chlom:holder-1", *b"DE", Status::Valid),
    (HOLDER_2, "did:chlom:holder-2", *b"FR", Status::Valid),
    (HOLDER_3, "did:chlom:holder-3", *b"US", Status::Verified),
];

/// The hash of DID number `index` of [`DIDS`]; one past the end is a DID nobody registered.
pub(crate) fn did_hash(index: usize) -> B256 {
    match DIDS.get(index) {
        Some((_, did, ..)) => keccak256(did.as_bytes()),
        None => keccak256("did:chlom:unregistered"),
    }
}

/// The Solidity license registry.
pub(crate) fn deploy_solidity(chain: &mut Chain, from: Address, args: &[DynSolValue]) -> chlom_evm::Result<Address> {
    let abi = artifacts::abi(artifacts::LICENSE_REGISTRY).expect("artifact ABI");
    let encoded = abi.constructor.expect("constructor").abi_encode_input(args).expect("arguments encode");
    chain.deploy(from, [LicenseRegistry::BYTECODE.as_ref(), &encoded].concat())
}

/// A compiled Stylus program from `contracts/stylus/out`.
pub(crate) fn stylus_code(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../contracts/stylus/out/{name}.code"));
    chlom_evm::stylus::program::read_code(path)
        .unwrap_or_else(|e| panic!("{e}: run script/build-stylus.sh first"))
        .to_vec()
}

/// A contract split into Stylus programs (`Chain::deploy_stylus_split`): `parts` first, then the
/// `entry` program constructed with `constructor_args` followed by their addresses; `from` is funded
/// for the activation fees. Returns the entry program's address, the contract's.
pub(crate) fn deploy_stylus_programs(
    chain: &mut Chain,
    from: Address,
    entry: &str,
    parts: &[&str],
    constructor_args: &[u8],
) -> chlom_evm::Result<Address> {
    chain.fund(from, chain.balance(from) + U256::from(10u128.pow(19)));
    let parts: Vec<Vec<u8>> = parts.iter().map(|name| stylus_code(name)).collect();
    let parts: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    chain.deploy_stylus_split(from, &stylus_code(entry), &parts, constructor_args)
}

/// The Stylus settlement engine's entry program and its other programs.
pub(crate) const STYLUS_SETTLEMENT_ENGINE: (&str, [&str; 3]) = (
    "chlom_stylus_settlement_engine",
    ["chlom_stylus_settlement_graphs", "chlom_stylus_settlement_config", "chlom_stylus_settlement_views"],
);

/// The Stylus DLAEnforcement's entry program and its other programs.
pub(crate) const STYLUS_DLA: (&str, [&str; 2]) =
    ("chlom_stylus_dla_enforcement", ["chlom_stylus_dla_sanctions", "chlom_stylus_dla_admin"]);

/// The Stylus license registry: the lifecycle and views programs, then the entry program with
/// the Solidity constructor's arguments followed by their addresses.
pub(crate) fn deploy_stylus(chain: &mut Chain, from: Address, args: &[DynSolValue]) -> chlom_evm::Result<Address> {
    let encoded = DynSolValue::Tuple(args.to_vec()).abi_encode_params();
    let parts = ["chlom_stylus_license_lifecycle", "chlom_stylus_license_views"];
    deploy_stylus_programs(chain, from, "chlom_stylus_license_registry", &parts, &encoded)
}

/// What a call did: its return data, or its exact revert data.
pub(crate) type Outcome = Result<Bytes, Bytes>;

/// The chain, the contracts and the model, in step.
pub(crate) struct World {
    pub(crate) chain: Chain,
    pub(crate) dids: Address,
    pub(crate) registry: Address,
    pub(crate) model: Registry,
}

impl World {
    /// Deploys everything with `deployer` providing the license registry.
    pub(crate) fn new(deployer: &mut impl Deployer) -> Self {
        let mut chain = Chain::new();
        let abi = artifacts::abi(artifacts::DID_REGISTRY).expect("artifact ABI");
        let args = abi
            .constructor
            .expect("constructor")
            .abi_encode_input(&[DynSolValue::Address(ADMIN), DynSolValue::Address(VERIFIER)])
            .expect("arguments encode");
        let dids = chain.deploy(ADMIN, [DIDRegistry::BYTECODE.as_ref(), &args].concat()).expect("DID registry deploys");
        let registry = deployer
            .deploy(&mut chain, ADMIN, &[DynSolValue::Address(ADMIN), DynSolValue::Address(dids)])
            .expect("license registry deploys");
        let mut model = Registry::new(ADMIN, chain.timestamp());

        for (index, (controller, did, region, status)) in DIDS.iter().enumerate() {
            let register = DIDRegistry::registerDIDCall {
                did: Bytes::copy_from_slice(did.as_bytes()),
                region: FixedBytes(*region),
                biometricCommitment: B256::repeat_byte(index as u8 + 1),
            };
            chain.send(*controller, dids, &register).expect("DID registers");
            let mut steps = vec![Status::Verified];
            if *status == Status::Valid {
                steps.push(Status::Valid);
            }
            for next in steps {
                let call = DIDRegistry::setStatusCall { didHash: did_hash(index), next: next as u8 };
                chain.send(VERIFIER, dids, &call).expect("status moves");
            }
            model.set_did(did_hash(index), Did { controller: *controller, region: *region, status: *status });
        }
        let grants = [
            (model::issuer_role(), ISSUER_A),
            (model::issuer_role(), ISSUER_B),
            (model::compliance_role(), COMPLIANCE),
            (model::enforcement_role(), ENFORCER),
        ];
        for (role, account) in grants {
            chain.send(ADMIN, registry, &LicenseRegistry::grantRoleCall { role, account }).expect("role granted");
            model.grant_role(role, account);
        }
        Self { chain, dids, registry, model }
    }

    /// Sends `call` to the license registry from `from`.
    pub(crate) fn call(&mut self, from: Address, call: &impl SolCall) -> Outcome {
        let receipt = self
            .chain
            .transact(TxRequest::call(from, self.registry, call.abi_encode()))
            .expect("the transaction is valid");
        if receipt.is_success() { Ok(receipt.output) } else { Err(receipt.output) }
    }

    /// Runs a view of the license registry.
    pub(crate) fn view<C: SolCall>(&mut self, call: &C) -> Result<C::Return, Bytes> {
        let receipt = self
            .chain
            .call_raw(TxRequest::call(Address::ZERO, self.registry, call.abi_encode()))
            .expect("the call is valid");
        if receipt.is_success() {
            Ok(C::abi_decode_returns(&receipt.output).expect("return data decodes"))
        } else {
            Err(receipt.output)
        }
    }

    /// Moves both clocks forward.
    pub(crate) fn warp(&mut self, seconds: u64) {
        let now = self.chain.timestamp() + seconds;
        self.chain.mine(1, seconds);
        self.model.set_time(now);
    }

    /// Asserts that the registry reports license `id` exactly as the model does.
    pub(crate) fn assert_license_matches(&mut self, id: U256, context: &str) {
        let expected = self.model.license(id);
        let actual = self.view(&LicenseRegistry::getLicenseCall { id });
        match expected {
            None => assert!(actual.is_err(), "{context}: license {id} should not exist"),
            Some(view) => {
                let actual = actual.unwrap_or_else(|e| panic!("{context}: getLicense({id}) reverted: {e}"));
                assert_eq!(actual, abi_license(&view), "{context}: getLicense({id})");
                let history = self.view(&LicenseRegistry::stateHistoryCall { id }).expect("history of a license");
                let expected: Vec<(u8, u64)> =
                    self.model.history(id).expect("exists").into_iter().map(|(state, at)| (state as u8, at)).collect();
                let actual: Vec<(u8, u64)> = history.into_iter().map(|change| (change.state, change.at)).collect();
                assert_eq!(actual, expected, "{context}: stateHistory({id})");
                let usable = self.view(&LicenseRegistry::isUsableCall { id }).expect("isUsable");
                assert_eq!(usable, self.model.is_usable(id), "{context}: isUsable({id})");
            }
        }
    }

    /// Asserts everything the model knows: every license, balances, nonces, thresholds, risk
    /// scores and the holder lookup.
    pub(crate) fn assert_all_match(&mut self, context: &str) {
        self.assert_matches(context, None);
    }

    /// [`World::assert_all_match`], but the holder lookup, nonces and risk scores only for the
    /// actor and the DID numbered `sample` (so that successive calls cover them all at a
    /// fraction of the cost).
    pub(crate) fn assert_matches(&mut self, context: &str, sample: Option<usize>) {
        let sampled = |index: usize, count: usize| sample.is_none_or(|sample| sample % count == index);
        let ids: Vec<U256> = self.model.ids().collect();
        for id in &ids {
            self.assert_license_matches(*id, context);
        }
        for (index, actor) in ACTORS.into_iter().enumerate() {
            let balance = self.view(&LicenseRegistry::balanceOfCall { owner: actor }).expect("balanceOf");
            assert_eq!(balance, U256::from(self.model.balance_of(actor)), "{context}: balanceOf({actor})");
            if !sampled(index, ACTORS.len()) {
                continue;
            }
            let (found, next) = self
                .view(&LicenseRegistry::licensesOfHolderCall {
                    holder: actor,
                    cursor: U256::ZERO,
                    limit: U256::from(64),
                })
                .map(|r| (r.ids, r.next))
                .expect("licensesOfHolder");
            assert_eq!(next, U256::ZERO, "{context}: one page holds every license");
            let mut expected: Vec<U256> = ids.iter().copied().filter(|id| self.model.owner(*id) == actor).collect();
            let mut found = found;
            expected.sort();
            found.sort();
            assert_eq!(found, expected, "{context}: licensesOfHolder({actor})");
        }
        for index in (0..=DIDS.len()).filter(|index| sampled(*index, DIDS.len() + 1)) {
            let did = did_hash(index);
            let nonce = self.view(&LicenseRegistry::nextNonceCall { issuerDid: did }).expect("nextNonce");
            assert_eq!(nonce, U256::from(self.model.next_nonce(did)), "{context}: nextNonce");
            let score = self.view(&LicenseRegistry::riskScoreOfCall { didHash: did }).expect("riskScoreOf");
            assert_eq!(score, self.model.risk_score(did), "{context}: riskScoreOf");
        }
        let threshold = self.view(&LicenseRegistry::riskThresholdCall {}).expect("riskThreshold");
        assert_eq!(threshold, self.model.risk_threshold(), "{context}: riskThreshold");
    }
}

/// The model's view as the ABI struct `getLicense` returns.
pub(crate) fn abi_license(view: &LicenseView) -> ILicenseRegistry::License {
    ILicenseRegistry::License {
        id: view.id,
        parentId: view.parent_id,
        issuerDid: view.issuer_did,
        holderDid: view.holder_did,
        holder: view.holder,
        licenseType: view.license_type,
        jurisdiction: ILicenseRegistry::Jurisdiction {
            region: FixedBytes(view.region),
            lawRef: view.law_ref,
            allowedRegions: view.allowed_regions.iter().map(|code| FixedBytes(*code)).collect(),
        },
        issuedAt: view.issued_at,
        expiresAt: view.expires_at,
        royaltyBps: view.royalty_bps,
        state: view.state as u8,
        renewable: view.renewable,
        sublicensable: view.sublicensable,
        frozen: view.frozen,
        depth: view.depth,
        revokedBy: view.revoked_by,
        termsUri: view.terms_uri.clone(),
    }
}
