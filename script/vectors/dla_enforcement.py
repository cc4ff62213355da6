#!/usr/bin/env python3
"""Writes test/vectors/dla_enforcement.json. Expected values come from IDLAEnforcement's NatSpec,
worked out by hand here (times from the chain's start), not from running the implementation."""
import json
import sys
from pathlib import Path

# The repository root: this file is script/vectors/dla_enforcement.py.
ROOT = Path(__file__).resolve().parents[2]

T0 = 1700000000
DAY = 86400
ADDR0 = "0x0000000000000000000000000000000000000000"
ZERO = "0x" + "00" * 32

ACCOUNTS = {
    "admin": "0x00000000000000000000000000000000000a11ce",
    "verifier": "0x000000000000000000000000000000000000fe11",
    "issuer_a": "0x0000000000000000000000000000000000001a1a",
    "issuer_b": "0x0000000000000000000000000000000000001b1b",
    "holder_1": "0x00000000000000000000000000000000000000a1",
    "holder_2": "0x00000000000000000000000000000000000000a2",
    "holder_3": "0x00000000000000000000000000000000000000a3",
    "no_did": "0x00000000000000000000000000000000000000ff",
    "triage": "0x" + "7a" * 20,
    "investigator": "0x" + "1e" * 20,
    "investigator_2": "0x" + "2e" * 20,
    "council_1": "0x" + "c1" * 20,
    "council_2": "0x" + "c2" * 20,
    "council_3": "0x" + "c3" * 20,
    "treasury": "0x" + "7e" * 20,
}

DID_HOLDER_1 = "0xef45fadab382d82766abcc6d97a1d4d648a2605990d81a688cfd59bc2747a0b2"
DID_HOLDER_2 = "0xadf68a866d1f28f447f3cc68fffb3a76beec9cf4e94b9f8a0233246e5314cce7"
DID_ISSUER_A = "0x3ba26300563ff097b5ec51be4bad99f7dab96f5c9fa5d74af705bdc4e891e79f"
DID_ISSUER_B = "0x758120cd2db2f056e5be2492fd2f9dd21724e09c1a6763770207e4eadc3fde6f"

# computeLicenseId(issuerDid, holderDid, nonce): issuer-a to holder-1 and issuer-b to holder-2, nonce 0.
L1 = "80183244991105613017562161986598123215054026186611649885832091489777608626780"
L2 = "44031544073629543340184605540533441502957632982595453980015852737443500103946"
MISSING = "12345"

ADMIN_ROLE = ZERO
TRIAGE_ROLE = "0xcbfc0ca08320891234ee6c4a46af95e4d77e28cbdc753e30f2a1a59b998cfeaf"
INVESTIGATOR_ROLE = "0x910cdced0024ae090733ac0d5d343c44fe356af02ae6630070f867d06b0e38cf"
COUNCIL_ROLE = "0x05a5f50389ede75d899303f60a15e7c1443e90c7ae94c6016f5f63f5d84e421a"

# Stage, Sanction and Ruling numbers.
NONE, OPEN, TRIAGE, INVESTIGATION, SANCTION, APPEAL, RESOLVED, CLOSED = range(8)
FREEZE, ESCROW, FINE, CLAWBACK, SUSPEND, REVOKE, REMEDIATION = range(7)
R_NONE, DISMISSED, SANCTIONED, OVERTURNED = range(4)

# Reason 7 allows the whole ladder with a 3-day appeal window; reason 9 allows Freeze only.
REASON = 7
REASON_FREEZE_ONLY = 9
APPEAL_WINDOW = 3 * DAY
REOPEN_WINDOW = 7 * DAY


def b32(hexbyte):
    return "0x" + hexbyte * 32


def word(n):
    return f"{n:064x}"


def case_ref(case_id):
    """bytes32(caseId): the reference the DLA gives the registry and the engine."""
    return "0x" + word(case_id)


def enc_amount(n):
    return "0x" + word(n)


def enc_plan(plan, deadline):
    return "0x" + plan[2:] + word(deadline)


def bit(*sanctions):
    return sum(1 << s for s in sanctions)


def s(x):
    return str(x)


def ev(name, *args, emitter=None):
    event = {"name": name, "args": [a if isinstance(a, list) else s(a) for a in args]}
    if emitter:
        event["emitter"] = emitter
    return event


def lic(name, *args):
    return ev(name, *args, emitter="@licenses")


def eng(name, *args):
    return ev(name, *args, emitter="@settlement")


def frozen(license_id):
    return [lic("MetadataUpdate", license_id), lic("LicenseFrozen", license_id, "@this")]


def unfrozen(license_id):
    return [lic("MetadataUpdate", license_id), lic("LicenseUnfrozen", license_id, "@this")]


def suspended(license_id, case_id):
    return [lic("MetadataUpdate", license_id), lic("LicenseSuspended", license_id, "@this", case_ref(case_id))]


def reinstated(license_id):
    return [lic("MetadataUpdate", license_id), lic("LicenseReinstated", license_id, "@this")]


def revoked(license_id, case_id):
    return [lic("MetadataUpdate", license_id), lic("LicenseRevoked", license_id, "@this", case_ref(case_id))]


def hold(license_id, amount, case_id):
    return eng("HoldSet", license_id, amount, case_ref(case_id))


def released(license_id, case_id, to, assets=(ADDR0,)):
    """The hold ends, then the escrow in every hold asset (nothing was settled: 0) goes to `to`."""
    return [hold(license_id, 0, case_id)] + [eng("HoldReleased", license_id, a, to, 0) for a in assets]


def conv(v):
    if isinstance(v, list):
        return [conv(x) for x in v]
    return s(v)


class Scenario:
    def __init__(self, name):
        self.name = name
        self.steps = []
        self.now = T0

    def call(self, frm, fn, args, events, returns=None):
        expect = {"events": events}
        if returns is not None:
            expect["returns"] = conv(returns)
        self.steps.append({"from": frm, "call": fn, "args": conv(args), "expect": expect})

    def revert(self, frm, fn, args, error, *error_args):
        self.steps.append(
            {"from": frm, "call": fn, "args": conv(args), "expect": {"revert": {"name": error, "args": conv(list(error_args))}}}
        )

    def view(self, fn, args, returns):
        self.steps.append({"view": fn, "args": conv(args), "returns": conv(returns)})

    def advance(self, seconds, blocks=1):
        self.now += seconds
        self.steps.append({"blocks": blocks, "seconds": seconds})

    # Shorthands for the common moves.
    def open(self, reporter, license_id, case_id, evidence, reason=REASON):
        self.call(reporter, "openCase", [license_id, reason, evidence],
                  [ev("CaseOpened", case_id, license_id, reason, reporter, evidence)], [case_id])

    def triage(self, case_id, priority):
        self.call("@triage", "triageCase", [case_id, priority], [ev("CaseTriaged", case_id, priority)])

    def assign(self, case_id, investigator):
        self.call("@triage", "assignInvestigator", [case_id, investigator],
                  [ev("InvestigatorAssigned", case_id, investigator)])

    def unauthorized_role(self, frm, fn, args, role):
        self.revert(frm, fn, args, "AccessControlUnauthorizedAccount", frm, role)

    def kpis(self, in_stage, breaches, mean):
        for stage in range(OPEN, CLOSED + 1):
            self.view("casesInStage", [stage], [in_stage.get(stage, 0)])
        self.view("breaches", [], [breaches])
        self.view("meanTimeToResolve", [], [mean])

    def json(self):
        return {"name": self.name, "steps": self.steps}


def case(license_id, reason, stage, reporter, reporter_did, opened, updated, *, ruling=R_NONE, priority=0,
         investigator=ADDR0, sla=0, sanctioned=0, resolved=0, sanctions=0, evidence=1, held=0, plan=ZERO,
         plan_deadline=0):
    return [[license_id, reason, stage, ruling, priority, reporter, reporter_did, investigator, opened, updated, sla,
             sanctioned, resolved, sanctions, evidence, held, plan, plan_deadline]]


E = {i: b32(f"e{i}") for i in range(1, 10)}  # evidence references
M1, M2 = b32("a1"), b32("a2")  # appeal memos
C1, C2 = b32("c0"), b32("cc")  # reopen causes
P1, P2 = b32("b1"), b32("b2")  # remediation plans


def grant(role, account):
    return {"from": "@admin", "call": "grantRole", "args": [role, account],
            "expect": {"events": [ev("RoleGranted", role, account, "@admin")]}}


SETUP = [
    grant(TRIAGE_ROLE, "@triage"),
    grant(INVESTIGATOR_ROLE, "@investigator"),
    grant(INVESTIGATOR_ROLE, "@investigator_2"),
    grant(COUNCIL_ROLE, "@council_1"),
    grant(COUNCIL_ROLE, "@council_2"),
    grant(COUNCIL_ROLE, "@council_3"),
    {"from": "@admin", "call": "setReasonPolicy", "args": conv([REASON, bit(*range(7)), APPEAL_WINDOW]),
     "expect": {"events": [ev("ReasonPolicySet", REASON, bit(*range(7)), APPEAL_WINDOW)]}},
    {"from": "@admin", "call": "setReasonPolicy", "args": conv([REASON_FREEZE_ONLY, bit(FREEZE), DAY]),
     "expect": {"events": [ev("ReasonPolicySet", REASON_FREEZE_ONLY, bit(FREEZE), DAY)]}},
    {"from": "@admin", "call": "setCouncilQuorum", "args": ["2"],
     "expect": {"events": [ev("CouncilQuorumSet", 2)]}},
    {"from": "@admin", "call": "setTreasury", "args": ["@treasury"],
     "expect": {"events": [ev("TreasurySet", "@treasury")]}},
]

scenarios = []

# ------------------------------------------------------------------------------------------------
sc = Scenario("constants, defaults after the setup, empty KPIs and views of a case that does not exist")
sc.view("DEFAULT_ADMIN_ROLE", [], [ADMIN_ROLE])
sc.view("TRIAGE_ROLE", [], [TRIAGE_ROLE])
sc.view("INVESTIGATOR_ROLE", [], [INVESTIGATOR_ROLE])
sc.view("COUNCIL_ROLE", [], [COUNCIL_ROLE])
sc.view("MAX_EVIDENCE", [], [64])
sc.view("MAX_REPORTER_EVIDENCE", [], [16])
sc.view("MAX_PRIORITY", [], [3])
sc.view("MAX_HOLD_ASSETS", [], [8])
sc.view("didRegistry", [], ["@dids"])
sc.view("licenseRegistry", [], ["@licenses"])
sc.view("settlementEngine", [], ["@settlement"])
sc.view("hasRole", [ADMIN_ROLE, "@admin"], ["true"])
sc.view("hasRole", [TRIAGE_ROLE, "@triage"], ["true"])
sc.view("hasRole", [INVESTIGATOR_ROLE, "@investigator_2"], ["true"])
sc.view("hasRole", [COUNCIL_ROLE, "@council_3"], ["true"])
sc.view("hasRole", [COUNCIL_ROLE, "@triage"], ["false"])
sc.view("councilQuorum", [], [2])
sc.view("treasury", [], ["@treasury"])
sc.view("holdAssets", [], [[ADDR0]])
sc.view("reportInterval", [], [DAY])
sc.view("reopenWindow", [], [REOPEN_WINDOW])
sc.view("reasonPolicy", [REASON], [[bit(*range(7)), APPEAL_WINDOW]])
sc.view("reasonPolicy", [REASON_FREEZE_ONLY], [[bit(FREEZE), DAY]])
sc.view("reasonPolicy", [1], [[0, 0]])
for stage in range(OPEN, APPEAL + 1):
    sc.view("slaOf", [stage], [0])
sc.view("caseCount", [], [0])
sc.view("activeCaseOf", [L1], [0])
sc.view("evidenceOf", [1], [[]])
sc.view("appealVotes", [1], [0, 0])
sc.kpis({}, 0, 0)
sc.revert("@holder_3", "getCase", [1], "CaseNotFound", 1)
sc.revert("@holder_3", "getCase", [0], "CaseNotFound", 0)
sc.revert("@triage", "triageCase", [1, 0], "CaseNotFound", 1)
sc.revert("@holder_3", "addEvidence", [1, E[1]], "CaseNotFound", 1)
sc.revert("@holder_3", "escalate", [1], "CaseNotFound", 1)
sc.revert("@holder_3", "closeCase", [1], "CaseNotFound", 1)
sc.revert("@investigator", "freezeLicense", [L1], "NoActiveCase", L1)
scenarios.append(sc)

# ------------------------------------------------------------------------------------------------
sc = Scenario("full lifecycle: open, triage, assign, evidence, freeze and escrow, appeal upheld by a quorum of 2, Overturned")
sc.open("@holder_2", L1, 1, E[1])
sc.view("getCase", [1], case(L1, REASON, OPEN, "@holder_2", DID_HOLDER_2, T0, T0))
sc.view("activeCaseOf", [L1], [1])
sc.view("caseCount", [], [1])
sc.call("@holder_2", "addEvidence", [1, E[2]], [ev("EvidenceAdded", 1, E[2], "@holder_2")])
sc.advance(3600)
t_triage = sc.now
sc.triage(1, 2)
sc.call("@holder_2", "addEvidence", [1, E[3]], [ev("EvidenceAdded", 1, E[3], "@holder_2")])
sc.assign(1, "@investigator")
sc.call("@investigator", "addEvidence", [1, E[4]], [ev("EvidenceAdded", 1, E[4], "@investigator")])
sc.view("getCase", [1], case(L1, REASON, INVESTIGATION, "@holder_2", DID_HOLDER_2, T0, t_triage, priority=2,
                             investigator="@investigator", evidence=4))
sc.view("evidenceOf", [1], [[E[1], E[2], E[3], E[4]]])
sc.kpis({INVESTIGATION: 1}, 0, 0)
sc.advance(3600)
t_sanction = sc.now
sc.call("@investigator", "applySanction", [1, FREEZE, "0x"],
        [ev("SanctionApplied", 1, L1, FREEZE, "0x")] + frozen(L1))
sc.call("@investigator", "setEscrow", [L1, 300000, E[5]],
        [ev("SanctionApplied", 1, L1, ESCROW, enc_amount(300000)), ev("EvidenceAdded", 1, E[5], "@investigator"),
         hold(L1, 300000, 1)])
sc.call("@investigator", "applySanction", [1, ESCROW, enc_amount(200000)],
        [ev("SanctionApplied", 1, L1, ESCROW, enc_amount(200000)), hold(L1, 500000, 1)])
sc.view("getCase", [1], case(L1, REASON, SANCTION, "@holder_2", DID_HOLDER_2, T0, t_sanction, priority=2,
                             investigator="@investigator", sanctioned=t_sanction, sanctions=bit(FREEZE, ESCROW),
                             evidence=5, held=500000))
sc.view("evidenceOf", [1], [[E[1], E[2], E[3], E[4], E[5]]])
sc.advance(DAY)
t_appeal = sc.now
sc.revert("@holder_2", "fileAppeal", [1, M1], "NotAuthorized", "@holder_2", 1)
sc.call("@holder_1", "fileAppeal", [1, M1], [ev("AppealFiled", 1, "@holder_1", M1)])
sc.view("getCase", [1], case(L1, REASON, APPEAL, "@holder_2", DID_HOLDER_2, T0, t_appeal, priority=2,
                             investigator="@investigator", sanctioned=t_sanction, sanctions=bit(FREEZE, ESCROW),
                             evidence=5, held=500000))
sc.call("@council_1", "decideAppeal", [1, "true"], [ev("AppealVoted", 1, "@council_1", "true")])
sc.view("appealVotes", [1], [1, 0])
sc.revert("@council_1", "decideAppeal", [1, "true"], "AlreadyVoted", 1, "@council_1")
sc.unauthorized_role("@triage", "decideAppeal", [1, "true"], COUNCIL_ROLE)
sc.advance(600)
t_decided = sc.now
sc.call("@council_2", "decideAppeal", [1, "true"],
        [ev("AppealVoted", 1, "@council_2", "true"), ev("AppealDecided", 1, "true", 2, 0),
         ev("SanctionLifted", 1, L1, FREEZE), ev("SanctionLifted", 1, L1, ESCROW), ev("CaseResolved", 1, OVERTURNED)]
        + unfrozen(L1) + released(L1, 1, "@holder_1"))
sc.view("getCase", [1], case(L1, REASON, RESOLVED, "@holder_2", DID_HOLDER_2, T0, t_decided, ruling=OVERTURNED,
                             priority=2, investigator="@investigator", sanctioned=t_sanction, resolved=t_decided,
                             evidence=5))
sc.view("appealVotes", [1], [2, 0])
sc.view("activeCaseOf", [L1], [0])
sc.kpis({RESOLVED: 1}, 0, t_decided - T0)
sc.revert("@council_3", "decideAppeal", [1, "true"], "InvalidStage", 1, RESOLVED)
scenarios.append(sc)

# ------------------------------------------------------------------------------------------------
sc = Scenario("appeal rejected: filed in the window's last second, the sanctions become final, the recorded Revoke runs and the fine's escrow goes to the treasury")
sc.open("@holder_2", L1, 1, E[1])
sc.triage(1, 1)
sc.assign(1, "@investigator")
sc.call("@investigator", "freezeLicense", [L1], [ev("SanctionApplied", 1, L1, FREEZE, "0x")] + frozen(L1))
sc.call("@investigator", "fine", [L1, 1000], [ev("SanctionApplied", 1, L1, FINE, enc_amount(1000)), hold(L1, 1000, 1)])
sc.call("@investigator", "applySanction", [1, REVOKE, "0x"], [ev("SanctionApplied", 1, L1, REVOKE, "0x")])
sc.advance(APPEAL_WINDOW)
t_appeal = sc.now  # the appeal window's last second
sc.call("@holder_1", "fileAppeal", [1, M1], [ev("AppealFiled", 1, "@holder_1", M1)])
sc.call("@investigator", "addEvidence", [1, E[4]], [ev("EvidenceAdded", 1, E[4], "@investigator")])
sc.call("@council_1", "decideAppeal", [1, "false"], [ev("AppealVoted", 1, "@council_1", "false")])
sc.call("@council_2", "decideAppeal", [1, "true"], [ev("AppealVoted", 1, "@council_2", "true")])
sc.view("appealVotes", [1], [1, 1])
sc.view("getCase", [1], case(L1, REASON, APPEAL, "@holder_2", DID_HOLDER_2, T0, t_appeal, priority=1,
                             investigator="@investigator", sanctioned=T0, sanctions=bit(FREEZE, FINE, REVOKE),
                             evidence=2, held=1000))
sc.call("@council_3", "decideAppeal", [1, "false"],
        [ev("AppealVoted", 1, "@council_3", "false"), ev("AppealDecided", 1, "false", 1, 2),
         ev("CaseResolved", 1, SANCTIONED)] + revoked(L1, 1) + released(L1, 1, "@treasury"))
sc.view("getCase", [1], case(L1, REASON, RESOLVED, "@holder_2", DID_HOLDER_2, T0, t_appeal, ruling=SANCTIONED,
                             priority=1, investigator="@investigator", sanctioned=T0, resolved=t_appeal,
                             sanctions=bit(FREEZE, FINE, REVOKE), evidence=2, held=1000))
sc.view("appealVotes", [1], [1, 2])
sc.view("activeCaseOf", [L1], [0])
sc.revert("@holder_1", "fileAppeal", [1, M2], "InvalidStage", 1, RESOLVED)
sc.revert("@investigator", "resolve", [1, SANCTIONED], "InvalidStage", 1, RESOLVED)
sc.revert("@investigator", "applySanction", [1, FREEZE, "0x"], "InvalidStage", 1, RESOLVED)
sc.revert("@investigator", "liftFreeze", [L1], "NoActiveCase", L1)
sc.revert("@holder_3", "escalate", [1], "InvalidStage", 1, RESOLVED)
sc.revert("@triage", "prioritize", [1, 1], "InvalidStage", 1, RESOLVED)
sc.kpis({RESOLVED: 1}, 0, APPEAL_WINDOW)
scenarios.append(sc)

# ------------------------------------------------------------------------------------------------
sc = Scenario("no appeal: resolve(Sanctioned) only after the appeal window, the escrow back to the holder; reopening starts a new round")
sc.open("@holder_2", L1, 1, E[1])
sc.triage(1, 0)
sc.assign(1, "@investigator")
sc.advance(600)
t_sanction = sc.now
closes = t_sanction + APPEAL_WINDOW
sc.call("@investigator", "setEscrow", [L1, 5000, E[2]],
        [ev("SanctionApplied", 1, L1, ESCROW, enc_amount(5000)), ev("EvidenceAdded", 1, E[2], "@investigator"),
         hold(L1, 5000, 1)])
sc.revert("@investigator", "resolve", [1, SANCTIONED], "AppealWindow", 1, closes)
sc.revert("@investigator", "resolve", [1, DISMISSED], "InvalidArgument")
sc.advance(APPEAL_WINDOW)
sc.revert("@investigator", "resolve", [1, SANCTIONED], "AppealWindow", 1, closes)
sc.advance(1)
t_resolved = sc.now
sc.revert("@holder_1", "fileAppeal", [1, M1], "AppealWindow", 1, closes)
sc.revert("@investigator_2", "resolve", [1, SANCTIONED], "NotAuthorized", "@investigator_2", 1)
sc.call("@investigator", "resolve", [1, SANCTIONED],
        [ev("CaseResolved", 1, SANCTIONED)] + released(L1, 1, "@holder_1"))
sc.view("getCase", [1], case(L1, REASON, RESOLVED, "@holder_2", DID_HOLDER_2, T0, t_resolved, ruling=SANCTIONED,
                             investigator="@investigator", sanctioned=t_sanction, resolved=t_resolved,
                             sanctions=bit(ESCROW), evidence=2, held=5000))
sc.kpis({RESOLVED: 1}, 0, t_resolved - T0)
# Reopening starts a new round: no sanctions, no hold, no first-sanction time.
sc.call("@triage", "reopen", [1, C1], [ev("CaseReopened", 1, C1)])
sc.view("getCase", [1], case(L1, REASON, INVESTIGATION, "@holder_2", DID_HOLDER_2, T0, t_resolved,
                             investigator="@investigator", resolved=t_resolved, evidence=2))
sc.call("@investigator", "fine", [L1, 7], [ev("SanctionApplied", 1, L1, FINE, enc_amount(7)), hold(L1, 7, 1)])
sc.view("getCase", [1], case(L1, REASON, SANCTION, "@holder_2", DID_HOLDER_2, T0, t_resolved,
                             investigator="@investigator", sanctioned=t_resolved, resolved=t_resolved,
                             sanctions=bit(FINE), evidence=2, held=7))
sc.revert("@investigator", "resolve", [1, SANCTIONED], "AppealWindow", 1, t_resolved + APPEAL_WINDOW)
sc.kpis({SANCTION: 1}, 0, t_resolved - T0)
scenarios.append(sc)

# ------------------------------------------------------------------------------------------------
sc = Scenario("dismissed from Investigation: nothing was sanctioned, the license is free for a new case")
sc.open("@holder_1", L2, 1, E[1])
sc.triage(1, 3)
sc.assign(1, "@investigator_2")
sc.revert("@investigator_2", "resolve", [1, SANCTIONED], "InvalidArgument")
sc.revert("@investigator_2", "resolve", [1, R_NONE], "InvalidArgument")
sc.revert("@investigator_2", "resolve", [1, OVERTURNED], "InvalidArgument")
sc.revert("@investigator", "resolve", [1, DISMISSED], "NotAuthorized", "@investigator", 1)
sc.advance(1800)
t_resolved = sc.now
sc.call("@investigator_2", "resolve", [1, DISMISSED], [ev("CaseResolved", 1, DISMISSED)])
sc.view("getCase", [1], case(L2, REASON, RESOLVED, "@holder_1", DID_HOLDER_1, T0, t_resolved, ruling=DISMISSED,
                             priority=3, investigator="@investigator_2", resolved=t_resolved))
sc.view("activeCaseOf", [L2], [0])
sc.revert("@holder_2", "fileAppeal", [1, M1], "InvalidStage", 1, RESOLVED)
sc.revert("@investigator_2", "resolve", [1, DISMISSED], "InvalidStage", 1, RESOLVED)
sc.open("@issuer_a", L2, 2, E[2])
sc.view("activeCaseOf", [L2], [2])
sc.view("caseCount", [], [2])
sc.revert("@triage", "reopen", [1, C1], "CaseAlreadyActive", L2, 2)
sc.kpis({OPEN: 1, RESOLVED: 1}, 0, 1800)
scenarios.append(sc)

# ------------------------------------------------------------------------------------------------
sc = Scenario("reopen within the reopen window (its last second included), closeCase only after it")
sc.open("@holder_2", L1, 1, E[1])
sc.triage(1, 1)
sc.assign(1, "@investigator")
sc.advance(100)
t_first = sc.now
sc.call("@investigator", "resolve", [1, DISMISSED], [ev("CaseResolved", 1, DISMISSED)])
sc.revert("@holder_3", "closeCase", [1], "ReopenWindow", 1, t_first + REOPEN_WINDOW)
sc.unauthorized_role("@holder_3", "reopen", [1, C1], TRIAGE_ROLE)
sc.revert("@triage", "reopen", [1, ZERO], "InvalidArgument")
sc.advance(REOPEN_WINDOW)
t_reopen = sc.now
sc.revert("@holder_3", "closeCase", [1], "ReopenWindow", 1, t_first + REOPEN_WINDOW)
sc.call("@triage", "reopen", [1, C1], [ev("CaseReopened", 1, C1)])
sc.view("getCase", [1], case(L1, REASON, INVESTIGATION, "@holder_2", DID_HOLDER_2, T0, t_reopen, priority=1,
                             investigator="@investigator", resolved=t_first))
sc.view("activeCaseOf", [L1], [1])
sc.kpis({INVESTIGATION: 1}, 0, 100)
sc.revert("@triage", "reopen", [1, C1], "InvalidStage", 1, INVESTIGATION)
sc.call("@investigator", "resolve", [1, DISMISSED], [ev("CaseResolved", 1, DISMISSED)])
sc.view("getCase", [1], case(L1, REASON, RESOLVED, "@holder_2", DID_HOLDER_2, T0, t_reopen, ruling=DISMISSED,
                             priority=1, investigator="@investigator", resolved=t_reopen))
sc.kpis({RESOLVED: 1}, 0, 100)
sc.advance(REOPEN_WINDOW)
sc.revert("@holder_3", "closeCase", [1], "ReopenWindow", 1, t_reopen + REOPEN_WINDOW)
sc.advance(1)
t_closed = sc.now
sc.revert("@triage", "reopen", [1, C2], "ReopenWindow", 1, t_reopen + REOPEN_WINDOW)
sc.call("@holder_3", "closeCase", [1], [ev("CaseClosed", 1)])
sc.view("getCase", [1], case(L1, REASON, CLOSED, "@holder_2", DID_HOLDER_2, T0, t_closed, ruling=DISMISSED,
                             priority=1, investigator="@investigator", resolved=t_reopen))
sc.kpis({CLOSED: 1}, 0, 100)
sc.revert("@holder_3", "closeCase", [1], "InvalidStage", 1, CLOSED)
sc.revert("@triage", "reopen", [1, C2], "InvalidStage", 1, CLOSED)
sc.revert("@holder_2", "addEvidence", [1, E[2]], "InvalidStage", 1, CLOSED)
sc.revert("@holder_3", "escalate", [1], "InvalidStage", 1, CLOSED)
sc.revert("@triage", "prioritize", [1, 2], "InvalidStage", 1, CLOSED)
scenarios.append(sc)

# ------------------------------------------------------------------------------------------------
sc = Scenario("escalate: DeadlineNotPassed up to the SLA deadline, then SlaBreached, the priority rises to MAX_PRIORITY and the deadline restarts")
sc.call("@admin", "setSla", [OPEN, 3600], [ev("SlaSet", OPEN, 3600)])
sc.call("@admin", "setSla", [TRIAGE, 7200], [ev("SlaSet", TRIAGE, 7200)])
sc.open("@holder_2", L1, 1, E[1])
sc.view("getCase", [1], case(L1, REASON, OPEN, "@holder_2", DID_HOLDER_2, T0, T0, sla=T0 + 3600))
sc.revert("@holder_3", "escalate", [1], "DeadlineNotPassed", 1, T0 + 3600)
sc.advance(3600)
sc.revert("@holder_3", "escalate", [1], "DeadlineNotPassed", 1, T0 + 3600)
sc.advance(1)
t1 = sc.now
sc.call("@holder_3", "escalate", [1], [ev("SlaBreached", 1, OPEN, T0 + 3600, 1)])
sc.view("getCase", [1], case(L1, REASON, OPEN, "@holder_2", DID_HOLDER_2, T0, t1, priority=1, sla=t1 + 3600))
sc.view("breaches", [], [1])
sc.revert("@holder_3", "escalate", [1], "DeadlineNotPassed", 1, t1 + 3600)
sc.triage(1, 2)
sc.view("getCase", [1], case(L1, REASON, TRIAGE, "@holder_2", DID_HOLDER_2, T0, t1, priority=2, sla=t1 + 7200))
sc.advance(7201)
t2 = sc.now
sc.call("@holder_3", "escalate", [1], [ev("SlaBreached", 1, TRIAGE, t1 + 7200, 3)])
sc.advance(7201)
t3 = sc.now
sc.call("@holder_1", "escalate", [1], [ev("SlaBreached", 1, TRIAGE, t2 + 7200, 3)])
sc.view("getCase", [1], case(L1, REASON, TRIAGE, "@holder_2", DID_HOLDER_2, T0, t3, priority=3, sla=t3 + 7200))
sc.view("breaches", [], [3])
sc.revert("@triage", "prioritize", [1, 4], "InvalidArgument")
sc.unauthorized_role("@holder_3", "prioritize", [1, 1], TRIAGE_ROLE)
sc.call("@triage", "prioritize", [1, 1], [ev("PriorityChanged", 1, 1)])
sc.revert("@triage", "prioritize", [2, 1], "CaseNotFound", 2)
sc.assign(1, "@investigator")
sc.view("getCase", [1], case(L1, REASON, INVESTIGATION, "@holder_2", DID_HOLDER_2, T0, t3, priority=1,
                             investigator="@investigator"))
sc.revert("@holder_3", "escalate", [1], "DeadlineNotPassed", 1, 0)
sc.kpis({INVESTIGATION: 1}, 3, 0)
scenarios.append(sc)

# ------------------------------------------------------------------------------------------------
sc = Scenario("remediation: a missed plan escalates to Suspend once, a confirmed plan does not; an upheld appeal reinstates")
sc.call("@admin", "setSla", [SANCTION, DAY], [ev("SlaSet", SANCTION, DAY)])
sc.open("@holder_2", L1, 1, E[1])
sc.open("@holder_1", L2, 2, E[2])
sc.triage(1, 0)
sc.triage(2, 0)
sc.assign(1, "@investigator")
sc.assign(2, "@investigator")
sc.advance(100)
t_s1 = sc.now
plan_deadline = t_s1 + 3600
sc.revert("@investigator", "applySanction", [1, REMEDIATION, enc_plan(P1, t_s1 - 1)], "SanctionNotAllowed", 1, REMEDIATION)
sc.revert("@investigator", "applySanction", [1, REMEDIATION, enc_plan(ZERO, plan_deadline)], "SanctionNotAllowed", 1,
          REMEDIATION)
sc.revert("@investigator", "applySanction", [1, REMEDIATION, enc_amount(plan_deadline)], "SanctionNotAllowed", 1,
          REMEDIATION)
sc.call("@investigator", "applySanction", [1, REMEDIATION, enc_plan(P1, plan_deadline)],
        [ev("SanctionApplied", 1, L1, REMEDIATION, enc_plan(P1, plan_deadline))])
sc.view("getCase", [1], case(L1, REASON, SANCTION, "@holder_2", DID_HOLDER_2, T0, t_s1,
                             investigator="@investigator", sla=t_s1 + DAY, sanctioned=t_s1,
                             sanctions=bit(REMEDIATION), plan=P1, plan_deadline=plan_deadline))
sc.revert("@investigator", "applySanction", [1, REMEDIATION, enc_plan(P2, plan_deadline)], "SanctionState", 1,
          REMEDIATION)
sc.revert("@holder_3", "escalate", [1], "DeadlineNotPassed", 1, t_s1 + DAY)
sc.advance(3600)
sc.revert("@holder_3", "escalate", [1], "DeadlineNotPassed", 1, t_s1 + DAY)
sc.advance(1)
t_esc = sc.now
sc.call("@holder_3", "escalate", [1],
        [ev("SlaBreached", 1, SANCTION, plan_deadline, 1), ev("SanctionApplied", 1, L1, SUSPEND, "0x")]
        + suspended(L1, 1))
# The escalation's Suspend is a sanction: sanctionedAt is its time, and the appeal window counts from it.
sc.view("getCase", [1], case(L1, REASON, SANCTION, "@holder_2", DID_HOLDER_2, T0, t_esc, priority=1,
                             investigator="@investigator", sla=t_s1 + DAY, sanctioned=t_esc,
                             sanctions=bit(SUSPEND, REMEDIATION), plan=P1))
sc.revert("@investigator", "confirmRemediation", [1], "SanctionState", 1, REMEDIATION)
sc.revert("@holder_3", "escalate", [1], "DeadlineNotPassed", 1, t_s1 + DAY)
sc.view("breaches", [], [1])
# Case 2: requireRemediation takes the Sanction SLA as the plan's deadline; a confirmed plan does not escalate.
t_s2 = sc.now
sc.call("@investigator", "requireRemediation", [L2, P2],
        [ev("SanctionApplied", 2, L2, REMEDIATION, enc_plan(P2, t_s2 + DAY))])
sc.revert("@investigator_2", "confirmRemediation", [2], "NotAuthorized", "@investigator_2", 2)
sc.call("@investigator", "confirmRemediation", [2], [ev("RemediationConfirmed", 2)])
sc.revert("@investigator", "confirmRemediation", [2], "SanctionState", 2, REMEDIATION)
sc.view("getCase", [2], case(L2, REASON, SANCTION, "@holder_1", DID_HOLDER_1, T0, t_s2,
                             investigator="@investigator", sla=t_s2 + DAY, sanctioned=t_s2,
                             sanctions=bit(REMEDIATION), plan=P2))
sc.advance(DAY)
sc.revert("@holder_3", "escalate", [2], "DeadlineNotPassed", 2, t_s2 + DAY)
sc.advance(1)
t_esc2 = sc.now
sc.call("@holder_3", "escalate", [2], [ev("SlaBreached", 2, SANCTION, t_s2 + DAY, 1)])
sc.view("getCase", [2], case(L2, REASON, SANCTION, "@holder_1", DID_HOLDER_1, T0, t_esc2, priority=1,
                             investigator="@investigator", sla=t_esc2 + DAY, sanctioned=t_s2,
                             sanctions=bit(REMEDIATION), plan=P2))
sc.view("breaches", [], [2])
# The suspended license's holder appeals case 1 within its window; the council upholds.
t_appeal = sc.now
assert t_appeal <= t_esc + APPEAL_WINDOW
sc.call("@holder_1", "fileAppeal", [1, M1], [ev("AppealFiled", 1, "@holder_1", M1)])
sc.call("@council_3", "decideAppeal", [1, "true"], [ev("AppealVoted", 1, "@council_3", "true")])
sc.call("@council_1", "decideAppeal", [1, "true"],
        [ev("AppealVoted", 1, "@council_1", "true"), ev("AppealDecided", 1, "true", 2, 0),
         ev("SanctionLifted", 1, L1, SUSPEND), ev("SanctionLifted", 1, L1, REMEDIATION),
         ev("CaseResolved", 1, OVERTURNED)] + reinstated(L1))
sc.view("getCase", [1], case(L1, REASON, RESOLVED, "@holder_2", DID_HOLDER_2, T0, t_appeal, ruling=OVERTURNED,
                             priority=1, investigator="@investigator", sanctioned=t_esc, resolved=t_appeal, plan=P1))
sc.kpis({SANCTION: 1, RESOLVED: 1}, 2, t_appeal - T0)
scenarios.append(sc)

# ------------------------------------------------------------------------------------------------
sc = Scenario("reporting: Valid DIDs only, one report per DID per interval, never by the license's holder, one active case per license, a reason with a policy")
sc.open("@holder_2", L1, 1, E[1])
sc.revert("@holder_2", "openCase", [L2, REASON, E[2]], "ReportTooSoon", DID_HOLDER_2, T0 + DAY)
# The holder of L1 may not report it: NotAuthorized(caller, 0), checked before the active case.
sc.revert("@holder_1", "openCase", [L1, REASON, E[3]], "NotAuthorized", "@holder_1", 0)
sc.revert("@issuer_a", "openCase", [L1, REASON, E[3]], "CaseAlreadyActive", L1, 1)
sc.revert("@holder_1", "openCase", [L2, 8, E[3]], "InvalidReason", 8)
sc.revert("@holder_1", "openCase", [L2, REASON, ZERO], "InvalidArgument")
sc.revert("@holder_1", "openCase", [MISSING, REASON, E[3]], "ERC721NonexistentToken", MISSING)
sc.revert("@holder_3", "openCase", [L2, REASON, E[3]], "ReporterNotInGoodStanding", "@holder_3")
sc.revert("@no_did", "openCase", [L2, REASON, E[3]], "ReporterNotInGoodStanding", "@no_did")
sc.revert("@triage", "openCase", [L2, REASON, E[3]], "ReporterNotInGoodStanding", "@triage")
sc.view("caseCount", [], [1])
sc.advance(DAY - 1)
sc.revert("@holder_2", "openCase", [L2, REASON, E[2]], "ReportTooSoon", DID_HOLDER_2, T0 + DAY)
sc.advance(1)
# The interval is over: what stops @holder_2 now is that it holds L2.
sc.revert("@holder_2", "openCase", [L2, REASON, E[2]], "NotAuthorized", "@holder_2", 0)
sc.open("@holder_1", L2, 2, E[2])
sc.view("getCase", [2], case(L2, REASON, OPEN, "@holder_1", DID_HOLDER_1, T0 + DAY, T0 + DAY))
sc.revert("@holder_1", "openCase", [L1, REASON, E[4]], "ReportTooSoon", DID_HOLDER_1, T0 + 2 * DAY)
sc.call("@admin", "setReportInterval", [0], [ev("ReportIntervalSet", 0)])
sc.revert("@holder_1", "openCase", [L1, REASON, E[4]], "NotAuthorized", "@holder_1", 0)
sc.revert("@holder_2", "openCase", [L1, REASON, E[4]], "CaseAlreadyActive", L1, 1)
sc.view("activeCaseOf", [L2], [2])
sc.view("caseCount", [], [2])
sc.kpis({OPEN: 2}, 0, 0)
scenarios.append(sc)

# ------------------------------------------------------------------------------------------------
sc = Scenario("authority: every role and case authority refused, and InvalidStage for every skipped stage")
sc.open("@holder_2", L1, 1, E[1])
sc.revert("@holder_1", "addEvidence", [1, E[2]], "NotAuthorized", "@holder_1", 1)
sc.revert("@investigator", "addEvidence", [1, E[2]], "NotAuthorized", "@investigator", 1)
sc.unauthorized_role("@holder_2", "triageCase", [1, 1], TRIAGE_ROLE)
sc.unauthorized_role("@investigator", "triageCase", [1, 1], TRIAGE_ROLE)
sc.revert("@triage", "triageCase", [1, 4], "InvalidArgument")
sc.revert("@triage", "assignInvestigator", [1, "@investigator"], "InvalidStage", 1, OPEN)
sc.unauthorized_role("@investigator", "reclassify", [1, REASON_FREEZE_ONLY], TRIAGE_ROLE)
sc.revert("@triage", "reopen", [1, C1], "InvalidStage", 1, OPEN)
sc.revert("@holder_3", "closeCase", [1], "InvalidStage", 1, OPEN)
sc.revert("@council_1", "decideAppeal", [1, "true"], "InvalidStage", 1, OPEN)
sc.revert("@holder_1", "fileAppeal", [1, M1], "InvalidStage", 1, OPEN)
sc.revert("@holder_2", "addEvidence", [1, ZERO], "InvalidArgument")
sc.revert("@holder_3", "escalate", [1], "DeadlineNotPassed", 1, 0)
sc.triage(1, 1)
sc.revert("@triage", "triageCase", [1, 2], "InvalidStage", 1, TRIAGE)
sc.revert("@investigator", "addEvidence", [1, E[2]], "NotAuthorized", "@investigator", 1)
sc.call("@holder_2", "addEvidence", [1, E[2]], [ev("EvidenceAdded", 1, E[2], "@holder_2")])
sc.unauthorized_role("@holder_2", "assignInvestigator", [1, "@investigator"], TRIAGE_ROLE)
sc.revert("@triage", "assignInvestigator", [1, "@holder_3"], "InvalidArgument")
sc.revert("@triage", "assignInvestigator", [1, ADDR0], "InvalidArgument")
sc.revert("@triage", "assignInvestigator", [1, "@council_1"], "InvalidArgument")
sc.assign(1, "@investigator")
sc.revert("@holder_2", "addEvidence", [1, E[3]], "NotAuthorized", "@holder_2", 1)
sc.revert("@investigator_2", "addEvidence", [1, E[3]], "NotAuthorized", "@investigator_2", 1)
sc.revert("@investigator_2", "applySanction", [1, FREEZE, "0x"], "NotAuthorized", "@investigator_2", 1)
sc.revert("@investigator_2", "freezeLicense", [L1], "NotAuthorized", "@investigator_2", 1)
sc.revert("@investigator_2", "setEscrow", [L1, 10, E[3]], "NotAuthorized", "@investigator_2", 1)
sc.revert("@investigator_2", "fine", [L1, 10], "NotAuthorized", "@investigator_2", 1)
sc.revert("@investigator_2", "requireRemediation", [L1, P1], "NotAuthorized", "@investigator_2", 1)
sc.revert("@investigator_2", "resolve", [1, DISMISSED], "NotAuthorized", "@investigator_2", 1)
sc.revert("@triage", "applySanction", [1, FREEZE, "0x"], "NotAuthorized", "@triage", 1)
sc.revert("@investigator", "liftFreeze", [L1], "InvalidStage", 1, INVESTIGATION)
sc.revert("@holder_1", "fileAppeal", [1, M1], "InvalidStage", 1, INVESTIGATION)
sc.revert("@triage", "triageCase", [1, 1], "InvalidStage", 1, INVESTIGATION)
sc.assign(1, "@investigator_2")
sc.view("getCase", [1], case(L1, REASON, INVESTIGATION, "@holder_2", DID_HOLDER_2, T0, T0, priority=1,
                             investigator="@investigator_2", evidence=2))
sc.revert("@investigator", "applySanction", [1, FREEZE, "0x"], "NotAuthorized", "@investigator", 1)
sc.call("@investigator_2", "applySanction", [1, FREEZE, "0x"],
        [ev("SanctionApplied", 1, L1, FREEZE, "0x")] + frozen(L1))
sc.revert("@investigator", "liftFreeze", [L1], "NotAuthorized", "@investigator", 1)
sc.revert("@investigator", "confirmRemediation", [1], "NotAuthorized", "@investigator", 1)
sc.call("@investigator_2", "liftFreeze", [L1], [ev("SanctionLifted", 1, L1, FREEZE)] + unfrozen(L1))
sc.revert("@investigator_2", "liftFreeze", [L1], "SanctionState", 1, FREEZE)
# In Sanction a reassignment passes the stage; only an account with INVESTIGATOR_ROLE is taken.
sc.revert("@triage", "assignInvestigator", [1, "@holder_3"], "InvalidArgument")
sc.unauthorized_role("@holder_2", "assignInvestigator", [1, "@investigator"], TRIAGE_ROLE)
sc.revert("@triage", "reclassify", [1, REASON_FREEZE_ONLY], "InvalidStage", 1, SANCTION)
sc.revert("@triage", "triageCase", [1, 1], "InvalidStage", 1, SANCTION)
sc.revert("@triage", "reopen", [1, C1], "InvalidStage", 1, SANCTION)
sc.revert("@holder_3", "closeCase", [1], "InvalidStage", 1, SANCTION)
sc.revert("@council_1", "decideAppeal", [1, "true"], "InvalidStage", 1, SANCTION)
sc.revert("@holder_2", "fileAppeal", [1, M1], "NotAuthorized", "@holder_2", 1)
sc.revert("@investigator_2", "fileAppeal", [1, M1], "NotAuthorized", "@investigator_2", 1)
sc.revert("@holder_1", "fileAppeal", [1, ZERO], "InvalidArgument")
sc.call("@holder_1", "fileAppeal", [1, M1], [ev("AppealFiled", 1, "@holder_1", M1)])
sc.revert("@holder_1", "fileAppeal", [1, M2], "InvalidStage", 1, APPEAL)
sc.revert("@investigator_2", "applySanction", [1, FREEZE, "0x"], "InvalidStage", 1, APPEAL)
sc.revert("@investigator_2", "resolve", [1, SANCTIONED], "InvalidStage", 1, APPEAL)
sc.revert("@triage", "reopen", [1, C1], "InvalidStage", 1, APPEAL)
sc.revert("@triage", "reclassify", [1, REASON], "InvalidStage", 1, APPEAL)
sc.revert("@triage", "assignInvestigator", [1, ADDR0], "InvalidArgument")
sc.revert("@holder_3", "closeCase", [1], "InvalidStage", 1, APPEAL)
sc.unauthorized_role("@holder_1", "decideAppeal", [1, "true"], COUNCIL_ROLE)
sc.unauthorized_role("@investigator_2", "decideAppeal", [1, "false"], COUNCIL_ROLE)
sc.revert("@investigator", "addEvidence", [1, E[4]], "NotAuthorized", "@investigator", 1)
sc.revert("@holder_2", "addEvidence", [1, E[4]], "NotAuthorized", "@holder_2", 1)
sc.call("@investigator_2", "addEvidence", [1, E[4]], [ev("EvidenceAdded", 1, E[4], "@investigator_2")])
sc.revert("@holder_3", "escalate", [1], "DeadlineNotPassed", 1, 0)
sc.call("@triage", "prioritize", [1, 3], [ev("PriorityChanged", 1, 3)])
sc.view("getCase", [1], case(L1, REASON, APPEAL, "@holder_2", DID_HOLDER_2, T0, T0, priority=3,
                             investigator="@investigator_2", sanctioned=T0, evidence=3))
sc.unauthorized_role("@holder_3", "grantRole", [TRIAGE_ROLE, "@holder_3"], ADMIN_ROLE)
sc.unauthorized_role("@triage", "grantRole", [INVESTIGATOR_ROLE, "@holder_3"], ADMIN_ROLE)
sc.kpis({APPEAL: 1}, 0, 0)
scenarios.append(sc)

# ------------------------------------------------------------------------------------------------
sc = Scenario("sanctions: only what the reason allows, well-formed parameters, money sanctions add up, the others once")
sc.open("@holder_1", L2, 1, E[1], reason=REASON_FREEZE_ONLY)
sc.open("@holder_2", L1, 2, E[2])
sc.triage(1, 0)
sc.triage(2, 0)
sc.assign(1, "@investigator")
sc.assign(2, "@investigator_2")
sc.revert("@investigator", "applySanction", [1, ESCROW, enc_amount(1)], "SanctionNotAllowed", 1, ESCROW)
sc.revert("@investigator", "fine", [L2, 1], "SanctionNotAllowed", 1, FINE)
sc.revert("@investigator", "applySanction", [1, CLAWBACK, enc_amount(1)], "SanctionNotAllowed", 1, CLAWBACK)
sc.revert("@investigator", "applySanction", [1, SUSPEND, "0x"], "SanctionNotAllowed", 1, SUSPEND)
sc.revert("@investigator", "applySanction", [1, REVOKE, "0x"], "SanctionNotAllowed", 1, REVOKE)
sc.revert("@investigator", "requireRemediation", [L2, P1], "SanctionNotAllowed", 1, REMEDIATION)
sc.revert("@investigator", "setEscrow", [L2, 1, E[3]], "SanctionNotAllowed", 1, ESCROW)
sc.revert("@investigator", "applySanction", [1, FREEZE, "0x00"], "SanctionNotAllowed", 1, FREEZE)
sc.call("@investigator", "freezeLicense", [L2], [ev("SanctionApplied", 1, L2, FREEZE, "0x")] + frozen(L2))
sc.revert("@investigator", "freezeLicense", [L2], "SanctionState", 1, FREEZE)
sc.revert("@investigator", "applySanction", [1, FREEZE, "0x"], "SanctionState", 1, FREEZE)
sc.view("getCase", [1], case(L2, REASON_FREEZE_ONLY, SANCTION, "@holder_1", DID_HOLDER_1, T0, T0,
                             investigator="@investigator", sanctioned=T0, sanctions=bit(FREEZE)))
sc.revert("@investigator_2", "applySanction", [2, ESCROW, "0x"], "SanctionNotAllowed", 2, ESCROW)
sc.revert("@investigator_2", "applySanction", [2, ESCROW, enc_amount(0)], "SanctionNotAllowed", 2, ESCROW)
sc.revert("@investigator_2", "fine", [L1, 0], "SanctionNotAllowed", 2, FINE)
sc.revert("@investigator_2", "applySanction", [2, FINE, enc_plan(b32("01"), 1)], "SanctionNotAllowed", 2, FINE)
sc.revert("@investigator_2", "applySanction", [2, SUSPEND, "0x01"], "SanctionNotAllowed", 2, SUSPEND)
sc.revert("@investigator_2", "applySanction", [2, REVOKE, enc_amount(1)], "SanctionNotAllowed", 2, REVOKE)
sc.revert("@investigator_2", "setEscrow", [L1, 0, E[3]], "SanctionNotAllowed", 2, ESCROW)
sc.revert("@investigator_2", "setEscrow", [L1, 5, ZERO], "InvalidArgument")
# No Sanction SLA in this scenario: requireRemediation's deadline is 0, before now, so the plan is malformed.
sc.revert("@investigator_2", "requireRemediation", [L1, P1], "SanctionNotAllowed", 2, REMEDIATION)
sc.call("@investigator_2", "applySanction", [2, CLAWBACK, enc_amount(700)],
        [ev("SanctionApplied", 2, L1, CLAWBACK, enc_amount(700)), hold(L1, 700, 2)])
sc.call("@investigator_2", "applySanction", [2, CLAWBACK, enc_amount(300)],
        [ev("SanctionApplied", 2, L1, CLAWBACK, enc_amount(300)), hold(L1, 1000, 2)])
sc.call("@investigator_2", "fine", [L1, 50], [ev("SanctionApplied", 2, L1, FINE, enc_amount(50)), hold(L1, 1050, 2)])
sc.call("@investigator_2", "fine", [L1, 50], [ev("SanctionApplied", 2, L1, FINE, enc_amount(50)), hold(L1, 1100, 2)])
sc.revert("@investigator_2", "liftFreeze", [L1], "SanctionState", 2, FREEZE)
sc.call("@investigator_2", "applySanction", [2, SUSPEND, "0x"],
        [ev("SanctionApplied", 2, L1, SUSPEND, "0x")] + suspended(L1, 2))
sc.revert("@investigator_2", "applySanction", [2, SUSPEND, "0x"], "SanctionState", 2, SUSPEND)
sc.call("@investigator_2", "applySanction", [2, REVOKE, "0x"], [ev("SanctionApplied", 2, L1, REVOKE, "0x")])
sc.revert("@investigator_2", "applySanction", [2, REVOKE, "0x"], "SanctionState", 2, REVOKE)
sc.revert("@investigator_2", "resolve", [2, DISMISSED], "InvalidArgument")
sc.view("getCase", [2], case(L1, REASON, SANCTION, "@holder_2", DID_HOLDER_2, T0, T0,
                             investigator="@investigator_2", sanctioned=T0,
                             sanctions=bit(FINE, CLAWBACK, SUSPEND, REVOKE), held=1100))
sc.kpis({SANCTION: 2}, 0, 0)
scenarios.append(sc)

# ------------------------------------------------------------------------------------------------
sc = Scenario("evidence: the reporter adds up to MAX_REPORTER_EVIDENCE (16) references, the investigator up to MAX_EVIDENCE (64), the opening one included")
sc.open("@holder_2", L1, 1, E[1])
refs = [E[1]]
for i in range(2, 17):
    ref = "0x" + word(i)
    refs.append(ref)
    sc.call("@holder_2", "addEvidence", [1, ref], [ev("EvidenceAdded", 1, ref, "@holder_2")])
sc.revert("@holder_2", "addEvidence", [1, E[2]], "TooMuchEvidence", 1)
# The count comes before the reference, the reporter before the count.
sc.revert("@holder_2", "addEvidence", [1, ZERO], "TooMuchEvidence", 1)
sc.revert("@holder_1", "addEvidence", [1, E[2]], "NotAuthorized", "@holder_1", 1)
sc.view("evidenceOf", [1], [refs])
sc.triage(1, 0)
sc.revert("@holder_2", "addEvidence", [1, E[2]], "TooMuchEvidence", 1)
sc.view("getCase", [1], case(L1, REASON, TRIAGE, "@holder_2", DID_HOLDER_2, T0, T0, evidence=16))
sc.assign(1, "@investigator")
for i in range(17, 65):
    ref = "0x" + word(i)
    refs.append(ref)
    sc.call("@investigator", "addEvidence", [1, ref], [ev("EvidenceAdded", 1, ref, "@investigator")])
sc.revert("@investigator", "addEvidence", [1, E[2]], "TooMuchEvidence", 1)
sc.view("evidenceOf", [1], [refs])
sc.revert("@investigator", "setEscrow", [L1, 10, E[2]], "TooMuchEvidence", 1)
sc.view("getCase", [1], case(L1, REASON, INVESTIGATION, "@holder_2", DID_HOLDER_2, T0, T0,
                             investigator="@investigator", evidence=64))
scenarios.append(sc)

# ------------------------------------------------------------------------------------------------
sc = Scenario("governance: every setter with its event, its bounds and its role")
sc.call("@admin", "setSla", [INVESTIGATION, 600], [ev("SlaSet", INVESTIGATION, 600)])
sc.call("@admin", "setSla", [APPEAL, 60], [ev("SlaSet", APPEAL, 60)])
sc.view("slaOf", [INVESTIGATION], [600])
sc.view("slaOf", [APPEAL], [60])
for stage in (NONE, RESOLVED, CLOSED):
    sc.revert("@admin", "setSla", [stage, 1], "InvalidArgument")
sc.unauthorized_role("@triage", "setSla", [OPEN, 1], ADMIN_ROLE)
sc.call("@admin", "setReasonPolicy", [12, bit(FREEZE, ESCROW), 500], [ev("ReasonPolicySet", 12, bit(FREEZE, ESCROW), 500)])
sc.view("reasonPolicy", [12], [[bit(FREEZE, ESCROW), 500]])
sc.unauthorized_role("@triage", "setReasonPolicy", [12, 0, 0], ADMIN_ROLE)
sc.call("@admin", "setReasonPolicy", [REASON, 0, 0], [ev("ReasonPolicySet", REASON, 0, 0)])
sc.view("reasonPolicy", [REASON], [[0, 0]])
sc.revert("@holder_2", "openCase", [L1, REASON, E[1]], "InvalidReason", REASON)
sc.revert("@admin", "setCouncilQuorum", [0], "InvalidArgument")
sc.unauthorized_role("@council_1", "setCouncilQuorum", [1], ADMIN_ROLE)
sc.call("@admin", "setCouncilQuorum", [3], [ev("CouncilQuorumSet", 3)])
sc.view("councilQuorum", [], [3])
sc.revert("@admin", "setTreasury", [ADDR0], "InvalidArgument")
sc.unauthorized_role("@treasury", "setTreasury", ["@treasury"], ADMIN_ROLE)
sc.call("@admin", "setTreasury", ["@admin"], [ev("TreasurySet", "@admin")])
sc.view("treasury", [], ["@admin"])
nine = ["0x" + f"{i:040x}" for i in range(1, 10)]
sc.revert("@admin", "setHoldAssets", [nine], "InvalidArgument")
sc.unauthorized_role("@triage", "setHoldAssets", [[ADDR0]], ADMIN_ROLE)
sc.call("@admin", "setHoldAssets", [nine[:8]], [ev("HoldAssetsSet", nine[:8])])
sc.view("holdAssets", [], [nine[:8]])
sc.call("@admin", "setHoldAssets", [[]], [ev("HoldAssetsSet", [])])
sc.view("holdAssets", [], [[]])
sc.unauthorized_role("@triage", "setReportInterval", [1], ADMIN_ROLE)
sc.call("@admin", "setReportInterval", [3600], [ev("ReportIntervalSet", 3600)])
sc.view("reportInterval", [], [3600])
sc.unauthorized_role("@triage", "setReopenWindow", [1], ADMIN_ROLE)
sc.call("@admin", "setReopenWindow", [60], [ev("ReopenWindowSet", 60)])
sc.view("reopenWindow", [], [60])
sc.call("@admin", "revokeRole", [INVESTIGATOR_ROLE, "@investigator_2"],
        [ev("RoleRevoked", INVESTIGATOR_ROLE, "@investigator_2", "@admin")])
sc.view("hasRole", [INVESTIGATOR_ROLE, "@investigator_2"], ["false"])
sc.call("@admin", "grantRole", [COUNCIL_ROLE, "@holder_3"], [ev("RoleGranted", COUNCIL_ROLE, "@holder_3", "@admin")])
sc.view("hasRole", [COUNCIL_ROLE, "@holder_3"], ["true"])
scenarios.append(sc)

# ------------------------------------------------------------------------------------------------
sc = Scenario("governance takes effect: the report interval, the reopen window, a quorum of 1 and the hold assets; a second appeal's votes start from zero")
token = "0x" + "70" * 20
sc.call("@admin", "setReportInterval", [3600], [ev("ReportIntervalSet", 3600)])
sc.call("@admin", "setReopenWindow", [60], [ev("ReopenWindowSet", 60)])
sc.call("@admin", "setCouncilQuorum", [1], [ev("CouncilQuorumSet", 1)])
sc.call("@admin", "setHoldAssets", [[ADDR0, token]], [ev("HoldAssetsSet", [ADDR0, token])])
sc.open("@holder_2", L1, 1, E[1])
sc.revert("@holder_2", "openCase", [L1, REASON, E[2]], "ReportTooSoon", DID_HOLDER_2, T0 + 3600)
sc.triage(1, 0)
sc.assign(1, "@investigator")
sc.call("@investigator", "setEscrow", [L1, 10, E[2]],
        [ev("SanctionApplied", 1, L1, ESCROW, enc_amount(10)), ev("EvidenceAdded", 1, E[2], "@investigator"),
         hold(L1, 10, 1)])
sc.call("@holder_1", "fileAppeal", [1, M1], [ev("AppealFiled", 1, "@holder_1", M1)])
sc.call("@council_2", "decideAppeal", [1, "true"],
        [ev("AppealVoted", 1, "@council_2", "true"), ev("AppealDecided", 1, "true", 1, 0),
         ev("SanctionLifted", 1, L1, ESCROW), ev("CaseResolved", 1, OVERTURNED)]
        + released(L1, 1, "@holder_1", assets=(ADDR0, token)))
sc.advance(60)
t_reopen = sc.now  # the reopen window's last second
sc.call("@triage", "reopen", [1, C1], [ev("CaseReopened", 1, C1)])
sc.view("getCase", [1], case(L1, REASON, INVESTIGATION, "@holder_2", DID_HOLDER_2, T0, t_reopen,
                             investigator="@investigator", resolved=T0, evidence=2))
sc.view("appealVotes", [1], [1, 0])
sc.call("@investigator", "setEscrow", [L1, 20, E[3]],
        [ev("SanctionApplied", 1, L1, ESCROW, enc_amount(20)), ev("EvidenceAdded", 1, E[3], "@investigator"),
         hold(L1, 20, 1)])
sc.call("@holder_1", "fileAppeal", [1, M2], [ev("AppealFiled", 1, "@holder_1", M2)])
sc.view("appealVotes", [1], [0, 0])
sc.call("@council_2", "decideAppeal", [1, "false"],
        [ev("AppealVoted", 1, "@council_2", "false"), ev("AppealDecided", 1, "false", 0, 1),
         ev("CaseResolved", 1, SANCTIONED)] + released(L1, 1, "@holder_1", assets=(ADDR0, token)))
sc.view("getCase", [1], case(L1, REASON, RESOLVED, "@holder_2", DID_HOLDER_2, T0, t_reopen, ruling=SANCTIONED,
                             investigator="@investigator", sanctioned=t_reopen, resolved=t_reopen,
                             sanctions=bit(ESCROW), evidence=3, held=20))
sc.advance(61)
sc.call("@holder_3", "closeCase", [1], [ev("CaseClosed", 1)])
sc.advance(3600 - 60 - 61 - 1)
sc.revert("@holder_2", "openCase", [L1, REASON, E[3]], "ReportTooSoon", DID_HOLDER_2, T0 + 3600)
sc.advance(1)
sc.open("@holder_2", L1, 2, E[3])
sc.kpis({OPEN: 1, CLOSED: 1}, 0, 0)
scenarios.append(sc)

# ------------------------------------------------------------------------------------------------
sc = Scenario("investigator authority: an investigator whose INVESTIGATOR_ROLE was revoked is refused; a reassignment in Sanction or Appeal keeps the stage and its deadline")
sc.call("@admin", "setSla", [SANCTION, 2 * DAY], [ev("SlaSet", SANCTION, 2 * DAY)])
sc.call("@admin", "setSla", [APPEAL, DAY], [ev("SlaSet", APPEAL, DAY)])
sc.open("@holder_2", L1, 1, E[1])
sc.triage(1, 1)
sc.assign(1, "@investigator")
sc.call("@investigator", "freezeLicense", [L1], [ev("SanctionApplied", 1, L1, FREEZE, "0x")] + frozen(L1))
sc.call("@admin", "revokeRole", [INVESTIGATOR_ROLE, "@investigator"],
        [ev("RoleRevoked", INVESTIGATOR_ROLE, "@investigator", "@admin")])
# Still the case's investigator, but without the role it may not act.
sc.revert("@investigator", "fine", [L1, 10], "NotAuthorized", "@investigator", 1)
sc.revert("@investigator", "applySanction", [1, SUSPEND, "0x"], "NotAuthorized", "@investigator", 1)
sc.revert("@investigator", "addEvidence", [1, E[2]], "NotAuthorized", "@investigator", 1)
sc.revert("@investigator", "liftFreeze", [L1], "NotAuthorized", "@investigator", 1)
sc.revert("@investigator", "confirmRemediation", [1], "NotAuthorized", "@investigator", 1)
sc.revert("@investigator", "resolve", [1, SANCTIONED], "NotAuthorized", "@investigator", 1)
sc.revert("@triage", "assignInvestigator", [1, "@investigator"], "InvalidArgument")
sc.view("getCase", [1], case(L1, REASON, SANCTION, "@holder_2", DID_HOLDER_2, T0, T0, priority=1,
                             investigator="@investigator", sla=T0 + 2 * DAY, sanctioned=T0, sanctions=bit(FREEZE)))
sc.advance(3600)
t_reassigned = sc.now
sc.assign(1, "@investigator_2")
sc.view("getCase", [1], case(L1, REASON, SANCTION, "@holder_2", DID_HOLDER_2, T0, t_reassigned, priority=1,
                             investigator="@investigator_2", sla=T0 + 2 * DAY, sanctioned=T0, sanctions=bit(FREEZE)))
sc.kpis({SANCTION: 1}, 0, 0)
# Granted the role again, the first investigator is not the case's any more.
sc.call("@admin", "grantRole", [INVESTIGATOR_ROLE, "@investigator"],
        [ev("RoleGranted", INVESTIGATOR_ROLE, "@investigator", "@admin")])
sc.revert("@investigator", "addEvidence", [1, E[2]], "NotAuthorized", "@investigator", 1)
sc.call("@investigator_2", "addEvidence", [1, E[2]], [ev("EvidenceAdded", 1, E[2], "@investigator_2")])
sc.call("@investigator_2", "liftFreeze", [L1], [ev("SanctionLifted", 1, L1, FREEZE)] + unfrozen(L1))
sc.call("@holder_1", "fileAppeal", [1, M1], [ev("AppealFiled", 1, "@holder_1", M1)])
t_appeal = sc.now
sc.advance(600)
t_back = sc.now
# Reassigned in Appeal, back to the first investigator: the Appeal deadline stays.
sc.assign(1, "@investigator")
sc.view("getCase", [1], case(L1, REASON, APPEAL, "@holder_2", DID_HOLDER_2, T0, t_back, priority=1,
                             investigator="@investigator", sla=t_appeal + DAY, sanctioned=T0, evidence=2))
sc.revert("@investigator_2", "addEvidence", [1, E[3]], "NotAuthorized", "@investigator_2", 1)
sc.call("@investigator", "addEvidence", [1, E[3]], [ev("EvidenceAdded", 1, E[3], "@investigator")])
sc.revert("@triage", "assignInvestigator", [1, "@council_1"], "InvalidArgument")
sc.kpis({APPEAL: 1}, 0, 0)
scenarios.append(sc)

# ------------------------------------------------------------------------------------------------
sc = Scenario("appeal window: every sanction restarts it, so a sanction applied after an earlier one's window closed can be appealed")
sc.open("@holder_2", L1, 1, E[1])
sc.triage(1, 0)
sc.assign(1, "@investigator")
sc.call("@investigator", "freezeLicense", [L1], [ev("SanctionApplied", 1, L1, FREEZE, "0x")] + frozen(L1))
sc.advance(APPEAL_WINDOW + 1)
t_fine = sc.now
sc.revert("@holder_1", "fileAppeal", [1, M1], "AppealWindow", 1, T0 + APPEAL_WINDOW)
sc.call("@investigator", "fine", [L1, 500], [ev("SanctionApplied", 1, L1, FINE, enc_amount(500)), hold(L1, 500, 1)])
sc.view("getCase", [1], case(L1, REASON, SANCTION, "@holder_2", DID_HOLDER_2, T0, t_fine,
                             investigator="@investigator", sanctioned=t_fine, sanctions=bit(FREEZE, FINE), held=500))
sc.revert("@investigator", "resolve", [1, SANCTIONED], "AppealWindow", 1, t_fine + APPEAL_WINDOW)
sc.advance(DAY)
t_escrow = sc.now
sc.call("@investigator", "applySanction", [1, ESCROW, enc_amount(100)],
        [ev("SanctionApplied", 1, L1, ESCROW, enc_amount(100)), hold(L1, 600, 1)])
# Lifting a freeze is not a sanction: the window stays the escrow's.
sc.advance(60)
t_lift = sc.now
sc.call("@investigator", "liftFreeze", [L1], [ev("SanctionLifted", 1, L1, FREEZE)] + unfrozen(L1))
sc.view("getCase", [1], case(L1, REASON, SANCTION, "@holder_2", DID_HOLDER_2, T0, t_lift,
                             investigator="@investigator", sanctioned=t_escrow, sanctions=bit(ESCROW, FINE), held=600))
sc.advance(t_escrow + APPEAL_WINDOW - sc.now)
t_appeal = sc.now  # the last second of the escrow's window
sc.revert("@investigator", "resolve", [1, SANCTIONED], "AppealWindow", 1, t_escrow + APPEAL_WINDOW)
sc.call("@holder_1", "fileAppeal", [1, M1], [ev("AppealFiled", 1, "@holder_1", M1)])
sc.call("@council_1", "decideAppeal", [1, "false"], [ev("AppealVoted", 1, "@council_1", "false")])
sc.call("@council_2", "decideAppeal", [1, "false"],
        [ev("AppealVoted", 1, "@council_2", "false"), ev("AppealDecided", 1, "false", 0, 2),
         ev("CaseResolved", 1, SANCTIONED)] + released(L1, 1, "@treasury"))
sc.view("getCase", [1], case(L1, REASON, RESOLVED, "@holder_2", DID_HOLDER_2, T0, t_appeal, ruling=SANCTIONED,
                             investigator="@investigator", sanctioned=t_escrow, resolved=t_appeal,
                             sanctions=bit(ESCROW, FINE), held=600))
sc.kpis({RESOLVED: 1}, 0, t_appeal - T0)
scenarios.append(sc)

# ------------------------------------------------------------------------------------------------
sc = Scenario("reclassify: a triage officer corrects the reason from Open to Investigation (the stage and its deadline stay), to a reason with a policy, never after a sanction")
sc.call("@admin", "setSla", [OPEN, 3600], [ev("SlaSet", OPEN, 3600)])
sc.open("@holder_2", L1, 1, E[1], reason=REASON_FREEZE_ONLY)
sc.unauthorized_role("@investigator", "reclassify", [1, REASON], TRIAGE_ROLE)
sc.unauthorized_role("@holder_2", "reclassify", [1, REASON], TRIAGE_ROLE)
sc.revert("@triage", "reclassify", [2, REASON], "CaseNotFound", 2)
sc.revert("@triage", "reclassify", [1, 8], "InvalidReason", 8)
sc.advance(60)
t1 = sc.now
sc.call("@triage", "reclassify", [1, REASON], [ev("CaseReclassified", 1, REASON)])
sc.view("getCase", [1], case(L1, REASON, OPEN, "@holder_2", DID_HOLDER_2, T0, t1, sla=T0 + 3600))
sc.triage(1, 2)
sc.call("@triage", "reclassify", [1, REASON_FREEZE_ONLY], [ev("CaseReclassified", 1, REASON_FREEZE_ONLY)])
sc.assign(1, "@investigator")
sc.revert("@investigator", "applySanction", [1, SUSPEND, "0x"], "SanctionNotAllowed", 1, SUSPEND)
sc.call("@triage", "reclassify", [1, REASON], [ev("CaseReclassified", 1, REASON)])
# The same reason again is no error.
sc.call("@triage", "reclassify", [1, REASON], [ev("CaseReclassified", 1, REASON)])
sc.view("getCase", [1], case(L1, REASON, INVESTIGATION, "@holder_2", DID_HOLDER_2, T0, t1, priority=2,
                             investigator="@investigator"))
sc.call("@investigator", "applySanction", [1, SUSPEND, "0x"],
        [ev("SanctionApplied", 1, L1, SUSPEND, "0x")] + suspended(L1, 1))
sc.revert("@triage", "reclassify", [1, REASON_FREEZE_ONLY], "InvalidStage", 1, SANCTION)
sc.revert("@triage", "reclassify", [1, 8], "InvalidStage", 1, SANCTION)
sc.view("getCase", [1], case(L1, REASON, SANCTION, "@holder_2", DID_HOLDER_2, T0, t1, priority=2,
                             investigator="@investigator", sanctioned=t1, sanctions=bit(SUSPEND)))
sc.kpis({SANCTION: 1}, 0, 0)
scenarios.append(sc)

# ------------------------------------------------------------------------------------------------
sc = Scenario("the license's state decides the consequences: no escalation Suspend of a suspended license, no Revoke of a revoked one, and an upheld appeal on an expired license asks the registry nothing")
sc.call("@admin", "setReportInterval", [0], [ev("ReportIntervalSet", 0)])
resolutions = []
# Case 1 suspends L1 for good.
sc.open("@holder_2", L1, 1, E[1])
sc.triage(1, 0)
sc.assign(1, "@investigator")
sc.call("@investigator", "applySanction", [1, SUSPEND, "0x"],
        [ev("SanctionApplied", 1, L1, SUSPEND, "0x")] + suspended(L1, 1))
sc.advance(APPEAL_WINDOW + 1)
sc.call("@investigator", "resolve", [1, SANCTIONED], [ev("CaseResolved", 1, SANCTIONED)])
resolutions.append(sc.now - T0)
# Case 2 on the suspended L1: its missed plan is a breach only (no Suspend bit, no SanctionApplied,
# sanctionedAt unchanged), then its recorded Revoke is executed (L1 is Suspended, neither Revoked nor
# Expired).
t_open2 = sc.now
sc.open("@holder_2", L1, 2, E[2])
sc.triage(2, 1)
sc.assign(2, "@investigator")
t_plan = sc.now
sc.call("@investigator", "applySanction", [2, REMEDIATION, enc_plan(P1, t_plan + 3600)],
        [ev("SanctionApplied", 2, L1, REMEDIATION, enc_plan(P1, t_plan + 3600))])
sc.advance(3601)
t_esc = sc.now
sc.call("@holder_3", "escalate", [2], [ev("SlaBreached", 2, SANCTION, t_plan + 3600, 2)])
sc.view("getCase", [2], case(L1, REASON, SANCTION, "@holder_2", DID_HOLDER_2, t_open2, t_esc, priority=2,
                             investigator="@investigator", sanctioned=t_plan, sanctions=bit(REMEDIATION), evidence=1,
                             plan=P1))
sc.view("breaches", [], [1])
sc.call("@investigator", "applySanction", [2, REVOKE, "0x"], [ev("SanctionApplied", 2, L1, REVOKE, "0x")])
t_revoke = sc.now
sc.advance(APPEAL_WINDOW + 1)
sc.call("@investigator", "resolve", [2, SANCTIONED], [ev("CaseResolved", 2, SANCTIONED)] + revoked(L1, 2))
resolutions.append(sc.now - t_open2)
# Case 3 on the revoked L1: the registry refuses a freeze (it bubbles), and the recorded Revoke is
# not executed again at resolution.
t_open3 = sc.now
sc.open("@holder_2", L1, 3, E[3])
sc.triage(3, 0)
sc.assign(3, "@investigator")
sc.revert("@investigator", "freezeLicense", [L1], "AlreadyRevoked", L1)
sc.call("@investigator", "applySanction", [3, REVOKE, "0x"], [ev("SanctionApplied", 3, L1, REVOKE, "0x")])
t_s3 = sc.now
sc.advance(APPEAL_WINDOW + 1)
t_r3 = sc.now
sc.call("@investigator", "resolve", [3, SANCTIONED], [ev("CaseResolved", 3, SANCTIONED)])
resolutions.append(sc.now - t_open3)
sc.view("getCase", [3], case(L1, REASON, RESOLVED, "@holder_2", DID_HOLDER_2, t_open3, t_r3, ruling=SANCTIONED,
                             investigator="@investigator", sanctioned=t_s3, resolved=t_r3, sanctions=bit(REVOKE),
                             evidence=1))
# Case 4: L2 is frozen and suspended a day before it expires and appealed; the council upholds
# after the expiry, so the registry is asked neither to unfreeze nor to reinstate.
t_open4 = sc.now
sc.open("@holder_1", L2, 4, E[4])
sc.triage(4, 0)
sc.assign(4, "@investigator_2")
expires = T0 + 365 * DAY
sc.advance(expires - DAY - sc.now)
t_s4 = sc.now
sc.call("@investigator_2", "freezeLicense", [L2], [ev("SanctionApplied", 4, L2, FREEZE, "0x")] + frozen(L2))
sc.call("@investigator_2", "applySanction", [4, SUSPEND, "0x"],
        [ev("SanctionApplied", 4, L2, SUSPEND, "0x")] + suspended(L2, 4))
sc.call("@holder_2", "fileAppeal", [4, M1], [ev("AppealFiled", 4, "@holder_2", M1)])
sc.call("@council_1", "decideAppeal", [4, "true"], [ev("AppealVoted", 4, "@council_1", "true")])
sc.advance(DAY + 1)
t_d4 = sc.now
assert t_d4 > expires
sc.call("@council_2", "decideAppeal", [4, "true"],
        [ev("AppealVoted", 4, "@council_2", "true"), ev("AppealDecided", 4, "true", 2, 0),
         ev("SanctionLifted", 4, L2, FREEZE), ev("SanctionLifted", 4, L2, SUSPEND), ev("CaseResolved", 4, OVERTURNED)])
resolutions.append(sc.now - t_open4)
sc.view("getCase", [4], case(L2, REASON, RESOLVED, "@holder_1", DID_HOLDER_1, t_open4, t_d4, ruling=OVERTURNED,
                             investigator="@investigator_2", sanctioned=t_s4, resolved=t_d4, evidence=1))
sc.kpis({RESOLVED: 4}, 1, sum(resolutions) // len(resolutions))
scenarios.append(sc)

doc = {
    "contract": "DLAEnforcement",
    "description": (
        "DLAEnforcement behaviour at the ABI level (IDLAEnforcement and the DLAEnforcement ABI's role and limit "
        "constants): the case lifecycle stage by stage, sanctions on the license registry and the settlement engine "
        "(their events, with \"emitter\"), appeals decided by a council quorum, the appeal window counted from the "
        "latest sanction and the reopen window, SLA escalation, remediation plans, the reporting rate limit and the "
        "refusal of a holder reporting its own license, reclassification, every role and case-authority refusal "
        "(an investigator without INVESTIGATOR_ROLE included) and reassignment in Sanction and Appeal, the evidence "
        "caps of the reporter (16) and the investigator (64), the registry calls a case's consequences make only "
        "as the license's state allows, governance and the KPIs. Every implementation must replay these "
        "identically. Times are from "
        "the chain's start at 1700000000; windows include their last second and deadlines pass the second after. "
        "Setup: reason 7 allows the whole ladder (127) with a 3-day appeal window, reason 9 only Freeze with a 1-day "
        "window; council quorum 2; treasury @treasury. Holds and hold events carry bytes32(caseId); \"@this\" is the "
        "DLA under test. Enums: Stage None 0, Open 1, Triage 2, Investigation 3, Sanction 4, Appeal 5, Resolved 6, "
        "Closed 7; Sanction Freeze 0, Escrow 1, Fine 2, Clawback 3, Suspend 4, Revoke 5, Remediation 6; Ruling None 0, "
        "Dismissed 1, Sanctioned 2, Overturned 3."
    ),
    "accounts": ACCOUNTS,
    "prerequisites": {
        "dids": (
            "a DIDRegistry (admin @admin, verifier @verifier) holding did:chlom:issuer-a (US, Valid, controlled by "
            "@issuer_a), did:chlom:issuer-b (DE, Valid, @issuer_b), did:chlom:holder-1 (DE, Valid, @holder_1), "
            "did:chlom:holder-2 (FR, Valid, @holder_2) and did:chlom:holder-3 (US, Verified, @holder_3); @no_did and "
            "the DLA's officers control none"
        ),
        "licenses": (
            f"a LicenseRegistry (admin @admin) reading @dids, holding two Active, unfrozen licenses that expire a year "
            f"after the start: {L1} = computeLicenseId(did:chlom:issuer-a, did:chlom:holder-1, 0), owned by "
            f"@holder_1, and {L2} = computeLicenseId(did:chlom:issuer-b, did:chlom:holder-2, 0), owned by @holder_2; "
            f"no license {MISSING}; the deployment of the contract under test is followed by @admin granting it "
            f"ENFORCEMENT_ROLE here"
        ),
        "settlement": (
            "a SettlementEngine (admin @admin) with no holds and nothing in escrow; the deployment of the contract "
            "under test is followed by @admin granting it ENFORCEMENT_ROLE here"
        ),
    },
    "constructor": {"from": "@admin", "args": ["@admin", "@dids", "@licenses", "@settlement"]},
    "setup": SETUP,
    "scenarios": [sc.json() for sc in scenarios],
}

out = sys.argv[1] if len(sys.argv) > 1 else ROOT / "test" / "vectors" / "dla_enforcement.json"
with open(out, "w") as f:
    json.dump(doc, f, indent=2)
    f.write("\n")
print(f"{len(scenarios)} scenarios, {sum(len(s.steps) for s in scenarios)} steps, {len(SETUP)} setup steps")
