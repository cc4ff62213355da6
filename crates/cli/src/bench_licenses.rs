//! `chlom bench licenses`: the execution gas of every state-changing LicenseRegistry function on the
//! in-process chain, per implementation, next to a plain OpenZeppelin ERC-721
//! (`ReferenceERC721`) measured in the same run, with the ratios the registry is held to.
//!
//! **What is measured.** Execution gas = the receipt's gas (refunds applied, as a receipt reports
//! it) minus the intrinsic gas revm charges before execution: 21,000 plus calldata at 4 gas per
//! zero byte and 16 per non-zero byte (EIP-2028), for a call without access list. Under Prague the
//! EIP-7623 calldata floor (21,000 + 10 per token) can raise a receipt above that; every
//! measurement records whether the floor bound, and none does here. Every transaction runs alone
//! (cold storage and accounts, as on a chain).
//!
//! **Recipients.** Mints and transfers go to fresh accounts with zero balance for both contracts;
//! transfers move the sender's only token (its balance goes from 1 to 0, with the same refund).
//!
//! **Implementations.** Each column comes from an [`Implementation`]: a name and a deploy closure
//! with the shape of `chlom_vectors::Deployer` (chain, sender, constructor arguments): the Solidity
//! bytecode, and the Stylus registry's three programs as `script/build-stylus.sh` writes them
//! (the lifecycle and views programs are deployed first and their addresses appended to the
//! constructor arguments, as `chlom deploy --stylus` does).

use alloy::dyn_abi::DynSolValue;
use alloy::primitives::{Address, B256, Bytes, FixedBytes, U256, keccak256};
use alloy::sol_types::{SolCall, SolConstructor};
use chlom_bindings::LicenseRegistry::{self, LicenseRegistryErrors};
use chlom_bindings::{DIDRegistry, ILicenseRegistry, ReferenceERC721};
use chlom_core::identity::Status;
use chlom_core::license::model;
use chlom_evm::revm::context_interface::cfg::gas::calculate_initial_tx_gas;
use chlom_evm::revm::primitives::hardfork::SpecId;
use chlom_evm::{Chain, ChainConfig, TxRequest};
use eyre::{Result, WrapErr, eyre};
use serde::Serialize;

/// Deploys one implementation of the license registry ABI from `from` with the constructor
/// arguments `[admin, didRegistry]`, as `chlom_vectors::Deployer` closures do.
pub(crate) type DeployFn = Box<dyn FnMut(&mut Chain, Address, &[DynSolValue]) -> chlom_evm::Result<Address>>;

/// One column of the table.
pub(crate) struct Implementation {
    /// The column's heading.
    pub(crate) name: &'static str,
    /// How to put it on the chain.
    pub(crate) deploy: DeployFn,
}

/// The Stylus registry's programs, as `script/build-stylus.sh` names them: entry, lifecycle, views.
pub(crate) const STYLUS_PROGRAMS: [&str; 3] =
    ["chlom_stylus_license_registry", "chlom_stylus_license_lifecycle", "chlom_stylus_license_views"];

/// The implementations measured, in column order: Solidity, then Stylus from the packaged
/// programs in `stylus_out` unless it is `None`.
pub(crate) fn implementations(stylus_out: Option<&std::path::Path>) -> Result<Vec<Implementation>> {
    let mut implementations = vec![Implementation {
        name: "Solidity",
        deploy: Box::new(|chain, from, args| {
            let encoded = DynSolValue::Tuple(args.to_vec()).abi_encode_params();
            chain.deploy(from, [LicenseRegistry::BYTECODE.as_ref(), &encoded].concat())
        }),
    }];
    if let Some(out) = stylus_out {
        let mut codes = Vec::new();
        for name in STYLUS_PROGRAMS {
            let path = out.join(format!("{name}.code"));
            let code = chlom_evm::stylus::program::read_code(&path).wrap_err_with(|| {
                format!("{}: build it with script/build-stylus.sh, or pass --solidity-only", path.display())
            })?;
            codes.push(code);
        }
        let [entry, lifecycle, views] = <[Bytes; 3]>::try_from(codes).map_err(|_| eyre!("three programs"))?;
        implementations.push(Implementation {
            name: "Stylus",
            deploy: Box::new(move |chain, from, args| {
                chain.fund(from, chain.balance(from) + U256::from(10u128.pow(19)));
                let lifecycle = chain.deploy_stylus(from, &lifecycle)?;
                let views = chain.deploy_stylus(from, &views)?;
                let mut args = args.to_vec();
                args.extend([DynSolValue::Address(lifecycle), DynSolValue::Address(views)]);
                let encoded = DynSolValue::Tuple(args).abi_encode_params();
                chain.deploy_stylus_with_constructor(from, &entry, &encoded)
            }),
        });
    }
    Ok(implementations)
}

/// The rows, in the order the scenario runs them.
pub(crate) mod calls {
    /// An issuer DID's first license (it also joins the issuer index).
    pub(crate) const ISSUE_FIRST: &str = "issueLicense (issuer's first)";
    /// The common issuance: short terms URI, no region restriction, no law reference.
    pub(crate) const ISSUE: &str = "issueLicense (short terms, anywhere)";
    /// An issuance with a law reference and three allowed regions.
    pub(crate) const ISSUE_RESTRICTED: &str = "issueLicense (law ref, 3 regions)";
    /// `activateLicense` of a Draft license.
    pub(crate) const ACTIVATE: &str = "activateLicense";
    /// `renewLicense` of an unexpired license.
    pub(crate) const RENEW: &str = "renewLicense";
    /// `updateTerms` with another short URI.
    pub(crate) const TERMS: &str = "updateTerms";
    /// `recordCompliance`: the holder DID's first score.
    pub(crate) const COMPLIANCE: &str = "recordCompliance";
    /// `recordHolderRisk`: a DID's first score.
    pub(crate) const HOLDER_RISK: &str = "recordHolderRisk";
    /// `freezeLicense`.
    pub(crate) const FREEZE: &str = "freezeLicense";
    /// `unfreezeLicense`.
    pub(crate) const UNFREEZE: &str = "unfreezeLicense";
    /// `suspendLicense` of an Active license.
    pub(crate) const SUSPEND: &str = "suspendLicense";
    /// `reinstateLicense` of a Suspended license.
    pub(crate) const REINSTATE: &str = "reinstateLicense";
    /// A holder DID's first sublicense (it also joins the issuer index).
    pub(crate) const SUBLICENSE: &str = "createSublicense (holder's first)";
    /// The compliance-gated ERC-721 transfer.
    pub(crate) const TRANSFER: &str = "transferFrom (gated)";
    /// `approve` of a fresh operator, by the holder.
    pub(crate) const APPROVE: &str = "approve";
    /// `revokeLicense` by the issuer (ENFORCEMENT_ROLE skips the issuer lookup).
    pub(crate) const REVOKE: &str = "revokeLicense (by issuer)";
    /// `setRiskThreshold`.
    pub(crate) const THRESHOLD: &str = "setRiskThreshold";
    /// `recordExpiry` of a license past its expiry.
    pub(crate) const EXPIRY: &str = "recordExpiry";
    /// `ReferenceERC721.mint` to a fresh account.
    pub(crate) const MINT: &str = "mint";
    /// `ReferenceERC721.transferFrom` of the sender's only token to a fresh account.
    pub(crate) const PLAIN_TRANSFER: &str = "transferFrom";
}

/// The gas of one transaction.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Measurement {
    /// What the receipt reports (refunds applied).
    pub(crate) receipt_gas: u64,
    /// 21,000 plus calldata (EIP-2028), as revm charges before execution.
    pub(crate) intrinsic_gas: u64,
    /// The EIP-7623 floor of this calldata.
    pub(crate) floor_gas: u64,
    /// `receipt_gas - intrinsic_gas`.
    pub(crate) execution_gas: u64,
    /// Whether the receipt is at the floor (the execution figure is then an upper bound).
    pub(crate) floor_binds: bool,
}

/// One row: a call and its gas in each implementation.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Row {
    /// The call, as in [`calls`].
    pub(crate) call: &'static str,
    /// One entry per implementation, in [`Report::implementations`] order.
    pub(crate) gas: Vec<Measurement>,
}

/// A goal on a ratio of execution gas, per implementation.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Goal {
    /// Which execution gas over which.
    pub(crate) ratio: &'static str,
    /// The ratio must be at most this.
    pub(crate) limit: f64,
    /// One per implementation.
    pub(crate) values: Vec<f64>,
    /// Whether each implementation meets the limit.
    pub(crate) pass: Vec<bool>,
}

/// The whole measurement.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Report {
    /// How the figures are obtained.
    pub(crate) method: &'static str,
    /// The column headings.
    pub(crate) implementations: Vec<&'static str>,
    /// The license registry's calls.
    pub(crate) rows: Vec<Row>,
    /// `ReferenceERC721` (OpenZeppelin), measured in the same run.
    pub(crate) reference: Vec<(&'static str, Measurement)>,
    /// The ratios the registry is held to.
    pub(crate) goals: Vec<Goal>,
}

impl Report {
    /// The measurement of `call` by implementation number `column`.
    pub(crate) fn execution(&self, call: &str, column: usize) -> Option<u64> {
        let row = self.rows.iter().find(|row| row.call == call)?;
        row.gas.get(column).map(|gas| gas.execution_gas)
    }

    fn reference_execution(&self, call: &str) -> Option<u64> {
        self.reference.iter().find(|(name, _)| *name == call).map(|(_, gas)| gas.execution_gas)
    }
}

const METHOD: &str = "execution gas = receipt gas (refunds applied) - intrinsic gas (21,000 + calldata at 4/16 gas \
                      per zero/non-zero byte, EIP-2028, as revm charges it under Prague); each transaction alone, cold; \
                      mint and transfer recipients are fresh accounts with zero balance for both contracts";

/// Measures every implementation and the reference, and evaluates the goals.
pub(crate) fn measure(implementations: Vec<Implementation>) -> Result<Report> {
    let mut names = Vec::new();
    let mut columns = Vec::new();
    for mut implementation in implementations {
        tracing::info!(implementation = implementation.name, "measuring the license registry");
        let column = license_scenario(&mut implementation.deploy)
            .wrap_err_with(|| format!("the {} license registry", implementation.name))?;
        names.push(implementation.name);
        columns.push(column);
    }
    let reference = reference_scenario().wrap_err("the reference ERC-721")?;
    let labels: Vec<&'static str> =
        columns.first().map(|c| c.iter().map(|(call, _)| *call).collect()).unwrap_or_default();
    let rows = labels
        .iter()
        .enumerate()
        .map(|(index, call)| Row { call, gas: columns.iter().map(|column| column[index].1).collect() })
        .collect();
    let mut report = Report { method: METHOD, implementations: names, rows, reference, goals: Vec::new() };
    let goal = |report: &Report, ratio, limit, call, baseline| -> Result<Goal> {
        let base = report.reference_execution(baseline).ok_or_else(|| eyre!("no {baseline} measured"))?;
        let values: Vec<f64> = (0..report.implementations.len())
            .map(|column| report.execution(call, column).map(|gas| gas as f64 / base as f64).unwrap_or(f64::NAN))
            .collect();
        let pass = values.iter().map(|value| *value <= limit).collect();
        Ok(Goal { ratio, limit, values, pass })
    };
    report.goals = vec![
        goal(&report, "issueLicense (short) / mint", 4.0, calls::ISSUE, calls::MINT)?,
        goal(&report, "gated transferFrom / transferFrom", 1.6, calls::TRANSFER, calls::PLAIN_TRANSFER)?,
    ];
    Ok(report)
}

const SPEC: SpecId = SpecId::PRAGUE;
const ADMIN: Address = Address::repeat_byte(0xad);
const VERIFIER: Address = Address::repeat_byte(0xfe);
const SCORER: Address = Address::repeat_byte(0xc0);
const ENFORCER: Address = Address::repeat_byte(0xe4);
const ISSUER: Address = Address::repeat_byte(0x15);
const OPERATOR: Address = Address::repeat_byte(0x0b);
/// Holders 0 to 6, each with a Valid DID; the region of each (the restricted license allows DE, FR, US).
const HOLDER_REGIONS: [[u8; 2]; 7] = [*b"DE", *b"FR", *b"DE", *b"US", *b"FR", *b"DE", *b"US"];

fn holder(index: u8) -> Address {
    Address::with_last_byte(0xa0 + index)
}

fn holder_did(index: u8) -> B256 {
    keccak256(format!("did:chlom:bench-holder-{index}"))
}

fn issuer_did() -> B256 {
    keccak256("did:chlom:bench-issuer")
}

/// Sends `call` from `from` to `to` and measures it; a revert is an error naming the call.
fn run<C: SolCall>(chain: &mut Chain, label: &str, from: Address, to: Address, call: &C) -> Result<Measurement> {
    let data = call.abi_encode();
    let receipt = chain.transact(TxRequest::call(from, to, data.clone()))?.into_result().map_err(|error| {
        match error.custom_error::<LicenseRegistryErrors>() {
            Some(decoded) => eyre!("{label} reverted with {decoded:?}"),
            None => eyre!("{label} failed: {error}"),
        }
    })?;
    let initial = calculate_initial_tx_gas(SPEC, &data, false, 0, 0, 0, None);
    let intrinsic_gas = initial.initial_total_gas();
    Ok(Measurement {
        receipt_gas: receipt.gas_used,
        intrinsic_gas,
        floor_gas: initial.floor_gas,
        execution_gas: receipt.gas_used.saturating_sub(intrinsic_gas),
        floor_binds: receipt.gas_used <= initial.floor_gas,
    })
}

fn new_chain() -> Chain {
    Chain::with_config(ChainConfig { spec: SPEC, ..ChainConfig::default() })
}

/// A DID registry with the issuer's and the holders' DIDs Valid.
fn did_registry(chain: &mut Chain) -> Result<Address> {
    let args = DIDRegistry::constructorCall { admin: ADMIN, verifier: VERIFIER }.abi_encode();
    let dids = chain.deploy(ADMIN, [DIDRegistry::BYTECODE.as_ref(), &args].concat())?;
    let mut entries = vec![(ISSUER, "did:chlom:bench-issuer".to_owned(), *b"US")];
    for (index, region) in (0u8..).zip(HOLDER_REGIONS) {
        entries.push((holder(index), format!("did:chlom:bench-holder-{index}"), region));
    }
    for (controller, did, region) in entries {
        let register = DIDRegistry::registerDIDCall {
            did: Bytes::copy_from_slice(did.as_bytes()),
            region: FixedBytes(region),
            biometricCommitment: B256::repeat_byte(0x42),
        };
        chain.send(controller, dids, &register)?;
        for next in [Status::Verified, Status::Valid] {
            chain.send(VERIFIER, dids, &DIDRegistry::setStatusCall { didHash: keccak256(&did), next: next as u8 })?;
        }
    }
    Ok(dids)
}

fn request(holder: u8, expires_at: u64, restricted: bool) -> ILicenseRegistry::IssueRequest {
    ILicenseRegistry::IssueRequest {
        issuerDid: issuer_did(),
        holderDid: holder_did(holder),
        licenseType: 0,
        jurisdiction: ILicenseRegistry::Jurisdiction {
            region: FixedBytes(if restricted { *b"DE" } else { *b"ZZ" }),
            lawRef: if restricted { keccak256("EU GDPR art. 6") } else { B256::ZERO },
            allowedRegions: if restricted {
                vec![FixedBytes(*b"DE"), FixedBytes(*b"FR"), FixedBytes(*b"US")]
            } else {
                Vec::new()
            },
        },
        expiresAt: expires_at,
        royaltyBps: 250,
        renewable: true,
        sublicensable: true,
        termsUri: "ipfs://terms".into(),
    }
}

/// The license id the scenario's issuer gives its `nonce`-th license, to `holder`.
fn license_id(holder: u8, nonce: u64) -> U256 {
    chlom_core::license::license_id(issuer_did(), holder_did(holder), U256::from(nonce))
}

/// Every state-changing call once, in a fixed order, on a fresh chain.
fn license_scenario(deploy: &mut DeployFn) -> Result<Vec<(&'static str, Measurement)>> {
    use LicenseRegistry as L;
    use calls::*;

    let mut chain = new_chain();
    let dids = did_registry(&mut chain)?;
    let registry = deploy(&mut chain, ADMIN, &[DynSolValue::Address(ADMIN), DynSolValue::Address(dids)])?;
    let grants =
        [(model::issuer_role(), ISSUER), (model::compliance_role(), SCORER), (model::enforcement_role(), ENFORCER)];
    for (role, account) in grants {
        chain.send(ADMIN, registry, &L::grantRoleCall { role, account })?;
    }
    let now = chain.timestamp();
    let year = now + 365 * 86_400;
    let mut rows = Vec::new();
    let mut row = |label: &'static str, measurement: Measurement| rows.push((label, measurement));
    let chain = &mut chain;

    row(
        ISSUE_FIRST,
        run(chain, ISSUE_FIRST, ISSUER, registry, &L::issueLicenseCall { request: request(0, year, false) })?,
    );
    row(ISSUE, run(chain, ISSUE, ISSUER, registry, &L::issueLicenseCall { request: request(1, year, false) })?);
    row(
        ISSUE_RESTRICTED,
        run(chain, ISSUE_RESTRICTED, ISSUER, registry, &L::issueLicenseCall { request: request(2, year, true) })?,
    );
    let (first, license, restricted) = (license_id(0, 0), license_id(1, 1), license_id(2, 2));
    row(ACTIVATE, run(chain, ACTIVATE, ISSUER, registry, &L::activateLicenseCall { id: license })?);
    row(RENEW, run(chain, RENEW, ISSUER, registry, &L::renewLicenseCall { id: license, newExpiry: year + 86_400 })?);
    let terms = L::updateTermsCall { id: license, termsUri: "ipfs://terms-v2".into() };
    row(TERMS, run(chain, TERMS, ISSUER, registry, &terms)?);
    row(COMPLIANCE, run(chain, COMPLIANCE, SCORER, registry, &L::recordComplianceCall { id: license, score: 10 })?);
    let risk = L::recordHolderRiskCall { didHash: holder_did(3), score: 5 };
    row(HOLDER_RISK, run(chain, HOLDER_RISK, SCORER, registry, &risk)?);
    row(FREEZE, run(chain, FREEZE, ENFORCER, registry, &L::freezeLicenseCall { id: license })?);
    row(UNFREEZE, run(chain, UNFREEZE, ENFORCER, registry, &L::unfreezeLicenseCall { id: license })?);
    let suspend = L::suspendLicenseCall { id: license, reason: keccak256("DLA case 1") };
    row(SUSPEND, run(chain, SUSPEND, ENFORCER, registry, &suspend)?);
    row(REINSTATE, run(chain, REINSTATE, ENFORCER, registry, &L::reinstateLicenseCall { id: license })?);
    let sublicense =
        L::createSublicenseCall { parentId: license, newHolderDid: holder_did(4), royaltyBps: 100, expiresAt: year };
    row(SUBLICENSE, run(chain, SUBLICENSE, holder(1), registry, &sublicense)?);
    // Holder 1 holds exactly this license; holder 5 holds nothing yet.
    let transfer = L::transferFromCall { from: holder(1), to: holder(5), tokenId: license };
    row(TRANSFER, run(chain, TRANSFER, holder(1), registry, &transfer)?);
    row(APPROVE, run(chain, APPROVE, holder(0), registry, &L::approveCall { to: OPERATOR, tokenId: first })?);
    let revoke = L::revokeLicenseCall { id: restricted, reason: keccak256("withdrawn") };
    row(REVOKE, run(chain, REVOKE, ISSUER, registry, &revoke)?);
    row(THRESHOLD, run(chain, THRESHOLD, ADMIN, registry, &L::setRiskThresholdCall { threshold: 70 })?);
    // A license that expires in an hour, two hours on.
    chain.send(ISSUER, registry, &L::issueLicenseCall { request: request(6, now + 3_600, false) })?;
    chain.mine(1, 7_200);
    row(EXPIRY, run(chain, EXPIRY, holder(6), registry, &L::recordExpiryCall { id: license_id(6, 3) })?);
    Ok(rows)
}

/// `ReferenceERC721`: a mint to a fresh account, the transfer of that account's only token to a
/// fresh account, and an approval.
fn reference_scenario() -> Result<Vec<(&'static str, Measurement)>> {
    let mut chain = new_chain();
    let token = chain.deploy(ADMIN, ReferenceERC721::BYTECODE.clone())?;
    let (first, second, third, fourth) = (
        Address::repeat_byte(0x71),
        Address::repeat_byte(0x72),
        Address::repeat_byte(0x73),
        Address::repeat_byte(0x74),
    );
    chain.send(ADMIN, token, &ReferenceERC721::mintCall { to: first, tokenId: U256::from(1) })?;
    let mint = ReferenceERC721::mintCall { to: second, tokenId: U256::from(2) };
    let minted = run(&mut chain, calls::MINT, ADMIN, token, &mint)?;
    let transfer = ReferenceERC721::transferFromCall { from: second, to: third, tokenId: U256::from(2) };
    let transferred = run(&mut chain, calls::PLAIN_TRANSFER, second, token, &transfer)?;
    let approve = ReferenceERC721::approveCall { to: fourth, tokenId: U256::from(1) };
    let approved = run(&mut chain, calls::APPROVE, first, token, &approve)?;
    Ok(vec![(calls::MINT, minted), (calls::PLAIN_TRANSFER, transferred), (calls::APPROVE, approved)])
}

/// Prints the report as tables.
pub(crate) fn print(report: &Report) {
    let floor = if report.rows.iter().flat_map(|row| &row.gas).any(|gas| gas.floor_binds) {
        "the EIP-7623 calldata floor set the receipts marked *"
    } else {
        "the EIP-7623 calldata floor bound no row"
    };
    println!("LicenseRegistry execution gas per call (in-process revm, Prague)");
    println!("  execution gas = receipt gas (refunds applied) - intrinsic gas; intrinsic gas is what revm");
    println!("  charges before execution: 21,000 + calldata at 4 gas per zero and 16 per non-zero byte");
    println!("  (EIP-2028); {floor}. Each transaction runs alone (cold).");
    println!("  Mints and transfers go to fresh recipients with zero balance in both contracts, and a");
    println!("  transfer moves the sender's only token.");
    print!("{:<40} {:>10}", "call", "intrinsic");
    for name in &report.implementations {
        print!(" {name:>12}");
    }
    println!();
    for row in &report.rows {
        print!("{:<40} {:>10}", row.call, row.gas.first().map(|g| g.intrinsic_gas).unwrap_or_default());
        for gas in &row.gas {
            let mark = if gas.floor_binds { "*" } else { "" };
            print!(" {:>12}", format!("{}{mark}", gas.execution_gas));
        }
        println!();
    }
    println!();
    println!("ReferenceERC721 (OpenZeppelin ERC721), same run");
    println!("{:<40} {:>10} {:>12}", "call", "intrinsic", "execution");
    for (call, gas) in &report.reference {
        println!("{call:<40} {:>10} {:>12}", gas.intrinsic_gas, gas.execution_gas);
    }
    println!();
    print!("{:<40} {:>10}", "goal (execution gas ratio)", "limit");
    for name in &report.implementations {
        print!(" {name:>12}");
    }
    println!();
    for goal in &report.goals {
        print!("{:<40} {:>10}", goal.ratio, format!("<= {:.2}", goal.limit));
        for (value, pass) in goal.values.iter().zip(&goal.pass) {
            print!(" {:>12}", format!("{value:.2} {}", if *pass { "PASS" } else { "MISS" }));
        }
        println!();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stylus_out() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../contracts/stylus/out")
    }

    #[test]
    fn every_state_changing_function_is_measured_and_solidity_meets_the_goals() {
        let report = measure(implementations(None).expect("Solidity")).expect("the scenario runs");
        assert_eq!(report.implementations, ["Solidity"]);
        let abi = chlom_bindings::artifacts::abi(chlom_bindings::artifacts::LICENSE_REGISTRY).expect("abi");
        let measured: Vec<&str> =
            report.rows.iter().map(|row| row.call.split(' ').next().unwrap_or_default()).collect();
        // Role management and the ERC-721 variants that share transferFrom's path are not rows.
        let skipped = ["grantRole", "revokeRole", "renounceRole", "safeTransferFrom", "setApprovalForAll"];
        for function in abi.functions().filter(|f| f.state_mutability == alloy::json_abi::StateMutability::NonPayable) {
            if !skipped.contains(&function.name.as_str()) {
                assert!(measured.contains(&function.name.as_str()), "{} is not measured", function.name);
            }
        }
        for row in &report.rows {
            let gas = row.gas[0];
            assert!(gas.execution_gas > 0 && !gas.floor_binds, "{}: {gas:?}", row.call);
            assert_eq!(gas.receipt_gas, gas.intrinsic_gas + gas.execution_gas, "{}", row.call);
            assert!(gas.intrinsic_gas > 21_000, "{}: calldata is charged", row.call);
        }
        // Deterministic: a second run measures the same gas.
        let again = measure(implementations(None).expect("Solidity")).expect("the scenario runs");
        for (row, repeat) in report.rows.iter().zip(&again.rows) {
            assert_eq!(row.gas[0].receipt_gas, repeat.gas[0].receipt_gas, "{}", row.call);
        }
        for goal in &report.goals {
            assert!(goal.pass[0], "{} is {:.2}, above {:.2}", goal.ratio, goal.values[0], goal.limit);
        }
        assert!(
            report.execution(calls::ISSUE_FIRST, 0) > report.execution(calls::ISSUE, 0),
            "an issuer's first license also joins the issuer index"
        );
    }

    #[test]
    fn the_stylus_registry_is_measured_beside_solidity() {
        let report = measure(implementations(Some(&stylus_out())).expect("built by script/build-stylus.sh"))
            .expect("the scenario runs on both");
        assert_eq!(report.implementations, ["Solidity", "Stylus"]);
        for row in &report.rows {
            let stylus = row.gas[1];
            assert!(stylus.execution_gas > 0 && !stylus.floor_binds, "{}: {stylus:?}", row.call);
            assert_eq!(row.gas[0].intrinsic_gas, stylus.intrinsic_gas, "{}: the same calldata", row.call);
        }
        assert_eq!(report.goals[0].values.len(), 2);
    }
}
