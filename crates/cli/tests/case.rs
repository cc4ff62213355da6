//! `chlom case` against the real contracts on a real anvil from the npm install: the DID registry,
//! the license registry, the settlement engine and the DLA contract deployed from the bindings'
//! bytecode and wired as in production (the DLA holds ENFORCEMENT_ROLE in the registry and the
//! engine), then a case driven through its whole lifecycle by the binary, and its refusals.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output};

use alloy::node_bindings::AnvilInstance;
use alloy::primitives::{Address, B256, Bytes, FixedBytes, U256, keccak256};
use alloy::providers::{Provider, ProviderBuilder};
use alloy::rpc::types::TransactionReceipt;
use alloy::signers::local::PrivateKeySigner;
use chlom_bindings::{
    DIDRegistry, DLAEnforcement, ILicenseRegistry, ISettlementEngine, LicenseRegistry, SettlementEngine,
};
use chlom_core::enforcement::{Sanction, SanctionMask, Stage};
use chlom_core::identity::Status;
use serde_json::Value;

#[allow(dead_code)] // Each test crate uses part of the shared support.
mod support;
use support::*;

/// The accounts, by anvil key number.
const ADMIN: usize = 0;
const HOLDER: usize = 1;
const REPORTER: usize = 2;
const TRIAGE: usize = 3;
const INVESTIGATOR: usize = 4;
const COUNCIL: usize = 5;
const OUTSIDER: usize = 6;

/// The reason codes with a policy, and one without.
const REASON: u16 = 7;
const NO_POLICY: u16 = 8;
const FREEZE_ONLY: u16 = 9;
const DAY: u64 = 86_400;
/// The Investigation SLA, in seconds.
const INVESTIGATION_SLA: u64 = 600;

fn chlom(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_chlom"));
    command
        .args(args)
        .env_remove("CHLOM_RPC_URL")
        .env_remove("CHLOM_DLA")
        .env_remove("CHLOM_DEPLOYMENTS_DIR")
        .env_remove("CHLOM_PRIVATE_KEY")
        .env("NO_COLOR", "1")
        .current_dir(repository());
    command
}

/// Waits for a sent transaction and checks that it succeeded.
macro_rules! mined {
    ($call:expr) => {{
        let receipt: TransactionReceipt = $call.send().await.expect("sent").get_receipt().await.expect("a receipt");
        assert!(receipt.status(), "reverted: {receipt:?}");
        receipt
    }};
}

/// The suite on anvil, with a DLA contract recorded in a deployments folder, a license held by
/// `HOLDER`, and the DLA roles handed out.
struct World {
    anvil: AnvilInstance,
    dir: tempfile::TempDir,
    keys: Vec<String>,
    registry: Address,
    engine: Address,
    dla: Address,
    license: U256,
}

impl World {
    fn new(runtime: &tokio::runtime::Runtime) -> Self {
        let anvil = start_anvil();
        let keys: Vec<String> = (0..7)
            .map(|i| format!("0x{}", alloy::primitives::hex::encode(anvil.nth_key(i).expect("key").to_bytes())))
            .collect();
        let dir = tempfile::tempdir().expect("tempdir");
        let (registry, engine, dla, license) = runtime.block_on(deploy(&anvil, &keys, dir.path()));
        Self { anvil, dir, keys, registry, engine, dla, license }
    }

    fn address(&self, key: usize) -> Address {
        self.anvil.addresses()[key]
    }

    fn license_id(&self) -> String {
        B256::from(self.license).to_string()
    }

    /// `chlom case …` against this chain, reading the DLA from the deployments folder, signed with
    /// key number `key`.
    fn run(&self, key: usize, args: &[&str]) -> Output {
        chlom(&["case", "--rpc-url", &self.anvil.endpoint(), "--deployments-dir"])
            .arg(self.dir.path())
            .args(args)
            .env("CHLOM_PRIVATE_KEY", &self.keys[key])
            .output()
            .expect("runs")
    }

    /// `chlom case --json …` that must succeed, and its JSON.
    fn case(&self, key: usize, args: &[&str]) -> Value {
        let output = self.run(key, &[&["--json"], args].concat());
        assert!(output.status.success(), "chlom case {args:?} failed: {}", stderr(&output));
        json_stdout(&output)
    }

    /// `chlom case …` that must fail with nothing on stdout, and its error message.
    fn refused(&self, key: usize, args: &[&str]) -> String {
        let output = self.run(key, args);
        refusal(&output, args)
    }

    async fn rpc(&self, method: &'static str, params: Vec<u64>) {
        let provider = ProviderBuilder::new().connect_http(self.anvil.endpoint_url());
        provider.raw_request::<_, Value>(method.into(), params).await.unwrap_or_else(|e| panic!("{method}: {e}"));
    }

    /// Moves the chain's clock on by `seconds` and mines a block.
    fn wait(&self, runtime: &tokio::runtime::Runtime, seconds: u64) {
        runtime.block_on(async {
            self.rpc("evm_increaseTime", vec![seconds]).await;
            self.rpc("evm_mine", vec![]).await;
        });
    }

    fn frozen(&self, runtime: &tokio::runtime::Runtime) -> bool {
        let provider = ProviderBuilder::new().connect_http(self.anvil.endpoint_url());
        let registry = LicenseRegistry::new(self.registry, &provider);
        runtime.block_on(async { registry.getLicense(self.license).call().await.expect("getLicense").frozen })
    }

    fn hold(&self, runtime: &tokio::runtime::Runtime) -> ISettlementEngine::Hold {
        let provider = ProviderBuilder::new().connect_http(self.anvil.endpoint_url());
        let engine = SettlementEngine::new(self.engine, &provider);
        runtime.block_on(async { engine.holdOf(self.license).call().await.expect("holdOf") })
    }
}

/// A failed run: non-zero, nothing on stdout; its stderr.
fn refusal(output: &Output, args: &[&str]) -> String {
    assert!(!output.status.success(), "chlom case {args:?} succeeded: {}", stdout(output));
    assert!(output.stdout.is_empty(), "a refusal prints no result: {}", stdout(output));
    let message = stderr(output);
    assert!(message.contains("error"), "{message}");
    message
}

fn wallet(anvil: &AnvilInstance, keys: &[String], key: usize) -> impl Provider + Clone + use<> {
    let signer: PrivateKeySigner = keys[key].parse().expect("key");
    ProviderBuilder::new().wallet(signer).connect_http(anvil.endpoint_url())
}

/// Deploys the four contracts, registers Valid DIDs for the admin (the issuer), the holder and the
/// reporter, issues and activates a license to the holder, wires the DLA contract, and records it
/// in `dir` as `chlom deploy` would.
async fn deploy(anvil: &AnvilInstance, keys: &[String], dir: &Path) -> (Address, Address, Address, U256) {
    let admin = anvil.addresses()[ADMIN];
    let provider = wallet(anvil, keys, ADMIN);
    let dids = DIDRegistry::deploy(&provider, admin, admin).await.expect("the DID registry deploys");
    let registry =
        LicenseRegistry::deploy(&provider, admin, *dids.address()).await.expect("the license registry deploys");
    let engine = SettlementEngine::deploy(&provider, admin, DAY).await.expect("the settlement engine deploys");
    let receipt =
        DLAEnforcement::deploy_builder(&provider, admin, *dids.address(), *registry.address(), *engine.address())
            .send()
            .await
            .expect("sent")
            .get_receipt()
            .await
            .expect("a receipt");
    let dla_address = receipt.contract_address.expect("the DLA contract deploys");
    let dla = DLAEnforcement::new(dla_address, &provider);

    for (key, did, region) in
        [(ADMIN, "did:chlom:issuer", b"US"), (HOLDER, "did:chlom:alice", b"DE"), (REPORTER, "did:chlom:bob", b"FR")]
    {
        // The admin signs through `provider` only, whose nonces it tracks.
        let signer = if key == ADMIN { provider.clone().erased() } else { wallet(anvil, keys, key).erased() };
        let own = DIDRegistry::new(*dids.address(), signer);
        mined!(own.registerDID(Bytes::copy_from_slice(did.as_bytes()), FixedBytes(*region), B256::repeat_byte(0x11)));
        for status in [Status::Verified, Status::Valid] {
            mined!(dids.setStatus(keccak256(did), status as u8));
        }
    }

    mined!(registry.grantRole(keccak256("CHLOM_ISSUER_ROLE"), admin));
    let latest = provider.get_block_by_number(alloy::eips::BlockNumberOrTag::Latest).await.expect("a block");
    let now = latest.expect("a latest block").header.timestamp;
    let request = ILicenseRegistry::IssueRequest {
        issuerDid: keccak256("did:chlom:issuer"),
        holderDid: keccak256("did:chlom:alice"),
        licenseType: 0,
        jurisdiction: ILicenseRegistry::Jurisdiction {
            region: FixedBytes(*b"DE"),
            lawRef: B256::ZERO,
            allowedRegions: vec![],
        },
        expiresAt: now + 365 * DAY,
        royaltyBps: 0,
        renewable: false,
        sublicensable: false,
        termsUri: "ipfs://terms".into(),
    };
    let issued = mined!(registry.issueLicense(request));
    let license = issued.decoded_log::<LicenseRegistry::LicenseIssued>().expect("LicenseIssued").data.id;
    mined!(registry.activateLicense(license));

    let enforcement = keccak256("CHLOM_ENFORCEMENT_ROLE");
    mined!(registry.grantRole(enforcement, dla_address));
    mined!(engine.grantRole(enforcement, dla_address));
    for (role, key) in
        [("CHLOM_TRIAGE_ROLE", TRIAGE), ("CHLOM_INVESTIGATOR_ROLE", INVESTIGATOR), ("CHLOM_COUNCIL_ROLE", COUNCIL)]
    {
        mined!(dla.grantRole(keccak256(role), anvil.addresses()[key]));
    }
    let allowed = [Sanction::Freeze, Sanction::Escrow, Sanction::Fine, Sanction::Remediation]
        .into_iter()
        .fold(SanctionMask::default(), SanctionMask::with);
    mined!(dla.setReasonPolicy(REASON, allowed.0, DAY));
    mined!(dla.setReasonPolicy(FREEZE_ONLY, Sanction::Freeze.bit(), DAY));
    mined!(dla.setSla(Stage::Investigation as u8, INVESTIGATION_SLA));

    let contract = |address: Address| serde_json::json!({ "address": address, "transactionHash": receipt.transaction_hash, "blockNumber": 1 });
    let record = serde_json::json!({
        "chainId": 31337,
        "commit": null,
        "deployer": admin,
        "recordedAt": 0,
        "tool": "crates/cli/tests/case.rs",
        "contracts": {
            "DIDRegistry": contract(*dids.address()),
            "LicenseRegistry": contract(*registry.address()),
            "SettlementEngine": contract(*engine.address()),
            "DLAEnforcement": contract(dla_address),
        },
    });
    std::fs::write(dir.join("31337.json"), record.to_string()).expect("the record is written");
    (*registry.address(), *engine.address(), dla_address, license)
}

fn names(value: &Value) -> Vec<&str> {
    value.as_array().unwrap_or_else(|| panic!("{value} is not a list")).iter().filter_map(Value::as_str).collect()
}

#[test]
fn case_commands_walk_a_case_from_report_to_upheld_appeal_and_on_to_closed() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let world = World::new(&runtime);
    let license = world.license_id();
    let investigator = world.address(INVESTIGATOR).to_string();

    // Report: the reporter's Valid DID opens case 1 on the license.
    let opened =
        world.case(REPORTER, &["open", "--license", &license, "--reason", "7", "--evidence", "ipfs://report-1"]);
    assert_eq!(opened["caseId"], 1);
    assert_eq!(opened["stage"], "Open");
    assert_eq!(opened["licenseId"], license);
    assert_eq!(opened["evidenceRef"], keccak256("ipfs://report-1").to_string(), "text references are hashed");
    assert_eq!(opened["reporterDid"], keccak256("did:chlom:bob").to_string());
    assert_eq!(names(&opened["events"]), ["CaseOpened"]);

    // A DID reports once per report interval (a day by default).
    let twice = world.refused(REPORTER, &["open", "--license", &license, "--reason", "7", "--evidence", "again"]);
    assert!(twice.contains("refused with ReportTooSoon") && twice.contains("it may report again from"), "{twice}");

    assert_eq!(world.case(TRIAGE, &["triage", "1", "--priority", "1"])["stage"], "Triage");
    let assigned = world.case(TRIAGE, &["assign", "1", "--investigator", &investigator]);
    assert_eq!(assigned["stage"], "Investigation");
    assert_eq!(assigned["investigator"], investigator);
    assert!(assigned["deadline"].as_str().expect("the Investigation SLA sets a deadline").ends_with(" UTC"));

    let hex = format!("0x{}", "ab".repeat(32));
    let evidence = world.case(INVESTIGATOR, &["evidence", "1", "--ref", &hex]);
    assert_eq!((evidence["evidenceCount"].as_u64(), evidence["evidenceRef"].as_str()), (Some(2), Some(&*hex)));

    // Sanctions: a freeze on the registry, then an escrow hold in the engine.
    assert!(!world.frozen(&runtime));
    let frozen = world.case(INVESTIGATOR, &["sanction", "1", "--kind", "freeze"]);
    assert_eq!(frozen["stage"], "Sanction");
    assert_eq!(names(&frozen["sanctions"]), ["Freeze"]);
    let events = names(&frozen["events"]);
    assert_eq!(events.first(), Some(&"SanctionApplied"), "{events:?}");
    assert!(events.contains(&"LicenseRegistry.LicenseFrozen"), "the registry's event is named: {events:?}");
    assert_eq!(frozen["params"], "0x");
    assert!(world.frozen(&runtime), "the registry froze the license");
    let escrow = world.case(INVESTIGATOR, &["sanction", "1", "--kind", "escrow", "--amount", "1000"]);
    assert_eq!(names(&escrow["sanctions"]), ["Freeze", "Escrow"]);
    assert_eq!(escrow["held"], "1000");
    assert_eq!(escrow["params"], B256::from(U256::from(1000)).to_string(), "abi.encode(uint256 amount)");
    assert_eq!(world.hold(&runtime).outstanding, U256::from(1000), "the engine holds the amount");

    // The holder appeals; an hour later the council (quorum 1) upholds it, which lifts everything.
    let appealed = world.case(HOLDER, &["appeal", "1", "--memo", "ipfs://appeal-memo"]);
    assert_eq!(appealed["stage"], "Appeal");
    world.wait(&runtime, 3_600);
    let decided = world.case(COUNCIL, &["decide", "1", "--uphold"]);
    assert_eq!((decided["stage"].as_str(), decided["ruling"].as_str()), (Some("Resolved"), Some("Overturned")));
    assert_eq!((decided["votesFor"].as_u64(), decided["votesAgainst"].as_u64()), (Some(1), Some(0)));
    assert_eq!(decided["quorum"], 1);
    let events = names(&decided["events"]);
    for expected in ["AppealVoted", "AppealDecided", "CaseResolved", "LicenseRegistry.LicenseUnfrozen"] {
        assert!(events.contains(&expected), "{expected} missing from {events:?}");
    }
    assert!(!world.frozen(&runtime), "an upheld appeal unfreezes");
    assert_eq!(world.hold(&runtime).outstanding, U256::ZERO, "and ends the hold");

    // show reflects it, with --dla instead of the record.
    let shown = chlom(&["case", "show", "1", "--json", "--rpc-url", &world.anvil.endpoint()])
        .args(["--dla", &world.dla.to_string(), "--deployments-dir", "/nonexistent"])
        .output()
        .expect("runs");
    assert!(shown.status.success(), "{}", stderr(&shown));
    let shown = json_stdout(&shown);
    assert_eq!((shown["stage"].as_str(), shown["ruling"].as_str()), (Some("Resolved"), Some("Overturned")));
    assert_eq!(shown["evidence"], serde_json::json!([keccak256("ipfs://report-1").to_string(), hex]));
    assert_eq!(shown["appeal"], serde_json::json!({ "votesFor": 1, "votesAgainst": 0, "quorum": 1 }));
    assert_eq!(names(&shown["policy"]["allowedSanctions"]), ["Freeze", "Escrow", "Fine", "Remediation"]);
    assert_eq!(shown["policy"]["appealWindow"], DAY);
    assert_eq!(names(&shown["sanctions"]), Vec::<&str>::new(), "an upheld appeal lifts every sanction");
    assert_eq!(shown["held"], "0");
    assert_eq!(shown["investigator"], investigator);
    assert_eq!(shown["priority"], 1);
    assert!(shown["reopenClosesAt"].as_u64().is_some(), "{shown}");
    assert_eq!(names(&shown["nextSteps"]), ["reopen", "close"]);
    let opened_at = shown["openedAt"].as_u64().expect("openedAt");
    let resolved_at = shown["resolvedAt"].as_u64().expect("resolvedAt");
    assert!(resolved_at >= opened_at + 3_600, "{opened_at} → {resolved_at}");

    let human = world.run(ADMIN, &["show", "1"]);
    assert!(human.status.success(), "{}", stderr(&human));
    let text = stdout(&human);
    for expected in [
        "Resolved (priority 1)",
        "Overturned",
        "7: allows Freeze, Escrow, Fine, Remediation; appeal window 1d",
        "1 for, 0 against (quorum 1)",
        "chlom case reopen; chlom case close",
        "evidence (2)",
        &hex,
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }

    // The KPIs.
    let report = world.case(OUTSIDER, &["report"]);
    assert_eq!(report["cases"], 1);
    assert_eq!(report["casesInStage"]["Resolved"], 1);
    assert_eq!(report["active"], 0);
    assert_eq!(report["breaches"], 0);
    let mean = report["meanTimeToResolveSeconds"].as_u64().expect("a case was resolved");
    assert_eq!(mean, resolved_at - opened_at);
    assert!(report["meanTimeToResolve"].as_str().expect("formatted").starts_with("1h"), "{report}");
    let table = world.run(OUTSIDER, &["report"]);
    assert!(table.status.success(), "{}", stderr(&table));
    let table = stdout(&table);
    assert!(table.contains(": 1 case opened"), "{table}");
    assert!(table.contains(&format!("{:<24} {:>8}", "Resolved", 1)), "{table}");
    assert!(table.contains(&format!("{:<24} {:>8}", "SLA breaches", 0)), "{table}");
    let formatted = report["meanTimeToResolve"].as_str().expect("formatted");
    assert!(table.contains(&format!("{:<24} {formatted:>8}  ({mean} s)", "mean time to resolve")), "{table}");

    // Reopened, the case misses its Investigation deadline and is escalated, then dismissed.
    let reopened = world.case(TRIAGE, &["reopen", "1", "--cause", "new evidence"]);
    assert_eq!((reopened["stage"].as_str(), reopened["ruling"].as_str()), (Some("Investigation"), None));
    let early = world.refused(OUTSIDER, &["escalate", "1"]);
    assert!(early.contains("DeadlineNotPassed") && early.contains("it can be escalated after that"), "{early}");
    world.wait(&runtime, INVESTIGATION_SLA + 1);
    assert_eq!(names(&world.case(ADMIN, &["show", "1"])["nextSteps"]).last(), Some(&"escalate"));
    let escalated = world.case(OUTSIDER, &["escalate", "1"]);
    assert_eq!((escalated["priority"].as_u64(), names(&escalated["events"])), (Some(2), vec!["SlaBreached"]));
    let refused = world.refused(INVESTIGATOR, &["resolve", "1", "--ruling", "sanctioned"]);
    assert!(refused.contains("InvalidArgument") && refused.contains("cannot be resolved as Sanctioned"), "{refused}");
    let dismissed = world.case(INVESTIGATOR, &["resolve", "1", "--ruling", "dismissed"]);
    assert_eq!((dismissed["stage"].as_str(), dismissed["ruling"].as_str()), (Some("Resolved"), Some("Dismissed")));

    // Closed only after the reopen window (7 days by default).
    let early = world.refused(OUTSIDER, &["close", "1"]);
    assert!(early.contains("ReopenWindow") && early.contains("may be reopened until"), "{early}");
    world.wait(&runtime, 7 * DAY + 1);
    assert_eq!(world.case(OUTSIDER, &["close", "1"])["stage"], "Closed");
    let report = world.case(OUTSIDER, &["report"]);
    assert_eq!((report["casesInStage"]["Closed"].as_u64(), report["breaches"].as_u64()), (Some(1), Some(1)));
    assert_eq!(report["meanTimeToResolveSeconds"], mean, "the KPI counts the first resolution");
}

#[test]
fn case_commands_refuse_bad_input_and_explain_the_contracts_errors() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let world = World::new(&runtime);
    let license = world.license_id();
    let investigator = world.address(INVESTIGATOR).to_string();

    // Offline checks: nothing is sent.
    let unknown = world.refused(INVESTIGATOR, &["sanction", "1", "--kind", "jail"]);
    assert!(
        unknown.contains(
            "unknown sanction kind \"jail\": use freeze, escrow, fine, clawback, suspend, revoke or remediation"
        ),
        "{unknown}"
    );
    let escrow = world.refused(INVESTIGATOR, &["sanction", "1", "--kind", "escrow"]);
    assert!(escrow.contains("escrow needs --amount N"), "{escrow}");
    let remediation = world.refused(INVESTIGATOR, &["sanction", "1", "--kind", "remediation", "--plan", "fix it"]);
    assert!(remediation.contains("remediation needs --plan REF and --deadline TIME"), "{remediation}");
    let freeze = world.refused(INVESTIGATOR, &["sanction", "1", "--kind", "freeze", "--amount", "5"]);
    assert!(freeze.contains("freeze takes no --amount"), "{freeze}");
    let malformed = world.refused(INVESTIGATOR, &["evidence", "1", "--ref", "0x1234"]);
    assert!(malformed.contains("\"0x1234\" starts with 0x but is not 32 bytes of hex"), "{malformed}");
    let zero = world.refused(
        REPORTER,
        &["open", "--license", &license, "--reason", "7", "--evidence", &format!("0x{}", "0".repeat(64))],
    );
    assert!(zero.contains("the zero reference"), "{zero}");
    let decide = world.refused(COUNCIL, &["decide", "1"]);
    assert!(decide.contains("--uphold") && decide.contains("--reject"), "{decide}");
    let ruling = world.refused(INVESTIGATOR, &["resolve", "1", "--ruling", "overturned"]);
    assert!(ruling.contains("only from an upheld appeal"), "{ruling}");
    let priority = world.refused(TRIAGE, &["triage", "1", "--priority", "4"]);
    assert!(priority.contains("4 is not in 0..=3"), "{priority}");

    // No case yet, then a non-existent one.
    let missing = world.refused(OUTSIDER, &["show", "99"]);
    assert!(
        missing.contains("refused with CaseNotFound: no case 99 exists: this DLA contract has no cases yet"),
        "{missing}"
    );
    let unknown_license = world.refused(REPORTER, &["open", "--license", "12345", "--reason", "7", "--evidence", "x"]);
    assert!(
        unknown_license.contains("ERC721NonexistentToken") && unknown_license.contains("no license"),
        "{unknown_license}"
    );
    let no_policy = world
        .refused(REPORTER, &["open", "--license", &license, "--reason", &NO_POLICY.to_string(), "--evidence", "x"]);
    assert!(no_policy.contains("InvalidReason: reason code 8 has no policy"), "{no_policy}");
    let no_did = world.refused(OUTSIDER, &["open", "--license", &license, "--reason", "7", "--evidence", "x"]);
    assert!(no_did.contains("ReporterNotInGoodStanding") && no_did.contains("chlom did register"), "{no_did}");

    // The holder has a Valid DID, but may not report its own license.
    let own = world.refused(HOLDER, &["open", "--license", &license, "--reason", "7", "--evidence", "mine"]);
    assert!(
        own.contains("refused with NotAuthorized") && own.contains("a license's holder may not report it"),
        "{own}"
    );

    let opened = world.case(REPORTER, &["open", "--license", &license, "--reason", "7", "--evidence", "ipfs://report"]);
    assert_eq!(opened["caseId"], 1);
    let missing = world.refused(OUTSIDER, &["evidence", "99", "--ref", "x"]);
    assert!(missing.contains("no case 99 exists on this DLA contract (cases run from 1 to 1"), "{missing}");

    // Reclassify: TRIAGE_ROLE, to a reason with a policy; the stage stays.
    let not_a_number = world.refused(TRIAGE, &["reclassify", "1", "seven"]);
    assert!(not_a_number.contains("invalid value 'seven'"), "{not_a_number}");
    let role = world.refused(OUTSIDER, &["reclassify", "1", "9"]);
    assert!(role.contains(&format!("{} lacks TRIAGE_ROLE", world.address(OUTSIDER))), "{role}");
    let no_policy = world.refused(TRIAGE, &["reclassify", "1", &NO_POLICY.to_string()]);
    assert!(
        no_policy.contains("InvalidReason: reason code 8 has no policy, so no case can be reclassified"),
        "{no_policy}"
    );
    let reclassified = world.case(TRIAGE, &["reclassify", "1", "9"]);
    assert_eq!((reclassified["stage"].as_str(), reclassified["reasonCode"].as_u64()), (Some("Open"), Some(9)));
    assert_eq!(names(&reclassified["events"]), ["CaseReclassified"]);
    assert_eq!(world.case(OUTSIDER, &["show", "1"])["policy"]["reasonCode"], 9);
    assert_eq!(world.case(TRIAGE, &["reclassify", "1", "7"])["reasonCode"], 7);

    // Wrong stage: the table says what comes next.
    let early = world.refused(HOLDER, &["appeal", "1", "--memo", "m"]);
    assert!(early.contains("InvalidStage: case 1 is in stage Open; only a sanctioned case"), "{early}");
    assert!(early.contains("the table allows: chlom case triage"), "{early}");

    // Wrong role, then wrong party.
    let role = world.refused(OUTSIDER, &["triage", "1", "--priority", "1"]);
    assert!(role.contains("refused with AccessControlUnauthorizedAccount"), "{role}");
    assert!(role.contains(&format!("{} lacks TRIAGE_ROLE", world.address(OUTSIDER))), "{role}");
    world.case(TRIAGE, &["triage", "1", "--priority", "1"]);
    let not_investigator =
        world.refused(TRIAGE, &["assign", "1", "--investigator", &world.address(OUTSIDER).to_string()]);
    assert!(not_investigator.contains("does not hold INVESTIGATOR_ROLE"), "{not_investigator}");
    world.case(TRIAGE, &["assign", "1", "--investigator", &investigator]);
    let party = world.refused(OUTSIDER, &["sanction", "1", "--kind", "freeze"]);
    assert!(party.contains("refused with NotAuthorized"), "{party}");
    assert!(party.contains(&format!("only the case's assigned investigator, {investigator}, may")), "{party}");
    let revoke = world.refused(INVESTIGATOR, &["sanction", "1", "--kind", "revoke"]);
    assert!(revoke.contains("does not allow Revoke; its policy allows Freeze, Escrow, Fine, Remediation"), "{revoke}");
    let past =
        world.refused(INVESTIGATOR, &["sanction", "1", "--kind", "remediation", "--plan", "p", "--deadline", "1000"]);
    assert!(past.contains("is before the latest block"), "{past}");
    let planned = world
        .case(INVESTIGATOR, &["sanction", "1", "--kind", "remediation", "--plan", "ipfs://plan", "--deadline", "14d"]);
    assert!(planned["remediationDeadline"].as_u64().is_some(), "{planned}");
    world.case(INVESTIGATOR, &["sanction", "1", "--kind", "freeze"]);
    let again = world.refused(INVESTIGATOR, &["sanction", "1", "--kind", "freeze"]);
    assert!(again.contains("SanctionState: Freeze is applied to case 1 already"), "{again}");
    let sanctioned = world.refused(TRIAGE, &["reclassify", "1", "9"]);
    assert!(
        sanctioned.contains("InvalidStage: case 1 is in stage Sanction; a case is reclassified while Open"),
        "{sanctioned}"
    );
    let not_holder = world.refused(REPORTER, &["appeal", "1", "--memo", "m"]);
    assert!(not_holder.contains("only the holder of license"), "{not_holder}");
    let too_soon = world.refused(INVESTIGATOR, &["resolve", "1", "--ruling", "sanctioned"]);
    assert!(too_soon.contains("AppealWindow") && too_soon.contains("the holder may still appeal"), "{too_soon}");

    // The holder appeals; the council rejects it, so the sanctions are final and the freeze stays.
    assert_eq!(world.case(HOLDER, &["appeal", "1", "--memo", "ipfs://memo"])["stage"], "Appeal");
    let outsider = world.refused(OUTSIDER, &["decide", "1", "--uphold"]);
    assert!(outsider.contains("lacks COUNCIL_ROLE, which the appeal council's members hold"), "{outsider}");
    let decided = world.case(COUNCIL, &["decide", "1", "--reject"]);
    assert_eq!((decided["ruling"].as_str(), decided["vote"].as_str()), (Some("Sanctioned"), Some("reject")));
    assert_eq!((decided["votesFor"].as_u64(), decided["votesAgainst"].as_u64()), (Some(0), Some(1)));
    assert_eq!(names(&decided["sanctions"]), ["Freeze", "Remediation"], "final sanctions stay recorded");
    assert!(world.frozen(&runtime), "a final freeze stays");
    let late = world.refused(COUNCIL, &["decide", "1", "--uphold"]);
    assert!(late.contains("case 1 is in stage Resolved; only an appealed case"), "{late}");
    assert!(late.contains("the table allows: chlom case reopen, chlom case close"), "{late}");

    // The chain and the contract must be reachable and real.
    let port = TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let unreachable = chlom(&["case", "show", "1", "--rpc-url", &format!("http://127.0.0.1:{port}")])
        .args(["--dla", &world.dla.to_string()])
        .output()
        .expect("runs");
    let message = refusal(&unreachable, &["show"]);
    assert!(message.contains(&format!("cannot reach the RPC endpoint http://127.0.0.1:{port}")), "{message}");
    let no_rpc = refusal(&chlom(&["case", "report"]).output().expect("runs"), &["report"]);
    assert!(no_rpc.contains("pass --rpc-url"), "{no_rpc}");
    let empty = tempfile::tempdir().expect("tempdir");
    let unrecorded = chlom(&["case", "report", "--rpc-url", &world.anvil.endpoint(), "--deployments-dir"])
        .arg(empty.path())
        .output()
        .expect("runs");
    let message = refusal(&unrecorded, &["report"]);
    assert!(message.contains("pass --dla ADDRESS") && message.contains("no deployment record"), "{message}");
    let nothing = chlom(&["case", "report", "--rpc-url", &world.anvil.endpoint(), "--dla"])
        .arg(Address::repeat_byte(0x99).to_string())
        .output()
        .expect("runs");
    assert!(refusal(&nothing, &["report"]).contains("there is no contract at"));
    let no_key = chlom(&["case", "close", "1", "--rpc-url", &world.anvil.endpoint()]).output().expect("runs");
    assert!(refusal(&no_key, &["close"]).contains("set CHLOM_PRIVATE_KEY"));
}
